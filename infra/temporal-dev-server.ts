// Runs `temporal server start-dev` as a child process: a persisted SQLite file, the Web UI, and
// HelixRL's search attributes registered on start.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Connection } from '@temporalio/client';
import { HELIX_SEARCH_ATTRIBUTES } from './search-attributes';
import { forgetServer, recordServer, stopOrphanedServer } from './orphaned-server';
import { resolveTemporalCli } from './temporal-cli';
import { waitUntilPortsFree } from './port-wait';

export interface DevServerOptions {
  port: number;
  uiPort: number;
  /** The SQLite file that keeps histories across restarts; omit for an in-memory server. */
  dbFile?: string;
  /** PRAGMA=VALUE statements for that file (default DEV_SERVER_SQLITE_PRAGMAS). */
  sqlitePragmas?: readonly string[];
  namespace?: string;
  headless?: boolean;
  /** Register HelixRL's search attributes at start (default true). */
  searchAttributes?: boolean;
  logFile?: string;
  log?: (line: string) => void;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Write-ahead logging with fsync at checkpoints only: commits no longer wait for the disk, which
 * is what bounds the dev server's episodes per second (bench/episode-throughput.ts). A killed
 * server or worker still loses nothing committed; only an OS crash or power cut can drop the
 * last commits, which Temporal then retries from the workers' side.
 */
export const DEV_SERVER_SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'] as const;

/**
 * Server settings the embedded server starts with. A shutting-down worker's open polls are
 * answered empty by the server instead of being cut by the SDK, so no activity task is handed to
 * a poll that is already gone and left to time out (temporalio/sdk-rust#1080; the SDK's core
 * uses this when the namespace advertises `workerPollCompleteOnShutdown`).
 */
export const DEV_SERVER_DYNAMIC_CONFIG = ['frontend.enableCancelWorkerPollsOnShutdown=true'] as const;

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const cli = resolveTemporalCli({ log: options.log });
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--log-level', 'error'];
  args.push('--namespace', options.namespace ?? 'default');
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
    for (const pragma of options.sqlitePragmas ?? DEV_SERVER_SQLITE_PRAGMAS) args.push('--sqlite-pragma', pragma);
  }
  for (const value of DEV_SERVER_DYNAMIC_CONFIG) args.push('--dynamic-config-value', value);
  if (options.headless) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  if (options.searchAttributes !== false) {
    for (const [name, type] of Object.entries(HELIX_SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
  }

  let stdio: 'ignore' | number = 'ignore';
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    stdio = openSync(options.logFile, 'a');
  }
  // A persisted server leads a process group of its own (see orphaned-server.ts): Ctrl-C then
  // reaches the workers, which report their activities to it before it is stopped, last.
  const recordFile = options.dbFile ? join(dirname(options.dbFile), 'server.json') : undefined;
  const orphan = recordFile ? await stopOrphanedServer(recordFile) : undefined;
  if (orphan) options.log?.(`Stopped a Temporal dev server (pid ${orphan}) that an earlier, killed helixrl left running.`);
  // Checked before the start: another server on the port would answer the readiness probe below
  // as if it were this one. A just-stopped orphan may hold its ports a moment longer.
  const taken = await waitUntilPortsFree(options.headless ? [options.port] : [options.port, options.uiPort], '127.0.0.1', orphan ? 10_000 : 0);
  if (taken.length) {
    throw new Error(
      `Cannot start the Temporal dev server: port ${taken.join(' and ')} on 127.0.0.1 is in use (is another 'helixrl up' running?). ` +
        'Stop that process, or set HELIX__TEMPORAL__DEVSERVERPORT and HELIX__TEMPORAL__UIPORT to free ports.',
    );
  }
  const child = spawn(cli, args, { stdio: ['ignore', stdio, stdio], detached: recordFile !== undefined });
  if (recordFile) recordServer(recordFile, child.pid!); // at once: the owner may be killed while it waits
  const stopOnExit = () => child.kill('SIGTERM');
  process.once('exit', stopOnExit);
  const address = `127.0.0.1:${options.port}`;
  try {
    await waitUntilServing(address, child, options.logFile);
  } finally {
    if (child.exitCode !== null || child.signalCode !== null) process.off('exit', stopOnExit);
  }
  return {
    address,
    uiUrl: options.headless ? undefined : `http://127.0.0.1:${options.uiPort}`,
    process: child,
    async stop() {
      await stopChild(child);
      process.off('exit', stopOnExit);
      if (recordFile) forgetServer(recordFile);
    },
  };
}

async function waitUntilServing(address: string, child: ChildProcess, logFile?: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const said = logFile ? lastLines(logFile, 5) : '';
      throw new Error(
        `temporal server start-dev exited with code ${child.exitCode} (is port ${address} already in use?)` +
          (said ? `\nIts last words (${logFile}):\n${said}` : ''),
      );
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`Temporal dev server at ${address} did not start within ${timeoutMs} ms: ${String(lastError)}`);
}

function lastLines(file: string, count: number): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

export function devServerDbFile(dataDir: string): string {
  return join(dataDir, 'temporal', 'temporal.sqlite');
}
