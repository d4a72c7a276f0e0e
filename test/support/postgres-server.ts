// Starts a throwaway PostgreSQL 15 server (Debian's binaries) on a free port for the test run.
// PostgreSQL refuses to run as root, so as root it runs as the 'postgres' system user.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './ports';

const CANDIDATE_BIN_DIRS = [process.env.HELIX_PG_BIN, '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin'].filter(
  Boolean,
) as string[];

export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
}

function findBinDir(): string {
  const dir = CANDIDATE_BIN_DIRS.find((d) => existsSync(join(d, 'postgres')));
  if (!dir) {
    throw new Error(
      `PostgreSQL server binaries not found in ${CANDIDATE_BIN_DIRS.join(', ')}. Install them with 'apt-get install -y postgresql-15' or set HELIX_PG_BIN.`,
    );
  }
  return dir;
}

function postgresUser(): { uid: number; gid: number } {
  const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres']).toString().trim()));
  return { uid, gid };
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findBinDir();
  const owner = process.getuid?.() === 0 ? postgresUser() : {};
  const base = mkdtempSync(join(tmpdir(), 'helix-pg-'));
  chmodSync(base, 0o777);
  const dataDir = join(base, 'data');
  const port = await freePort();
  execFileSync(join(bin, 'initdb'), ['-D', dataDir, '-U', 'helix', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
    stdio: 'pipe',
    ...owner,
  });
  const child: ChildProcess = spawn(join(bin, 'postgres'), [
    '-D', dataDir, '-p', String(port), '-k', base, '-h', '127.0.0.1',
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
  ], { stdio: 'ignore', ...owner });
  const url = `postgres://helix@127.0.0.1:${port}/postgres`;
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`postgres exited with code ${child.exitCode}`);
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.end();
  }, 30_000, 'PostgreSQL to accept connections');
  return {
    url,
    async stop() {
      child.kill('SIGINT');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      rmSync(base, { recursive: true, force: true });
    },
  };
}
