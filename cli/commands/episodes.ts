import type { Command } from 'commander';
import { loadConfig } from '../../infra/config';
import { getEpisode, getTranscript, listEpisodes } from '../../db/episode-store';
import { openCommandDatabase } from '../database';
import { say } from '../logging';
import { formatTable, formatTranscript } from '../format';

export function register(program: Command): void {
  program
    .command('episodes')
    .description("List a run's episodes with status, reward and turns")
    .requiredOption('-r, --run <run>', 'run id')
    .option('-n, --limit <n>', 'at most this many', '200')
    .action(async ({ run, limit }: { run: string; limit: string }) => {
      const database = await openCommandDatabase(loadConfig());
      try {
        const rows = await listEpisodes(database.db, { runId: run, limit: Number(limit) });
        if (rows.length === 0) return say(`No episodes for run '${run}'.`);
        say(
          formatTable(
            ['episode', 'task type', 'epoch', 'policy', 'status', 'correct', 'format', 'reward', 'turns', 'tokens'],
            rows.map((e) => [
              e.id, e.taskType, String(e.epoch), e.policyVersion, e.status,
              e.correctness === null ? '-' : e.correctness.toFixed(2),
              e.formatOk === null ? '-' : e.formatOk ? 'ok' : 'bad',
              e.reward === null ? '-' : e.reward.toFixed(2),
              String(e.assistantTurns), String(e.tokens),
            ]),
          ),
        );
      } finally {
        await database.close();
      }
    });

  program
    .command('episode')
    .description('Episode commands')
    .command('show <id>')
    .description("Print an episode's transcript, turn by turn")
    .action(async (id: string) => {
      const database = await openCommandDatabase(loadConfig());
      try {
        const episode = await getEpisode(database.db, id);
        if (!episode) throw new Error(`No episode '${id}'. List a run's episodes with 'helixrl episodes --run RUN'.`);
        say(formatTranscript(episode, await getTranscript(database.db, id)));
      } finally {
        await database.close();
      }
    });
}
