// How clients steer a training run: signals to pause, resume and stop, an update that changes
// hyperparameters (validated before it is accepted), and progress queries (the run's, and each
// batch of episodes').
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Hyperparameters, RunProgress } from './training-types';
import type { RolloutsProgress, RolloutsSummary } from './types';

export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
export const stopSignal = defineSignal('stop');
export const setHyperparametersUpdate = defineUpdate<Hyperparameters, [Partial<Hyperparameters>]>('setHyperparameters');
export const progressQuery = defineQuery<RunProgress>('progress');
export const rolloutsProgressQuery = defineQuery<RolloutsProgress>('rolloutsProgress');

/** Sent by a rollouts batch started ahead of its epoch to the run that will train on it: its summary, or why it failed. */
export const batchReadySignal = defineSignal<[{ epoch: number; summary?: RolloutsSummary; error?: string }]>('batchReady');
