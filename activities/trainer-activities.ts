// The trainer queue: create the built-in policy, SFT it, and apply GRPO updates. Each activity
// turns one version into another and registers it; a retry that finds the target version
// registered returns it, so an update is never applied twice.
import { availableParallelism } from 'node:os';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/client';
import { getTranscript } from '../db/episode-store';
import { getPolicyVersion, getSftExamples, registerPolicyVersion, type PolicyVersionRow } from '../db/training-store';
import type { ChatMessage } from '../policy/backend';
import {
  buildBuiltinTokenizer,
  builtinConfigFor,
  chatTokenizerOf,
  createBuiltinModel,
  createTrainer,
  exportModelFolder,
  GradientPool,
  loadCheckpoint,
  mulberry32,
  rolloutToPolicySequence,
  saveCheckpoint,
  stableDecayLearningRate,
  inputNoiseAt,
  inputNoiseRng,
  swappedInputTokens,
  withInputNoise,
  type PolicySequence,
  type StepMetrics,
  type Trainer,
} from '../policy';
import type { CheckpointStore } from '../training/checkpoint-store';
import { readSftProgress, writeSftProgress, type SftSettings } from '../training/sft-progress';
import type { Advantage } from '../workflows/advantages';
import type { Hyperparameters, SftHeartbeat, TrainingRunConfig } from '../workflows/training-types';

export interface InitPolicyInput {
  runId: string;
  seed: number;
  model: TrainingRunConfig['model'];
}

/** The run, and the settings its SFT progress is saved under (training/sft-progress.ts). */
export interface SftTrainInput extends SftSettings {
  runId: string;
}

export interface PolicyStepInput {
  runId: string;
  fromVersion: string;
  toVersion: string;
  step: number;
  items: Advantage[];
  hyperparameters: Hyperparameters;
  epsLow: number;
  epsHigh: number;
  /** The KL reference (the SFT policy); used when klCoef > 0. */
  referenceVersion?: string;
  /** Sequences per optimizer step: the update is taken in mini-batches to bound trainer memory. */
  miniBatchSize: number;
}

export interface VersionResult {
  version: string;
  metrics?: Record<string, number>;
}

/** The last trainer this process used, so consecutive epochs keep Adam's moments in memory. */
interface CachedTrainer {
  version: string;
  trainer: Trainer;
}

/**
 * `sftThreads`: threads that share each SFT batch (one per CPU core unless told);
 * `progressEverySeconds`: how often SFT saves where it is, bounding what a crash costs.
 */
