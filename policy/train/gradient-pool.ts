// Data-parallel SFT on one machine. tfjs-wasm runs single-threaded under Node (tfjs issue 3830),
// so a trainer leaves every other core idle. A pool of worker threads, each with its own wasm
// instance, takes a share of every batch; the shares' gradients (each already divided by the
// whole batch's token count) are summed and the main trainer applies one AdamW update, so a step
// is the single-thread step up to float rounding, and a seed still pins a run.
import * as tf from '@tensorflow/tfjs';
import { Worker } from 'node:worker_threads';
import { sftTargetTokens, type SftBatch, type StepMetrics, type Trainer } from './trainer';
import type { GradientReply, GradientRequest } from './gradient-worker';

const WORKER_ENTRY = new URL('./gradient-worker.mjs', import.meta.url);

class GradientWorker {
  private pending: { resolve: (reply: GradientReply) => void; reject: (error: Error) => void } | undefined;

  constructor(private readonly worker: Worker) {
    worker.on('message', (reply: GradientReply) => {
      const pending = this.pending;
      this.pending = undefined;
      if (reply.kind === 'error') pending?.reject(new Error(`gradient worker failed: ${reply.message}`));
      else pending?.resolve(reply);
    });
    worker.on('error', (error) => this.fail(error));
    // A thread that dies without an error event (killed, out of memory) must not leave a step waiting.
    worker.on('exit', (code) => this.fail(new Error(`gradient worker exited (code ${code}) during an SFT step`)));
  }

  private fail(error: Error): void {
    this.pending?.reject(error);
    this.pending = undefined;
  }

  /** One request at a time: the pool waits for every share before the next step. */
  call(request: GradientRequest): Promise<GradientReply> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(request);
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

export class GradientPool {
  private constructor(private readonly workers: GradientWorker[]) {}

  /** Starts `threads - 1` workers (the calling thread takes the last share); none for 1 thread. */
  static async start(trainer: Trainer, threads: number): Promise<GradientPool> {
    const workers = Array.from({ length: Math.max(threads - 1, 0) }, () => new GradientWorker(new Worker(WORKER_ENTRY)));
    const pool = new GradientPool(workers);
    try {
      await Promise.all(workers.map((w) => w.call({ kind: 'init', config: trainer.model.config, weights: weightsOf(trainer) })));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /** Threads taking part in a step, the caller's included. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /** One SFT update of `trainer`, its batch shared among the pool's threads. */
  async sftStep(trainer: Trainer, batch: SftBatch): Promise<StepMetrics> {
    const t0 = performance.now();
    const tokens = sftTargetTokens(batch);
    const denominator = Math.max(tokens, 1);
    const [own, ...shares] = balancedShares(batch, this.threads);
    const weights = this.workers.length ? weightsOf(trainer) : {};
    const replies = shares.map((rows, i) => (rows.length ? this.workers[i].call({ kind: 'sft', weights, rows, denominator }) : undefined));
    // This thread computes its share while the workers compute theirs.
    const local = trainer.sftGradients(own, denominator);
    let loss = local.loss;
    let grads = local.grads;
    for (const reply of await Promise.all(replies)) {
      if (reply?.kind !== 'sft') continue;
      loss += reply.loss;
      const previous = grads;
      // tidy: the worker's gradients, made tensors only to be added, must not outlive the sum.
      grads = tf.tidy(() => Object.fromEntries(Object.entries(previous).map(([name, g]) => [name, tf.add(g, tf.tensor(reply.grads[name], g.shape))])));
      tf.dispose(Object.values(previous));
    }
    const gradNorm = trainer.applyGradients(grads);
    return { loss, gradNorm, tokens, totalTokens: batch.reduce((n, s) => n + s.ids.length, 0), ms: performance.now() - t0 };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The trainer's weights by parameter name (copies out of the wasm heap, safe to post). */
function weightsOf(trainer: Trainer): Record<string, Float32Array> {
  return Object.fromEntries(trainer.snapshot().weights);
}

/**
 * Rows dealt into `count` shares of near-equal tokens (longest first, each to the lightest share),
 * in a fixed order, so that the same batch is always split the same way.
 */
export function balancedShares(batch: SftBatch, count: number): SftBatch[] {
  const shares: SftBatch[] = Array.from({ length: count }, () => []);
  const load = new Array<number>(count).fill(0);
  const order = batch.map((_, i) => i).sort((a, b) => batch[b].ids.length - batch[a].ids.length || a - b);
  for (const i of order) {
    const lightest = load.indexOf(Math.min(...load));
    shares[lightest].push(batch[i]);
    load[lightest] += batch[i].ids.length;
  }
  return shares;
}
