// Ctrl-C for a long command that owns servers and child processes: instead of Node's immediate exit
// (which the Temporal SDK's own signal handling replaces anyway), the command's waits reject, so its
// `finally` closes everything in order and the user reads what became of their work. Commands that
// only watch durable work (following a run, waiting for a batch) say that the work goes on.

/** Ctrl-C, with what became of the work; printed like any expected failure. */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
}

export interface Interruption {
  /** Rejects on Ctrl-C with the message current at that moment; never resolves. Race long waits against it. */
  interrupted: Promise<never>;
  dispose(): void;
}

export function onInterrupt(message: () => string): Interruption {
  let interrupt!: (error: Error) => void;
  const interrupted = new Promise<never>((_, reject) => (interrupt = reject));
  interrupted.catch(() => {}); // observed by whoever races it
  const handler = () => interrupt(new InterruptedError(message()));
  process.once('SIGINT', handler);
  return { interrupted, dispose: () => process.off('SIGINT', handler) };
}

/**
 * Waits for `work`; Ctrl-C instead stops the wait with `message` (a command that only watches
 * durable work). `work` starts once the listener is in place, so a line it prints ("Started
 * run …") cannot be answered by a Ctrl-C that finds no listener and ends the process outright.
 */
export async function untilInterrupted<T>(work: () => Promise<T>, message: string): Promise<T> {
  const { interrupted, dispose } = onInterrupt(() => message);
  try {
    return await Promise.race([work(), interrupted]);
  } finally {
    dispose();
  }
}
