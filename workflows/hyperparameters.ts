// Checks a mid-run hyperparameter change before the run accepts it. Plain code, no zod: it runs
// inside the workflow sandbox as the update's validator.
import type { Hyperparameters } from './training-types';

const RULES: Record<keyof Hyperparameters, { min: number; max: number; minExclusive?: boolean; hint: string }> = {
  learningRate: { min: 0, max: 1, minExclusive: true, hint: 'a number in (0, 1], e.g. 0.0005' },
  temperature: { min: 0, max: 5, hint: 'a number in [0, 5] (0 = greedy)' },
  topP: { min: 0, max: 1, minExclusive: true, hint: 'a number in (0, 1]' },
  klCoef: { min: 0, max: 10, hint: 'a number in [0, 10]' },
};

/** Throws an Error naming the first bad field; returns the merged hyperparameters otherwise. */
export function applyHyperparameterUpdate(current: Hyperparameters, update: Partial<Hyperparameters>): Hyperparameters {
  if (typeof update !== 'object' || update === null) throw new Error('the update must be an object of hyperparameters');
  for (const [field, value] of Object.entries(update)) {
    const rule = RULES[field as keyof Hyperparameters];
    if (!rule) throw new Error(`unknown hyperparameter '${field}'; allowed: ${Object.keys(RULES).join(', ')}`);
    const tooLow = rule.minExclusive ? value <= rule.min : value < rule.min;
    if (typeof value !== 'number' || !Number.isFinite(value) || tooLow || value > rule.max) {
      throw new Error(`${field} must be ${rule.hint} (got ${JSON.stringify(value)})`);
    }
  }
  return { ...current, ...update };
}
