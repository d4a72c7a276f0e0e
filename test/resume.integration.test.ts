// The worker process is SIGKILLed during RL and started again: the run resumes, no completed
// episode is lost, and no trainer step is applied twice. The run uses asynchronous rollouts
// (maxStaleness 1), so each epoch after the first trains on episodes of the previous policy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { listEpisodes } from '../db/episode-store';
import { epochMetrics, policyVersions } from '../db/schema';
import { getPolicyVersion } from '../db/training-store';
import { runHandle, startTraining } from '../client/training';
import { spawnHelix, waitForOutput, type HelixProcess } from './support/processes';
import { smallRunConfig } from './support/small-run';
import { useTestStack } from './support/stack';
import { configEnv } from './support/temporal';
import { expectTranscriptsMatchHistories } from './support/transcripts';

// Workers run in child processes; the trainer's 10 s heartbeat timeout lets a killed update be retried quickly.
const stack = useTestStack({ env: { HELIX__ACTIVITIES__GENERATE__STARTTOCLOSETIMEOUT: '10s' }, queues: [] });
const processes: HelixProcess[] = [];
afterAll(() => processes.forEach((p) => p.child.kill('SIGKILL')));

describe('the whole worker process killed during RL', () => {
  it('resumes the run without losing episodes or repeating trainer steps', { timeout: 300_000 }, async () => {
    const { client, config, database } = stack;
    const env = configEnv(config);
    const first = spawnHelix(['worker', '--queue', 'all'], env);
    processes.push(first);
    await waitForOutput(first, /worker running on queue .*\(trainer\)/);

    const epochs = 4;
    const run = smallRunConfig('run-resume', { rl: { epochs, maxStaleness: 1, dynamicSampling: false } });
    await startTraining(client, config, run);

    // Kill once the first RL update is registered: the next epoch is in flight.
    const deadline = Date.now() + 120_000;
    while (!(await getPolicyVersion(database.db, 'run-resume/rl-001'))) {
      if (Date.now() > deadline) throw new Error(`rl-001 never appeared; worker output:\n${first.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    first.child.kill('SIGKILL');
    await first.exited;

    const second = spawnHelix(['worker', '--queue', 'all'], env);
    processes.push(second);
    const final = await runHandle(client, 'run-resume').result();
    expect(final.status).toBe('completed');

    // One metrics row and one version per epoch, each trained from the one before.
    const metrics = await database.db.select().from(epochMetrics).where(eq(epochMetrics.runId, 'run-resume'));
    expect(metrics).toHaveLength(epochs);
    const versions = await database.db.select().from(policyVersions).where(eq(policyVersions.runId, 'run-resume'));
    const rl = versions.filter((v) => v.kind === 'rl').sort((a, b) => a.step - b.step);
    expect(rl.map((v) => v.parentId)).toEqual(['run-resume/sft', 'run-resume/rl-001', 'run-resume/rl-002', 'run-resume/rl-003']);

    // No update applied twice: the optimizer has taken exactly the steps the registered versions report.
    const optimizerSteps = rl.reduce((sum, v) => sum + ((v.metrics as Record<string, number>).optimizerSteps ?? 0), 0);
    expect(optimizerSteps).toBeGreaterThan(0);
    const state = JSON.parse(readFileSync(join(rl[rl.length - 1].checkpointDir, 'trainer_state.json'), 'utf8'));
    expect(state.step).toBe(run.sft.steps + optimizerSteps);

    // Every RL episode finished exactly once, written turn by turn as its history says.
    const rlEpisodes = (await listEpisodes(database.db, { runId: 'run-resume' })).filter((e) => e.epoch >= 0);
    expect(rlEpisodes).toHaveLength(epochs * run.rl.tasksPerEpoch * run.rl.groupSize);
    await expectTranscriptsMatchHistories(client, database.db, 'run-resume', rlEpisodes.length + run.collect.tasksPerType * run.collect.samplesPerTask, [
      'completed',
      'truncated', // the tiny model may run out of turns
    ]);

    // Asynchronous rollouts: epoch e ≥ 1 was sampled from the policy of epoch e - 1.
    const versionOf = (epoch: number) => new Set(rlEpisodes.filter((e) => e.epoch === epoch).map((e) => e.policyVersion));
    expect(versionOf(0)).toEqual(new Set(['run-resume/sft']));
    expect(versionOf(1)).toEqual(new Set(['run-resume/sft']));
    expect(versionOf(2)).toEqual(new Set(['run-resume/rl-001']));
    expect(versionOf(3)).toEqual(new Set(['run-resume/rl-002']));
    second.child.kill('SIGTERM');
  });
});
