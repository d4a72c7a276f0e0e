// HelixRL's custom search attributes, as the Temporal server must know them.
// Workflow code defines typed keys with the same names in workflows/search-attributes.ts.
import type { Connection } from '@temporalio/client';
// A CommonJS package: its namespace is reached through the default import under Node's ESM loader.
import protos from '@temporalio/proto';

const { IndexedValueType } = protos.temporal.api.enums.v1;

export const HELIX_SEARCH_ATTRIBUTES = {
  HelixRun: 'Keyword',
  HelixTaskType: 'Keyword',
  HelixEpoch: 'Int',
  HelixPolicyVersion: 'Keyword',
  HelixStatus: 'Keyword',
  HelixReward: 'Double',
} as const;

const INDEXED_TYPE = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Double: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
};

/**
 * Registers whichever HelixRL search attributes a server lacks (a cluster that is not the
 * embedded dev server, which registers them on start). Returns the names it added.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = Object.entries(HELIX_SEARCH_ATTRIBUTES).filter(([name]) => !known.has(name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, INDEXED_TYPE[type]])),
  });
  return missing.map(([name]) => name);
}
