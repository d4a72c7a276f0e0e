// One turn of a task type's scripted expert, shared by the expert policy backend and the
// Temporal-free episode loop so both decide the same way.
import type { ChatMessage } from '../policy/backend';
import { LAST_TURN_NOTICE } from './agent-format';
import { lastGoodObservation } from './tasks/expert-kit';
import type { Expert, Recall } from './types';

/**
 * The expert's next assistant message. Given `recall`, its opening turn answers from memory, at
 * the recall's rate, what it knows by heart, and so does its last turn when its lookups have
 * failed so far (told to answer now, a frontier LLM gives what it knows); otherwise, or when it
 * does not know the answer, it takes its usual step.
 */
export async function expertTurn(
  expert: Expert,
  transcript: ChatMessage[],
  random: () => number,
  noise: number,
  recall?: Recall,
): Promise<string> {
  const opening = !transcript.some((m) => m.role === 'assistant');
  // A rate of 1 draws nothing, so such an expert's transcripts do not depend on the draw.
  const fromMemory = recall && ((opening && (recall.rate >= 1 || random() < recall.rate)) || toldToAnswerEmptyHanded(transcript));
  const recalled = fromMemory ? await expert.recall?.(transcript, random, noise, recall.memory) : undefined;
  return recalled ?? expert.nextMessage(transcript, random, noise);
}

/** The last turn has come (the environment's notice) and no tool has answered yet. */
function toldToAnswerEmptyHanded(transcript: ChatMessage[]): boolean {
  const last = transcript.at(-1);
  return last?.role === 'user' && last.content.includes(LAST_TURN_NOTICE) && lastGoodObservation(transcript) === undefined;
}
