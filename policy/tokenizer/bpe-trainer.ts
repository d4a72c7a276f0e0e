// Trains a byte-level BPE on a text corpus and serialises it in Hugging Face
// tokenizer.json format (loadable by @huggingface/tokenizers and by Rust
// `tokenizers`). Special tokens are split out before counting so they never merge.

import { AGENT_TAG_TOKENS, CONTROL_TOKENS } from './special-tokens';
import { bytesToUnicode, BUILTIN_SPLIT_PATTERN, BUILTIN_SPLIT_REGEX, toByteLevel } from './byte-level';

export interface BpeTrainOptions {
  /** Final vocabulary size, special tokens and the 256 byte symbols included. */
  vocabSize: number;
  /** Pairs seen fewer times than this are not merged. */
  minPairCount?: number;
}

export interface TokenizerJson {
  version: string;
  truncation: null;
  padding: null;
  added_tokens: Array<{
    id: number;
    content: string;
    single_word: boolean;
    lstrip: boolean;
    rstrip: boolean;
    normalized: boolean;
    special: boolean;
  }>;
  normalizer: null;
  pre_tokenizer: { type: 'Sequence'; pretokenizers: Array<Record<string, unknown>> };
  post_processor: null;
  decoder: { type: 'ByteLevel'; add_prefix_space: boolean; trim_offsets: boolean; use_regex: boolean };
  model: {
    type: 'BPE';
    dropout: null;
    unk_token: null;
    continuing_subword_prefix: null;
    end_of_word_suffix: null;
    fuse_unk: boolean;
    byte_fallback: boolean;
    ignore_merges: boolean;
    vocab: Record<string, number>;
    merges: [string, string][];
  };
}

const ALL_SPECIALS = [...CONTROL_TOKENS, ...AGENT_TAG_TOKENS];

function countWords(corpus: Iterable<string>): Map<string, number> {
  const specials = new RegExp(ALL_SPECIALS.map((t) => t.replace(/[|<>/\\]/g, '\\$&')).join('|'), 'g');
  const counts = new Map<string, number>();
  for (const text of corpus) {
    for (const piece of text.split(specials)) {
      for (const m of piece.matchAll(BUILTIN_SPLIT_PATTERN)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
    }
  }
  return counts;
}

export function trainByteLevelBpe(corpus: Iterable<string>, options: BpeTrainOptions): TokenizerJson {
  const table = bytesToUnicode();
  const vocab: Record<string, number> = {};
  ALL_SPECIALS.forEach((t, i) => (vocab[t] = i));
  // Byte symbols in byte order, so ids are stable whatever the corpus.
  for (let b = 0; b < 256; b++) vocab[table.get(b)!] = Object.keys(vocab).length;
  if (options.vocabSize < Object.keys(vocab).length) {
    throw new Error(`vocabSize ${options.vocabSize} is below the ${Object.keys(vocab).length} special and byte tokens`);
  }

  const words = [...countWords(corpus)].map(([w, count]) => ({ symbols: toByteLevel(w, table), count }));
  const merges: [string, string][] = [];
  const minCount = options.minPairCount ?? 2;
  while (Object.keys(vocab).length < options.vocabSize) {
    const pairs = new Map<string, number>();
    for (const { symbols, count } of words) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = symbols[i] + '\u0000' + symbols[i + 1];
        pairs.set(key, (pairs.get(key) ?? 0) + count);
      }
    }
    let best = '';
    let bestCount = 0;
    for (const [key, c] of pairs) {
      // Ties broken by the pair's text, so training is deterministic.
      if (c > bestCount || (c === bestCount && key < best)) [best, bestCount] = [key, c];
    }
    if (bestCount < minCount) break;
    const [a, b] = best.split('\u0000');
    const merged = a + b;
    merges.push([a, b]);
    if (vocab[merged] === undefined) vocab[merged] = Object.keys(vocab).length;
    for (const w of words) {
      const out: string[] = [];
      for (let i = 0; i < w.symbols.length; i++) {
        if (i + 1 < w.symbols.length && w.symbols[i] === a && w.symbols[i + 1] === b) {
          out.push(merged);
          i++;
        } else out.push(w.symbols[i]);
      }
      w.symbols = out;
    }
  }

  const byteLevel = { type: 'ByteLevel' as const, add_prefix_space: false, trim_offsets: true, use_regex: false };
  // The split first (as Llama 3's tokenizer.json does), then bytes to the byte alphabet.
  const preTokenizer = {
    type: 'Sequence' as const,
    pretokenizers: [{ type: 'Split', pattern: { Regex: BUILTIN_SPLIT_REGEX }, behavior: 'Isolated', invert: false }, byteLevel],
  };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ALL_SPECIALS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: CONTROL_TOKENS.includes(content),
    })),
    normalizer: null,
    pre_tokenizer: preTokenizer,
    post_processor: null,
    decoder: byteLevel,
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges,
    },
  };
}
