// Recorded histories replay against today's workflow code without nondeterminism errors, so a
// change to a workflow that would break running episodes fails here first.
// Re-record the fixtures (after an intended, versioned change) with HELIX_RECORD_HISTORIES=1.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { inject } from 'vitest';
import { resolveTemporalCli } from '../infra/temporal-cli';
import { Worker } from '@temporalio/worker';
import { rollouts } from '../workflows';
import { startTraining } from '../client/training';
import { smallRunConfig } from './support/small-run';
import { taskTypesWithFaulty } from './support/faulty-task-type';
import { rolloutsInput } from './support/rollouts';
import { useTestStack } from './support/stack';
import { workflowBundle } from './support/temporal';

const FIXTURES = fileURLToPath(new URL('./fixtures/histories', import.meta.url));

const stack = useTestStack({
  env: { HELIX__ACTIVITIES__TOOLCALL__STARTTOCLOSETIMEOUT: '2s', HELIX__ACTIVITIES__TOOLCALL__RETRY__MAXIMUMATTEMPTS: '2' },
  queues: ['orchestrator', 'inference', 'tools', 'trainer'],
  deps: { taskType: taskTypesWithFaulty },
});

async function replay(histories: Array<{ workflowId: string; history: unknown }>): Promise<string[]> {
  const failures: string[] = [];
  const results = Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories as never);
  for await (const result of results) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  return failures;
}

async function collectContinuedRuns(client: Client, workflowId: string): Promise<Array<{ workflowId: string; runId: string; history: unknown }>> {
  const runs: Array<{ workflowId: string; runId: string; history: unknown }> = [];
  for await (const execution of client.workflow.list({ query: `WorkflowId = '${workflowId}' AND ExecutionStatus = 'ContinuedAsNew'` })) {
    runs.push({ workflowId, runId: execution.runId, history: await client.workflow.getHandle(workflowId, execution.runId).fetchHistory() });
  }
  expect(runs.length).toBeGreaterThan(0);
  return runs;
}

describe('workflow replay', () => {
  it('replays the histories of a fresh batch (tool failures, timeouts and malformed turns included)', async () => {
    const { client, config } = stack;
    const ids: string[] = [];
    for (const [runId, taskType, count] of [['replay-seq', 'sequence_qa', 3], ['replay-faulty', 'faulty', 7]] as const) {
      const summary = await client.workflow.execute(rollouts, {
        taskQueue: config.taskQueues.orchestrator,
        workflowId: `${runId}.rollouts`,
        args: [
          rolloutsInput(stack.config, {
            runId,
            taskType,
            taskCount: count,
            seed: 9,
            policy: { kind: 'expert', noise: 0.3 },
            sampling: { temperature: 0, topP: 1, maxNewTokens: 256 },
            limits: { maxTurns: 4, maxTokens: 4096 },
          }),
        ],
      });
      ids.push(`${runId}.rollouts`, ...summary.episodes.map((e) => e.episodeId));
    }
    // A small training run: trainingRun (with its continued-as-new runs), epoch and evaluation.
    await (await startTraining(client, config, smallRunConfig('replay-train', { rl: { epochs: 1 } }))).result();
    const training = ['replay-train.train', 'replay-train.epoch-0', 'replay-train.eval-sft', 'replay-train.eval-untrained', 'replay-train.eval-rl'];
    const histories = [
      ...(await Promise.all(
        [...ids, ...training].map(async (workflowId) => ({ workflowId, history: await client.workflow.getHandle(workflowId).fetchHistory() })),
      )),
      // The runs a trainingRun continued from, oldest first.
      ...(await collectContinuedRuns(client, 'replay-train.train')),
    ];
    expect(await replay(histories)).toEqual([]);

    if (process.env.HELIX_RECORD_HISTORIES === '1') {
      // The CLI writes the canonical proto3 JSON that historyFromJSON reads back.
      const cli = resolveTemporalCli({ install: false });
      for (const { workflowId, runId } of histories as Array<{ workflowId: string; runId?: string }>) {
        const args = ['workflow', 'show', '--address', inject('temporalAddress'), '-w', workflowId, '--output', 'json', ...(runId ? ['-r', runId] : [])];
        writeFileSync(join(FIXTURES, `${workflowId}${runId ? `.${runId.slice(0, 8)}` : ''}.json`), execFileSync(cli, args));
      }
    }
  });

  it('replays every recorded history fixture', async () => {
    const files = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((f) => f.endsWith('.json')) : [];
    expect(files.length).toBeGreaterThanOrEqual(5);
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'))),
    }));
    expect(await replay(histories)).toEqual([]);
  });
});
