// The built-in decoder's forward pass in tfjs: the one definition of the
// architecture the trainer differentiates and the ONNX exporter mirrors op by op.
//
//   x = embed(ids)
//   per layer: x += Attn(RMSNorm(x)) with rotary q/k and a causal+padding mask
//              (grouped-query when num_key_value_heads < num_attention_heads)
//              x += W_down(silu(W_gate n) * (W_up n)),  n = RMSNorm(x)
//   logits = RMSNorm(x) @ embed^T   (tied embeddings)

import * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from './config';

export type Params = Map<string, tf.Tensor>;

export interface ForwardInput {
  /** int32 [B, T] */
  ids: tf.Tensor2D;
  /** int32 [B, T]; defaults to 0..T-1 per row. */
  positions?: tf.Tensor2D;
  /** float [B, T], 1 for real tokens, 0 for padding; defaults to all ones. */
  attentionMask?: tf.Tensor2D;
}

/** Large negative added to masked scores; finite so fully masked rows stay NaN-free. */
export const MASK_VALUE = -1e9;

/** cos/sin tables [maxPos, headDim] with the two halves duplicated, as in transformers. */
export function ropeTables(c: ModelConfig): { cos: Float32Array; sin: Float32Array } {
  const half = c.head_dim / 2;
  const cos = new Float32Array(c.max_position_embeddings * c.head_dim);
  const sin = new Float32Array(cos.length);
  for (let p = 0; p < c.max_position_embeddings; p++) {
    for (let i = 0; i < half; i++) {
      const invFreq = 1 / Math.pow(c.rope_theta, (2 * i) / c.head_dim);
      const angle = p * Math.fround(invFreq);
      for (const j of [i, i + half]) {
        cos[p * c.head_dim + j] = Math.cos(angle);
        sin[p * c.head_dim + j] = Math.sin(angle);
      }
    }
  }
  return { cos, sin };
}

function rmsNorm(x: tf.Tensor, weight: tf.Tensor, eps: number): tf.Tensor {
  const variance = tf.mean(tf.mul(x, x), -1, true);
  return tf.mul(tf.div(x, tf.sqrt(tf.add(variance, eps))), weight);
}

/**
 * a [M, K] @ b [K, N] with a gradient built from untransposed matMuls. tfjs-wasm runs a matMul
 * with a transpose flag (which its own gradient uses) about 8x slower than one without, so
 * the operands are transposed explicitly instead: this makes a training step ~2x faster.
 */
const matMul2d = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, [sa, sb]: tf.Tensor[]) => [
      tf.matMul(dy as tf.Tensor2D, tf.transpose(sb) as tf.Tensor2D),
      tf.matMul(tf.transpose(sa) as tf.Tensor2D, dy as tf.Tensor2D),
    ],
  };
}) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor2D;

/** x [B, T, in] @ w [in, out] (or w [out, in] transposed), as one 2-D product. */
function linear(x: tf.Tensor, w: tf.Tensor, transposeW = false): tf.Tensor {
  const [b, t, d] = x.shape;
  const y = matMul2d(tf.reshape(x, [b * t, d]), transposeW ? tf.transpose(w) : w);
  return tf.reshape(y, [b, t, y.shape[1] as number]);
}

function rotateHalf(x: tf.Tensor): tf.Tensor {
  const [x1, x2] = tf.split(x, 2, -1);
  return tf.concat([tf.neg(x2), x1], -1);
}

/** [B, T, H*Dh] -> [B, H, T, Dh] */
function splitHeads(x: tf.Tensor, heads: number, headDim: number): tf.Tensor {
  const [b, t] = x.shape;
  return tf.transpose(tf.reshape(x, [b, t, heads, headDim]), [0, 2, 1, 3]);
}

/** [B, KV, T, Dh] -> [B, KV*nRep, T, Dh]: head h reads kv head floor(h / nRep), as transformers' repeat_kv. */
function repeatKv(x: tf.Tensor, nRep: number): tf.Tensor {
  if (nRep === 1) return x;
  const [b, kv, t, d] = x.shape;
  // Rank-4 tile: tfjs has no tile gradient for rank 5.
  return tf.reshape(tf.tile(tf.reshape(x, [b, kv, 1, t * d]), [1, 1, nRep, 1]), [b, kv * nRep, t, d]);
}

/**
 * Smeared keys: k'_j = a k_j + (1 - a) k_{j-1}, a = sigmoid(gate) per kv head, so one head
 * can match "the token before j" and copy token j (an induction head in a single layer).
 * The previous key counts as zero at the start and after padding. k: [B, KV, T, Dh].
 */
function smearKeys(k: tf.Tensor, gate: tf.Tensor, attentionMask?: tf.Tensor2D): tf.Tensor {
  const [b, kv, t, d] = k.shape;
  let previous = tf.pad(tf.slice(k, [0, 0, 0, 0], [b, kv, t - 1, d]), [[0, 0], [0, 0], [1, 0], [0, 0]]);
  if (attentionMask) {
    const previousReal = tf.pad(tf.slice(attentionMask, [0, 0], [b, t - 1]), [[0, 0], [1, 0]]);
    previous = tf.mul(previous, previousReal.reshape([b, 1, t, 1]));
  }
  const a = tf.sigmoid(gate).reshape([1, kv, 1, 1]);
  return tf.add(tf.mul(k, a), tf.mul(previous, tf.sub(1, a)));
}

