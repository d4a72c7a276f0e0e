// Everything `helixrl report` shows, read from PostgreSQL and turned into plain series: no chart or
// HTML concerns here, so the numbers can be tested on their own.
import { and, asc, avg, count, desc, eq, gt, gte, isNotNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { episodes, epochMetrics, evaluations, runs, sftExamples, turns } from '../db/schema';
import { COLLECTION_EPOCH } from '../workflows/training-types';
import { loadRunEvaluationEpisodes } from './evaluation-episodes';
import { buildOutcomeTable, type OutcomeTable } from './evaluation-outcomes';
import { loadPhaseTimes, type PhaseTime } from './phase-times';
import { rlOverSft, type PairedComparison } from './paired-comparison';

export interface RunInfo {
  id: string;
  status: string;
  phase: string;
  epoch: number;
  policyVersion: string | null;
  config: unknown;
  createdAt: Date;
  updatedAt: Date;
}

/** One (epoch, task type) point of the training curves. */
export interface TaskTypeEpochPoint {
  epoch: number;
  taskType: string;
  episodes: number;
  meanReward: number | null;
  meanCorrectness: number | null;
}

/** One epoch of the training curves, over all task types. */
export interface EpochPoint {
  epoch: number;
  episodes: number;
  formatRate: number | null;
  meanTokens: number | null;
  meanAssistantTurns: number | null;
  toolCalls: number;
  toolErrors: number;
  /** toolErrors / toolCalls; null when the epoch made no tool call. */
  toolErrorRate: number | null;
}

/** The trainer's numeric metrics of one epoch (loss, clipFraction, keptGroups, …). */
export interface TrainerEpoch {
  epoch: number;
  rolloutVersion: string;
  trainedVersion: string | null;
  metrics: Record<string, number>;
}

export interface EvaluationRow {
  label: string;
  policyVersion: string;
  split: string;
  taskType: string;
  episodes: number;
  meanCorrectness: number;
  formatRate: number;
  /** Share of episodes with a failed tool call; null when recorded before it was measured. */
  toolErrorRate: number | null;
}

/** The expert-collection (epoch -1) episodes of one task type, and how many SFT kept. */
export interface CollectionRow {
  taskType: string;
  episodes: number;
  meanCorrectness: number | null;
  formatRate: number | null;
  keptForSft: number;
}

export interface ReportData {
  run: RunInfo;
  byTaskType: TaskTypeEpochPoint[];
  byEpoch: EpochPoint[];
  trainer: TrainerEpoch[];
  evaluations: EvaluationRow[];
  collection: CollectionRow[];
  /** How long each finished phase took, in order. */
  phases: PhaseTime[];
  /** How the run's evaluation episodes ended, per evaluated model. */
  outcomes: OutcomeTable;
  /** The RL model against the SFT model on the same test tasks; null until both are evaluated. */
  rlOverSft: PairedComparison | null;
}

export async function loadReportData(db: Db, runId: string): Promise<ReportData> {
  const run = await loadRun(db, runId);
  const [byTaskType, byEpoch, trainer, evaluationRows, collection, phases, evaluationEpisodes] = await Promise.all([
    loadTaskTypeCurves(db, runId),
    loadEpochCurves(db, runId),
    loadTrainerMetrics(db, runId),
    loadEvaluations(db, runId),
    loadCollection(db, runId),
    loadPhaseTimes(db, runId),
    loadRunEvaluationEpisodes(db, runId),
  ]);
  // One read of the evaluation episodes serves both views of them.
  const outcomes = buildOutcomeTable(evaluationEpisodes);
  return { run, byTaskType, byEpoch, trainer, evaluations: evaluationRows, collection, phases, outcomes, rlOverSft: rlOverSft(evaluationEpisodes) };
}

async function loadRun(db: Db, runId: string): Promise<RunInfo> {
  const [run] = await db.select().from(runs).where(eq(runs.id, runId));
  if (run) return run;
  // Name the run that is missing and the ones that exist, so a typo is obvious at a glance.
  const known = await db.select({ id: runs.id }).from(runs).orderBy(desc(runs.createdAt)).limit(10);
  const hint = known.length
    ? `Runs in this database, newest first: ${known.map((r) => r.id).join(', ')}.`
    : "This database has no runs yet; start one with 'helixrl train --config FILE'.";
  throw new Error(`No run '${runId}'. ${hint}`);
}

/** Training-curve episodes: this run's RL epochs (epoch >= 0), finished ones only. */
function curveEpisodes(runId: string): SQL {
  return and(eq(episodes.runId, runId), gte(episodes.epoch, 0), ne(episodes.status, 'running'))!;
}

const num = (value: string | number | null) => (value === null ? null : Number(value));
/** The share of rows where a boolean column is true, ignoring nulls. */
const rateOf = (column: typeof episodes.formatOk | typeof turns.toolError) => sql<string | null>`avg((${column})::int)`;

async function loadTaskTypeCurves(db: Db, runId: string): Promise<TaskTypeEpochPoint[]> {
  const rows = await db
    .select({
      epoch: episodes.epoch,
      taskType: episodes.taskType,
      episodes: count(),
      meanReward: avg(episodes.reward),
      meanCorrectness: avg(episodes.correctness),
    })
    .from(episodes)
    .where(curveEpisodes(runId))
    .groupBy(episodes.epoch, episodes.taskType)
    .orderBy(asc(episodes.epoch), asc(episodes.taskType));
  return rows.map((r) => ({ ...r, meanReward: num(r.meanReward), meanCorrectness: num(r.meanCorrectness) }));
}

async function loadEpochCurves(db: Db, runId: string): Promise<EpochPoint[]> {
  const [perEpoch, toolCalls] = await Promise.all([
    db
      .select({
        epoch: episodes.epoch,
        episodes: count(),
        formatRate: rateOf(episodes.formatOk),
        meanTokens: avg(episodes.tokens),
        meanAssistantTurns: avg(episodes.assistantTurns),
      })
      .from(episodes)
      .where(curveEpisodes(runId))
      .groupBy(episodes.epoch)
      .orderBy(asc(episodes.epoch)),
    // Exact tool error rate from the transcripts: observations (user turns after the task prompt)
    // that answered a tool call, and how many of those reported an error.
    db
      .select({
        epoch: episodes.epoch,
        toolCalls: count(),
        toolErrors: sql<number>`count(*) filter (where ${turns.toolError})`.mapWith(Number),
      })
      .from(turns)
      .innerJoin(episodes, eq(turns.episodeId, episodes.id))
      .where(and(curveEpisodes(runId), eq(turns.role, 'user'), gt(turns.idx, 1), isNotNull(turns.tool)))
      .groupBy(episodes.epoch),
  ]);
  const callsByEpoch = new Map(toolCalls.map((t) => [t.epoch, t]));
  return perEpoch.map((e) => {
    const calls = callsByEpoch.get(e.epoch);
    const toolCallCount = calls?.toolCalls ?? 0;
    const toolErrorCount = calls?.toolErrors ?? 0;
    return {
      epoch: e.epoch,
      episodes: e.episodes,
      formatRate: num(e.formatRate),
      meanTokens: num(e.meanTokens),
      meanAssistantTurns: num(e.meanAssistantTurns),
      toolCalls: toolCallCount,
      toolErrors: toolErrorCount,
      toolErrorRate: toolCallCount > 0 ? toolErrorCount / toolCallCount : null,
    };
  });
}

async function loadTrainerMetrics(db: Db, runId: string): Promise<TrainerEpoch[]> {
  const rows = await db.select().from(epochMetrics).where(eq(epochMetrics.runId, runId)).orderBy(asc(epochMetrics.epoch));
  return rows.map((r) => ({
    epoch: r.epoch,
    rolloutVersion: r.rolloutVersion,
    trainedVersion: r.trainedVersion,
    metrics: numericEntries(r.metrics),
  }));
}

/** The jsonb metrics may hold anything; only finite numbers can be plotted or tabulated. */
function numericEntries(value: unknown): Record<string, number> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])));
}

