// rare_disease_diagnosis (Biomni-Eval1): patient phenotypes + candidate genes → the disease (OMIM id).
// Only diseases the phenotype ranking can single out are asked (the disease ranks first, alone,
// among the OMIM diseases of the candidate genes): a task must be answerable from the KB.
import type { ChatMessage } from '../../../policy/backend';
import type { Expert, GenerateOptions, Task, TaskType } from '../../types';
import { hashSeed, seededRandom } from '../../random';
import { shuffled, splitOf } from '../../splits';
import { answerField, normalizeAnswerText } from '../../scoring';
import { solutionMessage, toolCallMessage } from '../../agent-format';
import { phenotypeIndex, rankDiseases, type PhenotypeIndex } from '../../kb/phenotype-index';
import { diseaseInfoTool, diseasesForPhenotypesTool, hpoTermTool } from '../../tools/phenotype';
import { drawSlips, lastGoodObservation, listAfter, malformedMessage, promptOf } from '../expert-kit';
import { decoyGenes, describeTerms, simulatePatient } from '../patients';

const NAME = 'rare_disease_diagnosis';
const CANDIDATE_GENES = 10;

export interface RareDiseaseAnswer {
  omimId: string;
  diseaseName: string;
}

function omimCandidates(index: PhenotypeIndex, genes: string[]): string[] {
  return genes.flatMap((g) => index.geneDiseases.get(g) ?? []).filter((d) => d.startsWith('OMIM:'));
}

export async function generateRareDiseaseTasks({ seed, count, split, ctx }: GenerateOptions): Promise<Task[]> {
  const index = await phenotypeIndex(ctx.db);
  const eligible = [...index.diseaseGenes.keys()]
    .filter((d) => d.startsWith('OMIM:') && splitOf(`disease:${d}`) === split)
    .filter((d) => (index.diseaseTerms.get(d) ?? []).filter((t) => index.isPhenotypicAbnormality(t)).length >= 4)
    .sort();
  const genePool = [...index.geneDiseases.keys()].sort();
  const tasks: Task[] = [];
  for (const diseaseId of shuffled(eligible, seededRandom(hashSeed(NAME, split, seed)))) {
    if (tasks.length >= count) break;
    const random = seededRandom(hashSeed(NAME, seed, diseaseId));
    const patient = simulatePatient(index, diseaseId, random);
    const causal = index.diseaseGenes.get(diseaseId) ?? [];
    const genes = [...causal, ...decoyGenes(genePool, new Set(causal), CANDIDATE_GENES - Math.min(causal.length, 5), random)].sort();
    const ranked = rankDiseases(index, patient, omimCandidates(index, genes));
    if (ranked[0]?.id !== diseaseId || (ranked[1] && ranked[1].score >= ranked[0].score - 1e-9)) continue;
    const name = index.diseaseName.get(diseaseId) ?? '';
    tasks.push({
      id: `${NAME}-${split}-${diseaseId.replace(':', '_')}-${seed}`,
      taskType: NAME,
      split,
      prompt: [
        "Task: given a patient's phenotypes and a list of candidate genes, diagnose the rare disease that the patient has.",
        `Phenotypes: ${describeTerms(index, patient)}`,
        `Candidate genes: ${genes.join(', ')}`,
        "Output format: {'disease_name': XXX, 'OMIM_ID': XXX}",
      ].join('\n'),
      answer: { omimId: diseaseId.replace('OMIM:', ''), diseaseName: name } satisfies RareDiseaseAnswer,
      meta: { entity: `disease:${diseaseId}`, phenotypes: patient, candidateGenes: genes },
    });
  }
  return tasks;
}

/** Eval1 rule: the OMIM id in the answer dict (or bare) equals the reference; "OMIM:" prefix optional. */
export function scoreRareDisease(answer: string, task: Task): number {
  const value = answerField(answer, ['OMIM_ID', 'omim_id', 'omim', 'id']);
  const raw = normalizeAnswerText(String(Array.isArray(value) ? value[0] ?? '' : value ?? ''));
  const id = raw.replace(/^(OMIM|MIM)\s*[:#]?\s*/, '');
  return id === (task.answer as RareDiseaseAnswer).omimId ? 1 : 0;
}

export const rareDiseaseExpert: Expert = {
  nextMessage(transcript: ChatMessage[], random: () => number, noise: number): string {
    const { malformed, slip } = drawSlips(random, noise);
    if (malformed) return malformedMessage(random);
    const prompt = promptOf(transcript);
    const phenotypes = [...prompt.matchAll(/HP:\d{7}/g)].map((m) => m[0]);
    const genes = listAfter(prompt, 'Candidate genes');
    const observation = lastGoodObservation(transcript);
    const ranked = observation ? [...observation.matchAll(/^\d+\. OMIM:(\d+) (.+?) \(score/gm)] : [];
    if (!ranked.length) {
      // A slip drops half of the phenotypes: the ranking then rests on too little evidence.
      const used = slip ? phenotypes.slice(0, Math.ceil(phenotypes.length / 2)) : phenotypes;
      return toolCallMessage('Rank the diseases of the candidate genes by phenotype match.', 'diseases_for_phenotypes', { hpo_ids: used, genes, top_k: 5 });
    }
    const [, id, name] = slip && ranked.length > 1 ? ranked[1] : ranked[0];
    return solutionMessage(`The best phenotype match is OMIM:${id}.`, JSON.stringify({ disease_name: name, OMIM_ID: id }));
  },
};

export const rareDiseaseDiagnosis: TaskType = {
  name: NAME,
  description: "Diagnose a patient's rare disease from HPO phenotypes and candidate genes; answer {'disease_name': …, 'OMIM_ID': …}.",
  tools: [diseasesForPhenotypesTool, diseaseInfoTool, hpoTermTool],
  datasets: ['hpo', 'hpo_gene_disease', 'hgnc'],
  generate: generateRareDiseaseTasks,
  score: scoreRareDisease,
  expert: rareDiseaseExpert,
};
