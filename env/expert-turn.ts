// One turn of a task type's scripted expert, shared by the expert policy backend and the
// Temporal-free episode loop so both decide the same way.
import type { ChatMessage } from '../policy/backend';
import type { Expert, ToolContext } from './types';

/**
 * The expert's next assistant message. Given `memory` (an expert told to recall), its opening
 * turn answers from memory what it knows by heart; otherwise, or when it would look the answer
 * up, it takes its usual step.
 */
export async function expertTurn(
  expert: Expert,
  transcript: ChatMessage[],
  random: () => number,
  noise: number,
  memory?: ToolContext,
): Promise<string> {
  const opening = !transcript.some((m) => m.role === 'assistant');
  const recalled = memory && opening ? await expert.recall?.(transcript, random, noise, memory) : undefined;
  return recalled ?? expert.nextMessage(transcript, random, noise);
}
