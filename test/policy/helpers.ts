// Shared setup for policy tests: a small tokenizer and model over synthetic
// agent-format transcripts, and temp folders.

import { rmSync } from 'node:fs';
import { buildBuiltinTokenizer, builtinConfigFor, chatTokenizerOf, createBuiltinModel } from '../../policy/model/builtin-model';
import { OnnxPolicyEngine, type OnnxPolicyEngineOptions } from '../../policy/engine/engine-backend';
import type { OnnxExportOptions } from '../../policy/export/export-options';
import { exportModelFolder } from '../../policy/export/model-folder-export';
import type { Trainer } from '../../policy/train/trainer';
import type { TrainingSequence } from '../../policy/tokenizer/chat-tokenizer';
import { scratchDir } from '../support/scratch';
import { agentTranscripts, transcriptCorpus } from '../fixtures/policy/agent-transcripts';

export function smallModel(seed = 1, size: { hiddenSize?: number; layers?: number; keySmear?: boolean } = {}) {
  const transcripts = agentTranscripts(300, seed);
  const tokenizer = buildBuiltinTokenizer(transcriptCorpus(transcripts), { vocabSize: 512, maxPositions: 512 });
  const config = builtinConfigFor(tokenizer, { hiddenSize: size.hiddenSize ?? 64, layers: size.layers ?? 2, heads: 4, maxPositions: 512, keySmear: size.keySmear });
  const model = createBuiltinModel(config, tokenizer, seed);
  return { transcripts, tokenizer, chat: chatTokenizerOf(tokenizer), config, model };
}

/** A scratch directory (support/scratch.ts) the test may also remove early, when it is done with it. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = scratchDir(prefix);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const quietLog = () => {};

/**
 * A few SFT steps of 8 sequences each (so the distribution is far from uniform and greedy
 * continuations depend on the prompt), then the model exported to `dir` and served by an engine.
 */
export async function serveAfterBriefSft(
  trainer: Trainer,
  sequences: TrainingSequence[],
  dir: string,
  engine: Pick<OnnxPolicyEngineOptions, 'maxBatch' | 'maxWaitMs'>,
  exportOptions?: OnnxExportOptions,
): Promise<OnnxPolicyEngine> {
  for (let start = 0; start < sequences.length; start += 8) trainer.sftStep(sequences.slice(start, start + 8));
  await exportModelFolder(trainer.snapshot(), dir, exportOptions);
  return new OnnxPolicyEngine({ modelDir: dir, log: quietLog, ...engine });
}

/** The largest absolute difference between two trainers' weights. */
export function maxWeightDifference(a: Trainer, b: Trainer): number {
  let worst = 0;
  const wa = a.snapshot().weights;
  for (const [name, w] of b.snapshot().weights) {
    const other = wa.get(name)!;
    for (let i = 0; i < w.length; i++) worst = Math.max(worst, Math.abs(w[i] - other[i]));
  }
  return worst;
}
