// The knowledge base loaded from the mirror, the tools checked against the raw files, and every
// KB task type: deterministic generators, entity-disjoint splits, a zero-noise expert near 1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve, join } from 'node:path';
import type { Database } from '../../db/client';
import { openDatabase } from '../../db/client';
import { createTestDatabase } from '../support/database';
import { loadKnowledgeBase } from '../../env/kb/load';
import { readTsv } from '../../env/kb/read';
import { listTaskTypes } from '../../env/registry';
import { runExpertEpisode } from '../../env/run-expert';
import { TaskEnvironment } from '../../env/environment';
import { geneBandTool, geneInfoTool, variantNearestGenesTool } from '../../env/tools/genes';
import { screenGeneScoresTool } from '../../env/tools/screen';
import { variantAssociationsTool } from '../../env/tools/gwas';
import { goTermGenesTool } from '../../env/tools/go';
import { diseaseInfoTool } from '../../env/tools/phenotype';
import { ToolError, SPLITS, type Task } from '../../env/types';
import type { ChatMessage } from '../../policy/backend';
import { parseAssistantMessage, toolCallMessage } from '../../env/agent-format';
import { ExpertPolicy } from '../../env/expert-policy';
import { RECALLED_SYMBOL_MAX_LENGTH } from '../../env/tasks/gene-location';

const MIRROR = process.env.HELIX_DATA_MIRROR ?? resolve(__dirname, '../../../shared/data');
let database: Database;
let loadSeconds = 0;
beforeAll(async () => {
  database = await createTestDatabase('helix_kb');
  const report = await loadKnowledgeBase(database.db, { dataDir: MIRROR });
  loadSeconds = report.seconds;
});
afterAll(() => database.close());
const ctx = () => ({ db: database.db });
const KB_TYPES = () => listTaskTypes().filter((t) => t.datasets?.length);

describe('knowledge base load', () => {
  it('loads every dataset, fast, and a second load is a no-op', async () => {
    expect(loadSeconds).toBeLessThan(60);
    const again = await loadKnowledgeBase(database.db, { dataDir: MIRROR });
    expect(again.loaded).toEqual([]);
    expect(again.unchanged.sort()).toEqual(['bagel', 'go', 'gwas_catalog_2012', 'gwas_gold_standards', 'hgnc', 'hpo', 'hpo_gene_disease', 'orghs']);
    const { rows } = await database.pool.query('SELECT (SELECT count(*) FROM kb_disease_phenotypes)::int AS dp, (SELECT count(*) FROM kb_go_annotations)::int AS go, (SELECT count(*) FROM kb_screen_guides)::int AS guides');
    expect(rows[0]).toEqual({ dp: 274_385, go: 348_116, guides: 71_090 });
  });
  it('says which datasets it skipped and why', async () => {
    const report = await loadKnowledgeBase(database.db, { dataDir: '/nonexistent', datasets: ['bagel'] });
    expect(report.skipped[0]).toMatchObject({ dataset: 'bagel' });
    expect(report.skipped[0].reason).toMatch(/missing file/);
  });
});

