// Plain data passed between clients, workflows and activities. Ids and counters only: turn text
// stays in PostgreSQL (the claim check), so histories stay small however long the episode.

import type { PromptStyle } from '../env/system-prompt';

/** Which policy writes the assistant turns. */
export type PolicySpec =
  /**
   * `recall` (0..1, absent 0): how often the expert answers from memory what a frontier LLM knows
   * by heart (env Expert.recall) instead of looking it up.
   */
  | { kind: 'expert'; noise: number; recall?: number }
  | { kind: 'onnx'; version: string }
  | { kind: 'openai'; model: string };

export interface SamplingSpec {
  temperature: number;
  /** A greedy episode's log-probabilities are reported at this temperature (default 1). */
  logprobTemperature?: number;
  topP: number;
  maxNewTokens: number;
  /** Per-episode seed; each turn derives its own from it. */
  seed: number;
}

export interface EpisodeLimits {
  maxTurns: number;
  maxTokens: number;
  /** The system prompt's style (env/system-prompt.ts); absent in older histories: 'full'. */
  promptStyle?: PromptStyle;
}

export interface EpisodeInput {
  episodeId: string;
  runId: string;
  taskId: string;
  taskType: string;
  epoch: number;
  policy: PolicySpec;
  policyVersion: string;
  sampling: SamplingSpec;
  limits: EpisodeLimits;
  /** Weight of the format reward beside correctness (DESIGN: 1). */
  formatWeight: number;
  /** A scripted expert's episode runs as one activity, written at its end (see runScriptedEpisode). */
  wholeScriptedEpisode?: boolean;
  runtime: Runtime;
}

export type EpisodeStatus = 'running' | 'completed' | 'truncated';

export interface EpisodeOutcome {
  episodeId: string;
  taskId: string;
  /** Absent in histories recorded before it was added. */
  taskType?: string;
  status: Exclude<EpisodeStatus, 'running'>;
  correctness: number;
  formatOk: boolean;
  reward: number;
  assistantTurns: number;
  tokens: number;
  /** Observations that reported a failed tool call (unknown gene, bad arguments, a tool that gave up); absent in older histories. */
  toolErrors?: number;
}

export interface StartedEpisode {
  /** Index of the next turn to write (after the system prompt and the task). */
  nextTurn: number;
  tokens: number;
}

export interface GeneratedTurn {
  turnIndex: number;
  action: 'execute' | 'solution' | 'malformed';
  tool?: string;
  completionTokens: number;
  /** Prompt plus completion: the context the policy saw. */
  contextTokens: number;
  finishReason: 'stop' | 'length';
  /** The transcript no longer fits the model's context: nothing was written and the episode ends. */
  contextFull?: boolean;
}

export interface StepOutcome {
  done: boolean;
  correctness?: number;
  /** Whether an observation turn was written at the requested index. */
  wroteObservation: boolean;
  observationTokens: number;
  toolError: boolean;
}

export interface RolloutsInput {
  runId: string;
  taskType: string;
  /** Several task types, `taskCount` tasks each; when set, `taskType` is ignored. */
  taskTypes?: string[];
  /** Signal the summary to this workflow when done (rollouts started ahead of their epoch). */
  notify?: { workflowId: string };
  split: 'train' | 'val' | 'test';
  taskCount: number;
  /** Episodes per task (a GRPO group). */
  groupSize: number;
  /**
   * Each group's first episode decodes greedily (the answer evaluation scores), the others sample:
   * where a sample beats the greedy answer, the update moves the greedy answer.
   */
  greedyMember?: boolean;
  seed: number;
  epoch: number;
  policy: PolicySpec;
  policyVersion: string;
  sampling: Omit<SamplingSpec, 'seed'>;
  limits: EpisodeLimits;
  formatWeight: number;
  /**
   * With the scripted expert, each episode runs as one activity instead of one per step: for
   * collection, where the expert's turns need no durability of their own (see runScriptedEpisode).
   */
  wholeScriptedEpisodes?: boolean;
  runtime: Runtime;
}

export interface RolloutsSummary {
  runId: string;
  episodes: EpisodeOutcome[];
  /** Episodes whose workflow failed; they are left out of `episodes` and the means. */
  failedEpisodes?: number;
  meanCorrectness: number;
  formatRate: number;
}

/** How far a batch has got: episodes settled (finished or failed for good) of all it runs. */
export interface RolloutsProgress {
  done: number;
  total: number;
  failed: number;
}

/** Activity timeouts and retries as temporal.config.ts states them (durations as strings). */
export interface ActivityPolicySpec {
  startToCloseTimeout: string;
  heartbeatTimeout?: string;
  retry: { maximumAttempts: number; initialInterval: string; backoffCoefficient: number; maximumInterval: string };
}

/** What a workflow needs from the configuration, passed in by whoever starts it. */
export interface Runtime {
  queues: { orchestrator: string; inference: string; tools: string; trainer: string };
  activities: { generate: ActivityPolicySpec; toolCall: ActivityPolicySpec; persistence: ActivityPolicySpec; trainer: ActivityPolicySpec };
  /** Episodes a batch runs at once (absent in runs started before it existed: all at once). */
  maxConcurrentEpisodes?: number;
}
