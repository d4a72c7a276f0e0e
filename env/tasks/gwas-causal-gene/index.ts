// gwas_causal_gene (Biomni-Eval1): a GWAS trait, its lead variant and the genes in the locus →
// the causal gene, from the Open Targets gold standards. The KB offers positional evidence
// (nearest genes), so tasks are drawn from loci where the gold gene is the unique nearest
// protein-coding gene to the sentinel; splits are by causal gene.
import type { ChatMessage } from '../../../policy/backend';
import type { Db } from '../../../db/client';
import type { Expert, GenerateOptions, Task, TaskType } from '../../types';
import { hashSeed, seededRandom } from '../../random';
import { shuffled, splitOf } from '../../splits';
import { singleAnswer } from '../../scoring';
import { solutionMessage, toolCallMessage } from '../../agent-format';
import { kbQuery } from '../../kb/pool';
import { geneInfoTool, genesInRegionTool, variantNearestGenesTool } from '../../tools/genes';
import { drawSlips, lastGoodObservation, linesAfter, malformedMessage, promptOf } from '../expert-kit';

const NAME = 'gwas_causal_gene';
const WINDOW = 500_000;

interface Locus {
  gold: string;
  trait: string;
  chrom: string;
  pos38: number;
  rsid: string | null;
  genes: string[];
  distances: number[];
}

const lociCache = new WeakMap<Db, Promise<Locus[]>>();

function loci(db: Db | undefined): Promise<Locus[]> {
  const load = () =>
    kbQuery<Locus>(db,
      `SELECT DISTINCT ON (h.symbol) h.symbol AS gold, g.trait, g.chrom, g.pos38, g.rsid, c.genes, c.distances
         FROM kb_gwas_gold g JOIN kb_hgnc_genes h ON h.ensembl_id = g.gene_ensembl
         CROSS JOIN LATERAL (
           SELECT array_agg(symbol ORDER BY distance, symbol) AS genes, array_agg(distance ORDER BY distance, symbol) AS distances FROM (
             SELECT coalesce(hh.symbol, l.symbol) AS symbol,
                    min(CASE WHEN g.pos38 BETWEEN l.start_pos AND l.end_pos THEN 0 ELSE least(abs(l.start_pos - g.pos38), abs(l.end_pos - g.pos38)) END) AS distance
               FROM kb_gene_locations l LEFT JOIN kb_hgnc_genes hh ON hh.entrez_id = l.entrez_id
              WHERE l.chrom = g.chrom AND l.gene_type = 'protein-coding' AND l.start_pos <= g.pos38 + ${WINDOW} AND l.end_pos >= g.pos38 - ${WINDOW}
              GROUP BY 1) x) c
        WHERE g.source = 'gwas_gold_standards.191108' AND g.pos38 IS NOT NULL AND g.trait <> ''
        ORDER BY h.symbol, g.confidence = 'High' DESC, g.id`);
  if (!db) return load();
  let cached = lociCache.get(db);
  if (!cached) {
    cached = load();
    lociCache.set(db, cached);
  }
  return cached;
}

export async function generateGwasCausalGeneTasks({ seed, count, split, ctx }: GenerateOptions): Promise<Task[]> {
  const eligible = (await loci(ctx.db)).filter(
    (l) => l.genes && l.genes.length >= 3 && l.genes[0] === l.gold && l.distances[1] > l.distances[0] && splitOf(`gene:${l.gold}`) === split,
  );
  return shuffled(eligible, seededRandom(hashSeed(NAME, split, seed)))
    .slice(0, count)
    .map((l) => {
      const genes = l.genes.slice(0, 12).sort();
      return {
        id: `${NAME}-${split}-${l.gold}-${seed}`,
        taskType: NAME,
        split,
        prompt: [
          'Your task is to identify likely causal genes within a locus for a given GWAS phenotype. From the list, provide the likely causal gene.',
          `GWAS phenotype: ${l.trait}`,
          `Lead variant: ${l.chrom}:${l.pos38} (GRCh38)${l.rsid ? ` ${l.rsid}` : ''}`,
          `Genes in locus: ${genes.map((g) => `{${g}}`).join(',')}`,
          'Output format: the gene symbol only.',
        ].join('\n'),
        answer: { gene: l.gold },
        meta: { entity: `gene:${l.gold}`, trait: l.trait, variant: `${l.chrom}:${l.pos38}`, candidateGenes: genes },
      } satisfies Task;
    });
}

/** Eval1 rule: the gene symbol, case-insensitive, in bare, JSON or dict form. */
export function scoreGwasCausalGene(answer: string, task: Task): number {
  return singleAnswer(answer, ['causal_gene', 'gene', 'answer']) === (task.answer as { gene: string }).gene.toUpperCase() ? 1 : 0;
}

export const gwasCausalGeneExpert: Expert = {
  nextMessage(transcript: ChatMessage[], random: () => number, noise: number): string {
    const { malformed, slip } = drawSlips(random, noise);
    if (malformed) return malformedMessage(random);
    const prompt = promptOf(transcript);
    const variant = (linesAfter(prompt, 'Lead variant') ?? '').split(' ')[0];
    const candidates = new Set([...(linesAfter(prompt, 'Genes in locus') ?? '').matchAll(/\{([^}]+)\}/g)].map((m) => m[1].toUpperCase()));
    const observation = lastGoodObservation(transcript);
    const nearest = observation ? [...observation.matchAll(/^\d+\. (\S+) /gm)].map((m) => m[1]).filter((g) => candidates.has(g.toUpperCase())) : [];
    if (!nearest.length) {
      // A slip shifts the position by 300 kb: the wrong neighbourhood.
      const [chrom, pos] = variant.split(':');
      const asked = slip ? `${chrom}:${Number(pos) + 300_000}` : variant;
      return toolCallMessage('The nearest gene to the lead variant is the best positional candidate.', 'variant_nearest_genes', { variant: asked, top_k: 5 });
    }
    return solutionMessage(`${nearest[0]} is closest to the lead variant.`, nearest[0]);
  },
};

export const gwasCausalGene: TaskType = {
  name: NAME,
  description: 'Pick the likely causal gene at a GWAS locus from the genes listed; answer the gene symbol.',
  tools: [variantNearestGenesTool, genesInRegionTool, geneInfoTool],
  datasets: ['gwas_gold_standards', 'hgnc', 'orghs'],
  generate: generateGwasCausalGeneTasks,
  score: scoreGwasCausalGene,
  expert: gwasCausalGeneExpert,
};
