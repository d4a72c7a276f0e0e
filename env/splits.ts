// Entity-disjoint splits: every entity (a disease, a causal gene, a locus, a GWAS trait, a GO term)
// belongs to exactly one split, decided by a hash of its key, whatever task type asks about it.
import { hashSeed } from './random';
import type { Split } from './types';

/** 80 / 10 / 10 train / val / test. */
export function splitOf(entityKey: string): Split {
  const bucket = hashSeed('helix-split-v1', entityKey) % 100;
  if (bucket < 10) return 'test';
  if (bucket < 20) return 'val';
  return 'train';
}

/** Seeded Fisher–Yates shuffle (a copy). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
