// The embedded Temporal server runs in a process group of its own, so that Ctrl-C reaches the
// workers first and they can report their in-flight activities to a server that is still up. The
// price: a helixrl killed outright (SIGKILL, OOM) leaves the server running. Each start records
// the server's pid beside its owner's; the next start in the same data directory stops a server
// whose owner is gone, so its port and SQLite file are free again.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

interface ServerRecord {
  serverPid: number;
  ownerPid: number;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** On Linux, make sure the pid still names a dev server: pids are reused. Elsewhere, trust the record. */
function isDevServer(pid: number): boolean {
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    return readFileSync(cmdline, 'utf8').includes('start-dev');
  } catch {
    return false;
  }
}

function readRecord(file: string): ServerRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as ServerRecord;
    return Number.isInteger(record.serverPid) && Number.isInteger(record.ownerPid) ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Stops the server an earlier, dead owner left running; returns its pid, or undefined if there was none. */
export async function stopOrphanedServer(file: string, graceMs = 10_000): Promise<number | undefined> {
  const record = readRecord(file);
  if (!record) return undefined;
  if (isAlive(record.ownerPid) || !isAlive(record.serverPid) || !isDevServer(record.serverPid)) {
    if (!isAlive(record.serverPid)) rmSync(file, { force: true });
    return undefined;
  }
  process.kill(record.serverPid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(record.serverPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(record.serverPid)) process.kill(record.serverPid, 'SIGKILL');
  while (isAlive(record.serverPid) && Date.now() < deadline + graceMs) await new Promise((r) => setTimeout(r, 100));
  rmSync(file, { force: true });
  return record.serverPid;
}

export function recordServer(file: string, serverPid: number): void {
  writeFileSync(file, JSON.stringify({ serverPid, ownerPid: process.pid } satisfies ServerRecord));
}

export function forgetServer(file: string): void {
  rmSync(file, { force: true });
}
