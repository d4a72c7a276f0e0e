// The trainer: tfjs variables for the built-in model, an SFT step, a policy
// (GRPO/DAPO) step, sequence scoring, checkpoints and ONNX export.

import * as tf from '@tensorflow/tfjs';
import type { BuiltinModel } from '../model/builtin-model';
import { Transformer, tokenLogprobs } from '../model/transformer';
import { parameterSpecs } from '../model/parameters';
import { initTfBackend, type TfBackendName } from '../model/tf-backend';
import { AdamW, DEFAULT_ADAM, type AdamOptions } from './adam';
import { sftLoss } from './sft-loss';
import { DEFAULT_RL_LOSS, rlLoss, type RlLossOptions } from './rl-loss';
import type { TrainingSequence } from '../tokenizer/chat-tokenizer';

export interface TrainerOptions {
  adam?: Partial<AdamOptions>;
  rl?: Partial<RlLossOptions> & {
    /** Logits are divided by this before log-softmax, matching the sampling temperature. */
    temperature?: number;
    /**
     * Recompute the old policy's log-probabilities in the trainer and apply
     * truncated importance sampling against the rollout's (engine) log-probabilities.
     */
    truncatedIS?: boolean;
  };
  backend?: TfBackendName;
  /**
   * Padded tokens (rows x longest row) in one forward/backward pass; a larger batch is split and
   * its gradients summed. Bounds the wasm heap (4 GiB at most), which attention fills as T^2.
   */
  microBatchTokens?: number;
}

export const DEFAULT_MICRO_BATCH_TOKENS = 2048;

/** One SFT example: a tokenised transcript and its assistant mask. */
export type SftBatch = TrainingSequence[];

export interface PolicySequence {
  ids: number[];
  /** 1 on tokens the policy sampled and should be trained on; aligned with ids. */
  mask: number[];
  /** Engine log-probability of each token, aligned with ids (ignored where mask is 0). */
  rolloutLogprobs: number[];
  /** One advantage for the whole sequence (GRPO), or one per token aligned with ids. */
  advantage: number | number[];
  /** Optional trainer log-probabilities of the behaviour policy, aligned with ids. */
  oldLogprobs?: number[];
  /** Optional reference-policy log-probabilities, aligned with ids. */
  refLogprobs?: number[];
}

export interface StepMetrics {
  loss: number;
  gradNorm: number;
  /** Tokens that carried loss. */
  tokens: number;
  /** All tokens processed (padding excluded). */
  totalTokens: number;
  ms: number;
  clipFraction?: number;
  kl?: number;
  meanRatio?: number;
}

/** Right-pads rows to one length; returns the padded rows as a flat Int32Array. */
function padRows(rows: number[][], pad: number, width: number): Int32Array {
  const out = new Int32Array(rows.length * width).fill(pad);
  rows.forEach((r, i) => out.set(r, i * width));
  return out;
}

/** Per-token arrays aligned with ids -> [B, T-1] aligned with the predicted tokens. */
function shifted(rows: number[][], width: number): Float32Array {
  const out = new Float32Array(rows.length * (width - 1));
  rows.forEach((r, i) => out.set(r.slice(1), i * (width - 1)));
  return out;
}

export class Trainer {
  readonly model: BuiltinModel;
  readonly params = new Map<string, tf.Variable>();
  readonly optimizer: AdamW;
  readonly transformer: Transformer;
  rlOptions: RlLossOptions & { temperature: number; truncatedIS: boolean };
  microBatchTokens: number;
  private reference: Map<string, tf.Tensor> | undefined;

  /** Use createTrainer (it initialises the tfjs backend first). */
  constructor(model: BuiltinModel, options: TrainerOptions = {}) {
    this.model = model;
    this.transformer = new Transformer(model.config);
    for (const spec of parameterSpecs(model.config)) {
      const data = model.weights.get(spec.name);
      if (!data) throw new Error(`model weights lack ${spec.name}`);
      // Unnamed: tfjs variable names are global, and several trainers may coexist.
      // (The variable shares the initial tensor's storage: do not dispose it.)
      this.params.set(spec.name, tf.variable(tf.tensor(data, spec.shape), true));
    }
    this.optimizer = new AdamW({ ...DEFAULT_ADAM, ...options.adam }, this.params);
    this.rlOptions = { ...DEFAULT_RL_LOSS, temperature: 1, truncatedIS: false, ...options.rl };
    this.microBatchTokens = options.microBatchTokens ?? DEFAULT_MICRO_BATCH_TOKENS;
  }

  get step(): number {
    return this.optimizer.step;
  }

  /** Next-token loss on assistant tokens; one optimizer update. */
  sftStep(batch: SftBatch): StepMetrics {
    const t0 = performance.now();
    const tokens = sftTargetTokens(batch);
    const { loss, grads } = this.sftGradients(batch, Math.max(tokens, 1));
    const gradNorm = this.applyGradients(grads);
    return { loss, gradNorm, tokens, totalTokens: sum(batch.map((s) => s.ids.length)), ms: performance.now() - t0 };
  }

