// Open reading frames on both strands: ATG through the first in-frame stop, stop included.
// Each stop codon closes at most one ORF, opened by the most upstream ATG since the previous stop
// (nested ATGs are not separate ORFs), which is how ORF finders usually report them.
import { normalizeDna, reverseComplement, translate } from './dna';

export interface Orf {
  strand: '+' | '-';
  /** Reading frame on its own strand (0, 1 or 2: the offset of the first codon). */
  frame: number;
  /** 1-based top-strand coordinates of the A of ATG and the last base of the stop; start > end on '-'. */
  start: number;
  end: number;
  /** Nucleotides, stop codon included. */
  length: number;
  /** One-letter codes from the initial M; the stop is not written. */
  protein: string;
}

export function findOrfs(sequence: string, minLength = 0): Orf[] {
  const dna = normalizeDna(sequence);
  const orfs: Orf[] = [];
  for (const strand of ['+', '-'] as const) {
    const read = strand === '+' ? dna : reverseComplement(dna);
    for (let frame = 0; frame < 3; frame++) {
      const protein = translate(read, frame);
      let openCodon = -1;
      for (let c = 0; c < protein.length; c++) {
        const at = frame + 3 * c;
        if (openCodon < 0 && read.startsWith('ATG', at)) openCodon = c;
        if (protein[c] !== '*') continue;
        if (openCodon >= 0) {
          const from = frame + 3 * openCodon;
          const to = at + 3; // exclusive
          const length = to - from;
          if (length >= minLength) {
            const [start, end] = strand === '+' ? [from + 1, to] : [dna.length - from, dna.length - to + 1];
            orfs.push({ strand, frame, start, end, length, protein: protein.slice(openCodon, c) });
          }
        }
        openCodon = -1;
      }
    }
  }
  // Longest first; ties in a fixed order so observations are deterministic.
  return orfs.sort((a, b) => b.length - a.length || a.strand.localeCompare(b.strand) || a.start - b.start);
}
