// Public API of the policy engine. policy/ knows nothing of Temporal or the
// database: activities call these functions.
//
//   const tokenizer = buildBuiltinTokenizer(corpusTexts, { vocabSize: 768 });
//   const config = builtinConfigFor(tokenizer, { hiddenSize: 96, layers: 3 });
//   const trainer = await createTrainer(createBuiltinModel(config, tokenizer, seed));
//   trainer.sftStep(transcripts.map((t) => chat.toTrainingSequence(t)));
//   trainer.policyStep(rollouts.map((r) => rolloutToPolicySequence(chat, r)));
//   await saveCheckpoint(trainer, dir);  await loadCheckpoint(dir);
//   await exportModelFolder(trainer.snapshot(), modelDir);
//   const engine = new OnnxPolicyEngine({ modelDir, executionProvider: 'cpu', maxBatch: 8, maxWaitMs: 5 });

export * from './backend';
export { BUILTIN_CHAT_TEMPLATE, renderChat } from './chat-template';
export { ChatTokenizer, type TrainingSequence } from './tokenizer/chat-tokenizer';
export { trainByteLevelBpe, type TokenizerJson } from './tokenizer/bpe-trainer';
export { AGENT_TAG_TOKENS, BOS_TOKEN, EOS_TOKEN, PAD_TOKEN, ROLE_TOKENS } from './tokenizer/special-tokens';
export { builtinModelConfig, parseModelConfig, ModelConfigSchema, type ModelConfig } from './model/config';
export {
  buildBuiltinTokenizer,
  builtinConfigFor,
  chatTokenizerOf,
  createBuiltinModel,
  type BuiltinModel,
  type TokenizerFiles,
} from './model/builtin-model';
export { Transformer, tokenLogprobs } from './model/transformer';
export { initTfBackend } from './model/tf-backend';
export { createTrainer, DEFAULT_MICRO_BATCH_TOKENS, microBatches, Trainer, type PolicySequence, type SftBatch, type StepMetrics, type TrainerOptions } from './train/trainer';
export { balancedShares, GradientPool } from './train/gradient-pool';
export { inputNoiseAt, inputNoiseRng, swappedInputTokens, withInputNoise } from './train/input-noise';
export { rlLoss, DEFAULT_RL_LOSS, type RlLossOptions } from './train/rl-loss';
export { sftLoss } from './train/sft-loss';
export { AdamW, DEFAULT_ADAM, type AdamOptions } from './train/adam';
export { stableDecayLearningRate, type StableDecaySchedule } from './train/lr-schedule';
export { saveCheckpoint, loadCheckpoint, loadBuiltinModel } from './train/checkpoint';
export { rolloutToPolicySequence, type RolloutTranscript } from './train/rollout-sequence';
export { buildOnnxModel } from './export/onnx-export';
export type { OnnxExportOptions } from './export/export-options';
export { exportModelFolder } from './export/model-folder-export';
export { OnnxPolicyEngine, type OnnxPolicyEngineOptions } from './engine/engine-backend';
export { loadModelFolder, type ModelFolder } from './engine/model-folder';
export { CUDA_INSTALL_HINT, type ExecutionProviderName } from './engine/execution-provider';
export { MicroBatcher } from './engine/micro-batcher';
export { OpenAICompatibleBackend, type OpenAIBackendOptions } from './openai/openai-backend';
export { mulberry32, type Rng } from './util/rng';
