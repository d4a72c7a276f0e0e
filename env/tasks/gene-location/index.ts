// gene_location: "What is the cytogenetic location of the human gene EIF3C?", answered with the
// band itself (16p11.2), exactly. One gene_band call, then its band copied into the answer: the
// smallest real tool-use task, which the small built-in model learns within the demo's budget on
// two CPU cores. Free answer rather than lettered options, so guessing scores nothing and the
// reward measures the lookup. Splits are by gene, as database_qa's location questions.
import type { ChatMessage } from '../../../policy/backend';
import type { Expert, GenerateOptions, Task, TaskType } from '../../types';
import { hashSeed, seededRandom } from '../../random';
import { shuffled, splitOf } from '../../splits';
import { solutionMessage, toolCallMessage } from '../../agent-format';
import { kbQuery } from '../../kb/pool';
import { geneBandTool } from '../../tools/genes';
import { singleAnswer } from '../../scoring';
import { drawSlips, lastGoodObservation, malformedMessage, promptOf } from '../expert-kit';

const NAME = 'gene_location';
/** Bands as org.Hs.eg.db writes them: chromosome, arm, region and optional sub-band (16p11.2). */
const BAND = /^[0-9XY]+[pq][0-9.]+$/;

export interface GeneLocationAnswer {
  symbol: string;
  band: string;
}

async function generate({ seed, count, split, ctx }: GenerateOptions): Promise<Task[]> {
  const genes = await kbQuery<{ symbol: string; cytoband: string }>(ctx.db,
    `SELECT h.symbol, g.cytoband FROM kb_genes g JOIN kb_hgnc_genes h ON h.entrez_id = g.entrez_id
      WHERE g.gene_type = 'protein-coding' AND g.cytoband ~ '^[0-9XY]+[pq][0-9.]+$' ORDER BY h.symbol`);
  const pool = shuffled(genes.filter((g) => splitOf(`gene:${g.symbol}`) === split), seededRandom(hashSeed(NAME, split, seed)));
  return pool.slice(0, count).map((gene) => ({
    id: `${NAME}-${split}-${gene.symbol}-${seed}`,
    taskType: NAME,
    split,
    prompt: `What is the cytogenetic location of the human gene ${gene.symbol}? Answer with the band, e.g. <solution>17q21.31</solution>.`,
    answer: { symbol: gene.symbol, band: gene.cytoband } satisfies GeneLocationAnswer,
    meta: { entity: `gene:${gene.symbol}`, kind: 'gene_location' },
  }));
}

/** 1 when the answer is the gene's band (case, spaces and a trailing full stop aside). */
export function scoreBand(answer: string, task: Task): number {
  return singleAnswer(answer) === (task.answer as GeneLocationAnswer).band.toUpperCase() ? 1 : 0;
}

/** A nearby band that is wrong: the sub-band dropped or changed, the way a misreading goes. */
function misread(band: string, random: () => number): string {
  const last = band.at(-1) ?? '1';
  return /\d/.test(last) && random() < 0.5 ? band.slice(0, -1) + String((Number(last) + 1) % 10) : `${band}1`;
}

/** The symbol with one character changed, the way a hurried copy goes (KIAA0232 → KIAA0832). */
function miscopied(symbol: string, random: () => number): string {
  const at = Math.floor(random() * symbol.length);
  const alphabet = /\d/.test(symbol[at] ?? '') ? '0123456789' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const others = alphabet.replace(symbol[at] ?? '', '');
  return symbol.slice(0, at) + others[Math.floor(random() * others.length)] + symbol.slice(at + 1);
}

/**
 * Genes whose symbol has at most this many characters stand for the well-studied ones (TP53, MYC,
 * BRCA1) a frontier LLM may answer without a tool. The student cannot know bands by heart:
 * imitating such an answer teaches it to guess, which RL has to unlearn.
 */
export const RECALLED_SYMBOL_MAX_LENGTH = 5;

/** The symbol the task's question asks about. */
function askedGene(transcript: ChatMessage[]): string {
  return /location of the human gene (\S+)\?/.exec(promptOf(transcript))?.[1] ?? '';
}

/** The expert's answer: the band, or a misreading of it on a slip (or when the band is unreadable). */
function bandAnswer(gene: string, band: string, slip: boolean, random: () => number): string {
  const answer = slip || !BAND.test(band) ? misread(band || '1p1', random) : band;
  return solutionMessage(`${gene} is at ${answer}.`, answer);
}

export const geneLocationExpert: Expert = {
  nextMessage(transcript: ChatMessage[], random: () => number, noise: number): string {
    const { malformed, slip } = drawSlips(random, noise);
    if (malformed) return malformedMessage(random);
    const gene = askedGene(transcript);
    const observation = lastGoodObservation(transcript);
    // A slip here is a miscopied symbol: the tool refuses it, and the expert tries again.
    if (!observation) return toolCallMessage(`Look up ${gene}.`, 'gene_band', { gene: slip ? miscopied(gene, random) : gene });
    return bandAnswer(gene, /cytoband: (\S+)/.exec(observation)?.[1] ?? '', slip, random);
  },

  async recall(transcript, random, noise, ctx) {
    const gene = askedGene(transcript);
    if (!gene || gene.length > RECALLED_SYMBOL_MAX_LENGTH) return undefined;
    // Memory stands in as the knowledge base, read without a tool call.
    const [known] = await kbQuery<{ cytoband: string }>(ctx.db,
      `SELECT g.cytoband FROM kb_genes g JOIN kb_hgnc_genes h ON h.entrez_id = g.entrez_id WHERE h.symbol = $1`, [gene]);
    if (!known || !BAND.test(known.cytoband)) return undefined;
    const { malformed, slip } = drawSlips(random, noise);
    if (malformed) return malformedMessage(random);
    return bandAnswer(gene, known.cytoband, slip, random);
  },
};

export const geneLocation: TaskType = {
  name: NAME,
  description: 'Give the cytogenetic band of a human gene, looked up with the tool.',
  tools: [geneBandTool],
  datasets: ['orghs', 'hgnc'],
  generate,
  score: scoreBand,
  expert: geneLocationExpert,
};
