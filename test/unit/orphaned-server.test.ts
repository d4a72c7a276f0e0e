// A dev server left running by a helixrl that was killed outright is stopped by the next start in
// the same data directory; one whose owner is alive, or a pid that now names another program, is
// left alone.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recordServer, stopOrphanedServer } from '../../infra/orphaned-server';
import { scratchDir } from '../support/scratch';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
});

/** A long-lived process whose command line says `start-dev`, as the Temporal CLI's does. */
function fakeServer(marker = 'start-dev'): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', marker], { stdio: 'ignore' });
  started.push(child);
  return child;
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;
const recordFile = () => join(scratchDir('orphan'), 'server.json');

describe('orphaned dev server', () => {
  it('stops a recorded server whose owner is gone, and forgets it', async () => {
    const server = fakeServer();
    const file = recordFile();
    writeFileSync(file, JSON.stringify({ serverPid: server.pid, ownerPid: deadPid() }));
    expect(await stopOrphanedServer(file)).toBe(server.pid);
    await exited(server);
    expect(server.signalCode).toBe('SIGTERM');
    expect(existsSync(file)).toBe(false);
  });

  it('leaves a server alone while its owner lives', async () => {
    const server = fakeServer();
    const file = recordFile();
    recordServer(file, server.pid!); // owner: this process
    expect(await stopOrphanedServer(file)).toBeUndefined();
    expect(server.exitCode).toBeNull();
    expect(server.signalCode).toBeNull();
    expect(existsSync(file)).toBe(true);
  });

  it.runIf(existsSync('/proc/self/cmdline'))('leaves a reused pid alone when it is not a dev server', async () => {
    const other = fakeServer('something-else');
    const file = recordFile();
    writeFileSync(file, JSON.stringify({ serverPid: other.pid, ownerPid: deadPid() }));
    expect(await stopOrphanedServer(file)).toBeUndefined();
    expect(other.signalCode).toBeNull();
  });

  it('drops a record whose server has already exited', async () => {
    const file = recordFile();
    writeFileSync(file, JSON.stringify({ serverPid: deadPid(), ownerPid: deadPid() }));
    expect(await stopOrphanedServer(file)).toBeUndefined();
    expect(existsSync(file)).toBe(false);
  });
});
