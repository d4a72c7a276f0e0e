// On a Temporal server that does not know HelixRL's search attributes (a cluster rather than the
// embedded dev server), the start-up check registers them, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '@temporalio/client';
import { checkTemporal } from '../infra/stack';
import { ensureSearchAttributes, HELIX_SEARCH_ATTRIBUTES } from '../infra/search-attributes';
import { startDevServer, type DevServer } from '../infra/temporal-dev-server';
import { freePort } from './support/ports';

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
