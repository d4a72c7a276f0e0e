// One thread of a GradientPool: its own tfjs-wasm instance and a copy of the model, which
// computes the SFT gradient of its share of each batch under the weights the pool sends.
import * as tf from '@tensorflow/tfjs';
import { parentPort } from 'node:worker_threads';
import type { ModelConfig } from '../model/config';
import { createTrainer, type SftBatch, type Trainer } from './trainer';

export type GradientRequest =
  | { kind: 'init'; config: ModelConfig; weights: Record<string, Float32Array> }
  | { kind: 'sft'; weights: Record<string, Float32Array>; rows: SftBatch; denominator: number };

export type GradientReply =
  | { kind: 'ready' }
  | { kind: 'sft'; loss: number; grads: Record<string, Float32Array> }
  | { kind: 'error'; message: string };

let trainer: Trainer | undefined;

async function handle(request: GradientRequest): Promise<{ reply: GradientReply; transfer: ArrayBuffer[] }> {
  if (request.kind === 'init') {
    // The tokenizer is not needed to take gradients of token ids.
    trainer = await createTrainer({ config: request.config, tokenizer: undefined as never, weights: new Map(Object.entries(request.weights)) });
    return { reply: { kind: 'ready' }, transfer: [] };
  }
  if (!trainer) throw new Error('gradient worker used before init');
  // tidy: each assign takes the new tensor's data; the tensor itself must not stay alive.
  const params = trainer.params;
  tf.tidy(() => {
    for (const [name, p] of params) p.assign(tf.tensor(request.weights[name], p.shape));
  });
  const { loss, grads } = trainer.sftGradients(request.rows, request.denominator);
  const arrays = Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, new Float32Array(g.dataSync())]));
  tf.dispose(Object.values(grads));
  return { reply: { kind: 'sft', loss, grads: arrays }, transfer: Object.values(arrays).map((a) => a.buffer as ArrayBuffer) };
}

parentPort!.on('message', (request: GradientRequest) => {
  handle(request).then(
    ({ reply, transfer }) => parentPort!.postMessage(reply, transfer),
    (error: Error) => parentPort!.postMessage({ kind: 'error', message: error.stack ?? String(error) } satisfies GradientReply),
  );
});
