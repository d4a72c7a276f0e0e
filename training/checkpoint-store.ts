// Where policy versions live on disk: <root>/<version id>/{checkpoint,model}. A version is written
// to a temporary folder and renamed into place, so a folder that exists is complete. A version
// still being trained may keep its progress in <root>/<version id>.progress, written the same way.
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface VersionPaths {
  checkpointDir: string;
  modelDir: string;
}

export class CheckpointStore {
  constructor(readonly root: string) {}

  pathsOf(versionId: string): VersionPaths {
    const base = join(this.root, versionId);
    return { checkpointDir: join(base, 'checkpoint'), modelDir: join(base, 'model') };
  }

  /** Writes a version through `write(paths)` into a scratch folder, then moves it into place. */
  async write(versionId: string, write: (paths: VersionPaths) => Promise<void>): Promise<VersionPaths> {
    const final = join(this.root, versionId);
    const scratch = `${final}.partial-${process.pid}`;
    await rm(scratch, { recursive: true, force: true });
    await mkdir(scratch, { recursive: true });
    await write({ checkpointDir: join(scratch, 'checkpoint'), modelDir: join(scratch, 'model') });
    await mkdir(dirname(final), { recursive: true });
    // A crashed earlier attempt may have left a complete folder that was never registered.
    if (existsSync(final)) await rm(final, { recursive: true, force: true });
    await rename(scratch, final);
    return this.pathsOf(versionId);
  }

  /** The progress of a version still in training: a checkpoint its trainer can continue from. */
  progressDir(versionId: string): string {
    return join(this.root, `${versionId}.progress`);
  }

  /** Replaces the version's progress folder with what `write(dir)` puts in a fresh one. */
  async saveProgress(versionId: string, write: (dir: string) => Promise<void>): Promise<void> {
    const final = this.progressDir(versionId);
    const scratch = `${final}-${process.pid}`;
    await rm(scratch, { recursive: true, force: true });
    await mkdir(scratch, { recursive: true });
    await write(scratch);
    await rm(final, { recursive: true, force: true });
    await rename(scratch, final);
  }

  async dropProgress(versionId: string): Promise<void> {
    await rm(this.progressDir(versionId), { recursive: true, force: true });
  }
}
