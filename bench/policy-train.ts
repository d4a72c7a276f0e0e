// Trainer speed on the default built-in model: ms per SFT step and per policy
// (GRPO) step, and tokens/s, on the tfjs wasm backend (and cpu for the ratio), then an SFT
// step shared by a GradientPool of one thread per core against the same step on one thread.
// Run: npx tsx bench/policy-train.ts

import * as tf from '@tensorflow/tfjs';
import { buildBuiltinTokenizer, builtinConfigFor, chatTokenizerOf, createBuiltinModel } from '../policy/model/builtin-model';
import { Trainer } from '../policy/train/trainer';
import { initTfBackend } from '../policy/model/tf-backend';
import { GradientPool } from '../policy/train/gradient-pool';
import { availableParallelism } from 'node:os';
import { agentTranscripts, transcriptCorpus } from '../test/fixtures/policy/agent-transcripts';

const BATCH = 16;
const STEPS = 8;
const transcripts = agentTranscripts(300, 1);
const tokenizer = buildBuiltinTokenizer(transcriptCorpus(transcripts), { vocabSize: 768 });
const config = builtinConfigFor(tokenizer);
const chat = chatTokenizerOf(tokenizer);
const data = transcripts.map((t) => chat.toTrainingSequence(t));
const params = [...createBuiltinModel(config, tokenizer, 1).weights.values()].reduce((a, w) => a + w.length, 0);
console.log(`model: hidden ${config.hidden_size}, ${config.num_hidden_layers} layers, vocab ${config.vocab_size}, ${(params / 1e6).toFixed(2)}M parameters; batch ${BATCH} transcripts`);

const backend = process.argv[2] === 'cpu' ? 'cpu' : 'wasm';
await initTfBackend(backend);
const trainer = new Trainer(createBuiltinModel(config, tokenizer, 1), { adam: { lr: 3e-3 } });
const batchAt = (s: number) => Array.from({ length: BATCH }, (_, i) => data[(s * BATCH + i) % data.length]);

trainer.sftStep(batchAt(0)); // warm-up
let ms = 0;
let tokens = 0;
for (let s = 1; s <= STEPS; s++) {
  const m = trainer.sftStep(batchAt(s));
  ms += m.ms;
  tokens += m.totalTokens;
}
console.log(`[${tf.getBackend()}] SFT step: ${(ms / STEPS).toFixed(0)} ms/step, ${((tokens / ms) * 1000).toFixed(0)} tokens/s (${(tokens / STEPS).toFixed(0)} tokens/step)`);

// Policy step on the same sequences as rollouts (advantage ±1, logprobs from the trainer itself).
const rows = batchAt(0).map((s, i) => {
  const lp = trainer.scoreSequences([s.ids])[0];
  return { ids: s.ids, mask: s.assistantMask, rolloutLogprobs: [0, ...lp], advantage: i % 2 ? 1 : -1 };
});
trainer.policyStep(rows);
ms = 0;
tokens = 0;
for (let s = 0; s < STEPS; s++) {
  const m = trainer.policyStep(rows);
  ms += m.ms;
  tokens += m.totalTokens;
}
console.log(`[${tf.getBackend()}] policy step: ${(ms / STEPS).toFixed(0)} ms/step, ${((tokens / ms) * 1000).toFixed(0)} tokens/s`);

// Data-parallel SFT: the same batches on one thread and shared among one thread per core.
const threads = availableParallelism();
const pool = await GradientPool.start(trainer, threads);
let single = 0;
let shared = 0;
for (let s = 1; s <= STEPS; s++) {
  single += trainer.sftStep(batchAt(s)).ms;
  shared += (await pool.sftStep(trainer, batchAt(s))).ms;
}
await pool.close();
console.log(
  `[${tf.getBackend()}] SFT step on 1 thread: ${(single / STEPS).toFixed(0)} ms; shared by ${threads} threads: ${(shared / STEPS).toFixed(0)} ms (${(single / shared).toFixed(2)}x)`,
);
trainer.dispose();
