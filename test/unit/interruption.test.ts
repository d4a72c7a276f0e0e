// Ctrl-C while a command waits on durable work: the wait stops with the command's message.
import { describe, expect, it } from 'vitest';
import { InterruptedError, untilInterrupted } from '../../cli/interruption';

describe('untilInterrupted', () => {
  it('is listening before the work starts, so a Ctrl-C at once (right after "Started run …") stops the wait instead of the process', async () => {
    const before = process.listenerCount('SIGINT');
    const waited = untilInterrupted(() => {
      expect(process.listenerCount('SIGINT')).toBe(before + 1);
      process.kill(process.pid, 'SIGINT');
      return new Promise<never>(() => {});
    }, 'Stopped waiting; the batch goes on.');
    await expect(waited).rejects.toThrowError(new InterruptedError('Stopped waiting; the batch goes on.'));
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('returns what the work returns, and stops listening', async () => {
    const before = process.listenerCount('SIGINT');
    await expect(untilInterrupted(async () => 42, 'unused')).resolves.toBe(42);
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