async function loadEvaluations(db: Db, runId: string): Promise<EvaluationRow[]> {
  return db
    .select({
      label: evaluations.label,
      policyVersion: evaluations.policyVersion,
      split: evaluations.split,
      taskType: evaluations.taskType,
      episodes: evaluations.episodes,
      meanCorrectness: evaluations.meanCorrectness,
      formatRate: evaluations.formatRate,
      toolErrorRate: evaluations.toolErrorRate,
    })
    .from(evaluations)
    .where(eq(evaluations.runId, runId))
    .orderBy(asc(evaluations.taskType), asc(evaluations.label));
}

async function loadCollection(db: Db, runId: string): Promise<CollectionRow[]> {
  const [collected, kept] = await Promise.all([
    db
      .select({
        taskType: episodes.taskType,
        episodes: count(),
        meanCorrectness: avg(episodes.correctness),
        formatRate: rateOf(episodes.formatOk),
      })
      .from(episodes)
      .where(and(eq(episodes.runId, runId), eq(episodes.epoch, COLLECTION_EPOCH), ne(episodes.status, 'running')))
      .groupBy(episodes.taskType)
      .orderBy(asc(episodes.taskType)),
    db
      .select({ taskType: sftExamples.taskType, kept: count() })
      .from(sftExamples)
      .where(eq(sftExamples.runId, runId))
      .groupBy(sftExamples.taskType),
  ]);
  const keptByType = new Map(kept.map((k) => [k.taskType, k.kept]));
  return collected.map((c) => ({
    taskType: c.taskType,
    episodes: c.episodes,
    meanCorrectness: num(c.meanCorrectness),
    formatRate: num(c.formatRate),
    keptForSft: keptByType.get(c.taskType) ?? 0,
  }));
}
