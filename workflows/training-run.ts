// Biomni-R0's recipe as one durable run: collect expert trajectories → rejection-sample an SFT
// dataset → SFT → RL epochs → evaluation. It continues-as-new after every phase and epoch, so its
// history stays small however long it runs; pause, resume, stop and hyperparameter changes arrive
// as signals and an update, and take effect at the next step.
import {
  ActivityCancellationType,
  ActivityFailure,
  CancellationScope,
  condition,
  continueAsNew,
  executeChild,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  TemporalFailure,
  workflowInfo,
} from '@temporalio/workflow';
import type { PipelineActivities } from '../activities/pipeline-activities';
import type { SftTrainInput, TrainerActivities, VersionResult } from '../activities/trainer-activities';
import { activityOptions } from './activity-options';
import { epoch } from './epoch';
import { evaluation, evaluationId } from './evaluation';
import { applyHyperparameterUpdate } from './hyperparameters';
import { policyVersionOf } from './policy-version';
import { rollouts } from './rollouts';
import {
  batchReadySignal,
  pauseSignal,
  progressQuery,
  resumeSignal,
  setHyperparametersUpdate,
  stopSignal,
} from './training-control';
import { COLLECTION_EPOCH, RUN_EVALUATION_LABELS, type RunEvaluationLabel, type RunProgress, type RunState, type TrainingRunInput } from './training-types';
import { bestValidated, validatesAfter, validationLabel, validationPoint } from './validation';

/** Patch id: a pause during SFT cancels the SFT activity (it saves its progress) instead of waiting for it. */
const SFT_PAUSES = 'sft-pauses';
/**
 * Patch id: the paused run waits for the cancelled SFT attempt to save and hand back before it
 * goes on. Without it (Temporal's default, TRY_CANCEL) the run went on at once, so a quick resume
 * could start the next attempt on another trainer before the first had saved its step.
 */
const SFT_PAUSE_WAITS = 'sft-pause-waits-for-save';

export function initialState(input: TrainingRunInput): RunState {
  return {
    phase: 'collect',
    epoch: 0,
    hyperparameters: input.config.rl.hyperparameters,
    paused: false,
    stopRequested: false,
    versions: {},
    readyBatches: {},
    prefetching: [],
    evaluations: [],
    history: [],
  };
}

