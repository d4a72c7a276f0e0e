// Seeded randomness for generators and the expert: the same seed gives the same tasks and turns.
import { mulberry32 } from '../policy/util/rng';

/** A uniform [0, 1) generator from a seed: the policy engine's mulberry32, so both halves agree. */
export function seededRandom(seed: number): () => number {
  return mulberry32(seed).next;
}

/** FNV-1a over a string: derives independent seeds from names ("run-1/ep-3/turn-2"). */
export function hashSeed(...parts: Array<string | number>): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('/')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

export function randomInt(min: number, maxInclusive: number, random: () => number): number {
  return min + Math.floor(random() * (maxInclusive - min + 1));
}
