import { describe, expect, it } from 'vitest';
import { stableDecayLearningRate } from '../../policy';

describe('SFT learning-rate schedule (stable, then linear decay)', () => {
  const schedule = { steps: 800, learningRate: 3e-3, decaySteps: 200 };

  it('keeps the base rate until the last decaySteps, then falls linearly to a tenth at the last step', () => {
    expect(stableDecayLearningRate(0, schedule)).toBe(3e-3);
    expect(stableDecayLearningRate(599, schedule)).toBe(3e-3);
    expect(stableDecayLearningRate(600, schedule)).toBeCloseTo(3e-3 * (1 - 0.9 / 200), 12);
    expect(stableDecayLearningRate(699, schedule)).toBeCloseTo(3e-3 * 0.55, 12);
    expect(stableDecayLearningRate(799, schedule)).toBeCloseTo(3e-4, 12);
  });

  it('is strictly decreasing through the decay, and constant without one', () => {
    const rates = Array.from({ length: 200 }, (_, i) => stableDecayLearningRate(600 + i, schedule));
    expect(rates.every((r, i) => i === 0 || r < rates[i - 1])).toBe(true);
    expect(stableDecayLearningRate(799, { ...schedule, decaySteps: 0 })).toBe(3e-3);
    expect(stableDecayLearningRate(9, { steps: 10, learningRate: 1, decaySteps: 10, finalFraction: 0 })).toBe(0);
  });
});
