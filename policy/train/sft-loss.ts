// SFT objective: mean next-token negative log-likelihood over the weighted tokens (assistant
// tokens; the prompt, observations and padding teach nothing).

import * as tf from '@tensorflow/tfjs';

/**
 * @param logprobs [B, T-1] log p(token i+1 | prefix), from tokenLogprobs
 * @param targetWeights [B, T-1] 1 where token i+1 is an assistant token, else 0
 * @param denominator the whole batch's weight when these rows are one micro-batch of it
 */
export function sftLoss(logprobs: tf.Tensor2D, targetWeights: tf.Tensor2D, denominator?: number): tf.Scalar {
  return tf.tidy(() => {
    const count = denominator ?? tf.maximum(tf.sum(targetWeights), 1);
    return tf.div(tf.neg(tf.sum(tf.mul(logprobs, targetWeights))), count) as tf.Scalar;
  });
}