  /**
   * The SFT loss and gradient of some rows, divided by `denominator` (the whole batch's target
   * tokens): the sums over several shares of a batch are the batch's loss and gradient.
   */
  sftGradients(rows: SftBatch, denominator: number): { loss: number; grads: Record<string, tf.Tensor> } {
    const pad = this.model.config.pad_token_id;
    return this.accumulateGrads(rows.map((s) => s.ids.length), (indices) => {
      const part = indices.map((i) => rows[i]);
      const width = Math.max(...part.map((s) => s.ids.length));
      const ids = tf.tensor2d(padRows(part.map((s) => s.ids), pad, width), [part.length, width], 'int32');
      const read = part.some((s) => s.inputIds) ? tf.tensor2d(padRows(part.map((s) => s.inputIds ?? s.ids), pad, width), [part.length, width], 'int32') : ids;
      const target = tf.tensor2d(shifted(part.map((s) => s.assistantMask), width), [part.length, width - 1]);
      return {
        inputs: read === ids ? [ids, target] : [ids, read, target],
        loss: () => sftLoss(tokenLogprobs(this.transformer.forward(this.params, { ids: read }), ids), target, denominator),
      };
    });
  }

  /** One AdamW update from gradients (which it disposes); returns the gradient norm. */
  applyGradients(grads: Record<string, tf.Tensor>): number {
    const gradNorm = this.optimizer.apply(grads);
    tf.dispose(Object.values(grads));
    return gradNorm;
  }

  /** Clipped policy-gradient step on rollouts; one optimizer update. */
  policyStep(batch: PolicySequence[]): StepMetrics {
    const t0 = performance.now();
    const o = this.rlOptions;
    if (o.klCoef > 0 && !batch.every((s) => s.refLogprobs) && !this.reference) {
      throw new Error('policyStep: klCoef > 0 needs refLogprobs or setReferencePolicy()');
    }
    const trained = batch.map((s) => sum(s.mask.slice(1)));
    const tokens = sum(trained);
    const lossDenominator = Math.max(o.aggregation === 'token-mean' ? tokens : trained.filter((n) => n > 0).length, 1);
    const pad = this.model.config.pad_token_id;
    // Token-weighted sums of the diagnostics, divided by the batch's tokens at the end.
    const totals = { clipFraction: 0, kl: 0, meanRatio: 0 };
    const { loss, grads } = this.accumulateGrads(batch.map((s) => s.ids.length), (rows) => {
      const part = rows.map((i) => batch[i]);
      const b = part.length;
      const width = Math.max(...part.map((s) => s.ids.length));
      const ids = tf.tensor2d(padRows(part.map((s) => s.ids), pad, width), [b, width], 'int32');
      const attentionMask = tf.tensor2d(padRows(part.map((s) => s.ids.map(() => 1)), 0, width), [b, width], 'float32');
      const grid = (values: number[][]) => tf.tensor2d(shifted(values, width), [b, width - 1]);
      const mask = grid(part.map((s) => s.mask));
      const rollout = grid(part.map((s) => s.rolloutLogprobs));
      const advantages = grid(part.map((s) => (typeof s.advantage === 'number' ? s.ids.map(() => s.advantage as number) : s.advantage)));
      // Old and reference log-probabilities are constants of the step: computed before the gradient pass.
      let old = part.every((s) => s.oldLogprobs) ? grid(part.map((s) => s.oldLogprobs!)) : undefined;
      if (!old && o.truncatedIS) old = this.logprobGrid(this.params, ids, attentionMask);
      let ref = part.every((s) => s.refLogprobs) ? grid(part.map((s) => s.refLogprobs!)) : undefined;
      if (!ref && o.klCoef > 0) ref = this.logprobGrid(this.reference!, ids, attentionMask);
      const partTokens = sum(rows.map((i) => trained[i]));
      return {
        inputs: [ids, attentionMask, mask, rollout, advantages, old, ref].filter((x): x is tf.Tensor2D => x !== undefined),
        loss: () => {
          const logits = this.transformer.forward(this.params, { ids, attentionMask });
          const out = rlLoss({ logprobs: tokenLogprobs(logits, ids, o.temperature), rolloutLogprobs: rollout, oldLogprobs: old, refLogprobs: ref, advantages, mask, lossDenominator }, o);
          totals.clipFraction += out.clipFraction.dataSync()[0] * partTokens;
          totals.kl += out.kl.dataSync()[0] * partTokens;
          totals.meanRatio += out.meanRatio.dataSync()[0] * partTokens;
          return out.loss;
        },
      };
    });
    const gradNorm = this.applyGradients(grads);
    const per = (x: number) => x / Math.max(tokens, 1);
    return {
      loss,
      gradNorm,
      tokens,
      totalTokens: sum(batch.map((s) => s.ids.length)),
      ms: performance.now() - t0,
      clipFraction: per(totals.clipFraction),
      kl: per(totals.kl),
      meanRatio: per(totals.meanRatio),
    };
  }

