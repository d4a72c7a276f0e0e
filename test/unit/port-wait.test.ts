import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { waitUntilPortsFree } from '../../infra/port-wait';

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

describe('waitUntilPortsFree', () => {
  it('waits while a port is held and returns once it is released', async () => {
    const { server, port } = await listen();
    expect(await waitUntilPortsFree([port], '127.0.0.1', 300)).toEqual([port]);
    setTimeout(() => server.close(), 300);
    const started = Date.now();
    expect(await waitUntilPortsFree([port], '127.0.0.1', 5_000)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});
