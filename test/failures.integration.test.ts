// Failure behaviour on a real server: transient tool errors are retried, permanent ones and
// malformed messages become observations, a hung tool is cut by its timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Database } from '../db/client';
import { getTranscript, listEpisodes } from '../db/episode-store';
import { runtimeOf } from '../client/runtime';
import { rollouts } from '../workflows';
import type { HelixConfig } from '../temporal.config';
import { createTestDatabase } from './support/database';
import { taskTypesWithFaulty } from './support/faulty-task-type';
import { startWorkers, temporalClient, testConfig, type RunningWorkers } from './support/temporal';

let database: Database;
let config: HelixConfig;
let client: Client;
let workers: RunningWorkers;

beforeAll(async () => {
  database = await createTestDatabase();
  config = testConfig(database.url, {
    HELIX__ACTIVITIES__TOOLCALL__STARTTOCLOSETIMEOUT: '2s',
    HELIX__ACTIVITIES__TOOLCALL__RETRY__MAXIMUMATTEMPTS: '3',
    HELIX__ACTIVITIES__TOOLCALL__RETRY__INITIALINTERVAL: '100ms',
  });
  client = await temporalClient();
  workers = await startWorkers(config, database, ['orchestrator', 'inference', 'tools'], { taskType: taskTypesWithFaulty });
});
afterAll(async () => {
  await workers?.stop();
  await client?.connection.close();
  await database?.close();
});

describe('failure behaviour', () => {
  it('keeps every episode alive and tells the model what went wrong', async () => {
    const summary = await client.workflow.execute(rollouts, {
      taskQueue: config.taskQueues.orchestrator,
      workflowId: 'faulty-batch',
      args: [
        {
          runId: 'run-faulty',
          taskType: 'faulty',
          split: 'train',
          taskCount: 7,
          groupSize: 1,
          seed: 1,
          epoch: 0,
          policy: { kind: 'expert', noise: 0 },
          policyVersion: 'expert@0',
          sampling: { temperature: 0, topP: 1, maxNewTokens: 256 },
          limits: { maxTurns: 4, maxTokens: 4096 },
          formatWeight: 1,
          runtime: runtimeOf(config),
        },
      ],
    });
    // No failed workflow: every episode ends in a solution.
    expect(summary.episodes.map((e) => e.status)).toEqual(Array(7).fill('completed'));
    const episodes = await listEpisodes(database.db, { runId: 'run-faulty' });
    const observation = async (mode: string) => {
      const episode = episodes.find((e) => e.taskId === `faulty-${mode}`)!;
      const turns = await getTranscript(database.db, episode.id);
      return { episode, observation: turns[3] };
    };

    const flaky = await observation('flaky');
    expect(flaky.observation.content).toMatch(/flaky answered on call 3/); // two transient failures retried by policy
    expect(flaky.observation.toolError).toBe(false);

    const hang = await observation('hang');
    expect(hang.observation.content).toMatch(/hang is unavailable right now .*did not answer within/);
    expect(hang.observation.toolError).toBe(true);

    const crash = await observation('crash');
    expect(crash.observation.content).toMatch(/crash is unavailable right now .*cannot read properties/);

    const boom = await observation('boom');
    expect(boom.observation.content).toMatch(/Error: boom failed: the record does not exist/);

    const unknown = await observation('unknown');
    expect(unknown.observation.content).toMatch(/unknown tool 'teleport'. Available tools: flaky, hang, boom, crash/);

    const badArgs = await observation('badargs');
    expect(badArgs.observation.content).toMatch(/bad arguments for flaky/);

    const malformed = await observation('malformed');
    expect(malformed.observation.content).toMatch(/not in the required format/);
    expect(malformed.episode.formatOk).toBe(false);
    expect(malformed.episode.reward).toBe(1);

    // Tool errors are counted per episode, and do not cost the format reward.
    expect(boom.episode.toolErrors).toBe(1);
    expect(boom.episode.formatOk).toBe(true);
  });
});
