// Seeded sequence-QA tasks on random DNA. Restriction questions get their enzyme's site planted
// zero to three times so fragment counts vary.
import type { GenerateOptions, Task } from '../types';
import { hashSeed, pick, randomInt, seededRandom } from '../random';
import { RESTRICTION_ENZYMES } from './enzymes';
import { askQuestion, referenceAnswer, SEQUENCE_QUESTION_KINDS, type SequenceQuestion } from './questions';

const BASES = 'ACGT';

export function randomDna(length: number, random: () => number): string {
  let dna = '';
  for (let i = 0; i < length; i++) dna += BASES[Math.floor(random() * 4)];
  return dna;
}

function plantSites(dna: string, site: string, count: number, random: () => number): string {
  let result = dna;
  for (let i = 0; i < count; i++) {
    const at = randomInt(0, result.length - site.length, random);
    result = result.slice(0, at) + site + result.slice(at + site.length);
  }
  return result;
}

export function makeQuestion(random: () => number): SequenceQuestion {
  const kind = pick(SEQUENCE_QUESTION_KINDS, random);
  const length = kind === 'translation' || kind === 'reverse_complement' ? randomInt(24, 60, random) : randomInt(60, 240, random);
  let sequence = randomDna(length, random);
  if (kind !== 'restriction_fragments') return { kind, sequence };
  const enzyme = pick(RESTRICTION_ENZYMES, random);
  sequence = plantSites(sequence, enzyme.site, randomInt(0, 3, random), random);
  return { kind, sequence, enzyme: enzyme.name };
}

export async function generateSequenceTasks({ seed, count, split }: GenerateOptions): Promise<Task[]> {
  const tasks: Task[] = [];
  for (let i = 0; i < count; i++) {
    // Each split draws from its own stream, so splits never share a task.
    const taskSeed = hashSeed('sequence_qa', split, seed, i);
    const question = makeQuestion(seededRandom(taskSeed));
    tasks.push({
      id: `sequence_qa-${split}-${taskSeed.toString(36)}`,
      taskType: 'sequence_qa',
      split,
      prompt: askQuestion(question),
      answer: referenceAnswer(question),
      meta: { questionKind: question.kind, seed: taskSeed },
    });
  }
  return tasks;
}
