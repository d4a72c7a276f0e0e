// Helpers every scripted expert shares: reading the transcript the way the model sees it, and the
// noise knob's slips (a malformed message, a wrong argument, a misread observation).
import type { ChatMessage } from '../../policy/backend';
import { isFailureObservation, observationText } from '../agent-format';

export function promptOf(transcript: ChatMessage[]): string {
  return transcript.find((m) => m.role === 'user')?.content ?? '';
}

/** Observations so far, oldest first. */
export function observationsOf(transcript: ChatMessage[]): string[] {
  return transcript
    .filter((m, i) => m.role === 'user' && i > transcript.findIndex((x) => x.role === 'user'))
    .map((m) => observationText(m.content))
    .filter((o): o is string => o !== undefined);
}

/** The most recent observation that is not an error or format complaint. */
export function lastGoodObservation(transcript: ChatMessage[]): string | undefined {
  return observationsOf(transcript)
    .reverse()
    .find((o) => !isFailureObservation(o));
}

export interface Slips {
  malformed: boolean;
  slip: boolean;
}

/** One draw per message: a third of the noise goes to malformed messages, all of it may slip. */
export function drawSlips(random: () => number, noise: number): Slips {
  return { malformed: random() < noise / 3, slip: random() < noise };
}

export function malformedMessage(random: () => number): string {
  const forms = [
    'I will look this up now.',
    '<think>Check the tool output</think> then answer',
    '<think>Calling the tool.</think><execute>not json {</execute>',
  ];
  return forms[Math.floor(random() * forms.length)];
}

export function linesAfter(prompt: string, label: string): string | undefined {
  return new RegExp(`^${label}:\\s*(.+)$`, 'm').exec(prompt)?.[1]?.trim();
}

export function listAfter(prompt: string, label: string): string[] {
  return (linesAfter(prompt, label) ?? '').split(/,\s*/).map((s) => s.trim()).filter(Boolean);
}
