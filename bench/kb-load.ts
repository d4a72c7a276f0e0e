// Times `kb load` from a data directory into a fresh database. Usage:
//   HELIX_DATABASE_URL=postgres://…/postgres npx tsx bench/kb-load.ts [DATA_DIR]
import pg from 'pg';
import { resolve } from 'node:path';
import { openDatabase } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { loadKnowledgeBase } from '../env/kb/load';

const serverUrl = process.env.HELIX_DATABASE_URL ?? process.env.DATABASE_URL;
if (!serverUrl) throw new Error('set HELIX_DATABASE_URL (a server URL; a scratch database is created on it)');
const dataDir = resolve(process.argv[2] ?? process.env.HELIX_DATA_MIRROR ?? '../shared/data');
const name = `helix_kb_bench_${Date.now()}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const database = openDatabase(url.toString());
await applyMigrations(database);
const first = await loadKnowledgeBase(database.db, { dataDir });
for (const d of first.loaded) console.log(`${d.dataset.padEnd(22)} ${String(d.rows).padStart(9)} rows ${d.seconds.toFixed(2).padStart(7)} s`);
console.log(`full load: ${first.seconds.toFixed(2)} s`);
const second = await loadKnowledgeBase(database.db, { dataDir });
console.log(`reload (unchanged, checksums only): ${second.seconds.toFixed(2)} s`);
const size = await database.pool.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
console.log(`database size: ${size.rows[0].size}`);
await database.close();
await admin.query(`DROP DATABASE ${name}`);
await admin.end();
