// The one generation loop: left-padded batch prefill, then one cached step per
// token, for any decoder that follows the Hugging Face ONNX convention. Each row
// samples with its own seeded generator, so a row's tokens do not depend on what
// it is batched with.

import * as ort from 'onnxruntime-node';
import type { SamplingParams } from '../backend';
import type { ModelFolder } from './model-folder';
import type { DecoderSession } from './session';
import { sampleToken, tokenLogprob } from './sampler';
import { mulberry32, type Rng } from '../util/rng';

export interface GenerationJob {
  promptIds: number[];
  sampling: SamplingParams;
  /** Teacher forcing: feed these tokens instead of sampling (scoring, parity checks). */
  forcedIds?: number[];
}

export interface GenerationOutput {
  tokenIds: number[];
  logprobs: number[];
  text: string;
  finishReason: 'stop' | 'length';
}

export interface LoadedModel {
  folder: ModelFolder;
  decoder: DecoderSession;
}

interface Row {
  job: GenerationJob;
  rng: Rng;
  tokens: number[];
  logprobs: number[];
  done: boolean;
  finish: 'stop' | 'length';
  stopAt?: number;
  budget: number;
  stopWindow: number;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Logits of the last position of row b, as float32 whatever the graph's dtype. */
function lastLogits(logits: ort.Tensor, b: number): Float32Array {
  const [, s, v] = logits.dims as number[];
  const start = (b * s + s - 1) * v;
  if (logits.type === 'float32') return (logits.data as Float32Array).subarray(start, start + v);
  if (logits.type === 'float16') {
    const raw = logits.data as ArrayLike<number>;
    const out = new Float32Array(v);
    // onnxruntime-node hands fp16 back as raw bits (Uint16Array) or, where available, Float16Array.
    const bits = raw instanceof Uint16Array;
    for (let i = 0; i < v; i++) out[i] = bits ? halfToFloat(raw[start + i]) : Number(raw[start + i]);
    return out;
  }
  throw new Error(`logits of type ${logits.type}; expected float32 or float16`);
}

function int64(values: number[], dims: number[]): ort.Tensor {
  return new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), dims);
}

export async function runGeneration(model: LoadedModel, jobs: GenerationJob[]): Promise<GenerationOutput[]> {
  const { folder, decoder } = model;
  const tokenizer = folder.tokenizer;
  const B = jobs.length;
  const promptLen = Math.max(...jobs.map((j) => j.promptIds.length));
  if (promptLen >= folder.maxPositions) {
    throw new Error(`prompt of ${promptLen} tokens does not fit the model's ${folder.maxPositions} positions`);
  }
  const rows: Row[] = jobs.map((job) => ({
    job,
    rng: mulberry32(job.sampling.seed),
    tokens: [],
    logprobs: [],
    done: false,
    finish: 'length',
    budget: Math.min(job.forcedIds?.length ?? job.sampling.maxNewTokens, folder.maxPositions - promptLen),
    stopWindow: Math.max(0, ...job.sampling.stop.map((s) => s.length)) + 4,
  }));

  // Left padding: every row's last prompt token sits at the same column.
  const ids: number[] = [];
  const mask: number[] = [];
  const positions: number[] = [];
  for (const job of jobs) {
    const pad = promptLen - job.promptIds.length;
    for (let i = 0; i < promptLen; i++) {
      ids.push(i < pad ? folder.padTokenId : job.promptIds[i - pad]);
      mask.push(i < pad ? 0 : 1);
      positions.push(i < pad ? 0 : i - pad);
    }
  }
  let attention = mask;
  let nextPositions = jobs.map((j) => j.promptIds.length);
  let feeds: Record<string, ort.Tensor> = {
    input_ids: int64(ids, [B, promptLen]),
    attention_mask: int64(attention, [B, promptLen]),
  };
  if (decoder.hasPositionIds) feeds.position_ids = int64(positions, [B, promptLen]);
  const emptyKv = decoder.kvType === 'float16' ? new Uint16Array(0) : new Float32Array(0);
  for (let l = 0; l < decoder.numLayers; l++) {
    for (const kind of ['key', 'value']) {
      feeds[`past_key_values.${l}.${kind}`] = new ort.Tensor(decoder.kvType, emptyKv, [B, decoder.kvHeads, 0, decoder.headDim]);
    }
  }
  if (decoder.hasUseCacheBranch) feeds.use_cache_branch = new ort.Tensor('bool', [false], [1]);

  let width = promptLen;
  while (rows.some((r) => !r.done)) {
    const out = await decoder.session.run(feeds);
    const next: number[] = [];
    for (let b = 0; b < B; b++) {
      const row = rows[b];
      if (row.done || row.budget <= 0) {
        row.done = true;
        next.push(folder.padTokenId);
        continue;
      }
      const logits = lastLogits(out.logits, b);
      const { sampling, forcedIds } = row.job;
      const pick = forcedIds
        ? { token: forcedIds[row.tokens.length], logprob: tokenLogprob(logits, forcedIds[row.tokens.length], sampling.temperature) }
        : sampleToken(logits, sampling.temperature, sampling.topP, row.rng, sampling.logprobTemperature);
      row.tokens.push(pick.token);
      row.logprobs.push(pick.logprob);
      next.push(pick.token);
      if (!forcedIds) checkStop(row, folder.eosTokenIds, tokenizer.decode.bind(tokenizer));
      if (row.tokens.length >= row.budget) row.done = true;
    }
    if (rows.every((r) => r.done)) break;

    // Grow every row's mask by one real position (finished rows keep stepping, ignored).
    const grown = new Array<number>(B * (width + 1));
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < width; i++) grown[b * (width + 1) + i] = attention[b * width + i];
      grown[b * (width + 1) + width] = 1;
    }
    attention = grown;
    width += 1;
    feeds = { input_ids: int64(next, [B, 1]), attention_mask: int64(attention, [B, width]) };
    if (decoder.hasPositionIds) feeds.position_ids = int64(nextPositions, [B, 1]);
    nextPositions = nextPositions.map((p) => p + 1);
    for (let l = 0; l < decoder.numLayers; l++) {
      feeds[`past_key_values.${l}.key`] = out[`present.${l}.key`];
      feeds[`past_key_values.${l}.value`] = out[`present.${l}.value`];
    }
    if (decoder.hasUseCacheBranch) feeds.use_cache_branch = new ort.Tensor('bool', [true], [1]);
  }

  return rows.map((row) => {
    const full = tokenizer.decode(row.tokens);
    const text = row.stopAt !== undefined ? full.slice(0, row.stopAt) : full;
    return { tokenIds: row.tokens, logprobs: row.logprobs, text, finishReason: row.finish };
  });
}

/**
 * Ends a row on an eos token or a stop string. Only a window of recent tokens is
 * decoded (long enough to hold any stop string), so the check stays O(1) per step;
 * the text is then cut just after the first stop string.
 */
function checkStop(row: Row, eos: number[], decode: (ids: number[]) => string): void {
  const last = row.tokens[row.tokens.length - 1];
  if (eos.includes(last)) {
    row.done = true;
    row.finish = 'stop';
    return;
  }
  const stops = row.job.sampling.stop;
  if (stops.length === 0) return;
  const tail = decode(row.tokens.slice(-row.stopWindow));
  if (!stops.some((s) => tail.includes(s))) return;
  const full = decode(row.tokens);
  let end = Infinity;
  for (const s of stops) {
    const at = full.indexOf(s);
    if (at >= 0) end = Math.min(end, at + s.length);
  }
  row.stopAt = end;
  row.done = true;
  row.finish = 'stop';
}
