// Checkpoints: a folder with config.json, model.safetensors (transformers' Llama
// names and [out, in] layout), optimizer.safetensors (Adam moments),
// trainer_state.json and the tokenizer files. Enough to resume training exactly.

import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BuiltinModel } from '../model/builtin-model';
import { parseModelConfig, type ModelConfig } from '../model/config';
import { parameterSpecs } from '../model/parameters';
import { readSafetensors, writeSafetensors, type NamedTensor } from './safetensors';
import { createTrainer, type Trainer, type TrainerOptions } from './trainer';

function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

/** Weights in transformers' layout: linear weights [out, in]. */
function toHfLayout(config: ModelConfig, weights: Map<string, Float32Array>): Map<string, NamedTensor> {
  const out = new Map<string, NamedTensor>();
  for (const spec of parameterSpecs(config)) {
    const data = weights.get(spec.name)!;
    if (spec.linear) out.set(spec.name, { shape: [spec.shape[1], spec.shape[0]], data: transpose(data, spec.shape[0], spec.shape[1]) });
    else out.set(spec.name, { shape: spec.shape, data });
  }
  return out;
}

function fromHfLayout(config: ModelConfig, tensors: Map<string, NamedTensor>, file: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const spec of parameterSpecs(config)) {
    const t = tensors.get(spec.name);
    const expected = spec.linear ? [spec.shape[1], spec.shape[0]] : spec.shape;
    if (!t) throw new Error(`${file}: missing tensor ${spec.name} (expected shape [${expected}])`);
    if (t.shape.join() !== expected.join()) {
      throw new Error(`${file}: tensor ${spec.name} has shape [${t.shape}], expected [${expected}]`);
    }
    out.set(spec.name, spec.linear ? transpose(t.data, expected[0], expected[1]) : t.data);
  }
  return out;
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFile(file, JSON.stringify(value, null, 2) + '\n');
}

export async function readJsonFile(file: string, what: string): Promise<any> {
  if (!existsSync(file)) throw new Error(`${file}: missing; expected ${what}`);
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message}); expected ${what}`);
  }
}

/** Writes the trainer's weights, optimizer state and tokenizer to `dir`. */
export async function saveCheckpoint(trainer: Trainer, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const model = trainer.snapshot();
  await writeJson(path.join(dir, 'config.json'), model.config);
  await writeJson(path.join(dir, 'tokenizer.json'), model.tokenizer.tokenizerJson);
  await writeJson(path.join(dir, 'tokenizer_config.json'), model.tokenizer.tokenizerConfig);
  await writeSafetensors(path.join(dir, 'model.safetensors'), toHfLayout(model.config, model.weights), { format: 'pt' });
  const moments = new Map<string, NamedTensor>();
  for (const [name, m] of trainer.optimizer.m) moments.set(`exp_avg.${name}`, { shape: m.shape, data: m.dataSync() as Float32Array });
  for (const [name, v] of trainer.optimizer.v) moments.set(`exp_avg_sq.${name}`, { shape: v.shape, data: v.dataSync() as Float32Array });
  await writeSafetensors(path.join(dir, 'optimizer.safetensors'), moments);
  await writeJson(path.join(dir, 'trainer_state.json'), {
    step: trainer.optimizer.step,
    adam: trainer.optimizer.options,
    rl: trainer.rlOptions,
  });
}

/** Reads the model (config, tokenizer, weights) of a checkpoint folder. */
export async function loadBuiltinModel(dir: string): Promise<BuiltinModel> {
  const configFile = path.join(dir, 'config.json');
  const config = parseModelConfig(await readJsonFile(configFile, 'the model config'), configFile);
  const tokenizerJson = await readJsonFile(path.join(dir, 'tokenizer.json'), 'a Hugging Face tokenizer.json');
  const tokenizerConfig = await readJsonFile(path.join(dir, 'tokenizer_config.json'), 'tokenizer_config.json with a chat_template');
  const weightsFile = path.join(dir, 'model.safetensors');
  if (!existsSync(weightsFile)) throw new Error(`${weightsFile}: missing; expected the model weights in safetensors`);
  const { tensors } = await readSafetensors(weightsFile);
  return { config, tokenizer: { tokenizerJson, tokenizerConfig }, weights: fromHfLayout(config, tensors, weightsFile) };
}

/** Rebuilds a trainer from a checkpoint, optimizer state included when present. */
export async function loadCheckpoint(dir: string, options: TrainerOptions = {}): Promise<Trainer> {
  const model = await loadBuiltinModel(dir);
  const state = existsSync(path.join(dir, 'trainer_state.json'))
    ? await readJsonFile(path.join(dir, 'trainer_state.json'), 'trainer state')
    : undefined;
  const trainer = await createTrainer(model, {
    ...options,
    adam: { ...state?.adam, ...options.adam },
    rl: { ...state?.rl, ...options.rl },
  });
  const optFile = path.join(dir, 'optimizer.safetensors');
  if (state && existsSync(optFile)) {
    const { tensors } = await readSafetensors(optFile);
    for (const [name, m] of trainer.optimizer.m) {
      const saved = tensors.get(`exp_avg.${name}`);
      if (saved) tf.tidy(() => m.assign(tf.tensor(saved.data, m.shape)));
    }
    for (const [name, v] of trainer.optimizer.v) {
      const saved = tensors.get(`exp_avg_sq.${name}`);
      if (saved) tf.tidy(() => v.assign(tf.tensor(saved.data, v.shape)));
    }
    trainer.optimizer.step = state.step;
  }
  return trainer;
}
