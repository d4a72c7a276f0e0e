// Reads and checks a Hugging Face model folder (optimum ONNX export layout) before
// any session starts, so a bad folder fails with the file and what was expected.

import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ChatTokenizer } from '../tokenizer/chat-tokenizer';

export interface ModelFolder {
  dir: string;
  onnxPath: string;
  tokenizer: ChatTokenizer;
  numLayers: number;
  numKeyValueHeads: number;
  headDim: number;
  vocabSize: number;
  maxPositions: number;
  /** Token ids that end generation (eos of config, generation_config and tokenizer). */
  eosTokenIds: number[];
  padTokenId: number;
}

/** Where optimum and transformers.js put the decoder graph, in order of preference. */
export const ONNX_CANDIDATES = ['onnx/model.onnx', 'model.onnx', 'onnx/decoder_model_merged.onnx', 'decoder_model_merged.onnx'];

async function readJson(file: string, expected: string): Promise<any> {
  if (!existsSync(file)) throw new Error(`${file}: missing; expected ${expected}`);
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message}); expected ${expected}`);
  }
}

function ids(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.filter((v): v is number => typeof v === 'number');
  return [];
}

function positiveInt(config: Record<string, unknown>, file: string, ...keys: string[]): number {
  for (const k of keys) {
    const v = config[k];
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  }
  throw new Error(`${file}: expected a positive integer "${keys[0]}"`);
}

export async function loadModelFolder(dir: string, onnxFile?: string): Promise<ModelFolder> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir}: model folder not found`);
  const configFile = path.join(dir, 'config.json');
  const config = await readJson(configFile, 'the model config.json (vocab_size, num_hidden_layers, ...)');
  const numLayers = positiveInt(config, configFile, 'num_hidden_layers', 'n_layer', 'num_layers');
  const heads = positiveInt(config, configFile, 'num_attention_heads', 'n_head');
  const hidden = positiveInt(config, configFile, 'hidden_size', 'n_embd');
  const vocabSize = positiveInt(config, configFile, 'vocab_size');
  const numKeyValueHeads = typeof config.num_key_value_heads === 'number' ? config.num_key_value_heads : heads;
  const headDim = typeof config.head_dim === 'number' ? config.head_dim : hidden / heads;
  const maxPositions = typeof config.max_position_embeddings === 'number' ? config.max_position_embeddings : 4096;

  const tokenizerFile = path.join(dir, 'tokenizer.json');
  const tokenizerJson = await readJson(tokenizerFile, 'a Hugging Face tokenizer.json');
  const tokenizerConfigFile = path.join(dir, 'tokenizer_config.json');
  const tokenizerConfig = await readJson(tokenizerConfigFile, 'tokenizer_config.json (special tokens and chat_template)');
  const templateFile = path.join(dir, 'chat_template.jinja');
  const chatTemplate = existsSync(templateFile) ? await readFile(templateFile, 'utf8') : undefined;
  let tokenizer: ChatTokenizer;
  try {
    tokenizer = new ChatTokenizer({ tokenizer: tokenizerJson, config: tokenizerConfig, chatTemplate });
  } catch (e) {
    throw new Error(`${tokenizerFile}: cannot build the tokenizer: ${(e as Error).message}`);
  }
  if (tokenizer.vocabSize > vocabSize) {
    throw new Error(
      `${tokenizerFile}: has token ids up to ${tokenizer.vocabSize - 1} but ${configFile} has vocab_size ${vocabSize}; ` +
        'expected the tokenizer that belongs to this model',
    );
  }

  const generationFile = path.join(dir, 'generation_config.json');
  const generation = existsSync(generationFile) ? await readJson(generationFile, 'generation_config.json') : {};
  const eosTokenIds = [...new Set([...ids(generation.eos_token_id), ...ids(config.eos_token_id), ...ids(tokenizer.eosId)])];
  if (eosTokenIds.length === 0) {
    throw new Error(`${configFile}: expected an eos_token_id (here, in generation_config.json or as eos_token in tokenizer_config.json)`);
  }
  for (const id of eosTokenIds) {
    if (id >= vocabSize) throw new Error(`${configFile}: eos_token_id ${id} is outside vocab_size ${vocabSize}`);
  }
  const padTokenId = ids(generation.pad_token_id)[0] ?? ids(config.pad_token_id)[0] ?? eosTokenIds[0];

  const candidates = onnxFile ? [onnxFile] : ONNX_CANDIDATES;
  const found = candidates.map((c) => path.join(dir, c)).find((p) => existsSync(p));
  if (!found) throw new Error(`${dir}: no ONNX decoder found; expected one of ${candidates.join(', ')}`);

  return { dir, onnxPath: found, tokenizer, numLayers, numKeyValueHeads, headDim, vocabSize, maxPositions, eosTokenIds, padTokenId };
}
