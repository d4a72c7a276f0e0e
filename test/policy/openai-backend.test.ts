// The OpenAI-compatible backend against a tiny local server on 127.0.0.1.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAICompatibleBackend } from '../../policy/openai/openai-backend';
import { AGENT_STOP_STRINGS, type GenerateRequest } from '../../policy/backend';

let server: http.Server;
let baseUrl = '';
const seen: Array<{ auth?: string; body: any }> = [];
let flaky = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}');
      seen.push({ auth: req.headers.authorization, body });
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      if (req.headers.authorization !== 'Bearer good-key') return send(401, { error: { message: 'Invalid API key' } });
      if (body.model === 'missing') return send(404, { error: { message: 'The model `missing` does not exist.' } });
      if (body.model === 'flaky' && flaky++ < 2) return send(flaky === 1 ? 429 : 503, { error: { message: 'busy' } }, { 'retry-after': '0' });
      if (body.model === 'slow') return void setTimeout(() => send(200, {}), 500);
      if (body.model === 'down') return send(500, { error: { message: 'boom' } });
      send(200, {
        choices: [
          {
            message: { role: 'assistant', content: '<think>use the tool</think><execute>gc_content {"sequence": "ACGT"}' },
            finish_reason: 'stop',
            logprobs: { content: [{ token: '<think>', logprob: -0.1 }, { token: 'use', logprob: -0.5 }] },
          },
        ],
        usage: { prompt_tokens: 12, completion_tokens: 2 },
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const request: GenerateRequest = {
  messages: [{ role: 'user', content: 'GC content of ACGT?' }],
  sampling: { temperature: 0.7, topP: 0.9, maxNewTokens: 64, seed: 5, stop: AGENT_STOP_STRINGS },
};

const backend = (model: string, extra: Partial<ConstructorParameters<typeof OpenAICompatibleBackend>[0]> = {}) =>
  new OpenAICompatibleBackend({ baseUrl, model, apiKey: 'good-key', retryBaseMs: 5, ...extra });

describe('OpenAICompatibleBackend', () => {
  it('sends a chat completion and returns text (stop string restored), logprobs and usage', async () => {
    const r = await backend('m').generate(request);
    expect(r.text).toBe('<think>use the tool</think><execute>gc_content {"sequence": "ACGT"}</execute>');
    expect(r.logprobs).toEqual([-0.1, -0.5]);
    expect(r.tokenIds).toEqual([]);
    expect(r).toMatchObject({ promptTokens: 12, completionTokens: 2, finishReason: 'stop' });
    const body = seen.at(-1)!.body;
    expect(body).toMatchObject({ model: 'm', temperature: 0.7, top_p: 0.9, max_tokens: 64, seed: 5, stop: AGENT_STOP_STRINGS, logprobs: true });
  });

  it('retries on 429 and 5xx', async () => {
    const r = await backend('flaky').generate(request);
    expect(r.text).toContain('<execute>');
    expect(flaky).toBe(3);
  });

  it('gives up after maxRetries with the last status', async () => {
    await expect(backend('down', { maxRetries: 1 }).generate(request)).rejects.toThrow(/HTTP 500 after 2 attempts/);
  });

  it('fails clearly on bad credentials and on an unknown model, without retrying', async () => {
    const before = seen.length;
    await expect(backend('m', { apiKey: 'wrong' }).generate(request)).rejects.toThrow(/bad credentials \(HTTP 401\)/);
    await expect(backend('missing').generate(request)).rejects.toThrow(/unknown model "missing"/);
    expect(seen.length - before).toBe(2);
  });

  it('times out', async () => {
    await expect(backend('slow', { timeoutMs: 50, maxRetries: 1 }).generate(request)).rejects.toThrow(/timed out after 50 ms \(2 attempts\)/);
  });
});
