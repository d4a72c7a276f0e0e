// Builds each multiple-choice kind from a seeded random stream: the DNA, the correct option and
// distractors made of the mistakes people make (forgot a cut, stop codon left out, wrong strand,
// wrong frame, reverse primer not reverse-complemented, off by one).
import { pick, randomInt } from '../random';
import { fragmentLengths, reverseComplement, translate } from './dna';
import { cutPositions } from './digest';
import { RESTRICTION_ENZYMES, type RestrictionEnzyme } from './enzymes';
import { findOrfs } from './orfs';
import { pcr, primerStats } from './primers';
import { plantSites, randomDna } from './random-dna';
import { chooseDistractors } from './distractors';
import { formatBp, formatFragments, formatNt, formatPrimer, NO_PRODUCT, type ChoiceKind, type ChoiceParams } from './choice-questions';

export interface BuiltChoice {
  params: ChoiceParams;
  correct: string;
  distractors: string[];
}

const ascending = (xs: number[]) => [...xs].sort((a, b) => a - b);
const STOPS = ['TAA', 'TAG', 'TGA'];
const AMINO_ACIDS = [...'ACDEFGHIKLMNPQRSTVWY'];

function digestChoice(random: () => number): BuiltChoice {
  for (;;) {
    const enzymes: RestrictionEnzyme[] = [pick(RESTRICTION_ENZYMES, random)];
    if (random() < 0.5) enzymes.push(pick(RESTRICTION_ENZYMES.filter((e) => e !== enzymes[0]), random));
    let sequence = randomDna(randomInt(300, 600, random), random);
    for (const e of enzymes) sequence = plantSites(sequence, e.site, randomInt(1, 3, random), random);
    const cuts = cutPositions(sequence, enzymes);
    if (cuts.length === 0) continue;
    const fragmentsOf = (c: number[]) => formatFragments(ascending(fragmentLengths(sequence.length, c)));
    const dropped = randomInt(0, cuts.length - 1, random);
    const inOrder = fragmentLengths(sequence.length, cuts);
    const mistakes = [
      fragmentsOf(cuts.filter((_, i) => i !== dropped)), // forgot a cut
      fragmentsOf(cuts.map((c, i) => (i === dropped ? c + 1 : c))), // off by one
      fragmentsOf(cutPositions(sequence, enzymes.map((e) => ({ ...e, cutOffset: 0 })))), // cut at the site's start
      ...enzymes.map((e) => fragmentsOf(cutPositions(sequence, enzymes.filter((x) => x !== e)))), // forgot an enzyme
      // Read as circular: the two end pieces join.
      inOrder.length > 2 ? formatFragments(ascending([inOrder[0] + inOrder[inOrder.length - 1], ...inOrder.slice(1, -1)])) : '',
    ];
    const correct = fragmentsOf(cuts);
    const distractors = chooseDistractors(correct, mistakes, random, (attempt) =>
      fragmentsOf(cuts.map((c, i) => (i === attempt % cuts.length ? c + randomInt(-8, 8, random) : c))),
    );
    return { params: { kind: 'digest_fragment_sizes', sequence, enzymes: enzymes.map((e) => e.name) }, correct, distractors };
  }
}

function plantedOrf(codons: number, random: () => number): string {
  let orf = 'ATG';
  while (orf.length < 3 * (codons - 1)) {
    const codon = randomDna(3, random);
    if (!STOPS.includes(codon)) orf += codon;
  }
  return orf + pick(STOPS, random);
}

/** Random DNA with one ORF planted on a random strand, kept only if its longest ORF is unique. */
function orfSequence(random: () => number) {
  for (;;) {
    let sequence = randomDna(randomInt(150, 300, random), random);
    const orf = plantedOrf(randomInt(20, 45, random), random);
    const at = randomInt(0, sequence.length - orf.length, random);
    sequence = sequence.slice(0, at) + (random() < 0.5 ? orf : reverseComplement(orf)) + sequence.slice(at + orf.length);
    const orfs = findOrfs(sequence);
    if (orfs.length >= 2 && orfs[0].length > orfs[1].length) return { sequence, orfs };
  }
}

