// Starts a batch of episodes (the rollouts workflow) with settings from the command line.
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { HelixConfig } from '../temporal.config';
import { rollouts } from '../workflows';
import { policyVersionOf } from '../workflows/policy-version';
import type { EpisodeLimits, PolicySpec, RolloutsInput } from '../workflows/types';
import { runtimeOf } from './runtime';

export interface RolloutRequest {
  runId: string;
  taskType: string;
  split: RolloutsInput['split'];
  tasks: number;
  groupSize: number;
  seed: number;
  policy: PolicySpec;
  temperature: number;
  /** A trained version's episodes are shaped as its run shaped them (prompt style, limits, format weight). */
  episode?: EpisodeLimits & { maxNewTokens: number };
  formatWeight?: number;
  /** The scripted expert's episodes as one activity each (RolloutsInput.wholeScriptedEpisodes). */
  wholeScriptedEpisodes?: boolean;
}

export async function startRollouts(client: Client, config: HelixConfig, request: RolloutRequest): Promise<WorkflowHandle<typeof rollouts>> {
  const { maxNewTokens = 512, ...limits } = request.episode ?? { maxTurns: config.episode.maxTurns, maxTokens: config.episode.maxTokens };
  return client.workflow.start(rollouts, {
    taskQueue: config.taskQueues.orchestrator,
    workflowId: `${request.runId}.rollouts`,
    // Episodes found under a run id are taken as played: a second batch under it (other noise,
    // another temperature) would report the first one's.
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    args: [
      {
        runId: request.runId,
        taskType: request.taskType,
        split: request.split,
        taskCount: request.tasks,
        groupSize: request.groupSize,
        seed: request.seed,
        epoch: 0,
        policy: request.policy,
        policyVersion: policyVersionOf(request.policy),
        sampling: { temperature: request.temperature, topP: 1, maxNewTokens },
        limits,
        formatWeight: request.formatWeight ?? 1,
        ...(request.wholeScriptedEpisodes && { wholeScriptedEpisodes: true }),
        runtime: runtimeOf(config),
      },
    ],
  }).catch((error: unknown) => {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    throw new Error(`Run '${request.runId}' exists already (workflow ${request.runId}.rollouts). Choose another --run, or leave it out for a new one.`);
  });
}
