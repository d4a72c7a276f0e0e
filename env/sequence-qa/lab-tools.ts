// The LAB-Bench-style tools: whole digests, ORF scans, primer properties and in-silico PCR.
import { z } from 'zod';
import { ToolError, type Tool } from '../types';
import { digest } from './digest';
import { findOrfs } from './orfs';
import { pcr, primerStats } from './primers';
import { checkedDna, dnaArgument, requireEnzyme } from './tool-args';

const MAX_ORFS_SHOWN = 5;
const MAX_PROTEIN_SHOWN = 100;

export const digestTool: Tool<{ sequence: string; enzymes: string[] }> = {
  name: 'digest',
  doc: 'digest {"sequence": DNA, "enzymes": [names]} — complete digest of the linear molecule: cut positions and fragment sizes, ascending',
  args: z.object({ sequence: dnaArgument, enzymes: z.array(z.string().min(1)).min(1).max(4) }).strict(),
  run: ({ sequence, enzymes: names }) => {
    const enzymes = names.map(requireEnzyme);
    const dna = checkedDna(sequence);
    const { cuts, fragments } = digest(dna, enzymes);
    const cutText = cuts.length ? ` (after bases ${cuts.join(', ')})` : '';
    return `Digest of ${dna.length} bp linear DNA with ${enzymes.map((e) => e.name).join(' + ')}: ${cuts.length} cuts${cutText}; ${fragments.length} fragments (bp, ascending): ${fragments.join(', ')}`;
  },
};

export const findOrfsTool: Tool<{ sequence: string; min_length?: number }> = {
  name: 'find_orfs',
  doc: 'find_orfs {"sequence": DNA, "min_length": nt} — longest ORFs (ATG..stop, stop included) on both strands: strand, frame, start, end, length, protein',
  args: z.object({ sequence: dnaArgument, min_length: z.number().int().min(6).max(100000).optional() }).strict(),
  run: ({ sequence, min_length = 30 }) => {
    const orfs = findOrfs(checkedDna(sequence), min_length);
    if (orfs.length === 0) return `No ORFs of at least ${min_length} nt (ATG..stop) on either strand.`;
    const lines = orfs.slice(0, MAX_ORFS_SHOWN).map((o, i) => {
      const protein = o.protein.length > MAX_PROTEIN_SHOWN ? `${o.protein.slice(0, MAX_PROTEIN_SHOWN)}…` : o.protein;
      return `${i + 1}. strand ${o.strand} frame ${o.frame} start ${o.start} end ${o.end} length ${o.length} nt (${o.protein.length} aa) protein ${protein}`;
    });
    return [`${orfs.length} ORFs of at least ${min_length} nt on both strands (1-based top-strand coordinates), longest first:`, ...lines].join('\n');
  },
};

export const primerInfoTool: Tool<{ primer: string }> = {
  name: 'primer_info',
  doc: 'primer_info {"primer": DNA} — primer length, GC% and Wallace-rule Tm = 2(A+T) + 4(G+C)',
  args: z.object({ primer: dnaArgument }).strict(),
  run: ({ primer }) => {
    const stats = primerStats(checkedDna(primer, 'primer'));
    return `Primer ${stats.length} nt: GC ${stats.gcPercent.toFixed(1)}%, Tm (Wallace) ${stats.tm} °C`;
  },
};

export const pcrProductTool: Tool<{ template: string; forward: string; reverse: string }> = {
  name: 'pcr_product',
  doc: 'pcr_product {"template": DNA, "forward": primer, "reverse": primer} — PCR product length; primers 5\'→3\', the reverse one binds as its reverse complement',
  args: z.object({ template: dnaArgument, forward: dnaArgument, reverse: dnaArgument }).strict(),
  run: ({ template, forward, reverse }) => {
    const dna = checkedDna(template, 'template');
    const fwd = checkedDna(forward, 'forward primer');
    const rev = checkedDna(reverse, 'reverse primer');
    if (fwd.length > dna.length || rev.length > dna.length) throw new ToolError('a primer is longer than the template', 'permanent');
    const { forwardSites, reverseSites, products } = pcr(dna, fwd, rev);
    if (forwardSites.length === 0) return 'No product: the forward primer does not match the template.';
    if (reverseSites.length === 0) return 'No product: the reverse complement of the reverse primer does not match the template.';
    if (products.length === 0) return 'No product: the primer sites do not face each other.';
    const sites = `forward at ${forwardSites.map((s) => s + 1).join(', ')}; reverse site ends at ${reverseSites.map((s) => s + rev.length).join(', ')}`;
    return products.length === 1 ? `PCR product: ${products[0]} bp (${sites})` : `PCR products: ${products.join(', ')} bp (${sites})`;
  },
};
