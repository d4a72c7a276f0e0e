// An onnxruntime session over a decoder graph, with its inputs checked against the
// Hugging Face convention and read from the session metadata: whether it takes
// position_ids, the KV dtype (fp32/fp16), KV heads and head size.

import * as ort from 'onnxruntime-node';
import path from 'node:path';
import type { ModelFolder } from './model-folder';
import { assertProviderAvailable, CUDA_INSTALL_HINT, type ExecutionProviderName } from './execution-provider';

export type KvType = 'float32' | 'float16';

export interface DecoderSession {
  session: ort.InferenceSession;
  provider: ExecutionProviderName;
  file: string;
  numLayers: number;
  kvHeads: number;
  headDim: number;
  kvType: KvType;
  hasPositionIds: boolean;
  /** Older optimum "merged" decoders take a boolean use_cache_branch input. */
  hasUseCacheBranch: boolean;
}

export interface SessionOptions {
  provider: ExecutionProviderName;
  intraOpThreads?: number;
  log?: (line: string) => void;
}

function tensorMeta(list: readonly ort.InferenceSession.ValueMetadata[], name: string) {
  const m = list.find((x) => x.name === name);
  return m && m.isTensor ? m : undefined;
}

export async function openDecoderSession(folder: ModelFolder, options: SessionOptions): Promise<DecoderSession> {
  assertProviderAvailable(options.provider);
  const file = path.relative(process.cwd(), folder.onnxPath) || folder.onnxPath;
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(folder.onnxPath, {
      executionProviders: [options.provider],
      graphOptimizationLevel: 'all',
      ...(options.intraOpThreads ? { intraOpNumThreads: options.intraOpThreads } : {}),
    });
  } catch (e) {
    const hint = options.provider === 'cuda' ? ` (CUDA provider: ${CUDA_INSTALL_HINT})` : '';
    throw new Error(`${file}: onnxruntime could not load the graph on ${options.provider}${hint}: ${(e as Error).message}`);
  }
  const inputs = session.inputMetadata;
  const outputs = session.outputMetadata;
  const have = `graph inputs: ${session.inputNames.join(', ')}; outputs: ${session.outputNames.join(', ')}`;
  const fail = (what: string): never => {
    void session.release();
    throw new Error(`${file}: ${what} (Hugging Face ONNX decoder convention; ${have})`);
  };

  for (const name of ['input_ids', 'attention_mask']) {
    const m = tensorMeta(inputs, name);
    if (!m) fail(`expected an input "${name}"`);
    else if (m.type !== 'int64') fail(`expected input "${name}" to be int64, found ${m.type}`);
  }
  if (!tensorMeta(outputs, 'logits')) fail('expected an output "logits"');

  const pastNames = session.inputNames.filter((n) => n.startsWith('past_key_values.'));
  if (pastNames.length !== 2 * folder.numLayers) {
    fail(`expected ${2 * folder.numLayers} inputs past_key_values.N.key/value for the ${folder.numLayers} layers in config.json, found ${pastNames.length}`);
  }
  let kvType: KvType = 'float32';
  let kvHeads = folder.numKeyValueHeads;
  let headDim = folder.headDim;
  for (let l = 0; l < folder.numLayers; l++) {
    for (const kind of ['key', 'value']) {
      const m = tensorMeta(inputs, `past_key_values.${l}.${kind}`);
      if (!m) return fail(`expected an input "past_key_values.${l}.${kind}"`);
      if (!tensorMeta(outputs, `present.${l}.${kind}`)) fail(`expected an output "present.${l}.${kind}"`);
      if (m.type !== 'float32' && m.type !== 'float16') fail(`expected past_key_values.${l}.${kind} to be float32 or float16, found ${m.type}`);
      kvType = m.type as KvType;
      if (m.shape.length !== 4) fail(`expected past_key_values.${l}.${kind} to have 4 dimensions [batch, heads, past, head_dim]`);
      if (typeof m.shape[1] === 'number') kvHeads = m.shape[1];
      if (typeof m.shape[3] === 'number') headDim = m.shape[3];
    }
  }
  const provider = options.provider;
  (options.log ?? console.info)(`[policy] onnxruntime session ${file} on ${provider.toUpperCase()} (kv ${kvType}, ${folder.numLayers} layers)`);
  return {
    session,
    provider,
    file,
    numLayers: folder.numLayers,
    kvHeads,
    headDim,
    kvType,
    hasPositionIds: session.inputNames.includes('position_ids'),
    hasUseCacheBranch: session.inputNames.includes('use_cache_branch'),
  };
}
