// HelixRL's one configuration: where Temporal and PostgreSQL are, the task
// queues, activity timeouts and retries, and worker concurrency. Defaults
// suit a laptop; every value can be overridden from the environment.
import { z } from 'zod';

const duration = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(ms|s|m|h)$/, "a duration such as '500ms', '30s', '2m' or '1h'");

const retryPolicy = z
  .object({
    maximumAttempts: z.number().int().min(1),
    initialInterval: duration,
    backoffCoefficient: z.number().min(1),
    maximumInterval: duration,
  })
  .strict();

const activityPolicy = z
  .object({ startToCloseTimeout: duration, heartbeatTimeout: duration.optional(), retry: retryPolicy })
  .strict();

const activityWorker = z
  .object({
    maxConcurrentActivityTaskExecutions: z.number().int().min(1),
    /** On shutdown, how long running activities may go on before they are cancelled (a trainer
     * step then saves what it can and hands the attempt back; see activities/trainer-activities.ts). */
    shutdownGraceTime: duration,
    /** The longest a running activity's last heartbeat may wait to reach the server: how stale
     * `helixrl status` can show SFT's step (Temporal's default is 60s). */
    maxHeartbeatThrottleInterval: duration.optional(),
  })
  .strict();
const workflowWorker = z
  .object({
    /** At least 2: Temporal polls workflow tasks on the normal and the sticky queue at once. */
    maxConcurrentWorkflowTaskExecutions: z.number().int().min(2),
    maxCachedWorkflows: z.number().int().min(0),
  })
  .strict();

export const QUEUE_NAMES = ['orchestrator', 'inference', 'tools', 'trainer'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const helixConfigSchema = z
  .object({
    temporal: z
      .object({
        /** Set (or TEMPORAL_ADDRESS) to use an existing server; unset starts the embedded dev server. */
        address: z.string().regex(/^[^\s:]+:\d+$/, "host:port, e.g. '127.0.0.1:7233'").optional(),
        namespace: z.string().min(1),
        /** Ports of the embedded dev server. */
        devServerPort: z.number().int().min(1).max(65535),
        uiPort: z.number().int().min(1).max(65535),
      })
      .strict(),
    database: z
      .object({
        /** Set (or DATABASE_URL) to use a PostgreSQL server; unset starts the embedded PGlite. */
        url: z.string().regex(/^postgres(ql)?:\/\//, "a URL such as 'postgres://user:pass@host:5432/db'").optional(),
        embeddedPort: z.number().int().min(1).max(65535),
        embeddedMaxConnections: z.number().int().min(1),
        poolSize: z.number().int().min(1),
      })
      .strict(),
    /** Project data directory: Temporal's SQLite file, embedded database, data lake, checkpoints (dataDir/checkpoints). */
    dataDir: z.string().min(1),
    taskQueues: z
      .object({
        orchestrator: z.string().min(1),
        inference: z.string().min(1),
        tools: z.string().min(1),
        trainer: z.string().min(1),
      })
      .strict(),
    activities: z
      .object({
        generate: activityPolicy,
        toolCall: activityPolicy,
        persistence: activityPolicy,
        trainer: activityPolicy,
      })
      .strict(),
    workers: z
      .object({
        orchestrator: workflowWorker,
        inference: activityWorker,
        tools: activityWorker,
        trainer: activityWorker,
      })
      .strict(),
    inference: z
      .object({
        /** 'cuda' needs onnxruntime's CUDA files: npm install onnxruntime-node --onnxruntime-node-install=cuda12 */
        executionProvider: z.enum(['cpu', 'cuda']),
        maxBatch: z.number().int().min(1),
        maxWaitMs: z.number().min(0),
        maxLoadedVersions: z.number().int().min(1),
        /** An OpenAI-compatible endpoint (vLLM, SGLang, hosted) for `openai` policies such as an SFT expert. */
        openaiBaseUrl: z.string().url().optional(),
        openaiApiKey: z.string().optional(),
      })
      .strict(),
    trainer: z
      .object({
        /** Threads that share each SFT batch (tfjs-wasm runs one thread per instance under Node). */
        sftThreads: z.union([z.literal('auto'), z.number().int().min(1)], { message: "'auto' (one per CPU core) or a whole number of threads ≥ 1" }),
        /** How often SFT saves its progress: the most training a crashed trainer loses. */
        progressEverySeconds: z.number().positive(),
      })
      .strict(),
    episode: z
      .object({
        maxTurns: z.number().int().min(1),
        maxTokens: z.number().int().min(64),
        /** Episodes one batch runs at once; the rest wait their turn. Keeps the orchestrator's queue short
         * (queries stay answerable) and the running episodes within its workflow cache. */
        maxConcurrentPerBatch: z.number().int().min(1),
      })
      .strict(),
  })
  .strict();

export type HelixConfig = z.infer<typeof helixConfigSchema>;
export type ActivityPolicy = z.infer<typeof activityPolicy>;

const quickRetry = { maximumAttempts: 5, initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '5s' };

export const defaultConfig: HelixConfig = {
  temporal: { namespace: 'default', devServerPort: 7233, uiPort: 8233 },
  database: { embeddedPort: 5433, embeddedMaxConnections: 32, poolSize: 10 },
  dataDir: '.helix',
  taskQueues: {
    orchestrator: 'helix-orchestrator',
    inference: 'helix-inference',
    tools: 'helix-tools',
    trainer: 'helix-trainer',
  },
  activities: {
    // The heartbeat timeout finds a turn whose worker died; start-to-close bounds a hung engine.
    generate: { startToCloseTimeout: '2m', heartbeatTimeout: '20s', retry: quickRetry },
    toolCall: { startToCloseTimeout: '20s', retry: { ...quickRetry, maximumAttempts: 4 } },
    persistence: { startToCloseTimeout: '30s', retry: { ...quickRetry, maximumAttempts: 10 } },
    trainer: { startToCloseTimeout: '30m', heartbeatTimeout: '2m', retry: { ...quickRetry, maximumAttempts: 3 } },
  },
  workers: {
    orchestrator: { maxConcurrentWorkflowTaskExecutions: 20, maxCachedWorkflows: 500 },
    inference: { maxConcurrentActivityTaskExecutions: 32, shutdownGraceTime: '5s' },
    tools: { maxConcurrentActivityTaskExecutions: 32, shutdownGraceTime: '5s' },
    trainer: { maxConcurrentActivityTaskExecutions: 1, shutdownGraceTime: '5s', maxHeartbeatThrottleInterval: '5s' },
  },
  inference: { executionProvider: 'cpu', maxBatch: 16, maxWaitMs: 10, maxLoadedVersions: 3 },
  trainer: { sftThreads: 'auto', progressEverySeconds: 60 },
  episode: { maxTurns: 8, maxTokens: 4096, maxConcurrentPerBatch: 64 },
};

export default defaultConfig;
