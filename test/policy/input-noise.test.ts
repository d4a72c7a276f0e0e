// Noisy teacher forcing: some assistant input tokens are swapped for other tokens of the
// transcript; the targets, the mask and every special token stay as they were, and the trainer
// reads the swapped inputs while scoring the expert's tokens.
import { describe, expect, it } from 'vitest';
import { createTrainer } from '../../policy/train/trainer';
import { createBuiltinModel } from '../../policy/model/builtin-model';
import { inputNoiseAt, swappedInputTokens, withInputNoise } from '../../policy/train/input-noise';
import { AGENT_TAG_TOKENS, CONTROL_TOKENS } from '../../policy/tokenizer/special-tokens';
import { mulberry32 } from '../../policy/util/rng';
import { smallModel } from './helpers';

const setup = smallModel(3);
const sequences = setup.transcripts.slice(0, 200).map((t) => setup.chat.toTrainingSequence(t));
const specialIds = new Set([...CONTROL_TOKENS, ...AGENT_TAG_TOKENS].map((t) => setup.chat.tokenId(t)!));

describe('input noise', () => {
  it('swaps about the rate of the assistant content tokens, for tokens of the same transcript, and nothing else', () => {
    const rng = mulberry32(11);
    let eligible = 0;
    let swapped = 0;
    for (const clean of sequences) {
      const noisy = withInputNoise(clean, 0.1, rng);
      expect(noisy.ids).toBe(clean.ids);
      expect(noisy.assistantMask).toBe(clean.assistantMask);
      const inputs = noisy.inputIds!;
      expect(inputs).toHaveLength(clean.ids.length);
      const own = new Set(clean.ids);
      let swappedHere = 0;
      clean.ids.forEach((id, i) => {
        const canSwap = clean.assistantMask[i] === 1 && !specialIds.has(id);
        if (canSwap) eligible++;
        if (inputs[i] === id) return;
        swappedHere++;
        expect(canSwap, `token ${i} (${id}) of a transcript was swapped though it is a prompt, observation or special token`).toBe(true);
        expect(own.has(inputs[i])).toBe(true);
        expect(specialIds.has(inputs[i])).toBe(false);
      });
      swapped += swappedHere;
      // What SFT reports of its noise (the version's noisyInputShare) counts the same tokens.
      const assistant = clean.assistantMask.filter((m) => m === 1).length;
      expect(swappedInputTokens(noisy)).toEqual({ swapped: swappedHere, assistant });
      expect(swappedInputTokens(clean)).toEqual({ swapped: 0, assistant });
    }
    expect(eligible).toBeGreaterThan(2000);
    // A draw may pick the token it replaces, so a little under the rate changes.
    expect(swapped / eligible).toBeGreaterThan(0.07);
    expect(swapped / eligible).toBeLessThan(0.11);
  });

  it('is drawn from its generator: the same seed gives the same inputs, and rate 0 leaves the sequence as it is', () => {
    const a = sequences.slice(0, 20).map((s) => withInputNoise(s, 0.2, mulberry32(5)).inputIds);
    const b = sequences.slice(0, 20).map((s) => withInputNoise(s, 0.2, mulberry32(5)).inputIds);
    expect(a).toEqual(b);
    expect(withInputNoise(sequences[0], 0, mulberry32(5))).toBe(sequences[0]);
  });

  it('starts at the share of the steps asked for', () => {
    expect([0, 599, 600, 799].map((step) => inputNoiseAt(step, 800, 0.1, 0.75))).toEqual([0, 0, 0.1, 0.1]);
    expect(inputNoiseAt(0, 800, 0.1)).toBe(0.1);
    expect(inputNoiseAt(799, 800, 0.1, 1)).toBe(0);
  });

  it('the trainer reads the noisy inputs and scores the clean targets', async () => {
    const trainer = await createTrainer(createBuiltinModel(setup.config, setup.tokenizer, 3));
    const batch = sequences.slice(0, 6);
    const clean = trainer.sftGradients(batch, 100);
    const copied = trainer.sftGradients(batch.map((s) => ({ ...s, inputIds: [...s.ids] })), 100);
    const rng = mulberry32(2);
    const noisy = trainer.sftGradients(batch.map((s) => withInputNoise(s, 0.3, rng)), 100);
    // Inputs equal to the targets are the clean step; swapped inputs change the loss.
    expect(copied.loss).toBeCloseTo(clean.loss, 5);
    expect(Math.abs(noisy.loss - clean.loss)).toBeGreaterThan(1e-3);
    // Scoring the swapped tokens as targets would be another loss again.
    const swappedTargets = trainer.sftGradients(batch.map((s) => ({ ...s, ids: withInputNoise(s, 0.3, mulberry32(2)).inputIds! })), 100);
    expect(Math.abs(swappedTargets.loss - noisy.loss)).toBeGreaterThan(1e-3);
    trainer.dispose();
  });
});
