// SFT objective: mean next-token negative log-likelihood over assistant tokens only
// (the prompt, observations and padding teach nothing).

import * as tf from '@tensorflow/tfjs';

/**
 * @param logprobs [B, T-1] log p(token i+1 | prefix), from tokenLogprobs
 * @param targetMask [B, T-1] 1 where token i+1 is an assistant token
 */
export function sftLoss(logprobs: tf.Tensor2D, targetMask: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const count = tf.maximum(tf.sum(targetMask), 1);
    return tf.div(tf.neg(tf.sum(tf.mul(logprobs, targetMask))), count) as tf.Scalar;
  });
}
