// GWAS tools: what the 2012 NHGRI catalog reports for given variants.
import { z } from 'zod';
import type { Tool } from '../types';
import { kbQuery } from '../kb/pool';
import { fmtP } from './common';

export const variantAssociationsTool: Tool<{ rsids: string[]; trait?: string }> = {
  name: 'variant_associations',
  doc: 'variant_associations {"rsids": ["rs123", …], "trait": optional text filter} — for each variant, its strongest GWAS Catalog (2012) trait associations with p-values',
  args: z.object({ rsids: z.array(z.string().regex(/^rs\d+$/i, 'rsIDs look like rs12345')).min(1).max(12), trait: z.string().min(2).optional() }).strict(),
  async run({ rsids, trait }, ctx) {
    const ids = rsids.map((r) => r.toLowerCase());
    const rows = await kbQuery(ctx.db,
      `SELECT rsid, trait, min(p_value) AS p, count(*) AS n, min(region) AS region FROM kb_gwas_catalog WHERE rsid = ANY($1) AND ($2::text IS NULL OR trait ILIKE '%' || $2 || '%')
        GROUP BY rsid, trait ORDER BY rsid, p NULLS LAST, trait`, [ids, trait ?? null]);
    return ids
      .map((id) => {
        const hits = rows.filter((r) => r.rsid === id);
        if (!hits.length) return `${id}: no associations in the catalog${trait ? ` matching '${trait}'` : ''}`;
        const shown = hits.slice(0, 3).map((h) => `${h.trait} (p=${fmtP(h.p)})`);
        return `${id} [${hits[0].region ?? '?'}]: ${shown.join('; ')}${hits.length > 3 ? `; +${hits.length - 3} more` : ''}`;
      })
      .join('\n');
  },
};

export const GWAS_TOOLS: Tool[] = [variantAssociationsTool];
