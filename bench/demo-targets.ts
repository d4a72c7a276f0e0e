// Issue 5's targets, measured: `helixrl demo` for three seeds, each timed, then the held-out
// evaluation table per seed and the checks: ≤ 20 min, RL − SFT mean correctness ≥ 0.10,
// RL format rate ≥ 0.95; where each seed's minutes went (setup, the run's phases, the report); and
// how the SFT and RL models' evaluation episodes ended.
//   npx tsx bench/demo-targets.ts [seeds=1,2,3] [extra demo args…]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../infra/config';
import { openCommandDatabase } from '../cli/database';
import { getEvaluations, listRuns } from '../db/training-store';
import { RUN_EVALUATION_LABELS } from '../workflows/training-types';
import { describePhaseTimes, loadPhaseTimes } from '../report/phase-times';
import { loadRunEvaluationEpisodes } from '../report/evaluation-episodes';
import { buildOutcomeTable, describeOutcomes } from '../report/evaluation-outcomes';
import { describeComparison, rlOverSft } from '../report/paired-comparison';

const seeds = (process.argv[2] ?? '1,2,3').split(',').map(Number);
const extra = process.argv.slice(3);
const bin = fileURLToPath(new URL('../bin/helixrl.mjs', import.meta.url));

const rows: string[] = [];
for (const seed of seeds) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [bin, 'demo', '--set', `seed=${seed}`, ...extra], { stdio: ['ignore', 'inherit', 'inherit'] });
  const ended = Date.now();
  const minutes = (ended - started) / 60_000;
  const database = await openCommandDatabase(loadConfig());
  try {
    const run = (await listRuns(database.db)).at(-1);
    const evaluations = run ? await getEvaluations(database.db, run.id) : [];
    const mean = (label: string, pick: (e: (typeof evaluations)[number]) => number) => {
      const xs = evaluations.filter((e) => e.label === label).map(pick);
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
    };
    const [untrained, sft, rl] = RUN_EVALUATION_LABELS.map((l) => mean(l, (e) => e.meanCorrectness));
    const rlFormat = mean('rl', (e) => e.formatRate);
    // Means over 200 tasks are multiples of 0.005: compare with a float's slack (0.595 − 0.495 < 0.1 in doubles).
    const ok = minutes <= 20 && rl - sft >= 0.1 - 1e-9 && rlFormat >= 0.95 - 1e-9;
    rows.push(
      `seed ${seed}: exit ${result.status} · ${minutes.toFixed(1)} min · correctness untrained ${untrained.toFixed(3)} / sft ${sft.toFixed(3)} / rl ${rl.toFixed(3)} (rl − sft ${(rl - sft).toFixed(3)}) · rl format ${rlFormat.toFixed(2)} · targets ${ok ? 'met' : 'NOT met'}`,
    );
    // One read of the evaluation episodes for both the task-by-task comparison and the outcomes.
    const evaluationEpisodes = run ? await loadRunEvaluationEpisodes(database.db, run.id) : [];
    const comparison = rlOverSft(evaluationEpisodes);
    if (comparison) rows.push(`        ${describeComparison(comparison)}`);
    // Setup is everything before the first expert episode (servers, data, KB, tasks); the tail is the report and shutdown.
    const phases = run ? await loadPhaseTimes(database.db, run.id) : [];
    if (phases.length) {
      const min = (ms: number) => (ms / 60_000).toFixed(1);
      const setup = min(phases[0].startedAt.getTime() - started);
      const tail = min(ended - phases.at(-1)!.finishedAt.getTime());
      rows.push(`        minutes: setup ${setup}, ${describePhaseTimes(phases)}, report and shutdown ${tail}`);
    }
    // Where the episodes the SFT and RL models got wrong went: share (mean correctness) per outcome.
    const outcomes = run ? buildOutcomeTable(evaluationEpisodes) : undefined;
    if (outcomes) for (const label of ['sft', 'rl']) rows.push(`        ${label} episodes: ${describeOutcomes(outcomes, label)}`);
  } finally {
    await database.close();
  }
}
console.log(rows.join('\n'));
