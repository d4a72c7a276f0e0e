// RL against SFT, task by task. The run evaluates both models on the same held-out tasks, so their
// difference can be read per task (a paired comparison): the task-to-task spread of difficulty
// cancels out, the interval is far tighter than two means' would be, and it says how many tasks
// RL won and lost. What it cannot say is how much a second training run would differ: that spread
// comes from training, not from the choice of test tasks (bench/RL-OVER-SFT.md measured it).
import jStat from 'jstat';
import type { RunEvaluationLabel } from '../workflows/training-types';
import type { EvaluationEpisode } from './evaluation-episodes';

export interface ScoredEpisode {
  taskId: string;
  correctness: number;
}

export interface PairedComparison {
  /** The model compared against (e.g. 'sft') and the one compared (e.g. 'rl'). */
  baseline: string;
  candidate: string;
  /** Tasks both models finished an episode of. */
  tasks: number;
  /** Mean over those tasks of candidate − baseline correctness. */
  meanDifference: number;
  /** 95 % confidence interval of the mean difference (Student's t), kept within [−1, 1]; null under 2 tasks. */
  interval: [number, number] | null;
  /** Tasks where the candidate scored higher, and lower. */
  better: number;
  worse: number;
}

const CONFIDENCE = 0.95;

/** Pairs the two models' episodes by task (several episodes of one task are averaged first); null when no task is shared. */
export function comparePaired(baseline: { label: string; episodes: ScoredEpisode[] }, candidate: { label: string; episodes: ScoredEpisode[] }): PairedComparison | null {
  const baselineByTask = meanPerTask(baseline.episodes);
  const candidateByTask = meanPerTask(candidate.episodes);
  const differences = [...candidateByTask].filter(([task]) => baselineByTask.has(task)).map(([task, score]) => score - baselineByTask.get(task)!);
  const n = differences.length;
  if (n === 0) return null;
  const mean = differences.reduce((sum, d) => sum + d, 0) / n;
  let interval: [number, number] | null = null;
  if (n >= 2) {
    const variance = differences.reduce((sum, d) => sum + (d - mean) ** 2, 0) / (n - 1);
    const halfWidth = jStat.studentt.inv(1 - (1 - CONFIDENCE) / 2, n - 1) * Math.sqrt(variance / n);
    // Correctness lies in [0, 1], so a mean difference outside [−1, 1] is impossible.
    interval = [Math.max(-1, mean - halfWidth), Math.min(1, mean + halfWidth)];
  }
  return {
    baseline: baseline.label,
    candidate: candidate.label,
    tasks: n,
    meanDifference: mean,
    interval,
    better: differences.filter((d) => d > 0).length,
    worse: differences.filter((d) => d < 0).length,
  };
}

function meanPerTask(played: ScoredEpisode[]): Map<string, number> {
  const sums = new Map<string, { total: number; count: number }>();
  for (const { taskId, correctness } of played) {
    const sum = sums.get(taskId) ?? { total: 0, count: 0 };
    sums.set(taskId, { total: sum.total + correctness, count: sum.count + 1 });
  }
  return new Map([...sums].map(([task, { total, count }]) => [task, total / count]));
}

/** The run's own RL evaluation against its SFT evaluation; null before both have episodes. */
export function rlOverSft(played: EvaluationEpisode[]): PairedComparison | null {
  const of = (label: RunEvaluationLabel) => ({ label, episodes: played.filter((p) => p.label === label) });
  return comparePaired(of('sft'), of('rl'));
}

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

/** One line: `rl − sft on the same 200 tasks: +0.045 (95 % CI +0.012 to +0.078); rl better on 14, worse on 5`. */
export function describeComparison(c: PairedComparison): string {
  const interval = c.interval ? ` (95 % CI ${signed(c.interval[0])} to ${signed(c.interval[1])})` : '';
  const tasks = c.tasks === 1 ? 'the same task' : `the same ${c.tasks} tasks`;
  return `${c.candidate} − ${c.baseline} on ${tasks}: ${signed(c.meanDifference)}${interval}; ${c.candidate} better on ${c.better}, worse on ${c.worse}`;
}
