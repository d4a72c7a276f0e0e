// A training run shrunk to run in CI in a minute or two: a tiny model, few tasks, two epochs.
import { DEFAULT_TRAINING_CONFIG, mergeConfig, validateTrainingConfig } from '../../client/training-config';
import type { TrainingRunConfig } from '../../workflows/training-types';

export function smallRunConfig(runId: string, override: Partial<Record<string, unknown>> = {}): TrainingRunConfig {
  return validateTrainingConfig(
    mergeConfig(
      mergeConfig(DEFAULT_TRAINING_CONFIG, {
        runId,
        taskTypes: ['sequence_qa'],
        collect: { policy: { kind: 'expert', noise: 0.1, recall: 0 }, tasksPerType: 10, samplesPerTask: 1 },
        model: { hiddenSize: 32, layers: 1, heads: 2, vocabSize: 400, maxPositions: 1024, keySmear: true },
        sft: { steps: 4, batchSize: 4, learningRate: 3e-3 },
        // The plain GRPO settings the tests' assertions were written for, whatever the demo's defaults.
        rl: { epochs: 2, tasksPerEpoch: 2, groupSize: 2, miniBatchSize: 8, maxStaleness: 0, greedyMember: false, hyperparameters: { temperature: 0.7, klCoef: 0 } },
        episode: { maxTurns: 2, maxTokens: 1024, maxNewTokens: 24 },
        evaluation: { tasksPerType: 2, seed: 5 },
        formatWeight: 1,
      }),
      override,
    ),
    'test',
  );
}
