// sequence_qa's LAB-Bench-style kinds. Every tool is checked against an independent implementation
// written differently here (regex site finding, a dictionary codon table, brute-force ORF scans and
// primer matching), and every multiple-choice question against an answer recomputed from its prompt.
import { describe, expect, it } from 'vitest';
import { TaskEnvironment } from '../../env/environment';
import { hashSeed, seededRandom } from '../../env/random';
import { createSequenceQa, sequenceQa } from '../../env/sequence-qa';
import { RESTRICTION_ENZYMES } from '../../env/sequence-qa/enzymes';
import { scoreSequenceAnswer } from '../../env/sequence-qa/scorer';
import { digestTool, findOrfsTool, pcrProductTool, primerInfoTool } from '../../env/sequence-qa/lab-tools';
import { translateTool } from '../../env/sequence-qa/tools';
import type { Task } from '../../env/types';

// ---- Independent reference implementations ----

const CODONS_BY_AMINO_ACID: Record<string, string[]> = {
  F: ['TTT', 'TTC'], L: ['TTA', 'TTG', 'CTT', 'CTC', 'CTA', 'CTG'], I: ['ATT', 'ATC', 'ATA'], M: ['ATG'],
  V: ['GTT', 'GTC', 'GTA', 'GTG'], S: ['TCT', 'TCC', 'TCA', 'TCG', 'AGT', 'AGC'], P: ['CCT', 'CCC', 'CCA', 'CCG'],
  T: ['ACT', 'ACC', 'ACA', 'ACG'], A: ['GCT', 'GCC', 'GCA', 'GCG'], Y: ['TAT', 'TAC'], '*': ['TAA', 'TAG', 'TGA'],
  H: ['CAT', 'CAC'], Q: ['CAA', 'CAG'], N: ['AAT', 'AAC'], K: ['AAA', 'AAG'], D: ['GAT', 'GAC'], E: ['GAA', 'GAG'],
  C: ['TGT', 'TGC'], W: ['TGG'], R: ['CGT', 'CGC', 'CGA', 'CGG', 'AGA', 'AGG'], G: ['GGT', 'GGC', 'GGA', 'GGG'],
};
const CODON_TABLE = new Map(Object.entries(CODONS_BY_AMINO_ACID).flatMap(([aa, codons]) => codons.map((c) => [c, aa] as const)));

/** REBASE notation, typed in by hand: ^ marks the top-strand cut. */
const CUT_NOTATION: Record<string, string> = {
  EcoRI: 'G^AATTC', BamHI: 'G^GATCC', HindIII: 'A^AGCTT', XhoI: 'C^TCGAG', SalI: 'G^TCGAC', XbaI: 'T^CTAGA',
  SpeI: 'A^CTAGT', NcoI: 'C^CATGG', PstI: 'CTGCA^G', SacI: 'GAGCT^C', KpnI: 'GGTAC^C', SmaI: 'CCC^GGG',
  EcoRV: 'GAT^ATC', NdeI: 'CA^TATG', NotI: 'GC^GGCCGC',
};

const refRevComp = (dna: string) => dna.split('').reverse().map((b) => ({ A: 'T', T: 'A', G: 'C', C: 'G' })[b] ?? 'N').join('');
const refTranslate = (dna: string) => (dna.match(/.{3}/g) ?? []).map((codon) => CODON_TABLE.get(codon) ?? 'X').join('');

function refFragments(dna: string, enzymeNames: string[]): number[] {
  const cuts = new Set<number>();
  for (const name of enzymeNames) {
    const notation = CUT_NOTATION[name];
    const site = notation.replace('^', '');
    for (const match of dna.matchAll(new RegExp(`(?=${site})`, 'g'))) cuts.add(match.index! + notation.indexOf('^'));
  }
  const pieces: string[] = [];
  let rest = dna;
  let consumed = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= consumed || cut >= dna.length) continue;
    pieces.push(rest.slice(0, cut - consumed));
    rest = rest.slice(cut - consumed);
    consumed = cut;
  }
  pieces.push(rest);
  return pieces.map((p) => p.length).sort((a, b) => a - b);
}

interface RefOrf { strand: string; length: number; protein: string }

