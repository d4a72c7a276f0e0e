// A server killed a moment ago can hold its listening ports until the kernel has torn its sockets
// down; a new server started on them in that window exits with "address already in use".
import { createServer } from 'node:net';

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** Resolves once every port can be listened on, or after `timeoutMs`; returns the ports still taken. */
export async function waitUntilPortsFree(ports: readonly number[], host = '127.0.0.1', timeoutMs = 10_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const taken: number[] = [];
    for (const port of ports) if (!(await canListen(port, host))) taken.push(port);
    if (taken.length === 0 || Date.now() >= deadline) return taken;
    await new Promise((r) => setTimeout(r, 100));
  }
}