function orfLengthChoice(random: () => number): BuiltChoice {
  const { sequence, orfs } = orfSequence(random);
  const [longest, second] = orfs;
  const otherStrand = orfs.find((o) => o.strand !== longest.strand);
  const mistakes = [longest.length - 3, longest.length + 3, longest.length - 1, longest.protein.length, second.length, otherStrand?.length ?? 0]
    .filter((n) => n > 0)
    .map(formatNt);
  const distractors = chooseDistractors(formatNt(longest.length), mistakes, random, (attempt) => formatNt(longest.length + 3 * (attempt + 2) * (random() < 0.5 ? -1 : 1)));
  return { params: { kind: 'longest_orf_length', sequence }, correct: formatNt(longest.length), distractors };
}

function orfProteinChoice(random: () => number): BuiltChoice {
  const { sequence, orfs } = orfSequence(random);
  const [longest, second] = orfs;
  const protein = longest.protein;
  const otherStrand = orfs.find((o) => o.strand !== longest.strand);
  const mistakes = [second.protein, protein.slice(1), protein.slice(0, -1), otherStrand?.protein ?? ''];
  const distractors = chooseDistractors(protein, mistakes, random, () => {
    const at = randomInt(1, protein.length - 1, random);
    return protein.slice(0, at) + pick(AMINO_ACIDS, random) + protein.slice(at + 1); // one misread codon
  });
  return { params: { kind: 'longest_orf_protein', sequence }, correct: protein, distractors };
}

function translationChoice(random: () => number): BuiltChoice {
  const sequence = randomDna(randomInt(30, 60, random), random);
  const strand = random() < 0.5 ? '+' : '-';
  const frame = randomInt(0, 2, random);
  const read = (s: '+' | '-', f: number) => translate(s === '-' ? reverseComplement(sequence) : sequence, f);
  const correct = read(strand, frame);
  const mistakes = (['+', '-'] as const).flatMap((s) => [0, 1, 2].map((f) => read(s, f))); // wrong frame or strand
  const distractors = chooseDistractors(correct, mistakes, random, () => {
    const at = randomInt(0, correct.length - 1, random);
    return correct.slice(0, at) + pick(AMINO_ACIDS, random) + correct.slice(at + 1);
  });
  return { params: { kind: 'frame_translation', sequence, strand, frame }, correct, distractors };
}

function pcrChoice(random: () => number): BuiltChoice {
  for (;;) {
    const template = randomDna(randomInt(200, 400, random), random);
    const [lf, lr] = [randomInt(18, 24, random), randomInt(18, 24, random)];
    const product = randomInt(80, Math.min(250, template.length - 20), random);
    const start = randomInt(0, template.length - product, random);
    const forward = template.slice(start, start + lf);
    const reverse = reverseComplement(template.slice(start + product - lr, start + product));
    const binding = pcr(template, forward, reverse);
    // One site each, so the question has one product.
    if (binding.forwardSites.length !== 1 || binding.reverseSites.length !== 1 || binding.products.length !== 1) continue;
    const mistakes = [product - lf - lr, product - lr, product - lf, product + 1, product - 1].map(formatBp).concat(NO_PRODUCT);
    const distractors = chooseDistractors(formatBp(product), mistakes, random, (attempt) => formatBp(product + attempt + 2));
    return { params: { kind: 'pcr_product_length', sequence: template, forward, reverse }, correct: formatBp(product), distractors };
  }
}

function primerChoice(random: () => number): BuiltChoice {
  const primer = randomDna(randomInt(18, 26, random), random);
  const { tm, gcPercent } = primerStats(primer);
  const at = primer.replace(/[GC]/g, '').length;
  const swappedTm = 4 * at + 2 * (primer.length - at); // the rule's weights swapped
  const atPercent = Math.round(1000 - gcPercent * 10) / 10;
  const mistakes = [
    formatPrimer(swappedTm, gcPercent),
    formatPrimer(tm, atPercent),
    formatPrimer(swappedTm, atPercent),
    formatPrimer(tm + 2, gcPercent),
    formatPrimer(tm - 2, gcPercent),
  ];
  const distractors = chooseDistractors(formatPrimer(tm, gcPercent), mistakes, random, (attempt) => formatPrimer(tm + 2 * (attempt + 2), gcPercent));
  return { params: { kind: 'primer_properties', sequence: primer }, correct: formatPrimer(tm, gcPercent), distractors };
}

export const CHOICE_BUILDERS: Record<ChoiceKind, (random: () => number) => BuiltChoice> = {
  digest_fragment_sizes: digestChoice,
  longest_orf_length: orfLengthChoice,
  longest_orf_protein: orfProteinChoice,
  frame_translation: translationChoice,
  pcr_product_length: pcrChoice,
  primer_properties: primerChoice,
};
