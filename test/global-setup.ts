// Starts a real PostgreSQL 15 and a real Temporal dev server once for the whole test run.
// Set TEST_DATABASE_URL / TEST_TEMPORAL_ADDRESS to reuse servers that are already running.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDevServer, type DevServer } from '../infra/temporal-dev-server';
import { startPostgres, type PostgresServer } from './support/postgres-server';
import { freePort } from './support/ports';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    /** Where tests make their temporary directories (support/scratch.ts); removed at teardown. */
    scratchRoot: string;
  }
}

let postgres: PostgresServer | undefined;
let temporal: DevServer | undefined;
let scratchRoot: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  let databaseUrl = process.env.TEST_DATABASE_URL;
  if (!databaseUrl) {
    postgres = await startPostgres();
    databaseUrl = postgres.url;
  }
  let temporalAddress = process.env.TEST_TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    temporal = await startDevServer({ port: await freePort(), uiPort: await freePort(), headless: true });
    temporalAddress = temporal.address;
  }
  project.provide('databaseUrl', databaseUrl);
  project.provide('temporalAddress', temporalAddress);
  scratchRoot = mkdtempSync(join(tmpdir(), 'helix-test-'));
  project.provide('scratchRoot', scratchRoot);
}

export async function teardown(): Promise<void> {
  await temporal?.stop();
  await postgres?.stop();
  // HELIX_KEEP_TEST_SCRATCH=1 keeps the directories (data directories, SQLite histories) to inspect a failure.
  if (scratchRoot && process.env.HELIX_KEEP_TEST_SCRATCH !== '1') rmSync(scratchRoot, { recursive: true, force: true });
  else if (scratchRoot) console.log(`Test scratch directories kept in ${scratchRoot}`);
}
