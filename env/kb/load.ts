// `helixrl kb load`: loads the pulled data lake into PostgreSQL, one transaction per dataset
// (truncate + reload), skipping datasets whose files are unchanged since the last load.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/client';
import { poolOf } from './pool';
import { datasetsFor, type Dataset } from '../data-lake/manifest';
import { sha256File } from '../data-lake/files';
import { DATASET_LOADERS } from './datasets';

export interface LoadOptions {
  /** Directory holding the data-lake files (the pull destination, or a mirror). */
  dataDir: string;
  taskTypes?: string[];
  /** Only these datasets (overrides taskTypes). */
  datasets?: string[];
  /** Reload even when the files are unchanged. */
  force?: boolean;
  onEvent?: (event: LoadEvent) => void;
}

export type LoadEvent =
  | { kind: 'loaded'; dataset: string; rows: number; seconds: number }
  | { kind: 'unchanged'; dataset: string }
  | { kind: 'skipped'; dataset: string; reason: string };

export interface LoadReport {
  loaded: Array<{ dataset: string; rows: number; seconds: number }>;
  unchanged: string[];
  skipped: Array<{ dataset: string; reason: string }>;
  seconds: number;
}

function chosenDatasets(options: LoadOptions): Dataset[] {
  const all = datasetsFor(options.taskTypes);
  return options.datasets ? datasetsFor().filter((d) => options.datasets!.includes(d.name)) : all;
}

/** sha256 over the dataset's file checksums: changes when any file changes. */
async function datasetChecksum(dataset: Dataset, dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of dataset.files) hash.update(`${file.name}:${await sha256File(join(dir, file.name))}\n`);
  return hash.digest('hex');
}

export async function loadKnowledgeBase(db: Db, options: LoadOptions): Promise<LoadReport> {
  const started = Date.now();
  const report: LoadReport = { loaded: [], unchanged: [], skipped: [], seconds: 0 };
  const emit = options.onEvent ?? (() => {});
  const pool = poolOf(db);
  for (const dataset of chosenDatasets(options)) {
    const missing = dataset.files.filter((f) => !existsSync(join(options.dataDir, f.name))).map((f) => f.name);
    if (missing.length) {
      const reason = `missing file(s) ${missing.join(', ')} in ${options.dataDir}; run 'helixrl data pull'`;
      report.skipped.push({ dataset: dataset.name, reason });
      emit({ kind: 'skipped', dataset: dataset.name, reason });
      continue;
    }
    const checksum = await datasetChecksum(dataset, options.dataDir);
    const current = await pool.query('SELECT sha256 FROM kb_load_state WHERE dataset = $1', [dataset.name]);
    if (!options.force && current.rows[0]?.sha256 === checksum) {
      report.unchanged.push(dataset.name);
      emit({ kind: 'unchanged', dataset: dataset.name });
      continue;
    }
    const loader = DATASET_LOADERS[dataset.name];
    const t0 = Date.now();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      // One loader at a time per dataset across processes: a concurrent load waits here.
      await client.query('SELECT pg_advisory_xact_lock(727002, hashtext($1))', [dataset.name]);
      await client.query(`TRUNCATE ${loader.tables.join(', ')}`);
      for (const table of loader.sharedTables ?? []) await client.query(`DELETE FROM ${table} WHERE dataset = $1`, [dataset.name]);
      const rows = await loader.load(client, options.dataDir);
      const seconds = (Date.now() - t0) / 1000;
      await client.query(
        `INSERT INTO kb_load_state (dataset, sha256, rows, seconds, loaded_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (dataset) DO UPDATE SET sha256 = EXCLUDED.sha256, rows = EXCLUDED.rows, seconds = EXCLUDED.seconds, loaded_at = now()`,
        [dataset.name, checksum, rows, seconds],
      );
      await client.query('COMMIT');
      for (const table of [...loader.tables, ...(loader.sharedTables ?? [])]) await client.query(`ANALYZE ${table}`);
      report.loaded.push({ dataset: dataset.name, rows, seconds });
      emit({ kind: 'loaded', dataset: dataset.name, rows, seconds });
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

/** The datasets currently loaded (for tools and generators to say what they can run). */
export async function loadedDatasets(db: Db): Promise<Set<string>> {
  const result = await poolOf(db).query('SELECT dataset FROM kb_load_state');
  return new Set(result.rows.map((r: { dataset: string }) => r.dataset));
}
