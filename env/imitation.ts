// Which messages of a kept expert transcript a student should imitate. Rejection sampling keeps
// transcripts that end right, and some hold a slip the expert then mended: a call the tool refused
// (a miscopied symbol, a bad argument) or a malformed message, followed by a good one. Experts
// behind an OpenAI-compatible endpoint do this often. The student should learn the mending, not
// the slip, so a message the environment answered with an error or a format complaint gets
// weight 0: SFT reads it as context and does not train on it.
import type { ChatMessage } from '../policy/backend';
import { isFailureObservation, observationText } from './agent-format';

export function weightFailedActions(transcript: ChatMessage[]): ChatMessage[] {
  return transcript.map((message, i) => {
    if (message.role !== 'assistant') return message;
    const answer = transcript[i + 1];
    const observation = answer?.role === 'user' ? observationText(answer.content) : undefined;
    return observation !== undefined && isFailureObservation(observation) ? { ...message, weight: 0 } : message;
  });
}
