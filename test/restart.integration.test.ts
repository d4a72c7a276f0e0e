// The Temporal dev server is stopped mid-run and started again on the same SQLite file: the
// episodes finish, with every turn exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Client } from '@temporalio/client';
import type { Database } from '../db/client';
import { startDevServer, type DevServer } from '../infra/temporal-dev-server';
import { rollouts } from '../workflows';
import type { HelixConfig } from '../temporal.config';
import { createTestDatabase } from './support/database';
import { freePort } from './support/ports';
import { rolloutsInput } from './support/rollouts';
import { startWorkers, temporalClient, testConfig, type RunningWorkers } from './support/temporal';
import { expectTranscriptsMatchHistories } from './support/transcripts';

let database: Database;
let config: HelixConfig;
let server: DevServer;
let client: Client;
let workers: RunningWorkers;
let dir: string;
let port: number;

const startServer = () => startDevServer({ port, uiPort: 0, headless: true, dbFile: join(dir, 'temporal.sqlite') });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'helix-restart-'));
  port = await freePort();
  server = await startServer();
  database = await createTestDatabase();
  config = testConfig(database.url, { TEMPORAL_ADDRESS: server.address });
  client = await temporalClient(server.address);
  workers = await startWorkers(config, database);
});
afterAll(async () => {
  await workers?.stop();
  await client?.connection.close();
  await server?.stop();
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a Temporal server restart mid-run', () => {
  it('resumes from the SQLite file and the episodes finish', async () => {
    const tasks = 30;
    const handle = await client.workflow.start(rollouts, {
      taskQueue: config.taskQueues.orchestrator,
      workflowId: 'restart-batch',
      args: [rolloutsInput(config, { runId: 'run-restart', taskType: 'sequence_qa', split: 'val', taskCount: tasks, seed: 5, policy: { kind: 'expert', noise: 0.3 } })],
    });
    const turns = async () => Number((await database.db.execute(sql`SELECT count(*)::int AS n FROM turns`)).rows[0].n);
    while ((await turns()) < 40) await new Promise((r) => setTimeout(r, 20));

    await server.stop();
    const turnsWhileDown = await turns();
    await new Promise((r) => setTimeout(r, 1000));
    server = await startServer();

    const summary = await handle.result();
    expect(summary.episodes).toHaveLength(tasks);
    expect(await turns()).toBeGreaterThan(turnsWhileDown);
    await expectTranscriptsMatchHistories(client, database.db, 'run-restart', tasks);
  });
});
