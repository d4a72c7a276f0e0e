// `helixrl`: the command line. Each command lives in cli/commands/ and registers itself here.
import { Command } from 'commander';
import { TrainingConfigError } from '../client/training-config';
import { ConfigError } from '../infra/config';
import { UnreachableError } from '../infra/stack';
import { loadConfig } from '../infra/config';
import { openCommandDatabase } from './database';
import { register as registerData } from './commands/data';
import { register as registerDemo } from './commands/demo';
import { register as registerEpisodes } from './commands/episodes';
import { register as registerKb } from './commands/kb';
import { register as registerReport } from './commands/report';
import { register as registerTraining } from './commands/training';
import { register as registerRollouts } from './commands/rollouts';
import { register as registerSetup } from './commands/setup';
import { register as registerUp } from './commands/up';
import { register as registerWorker } from './commands/worker';
import { InterruptedError } from './interruption';
import { endProgressLine } from './progress-printer';

const program = new Command('helixrl')
  .description('Multi-turn RL for tool-using biomedical agents, on durable Temporal workflows')
  .showHelpAfterError();

registerSetup(program);
registerUp(program);
registerWorker(program);
registerRollouts(program);
registerDemo(program);
registerEpisodes(program);
registerData(program);
registerKb(program, { openDatabase: () => openCommandDatabase(loadConfig()) });
registerTraining(program);
registerReport(program, { openDatabase: () => openCommandDatabase(loadConfig()) });

try {
  await program.parseAsync(process.argv);
  process.exit(0);
} catch (error) {
  // Expected failures (bad config, unreachable servers, bad input) print their message, not a stack.
  const known = error instanceof ConfigError || error instanceof TrainingConfigError || error instanceof UnreachableError || error instanceof InterruptedError || (error instanceof Error && error.constructor === Error);
  endProgressLine();
  process.stderr.write(`helixrl: ${known ? (error as Error).message : (error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
}
