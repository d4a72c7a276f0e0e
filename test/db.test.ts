import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { createEpisode, getTranscript, upsertTasks, writeTurns } from '../db/episode-store';
import { createTestDatabase } from './support/database';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe('migrations', () => {
  it('create the tables and are idempotent when applied again concurrently', async () => {
    await Promise.all([applyMigrations(database), applyMigrations(database)]);
    const rows = await database.db.execute(sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
    const names = rows.rows.map((r) => r.table_name);
    expect(names).toEqual(expect.arrayContaining(['episodes', 'tasks', 'turns']));
  });
});

describe('writeTurns', () => {
  it('writes all the turns in one statement and leaves those already there as they are', async () => {
    const { db } = database;
    await upsertTasks(db, [{ id: 'turns-task', taskType: 'sequence_qa', split: 'train', prompt: 'Q', answer: 'A', meta: {} }]);
    await createEpisode(db, { id: 'turns-1', runId: 'turns-run', taskId: 'turns-task', taskType: 'sequence_qa', epoch: -1, policyVersion: 'expert', status: 'running' });
    const turnsOf = (text: string, count: number) =>
      ['system', 'user', 'assistant', 'user'].slice(0, count).map((role, idx) => ({ episodeId: 'turns-1', idx, role, content: `${text} ${idx}\u0000`, tokens: 3 }));

    await writeTurns(db, turnsOf('first', 2));
    await writeTurns(db, turnsOf('second', 4));
    expect((await getTranscript(db, 'turns-1')).map((t) => t.content)).toEqual(['first 0\uFFFD', 'first 1\uFFFD', 'second 2\uFFFD', 'second 3\uFFFD']);
  });
});
