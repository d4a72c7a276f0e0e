// `helixrl report` end to end on a real PostgreSQL: synthetic run data in, report.html and PNGs out,
// with the numbers checked against values worked out by hand from the rows inserted here.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../db/client';
import { episodes, epochMetrics, evaluations, policyVersions, runs, sftExamples, tasks, turns } from '../../db/schema';
import { register } from '../../cli/commands/report';
import { writeReport } from '../../report';
import { loadReportData } from '../../report/data';
import { describePhaseTimes, phaseSpans } from '../../report/phase-times';
import { describeOutcomes, outcomeOf } from '../../report/evaluation-outcomes';
import { createTestDatabase } from '../support/database';

const RUN = 'run-report-test';
const FRESH_RUN = 'run-just-started';
const TYPES = ['gwas_causal_gene', 'rare_disease_diagnosis'] as const;
const EPOCHS = [0, 1, 2, 3];
const PER_GROUP = 3;
/** The run's clock: the first expert episode starts at T0; `at(m)` is m minutes later. */
const T0 = Date.parse('2026-11-30T09:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

let database: Database;
let outRoot: string;

type EpisodeRow = typeof episodes.$inferInsert;
type TurnRow = typeof turns.$inferInsert;

/**
 * Episode i of a task type in an epoch. By construction:
 * - correctness: gwas i < epoch, rare i < epoch - 1 (so gwas at epoch 2 has mean 2/3);
 * - format fails only for i = 2 in epoch 0 (format rate 4/6 there, 1 elsewhere);
 * - two tool calls each; gwas episodes with i < 3 - epoch have one tool error, so the epoch's tool
 *   error rate is (3 - epoch) / 12: 0.25, 1/6, 1/12, 0.
 */
function curveEpisode(type: (typeof TYPES)[number], epoch: number, i: number): { episode: EpisodeRow; turns: TurnRow[] } {
  const id = `${RUN}-e${epoch}-${type}-${i}`;
  const correct = (type === 'gwas_causal_gene' ? i < epoch : i < epoch - 1) ? 1 : 0;
  const formatOk = !(epoch === 0 && i === 2);
  const toolError = type === 'gwas_causal_gene' && i < 3 - epoch;
  // One episode per epoch also gets a corrective observation (no tool): it must not count as a call.
  const corrective = type === 'rare_disease_diagnosis' && i === 0;
  return {
    episode: {
      id, runId: RUN, taskId: `task-${type}-${i}`, taskType: type, epoch, policyVersion: `rl-${epoch}`, status: 'completed',
      correctness: correct, formatOk, reward: correct + (formatOk ? 1 : 0),
      assistantTurns: corrective ? 4 : 3, tokens: 100 + 10 * epoch + i, toolErrors: toolError ? 1 : 0,
      finishedAt: new Date(),
    },
    turns: transcript(id, [false, toolError], corrective),
  };
}

/** system, task prompt, then per tool call an assistant turn and its observation, then the solution (unless `answered` is false). */
function transcript(episodeId: string, toolErrors: boolean[], corrective = false, answered = true): TurnRow[] {
  const rows: TurnRow[] = [
    { episodeId, idx: 0, role: 'system', content: 'You are a biomedical research agent.' },
    { episodeId, idx: 1, role: 'user', content: 'Which gene is causal for the lead GWAS variant?' },
  ];
  for (const error of toolErrors) {
    rows.push({ episodeId, idx: rows.length, role: 'assistant', content: '<think>look it up</think><execute>query_gwas("rs123")</execute>', actionKind: 'execute', wellFormed: true, tokens: 12 });
    rows.push({ episodeId, idx: rows.length, role: 'user', content: error ? '<observation>Error: timeout</observation>' : '<observation>FTO</observation>', tool: 'query_gwas', toolError: error, tokens: 6 });
  }
  if (corrective) {
    rows.push({ episodeId, idx: rows.length, role: 'assistant', content: 'FTO', actionKind: 'malformed', wellFormed: false, tokens: 2 });
    rows.push({ episodeId, idx: rows.length, role: 'user', content: '<observation>Use <think> then <execute> or <solution>.</observation>', tokens: 14 });
  }
  if (answered) rows.push({ episodeId, idx: rows.length, role: 'assistant', content: '<think>done</think><solution>FTO</solution>', actionKind: 'solution', wellFormed: true, tokens: 8 });
  return rows;
}

/**
 * The run's own evaluation episodes, under `<run>.eval-<label>`, one per way an episode can end:
 * sft: answered cleanly (right, then wrong), no answer after a tool error, no answer after a
 * malformed message, no answer with turns run out; rl: answered cleanly, after a tool error, after a
 * malformed message (wrong), and one still running that must not count. No untrained episodes.
 */
function evaluationEpisodes(): { episode: EpisodeRow; turns: TurnRow[] }[] {
  const played = (label: string, i: number, correctness: number, toolErrors: boolean[], corrective: boolean, answered: boolean, status = 'completed') => {
    const id = `${RUN}.eval-${label}-${i}`;
    const rows = transcript(id, toolErrors, corrective, answered);
    return {
      episode: { id, runId: `${RUN}.eval-${label}`, taskId: `task-gwas_causal_gene-${i % PER_GROUP}`, taskType: 'gwas_causal_gene', epoch: 0, policyVersion: `${label}-final`, status, correctness, formatOk: answered && !corrective, reward: correctness, toolErrors: toolErrors.filter(Boolean).length },
      turns: rows,
    };
  };
  return [
    played('sft', 0, 1, [false], false, true),
    played('sft', 1, 0, [false], false, true),
    played('sft', 2, 0, [true], false, false),
    played('sft', 3, 0, [false], true, false),
    played('sft', 4, 0, [false, false], false, false),
    played('rl', 0, 1, [false], false, true),
    played('rl', 1, 1, [true, false], true, true),
    played('rl', 2, 0, [false], true, true),
    played('rl', 3, 0, [true], false, false, 'running'),
  ];
}

async function seed(db: Database['db']): Promise<void> {
  await db.insert(runs).values([
    { id: RUN, config: { taskTypes: TYPES, groupSize: PER_GROUP, epochs: 4, learningRate: 1e-5 }, status: 'completed', phase: 'done', epoch: 4, policyVersion: 'rl-4' },
    { id: FRESH_RUN, config: { epochs: 2 }, status: 'running', phase: 'collect', epoch: 0 },
  ]);
  await db.insert(tasks).values(TYPES.flatMap((type) => Array.from({ length: PER_GROUP }, (_, i) => ({ id: `task-${type}-${i}`, taskType: type, split: 'train', prompt: `task ${i}`, answer: { gene: 'FTO' } }))));

  const curve = TYPES.flatMap((type) => EPOCHS.flatMap((epoch) => Array.from({ length: PER_GROUP }, (_, i) => curveEpisode(type, epoch, i))));
  // Rows that must stay out of the curves, each full of tool errors and zero rewards:
  const noise = [
    // an expert-collection episode (epoch -1) of this run,
    { episode: { id: 'expert-1', runId: RUN, taskId: 'task-gwas_causal_gene-0', taskType: 'gwas_causal_gene', epoch: -1, policyVersion: 'expert', status: 'completed', correctness: 1, formatOk: true, reward: 2, assistantTurns: 3, tokens: 500, startedAt: at(0), finishedAt: at(1) }, turns: transcript('expert-1', [true, true]) },
    { episode: { id: 'expert-2', runId: RUN, taskId: 'task-gwas_causal_gene-1', taskType: 'gwas_causal_gene', epoch: -1, policyVersion: 'expert', status: 'completed', correctness: 0, formatOk: false, reward: 0, assistantTurns: 3, tokens: 500, startedAt: at(0.5), finishedAt: at(2) }, turns: transcript('expert-2', [true, true]) },
    { episode: { id: 'expert-3', runId: RUN, taskId: 'task-rare_disease_diagnosis-0', taskType: 'rare_disease_diagnosis', epoch: -1, policyVersion: 'expert', status: 'completed', correctness: 1, formatOk: true, reward: 2, assistantTurns: 3, tokens: 500, startedAt: at(0.2), finishedAt: at(1.5) }, turns: transcript('expert-3', [false, false]) },
    // an evaluation episode, which lives under its own run id,
    { episode: { id: 'eval-1', runId: `${RUN}-eval-rl`, taskId: 'task-gwas_causal_gene-0', taskType: 'gwas_causal_gene', epoch: 0, policyVersion: 'rl-4', status: 'completed', correctness: 0, formatOk: false, reward: 0, assistantTurns: 3, tokens: 9999 }, turns: transcript('eval-1', [true, true]) },
    // and an episode still running.
    { episode: { id: 'running-1', runId: RUN, taskId: 'task-gwas_causal_gene-0', taskType: 'gwas_causal_gene', epoch: 3, policyVersion: 'rl-3', status: 'running', assistantTurns: 2, tokens: 9999 }, turns: transcript('running-1', [true, true]) },
  ];
  const all = [...curve, ...noise, ...evaluationEpisodes()];
  await db.insert(episodes).values(all.map((e) => e.episode));
  await db.insert(turns).values(all.flatMap((e) => e.turns));
  await db.insert(sftExamples).values([
    { runId: RUN, contentHash: 'h1', episodeId: 'expert-1', taskType: 'gwas_causal_gene', messages: [] },
    { runId: RUN, contentHash: 'h3', episodeId: 'expert-3', taskType: 'rare_disease_diagnosis', messages: [] },
  ]);

  await db.insert(epochMetrics).values(
    EPOCHS.map((epoch) => ({ runId: RUN, epoch, createdAt: at(11 + epoch), rolloutVersion: `rl-${epoch}`, trainedVersion: `rl-${epoch + 1}`, metrics: { loss: 1 / (epoch + 1), clipFraction: 0.1, keptGroups: 2, meanReward: 1 + epoch / 4, note: 'not a number' } })),
  );

  // SFT ends when its version is registered (T0 + 10 min); the base version before it is not a phase end.
  await db.insert(policyVersions).values([
    { id: `${RUN}/base`, runId: RUN, kind: 'base', step: 0, checkpointDir: '/x', modelDir: '/x', createdAt: at(2.5) },
    { id: `${RUN}/sft`, runId: RUN, kind: 'sft', step: 1, checkpointDir: '/x', modelDir: '/x', createdAt: at(10) },
  ]);

  // The run's own evaluations end at T0 + 18 min; a later `helixrl eval` with a free label (T0 + 60)
  // is not part of the run's evaluation phase.
  const evaluatedAt: Record<string, Date> = { untrained: at(15), sft: at(16), rl: at(18), 'zz-custom': at(60) };
  const evaluation = (label: string, taskType: string, meanCorrectness: number, formatRate: number, toolErrorRate: number | null, runId = RUN) =>
    ({ runId, label, policyVersion: label === 'untrained' ? 'base-0' : `${label}-final`, split: 'test', taskType, episodes: 20, meanCorrectness, formatRate, toolErrorRate, createdAt: evaluatedAt[label] });
  await db.insert(evaluations).values([
    // Inserted out of order on purpose: the table must still read untrained, sft, rl, then others.
    // The untrained rows have no tool-error rate, as rows recorded before it was measured.
    evaluation('rl', 'gwas_causal_gene', 0.7, 1.0, 0),
    evaluation('rl', 'rare_disease_diagnosis', 0.6, 0.9, 0.2),
    evaluation('zz-custom', 'gwas_causal_gene', 0.3, 0.5, 0.4),
    evaluation('untrained', 'gwas_causal_gene', 0.1, 0.4, null),
    evaluation('untrained', 'rare_disease_diagnosis', 0.2, 0.6, null),
    evaluation('sft', 'gwas_causal_gene', 0.5, 0.9, 1),
    evaluation('sft', 'rare_disease_diagnosis', 0.4, 0.8, 0.5),
    evaluation('rl', 'gwas_causal_gene', 0.01, 0.01, 0.9, 'some-other-run'),
  ]);
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The cells of the HTML table row whose first cell is `first`. */
function htmlRow(html: string, first: string): string[] {
  const row = [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<td>(.*?)<\/td>/g)].map((c) => c[1])).find((cells) => cells[0] === first);
  if (!row) throw new Error(`no table row starting with ${first}`);
  return row;
}

