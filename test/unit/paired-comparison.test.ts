import { describe, expect, it } from 'vitest';
import { comparePaired, describeComparison, type ScoredEpisode } from '../../report/paired-comparison';

const scored = (scores: number[]): ScoredEpisode[] => scores.map((correctness, i) => ({ taskId: `t${i}`, correctness }));

describe('comparePaired', () => {
  it('takes the mean per-task difference with a Student t interval', () => {
    // Differences 1, 1, 1, 0 ×6, −1: mean 0.2, sample variance 3.6 / 9 = 0.4, standard error 0.2;
    // t(0.975, 9 degrees of freedom) = 2.2621572.
    const comparison = comparePaired(
      { label: 'sft', episodes: scored([0, 0, 0, 1, 1, 1, 0, 0, 1, 1]) },
      { label: 'rl', episodes: scored([1, 1, 1, 1, 1, 1, 0, 0, 1, 0]) },
    )!;
    expect(comparison).toMatchObject({ baseline: 'sft', candidate: 'rl', tasks: 10, better: 3, worse: 1 });
    expect(comparison.meanDifference).toBeCloseTo(0.2, 12);
    expect(comparison.interval![0]).toBeCloseTo(0.2 - 2.2621572 * 0.2, 6);
    expect(comparison.interval![1]).toBeCloseTo(0.2 + 2.2621572 * 0.2, 6);
  });

  it('pairs by task id, averages repeated episodes of a task, and leaves out tasks only one model played', () => {
    const comparison = comparePaired(
      { label: 'sft', episodes: [{ taskId: 'a', correctness: 1 }, { taskId: 'a', correctness: 0 }, { taskId: 'b', correctness: 0 }, { taskId: 'only-sft', correctness: 1 }] },
      { label: 'rl', episodes: [{ taskId: 'b', correctness: 1 }, { taskId: 'a', correctness: 1 }, { taskId: 'only-rl', correctness: 0 }] },
    )!;
    // a: 1 − 0.5, b: 1 − 0.
    expect(comparison.tasks).toBe(2);
    expect(comparison.meanDifference).toBeCloseTo(0.75, 12);
    expect([comparison.better, comparison.worse]).toEqual([2, 0]);
    // t(0.975, 1) = 12.7062 on a standard error of 0.25 runs far past +1; the interval stops at the possible range.
    expect(comparison.interval![1]).toBe(1);
    expect(comparison.interval![0]).toBe(-1);
  });

  it('gives no interval for one task, a zero-width one when every task ties, and null with no task in common', () => {
    expect(comparePaired({ label: 'sft', episodes: scored([0]) }, { label: 'rl', episodes: scored([1]) })).toMatchObject({ tasks: 1, meanDifference: 1, interval: null });
    expect(comparePaired({ label: 'sft', episodes: scored([1, 0, 1]) }, { label: 'rl', episodes: scored([1, 0, 1]) })).toMatchObject({ meanDifference: 0, interval: [0, 0], better: 0, worse: 0 });
    expect(comparePaired({ label: 'sft', episodes: [{ taskId: 'x', correctness: 1 }] }, { label: 'rl', episodes: [{ taskId: 'y', correctness: 1 }] })).toBeNull();
  });
});

describe('describeComparison', () => {
  it('says the difference, its interval with signs, and the tasks won and lost', () => {
    expect(describeComparison({ baseline: 'sft', candidate: 'rl', tasks: 200, meanDifference: 0.045, interval: [-0.0123, 0.0784], better: 14, worse: 5 })).toBe(
      'rl − sft on the same 200 tasks: +0.045 (95 % CI −0.012 to +0.078); rl better on 14, worse on 5',
    );
    expect(describeComparison({ baseline: 'sft', candidate: 'rl', tasks: 1, meanDifference: -1, interval: null, better: 0, worse: 1 })).toBe('rl − sft on the same task: −1.000; rl better on 0, worse on 1');
  });
});
