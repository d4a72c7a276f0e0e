// Options for writing variant graphs of the built-in architecture that follow the
// conventions of users' optimum exports (SmolLM2, Qwen2.5 ...), so the engine's
// paths for them run against real graphs in tests, without downloads.

import type { ModelConfig } from '../model/config';

export interface OnnxExportOptions {
  /** Take position_ids as an input (default). false: derive them from attention_mask (cumsum - 1), as optimum's Llama-family exports. */
  positionIds?: boolean;
  /**
   * Key/value heads of the graph's past/present. The weights decide it: this only
   * asserts that the model was built with that many (grouped-query attention).
   */
  kvHeads?: number;
  /** Element type of past_key_values.* inputs and present.* outputs (default float32). */
  kvDtype?: 'float32' | 'float16';
  /** Element type of the logits output (default float32). */
  logitsDtype?: 'float32' | 'float16';
  /** Add the bool use_cache_branch input of optimum's merged decoders (default false). */
  useCacheBranch?: boolean;
}

export type ResolvedExportOptions = Required<Omit<OnnxExportOptions, 'kvHeads'>> & { kvHeads: number };

export function resolveExportOptions(config: ModelConfig, options: OnnxExportOptions = {}): ResolvedExportOptions {
  const kvHeads = options.kvHeads ?? config.num_key_value_heads;
  if (kvHeads !== config.num_key_value_heads) {
    throw new Error(
      `export asked for ${kvHeads} key/value heads but the model has num_key_value_heads ${config.num_key_value_heads}; ` +
        'build the model with that many (builtinConfigFor(tokenizer, { kvHeads }))',
    );
  }
  return {
    positionIds: options.positionIds ?? true,
    kvHeads,
    kvDtype: options.kvDtype ?? 'float32',
    logitsDtype: options.logitsDtype ?? 'float32',
    useCacheBranch: options.useCacheBranch ?? false,
  };
}
