// Shared setup for policy tests: a small tokenizer and model over synthetic
// agent-format transcripts, and temp folders.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildBuiltinTokenizer, builtinConfigFor, chatTokenizerOf, createBuiltinModel } from '../../policy/model/builtin-model';
import { agentTranscripts, transcriptCorpus } from '../fixtures/policy/agent-transcripts';

export function smallModel(seed = 1, size: { hiddenSize?: number; layers?: number } = {}) {
  const transcripts = agentTranscripts(300, seed);
  const tokenizer = buildBuiltinTokenizer(transcriptCorpus(transcripts), { vocabSize: 512, maxPositions: 512 });
  const config = builtinConfigFor(tokenizer, { hiddenSize: size.hiddenSize ?? 64, layers: size.layers ?? 2, heads: 4, maxPositions: 512 });
  const model = createBuiltinModel(config, tokenizer, seed);
  return { transcripts, tokenizer, chat: chatTokenizerOf(tokenizer), config, model };
}

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `helix-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const quietLog = () => {};
