// A batch of real episodes on a real Temporal server and PostgreSQL: the database transcripts
// match the workflows' turns one to one.
import { describe, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import { getTranscript, listEpisodes } from '../db/episode-store';
import { rollouts } from '../workflows';
import { historyTurns, scheduledActivityTypes } from './support/history';
import { expectTranscriptsMatchHistories } from './support/transcripts';
import { rolloutsInput } from './support/rollouts';
import { useTestStack } from './support/stack';

const stack = useTestStack();

describe('episode workflow, end to end', () => {
  it('runs a batch of sequence-QA episodes whose DB transcripts match the workflow histories', async () => {
    const { client, config, database } = stack;
    const summary = await client.workflow.execute(rollouts, {
      taskQueue: config.taskQueues.orchestrator,
      workflowId: 'batch-integration',
      args: [rolloutsInput(config, { runId: 'run-integration', taskType: 'sequence_qa', taskCount: 6, groupSize: 2, seed: 7 })],
    });
    expect(summary.episodes).toHaveLength(12);
    // The noiseless expert solves every sequence task in the agent format.
    expect(summary.meanCorrectness).toBe(1);
    expect(summary.formatRate).toBe(1);

    const rows = await listEpisodes(database.db, { runId: 'run-integration' });
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      expect(row.status).toBe('completed');
      expect(row.reward).toBe(2);
      const transcript = await getTranscript(database.db, row.id);
      // Contiguous indexes: nothing lost, nothing duplicated.
      expect(transcript.map((t) => t.idx)).toEqual(transcript.map((_, i) => i));
      expect(transcript.map((t) => t.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
      const history = await historyTurns(client, row.id);
      expect(history.assistantTurns).toEqual(transcript.filter((t) => t.role === 'assistant').map((t) => t.idx));
      expect(history.observationTurns).toEqual(transcript.filter((t) => t.role === 'user' && t.idx > 1).map((t) => t.idx));
    }
  });

  it('runs a batch at most maxConcurrentEpisodes at a time, every episode still run', async () => {
    const { client, config } = stack;
    const input = rolloutsInput(config, { runId: 'run-window', taskType: 'sequence_qa', taskCount: 4, groupSize: 2, seed: 11 });
    input.runtime.maxConcurrentEpisodes = 3;
    const summary = await client.workflow.execute(rollouts, { taskQueue: config.taskQueues.orchestrator, workflowId: 'batch-window', args: [input] });
    expect(summary.episodes).toHaveLength(8);

    // From the batch's history: children started minus children closed, at every event.
    let open = 0;
    let mostOpen = 0;
    for (const event of (await client.workflow.getHandle('batch-window').fetchHistory()).events ?? []) {
      if (event.startChildWorkflowExecutionInitiatedEventAttributes) open++;
      if (event.childWorkflowExecutionCompletedEventAttributes || event.childWorkflowExecutionFailedEventAttributes) open--;
      mostOpen = Math.max(mostOpen, open);
    }
    expect(mostOpen).toBe(3);
    expect(open).toBe(0);
  });

  it('with a greedy member, each group\'s first episode decodes greedily, scored at the group\'s temperature', async () => {
    const { client, config } = stack;
    const input = rolloutsInput(config, { runId: 'run-greedy', taskType: 'sequence_qa', taskCount: 2, groupSize: 3, seed: 5, greedyMember: true });
    input.sampling = { ...input.sampling, temperature: 0.8 };
    const summary = await client.workflow.execute(rollouts, { taskQueue: config.taskQueues.orchestrator, workflowId: 'batch-greedy', args: [input] });
    expect(summary.episodes).toHaveLength(6);
    for (const { episodeId } of summary.episodes) {
      // The sampling every generateTurn of the episode asked the policy for, from its history.
      const asked: unknown[] = [];
      for (const event of (await client.workflow.getHandle(episodeId).fetchHistory()).events ?? []) {
        const attrs = event.activityTaskScheduledEventAttributes;
        if (attrs?.activityType?.name !== 'generateTurn') continue;
        const { sampling } = defaultPayloadConverter.fromPayload<{ sampling: { temperature: number; logprobTemperature?: number } }>(attrs.input!.payloads![0]);
        asked.push({ temperature: sampling.temperature, logprobTemperature: sampling.logprobTemperature });
      }
      expect(asked.length, episodeId).toBeGreaterThan(0);
      const expected = episodeId.endsWith('.g0') ? { temperature: 0, logprobTemperature: 0.8 } : { temperature: 0.8, logprobTemperature: undefined };
      for (const sampling of asked) expect(sampling, episodeId).toEqual(expected);
    }
  });

  it("runs the scripted expert's episodes as one activity each, writing the turns the per-turn path writes", async () => {
    const { client, config, database } = stack;
    // An expert that slips (malformed messages, wrong answers), so both paths meet every kind of turn.
    const batch = (runId: string, wholeScriptedEpisodes: boolean) =>
      client.workflow.execute(rollouts, {
        taskQueue: config.taskQueues.orchestrator,
        workflowId: `${runId}.rollouts`,
        args: [
          rolloutsInput(config, { runId, taskType: 'sequence_qa', taskCount: 8, groupSize: 2, seed: 13, policy: { kind: 'expert', noise: 0.5 }, sampling: { temperature: 0.7, topP: 1, maxNewTokens: 512 }, wholeScriptedEpisodes }),
        ],
      });
    const [perTurn, whole] = [await batch('run-per-turn', false), await batch('run-whole', true)];
    const comparable = async (summary: typeof perTurn) =>
      Promise.all(
        summary.episodes.map(async ({ episodeId, ...outcome }) => ({
          outcome,
          turns: (await getTranscript(database.db, episodeId)).map(({ role, content, tokens, tool, toolError, actionKind, wellFormed }) => ({ role, content, tokens, tool, toolError, actionKind, wellFormed })),
        })),
      );
    const expected = await comparable(perTurn);
    expect(await comparable(whole)).toEqual(expected);
    // The slips happened: some episode has a malformed message, a wrong answer or a second try.
    expect(expected.some(({ outcome }) => !outcome.formatOk || outcome.correctness < 1)).toBe(true);

    for (const { episodeId } of whole.episodes) expect(await scheduledActivityTypes(client, episodeId)).toEqual(['runScriptedEpisode']);
    await expectTranscriptsMatchHistories(client, database.db, 'run-whole', 16, ['completed', 'truncated']);
  });
});
