// Every workflow the orchestrator worker runs.
export { episode } from './episode';
export { rollouts } from './rollouts';
