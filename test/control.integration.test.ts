// Live control of a running training run: pause, resume, a hyperparameter update (and the
// rejection of a bad one), and stop.
import { describe, expect, it } from 'vitest';
import { getEvaluations, getRun } from '../db/training-store';
import { controlRun, runHandle, runProgress, startTraining } from '../client/training';
import { smallRunConfig } from './support/small-run';
import { useTestStack } from './support/stack';

const stack = useTestStack({
  env: { HELIX__ACTIVITIES__GENERATE__STARTTOCLOSETIMEOUT: '60s' },
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
});
