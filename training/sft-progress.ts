// Where an SFT activity had got to: a checkpoint (weights and Adam's moments) and how many steps
// it holds, kept in the version's progress folder. It belongs to the attempt's exact settings;
// progress saved under other settings is ignored rather than continued.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { saveCheckpoint, type Trainer } from '../policy';
import type { CheckpointStore } from './checkpoint-store';

/** What an SFT attempt trains: progress saved under other settings is not continued. */
export interface SftSettings {
  fromVersion: string;
  toVersion: string;
  steps: number;
  batchSize: number;
  learningRate: number;
  decaySteps: number;
  /** Share of assistant input tokens swapped in each batch (policy/train/input-noise.ts); absent in runs started before it: none. */
  inputNoise?: number;
  /** Where in the run the noise starts, as a share of the steps; absent: from the first step. */
  inputNoiseFrom?: number;
  seed: number;
}

export interface SftProgress {
  stepsDone: number;
  loss: number;
  checkpointDir: string;
}

const settingsOf = ({ fromVersion, toVersion, steps, batchSize, learningRate, decaySteps, inputNoise, inputNoiseFrom, seed }: SftSettings) => ({
  fromVersion,
  toVersion,
  steps,
  batchSize,
  learningRate,
  decaySteps,
  inputNoise: inputNoise ?? 0,
  inputNoiseFrom: inputNoiseFrom ?? 0,
  seed,
});

export async function writeSftProgress(store: CheckpointStore, settings: SftSettings, trainer: Trainer, at: { stepsDone: number; loss: number }): Promise<void> {
  await store.saveProgress(settings.toVersion, async (dir) => {
    await saveCheckpoint(trainer, join(dir, 'checkpoint'));
    await writeFile(join(dir, 'progress.json'), JSON.stringify({ settings: settingsOf(settings), ...at }));
  });
}

export async function readSftProgress(store: CheckpointStore, settings: SftSettings): Promise<SftProgress | undefined> {
  const dir = store.progressDir(settings.toVersion);
  const file = join(dir, 'progress.json');
  if (!existsSync(file)) return undefined;
  const saved = JSON.parse(await readFile(file, 'utf8')) as { settings: Partial<SftSettings>; stepsDone: number; loss: number };
  // Progress saved before the decay and noise settings existed trained at a constant rate on clean
  // inputs (0 for both), which is what such a run still asks for: continue it rather than start again.
  const savedSettings = settingsOf({ decaySteps: 0, ...saved.settings } as SftSettings);
  if (JSON.stringify(savedSettings) !== JSON.stringify(settingsOf(settings))) return undefined;
  return { stepsDone: saved.stepsDone, loss: saved.loss, checkpointDir: join(dir, 'checkpoint') };
}
