// The invariant every durability test checks: each episode's turns are contiguous, alternate as
// the agent format says, and are exactly the turns its workflow history generated and observed.
import { expect } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/client';
import { getTranscript, listEpisodes } from '../../db/episode-store';
import { historyTurns } from './history';

export async function expectTranscriptsMatchHistories(client: Client, db: Db, runId: string, expectedEpisodes: number, statuses = ['completed']): Promise<void> {
  const episodes = await listEpisodes(db, { runId });
  expect(episodes).toHaveLength(expectedEpisodes);
  for (const episode of episodes) {
    expect(statuses).toContain(episode.status);
    const transcript = await getTranscript(db, episode.id);
    expect(transcript.map((t) => t.idx)).toEqual(transcript.map((_, i) => i));
    transcript.slice(2).forEach((turn, i) => expect(turn.role).toBe(i % 2 === 0 ? 'assistant' : 'user'));
    const history = await historyTurns(client, episode.id);
    expect(history.assistantTurns).toEqual(transcript.filter((t) => t.role === 'assistant').map((t) => t.idx));
    expect(history.observationTurns).toEqual(transcript.filter((t) => t.role === 'user' && t.idx > 1).map((t) => t.idx));
  }
}
