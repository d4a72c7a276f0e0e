// `helixrl report RUN [--out DIR]`: the run's HTML report, its plots as PNGs, and the evaluation
// table printed here too.
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Database } from '../../db/client';
import { loadConfig } from '../../infra/config';
import { dataDirOf } from '../../infra/stack';
import { writeReport } from '../../report';
import { evaluationTableCells } from '../../report/evaluation-table';
import { describeComparison } from '../../report/paired-comparison';
import { describePhaseTimes } from '../../report/phase-times';
import { formatTable } from '../format';
import { say } from '../logging';

export function register(program: Command, deps: { openDatabase: () => Promise<Database> }): void {
  program
    .command('report <run>')
    .description("Write a run's HTML report (training curves, evaluation table) and its plots as PNG files")
    .option('-o, --out <dir>', 'output folder (default: <dataDir>/reports/<run>/)')
    .action(async (run: string, { out }: { out?: string }) => {
      const outDir = out ?? join(dataDirOf(loadConfig()), 'reports', run);
      const database = await deps.openDatabase();
      try {
        const report = await writeReport(database.db, run, outDir);
        if (report.evaluation.columns.length === 0) say(`Run ${run} has no evaluation yet.\n`);
        else {
          const { header, rows } = evaluationTableCells(report.evaluation);
          say(`Evaluation of run ${run}, each cell: mean correctness (format rate)\n${formatTable(header, rows)}\n`);
          if (report.rlOverSft) say(`${describeComparison(report.rlOverSft)}\n`);
        }
        say(`phases: ${describePhaseTimes(report.phases)}`);
        say(`report: ${report.html}`);
        for (const png of report.pngs) say(`plot:   ${png}`);
      } finally {
        await database.close();
      }
    });
}