/** Every ATG walked codon by codon to its stop; per stop, the most upstream ATG wins. */
function refOrfs(dna: string): RefOrf[] {
  const byStop = new Map<string, RefOrf>();
  for (const [strand, read] of [['+', dna], ['-', refRevComp(dna)]] as const) {
    for (let i = 0; i + 3 <= read.length; i++) {
      if (read.slice(i, i + 3) !== 'ATG') continue;
      for (let j = i; j + 3 <= read.length; j += 3) {
        if (!['TAA', 'TAG', 'TGA'].includes(read.slice(j, j + 3))) continue;
        const key = `${strand}:${j}`;
        const orf = { strand, length: j + 3 - i, protein: refTranslate(read.slice(i, j)) };
        if ((byStop.get(key)?.length ?? 0) < orf.length) byStop.set(key, orf);
        break;
      }
    }
  }
  return [...byStop.values()].sort((a, b) => b.length - a.length);
}

const refTm = (primer: string) => 2 * (primer.match(/[AT]/g)?.length ?? 0) + 4 * (primer.match(/[GC]/g)?.length ?? 0);
const refGc = (primer: string) => Math.round(((primer.match(/[GC]/g)?.length ?? 0) / primer.length) * 1000) / 10;

function matchesAt(template: string, probe: string, at: number): boolean {
  for (let k = 0; k < probe.length; k++) if (template[at + k] !== probe[k]) return false;
  return at + probe.length <= template.length;
}

function refPcrProducts(template: string, forward: string, reverse: string): number[] {
  const site = refRevComp(reverse);
  const products = new Set<number>();
  for (let f = 0; f < template.length; f++) {
    if (!matchesAt(template, forward, f)) continue;
    for (let r = f; r < template.length; r++) {
      if (matchesAt(template, site, r) && r + site.length >= f + forward.length) products.add(r + site.length - f);
    }
  }
  return [...products].sort((a, b) => a - b);
}

// ---- Helpers ----

function randomDna(length: number, random: () => number): string {
  return Array.from({ length }, () => 'ACGT'[Math.floor(random() * 4)]).join('');
}
const numbers = (text: string) => (text.match(/\d+(?:\.\d+)?/g) ?? []).map(Number);
const task = (answer: unknown): Task => ({ id: 't', taskType: 'sequence_qa', split: 'test', prompt: '', answer, meta: {} });

async function runExpert(t: Task, noise: number, maxTurns = 6): Promise<{ correctness: number; turns: number; longestMessage: number }> {
  const env = new TaskEnvironment(sequenceQa, t);
  const transcript = env.init();
  let longestMessage = 0;
  for (let turn = 0; turn < maxTurns; turn++) {
    const message = sequenceQa.expert.nextMessage(transcript, seededRandom(hashSeed(t.id, turn)), noise);
    longestMessage = Math.max(longestMessage, message.length);
    transcript.push({ role: 'assistant', content: message });
    const step = await env.step(message);
    if (step.done) return { correctness: step.correctness ?? 0, turns: turn + 1, longestMessage };
    transcript.push({ role: 'user', content: step.observation });
  }
  return { correctness: 0, turns: maxTurns, longestMessage };
}

// ---- Tools against the independent implementations ----

