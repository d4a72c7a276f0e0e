// What a workflow needs from the configuration, taken from it once by whoever starts the workflow.
import type { HelixConfig } from '../temporal.config';
import type { Runtime } from '../workflows/types';

export function runtimeOf(config: HelixConfig): Runtime {
  return {
    queues: { ...config.taskQueues },
    activities: structuredClone(config.activities),
    maxConcurrentEpisodes: config.episode.maxConcurrentPerBatch,
  };
}
