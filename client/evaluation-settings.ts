// How `helixrl eval` shapes its episodes: the way the policy's own run did (task types, turn and
// token limits, prompt style, format weight), so a model is scored on the prompts it learned from.
// Flags override the task types; a run the database does not know needs them named.
import type { EvaluationInput, TrainingRunConfig } from '../workflows/training-types';

export type EvaluationSettings = Pick<EvaluationInput, 'taskTypes' | 'limits' | 'formatWeight'>;

export function evaluationSettings(
  runId: string,
  run: TrainingRunConfig | undefined,
  taskTypesFlag: string | undefined,
  fallbackLimits: EvaluationInput['limits'],
): EvaluationSettings {
  const taskTypes = taskTypesFlag?.split(',') ?? run?.taskTypes;
  if (!taskTypes) throw new Error(`Run '${runId}' is not recorded in the database; name the task types with --task-types.`);
  return { taskTypes, limits: run?.episode ?? fallbackLimits, formatWeight: run?.formatWeight ?? 1 };
}