export async function trainingRun(input: TrainingRunInput): Promise<RunProgress> {
  const { config, runtime } = input;
  const state: RunState = input.state ?? initialState(input);
  const persistence = proxyActivities<PipelineActivities>(activityOptions(runtime.activities.persistence, runtime.queues.tools));
  const trainerOptions = activityOptions(runtime.activities.trainer, runtime.queues.trainer);
  const trainer = proxyActivities<TrainerActivities>(trainerOptions);
  const acknowledgingTrainer = proxyActivities<TrainerActivities>({
    ...trainerOptions,
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });

  let ended: 'failed' | 'cancelled' | undefined;
  const progress = (): RunProgress => ({
    runId: config.runId,
    phase: state.phase,
    status: ended ?? (state.phase === 'done' ? (state.stopRequested ? 'stopped' : 'completed') : state.stopRequested ? 'stopping' : state.paused ? 'paused' : 'running'),
    epoch: state.epoch,
    epochs: config.rl.epochs,
    policyVersion: state.versions.latest,
    hyperparameters: state.hyperparameters,
    lastEpoch: state.history[state.history.length - 1],
    evaluations: state.evaluations,
    validations: state.validations,
  });
  setHandler(pauseSignal, () => void (state.paused = true));
  setHandler(resumeSignal, () => void (state.paused = false));
  setHandler(stopSignal, () => void (state.stopRequested = true));
  // A batch that failed is simply not there: its epoch then gathers its own rollouts.
  setHandler(batchReadySignal, ({ epoch: ready, summary }) => {
    if (summary) state.readyBatches[ready] = summary;
    state.prefetching = state.prefetching.filter((e) => e !== ready);
  });
  setHandler(progressQuery, progress);
  setHandler(
    setHyperparametersUpdate,
    (update) => (state.hyperparameters = applyHyperparameterUpdate(state.hyperparameters, update)),
    { validator: (update) => void applyHyperparameterUpdate(state.hyperparameters, update) },
  );

  const recordStatus = () => persistence.updateRun({ runId: config.runId, config, progress: progress() });
  /** Waits while paused; false when the run should stop instead. */
  const mayContinue = async () => {
    if (state.paused) await recordStatus();
    await condition(() => !state.paused || state.stopRequested);
    return !state.stopRequested;
  };
  const nextRun = () => continueAsNew<typeof trainingRun>({ config, runtime, state });
  /** Greedy episodes of one version on a split, as the `evaluation` child `<run>.eval-<label>`. */
  const evaluate = (label: string, version: string, split: 'val' | 'test', tasksPerType: number) =>
    executeChild(evaluation, {
      workflowId: evaluationId(config.runId, label),
      taskQueue: runtime.queues.orchestrator,
      args: [
        {
          runId: config.runId,
          label,
          split,
          policy: { kind: 'onnx', version },
          policyVersion: version,
          taskTypes: config.taskTypes,
          tasksPerType,
          seed: config.evaluation.seed,
          limits: config.episode,
          formatWeight: config.formatWeight,
          runtime,
        },
      ],
    });

  /**
   * SFT is one activity of many minutes. A pause cancels it: the trainer saves its progress and
   * the resumed run's next attempt continues from there. Undefined when stopped while paused.
   */
  const pausableSft = async (input: SftTrainInput): Promise<VersionResult | undefined> => {
    for (;;) {
      const scope = new CancellationScope();
      const { sftTrain } = patched(SFT_PAUSE_WAITS) ? acknowledgingTrainer : trainer;
      const training = scope.run(() => sftTrain(input));
      // (A rejection is read below through `training` itself, not through this race.)
      const pausedFirst = await Promise.race([training.then(() => false, () => false), condition(() => state.paused).then(() => true)]);
      if (!pausedFirst) return training;
      scope.cancel();
      // The trainer acknowledges once its progress is saved (or it had finished after all). A
      // trainer that died meanwhile never acknowledges: its attempt times out, and is not retried
      // once cancelled. Either way the next attempt continues from the last save.
      const finished = await training.catch((error: unknown) => {
        if (isCancellation(error) || (error instanceof ActivityFailure && error.retryState === 'CANCEL_REQUESTED')) return undefined;
        throw error;
      });
      if (finished) return finished;
      if (!(await mayContinue())) return undefined;
    }
  };

  try {
    await recordStatus();

    if (state.phase === 'collect' && (await mayContinue())) {
      await Promise.all(
        config.taskTypes.map((taskType) =>
          executeChild(rollouts, {
            workflowId: `${config.runId}.collect.${taskType}`,
            taskQueue: runtime.queues.orchestrator,
            args: [
              {
                runId: config.runId,
                taskType,
                split: 'train',
                taskCount: config.collect.tasksPerType,
                groupSize: config.collect.samplesPerTask,
                seed: config.seed,
                epoch: COLLECTION_EPOCH,
                policy: config.collect.policy,
                policyVersion: policyVersionOf(config.collect.policy),
                // The collector's turns are bounded by the episode budget, not the small model's turn limit.
                sampling: { temperature: 0.7, topP: 1, maxNewTokens: config.episode.maxTokens },
                limits: { maxTurns: config.episode.maxTurns, maxTokens: config.episode.maxTokens, promptStyle: config.episode.promptStyle },
                formatWeight: config.formatWeight,
                wholeScriptedEpisodes: true,
                runtime,
              },
            ],
          }),
        ),
      );
      await persistence.buildSftDataset({ runId: config.runId });
      const base = await trainer.initPolicy({ runId: config.runId, seed: config.seed, model: config.model });
      state.versions.untrained = state.versions.latest = base.version;
      state.phase = 'sft';
      await nextRun();
    }

    if (state.phase === 'sft' && (await mayContinue())) {
      const sftInput: SftTrainInput = {
        runId: config.runId,
        fromVersion: state.versions.untrained!,
        toVersion: `${config.runId}/sft`,
        steps: config.sft.steps,
        batchSize: config.sft.batchSize,
        learningRate: config.sft.learningRate,
        decaySteps: Math.round(config.sft.steps * (config.sft.decayFraction ?? 0)), // runs started before the setting: constant
        inputNoise: config.sft.inputNoise ?? 0,
        inputNoiseFrom: config.sft.inputNoiseFrom ?? 0,
        seed: config.seed,
      };
      // Histories from before SFT could be paused replay the single call they recorded.
      const sft = patched(SFT_PAUSES) ? await pausableSft(sftInput) : await trainer.sftTrain(sftInput);
      if (sft) {
        state.versions.sft = state.versions.latest = sft.version;
        state.phase = 'rl';
      } else {
        state.phase = 'done'; // stopped while paused in SFT: no SFT model to go on from
      }
      await nextRun();
    }

    if (state.phase === 'rl') {
      if (state.epoch < config.rl.epochs && (await mayContinue())) {
        const current = state.epoch;
        await condition(() => !state.prefetching.includes(current));
        const batch = state.readyBatches[current];
        const result = await executeChild(epoch, {
          workflowId: `${config.runId}.epoch-${current}`,
          taskQueue: runtime.queues.orchestrator,
          args: [
            {
              config,
              runtime,
              epoch: current,
              policyVersion: state.versions.latest!,
              referenceVersion: state.versions.sft,
              hyperparameters: state.hyperparameters,
              batch,
              prefetchNextFor: config.rl.maxStaleness >= 1 && !state.stopRequested ? workflowInfo().workflowId : undefined,
            },
          ],
        });
        delete state.readyBatches[current];
        // The next batch may have reported already, while this epoch was still training.
        if (result.prefetchedNext && state.readyBatches[current + 1] === undefined) state.prefetching.push(current + 1);
        state.history.push(result);
        state.versions.latest = result.trainedVersion;
        state.epoch = current + 1;
        await recordStatus();
        const validation = config.rl.validation;
        if (validation && validatesAfter(state.epoch, config.rl.epochs, validation.everyEpochs)) {
          const validated = await evaluate(validationLabel(state.epoch), state.versions.latest!, 'val', validation.tasksPerType);
          (state.validations ??= []).push(validationPoint(state.epoch, validated));
          await recordStatus();
        }
        await nextRun();
      }
      state.phase = state.stopRequested ? 'done' : 'eval';
    }

    if (state.phase === 'eval') {
      // The RL model: the last version trained, or the best one validated when the run keeps that.
      const rlVersion = (config.rl.validation?.keep === 'best' && bestValidated(state.validations ?? [])?.policyVersion) || state.versions.latest;
      const versionOf: Record<RunEvaluationLabel, string | undefined> = {
        untrained: state.versions.untrained,
        sft: state.versions.sft,
        rl: rlVersion !== state.versions.sft ? rlVersion : undefined,
      };
      const models = RUN_EVALUATION_LABELS.map((label) => [label, versionOf[label]] as const)
        .filter((m): m is readonly [RunEvaluationLabel, string] => m[1] !== undefined);
      for (const [label, version] of models) {
        if (state.evaluations.some((e) => e.label === label)) continue;
        state.evaluations.push(await evaluate(label, version, 'test', config.evaluation.tasksPerType));
      }
      state.phase = 'done';
    }

    if (state.stopRequested) state.phase = 'done';
    await recordStatus();
    return progress();
  } catch (error) {
    // A run cancelled (from the Web UI) or failed for good (a child or activity out of retries) is
    // recorded as such, so `helixrl runs` does not show it as running. Continuing as new is not an
    // ending, and any other error is a bug that fails only this workflow task, retried once fixed.
    if (isCancellation(error)) {
      ended = 'cancelled';
      await CancellationScope.nonCancellable(recordStatus);
    } else if (error instanceof TemporalFailure) {
      ended = 'failed';
      await recordStatus();
    }
    throw error;
  }
}
