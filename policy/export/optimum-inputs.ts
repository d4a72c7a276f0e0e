// Graph pieces for the input conventions that differ between optimum exports:
// positions derived from the mask, fp16 KV cache, and the merged decoder's
// use_cache_branch switch.

import { onnxType, type GraphBuilder } from './onnx-graph';

/** Slice "to the end" bound (ONNX clamps it to the dimension). */
const TO_END = 2 ** 30;

/**
 * position_ids [B, S] from attention_mask [B, T] as optimum does for Llama-family
 * models: cumsum(mask) - 1, padding set to 1, keeping the last S columns.
 */
export function positionsFromMask(g: GraphBuilder, attentionMask: string, pastLength: string): string {
  const cumulative = g.o('Sub', [g.o('CumSum', [attentionMask, g.ints([1], true)]), g.ints([1], true)]);
  const isPad = g.o('Equal', [attentionMask, g.ints([0], true)]);
  const positions = g.o('Where', [isPad, g.ints([1], true), cumulative]);
  return g.o('Slice', [positions, g.o('Unsqueeze', [pastLength, g.ints([0])]), g.ints([TO_END]), g.ints([1])]);
}

/**
 * A past input as the float32 the attention uses. With a use_cache_branch input,
 * false drops the past (the merged decoder's no-cache branch), so a wrong feed
 * breaks shapes instead of passing silently.
 */
export function pastAsFloat(g: GraphBuilder, past: string, kvDtype: 'float32' | 'float16', useCacheBranch?: string): string {
  let x = past;
  if (useCacheBranch) {
    const keep = g.o('Mul', [g.o('Cast', [useCacheBranch], { to: onnxType('int64') }), g.ints([TO_END])]);
    x = g.o('Slice', [x, g.ints([0]), keep, g.ints([2])]);
  }
  return kvDtype === 'float32' ? x : g.o('Cast', [x], { to: onnxType('float32') });
}

/**
 * Runs `op` producing a float32 value that is also the graph output `name` in
 * `dtype`: named directly when float32, else through a Cast (the float32 value
 * stays for the rest of the graph). Returns the float32 value.
 */
export function asOutput(g: GraphBuilder, name: string, dtype: 'float32' | 'float16', op: (outputName?: string) => string): string {
  if (dtype === 'float32') return op(name);
  const value = op();
  g.o('Cast', [value], { to: onnxType('float16') }, name);
  return value;
}
