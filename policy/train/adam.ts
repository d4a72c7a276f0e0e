// AdamW with bias correction and global-norm gradient clipping, over tfjs
// variables. Written out (rather than tf.train.adam) for clipping, decoupled weight
// decay and a state that checkpoints by parameter name.

import * as tf from '@tensorflow/tfjs';

export interface AdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Clip the global gradient L2 norm to this; 0 disables. */
  maxGradNorm: number;
}

export const DEFAULT_ADAM: AdamOptions = { lr: 3e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0, maxGradNorm: 1 };

export class AdamW {
  step = 0;
  readonly m = new Map<string, tf.Variable>();
  readonly v = new Map<string, tf.Variable>();

  constructor(
    public options: AdamOptions,
    private readonly params: Map<string, tf.Variable>,
  ) {
    for (const [name, p] of params) {
      this.m.set(name, tf.variable(tf.zerosLike(p), false));
      this.v.set(name, tf.variable(tf.zerosLike(p), false));
    }
  }

  /** Applies one update from gradients keyed by parameter name; returns the gradient norm before clipping. */
  apply(grads: Record<string, tf.Tensor>, lr = this.options.lr): number {
    const o = this.options;
    this.step++;
    const norm = tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))).dataSync()[0]);
    const scale = o.maxGradNorm > 0 && norm > o.maxGradNorm ? o.maxGradNorm / (norm + 1e-6) : 1;
    const c1 = 1 - Math.pow(o.beta1, this.step);
    const c2 = 1 - Math.pow(o.beta2, this.step);
    tf.tidy(() => {
      for (const [name, p] of this.params) {
        const g0 = grads[name];
        if (!g0) continue;
        const g = scale === 1 ? g0 : tf.mul(g0, scale);
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        m.assign(tf.add(tf.mul(m, o.beta1), tf.mul(g, 1 - o.beta1)));
        v.assign(tf.add(tf.mul(v, o.beta2), tf.mul(tf.square(g), 1 - o.beta2)));
        const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), o.eps));
        const decayed = o.weightDecay > 0 && p.shape.length > 1 ? tf.mul(p, 1 - lr * o.weightDecay) : p;
        p.assign(tf.sub(decayed, tf.mul(update, lr)));
      }
    });
    return norm;
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}
