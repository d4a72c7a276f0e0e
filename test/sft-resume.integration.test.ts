// SFT is one long activity (minutes in the demo). Its trainer saves where it is every
// `trainer.progressEverySeconds`; killed mid-SFT, the trainer process is started again and
// Temporal's retry continues from the saved step instead of step 0. Stopped on purpose (Ctrl-C on
// the demo), the trainer saves at the step it is on and hands the attempt back at once.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import { startTrainerProcess } from '../cli/trainer-process';
import type { Client } from '@temporalio/client';
import { controlRun, runProgress, startTraining } from '../client/training';
import { getPolicyVersion, getRun } from '../db/training-store';
import { smallRunConfig } from './support/small-run';
import { useTestStack } from './support/stack';
import { waitFor } from './support/ports';
import { configEnv } from './support/temporal';

const stack = useTestStack({ queues: ['orchestrator', 'inference', 'tools'] });

/** Waits until the run's SFT heartbeat reports at least `min` steps done; returns the step it saw. */
async function sftPastStep(client: Client, runId: string, min: number): Promise<number> {
  let step = 0;
  await waitFor(
    async () => {
      step = (await pendingSft(client, runId))?.stepsDone ?? 0;
      if (step < min) throw new Error(`SFT at step ${step}`);
    },
    120_000,
    `SFT to pass step ${min}`,
  );
  return step;
}

/** The run's SFT activity while it is pending, with the step its last heartbeat reported. */
async function pendingSft(client: Client, runId: string): Promise<{ stepsDone: number } | undefined> {
  const pending = (await client.workflow.getHandle(`${runId}.train`).describe()).raw.pendingActivities ?? [];
  const sft = pending.find((a) => a.activityType?.name === 'sftTrain');
  if (!sft) return undefined;
  const details = sft.heartbeatDetails?.payloads?.[0];
  return { stepsDone: details ? (defaultPayloadConverter.fromPayload(details) as { stepsDone?: number }).stepsDone ?? 0 : 0 };
}

/** Where the run's SFT progress is saved (training/checkpoint-store.ts), and the step saved there (0: none yet). */
function progressFileOf(dataDir: string, runId: string): string {
  return join(resolve(dataDir), 'checkpoints', runId, 'sft.progress', 'progress.json');
}
function savedStep(progressFile: string): number {
  return existsSync(progressFile) ? (JSON.parse(readFileSync(progressFile, 'utf8')) as { stepsDone: number }).stepsDone : 0;
}

/** Waits until the run's SFT has saved at least `min` steps; returns the step saved. */
async function sftSavedPast(progressFile: string, min: number): Promise<number> {
  let saved = 0;
  await waitFor(
    async () => {
      saved = savedStep(progressFile);
      if (saved < min) throw new Error(`${saved} steps saved so far`);
    },
    120_000,
    'SFT to save its progress',
  );
  return saved;
}

/** A trainer process on the stack's servers, one SFT thread; saving its progress every `progressEverySeconds` (3600: only when stopped or paused). */
function startTrainer(progressEverySeconds?: number): ReturnType<typeof startTrainerProcess> {
  const { config } = stack;
  const env: Record<string, string> = { ...configEnv(config), HELIX__TRAINER__SFTTHREADS: '1' };
  if (progressEverySeconds !== undefined) env.HELIX__TRAINER__PROGRESSEVERYSECONDS = String(progressEverySeconds);
  return startTrainerProcess({ temporalAddress: config.temporal.address!, databaseUrl: config.database.url!, env }, () => {});
}

/** Starts a small run that is SFT only: `steps` optimizer steps of two sequences, no RL; `sft` overrides more SFT settings. */
async function startSftRun(runId: string, steps: number, sft: Record<string, unknown> = {}) {
  const { client, config } = stack;
  const run = smallRunConfig(runId, { sft: { steps, batchSize: 2, ...sft }, rl: { epochs: 0 } });
  return { run, handle: await startTraining(client, config, run), progressFile: progressFileOf(config.dataDir, runId) };
}