describe('sequence tools vs independent implementations', () => {
  it('uses the same cut positions as REBASE notation', () => {
    for (const e of RESTRICTION_ENZYMES) expect(`${e.site.slice(0, e.cutOffset)}^${e.site.slice(e.cutOffset)}`).toBe(CUT_NOTATION[e.name]);
  });

  it('digest: fragment sizes of one- and two-enzyme digests', async () => {
    const random = seededRandom(101);
    const names = RESTRICTION_ENZYMES.map((e) => e.name);
    for (let i = 0; i < 300; i++) {
      const enzymes = [names[i % names.length], names[(i * 7 + 3) % names.length]].slice(0, 1 + (i % 2));
      // Sites spliced in (0 to 3 per enzyme) so multi-cut digests are common.
      let dna = randomDna(100 + (i % 400), random);
      for (const name of enzymes) {
        for (let k = Math.floor(random() * 4); k > 0; k--) {
          const at = Math.floor(random() * dna.length);
          dna = dna.slice(0, at) + CUT_NOTATION[name].replace('^', '') + dna.slice(at);
        }
      }
      const observation = await digestTool.run({ sequence: dna.toLowerCase(), enzymes }, {});
      const fragments = /fragments \(bp, ascending\): ([\d, ]+)$/.exec(observation)?.[1];
      expect(numbers(fragments ?? ''), observation).toEqual(refFragments(dna, enzymes));
    }
  });

  it('translate: every frame of both strands', async () => {
    const random = seededRandom(102);
    for (let i = 0; i < 200; i++) {
      const dna = randomDna(10 + (i % 70), random);
      for (const strand of ['+', '-'] as const) {
        for (const frame of [0, 1, 2]) {
          const read = strand === '-' ? refRevComp(dna) : dna;
          const observation = await translateTool.run({ sequence: dna, frame, strand }, {});
          expect(observation.split(': ')[1]).toBe(refTranslate(read.slice(frame)));
        }
      }
    }
    // The forward-strand wording is the one recorded transcripts use.
    expect(await translateTool.run({ sequence: 'ATGGCCTAA', frame: 0 }, {})).toBe('Protein (frame 0, 3 aa): MA*');
  });

  it('find_orfs: the longest ORFs, their lengths, proteins and coordinates', async () => {
    const random = seededRandom(103);
    for (let i = 0; i < 300; i++) {
      const dna = randomDna(60 + (i % 300), random);
      const observation = await findOrfsTool.run({ sequence: dna, min_length: 6 }, {});
      const reference = refOrfs(dna);
      if (reference.length === 0) {
        expect(observation).toMatch(/^No ORFs/);
        continue;
      }
      expect(Number(/^(\d+) ORFs/.exec(observation)?.[1])).toBe(reference.length);
      const rows = [...observation.matchAll(/^\d+\. strand ([+-]) frame (\d) start (\d+) end (\d+) length (\d+) nt \((\d+) aa\) protein (\S+)$/gm)];
      expect(rows.map((r) => Number(r[5]))).toEqual(reference.slice(0, 5).map((o) => o.length));
      const [, strand, , start, end, length, , protein] = rows[0];
      const longest = reference.filter((o) => o.length === reference[0].length && o.strand === strand);
      const shown = (p: string) => (p.length > 100 ? `${p.slice(0, 100)}…` : p);
      expect(longest.map((o) => shown(o.protein))).toContain(protein);
      // The coordinates point at ATG…stop on the reported strand.
      const [s, e] = [Number(start), Number(end)];
      const orfDna = strand === '+' ? dna.slice(s - 1, e) : refRevComp(dna.slice(e - 1, s));
      expect(orfDna.length).toBe(Number(length));
      expect(orfDna.slice(0, 3)).toBe('ATG');
      expect(CODON_TABLE.get(orfDna.slice(-3))).toBe('*');
    }
  });

  it('primer_info: Wallace Tm and GC%', async () => {
    const random = seededRandom(104);
    for (let i = 0; i < 300; i++) {
      const primer = randomDna(12 + (i % 20), random);
      const observation = await primerInfoTool.run({ primer }, {});
      expect(observation).toBe(`Primer ${primer.length} nt: GC ${refGc(primer).toFixed(1)}%, Tm (Wallace) ${refTm(primer)} °C`);
    }
  });

  it('pcr_product: product lengths, or no product', async () => {
    const random = seededRandom(105);
    let products = 0;
    for (let i = 0; i < 300; i++) {
      const template = randomDna(100 + (i % 200), random);
      const from = Math.floor(random() * (template.length - 40));
      const to = from + 30 + Math.floor(random() * (template.length - from - 30));
      const forward = i % 5 === 0 ? randomDna(8, random) : template.slice(from, from + 6 + (i % 8));
      // Every fourth case forgets to reverse-complement the reverse primer.
      const reverseSite = template.slice(Math.max(from, to - 6 - (i % 8)), to);
      const reverse = i % 4 === 0 ? reverseSite : refRevComp(reverseSite);
      const observation = await pcrProductTool.run({ template, forward, reverse }, {});
      const reference = refPcrProducts(template, forward, reverse);
      if (reference.length === 0) expect(observation).toMatch(/^No product/);
      else expect(numbers(/^PCR products?: ([\d, ]+) bp/.exec(observation)?.[1] ?? '')).toEqual(reference);
      products += reference.length ? 1 : 0;
    }
    expect(products).toBeGreaterThan(100);
  });

  it('refuses bad input with permanent errors', async () => {
    const [t] = await sequenceQa.generate({ seed: 1, count: 1, split: 'test', ctx: {} });
    const env = new TaskEnvironment(sequenceQa, t);
    expect((await env.step('<think>a</think><execute>digest {"sequence": "ACGT", "enzymes": ["Foo"]}</execute>')).observation).toMatch(/unknown enzyme 'Foo'/);
    expect((await env.step('<think>a</think><execute>digest {"sequence": "ACGT", "enzymes": []}</execute>')).observation).toMatch(/bad arguments for digest/);
    expect((await env.step('<think>a</think><execute>primer_info {"primer": "ACXT"}</execute>')).observation).toMatch(/primer contains characters that are not DNA bases: X/);
    expect((await env.step('<think>a</think><execute>find_orfs {"sequence": "ATG", "min_length": 2}</execute>')).observation).toMatch(/bad arguments for find_orfs/);
    expect((await env.step('<think>a</think><execute>pcr_product {"template": "ACGT", "forward": "ACGTA", "reverse": "AC"}</execute>')).observation).toMatch(/longer than the template/);
    expect((await env.step('<think>a</think><execute>translate {"sequence": "ACGT", "strand": "x"}</execute>')).observation).toMatch(/bad arguments for translate/);
  });
});

