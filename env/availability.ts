// Which task types can run with the datasets at hand, and why the others cannot.
import { TASK_TYPE_DATASETS } from './data-lake/manifest';

export function taskTypeAvailability(loaded: Set<string>, taskTypes = Object.keys(TASK_TYPE_DATASETS)): {
  runnable: string[];
  skipped: Array<{ taskType: string; reason: string }>;
} {
  const runnable: string[] = [];
  const skipped: Array<{ taskType: string; reason: string }> = [];
  for (const taskType of taskTypes) {
    const missing = (TASK_TYPE_DATASETS[taskType] ?? []).filter((d) => !loaded.has(d));
    if (missing.length) skipped.push({ taskType, reason: `dataset(s) not loaded: ${missing.join(', ')}` });
    else runnable.push(taskType);
  }
  return { runnable, skipped };
}
