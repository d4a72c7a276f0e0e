// Reads and writes of episodes, turns and tasks. Every write is idempotent: inserts keyed by
// (episode_id, idx) or id do nothing when the row exists, so retried activities never duplicate.
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from './client';
import { episodes, tasks, turns } from './schema';

export type TurnRow = typeof turns.$inferSelect;
export type NewTurn = typeof turns.$inferInsert;
export type EpisodeRow = typeof episodes.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;

export async function upsertTasks(db: Db, rows: Array<typeof tasks.$inferInsert>): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(tasks).values(rows).onConflictDoNothing({ target: tasks.id });
}

export async function getTask(db: Db, id: string): Promise<TaskRow> {
  const [row] = await db.select().from(tasks).where(eq(tasks.id, id));
  if (!row) throw new Error(`Task '${id}' is not in the task bank (table tasks). Generate tasks before starting episodes.`);
  return row;
}

export async function createEpisode(db: Db, row: typeof episodes.$inferInsert): Promise<void> {
  await db.insert(episodes).values(row).onConflictDoNothing({ target: episodes.id });
}

/** PostgreSQL text cannot hold U+0000, which a sampling model can emit; it is stored as U+FFFD. */
export function storableText(text: string): string {
  return text.includes('\u0000') ? text.replace(/\u0000/g, '\uFFFD') : text;
}

/** Writes the turn unless one exists at that index; returns the row that is stored either way. */
export async function writeTurn(db: Db, turn: NewTurn): Promise<TurnRow> {
  const [inserted] = await db
    .insert(turns)
    .values({ ...turn, content: storableText(turn.content) })
    .onConflictDoNothing()
    .returning();
  return inserted ?? (await getTurn(db, turn.episodeId, turn.idx))!;
}

/** Writes turns in one statement; those already there (same episode and index) are left as they are. */
export async function writeTurns(db: Db, rows: NewTurn[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(turns)
    .values(rows.map((turn) => ({ ...turn, content: storableText(turn.content) })))
    .onConflictDoNothing();
}

export async function getTurn(db: Db, episodeId: string, idx: number): Promise<TurnRow | undefined> {
  const [row] = await db.select().from(turns).where(and(eq(turns.episodeId, episodeId), eq(turns.idx, idx)));
  return row;
}

/** The transcript up to (not including) turn `beforeIdx`, or all of it. */
export async function getTranscript(db: Db, episodeId: string, beforeIdx?: number): Promise<TurnRow[]> {
  const where = beforeIdx === undefined ? eq(turns.episodeId, episodeId) : and(eq(turns.episodeId, episodeId), lt(turns.idx, beforeIdx));
  return db.select().from(turns).where(where).orderBy(asc(turns.idx));
}

/** In a query over turns: how many assistant messages broke the agent format. */
export const malformedMessageCount = () => sql<number>`count(*) filter (where ${turns.role} = 'assistant' and not ${turns.wellFormed})`.mapWith(Number);

export async function assistantFormatSummary(db: Db, episodeId: string): Promise<{ assistantTurns: number; malformed: number; toolErrors: number }> {
  const [row] = await db
    .select({
      assistantTurns: sql<number>`count(*) filter (where ${turns.role} = 'assistant')`.mapWith(Number),
      malformed: malformedMessageCount(),
      toolErrors: sql<number>`count(*) filter (where ${turns.toolError})`.mapWith(Number),
    })
    .from(turns)
    .where(eq(turns.episodeId, episodeId));
  return row;
}

export async function completeEpisode(
  db: Db,
  id: string,
  fields: Pick<EpisodeRow, 'status' | 'correctness' | 'formatOk' | 'reward' | 'assistantTurns' | 'tokens' | 'toolErrors'>,
): Promise<void> {
  await db
    .update(episodes)
    .set({ ...fields, finishedAt: sql`coalesce(${episodes.finishedAt}, now())` })
    .where(eq(episodes.id, id));
}

export async function getEpisode(db: Db, id: string): Promise<EpisodeRow | undefined> {
  const [row] = await db.select().from(episodes).where(eq(episodes.id, id));
  return row;
}

export async function listEpisodes(db: Db, filter: { runId?: string; ids?: string[]; limit?: number }): Promise<EpisodeRow[]> {
  const conditions = [
    filter.runId ? eq(episodes.runId, filter.runId) : undefined,
    filter.ids ? inArray(episodes.id, filter.ids) : undefined,
  ].filter(Boolean);
  return db
    .select()
    .from(episodes)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(episodes.startedAt), asc(episodes.id))
    .limit(filter.limit ?? 1000);
}