describe('tools against the raw files', () => {
  it('gene_info gives GRCh38 coordinates and band as in the raw tables, and resolves old symbols', async () => {
    const raw = new Map<string, string>();
    for await (const row of readTsv(join(MIRROR, 'gene_coordinates_grch38.tsv.gz'))) if (['BRCA1', 'TP53'].includes(row.get('symbol'))) raw.set(row.get('symbol'), `${row.get('chrom')}:${row.get('start')}-${row.get('end')} (${row.get('strand')})`);
    const brca1 = await geneInfoTool.run({ gene: 'brca1' }, ctx());
    expect(brca1).toContain(`GRCh38: ${raw.get('BRCA1')}`);
    expect(brca1).toContain('17:43044295-43125364 (-)');
    expect(await geneInfoTool.run({ gene: 'TP53' }, ctx())).toContain('17:7668402-7687550 (-)');
    expect(await geneInfoTool.run({ gene: 'AARS' }, ctx())).toMatch(/^AARS1 \(matched 'AARS' as hgnc prev\)/);
    await expect(geneInfoTool.run({ gene: 'NOTAGENE42' }, ctx())).rejects.toMatchObject({ kind: 'permanent' });
  });
  it('screen_gene_scores matches a log fold change recomputed from the raw read counts', async () => {
    const guides: number[][] = [];
    const gene: number[][] = [];
    for await (const row of readTsv(join(MIRROR, 'bagel_reads_hap1.txt.gz'))) {
      const counts = ['HAP1_T0', 'HAP1_T18A', 'HAP1_T18B', 'HAP1_T18C'].map((c) => Number(row.get(c)));
      guides.push(counts);
      if (row.get('GENE') === 'POLR2L') gene.push(counts);
    }
    const totals = [0, 1, 2, 3].map((s) => guides.reduce((a, g) => a + g[s], 0));
    const lfcs = gene.filter((g) => g[0] >= 30).map((g) => {
      const n = g.map((c, s) => (c * 500 * guides.length) / totals[s]);
      return Math.log2(((n[1] + n[2] + n[3]) / 3 + 5) / (n[0] + 5));
    });
    const expected = lfcs.reduce((a, b) => a + b, 0) / lfcs.length;
    const out = await screenGeneScoresTool.run({ genes: ['POLR2L', 'AARS1'] }, ctx());
    expect(Number(/POLR2L: LFC (-?[\d.]+)/.exec(out)![1])).toBeCloseTo(expected, 2);
    expect(out).toContain('AARS1 (screen symbol AARS)');
  });
  it('variant_associations and variant_nearest_genes agree with the catalog and gold standards', async () => {
    const out = await variantAssociationsTool.run({ rsids: ['rs505922'], trait: 'Duodenal ulcer' }, ctx());
    expect(out).toMatch(/^rs505922 \[9q34\.2\]: Duodenal ulcer \(p=1\.0E-10\)/);
    const near = await variantNearestGenesTool.run({ variant: '16:81230992' }, ctx());
    expect(near.split('\n')[1]).toMatch(/^1\. BCO1 (inside|[\d.]+ kb)$/);
  });
  it('go_term_genes propagates annotations from child terms; disease_info lists genes', async () => {
    const direct: string[] = [];
    for await (const row of readTsv(join(MIRROR, 'go_gene_annotations.tsv.gz'))) if (row.get('go_id') === 'GO:0006915' && row.get('evidence') !== 'ND') direct.push(row.get('symbol'));
    const out = await goTermGenesTool.run({ go_id: 'GO:0006915' }, ctx());
    const count = Number(/: (\d+) annotated genes/.exec(out)![1]);
    expect(count).toBeGreaterThan(new Set(direct).size);
    expect(await diseaseInfoTool.run({ disease_id: 'OMIM:154700' }, ctx())).toMatch(/OMIM:154700 .*\ngenes: .*FBN1/);
  });
  it('database trouble is transient, a KB that is not loaded is permanent', async () => {
    const dead = openDatabase('postgres://helix@127.0.0.1:1/none');
    await expect(geneInfoTool.run({ gene: 'TP53' }, { db: dead.db })).rejects.toMatchObject({ kind: 'transient' });
    await dead.close();
    const empty = await createTestDatabase('helix_empty');
    await empty.pool.query('DROP TABLE kb_gene_aliases');
    const error = await Promise.resolve(geneInfoTool.run({ gene: 'TP53' }, { db: empty.db })).catch((e: unknown) => e as ToolError);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).kind).toBe('permanent');
    await empty.close();
  });
  it('wrong arguments come back as a helpful observation', async () => {
    const type = KB_TYPES().find((t) => t.name === 'gwas_causal_gene')!;
    const [task] = await type.generate({ seed: 3, count: 1, split: 'train', ctx: ctx() });
    const env = new TaskEnvironment(type, task, ctx());
    const step = await env.step(toolCallMessage('try', 'variant_nearest_genes', { position: 5 }));
    expect(step.toolError).toBe(true);
    expect(step.observation).toMatch(/bad arguments for variant_nearest_genes.*Usage: variant_nearest_genes/);
  });
  it('an unknown gene names the closest HGNC symbols, so a misspelt call can be mended', async () => {
    // A letter changed (DPYSL2 → DRYSL2), one added (BRCA1 → brca11), one doubled (TP53 → TP553).
    for (const [typo, intended] of [['DRYSL2', 'DPYSL2'], ['brca11', 'BRCA1'], ['TP553', 'TP53']]) {
      const error = await Promise.resolve(geneBandTool.run({ gene: typo }, ctx())).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ToolError);
      expect((error as ToolError).message).toMatch(new RegExp(`^gene '${typo}' not found\\. Closest HGNC symbols: .*\\b${intended}\\b`));
    }
    const far = await Promise.resolve(geneInfoTool.run({ gene: 'QQQQQQQQQQ' }, ctx())).catch((e: unknown) => e);
    expect((far as ToolError).message).toBe("gene 'QQQQQQQQQQ' not found. Give an HGNC symbol, e.g. BRCA1.");
  });
});

