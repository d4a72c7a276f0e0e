// Phenotype tools over the HPO: term lookup, phenotypes → ranked diseases or genes, disease details.
import { z } from 'zod';
import type { Tool } from '../types';
import { kbQuery } from '../kb/pool';
import { phenotypeIndex, rankDiseases, rankGenes, type PhenotypeIndex } from '../kb/phenotype-index';
import { fmtScore, geneList, hpoIdList, notFound } from './common';
import { ToolError } from '../types';

function checkTerms(index: PhenotypeIndex, ids: string[]): string[] {
  const unknown = ids.filter((id) => !index.termName.has(id));
  if (unknown.length) throw new ToolError(`unknown HPO id(s): ${unknown.join(', ')}. Use hpo_term to look terms up.`, 'permanent');
  return ids.map((id) => index.replacedBy.get(id) ?? id);
}

export const hpoTermTool: Tool<{ query: string }> = {
  name: 'hpo_term',
  doc: 'hpo_term {"query": "HP:0001250" or "seizure"} — an HPO term by id, or up to 8 terms whose name matches',
  args: z.object({ query: z.string().min(2) }).strict(),
  async run({ query }, ctx) {
    const q = query.trim();
    const rows = /^HP:\d{7}$/.test(q)
      ? await kbQuery(ctx.db, 'SELECT hpo_id, name, is_obsolete FROM kb_hpo_terms WHERE hpo_id = $1', [q])
      : await kbQuery(ctx.db, `SELECT hpo_id, name, is_obsolete FROM kb_hpo_terms WHERE name ILIKE '%' || $1 || '%' AND NOT is_obsolete
          ORDER BY length(name), hpo_id LIMIT 8`, [q]);
    if (!rows.length) notFound(`HPO term '${q}'`, 'Try a shorter name or an HP:nnnnnnn id.');
    return rows.map((r) => `${r.hpo_id} ${r.name}${r.is_obsolete ? ' (obsolete)' : ''}`).join('\n');
  },
};

export const diseasesForPhenotypesTool: Tool<{ hpo_ids: string[]; genes?: string[]; top_k?: number }> = {
  name: 'diseases_for_phenotypes',
  doc: 'diseases_for_phenotypes {"hpo_ids": ["HP:…"], "genes": [optional candidate genes], "top_k": 5} — diseases ranked by phenotype match (only diseases of those genes if given)',
  args: z.object({ hpo_ids: hpoIdList, genes: geneList.optional(), top_k: z.number().int().min(1).max(20).optional() }).strict(),
  async run({ hpo_ids, genes, top_k = 5 }, ctx) {
    const index = await phenotypeIndex(ctx.db);
    const terms = checkTerms(index, hpo_ids);
    let candidates: string[] | undefined;
    if (genes) {
      candidates = genes.flatMap((g) => index.geneDiseases.get(g.trim().toUpperCase()) ?? index.geneDiseases.get(g.trim()) ?? []);
      if (!candidates.length) notFound(`diseases for genes ${genes.join(', ')}`, 'Give current HGNC symbols, or leave out "genes".');
    }
    const ranked = rankDiseases(index, terms, candidates).slice(0, top_k);
    return ranked
      .map((r, i) => `${i + 1}. ${r.id} ${index.diseaseName.get(r.id) ?? '?'} (score ${fmtScore(r.score)}; genes: ${(index.diseaseGenes.get(r.id) ?? []).slice(0, 4).join(', ') || 'none'})`)
      .join('\n');
  },
};

export const genesForPhenotypesTool: Tool<{ hpo_ids: string[]; genes: string[] }> = {
  name: 'genes_for_phenotypes',
  doc: 'genes_for_phenotypes {"hpo_ids": ["HP:…"], "genes": ["GENE", …]} — the given genes ranked by how well their HPO annotations match the phenotypes',
  args: z.object({ hpo_ids: hpoIdList, genes: geneList }).strict(),
  async run({ hpo_ids, genes }, ctx) {
    const index = await phenotypeIndex(ctx.db);
    const terms = checkTerms(index, hpo_ids);
    const ranked = rankGenes(index, terms, genes.map((g) => g.trim().toUpperCase()));
    return ranked.map((r, i) => `${i + 1}. ${r.id} score ${fmtScore(r.score)}${index.geneClosure.has(r.id) ? '' : ' (no HPO annotations)'}`).join('\n');
  },
};

export const diseaseInfoTool: Tool<{ disease_id: string }> = {
  name: 'disease_info',
  doc: 'disease_info {"disease_id": "OMIM:154700"} — disease name, associated genes and up to 12 phenotypes',
  args: z.object({ disease_id: z.string().regex(/^(OMIM|MIM|ORPHA):\d+$/i, 'use OMIM:nnnnnn or ORPHA:n') }).strict(),
  async run({ disease_id }, ctx) {
    const id = disease_id.toUpperCase().replace(/^MIM:/, 'OMIM:');
    const index = await phenotypeIndex(ctx.db);
    const name = index.diseaseName.get(id);
    if (!name) notFound(`disease ${id}`, 'Use an id from diseases_for_phenotypes.');
    const terms = (index.diseaseTerms.get(id) ?? []).filter((t) => index.isPhenotypicAbnormality(t));
    const shown = [...terms].sort((a, b) => (index.ic.get(b) ?? 0) - (index.ic.get(a) ?? 0) || a.localeCompare(b)).slice(0, 12);
    return [
      `${id} ${name}`,
      `genes: ${(index.diseaseGenes.get(id) ?? []).join(', ') || 'none recorded'}`,
      `phenotypes (${terms.length}, most specific first): ${shown.map((t) => `${t} ${index.termName.get(t)}`).join('; ')}`,
    ].join('\n');
  },
};

export const PHENOTYPE_TOOLS: Tool[] = [hpoTermTool, diseasesForPhenotypesTool, genesForPhenotypesTool, diseaseInfoTool];
