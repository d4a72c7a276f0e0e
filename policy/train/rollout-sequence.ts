// Turns an engine rollout (the transcript plus, per assistant turn, the sampled
// token ids and their log-probabilities) into a policy-gradient training row.

import type { ChatMessage } from '../backend';
import type { ChatTokenizer } from '../tokenizer/chat-tokenizer';
import type { PolicySequence } from './trainer';

export interface RolloutTranscript {
  messages: ChatMessage[];
  /** One entry per assistant message, in order: what the engine sampled. */
  turns: Array<{ tokenIds: number[]; logprobs: number[] }>;
  /** The episode's advantage (GRPO: reward normalised within its group). */
  advantage: number;
}

export function rolloutToPolicySequence(tokenizer: ChatTokenizer, rollout: RolloutTranscript): PolicySequence {
  const assistantCount = rollout.messages.filter((m) => m.role === 'assistant').length;
  if (assistantCount !== rollout.turns.length) {
    throw new Error(`rollout has ${assistantCount} assistant messages but ${rollout.turns.length} sampled turns`);
  }
  const { ids, assistantMask } = tokenizer.toTrainingSequence(
    rollout.messages,
    rollout.turns.map((t) => t.tokenIds),
  );
  // Spread each turn's log-probabilities over the positions its tokens landed on.
  const rolloutLogprobs = new Array<number>(ids.length).fill(0);
  const flat = rollout.turns.flatMap((t) => t.logprobs);
  let k = 0;
  for (let i = 0; i < ids.length; i++) if (assistantMask[i]) rolloutLogprobs[i] = flat[k++];
  return { ids, mask: assistantMask, rolloutLogprobs, advantage: rollout.advantage };
}
