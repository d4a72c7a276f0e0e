// Failure behaviour on a real server: transient tool errors are retried, permanent ones and
// malformed messages become observations, a hung tool is cut by its timeout.
import { describe, expect, it } from 'vitest';
import { getTranscript, listEpisodes } from '../db/episode-store';
import { rollouts } from '../workflows';
import { taskTypesWithFaulty } from './support/faulty-task-type';
import { scheduledActivityTypes } from './support/history';
import { rolloutsInput } from './support/rollouts';
import { useTestStack } from './support/stack';

const stack = useTestStack({
  env: {
    HELIX__ACTIVITIES__TOOLCALL__STARTTOCLOSETIMEOUT: '2s',
    HELIX__ACTIVITIES__TOOLCALL__RETRY__MAXIMUMATTEMPTS: '3',
    HELIX__ACTIVITIES__TOOLCALL__RETRY__INITIALINTERVAL: '100ms',
  },
  deps: {
    taskType: taskTypesWithFaulty,
    // A model whose context is always full, as the onnxruntime engine reports it.
    models: () => ({
      name: 'full-context',
      generate: async () => {
        throw new Error("prompt of 1100 tokens does not fit the model's 1024 positions");
      },
    }),
  },
});

describe('failure behaviour', () => {
  // Whole: the scripted expert's episode as one activity, which falls back to the per-turn path
  // when a tool keeps failing; the outcome must be the same.
  it.each([
    ['turn by turn', false],
    ['whole', true],
  ])('keeps every episode alive and tells the model what went wrong (%s)', async (_path, wholeScriptedEpisodes) => {
    const { client, config, database } = stack;
    const runId = `run-faulty-${wholeScriptedEpisodes ? 'whole' : 'per-turn'}`;
    const summary = await client.workflow.execute(rollouts, {
      taskQueue: config.taskQueues.orchestrator,
      workflowId: `${runId}.rollouts`,
      args: [rolloutsInput(config, { runId, taskType: 'faulty', taskCount: 9, limits: { maxTurns: 4, maxTokens: 4096 }, wholeScriptedEpisodes })],
    });
    // Tool failures never fail an episode: every one ends in a solution. Only the episode whose
    // policy kept crashing failed, and the batch went on without it.
    expect(summary.episodes.map((e) => e.status)).toEqual(Array(8).fill('completed'));
    expect(summary.failedEpisodes).toBe(1);
    expect(summary.episodes.map((e) => e.taskId)).not.toContain('faulty-explode');
    const episodes = await listEpisodes(database.db, { runId });
    const observation = async (mode: string) => {
      const episode = episodes.find((e) => e.taskId === `faulty-${mode}`)!;
      const turns = await getTranscript(database.db, episode.id);
      return { episode, observation: turns[3] };
    };

    const flaky = await observation('flaky');
    expect(flaky.observation.content).toMatch(/flaky answered on call 3/); // two transient failures retried by policy
    expect(flaky.observation.toolError).toBe(false);

    const hang = await observation('hang');
    expect(hang.observation.content).toMatch(/hang is unavailable right now .*did not answer within/);
    expect(hang.observation.toolError).toBe(true);

    const crash = await observation('crash');
    expect(crash.observation.content).toMatch(/crash is unavailable right now .*cannot read properties/);

    const boom = await observation('boom');
    expect(boom.observation.content).toMatch(/Error: boom failed: the record does not exist/);

    const unknown = await observation('unknown');
    expect(unknown.observation.content).toMatch(/unknown tool 'teleport'. Available tools: flaky, hang, boom, crash/);

    const badArgs = await observation('badargs');
    expect(badArgs.observation.content).toMatch(/bad arguments for flaky/);

    const malformed = await observation('malformed');
    expect(malformed.observation.content).toMatch(/not in the required format/);
    expect(malformed.episode.formatOk).toBe(false);
    expect(malformed.episode.reward).toBe(1);

    const nul = await observation('nul');
    const nulTurns = await getTranscript(database.db, nul.episode.id);
    expect(nulTurns[2].content).toContain('odd \uFFFD byte');

    // Tool errors are counted per episode, and do not cost the format reward.
    expect(boom.episode.toolErrors).toBe(1);
    expect(summary.episodes.find((e) => e.taskId === 'faulty-boom')?.toolErrors).toBe(1);
    expect(summary.episodes.find((e) => e.taskId === 'faulty-flaky')?.toolErrors).toBe(0);
    expect(boom.episode.formatOk).toBe(true);

    if (wholeScriptedEpisodes) {
      // A permanent tool error is an observation: the whole episode ran as one activity. A tool
      // that kept failing or hanging sent it down the per-turn path after two tries.
      expect(await scheduledActivityTypes(client, boom.episode.id)).toEqual(['runScriptedEpisode']);
      for (const failing of [flaky, hang, crash]) {
        expect(await scheduledActivityTypes(client, failing.episode.id)).toEqual(expect.arrayContaining(['runScriptedEpisode', 'startEpisode', 'generateTurn', 'envStep', 'finishEpisode']));
      }
    }
  });

  it('ends an episode whose transcript outgrows the model context as truncated, not failed', async () => {
    const { client, config, database } = stack;
    const summary = await client.workflow.execute(rollouts, {
      taskQueue: config.taskQueues.orchestrator,
      workflowId: 'full-context-batch',
      args: [rolloutsInput(config, { runId: 'run-full', taskType: 'sequence_qa', taskCount: 2, policy: { kind: 'onnx', version: 'tiny' } })],
    });
    expect(summary.failedEpisodes).toBeUndefined();
    expect(summary.episodes.map((e) => [e.status, e.reward, e.assistantTurns])).toEqual([
      ['truncated', 0, 0],
      ['truncated', 0, 0],
    ]);
    const [episode] = await listEpisodes(database.db, { runId: 'run-full' });
    expect((await getTranscript(database.db, episode.id)).map((t) => t.role)).toEqual(['system', 'user']);
  });

  it('fails a batch whose task type generates no tasks, naming the datasets to load', async () => {
    // This suite's database has no knowledge base loaded: gene_location has nothing to ask.
    const { client, config } = stack;
    const failure = await client.workflow
      .execute(rollouts, {
        taskQueue: config.taskQueues.orchestrator,
        workflowId: 'empty-kb-batch',
        args: [rolloutsInput(config, { runId: 'run-empty-kb', taskType: 'gene_location', taskCount: 2 })],
      })
      .then(() => undefined, (error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    const messages: string[] = [];
    for (let e: unknown = failure; e instanceof Error; e = e.cause) messages.push(e.message);
    expect(messages.join(' / ')).toMatch(/gene_location.*kb load --task-types gene_location/);
  });
});