describe('task types', () => {
  it('generators are deterministic by seed, with stable unique ids', async () => {
    for (const type of KB_TYPES()) {
      const a = await type.generate({ seed: 7, count: 5, split: 'train', ctx: ctx() });
      const b = await type.generate({ seed: 7, count: 5, split: 'train', ctx: ctx() });
      expect(a.length, type.name).toBe(5);
      expect(a, type.name).toEqual(b);
      expect(new Set(a.map((t) => t.id)).size).toBe(5);
    }
  });
  it('splits are disjoint by entity (disease, gene, trait, GO term)', async () => {
    for (const type of KB_TYPES()) {
      const bySplit = new Map<string, Set<string>>();
      for (const split of SPLITS) {
        const tasks = await type.generate({ seed: 1, count: 60, split, ctx: ctx() });
        bySplit.set(split, new Set(tasks.map((t) => String(t.meta.entity))));
      }
      const [train, val, test] = SPLITS.map((s) => bySplit.get(s)!);
      for (const e of test) expect(train.has(e) || val.has(e), `${type.name} ${e}`).toBe(false);
      for (const e of val) expect(train.has(e), `${type.name} ${e}`).toBe(false);
    }
  });
  it('gene_location asks for a band, answered with one gene_band call and scored exactly', async () => {
    const type = KB_TYPES().find((t) => t.name === 'gene_location')!;
    expect(type.tools.map((t) => t.name)).toEqual(['gene_band']);
    const tasks = await type.generate({ seed: 2, count: 40, split: 'train', ctx: ctx() });
    expect(tasks).toHaveLength(40);
    expect(new Set(tasks.map((t) => t.id)).size).toBe(40);
    for (const task of tasks) {
      expect(task.prompt).toMatch(/^What is the cytogenetic location of the human gene \S+\? Answer with the band/);
      const { symbol, band } = task.answer as { symbol: string; band: string };
      expect(task.prompt).toContain(`gene ${symbol}?`);
      // The tool gives the band the scorer wants.
      expect(await geneBandTool.run({ gene: symbol }, ctx())).toBe(`${symbol} cytoband: ${band}`);
      expect(type.score(band, task)).toBe(1);
      expect(type.score(` ${band.toLowerCase()}.`, task)).toBe(1);
      expect(type.score(`${band}1`, task)).toBe(0);
      expect(type.score(band.replace(/[pq]/, (arm) => (arm === 'p' ? 'q' : 'p')), task)).toBe(0);
    }
    expect(await geneBandTool.run({ gene: 'AARS' }, ctx())).toMatch(/^AARS1 \(matched 'AARS' as hgnc prev\) cytoband: 16q22\.1$/);
    await expect(geneBandTool.run({ gene: 'NOTAGENE42' }, ctx())).rejects.toMatchObject({ kind: 'permanent' });
  });
  it('told to recall, the gene_location expert answers short (well-studied) symbols from memory and looks up the rest', async () => {
    const type = KB_TYPES().find((t) => t.name === 'gene_location')!;
    const tasks = await type.generate({ seed: 4, count: 120, split: 'train', ctx: ctx() });
    const recalling = new ExpertPolicy(type.expert, 0, type.name, { memory: ctx(), rate: 1 });
    const lookingUp = new ExpertPolicy(type.expert, 0, type.name);
    const firstAction = async (policy: ExpertPolicy, task: Task) => {
      const messages = new TaskEnvironment(type, task, ctx()).init();
      const { text } = await policy.generate({ messages, sampling: { temperature: 0, topP: 1, maxNewTokens: 512, seed: 1, stop: [] } });
      return parseAssistantMessage(text);
    };
    let recalled = 0;
    for (const task of tasks) {
      const { symbol, band } = task.answer as { symbol: string; band: string };
      const action = await firstAction(recalling, task);
      if (symbol.length <= RECALLED_SYMBOL_MAX_LENGTH) {
        expect(action, symbol).toMatchObject({ kind: 'solution', answer: band });
        recalled++;
      } else {
        expect(action, symbol).toMatchObject({ kind: 'execute', tool: 'gene_band', args: { gene: symbol } });
      }
      expect(await firstAction(lookingUp, task), symbol).toMatchObject({ kind: 'execute', args: { gene: symbol } });
      // The Temporal-free episode loop decides the same way: one turn from memory, else a lookup first.
      const episode = await runExpertEpisode(type, task, ctx(), 0, 0, 8, 'full', 1);
      expect(episode.turns, symbol).toBe(symbol.length <= RECALLED_SYMBOL_MAX_LENGTH ? 1 : 2);
      expect(episode.correctness, symbol).toBe(1);
    }
    expect(recalled).toBeGreaterThan(5);
    expect(recalled).toBeLessThan(tasks.length - 5);
  });
  it('at a recall rate of 0.5 the expert answers about half of the genes it knows from memory, the same way on a replay', async () => {
    const type = KB_TYPES().find((t) => t.name === 'gene_location')!;
    const known = (await type.generate({ seed: 5, count: 400, split: 'train', ctx: ctx() }))
      .filter((task) => (task.answer as { symbol: string }).symbol.length <= RECALLED_SYMBOL_MAX_LENGTH);
    expect(known.length).toBeGreaterThan(100);
    const turnsAt = async (rate: number) => {
      const turns: number[] = [];
      for (const task of known) turns.push((await runExpertEpisode(type, task, ctx(), 0, 0, 8, 'full', rate)).turns);
      return turns;
    };
    const half = await turnsAt(0.5);
    const fromMemory = half.filter((t) => t === 1).length;
    expect(fromMemory / known.length).toBeGreaterThan(0.35);
    expect(fromMemory / known.length).toBeLessThan(0.65);
    expect(half.every((t) => t === 1 || t === 2)).toBe(true); // the rest looked up, once
    expect(await turnsAt(0.5)).toEqual(half); // seeded per episode: a retried episode decides alike
    expect((await turnsAt(0)).every((t) => t === 2)).toBe(true);
  });
  it('the gene_location expert miscopies symbols on a slip and mends them; with its last turn come and no lookup, it answers what it knows', async () => {
    const type = KB_TYPES().find((t) => t.name === 'gene_location')!;
    const tasks = await type.generate({ seed: 6, count: 150, split: 'train', ctx: ctx() });
    const firstCallFailed = (transcript: ChatMessage[]) => transcript[3]?.role === 'user' && transcript[3].content.includes('Error: gene_band failed');
    const actionAt = (transcript: ChatMessage[], i: number) => parseAssistantMessage(transcript[i]?.content ?? '');
    let mended = 0, answeredFromMemory = 0, triedAgain = 0;
    for (const task of tasks) {
      const { symbol, band } = task.answer as { symbol: string; band: string };
      for (const maxTurns of [2, 3]) {
        const episode = await runExpertEpisode(type, task, ctx(), 0.3, 1, maxTurns, 'compact', 0.5);
        const { transcript } = episode;
        if (!firstCallFailed(transcript)) continue;
        // The refused call named a symbol one character off the question's.
        const refused = actionAt(transcript, 2);
        expect(refused.kind === 'execute' && String(refused.args.gene).length === symbol.length && refused.args.gene !== symbol).toBe(true);
        const next = actionAt(transcript, 4);
        if (next.kind === 'malformed') continue;
        if (maxTurns === 3) {
          // Two turns left: it calls again.
          expect(next.kind, symbol).toBe('execute');
          if (episode.correctness === 1) mended++;
        } else if (symbol.length <= RECALLED_SYMBOL_MAX_LENGTH) {
          // Told to answer now with nothing looked up, it answers from memory what it knows by heart.
          expect(next.kind, symbol).toBe('solution');
          if (next.kind === 'solution' && next.answer === band) answeredFromMemory++;
        } else {
          // A gene it does not know: it can only try the tool again, and runs out of turns.
          expect(next.kind, symbol).toBe('execute');
          triedAgain++;
        }
      }
    }
    expect(mended).toBeGreaterThan(3);
    expect(answeredFromMemory).toBeGreaterThan(3);
    expect(triedAgain).toBeGreaterThan(3);
  });
  it('the expert at zero noise solves every task type; at 0.3 noise it slips', async () => {
    const table: Record<string, [number, number]> = {};
    for (const type of listTaskTypes()) {
      const tasks: Task[] = await type.generate({ seed: 11, count: 12, split: 'val', ctx: ctx() });
      expect(tasks.length, type.name).toBeGreaterThan(0);
      const acc = async (noise: number) => {
        let sum = 0;
        for (const task of tasks) sum += (await runExpertEpisode(type, task, ctx(), noise)).correctness;
        return sum / tasks.length;
      };
      table[type.name] = [await acc(0), await acc(0.3)];
    }
    for (const [name, [clean, noisy]] of Object.entries(table)) {
      expect(clean, name).toBeGreaterThanOrEqual(0.95);
      expect(noisy, name).toBeLessThan(clean + 1e-9);
    }
  });
});
