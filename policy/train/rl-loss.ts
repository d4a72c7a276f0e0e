// The GRPO/DAPO policy-gradient objective on per-token log-probabilities.
//
//   ratio_t = exp(logp_t - base_t)      base = trainer's old logprobs, else rollout's
//   pg_t    = -min(ratio_t A, clip(ratio_t, 1-eps_low, 1+eps_high) A)
//   tis_t   = min(exp(old_t - rollout_t), tisCap)   only when old logprobs are given:
//             truncated importance sampling for the engine/trainer mismatch
//   kl_t    = exp(ref_t - logp_t) - (ref_t - logp_t) - 1   (k3, unbiased, >= 0)
//   loss    = aggregate(tis_t * pg_t + beta * kl_t) over masked tokens
//
// 'token-mean' (DAPO) weights every token of the batch equally, so long answers are
// not diluted; 'sequence-mean' averages tokens per sequence first (original GRPO).

import * as tf from '@tensorflow/tfjs';

export interface RlLossOptions {
  epsLow: number;
  epsHigh: number;
  aggregation: 'token-mean' | 'sequence-mean';
  /** KL coefficient beta; 0 disables the KL term. */
  klCoef: number;
  /** Cap C of the truncated importance weight. */
  tisCap: number;
}

export const DEFAULT_RL_LOSS: RlLossOptions = {
  epsLow: 0.2,
  epsHigh: 0.28,
  aggregation: 'token-mean',
  klCoef: 0,
  tisCap: 2,
};

export interface RlLossInput {
  /** [B, T] current policy log-probabilities (differentiable). */
  logprobs: tf.Tensor2D;
  /** [B, T] log-probabilities the rollout engine reported. */
  rolloutLogprobs: tf.Tensor2D;
  /** [B, T] the trainer's log-probabilities of the policy that generated the rollout. */
  oldLogprobs?: tf.Tensor2D;
  /** [B, T] reference-policy log-probabilities, needed when klCoef > 0. */
  refLogprobs?: tf.Tensor2D;
  /** [B, 1] or [B, T] advantages. */
  advantages: tf.Tensor2D;
  /** [B, T] 1 on tokens that are trained. */
  mask: tf.Tensor2D;
  /**
   * When these rows are one micro-batch of a larger batch: the whole batch's count to divide the
   * summed loss by (masked tokens for token-mean, sequences with tokens for sequence-mean), so the
   * micro-batches' gradients add up to the whole batch's.
   */
  lossDenominator?: number;
}

export interface RlLossTerms {
  loss: tf.Scalar;
  /** Fraction of masked tokens whose ratio was clipped. */
  clipFraction: tf.Scalar;
  /** Mean k3 KL to the reference (0 when disabled). */
  kl: tf.Scalar;
  /** Mean ratio over masked tokens. */
  meanRatio: tf.Scalar;
}

function aggregate(x: tf.Tensor2D, mask: tf.Tensor2D, how: RlLossOptions['aggregation'], denominator?: number): tf.Scalar {
  if (how === 'token-mean') return tf.div(tf.sum(tf.mul(x, mask)), denominator ?? tf.maximum(tf.sum(mask), 1));
  const perSeq = tf.div(tf.sum(tf.mul(x, mask), 1), tf.maximum(tf.sum(mask, 1), 1));
  const hasTokens = tf.cast(tf.greater(tf.sum(mask, 1), 0), 'float32');
  return tf.div(tf.sum(tf.mul(perSeq, hasTokens)), denominator ?? tf.maximum(tf.sum(hasTokens), 1));
}

export function rlLoss(input: RlLossInput, options: RlLossOptions = DEFAULT_RL_LOSS): RlLossTerms {
  return tf.tidy(() => {
    const { logprobs, rolloutLogprobs, oldLogprobs, refLogprobs, advantages, mask } = input;
    const base = oldLogprobs ?? rolloutLogprobs;
    const ratio = tf.exp(tf.sub(logprobs, base));
    const clipped = tf.clipByValue(ratio, 1 - options.epsLow, 1 + options.epsHigh);
    const surrogate = tf.minimum(tf.mul(ratio, advantages), tf.mul(clipped, advantages));
    let perToken = tf.neg(surrogate) as tf.Tensor2D;
    if (oldLogprobs) {
      const tis = tf.minimum(tf.exp(tf.sub(oldLogprobs, rolloutLogprobs)), options.tisCap);
      perToken = tf.mul(perToken, tis);
    }
    let kl: tf.Scalar = tf.scalar(0);
    if (options.klCoef > 0) {
      if (!refLogprobs) throw new Error('rlLoss: klCoef > 0 needs refLogprobs');
      const d = tf.sub(refLogprobs, logprobs);
      const k3 = tf.sub(tf.sub(tf.exp(d), d), 1) as tf.Tensor2D;
      perToken = tf.add(perToken, tf.mul(k3, options.klCoef)) as tf.Tensor2D;
      kl = aggregate(k3, mask, 'token-mean');
    }
    // A token is "clipped" when the clipped branch is the one min() chose with a
    // different value, i.e. the gradient through it is zero.
    const wasClipped = tf.cast(tf.less(tf.mul(clipped, advantages), tf.mul(ratio, advantages)), 'float32');
    const tokens = tf.maximum(tf.sum(mask), 1);
    return {
      loss: aggregate(perToken as tf.Tensor2D, mask, options.aggregation, input.lossDenominator),
      clipFraction: tf.div(tf.sum(tf.mul(wasClipped, mask)), tokens) as tf.Scalar,
      kl,
      meanRatio: tf.div(tf.sum(tf.mul(ratio, mask)), tokens) as tf.Scalar,
    };
  });
}
