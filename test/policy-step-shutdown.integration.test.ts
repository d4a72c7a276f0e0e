// A GRPO update is one activity of many mini-batches. When its trainer worker shuts down (Ctrl-C
// on the demo), the update stops between mini-batches and hands the attempt back, registering
// nothing; the retry on the next trainer starts again from the version it was asked to update,
// so no mini-batch is applied twice.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporal } from '@temporalio/proto';
import { startTrainerProcess } from '../cli/trainer-process';
import { startTraining } from '../client/training';
import { getPolicyVersion } from '../db/training-store';
import { smallRunConfig } from './support/small-run';
import { useTestStack } from './support/stack';
import { waitFor } from './support/ports';
import { configEnv } from './support/temporal';

const stack = useTestStack({ queues: ['orchestrator', 'inference', 'tools'] });

const optimizerStepOf = (checkpointDir: string) => (JSON.parse(readFileSync(join(checkpointDir, 'trainer_state.json'), 'utf8')) as { step: number }).step;

describe('a policy step whose trainer shuts down', () => {
  it('stops between mini-batches, registers nothing, and is redone whole by the next trainer', { timeout: 240_000 }, async () => {
    const { client, config, database } = stack;
    // No grace time: the update is asked to stop at once, in the middle of its mini-batches.
    const env = { ...configEnv(config), HELIX__WORKERS__TRAINER__SHUTDOWNGRACETIME: '0s', HELIX__TRAINER__SFTTHREADS: '1' };
    const servers = { temporalAddress: config.temporal.address!, databaseUrl: config.database.url!, env };
    const first = startTrainerProcess(servers, () => {});
    let second: ReturnType<typeof startTrainerProcess> | undefined;
    try {
      await first.ready;
      // 4 tasks × 16 episodes, every episode kept (no dynamic sampling), one per mini-batch: 64 updates,
      // seconds of them, so the stop lands in the middle.
      const run = smallRunConfig('run-policy-handback', {
        rl: { epochs: 1, tasksPerEpoch: 4, groupSize: 16, miniBatchSize: 1, dynamicSampling: false },
        evaluation: { tasksPerType: 1 },
      });
      const handle = await startTraining(client, config, run);
      const epoch = client.workflow.getHandle(`${run.runId}.epoch-0`);
      await waitFor(
        async () => {
          const pending = (await epoch.describe()).raw.pendingActivities ?? [];
          const running = pending.some((a) => a.activityType?.name === 'policyStep' && a.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
          if (!running) throw new Error('no policy step running yet');
        },
        180_000,
        'the trainer to start the policy step',
      );
      await first.stop();
      second = startTrainerProcess(servers, () => {});
      await handle.result();

      // The attempt that finished was the second, and the first ended by handing itself back.
      const history = await epoch.fetchHistory();
      const events = history.events!;
      const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'policyStep')!;
      const policyStarted = events.find((e) => String(e.activityTaskStartedEventAttributes?.scheduledEventId) === String(scheduled.eventId))!
        .activityTaskStartedEventAttributes!;
      expect(policyStarted.attempt).toBe(2);
      expect(policyStarted.lastFailure?.applicationFailureInfo?.type).toBe('TrainerShutdown');
      expect(policyStarted.lastFailure?.message).toMatch(/nothing registered/);

      // Every mini-batch applied once: the new version's optimizer is exactly its updates past SFT's.
      const sft = (await getPolicyVersion(database.db, `${run.runId}/sft`))!;
      const rl = (await getPolicyVersion(database.db, `${run.runId}/rl-001`))!;
      const metrics = rl.metrics as { optimizerSteps: number; sequences: number };
      expect(metrics.optimizerSteps).toBe(metrics.sequences);
      expect(metrics.sequences).toBeGreaterThan(1);
      expect(optimizerStepOf(rl.checkpointDir)).toBe(optimizerStepOf(sft.checkpointDir) + metrics.optimizerSteps);
    } finally {
      await first.stop();
      await second?.stop();
    }
  });
});
