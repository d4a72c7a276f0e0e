// Primer arithmetic: Wallace-rule Tm, GC% and the product of a PCR on a linear template.
import { findSites, gcContent, normalizeDna, reverseComplement } from './dna';

export interface PrimerStats {
  length: number;
  gcPercent: number;
  /** Wallace rule: 2 °C per A/T plus 4 °C per G/C (short oligos only). */
  tm: number;
}

export function primerStats(primer: string): PrimerStats {
  const dna = normalizeDna(primer);
  const at = dna.replace(/[^AT]/g, '').length;
  const gc = dna.replace(/[^GC]/g, '').length;
  return { length: dna.length, gcPercent: gcContent(dna), tm: 2 * at + 4 * gc };
}

export interface PcrBinding {
  /** 0-based top-strand starts where the forward primer matches exactly. */
  forwardSites: number[];
  /** 0-based top-strand starts where the reverse primer's reverse complement matches. */
  reverseSites: number[];
  /** Product lengths in bp, ascending and unique: forward 5' end through the reverse site's end. */
  products: number[];
}

/**
 * Exact-match PCR on the top strand: the forward primer as written, the reverse primer (given
 * 5'→3') as its reverse complement. A product needs the reverse site to start at or after the
 * forward site and to end at or after the forward primer's end.
 */
export function pcr(template: string, forward: string, reverse: string): PcrBinding {
  const dna = normalizeDna(template);
  const fwd = normalizeDna(forward);
  const revSite = reverseComplement(reverse);
  const forwardSites = findSites(dna, fwd);
  const reverseSites = findSites(dna, revSite);
  const products = new Set<number>();
  for (const f of forwardSites) {
    for (const r of reverseSites) {
      if (r >= f && r + revSite.length >= f + fwd.length) products.add(r + revSite.length - f);
    }
  }
  return { forwardSites, reverseSites, products: [...products].sort((a, b) => a - b) };
}
