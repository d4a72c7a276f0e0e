// The engine's generation loop: seeded sampling, batching that does not change
// greedy output, token limits, the LRU of versions and the micro-batcher.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainer } from '../../policy/train/trainer';
import { exportModelFolder } from '../../policy/export/model-folder-export';
import { OnnxPolicyEngine } from '../../policy/engine/engine-backend';
import { MicroBatcher } from '../../policy/engine/micro-batcher';
import type { GenerateRequest } from '../../policy/backend';
import { AGENT_STOP_STRINGS } from '../../policy/backend';
import { quietLog, smallModel, tempDir } from './helpers';

const setup = smallModel(5);
const tmp = tempDir('gen');
const tmp2 = tempDir('gen2');
let engine: OnnxPolicyEngine;

function request(i: number, temperature: number, seed: number, maxNewTokens = 24): GenerateRequest {
  const t = setup.transcripts[200 + i];
  return { messages: t.slice(0, 2 + (i % 3)), sampling: { temperature, topP: 0.9, maxNewTokens, seed, stop: AGENT_STOP_STRINGS } };
}

beforeAll(async () => {
  const trainer = await createTrainer(setup.model, { adam: { lr: 3e-3 } });
  const data = setup.transcripts.slice(0, 80).map((t) => setup.chat.toTrainingSequence(t));
  for (let s = 0; s < 10; s++) trainer.sftStep(data.slice(s * 8, s * 8 + 8));
  await exportModelFolder(trainer.snapshot(), tmp.dir);
  trainer.sftStep(data.slice(0, 8));
  await exportModelFolder(trainer.snapshot(), tmp2.dir);
  trainer.dispose();
  engine = new OnnxPolicyEngine({ modelDir: tmp.dir, maxBatch: 8, maxWaitMs: 30, maxLoadedVersions: 1, log: quietLog });
}, 60_000);

afterAll(async () => {
  await engine?.close();
  tmp.cleanup();
  tmp2.cleanup();
});

describe('generation', () => {
  it('a sampled generation is reproducible from its seed, alone or in a batch', async () => {
    const a = await engine.generate(request(0, 1.0, 42));
    const b = await engine.generate(request(0, 1.0, 42));
    expect(b.tokenIds).toEqual(a.tokenIds);
    expect(b.text).toBe(a.text);
    const batch = await Promise.all([request(1, 1, 7), request(0, 1.0, 42), request(2, 1, 9)].map((r) => engine.generate(r)));
    expect(batch[1].tokenIds).toEqual(a.tokenIds);
    batch[1].logprobs.forEach((lp, i) => expect(lp).toBeCloseTo(a.logprobs[i], 4));
    const other = await engine.generate(request(0, 1.0, 43));
    expect(other.tokenIds).not.toEqual(a.tokenIds);
  });

  it('at temperature 0 batching gives the same tokens as one request at a time', async () => {
    const requests = Array.from({ length: 6 }, (_, i) => request(i, 0, i));
    const single: string[][] = [];
    for (const r of requests) single.push((await engine.generate(r)).tokenIds.map(String));
    const batched = await Promise.all(requests.map((r) => engine.generate(r)));
    expect(batched.map((b) => b.tokenIds.map(String))).toEqual(single);
  });

  it('a greedy turn reports its log-probabilities at logprobTemperature, and picks the same tokens', async () => {
    const plain = await engine.generate(request(4, 0, 1));
    const cooled = await engine.generate({ ...request(4, 0, 1), sampling: { ...request(4, 0, 1).sampling, logprobTemperature: 0.5 } });
    expect(cooled.tokenIds).toEqual(plain.tokenIds);
    // The argmax token only gains probability as the temperature falls below 1.
    cooled.logprobs.forEach((lp, i) => expect(lp).toBeGreaterThanOrEqual(plain.logprobs[i] - 1e-6));
    expect(cooled.logprobs.some((lp, i) => lp > plain.logprobs[i] + 1e-4)).toBe(true);
  });

  it('returns ids, text and one log-probability per token, honouring the token limit', async () => {
    const r = await engine.generate({ ...request(3, 0.8, 1, 5), sampling: { ...request(3, 0.8, 1).sampling, maxNewTokens: 5, stop: [] } });
    expect(r.tokenIds.length).toBeLessThanOrEqual(5);
    expect(r.logprobs.length).toBe(r.tokenIds.length);
    expect(r.completionTokens).toBe(r.tokenIds.length);
    expect(r.promptTokens).toBeGreaterThan(10);
    for (const lp of r.logprobs) expect(lp).toBeLessThanOrEqual(0);
    if (r.tokenIds.length === 5) expect(r.finishReason).toBe('length');
  });

  it('keeps an LRU of policy versions', async () => {
    const v2 = engine.version(tmp2.dir);
    const r = await v2.generate(request(0, 0, 1));
    expect(r.tokenIds.length).toBeGreaterThan(0);
    expect(engine.loadedVersions()).toHaveLength(1); // capacity 1: the default version was evicted
    await engine.generate(request(0, 0, 1)); // and reloads on demand
    expect(engine.loadedVersions()[0]).toContain('gen-');
  });
});

describe('micro-batcher', () => {
  it('batches up to maxBatch and flushes after maxWaitMs', async () => {
    const batcher = new MicroBatcher<number, number>(async (xs) => xs.map((x) => x * 2), { maxBatch: 3, maxWaitMs: 20 });
    const out = await Promise.all([1, 2, 3, 4, 5].map((x) => batcher.submit(x)));
    expect(out).toEqual([2, 4, 6, 8, 10]);
    expect(batcher.batchSizes).toEqual([3, 2]);
  });
});