export class Transformer {
  private readonly cos: tf.Tensor2D;
  private readonly sin: tf.Tensor2D;

  constructor(readonly config: ModelConfig) {
    const { cos, sin } = ropeTables(config);
    this.cos = tf.tensor2d(cos, [config.max_position_embeddings, config.head_dim]);
    this.sin = tf.tensor2d(sin, [config.max_position_embeddings, config.head_dim]);
  }

  /** Logits [B, T, V] for every position. */
  forward(params: Params, input: ForwardInput): tf.Tensor3D {
    const c = this.config;
    const p = (name: string) => {
      const t = params.get(name);
      if (!t) throw new Error(`missing parameter ${name}`);
      return t;
    };
    return tf.tidy(() => {
      const [b, t] = input.ids.shape;
      if (t > c.max_position_embeddings) {
        throw new Error(`sequence of ${t} tokens exceeds max_position_embeddings ${c.max_position_embeddings}`);
      }
      const positions = input.positions ?? tf.tile(tf.range(0, t, 1, 'int32').expandDims(0), [b, 1]);
      // [B, 1, T, Dh], broadcast over heads
      const cos = tf.gather(this.cos, positions).expandDims(1);
      const sin = tf.gather(this.sin, positions).expandDims(1);
      const rope = (x: tf.Tensor) => tf.add(tf.mul(x, cos), tf.mul(rotateHalf(x), sin));

      // Key j is visible to query i when j <= i and j is not padding.
      const causal = tf.linalg.bandPart(tf.ones([t, t]), -1, 0).reshape([1, 1, t, t]);
      const keep = input.attentionMask ? tf.mul(causal, input.attentionMask.reshape([b, 1, 1, t])) : causal;
      const maskBias = tf.mul(tf.sub(1, keep), MASK_VALUE);

      const embed = p('model.embed_tokens.weight');
      // Embedding lookup as one-hot @ table: the wasm backend has no gather gradient.
      let x: tf.Tensor = tf.reshape(matMul2d(tf.oneHot(tf.reshape(input.ids, [b * t]), c.vocab_size), embed), [b, t, c.hidden_size]);
      const scale = 1 / Math.sqrt(c.head_dim);
      for (let l = 0; l < c.num_hidden_layers; l++) {
        const w = (n: string) => p(`model.layers.${l}.${n}.weight`);
        const h = rmsNorm(x, w('input_layernorm'), c.rms_norm_eps);
        const q = rope(splitHeads(linear(h, w('self_attn.q_proj')), c.num_attention_heads, c.head_dim));
        const nRep = c.num_attention_heads / c.num_key_value_heads;
        let k = rope(splitHeads(linear(h, w('self_attn.k_proj')), c.num_key_value_heads, c.head_dim));
        if (c.key_smear) k = smearKeys(k, p(`model.layers.${l}.self_attn.key_smear`), input.attentionMask);
        k = repeatKv(k, nRep);
        const v = repeatKv(splitHeads(linear(h, w('self_attn.v_proj')), c.num_key_value_heads, c.head_dim), nRep);
        const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), scale), maskBias);
        const attn = tf.matMul(tf.softmax(scores, -1), v); // [B, H, T, Dh]
        const merged = tf.reshape(tf.transpose(attn, [0, 2, 1, 3]), [b, t, c.num_attention_heads * c.head_dim]);
        x = tf.add(x, linear(merged, w('self_attn.o_proj')));

        const m = rmsNorm(x, w('post_attention_layernorm'), c.rms_norm_eps);
        const gate = linear(m, w('mlp.gate_proj'));
        const up = linear(m, w('mlp.up_proj'));
        x = tf.add(x, linear(tf.mul(tf.mul(gate, tf.sigmoid(gate)), up), w('mlp.down_proj')));
      }
      const final = rmsNorm(x, p('model.norm.weight'), c.rms_norm_eps);
      return linear(final, embed, true) as tf.Tensor3D;
    });
  }

  dispose(): void {
    this.cos.dispose();
    this.sin.dispose();
  }
}

/**
 * Log-probability of each next token: out[b, i] = log p(ids[b, i+1] | ids[b, ..i]),
 * shape [B, T-1]. Computed in a numerically stable logSoftmax.
 */
export function tokenLogprobs(logits: tf.Tensor3D, ids: tf.Tensor2D, temperature = 1): tf.Tensor2D {
  return tf.tidy(() => {
    const [b, t, v] = logits.shape;
    const scaled = temperature === 1 ? logits : tf.div(logits, temperature);
    const logp = tf.logSoftmax(tf.slice(scaled, [0, 0, 0], [b, t - 1, v]));
    const targets = tf.slice(ids, [0, 1], [b, t - 1]);
    const oneHot = tf.oneHot(targets, v);
    return tf.sum(tf.mul(logp, oneHot), -1) as tf.Tensor2D;
  });
}
