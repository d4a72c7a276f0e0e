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
  logitsType: KvType;
  /** false: the graph derives positions from attention_mask (optimum's Llama-family exports). */
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
  const logitsMeta = tensorMeta(outputs, 'logits');
  if (!logitsMeta) return fail('expected an output "logits"');
  if (logitsMeta.type !== 'float32' && logitsMeta.type !== 'float16') fail(`expected logits to be float32 or float16, found ${logitsMeta.type}`);

  const pastNames = session.inputNames.filter((n) => n.startsWith('past_key_values.'));
  if (pastNames.length !== 2 * folder.numLayers) {
    fail(`expected ${2 * folder.numLayers} inputs past_key_values.N.key/value for the ${folder.numLayers} layers in config.json, found ${pastNames.length}`);
  }
  // KV heads and head size come from config.json; a graph whose past shapes say
  // otherwise belongs to another config (e.g. a GQA export with a stale config).
  const configFile = path.join(path.relative(process.cwd(), folder.dir) || folder.dir, 'config.json');
  const kvTypeOf = (name: string) => {
    const m = tensorMeta(inputs, name);
    if (!m) return fail(`expected an input "${name}"`);
    if (m.type !== 'float32' && m.type !== 'float16') fail(`expected ${name} to be float32 or float16, found ${m.type}`);
    if (m.shape.length !== 4) fail(`expected ${name} to have 4 dimensions [batch, kv_heads, past, head_dim]`);
    const [, heads, , size] = m.shape;
    if (typeof heads === 'number' && heads !== folder.numKeyValueHeads) {
      fail(`${name} has ${heads} key/value heads but ${configFile} has num_key_value_heads ${folder.numKeyValueHeads}; expected them to agree`);
    }
    if (typeof size === 'number' && size !== folder.headDim) {
      fail(`${name} has head size ${size} but ${configFile} gives head_dim ${folder.headDim}; expected them to agree`);
    }
    return m.type as KvType;
  };
  const kvType = kvTypeOf('past_key_values.0.key');
  for (let l = 0; l < folder.numLayers; l++) {
    for (const kind of ['key', 'value']) {
      const name = `past_key_values.${l}.${kind}`;
      if (kvTypeOf(name) !== kvType) fail(`expected every past_key_values input to share past_key_values.0.key's ${kvType}`);
      const present = tensorMeta(outputs, `present.${l}.${kind}`);
      if (!present) fail(`expected an output "present.${l}.${kind}"`);
      else if (present.type !== kvType) fail(`expected present.${l}.${kind} to be ${kvType} like its past input, found ${present.type}`);
    }
  }
  const hasPositionIds = session.inputNames.includes('position_ids');
  const hasUseCacheBranch = session.inputNames.includes('use_cache_branch');
  if (hasUseCacheBranch && tensorMeta(inputs, 'use_cache_branch')?.type !== 'bool') fail('expected input "use_cache_branch" to be bool');
  const provider = options.provider;
  const inputsNote = `${hasPositionIds ? '' : ', positions from attention_mask'}${hasUseCacheBranch ? ', use_cache_branch' : ''}`;
  (options.log ?? console.info)(
    `[policy] onnxruntime session ${file} on ${provider.toUpperCase()} (kv ${kvType} x ${folder.numKeyValueHeads} heads, ${folder.numLayers} layers${inputsNote})`,
  );
  return {
    session,
    provider,
    file,
    numLayers: folder.numLayers,
    kvHeads: folder.numKeyValueHeads,
    headDim: folder.headDim,
    kvType,
    logitsType: logitsMeta.type as KvType,
    hasPositionIds,
    hasUseCacheBranch,
  };
}
