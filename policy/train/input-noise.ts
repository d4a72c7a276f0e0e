// Noisy teacher forcing for SFT. Trained only on perfect transcripts, the student never sees a
// prefix holding its own slip, and greedy decoding that slips once while copying a symbol falls
// into a loop (`<think>Look up TWWWWWW…` for TCEANC). Here some assistant input tokens are swapped
// for another token of the same transcript, as a copy that attends to the wrong place would emit,
// while the targets stay the expert's: the student learns to carry on from the source after a
// wrong token instead of repeating it.
import type { TrainingSequence } from '../tokenizer/chat-tokenizer';
import { AGENT_TAG_TOKENS, CONTROL_TOKENS } from '../tokenizer/special-tokens';
import { mulberry32, type Rng } from '../util/rng';

/** Control and agent-tag tokens take the first ids of every built-in vocabulary; they are never swapped. */
const SPECIAL_IDS = CONTROL_TOKENS.length + AGENT_TAG_TOKENS.length;

/**
 * The sequence with `inputIds` set: each assistant token that is not a special token is replaced,
 * with probability `rate`, by a token drawn from the rest of the transcript. `ids` (the targets)
 * and the mask are unchanged. A rate of 0 returns the sequence itself.
 */
export function withInputNoise(sequence: TrainingSequence, rate: number, rng: Rng): TrainingSequence {
  if (rate <= 0) return sequence;
  const pool = sequence.ids.filter((id) => id >= SPECIAL_IDS);
  const inputIds = sequence.ids.map((id, i) => {
    // One draw per token whatever it is, so a transcript's noise does not depend on its content.
    const swap = rng.next() < rate;
    const pick = pool[rng.int(Math.max(pool.length, 1))];
    return swap && sequence.assistantMask[i] === 1 && id >= SPECIAL_IDS && pick !== undefined ? pick : id;
  });
  return { ...sequence, inputIds };
}

/** The noise rate of SFT step `step` (0-based) of `steps`: `rate` from the share `from` of the steps on, 0 before. */
export function inputNoiseAt(step: number, steps: number, rate: number, from = 0): number {
  return step >= Math.round(steps * from) ? rate : 0;
}

/** The noise's own random stream for a run's seed, apart from the batch draws: a run's batches are the same whatever its noise. */
export function inputNoiseRng(seed: number): Rng {
  return mulberry32(seed + 0x6e6f);
}

/** How many of the sequence's assistant tokens were read swapped, and how many it has: what SFT reports of its noise. */
export function swappedInputTokens(sequence: TrainingSequence): { swapped: number; assistant: number } {
  let swapped = 0;
  let assistant = 0;
  sequence.assistantMask.forEach((inAssistant, i) => {
    if (inAssistant !== 1) return;
    assistant++;
    if (sequence.inputIds && sequence.inputIds[i] !== sequence.ids[i]) swapped++;
  });
  return { swapped, assistant };
}
