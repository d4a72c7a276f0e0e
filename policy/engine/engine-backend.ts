// OnnxPolicyEngine: the PolicyBackend for the inference queue. Loads model folders
// (built-in exports or users' optimum exports), keeps an LRU of loaded policy
// versions, and batches concurrent generate() calls per version.

import path from 'node:path';
import type { GenerateRequest, GenerateResult, PolicyBackend } from '../backend';
import { loadModelFolder } from './model-folder';
import { openDecoderSession, type DecoderSession } from './session';
import { runGeneration, type GenerationJob, type GenerationOutput, type LoadedModel } from './generation-loop';
import { MicroBatcher } from './micro-batcher';
import { LruCache } from './lru';
import type { ExecutionProviderName } from './execution-provider';

export interface OnnxPolicyEngineOptions {
  /** The default policy version's model folder. */
  modelDir: string;
  /** 'cpu' (default) or 'cuda' (GPU workers; see execution-provider.ts for the install flag). */
  executionProvider?: ExecutionProviderName;
  /** Most requests run together in one batch (default 8). */
  maxBatch?: number;
  /** How long the first queued request waits for others (default 5 ms). */
  maxWaitMs?: number;
  /** Policy versions kept loaded (default 2). */
  maxLoadedVersions?: number;
  /** A graph other than the default onnx/model.onnx, e.g. onnx/model_fp16.onnx. */
  onnxFile?: string;
  intraOpThreads?: number;
  log?: (line: string) => void;
}

interface LoadedVersion {
  model: LoadedModel;
  batcher: MicroBatcher<GenerationJob, GenerationOutput>;
}

export class OnnxPolicyEngine implements PolicyBackend {
  readonly name: string;
  private readonly options: Required<Omit<OnnxPolicyEngineOptions, 'onnxFile' | 'intraOpThreads'>> &
    Pick<OnnxPolicyEngineOptions, 'onnxFile' | 'intraOpThreads'>;
  private readonly versions: LruCache<string, Promise<LoadedVersion>>;

  constructor(options: OnnxPolicyEngineOptions) {
    this.options = {
      executionProvider: 'cpu',
      maxBatch: 8,
      maxWaitMs: 5,
      maxLoadedVersions: 2,
      log: (line) => console.info(line),
      ...options,
    };
    this.name = `onnx:${path.basename(path.resolve(options.modelDir))}`;
    this.versions = new LruCache(this.options.maxLoadedVersions, (_dir, loaded) => {
      // Release once its queued and running batches are done.
      void loaded.then(async (v) => {
        await v.batcher.drain();
        await v.model.decoder.session.release();
      }).catch(() => {});
    });
  }

  /** Loads the default version now, so configuration errors surface at startup. */
  async start(): Promise<this> {
    await this.load(this.options.modelDir);
    return this;
  }

  generate(request: GenerateRequest): Promise<GenerateResult> {
    return this.generateWith(this.options.modelDir, request);
  }

  /** A PolicyBackend bound to another policy version (model folder). */
  version(modelDir: string): PolicyBackend {
    return { name: `onnx:${path.basename(path.resolve(modelDir))}`, generate: (r) => this.generateWith(modelDir, r) };
  }

  async generateWith(modelDir: string, request: GenerateRequest): Promise<GenerateResult> {
    const v = await this.load(modelDir);
    const promptIds = v.model.folder.tokenizer.encodePrompt(request.messages);
    const out = await v.batcher.submit({ promptIds, sampling: request.sampling });
    return {
      text: out.text,
      tokenIds: out.tokenIds,
      logprobs: out.logprobs,
      promptTokens: promptIds.length,
      completionTokens: out.tokenIds.length,
      finishReason: out.finishReason,
    };
  }

  /**
   * Teacher-forced log-probabilities of `continuationIds` after `promptIds`, through
   * the same prefill + cached-step loop as generation (parity checks, rescoring).
   */
  async score(promptIds: number[], continuationIds: number[], modelDir = this.options.modelDir, temperature = 1): Promise<number[]> {
    const v = await this.load(modelDir);
    const out = await v.batcher.submit({
      promptIds,
      forcedIds: continuationIds,
      sampling: { temperature, topP: 1, maxNewTokens: continuationIds.length, seed: 0, stop: [] },
    });
    return out.logprobs;
  }

  /** What the engine read from a version's graph: KV heads and dtype, optional inputs, provider. */
  async decoderInfo(modelDir = this.options.modelDir): Promise<Omit<DecoderSession, 'session'>> {
    const { session: _session, ...info } = (await this.load(modelDir)).model.decoder;
    return info;
  }

  /** The loaded tokenizer of a version (for building trainer input from rollouts). */
  async tokenizer(modelDir = this.options.modelDir) {
    return (await this.load(modelDir)).model.folder.tokenizer;
  }

  loadedVersions(): string[] {
    return this.versions.keys();
  }

  async close(): Promise<void> {
    const all = this.versions.values();
    for (const key of this.versions.keys()) this.versions.delete(key);
    for (const p of all) {
      const v = await p.catch(() => undefined);
      if (!v) continue;
      await v.batcher.drain();
      await v.model.decoder.session.release();
    }
  }

  private load(modelDir: string): Promise<LoadedVersion> {
    const key = path.resolve(modelDir);
    const cached = this.versions.get(key);
    if (cached) return cached;
    const loading = (async () => {
      const folder = await loadModelFolder(key, this.options.onnxFile);
      const decoder = await openDecoderSession(folder, {
        provider: this.options.executionProvider,
        intraOpThreads: this.options.intraOpThreads,
        log: this.options.log,
      });
      const model: LoadedModel = { folder, decoder };
      const batcher = new MicroBatcher<GenerationJob, GenerationOutput>((jobs) => runGeneration(model, jobs), {
        maxBatch: this.options.maxBatch,
        maxWaitMs: this.options.maxWaitMs,
      });
      return { model, batcher };
    })();
    // A failed load is not cached, so a fixed folder can be retried.
    loading.catch(() => this.versions.delete(key));
    this.versions.set(key, loading);
    return loading;
  }
}
