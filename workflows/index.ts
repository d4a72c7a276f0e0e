// Every workflow the orchestrator worker runs.
export { episode } from './episode';
export { rollouts } from './rollouts';
export { epoch } from './epoch';
export { evaluation } from './evaluation';
export { trainingRun } from './training-run';
