// Gene Ontology tools: term lookup with annotated genes (propagated over is_a / part_of), and a
// gene's direct annotations.
import { z } from 'zod';
import type { Tool } from '../types';
import { kbQuery } from '../kb/pool';
import { resolveGene } from '../kb/genes';
import { geneList, notFound, unknownGene } from './common';

/** Genes annotated to the term or any descendant (is_a, part of), excluding ND "no data" rows. */
const ANNOTATED_GENES_SQL = `WITH RECURSIVE sub(go_id) AS (
    SELECT $1::text UNION SELECT p.go_id FROM kb_go_parents p JOIN sub ON p.parent_go_id = sub.go_id WHERE p.relationship IN ('isa', 'part of'))
  SELECT DISTINCT coalesce(h.symbol, a.symbol) AS symbol FROM kb_go_annotations a JOIN sub ON a.go_id = sub.go_id
    LEFT JOIN kb_hgnc_genes h ON h.entrez_id = a.entrez_id WHERE a.evidence <> 'ND'`;

export async function genesAnnotatedTo(db: Parameters<typeof kbQuery>[0], goId: string): Promise<string[]> {
  const rows = await kbQuery<{ symbol: string }>(db, `${ANNOTATED_GENES_SQL} ORDER BY 1`, [goId]);
  return rows.map((r) => r.symbol);
}

export const goTermGenesTool: Tool<{ go_id?: string; term?: string; genes?: string[] }> = {
  name: 'go_term_genes',
  doc: 'go_term_genes {"go_id": "GO:0006915" or "term": "apoptotic process", "genes": [optional]} — term, number of annotated genes (incl. child terms), and which of the given genes are annotated',
  args: z
    .object({ go_id: z.string().regex(/^GO:\d{7}$/, 'GO ids look like GO:0006915').optional(), term: z.string().min(3).optional(), genes: geneList.optional() })
    .strict()
    .refine((a) => a.go_id || a.term, 'give "go_id" or "term"'),
  async run({ go_id, term, genes }, ctx) {
    const [found] = go_id
      ? await kbQuery(ctx.db, 'SELECT go_id, name, ontology, is_obsolete FROM kb_go_terms WHERE go_id = $1', [go_id])
      : await kbQuery(ctx.db, 'SELECT go_id, name, ontology, is_obsolete FROM kb_go_terms WHERE lower(name) = lower($1) ORDER BY is_obsolete LIMIT 1', [term]);
    if (!found) notFound(`GO term '${go_id ?? term}'`, 'Give an exact GO id or term name.');
    const annotated = await genesAnnotatedTo(ctx.db, found.go_id);
    const head = `${found.go_id} ${found.name} [${found.ontology}]${found.is_obsolete ? ' (obsolete)' : ''}: ${annotated.length} annotated genes`;
    if (!genes) return `${head}; e.g. ${annotated.slice(0, 15).join(', ')}`;
    const set = new Set(annotated.map((s) => s.toUpperCase()));
    const lines = [];
    for (const g of genes) {
      const resolved = await resolveGene(ctx.db, g);
      const symbol = resolved?.symbol ?? g.toUpperCase();
      lines.push(`${g}: ${set.has(symbol.toUpperCase()) ? 'annotated' : 'not annotated'}`);
    }
    return `${head}\n${lines.join('\n')}`;
  },
};

export const geneGoTermsTool: Tool<{ gene: string; aspect?: 'BP' | 'MF' | 'CC' }> = {
  name: 'gene_go_terms',
  doc: 'gene_go_terms {"gene": "TP53", "aspect": "BP"|"MF"|"CC" (optional)} — the gene\'s direct GO annotations (first 20)',
  args: z.object({ gene: z.string().min(1), aspect: z.enum(['BP', 'MF', 'CC']).optional() }).strict(),
  async run({ gene, aspect }, ctx) {
    const resolved = await resolveGene(ctx.db, gene);
    if (!resolved?.entrezId) return unknownGene(ctx.db, gene);
    const rows = await kbQuery(ctx.db,
      `SELECT DISTINCT a.go_id, t.name, a.aspect FROM kb_go_annotations a JOIN kb_go_terms t ON t.go_id = a.go_id
        WHERE a.entrez_id = $1 AND a.evidence <> 'ND' AND ($2::text IS NULL OR a.aspect = $2) ORDER BY a.aspect, t.name`,
      [resolved!.entrezId, aspect ?? null]);
    if (!rows.length) return `${resolved!.symbol}: no GO annotations${aspect ? ` in ${aspect}` : ''}`;
    return `${resolved!.symbol}: ${rows.length} GO annotations${rows.length > 20 ? ' (first 20)' : ''}\n${rows.slice(0, 20).map((r) => `${r.aspect} ${r.go_id} ${r.name}`).join('\n')}`;
  },
};

export const GO_TOOLS: Tool[] = [goTermGenesTool, geneGoTermsTool];
