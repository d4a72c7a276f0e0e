// Random DNA for generators, with known motifs planted at random places.
import { randomInt } from '../random';

const BASES = 'ACGT';

export function randomDna(length: number, random: () => number): string {
  let dna = '';
  for (let i = 0; i < length; i++) dna += BASES[Math.floor(random() * 4)];
  return dna;
}

/** Overwrites `count` random stretches with `site` (later plants may overwrite earlier ones). */
export function plantSites(dna: string, site: string, count: number, random: () => number): string {
  let result = dna;
  for (let i = 0; i < count; i++) {
    const at = randomInt(0, result.length - site.length, random);
    result = result.slice(0, at) + site + result.slice(at + site.length);
  }
  return result;
}
