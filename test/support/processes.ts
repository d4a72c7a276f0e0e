// Runs `helixrl` commands as real child processes, the way an operator would.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/helixrl.mjs', import.meta.url));

export interface HelixProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/**
 * `detached`: the process leads a group of its own, so a test can Ctrl-C it and its children as a
 * terminal does. `stdin`: a pipe from the test, as a parent process gives its child worker.
 */
export function spawnHelix(args: string[], env: Record<string, string>, options: { detached?: boolean; stdin?: 'pipe' } = {}): HelixProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'], detached: options.detached });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitForOutput(proc: HelixProcess, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(proc.output())) {
    if (proc.child.exitCode !== null) throw new Error(`helixrl exited (${proc.child.exitCode}) before printing ${pattern}:\n${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`helixrl did not print ${pattern} within ${timeoutMs} ms:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
