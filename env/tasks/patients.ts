// Simulated rare-disease patients: a subset of a disease's phenotypic-abnormality annotations, some
// made less specific (a parent term, as clinicians often record), plus at times one unrelated term.
import { randomInt } from '../random';
import { shuffled } from '../splits';
import type { PhenotypeIndex } from '../kb/phenotype-index';

export function simulatePatient(index: PhenotypeIndex, diseaseId: string, random: () => number): string[] {
  const terms = (index.diseaseTerms.get(diseaseId) ?? []).filter((t) => index.isPhenotypicAbnormality(t));
  const chosen = shuffled(terms, random).slice(0, randomInt(Math.min(3, terms.length), Math.min(8, terms.length), random));
  const patient = chosen.map((t) => {
    if (random() >= 0.25) return t;
    const parents = index.ancestors(t).filter((a) => a !== t && index.isPhenotypicAbnormality(a));
    const direct = parents.filter((p) => index.ancestors(p).length === index.ancestors(t).length - 1);
    return (direct.length ? direct : [t])[0];
  });
  if (random() < 0.5) {
    const diseases = [...index.diseaseTerms.keys()];
    const other = (index.diseaseTerms.get(diseases[Math.floor(random() * diseases.length)]) ?? []).filter((t) => index.isPhenotypicAbnormality(t));
    if (other.length) patient.push(other[Math.floor(random() * other.length)]);
  }
  return [...new Set(patient)].sort();
}

export function describeTerms(index: PhenotypeIndex, terms: string[]): string {
  return terms.map((t) => `${t} (${index.termName.get(t)})`).join(', ');
}

/** Decoy genes: other disease genes, seeded, never one of `exclude`. */
export function decoyGenes(pool: string[], exclude: Set<string>, count: number, random: () => number): string[] {
  const picked: string[] = [];
  while (picked.length < count) {
    const g = pool[Math.floor(random() * pool.length)];
    if (!exclude.has(g) && !picked.includes(g)) picked.push(g);
  }
  return picked;
}
