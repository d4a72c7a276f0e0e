// Gene tools: gene info, genes in a region, nearest genes to a variant (GRCh38).
import { z } from 'zod';
import type { Tool } from '../types';
import { kbQuery } from '../kb/pool';
import { LOCATED_GENES_SQL, resolveGene } from '../kb/genes';
import { notFound, unknownGene } from './common';
import { ToolError } from '../types';

const chromArg = z.string().regex(/^(chr)?([1-9]|1\d|2[0-2]|X|Y|MT)$/i, 'chromosome is 1-22, X, Y or MT');
const normChrom = (c: string) => c.replace(/^chr/i, '').toUpperCase();

export const geneInfoTool: Tool<{ gene: string }> = {
  name: 'gene_info',
  doc: 'gene_info {"gene": "TP53"} — symbol, name, ids, cytogenetic band and GRCh38 coordinates (accepts aliases)',
  args: z.object({ gene: z.string().min(1) }).strict(),
  async run({ gene }, ctx) {
    const resolved = await resolveGene(ctx.db, gene);
    if (!resolved) return unknownGene(ctx.db, gene);
    const [info] = await kbQuery(ctx.db,
      `SELECT h.hgnc_id, h.name, h.location, h.ensembl_id, h.prev_symbols, g.gene_type, g.cytoband, g.name AS orghs_name, g.ensembl_ids
         FROM (SELECT $1::int AS entrez_id) k LEFT JOIN kb_hgnc_genes h ON h.entrez_id = k.entrez_id LEFT JOIN kb_genes g ON g.entrez_id = k.entrez_id`,
      [resolved.entrezId]);
    const locations = await kbQuery(ctx.db, 'SELECT chrom, start_pos, end_pos, strand FROM kb_gene_locations WHERE entrez_id = $1 ORDER BY chrom, start_pos', [resolved.entrezId]);
    const lines = [
      `${resolved.symbol}${resolved.matchedBy.endsWith('symbol') ? '' : ` (matched '${gene}' as ${resolved.matchedBy.replace('_', ' ')})`}: ${info?.name ?? info?.orghs_name ?? '?'}`,
      `ids: Entrez ${resolved.entrezId ?? 'NA'}; ${info?.hgnc_id ?? 'no HGNC id'}; Ensembl ${info?.ensembl_id ?? info?.ensembl_ids ?? 'NA'}; type ${info?.gene_type ?? 'NA'}`,
      `cytoband: ${info?.cytoband || info?.location || 'NA'}`,
      `GRCh38: ${locations.map((l) => `${l.chrom}:${l.start_pos}-${l.end_pos} (${l.strand})`).join(', ') || 'no coordinates'}`,
    ];
    if (info?.prev_symbols) lines.push(`previous symbols: ${info.prev_symbols.split('|').slice(0, 5).join(', ')}`);
    return lines.join('\n');
  },
};

/** One fact, one line: for tasks (and models) that need the band and nothing else. */
export const geneBandTool: Tool<{ gene: string }> = {
  name: 'gene_band',
  doc: 'gene_band {"gene": "TP53"} — the cytogenetic band of a human gene (accepts aliases)',
  args: z.object({ gene: z.string().min(1) }).strict(),
  async run({ gene }, ctx) {
    const resolved = await resolveGene(ctx.db, gene);
    if (!resolved) return unknownGene(ctx.db, gene);
    const [info] = await kbQuery(ctx.db,
      `SELECT h.location, g.cytoband FROM (SELECT $1::int AS entrez_id) k
         LEFT JOIN kb_hgnc_genes h ON h.entrez_id = k.entrez_id LEFT JOIN kb_genes g ON g.entrez_id = k.entrez_id`,
      [resolved.entrezId]);
    const matched = resolved.matchedBy.endsWith('symbol') ? '' : ` (matched '${gene}' as ${resolved.matchedBy.replace('_', ' ')})`;
    return `${resolved.symbol}${matched} cytoband: ${info?.cytoband || info?.location || 'NA'}`;
  },
};

