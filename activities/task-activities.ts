// Fills the task bank: generates tasks with a task type's seeded generator and stores them.
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/client';
import { upsertTasks } from '../db/episode-store';
import type { Split, TaskType } from '../env/types';

export interface EnsureTasksInput {
  taskType: string;
  split: Split;
  seed: number;
  count: number;
}

export function createTaskActivities({ db, taskType }: { db: Db; taskType: (name: string) => TaskType }) {
  return {
    /** Same seed, same tasks: re-running it (a retry, a resumed run) adds nothing new. */
    async ensureTasks(input: EnsureTasksInput): Promise<string[]> {
      const type = taskType(input.taskType);
      const tasks = await type.generate({ seed: input.seed, count: input.count, split: input.split, ctx: { db } });
      if (tasks.length === 0 && input.count > 0) {
        // An empty knowledge base yields no tasks; say so rather than run an empty batch.
        throw ApplicationFailure.nonRetryable(
          `Task type '${input.taskType}' generated no ${input.split} tasks. Its datasets (${(type.datasets ?? []).join(', ') || 'none'}) may not be loaded: run 'helixrl kb load --task-types ${input.taskType}'.`,
        );
      }
      await upsertTasks(
        db,
        tasks.map((t) => ({ id: t.id, taskType: t.taskType, split: t.split, prompt: t.prompt, answer: t.answer, meta: t.meta })),
      );
      return tasks.map((t) => t.id);
    },
  };
}

export type TaskActivities = ReturnType<typeof createTaskActivities>;
