// Quiet Temporal's own worker logs to warnings so the console shows HelixRL's progress.
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import { endProgressLine } from './progress-printer';

// Single-purpose workers (activities only, or workflows only) are HelixRL's design, not a problem.
const EXPECTED = /^No (activities|workflows) registered/;

let installed = false;

export function installWorkerRuntime(level: 'WARN' | 'INFO' | 'DEBUG' = (process.env.HELIX_LOG_LEVEL as 'INFO') ?? 'WARN'): void {
  if (installed) return;
  const print = (entry: LogEntry) => {
    if (EXPECTED.test(entry.message)) return;
    const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
    const { error, workflowId, activityType, attempt } = (entry.meta ?? {}) as Record<string, unknown>;
    const where = [workflowId, activityType, attempt && `attempt ${attempt}`].filter(Boolean).join(' ');
    const why = error instanceof Error ? `: ${describeError(error)}` : '';
    endProgressLine();
    process.stderr.write(`${time} [${entry.level}] ${entry.message}${where ? ` (${where})` : ''}${why}\n`);
  };
  Runtime.install({
    logger: new DefaultLogger(level, print),
    // Core's own retry chatter (e.g. while a server restarts) only at the chosen level.
    telemetryOptions: { logging: { filter: { core: level === 'WARN' ? 'ERROR' : level, other: 'ERROR' } } },
  });
  installed = true;
}

/** An error's message and its causes, each cut short: drizzle's "Failed query" quotes every parameter. */
export function describeError(error: Error, maxChars = 400): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 4; e = e.cause) {
    parts.push(e.message.length > maxChars ? `${e.message.slice(0, maxChars)}… (${e.message.length} chars)` : e.message);
  }
  return parts.join(' ← caused by: ');
}

export function say(line: string): void {
  endProgressLine();
  process.stdout.write(`${line}\n`);
}
