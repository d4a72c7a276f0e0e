// The kinds of sequence question, how each is asked, and its reference answer.
import { findEnzyme, type RestrictionEnzyme } from './enzymes';
import { findSites, fragmentLengths, gcContent, normalizeDna, reverseComplement, translate } from './dna';

export type SequenceQuestionKind = 'gc_content' | 'reverse_complement' | 'translation' | 'restriction_fragments';
export const SEQUENCE_QUESTION_KINDS: readonly SequenceQuestionKind[] = [
  'gc_content',
  'reverse_complement',
  'translation',
  'restriction_fragments',
];

export interface SequenceQuestion {
  kind: SequenceQuestionKind;
  sequence: string;
  enzyme?: string;
}

export type SequenceAnswer =
  | { kind: 'number'; value: number; tolerance: number }
  | { kind: 'text'; value: string }
  /** Multiple choice: the option letter, and its text for reports. */
  | { kind: 'choice'; letter: string; text: string };

export function askQuestion(q: SequenceQuestion): string {
  const lines = ['Sequence QA.'];
  switch (q.kind) {
    case 'gc_content':
      lines.push('Question: What is the GC content of the DNA sequence below, in percent rounded to one decimal?');
      break;
    case 'reverse_complement':
      lines.push('Question: What is the reverse complement of the DNA sequence below (5\' to 3\')?');
      break;
    case 'translation':
      lines.push('Question: Translate the DNA sequence below from its first base (frame 0) using the standard genetic code. Give one-letter amino acid codes and write stop codons as *.');
      break;
    case 'restriction_fragments':
      lines.push(`Question: How many fragments result when the linear DNA sequence below is digested to completion with ${q.enzyme}?`);
      break;
  }
  lines.push(`Sequence: ${q.sequence}`);
  if (q.enzyme) lines.push(`Enzyme: ${q.enzyme}`);
  lines.push('Answer inside <solution></solution> with the value only.');
  return lines.join('\n');
}

/** Reads a question back from its prompt (the expert sees only the prompt, as the model does). */
export function readQuestion(prompt: string): SequenceQuestion | undefined {
  const sequence = /^Sequence: ([ACGTN]+)$/m.exec(prompt)?.[1];
  if (!sequence) return undefined;
  const enzyme = /^Enzyme: (\S+)$/m.exec(prompt)?.[1];
  if (/GC content/.test(prompt)) return { kind: 'gc_content', sequence };
  if (/reverse complement/.test(prompt)) return { kind: 'reverse_complement', sequence };
  if (/^Question: Translate/m.test(prompt)) return { kind: 'translation', sequence };
  if (/fragments/.test(prompt) && enzyme) return { kind: 'restriction_fragments', sequence, enzyme };
  return undefined;
}

export function referenceAnswer(q: SequenceQuestion): SequenceAnswer {
  switch (q.kind) {
    case 'gc_content':
      return { kind: 'number', value: gcContent(q.sequence), tolerance: 0.05 };
    case 'reverse_complement':
      return { kind: 'text', value: reverseComplement(q.sequence) };
    case 'translation':
      return { kind: 'text', value: translate(q.sequence, 0) };
    case 'restriction_fragments': {
      const enzyme = findEnzyme(q.enzyme ?? '') as RestrictionEnzyme;
      const cuts = findSites(q.sequence, enzyme.site).map((p) => p + enzyme.cutOffset);
      return { kind: 'number', value: fragmentLengths(normalizeDna(q.sequence).length, cuts).length, tolerance: 0 };
    }
  }
}
