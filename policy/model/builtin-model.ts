// A built-in model as plain data: config, tokenizer files and float32 weights. The
// trainer turns it into tfjs variables; the exporter turns it into ONNX.

import type { ModelConfig } from './config';
import { builtinModelConfig } from './config';
import { initialWeights } from './parameters';
import { trainByteLevelBpe } from '../tokenizer/bpe-trainer';
import { builtinTokenizerConfig } from '../tokenizer/tokenizer-config';
import { BOS_TOKEN, EOS_TOKEN, PAD_TOKEN } from '../tokenizer/special-tokens';
import { ChatTokenizer } from '../tokenizer/chat-tokenizer';

export interface TokenizerFiles {
  /** tokenizer.json content. */
  tokenizerJson: Record<string, unknown>;
  /** tokenizer_config.json content (chat template included). */
  tokenizerConfig: Record<string, unknown>;
}

export interface BuiltinModel {
  config: ModelConfig;
  tokenizer: TokenizerFiles;
  /** Linear weights [in, out]; names as in transformers' Llama. */
  weights: Map<string, Float32Array>;
}

export interface BuiltinTokenizerOptions {
  vocabSize?: number;
  maxPositions?: number;
}

/** Trains the built-in byte-level BPE on a corpus (e.g. expert transcripts). */
export function buildBuiltinTokenizer(corpus: Iterable<string>, options: BuiltinTokenizerOptions = {}): TokenizerFiles {
  const tokenizerJson = trainByteLevelBpe(corpus, { vocabSize: options.vocabSize ?? 768 });
  return {
    tokenizerJson: tokenizerJson as unknown as Record<string, unknown>,
    tokenizerConfig: builtinTokenizerConfig(tokenizerJson, options.maxPositions ?? 1024),
  };
}

export function chatTokenizerOf(files: TokenizerFiles): ChatTokenizer {
  return new ChatTokenizer({ tokenizer: files.tokenizerJson, config: files.tokenizerConfig });
}

/** A model config sized for a tokenizer (vocab and special ids taken from it). */
export function builtinConfigFor(
  tokenizer: TokenizerFiles,
  size: { hiddenSize?: number; layers?: number; heads?: number; kvHeads?: number; intermediateSize?: number; maxPositions?: number; keySmear?: boolean } = {},
): ModelConfig {
  const tok = chatTokenizerOf(tokenizer);
  const id = (t: string) => {
    const v = tok.tokenId(t);
    if (v === undefined) throw new Error(`tokenizer.json: expected the special token ${t}`);
    return v;
  };
  return builtinModelConfig({
    vocabSize: tok.vocabSize,
    ...size,
    bosTokenId: id(BOS_TOKEN),
    eosTokenId: id(EOS_TOKEN),
    padTokenId: id(PAD_TOKEN),
  });
}

/** A freshly initialised built-in model; the same seed gives the same weights. */
export function createBuiltinModel(config: ModelConfig, tokenizer: TokenizerFiles, seed: number): BuiltinModel {
  const tok = chatTokenizerOf(tokenizer);
  if (tok.vocabSize > config.vocab_size) {
    throw new Error(`tokenizer.json has ${tok.vocabSize} tokens but config vocab_size is ${config.vocab_size}`);
  }
  return { config, tokenizer, weights: initialWeights(config, seed) };
}