beforeAll(async () => {
  database = await createTestDatabase('helix_report');
  await seed(database.db);
  outRoot = await mkdtemp(join(tmpdir(), 'helix-report-'));
});

afterAll(async () => {
  await database?.close();
  if (outRoot) await rm(outRoot, { recursive: true, force: true });
});

describe('report data', () => {
  it('computes the tool error rate from the transcripts of finished curve episodes only', async () => {
    const data = await loadReportData(database.db, RUN);
    expect(data.byEpoch.map((e) => e.epoch)).toEqual(EPOCHS);
    // 6 episodes × 2 tool calls per epoch; gwas episodes with i < 3 - epoch carry one error each.
    expect(data.byEpoch.map((e) => [e.toolCalls, e.toolErrors])).toEqual([[12, 3], [12, 2], [12, 1], [12, 0]]);
    expect(data.byEpoch[0].toolErrorRate).toBeCloseTo(0.25, 12);
    expect(data.byEpoch[1].toolErrorRate).toBeCloseTo(1 / 6, 12);
    expect(data.byEpoch[3].toolErrorRate).toBe(0);
  });

  it('averages reward, correctness, format, tokens and turns per epoch', async () => {
    const data = await loadReportData(database.db, RUN);
    const gwas2 = data.byTaskType.find((p) => p.epoch === 2 && p.taskType === 'gwas_causal_gene')!;
    expect(gwas2.episodes).toBe(3);
    expect(gwas2.meanCorrectness).toBeCloseTo(2 / 3, 6);
    expect(gwas2.meanReward).toBeCloseTo(1 + 2 / 3, 6);
    // Epoch 0, gwas: correctness 0 everywhere, format fails for i = 2 → rewards 1, 1, 0.
    expect(data.byTaskType.find((p) => p.epoch === 0 && p.taskType === 'gwas_causal_gene')!.meanReward).toBeCloseTo(2 / 3, 6);
    expect(data.byEpoch[0].formatRate).toBeCloseTo(4 / 6, 6);
    expect(data.byEpoch[1].formatRate).toBe(1);
    // Epoch 1 tokens: 110, 111, 112 for each type → mean 111; turns: 3 each, 4 for the corrective episode.
    expect(data.byEpoch[1].meanTokens).toBeCloseTo(111, 6);
    expect(data.byEpoch[1].meanAssistantTurns).toBeCloseTo(19 / 6, 6);
    expect(data.trainer.map((t) => t.metrics.loss)).toEqual([1, 0.5, 1 / 3, 0.25]);
    expect(data.trainer[0].metrics).not.toHaveProperty('note');
    expect(data.collection).toEqual([
      { taskType: 'gwas_causal_gene', episodes: 2, meanCorrectness: 0.5, formatRate: 0.5, keptForSft: 1 },
      { taskType: 'rare_disease_diagnosis', episodes: 1, meanCorrectness: 1, formatRate: 1, keptForSft: 1 },
    ]);
  });
});

