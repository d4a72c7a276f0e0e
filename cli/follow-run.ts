// Follows a training run from the terminal: a progress bar from the run's live query, then the
// evaluation table once it is done.
import type { Client } from '@temporalio/client';
import { phaseDetail } from '../client/phase-progress';
import { runProgress } from '../client/training';
import { unservedQueues, unservedText } from '../client/unserved-queues';
import type { HelixConfig } from '../temporal.config';
import type { EvaluationResult, RunProgress } from '../workflows/training-types';
import { buildEvaluationTable, evaluationTableCells } from '../report/evaluation-table';
import { formatTable } from './format';
import { ProgressPrinter } from './progress-printer';

const PHASES = ['collect', 'sft', 'rl', 'eval', 'done'] as const;

/** The bar, the phase and its status, then what happens inside the phase (`detail`) and the last epoch's figures. */
export function progressLine(p: RunProgress, detail?: string): string {
  // Collect and SFT count as one step each, then one step per epoch, then evaluation.
  const total = 2 + p.epochs + 1;
  const done = Math.min(total, PHASES.indexOf(p.phase) >= 2 ? 2 + p.epoch + (p.phase === 'done' ? 1 : 0) : PHASES.indexOf(p.phase));
  const width = 24;
  const filled = Math.round((done / total) * width);
  const last = p.lastEpoch
    ? ` · epoch ${p.lastEpoch.epoch}: reward ${p.lastEpoch.meanReward.toFixed(2)}, correct ${p.lastEpoch.meanCorrectness.toFixed(2)}, format ${p.lastEpoch.formatRate.toFixed(2)}`
    : '';
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.phase} ${p.phase === 'rl' ? `${p.epoch}/${p.epochs} ` : ''}(${p.status})${detail ? ` · ${detail}` : ''}${last}`;
}

/**
 * The run's validations during RL on one line, and which version its RL model is: `validation (val
 * split): epoch 2 0.550 (0.85) · epoch 4 0.600 (0.90)* — * the RL model`. Undefined when it has none.
 */
export function validationLine(p: RunProgress): string | undefined {
  if (!p.validations?.length) return undefined;
  const rlVersion = p.evaluations.find((e) => e.label === 'rl')?.policyVersion;
  const points = p.validations.map((v) => `epoch ${v.epoch} ${v.meanCorrectness.toFixed(3)} (${v.formatRate.toFixed(2)})${v.policyVersion === rlVersion ? '*' : ''}`);
  return `validation (val split), correct (format): ${points.join(' · ')}${rlVersion && p.validations.some((v) => v.policyVersion === rlVersion) ? ' — * the RL model' : ''}`;
}

/** What a finished (or stopped) run prints: its validation line when it has one, then its table. */
export function runResults(p: RunProgress): string[] {
  const validation = validationLine(p);
  return [...(validation ? [validation] : []), ...(p.evaluations.length ? [evaluationTable(p.evaluations)] : [])];
}

/** The paper-style table in the terminal, built like the HTML report's (report/evaluation-table.ts). */
export function evaluationTable(results: EvaluationResult[]): string {
  // The split names a column only in the HTML report; the terminal table does not show it.
  const rows = results.flatMap((result) =>
    result.rows.map((row) => ({ ...row, label: result.label, policyVersion: result.policyVersion, split: '', toolErrorRate: row.toolErrorRate ?? null })),
  );
  const { header, rows: cells } = evaluationTableCells(buildEvaluationTable(rows));
  return formatTable([header[0], ...header.slice(1).map((label) => `${label}: correct (format)`)], cells);
}

export interface FollowOptions {
  /** The queues the run's steps go to: the line warns when no worker polls one of them. */
  queues?: HelixConfig['taskQueues'];
  everyMs?: number;
  /** How long the run's query may keep failing before following gives up. */
  patienceMs?: number;
  printer?: ProgressPrinter;
}

export async function followRun(client: Client, runId: string, options: FollowOptions = {}): Promise<RunProgress> {
  const printer = options.printer ?? new ProgressPrinter();
  try {
    return await poll(client, runId, { everyMs: 3000, patienceMs: 180_000, ...options }, printer);
  } finally {
    printer.done();
  }
}

// Who polls the queues changes rarely: asked every 15 s, not every poll.
const QUEUE_CHECK_MS = 15_000;

interface PollSettings {
  everyMs: number;
  patienceMs: number;
  queues?: HelixConfig['taskQueues'];
}

async function poll(client: Client, runId: string, { everyMs, patienceMs, queues }: PollSettings, printer: ProgressPrinter): Promise<RunProgress> {
  let failingSince: number | undefined;
  let unserved: string | undefined;
  let queuesCheckedAt = -Infinity;
  for (;;) {
    let progress: RunProgress;
    try {
      progress = await runProgress(client, runId);
      failingSince = undefined;
    } catch (error) {
      // A query can time out while a worker in this process is busy with a training step;
      // the run itself is unaffected, so keep asking for a while before giving up.
      failingSince ??= Date.now();
      if (Date.now() - failingSince > patienceMs || /is (failed|terminated|canceled|timed_out)/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, everyMs));
      continue;
    }
    if (queues && Date.now() - queuesCheckedAt >= QUEUE_CHECK_MS) {
      queuesCheckedAt = Date.now();
      unserved = await unservedQueues(client, queues).then(unservedText, () => undefined);
    }
    const detail = progress.phase === 'done' ? undefined : [unserved, await phaseDetail(client, progress)].filter(Boolean).join(' · ') || undefined;
    printer.show(progressLine(progress), progressLine(progress, detail));
    if (progress.phase === 'done') return progress;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
