import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTrainer } from '../../policy/train/trainer';
import { CheckpointStore } from '../../training/checkpoint-store';
import { readSftProgress, writeSftProgress, type SftSettings } from '../../training/sft-progress';
import { smallModel, tempDir } from '../policy/helpers';

const scratch = tempDir('sft-progress');
afterAll(() => scratch.cleanup());

const settings: SftSettings = { fromVersion: 'run-base', toVersion: 'run-sft', steps: 40, batchSize: 4, learningRate: 3e-3, decaySteps: 0, seed: 1 };

describe('SFT progress', () => {
  it('is continued only under the settings it was saved with, and a file from before decaySteps counts as a constant rate', async () => {
    const store = new CheckpointStore(join(scratch.dir, 'store'));
    const trainer = await createTrainer(smallModel().model, { adam: { lr: settings.learningRate } });
    await writeSftProgress(store, settings, trainer, { stepsDone: 12, loss: 1.5 });

    expect(await readSftProgress(store, settings)).toMatchObject({ stepsDone: 12, loss: 1.5 });
    expect(await readSftProgress(store, { ...settings, decaySteps: 10 })).toBeUndefined();
    expect(await readSftProgress(store, { ...settings, learningRate: 1e-3 })).toBeUndefined();
    expect(await readSftProgress(store, { ...settings, inputNoise: 0.1 })).toBeUndefined();
    // No inputNoise is the clean inputs of runs started before the setting.
    expect(await readSftProgress(store, { ...settings, inputNoise: 0 })).toMatchObject({ stepsDone: 12 });
    expect(await readSftProgress(store, { ...settings, inputNoise: 0, inputNoiseFrom: 0.75 })).toBeUndefined();

    // A progress file written before the setting existed has no decaySteps at all.
    const file = join(store.progressDir(settings.toVersion), 'progress.json');
    const saved = JSON.parse(await readFile(file, 'utf8'));
    delete saved.settings.decaySteps;
    await writeFile(file, JSON.stringify(saved));

    expect(await readSftProgress(store, settings)).toMatchObject({ stepsDone: 12 });
    expect(await readSftProgress(store, { ...settings, decaySteps: 10 })).toBeUndefined();
  });
});
