// Lab-Bench-style multiple choice: lettered options, the answer is one letter.
import { letterAnswer } from '../scoring';
import { shuffled } from '../splits';
import type { Task } from '../types';

export const LETTERS = 'ABCDEFGH';

export interface ChoiceAnswer {
  letter: string;
  text: string;
}

/** Shuffles the correct option among the distractors; returns the option lines and the answer. */
export function layoutOptions(correct: string, distractors: string[], random: () => number): { options: string[]; answer: ChoiceAnswer } {
  const all = shuffled([correct, ...distractors], random);
  const letter = LETTERS[all.indexOf(correct)];
  return { options: all.map((o, i) => `${LETTERS[i]}. ${o}`), answer: { letter, text: correct } };
}

export function optionsOf(prompt: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const match of prompt.matchAll(/^([A-H])\. (.+)$/gm)) map.set(match[1], match[2].trim());
  return map;
}

export function scoreLetter(answer: string, task: Task): number {
  return letterAnswer(answer) === (task.answer as ChoiceAnswer).letter ? 1 : 0;
}

export const LETTER_INSTRUCTION = 'Answer with the letter of the correct option only, e.g. <solution>A</solution>.';
