// Finds or starts what HelixRL runs on: a Temporal server and a PostgreSQL database.
// `embedded` starts what is not configured (the laptop default); `connect` only connects and says
// precisely what it could not reach.
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import type { HelixConfig } from '../temporal.config';
import { openDatabase, redactUrl, type Database } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { ensureSearchAttributes } from './search-attributes';
import { devServerDbFile, startDevServer, type DevServer } from './temporal-dev-server';

export interface Stack {
  temporalAddress: string;
  uiUrl?: string;
  database: Database;
  close(): Promise<void>;
}

export type StackMode = 'embedded' | 'connect';

export class UnreachableError extends Error {
  override name = 'UnreachableError';
}

export function dataDirOf(config: HelixConfig): string {
  return resolve(config.dataDir);
}

/** Where a connect-only process looks when nothing is configured: the embedded stack's ports. */
export function temporalAddressOf(config: HelixConfig): { address: string; origin: string } {
  if (config.temporal.address) return { address: config.temporal.address, origin: 'TEMPORAL_ADDRESS / temporal.address' };
  return { address: `127.0.0.1:${config.temporal.devServerPort}`, origin: 'the default address of `helixrl up`' };
}

export function databaseUrlOf(config: HelixConfig): { url: string; origin: string } {
  if (config.database.url) return { url: config.database.url, origin: 'DATABASE_URL / database.url' };
  return { url: `postgres://postgres@127.0.0.1:${config.database.embeddedPort}/postgres`, origin: 'the default address of `helixrl up`' };
}

/** Checks the server is reachable and knows the namespace, and registers HelixRL's search attributes there. */
export async function checkTemporal(address: string, origin: string, namespace: string): Promise<void> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 5000 });
    await connection.workflowService.describeNamespace({ namespace });
  } catch (error) {
    await connection?.close();
    throw new UnreachableError(
      `Cannot reach the Temporal server at ${address} (from ${origin}): ${firstLine(error)}.\n` +
        `Fix: start one with 'helixrl up' (embedded) or 'temporal server start-dev', or point TEMPORAL_ADDRESS at your cluster (namespace '${namespace}' must exist).`,
    );
  }
  try {
    await ensureSearchAttributes(connection, namespace);
  } finally {
    await connection.close();
  }
}

export async function connectDatabase(url: string, origin: string, poolSize: number): Promise<Database> {
  const database = openDatabase(url, poolSize);
  try {
    await database.pool.query('SELECT 1');
  } catch (error) {
    await database.close().catch(() => {});
    throw new UnreachableError(
      `Cannot reach PostgreSQL at ${redactUrl(url)} (from ${origin}): ${firstLine(error)}.\n` +
        `Fix: start the embedded stack with 'helixrl up', start your PostgreSQL server, or set DATABASE_URL to one that is running.`,
    );
  }
  await applyMigrations(database);
  return database;
}

export async function openStack(config: HelixConfig, mode: StackMode, log: (line: string) => void = () => {}): Promise<Stack> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {});
  };
  try {
    let temporalAddress: string;
    let uiUrl: string | undefined;
    if (mode === 'embedded' && !config.temporal.address) {
      const dataDir = dataDirOf(config);
      log(`Starting the Temporal dev server (SQLite at ${devServerDbFile(dataDir)}) …`);
      const server: DevServer = await startDevServer({
        port: config.temporal.devServerPort,
        uiPort: config.temporal.uiPort,
        dbFile: devServerDbFile(dataDir),
        namespace: config.temporal.namespace,
        logFile: join(dataDir, 'logs', 'temporal.log'),
        log,
      });
      closers.push(server.stop);
      temporalAddress = server.address;
      uiUrl = server.uiUrl;
    } else {
      const { address, origin } = temporalAddressOf(config);
      await checkTemporal(address, origin, config.temporal.namespace);
      temporalAddress = address;
    }

    let url: string;
    let origin: string;
    if (mode === 'embedded' && !config.database.url) {
      const pgDir = join(dataDirOf(config), 'pgdata');
      log(`Starting the embedded PostgreSQL (PGlite at ${pgDir}) …`);
      const embedded: EmbeddedPostgres = await startEmbeddedPostgres({
        dataDir: pgDir,
        port: config.database.embeddedPort,
        maxConnections: config.database.embeddedMaxConnections,
      });
      closers.push(embedded.stop);
      ({ url } = embedded);
      origin = 'the embedded PGlite server';
    } else {
      ({ url, origin } = databaseUrlOf(config));
    }
    const database = await connectDatabase(url, origin, config.database.poolSize);
    closers.push(database.close);
    return { temporalAddress, uiUrl, database, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}
