// Generation throughput of the onnxruntime engine at batch 1, 8 and 32, and its
// overhead against a bare onnxruntime session loop (greedy, no tokenizer, no
// batching queue) on the same graph. Run: npx tsx bench/policy-generate.ts

import * as ort from 'onnxruntime-node';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildBuiltinTokenizer, builtinConfigFor, chatTokenizerOf, createBuiltinModel } from '../policy/model/builtin-model';
import { exportModelFolder } from '../policy/export/model-folder-export';
import { OnnxPolicyEngine } from '../policy/engine/engine-backend';
import { agentTranscripts, transcriptCorpus } from '../test/fixtures/policy/agent-transcripts';

const NEW_TOKENS = 64;
const REPS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = mkdtempSync(path.join(os.tmpdir(), 'helix-bench-gen-'));
const transcripts = agentTranscripts(300, 1);
const tokenizer = buildBuiltinTokenizer(transcriptCorpus(transcripts), { vocabSize: 768 });
const config = builtinConfigFor(tokenizer); // the default built-in size
// eos can never win: throughput is measured over exactly NEW_TOKENS steps.
const model = createBuiltinModel(config, tokenizer, 1);
model.weights.get('model.embed_tokens.weight')!.fill(0, config.eos_token_id * config.hidden_size, (config.eos_token_id + 1) * config.hidden_size);
await exportModelFolder(model, dir);
const chat = chatTokenizerOf(tokenizer);
const prompts = transcripts.map((t) => t.slice(0, 2));
console.log(`model: hidden ${config.hidden_size}, ${config.num_hidden_layers} layers, vocab ${config.vocab_size}; ${NEW_TOKENS} new tokens per request`);

async function engineRun(engine: OnnxPolicyEngine, batch: number): Promise<{ tokens: number; ms: number }> {
  const t0 = performance.now();
  const results = await Promise.all(
    prompts.slice(0, batch).map((messages, i) =>
      engine.generate({ messages, sampling: { temperature: 0, topP: 1, maxNewTokens: NEW_TOKENS, seed: i, stop: [] } }),
    ),
  );
  return { tokens: results.reduce((a, r) => a + r.tokenIds.length, 0), ms: performance.now() - t0 };
}

async function bareRun(session: ort.InferenceSession, batch: number): Promise<{ tokens: number; ms: number }> {
  // Same left-padded prompts, greedy argmax, feeds built by hand.
  const ids = prompts.slice(0, batch).map((m) => chat.encodePrompt(m));
  const width = Math.max(...ids.map((r) => r.length));
  const L = config.num_hidden_layers;
  const t0 = performance.now();
  const mask = ids.flatMap((r) => [...Array(width - r.length).fill(0), ...r.map(() => 1)]);
  let feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.flatMap((r) => [...Array(width - r.length).fill(0), ...r]), BigInt), [batch, width]),
    attention_mask: new ort.Tensor('int64', BigInt64Array.from(mask, BigInt), [batch, width]),
    position_ids: new ort.Tensor('int64', BigInt64Array.from(ids.flatMap((r) => [...Array(width - r.length).fill(0), ...r.map((_, i) => i)]), BigInt), [batch, width]),
  };
  for (let l = 0; l < L; l++) for (const k of ['key', 'value']) feeds[`past_key_values.${l}.${k}`] = new ort.Tensor('float32', new Float32Array(0), [batch, config.num_key_value_heads, 0, config.head_dim]);
  let attention = mask;
  let pos = ids.map((r) => r.length);
  for (let step = 0; step < NEW_TOKENS; step++) {
    const out = await session.run(feeds);
    const [, s, v] = out.logits.dims as number[];
    const logits = out.logits.data as Float32Array;
    const next: bigint[] = [];
    for (let b = 0; b < batch; b++) {
      let best = 0;
      const o = (b * s + s - 1) * v;
      for (let i = 1; i < v; i++) if (logits[o + i] > logits[o + best]) best = i;
      next.push(BigInt(best));
    }
    const w = attention.length / batch;
    const grown: number[] = new Array(batch * (w + 1));
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < w; i++) grown[b * (w + 1) + i] = attention[b * w + i];
      grown[b * (w + 1) + w] = 1;
    }
    attention = grown;
    feeds = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(next), [batch, 1]),
      attention_mask: new ort.Tensor('int64', BigInt64Array.from(attention, BigInt), [batch, attention.length / batch]),
      position_ids: new ort.Tensor('int64', BigInt64Array.from(pos, BigInt), [batch, 1]),
    };
    pos = pos.map((p) => p + 1);
    for (let l = 0; l < L; l++) for (const k of ['key', 'value']) feeds[`past_key_values.${l}.${k}`] = out[`present.${l}.${k}`];
  }
  return { tokens: batch * NEW_TOKENS, ms: performance.now() - t0 };
}

const session = await ort.InferenceSession.create(path.join(dir, 'onnx', 'model.onnx'), { executionProviders: ['cpu'], graphOptimizationLevel: 'all' });
for (const batch of [1, 8, 32]) {
  const engine = new OnnxPolicyEngine({ modelDir: dir, maxBatch: batch, maxWaitMs: 50, log: () => {} });
  await engineRun(engine, batch); // warm-up
  await bareRun(session, batch);
  // Interleaved repetitions; the median of each side is reported.
  const es: number[] = [];
  const bs: number[] = [];
  let tokens = 0;
  for (let rep = 0; rep < REPS; rep++) {
    const e = await engineRun(engine, batch);
    const b = await bareRun(session, batch);
    tokens = e.tokens;
    es.push((e.tokens / e.ms) * 1000);
    bs.push((b.tokens / b.ms) * 1000);
  }
  const eTps = median(es);
  const bTps = median(bs);
  console.log(
    `batch ${String(batch).padStart(2)}: engine ${eTps.toFixed(0).padStart(6)} tok/s (${tokens} tokens/run) | ` +
      `bare ORT loop ${bTps.toFixed(0).padStart(6)} tok/s | engine/bare ${(eTps / bTps).toFixed(2)} ` +
      `(engine overhead ${((bTps / eTps - 1) * 100).toFixed(1)}% time per token)`,
  );
  await engine.close();
}
await session.release();
rmSync(dir, { recursive: true, force: true });
