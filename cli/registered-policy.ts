// A policy version named on the command line (`<run>/sft`), checked before any episode starts,
// with the config of the run that trained it (its prompt style and episode limits).
import type { HelixConfig } from '../temporal.config';
import { getPolicyVersion, getRun } from '../db/training-store';
import type { TrainingRunConfig } from '../workflows/training-types';
import { openCommandDatabase } from './database';

export async function registeredPolicy(config: HelixConfig, version: string): Promise<{ runId: string; runConfig?: TrainingRunConfig }> {
  const runId = version.split('/')[0];
  const database = await openCommandDatabase(config);
  try {
    const run = await getRun(database.db, runId);
    if (!(await getPolicyVersion(database.db, version))) {
      const hint = run ? `run '${runId}' has ${run.policyVersion ?? 'no version yet'} as its latest` : `no run '${runId}' exists (helixrl runs lists them)`;
      throw new Error(`Policy version '${version}' is not registered: ${hint}. Versions are named <run>/base, <run>/sft and <run>/rl-NNN.`);
    }
    return { runId, runConfig: run?.config as TrainingRunConfig | undefined };
  } finally {
    await database.close();
  }
}
