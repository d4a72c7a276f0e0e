// gwas_variant_prioritization (Biomni-Eval1): a GWAS trait and candidate variants → the variant with
// the strongest reported association to that trait (2012 NHGRI GWAS Catalog). The list holds the
// top variant, up to two weaker variants of the same trait and decoys from other traits; splits
// are by trait.
import type { ChatMessage } from '../../../policy/backend';
import type { Expert, GenerateOptions, Task, TaskType } from '../../types';
import { hashSeed, seededRandom } from '../../random';
import { shuffled, splitOf } from '../../splits';
import { singleAnswer } from '../../scoring';
import { solutionMessage, toolCallMessage } from '../../agent-format';
import { kbQuery } from '../../kb/pool';
import { variantAssociationsTool } from '../../tools/gwas';
import { drawSlips, lastGoodObservation, linesAfter, listAfter, malformedMessage, promptOf } from '../expert-kit';

const NAME = 'gwas_variant_prioritization';

export async function generateVariantTasks({ seed, count, split, ctx }: GenerateOptions): Promise<Task[]> {
  const rows = await kbQuery<{ trait: string; rsids: string[]; ps: number[] }>(ctx.db,
    `SELECT trait, array_agg(rsid ORDER BY p, rsid) AS rsids, array_agg(p ORDER BY p, rsid) AS ps FROM (
       SELECT trait, rsid, min(p_value) AS p FROM kb_gwas_catalog WHERE p_value IS NOT NULL AND p_value > 0 GROUP BY trait, rsid) x
      GROUP BY trait HAVING count(*) >= 2 ORDER BY trait`);
  const allVariants = await kbQuery<{ rsid: string; traits: string[] }>(ctx.db,
    'SELECT rsid, array_agg(DISTINCT lower(trait)) AS traits FROM kb_gwas_catalog GROUP BY rsid ORDER BY rsid');
  // The top variant must beat the runner-up clearly (tenfold), so the answer is unambiguous.
  const eligible = rows.filter((r) => splitOf(`trait:${r.trait.toLowerCase()}`) === split && r.ps[1] / r.ps[0] >= 10);
  const tasks: Task[] = [];
  for (const row of shuffled(eligible, seededRandom(hashSeed(NAME, split, seed))).slice(0, count)) {
    const random = seededRandom(hashSeed(NAME, seed, row.trait));
    const sameTrait = row.rsids.slice(1, 3);
    const decoys: string[] = [];
    while (decoys.length < 5 - 1 - sameTrait.length) {
      const v = allVariants[Math.floor(random() * allVariants.length)];
      if (!v.traits.includes(row.trait.toLowerCase()) && !decoys.includes(v.rsid) && !row.rsids.includes(v.rsid)) decoys.push(v.rsid);
    }
    const variants = shuffled([row.rsids[0], ...sameTrait, ...decoys], random);
    tasks.push({
      id: `${NAME}-${split}-${hashSeed(row.trait).toString(36)}-${seed}`,
      taskType: NAME,
      split,
      prompt: [
        'Your task is to identify the most promising variant associated with a given GWAS phenotype for further examination. From the list, prioritize the top associated variant (matching one of the given variants).',
        `GWAS phenotype: ${row.trait}`,
        `Variants: ${variants.join(', ')}`,
        'Output format: the variant id only (e.g. rs123).',
      ].join('\n'),
      answer: { rsid: row.rsids[0] },
      meta: { entity: `trait:${row.trait.toLowerCase()}`, variants },
    });
  }
  return tasks;
}

export function scoreVariant(answer: string, task: Task): number {
  return singleAnswer(answer, ['variant', 'rsid', 'answer']) === (task.answer as { rsid: string }).rsid.toUpperCase() ? 1 : 0;
}

export const variantExpert: Expert = {
  nextMessage(transcript: ChatMessage[], random: () => number, noise: number): string {
    const { malformed, slip } = drawSlips(random, noise);
    if (malformed) return malformedMessage(random);
    const prompt = promptOf(transcript);
    const trait = linesAfter(prompt, 'GWAS phenotype') ?? '';
    const variants = listAfter(prompt, 'Variants');
    const observation = lastGoodObservation(transcript);
    if (!observation) {
      return toolCallMessage('Look up what each variant is associated with.', 'variant_associations', { rsids: slip ? variants.slice(1) : variants, trait });
    }
    const hits: Array<{ rsid: string; p: number }> = [];
    for (const line of observation.split('\n')) {
      const rsid = /^(rs\d+)/.exec(line)?.[1];
      if (!rsid) continue;
      for (const m of line.matchAll(/([^;:\]]+?) \(p=([0-9.E+-]+)\)/g)) {
        if (m[1].trim().toLowerCase() === trait.toLowerCase()) hits.push({ rsid, p: Number(m[2]) });
      }
    }
    hits.sort((a, b) => a.p - b.p);
    const pick = (slip && hits.length > 1 ? hits[1] : hits[0])?.rsid ?? variants[0];
    return solutionMessage(`${pick} has the strongest association with ${trait}.`, pick);
  },
};

export const gwasVariantPrioritization: TaskType = {
  name: NAME,
  description: 'Pick the variant most strongly associated with a GWAS phenotype from a list; answer the rsID.',
  tools: [variantAssociationsTool],
  datasets: ['gwas_catalog_2012'],
  generate: generateVariantTasks,
  score: scoreVariant,
  expert: variantExpert,
};
