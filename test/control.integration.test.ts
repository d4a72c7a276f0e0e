// Live control of a running training run: pause, resume, a hyperparameter update (and the
// rejection of a bad one), and stop; and what `helixrl status` says a run is doing inside a phase.
import { describe, expect, it } from 'vitest';
import { getEvaluations, getRun } from '../db/training-store';
import { phaseDetail } from '../client/phase-progress';
import { controlRun, runHandle, runProgress, startTraining } from '../client/training';
import { smallRunConfig } from './support/small-run';
import { useTestStack } from './support/stack';
import { spawnHelix, waitForOutput } from './support/processes';
import { configEnv } from './support/temporal';

const stack = useTestStack({
  env: {
    HELIX__ACTIVITIES__GENERATE__STARTTOCLOSETIMEOUT: '60s',
    // SFT's step reaches the server within 0.2 s, not 5 s: this file's SFT lasts a few seconds on a fast host.
    HELIX__WORKERS__TRAINER__MAXHEARTBEATTHROTTLEINTERVAL: '200ms',
  },
  queues: ['orchestrator', 'inference', 'tools', 'trainer'],
});

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('live control of a training run', () => {
  it('pauses, takes a validated hyperparameter update, resumes and stops', async () => {
    const { client, config, database } = stack;
    const run = smallRunConfig('run-control', { rl: { epochs: 6 } });
    await startTraining(client, config, run);
    await controlRun.pause(client, 'run-control');
    const paused = await until(() => runProgress(client, 'run-control'), (p) => p.status === 'paused');
    expect(paused.phase).toBe('collect');
    expect((await until(() => getRun(database.db, 'run-control'), (r) => r?.status === 'paused'))?.status).toBe('paused');

    // A bad update is refused with the field named and changes nothing.
    await expect(controlRun.setHyperparameters(client, 'run-control', { learningRate: -1 })).rejects.toThrow();
    const refused = await controlRun.setHyperparameters(client, 'run-control', { temperature: 99 }).catch((e) => e);
    expect(String(refused.cause?.message ?? refused.message)).toMatch(/temperature must be a number in \[0, 5\]/);
    const updated = await controlRun.setHyperparameters(client, 'run-control', { learningRate: 2e-4, temperature: 0.8 });
    expect(updated).toMatchObject({ learningRate: 2e-4, temperature: 0.8 });

    // Nothing moves while paused.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await runProgress(client, 'run-control')).phase).toBe('collect');

    await controlRun.resume(client, 'run-control');
    const training = await until(() => runProgress(client, 'run-control'), (p) => p.phase === 'rl' && p.epoch >= 1);
    expect(training.hyperparameters).toMatchObject({ learningRate: 2e-4, temperature: 0.8 });
    expect(training.lastEpoch?.rolloutVersion).toBe('run-control/sft');

    await controlRun.stop(client, 'run-control');
    const final = await runHandle(client, 'run-control').result();
    expect(final.status).toBe('stopped');
    expect(final.epoch).toBeLessThan(6);
    expect(await getEvaluations(database.db, 'run-control')).toEqual([]); // a stopped run skips evaluation
    expect((await getRun(database.db, 'run-control'))?.status).toBe('stopped');
  });

  it('records a run cancelled from the Web UI (or any client) as cancelled', async () => {
    const { client, config, database } = stack;
    const handle = await startTraining(client, config, smallRunConfig('run-cancel', { rl: { epochs: 6 } }));
    await until(() => runProgress(client, 'run-cancel'), (p) => p.phase === 'rl');
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    expect((await getRun(database.db, 'run-cancel'))?.status).toBe('cancelled');
    await expect(runProgress(client, 'run-cancel')).rejects.toThrow(/Run 'run-cancel' is cancelled; see its workflow run-cancel\.train/);
  });

  it('says what each phase is doing: episodes of its batch, SFT steps and loss', async () => {
    const { client, config } = stack;
    // Phases sized to last a few polls each: 40 expert episodes, 40 SFT steps, 2 × 16 RL episodes, 3 × 8 evaluation episodes.
    const run = smallRunConfig('run-detail', {
      collect: { tasksPerType: 40 },
      sft: { steps: 40, batchSize: 2 },
      rl: { epochs: 2, tasksPerEpoch: 8, groupSize: 2 },
      evaluation: { tasksPerType: 8 },
    });
    const handle = await startTraining(client, config, run);
    const seen = new Map<string, string[]>();
    let done = false;
    const final = handle.result().finally(() => (done = true));
    while (!done) {
      const progress = await runProgress(client, run.runId).catch(() => undefined);
      const detail = progress && (await phaseDetail(client, progress));
      if (progress && detail) seen.set(progress.phase, [...(seen.get(progress.phase) ?? []), detail]);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await final).status).toBe('completed');
    expect(seen.get('collect')?.some((d) => /^episodes \d+\/40$/.test(d)), String(seen.get('collect'))).toBe(true);
    const steps = (seen.get('sft') ?? []).map((d) => /^step (\d+)\/40, loss \d+\.\d{3}$/.exec(d)?.[1]).filter(Boolean).map(Number);
    expect(steps.length, String(seen.get('sft'))).toBeGreaterThan(0);
    expect(steps.every((s) => s >= 1 && s <= 40)).toBe(true);
    expect(seen.get('rl')?.some((d) => /^epoch [01]: (episodes \d+\/16|training)/.test(d)), String(seen.get('rl'))).toBe(true);
    expect(seen.get('eval')?.some((d) => /^(untrained|sft|rl) model: episodes \d+\/8$/.test(d)), String(seen.get('eval'))).toBe(true);
    // A finished run has nothing in flight to describe.
    expect(await phaseDetail(client, await runProgress(client, run.runId))).toBeUndefined();
  });

  it('is followed from another process; Ctrl-C stops the following, not the run', { timeout: 240_000 }, async () => {
    const { client, config } = stack;
    await startTraining(client, config, smallRunConfig('run-follow', { rl: { epochs: 3 } }));
    const env = configEnv(config);
    const watcher = spawnHelix(['status', 'run-follow', '--follow'], env);
    await waitForOutput(watcher, /\] (collect|sft|rl) /, 120_000);
    watcher.child.kill('SIGINT');
    expect(await watcher.exited, watcher.output()).toBe(1);
    expect(watcher.output()).toMatch(/Stopped following run 'run-follow'; the run goes on\. Watch it again: helixrl status run-follow --follow\. Stop it: helixrl stop run-follow\./);
    expect(watcher.output()).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack

    // A second follower sees it to the end and prints its evaluation table.
    const follower = spawnHelix(['status', 'run-follow', '--follow'], env);
    expect(await follower.exited, follower.output()).toBe(0);
    expect(follower.output()).toMatch(/done \(completed\)/);
    expect(follower.output()).toMatch(/untrained: correct \(format\) +sft: correct \(format\) +rl: correct \(format\)/);
    expect(follower.output()).toMatch(/Report: helixrl report run-follow/);
    expect((await runHandle(client, 'run-follow').result()).status).toBe('completed');
  });

  it('names a queue where its next step waits and no worker polls; a terminated run is listed as terminated', { timeout: 180_000 }, async () => {
    const { client, config } = stack;
    // A cluster where nobody started a trainer worker: collection runs, then the run waits.
    const queues = { ...config.taskQueues, trainer: 'helix-trainer-nobody-runs' };
    const handle = await startTraining(client, { ...config, taskQueues: queues }, smallRunConfig('run-unserved'));
    try {
      const env = { ...configEnv(config), HELIX__TASKQUEUES__TRAINER: queues.trainer };
      let said = '';
      for (const deadline = Date.now() + 120_000; !/waiting:/.test(said) && Date.now() < deadline; await new Promise((r) => setTimeout(r, 2000))) {
        const status = spawnHelix(['status', 'run-unserved'], env);
        expect(await status.exited, status.output()).toBe(0);
        said = status.output();
      }
      expect(said).toMatch(/waiting: 1 task waits on helix-trainer-nobody-runs, which no worker polls \(start one: helixrl worker --queue trainer\)/);
      // The served queues (the test stack's) are not named.
      expect(said).not.toMatch(new RegExp(`waits? on (${config.taskQueues.tools}|${config.taskQueues.inference}|${config.taskQueues.orchestrator})`));
    } finally {
      await handle.terminate('nobody serves its trainer queue');
    }
    // A terminated run's workflow records nothing more; `helixrl runs` asks Temporal instead of
    // showing the 'running' it last recorded.
    const listed = spawnHelix(['runs'], configEnv(config));
    expect(await listed.exited, listed.output()).toBe(0);
    expect(listed.output()).toMatch(/\nrun-unserved +terminated +/);
    expect(listed.output()).toMatch(/\nrun-cancel +cancelled +/);
  });
});
