import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { applyMigrations } from '../db/migrate';
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
