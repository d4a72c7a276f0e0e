// patient_gene_detection (Biomni-Eval1): patient phenotypes + candidate genes → the causal gene(s).
// Scored right when any predicted gene is in the causal set. Patients come from single-gene OMIM
// diseases; splits are by causal gene. Only tasks the gene-phenotype ranking can solve are kept.
import type { ChatMessage } from '../../../policy/backend';
import type { Expert, GenerateOptions, Task, TaskType } from '../../types';
import { hashSeed, seededRandom } from '../../random';
import { shuffled, splitOf } from '../../splits';
import { listAnswer } from '../../scoring';
import { solutionMessage, toolCallMessage } from '../../agent-format';
import { phenotypeIndex, rankGenes } from '../../kb/phenotype-index';
import { genesForPhenotypesTool, hpoTermTool } from '../../tools/phenotype';
import { geneInfoTool } from '../../tools/genes';
import { drawSlips, lastGoodObservation, listAfter, malformedMessage, promptOf } from '../expert-kit';
import { decoyGenes, describeTerms, simulatePatient } from '../patients';

const NAME = 'patient_gene_detection';
const CANDIDATE_GENES = 10;

export interface PatientGeneAnswer {
  causalGenes: string[];
}

export async function generatePatientGeneTasks({ seed, count, split, ctx }: GenerateOptions): Promise<Task[]> {
  const index = await phenotypeIndex(ctx.db);
  // One disease per gene (the first by id), single-gene OMIM diseases only.
  const diseaseOfGene = new Map<string, string>();
  for (const [disease, genes] of [...index.diseaseGenes].sort(([a], [b]) => a.localeCompare(b))) {
    if (!disease.startsWith('OMIM:') || genes.length !== 1 || !index.geneClosure.has(genes[0])) continue;
    if ((index.diseaseTerms.get(disease) ?? []).filter((t) => index.isPhenotypicAbnormality(t)).length < 4) continue;
    if (!diseaseOfGene.has(genes[0])) diseaseOfGene.set(genes[0], disease);
  }
  const eligible = [...diseaseOfGene.keys()].filter((g) => splitOf(`gene:${g}`) === split).sort();
  const genePool = [...index.geneClosure.keys()].sort();
  const tasks: Task[] = [];
  for (const gene of shuffled(eligible, seededRandom(hashSeed(NAME, split, seed)))) {
    if (tasks.length >= count) break;
    const diseaseId = diseaseOfGene.get(gene)!;
    const random = seededRandom(hashSeed(NAME, seed, gene));
    const patient = simulatePatient(index, diseaseId, random);
    const genes = [gene, ...decoyGenes(genePool, new Set([gene]), CANDIDATE_GENES - 1, random)].sort();
    const ranked = rankGenes(index, patient, genes);
    if (ranked[0].id !== gene || ranked[1].score >= ranked[0].score - 1e-9) continue;
    tasks.push({
      id: `${NAME}-${split}-${gene}-${seed}`,
      taskType: NAME,
      split,
      prompt: [
        "Task: given a patient's phenotypes and a list of candidate genes, identify the causal gene.",
        `Phenotypes: ${describeTerms(index, patient)}`,
        `Candidate genes: ${genes.join(', ')}`,
        "Output format: {'causal_gene': [gene1, gene2, ...]}",
      ].join('\n'),
      answer: { causalGenes: [gene] } satisfies PatientGeneAnswer,
      meta: { entity: `gene:${gene}`, disease: diseaseId, phenotypes: patient, candidateGenes: genes },
    });
  }
  return tasks;
}

/** Eval1 rule: correct when any predicted gene is in the causal set. */
export function scorePatientGene(answer: string, task: Task): number {
  const predicted = listAnswer(answer, ['causal_gene', 'causal_genes', 'gene', 'genes', 'answer']);
  const causal = new Set((task.answer as PatientGeneAnswer).causalGenes.map((g) => g.toUpperCase()));
  return predicted.some((g) => causal.has(g)) ? 1 : 0;
}

export const patientGeneExpert: Expert = {
  nextMessage(transcript: ChatMessage[], random: () => number, noise: number): string {
    const { malformed, slip } = drawSlips(random, noise);
    if (malformed) return malformedMessage(random);
    const prompt = promptOf(transcript);
    const phenotypes = [...prompt.matchAll(/HP:\d{7}/g)].map((m) => m[0]);
    const genes = listAfter(prompt, 'Candidate genes');
    const observation = lastGoodObservation(transcript);
    const ranked = observation ? [...observation.matchAll(/^\d+\. (\S+) score/gm)].map((m) => m[1]) : [];
    if (!ranked.length) {
      const used = slip ? phenotypes.slice(0, 1) : phenotypes;
      return toolCallMessage('Rank the candidate genes by phenotype match.', 'genes_for_phenotypes', { hpo_ids: used, genes });
    }
    const gene = slip && ranked.length > 1 ? ranked[1] : ranked[0];
    return solutionMessage(`${gene} best explains the phenotypes.`, JSON.stringify({ causal_gene: [gene] }));
  },
};

export const patientGeneDetection: TaskType = {
  name: NAME,
  description: "Find the causal gene for a patient's HPO phenotypes among candidate genes; answer {'causal_gene': [gene]}.",
  tools: [genesForPhenotypesTool, geneInfoTool, hpoTermTool],
  datasets: ['hpo', 'hpo_gene_disease', 'hgnc'],
  generate: generatePatientGeneTasks,
  score: scorePatientGene,
  expert: patientGeneExpert,
};
