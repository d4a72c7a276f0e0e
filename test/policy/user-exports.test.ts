// The engine on graphs shaped like users' optimum exports (SmolLM2, Qwen2.5 ...):
// no position_ids, grouped-query attention, fp16 KV cache / logits and the merged
// decoder's use_cache_branch. No real export is reachable offline, so the built-in
// exporter writes each variant from tiny random weights, and the tfjs trainer over
// the same weights is the reference.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainer, type Trainer } from '../../policy/train/trainer';
import { exportModelFolder } from '../../policy/export/model-folder-export';
import { buildOnnxModel } from '../../policy/export/onnx-export';
import { OnnxPolicyEngine } from '../../policy/engine/engine-backend';
import { Transformer } from '../../policy/model/transformer';
import { parameterSpecs } from '../../policy/model/parameters';
import { initTfBackend } from '../../policy/model/tf-backend';
import type { GenerateRequest } from '../../policy/backend';
import { FP32_TOLERANCE, tinyModel, tinyTokenizer, VARIANTS, type ExportVariant } from '../fixtures/policy/variant-models';
import { quietLog, serveAfterBriefSft, tempDir } from './helpers';

const setup = tinyTokenizer();

/** Three system + user prompts of different token lengths, so the batch is left-padded. */
function greedyRequests(): GenerateRequest[] {
  const byLength = new Map<number, GenerateRequest>();
  for (const t of setup.transcripts.slice(60)) {
    const messages = t.slice(0, 2);
    byLength.set(setup.chat.encodePrompt(messages).length, { messages, sampling: { temperature: 0, topP: 1, maxNewTokens: 16, seed: 0, stop: [] } });
    if (byLength.size === 3) break;
  }
  return [...byLength.values()];
}

describe.each(VARIANTS)('optimum-style export: $name', (variant: ExportVariant) => {
  const tmp = tempDir('user-export');
  let trainer: Trainer;
  let engine: OnnxPolicyEngine;

  beforeAll(async () => {
    const model = tinyModel(setup.tokenizer, variant.kvHeads, 3);
    trainer = await createTrainer(model, { adam: { lr: 1e-2 } });
    const data = setup.transcripts.slice(0, 48).map((t) => setup.chat.toTrainingSequence(t));
    engine = await serveAfterBriefSft(trainer, data, tmp.dir, { maxBatch: 3, maxWaitMs: 50 }, variant.export);
  }, 60_000);

  afterAll(async () => {
    await engine?.close();
    trainer?.dispose();
    tmp.cleanup();
  });

  it('reads KV heads, KV dtype and optional inputs from the graph', async () => {
    const info = await engine.decoderInfo();
    expect(info.kvHeads).toBe(variant.kvHeads);
    expect(info.headDim).toBe(12);
    expect(info.kvType).toBe(variant.export.kvDtype ?? 'float32');
    expect(info.logitsType).toBe(variant.export.logitsDtype ?? 'float32');
    expect(info.hasPositionIds).toBe(variant.export.positionIds ?? true);
    expect(info.hasUseCacheBranch).toBe(variant.export.useCacheBranch ?? false);
  });

  it(`scores like the trainer within ${variant.tolerance} (prefill, then cached steps; alone and left-padded)`, async () => {
    const sequences = setup.transcripts.slice(100, 103).map((t) => setup.chat.toTrainingSequence(t).ids);
    const expected = trainer.scoreSequences(sequences);
    const cuts = [18, 31, 44];
    const alone = await engine.score(sequences[0].slice(0, cuts[0]), sequences[0].slice(cuts[0]));
    const batched = await Promise.all(sequences.map((ids, i) => engine.score(ids.slice(0, cuts[i]), ids.slice(cuts[i]))));
    let worst = 0;
    for (const [i, got] of [alone, ...batched].entries()) {
      const row = Math.max(0, i - 1);
      const want = expected[row].slice(cuts[row] - 1);
      expect(got.length).toBe(want.length);
      got.forEach((lp, j) => (worst = Math.max(worst, Math.abs(lp - want[j]))));
    }
    expect(worst).toBeLessThan(variant.tolerance);
  });

  // fp16 caches round differently at different batch shapes, so exact token equality is an fp32 property.
  if (variant.tolerance !== FP32_TOLERANCE) return;
  it('greedy tokens at batch 1 equal a left-padded batch of 3', async () => {
    const requests = greedyRequests();
    expect(new Set(requests.map((r) => setup.chat.encodePrompt(r.messages).length)).size).toBe(3);
    const single: number[][] = [];
    for (const r of requests) single.push((await engine.generate(r)).tokenIds);
    const batched = await Promise.all(requests.map((r) => engine.generate(r)));
    expect(single.every((ids) => ids.length > 0)).toBe(true);
    expect(batched.map((b) => b.tokenIds)).toEqual(single);
  });
});

