import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { loadConfig } from '../../infra/config';
import { UnreachableError } from '../../infra/stack';
import { connectClient } from '../../client/connect';
import { loadTrainingConfig } from '../../client/training-config';
import { phaseDetail } from '../../client/phase-progress';
import { controlRun, currentRunStatus, runProgress, startTraining } from '../../client/training';
import { evaluationSettings } from '../../client/evaluation-settings';
import { decodingSuffix, evaluationDecoding } from '../../client/evaluation-decoding';
import { describeWorkflowFailure } from '../../client/run-failure';
import { runtimeOf } from '../../client/runtime';
import { unservedQueues, unservedText } from '../../client/unserved-queues';
import { getRun, getSftExamples, listRuns } from '../../db/training-store';
import { evaluation } from '../../workflows';
import { RUN_EVALUATION_LABELS, type EvaluationInput, type Hyperparameters } from '../../workflows/training-types';
import { openCommandDatabase } from '../database';
import { registeredPolicy } from '../registered-policy';
import { evaluationTable, followRun, progressLine, runResults } from '../follow-run';
import { formatTable } from '../format';
import { InterruptedError, untilInterrupted } from '../interruption';
import { say } from '../logging';
import { addTrainingConfigOptions, parseNumber } from '../options';
import { validationEpochOf } from '../../workflows/validation';

async function withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = await connectClient(loadConfig());
  try {
    return await work(client);
  } finally {
    await client.connection.close();
  }
}

/**
 * The progress line until the run is done, then its table. Ctrl-C stops watching; the run goes on.
 * `announce` is printed first, once Ctrl-C is handled.
 */
async function followToTheEnd(client: Client, runId: string, announce?: string): Promise<void> {
  const progress = await untilInterrupted(
    () => {
      if (announce) say(announce);
      return followRun(client, runId, { queues: loadConfig().taskQueues });
    },
    `Stopped following run '${runId}'; the run goes on. Watch it again: helixrl status ${runId} --follow. Stop it: helixrl stop ${runId}.`,
  );
  runResults(progress).forEach((line) => say(line));
  say(`Report: helixrl report ${runId}`);
}

function number(flag: string, value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseNumber(flag, value);
}