export const genesInRegionTool: Tool<{ chrom: string; start: number; end: number }> = {
  name: 'genes_in_region',
  doc: 'genes_in_region {"chrom": "17", "start": 43000000, "end": 43200000} — genes overlapping a GRCh38 region (max 5 Mb, first 30)',
  args: z.object({ chrom: chromArg, start: z.number().int().min(1), end: z.number().int().min(1) }).strict(),
  async run({ chrom, start, end }, ctx) {
    if (end < start) throw new ToolError('end must be ≥ start', 'permanent');
    if (end - start > 5_000_000) throw new ToolError('region is larger than 5 Mb; narrow it', 'permanent');
    const rows = await kbQuery(ctx.db, `${LOCATED_GENES_SQL} WHERE l.chrom = $1 AND l.start_pos <= $3 AND l.end_pos >= $2 ORDER BY l.start_pos, symbol`,
      [normChrom(chrom), start, end]);
    if (!rows.length) return `No genes overlap ${normChrom(chrom)}:${start}-${end}.`;
    const shown = rows.slice(0, 30).map((r) => `${r.symbol}${r.gene_type === 'protein-coding' ? '' : ` [${r.gene_type}]`} ${r.start_pos}-${r.end_pos}`);
    return `${rows.length} genes in ${normChrom(chrom)}:${start}-${end}${rows.length > 30 ? ' (first 30)' : ''}:\n${shown.join('\n')}`;
  },
};

export const variantNearestGenesTool: Tool<{ variant: string; top_k?: number; all_types?: boolean }> = {
  name: 'variant_nearest_genes',
  doc: 'variant_nearest_genes {"variant": "16:81230992" or "rs6564851", "top_k": 5} — nearest protein-coding genes to a GRCh38 position, with distance (0 = inside the gene)',
  args: z.object({ variant: z.string().min(3), top_k: z.number().int().min(1).max(15).optional(), all_types: z.boolean().optional() }).strict(),
  async run({ variant, top_k = 5, all_types = false }, ctx) {
    let chrom: string;
    let position: number;
    const located = /^(?:chr)?([0-9]{1,2}|X|Y|MT)[:_](\d+)/i.exec(variant.trim());
    if (located) {
      chrom = normChrom(located[1]);
      position = Number(located[2]);
    } else if (/^rs\d+$/i.test(variant.trim())) {
      const [hit] = await kbQuery(ctx.db, 'SELECT chrom, pos38 FROM kb_gwas_gold WHERE rsid = $1 AND pos38 IS NOT NULL LIMIT 1', [variant.trim().toLowerCase()]);
      if (!hit) notFound(`GRCh38 position of ${variant}`, 'Give the position as "chrom:position" (GRCh38).');
      chrom = hit.chrom;
      position = hit.pos38;
    } else {
      throw new ToolError('variant must be "chrom:position" (GRCh38) or an rsID', 'permanent');
    }
    const rows = await kbQuery(ctx.db,
      `SELECT symbol, gene_type, CASE WHEN $2 BETWEEN start_pos AND end_pos THEN 0 ELSE least(abs(start_pos - $2), abs(end_pos - $2)) END AS distance
         FROM (${LOCATED_GENES_SQL} WHERE l.chrom = $1 AND l.start_pos <= $2 + 1000000 AND l.end_pos >= $2 - 1000000) g
        WHERE $3 OR gene_type = 'protein-coding' ORDER BY distance, symbol LIMIT $4`,
      [chrom, position, all_types, top_k]);
    if (!rows.length) return `No genes within 1 Mb of ${chrom}:${position}.`;
    return `Nearest genes to ${chrom}:${position} (GRCh38):\n${rows.map((r, i) => `${i + 1}. ${r.symbol} ${r.distance === 0 ? 'inside' : `${Math.round(r.distance / 100) / 10} kb`}`).join('\n')}`;
  },
};

export const GENE_TOOLS: Tool[] = [geneInfoTool, geneBandTool, genesInRegionTool, variantNearestGenesTool];
