// The sequence tools an agent may call. Deterministic, compact observations.
import { z } from 'zod';
import { ToolError, type Tool } from '../types';
import { findEnzyme, RESTRICTION_ENZYMES } from './enzymes';
import { findSites, gcContent, invalidDnaCharacters, normalizeDna, reverseComplement, translate } from './dna';

const dnaArgument = z.string().min(1, 'sequence must not be empty');

function checkedDna(sequence: string): string {
  const bad = invalidDnaCharacters(sequence);
  if (bad.length) throw new ToolError(`sequence contains characters that are not DNA bases: ${bad.join(', ')}`, 'permanent');
  return normalizeDna(sequence);
}

export const gcContentTool: Tool<{ sequence: string }> = {
  name: 'gc_content',
  doc: 'gc_content {"sequence": DNA} — percent of G and C bases, one decimal',
  args: z.object({ sequence: dnaArgument }).strict(),
  run: ({ sequence }) => {
    const dna = checkedDna(sequence);
    const gc = [...dna].filter((b) => b === 'G' || b === 'C').length;
    return `GC content: ${gcContent(dna).toFixed(1)}% (${gc} of ${dna.length} bases are G or C)`;
  },
};

export const reverseComplementTool: Tool<{ sequence: string }> = {
  name: 'reverse_complement',
  doc: 'reverse_complement {"sequence": DNA} — the reverse complement, 5\' to 3\'',
  args: z.object({ sequence: dnaArgument }).strict(),
  run: ({ sequence }) => `Reverse complement: ${reverseComplement(checkedDna(sequence))}`,
};

export const translateTool: Tool<{ sequence: string; frame?: number }> = {
  name: 'translate',
  doc: 'translate {"sequence": DNA, "frame": 0|1|2} — protein in one-letter codes, stops as *',
  args: z.object({ sequence: dnaArgument, frame: z.number().int().min(0).max(2).optional() }).strict(),
  run: ({ sequence, frame = 0 }) => {
    const protein = translate(checkedDna(sequence), frame);
    return `Protein (frame ${frame}, ${protein.length} aa): ${protein}`;
  },
};

export const restrictionSitesTool: Tool<{ sequence: string; enzyme: string }> = {
  name: 'restriction_sites',
  doc: 'restriction_sites {"sequence": DNA, "enzyme": name} — where the enzyme cuts the top strand',
  args: z.object({ sequence: dnaArgument, enzyme: z.string().min(1) }).strict(),
  run: ({ sequence, enzyme: name }) => {
    const enzyme = findEnzyme(name);
    if (!enzyme) {
      throw new ToolError(
        `unknown enzyme '${name}'; known: ${RESTRICTION_ENZYMES.map((e) => e.name).join(', ')}`,
        'permanent',
      );
    }
    const dna = checkedDna(sequence);
    const cuts = findSites(dna, enzyme.site).map((p) => p + enzyme.cutOffset);
    const site = `${enzyme.site.slice(0, enzyme.cutOffset)}^${enzyme.site.slice(enzyme.cutOffset)}`;
    return `${enzyme.name} (${site}) sites: ${cuts.length}; cuts after base ${cuts.length ? cuts.join(', ') : '(none)'}; sequence length ${dna.length} bp`;
  },
};

export const SEQUENCE_TOOLS: Tool[] = [gcContentTool, reverseComplementTool, translateTool, restrictionSitesTool];
