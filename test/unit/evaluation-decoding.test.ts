import { describe, expect, it } from 'vitest';
import { decodingSuffix, evaluationDecoding } from '../../client/evaluation-decoding';

const flags = (over: Partial<{ temperature: string; samples: string; topP: string }> = {}) => ({ temperature: '0', samples: '1', topP: '1', ...over });

describe('evaluationDecoding', () => {
  it('decodes greedily unless a temperature is given', () => {
    expect(evaluationDecoding(flags())).toBeUndefined();
    expect(decodingSuffix(undefined)).toBe('');
  });

  it('samples k episodes per task at the temperature given', () => {
    const decoding = evaluationDecoding(flags({ temperature: '0.7', samples: '4' }));
    expect(decoding).toEqual({ temperature: 0.7, topP: 1, samplesPerTask: 4 });
    expect(decodingSuffix(decoding)).toBe('-t0.7x4');
    expect(decodingSuffix(evaluationDecoding(flags({ temperature: '1', topP: '0.9' })))).toBe('-t1x1p0.9');
  });

  it('names the flag and the fix for values it cannot use', () => {
    expect(() => evaluationDecoding(flags({ temperature: 'warm' }))).toThrow(/--temperature must be a number from 0 \(greedy\) to 5 \(got 'warm'\)/);
    expect(() => evaluationDecoding(flags({ temperature: '-1' }))).toThrow(/--temperature/);
    expect(() => evaluationDecoding(flags({ temperature: '0.7', samples: '2.5' }))).toThrow(/--samples must be a whole number of episodes per task, 1 or more \(got '2.5'\)/);
    expect(() => evaluationDecoding(flags({ temperature: '0.7', samples: '0' }))).toThrow(/--samples/);
    expect(() => evaluationDecoding(flags({ temperature: '0.7', topP: '0' }))).toThrow(/--top-p must be a number above 0 and at most 1/);
    expect(() => evaluationDecoding(flags({ samples: '4' }))).toThrow(/--samples 4 at temperature 0 would play the same greedy episode 4 times; add --temperature/);
    expect(() => evaluationDecoding(flags({ topP: '0.9' }))).toThrow(/--top-p 0.9 has no effect at temperature 0 \(greedy\); add --temperature/);
  });
});
