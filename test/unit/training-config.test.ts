import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_CONFIG, loadTrainingConfig, TrainingConfigError } from '../../client/training-config';
import { applyHyperparameterUpdate } from '../../workflows/hyperparameters';
import { scratchDir } from '../support/scratch';

describe('training config', () => {
  it('merges a YAML file and command-line overrides over the defaults', () => {
    const file = join(scratchDir('cfg'), 'run.yaml');
    writeFileSync(file, 'runId: exp-7\nrl:\n  epochs: 3\n  hyperparameters:\n    learningRate: 0.001\n');
    const config = loadTrainingConfig(file, ['rl.groupSize=4', 'taskTypes=[sequence_qa, database_qa]']);
    expect(config.runId).toBe('exp-7');
    expect(config.rl.epochs).toBe(3);
    expect(config.rl.groupSize).toBe(4);
    expect(config.rl.hyperparameters).toEqual({ ...DEFAULT_TRAINING_CONFIG.rl.hyperparameters, learningRate: 0.001 });
    expect(config.taskTypes).toEqual(['sequence_qa', 'database_qa']);
  });

  it('lets a file switch the collector to an OpenAI-compatible model without the expert\'s settings', () => {
    const file = join(scratchDir('cfg'), 'run.yaml');
    writeFileSync(file, 'collect:\n  policy:\n    kind: openai\n    model: my-expert\n');
    expect(loadTrainingConfig(file).collect.policy).toEqual({ kind: 'openai', model: 'my-expert' });
    // The same variant still merges key by key; a key of the other variant is still refused.
    expect(loadTrainingConfig(undefined, ['collect.policy.noise=0.3']).collect.policy).toEqual({ ...DEFAULT_TRAINING_CONFIG.collect.policy, noise: 0.3 });
    expect(() => loadTrainingConfig(file, ['collect.policy.noise=0.3'])).toThrowError(/collect\.policy: .*unknown keys: noise/);
  });

  it('rejects bad values naming the field', () => {
    expect(() => loadTrainingConfig(undefined, ['rl.groupSize=1'])).toThrowError(/rl\.groupSize: GRPO needs at least 2/);
    expect(() => loadTrainingConfig(undefined, ['rl.hyperparameters.learningRate=-1'])).toThrowError(/rl\.hyperparameters\.learningRate/);
    expect(() => loadTrainingConfig(undefined, ['model.heads=5'])).toThrowError(/model\.hiddenSize: hiddenSize must be divisible by heads/);
    expect(() => loadTrainingConfig(undefined, ['rl.epoch=3'])).toThrowError(/unknown keys: epoch/);
    expect(() => loadTrainingConfig(undefined, ['runId=has space'])).toThrowError(TrainingConfigError);
    expect(() => loadTrainingConfig(undefined, ['episode.promptStyle=short'])).toThrowError(/episode\.promptStyle/);
    expect(() => loadTrainingConfig(undefined, ['sft.decayFraction=1.5'])).toThrowError(/sft\.decayFraction/);
    expect(() => loadTrainingConfig(undefined, ['sft.inputNoise=0.8'])).toThrowError(/sft\.inputNoise: above 0\.5 the student reads more noise than transcript; use 0 to 0\.5/);
    expect(() => loadTrainingConfig(undefined, ['sft.inputNoiseFrom=2'])).toThrowError(/sft\.inputNoiseFrom: expected a share of the SFT steps/);
    expect(() => loadTrainingConfig(undefined, ['sft.inputNoise=some'])).toThrowError(/sft\.inputNoise: expected the share of assistant input tokens to swap/);
    expect(loadTrainingConfig(undefined, ['sft.inputNoise=0']).sft.inputNoise).toBe(0);
    expect(() => loadTrainingConfig(undefined, ['collect.policy.recall=true'])).toThrowError(/collect\.policy\.recall: expected how often the expert answers from memory, from 0 \(never\) to 1/);
    expect(() => loadTrainingConfig(undefined, ['collect.policy.recall=1.5'])).toThrowError(/collect\.policy\.recall/);
    expect(loadTrainingConfig(undefined, ['collect.policy.recall=0']).collect.policy).toMatchObject({ kind: 'expert', recall: 0 });
    expect(() => loadTrainingConfig(undefined, ['rl.validation.keep=best'])).toThrowError(/rl\.validation\.keep: keep 'best' picks among validated versions.*set rl\.validation\.everyEpochs ≥ 1/);
    expect(() => loadTrainingConfig(undefined, ['rl.validation.keep=first'])).toThrowError(/rl\.validation\.keep/);
    expect(loadTrainingConfig(undefined, ['rl.validation.everyEpochs=2', 'rl.validation.keep=best']).rl.validation).toEqual({ everyEpochs: 2, tasksPerType: 50, keep: 'best' });
    expect(loadTrainingConfig(undefined, ['episode.promptStyle=full']).episode.promptStyle).toBe('full');
    expect(() => loadTrainingConfig('/nonexistent/run.yaml')).toThrowError(/Cannot read the training config '\/nonexistent\/run.yaml'/);
  });
});

describe('hyperparameter updates', () => {
  const current = DEFAULT_TRAINING_CONFIG.rl.hyperparameters;
  it('merge valid changes', () => {
    expect(applyHyperparameterUpdate(current, { learningRate: 1e-4, temperature: 0.7 })).toEqual({ ...current, learningRate: 1e-4, temperature: 0.7 });
  });
  it('name the bad field', () => {
    expect(() => applyHyperparameterUpdate(current, { learningRate: 0 })).toThrowError(/learningRate must be a number in \(0, 1\]/);
    expect(() => applyHyperparameterUpdate(current, { temperature: 9 })).toThrowError(/temperature must be/);
    expect(() => applyHyperparameterUpdate(current, { momentum: 0.9 } as never)).toThrowError(/unknown hyperparameter 'momentum'/);
  });
});
