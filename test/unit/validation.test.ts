import { describe, expect, it } from 'vitest';
import { bestValidated, validatesAfter, validationEpochOf, validationLabel, validationPoint, type ValidationPoint } from '../../workflows/validation';
import { validationLine } from '../../cli/follow-run';
import type { RunProgress } from '../../workflows/training-types';

const point = (epoch: number, meanCorrectness: number, formatRate: number): ValidationPoint => ({ epoch, policyVersion: `r/rl-00${epoch}`, meanCorrectness, formatRate });

describe('validation during RL', () => {
  it('validates every n epochs and after the last, never when off', () => {
    expect([1, 2, 3, 4, 5].filter((e) => validatesAfter(e, 5, 2))).toEqual([2, 4, 5]);
    expect([1, 2, 3].filter((e) => validatesAfter(e, 3, 1))).toEqual([1, 2, 3]);
    expect([0, 1, 2, 3].filter((e) => validatesAfter(e, 3, 0))).toEqual([]);
  });

  it('weights each task type by its episodes', () => {
    const p = validationPoint(2, {
      label: 'val-epoch-2',
      policyVersion: 'r/rl-002',
      rows: [
        { taskType: 'a', episodes: 30, meanCorrectness: 1, formatRate: 1 },
        { taskType: 'b', episodes: 10, meanCorrectness: 0, formatRate: 0.5 },
      ],
    });
    expect(p).toEqual({ epoch: 2, policyVersion: 'r/rl-002', meanCorrectness: 0.75, formatRate: 0.875 });
    expect(validationPoint(1, { label: 'x', policyVersion: 'v', rows: [] }).meanCorrectness).toBe(0);
  });

  it('keeps the most correct version, then the better formatted, then the earlier', () => {
    expect(bestValidated([point(1, 0.5, 0.9), point(2, 0.6, 0.8), point(3, 0.55, 1)])?.epoch).toBe(2);
    expect(bestValidated([point(1, 0.6, 0.8), point(2, 0.6, 0.9)])?.epoch).toBe(2);
    expect(bestValidated([point(1, 0.6, 0.9), point(2, 0.6, 0.9)])?.epoch).toBe(1);
    expect(bestValidated([])).toBeUndefined();
  });

  it('names validation labels and reads them back', () => {
    expect(validationLabel(4)).toBe('val-epoch-4');
    expect(validationEpochOf('val-epoch-12')).toBe(12);
    expect(validationEpochOf('rl')).toBeUndefined();
    expect(validationEpochOf('val-epoch-')).toBeUndefined();
  });

  it('prints the validations on one line and marks the RL model', () => {
    const progress = {
      validations: [point(1, 0.5, 0.9), point(2, 0.625, 0.8)],
      evaluations: [{ label: 'rl', policyVersion: 'r/rl-002', rows: [] }],
    } as unknown as RunProgress;
    expect(validationLine(progress)).toBe('validation (val split), correct (format): epoch 1 0.500 (0.90) · epoch 2 0.625 (0.80)* — * the RL model');
    expect(validationLine({ ...progress, evaluations: [] })).toBe('validation (val split), correct (format): epoch 1 0.500 (0.90) · epoch 2 0.625 (0.80)');
    expect(validationLine({ ...progress, validations: undefined })).toBeUndefined();
  });
});
