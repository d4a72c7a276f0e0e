// A fresh, migrated database per test file on the shared PostgreSQL server, so files never see
// each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../db/client';
import { applyMigrations } from '../../db/migrate';

export async function createTestDatabase(prefix = 'helix_test'): Promise<Database> {
  const serverUrl = inject('databaseUrl');
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = openDatabase(url.toString());
  await applyMigrations(database);
  return database;
}
