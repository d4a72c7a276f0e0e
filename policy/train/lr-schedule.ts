// SFT's learning rate: constant, then a linear decay over the last steps ("stable, then decay").
// The copy circuit the demo's model needs forms mid-run at the full rate; the decay then settles
// the weights. A pure function of the step, so a run resumed from saved progress gets the same rates.

export interface StableDecaySchedule {
  /** All optimizer steps of the run. */
  steps: number;
  /** The rate until the decay starts. */
  learningRate: number;
  /** The last steps, over which the rate falls linearly; 0 keeps it constant. */
  decaySteps: number;
  /** Where the decay ends, as a fraction of `learningRate`. */
  finalFraction?: number;
}

/** The learning rate of optimizer step `step` (0-based). */
export function stableDecayLearningRate(step: number, { steps, learningRate, decaySteps, finalFraction = 0.1 }: StableDecaySchedule): number {
  const decayStart = steps - decaySteps;
  if (decaySteps <= 0 || step < decayStart) return learningRate;
  const progress = Math.min(1, (step - decayStart + 1) / decaySteps);
  return learningRate * (1 - (1 - finalFraction) * progress);
}
