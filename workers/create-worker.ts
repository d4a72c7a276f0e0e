// One Temporal Worker per task queue. Several can share a process (the embedded default) or each
// run on its own machine (`helixrl worker --queue NAME`); scaling out is adding Workers.
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { HelixConfig, QueueName } from '../temporal.config';
import { activitiesForQueue, type ActivityDeps } from './queue-activities';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface WorkerOptions extends ActivityDeps {
  config: HelixConfig;
  connection: NativeConnection;
  /** A pre-built workflow bundle (tests build one once); otherwise the worker bundles on start. */
  workflowBundle?: WorkflowBundleOption;
}

/** Whether a queue has anything to run in this build (the trainer queue fills in with the policy engine). */
export function queueHasWork(queue: QueueName, deps: ActivityDeps): boolean {
  return queue === 'orchestrator' || activitiesForQueue(queue, deps) !== undefined;
}

export async function createQueueWorker(queue: QueueName, options: WorkerOptions): Promise<Worker> {
  const { config, connection } = options;
  const common = { connection, namespace: config.temporal.namespace, taskQueue: config.taskQueues[queue] };
  if (queue === 'orchestrator') {
    return Worker.create({
      ...common,
      ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
      shutdownGraceTime: '5s',
      ...config.workers.orchestrator,
    });
  }
  const { sftThreads, progressEverySeconds } = config.trainer;
  const deps = { ...options, sftThreads: sftThreads === 'auto' ? undefined : sftThreads, progressEverySeconds };
  return Worker.create({ ...common, activities: activitiesForQueue(queue, deps), ...config.workers[queue] });
}

export async function bundleWorkflows(): Promise<{ code: string }> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never });
}