export function createTrainerActivities({
  db,
  store,
  sftThreads = availableParallelism(),
  progressEverySeconds = 60,
}: {
  db: Db;
  store: CheckpointStore;
  sftThreads?: number;
  progressEverySeconds?: number;
}) {
  let cached: CachedTrainer | undefined;
  let reference: CachedTrainer | undefined;

  async function requireVersion(id: string): Promise<PolicyVersionRow> {
    const row = await getPolicyVersion(db, id);
    if (!row) throw ApplicationFailure.nonRetryable(`Policy version '${id}' is not registered; it must be trained first.`);
    return row;
  }

  async function trainerFor(version: PolicyVersionRow): Promise<Trainer> {
    if (cached?.version === version.id) return cached.trainer;
    cached?.trainer.dispose();
    cached = { version: version.id, trainer: await loadCheckpoint(version.checkpointDir) };
    return cached.trainer;
  }

  async function register(trainer: Trainer, row: { id: string; runId: string; parentId: string | null; kind: string; step: number; metrics: Record<string, number> }) {
    const paths = await store.write(row.id, async ({ checkpointDir, modelDir }) => {
      await saveCheckpoint(trainer, checkpointDir);
      await exportModelFolder(trainer.snapshot(), modelDir);
    });
    await registerPolicyVersion(db, { ...row, ...paths });
    cached = { version: row.id, trainer };
  }

  return {
    /** The untrained built-in model, with a tokenizer trained on the run's SFT transcripts. */
    async initPolicy(input: InitPolicyInput): Promise<VersionResult> {
      const id = `${input.runId}/base`;
      if (await getPolicyVersion(db, id)) return { version: id };
      const examples = await getSftExamples(db, input.runId);
      if (examples.length === 0) {
        throw ApplicationFailure.nonRetryable(
          `Run '${input.runId}' has no SFT examples: the expert solved no collected task correctly and well-formed. Collect more tasks or lower the expert's noise.`,
        );
      }
      const corpus = examples.flatMap((e) => (e.messages as ChatMessage[]).map((m) => m.content));
      Context.current().heartbeat({ stage: 'tokenizer' });
      const tokenizer = buildBuiltinTokenizer(corpus, { vocabSize: input.model.vocabSize, maxPositions: input.model.maxPositions });
      const config = builtinConfigFor(tokenizer, input.model);
      const trainer = await createTrainer(createBuiltinModel(config, tokenizer, input.seed));
      await register(trainer, { id, runId: input.runId, parentId: null, kind: 'base', step: 0, metrics: {} });
      return { version: id };
    },

    /**
     * Next-token training on the rejection-sampled transcripts, assistant tokens only. Every
     * `progressEverySeconds` it saves where it is; an attempt after a crash continues from there.
     */
    async sftTrain(input: SftTrainInput): Promise<VersionResult> {
      const done = await getPolicyVersion(db, input.toVersion);
      if (done) return { version: done.id, metrics: done.metrics as Record<string, number> };
      Context.current().heartbeat({ stage: 'loading' });
      const progress = await readSftProgress(store, input);
      const trainer = progress ? await loadCheckpoint(progress.checkpointDir) : await trainerFor(await requireVersion(input.fromVersion));
      cached = undefined; // trained in place from here on: no longer the version it was loaded as
      const chat = chatTokenizerOf(trainer.model.tokenizer);
      const maxLength = trainer.model.config.max_position_embeddings;
      const sequences = (await getSftExamples(db, input.runId))
        .map((e) => chat.toTrainingSequence(e.messages as ChatMessage[]))
        .filter((s) => s.ids.length <= maxLength);
      if (sequences.length === 0) throw ApplicationFailure.nonRetryable(`No SFT example of run '${input.runId}' fits in ${maxLength} tokens; raise model.maxPositions.`);
      const random = mulberry32(input.seed);
      const noise = inputNoiseRng(input.seed);
      let noisyTokens = 0; // assistant tokens read swapped, and all read, over every step (replayed ones too)
      let assistantTokens = 0;
      const drawBatch = (step: number) => {
        const rate = inputNoiseAt(step, input.steps, input.inputNoise ?? 0, input.inputNoiseFrom);
        const batch = Array.from({ length: Math.min(input.batchSize, sequences.length) }, () => withInputNoise(sequences[random.int(sequences.length)], rate, noise));
        for (const sequence of batch) {
          const { swapped, assistant } = swappedInputTokens(sequence);
          noisyTokens += swapped;
          assistantTokens += assistant;
        }
        return batch;
      };
      const resumedFrom = progress?.stepsDone ?? 0;
      for (let step = 0; step < resumedFrom; step++) drawBatch(step); // the batches the saved steps trained on
      let loss = progress?.loss ?? 0;
      let savedAt = Date.now();
      const started = Date.now();
      const pool = await GradientPool.start(trainer, sftThreads);
      try {
        for (let step = resumedFrom; step < input.steps; step++) {
          trainer.optimizer.options.lr = stableDecayLearningRate(step, input);
          loss = (await pool.sftStep(trainer, drawBatch(step))).loss;
          if (Date.now() - savedAt >= progressEverySeconds * 1000 && step + 1 < input.steps) {
            await writeSftProgress(store, input, trainer, { stepsDone: step + 1, loss });
            savedAt = Date.now();
          }
          Context.current().heartbeat({ stepsDone: step + 1, steps: input.steps, loss } satisfies SftHeartbeat);
          await yieldToEventLoop(); // a pool of one thread never waits on a worker's message
          if (cancelled() && step + 1 < input.steps) {
            await writeSftProgress(store, input, trainer, { stepsDone: step + 1, loss });
            // The run cancelled it (a pause): report it cancelled, progress saved for the resume.
            if (Context.current().cancellationDetails?.cancelRequested) throw Context.current().cancellationSignal.reason;
            throw handedBack(`SFT saved its progress at step ${step + 1} of ${input.steps}`);
          }
        }
      } finally {
        await pool.close();
      }
      const metrics = { loss, optimizerSteps: input.steps, resumedFromStep: resumedFrom, examples: sequences.length, threads: pool.threads, seconds: (Date.now() - started) / 1000, noisyInputShare: assistantTokens ? noisyTokens / assistantTokens : 0 };
      await register(trainer, { id: input.toVersion, runId: input.runId, parentId: input.fromVersion, kind: 'sft', step: 0, metrics });
      await store.dropProgress(input.toVersion);
      return { version: input.toVersion, metrics };
    },

    /** One GRPO update from the episodes of an epoch and their advantages. */
    async policyStep(input: PolicyStepInput): Promise<VersionResult> {
      const done = await getPolicyVersion(db, input.toVersion);
      if (done) return { version: done.id, metrics: done.metrics as Record<string, number> };
      const from = await requireVersion(input.fromVersion);
      if (input.items.length === 0) {
        // Every group's rewards were equal: nothing to learn; the new version is the old one.
        await registerPolicyVersion(db, { ...from, id: input.toVersion, parentId: from.id, kind: 'rl', step: input.step, metrics: { skipped: 1 }, createdAt: undefined });
        return { version: input.toVersion, metrics: { skipped: 1 } };
      }
      const heartbeat = (stage: string) => Context.current().heartbeat({ stage });
      heartbeat('loading');
      const trainer = await trainerFor(from);
      cached = undefined; // updated in place from here on: a failed attempt must not leave it cached as `from`
      heartbeat('loaded');
      const { learningRate, temperature, klCoef } = input.hyperparameters;
      trainer.optimizer.options.lr = learningRate;
      trainer.rlOptions = { ...trainer.rlOptions, epsLow: input.epsLow, epsHigh: input.epsHigh, klCoef, temperature: temperature > 0 ? temperature : 1 };
      const chat = chatTokenizerOf(trainer.model.tokenizer);

      const maxLength = trainer.model.config.max_position_embeddings;
      const sequences: PolicySequence[] = [];
      let tooLong = 0;
      for (const { episodeId, advantage } of input.items) {
        const turns = await getTranscript(db, episodeId);
        // Train up to the last assistant turn; a closing observation carries no policy tokens.
        while (turns.length && turns[turns.length - 1].role !== 'assistant') turns.pop();
        const assistant = turns.filter((t) => t.role === 'assistant');
        if (assistant.length === 0 || assistant.some((t) => !t.tokenIds || !t.logprobs)) continue; // not sampled by the engine
        const sequence = rolloutToPolicySequence(chat, {
          messages: turns.map((t) => ({ role: t.role as ChatMessage['role'], content: t.content })),
          turns: assistant.map((t) => ({ tokenIds: t.tokenIds!, logprobs: t.logprobs! })),
          advantage,
        });
        if (sequence.ids.length > maxLength) tooLong++;
        else sequences.push(sequence);
      }
      if (sequences.length === 0) {
        await registerPolicyVersion(db, { ...from, id: input.toVersion, parentId: from.id, kind: 'rl', step: input.step, metrics: { skipped: 1, tooLong }, createdAt: undefined });
        return { version: input.toVersion, metrics: { skipped: 1, tooLong } };
      }
      if (klCoef > 0 && input.referenceVersion) {
        if (reference?.version !== input.referenceVersion) {
          reference?.trainer.dispose();
          reference = { version: input.referenceVersion, trainer: await loadCheckpoint((await requireVersion(input.referenceVersion)).checkpointDir) };
        }
        const scores = reference.trainer.scoreSequences(sequences.map((s) => s.ids), trainer.rlOptions.temperature);
        sequences.forEach((s, i) => (s.refLogprobs = [0, ...scores[i]]));
      }
      // Mini-batches in a seeded order, one optimizer step each (PPO-style), so memory stays bounded.
      const order = shuffled(sequences.length, mulberry32(input.step));
      const steps: StepMetrics[] = [];
      for (let start = 0; start < order.length; start += input.miniBatchSize) {
        heartbeat(`update ${start / input.miniBatchSize + 1}`);
        steps.push(trainer.policyStep(order.slice(start, start + input.miniBatchSize).map((i) => sequences[i])));
        await yieldToEventLoop();
        if (cancelled() && start + input.miniBatchSize < order.length) {
          throw handedBack(`policy step ${input.toVersion} stopped after ${steps.length} update(s), nothing registered`);
        }
      }
      heartbeat('saving');
      const mean = (pick: (m: (typeof steps)[number]) => number | undefined) =>
        steps.reduce((sum, m) => sum + (pick(m) ?? 0), 0) / steps.length;
      const metrics = {
        loss: mean((m) => m.loss),
        gradNorm: mean((m) => m.gradNorm),
        clipFraction: mean((m) => m.clipFraction),
        kl: mean((m) => m.kl),
        tokens: steps.reduce((sum, m) => sum + m.tokens, 0),
        sequences: sequences.length,
        optimizerSteps: steps.length,
        tooLong,
        ms: steps.reduce((sum, m) => sum + m.ms, 0),
      };
      await register(trainer, { id: input.toVersion, runId: input.runId, parentId: from.id, kind: 'rl', step: input.step, metrics });
      return { version: input.toVersion, metrics };
    },
  };
}

export type TrainerActivities = ReturnType<typeof createTrainerActivities>;

/**
 * Cancelled: by its run (a pause during SFT), or by a worker shutting down (Ctrl-C on the demo,
 * SIGINT to `helixrl worker`), which cancels its activities after its grace time. On shutdown a
 * trainer activity stops between steps and fails retryably, so the next trainer picks the attempt
 * up at once; one that ran on until its process was killed would leave the run waiting out the
 * heartbeat timeout (2 min) before the retry.
 */
function cancelled(): boolean {
  return Context.current().cancellationSignal.aborted;
}

function handedBack(what: string): ApplicationFailure {
  return ApplicationFailure.retryable(`The trainer worker is shutting down: ${what}; the next attempt takes it up.`, 'TrainerShutdown');
}

/**
 * A training step is synchronous (wasm) compute. Yielding after each one lets heartbeats, queries
 * and the other Workers in this process run between steps.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function shuffled(n: number, random: { int(n: number): number }): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