describe('how the evaluation episodes ended', () => {
  it('tallies the finished episodes of each evaluated model by outcome, with their mean correctness', async () => {
    const { outcomes } = await loadReportData(database.db, RUN);
    // No untrained episodes were played, so no untrained column; the running rl episode is left out.
    expect(outcomes.labels).toEqual(['sft', 'rl']);
    const byOutcome = Object.fromEntries(outcomes.rows.map((r) => [r.outcome, r.cells.map((c) => [c.share, c.meanCorrectness])]));
    expect(byOutcome).toEqual({
      'answered, no slip': [[2 / 5, 0.5], [1 / 3, 1]],
      'answered after a tool error': [[0, null], [1 / 3, 1]],
      'answered after a malformed message': [[0, null], [1 / 3, 0]],
      'no answer after a tool error': [[1 / 5, 0], [0, null]],
      'no answer, malformed messages': [[1 / 5, 0], [0, null]],
      'no answer, out of turns': [[1 / 5, 0], [0, null]],
    });
    expect(describeOutcomes(outcomes, 'rl')).toBe('answered, no slip 0.333 (1.00); answered after a tool error 0.333 (1.00); answered after a malformed message 0.333 (0.00)');
    expect(describeOutcomes(outcomes, 'untrained')).toBe('no evaluation episodes');
  });

  it('pairs the rl and sft episodes by task: the mean difference, its interval, tasks won and lost', async () => {
    const { rlOverSft } = await loadReportData(database.db, RUN);
    // Per task (sft's repeated episodes averaged, rl's running one left out): t0 1 − 0.5, t1 1 − 0, t2 0 − 0.
    expect(rlOverSft).toMatchObject({ baseline: 'sft', candidate: 'rl', tasks: 3, better: 2, worse: 0 });
    expect(rlOverSft!.meanDifference).toBeCloseTo(0.5, 12);
    // Standard error sqrt(0.25 / 3), t(0.975, 2) = 4.3026527; the upper end stops at 1.
    expect(rlOverSft!.interval![0]).toBeCloseTo(0.5 - 4.3026527 * Math.sqrt(0.25 / 3), 6);
    expect(rlOverSft!.interval![1]).toBe(1);
    expect((await loadReportData(database.db, FRESH_RUN)).rlOverSft).toBeNull();
  });

  it('names a tool error before a malformed message when an episode had both', () => {
    expect(outcomeOf({ answered: true, toolErrors: 1, malformedMessages: 2 })).toBe('answered after a tool error');
    expect(outcomeOf({ answered: false, toolErrors: 1, malformedMessages: 2 })).toBe('no answer after a tool error');
    expect(outcomeOf({ answered: false, toolErrors: 0, malformedMessages: 0 })).toBe('no answer, out of turns');
  });
});

