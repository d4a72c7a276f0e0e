// Reads and writes of the training pipeline's tables. Idempotent like the episode store.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from './client';
import { epochMetrics, evaluations, policyVersions, runs, sftExamples } from './schema';

export type PolicyVersionRow = typeof policyVersions.$inferSelect;
export type RunRow = typeof runs.$inferSelect;
export type EvaluationRowDb = typeof evaluations.$inferSelect;

export async function upsertRun(db: Db, row: typeof runs.$inferInsert): Promise<void> {
  await db
    .insert(runs)
    .values(row)
    .onConflictDoUpdate({
      target: runs.id,
      set: { status: row.status, phase: row.phase, epoch: row.epoch, policyVersion: row.policyVersion, config: row.config, updatedAt: sql`now()` },
    });
}

export async function getRun(db: Db, id: string): Promise<RunRow | undefined> {
  const [row] = await db.select().from(runs).where(eq(runs.id, id));
  return row;
}

export async function listRuns(db: Db): Promise<RunRow[]> {
  return db.select().from(runs).orderBy(asc(runs.createdAt));
}

export async function getPolicyVersion(db: Db, id: string): Promise<PolicyVersionRow | undefined> {
  const [row] = await db.select().from(policyVersions).where(eq(policyVersions.id, id));
  return row;
}

/** Registers a version once; a retried trainer step that finds it registered applies nothing. */
export async function registerPolicyVersion(db: Db, row: typeof policyVersions.$inferInsert): Promise<PolicyVersionRow> {
  await db.insert(policyVersions).values(row).onConflictDoNothing({ target: policyVersions.id });
  return (await getPolicyVersion(db, row.id))!;
}

export async function insertSftExamples(db: Db, rows: Array<typeof sftExamples.$inferInsert>): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db.insert(sftExamples).values(rows).onConflictDoNothing().returning({ hash: sftExamples.contentHash });
  return inserted.length;
}

export async function getSftExamples(db: Db, runId: string): Promise<Array<typeof sftExamples.$inferSelect>> {
  return db.select().from(sftExamples).where(eq(sftExamples.runId, runId)).orderBy(asc(sftExamples.contentHash));
}

export async function recordEpoch(db: Db, row: typeof epochMetrics.$inferInsert): Promise<void> {
  await db.insert(epochMetrics).values(row).onConflictDoNothing();
}

export async function recordEvaluationRows(db: Db, rows: Array<typeof evaluations.$inferInsert>): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(evaluations)
    .values(rows)
    .onConflictDoUpdate({
      target: [evaluations.runId, evaluations.label, evaluations.taskType],
      set: { policyVersion: sql`excluded.policy_version`, episodes: sql`excluded.episodes`, meanCorrectness: sql`excluded.mean_correctness`, formatRate: sql`excluded.format_rate`, toolErrorRate: sql`excluded.tool_error_rate` },
    });
}

export async function getEvaluations(db: Db, runId: string): Promise<EvaluationRowDb[]> {
  return db.select().from(evaluations).where(eq(evaluations.runId, runId)).orderBy(asc(evaluations.taskType));
}
