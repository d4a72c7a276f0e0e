// The built-in model's weights: names and shapes (Hugging Face Llama names), and
// seeded initialisation. Linear weights are kept [in, out] for matMul; the
// safetensors checkpoint transposes them to the [out, in] layout transformers uses.

import type { ModelConfig } from './config';
import { mulberry32 } from '../util/rng';

export interface ParameterSpec {
  name: string;
  shape: number[];
  /** A linear layer (stored transposed in checkpoints). */
  linear: boolean;
  init: 'normal' | 'ones' | 'zeros';
}

export function parameterSpecs(c: ModelConfig): ParameterSpec[] {
  const d = c.hidden_size;
  const qk = c.num_attention_heads * c.head_dim;
  const kv = c.num_key_value_heads * c.head_dim;
  const f = c.intermediate_size;
  const specs: ParameterSpec[] = [{ name: 'model.embed_tokens.weight', shape: [c.vocab_size, d], linear: false, init: 'normal' }];
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `model.layers.${l}`;
    specs.push(
      { name: `${p}.input_layernorm.weight`, shape: [d], linear: false, init: 'ones' },
      { name: `${p}.self_attn.q_proj.weight`, shape: [d, qk], linear: true, init: 'normal' },
      { name: `${p}.self_attn.k_proj.weight`, shape: [d, kv], linear: true, init: 'normal' },
      { name: `${p}.self_attn.v_proj.weight`, shape: [d, kv], linear: true, init: 'normal' },
      { name: `${p}.self_attn.o_proj.weight`, shape: [qk, d], linear: true, init: 'normal' },
      { name: `${p}.post_attention_layernorm.weight`, shape: [d], linear: false, init: 'ones' },
      { name: `${p}.mlp.gate_proj.weight`, shape: [d, f], linear: true, init: 'normal' },
      { name: `${p}.mlp.up_proj.weight`, shape: [d, f], linear: true, init: 'normal' },
      { name: `${p}.mlp.down_proj.weight`, shape: [f, d], linear: true, init: 'normal' },
    );
    if (c.key_smear) specs.push({ name: `${p}.self_attn.key_smear`, shape: [c.num_key_value_heads], linear: false, init: 'zeros' });
  }
  specs.push({ name: 'model.norm.weight', shape: [d], linear: false, init: 'ones' });
  return specs;
}

/** Seeded initial values, N(0, initializer_range) like transformers' Llama init. */
export function initialWeights(c: ModelConfig, seed: number): Map<string, Float32Array> {
  const rng = mulberry32(seed);
  const out = new Map<string, Float32Array>();
  for (const spec of parameterSpecs(c)) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    if (spec.init === 'ones') data.fill(1);
    else if (spec.init === 'zeros') data.fill(0);
    else for (let i = 0; i < n; i++) data[i] = rng.normal() * c.initializer_range;
    out.set(spec.name, data);
  }
  return out;
}
