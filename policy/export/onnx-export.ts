// Writes the built-in model as an ONNX decoder with KV cache, in the Hugging Face
// optimum convention, mirroring policy/model/transformer.ts op by op:
//   inputs  input_ids, attention_mask, position_ids [B, S] int64,
//           past_key_values.N.key/value [B, KV, P, Dh] float32
//   outputs logits [B, S, V], present.N.key/value [B, KV, P+S, Dh]
// Options (export-options.ts) write the variants users' optimum exports show:
// no position_ids, fp16 KV / logits, a use_cache_branch input; KV < H is GQA.

import type { BuiltinModel } from '../model/builtin-model';
import { ropeTables, MASK_VALUE } from '../model/transformer';
import { GraphBuilder, ONNX_BOOL, onnxType } from './onnx-graph';
import { resolveExportOptions, type OnnxExportOptions } from './export-options';
import { asOutput, pastAsFloat, positionsFromMask } from './optimum-inputs';

export const ONNX_OPSET = 17;

function transposeMatrix(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

export function buildOnnxModel(model: BuiltinModel, options: OnnxExportOptions = {}): Uint8Array {
  const c = model.config;
  const opts = resolveExportOptions(c, options);
  const g = new GraphBuilder();
  const H = c.num_attention_heads;
  const KV = c.num_key_value_heads;
  const Dh = c.head_dim;
  const D = c.hidden_size;
  const weight = (name: string, dims: number[]) => {
    const data = model.weights.get(name);
    if (!data) throw new Error(`model weights lack ${name}`);
    return g.floatInit(name, data, dims);
  };

  const inputIds = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const attentionMask = g.input('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
  const positionInput = opts.positionIds ? g.input('position_ids', 'int64', ['batch_size', 'sequence_length']) : undefined;
  for (let l = 0; l < c.num_hidden_layers; l++) {
    for (const kind of ['key', 'value']) {
      g.input(`past_key_values.${l}.${kind}`, opts.kvDtype, ['batch_size', KV, 'past_sequence_length', Dh]);
    }
  }
  const useCacheBranch = opts.useCacheBranch ? g.input('use_cache_branch', 'bool', [1]) : undefined;

  // Sequence, total and past lengths (scalars).
  const S = g.o('Squeeze', [g.o('Shape', [inputIds], { start: 1, end: 2 }), g.ints([0])]);
  const T = g.o('Squeeze', [g.o('Shape', [attentionMask], { start: 1, end: 2 }), g.ints([0])]);
  const P = g.o('Sub', [T, S]);
  const positionIds = positionInput ?? positionsFromMask(g, attentionMask, P);

  // Embedding and rotary tables gathered at the given positions: [B, 1, S, Dh].
  const embed = weight('model.embed_tokens.weight', [c.vocab_size, D]);
  let x = g.o('Gather', [embed, inputIds], { axis: 0 });
  const { cos, sin } = ropeTables(c);
  const cosTable = g.floatInit('rope.cos', cos, [c.max_position_embeddings, Dh]);
  const sinTable = g.floatInit('rope.sin', sin, [c.max_position_embeddings, Dh]);
  const cosAt = g.o('Unsqueeze', [g.o('Gather', [cosTable, positionIds], { axis: 0 }), g.ints([1])]);
  const sinAt = g.o('Unsqueeze', [g.o('Gather', [sinTable, positionIds], { axis: 0 }), g.ints([1])]);

  // Mask bias [B, 1, S, T]: query i (absolute index P+i) sees key j when j <= P+i
  // and attention_mask[b, j] == 1; otherwise MASK_VALUE is added to the score.
  const keyIdx = g.o('Range', [g.ints([0], true), T, g.ints([1], true)]);
  const queryIdx = g.o('Unsqueeze', [g.o('Add', [g.o('Range', [g.ints([0], true), S, g.ints([1], true)]), P]), g.ints([1])]);
  const causal = g.o('LessOrEqual', [keyIdx, queryIdx]);
  const notPad = g.o('Unsqueeze', [g.o('Cast', [attentionMask], { to: ONNX_BOOL }), g.ints([1, 2])]);
  const allowed = g.o('And', [causal, notPad]);
  const maskBias = g.o('Where', [allowed, g.float(0), g.float(MASK_VALUE)]);

  const rmsNorm = (input: string, w: string) => {
    const variance = g.o('ReduceMean', [g.o('Mul', [input, input])], { axes: [-1], keepdims: 1 });
    const normed = g.o('Div', [input, g.o('Sqrt', [g.o('Add', [variance, g.float(c.rms_norm_eps)])])]);
    return g.o('Mul', [normed, w]);
  };
  const heads = (input: string, n: number) => g.o('Transpose', [g.o('Reshape', [input, g.ints([0, 0, n, Dh])])], { perm: [0, 2, 1, 3] });
  const rope = (input: string) => {
    const x1 = g.o('Slice', [input, g.ints([0]), g.ints([Dh / 2]), g.ints([3])]);
    const x2 = g.o('Slice', [input, g.ints([Dh / 2]), g.ints([Dh]), g.ints([3])]);
    const rotated = g.o('Concat', [g.o('Neg', [x2]), x1], { axis: 3 });
    return g.o('Add', [g.o('Mul', [input, cosAt]), g.o('Mul', [rotated, sinAt])]);
  };
  // [B, KV, T, Dh] -> [B, H, T, Dh], head h reading kv head floor(h / nRep) (transformers' repeat_kv).
  const nRep = H / KV;
  const repeatKv = (input: string) =>
    nRep === 1 ? input : g.o('Reshape', [g.o('Expand', [g.o('Unsqueeze', [input, g.ints([2])]), g.ints([1, 1, nRep, 1, 1])]), g.ints([0, H, -1, Dh])]);

  // Smeared keys (transformer.ts): each cached key mixed with the one before it; the cache
  // keeps the unmixed keys, so the mix is recomputed over the whole cache every step.
  const previousReal = g.o('Unsqueeze', [
    g.o('Pad', [g.o('Slice', [g.o('Cast', [attentionMask], { to: onnxType('float32') }), g.ints([0]), g.ints([-1]), g.ints([1])]), g.ints([0, 1, 0, 0])]),
    g.ints([1, 3]),
  ]);
  const smearKeys = (keys: string, gate: string) => {
    const a = g.o('Reshape', [g.o('Sigmoid', [gate]), g.ints([1, KV, 1, 1])]);
    const previous = g.o('Pad', [g.o('Slice', [keys, g.ints([0]), g.ints([-1]), g.ints([2])]), g.ints([0, 0, 1, 0, 0, 0, 0, 0])]);
    return g.o('Add', [g.o('Mul', [keys, a]), g.o('Mul', [g.o('Mul', [previous, previousReal]), g.o('Sub', [g.float(1), a])])]);
  };

  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `model.layers.${l}`;
    const h = rmsNorm(x, weight(`${p}.input_layernorm.weight`, [D]));
    const q = rope(heads(g.o('MatMul', [h, weight(`${p}.self_attn.q_proj.weight`, [D, H * Dh])]), H));
    const k = rope(heads(g.o('MatMul', [h, weight(`${p}.self_attn.k_proj.weight`, [D, KV * Dh])]), KV));
    const v = heads(g.o('MatMul', [h, weight(`${p}.self_attn.v_proj.weight`, [D, KV * Dh])]), KV);
    const present = (kind: string, current: string) =>
      asOutput(g, `present.${l}.${kind}`, opts.kvDtype, (name) =>
        g.o('Concat', [pastAsFloat(g, `past_key_values.${l}.${kind}`, opts.kvDtype, useCacheBranch), current], { axis: 2 }, name),
      );
    const keys = present('key', k);
    const presentK = repeatKv(c.key_smear ? smearKeys(keys, weight(`${p}.self_attn.key_smear`, [KV])) : keys);
    const presentV = repeatKv(present('value', v));
    const scores = g.o('Add', [
      g.o('Mul', [g.o('MatMul', [q, g.o('Transpose', [presentK], { perm: [0, 1, 3, 2] })]), g.float(1 / Math.sqrt(Dh))]),
      maskBias,
    ]);
    const attn = g.o('MatMul', [g.o('Softmax', [scores], { axis: -1 }), presentV]);
    const merged = g.o('Reshape', [g.o('Transpose', [attn], { perm: [0, 2, 1, 3] }), g.ints([0, 0, H * Dh])]);
    x = g.o('Add', [x, g.o('MatMul', [merged, weight(`${p}.self_attn.o_proj.weight`, [H * Dh, D])])]);

    const m = rmsNorm(x, weight(`${p}.post_attention_layernorm.weight`, [D]));
    const gate = g.o('MatMul', [m, weight(`${p}.mlp.gate_proj.weight`, [D, c.intermediate_size])]);
    const up = g.o('MatMul', [m, weight(`${p}.mlp.up_proj.weight`, [D, c.intermediate_size])]);
    const act = g.o('Mul', [g.o('Mul', [gate, g.o('Sigmoid', [gate])]), up]);
    x = g.o('Add', [x, g.o('MatMul', [act, weight(`${p}.mlp.down_proj.weight`, [c.intermediate_size, D])])]);
    for (const kind of ['key', 'value']) {
      g.output(`present.${l}.${kind}`, opts.kvDtype, ['batch_size', KV, 'total_sequence_length', Dh]);
    }
  }

  const final = rmsNorm(x, weight('model.norm.weight', [D]));
  // Tied embeddings: the LM head is the embedding table, transposed once here.
  const lmHead = g.floatInit('lm_head.weight', transposeMatrix(model.weights.get('model.embed_tokens.weight')!, c.vocab_size, D), [D, c.vocab_size]);
  asOutput(g, 'logits', opts.logitsDtype, (name) => g.o('MatMul', [final, lmHead], {}, name));
  g.output('logits', opts.logitsDtype, ['batch_size', 'sequence_length', c.vocab_size]);
  g.outputs.unshift(g.outputs.pop()!); // logits first, as optimum lists it
  return g.toModelBytes(ONNX_OPSET, 'helix_decoder', { model_type: c.model_type });
}
