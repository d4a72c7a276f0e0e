// Writes a Hugging Face optimum-style model folder for the built-in model:
// config.json, generation_config.json, tokenizer.json, tokenizer_config.json,
// onnx/model.onnx. The engine (or transformers.js / optimum) loads it as-is.

import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuiltinModel } from '../model/builtin-model';
import { buildOnnxModel } from './onnx-export';
import type { OnnxExportOptions } from './export-options';

async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFile(file, JSON.stringify(value, null, 2) + '\n');
}

/** `options` write a variant graph (optimum conventions of users' exports); see export-options.ts. */
export async function exportModelFolder(model: BuiltinModel, dir: string, options: OnnxExportOptions = {}): Promise<void> {
  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  const c = model.config;
  await writeJson(path.join(dir, 'config.json'), { ...c, use_cache: true, transformers_version: '4.46.0' });
  await writeJson(path.join(dir, 'generation_config.json'), {
    bos_token_id: c.bos_token_id,
    eos_token_id: c.eos_token_id,
    pad_token_id: c.pad_token_id,
  });
  await writeJson(path.join(dir, 'tokenizer.json'), model.tokenizer.tokenizerJson);
  await writeJson(path.join(dir, 'tokenizer_config.json'), model.tokenizer.tokenizerConfig);
  await writeJson(path.join(dir, 'special_tokens_map.json'), {
    bos_token: model.tokenizer.tokenizerConfig.bos_token,
    eos_token: model.tokenizer.tokenizerConfig.eos_token,
    pad_token: model.tokenizer.tokenizerConfig.pad_token,
  });
  // Write then rename, so a reader never sees a half-written graph.
  const target = path.join(dir, 'onnx', 'model.onnx');
  await writeFile(target + '.tmp', buildOnnxModel(model, options));
  await rename(target + '.tmp', target);
}