describe('time per phase', () => {
  it('times each phase from the row that ends it, starting where the phase before it ended', async () => {
    const { phases } = await loadReportData(database.db, RUN);
    expect(phases.map((p) => [p.phase, p.startedAt.toISOString(), p.finishedAt.toISOString()])).toEqual([
      ['collect', at(0).toISOString(), at(2).toISOString()],
      ['sft', at(2).toISOString(), at(10).toISOString()],
      ['rl', at(10).toISOString(), at(14).toISOString()],
      ['eval', at(14).toISOString(), at(18).toISOString()],
    ]);
    expect(phases.map((p) => p.minutes)).toEqual([2, 8, 4, 4]);
  });

  it('leaves out the phases a run has not finished', async () => {
    expect((await loadReportData(database.db, FRESH_RUN)).phases).toEqual([]);
    // A run without SFT steps registers no SFT version: RL then counts from the end of collection.
    const spans = phaseSpans(at(0), [['collect', at(3)], ['sft', undefined], ['rl', at(9)], ['eval', null]]);
    expect(spans).toEqual([
      { phase: 'collect', startedAt: at(0), finishedAt: at(3), minutes: 3 },
      { phase: 'rl', startedAt: at(3), finishedAt: at(9), minutes: 6 },
    ]);
    expect(describePhaseTimes(spans)).toBe('collect 3.0, rl 6.0 min');
    expect(describePhaseTimes([])).toBe('no phase finished');
  });
});

