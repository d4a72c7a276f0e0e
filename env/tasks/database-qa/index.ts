// database_qa (Lab-Bench DbQA style): multiple-choice questions answered from gene databases —
// a gene's cytogenetic location (org.Hs.eg.db) or which gene carries a GO annotation (GO via
// org.Hs.eg.db / GO.db). Answer: one letter. Splits are by gene (location) or GO term.
import type { ChatMessage } from '../../../policy/backend';
import type { Expert, GenerateOptions, Task, TaskType } from '../../types';
import { hashSeed, seededRandom } from '../../random';
import { shuffled, splitOf } from '../../splits';
import { solutionMessage, toolCallMessage } from '../../agent-format';
import { kbQuery } from '../../kb/pool';
import { geneInfoTool } from '../../tools/genes';
import { geneGoTermsTool, genesAnnotatedTo, goTermGenesTool } from '../../tools/go';
import { drawSlips, lastGoodObservation, malformedMessage, promptOf } from '../expert-kit';
import { LETTER_INSTRUCTION, LETTERS, layoutOptions, optionsOf, scoreLetter } from '../multiple-choice';

const NAME = 'database_qa';

export type DatabaseQaKind = 'gene_location' | 'go_annotation';

export function generateDatabaseQaTasks(options: GenerateOptions): Promise<Task[]> {
  return generateTasksOfKinds(NAME, ['gene_location', 'go_annotation'], options);
}

/** Half location, half GO questions when both kinds are asked for; `name` prefixes ids and tags the tasks. */
export async function generateTasksOfKinds(name: string, kinds: readonly DatabaseQaKind[], { seed, count, split, ctx }: GenerateOptions): Promise<Task[]> {
  const genes = await kbQuery<{ symbol: string; cytoband: string }>(ctx.db,
    `SELECT h.symbol, g.cytoband FROM kb_genes g JOIN kb_hgnc_genes h ON h.entrez_id = g.entrez_id
      WHERE g.gene_type = 'protein-coding' AND g.cytoband ~ '^[0-9XY]+[pq][0-9.]+$' ORDER BY h.symbol`);
  const terms = !kinds.includes('go_annotation') ? [] : await kbQuery<{ go_id: string; name: string; genes: string[] }>(ctx.db,
    `SELECT a.go_id, t.name, array_agg(DISTINCT h.symbol ORDER BY h.symbol) AS genes FROM kb_go_annotations a
       JOIN kb_go_terms t ON t.go_id = a.go_id JOIN kb_hgnc_genes h ON h.entrez_id = a.entrez_id
      WHERE a.aspect = 'BP' AND a.evidence NOT IN ('ND', 'IEA') AND NOT t.is_obsolete
      GROUP BY a.go_id, t.name HAVING count(DISTINCT h.symbol) BETWEEN 5 AND 30 ORDER BY a.go_id`);
  const bands = [...new Set(genes.map((g) => g.cytoband))].sort();
  const allSymbols = genes.map((g) => g.symbol);
  const locationPool = shuffled(genes.filter((g) => splitOf(`gene:${g.symbol}`) === split), seededRandom(hashSeed(name, 'loc', split, seed)));
  const goPool = shuffled(terms.filter((t) => splitOf(`go:${t.go_id}`) === split), seededRandom(hashSeed(name, 'go', split, seed)));
  const tasks: Task[] = [];
  for (let i = 0; tasks.length < count && (i < locationPool.length || i < goPool.length); i++) {
    const random = seededRandom(hashSeed(name, seed, split, i));
    const goDraw = random() < 0.5;
    const wantGo = kinds.includes('go_annotation') && (goDraw || !kinds.includes('gene_location')) ? goPool[i] : undefined;
    if (wantGo) {
      const annotated = new Set(await genesAnnotatedTo(ctx.db, wantGo.go_id));
      const correct = wantGo.genes[Math.floor(random() * wantGo.genes.length)];
      const distractors: string[] = [];
      while (distractors.length < 3) {
        const g = allSymbols[Math.floor(random() * allSymbols.length)];
        if (!annotated.has(g) && !distractors.includes(g) && g !== correct) distractors.push(g);
      }
      const { options, answer } = layoutOptions(correct, distractors, random);
      tasks.push({
        id: `${name}-${split}-${wantGo.go_id.replace(':', '_')}-${seed}`,
        taskType: name,
        split,
        prompt: [`Question: Which of the following human genes is annotated with the GO biological process "${wantGo.name}" (${wantGo.go_id})?`, ...options, LETTER_INSTRUCTION].join('\n'),
        answer,
        meta: { entity: `go:${wantGo.go_id}`, kind: 'go_annotation' },
      });
      continue;
    }
    const gene = kinds.includes('gene_location') ? locationPool[i] : undefined;
    if (!gene) continue;
    const distractors: string[] = [];
    while (distractors.length < 3) {
      const b = bands[Math.floor(random() * bands.length)];
      if (b !== gene.cytoband && !distractors.includes(b)) distractors.push(b);
    }
    const { options, answer } = layoutOptions(gene.cytoband, distractors, random);
    tasks.push({
      id: `${name}-${split}-${gene.symbol}-${seed}`,
      taskType: name,
      split,
      prompt: [`Question: What is the cytogenetic location of the human gene ${gene.symbol}?`, ...options, LETTER_INSTRUCTION].join('\n'),
      answer,
      meta: { entity: `gene:${gene.symbol}`, kind: 'gene_location' },
    });
  }
  return tasks;
}

export const databaseQaExpert: Expert = {
  nextMessage(transcript: ChatMessage[], random: () => number, noise: number): string {
    const { malformed, slip } = drawSlips(random, noise);
    if (malformed) return malformedMessage(random);
    const prompt = promptOf(transcript);
    const options = optionsOf(prompt);
    const observation = lastGoodObservation(transcript);
    const wrongLetter = (right: string) => [...options.keys()].find((l) => l !== right) ?? right;
    const goId = /\((GO:\d{7})\)\?/.exec(prompt)?.[1];
    if (goId) {
      if (!observation) return toolCallMessage('Check which options carry the annotation.', 'go_term_genes', { go_id: goId, genes: [...options.values()] });
      const annotated = /^(\S+): annotated$/m.exec(observation)?.[1];
      const letter = [...options].find(([, v]) => v === annotated)?.[0] ?? 'A';
      return solutionMessage(`${annotated} is annotated with ${goId}.`, slip ? wrongLetter(letter) : letter);
    }
    const gene = /cytogenetic location of the human gene (\S+)\?/.exec(prompt)?.[1] ?? '';
    if (!observation) return toolCallMessage(`Look up ${gene}.`, 'gene_info', { gene });
    const band = /^cytoband: (\S+)/m.exec(observation)?.[1];
    const letter = [...options].find(([, v]) => v === band)?.[0] ?? LETTERS[0];
    return solutionMessage(`${gene} is at ${band}.`, slip ? wrongLetter(letter) : letter);
  },
};

export const databaseQa: TaskType = {
  name: NAME,
  description: 'Answer multiple-choice questions about genes (location, GO annotations) from the databases; answer one letter.',
  tools: [geneInfoTool, goTermGenesTool, geneGoTermsTool],
  datasets: ['orghs', 'go', 'hgnc'],
  generate: generateDatabaseQaTasks,
  score: scoreLetter,
  expert: databaseQaExpert,
};
