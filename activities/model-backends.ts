// Model policies for the inference queue: a registered policy version is served by the
// onnxruntime engine from the model folder its registry row names; an OpenAI-compatible endpoint
// serves named models.
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/client';
import { getPolicyVersion } from '../db/training-store';
import type { OnnxPolicyEngine } from '../policy';
import type { PolicyBackend } from '../policy/backend';
import type { ModelBackendFactory } from './policies';

export function createModelBackends(options: { db: Db; engine: OnnxPolicyEngine; openai?: (model: string) => PolicyBackend }): ModelBackendFactory {
  // Versions never change once registered, so their folders can be remembered.
  const folders = new Map<string, string>();
  const modelDirOf = async (version: string): Promise<string> => {
    let dir = folders.get(version);
    if (!dir) {
      const row = await getPolicyVersion(options.db, version);
      if (!row) throw ApplicationFailure.nonRetryable(`Policy version '${version}' is not registered (table policy_versions).`);
      folders.set(version, (dir = row.modelDir));
    }
    return dir;
  };
  return (spec) => {
    if (spec.kind === 'onnx') {
      return {
        name: `onnx:${spec.version}`,
        generate: async (request) => options.engine.version(await modelDirOf(spec.version)).generate(request),
      };
    }
    if (!options.openai) {
      // A retry cannot configure the worker: fail the turn at once.
      throw ApplicationFailure.nonRetryable(`No OpenAI-compatible endpoint is configured for model '${spec.model}'. Set HELIX_OPENAI_BASE_URL (and HELIX_OPENAI_API_KEY) where the inference worker runs.`);
    }
    return options.openai(spec.model);
  };
}
