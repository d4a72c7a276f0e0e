// Shared argument shapes and formatting for the KB tools.
import { z } from 'zod';
import { ToolError } from '../types';
import type { Db } from '../../db/client';
import { closestGeneSymbols } from '../kb/genes';

export const geneList = z.array(z.string().min(1)).min(1).max(30);
export const hpoIdList = z.array(z.string().regex(/^HP:\d{7}$/, 'HPO ids look like HP:0001250')).min(1).max(40);

export function notFound(what: string, hint: string): never {
  throw new ToolError(`${what} not found. ${hint}`, 'permanent');
}

/** An unknown gene: the error names the nearest HGNC symbols, so a misspelt call can be mended. */
export async function unknownGene(db: Db | undefined, gene: string): Promise<never> {
  const nearest = await closestGeneSymbols(db, gene);
  return notFound(`gene '${gene}'`, nearest.length ? `Closest HGNC symbols: ${nearest.join(', ')}.` : 'Give an HGNC symbol, e.g. BRCA1.');
}

export function fmtScore(n: number): string {
  return n.toFixed(2);
}

export function fmtP(p: number | null): string {
  return p === null ? 'NA' : p.toExponential(1).replace('e', 'E');
}
