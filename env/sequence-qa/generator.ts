// Seeded sequence-QA tasks on random DNA: the original free-answer kinds and the LAB-Bench-style
// multiple-choice kinds, mixed by configurable weights. Each split draws from its own seed stream.
import type { GenerateOptions, Task } from '../types';
import { hashSeed, pick, randomInt, seededRandom } from '../random';
import { RESTRICTION_ENZYMES } from './enzymes';
import { askQuestion, referenceAnswer, SEQUENCE_QUESTION_KINDS, type SequenceQuestion, type SequenceQuestionKind } from './questions';
import { askChoiceQuestion, CHOICE_KINDS, type ChoiceKind } from './choice-questions';
import { CHOICE_BUILDERS } from './choice-builders';
import { layoutOptions } from '../tasks/multiple-choice';
import { plantSites, randomDna } from './random-dna';

export { randomDna } from './random-dna';

export type SequenceKind = SequenceQuestionKind | ChoiceKind;
export type SequenceKindWeights = Partial<Record<SequenceKind, number>>;

/** Every kind equally likely: 4 free-answer kinds (40%) and 6 multiple-choice kinds (60%). */
export const DEFAULT_KIND_WEIGHTS: SequenceKindWeights = Object.fromEntries(
  [...SEQUENCE_QUESTION_KINDS, ...CHOICE_KINDS].map((kind) => [kind, 1]),
);

export function pickKind(weights: SequenceKindWeights, random: () => number): SequenceKind {
  const entries = Object.entries(weights).filter(([, w]) => (w ?? 0) > 0) as Array<[SequenceKind, number]>;
  if (entries.length === 0) throw new Error('sequence_qa: every question kind has weight 0');
  let r = random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [kind, w] of entries) {
    r -= w;
    if (r < 0) return kind;
  }
  return entries[entries.length - 1][0];
}

/** A free-answer question; restriction questions get their enzyme's site planted zero to three times. */
export function makeQuestion(random: () => number, kind: SequenceQuestionKind = pick(SEQUENCE_QUESTION_KINDS, random)): SequenceQuestion {
  const length = kind === 'translation' || kind === 'reverse_complement' ? randomInt(24, 60, random) : randomInt(60, 240, random);
  let sequence = randomDna(length, random);
  if (kind !== 'restriction_fragments') return { kind, sequence };
  const enzyme = pick(RESTRICTION_ENZYMES, random);
  sequence = plantSites(sequence, enzyme.site, randomInt(0, 3, random), random);
  return { kind, sequence, enzyme: enzyme.name };
}

const isChoiceKind = (kind: SequenceKind): kind is ChoiceKind => (CHOICE_KINDS as readonly string[]).includes(kind);

function makeTaskBody(kind: SequenceKind, random: () => number): Pick<Task, 'prompt' | 'answer'> {
  if (!isChoiceKind(kind)) {
    const question = makeQuestion(random, kind);
    return { prompt: askQuestion(question), answer: referenceAnswer(question) };
  }
  const built = CHOICE_BUILDERS[kind](random);
  const { options, answer } = layoutOptions(built.correct, built.distractors, random);
  return { prompt: askChoiceQuestion(built.params, options), answer: { kind: 'choice', ...answer } };
}

export function sequenceTaskGenerator(weights: SequenceKindWeights = DEFAULT_KIND_WEIGHTS) {
  return async ({ seed, count, split }: GenerateOptions): Promise<Task[]> => {
    const tasks: Task[] = [];
    for (let i = 0; i < count; i++) {
      const taskSeed = hashSeed('sequence_qa', split, seed, i);
      const random = seededRandom(taskSeed);
      const kind = pickKind(weights, random);
      tasks.push({
        id: `sequence_qa-${split}-${taskSeed.toString(36)}`,
        taskType: 'sequence_qa',
        split,
        ...makeTaskBody(kind, random),
        meta: { questionKind: kind, format: isChoiceKind(kind) ? 'multiple_choice' : 'free_answer', seed: taskSeed },
      });
    }
    return tasks;
  };
}

export const generateSequenceTasks = sequenceTaskGenerator();
