// Validation during RL: a trained version's score on the val split, and which of the validated
// versions the run keeps as its RL model. Pure code, shared by the trainingRun workflow and tests.
import type { EvaluationResult } from './training-types';

export interface ValidationPoint {
  /** Epochs trained when the version was validated (1 = after the first RL epoch). */
  epoch: number;
  policyVersion: string;
  meanCorrectness: number;
  formatRate: number;
}

/** What every validation's evaluation label starts with; the epoch follows. */
export const VALIDATION_LABEL_PREFIX = 'val-epoch-';
/** The evaluation label of the validation after `epoch` RL epochs. */
export const validationLabel = (epoch: number) => `${VALIDATION_LABEL_PREFIX}${epoch}`;
/** The epoch of a validation label, or undefined for any other label. */
export const validationEpochOf = (label: string): number | undefined => {
  const epoch = label.startsWith(VALIDATION_LABEL_PREFIX) ? label.slice(VALIDATION_LABEL_PREFIX.length) : '';
  return /^\d+$/.test(epoch) ? Number(epoch) : undefined;
};

/** Whether the run validates after `epochsDone` of `epochs` epochs: every `everyEpochs`, and after the last. */
export function validatesAfter(epochsDone: number, epochs: number, everyEpochs: number): boolean {
  return everyEpochs > 0 && epochsDone > 0 && (epochsDone % everyEpochs === 0 || epochsDone === epochs);
}

/** Collapses an evaluation's per-task-type rows into one point, each row weighted by its episodes. */
export function validationPoint(epoch: number, result: EvaluationResult): ValidationPoint {
  const episodes = result.rows.reduce((sum, r) => sum + r.episodes, 0);
  const weighted = (pick: (r: EvaluationResult['rows'][number]) => number) =>
    episodes === 0 ? 0 : result.rows.reduce((sum, r) => sum + pick(r) * r.episodes, 0) / episodes;
  return { epoch, policyVersion: result.policyVersion, meanCorrectness: weighted((r) => r.meanCorrectness), formatRate: weighted((r) => r.formatRate) };
}

/** The best validated version: highest correctness, then format rate, then the earlier one (fewer updates). */
export function bestValidated(points: ValidationPoint[]): ValidationPoint | undefined {
  let best: ValidationPoint | undefined;
  for (const p of points) {
    if (!best || p.meanCorrectness > best.meanCorrectness || (p.meanCorrectness === best.meanCorrectness && p.formatRate > best.formatRate)) best = p;
  }
  return best;
}
