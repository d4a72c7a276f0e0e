// The finished episodes of a run's own evaluations (untrained, SFT, RL), which live under
// `<run>.eval-<label>`, each with the label of the model that played it: one read that the
// outcome table and the task-by-task comparison are both built from. A one-off `helixrl eval`
// names its episodes itself and is not included.
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { malformedMessageCount } from '../db/episode-store';
import { episodes, turns } from '../db/schema';
import { evaluationId } from '../workflows/evaluation';
import { RUN_EVALUATION_LABELS, type RunEvaluationLabel } from '../workflows/training-types';

export interface EvaluationEpisode {
  label: RunEvaluationLabel;
  taskId: string;
  /** 0 where the episode recorded none. */
  correctness: number;
  toolErrors: number;
  /** The episode ended in a well-formed solution. */
  answered: boolean;
  malformedMessages: number;
}

export async function loadRunEvaluationEpisodes(db: Db, runId: string): Promise<EvaluationEpisode[]> {
  const labelOf = new Map(RUN_EVALUATION_LABELS.map((label) => [evaluationId(runId, label), label]));
  const rows = await db
    .select({
      episodesRunId: episodes.runId,
      taskId: episodes.taskId,
      correctness: episodes.correctness,
      toolErrors: episodes.toolErrors,
      answered: sql<boolean>`coalesce(bool_or(${turns.actionKind} = 'solution'), false)`,
      malformedMessages: malformedMessageCount(),
    })
    .from(episodes)
    .leftJoin(turns, eq(turns.episodeId, episodes.id))
    .where(and(inArray(episodes.runId, [...labelOf.keys()]), ne(episodes.status, 'running')))
    .groupBy(episodes.id);
  return rows.map(({ episodesRunId, correctness, ...r }) => ({ ...r, label: labelOf.get(episodesRunId)!, correctness: correctness ?? 0 }));
}
