// Exact scoring of a sequence-QA answer: numbers within tolerance, sequences letter for letter,
// multiple choice by the option letter (read as env/scoring.ts reads letters).
import type { Task } from '../types';
import { scoreLetter } from '../tasks/multiple-choice';
import type { SequenceAnswer } from './questions';

export function scoreSequenceAnswer(answer: string, task: Task): number {
  const reference = task.answer as SequenceAnswer;
  if (reference.kind === 'choice') return scoreLetter(answer, task);
  if (reference.kind === 'number') {
    const value = Number.parseFloat(answer.replace(/[%\s]/g, ''));
    return Number.isFinite(value) && Math.abs(value - reference.value) <= reference.tolerance + 1e-9 ? 1 : 0;
  }
  return answer.replace(/\s+/g, '').toUpperCase() === reference.value ? 1 : 0;
}
