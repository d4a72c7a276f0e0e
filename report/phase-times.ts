// Where a run's time went: each phase ends at a row the pipeline writes when that phase is done
// (the last expert episode, the SFT version, the last epoch's metrics or validation, the last of
// the run's own evaluations), and starts where the phase before it ended. Wall-clock, so a pause counts toward the
// phase it happened in; a phase the run has not finished (or skipped) is left out.
import { and, eq, inArray, like, max, min } from 'drizzle-orm';
import type { Db } from '../db/client';
import { episodes, epochMetrics, evaluations, policyVersions, runs } from '../db/schema';
import { COLLECTION_EPOCH, RUN_EVALUATION_LABELS, type Phase } from '../workflows/training-types';
import { VALIDATION_LABEL_PREFIX } from '../workflows/validation';

export type RunPhase = Exclude<Phase, 'done'>;

export interface PhaseTime {
  phase: RunPhase;
  startedAt: Date;
  finishedAt: Date;
  minutes: number;
}

export async function loadPhaseTimes(db: Db, runId: string): Promise<PhaseTime[]> {
  const [[run], [collect], [sft], [rl], [validated], [evaluated]] = await Promise.all([
    db.select({ createdAt: runs.createdAt }).from(runs).where(eq(runs.id, runId)),
    db
      .select({ firstStarted: min(episodes.startedAt), lastFinished: max(episodes.finishedAt) })
      .from(episodes)
      .where(and(eq(episodes.runId, runId), eq(episodes.epoch, COLLECTION_EPOCH))),
    db.select({ at: min(policyVersions.createdAt) }).from(policyVersions).where(and(eq(policyVersions.runId, runId), eq(policyVersions.kind, 'sft'))),
    db.select({ at: max(epochMetrics.createdAt) }).from(epochMetrics).where(eq(epochMetrics.runId, runId)),
    // Validations on the val split run between and after the epochs, so they are RL's time.
    db.select({ at: max(evaluations.createdAt) }).from(evaluations).where(and(eq(evaluations.runId, runId), like(evaluations.label, `${VALIDATION_LABEL_PREFIX}%`))),
    db
      .select({ at: max(evaluations.createdAt) })
      .from(evaluations)
      .where(and(eq(evaluations.runId, runId), inArray(evaluations.label, [...RUN_EVALUATION_LABELS]))),
  ]);
  if (!run) return [];
  return phaseSpans(collect?.firstStarted ?? run.createdAt, [
    ['collect', collect?.lastFinished],
    ['sft', sft?.at],
    ['rl', latest(rl?.at, validated?.at)],
    ['eval', evaluated?.at],
  ]);
}

const latest = (a: Date | null | undefined, b: Date | null | undefined) => (a && b ? (a > b ? a : b) : (a ?? b));

/** One line for a terminal: `collect 3.0, sft 9.4, rl 5.4, eval 3.3 min`. */
export function describePhaseTimes(phases: PhaseTime[]): string {
  return phases.length ? `${phases.map((p) => `${p.phase} ${p.minutes.toFixed(1)}`).join(', ')} min` : 'no phase finished';
}

/** Consecutive spans from `start`: each phase that has an end runs from the previous end to its own. */
export function phaseSpans(start: Date, ends: Array<[RunPhase, Date | null | undefined]>): PhaseTime[] {
  const spans: PhaseTime[] = [];
  let from = start;
  for (const [phase, end] of ends) {
    if (!end) continue;
    spans.push({ phase, startedAt: from, finishedAt: end, minutes: (end.getTime() - from.getTime()) / 60_000 });
    from = end;
  }
  return spans;
}
