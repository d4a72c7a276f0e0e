// sequence_qa: free-answer DNA arithmetic plus LAB-Bench SeqQA-style multiple choice
// (restriction digests, ORFs, translation, PCR and primers), all on seeded random DNA.
import type { TaskType } from '../types';
import { sequenceExpert } from './expert';
import { DEFAULT_KIND_WEIGHTS, sequenceTaskGenerator, type SequenceKindWeights } from './generator';
import { scoreSequenceAnswer } from './scorer';
import { SEQUENCE_TOOLS } from './tools';

/** The task type with a chosen mix of question kinds (weight 0 leaves a kind out). */
export function createSequenceQa(weights: SequenceKindWeights = DEFAULT_KIND_WEIGHTS): TaskType {
  return {
    name: 'sequence_qa',
    description:
      'Answer questions about DNA sequences (GC content, reverse complement, translation, restriction digests, ORFs, PCR and primers); for multiple-choice questions answer with the option letter.',
    tools: SEQUENCE_TOOLS,
    generate: sequenceTaskGenerator(weights),
    score: scoreSequenceAnswer,
    expert: sequenceExpert,
  };
}

export const sequenceQa: TaskType = createSequenceQa();
