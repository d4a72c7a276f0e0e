// The evaluation table `helixrl train` and `demo` print when a run ends.
import { describe, expect, it } from 'vitest';
import { evaluationTable } from '../../cli/follow-run';
import type { EvaluationResult } from '../../workflows/training-types';

const evaluationOf = (label: string, rows: EvaluationResult['rows']): EvaluationResult => ({ label, policyVersion: `demo/${label}`, rows });

const evaluations: EvaluationResult[] = [
  // An evaluation recorded before tool errors were measured has no rate.
  evaluationOf('untrained', [{ taskType: 'gene_location', episodes: 40, meanCorrectness: 0, formatRate: 0 }]),
  evaluationOf('sft', [{ taskType: 'gene_location', episodes: 40, meanCorrectness: 0.275, formatRate: 0.05, toolErrorRate: 1 }]),
  evaluationOf('rl', [{ taskType: 'gene_location', episodes: 40, meanCorrectness: 0.225, formatRate: 1, toolErrorRate: 0.95 }]),
];

describe('evaluation table', () => {
  it('shows correctness (format) per model, then each model’s tool-error rate', () => {
    const lines = evaluationTable(evaluations).split('\n').map((line) => line.split(/\s{2,}/));
    expect(lines[0]).toEqual(['task type', 'untrained: correct (format)', 'sft: correct (format)', 'rl: correct (format)']);
    expect(lines[2]).toEqual(['gene_location', '0.000 (0.00)', '0.275 (0.05)', '0.225 (1.00)']);
    expect(lines[4]).toEqual(['tool-error rate', '-', '1.00', '0.95']);
  });
});
