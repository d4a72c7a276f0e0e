// One RL epoch: a batch of G episodes per task with the current policy → GRPO advantages →
// one trainer update → a new registered policy version → metrics.
import { ParentClosePolicy, executeChild, proxyActivities, startChild } from '@temporalio/workflow';
import type { PipelineActivities } from '../activities/pipeline-activities';
import type { TrainerActivities } from '../activities/trainer-activities';
import { activityOptions } from './activity-options';
import { groupAdvantages, groupByTask } from './advantages';
import { rollouts } from './rollouts';
import type { EpochInput, EpochResult } from './training-types';
import type { RolloutsInput, RolloutsSummary } from './types';

export function epochRolloutsInput(input: EpochInput, epoch: number, policyVersion: string): RolloutsInput {
  const { config } = input;
  return {
    runId: config.runId,
    taskType: config.taskTypes[0],
    taskTypes: config.taskTypes,
    split: 'train',
    taskCount: config.rl.tasksPerEpoch,
    groupSize: config.rl.groupSize,
    greedyMember: config.rl.greedyMember,
    seed: config.seed * 10_007 + epoch + 1,
    epoch,
    policy: { kind: 'onnx', version: policyVersion },
    policyVersion,
    sampling: { temperature: input.hyperparameters.temperature, topP: input.hyperparameters.topP, maxNewTokens: config.episode.maxNewTokens },
    limits: { maxTurns: config.episode.maxTurns, maxTokens: config.episode.maxTokens, promptStyle: config.episode.promptStyle },
    formatWeight: config.formatWeight,
    runtime: input.runtime,
  };
}

export function epochRolloutsId(runId: string, epoch: number): string {
  return `${runId}.e${epoch}.rollouts`;
}

export async function epoch(input: EpochInput): Promise<EpochResult> {
  const { config, runtime } = input;
  const { policyStep } = proxyActivities<TrainerActivities>(activityOptions(runtime.activities.trainer, runtime.queues.trainer));
  const { recordEpochMetrics } = proxyActivities<PipelineActivities>(activityOptions(runtime.activities.persistence, runtime.queues.tools));

  const batch: RolloutsSummary =
    input.batch ??
    (await executeChild(rollouts, {
      workflowId: epochRolloutsId(config.runId, input.epoch),
      taskQueue: runtime.queues.orchestrator,
      args: [epochRolloutsInput(input, input.epoch, input.policyVersion)],
    }));

  const { advantages, keptGroups, droppedGroups } = groupAdvantages(groupByTask(batch.episodes), {
    normalizeStd: config.rl.normalizeStd,
    dropUniformGroups: config.rl.dynamicSampling,
  });

  // Asynchronous rollouts: the next batch samples from this epoch's policy (one version stale)
  // while the trainer works. It outlives this workflow and reports to the training run.
  let prefetchedNext = false;
  if (input.prefetchNextFor && input.epoch + 1 < config.rl.epochs) {
    await startChild(rollouts, {
      workflowId: epochRolloutsId(config.runId, input.epoch + 1),
      taskQueue: runtime.queues.orchestrator,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [{ ...epochRolloutsInput(input, input.epoch + 1, input.policyVersion), notify: { workflowId: input.prefetchNextFor } }],
    });
    prefetchedNext = true;
  }

  const trainedVersion = `${config.runId}/rl-${String(input.epoch + 1).padStart(3, '0')}`;
  const step = await policyStep.executeWithOptions({ summary: `update on ${advantages.length} episodes → ${trainedVersion}` }, [
    {
      runId: config.runId,
      fromVersion: input.policyVersion,
      toVersion: trainedVersion,
      step: input.epoch + 1,
      items: advantages,
      hyperparameters: input.hyperparameters,
      epsLow: config.rl.epsLow,
      epsHigh: config.rl.epsHigh,
      referenceVersion: input.referenceVersion,
      miniBatchSize: config.rl.miniBatchSize,
    },
  ]);

  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const result: EpochResult = {
    epoch: input.epoch,
    rolloutVersion: input.policyVersion,
    trainedVersion: step.version,
    meanReward: mean(batch.episodes.map((e) => e.reward)),
    meanCorrectness: batch.meanCorrectness,
    formatRate: batch.formatRate,
    keptGroups,
    droppedGroups,
    loss: step.metrics?.loss,
    prefetchedNext,
  };
  await recordEpochMetrics({ runId: config.runId, result, trainerMetrics: step.metrics ?? {} });
  return result;
}
