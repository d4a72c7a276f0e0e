// The embedded default database: PGlite (PostgreSQL compiled to WASM, from npm) persisted in the
// project data directory and served over the PostgreSQL wire protocol, so the same `pg` + drizzle
// code path serves it and a real server. The socket server multiplexes concurrent connections
// onto PGlite's single session and keeps an open transaction with the connection that began it.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Directory of the database files; omit for an in-memory database. */
  dataDir?: string;
  port: number;
  maxConnections: number;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir);
  const server = new PGLiteSocketServer({ db, port: options.port, host: '127.0.0.1', maxConnections: options.maxConnections });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    const reason = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? 'the port is in use (is another `helixrl up` running?)' : String(error);
    throw new Error(
      `Cannot start the embedded PostgreSQL on 127.0.0.1:${options.port}: ${reason}. Stop the other process, set HELIX__DATABASE__EMBEDDEDPORT to a free port, or set DATABASE_URL to use a PostgreSQL server.`,
    );
  }
  const port = (server as unknown as { port: number }).port ?? options.port;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
