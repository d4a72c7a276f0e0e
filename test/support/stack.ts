// The shared set-up of an integration test file: a fresh database, a configuration with queues
// of its own, a Temporal client, and (unless the file runs its workers elsewhere) in-process Workers.
import { afterAll, beforeAll } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Database } from '../../db/client';
import type { HelixConfig, QueueName } from '../../temporal.config';
import type { ActivityDeps } from '../../workers/queue-activities';
import { createTestDatabase } from './database';
import { startWorkers, temporalClient, testConfig, type RunningWorkers } from './temporal';

export interface TestStack {
  database: Database;
  config: HelixConfig;
  client: Client;
  workers?: RunningWorkers;
}

export interface TestStackOptions {
  /** Configuration overrides, as environment variables. */
  env?: Record<string, string>;
  /** Queues to run in this process; [] when the test starts its own worker processes. */
  queues?: QueueName[];
  deps?: Partial<ActivityDeps>;
  /** Runs after the database exists and before the Workers start (e.g. loading the knowledge base). */
  prepare?: (database: Database) => Promise<void>;
}

export function useTestStack(options: TestStackOptions = {}): TestStack {
  const stack = {} as TestStack;
  beforeAll(async () => {
    stack.database = await createTestDatabase();
    await options.prepare?.(stack.database);
    stack.config = testConfig(stack.database.url, options.env);
    stack.client = await temporalClient(stack.config.temporal.address);
    const queues = options.queues ?? ['orchestrator', 'inference', 'tools'];
    if (queues.length) stack.workers = await startWorkers(stack.config, stack.database, queues, options.deps);
  });
  afterAll(async () => {
    await stack.workers?.stop();
    await stack.client?.connection.close();
    await stack.database?.close();
  });
  return stack;
}
