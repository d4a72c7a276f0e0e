// Option parsers shared by the commands.
import type { Command } from 'commander';

/** For options that may be given several times (`--set a=1 --set b=2`). */
export const repeatable = (value: string, previous: string[] = []): string[] => [...previous, value];

export function parseNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`${flag} must be a number (got '${value}').`);
  return n;
}

/** `--config FILE` and repeatable `--set key=value`, as `train` and `demo` read a training config. */
export function addTrainingConfigOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'YAML training config (default: the built-in demo config)')
    .option('-s, --set <key=value>', 'override a config value, e.g. --set rl.epochs=3 (repeatable)', repeatable);
}
