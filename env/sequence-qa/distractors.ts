// Picks three wrong options: the plausible mistakes first (in seeded random order), then
// generic perturbations when the mistakes happen to coincide with the answer or each other.
import { shuffled } from '../splits';

export const DISTRACTOR_COUNT = 3;

export function chooseDistractors(
  correct: string,
  mistakes: readonly string[],
  random: () => number,
  perturbation: (attempt: number) => string,
): string[] {
  const chosen: string[] = [];
  const accept = (option: string) => {
    if (option && option !== correct && !chosen.includes(option) && chosen.length < DISTRACTOR_COUNT) chosen.push(option);
  };
  shuffled(mistakes, random).forEach(accept);
  for (let attempt = 0; chosen.length < DISTRACTOR_COUNT; attempt++) {
    if (attempt > 1000) throw new Error(`cannot find ${DISTRACTOR_COUNT} distractors for '${correct}'`);
    accept(perturbation(attempt));
  }
  return chosen;
}
