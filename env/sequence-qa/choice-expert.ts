// The scripted expert for the multiple-choice kinds: one tool call, then the option that matches
// the tool's result. Slips (by `noise`): a malformed message, a wrong tool argument (wrong strand,
// a forgotten enzyme, a primer not reverse-complemented), or a misread option letter.
import type { ChatMessage } from '../../policy/backend';
import { solutionMessage, toolCallMessage } from '../agent-format';
import { drawSlips, malformedMessage, observationsOf, promptOf } from '../tasks/expert-kit';
import { optionsOf } from '../tasks/multiple-choice';
import { pick } from '../random';
import { reverseComplement } from './dna';
import { NO_PRODUCT, type ChoiceParams } from './choice-questions';

function toolCallFor(q: ChoiceParams, slip: boolean): string {
  switch (q.kind) {
    case 'digest_fragment_sizes': {
      const enzymes = q.enzymes ?? [];
      const args = slip && enzymes.length > 1 ? { sequence: q.sequence, enzymes: enzymes.slice(0, 1) } : { sequence: slip ? q.sequence.slice(0, -1) : q.sequence, enzymes };
      return toolCallMessage(`Digest with ${args.enzymes.join(' and ')} and read the fragment sizes.`, 'digest', args);
    }
    case 'longest_orf_length':
    case 'longest_orf_protein': {
      const sequence = slip ? q.sequence.slice(0, Math.floor(q.sequence.length / 2)) : q.sequence;
      return toolCallMessage('Scan both strands for ORFs; the first one listed is the longest.', 'find_orfs', { sequence, min_length: 30 });
    }
    case 'frame_translation': {
      const strand = (q.strand === '-') !== slip ? '-' : '+';
      return toolCallMessage(`Translate frame ${q.frame} of the ${strand} strand.`, 'translate', { sequence: q.sequence, frame: q.frame ?? 0, strand });
    }
    case 'pcr_product_length': {
      const reverse = slip ? reverseComplement(q.reverse ?? '') : q.reverse;
      return toolCallMessage('Run the PCR in silico.', 'pcr_product', { template: q.sequence, forward: q.forward, reverse });
    }
    case 'primer_properties':
      return toolCallMessage('Compute the primer\'s Tm and GC content.', 'primer_info', { primer: slip ? q.sequence.slice(1) : q.sequence });
  }
}

const numbersIn = (text: string): number[] => (text.match(/\d+(?:\.\d+)?/g) ?? []).map(Number);
const sameNumbers = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The option letter the observation points to; undefined when it is not this kind's tool result. */
function letterFrom(q: ChoiceParams, observation: string, options: Map<string, string>): string | undefined {
  const entries = [...options];
  const byText = (text: string) => entries.find(([, o]) => o === text)?.[0];
  const byNumbers = (numbers: number[]) => entries.find(([, o]) => sameNumbers(numbersIn(o), numbers))?.[0];
  const guess = () => entries[0]?.[0] ?? 'A'; // the result matches no option: the expert guesses
  switch (q.kind) {
    case 'digest_fragment_sizes': {
      const fragments = /fragments \(bp, ascending\): ([\d, ]+)/.exec(observation)?.[1];
      return fragments === undefined ? undefined : (byNumbers(numbersIn(fragments)) ?? guess());
    }
    case 'longest_orf_length': {
      const length = /^1\. .* length (\d+) nt/m.exec(observation)?.[1];
      if (length === undefined) return /^No ORFs/.test(observation) ? guess() : undefined;
      return byNumbers([Number(length)]) ?? guess();
    }
    case 'longest_orf_protein': {
      const protein = /^1\. .* protein ([A-Z*…]+)$/m.exec(observation)?.[1];
      if (protein === undefined) return /^No ORFs/.test(observation) ? guess() : undefined;
      return byText(protein) ?? guess();
    }
    case 'frame_translation': {
      const protein = /^Protein \((?:reverse complement, )?frame \d, \d+ aa\): ([A-Z*]*)$/.exec(observation)?.[1];
      return protein === undefined ? undefined : (byText(protein) ?? guess());
    }
    case 'pcr_product_length': {
      if (/^No product/.test(observation)) return byText(NO_PRODUCT) ?? guess();
      const product = /^PCR products?: (\d+)/.exec(observation)?.[1];
      return product === undefined ? undefined : (byNumbers([Number(product)]) ?? guess());
    }
    case 'primer_properties': {
      const match = /GC ([\d.]+)%, Tm \(Wallace\) (\d+) °C/.exec(observation);
      return match ? (byNumbers([Number(match[2]), Number(match[1])]) ?? guess()) : undefined;
    }
  }
}

export function choiceExpertMessage(q: ChoiceParams, transcript: ChatMessage[], random: () => number, noise: number): string {
  const { malformed, slip } = drawSlips(random, noise);
  if (malformed) return malformedMessage(random);
  const options = optionsOf(promptOf(transcript));
  for (const observation of observationsOf(transcript).reverse()) {
    const letter = letterFrom(q, observation, options);
    if (letter === undefined) continue;
    const misread = slip ? pick([...options.keys()].filter((l) => l !== letter), random) : undefined;
    return solutionMessage(`Option ${letter} matches the tool result.`, misread ?? letter);
  }
  return toolCallFor(q, slip);
}