// ---- Multiple-choice questions ----

const field = (prompt: string, label: string) => new RegExp(`^${label}: (.+)$`, 'm').exec(prompt)?.[1] ?? '';
const optionLines = (prompt: string) => [...prompt.matchAll(/^([A-D])\. (.+)$/gm)].map((m) => ({ letter: m[1], text: m[2] }));

/** Whether an option text is the right answer, recomputed from the prompt alone. */
function isCorrectOption(kind: string, prompt: string, option: string): boolean {
  const dna = field(prompt, 'Sequence');
  switch (kind) {
    case 'digest_fragment_sizes':
      return JSON.stringify(numbers(option)) === JSON.stringify(refFragments(dna, field(prompt, 'Enzymes').split(', ')));
    case 'longest_orf_length':
      return option === `${refOrfs(dna)[0].length} nt`;
    case 'longest_orf_protein':
      return option === refOrfs(dna)[0].protein;
    case 'frame_translation': {
      const read = field(prompt, 'Strand') === 'reverse complement' ? refRevComp(dna) : dna;
      return option === refTranslate(read.slice(Number(field(prompt, 'Frame'))));
    }
    case 'pcr_product_length': {
      const products = refPcrProducts(field(prompt, 'Template'), field(prompt, 'Forward primer'), field(prompt, 'Reverse primer'));
      return products.length === 1 ? option === `${products[0]} bp` : option === 'No product';
    }
    case 'primer_properties': {
      const primer = field(prompt, 'Primer');
      return option === `Tm ${refTm(primer)} °C, GC ${refGc(primer).toFixed(1)}%`;
    }
    default:
      throw new Error(`not a multiple-choice kind: ${kind}`);
  }
}

