import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../infra/config';
import { dataDirOf, openStack } from '../../infra/stack';
import { QUEUE_NAMES } from '../../temporal.config';
import { connectClient } from '../../client/connect';
import { loadTrainingConfig } from '../../client/training-config';
import { openRunIds, runHandle, startTraining } from '../../client/training';
import { getRun } from '../../db/training-store';
import type { TrainingRunConfig } from '../../workflows/training-types';
import { writeReport } from '../../report';
import { describeComparison } from '../../report/paired-comparison';
import { describePhaseTimes } from '../../report/phase-times';
import { followRun, runResults } from '../follow-run';
import { say } from '../logging';
import { onInterrupt } from '../interruption';
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
    .option('--new', 'start a new run even if an earlier demo run was interrupted (that one is cancelled)')
    .action(async (opts: { config?: string; set?: string[]; taskTypes?: string; mirror?: string; new?: boolean }) => {
      const started = Date.now();
      const config = loadConfig();
      let runId = `demo-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
      const overrides = [`runId=${runId}`, ...(opts.set ?? []), ...(opts.taskTypes ? [`taskTypes=[${opts.taskTypes}]`] : [])];
      let run = loadTrainingConfig(opts.config, overrides);
      const customised = opts.config !== undefined || overrides.length > 1;
      // Ctrl-C reaches this process and its children (Temporal server, trainer) together. The run
      // is durable: stop following it, close everything in order, and say how to take it up again.
      let runOpen = false;
      const { interrupted, dispose } = onInterrupt(() =>
        runOpen ? `Interrupted. The run '${runId}' is kept where it stopped; 'helixrl demo' resumes it.` : 'Interrupted before the training run started.',
      );

      const stack = await openStack(config, 'embedded', say);
      let running: Awaited<ReturnType<typeof startQueueWorkers>> | undefined;
      let trainer: TrainerProcess | undefined;
      const client = await connectClient(config, stack.temporalAddress).catch(async (error) => {
        await stack.close();
        throw error;
      });
      try {
        // A demo interrupted earlier (Ctrl-C) left its run open. Take that one up again rather than
        // start a second run that would share the CPU with it once the workers are back.
        const unfinished = (await openRunIds(client)).filter((id) => id.startsWith('demo-'));
        const resumed = unfinished.length > 0 && !opts.new ? await getRun(stack.database.db, unfinished[0]) : undefined;
        if (resumed) {
          if (customised) {
            throw new Error(`The demo run '${resumed.id}' was interrupted and is not finished. Run 'helixrl demo' without options to resume it, or add --new to cancel it and start a run with these settings.`);
          }
          runId = resumed.id;
          run = resumed.config as TrainingRunConfig;
          runOpen = true;
        }
        const taskTypes = prepareTaskTypes(stack.database.db, dataDirOf(config), run.taskTypes, opts.mirror ?? process.env.HELIX_DATA_MIRROR);
        run = { ...run, taskTypes: await Promise.race([taskTypes, interrupted]) };
        running = await startQueueWorkers(config, stack.temporalAddress, stack.database, QUEUE_NAMES.filter((q) => q !== 'trainer'));
        trainer = startTrainerProcess({ temporalAddress: stack.temporalAddress, databaseUrl: stack.database.url }, say);
        await Promise.race([trainer.ready, interrupted]);
        say(`  worker running on queue '${config.taskQueues.trainer}' (trainer), in a process of its own`);
        if (resumed) {
          say(`Resuming the interrupted run '${runId}' at its ${resumed.phase} phase; 'helixrl demo --new' would cancel it and start again.`);
        } else {
          for (const id of unfinished) {
            await runHandle(client, id).cancel();
            say(`Cancelled the interrupted run '${id}' (${opts.new ? '--new' : 'it had recorded nothing yet'}).`);
          }
          await startTraining(client, config, run);
          runOpen = true;
          say(`Training run '${runId}' on ${run.taskTypes.join(', ')}: collect → SFT → ${run.rl.epochs} RL epochs → evaluation.`);
        }
        if (stack.uiUrl) say(`Web UI: ${stack.uiUrl}  (every episode and epoch; filter with HelixRun="${runId}")`);
        const progress = await Promise.race([followRun(client, runId, { queues: config.taskQueues }), trainer.failed, interrupted]);
        runResults(progress).forEach((line) => say(line));
        const report = await writeReport(stack.database.db, runId, join(dataDirOf(config), 'reports', runId));
        if (report.rlOverSft) say(describeComparison(report.rlOverSft));
        say(`Report: ${report.html}`);
        say(`Finished in ${((Date.now() - started) / 60_000).toFixed(1)} min; the run's phases: ${describePhaseTimes(report.phases)}.`);
        say("Browse it later with 'helixrl up' and the Web UI.");
      } finally {
        dispose();
        await trainer?.stop();
        running?.shutdown();
        await running?.done;
        await client.connection.close();
        await stack.close();
      }
    });
}
