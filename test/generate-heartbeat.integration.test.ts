// Generations heartbeat. One that outlasts the heartbeat timeout while its worker lives is kept
// alive; one whose worker is SIGKILLed is retried once the heartbeat timeout passes, not after the
// start-to-close timeout (5 minutes here, longer than the test may take). The policy is a slow
// OpenAI-compatible endpoint, so a generation is surely in flight when the worker dies.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { listEpisodes } from '../db/episode-store';
import { getTaskType } from '../env/registry';
import { seededRandom } from '../env/random';
import type { ChatMessage } from '../policy/backend';
import { rollouts } from '../workflows';
import { timedOutAttempts } from './support/history';
import { spawnHelix, waitForOutput, type HelixProcess } from './support/processes';
import { rolloutsInput } from './support/rollouts';
import { useTestStack } from './support/stack';
import { configEnv } from './support/temporal';
import { expectTranscriptsMatchHistories } from './support/transcripts';

const ANSWER_AFTER_MS = 2500;
const expert = getTaskType('sequence_qa').expert;
let requestsSeen = 0;
const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (chunk) => (raw += chunk));
  req.on('end', () => {
    requestsSeen++;
    const body = JSON.parse(raw) as { messages: ChatMessage[]; seed?: number };
    const text = expert.nextMessage(body.messages, seededRandom(body.seed ?? 0), 0);
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage: { prompt_tokens: 10, completion_tokens: 10 } }));
    }, ANSWER_AFTER_MS);
  });
});

const env: Record<string, string> = {
  HELIX__ACTIVITIES__GENERATE__STARTTOCLOSETIMEOUT: '5m',
  HELIX__ACTIVITIES__GENERATE__HEARTBEATTIMEOUT: '1s',
};
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  env.HELIX_OPENAI_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// Workers run in child processes here, so none starts in this one.
const stack = useTestStack({ env, queues: [] });
const processes: HelixProcess[] = [];
afterAll(() => processes.forEach((p) => p.child.kill('SIGKILL')));

async function startWorker(): Promise<HelixProcess> {
  const worker = spawnHelix(['worker', '--queue', 'orchestrator,inference,tools'], { ...configEnv(stack.config), HELIX_OPENAI_BASE_URL: env.HELIX_OPENAI_BASE_URL });
  processes.push(worker);
  await waitForOutput(worker, /worker running on queue 'tools/);
  return worker;
}

/** Every timed-out generateTurn attempt in the run's episode histories, as its failure message. */
async function generateTimeouts(client: Client, runId: string): Promise<string[]> {
  const messages: string[] = [];
  for (const episode of await listEpisodes(stack.database.db, { runId })) {
    for (const { activity, message } of await timedOutAttempts(client, episode.id)) if (activity === 'generateTurn') messages.push(message);
  }
  return messages;
}

const batch = (runId: string) =>
  rolloutsInput(stack.config, { runId, taskType: 'sequence_qa', taskCount: 1, seed: 5, policy: { kind: 'openai', model: 'expert-sim' } });

describe('generateTurn heartbeats', () => {
  it('keeps a generation longer than the heartbeat timeout alive while its worker lives', async () => {
    const { client, config, database } = stack;
    const worker = await startWorker();
    const summary = await client.workflow.execute(rollouts, { taskQueue: config.taskQueues.orchestrator, workflowId: 'heartbeat-alive', args: [batch('run-hb-alive')] });
    expect(summary.episodes.map((e) => e.status)).toEqual(['completed']);
    const [episode] = await listEpisodes(database.db, { runId: 'run-hb-alive' });
    expect(episode.assistantTurns).toBeGreaterThanOrEqual(2); // each turn took 2.5 s, the heartbeat timeout is 1 s
    expect(await generateTimeouts(client, 'run-hb-alive')).toEqual([]);
    worker.child.kill('SIGTERM');
    await worker.exited;
  });

  it('retries a generation whose worker was killed after the heartbeat timeout', async () => {
    const { client, config, database } = stack;
    const first = await startWorker();
    const handle = await client.workflow.start(rollouts, { taskQueue: config.taskQueues.orchestrator, workflowId: 'heartbeat-killed', args: [batch('run-hb-killed')] });
    // The endpoint has the first turn's request: the generation is in flight.
    const before = requestsSeen;
    while (requestsSeen === before) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    await first.exited;

    await startWorker();
    const summary = await handle.result();
    expect(summary.episodes.map((e) => e.status)).toEqual(['completed']);
    const timeouts = await generateTimeouts(client, 'run-hb-killed');
    expect(timeouts.length).toBeGreaterThan(0);
    for (const message of timeouts) expect(message).toMatch(/heartbeat/i);
    await expectTranscriptsMatchHistories(client, database.db, 'run-hb-killed', 1);
  });
});
