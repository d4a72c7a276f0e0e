// Gene name resolution: any symbol, previous symbol or alias (any case) → the current HGNC symbol,
// falling back to org.Hs.eg.db names for genes HGNC lacks.
import type { Db } from '../../db/client';
import { distance as levenshtein } from 'fastest-levenshtein';
import { kbQuery } from './pool';

const KIND_PRIORITY = `CASE kind WHEN 'hgnc_symbol' THEN 0 WHEN 'orghs_symbol' THEN 1 WHEN 'hgnc_prev' THEN 2 WHEN 'hgnc_alias' THEN 3 ELSE 4 END`;

export interface ResolvedGene {
  symbol: string;
  entrezId: number | null;
  matchedBy: string;
}

/** The best match for `name`, or undefined. HGNC's symbol wins over org.Hs.eg.db's for one Entrez id. */
export async function resolveGene(db: Db | undefined, name: string): Promise<ResolvedGene | undefined> {
  const rows = await kbQuery<{ symbol: string; entrez_id: number | null; kind: string }>(
    db,
    `SELECT a.symbol, a.entrez_id, a.kind, h.symbol AS hgnc_symbol FROM kb_gene_aliases a
       LEFT JOIN kb_hgnc_genes h ON h.entrez_id = a.entrez_id
      WHERE a.alias = upper($1) ORDER BY ${KIND_PRIORITY}, a.symbol LIMIT 1`,
    [name.trim()],
  );
  const row = rows[0] as ({ symbol: string; entrez_id: number | null; kind: string; hgnc_symbol?: string | null }) | undefined;
  if (!row) return undefined;
  return { symbol: row.hgnc_symbol ?? row.symbol, entrezId: row.entrez_id, matchedBy: row.kind };
}

/** SQL for current symbols of located genes: HGNC symbol when HGNC knows the Entrez id. */
export const LOCATED_GENES_SQL = `SELECT coalesce(h.symbol, l.symbol) AS symbol, l.entrez_id, l.gene_type, l.chrom, l.start_pos, l.end_pos, l.strand
  FROM kb_gene_locations l LEFT JOIN kb_hgnc_genes h ON h.entrez_id = l.entrez_id`;

// Current HGNC symbols, read once per database: a "did you mean" needs all of them, and they change
// only when the knowledge base is reloaded (an empty table is not kept, so a later load is seen).
const symbolsByDb = new WeakMap<object, Promise<string[]>>();

async function hgncSymbols(db: Db | undefined): Promise<string[]> {
  const key = db as object | undefined;
  const cached = key && symbolsByDb.get(key);
  if (cached) return cached;
  const loading = kbQuery<{ symbol: string }>(db, 'SELECT symbol FROM kb_hgnc_genes ORDER BY symbol').then((rows) => rows.map((r) => r.symbol));
  if (key) symbolsByDb.set(key, loading);
  const symbols = await loading.catch((error) => { if (key) symbolsByDb.delete(key); throw error; });
  if (!symbols.length && key) symbolsByDb.delete(key);
  return symbols;
}

/**
 * The symbols nearest to a name that matched nothing, by edit distance (then by length difference,
 * then alphabetically): what an unknown-gene error offers, the way a misspelt query is answered.
 */
export async function closestGeneSymbols(db: Db | undefined, name: string, count = 3): Promise<string[]> {
  const query = name.trim().toUpperCase();
  if (!query) return [];
  const maxDistance = Math.max(1, Math.ceil(query.length / 3));
  return (await hgncSymbols(db))
    .map((symbol) => ({ symbol, distance: levenshtein(query, symbol.toUpperCase()) }))
    .filter((c) => c.distance <= maxDistance)
    .sort((a, b) => a.distance - b.distance || Math.abs(a.symbol.length - query.length) - Math.abs(b.symbol.length - query.length) || a.symbol.localeCompare(b.symbol))
    .slice(0, count)
    .map((c) => c.symbol);
}
