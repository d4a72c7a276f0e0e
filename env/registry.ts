// Every task type HelixRL knows, by name.
import type { TaskType } from './types';
import { sequenceQa } from './sequence-qa';
import { rareDiseaseDiagnosis } from './tasks/rare-disease-diagnosis';
import { patientGeneDetection } from './tasks/patient-gene-detection';
import { gwasCausalGene } from './tasks/gwas-causal-gene';
import { gwasVariantPrioritization } from './tasks/gwas-variant-prioritization';
import { screenGeneRetrieval } from './tasks/screen-gene-retrieval';
import { databaseQa } from './tasks/database-qa';
import { geneLocation } from './tasks/gene-location';

const TASK_TYPES: TaskType[] = [
  rareDiseaseDiagnosis,
  patientGeneDetection,
  gwasCausalGene,
  gwasVariantPrioritization,
  screenGeneRetrieval,
  databaseQa,
  geneLocation,
  sequenceQa,
];

export function listTaskTypes(): TaskType[] {
  return [...TASK_TYPES];
}

export function getTaskType(name: string): TaskType {
  const found = TASK_TYPES.find((t) => t.name === name);
  if (!found) {
    throw new Error(`Unknown task type '${name}'. Known task types: ${TASK_TYPES.map((t) => t.name).join(', ')}.`);
  }
  return found;
}
