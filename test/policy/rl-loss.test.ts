// The policy-gradient loss on hand-computed cases: sign, asymmetric clipping,
// token-level vs sequence-level aggregation, truncated IS and the k3 KL term.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rlLoss, type RlLossOptions } from '../../policy/train/rl-loss';
import { initTfBackend } from '../../policy/model/tf-backend';

const opts: RlLossOptions = { epsLow: 0.2, epsHigh: 0.28, aggregation: 'token-mean', klCoef: 0, tisCap: 2 };
const t2 = (rows: number[][]) => tf.tensor2d(rows);

/** Loss and d loss / d logprobs for one token. */
function single(ratio: number, advantage: number, o: Partial<RlLossOptions> = {}) {
  const old = t2([[-1]]);
  const logp = t2([[-1 + Math.log(ratio)]]);
  const f = (x: tf.Tensor) => rlLoss({ logprobs: x as tf.Tensor2D, rolloutLogprobs: old, advantages: t2([[advantage]]), mask: t2([[1]]) }, { ...opts, ...o }).loss;
  const { value, grad } = tf.valueAndGrad(f)(logp);
  return { loss: value.dataSync()[0], grad: grad.dataSync()[0] };
}

beforeAll(async () => {
  await initTfBackend('cpu');
});

describe('rlLoss', () => {
  it('on-policy: loss is -A and its gradient raises the log-probability of advantaged tokens', () => {
    const pos = single(1, 1);
    expect(pos.loss).toBeCloseTo(-1, 6);
    expect(pos.grad).toBeCloseTo(-1, 6); // descent moves logp up
    const neg = single(1, -2);
    expect(neg.loss).toBeCloseTo(2, 6);
    expect(neg.grad).toBeCloseTo(2, 6); // descent moves logp down
  });

  it('clips asymmetrically: 1 + eps_high above, 1 - eps_low below, with zero gradient when clipped', () => {
    const high = single(1.5, 1);
    expect(high.loss).toBeCloseTo(-1.28, 5);
    expect(high.grad).toBeCloseTo(0, 6);
    const highNeg = single(1.5, -1); // pessimistic branch: unclipped
    expect(highNeg.loss).toBeCloseTo(1.5, 5);
    expect(highNeg.grad).toBeCloseTo(1.5, 5);
    const low = single(0.5, -1);
    expect(low.loss).toBeCloseTo(0.8, 5);
    expect(low.grad).toBeCloseTo(0, 6);
    const lowPos = single(0.5, 1);
    expect(lowPos.loss).toBeCloseTo(-0.5, 5);
    const inside = single(1.25, 1); // within (1 - 0.2, 1 + 0.28): not clipped
    expect(inside.loss).toBeCloseTo(-1.25, 5);
  });

  it('reports the clipped fraction and mean ratio', () => {
    const logp = t2([[Math.log(1.5), 0, Math.log(0.5), 0]]);
    const out = rlLoss({ logprobs: logp, rolloutLogprobs: t2([[0, 0, 0, 0]]), advantages: t2([[1, 1, -1, 1]]), mask: t2([[1, 1, 1, 0]]) }, opts);
    expect(out.clipFraction.dataSync()[0]).toBeCloseTo(2 / 3, 5);
    expect(out.meanRatio.dataSync()[0]).toBeCloseTo((1.5 + 1 + 0.5) / 3, 5);
  });

  it('aggregates over tokens (DAPO) or over sequences (GRPO)', () => {
    // Sequence 1: three tokens with loss 1 each; sequence 2: one token with loss 3.
    const input = {
      logprobs: t2([[0, 0, 0], [0, 0, 0]]),
      rolloutLogprobs: t2([[0, 0, 0], [0, 0, 0]]),
      advantages: t2([[-1], [-3]]),
      mask: t2([[1, 1, 1], [1, 0, 0]]),
    };
    expect(rlLoss(input, opts).loss.dataSync()[0]).toBeCloseTo(6 / 4, 6);
    expect(rlLoss(input, { ...opts, aggregation: 'sequence-mean' }).loss.dataSync()[0]).toBeCloseTo(2, 6);
  });

  it('weights by the truncated importance ratio old/rollout when old log-probabilities are given', () => {
    const mk = (gap: number) =>
      rlLoss({ logprobs: t2([[0]]), oldLogprobs: t2([[0]]), rolloutLogprobs: t2([[-gap]]), advantages: t2([[1]]), mask: t2([[1]]) }, opts).loss.dataSync()[0];
    expect(mk(Math.log(1.5))).toBeCloseTo(-1.5, 5);
    expect(mk(Math.log(3))).toBeCloseTo(-2, 5); // capped at tisCap = 2
  });

  it('adds beta times the k3 KL estimate to the reference policy', () => {
    const out = rlLoss(
      { logprobs: t2([[0]]), rolloutLogprobs: t2([[0]]), refLogprobs: t2([[Math.log(2)]]), advantages: t2([[0]]), mask: t2([[1]]) },
      { ...opts, klCoef: 0.1 },
    );
    const k3 = 2 - Math.log(2) - 1;
    expect(out.kl.dataSync()[0]).toBeCloseTo(k3, 5);
    expect(out.loss.dataSync()[0]).toBeCloseTo(0.1 * k3, 5);
  });
});