export function register(program: Command): void {
  addTrainingConfigOptions(program.command('train').description('Start a training run (collect → SFT → RL → evaluation) and follow it'))
    .option('-r, --run <id>', 'run id (overrides runId in the config)')
    .option('--detach', 'start the run and return without following it')
    .action(async (opts: { config?: string; set?: string[]; run?: string; detach?: boolean }) => {
      const run = loadTrainingConfig(opts.config, [...(opts.set ?? []), ...(opts.run ? [`runId=${opts.run}`] : [])]);
      await withClient(async (client) => {
        const handle = await startTraining(client, loadConfig(), run);
        const started = `Started run '${run.runId}' (workflow ${handle.workflowId}).`;
        if (opts.detach) {
          say(started);
          return say(`Follow it: helixrl status ${run.runId} --follow · stop it: helixrl stop ${run.runId}`);
        }
        await followToTheEnd(client, run.runId, started);
      });
    });

  program
    .command('status <run>')
    .description("A run's phase, epoch, hyperparameters and latest metrics")
    .option('-f, --follow', 'keep the progress line up to date until the run ends, then print its evaluation table')
    .action((runId: string, opts: { follow?: boolean }) =>
      withClient(async (client) => {
        if (opts.follow) return followToTheEnd(client, runId);
        const progress = await runProgress(client, runId);
        say(progressLine(progress, await phaseDetail(client, progress)));
        if (progress.phase !== 'done') {
          // Best effort: a server that refuses to describe queues leaves the line out.
          const unserved = unservedText(await unservedQueues(client, loadConfig().taskQueues).catch(() => []));
          if (unserved) say(`waiting: ${unserved}`);
        }
        say(`policy version: ${progress.policyVersion ?? '-'}`);
        say(`hyperparameters: ${JSON.stringify(progress.hyperparameters)}`);
        runResults(progress).forEach((line) => say(line));
      }),
    );

  for (const [name, description] of [
    ['pause', 'Pause a run at its next step (episodes in flight finish); SFT stops at once, its progress saved'],
    ['resume', 'Resume a paused run'],
    ['stop', 'Stop a run after its current step'],
  ] as const) {
    program
      .command(`${name} <run>`)
      .description(description)
      .action((runId: string) =>
        withClient(async (client) => {
          await controlRun[name](client, runId);
          say(`${name}: sent to run '${runId}'.`);
        }),
      );
  }

  program
    .command('set <run>')
    .description('Change hyperparameters of a running run (validated by the run before it takes effect)')
    .option('--lr <x>', 'learning rate')
    .option('--temperature <t>', 'sampling temperature of the rollouts')
    .option('--top-p <p>', 'nucleus sampling')
    .option('--kl <c>', 'KL coefficient to the SFT policy')
    .action((runId: string, opts: { lr?: string; temperature?: string; topP?: string; kl?: string }) =>
      withClient(async (client) => {
        const update: Partial<Hyperparameters> = Object.fromEntries(
          Object.entries({
            learningRate: number('--lr', opts.lr),
            temperature: number('--temperature', opts.temperature),
            topP: number('--top-p', opts.topP),
            klCoef: number('--kl', opts.kl),
          }).filter(([, v]) => v !== undefined),
        );
        if (Object.keys(update).length === 0) throw new Error('Name at least one of --lr, --temperature, --top-p, --kl.');
        try {
          const now = await controlRun.setHyperparameters(client, runId, update);
          say(`Run '${runId}' now uses ${JSON.stringify(now)}.`);
        } catch (error) {
          if (!(error instanceof WorkflowUpdateFailedError)) throw error;
          throw new Error(`Run '${runId}' rejected the update: ${error.cause?.message ?? error.message}`);
        }
      }),
    );

  program
    .command('eval')
    .description('Evaluate a policy version on a split, per task type')
    .requiredOption('-p, --policy <version>', "a registered policy version, e.g. 'demo/rl-006'")
    .option('--split <split>', 'val | test', 'test')
    .option('-t, --task-types <list>', "comma-separated task types (default: the run's)")
    .option('--tasks <n>', 'tasks per task type', '24')
    .option('--label <label>', "name of this model in the table (default: the version, split and decoding, e.g. 'rl-006-test')")
    .option('--temperature <t>', 'sample at this temperature instead of decoding greedily (0)', '0')
    .option('--samples <k>', 'episodes per task when sampling; the table gives their mean (pass@1)', '1')
    .option('--top-p <p>', 'nucleus sampling threshold when sampling', '1')
    .action((opts: { policy: string; split: string; taskTypes?: string; tasks: string; label?: string; temperature: string; samples: string; topP: string }) => {
      // Flags first: a mistyped one is named even when the server is down.
      const split = opts.split === 'val' || opts.split === 'test' ? opts.split : undefined;
      if (!split) throw new Error(`--split must be val or test (got '${opts.split}').`);
      const decoding = evaluationDecoding(opts);
      return withClient(async (client) => {
        const config = loadConfig();
        const { runId, runConfig } = await registeredPolicy(config, opts.policy);
        // The model is evaluated the way its run shaped episodes (prompt style, limits).
        const settings = evaluationSettings(runId, runConfig, opts.taskTypes, {
          maxTurns: config.episode.maxTurns,
          maxTokens: 1024,
          maxNewTokens: 200,
        });
        const defaultLabel = `${opts.policy.slice(runId.length + 1)}-${opts.split}${decodingSuffix(decoding)}`;
        const label = opts.label ?? defaultLabel;
        if ((RUN_EVALUATION_LABELS as readonly string[]).includes(label)) {
          throw new Error(`--label '${label}' names the run's own evaluation of its ${label} model, which this one would replace. Choose another --label, or leave it out ('${defaultLabel}').`);
        }
        const validatedEpoch = validationEpochOf(label);
        if (validatedEpoch !== undefined) {
          throw new Error(`--label '${label}' names the run's validation after epoch ${validatedEpoch}, which this one would replace. Choose another --label, or leave it out ('${defaultLabel}').`);
        }
        // Its own workflow and episode names: an earlier evaluation's episodes (another version,
        // other limits) must not be taken for this one's.
        const workflowId = `${runId}.eval-${label}-${Date.now()}`;
        const input: EvaluationInput = {
          runId,
          label,
          split,
          episodesRunId: workflowId,
          policy: { kind: 'onnx', version: opts.policy },
          policyVersion: opts.policy,
          ...settings,
          tasksPerType: number('--tasks', opts.tasks)!,
          seed: 99,
          decoding,
          runtime: runtimeOf(config),
        };
        let result;
        try {
          result = await untilInterrupted(
            () => client.workflow.execute(evaluation, { taskQueue: config.taskQueues.orchestrator, workflowId, args: [input] }),
            `Stopped waiting; the evaluation goes on (workflow ${workflowId}). Its row '${label}' will be in 'helixrl report ${runId}', its episodes in 'helixrl episodes --run ${workflowId}'.`,
          );
        } catch (error) {
          if (error instanceof InterruptedError) throw error;
          throw new Error(`Evaluating '${opts.policy}' failed: ${describeWorkflowFailure(error)}.`);
        }
        say(evaluationTable([result]));
        say(`Episodes: helixrl episodes --run ${workflowId}`);
      });
    });

  program
    .command('runs')
    .description('List training runs')
    .action(async () => {
      const config = loadConfig();
      const database = await openCommandDatabase(config);
      try {
        const runs = await listRuns(database.db);
        // Without Temporal the list still shows what the runs last recorded.
        const statuses = await withClient((client) => Promise.all(runs.map((r) => currentRunStatus(client, r.id, r.status)))).catch((error: unknown) => {
          if (!(error instanceof UnreachableError)) throw error;
          say(`(${error.message.split('\n')[0]} Statuses below are as the runs last recorded them.)`);
          return runs.map((r) => r.status);
        });
        say(formatTable(['run', 'status', 'phase', 'epoch', 'policy version', 'updated'], runs.map((r, i) => [r.id, statuses[i], r.phase, String(r.epoch), r.policyVersion ?? '-', r.updatedAt.toISOString()])));
      } finally {
        await database.close();
      }
    });

  program
    .command('sft-export <run>')
    .description("Write a run's rejection-sampled SFT dataset as JSONL ({messages, task_type, episode_id} per line)")
    .option('-o, --out <file>', 'output file (default: stdout)')
    .action(async (runId: string, opts: { out?: string }) => {
      const database = await openCommandDatabase(loadConfig());
      try {
        if (!(await getRun(database.db, runId))) throw new Error(`No run '${runId}' in this database. 'helixrl runs' lists the runs.`);
        const lines = (await getSftExamples(database.db, runId)).map((e) => JSON.stringify({ messages: e.messages, task_type: e.taskType, episode_id: e.episodeId }));
        if (opts.out) {
          writeFileSync(opts.out, lines.join('\n') + '\n');
          say(`${lines.length} examples written to ${opts.out}.`);
        } else process.stdout.write(lines.join('\n') + '\n');
      } finally {
        await database.close();
      }
    });
}
