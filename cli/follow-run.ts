// Follows a training run from the terminal: a progress bar from the run's live query, then the
// evaluation table once it is done.
import type { Client } from '@temporalio/client';
import { phaseDetail } from '../client/phase-progress';
import { runProgress } from '../client/training';
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

/** The paper-style table in the terminal, built like the HTML report's (report/evaluation-table.ts). */
export function evaluationTable(results: EvaluationResult[]): string {
  // The split names a column only in the HTML report; the terminal table does not show it.
  const rows = results.flatMap((result) =>
    result.rows.map((row) => ({ ...row, label: result.label, policyVersion: result.policyVersion, split: '', toolErrorRate: row.toolErrorRate ?? null })),
  );
  const { header, rows: cells } = evaluationTableCells(buildEvaluationTable(rows));
  return formatTable([header[0], ...header.slice(1).map((label) => `${label}: correct (format)`)], cells);
}

export async function followRun(client: Client, runId: string, everyMs = 3000, patienceMs = 180_000, printer = new ProgressPrinter()): Promise<RunProgress> {
  try {
    return await poll(client, runId, everyMs, patienceMs, printer);
  } finally {
    printer.done();
  }
}

async function poll(client: Client, runId: string, everyMs: number, patienceMs: number, printer: ProgressPrinter): Promise<RunProgress> {
  let failingSince: number | undefined;
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
    printer.show(progressLine(progress), progressLine(progress, await phaseDetail(client, progress)));
    if (progress.phase === 'done') return progress;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
