// Runs the Workers for a set of queues in this process until a shutdown signal (Ctrl-C).
import { NativeConnection } from '@temporalio/worker';
import type { HelixConfig, QueueName } from '../temporal.config';
import type { Database } from '../db/client';
import { getTaskType } from '../env/registry';
import { createQueueWorker, queueHasWork } from '../workers/create-worker';
import { checkpointStoreOf, modelBackendsOf } from '../workers/policy-serving';
import { installWorkerRuntime, say } from './logging';

export interface RunningQueues {
  queues: QueueName[];
  /** Resolves when every Worker has shut down (after SIGINT/SIGTERM, or `shutdown()`). */
  done: Promise<void>;
  shutdown(): void;
}

export async function startQueueWorkers(config: HelixConfig, temporalAddress: string, database: Database, queues: QueueName[]): Promise<RunningQueues> {
  installWorkerRuntime();
  const store = checkpointStoreOf(config);
  const serving = modelBackendsOf(config, store, database.db);
  const deps = { db: database.db, taskType: getTaskType, store, models: serving.models };
  const runnable = queues.filter((q) => queueHasWork(q, deps));
  for (const skipped of queues.filter((q) => !runnable.includes(q))) {
    say(`  (queue '${skipped}' has no activities in this build yet; no worker started for it)`);
  }
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const workers = await Promise.all(runnable.map((queue) => createQueueWorker(queue, { config, connection, ...deps })));
  for (const queue of runnable) say(`  worker running on queue '${config.taskQueues[queue]}' (${queue})`);
  const done = Promise.all(workers.map((w) => w.run())).then(async () => {
    await serving.close();
    await connection.close();
  });
  return {
    queues: runnable,
    done,
    shutdown: () => workers.forEach((w) => w.getState() === 'RUNNING' && w.shutdown()),
  };
}
