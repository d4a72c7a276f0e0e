// SFT on a few hundred agent-format transcripts drives the loss down; the exported
// folder reloads in the engine and greedy generation reproduces the format; a
// checkpoint round-trips; a policy step trains on engine rollouts.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainer, type Trainer } from '../../policy/train/trainer';
import { loadCheckpoint, saveCheckpoint } from '../../policy/train/checkpoint';
import { exportModelFolder } from '../../policy/export/model-folder-export';
import { OnnxPolicyEngine } from '../../policy/engine/engine-backend';
import { rolloutToPolicySequence } from '../../policy/train/rollout-sequence';
import { AGENT_STOP_STRINGS } from '../../policy/backend';
import { agentTranscripts } from '../fixtures/policy/agent-transcripts';
import { quietLog, smallModel, tempDir } from './helpers';

const setup = smallModel(11);
const exported = tempDir('sft-export');
const ckpt = tempDir('sft-ckpt');
let trainer: Trainer;
const losses: number[] = [];

beforeAll(async () => {
  trainer = await createTrainer(setup.model, { adam: { lr: 4e-3 } });
  const data = setup.transcripts.map((t) => setup.chat.toTrainingSequence(t));
  for (let s = 0; s < 90; s++) {
    const batch = Array.from({ length: 16 }, (_, i) => data[(s * 16 + i) % data.length]);
    losses.push(trainer.sftStep(batch).loss);
  }
  await exportModelFolder(trainer.snapshot(), exported.dir);
}, 150_000);

afterAll(() => {
  trainer?.dispose();
  exported.cleanup();
  ckpt.cleanup();
});

describe('SFT on agent transcripts', () => {
  it('drives the assistant-token loss down', () => {
    const first = losses.slice(0, 3).reduce((a, b) => a + b) / 3;
    const last = losses.slice(-5).reduce((a, b) => a + b) / 5;
    expect(first).toBeGreaterThan(4);
    expect(last).toBeLessThan(0.25 * first);
  });

  it('the exported folder reloads and greedy generation reproduces the agent format', async () => {
    const engine = new OnnxPolicyEngine({ modelDir: exported.dir, maxBatch: 4, log: quietLog });
    try {
      const unseen = agentTranscripts(8, 999);
      const results = await Promise.all(
        unseen.map((t) =>
          engine.generate({ messages: t.slice(0, 2), sampling: { temperature: 0, topP: 1, maxNewTokens: 60, seed: 0, stop: AGENT_STOP_STRINGS } }),
        ),
      );
      let wellFormed = 0;
      results.forEach((r, i) => {
        const tool = unseen[i][1].content.includes('GC content') ? 'gc_content' : 'reverse_complement';
        const m = /^<think>[^<]*<\/think><execute>(\w+) (\{.*\})<\/execute>$/.exec(r.text);
        if (m && m[1] === tool && JSON.parse(m[2]).sequence) wellFormed++;
        expect(r.finishReason).toBe('stop');
      });
      expect(wellFormed).toBeGreaterThanOrEqual(6);
    } finally {
      await engine.close();
    }
  });

  it('a checkpoint round-trips weights and optimizer state', async () => {
    await saveCheckpoint(trainer, ckpt.dir);
    const restored = await loadCheckpoint(ckpt.dir);
    try {
      const seq = [setup.chat.toTrainingSequence(setup.transcripts[5]).ids];
      expect(restored.scoreSequences(seq)[0]).toEqual(trainer.scoreSequences(seq)[0]);
      expect(restored.step).toBe(trainer.step);
    } finally {
      restored.dispose();
    }
  });

  it('a policy step on engine rollouts raises the log-probability of positively advantaged turns', async () => {
    const engine = new OnnxPolicyEngine({ modelDir: exported.dir, log: quietLog });
    try {
      const prompt = agentTranscripts(1, 4242)[0].slice(0, 2);
      const turn = await engine.generate({ messages: prompt, sampling: { temperature: 1, topP: 1, maxNewTokens: 40, seed: 3, stop: AGENT_STOP_STRINGS } });
      const row = rolloutToPolicySequence(setup.chat, {
        messages: [...prompt, { role: 'assistant', content: turn.text }],
        turns: [{ tokenIds: turn.tokenIds, logprobs: turn.logprobs }],
        advantage: 1,
      });
      // The engine's rollout log-probabilities match the trainer's (same weights).
      const before = trainer.scoreSequences([row.ids])[0];
      row.mask.slice(1).forEach((m, i) => m && expect(Math.abs(before[i] - row.rolloutLogprobs[i + 1])).toBeLessThan(1e-4));
      trainer.optimizer.options.lr = 1e-3;
      const metrics = trainer.policyStep([row]);
      expect(metrics.tokens).toBe(turn.tokenIds.length);
      expect(metrics.loss).toBeCloseTo(-1, 4); // on-policy: ratio 1, advantage 1
      const after = trainer.scoreSequences([row.ids])[0];
      const sumMasked = (lp: number[]) => lp.reduce((a, v, i) => a + (row.mask[i + 1] ? v : 0), 0);
      expect(sumMasked(after)).toBeGreaterThan(sumMasked(before));
    } finally {
      await engine.close();
    }
  });
});
