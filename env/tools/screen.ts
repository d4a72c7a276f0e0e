// CRISPR screen tool: gene-level dropout in the HAP1 TKOv3 knockout screen.
import { z } from 'zod';
import type { Tool } from '../types';
import { kbQuery } from '../kb/pool';
import { geneList } from './common';

export const screenGeneScoresTool: Tool<{ genes: string[] }> = {
  name: 'screen_gene_scores',
  doc: 'screen_gene_scores {"genes": ["GENE", …]} — HAP1 CRISPR screen: mean guide log2 fold change T18 vs T0 (negative = depleted) and depletion rank',
  args: z.object({ genes: geneList }).strict(),
  async run({ genes }, ctx) {
    const wanted = genes.map((g) => g.trim().toUpperCase());
    const [total] = await kbQuery(ctx.db, 'SELECT count(*)::int AS n FROM kb_screen_genes');
    // The screen uses 2018 symbols; also accept current HGNC symbols via previous symbols/aliases.
    const rows = await kbQuery(ctx.db,
      `SELECT q.name, s.gene, s.mean_lfc, s.n_guides, s.depletion_rank FROM unnest($1::text[]) AS q(name)
         LEFT JOIN LATERAL (
           SELECT s.* FROM kb_screen_genes s WHERE upper(s.gene) = q.name
           UNION ALL
           SELECT s.* FROM kb_gene_aliases a JOIN kb_screen_genes s ON upper(s.gene) = a.alias
            WHERE a.symbol = (SELECT symbol FROM kb_gene_aliases WHERE alias = q.name ORDER BY kind LIMIT 1)
           LIMIT 1) s ON true`, [wanted]);
    return rows
      .map((r) => (r.gene
        ? `${r.name}${r.gene.toUpperCase() !== r.name ? ` (screen symbol ${r.gene})` : ''}: LFC ${Number(r.mean_lfc).toFixed(2)} (${r.n_guides} guides), rank ${r.depletion_rank}/${total.n}`
        : `${r.name}: not in the screen`))
      .join('\n');
  },
};

export const SCREEN_TOOLS: Tool[] = [screenGeneScoresTool];
