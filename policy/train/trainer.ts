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
}

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
  }

  get step(): number {
    return this.optimizer.step;
  }

  /** Next-token loss on assistant tokens; one optimizer update. */
  sftStep(batch: SftBatch): StepMetrics {
    const t0 = performance.now();
    const width = Math.max(...batch.map((s) => s.ids.length));
    const pad = this.model.config.pad_token_id;
    const ids = tf.tensor2d(padRows(batch.map((s) => s.ids), pad, width), [batch.length, width], 'int32');
    const target = tf.tensor2d(shifted(batch.map((s) => s.assistantMask), width), [batch.length, width - 1]);
    const { value, grads } = tf.variableGrads(() => {
      const logits = this.transformer.forward(this.params, { ids });
      return sftLoss(tokenLogprobs(logits, ids), target);
    }, [...this.params.values()]);
    const loss = value.dataSync()[0];
    const gradNorm = this.optimizer.apply(grads);
    const tokens = tf.tidy(() => tf.sum(target).dataSync()[0]);
    tf.dispose([ids, target, value, grads]);
    return { loss, gradNorm, tokens, totalTokens: sum(batch.map((s) => s.ids.length)), ms: performance.now() - t0 };
  }

  /** Clipped policy-gradient step on rollouts; one optimizer update. */
  policyStep(batch: PolicySequence[]): StepMetrics {
    const t0 = performance.now();
    const o = this.rlOptions;
    const b = batch.length;
    const width = Math.max(...batch.map((s) => s.ids.length));
    const pad = this.model.config.pad_token_id;
    const ids = tf.tensor2d(padRows(batch.map((s) => s.ids), pad, width), [b, width], 'int32');
    const attentionMask = tf.tensor2d(
      padRows(batch.map((s) => s.ids.map(() => 1)), 0, width),
      [b, width],
      'float32',
    );
    const grid = (rows: number[][]) => tf.tensor2d(shifted(rows, width), [b, width - 1]);
    const mask = grid(batch.map((s) => s.mask));
    const rollout = grid(batch.map((s) => s.rolloutLogprobs));
    const advantages = grid(batch.map((s) => (typeof s.advantage === 'number' ? s.ids.map(() => s.advantage as number) : s.advantage)));
    let old = batch.every((s) => s.oldLogprobs) ? grid(batch.map((s) => s.oldLogprobs!)) : undefined;
    if (!old && o.truncatedIS) old = this.logprobGrid(this.params, ids, attentionMask);
    let ref = batch.every((s) => s.refLogprobs) ? grid(batch.map((s) => s.refLogprobs!)) : undefined;
    if (!ref && o.klCoef > 0) {
      if (!this.reference) throw new Error('policyStep: klCoef > 0 needs refLogprobs or setReferencePolicy()');
      ref = this.logprobGrid(this.reference, ids, attentionMask);
    }
    let terms: { clipFraction: number; kl: number; meanRatio: number } | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const logits = this.transformer.forward(this.params, { ids, attentionMask });
      const out = rlLoss(
        { logprobs: tokenLogprobs(logits, ids, o.temperature), rolloutLogprobs: rollout, oldLogprobs: old, refLogprobs: ref, advantages, mask },
        o,
      );
      terms = { clipFraction: out.clipFraction.dataSync()[0], kl: out.kl.dataSync()[0], meanRatio: out.meanRatio.dataSync()[0] };
      return out.loss;
    }, [...this.params.values()]);
    const loss = value.dataSync()[0];
    const gradNorm = this.optimizer.apply(grads);
    const tokens = sum(batch.map((s) => sum(s.mask.slice(1))));
    tf.dispose([ids, attentionMask, mask, rollout, advantages, old, ref, value, grads].filter((x) => x !== undefined) as tf.Tensor[]);
    return { loss, gradNorm, tokens, totalTokens: sum(batch.map((s) => s.ids.length)), ms: performance.now() - t0, ...terms! };
  }

  /**
   * Log-probabilities of each token given its prefix, under the current weights:
   * out[i][j] = log p(seq[i][j+1] | seq[i][..j]), length seq[i].length - 1.
   */
  scoreSequences(sequences: number[][], temperature = 1): number[][] {
    const width = Math.max(...sequences.map((s) => s.length));
    const ids = tf.tensor2d(padRows(sequences, this.model.config.pad_token_id, width), [sequences.length, width], 'int32');
    const grid = this.logprobGrid(this.params, ids, undefined, temperature);
    const flat = grid.dataSync();
    tf.dispose([ids, grid]);
    return sequences.map((s, i) => Array.from(flat.subarray(i * (width - 1), i * (width - 1) + s.length - 1)));
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

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** Initialises the tfjs backend (wasm by default) and builds a trainer. */
export async function createTrainer(model: BuiltinModel, options: TrainerOptions = {}): Promise<Trainer> {
  await initTfBackend(options.backend ?? 'wasm');
  return new Trainer(model, options);
}