describe('multiple-choice questions', () => {
  it('have four distinct options, exactly one correct, whose letter is the reference answer', async () => {
    const tasks = await sequenceQa.generate({ seed: 5, count: 400, split: 'train', ctx: {} });
    const choice = tasks.filter((t) => t.meta.format === 'multiple_choice');
    expect(choice.length).toBeGreaterThan(150);
    const letters = new Set<string>();
    for (const t of choice) {
      const options = optionLines(t.prompt);
      expect(options.map((o) => o.letter)).toEqual(['A', 'B', 'C', 'D']);
      expect(new Set(options.map((o) => o.text)).size).toBe(4);
      const correct = options.filter((o) => isCorrectOption(String(t.meta.questionKind), t.prompt, o.text));
      expect(correct, t.prompt).toHaveLength(1);
      expect((t.answer as { letter: string }).letter).toBe(correct[0].letter);
      expect(t.prompt).toMatch(/Answer with the letter of the correct option only, e\.g\. <solution>A<\/solution>\.$/);
      for (const o of options) expect(scoreSequenceAnswer(o.letter, t)).toBe(o === correct[0] ? 1 : 0);
      letters.add(correct[0].letter);
    }
    // The seeded shuffle puts the answer under every letter.
    expect([...letters].sort()).toEqual(['A', 'B', 'C', 'D']);
  });

  it('covers every kind, and the mix follows the weights', async () => {
    const tasks = await sequenceQa.generate({ seed: 6, count: 300, split: 'val', ctx: {} });
    const kinds = new Set(tasks.map((t) => t.meta.questionKind));
    expect(kinds.size).toBe(10);
    const onlyPcr = createSequenceQa({ pcr_product_length: 1, gc_content: 0 });
    const pcrTasks = await onlyPcr.generate({ seed: 6, count: 20, split: 'val', ctx: {} });
    expect(new Set(pcrTasks.map((t) => t.meta.questionKind))).toEqual(new Set(['pcr_product_length']));
    await expect(createSequenceQa({ gc_content: 0 }).generate({ seed: 1, count: 1, split: 'val', ctx: {} })).rejects.toThrow(/weight 0/);
  });
});

describe('generator', () => {
  it('is deterministic by seed, with stable ids, and splits never share tasks', async () => {
    const a = await sequenceQa.generate({ seed: 12, count: 60, split: 'train', ctx: {} });
    const b = await sequenceQa.generate({ seed: 12, count: 60, split: 'train', ctx: {} });
    expect(a).toEqual(b);
    const other = await sequenceQa.generate({ seed: 13, count: 60, split: 'train', ctx: {} });
    expect(other.map((t) => t.prompt)).not.toEqual(a.map((t) => t.prompt));
    const ids = new Set<string>();
    const prompts = new Set<string>();
    for (const split of ['train', 'val', 'test'] as const) {
      for (const t of await sequenceQa.generate({ seed: 12, count: 60, split, ctx: {} })) {
        expect(t.id).toMatch(new RegExp(`^sequence_qa-${split}-[0-9a-z]+$`));
        ids.add(t.id);
        prompts.add(t.prompt);
      }
    }
    expect(ids.size).toBe(180);
    expect(prompts.size).toBe(180);
  });
});

describe('multiple-choice scoring', () => {
  const reference = task({ kind: 'choice', letter: 'B', text: '120 bp' });
  it.each(['B', ' b ', '(B)', 'B) 120 bp', 'B. 120 bp', '{"answer": "B"}', "{'answer': 'b'}", '[ANSWER]B[/ANSWER]', 'b\n'])('accepts %j', (answer) => {
    expect(scoreSequenceAnswer(answer, reference)).toBe(1);
  });
  it.each(['A', 'C) 120 bp', '{"answer": "D"}', '', '120 bp', 'BC'])('rejects %j', (answer) => {
    expect(scoreSequenceAnswer(answer, reference)).toBe(0);
  });
});

describe('scripted expert', () => {
  it('solves every test-split task at noise 0, with one tool call each', async () => {
    const tasks = await sequenceQa.generate({ seed: 1, count: 200, split: 'test', ctx: {} });
    for (const t of tasks) {
      const { correctness, turns, longestMessage } = await runExpert(t, 0);
      expect(correctness, t.prompt).toBe(1);
      expect(turns).toBe(2);
      // Fits a 256-token completion budget (the expert policy counts 4 characters a token).
      expect(longestMessage).toBeLessThanOrEqual(1024);
    }
  });

  it('slips at noise 0.3', async () => {
    const tasks = await sequenceQa.generate({ seed: 1, count: 200, split: 'test', ctx: {} });
    let total = 0;
    for (const t of tasks) total += (await runExpert(t, 0.3)).correctness;
    const accuracy = total / tasks.length;
    expect(accuracy).toBeLessThan(0.95);
    expect(accuracy).toBeGreaterThan(0.3);
  });
});
