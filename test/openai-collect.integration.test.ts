// Collection from an OpenAI-compatible endpoint, the route for an LLM expert (vLLM, SGLang, a
// hosted model): the run's collect phase sends every expert turn to the endpoint through the
// inference queue, and rejection sampling keeps only what the endpoint got right. The endpoint
// here is a small local HTTP server that answers chat completions with the scripted expert at a
// high noise, so some of its transcripts are wrong and must be dropped.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEpisodes } from '../db/episode-store';
import { getPolicyVersion, getRun, getSftExamples } from '../db/training-store';
import { getTaskType } from '../env/registry';
import { seededRandom } from '../env/random';
import type { ChatMessage } from '../policy/backend';
import { runProgress, startTraining } from '../client/training';
import { smallRunConfig } from './support/small-run';
import { useTestStack } from './support/stack';

interface CompletionRequest {
  model: string;
  messages: ChatMessage[];
  seed?: number;
  stop?: string[];
}

const requests: CompletionRequest[] = [];
const expert = getTaskType('sequence_qa').expert;
const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (chunk) => (raw += chunk));
  req.on('end', () => {
    const body = JSON.parse(raw) as CompletionRequest;
    if (body.model !== 'expert-sim') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error: { message: `The model \`${body.model}\` does not exist.` } }));
    }
    requests.push(body);
    const text = expert.nextMessage(body.messages, seededRandom(body.seed ?? 0), 0.4);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 10 } }));
  });
});

// Filled in before the stack's own beforeAll reads it (hooks run in the order they are registered).
const env: Record<string, string> = { HELIX__ACTIVITIES__GENERATE__STARTTOCLOSETIMEOUT: '30s' };
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  env.HELIX_OPENAI_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const stack = useTestStack({ env, queues: ['orchestrator', 'inference', 'tools', 'trainer'] });

describe('collection from an OpenAI-compatible endpoint', () => {
  it('sends the expert turns to the endpoint and keeps only its correct, well-formed transcripts', async () => {
    const { client, config, database } = stack;
    const run = smallRunConfig('run-openai', {
      collect: { policy: { kind: 'openai', model: 'expert-sim' }, tasksPerType: 12, samplesPerTask: 1 },
      sft: { steps: 2 },
      rl: { epochs: 0 },
    });
    const progress = await (await startTraining(client, config, run)).result();
    expect(progress.status).toBe('completed');
    expect((await getRun(database.db, 'run-openai'))?.status).toBe('completed');

    // Every collected episode was played by the endpoint's model, and says so.
    const collected = (await listEpisodes(database.db, { runId: 'run-openai' })).filter((e) => e.epoch === -1);
    expect(collected).toHaveLength(12);
    expect(new Set(collected.map((e) => e.policyVersion))).toEqual(new Set(['openai:expert-sim']));
    const turns = collected.reduce((sum, e) => sum + e.assistantTurns, 0);
    expect(requests.length).toBeGreaterThanOrEqual(turns);
    for (const request of requests) {
      expect(request.model).toBe('expert-sim');
      expect(request.messages[0].role).toBe('system');
      expect(request.stop).toContain('</execute>');
    }

    // At this noise the endpoint gets some wrong; rejection sampling keeps the rest, and SFT trains on them.
    const kept = collected.filter((e) => e.correctness === 1 && e.formatOk);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(collected.length);
    const examples = await getSftExamples(database.db, 'run-openai');
    expect(examples.map((e) => e.episodeId).sort()).toEqual(kept.map((e) => e.id).sort());
    // (SFT leaves out transcripts longer than the model's context, so it may train on fewer.)
    const sftExamples = (await getPolicyVersion(database.db, 'run-openai/sft'))?.metrics as { examples: number };
    expect(sftExamples.examples).toBeGreaterThan(0);
    expect(sftExamples.examples).toBeLessThanOrEqual(kept.length);
  });

  it('fails the run with the endpoint\'s reason when it does not serve the model', async () => {
    const { client, config } = stack;
    const run = smallRunConfig('run-openai-missing', { collect: { policy: { kind: 'openai', model: 'no-such-model' }, tasksPerType: 2, samplesPerTask: 1 } });
    const handle = await startTraining(client, config, run);
    await expect(handle.result()).rejects.toThrow();
    // `helixrl status` and the progress bar of `helixrl train` say why, not only that it failed.
    const error = await runProgress(client, 'run-openai-missing').then(() => undefined, (e: Error) => e);
    expect(error?.message).toMatch(/Run 'run-openai-missing' is failed: .*unknown model "no-such-model" \(HTTP 404\).* \(in rollouts run-openai-missing\.collect\.sequence_qa → episode .* → activity generateTurn\)/);
    expect((await getRun(stack.database.db, 'run-openai-missing'))?.status).toBe('failed');

    // Its id stays taken: a second run under it would take the first one's rows for its own.
    await expect(startTraining(client, config, run)).rejects.toThrow(/Run 'run-openai-missing' exists already \(workflow run-openai-missing\.train\)\. Choose another run id/);
  });
});
