// Data-parallel SFT: a batch shared among worker threads takes the same update as the batch on
// one thread, because every share's loss is divided by the whole batch's token count.
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createTrainer, type Trainer } from '../../policy/train/trainer';
import { balancedShares, GradientPool } from '../../policy/train/gradient-pool';
import { withInputNoise } from '../../policy/train/input-noise';
import { mulberry32 } from '../../policy/util/rng';
import { createBuiltinModel } from '../../policy/model/builtin-model';
import { maxWeightDifference, smallModel } from './helpers';

const setup = smallModel(7, { keySmear: true });
const sequences = setup.transcripts.slice(0, 8).map((t) => setup.chat.toTrainingSequence(t));
const pools: GradientPool[] = [];
afterAll(async () => Promise.all(pools.map((p) => p.close())));

async function twin(): Promise<Trainer> {
  return createTrainer(createBuiltinModel(setup.config, setup.tokenizer, 7), { adam: { lr: 1e-2 } });
}

describe('gradient pool', () => {
  it('deals every row once, into shares of near-equal tokens, the same way each time', () => {
    const shares = balancedShares(sequences, 3);
    expect(shares.flat().map((s) => s.ids).sort()).toEqual(sequences.map((s) => s.ids).sort());
    const loads = shares.map((rows) => rows.reduce((n, s) => n + s.ids.length, 0));
    const longest = Math.max(...sequences.map((s) => s.ids.length));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(longest);
    expect(balancedShares(sequences, 3)).toEqual(shares);
  });

  it('SFT steps shared with a worker thread equal the steps on one thread', async () => {
    const single = await twin();
    const shared = await twin();
    const pool = await GradientPool.start(shared, 2);
    pools.push(pool);
    expect(pool.threads).toBe(2);
    const tensorsBefore = tf.memory().numTensors;
    // The last batch has noisy inputs (sft.inputNoise): the worker must read them as this thread does.
    const noise = mulberry32(3);
    for (const batch of [sequences, sequences.slice(2), sequences.slice(0, 5).map((s) => withInputNoise(s, 0.2, noise))]) {
      const a = single.sftStep(batch);
      const b = await pool.sftStep(shared, batch);
      expect(b.loss).toBeCloseTo(a.loss, 4);
      expect(b.gradNorm).toBeCloseTo(a.gradNorm, 3);
      expect(b.tokens).toBe(a.tokens);
    }
    expect(maxWeightDifference(single, shared)).toBeLessThan(1e-4);
    // Steps leave no tensor behind (the worker's gradients are summed inside tf.tidy).
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    // A pool that dropped the worker's share would move the weights elsewhere.
    const halfOnly = await twin();
    halfOnly.sftStep(balancedShares(sequences, 2)[0]);
    expect(maxWeightDifference(single, halfOnly)).toBeGreaterThan(1e-3);
    for (const t of [single, shared, halfOnly]) t.dispose();
  });

  it('a pool of one thread starts no worker and still trains', async () => {
    const trainer = await twin();
    const before = trainer.snapshot().weights;
    const pool = await GradientPool.start(trainer, 1);
    pools.push(pool);
    expect(pool.threads).toBe(1);
    await pool.sftStep(trainer, sequences);
    const moved = [...trainer.snapshot().weights].some(([name, w]) => w.some((x, i) => x !== before.get(name)![i]));
    expect(moved).toBe(true);
    trainer.dispose();
  });
});
