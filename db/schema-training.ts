// Tables of the training pipeline: runs, policy versions (the checkpoint registry), the SFT dataset,
// per-epoch metrics and evaluation tables.
import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp } from 'drizzle-orm/pg-core';

export const runs = pgTable('runs', {
  id: text('id').primaryKey(),
  config: jsonb('config').notNull(),
  /** running | paused | stopped | completed | failed */
  status: text('status').notNull(),
  /** collect | sft | rl | eval | done */
  phase: text('phase').notNull(),
  epoch: integer('epoch').notNull().default(0),
  policyVersion: text('policy_version'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Each trained policy: where its checkpoint and exported model folder live. Inserted last, so a row means the files are complete. */
export const policyVersions = pgTable(
  'policy_versions',
  {
    id: text('id').primaryKey(),
    runId: text('run_id').notNull(),
    parentId: text('parent_id'),
    /** base | sft | rl */
    kind: text('kind').notNull(),
    step: integer('step').notNull(),
    checkpointDir: text('checkpoint_dir').notNull(),
    modelDir: text('model_dir').notNull(),
    metrics: jsonb('metrics').notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('policy_versions_run_idx').on(t.runId, t.step)],
);

/** Rejection-sampled expert transcripts: correct, well-formed and unique per run. */
export const sftExamples = pgTable(
  'sft_examples',
  {
    runId: text('run_id').notNull(),
    contentHash: text('content_hash').notNull(),
    episodeId: text('episode_id').notNull(),
    taskType: text('task_type').notNull(),
    messages: jsonb('messages').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.contentHash] })],
);

export const epochMetrics = pgTable(
  'epoch_metrics',
  {
    runId: text('run_id').notNull(),
    epoch: integer('epoch').notNull(),
    /** The version the epoch's rollouts used, and the version its update produced. */
    rolloutVersion: text('rollout_version').notNull(),
    trainedVersion: text('trained_version'),
    metrics: jsonb('metrics').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.epoch] })],
);

/** One row per (run, evaluated model, task type): the paper-style table. */
export const evaluations = pgTable(
  'evaluations',
  {
    runId: text('run_id').notNull(),
    /** untrained | sft | rl, or a free label for `helixrl eval`. */
    label: text('label').notNull(),
    policyVersion: text('policy_version').notNull(),
    split: text('split').notNull(),
    taskType: text('task_type').notNull(),
    episodes: integer('episodes').notNull(),
    meanCorrectness: doublePrecision('mean_correctness').notNull(),
    formatRate: real('format_rate').notNull(),
    /** Share of episodes with a failed tool call; null for rows recorded before it was measured. */
    toolErrorRate: real('tool_error_rate'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.label, t.taskType] })],
);
