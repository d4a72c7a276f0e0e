// Every task type, the KB-backed ones included, runs as episodes on the real workflows: the
// scripted expert at zero noise solves them through the tools, turn by turn in PostgreSQL.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Database } from '../db/client';
import { loadKnowledgeBase } from '../env/kb/load';
import { listTaskTypes } from '../env/registry';
import { runtimeOf } from '../client/runtime';
import { rollouts } from '../workflows';
import type { HelixConfig } from '../temporal.config';
import { createTestDatabase } from './support/database';
import { startWorkers, temporalClient, testConfig, type RunningWorkers } from './support/temporal';
import { expectTranscriptsMatchHistories } from './support/transcripts';

const MIRROR = process.env.HELIX_DATA_MIRROR ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '../../shared/data');

let database: Database;
let config: HelixConfig;
let client: Client;
let workers: RunningWorkers;

beforeAll(async () => {
  database = await createTestDatabase();
  const report = await loadKnowledgeBase(database.db, { dataDir: MIRROR });
  expect(report.skipped).toEqual([]);
  config = testConfig(database.url);
  client = await temporalClient();
  workers = await startWorkers(config, database);
});
afterAll(async () => {
  await workers?.stop();
  await client?.connection.close();
  await database?.close();
});

describe('every task type as episodes', () => {
  it('is solved by its expert through its tools on the episode workflow', async () => {
    const taskTypes = listTaskTypes().map((t) => t.name);
    expect(taskTypes.length).toBe(7);
    const summary = await client.workflow.execute(rollouts, {
      taskQueue: config.taskQueues.orchestrator,
      workflowId: 'all-task-types',
      args: [
        {
          runId: 'run-all-types',
          taskType: taskTypes[0],
          taskTypes,
          split: 'test',
          taskCount: 3,
          groupSize: 1,
          seed: 4,
          epoch: 0,
          policy: { kind: 'expert', noise: 0 },
          policyVersion: 'expert@0',
          sampling: { temperature: 0, topP: 1, maxNewTokens: 1024 },
          limits: { maxTurns: 6, maxTokens: 8192 },
          formatWeight: 1,
          runtime: runtimeOf(config),
        },
      ],
    });
    expect(new Set(summary.episodes.map((e) => e.taskType))).toEqual(new Set(taskTypes));
    for (const episode of summary.episodes) expect(episode, episode.episodeId).toMatchObject({ correctness: 1, formatOk: true });
    await expectTranscriptsMatchHistories(client, database.db, 'run-all-types', summary.episodes.length);
  });
});