describe('writeReport', () => {
  it('writes a self-contained report.html with every plot, the evaluation table and the collection summary', async () => {
    const dir = join(outRoot, RUN);
    const report = await writeReport(database.db, RUN, dir);
    expect(report.html).toBe(join(dir, 'report.html'));
    const html = await readFile(report.html, 'utf8');

    for (const title of ['Mean reward per task type', 'Mean correctness per task type', 'Format rate', 'Episode length (mean tokens)', 'Turns per episode (mean assistant turns)', 'Tool error rate', 'Trainer loss']) {
      expect(html).toContain(`<h3>${title}</h3>`);
    }
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(7);
    // Opens offline: no scripts, no stylesheets or images fetched from anywhere.
    expect(html).not.toMatch(/<script|<link|src="http|href="http|@import/);
    expect(html).toContain('<style>');
    expect(html).toContain('&quot;learningRate&quot;: 0.00001');

    // Columns: untrained, sft, rl, then the free label. Cells: mean correctness (format rate).
    const header = html.match(/<tr><th>task type<\/th>(.*?)<\/tr>/)![1];
    expect([...header.matchAll(/<th>(.*?)<\/th>/g)].map((m) => m[1])).toEqual(['untrained', 'sft', 'rl', 'zz-custom']);
    expect(htmlRow(html, 'gwas_causal_gene')).toEqual(['gwas_causal_gene', '0.100 (0.40)', '0.500 (0.90)', '0.700 (1.00)', '0.300 (0.50)']);
    expect(htmlRow(html, 'rare_disease_diagnosis').slice(0, 5)).toEqual(['rare_disease_diagnosis', '0.200 (0.60)', '0.400 (0.80)', '0.600 (0.90)', '-']);
    // all = the mean over task types: rl (0.7 + 0.6) / 2 = 0.65, format (1.0 + 0.9) / 2 = 0.95.
    expect(htmlRow(html, 'all')).toEqual(['all', '0.150 (0.50)', '0.450 (0.85)', '0.650 (0.95)', '0.300 (0.50)']);
    expect(html).not.toContain('0.010 (0.01)');
    // Tool-error rate, the mean over task types: sft (1 + 0.5) / 2, rl (0 + 0.2) / 2; '-' where unmeasured.
    expect(htmlRow(html, 'tool-error rate')).toEqual(['tool-error rate', '-', '0.75', '0.10', '0.40']);

    // The per-epoch summary shows the hand-computed tool error rates.
    expect(htmlRow(html, '0')).toEqual(['0', '6', '0.667', '101.0', '3.17', '12', '3', '0.250']);
    expect(htmlRow(html, '1')[7]).toBe('0.167');
    expect(html).toContain('SFT data collection');

    // How the evaluation episodes ended: share (mean correctness) per model.
    expect(html).toMatch(/<tr><th>how the episode ended<\/th><th>sft<\/th><th>rl<\/th><\/tr>/);
    expect(htmlRow(html, 'answered, no slip')).toEqual(['answered, no slip', '0.400 (0.50)', '0.333 (1.00)']);
    expect(html).toContain("Only the run's own evaluations");
    expect(htmlRow(html, 'no answer after a tool error')).toEqual(['no answer after a tool error', '0.200 (0.00)', '0.000 (-)']);
    expect(html).toContain('Task by task: rl − sft on the same 3 tasks: +0.500 (95 % CI −0.742 to +1.000); rl better on 2, worse on 0.');

    // Time per phase: minutes and share of the 18 minutes from the first expert episode.
    expect(htmlRow(html, 'collect')).toEqual(['collect', at(0).toISOString(), '2.0', '11 %']);
    expect(htmlRow(html, 'sft')).toEqual(['sft', at(2).toISOString(), '8.0', '44 %']);
    expect(htmlRow(html, 'eval')[2]).toBe('4.0');
    expect(htmlRow(html, 'total')).toEqual(['total', at(0).toISOString(), '18.0', '100 %']);
  });

  it('writes one PNG per plot with the PNG signature and plausible dimensions', async () => {
    const report = await writeReport(database.db, RUN, join(outRoot, 'pngs'));
    expect(report.pngs.map((p) => basename(p)).sort()).toEqual(
      ['assistant-turns', 'correctness-by-task-type', 'episode-length', 'format-rate', 'reward-by-task-type', 'tool-error-rate', 'trainer-loss'].map((n) => `${n}.png`),
    );
    for (const path of report.pngs) {
      const bytes = await readFile(path);
      const { width, height } = pngSize(bytes);
      expect(width).toBeGreaterThan(600);
      expect(width).toBeLessThan(4000);
      expect(height).toBeGreaterThan(300);
      expect(height).toBeLessThan(width);
      // A blank canvas compresses to almost nothing; lines, axes and text do not.
      expect((await stat(path)).size).toBeGreaterThan(10_000);
    }
  });

  it('still writes a report for a run with no epochs yet', async () => {
    const report = await writeReport(database.db, FRESH_RUN, join(outRoot, FRESH_RUN));
    expect(report.pngs).toEqual([]);
    const html = await readFile(report.html, 'utf8');
    expect(html).toContain(FRESH_RUN);
    expect(html).toContain('No RL epoch has finished an episode yet.');
    expect(html).toContain('No evaluation recorded for this run yet.');
    expect(html).toContain('No phase has finished yet.');
    expect(html).toContain('No evaluation episodes of this run yet.');
  });

  it('names the unknown run and the runs that exist', async () => {
    await expect(writeReport(database.db, 'no-such-run', join(outRoot, 'x'))).rejects.toThrow(
      new RegExp(`No run 'no-such-run'\\. Runs in this database, newest first: .*${RUN}`),
    );
  });
});

describe('helixrl report', () => {
  it('prints the evaluation table and the written paths', async () => {
    const printed: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    try {
      const program = new Command('helixrl').exitOverride();
      // The command closes its database; keep the shared test pool open.
      register(program, { openDatabase: async () => ({ ...database, close: async () => {} }) });
      await program.parseAsync(['node', 'helixrl', 'report', RUN, '--out', join(outRoot, 'cli')]);
    } finally {
      spy.mockRestore();
    }
    const output = printed.join('');
    expect(output).toMatch(/task type\s+untrained\s+sft\s+rl\s+zz-custom/);
    expect(output).toMatch(/all\s+0\.150 \(0\.50\)\s+0\.450 \(0\.85\)\s+0\.650 \(0\.95\)\s+0\.300 \(0\.50\)/);
    expect(output).toContain('rl − sft on the same 3 tasks: +0.500 (95 % CI −0.742 to +1.000); rl better on 2, worse on 0');
    expect(output).toContain('phases: collect 2.0, sft 8.0, rl 4.0, eval 4.0 min');
    expect(output).toContain(join(outRoot, 'cli', 'report.html'));
    expect(output).toContain(join(outRoot, 'cli', 'tool-error-rate.png'));
  });
});
