// Every task type, the KB-backed ones included, runs as episodes on the real workflows: the
// scripted expert at zero noise solves them through the tools, turn by turn in PostgreSQL.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../env/kb/load';
import { listTaskTypes } from '../env/registry';
import { rollouts } from '../workflows';
import { rolloutsInput } from './support/rollouts';
import { useTestStack } from './support/stack';
import { expectTranscriptsMatchHistories } from './support/transcripts';

const MIRROR = process.env.HELIX_DATA_MIRROR ?? resolve(fileURLToPath(new URL('.', import.meta.url)), '../../shared/data');

const stack = useTestStack({
  prepare: async (database) => {
    const report = await loadKnowledgeBase(database.db, { dataDir: MIRROR });
    expect(report.skipped).toEqual([]);
  },
});

describe('every task type as episodes', () => {
  it('is solved by its expert through its tools on the episode workflow', async () => {
    const { client, config, database } = stack;
    const taskTypes = listTaskTypes().map((t) => t.name);
    expect(taskTypes.length).toBe(8);
    const summary = await client.workflow.execute(rollouts, {
      taskQueue: config.taskQueues.orchestrator,
      workflowId: 'all-task-types',
      args: [
        rolloutsInput(config, {
          runId: 'run-all-types',
          taskType: taskTypes[0],
          taskTypes,
          split: 'test',
          taskCount: 3,
          seed: 4,
          sampling: { temperature: 0, topP: 1, maxNewTokens: 1024 },
          limits: { maxTurns: 6, maxTokens: 8192 },
        }),
      ],
    });
    expect(new Set(summary.episodes.map((e) => e.taskType))).toEqual(new Set(taskTypes));
    for (const episode of summary.episodes) expect(episode, episode.episodeId).toMatchObject({ correctness: 1, formatOk: true });
    await expectTranscriptsMatchHistories(client, database.db, 'run-all-types', summary.episodes.length);
  });
});
