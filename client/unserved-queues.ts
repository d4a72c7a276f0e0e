// Task queues where work waits and no worker polls. A run whose next step sits on such a queue
// waits without an error (Temporal only keeps the task), which on a cluster looks like a hung
// run; the progress line names the queue and the command that serves it instead.
import type { Client } from '@temporalio/client';
import protos from '@temporalio/proto';
import type { HelixConfig } from '../temporal.config';

const { TaskQueueType } = protos.temporal.api.enums.v1;

export type QueueKind = keyof HelixConfig['taskQueues'];

export interface UnservedQueue {
  kind: QueueKind;
  name: string;
  /** Tasks waiting (Temporal's approximate backlog count). */
  waiting: number;
}

/**
 * Queues with tasks waiting at least `minWaitSeconds` and no worker polling. A worker whose slots
 * are all busy (the trainer during SFT) does not poll either, but then nothing waits on its queue
 * unless another run's step does, and that step is indeed not served.
 */
export async function unservedQueues(client: Client, queues: HelixConfig['taskQueues'], minWaitSeconds = 10): Promise<UnservedQueue[]> {
  const kinds = Object.keys(queues) as QueueKind[];
  const described = await Promise.all(
    kinds.map(async (kind) => {
      const { pollers, stats } = await client.workflowService.describeTaskQueue({
        namespace: client.options.namespace,
        taskQueue: { name: queues[kind] },
        // The orchestrator runs workflows; the other three run activities.
        taskQueueType: kind === 'orchestrator' ? TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW : TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
        reportStats: true,
      });
      const waiting = Number(stats?.approximateBacklogCount ?? 0);
      const age = Number(stats?.approximateBacklogAge?.seconds ?? 0);
      return { kind, name: queues[kind], waiting, unserved: (pollers ?? []).length === 0 && waiting > 0 && age >= minWaitSeconds };
    }),
  );
  return described.filter((q) => q.unserved).map(({ kind, name, waiting }) => ({ kind, name, waiting }));
}

/** `2 tasks wait on helix-trainer, which no worker polls (start one: helixrl worker --queue trainer)`. */
export function unservedText(unserved: UnservedQueue[]): string | undefined {
  if (unserved.length === 0) return undefined;
  const waits = unserved.map((q) => `${q.waiting} task${q.waiting === 1 ? ' waits' : 's wait'} on ${q.name}`).join(', ');
  return `${waits}, which no worker polls (start one: helixrl worker --queue ${unserved.map((q) => q.kind).join(',')})`;
}
