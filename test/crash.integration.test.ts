// A worker process is SIGKILLed mid-run; a new one finishes every episode with no turn lost or
// duplicated. The workers are the real `helixrl worker` command in separate processes.
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { listEpisodes } from '../db/episode-store';
import { rollouts } from '../workflows';
import { spawnHelix, waitForOutput, type HelixProcess } from './support/processes';
import { rolloutsInput } from './support/rollouts';
import { useTestStack } from './support/stack';
import { configEnv } from './support/temporal';
import { expectTranscriptsMatchHistories } from './support/transcripts';

// Workers run in child processes here, so none starts in this one.
const stack = useTestStack({ env: { HELIX__ACTIVITIES__GENERATE__STARTTOCLOSETIMEOUT: '3s' }, queues: [] });
const processes: HelixProcess[] = [];
afterAll(() => processes.forEach((p) => p.child.kill('SIGKILL')));

async function countTurns(): Promise<number> {
  const result = await stack.database.db.execute(sql`SELECT count(*)::int AS n FROM turns`);
  return Number(result.rows[0].n);
}

describe('a worker killed with SIGKILL mid-episode', () => {
  it('loses and duplicates nothing: a new worker finishes every episode', async () => {
    const { client, config, database } = stack;
    const env = configEnv(config);
    const first = spawnHelix(['worker', '--queue', 'orchestrator,inference,tools'], env);
    processes.push(first);
    await waitForOutput(first, /worker running on queue 'tools/);

    const tasks = 30;
    const handle = await client.workflow.start(rollouts, {
      taskQueue: config.taskQueues.orchestrator,
      workflowId: 'crash-batch',
      args: [rolloutsInput(config, { runId: 'run-crash', taskType: 'sequence_qa', taskCount: tasks, seed: 3, policy: { kind: 'expert', noise: 0.3 } })],
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
