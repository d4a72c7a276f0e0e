// The paper-style evaluation table: task types down, evaluated models across, each cell
// "mean correctness (format rate)", then one line of tool-error rates (the share of episodes
// with a failed tool call: a model that cannot copy its arguments shows it there first).
// Shared by the HTML page and the terminal.
import type { EvaluationRow } from './data';
import { RUN_EVALUATION_LABELS } from '../workflows/training-types';

/** The models of a training run, in the order a reader compares them. */
const PREFERRED_LABELS: readonly string[] = RUN_EVALUATION_LABELS;

export interface EvaluationCell {
  meanCorrectness: number;
  formatRate: number;
  toolErrorRate: number | null;
}

export interface EvaluationColumn {
  label: string;
  policyVersion: string;
  split: string;
}

export interface EvaluationTable {
  columns: EvaluationColumn[];
  rows: { taskType: string; cells: (EvaluationCell | null)[] }[];
  /** Per column, the unweighted mean over the task types it was evaluated on. */
  all: (EvaluationCell | null)[];
}

export function buildEvaluationTable(rows: EvaluationRow[]): EvaluationTable {
  const labels = [...new Set(rows.map((r) => r.label))].sort(compareLabels);
  const taskTypes = [...new Set(rows.map((r) => r.taskType))].sort();
  const columns = labels.map((label) => {
    const first = rows.find((r) => r.label === label)!;
    return { label, policyVersion: first.policyVersion, split: first.split };
  });
  const cellOf = (taskType: string, label: string): EvaluationCell | null => {
    const row = rows.find((r) => r.taskType === taskType && r.label === label);
    return row ? { meanCorrectness: row.meanCorrectness, formatRate: row.formatRate, toolErrorRate: row.toolErrorRate } : null;
  };
  const tableRows = taskTypes.map((taskType) => ({ taskType, cells: labels.map((label) => cellOf(taskType, label)) }));
  const all = labels.map((_, column) => meanCell(tableRows.map((r) => r.cells[column]).filter((c): c is EvaluationCell => c !== null)));
  return { columns, rows: tableRows, all };
}

function compareLabels(a: string, b: string): number {
  const rank = (label: string) => (PREFERRED_LABELS.includes(label) ? PREFERRED_LABELS.indexOf(label) : PREFERRED_LABELS.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}

function meanCell(cells: EvaluationCell[]): EvaluationCell | null {
  if (cells.length === 0) return null;
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const toolErrorRates = cells.map((c) => c.toolErrorRate).filter((r): r is number => r !== null);
  return {
    meanCorrectness: mean(cells.map((c) => c.meanCorrectness)),
    formatRate: mean(cells.map((c) => c.formatRate)),
    toolErrorRate: toolErrorRates.length ? mean(toolErrorRates) : null,
  };
}

/** The label of the table's last line. */
export const TOOL_ERROR_LABEL = 'tool-error rate';

export function formatCell(cell: EvaluationCell | null): string {
  return cell ? `${cell.meanCorrectness.toFixed(3)} (${cell.formatRate.toFixed(2)})` : '-';
}

/** Header and string rows, ready for a plain-text or HTML table. */
export function evaluationTableCells(table: EvaluationTable): { header: string[]; rows: string[][] } {
  return {
    header: ['task type', ...table.columns.map((c) => c.label)],
    rows: [
      ...table.rows.map((r) => [r.taskType, ...r.cells.map(formatCell)]),
      ['all', ...table.all.map(formatCell)],
      [TOOL_ERROR_LABEL, ...table.all.map((cell) => (cell?.toolErrorRate == null ? '-' : cell.toolErrorRate.toFixed(2)))],
    ],
  };
}
