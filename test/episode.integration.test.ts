// A batch of real episodes on a real Temporal server and PostgreSQL: the database transcripts
// match the workflows' turns one to one.
import { describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createEpisode, getTranscript, listEpisodes, writeTurns } from '../db/episode-store';
import { createEpisodeActivities } from '../activities/episode-activities';
import { createPolicyResolver, type PolicyResolver } from '../activities/policies';
import { getTaskType } from '../env/registry';
import { LAST_TURN_NOTICE } from '../env/agent-format';
import type { EpisodeInput } from '../workflows/types';
import { rollouts } from '../workflows';
import { historyTurns, scheduledActivityTypes, scheduledInputs } from './support/history';
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
      const asked = (await scheduledInputs(client, episodeId, 'generateTurn')).map(({ sampling }) => ({ temperature: sampling.temperature, logprobTemperature: sampling.logprobTemperature }));
      expect(asked.length, episodeId).toBeGreaterThan(0);
      const expected = episodeId.endsWith('.g0') ? { temperature: 0, logprobTemperature: 0.8 } : { temperature: 0.8, logprobTemperature: undefined };
      for (const sampling of asked) expect(sampling, episodeId).toEqual(expected);
    }
  });

  it("runs the scripted expert's episodes as one activity each, writing the turns the per-turn path writes", async () => {
    const { client, config, database } = stack;
    // An expert that slips (malformed messages, wrong answers), so both paths meet every kind of
    // turn; three turns, so slipped episodes reach the last one and its notice.
    const batch = (runId: string, wholeScriptedEpisodes: boolean) =>
      client.workflow.execute(rollouts, {
        taskQueue: config.taskQueues.orchestrator,
        workflowId: `${runId}.rollouts`,
        args: [
          rolloutsInput(config, { runId, taskType: 'sequence_qa', taskCount: 8, groupSize: 2, seed: 13, policy: { kind: 'expert', noise: 0.5 }, sampling: { temperature: 0.7, topP: 1, maxNewTokens: 512 }, limits: { maxTurns: 3, maxTokens: 4096 }, wholeScriptedEpisodes }),
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
    // The workflow told the environment how many turns were left: the notice came before a last turn.
    expect(expected.some(({ turns }) => turns.some((t) => t.role === 'user' && t.content.includes(LAST_TURN_NOTICE)))).toBe(true);

    for (const { episodeId } of whole.episodes) expect(await scheduledActivityTypes(client, episodeId)).toEqual(['runScriptedEpisode']);
    await expectTranscriptsMatchHistories(client, database.db, 'run-whole', 16, ['completed', 'truncated']);
  });

  it('a retried runScriptedEpisode returns a finished episode as it is and finishes one whose attempt was cut while writing', async () => {
    const { client, database } = stack;
    // The activity as the tools worker serves it, run outside a worker so the test can choose what its attempts find.
    // Its expert counts the messages it is asked for, so the test sees which attempts generated.
    const experts = createPolicyResolver(getTaskType, undefined, { db: database.db });
    let generated = 0;
    const policies: PolicyResolver = (spec, taskType) => {
      const expert = experts(spec, taskType);
      return { name: expert.name, generate: (request) => (generated++, expert.generate(request)) };
    };
    const { runScriptedEpisode } = createEpisodeActivities({ db: database.db, taskType: getTaskType, policies });
    // Its logger quiet: the refusal below fails on purpose.
    const attempt = (input: EpisodeInput) => new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') }).run(runScriptedEpisode, input);
    const batch = rolloutsInput(stack.config, { runId: 'run-retried', taskType: 'sequence_qa', taskCount: 1, seed: 17, policy: { kind: 'expert', noise: 0.5 }, wholeScriptedEpisodes: true });
    await client.workflow.execute(rollouts, { taskQueue: stack.config.taskQueues.orchestrator, workflowId: 'run-retried.rollouts', args: [batch] });
    const [finished] = await listEpisodes(database.db, { runId: 'run-retried' });
    const transcript = await getTranscript(database.db, finished.id);
    // The input its workflow gave the activity, read back from the history.
    const [input]: EpisodeInput[] = await scheduledInputs(client, finished.id, 'runScriptedEpisode');

    // Its writes landed, the reply did not reach the server: the next attempt returns the stored episode, writing nothing.
    const again = await attempt(input);
    expect(generated).toBe(0);
    expect(again).toMatchObject({ episodeId: finished.id, correctness: finished.correctness, reward: finished.reward, assistantTurns: finished.assistantTurns });
    expect(await getTranscript(database.db, finished.id)).toEqual(transcript);

    // A worker killed between the episode row and the rest: the next attempt writes the same turns and completes it.
    const cut = { ...input, episodeId: `${finished.id}.cut` };
    await createEpisode(database.db, { id: cut.episodeId, runId: 'run-cut', taskId: input.taskId, taskType: finished.taskType, epoch: input.epoch, policyVersion: input.policyVersion, status: 'running' });
    await writeTurns(database.db, transcript.slice(0, 3).map(({ createdAt: _at, ...turn }) => ({ ...turn, episodeId: cut.episodeId })));
    const finishedByRetry = await attempt(cut);
    expect(generated).toBe(finished.assistantTurns);
    expect(finishedByRetry).toMatchObject({ status: finished.status, correctness: finished.correctness, reward: finished.reward, toolErrors: finished.toolErrors });
    const strip = (turns: typeof transcript) => turns.map(({ idx, role, content, tool, toolError, wellFormed }) => ({ idx, role, content, tool, toolError, wellFormed }));
    expect(strip(await getTranscript(database.db, cut.episodeId))).toEqual(strip(transcript));

    // A model policy is refused for good, not retried: it has to run turn by turn.
    const refusal = await attempt({ ...input, episodeId: `${finished.id}.onnx`, policy: { kind: 'onnx', version: 'v1' } } as EpisodeInput).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ApplicationFailure);
    expect((refusal as ApplicationFailure).nonRetryable).toBe(true);
    expect((refusal as ApplicationFailure).message).toMatch(/turn by turn/);
  });
});
