import type { Command } from 'commander';
import { loadConfig } from '../../infra/config';
import { connectDatabase, databaseUrlOf, checkTemporal, temporalAddressOf } from '../../infra/stack';
import { QUEUE_NAMES, type QueueName } from '../../temporal.config';
import { say } from '../logging';
import { startQueueWorkers, type RunningQueues } from '../run-workers';

export function parseQueues(value: string): QueueName[] {
  const names = value === 'all' ? [...QUEUE_NAMES] : value.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!(QUEUE_NAMES as readonly string[]).includes(name)) {
      throw new Error(`Unknown queue '${name}'. Use one of ${QUEUE_NAMES.join(', ')}, a comma-separated list, or 'all'.`);
    }
  }
  return names as QueueName[];
}

/** Set by a parent that starts this worker as its child (the demo's trainer), with stdin a pipe from it. */
export const EXIT_WITH_PARENT = 'HELIX_EXIT_WITH_PARENT';

/** How long a worker whose parent is gone (or asked it to stop) may take to shut down gracefully. */
export const PARENT_GONE_GRACE_MS = 60_000;

/** What a parent writes to the worker's stdin, before closing it, to stop the worker on purpose. */
export const STOP_REQUEST = 'stop\n';

/**
 * A child worker outliving its parent would keep serving the queue, and a later run on the same
 * servers would share the cores with it. The parent's end of stdin closes however it dies (even
 * SIGKILL), so that is the signal to shut down; a parent that stops it on purpose writes
 * STOP_REQUEST first, so the log says which of the two happened.
 */
function exitWithParent(running: RunningQueues): void {
  let received = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => (received = (received + chunk).slice(-STOP_REQUEST.length)));
  process.stdin.once('close', () => {
    const asked = received === STOP_REQUEST;
    say(asked ? 'Asked to stop by the process that started this worker; shutting down.' : 'The process that started this worker is gone; shutting down.');
    running.shutdown();
    setTimeout(() => process.exit(1), PARENT_GONE_GRACE_MS).unref(); // a server that is gone too can hold the shutdown
  });
}

export function register(program: Command): void {
  program
    .command('worker')
    .description('Run the worker for one or more task queues against an existing Temporal server and database (the scale-out path)')
    .requiredOption('-q, --queue <names>', `queue(s): ${QUEUE_NAMES.join(', ')}, comma-separated, or 'all'`)
    .action(async ({ queue }: { queue: string }) => {
      const queues = parseQueues(queue);
      const config = loadConfig();
      const temporal = temporalAddressOf(config);
      await checkTemporal(temporal.address, temporal.origin, config.temporal.namespace);
      const { url, origin } = databaseUrlOf(config);
      const database = await connectDatabase(url, origin, config.database.poolSize);
      say(`Connected to Temporal at ${temporal.address} and the database.`);
      const running = await startQueueWorkers(config, temporal.address, database, queues);
      if (process.env[EXIT_WITH_PARENT] === '1') exitWithParent(running);
      await running.done;
      await database.close();
    });
}
