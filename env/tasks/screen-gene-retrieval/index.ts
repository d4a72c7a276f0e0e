// screen_gene_retrieval (Biomni-Eval1 style): from candidate genes, the hit of a real genome-wide
// CRISPR knockout screen (HAP1, TKOv3). The hit is a CEGv2 core-essential gene that drops out
// strongly; the others are NEGv1 non-essential genes that do not. Splits are by gene.
import type { ChatMessage } from '../../../policy/backend';
import type { Expert, GenerateOptions, Task, TaskType } from '../../types';
import { hashSeed, seededRandom } from '../../random';
import { shuffled, splitOf } from '../../splits';
import { singleAnswer } from '../../scoring';
import { solutionMessage, toolCallMessage } from '../../agent-format';
import { kbQuery } from '../../kb/pool';
import { screenGeneScoresTool } from '../../tools/screen';
import { geneInfoTool } from '../../tools/genes';
import { drawSlips, lastGoodObservation, listAfter, malformedMessage, promptOf } from '../expert-kit';

const NAME = 'screen_gene_retrieval';
const DECOYS = 4;

export async function generateScreenTasks({ seed, count, split, ctx }: GenerateOptions): Promise<Task[]> {
  const genes = await kbQuery<{ gene: string; mean_lfc: number; reference_set: string; current: string | null }>(ctx.db,
    `SELECT s.gene, s.mean_lfc, s.reference_set,
            (SELECT a.symbol FROM kb_gene_aliases a WHERE a.alias = upper(s.gene) AND a.dataset = 'hgnc' ORDER BY a.kind = 'hgnc_symbol' DESC, a.kind LIMIT 1) AS current
       FROM kb_screen_genes s WHERE (s.reference_set = 'CEGv2' AND s.mean_lfc < -2) OR (s.reference_set = 'NEGv1' AND s.mean_lfc > -0.5)
      ORDER BY s.gene`);
  const inSplit = genes.filter((g) => splitOf(`gene:${(g.current ?? g.gene).toUpperCase()}`) === split);
  const hits = inSplit.filter((g) => g.reference_set === 'CEGv2');
  const negatives = inSplit.filter((g) => g.reference_set === 'NEGv1');
  const tasks: Task[] = [];
  for (const hit of shuffled(hits, seededRandom(hashSeed(NAME, split, seed))).slice(0, count)) {
    const random = seededRandom(hashSeed(NAME, seed, hit.gene));
    const decoys = shuffled(negatives, random).slice(0, DECOYS);
    const candidates = shuffled([hit, ...decoys], random).map((g) => g.gene);
    tasks.push({
      id: `${NAME}-${split}-${hit.gene}-${seed}`,
      taskType: NAME,
      split,
      prompt: [
        'A genome-wide CRISPR knockout screen (TKOv3 library) was performed in HAP1 cells; guide abundance was measured at T0 and after 18 days (T18).',
        'Your task is to identify, from the candidate genes, the gene whose knockout most strongly reduces cell fitness (the strongest dropout hit).',
        `Candidate genes: ${candidates.join(', ')}`,
        'Output format: the gene symbol only.',
      ].join('\n'),
      answer: { gene: hit.gene, accepted: [...new Set([hit.gene, hit.current ?? hit.gene].map((s) => s.toUpperCase()))] },
      meta: { entity: `gene:${(hit.current ?? hit.gene).toUpperCase()}`, candidates },
    });
  }
  return tasks;
}

/** The screen's symbol or its current HGNC symbol (AARS or AARS1), case-insensitive. */
export function scoreScreen(answer: string, task: Task): number {
  return (task.answer as { accepted: string[] }).accepted.includes(singleAnswer(answer, ['gene', 'answer', 'hit'])) ? 1 : 0;
}

export const screenExpert: Expert = {
  nextMessage(transcript: ChatMessage[], random: () => number, noise: number): string {
    const { malformed, slip } = drawSlips(random, noise);
    if (malformed) return malformedMessage(random);
    const candidates = listAfter(promptOf(transcript), 'Candidate genes');
    const observation = lastGoodObservation(transcript);
    const scores = observation ? [...observation.matchAll(/^(\S+)(?: \(screen symbol \S+\))?: LFC (-?[\d.]+)/gm)].map((m) => ({ gene: m[1], lfc: Number(m[2]) })) : [];
    if (!scores.length) return toolCallMessage('Compare the screen dropout of the candidates.', 'screen_gene_scores', { genes: candidates });
    scores.sort((a, b) => a.lfc - b.lfc);
    // A slip misreads the sign and picks the most enriched gene.
    const pick = slip ? scores[scores.length - 1].gene : scores[0].gene;
    return solutionMessage(`${pick} has the most negative fold change.`, pick);
  },
};

export const screenGeneRetrieval: TaskType = {
  name: NAME,
  description: 'Identify the strongest dropout hit of a CRISPR knockout screen among candidate genes; answer the gene symbol.',
  tools: [screenGeneScoresTool, geneInfoTool],
  datasets: ['bagel', 'hgnc'],
  generate: generateScreenTasks,
  score: scoreScreen,
  expert: screenExpert,
};
