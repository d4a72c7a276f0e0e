// Plain DNA arithmetic, shared by the tools and the generator's reference answers.

const COMPLEMENT: Record<string, string> = { A: 'T', T: 'A', G: 'C', C: 'G', N: 'N' };

/** The standard genetic code, codons in TCAG order. */
const AMINO_ACIDS = 'FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG';
const BASE_INDEX: Record<string, number> = { T: 0, C: 1, A: 2, G: 3 };

export function normalizeDna(sequence: string): string {
  return sequence.replace(/\s+/g, '').toUpperCase();
}

export function invalidDnaCharacters(sequence: string): string[] {
  return [...new Set(normalizeDna(sequence).replace(/[ACGTN]/g, ''))];
}

/** Percent of G and C among all bases, rounded to one decimal. */
export function gcContent(sequence: string): number {
  const dna = normalizeDna(sequence);
  if (dna.length === 0) return 0;
  const gc = [...dna].filter((b) => b === 'G' || b === 'C').length;
  return Math.round((gc / dna.length) * 1000) / 10;
}

export function reverseComplement(sequence: string): string {
  return [...normalizeDna(sequence)].reverse().map((b) => COMPLEMENT[b] ?? 'N').join('');
}

/** Translates codon by codon from `frame` (0, 1 or 2); stop codons are written '*'. */
export function translate(sequence: string, frame = 0): string {
  const dna = normalizeDna(sequence);
  let protein = '';
  for (let i = frame; i + 3 <= dna.length; i += 3) {
    const [a, b, c] = [BASE_INDEX[dna[i]], BASE_INDEX[dna[i + 1]], BASE_INDEX[dna[i + 2]]];
    protein += a === undefined || b === undefined || c === undefined ? 'X' : AMINO_ACIDS[a * 16 + b * 4 + c];
  }
  return protein;
}

/** 0-based start positions of every occurrence of `site`, overlapping ones included. */
export function findSites(sequence: string, site: string): number[] {
  const dna = normalizeDna(sequence);
  const positions: number[] = [];
  if (site === '') return positions; // indexOf('') matches everywhere, forever
  for (let at = dna.indexOf(site); at !== -1; at = dna.indexOf(site, at + 1)) positions.push(at);
  return positions;
}

/** Lengths of the fragments of a linear molecule cut at the given top-strand positions. */
export function fragmentLengths(length: number, cutPositions: number[]): number[] {
  const cuts = [...new Set(cutPositions)].filter((p) => p > 0 && p < length).sort((a, b) => a - b);
  const bounds = [0, ...cuts, length];
  return bounds.slice(1).map((end, i) => end - bounds[i]);
}
