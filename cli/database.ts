// The database for commands that only read or load data: the configured server, the running
// embedded stack, or — when no stack is up — the embedded files opened directly for this command.
import { join } from 'node:path';
import type { HelixConfig } from '../temporal.config';
import type { Database } from '../db/client';
import { startEmbeddedPostgres } from '../infra/embedded-postgres';
import { connectDatabase, databaseUrlOf, dataDirOf, UnreachableError } from '../infra/stack';

export async function openCommandDatabase(config: HelixConfig): Promise<Database> {
  const { url, origin } = databaseUrlOf(config);
  try {
    return await connectDatabase(url, origin, 4);
  } catch (error) {
    if (config.database.url || !(error instanceof UnreachableError)) throw error;
  }
  // No `helixrl up` is serving the embedded database: open its files here, on a free port.
  const embedded = await startEmbeddedPostgres({ dataDir: join(dataDirOf(config), 'pgdata'), port: 0, maxConnections: 8 });
  const database = await connectDatabase(embedded.url, 'the embedded PGlite files', 4);
  return {
    ...database,
    async close() {
      await database.close();
      await embedded.stop();
    },
  };
}
