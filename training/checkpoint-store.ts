// Where policy versions live on disk: <root>/<version id>/{checkpoint,model}. A version is written
// to a temporary folder and renamed into place, so a folder that exists is complete.
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
}