/** What the registered SFT version says about its training: where it resumed and how many steps it made. */
async function sftMetrics(runId: string): Promise<{ resumedFromStep: number; optimizerSteps: number; noisyInputShare: number }> {
  const sft = await getPolicyVersion(stack.database.db, `${runId}/sft`);
  return sft?.metrics as { resumedFromStep: number; optimizerSteps: number; noisyInputShare: number };
}

describe('SFT interrupted by a dead trainer', () => {
  it('continues from its saved progress on the retry, noisy inputs included', { timeout: 240_000 }, async () => {
    const trainer = startTrainer(1);
    try {
      await trainer.ready;
      // Noisy teacher forcing in the second half: the setting travels from the config to the trainer.
      const { run, handle, progressFile } = await startSftRun('run-sft-resume', 100, { inputNoise: 0.3, inputNoiseFrom: 0.5 });
      const saved = await sftSavedPast(progressFile, 10);
      process.kill(trainer.pid()!, 'SIGKILL');

      await handle.result();
      const metrics = await sftMetrics(run.runId);
      expect(metrics.optimizerSteps).toBe(100);
      expect(metrics.resumedFromStep).toBeGreaterThanOrEqual(saved);
      expect(metrics.resumedFromStep).toBeLessThan(100);
      // Half the steps at 0.3 (a swap may draw the token it replaces, special tokens never swap).
      expect(metrics.noisyInputShare).toBeGreaterThan(0.02);
      expect(metrics.noisyInputShare).toBeLessThan(0.15);
      expect(trainer.readyCount()).toBe(2);
      expect(existsSync(progressFile)).toBe(false); // dropped once the version is registered
      // The learning-rate schedule ran to its end across the restart: the last step's rate is a tenth.
      const sft = await getPolicyVersion(stack.database.db, `${run.runId}/sft`);
      const state = JSON.parse(readFileSync(join(sft!.checkpointDir, 'trainer_state.json'), 'utf8')) as { adam: { lr: number } };
      expect(state.adam.lr).toBeCloseTo(run.sft.learningRate / 10, 10);
    } finally {
      await trainer.stop();
    }
  });

  it('saves where it is and hands the attempt back when its worker shuts down', { timeout: 240_000 }, async () => {
    // No periodic saves: progress found by the retry can only come from the shutdown.
    const first = startTrainer(3600);
    let second: ReturnType<typeof startTrainer> | undefined;
    try {
      await first.ready;
      const { run, handle } = await startSftRun('run-sft-handback', 200);
      const step = await sftPastStep(stack.client, run.runId, 10);
      await first.stop();
      second = startTrainer(3600);
      await handle.result();
      const metrics = await sftMetrics(run.runId);
      expect(metrics.optimizerSteps).toBe(200);
      expect(metrics.resumedFromStep).toBeGreaterThanOrEqual(step);
      expect(metrics.resumedFromStep).toBeLessThan(200);
    } finally {
      await first.stop();
      await second?.stop();
    }
  });

  it('is paused in the middle: the trainer saves the step it reached and the resumed run continues from it', { timeout: 240_000 }, async () => {
    const { client } = stack;
    // No periodic saves: the progress found on resuming can only come from the pause.
    const trainer = startTrainer(3600);
    try {
      await trainer.ready;
      const { run, handle, progressFile } = await startSftRun('run-sft-pause', 250);
      const step = await sftPastStep(client, run.runId, 10);
      await controlRun.pause(client, run.runId);
      // The pause cancels SFT (within a heartbeat) instead of waiting for its 250 steps.
      await waitFor(
        async () => {
          if (await pendingSft(client, run.runId)) throw new Error('SFT still running');
        },
        30_000,
        'the paused run to hand SFT back',
      );
      expect(await runProgress(client, run.runId)).toMatchObject({ phase: 'sft', status: 'paused' });
      const saved = savedStep(progressFile);
      expect(saved).toBeGreaterThanOrEqual(step);
      expect(saved).toBeLessThan(250);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await pendingSft(client, run.runId)).toBeUndefined(); // nothing trains while paused

      await controlRun.resume(client, run.runId);
      expect((await handle.result()).status).toBe('completed');
      const metrics = await sftMetrics(run.runId);
      expect(metrics.optimizerSteps).toBe(250);
      // From the pause's save (or a later one, had an attempt after it been retried on a slow host).
      expect(metrics.resumedFromStep, JSON.stringify(metrics)).toBeGreaterThanOrEqual(saved);
      expect(metrics.resumedFromStep).toBeLessThan(250);
    } finally {
      await trainer.stop();
    }
  });

  it('is resumed at once after a pause: the next attempt, on a second trainer, starts from the step the first one saved', { timeout: 240_000 }, async () => {
    const { client } = stack;
    // Two trainers: the resumed attempt can start on the idle one while the first still trains
    // (it sees the cancellation only at its next heartbeat, up to 5 s later). No periodic saves.
    const trainers = [startTrainer(3600), startTrainer(3600)];
    try {
      await Promise.all(trainers.map((t) => t.ready));
      const { run, handle } = await startSftRun('run-sft-quick-resume', 150);
      const step = await sftPastStep(client, run.runId, 10);
      await controlRun.pause(client, run.runId);
      await waitFor(
        async () => {
          if ((await runProgress(client, run.runId)).status !== 'paused') throw new Error('not paused yet');
        },
        10_000,
        'the run to take the pause',
      );
      await controlRun.resume(client, run.runId);
      expect((await handle.result()).status).toBe('completed');
      const metrics = await sftMetrics(run.runId);
      expect(metrics.optimizerSteps).toBe(150);
      // The run waited for the first attempt to save before it started the next one.
      expect(metrics.resumedFromStep, JSON.stringify(metrics)).toBeGreaterThanOrEqual(step);
    } finally {
      await Promise.all(trainers.map((t) => t.stop()));
    }
  });

  it('is paused while its trainer lies dead: the run waits paused, and resumes from the last save', { timeout: 240_000 }, async () => {
    const { client } = stack;
    const trainer = startTrainer(1);
    try {
      await trainer.ready;
      const { run, handle, progressFile } = await startSftRun('run-sft-dead-pause', 150);
      await sftSavedPast(progressFile, 10);
      process.kill(trainer.pid()!, 'SIGKILL'); // its attempt can no longer acknowledge the pause
      const saved = savedStep(progressFile);
      await controlRun.pause(client, run.runId);
      // The lost attempt times out on its heartbeat (10 s here); the run stays paused, not failed.
      await waitFor(
        async () => {
          if (await pendingSft(client, run.runId)) throw new Error('SFT attempt still pending');
        },
        60_000,
        'the lost attempt to time out',
      );
      await new Promise((r) => setTimeout(r, 1000));
      expect(await runProgress(client, run.runId)).toMatchObject({ phase: 'sft', status: 'paused' });

      await controlRun.resume(client, run.runId);
      expect((await handle.result()).status).toBe('completed');
      const metrics = await sftMetrics(run.runId);
      expect(metrics.optimizerSteps).toBe(150);
      expect(metrics.resumedFromStep, JSON.stringify(metrics)).toBeGreaterThanOrEqual(saved);
    } finally {
      await trainer.stop();
    }
  });

  it('is cancelled (as from the Web UI) while its trainer lies dead: the run ends cancelled, not failed', { timeout: 240_000 }, async () => {
    const { client, database } = stack;
    const trainer = startTrainer();
    try {
      await trainer.ready;
      const { run, handle } = await startSftRun('run-sft-dead-cancel', 150);
      await sftPastStep(client, run.runId, 3);
      process.kill(trainer.pid()!, 'SIGKILL');
      await handle.cancel();
      // The lost attempt times out on its heartbeat (10 s here) and is not retried once cancelled.
      await expect(handle.result()).rejects.toThrow();
      expect((await handle.describe()).status.name).toBe('CANCELLED');
      expect((await getRun(database.db, run.runId))?.status).toBe('cancelled');
    } finally {
      await trainer.stop();
    }
  });
});
