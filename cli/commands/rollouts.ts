import type { Command } from 'commander';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../infra/config';
import type { HelixConfig } from '../../temporal.config';
import { connectClient } from '../../client/connect';
import { evaluationSettings } from '../../client/evaluation-settings';
import { episodesText } from '../../client/phase-progress';
import { startRollouts, type RolloutRequest } from '../../client/rollouts';
import { rolloutsProgressQuery } from '../../workflows/training-control';
import type { RolloutsSummary } from '../../workflows/types';
import { untilInterrupted } from '../interruption';
import { say } from '../logging';
import { ProgressPrinter } from '../progress-printer';
import { parseNumber } from '../options';
import { formatTable } from '../format';
import { registeredPolicy } from '../registered-policy';

interface RolloutFlags {
  run?: string;
  policy: string;
  taskType?: string;
  split: string;
  tasks: string;
  group: string;
  seed: string;
  noise: string;
  temperature: string;
}

function addRolloutOptions(command: Command, defaults: { tasks: string; group: string }): Command {
  return command
    .option('-r, --run <id>', 'run id (default: a new one)')
    .option('-p, --policy <policy>', "'expert' (the scripted expert) or a registered version, e.g. 'demo/rl-006'", 'expert')
    .option('-t, --task-type <name>', "task type (default: the version's run's first, else sequence_qa)")
    .option('--split <split>', 'train | val | test', 'train')
    .option('--tasks <n>', 'tasks in the batch', defaults.tasks)
    .option('--group <n>', 'episodes per task', defaults.group)
    .option('--seed <n>', 'task and sampling seed', '1')
    .option('--noise <p>', "the scripted expert's noise (chance a message slips)", '0.2')
    .option('--temperature <t>', 'sampling temperature', '0.7');
}

async function toRequest(flags: RolloutFlags, config: HelixConfig): Promise<RolloutRequest> {
  const number = (name: string, value: string) => parseNumber(`--${name}`, value);
  if (!['train', 'val', 'test'].includes(flags.split)) throw new Error(`--split must be train, val or test (got '${flags.split}').`);
  const request = {
    runId: flags.run ?? `run-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}`,
    split: flags.split as RolloutRequest['split'],
    tasks: number('tasks', flags.tasks),
    groupSize: number('group', flags.group),
    seed: number('seed', flags.seed),
    temperature: number('temperature', flags.temperature),
  };
  if (flags.policy === 'expert') {
    return { ...request, taskType: flags.taskType ?? 'sequence_qa', policy: { kind: 'expert', noise: number('noise', flags.noise) } };
  }
  // A trained version plays the way its run shaped episodes (prompt style, limits), as in `eval`.
  const { runId, runConfig } = await registeredPolicy(config, flags.policy);
  const { taskTypes, limits, formatWeight } = evaluationSettings(runId, runConfig, flags.taskType, {
    maxTurns: config.episode.maxTurns,
    maxTokens: config.episode.maxTokens,
    maxNewTokens: 512,
  });
  return { ...request, taskType: taskTypes[0], policy: { kind: 'onnx', version: flags.policy }, episode: limits, formatWeight };
}

/** Starts the batch, shows how many episodes have settled (its progress query), and returns the summary. */
async function runBatch(client: Client, config: HelixConfig, request: RolloutRequest): Promise<RolloutsSummary> {
  const handle = await startRollouts(client, config, request);
  const by = request.policy.kind === 'onnx' ? ` by ${request.policy.version}` : '';
  const printer = new ProgressPrinter();
  let progress: NodeJS.Timeout | undefined;
  try {
    return await untilInterrupted(
      () => {
        say(`Started run '${request.runId}': ${request.tasks} ${request.taskType} tasks × ${request.groupSize} episodes${by} (workflow ${handle.workflowId}).`);
        progress = setInterval(async () => {
          const p = await handle.query(rolloutsProgressQuery).catch(() => undefined);
          if (p?.total) printer.show('batch', `  ${episodesText(p)}`);
        }, 2000);
        return handle.result();
      },
      `Stopped waiting; the batch goes on (workflow ${handle.workflowId}). Its episodes: helixrl episodes --run ${request.runId}`,
    );
  } finally {
    clearInterval(progress);
    printer.done();
  }
}

function printSummary(summary: RolloutsSummary): void {
  say(
    formatTable(
      ['episode', 'status', 'correct', 'format', 'reward', 'turns'],
      summary.episodes.map((e) => [e.episodeId, e.status, e.correctness.toFixed(2), e.formatOk ? 'ok' : 'bad', e.reward.toFixed(2), String(e.assistantTurns)]),
    ),
  );
  say(`mean correctness ${summary.meanCorrectness.toFixed(3)} · format rate ${summary.formatRate.toFixed(3)} · ${summary.episodes.length} episodes`);
  say(`Transcripts: helixrl episodes --run ${summary.runId}  ·  helixrl episode show <episode>`);
}

export function register(program: Command): void {
  addRolloutOptions(
    program.command('rollouts').description('Run a batch of episodes on a running stack (helixrl up, or your cluster) and wait for it'),
    { tasks: '8', group: '2' },
  ).action(async (flags: RolloutFlags) => {
    const config = loadConfig();
    const request = await toRequest(flags, config); // bad flags and unknown versions fail before anything starts
    const client = await connectClient(config);
    try {
      printSummary(await runBatch(client, config, request));
    } finally {
      await client.connection.close();
    }
  });
}