  /**
   * The gradient of a batch's loss, taken over micro-batches whose padded size fits
   * `microBatchTokens` (longest rows first, so rows of like length share padding) and summed:
   * memory stays bounded whatever the batch, and the update is the same as in one pass, as each
   * micro-batch's loss is already divided by the whole batch's count.
   */
  private accumulateGrads(
    lengths: number[],
    microBatch: (rows: number[]) => { inputs: tf.Tensor[]; loss: () => tf.Scalar },
  ): { loss: number; grads: Record<string, tf.Tensor> } {
    let grads: Record<string, tf.Tensor> | undefined;
    let loss = 0;
    for (const rows of microBatches(lengths, this.microBatchTokens)) {
      const { inputs, loss: lossOf } = microBatch(rows);
      const variableGrads = tf.variableGrads(lossOf, [...this.params.values()]);
      // tfjs keys gradients by its global variable names; the trainer's keys are parameter names.
      const step = { value: variableGrads.value, grads: Object.fromEntries([...this.params].map(([name, p]) => [name, variableGrads.grads[p.name]])) };
      loss += step.value.dataSync()[0];
      if (!grads) grads = step.grads;
      else {
        const previous: Record<string, tf.Tensor> = grads;
        grads = Object.fromEntries(Object.entries(previous).map(([name, g]) => [name, tf.add(g, step.grads[name])]));
        tf.dispose([...Object.values(previous), ...Object.values(step.grads)]);
      }
      tf.dispose([step.value, ...inputs]);
    }
    return { loss, grads: grads ?? {} };
  }

  /**
   * Log-probabilities of each token given its prefix, under the current weights:
   * out[i][j] = log p(seq[i][j+1] | seq[i][..j]), length seq[i].length - 1.
   */
  scoreSequences(sequences: number[][], temperature = 1): number[][] {
    const out: number[][] = new Array(sequences.length);
    // In micro-batches, as the gradient pass: a whole epoch's sequences at once outgrow WASM memory.
    for (const rows of microBatches(sequences.map((s) => s.length), this.microBatchTokens)) {
      const part = rows.map((i) => sequences[i]);
      const width = Math.max(...part.map((s) => s.length));
      const ids = tf.tensor2d(padRows(part, this.model.config.pad_token_id, width), [part.length, width], 'int32');
      const grid = this.logprobGrid(this.params, ids, undefined, temperature);
      const flat = grid.dataSync();
      tf.dispose([ids, grid]);
      rows.forEach((row, k) => (out[row] = Array.from(flat.subarray(k * (width - 1), k * (width - 1) + part[k].length - 1))));
    }
    return out;
  }

  /** Freezes the current weights as the KL reference policy. */
  setReferencePolicy(): void {
    if (this.reference) tf.dispose([...this.reference.values()]);
    this.reference = new Map([...this.params].map(([n, p]) => [n, tf.clone(p)]));
  }

  /** The current weights as plain data (for export and checkpoints). */
  snapshot(): BuiltinModel {
    const weights = new Map<string, Float32Array>();
    for (const [name, p] of this.params) weights.set(name, p.dataSync() as Float32Array);
    return { ...this.model, weights };
  }

  dispose(): void {
    tf.dispose([...this.params.values()]);
    if (this.reference) tf.dispose([...this.reference.values()]);
    this.optimizer.dispose();
    this.transformer.dispose();
  }

  private logprobGrid(params: Map<string, tf.Tensor>, ids: tf.Tensor2D, attentionMask?: tf.Tensor2D, temperature = this.rlOptions.temperature): tf.Tensor2D {
    return tf.tidy(() => tokenLogprobs(this.transformer.forward(params, { ids, attentionMask }), ids, temperature));
  }
}

/** Row indices grouped so that each group's rows x longest row stays within `budget` (a row alone may exceed it). */
export function microBatches(lengths: number[], budget: number): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a] || a - b);
  const groups: number[][] = [];
  let current: number[] = [];
  for (const i of order) {
    // Rows come longest first, so a group's first row sets its padded width.
    if (current.length > 0 && (current.length + 1) * lengths[current[0]] > budget) {
      groups.push(current);
      current = [];
    }
    current.push(i);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** The tokens an SFT batch is trained on (assistant tokens after the first). */
export function sftTargetTokens(batch: SftBatch): number {
  return sum(batch.map((s) => sum(s.assistantMask.slice(1))));
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** Initialises the tfjs backend (wasm by default) and builds a trainer. */
export async function createTrainer(model: BuiltinModel, options: TrainerOptions = {}): Promise<Trainer> {
  await initTfBackend(options.backend ?? 'wasm');
  return new Trainer(model, options);
}