describe('grouped-query attention in the tfjs model', () => {
  it('equals full attention with each kv head repeated for its group (transformers repeat_kv order)', async () => {
    await initTfBackend();
    const gqa = tinyModel(setup.tokenizer, 2, 5);
    const c = gqa.config;
    const nRep = c.num_attention_heads / c.num_key_value_heads;
    // [D, KV*Dh] -> [D, H*Dh], query head h reading kv head floor(h / nRep).
    const repeatColumns = (w: Float32Array) => {
      const d = c.hidden_size;
      const out = new Float32Array(d * c.num_attention_heads * c.head_dim);
      for (let r = 0; r < d; r++) {
        for (let h = 0; h < c.num_attention_heads; h++) {
          const src = r * c.num_key_value_heads * c.head_dim + Math.floor(h / nRep) * c.head_dim;
          out.set(w.subarray(src, src + c.head_dim), (r * c.num_attention_heads + h) * c.head_dim);
        }
      }
      return out;
    };
    const mhaConfig = { ...c, num_key_value_heads: c.num_attention_heads };
    const mhaWeights = new Map(
      [...gqa.weights].map(([name, w]) => [name, /self_attn\.[kv]_proj/.test(name) ? repeatColumns(w) : w] as const),
    );
    const ids = tf.tensor2d([setup.chat.toTrainingSequence(setup.transcripts[0]).ids.slice(0, 24)], undefined, 'int32');
    const run = (config: typeof c, weights: Map<string, Float32Array>) => {
      const params = new Map(parameterSpecs(config).map((spec) => [spec.name, tf.tensor(weights.get(spec.name)!, spec.shape)]));
      const transformer = new Transformer(config);
      const logits = transformer.forward(params, { ids });
      const out = logits.dataSync().slice();
      tf.dispose([logits, ...params.values()]);
      transformer.dispose();
      return out;
    };
    const a = run(c, gqa.weights);
    const b = run(mhaConfig, mhaWeights);
    ids.dispose();
    let worst = 0;
    a.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - b[i]))));
    expect(worst).toBeLessThan(1e-5);
  });
});

describe('export and config mistakes', () => {
  it('refuses a folder whose config.json disagrees with the graph on key/value heads, naming both', async () => {
    const tmp = tempDir('user-export-bad');
    const engine = new OnnxPolicyEngine({ modelDir: tmp.dir, log: quietLog });
    try {
      await exportModelFolder(tinyModel(setup.tokenizer, 2, 7), tmp.dir, { kvHeads: 2 });
      const configFile = path.join(tmp.dir, 'config.json');
      writeFileSync(configFile, JSON.stringify({ ...JSON.parse(readFileSync(configFile, 'utf8')), num_key_value_heads: 4 }));
      const error = await engine.start().then(() => undefined, (e: Error) => e);
      expect(error?.message).toMatch(/model\.onnx: past_key_values\.0\.key has 2 key\/value heads but .*config\.json has num_key_value_heads 4/);
    } finally {
      await engine.close();
      tmp.cleanup();
    }
  });

  it('refuses to export a kv head count the weights do not have', () => {
    expect(() => buildOnnxModel(tinyModel(setup.tokenizer, 4, 7), { kvHeads: 2 })).toThrow(/num_key_value_heads 4/);
  });
});
