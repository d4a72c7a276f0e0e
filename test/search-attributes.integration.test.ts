// On a Temporal server that does not know HelixRL's search attributes (a cluster rather than the
// embedded dev server), the start-up check registers them, once.
// The same server stands in for the one a second dev server must not start beside.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '@temporalio/client';
import { checkTemporal } from '../infra/stack';
import { ensureSearchAttributes, HELIX_SEARCH_ATTRIBUTES } from '../infra/search-attributes';
import { startDevServer, type DevServer } from '../infra/temporal-dev-server';
import { freePort } from './support/ports';
import { scratchDir } from './support/scratch';
import { join } from 'node:path';

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ port: await freePort(), uiPort: 0, headless: true, searchAttributes: false });
});
afterAll(() => server?.stop());

describe('search attributes on an existing server', () => {
  it('are registered by the start-up check when missing, and not twice', async () => {
    const connection = await Connection.connect({ address: server.address });
    try {
      const before = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(Object.keys(before.customAttributes ?? {})).not.toContain('HelixRun');

      await checkTemporal(server.address, 'test', 'default');
      const after = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(Object.keys(after.customAttributes ?? {})).toEqual(expect.arrayContaining(Object.keys(HELIX_SEARCH_ATTRIBUTES)));
      expect(await ensureSearchAttributes(connection, 'default')).toEqual([]);
    } finally {
      await connection.close();
    }
  });
});

describe('a dev server that cannot start', () => {
  it('refuses a port another server holds, instead of taking that server for its own', async () => {
    const taken = Number(server.address.split(':')[1]);
    await expect(startDevServer({ port: taken, uiPort: 0, headless: true, searchAttributes: false })).rejects.toThrow(
      `Cannot start the Temporal dev server: port ${taken} on 127.0.0.1 is in use (is another 'helixrl up' running?).`,
    );
  });

  it('quotes the last lines of its log when it exits at start', { timeout: 90_000 }, async () => {
    const dir = scratchDir('bad-pragma');
    const logFile = join(dir, 'temporal.log');
    // A directory where the SQLite file should be: the server cannot open it and exits.
    const attempt = startDevServer({ port: await freePort(), uiPort: 0, headless: true, dbFile: dir, logFile });
    attempt.then((started) => started.stop(), () => {});
    await expect(attempt).rejects.toThrow(new RegExp(`exited with code \\d+ .*\\nIts last words \\(${logFile}\\):\\n.+`));
  });
});
