// Can the built-in model learn to copy a gene symbol into a tool call, and after how many steps?
// The smallest form of the skill every demo task needs: one user line naming a symbol, one
// assistant line that repeats it twice, trained from scratch with the demo's model size; every
// EVERY steps it exports the model and counts exact copies of 50 unseen symbols (greedy).
//   STEPS=2500 npx tsx bench/copy-probe.ts     (knobs: STEPS, BATCH, LR, HIDDEN, LAYERS, HEADS, EVERY)
// SYMBOLS=n trains on n fixed symbols (default 2000, which the model can memorise instead of
// learning to copy); SYMBOLS=0 draws a fresh symbol for every example.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildBuiltinTokenizer, builtinConfigFor, chatTokenizerOf, createBuiltinModel, createTrainer, exportModelFolder, mulberry32, OnnxPolicyEngine, type ChatMessage } from '../policy';

const N = (key: string, fallback: number) => Number(process.env[key] ?? fallback);
const rng = mulberry32(1);
// Symbol-like strings: 3–6 capitals, some followed by a digit (e.g. "Q8BE", "ZNFK2").
const symbol = () => Array.from({ length: 3 + rng.int(4) }, () => String.fromCharCode(65 + rng.int(26)) + (rng.next() < 0.3 ? String(rng.int(10)) : '')).join('');
const conversation = (s: string): ChatMessage[] => [
  { role: 'system', content: 'Look up the gene.' },
  { role: 'user', content: `What is gene ${s}?` },
  { role: 'assistant', content: `<think>Look up ${s}.</think><execute>gene_info {"gene":"${s}"}</execute>` },
];

const fixedSymbols = N('SYMBOLS', 2000);
const train = Array.from({ length: fixedSymbols || 2000 }, () => conversation(symbol()));
const tokenizer = buildBuiltinTokenizer(train.flatMap((t) => t.map((m) => m.content)), { vocabSize: 768 });
const chat = chatTokenizerOf(tokenizer);
const config = builtinConfigFor(tokenizer, { hiddenSize: N('HIDDEN', 96), layers: N('LAYERS', 3), heads: N('HEADS', 4), maxPositions: 1024, keySmear: process.env.KEY_SMEAR === '1' });
const trainer = await createTrainer(createBuiltinModel(config, tokenizer, 1));
trainer.optimizer.options.lr = N('LR', 3e-3);
const sequences = train.map((t) => chat.toTrainingSequence(t));
const nextExample = () => (fixedSymbols ? sequences[rng.int(sequences.length)] : chat.toTrainingSequence(conversation(symbol())));
const meanTokens = sequences.reduce((a, s) => a + s.ids.length, 0) / sequences.length;
console.log(`${meanTokens.toFixed(1)} tokens per example`);

const unseen = Array.from({ length: 50 }, () => symbol());
const dir = mkdtempSync(path.join(os.tmpdir(), 'copy-probe-'));
const t0 = Date.now();
for (let step = 1; step <= N('STEPS', 1000); step++) {
  const { loss } = trainer.sftStep(Array.from({ length: N('BATCH', 8) }, nextExample));
  if (step % N('EVERY', 250) !== 0) continue;
  const modelDir = path.join(dir, `step-${step}`);
  await exportModelFolder(trainer.snapshot(), modelDir);
  const engine = new OnnxPolicyEngine({ modelDir, executionProvider: 'cpu', maxBatch: 16, maxWaitMs: 5, log: () => {} });
  const outputs = await Promise.all(
    unseen.map((s) => engine.generate({ messages: conversation(s).slice(0, 2), sampling: { temperature: 0, topP: 1, maxNewTokens: 40, seed: 1, stop: ['</execute>'] } })),
  );
  await engine.close();
  const copied = outputs.filter((o, i) => o.text.includes(`"gene":"${unseen[i]}"`)).length;
  console.log(`step ${step} (${((Date.now() - t0) / 1000).toFixed(0)} s, ${Math.round(step * N('BATCH', 8) * meanTokens)} tokens): loss ${loss.toFixed(3)}, exact copies ${copied}/50, e.g. ${unseen[0]} -> ${outputs[0].text}`);
}
rmSync(dir, { recursive: true, force: true });
process.exit(0);
