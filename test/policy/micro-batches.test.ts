// A batch split into micro-batches (to bound the wasm heap) takes the same update as the
// batch in one pass: each micro-batch's loss is divided by the whole batch's count.
import { describe, expect, it } from 'vitest';
import { createTrainer, microBatches, type PolicySequence, type Trainer } from '../../policy/train/trainer';
import { createBuiltinModel } from '../../policy/model/builtin-model';
import { maxWeightDifference, smallModel } from './helpers';

const setup = smallModel(5, { keySmear: true });
const sequences = setup.transcripts.slice(0, 6).map((t) => setup.chat.toTrainingSequence(t));

async function twin(microBatchTokens: number): Promise<Trainer> {
  return createTrainer(createBuiltinModel(setup.config, setup.tokenizer, 5), { adam: { lr: 1e-2 }, microBatchTokens });
}

describe('micro-batches', () => {
  it('groups rows longest first within the token budget', () => {
    expect(microBatches([10, 30, 20, 5], 60)).toEqual([[1, 2], [0, 3]]);
    // A row longer than the budget still gets a pass of its own.
    expect(microBatches([100, 10], 50)).toEqual([[0], [1]]);
    expect(microBatches([7, 7, 7], 1000)).toEqual([[0, 1, 2]]);
  });

  it('an SFT step over micro-batches equals the step in one pass', async () => {
    const whole = await twin(1_000_000);
    const split = await twin(Math.max(...sequences.map((s) => s.ids.length)));
    const a = whole.sftStep(sequences);
    const b = split.sftStep(sequences);
    expect(b.loss).toBeCloseTo(a.loss, 5);
    expect(b.gradNorm).toBeCloseTo(a.gradNorm, 4);
    expect(maxWeightDifference(whole, split)).toBeLessThan(1e-5);
    // The weights did move: the comparison is not between two untouched models.
    const untouched = await twin(1);
    expect(maxWeightDifference(whole, untouched)).toBeGreaterThan(1e-3);
    for (const t of [whole, split, untouched]) t.dispose();
  });

  it('a policy step over micro-batches equals the step in one pass, for both aggregations', async () => {
    const rows: PolicySequence[] = sequences.map((s, i) => ({
      ids: s.ids,
      mask: s.assistantMask,
      rolloutLogprobs: s.ids.map(() => -2),
      advantage: i % 2 ? 1 : -0.5,
    }));
    for (const aggregation of ['token-mean', 'sequence-mean'] as const) {
      const whole = await twin(1_000_000);
      const split = await twin(1);
      for (const t of [whole, split]) t.rlOptions = { ...t.rlOptions, aggregation };
      const a = whole.policyStep(rows);
      const b = split.policyStep(rows);
      expect(b.loss, aggregation).toBeCloseTo(a.loss, 5);
      expect(b.clipFraction!, aggregation).toBeCloseTo(a.clipFraction!, 5);
      expect(b.meanRatio!, aggregation).toBeCloseTo(a.meanRatio!, 5);
      expect(maxWeightDifference(whole, split), aggregation).toBeLessThan(1e-5);
      whole.dispose();
      split.dispose();
    }
  });
});
