import { createServer } from 'node:net';

/**
 * A port free now, below Linux's ephemeral range (32768–60999). A port the OS hands out for
 * `listen(0)` comes from that range, where any outgoing connection (a pg pool, the dev server's
 * own gRPC clients) may take it as its source port before the process it was chosen for
 * listens on it; a CI run once failed that way ('the port is in use').
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error('No free port found between 20000 and 32000 in 50 tries.');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Polls `probe` until it resolves; rethrows its last error after `timeoutMs`. */
export async function waitFor(probe: () => Promise<unknown>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      await probe();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}: ${String(lastError)}`);
}
