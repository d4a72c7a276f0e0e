// Generated tasks into the task-bank table (`tasks`), idempotently: ids are stable by seed, so a
// re-run inserts nothing new.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { tasks as tasksTable } from '../db/schema';
import type { Split, Task } from './types';

export async function saveTasks(db: Db, tasks: Task[]): Promise<number> {
  if (!tasks.length) return 0;
  const inserted = await db
    .insert(tasksTable)
    .values(tasks.map((t) => ({ id: t.id, taskType: t.taskType, split: t.split, prompt: t.prompt, answer: t.answer as object, meta: t.meta })))
    .onConflictDoNothing()
    .returning({ id: tasksTable.id });
  return inserted.length;
}

export async function loadTasks(db: Db, taskType: string, split: Split): Promise<Task[]> {
  const rows = await db.select().from(tasksTable).where(and(eq(tasksTable.taskType, taskType), eq(tasksTable.split, split)));
  return rows.map((r) => ({ id: r.id, taskType: r.taskType, split: r.split as Split, prompt: r.prompt, answer: r.answer, meta: r.meta as Record<string, unknown> }));
}
