// A worker process is SIGKILLed mid-run; a new one finishes every episode with no turn lost or
// duplicated. The workers are the real `helixrl worker` command in separate processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Client } from '@temporalio/client';
import type { Database } from '../db/client';
import { listEpisodes } from '../db/episode-store';
import { runtimeOf } from '../client/runtime';
import { rollouts } from '../workflows';
import type { HelixConfig } from '../temporal.config';
import { createTestDatabase } from './support/database';
import { spawnHelix, waitForOutput, type HelixProcess } from './support/processes';
import { configEnv, temporalClient, testConfig } from './support/temporal';
import { expectTranscriptsMatchHistories } from './support/transcripts';

let database: Database;
let config: HelixConfig;
let client: Client;
const processes: HelixProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  config = testConfig(database.url, { HELIX__ACTIVITIES__GENERATE__STARTTOCLOSETIMEOUT: '3s' });
  client = await temporalClient();
});
afterAll(async () => {
  for (const p of processes) p.child.kill('SIGKILL');
  await client?.connection.close();
  await database?.close();
});

async function countTurns(): Promise<number> {
  const result = await database.db.execute(sql`SELECT count(*)::int AS n FROM turns`);
  return Number(result.rows[0].n);
}

describe('a worker killed with SIGKILL mid-episode', () => {
  it('loses and duplicates nothing: a new worker finishes every episode', async () => {
    const env = configEnv(config);
    const first = spawnHelix(['worker', '--queue', 'orchestrator,inference,tools'], env);
    processes.push(first);
    await waitForOutput(first, /worker running on queue 'tools/);

    const tasks = 30;
    const handle = await client.workflow.start(rollouts, {
      taskQueue: config.taskQueues.orchestrator,
      workflowId: 'crash-batch',
      args: [
        {
          runId: 'run-crash',
          taskType: 'sequence_qa',
          split: 'train',
          taskCount: tasks,
          groupSize: 1,
          seed: 3,
          epoch: 0,
          policy: { kind: 'expert', noise: 0.3 },
          policyVersion: 'expert@0.3',
          sampling: { temperature: 0, topP: 1, maxNewTokens: 512 },
          limits: { maxTurns: 6, maxTokens: 4096 },
          formatWeight: 1,
          runtime: runtimeOf(config),
        },
      ],
    });

    // Kill once some turns are written but the batch is far from done.
    while ((await countTurns()) < 40) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    await first.exited;
    const atKill = await listEpisodes(database.db, { runId: 'run-crash' });
    const running = atKill.filter((e) => e.status === 'running').length;
    expect(running).toBeGreaterThan(0); // the kill really landed mid-episode

    const second = spawnHelix(['worker', '--queue', 'orchestrator,inference,tools'], env);
    processes.push(second);
    const summary = await handle.result();
    expect(summary.episodes).toHaveLength(tasks);
    await expectTranscriptsMatchHistories(client, database.db, 'run-crash', tasks);
    second.child.kill('SIGTERM');
    expect(await second.exited).not.toBeNull();
  });
});
