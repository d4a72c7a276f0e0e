import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../infra/config';
import { dataDirOf, openStack } from '../../infra/stack';
import { QUEUE_NAMES } from '../../temporal.config';
import { connectClient } from '../../client/connect';
import { loadTrainingConfig } from '../../client/training-config';
import { startTraining } from '../../client/training';
import { writeReport } from '../../report';
import { evaluationTable, followRun } from '../follow-run';
import { say } from '../logging';
import { addTrainingConfigOptions } from '../options';
import { prepareTaskTypes } from '../prepare-data';
import { startQueueWorkers } from '../run-workers';
import { startTrainerProcess, type TrainerProcess } from '../trainer-process';

export function register(program: Command): void {
  addTrainingConfigOptions(
    program
      .command('demo')
      .description('The main job on embedded defaults: data → knowledge base → expert collection → SFT → RL → evaluation → report'),
  )
    .option('-t, --task-types <list>', 'comma-separated task types (overrides the config)')
    .option('--mirror <dir>', 'offline data mirror tried first (default: $HELIX_DATA_MIRROR)')
    .action(async (opts: { config?: string; set?: string[]; taskTypes?: string; mirror?: string }) => {
      const started = Date.now();
      const config = loadConfig();
      const runId = `demo-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
      const overrides = [`runId=${runId}`, ...(opts.set ?? []), ...(opts.taskTypes ? [`taskTypes=[${opts.taskTypes}]`] : [])];
      let run = loadTrainingConfig(opts.config, overrides);

      const stack = await openStack(config, 'embedded', say);
      let running: Awaited<ReturnType<typeof startQueueWorkers>> | undefined;
      let trainer: TrainerProcess | undefined;
      try {
        run = { ...run, taskTypes: await prepareTaskTypes(stack.database.db, dataDirOf(config), run.taskTypes, opts.mirror ?? process.env.HELIX_DATA_MIRROR) };
        running = await startQueueWorkers(config, stack.temporalAddress, stack.database, QUEUE_NAMES.filter((q) => q !== 'trainer'));
        trainer = startTrainerProcess({ temporalAddress: stack.temporalAddress, databaseUrl: stack.database.url }, say);
        await trainer.ready;
        say(`  worker running on queue '${config.taskQueues.trainer}' (trainer), in a process of its own`);
        if (stack.uiUrl) say(`Web UI: ${stack.uiUrl}  (every episode and epoch; filter with HelixRun="${runId}")`);
        const client = await connectClient(config, stack.temporalAddress);
        try {
          await startTraining(client, config, run);
          say(`Training run '${runId}' on ${run.taskTypes.join(', ')}: collect → SFT → ${run.rl.epochs} RL epochs → evaluation.`);
          const progress = await Promise.race([followRun(client, runId), trainer.failed]);
          say(evaluationTable(progress.evaluations));
        } finally {
          await client.connection.close();
        }
        const report = await writeReport(stack.database.db, runId, join(dataDirOf(config), 'reports', runId));
        say(`Report: ${report.html}`);
        say(`Finished in ${((Date.now() - started) / 60_000).toFixed(1)} min. Browse it later with 'helixrl up' and the Web UI.`);
      } finally {
        await trainer?.stop();
        running?.shutdown();
        await running?.done;
        await stack.close();
      }
    });
}
