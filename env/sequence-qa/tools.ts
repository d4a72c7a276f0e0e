// The sequence tools an agent may call. Deterministic, compact observations.
import { z } from 'zod';
import type { Tool } from '../types';
import { findSites, gcContent, reverseComplement, translate } from './dna';
import { digestTool, findOrfsTool, pcrProductTool, primerInfoTool } from './lab-tools';
import { checkedDna, dnaArgument, requireEnzyme } from './tool-args';

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

export const translateTool: Tool<{ sequence: string; frame?: number; strand?: '+' | '-' }> = {
  name: 'translate',
  doc: 'translate {"sequence": DNA, "frame": 0|1|2, "strand": "+"|"-"} — protein in one-letter codes, stops as *; strand "-" reads the reverse complement',
  args: z.object({ sequence: dnaArgument, frame: z.number().int().min(0).max(2).optional(), strand: z.enum(['+', '-']).optional() }).strict(),
  run: ({ sequence, frame = 0, strand = '+' }) => {
    const dna = checkedDna(sequence);
    const protein = translate(strand === '-' ? reverseComplement(dna) : dna, frame);
    // The forward-strand wording is unchanged so recorded transcripts still read the same.
    const where = strand === '-' ? `reverse complement, frame ${frame}` : `frame ${frame}`;
    return `Protein (${where}, ${protein.length} aa): ${protein}`;
  },
};

export const restrictionSitesTool: Tool<{ sequence: string; enzyme: string }> = {
  name: 'restriction_sites',
  doc: 'restriction_sites {"sequence": DNA, "enzyme": name} — where the enzyme cuts the top strand',
  args: z.object({ sequence: dnaArgument, enzyme: z.string().min(1) }).strict(),
  run: ({ sequence, enzyme: name }) => {
    const enzyme = requireEnzyme(name);
    const dna = checkedDna(sequence);
    const cuts = findSites(dna, enzyme.site).map((p) => p + enzyme.cutOffset);
    const site = `${enzyme.site.slice(0, enzyme.cutOffset)}^${enzyme.site.slice(enzyme.cutOffset)}`;
    return `${enzyme.name} (${site}) sites: ${cuts.length}; cuts after base ${cuts.length ? cuts.join(', ') : '(none)'}; sequence length ${dna.length} bp`;
  },
};

export const SEQUENCE_TOOLS: Tool[] = [
  gcContentTool,
  reverseComplementTool,
  translateTool,
  restrictionSitesTool,
  digestTool,
  findOrfsTool,
  primerInfoTool,
  pcrProductTool,
];
