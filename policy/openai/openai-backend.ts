// A PolicyBackend over an OpenAI-compatible chat-completions server (vLLM, SGLang,
// hosted APIs): timeouts, retries with backoff on 429/5xx and network errors, and
// clear errors for bad credentials or an unknown model. Token log-probabilities are
// returned when the server provides them; token ids are not (no tokenizer here).

import type { GenerateRequest, GenerateResult, PolicyBackend } from '../backend';
import { approximateTokenCount } from '../backend';

export interface OpenAIBackendOptions {
  /** e.g. http://127.0.0.1:8000/v1 */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Per-attempt timeout (default 60 s). */
  timeoutMs?: number;
  /** Retries after the first attempt on 429, 5xx, timeouts and network errors (default 3). */
  maxRetries?: number;
  /** First backoff delay; doubles each retry (default 500 ms). Retry-After wins when sent. */
  retryBaseMs?: number;
  /** Ask for log-probabilities (default true). */
  logprobs?: boolean;
  /** vLLM/SGLang extension: keep the stop string in the output (default false: re-appended locally). */
  includeStopStrInOutput?: boolean;
  /** Extra body fields (e.g. top_k, repetition_penalty). */
  extraBody?: Record<string, unknown>;
}

export class OpenAIBackendError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'OpenAIBackendError';
  }
}

interface ChatCompletion {
  choices?: Array<{
    message?: { content?: string | null };
    finish_reason?: string | null;
    stop_reason?: string | number | null;
    logprobs?: { content?: Array<{ token: string; logprob: number }> | null } | null;
  }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class OpenAICompatibleBackend implements PolicyBackend {
  readonly name: string;
  private readonly o: Required<Omit<OpenAIBackendOptions, 'apiKey' | 'extraBody'>> & Pick<OpenAIBackendOptions, 'apiKey' | 'extraBody'>;

  constructor(options: OpenAIBackendOptions) {
    this.o = { timeoutMs: 60_000, maxRetries: 3, retryBaseMs: 500, logprobs: true, includeStopStrInOutput: false, ...options };
    this.name = `openai:${options.model}`;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const s = request.sampling;
    const body: Record<string, unknown> = {
      model: this.o.model,
      messages: request.messages,
      temperature: s.temperature,
      top_p: s.topP,
      max_tokens: s.maxNewTokens,
      seed: s.seed,
      ...(s.stop.length > 0 ? { stop: s.stop } : {}),
      ...(this.o.logprobs ? { logprobs: true } : {}),
      ...(this.o.includeStopStrInOutput ? { include_stop_str_in_output: true } : {}),
      ...this.o.extraBody,
    };
    const completion = await this.post('/chat/completions', body);
    const choice = completion.choices?.[0];
    if (!choice || !choice.message) throw new OpenAIBackendError(`${this.url('/chat/completions')}: response has no choices[0].message`);
    let text = choice.message.content ?? '';
    const finishReason = choice.finish_reason === 'length' ? 'length' : 'stop';
    if (finishReason === 'stop' && !this.o.includeStopStrInOutput) text = restoreStop(text, s.stop, choice.stop_reason);
    const logprobs = choice.logprobs?.content?.map((t) => t.logprob) ?? [];
    return {
      text,
      tokenIds: [],
      logprobs,
      promptTokens: completion.usage?.prompt_tokens ?? approximateTokenCount(request.messages.map((m) => m.content).join('')),
      completionTokens: completion.usage?.completion_tokens ?? (logprobs.length || approximateTokenCount(text)),
      finishReason,
    };
  }

  private url(p: string): string {
    return this.o.baseUrl.replace(/\/+$/, '') + p;
  }

  private async post(p: string, body: unknown): Promise<ChatCompletion> {
    const url = this.url(p);
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.o.maxRetries; attempt++) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), this.o.timeoutMs);
      let retryAfterMs: number | undefined;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(this.o.apiKey ? { authorization: `Bearer ${this.o.apiKey}` } : {}),
          },
          body: JSON.stringify(body),
          signal: controller.signal,
        });
        const raw = await res.text();
        if (res.ok) {
          try {
            return JSON.parse(raw) as ChatCompletion;
          } catch {
            throw new OpenAIBackendError(`${url}: response is not JSON: ${raw.slice(0, 200)}`, res.status);
          }
        }
        const detail = errorDetail(raw);
        if (res.status === 401 || res.status === 403) {
          throw new OpenAIBackendError(`${url}: bad credentials (HTTP ${res.status}): check the API key. ${detail}`, res.status);
        }
        if (res.status === 404 || (res.status === 400 && /model/i.test(detail) && /not (found|exist)|unknown|does not exist/i.test(detail))) {
          throw new OpenAIBackendError(`${url}: unknown model "${this.o.model}" (HTTP ${res.status}). ${detail}`, res.status);
        }
        if (res.status !== 429 && res.status < 500) {
          throw new OpenAIBackendError(`${url}: HTTP ${res.status}: ${detail}`, res.status);
        }
        lastError = new OpenAIBackendError(`${url}: HTTP ${res.status} after ${attempt + 1} attempts: ${detail}`, res.status);
        const header = Number(res.headers.get('retry-after'));
        if (Number.isFinite(header) && header > 0) retryAfterMs = header * 1000;
      } catch (e) {
        if (e instanceof OpenAIBackendError) throw e;
        const timedOut = (e as Error).name === 'AbortError';
        lastError = new OpenAIBackendError(
          timedOut ? `${url}: timed out after ${this.o.timeoutMs} ms (${attempt + 1} attempts)` : `${url}: ${(e as Error).message} (${attempt + 1} attempts)`,
        );
      } finally {
        clearTimeout(timer);
      }
      if (attempt < this.o.maxRetries) await sleep(retryAfterMs ?? this.o.retryBaseMs * 2 ** attempt);
    }
    throw lastError;
  }
}

function errorDetail(raw: string): string {
  try {
    const j = JSON.parse(raw);
    const m = j?.error?.message ?? j?.message ?? j?.detail;
    if (typeof m === 'string') return m;
  } catch {
    // not JSON
  }
  return raw.slice(0, 300);
}

/**
 * OpenAI servers drop the matched stop string; the PolicyBackend contract keeps it.
 * vLLM reports it as stop_reason; otherwise the agent format tells which tag is open.
 */
function restoreStop(text: string, stops: string[], stopReason: unknown): string {
  if (typeof stopReason === 'string' && stops.includes(stopReason)) return text + stopReason;
  if (stops.some((s) => text.endsWith(s))) return text;
  for (const stop of stops) {
    const open = stop.startsWith('</') ? '<' + stop.slice(2) : undefined;
    if (open && text.lastIndexOf(open) > text.lastIndexOf(stop)) return text + stop;
  }
  return text;
}
