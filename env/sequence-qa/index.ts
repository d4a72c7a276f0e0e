import type { TaskType } from '../types';
import { sequenceExpert } from './expert';
import { generateSequenceTasks } from './generator';
import { scoreSequenceAnswer } from './scorer';
import { SEQUENCE_TOOLS } from './tools';

export const sequenceQa: TaskType = {
  name: 'sequence_qa',
  description: 'Answer questions about DNA sequences (GC content, reverse complement, translation, restriction digests).',
  tools: SEQUENCE_TOOLS,
  generate: generateSequenceTasks,
  score: scoreSequenceAnswer,
  expert: sequenceExpert,
};
