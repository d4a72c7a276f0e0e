// `helixrl eval` scores a policy the way its run shaped episodes.
import { describe, expect, it } from 'vitest';
import { evaluationSettings } from '../../client/evaluation-settings';
import { DEFAULT_TRAINING_CONFIG } from '../../client/training-config';

const fallback = { maxTurns: 6, maxTokens: 1024, maxNewTokens: 200 };
const run = {
  ...DEFAULT_TRAINING_CONFIG,
  taskTypes: ['gene_location', 'database_qa'],
  episode: { maxTurns: 4, maxTokens: 1024, maxNewTokens: 200, promptStyle: 'compact' as const },
  formatWeight: 0.5,
};

describe('evaluation settings', () => {
  it("take the run's task types, episode limits, prompt style and format weight", () => {
    expect(evaluationSettings('demo', run, undefined, fallback)).toEqual({
      taskTypes: ['gene_location', 'database_qa'],
      limits: { maxTurns: 4, maxTokens: 1024, maxNewTokens: 200, promptStyle: 'compact' },
      formatWeight: 0.5,
    });
  });

  it('let --task-types override the run', () => {
    expect(evaluationSettings('demo', run, 'sequence_qa', fallback).taskTypes).toEqual(['sequence_qa']);
  });

  it('need --task-types for a run the database does not know, then use the fallback limits', () => {
    expect(() => evaluationSettings('ghost', undefined, undefined, fallback)).toThrowError(/Run 'ghost' is not recorded .* --task-types/);
    expect(evaluationSettings('ghost', undefined, 'sequence_qa,database_qa', fallback)).toEqual({
      taskTypes: ['sequence_qa', 'database_qa'],
      limits: fallback,
      formatWeight: 1,
    });
  });
});
