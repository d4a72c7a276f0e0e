import type { Command } from 'commander';
import { loadConfig } from '../../infra/config';
import { openStack } from '../../infra/stack';
import { QUEUE_NAMES } from '../../temporal.config';
import { say } from '../logging';
import { startQueueWorkers } from '../run-workers';

export function register(program: Command): void {
  program
    .command('up')
    .description('Start the embedded stack: Temporal dev server (with Web UI), PostgreSQL, and all workers in this process')
    .action(async () => {
      const config = loadConfig();
      const stack = await openStack(config, 'embedded', say);
      say(`Temporal at ${stack.temporalAddress}; database ready.`);
      const running = await startQueueWorkers(config, stack.temporalAddress, stack.database, [...QUEUE_NAMES]);
      if (stack.uiUrl) say(`Web UI: ${stack.uiUrl}`);
      say('HelixRL is up. Press Ctrl-C to stop.');
      await running.done;
      say('Workers stopped; closing the database and the Temporal server …');
      await stack.close();
    });
}
