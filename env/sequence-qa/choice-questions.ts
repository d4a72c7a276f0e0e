// The LAB-Bench SeqQA-style multiple-choice kinds: what each asks, how its prompt is written,
// and how the prompt is read back (the expert sees only the prompt, as the model does).
import { LETTER_INSTRUCTION } from '../tasks/multiple-choice';

export type ChoiceKind =
  | 'digest_fragment_sizes'
  | 'longest_orf_length'
  | 'longest_orf_protein'
  | 'frame_translation'
  | 'pcr_product_length'
  | 'primer_properties';

export const CHOICE_KINDS: readonly ChoiceKind[] = [
  'digest_fragment_sizes',
  'longest_orf_length',
  'longest_orf_protein',
  'frame_translation',
  'pcr_product_length',
  'primer_properties',
];

/** What a question is about; the answer is not part of it. */
export interface ChoiceParams {
  kind: ChoiceKind;
  /** The DNA asked about: the template for PCR, the primer for primer properties. */
  sequence: string;
  enzymes?: string[];
  frame?: number;
  strand?: '+' | '-';
  forward?: string;
  reverse?: string;
}

export const CHOICE_HEADER = 'Sequence QA (multiple choice).';
export const NO_PRODUCT = 'No product';

// Option texts; the expert reads the numbers back out of them.
export const formatFragments = (fragments: number[]): string => `${fragments.join(', ')} bp`;
export const formatNt = (length: number): string => `${length} nt`;
export const formatBp = (length: number): string => `${length} bp`;
export const formatPrimer = (tm: number, gcPercent: number): string => `Tm ${tm} °C, GC ${gcPercent.toFixed(1)}%`;

const QUESTIONS: Record<ChoiceKind, (p: ChoiceParams) => string> = {
  digest_fragment_sizes: (p) =>
    `The linear DNA sequence below is digested to completion with ${p.enzymes?.join(' and ')}. What are the sizes of the resulting fragments, smallest first?`,
  longest_orf_length: () =>
    'What is the length, in nucleotides, of the longest open reading frame (ATG through the stop codon, stop included) on either strand of the DNA sequence below?',
  longest_orf_protein: () =>
    'Which protein does the longest open reading frame (ATG through the stop codon) on either strand of the DNA sequence below encode? One-letter codes from the initial M; the stop is not written.',
  frame_translation: (p) =>
    `Which protein results from translating ${p.strand === '-' ? 'the reverse complement of the DNA sequence below' : 'the DNA sequence below as given'} in frame ${p.frame} (frame 0 starts at its first base, frame 1 at its second, frame 2 at its third) with the standard genetic code? Stops are written *.`,
  pcr_product_length: () =>
    'A PCR is run on the linear template below with the two primers given (both written 5\' to 3\'). How long is the PCR product?',
  primer_properties: () =>
    'What are the melting temperature by the Wallace rule, Tm = 2(A+T) + 4(G+C), and the GC content of the primer below (5\' to 3\')?',
};

function dataLines(p: ChoiceParams): string[] {
  switch (p.kind) {
    case 'digest_fragment_sizes':
      return [`Sequence: ${p.sequence}`, `Enzymes: ${p.enzymes?.join(', ')}`];
    case 'frame_translation':
      return [`Sequence: ${p.sequence}`, `Strand: ${p.strand === '-' ? 'reverse complement' : 'as given'}`, `Frame: ${p.frame}`];
    case 'pcr_product_length':
      return [`Template: ${p.sequence}`, `Forward primer: ${p.forward}`, `Reverse primer: ${p.reverse}`];
    case 'primer_properties':
      return [`Primer: ${p.sequence}`];
    default:
      return [`Sequence: ${p.sequence}`];
  }
}

export function askChoiceQuestion(p: ChoiceParams, optionLines: string[]): string {
  return [CHOICE_HEADER, `Question: ${QUESTIONS[p.kind](p)}`, ...dataLines(p), 'Options:', ...optionLines, LETTER_INSTRUCTION].join('\n');
}

const field = (prompt: string, label: string): string | undefined => new RegExp(`^${label}: (.+)$`, 'm').exec(prompt)?.[1]?.trim();

/** The question's parameters read off its prompt; undefined for prompts of other kinds. */
export function readChoiceQuestion(prompt: string): ChoiceParams | undefined {
  if (!prompt.startsWith(CHOICE_HEADER)) return undefined;
  const question = field(prompt, 'Question') ?? '';
  const sequence = field(prompt, 'Sequence') ?? '';
  if (/sizes of the resulting fragments/.test(question)) {
    return { kind: 'digest_fragment_sizes', sequence, enzymes: (field(prompt, 'Enzymes') ?? '').split(/,\s*/).filter(Boolean) };
  }
  if (/length, in nucleotides, of the longest open reading frame/.test(question)) return { kind: 'longest_orf_length', sequence };
  if (/protein does the longest open reading frame/.test(question)) return { kind: 'longest_orf_protein', sequence };
  if (/results from translating/.test(question)) {
    const strand = field(prompt, 'Strand') === 'reverse complement' ? '-' : '+';
    return { kind: 'frame_translation', sequence, strand, frame: Number(field(prompt, 'Frame') ?? 0) };
  }
  if (/PCR product/.test(question)) {
    return { kind: 'pcr_product_length', sequence: field(prompt, 'Template') ?? '', forward: field(prompt, 'Forward primer'), reverse: field(prompt, 'Reverse primer') };
  }
  if (/Wallace rule/.test(question)) return { kind: 'primer_properties', sequence: field(prompt, 'Primer') ?? '' };
  return undefined;
}
