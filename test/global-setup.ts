// Starts a real PostgreSQL 15 and a real Temporal dev server once for the whole test run.
// Set TEST_DATABASE_URL / TEST_TEMPORAL_ADDRESS to reuse servers that are already running.
import type { TestProject } from 'vitest/node';
import { startDevServer, type DevServer } from '../infra/temporal-dev-server';
import { startPostgres, type PostgresServer } from './support/postgres-server';
import { freePort } from './support/ports';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
  }
}

let postgres: PostgresServer | undefined;
let temporal: DevServer | undefined;

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
}

export async function teardown(): Promise<void> {
  await temporal?.stop();
  await postgres?.stop();
}
