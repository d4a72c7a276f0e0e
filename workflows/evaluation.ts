// A policy version on the held-out test split: greedy episodes on the same tasks for every model,
// scored per task type (the paper's table); or, when asked, several sampled episodes per task.
import { executeChild, proxyActivities } from '@temporalio/workflow';
import type { PipelineActivities } from '../activities/pipeline-activities';
import { activityOptions } from './activity-options';
import { rollouts } from './rollouts';
import type { EvaluationDecoding, EvaluationInput, EvaluationResult, EvaluationRow } from './training-types';

/** The evaluation workflow of one model of a training run, and the batch of episodes it runs. */
export const evaluationId = (runId: string, label: string) => `${runId}.eval-${label}`;
export const evaluationRolloutsId = (runId: string, label: string) => `${evaluationId(runId, label)}.rollouts`;

const GREEDY: EvaluationDecoding = { temperature: 0, topP: 1, samplesPerTask: 1 };

export async function evaluation(input: EvaluationInput): Promise<EvaluationResult> {
  const { runtime } = input;
  const { recordEvaluation } = proxyActivities<PipelineActivities>(activityOptions(runtime.activities.persistence, runtime.queues.tools));
  const evalRunId = input.episodesRunId ?? evaluationId(input.runId, input.label);
  const decoding = input.decoding ?? GREEDY;
  const summary = await executeChild(rollouts, {
    workflowId: `${evalRunId}.rollouts`,
    taskQueue: runtime.queues.orchestrator,
    args: [
      {
        runId: evalRunId,
        taskType: input.taskTypes[0],
        taskTypes: input.taskTypes,
        split: input.split ?? 'test',
        taskCount: input.tasksPerType,
        groupSize: decoding.samplesPerTask,
        seed: input.seed,
        epoch: 0,
        policy: input.policy,
        policyVersion: input.policyVersion,
        sampling: { temperature: decoding.temperature, topP: decoding.topP, maxNewTokens: input.limits.maxNewTokens },
        limits: { maxTurns: input.limits.maxTurns, maxTokens: input.limits.maxTokens, promptStyle: input.limits.promptStyle },
        formatWeight: input.formatWeight,
        runtime,
      },
    ],
  });

  const rows: EvaluationRow[] = input.taskTypes.map((taskType) => {
    const episodes = summary.episodes.filter((e) => e.taskType === taskType);
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    return {
      taskType,
      episodes: episodes.length,
      meanCorrectness: mean(episodes.map((e) => e.correctness)),
      formatRate: mean(episodes.map((e) => (e.formatOk ? 1 : 0))),
      toolErrorRate: mean(episodes.map((e) => ((e.toolErrors ?? 0) > 0 ? 1 : 0))),
    };
  });
  const result: EvaluationResult = { label: input.label, policyVersion: input.policyVersion, rows };
  await recordEvaluation({ runId: input.runId, split: input.split ?? 'test', result });
  return result;
}
