// A batch of episodes: G attempts at each of N tasks from the task bank, run as child workflows.
// The epoch workflow builds on this; on its own it is the foundation's demo and test harness.
import { executeChild, getExternalWorkflowHandle, proxyActivities, setHandler } from '@temporalio/workflow';
import type { TaskActivities } from '../activities/task-activities';
import { activityOptions } from './activity-options';
import { episode } from './episode';
import { batchReadySignal, rolloutsProgressQuery } from './training-control';
import type { RolloutsInput, RolloutsProgress, RolloutsSummary } from './types';

export async function rollouts(input: RolloutsInput): Promise<RolloutsSummary> {
  if (!input.notify) return runBatch(input);
  // A batch started ahead of its epoch reports either way, so its run never waits in vain.
  const owner = getExternalWorkflowHandle(input.notify.workflowId);
  try {
    const summary = await runBatch(input);
    await owner.signal(batchReadySignal, { epoch: input.epoch, summary });
    return summary;
  } catch (error) {
    await owner.signal(batchReadySignal, { epoch: input.epoch, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

async function runBatch(input: RolloutsInput): Promise<RolloutsSummary> {
  const { runtime } = input;
  const progress: RolloutsProgress = { done: 0, total: 0, failed: 0 };
  setHandler(rolloutsProgressQuery, () => progress);
  const { ensureTasks } = proxyActivities<TaskActivities>(activityOptions(runtime.activities.persistence, runtime.queues.tools));
  const tasks: Array<{ taskId: string; taskType: string }> = [];
  for (const taskType of input.taskTypes ?? [input.taskType]) {
    const ids = await ensureTasks.executeWithOptions({ summary: `generate ${input.taskCount} ${taskType} tasks` }, [
      { taskType, split: input.split, seed: input.seed, count: input.taskCount },
    ]);
    tasks.push(...ids.map((taskId) => ({ taskId, taskType })));
  }

  const members = tasks.flatMap(({ taskId, taskType }, taskIndex) =>
    Array.from({ length: input.groupSize }, (_, member) => ({ taskId, taskType, taskIndex, member })),
  );
  progress.total = members.length;
  const runEpisode = ({ taskId, taskType, taskIndex, member }: (typeof members)[number]) => {
    const episodeId = `${input.runId}.e${input.epoch}.${taskId}.g${member}`;
    return executeChild(episode, {
      workflowId: episodeId,
      taskQueue: runtime.queues.orchestrator,
      args: [
        {
          episodeId,
          runId: input.runId,
          taskId,
          taskType,
          epoch: input.epoch,
          policy: input.policy,
          policyVersion: input.policyVersion,
          sampling: { ...memberSampling(input, member), seed: input.seed * 1_000_003 + taskIndex * 101 + member },
          limits: input.limits,
          formatWeight: input.formatWeight,
          ...(input.wholeScriptedEpisodes && { wholeScriptedEpisode: true }),
          runtime,
        },
      ],
    });
  };
  // One episode that fails (a bug, a policy that cannot be served) must not sink the batch:
  // the others are kept, and the failures are counted.
  const settled = await settleInWindow(members, runtime.maxConcurrentEpisodes ?? members.length, runEpisode, (result) => {
    progress.done++;
    if (result.status === 'rejected') progress.failed++;
  });
  const episodes = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failedEpisodes = settled.length - episodes.length;
  if (episodes.length === 0 && settled.length > 0) throw (settled[0] as PromiseRejectedResult).reason;
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  const summary: RolloutsSummary = {
    runId: input.runId,
    episodes,
    meanCorrectness: mean(episodes.map((e) => e.correctness)),
    formatRate: mean(episodes.map((e) => (e.formatOk ? 1 : 0))),
    ...(failedEpisodes > 0 && { failedEpisodes }),
  };
  return summary;
}

/** Member 0 of a group with a greedy member decodes greedily, its log-probabilities at the group's temperature. */
function memberSampling(input: RolloutsInput, member: number): RolloutsInput['sampling'] {
  if (!input.greedyMember || member !== 0 || input.sampling.temperature <= 0) return input.sampling;
  return { ...input.sampling, temperature: 0, logprobTemperature: input.sampling.temperature };
}

/** Runs `run` over `items`, at most `window` at a time, in order; settles like Promise.allSettled, telling `onSettled` of each. */
async function settleInWindow<T, R>(
  items: T[],
  window: number,
  run: (item: T) => Promise<R>,
  onSettled: (result: PromiseSettledResult<R>) => void,
): Promise<PromiseSettledResult<R>[]> {
  const settled: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        settled[index] = { status: 'fulfilled', value: await run(items[index]) };
      } catch (reason) {
        settled[index] = { status: 'rejected', reason };
      }
      onSettled(settled[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, items.length) }, lane));
  return settled;
}
