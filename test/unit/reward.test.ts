import { describe, expect, it } from 'vitest';
import { episodeReward, formatReward } from '../../env/reward';

describe('format reward', () => {
  it('is 1 only with a solution and no malformed message', () => {
    expect(formatReward({ endedWithSolution: true, malformedMessages: 0 })).toBe(1);
    expect(formatReward({ endedWithSolution: true, malformedMessages: 1 })).toBe(0);
    expect(formatReward({ endedWithSolution: false, malformedMessages: 0 })).toBe(0);
  });

  it('adds to correctness with its weight', () => {
    expect(episodeReward({ correctness: 1, endedWithSolution: true, malformedMessages: 0, formatWeight: 1 })).toEqual({ reward: 2, formatOk: true });
    expect(episodeReward({ correctness: 1, endedWithSolution: true, malformedMessages: 2, formatWeight: 1 })).toEqual({ reward: 1, formatOk: false });
    expect(episodeReward({ correctness: 0, endedWithSolution: true, malformedMessages: 0, formatWeight: 0.5 })).toEqual({ reward: 0.5, formatOk: true });
  });
});
