// Which activities each task queue serves. The orchestrator queue runs workflows only.
import type { QueueName } from '../temporal.config';
import type { Db } from '../db/client';
import { createEpisodeActivities } from '../activities/episode-activities';
import { createPolicyResolver, type ModelBackendFactory } from '../activities/policies';
import { createTaskActivities } from '../activities/task-activities';
import { createPipelineActivities } from '../activities/pipeline-activities';
import { createTrainerActivities } from '../activities/trainer-activities';
import type { TaskType } from '../env/types';
import type { CheckpointStore } from '../training/checkpoint-store';

export interface ActivityDeps {
  db: Db;
  taskType: (name: string) => TaskType;
  /** Serves `onnx` and `openai` policies on the inference queue; without it, only the scripted expert. */
  models?: ModelBackendFactory;
  /** Where policy versions live; the trainer queue needs it. */
  store?: CheckpointStore;
  /** Threads that share each SFT batch on the trainer queue; one per CPU core when unset. */
  sftThreads?: number;
  /** How often SFT saves its progress (seconds). */
  progressEverySeconds?: number;
}

export function activitiesForQueue(queue: QueueName, deps: ActivityDeps): Record<string, (...args: any[]) => Promise<unknown>> | undefined {
  const policies = createPolicyResolver(deps.taskType, deps.models, { db: deps.db });
  const episode = createEpisodeActivities({ db: deps.db, taskType: deps.taskType, policies });
  switch (queue) {
    case 'inference':
      return { generateTurn: episode.generateTurn };
    case 'tools': {
      const { generateTurn: _servedByInference, ...toolActivities } = episode;
      return { ...toolActivities, ...createTaskActivities(deps), ...createPipelineActivities(deps) };
    }
    case 'trainer':
      return deps.store ? createTrainerActivities({ db: deps.db, store: deps.store, sftThreads: deps.sftThreads, progressEverySeconds: deps.progressEverySeconds }) : undefined;
    case 'orchestrator':
      return undefined;
  }
}
