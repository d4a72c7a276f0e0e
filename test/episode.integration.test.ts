// A batch of real episodes on a real Temporal server and PostgreSQL: the database transcripts
// match the workflows' turns one to one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Database } from '../db/client';
import { getTranscript, listEpisodes } from '../db/episode-store';
import { runtimeOf } from '../client/runtime';
import { rollouts } from '../workflows';
import type { HelixConfig } from '../temporal.config';
import { createTestDatabase } from './support/database';
import { startWorkers, temporalClient, testConfig, type RunningWorkers } from './support/temporal';
import { historyTurns } from './support/history';

let database: Database;
let config: HelixConfig;
let client: Client;
let workers: RunningWorkers;

beforeAll(async () => {
  database = await createTestDatabase();
  config = testConfig(database.url);
  client = await temporalClient();
  workers = await startWorkers(config, database);
});
afterAll(async () => {
  await workers?.stop();
  await client?.connection.close();
  await database?.close();
});

describe('episode workflow, end to end', () => {
  it('runs a batch of sequence-QA episodes whose DB transcripts match the workflow histories', async () => {
    const summary = await client.workflow.execute(rollouts, {
      taskQueue: config.taskQueues.orchestrator,
      workflowId: 'batch-integration',
      args: [
        {
          runId: 'run-integration',
          taskType: 'sequence_qa',
          split: 'train',
          taskCount: 6,
          groupSize: 2,
          seed: 7,
          epoch: 0,
          policy: { kind: 'expert', noise: 0 },
          policyVersion: 'expert@0',
          sampling: { temperature: 0, topP: 1, maxNewTokens: 512 },
          limits: { maxTurns: 6, maxTokens: 4096 },
          formatWeight: 1,
          runtime: runtimeOf(config),
        },
      ],
    });
    expect(summary.episodes).toHaveLength(12);
    // The noiseless expert solves every sequence task in the agent format.
    expect(summary.meanCorrectness).toBe(1);
    expect(summary.formatRate).toBe(1);

    const rows = await listEpisodes(database.db, { runId: 'run-integration' });
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      expect(row.status).toBe('completed');
      expect(row.reward).toBe(2);
      const transcript = await getTranscript(database.db, row.id);
      // Contiguous indexes: nothing lost, nothing duplicated.
      expect(transcript.map((t) => t.idx)).toEqual(transcript.map((_, i) => i));
      expect(transcript.map((t) => t.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
      const history = await historyTurns(client, row.id);
      expect(history.assistantTurns).toEqual(transcript.filter((t) => t.role === 'assistant').map((t) => t.idx));
      expect(history.observationTurns).toEqual(transcript.filter((t) => t.role === 'user' && t.idx > 1).map((t) => t.idx));
    }
  });
});
