// The training run's plain data: its configuration as workflows see it, its durable state, and
// what epochs and evaluations return. Validation (zod) happens in the client before a run starts.
import type { EpisodeLimits, PolicySpec, Runtime, RolloutsSummary } from './types';
import type { ValidationPoint } from './validation';

/** Settings that may change while a run goes on (the `setHyperparameters` update). */
export interface Hyperparameters {
  learningRate: number;
  temperature: number;
  topP: number;
  klCoef: number;
}

export interface TrainingRunConfig {
  runId: string;
  seed: number;
  taskTypes: string[];
  collect: { policy: PolicySpec; tasksPerType: number; samplesPerTask: number };
  /** keySmear: smeared keys (policy/model/transformer.ts); absent in runs started before it existed. */
  model: { hiddenSize: number; layers: number; heads: number; vocabSize: number; maxPositions: number; keySmear?: boolean };
  /**
   * decayFraction: the share of the steps, at the end, that lower the rate to a tenth (policy/train/lr-schedule.ts);
   * inputNoise: share of assistant input tokens swapped (policy/train/input-noise.ts), from the share inputNoiseFrom of
   * the steps. Each is absent in runs started before it existed: constant rate, no noise.
   */
  sft: { steps: number; batchSize: number; learningRate: number; decayFraction?: number; inputNoise?: number; inputNoiseFrom?: number };
  rl: {
    epochs: number;
    tasksPerEpoch: number;
    groupSize: number;
    /** Sequences per optimizer step within an epoch's update (bounds trainer memory). */
    miniBatchSize: number;
    epsLow: number;
    epsHigh: number;
    normalizeStd: boolean;
    dynamicSampling: boolean;
    /** Each group's first episode decodes greedily (RolloutsInput.greedyMember). */
    greedyMember: boolean;
    /** 0: strictly on-policy. ≥ 1: the next batch's rollouts run while the trainer trains. */
    maxStaleness: number;
    hyperparameters: Hyperparameters;
    /**
     * Greedy episodes on the val split after every `everyEpochs` epochs and after the last; `keep:
     * 'best'` makes the best validated version the run's RL model, 'last' the last trained one.
     * Absent in runs started before it existed: no validation.
     */
    validation?: { everyEpochs: number; tasksPerType: number; keep: 'last' | 'best' };
  };
  episode: EpisodeLimits & { maxNewTokens: number };
  evaluation: { tasksPerType: number; seed: number };
  formatWeight: number;
}

export type Phase = 'collect' | 'sft' | 'rl' | 'eval' | 'done';

/** The epoch recorded on the expert-collection episodes that SFT learns from; RL epochs count from 0. */
export const COLLECTION_EPOCH = -1;

/** The run's own evaluations, one per model it produced, in the order of its table. */
export const RUN_EVALUATION_LABELS = ['untrained', 'sft', 'rl'] as const;
export type RunEvaluationLabel = (typeof RUN_EVALUATION_LABELS)[number];

export interface RunState {
  phase: Phase;
  /** The next RL epoch to run. */
  epoch: number;
  hyperparameters: Hyperparameters;
  paused: boolean;
  stopRequested: boolean;
  versions: { untrained?: string; sft?: string; latest?: string };
  /** Rollout batches that finished ahead of their epoch (asynchronous rollouts), by epoch. */
  readyBatches: Record<number, RolloutsSummary>;
  /** Epochs whose rollouts were started early and have not reported yet. */
  prefetching: number[];
  evaluations: EvaluationResult[];
  history: EpochResult[];
  /** Validations during RL, in epoch order; absent in runs started before they existed. */
  validations?: ValidationPoint[];
}

export interface TrainingRunInput {
  config: TrainingRunConfig;
  runtime: Runtime;
  state?: RunState;
}

export interface EpochInput {
  config: TrainingRunConfig;
  runtime: Runtime;
  epoch: number;
  policyVersion: string;
  /** The SFT policy: the KL reference when klCoef > 0. */
  referenceVersion?: string;
  hyperparameters: Hyperparameters;
  /** Rollouts already gathered for this epoch (started early by the previous one). */
  batch?: RolloutsSummary;
  /** Start the next epoch's rollouts now, with this epoch's policy, and report them to this workflow. */
  prefetchNextFor?: string;
}

export interface EpochResult {
  epoch: number;
  rolloutVersion: string;
  trainedVersion: string;
  meanReward: number;
  meanCorrectness: number;
  formatRate: number;
  keptGroups: number;
  droppedGroups: number;
  loss?: number;
  prefetchedNext: boolean;
}

export interface EvaluationInput {
  runId: string;
  label: string;
  /** Default 'test', the held-out split. */
  split?: 'val' | 'test';
  /** Names the evaluation's batch and episodes; default `<run>.eval-<label>`. One-off evaluations
   * pass their own, since episodes found under a name are taken as already played. */
  episodesRunId?: string;
  policy: PolicySpec;
  policyVersion: string;
  taskTypes: string[];
  tasksPerType: number;
  seed: number;
  limits: EpisodeLimits & { maxNewTokens: number };
  formatWeight: number;
  /** Absent: one greedy episode per task, the run's own evaluations. */
  decoding?: EvaluationDecoding;
  runtime: Runtime;
}

/** Sampled evaluation: `samplesPerTask` episodes per task at `temperature`, their mean correctness
 * an estimate of pass@1 at that temperature (how RL papers that sample at evaluation report it). */
export interface EvaluationDecoding {
  temperature: number;
  topP: number;
  samplesPerTask: number;
}

export interface EvaluationRow {
  taskType: string;
  episodes: number;
  meanCorrectness: number;
  formatRate: number;
  /** Share of episodes with at least one failed tool call: high when the model cannot copy its arguments. */
  toolErrorRate?: number;
}

export interface EvaluationResult {
  label: string;
  policyVersion: string;
  rows: EvaluationRow[];
}

/** What SFT's trainer heartbeats after each step; clients read it as SFT's progress. */
export interface SftHeartbeat {
  stepsDone: number;
  steps: number;
  loss: number;
}

export interface RunProgress {
  runId: string;
  phase: Phase;
  status: 'running' | 'paused' | 'stopping' | 'stopped' | 'completed' | 'failed' | 'cancelled';
  epoch: number;
  epochs: number;
  policyVersion?: string;
  hyperparameters: Hyperparameters;
  lastEpoch?: EpochResult;
  evaluations: EvaluationResult[];
  /** Absent from runs started before validation existed. */
  validations?: ValidationPoint[];
}
