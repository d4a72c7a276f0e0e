// How each evaluated model's episodes ended: answered without a slip, answered after one, or not
// answered and why. The evaluation table says how often a model is right; this says where the rest
// of its episodes went (a tool call the tool refused, a malformed message, turns run out), which
// bounds what more training can win back: an episode that never reaches an answer scores nothing,
// whatever the answer would have been.
import { RUN_EVALUATION_LABELS } from '../workflows/training-types';

/** In the order a reader follows an episode going wrong; an episode takes the first that fits. */
export const EPISODE_OUTCOMES = [
  'answered, no slip',
  'answered after a tool error',
  'answered after a malformed message',
  'no answer after a tool error',
  'no answer, malformed messages',
  'no answer, out of turns',
] as const;
export type EpisodeOutcome = (typeof EPISODE_OUTCOMES)[number];

export interface EpisodeFacts {
  /** The episode ended in a well-formed solution. */
  answered: boolean;
  toolErrors: number;
  malformedMessages: number;
}

export function outcomeOf({ answered, toolErrors, malformedMessages }: EpisodeFacts): EpisodeOutcome {
  if (answered) return toolErrors > 0 ? 'answered after a tool error' : malformedMessages > 0 ? 'answered after a malformed message' : 'answered, no slip';
  if (toolErrors > 0) return 'no answer after a tool error';
  return malformedMessages > 0 ? 'no answer, malformed messages' : 'no answer, out of turns';
}

export interface OutcomeCell {
  /** Share of the model's evaluation episodes that ended this way. */
  share: number;
  /** Mean correctness of those episodes; null when there are none. */
  meanCorrectness: number | null;
}

export interface OutcomeTable {
  /** The run's evaluated models that have finished episodes, in the evaluation table's order. */
  labels: string[];
  rows: { outcome: EpisodeOutcome; cells: OutcomeCell[] }[];
}

/** Tallies episodes (with the label of the model that played them) into the table. */
export function buildOutcomeTable(played: Array<EpisodeFacts & { label: string; correctness: number }>): OutcomeTable {
  const labels = RUN_EVALUATION_LABELS.filter((label) => played.some((p) => p.label === label));
  const rows = EPISODE_OUTCOMES.map((outcome) => ({
    outcome,
    cells: labels.map((label) => {
      const all = played.filter((p) => p.label === label);
      const these = all.filter((p) => outcomeOf(p) === outcome);
      const meanCorrectness = these.length ? these.reduce((sum, p) => sum + p.correctness, 0) / these.length : null;
      return { share: these.length / all.length, meanCorrectness };
    }),
  }));
  return { labels, rows };
}

/** "share (mean correctness)", e.g. `0.865 (0.96)`; `0.000 (-)` for an outcome no episode reached. */
const formatOutcomeCell = ({ share, meanCorrectness }: OutcomeCell) => `${share.toFixed(3)} (${meanCorrectness === null ? '-' : meanCorrectness.toFixed(2)})`;

/** Header and string rows, one cell per model. */
export function outcomeTableCells(table: OutcomeTable): { header: string[]; rows: string[][] } {
  return { header: ['how the episode ended', ...table.labels], rows: table.rows.map((r) => [r.outcome, ...r.cells.map(formatOutcomeCell)]) };
}

/** One line for a terminal, the outcomes a model's episodes reached: `answered, no slip 0.865 (0.96); …`. */
export function describeOutcomes(table: OutcomeTable, label: string): string {
  const column = table.labels.indexOf(label);
  if (column < 0) return 'no evaluation episodes';
  return table.rows
    .map((r) => ({ outcome: r.outcome, cell: r.cells[column] }))
    .filter(({ cell }) => cell.share > 0)
    .map(({ outcome, cell }) => `${outcome} ${formatOutcomeCell(cell)}`)
    .join('; ');
}
