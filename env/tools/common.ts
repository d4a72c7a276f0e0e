// Shared argument shapes and formatting for the KB tools.
import { z } from 'zod';
import { ToolError } from '../types';

export const geneList = z.array(z.string().min(1)).min(1).max(30);
export const hpoIdList = z.array(z.string().regex(/^HP:\d{7}$/, 'HPO ids look like HP:0001250')).min(1).max(40);

export function notFound(what: string, hint: string): never {
  throw new ToolError(`${what} not found. ${hint}`, 'permanent');
}

export function fmtScore(n: number): string {
  return n.toFixed(2);
}

export function fmtP(p: number | null): string {
  return p === null ? 'NA' : p.toExponential(1).replace('e', 'E');
}
