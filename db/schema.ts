// The HelixRL tables, as drizzle schema-as-code. Migrations in db/migrations are generated from this
// file with `npx drizzle-kit generate` and applied at start-up (db/migrate.ts).
import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** The task bank: every generated task, its split and its hidden answer. */
export const tasks = pgTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    taskType: text('task_type').notNull(),
    split: text('split').notNull(),
    prompt: text('prompt').notNull(),
    answer: jsonb('answer').notNull(),
    meta: jsonb('meta').notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tasks_type_split_idx').on(t.taskType, t.split)],
);

/** One multi-turn attempt at one task; its id is the episode workflow's id. */
export const episodes = pgTable(
  'episodes',
  {
    id: text('id').primaryKey(),
    runId: text('run_id').notNull(),
    taskId: text('task_id')
      .notNull()
      .references(() => tasks.id),
    taskType: text('task_type').notNull(),
    epoch: integer('epoch').notNull().default(0),
    policyVersion: text('policy_version').notNull(),
    /** running | completed | truncated */
    status: text('status').notNull(),
    correctness: real('correctness'),
    formatOk: boolean('format_ok'),
    reward: doublePrecision('reward'),
    assistantTurns: integer('assistant_turns').notNull().default(0),
    tokens: integer('tokens').notNull().default(0),
    toolErrors: integer('tool_errors').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('episodes_run_idx').on(t.runId, t.epoch)],
);

/**
 * The transcript, one row a message. (episode_id, idx) is the idempotency key: a retried
 * activity that writes the same turn again finds it there and writes nothing.
 */
export const turns = pgTable(
  'turns',
  {
    episodeId: text('episode_id')
      .notNull()
      .references(() => episodes.id, { onDelete: 'cascade' }),
    idx: integer('idx').notNull(),
    /** system | user | assistant; observations are user messages. */
    role: text('role').notNull(),
    content: text('content').notNull(),
    /** assistant turns: generated tokens and their log-probabilities under the rollout policy. */
    tokenIds: integer('token_ids').array(),
    logprobs: real('logprobs').array(),
    /** assistant turns: parse outcome (execute | solution | malformed) and whether the format held. */
    actionKind: text('action_kind'),
    wellFormed: boolean('well_formed'),
    /** observation turns: the tool that produced it, and whether it reports an error. */
    tool: text('tool'),
    toolError: boolean('tool_error'),
    tokens: integer('tokens').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.episodeId, t.idx] })],
);
export * from './schema-kb';
export * from './schema-training';
