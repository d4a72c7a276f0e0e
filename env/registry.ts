// Every task type HelixRL knows, by name.
import type { TaskType } from './types';
import { sequenceQa } from './sequence-qa';

const TASK_TYPES: TaskType[] = [sequenceQa];

export function listTaskTypes(): TaskType[] {
  return [...TASK_TYPES];
}

export function getTaskType(name: string): TaskType {
  const found = TASK_TYPES.find((t) => t.name === name);
  if (!found) {
    throw new Error(`Unknown task type '${name}'. Known task types: ${TASK_TYPES.map((t) => t.name).join(', ')}.`);
  }
  return found;
}
