// gene_location: database_qa's location questions alone ("What is the cytogenetic location of
// the human gene PRNP?", four bands, one letter), with the one tool they need. One tool call
// with a short argument, then a letter: the task the small built-in model learns within the
// demo's budget on two CPU cores (database_qa's GO questions ask it to copy a GO id and four
// symbols into one call).
import type { TaskType } from '../../types';
import { geneInfoTool } from '../../tools/genes';
import { scoreLetter } from '../multiple-choice';
import { databaseQaExpert, generateTasksOfKinds } from '../database-qa';

export const geneLocation: TaskType = {
  name: 'gene_location',
  description: 'Answer multiple-choice questions on where a human gene lies (cytogenetic band); answer one letter.',
  tools: [geneInfoTool],
  datasets: ['orghs', 'hgnc'],
  generate: (options) => generateTasksOfKinds('gene_location', ['gene_location'], options),
  score: scoreLetter,
  expert: databaseQaExpert,
};
