// Hyperparameters of the built-in decoder, in Hugging Face config.json names. The
// architecture is Llama's (RMSNorm, rotary positions, SwiGLU, no biases, tied
// embeddings), so an exported config.json reads like any small Llama.

import { z } from 'zod';

export const ModelConfigSchema = z
  .object({
    model_type: z.literal('llama').default('llama'),
    architectures: z.array(z.string()).default(['LlamaForCausalLM']),
    vocab_size: z.number().int().positive(),
    hidden_size: z.number().int().positive(),
    intermediate_size: z.number().int().positive(),
    num_hidden_layers: z.number().int().positive(),
    num_attention_heads: z.number().int().positive(),
    num_key_value_heads: z.number().int().positive(),
    head_dim: z.number().int().positive(),
    max_position_embeddings: z.number().int().positive(),
    rms_norm_eps: z.number().positive().default(1e-5),
    rope_theta: z.number().positive().default(10000),
    tie_word_embeddings: z.literal(true).default(true),
    hidden_act: z.literal('silu').default('silu'),
    initializer_range: z.number().positive().default(0.02),
    bos_token_id: z.number().int().nonnegative(),
    eos_token_id: z.number().int().nonnegative(),
    pad_token_id: z.number().int().nonnegative(),
    torch_dtype: z.literal('float32').default('float32'),
    /** Smeared keys: each key mixed with the previous position's key (a learned gate per kv head). */
    key_smear: z.boolean().default(false),
  })
  .refine((c) => c.num_attention_heads * c.head_dim === c.hidden_size, {
    message: 'num_attention_heads * head_dim must equal hidden_size',
  })
  .refine((c) => c.num_attention_heads % c.num_key_value_heads === 0, {
    // Grouped-query attention: each key/value head serves a whole group of query heads.
    message: 'num_attention_heads must be a multiple of num_key_value_heads',
  })
  .refine((c) => c.head_dim % 2 === 0, { message: 'head_dim must be even for rotary embeddings' });

export type ModelConfig = z.infer<typeof ModelConfigSchema>;

export interface ModelSize {
  vocabSize: number;
  hiddenSize?: number;
  layers?: number;
  heads?: number;
  /** Grouped-query attention; defaults to `heads` (full multi-head attention). */
  kvHeads?: number;
  intermediateSize?: number;
  maxPositions?: number;
  keySmear?: boolean;
  bosTokenId: number;
  eosTokenId: number;
  padTokenId: number;
}

/** A config for the built-in model; defaults train in minutes on 2 CPU cores. */
export function builtinModelConfig(size: ModelSize): ModelConfig {
  const hidden = size.hiddenSize ?? 96;
  const heads = size.heads ?? 4;
  return ModelConfigSchema.parse({
    vocab_size: size.vocabSize,
    hidden_size: hidden,
    intermediate_size: size.intermediateSize ?? Math.round((hidden * 8) / 3 / 8) * 8,
    num_hidden_layers: size.layers ?? 3,
    num_attention_heads: heads,
    num_key_value_heads: size.kvHeads ?? heads,
    head_dim: hidden / heads,
    max_position_embeddings: size.maxPositions ?? 1024,
    key_smear: size.keySmear ?? false,
    bos_token_id: size.bosTokenId,
    eos_token_id: size.eosTokenId,
    pad_token_id: size.padTokenId,
  });
}

/** Parses a config.json, naming the file in the error. */
export function parseModelConfig(json: unknown, file = 'config.json'): ModelConfig {
  const parsed = ModelConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${file}: not a built-in model config (${issues})`);
  }
  return parsed.data;
}
