// The demo's trainer Worker, in a process of its own. A training step is seconds of synchronous
// wasm compute: in the demo's process it would stall every other Worker, while in its own it runs
// on the second core as this one serves rollouts (with rl.maxStaleness 1, the next epoch's episodes
// are sampled meanwhile). It is `helixrl worker --queue trainer`, the scale-out command, pointed at
// the demo's servers. If it dies it is started again, and Temporal retries the activity it held.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EXIT_WITH_PARENT, PARENT_GONE_GRACE_MS, STOP_REQUEST } from './commands/worker';

const BIN = fileURLToPath(new URL('../bin/helixrl.mjs', import.meta.url));
const MAX_RESTARTS = 5;

export interface TrainerProcess {
  /** Resolves once the Worker polls its queue; rejects if it never gets there. */
  ready: Promise<void>;
  /** Rejects when the process has died more often than it is restarted; never resolves. */
  failed: Promise<never>;
  /** The running process's pid, and how many processes have reached their queue so far. */
  pid(): number | undefined;
  readyCount(): number;
  stop(): Promise<void>;
}

export interface TrainerServers {
  temporalAddress: string;
  databaseUrl: string;
  /** More environment for the process (configuration overrides). */
  env?: Record<string, string>;
}

export function startTrainerProcess(servers: TrainerServers, log: (line: string) => void): TrainerProcess {
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;
  let readyCount = 0;
  let markReady: () => void;
  let giveUp: (error: Error) => void;
  const failed = new Promise<never>((_, reject) => (giveUp = reject));
  failed.catch(() => {}); // observed through `ready` or by whoever races it
  const ready = Promise.race([new Promise<void>((resolve) => (markReady = resolve)), failed]);

  const start = () => {
    const env = { ...process.env, ...servers.env, TEMPORAL_ADDRESS: servers.temporalAddress, DATABASE_URL: servers.databaseUrl, [EXIT_WITH_PARENT]: '1' };
    // stdin is a pipe so that the worker sees it close when this process dies, and reads stop() here.
    const proc = spawn(process.execPath, [BIN, 'worker', '--queue', 'trainer'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    child = proc;
    let tail = '';
    let polling = false;
    const collect = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4000);
      if (!polling && /worker running on queue/.test(tail)) {
        polling = true;
        readyCount++;
        markReady();
      }
    };
    proc.stdout!.on('data', collect);
    proc.stderr!.on('data', collect);
    proc.once('exit', (code, signal) => {
      if (stopping) return;
      const why = signal ? `signal ${signal}` : `exit code ${code}`;
      if (restarts >= MAX_RESTARTS) {
        giveUp(new Error(`The trainer process stopped (${why}) ${restarts + 1} times; not restarting it. Its last output:\n${tail}`));
        return;
      }
      restarts++;
      log(`The trainer process stopped (${why}); starting it again (${restarts}/${MAX_RESTARTS}). Its last output:\n${tail.trim().split('\n').slice(-5).join('\n')}`);
      setTimeout(start, 1000);
    });
  };
  start();

  return {
    ready,
    failed,
    pid: () => child?.pid,
    readyCount: () => readyCount,
    async stop() {
      stopping = true;
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      // A stop request on stdin, then closing it, not a signal: after Ctrl-C the child has had the
      // terminal's SIGINT already, and the Temporal runtime leaves a second one to Node's default
      // (exit at once), which would drop the report of the activity it was finishing and leave the
      // run to wait out its heartbeat timeout. The child shuts down gracefully: its grace time, the update it is in
      // the middle of (up to ~30 s of long rollouts on a slow 2-core host), the report.
      proc.stdin?.end(STOP_REQUEST);
      const notice = setTimeout(() => log('  waiting for the trainer to finish its current step …'), 5_000);
      const timer = setTimeout(() => proc.kill('SIGKILL'), PARENT_GONE_GRACE_MS + 5_000);
      await exited;
      clearTimeout(timer);
      clearTimeout(notice);
    },
  };
}
