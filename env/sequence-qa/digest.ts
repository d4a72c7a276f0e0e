// Complete digests of a linear molecule by one or more enzymes (all sites in the table are
// palindromic, so scanning the top strand finds every cut).
import { findSites, fragmentLengths, normalizeDna } from './dna';
import type { RestrictionEnzyme } from './enzymes';

export interface DigestResult {
  /** Top-strand cut positions: the cut falls after this many bases. Ascending, unique. */
  cuts: number[];
  /** Fragment lengths in bp, ascending. */
  fragments: number[];
}

export function cutPositions(sequence: string, enzymes: readonly RestrictionEnzyme[]): number[] {
  const dna = normalizeDna(sequence);
  const cuts = enzymes.flatMap((e) => findSites(dna, e.site).map((p) => p + e.cutOffset));
  return [...new Set(cuts)].filter((p) => p > 0 && p < dna.length).sort((a, b) => a - b);
}

export function digest(sequence: string, enzymes: readonly RestrictionEnzyme[]): DigestResult {
  const cuts = cutPositions(sequence, enzymes);
  return { cuts, fragments: fragmentLengths(normalizeDna(sequence).length, cuts).sort((a, b) => a - b) };
}
