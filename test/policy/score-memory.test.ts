// The KL reference scores a whole epoch's sequences in one call (activities/trainer-activities.ts):
// 192 transcripts of ~300 tokens through the demo's model size in one pass outgrew WASM memory
// ("memory access out of bounds", a failed run); scored in micro-batches they fit, unchanged.
import { expect, it } from 'vitest';
import { createTrainer } from '../../policy/train/trainer';
import { smallModel } from './helpers';

it('scores an epoch of long sequences in micro-batches, each row as when scored alone', async () => {
  const setup = smallModel(1, { hiddenSize: 96, layers: 3 });
  const trainer = await createTrainer(setup.model, { adam: { lr: 1e-3 } });
  const vocab = setup.config.vocab_size;
  const sequences = Array.from({ length: 192 }, (_, i) => Array.from({ length: 300 + (i % 50) }, (_, j) => 5 + ((i * 7 + j * 13) % (vocab - 5))));
  const scores = trainer.scoreSequences(sequences);
  expect(scores.map((s) => s.length)).toEqual(sequences.map((s) => s.length - 1));
  for (const i of [0, 77, 191]) {
    const alone = trainer.scoreSequences([sequences[i]])[0];
    alone.forEach((lp, j) => expect(scores[i][j]).toBeCloseTo(lp, 4));
  }
  trainer.dispose();
}, 120_000);
