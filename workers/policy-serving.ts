// What a worker process needs to serve and train models: the checkpoint store and, lazily, the
// onnxruntime engine with an LRU of loaded versions.
import { join, resolve } from 'node:path';
import type { HelixConfig } from '../temporal.config';
import type { Db } from '../db/client';
import { createModelBackends } from '../activities/model-backends';
import type { ModelBackendFactory } from '../activities/policies';
import { OnnxPolicyEngine, OpenAICompatibleBackend } from '../policy';
import { CheckpointStore } from '../training/checkpoint-store';

export function checkpointStoreOf(config: HelixConfig): CheckpointStore {
  return new CheckpointStore(join(resolve(config.dataDir), 'checkpoints'));
}

export function modelBackendsOf(config: HelixConfig, store: CheckpointStore, db: Db): { models: ModelBackendFactory; close(): Promise<void> } {
  const { inference } = config;
  const engine = new OnnxPolicyEngine({
    modelDir: store.root,
    executionProvider: inference.executionProvider,
    maxBatch: inference.maxBatch,
    maxWaitMs: inference.maxWaitMs,
    maxLoadedVersions: inference.maxLoadedVersions,
    log: () => {},
  });
  const openai = inference.openaiBaseUrl
    ? (model: string) => new OpenAICompatibleBackend({ baseUrl: inference.openaiBaseUrl!, apiKey: inference.openaiApiKey, model })
    : undefined;
  return { models: createModelBackends({ db, engine, openai }), close: () => engine.close() };
}
