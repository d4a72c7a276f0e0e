// Connections to the shared test Temporal server, a config with queues of the test's own, and
// in-process workers built from one workflow bundle.
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import { loadConfig } from '../../infra/config';
import type { HelixConfig, QueueName } from '../../temporal.config';
import type { Database } from '../../db/client';
import { bundleWorkflows, createQueueWorker } from '../../workers/create-worker';
import type { ActivityDeps } from '../../workers/queue-activities';
import { getTaskType } from '../../env/registry';
import { scratchDir } from './scratch';
import { checkpointStoreOf, modelBackendsOf } from '../../workers/policy-serving';

let bundle: Promise<{ code: string }> | undefined;
let runtimeInstalled = false;

/** Fast timeouts so killed workers' activities are retried within seconds, on queues no other file uses. */
export function testConfig(databaseUrl: string, env: Record<string, string> = {}): HelixConfig {
  const suffix = randomBytes(3).toString('hex');
  return loadConfig({
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    DATABASE_URL: databaseUrl,
    HELIX_DATA_DIR: scratchDir('data'),
    HELIX__TASKQUEUES__ORCHESTRATOR: `orchestrator-${suffix}`,
    HELIX__TASKQUEUES__INFERENCE: `inference-${suffix}`,
    HELIX__TASKQUEUES__TOOLS: `tools-${suffix}`,
    HELIX__TASKQUEUES__TRAINER: `trainer-${suffix}`,
    HELIX__ACTIVITIES__GENERATE__STARTTOCLOSETIMEOUT: '5s',
    HELIX__ACTIVITIES__TOOLCALL__STARTTOCLOSETIMEOUT: '3s',
    HELIX__ACTIVITIES__PERSISTENCE__STARTTOCLOSETIMEOUT: '5s',
    HELIX__ACTIVITIES__TRAINER__STARTTOCLOSETIMEOUT: '3m',
    HELIX__ACTIVITIES__TRAINER__HEARTBEATTIMEOUT: '10s',
    ...env,
  });
}

/** The environment variables that give a child process the same configuration. */
export function configEnv(config: HelixConfig): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: config.temporal.address!,
    DATABASE_URL: config.database.url!,
    HELIX_DATA_DIR: config.dataDir,
    HELIX__TASKQUEUES__ORCHESTRATOR: config.taskQueues.orchestrator,
    HELIX__TASKQUEUES__INFERENCE: config.taskQueues.inference,
    HELIX__TASKQUEUES__TOOLS: config.taskQueues.tools,
    HELIX__TASKQUEUES__TRAINER: config.taskQueues.trainer,
    HELIX__ACTIVITIES__GENERATE__STARTTOCLOSETIMEOUT: config.activities.generate.startToCloseTimeout,
    HELIX__ACTIVITIES__TOOLCALL__STARTTOCLOSETIMEOUT: config.activities.toolCall.startToCloseTimeout,
    HELIX__ACTIVITIES__PERSISTENCE__STARTTOCLOSETIMEOUT: config.activities.persistence.startToCloseTimeout,
    HELIX__ACTIVITIES__TRAINER__STARTTOCLOSETIMEOUT: config.activities.trainer.startToCloseTimeout,
    HELIX__ACTIVITIES__TRAINER__HEARTBEATTIMEOUT: config.activities.trainer.heartbeatTimeout!,
  };
}

export async function temporalClient(address = inject('temporalAddress')): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection });
}

export function workflowBundle(): Promise<{ code: string }> {
  bundle ??= bundleWorkflows();
  return bundle;
}

export interface RunningWorkers {
  workers: Worker[];
  stop(): Promise<void>;
}

/** Starts Workers for the given queues in this process, sharing one connection. */
export async function startWorkers(
  config: HelixConfig,
  database: Database,
  queues: QueueName[] = ['orchestrator', 'inference', 'tools'],
  deps: Partial<ActivityDeps> = {},
): Promise<RunningWorkers> {
  if (!runtimeInstalled) {
    Runtime.install({
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never,
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
      shutdownSignals: [],
    });
    runtimeInstalled = true;
  }
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const workflowBundleOption = await workflowBundle();
  const store = deps.store ?? checkpointStoreOf(config);
  const serving = deps.models ? undefined : modelBackendsOf(config, store, database.db);
  const workers = await Promise.all(
    queues.map((queue) =>
      createQueueWorker(queue, {
        config,
        connection,
        db: database.db,
        taskType: deps.taskType ?? getTaskType,
        models: deps.models ?? serving?.models,
        store,
        workflowBundle: workflowBundleOption,
      }),
    ),
  );
  const running = workers.map((w) => w.run());
  return {
    workers,
    async stop() {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await Promise.allSettled(running);
      await serving?.close();
      await connection.close();
    },
  };
}
