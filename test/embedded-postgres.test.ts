// The embedded default database (PGlite over the wire protocol) holds up under concurrent
// connections: parameterised statements and transactions from many pooled connections interleave
// without crossing, and the migrations apply to it as to PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../infra/embedded-postgres';

let server: EmbeddedPostgres;
let database: Database;

beforeAll(async () => {
  server = await startEmbeddedPostgres({ port: 0, maxConnections: 32 });
  database = openDatabase(server.url, 20);
});
afterAll(async () => {
  await database?.close();
  await server?.stop();
});

describe('embedded PostgreSQL (PGlite)', () => {
  it('applies the migrations', async () => {
    await applyMigrations(database);
    await applyMigrations(database);
    const { rows } = await database.pool.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('episodes','turns','tasks','policy_versions')`);
    expect(rows[0].n).toBe(4);
  });

  it('keeps 20 concurrent connections apart, transactions included', async () => {
    const { pool } = database;
    await pool.query('CREATE TABLE stress (id int PRIMARY KEY, v text NOT NULL)');
    let wrong = 0;
    await Promise.all(
      Array.from({ length: 600 }, async (_, i) => {
        await pool.query('INSERT INTO stress VALUES ($1, $2)', [i, `v${i}`]);
        const read = await pool.query('SELECT v FROM stress WHERE id = $1', [i]);
        if (read.rows[0]?.v !== `v${i}`) wrong++;
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('UPDATE stress SET v = $1 WHERE id = $2', [`w${i}`, i]);
          // Rolled back half the time: another connection must never see these writes.
          await client.query(i % 2 ? 'ROLLBACK' : 'COMMIT');
        } finally {
          client.release();
        }
      }),
    );
    expect(wrong).toBe(0);
    const { rows } = await pool.query(`SELECT count(*) FILTER (WHERE v LIKE 'w%')::int AS committed, count(*)::int AS total FROM stress`);
    expect(rows[0]).toEqual({ committed: 300, total: 600 });
  });
});
