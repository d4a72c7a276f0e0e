// The demo's trainer Worker runs as `helixrl worker --queue trainer` in a child process: killed, it
// is started again (Temporal then retries whatever activity it held); asked to stop, it stops; when
// the demo dies, even by SIGKILL, it does not stay behind serving the queue.
import { describe, expect, it } from 'vitest';
import { startTrainerProcess } from '../cli/trainer-process';
import { EXIT_WITH_PARENT, STOP_REQUEST } from '../cli/commands/worker';
import { spawnHelix, waitForOutput } from './support/processes';
import { useTestStack } from './support/stack';
import { waitFor } from './support/ports';
import { configEnv } from './support/temporal';

const stack = useTestStack({ queues: [] });

describe('the demo trainer process', () => {
  it('is started again when it dies, and stops when asked', async () => {
    const logs: string[] = [];
    const { config } = stack;
    const trainer = startTrainerProcess(
      { temporalAddress: config.temporal.address!, databaseUrl: config.database.url!, env: configEnv(config) },
      (line) => logs.push(line),
    );
    try {
      await trainer.ready;
      const first = trainer.pid()!;
      expect(trainer.readyCount()).toBe(1);
      process.kill(first, 'SIGKILL');
      await waitFor(
        async () => {
          if (trainer.readyCount() !== 2) throw new Error(`${trainer.readyCount()} ready so far`);
        },
        60_000,
        'the restarted trainer to poll its queue',
      );
      expect(trainer.pid()).not.toBe(first);
      expect(logs.join('\n')).toMatch(/trainer process stopped \(signal SIGKILL\); starting it again \(1\/5\)/);
    } finally {
      await trainer.stop();
    }
    const last = trainer.pid()!;
    expect(() => process.kill(last, 0)).toThrow(); // gone
    expect(trainer.readyCount()).toBe(2); // and not restarted after stop()
  });

  it('shuts down when the process that started it is gone (its stdin closes)', async () => {
    const worker = spawnHelix(['worker', '--queue', 'trainer'], { ...configEnv(stack.config), [EXIT_WITH_PARENT]: '1' }, { stdin: 'pipe' });
    try {
      await waitForOutput(worker, /worker running on queue/, 60_000);
      worker.child.stdin!.destroy(); // what the parent's death does to the pipe
      expect(await worker.exited).toBe(0);
      expect(worker.output()).toContain('The process that started this worker is gone; shutting down.');
    } finally {
      worker.child.kill('SIGKILL');
    }
  });

  it('says it was asked to stop when its parent writes a stop request before closing stdin', async () => {
    const worker = spawnHelix(['worker', '--queue', 'trainer'], { ...configEnv(stack.config), [EXIT_WITH_PARENT]: '1' }, { stdin: 'pipe' });
    try {
      await waitForOutput(worker, /worker running on queue/, 60_000);
      worker.child.stdin!.end(STOP_REQUEST); // what TrainerProcess.stop() does
      expect(await worker.exited).toBe(0);
      expect(worker.output()).toContain('Asked to stop by the process that started this worker; shutting down.');
      expect(worker.output()).not.toContain('is gone');
    } finally {
      worker.child.kill('SIGKILL');
    }
  });
});
