// Phenotype similarity over the HPO, read once from the KB per database handle and kept in memory
// (the ranking touches every disease, which is milliseconds in memory and seconds in SQL).
// Similarity is Resnik best-match from the patient's side: for each patient term, the information
// content of its most informative ancestor shared with the disease's (or gene's) annotations,
// averaged over the patient's terms. IC is computed from disease annotation frequencies.
import type { Db } from '../../db/client';
import { kbQuery } from './pool';

export const PHENOTYPIC_ABNORMALITY = 'HP:0000118';

export interface PhenotypeIndex {
  termName: Map<string, string>;
  /** Replacement for obsolete ids. */
  replacedBy: Map<string, string>;
  ancestors(hpoId: string): string[];
  ic: Map<string, number>;
  diseaseName: Map<string, string>;
  diseaseTerms: Map<string, string[]>;
  diseaseClosure: Map<string, Set<string>>;
  diseaseGenes: Map<string, string[]>;
  geneDiseases: Map<string, string[]>;
  geneClosure: Map<string, Set<string>>;
  isPhenotypicAbnormality(hpoId: string): boolean;
}

const cache = new WeakMap<Db, Promise<PhenotypeIndex>>();

export function phenotypeIndex(db: Db | undefined): Promise<PhenotypeIndex> {
  if (!db) return buildIndex(db);
  let index = cache.get(db);
  if (!index) {
    index = buildIndex(db);
    index.catch(() => cache.delete(db));
    cache.set(db, index);
  }
  return index;
}

async function buildIndex(db: Db | undefined): Promise<PhenotypeIndex> {
  const [terms, edges, diseases, annotations, genePhenotypes, diseaseGeneRows] = await Promise.all([
    kbQuery<{ hpo_id: string; name: string; replaced_by: string | null }>(db, 'SELECT hpo_id, name, replaced_by FROM kb_hpo_terms'),
    kbQuery<{ hpo_id: string; parent_hpo_id: string }>(db, 'SELECT hpo_id, parent_hpo_id FROM kb_hpo_is_a'),
    kbQuery<{ disease_id: string; name: string }>(db, 'SELECT disease_id, name FROM kb_diseases'),
    kbQuery<{ disease_id: string; hpo_id: string }>(db, 'SELECT disease_id, hpo_id FROM kb_disease_phenotypes ORDER BY disease_id, hpo_id'),
    kbQuery<{ symbol: string; hpo_id: string }>(db, 'SELECT symbol, hpo_id FROM kb_gene_phenotypes'),
    kbQuery<{ disease_id: string; symbol: string }>(db, 'SELECT DISTINCT disease_id, symbol FROM kb_disease_genes ORDER BY disease_id, symbol'),
  ]);
  const parents = new Map<string, string[]>();
  for (const e of edges) parents.set(e.hpo_id, [...(parents.get(e.hpo_id) ?? []), e.parent_hpo_id]);
  const ancestorCache = new Map<string, string[]>();
  const ancestors = (id: string): string[] => {
    const cached = ancestorCache.get(id);
    if (cached) return cached;
    const seen = new Set<string>([id]);
    const stack = [id];
    while (stack.length) for (const p of parents.get(stack.pop()!) ?? []) if (!seen.has(p)) (seen.add(p), stack.push(p));
    const list = [...seen];
    ancestorCache.set(id, list);
    return list;
  };
  const closureOf = (ids: Iterable<string>) => {
    const set = new Set<string>();
    for (const id of ids) for (const a of ancestors(id)) set.add(a);
    return set;
  };
  const diseaseTerms = new Map<string, string[]>();
  for (const a of annotations) diseaseTerms.set(a.disease_id, [...(diseaseTerms.get(a.disease_id) ?? []), a.hpo_id]);
  const diseaseClosure = new Map<string, Set<string>>();
  const counts = new Map<string, number>();
  for (const [disease, ids] of diseaseTerms) {
    const closure = closureOf(ids);
    diseaseClosure.set(disease, closure);
    for (const t of closure) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const total = diseaseTerms.size;
  const ic = new Map<string, number>();
  for (const t of terms) ic.set(t.hpo_id, -Math.log(((counts.get(t.hpo_id) ?? 0) + 1) / (total + 1)));
  const geneTerms = new Map<string, string[]>();
  for (const g of genePhenotypes) geneTerms.set(g.symbol, [...(geneTerms.get(g.symbol) ?? []), g.hpo_id]);
  const geneClosure = new Map<string, Set<string>>();
  for (const [gene, ids] of geneTerms) geneClosure.set(gene, closureOf(ids));
  const diseaseGenes = new Map<string, string[]>();
  const geneDiseases = new Map<string, string[]>();
  for (const r of diseaseGeneRows) {
    diseaseGenes.set(r.disease_id, [...(diseaseGenes.get(r.disease_id) ?? []), r.symbol]);
    geneDiseases.set(r.symbol, [...(geneDiseases.get(r.symbol) ?? []), r.disease_id]);
  }
  return {
    termName: new Map(terms.map((t) => [t.hpo_id, t.name])),
    replacedBy: new Map(terms.filter((t) => t.replaced_by).map((t) => [t.hpo_id, t.replaced_by as string])),
    ancestors,
    ic,
    diseaseName: new Map(diseases.map((d) => [d.disease_id, d.name])),
    diseaseTerms,
    diseaseClosure,
    diseaseGenes,
    geneDiseases,
    geneClosure,
    isPhenotypicAbnormality: (id) => id !== PHENOTYPIC_ABNORMALITY && ancestors(id).includes(PHENOTYPIC_ABNORMALITY),
  };
}

/** Mean over patient terms of the best shared-ancestor IC with `closure`. */
export function similarity(index: PhenotypeIndex, patientTerms: string[], closure: Set<string> | undefined): number {
  if (!closure || patientTerms.length === 0) return 0;
  let sum = 0;
  for (const term of patientTerms) {
    let best = 0;
    for (const a of index.ancestors(term)) {
      if (closure.has(a)) best = Math.max(best, index.ic.get(a) ?? 0);
    }
    sum += best;
  }
  return sum / patientTerms.length;
}

export interface Ranked {
  id: string;
  score: number;
}

/** Diseases ranked by similarity; ties broken by id so rankings are deterministic. */
export function rankDiseases(index: PhenotypeIndex, patientTerms: string[], candidateDiseases?: Iterable<string>): Ranked[] {
  const ids = candidateDiseases ? [...new Set(candidateDiseases)] : [...index.diseaseClosure.keys()];
  return ids
    .map((id) => ({ id, score: similarity(index, patientTerms, index.diseaseClosure.get(id)) }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

/** Genes ranked by similarity of their own HPO annotations to the patient's terms. */
export function rankGenes(index: PhenotypeIndex, patientTerms: string[], genes: string[]): Ranked[] {
  return [...new Set(genes)]
    .map((id) => ({ id, score: similarity(index, patientTerms, index.geneClosure.get(id)) }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
