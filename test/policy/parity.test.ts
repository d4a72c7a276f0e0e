// Trainer (tfjs) and engine (onnxruntime) must score the same tokens alike: the
// engine's prefill + cached steps against the trainer's full forward pass.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainer, type Trainer } from '../../policy/train/trainer';
import type { OnnxPolicyEngine } from '../../policy/engine/engine-backend';
import { serveAfterBriefSft, smallModel, tempDir } from './helpers';

describe.each([
  { architecture: 'Llama', keySmear: false },
  { architecture: 'smeared keys', keySmear: true },
])('trainer / engine parity ($architecture)', ({ keySmear }) => {
  const setup = smallModel(3, { keySmear });
  const tmp = tempDir('parity');
  let trainer: Trainer;
  let engine: OnnxPolicyEngine;

  beforeAll(async () => {
    trainer = await createTrainer(setup.model, { adam: { lr: 3e-3 } });
    const data = setup.transcripts.slice(0, 32).map((t) => setup.chat.toTrainingSequence(t));
    engine = await serveAfterBriefSft(trainer, data, tmp.dir, { maxBatch: 4, maxWaitMs: 20 });
  }, 60_000);

  afterAll(async () => {
    await engine?.close();
    trainer?.dispose();
    tmp.cleanup();
  });

  it('agrees within 1e-4 in log-probability, one sequence and left-padded batches', async () => {
    const sequences = setup.transcripts.slice(100, 104).map((t) => setup.chat.toTrainingSequence(t).ids);
    const trainerScores = trainer.scoreSequences(sequences);
    // Split each sequence: a prompt (prefill) and a continuation scored step by step.
    // Different prompt lengths in one batch exercise left padding and the mask.
    const results = await Promise.all(
      sequences.map((ids, i) => {
        const cut = 20 + i * 7;
        return engine.score(ids.slice(0, cut), ids.slice(cut));
      }),
    );
    let worst = 0;
    results.forEach((engineLogprobs, i) => {
      const cut = 20 + i * 7;
      const expected = trainerScores[i].slice(cut - 1);
      expect(engineLogprobs.length).toBe(expected.length);
      engineLogprobs.forEach((lp, j) => (worst = Math.max(worst, Math.abs(lp - expected[j]))));
    });
    expect(worst).toBeLessThan(1e-4);
  });
});
