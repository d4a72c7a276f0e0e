// The demo's first steps: pull the datasets its task types need (mirror, registries, canonical
// URLs), load them into the knowledge base, and keep the task types whose data is there.
import { join } from 'node:path';
import type { Db } from '../db/client';
import { TASK_TYPE_DATASETS } from '../env/data-lake/manifest';
import { pullData } from '../env/data-lake/pull';
import { taskTypeAvailability } from '../env/availability';
import { loadedDatasets, loadKnowledgeBase } from '../env/kb/load';
import { say } from './logging';

export async function prepareTaskTypes(db: Db, dataDir: string, taskTypes: string[], mirror?: string): Promise<string[]> {
  const needData = taskTypes.filter((t) => (TASK_TYPE_DATASETS[t] ?? []).length > 0);
  if (needData.length === 0) return taskTypes;
  const lake = join(dataDir, 'data');
  say(`Pulling data for ${needData.join(', ')} into ${lake}${mirror ? ` (mirror: ${mirror})` : ''} …`);
  const pulled = await pullData({
    dest: lake,
    mirror,
    taskTypes: needData,
    onEvent: (e) => {
      if (e.kind === 'file-done') say(`  ${e.file} ← ${e.source}${e.note ? ` (${e.note})` : ''}`);
      if (e.kind === 'file-failed') say(`  ${e.file}: ${e.source} failed (${e.error})`);
    },
  });
  say(`  data ready in ${pulled.seconds.toFixed(1)} s`);
  say('Loading the knowledge base …');
  await loadKnowledgeBase(db, {
    dataDir: lake,
    taskTypes: needData,
    onEvent: (e) => {
      if (e.kind === 'loaded') say(`  ${e.dataset}: ${e.rows.toLocaleString('en')} rows in ${e.seconds.toFixed(1)} s`);
      if (e.kind === 'skipped') say(`  ${e.dataset}: skipped (${e.reason})`);
    },
  });
  const { skipped } = taskTypeAvailability(await loadedDatasets(db), needData);
  for (const { taskType, reason } of skipped) say(`Skipping task type ${taskType}: ${reason}.`);
  const runnable = taskTypes.filter((t) => !skipped.some((s) => s.taskType === t));
  if (runnable.length === 0) throw new Error('No task type has its data; see the pull messages above for what is missing.');
  return runnable;
}
