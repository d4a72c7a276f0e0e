// The pg pool under a drizzle handle: bulk loads and hot tool queries use plain parameterised SQL.
import type pg from 'pg';
import type { Db } from '../../db/client';
import { ToolError } from '../types';

export function poolOf(db: Db): pg.Pool {
  const pool = (db as unknown as { $client?: pg.Pool }).$client;
  if (!pool) throw new Error('the database handle has no pg pool ($client)');
  return pool;
}

const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P03', '53300', '08006', '08001', '08003', '40001', '40P01']);

/** Runs a KB query for a tool; connection trouble is transient, a missing KB is permanent. */
export async function kbQuery<Row = any>(db: Db | undefined, text: string, params: unknown[] = []): Promise<Row[]> {
  if (!db) throw new ToolError('this tool needs the knowledge base, but no database is configured', 'permanent');
  try {
    const result = await poolOf(db).query(text, params);
    return result.rows as Row[];
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    const message = error instanceof Error ? error.message : String(error);
    if (code === '42P01') throw new ToolError(`the knowledge base is not loaded (run 'helixrl kb load'): ${message}`, 'permanent');
    if (TRANSIENT_CODES.has(code) || /timeout|terminat|connect/i.test(message)) {
      throw new ToolError(`knowledge base unreachable: ${message}`, 'transient');
    }
    throw new ToolError(`knowledge base query failed: ${message}`, 'transient');
  }
}
