// `helixrl report`: read a run's data, draw its curves, and write report.html plus one PNG per plot.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Db } from '../db/client';
import { buildPlots } from './charts';
import { loadReportData } from './data';
import { buildEvaluationTable, type EvaluationTable } from './evaluation-table';
import { renderHtml, type Figure } from './html';
import type { PairedComparison } from './paired-comparison';
import type { PhaseTime } from './phase-times';
import { renderSvg, svgToPng } from './render';

export interface WrittenReport {
  /** Absolute paths. */
  html: string;
  pngs: string[];
  /** The evaluation table, for callers that also print it (no columns when the run has none yet). */
  evaluation: EvaluationTable;
  /** How long each finished phase took. */
  phases: PhaseTime[];
  /** RL against SFT task by task, for callers that print it under the table; null until both are evaluated. */
  rlOverSft: PairedComparison | null;
}

/** Throws a plain Error naming the run (and the runs that exist) when `runId` is unknown. */
export async function writeReport(db: Db, runId: string, outDir: string): Promise<WrittenReport> {
  const data = await loadReportData(db, runId);
  const evaluation = buildEvaluationTable(data.evaluations);
  const figures: Figure[] = [];
  for (const plot of buildPlots(data)) figures.push({ plot, svg: await renderSvg(plot.spec) });

  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });
  const pngs: string[] = [];
  for (const { plot, svg } of figures) {
    const path = join(dir, `${plot.name}.png`);
    await writeFile(path, svgToPng(svg));
    pngs.push(path);
  }
  const html = join(dir, 'report.html');
  await writeFile(html, renderHtml({ data, evaluation, figures, generatedAt: new Date() }));
  return { html, pngs, evaluation, phases: data.phases, rlOverSft: data.rlOverSft };
}
