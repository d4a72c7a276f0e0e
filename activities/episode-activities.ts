// Thin adapters between the episode workflow and the domain: load from PostgreSQL, call the
// policy or the environment, write the result back idempotently, return ids and counters.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/client';
import * as store from '../db/episode-store';
import { parseAssistantMessage, toolErrorObservation, withTurnNotice } from '../env/agent-format';
import { TaskEnvironment } from '../env/environment';
import { hashSeed } from '../env/random';
import { episodeReward } from '../env/reward';
import type { Task, TaskType } from '../env/types';
import { AGENT_STOP_STRINGS, approximateTokenCount, type ChatMessage, type GenerateRequest, type GenerateResult } from '../policy/backend';
import type { EpisodeInput, EpisodeOutcome, GeneratedTurn, PolicySpec, SamplingSpec, StartedEpisode, StepOutcome } from '../workflows/types';
import type { PolicyResolver } from './policies';

export interface EpisodeActivityDeps {
  db: Db;
  taskType: (name: string) => TaskType;
  policies: PolicyResolver;
}

export interface GenerateTurnInput {
  episodeId: string;
  taskType: string;
  turnIndex: number;
  policy: PolicySpec;
  sampling: SamplingSpec;
}

export interface EnvStepInput {
  episodeId: string;
  assistantTurn: number;
  observationTurn: number;
  /** Assistant turns the episode allows after this one (the last-turn notice); absent: no notice. */
  turnsLeft?: number;
}

export interface ToolFailureInput extends EnvStepInput {
  message: string;
}

export interface FinishEpisodeInput {
  episodeId: string;
  status: EpisodeOutcome['status'];
  correctness: number;
  tokens: number;
  formatWeight: number;
}

function toTask(row: store.TaskRow): Task {
  return { id: row.id, taskType: row.taskType, split: row.split as Task['split'], prompt: row.prompt, answer: row.answer, meta: row.meta as Record<string, unknown> };
}

function toMessages(rows: store.TurnRow[]): ChatMessage[] {
  return rows.map((r) => ({ role: r.role as ChatMessage['role'], content: r.content }));
}

function describeTurn(row: store.TurnRow, contextTokens: number, finishReason: GeneratedTurn['finishReason']): GeneratedTurn {
  const parsed = parseAssistantMessage(row.content);
  return {
    turnIndex: row.idx,
    action: parsed.kind,
    tool: parsed.kind === 'execute' ? parsed.tool : undefined,
    completionTokens: row.tokens,
    contextTokens,
    finishReason,
  };
}

export function createEpisodeActivities({ db, taskType, policies }: EpisodeActivityDeps) {
  async function environmentFor(episodeId: string): Promise<TaskEnvironment> {
    const episode = await store.getEpisode(db, episodeId);
    if (!episode) throw ApplicationFailure.nonRetryable(`Episode '${episodeId}' does not exist; startEpisode must run first.`);
    const task = toTask(await store.getTask(db, episode.taskId));
    return new TaskEnvironment(taskType(task.taskType), task, { db, signal: Context.current().cancellationSignal });
  }

  return {
    /** Creates the episode row and writes the system prompt and the task as turns 0 and 1. */
    async startEpisode(input: EpisodeInput): Promise<StartedEpisode> {
      const task = toTask(await store.getTask(db, input.taskId));
      await store.createEpisode(db, {
        id: input.episodeId,
        runId: input.runId,
        taskId: input.taskId,
        taskType: task.taskType,
        epoch: input.epoch,
        policyVersion: input.policyVersion,
        status: 'running',
      });
      const messages = new TaskEnvironment(taskType(task.taskType), task, {}, input.limits.promptStyle).init();
      let tokens = 0;
      for (const [idx, message] of messages.entries()) {
        const count = approximateTokenCount(message.content);
        tokens += count;
        await store.writeTurn(db, { episodeId: input.episodeId, idx, role: message.role, content: message.content, tokens: count });
      }
      return { nextTurn: messages.length, tokens };
    },

    /** Generates the assistant turn at `turnIndex`, or returns the one a previous attempt stored. */
    async generateTurn(input: GenerateTurnInput): Promise<GeneratedTurn> {
      const existing = await store.getTurn(db, input.episodeId, input.turnIndex);
      const history = await store.getTranscript(db, input.episodeId, input.turnIndex);
      const historyTokens = history.reduce((sum, t) => sum + t.tokens, 0);
      if (existing) return describeTurn(existing, historyTokens + existing.tokens, 'stop');

      const backend = policies(input.policy, input.taskType);
      let result: GenerateResult;
      try {
        result = await whileHeartbeating(backend.generate(generationRequest(toMessages(history), input.sampling, input.turnIndex)));
      } catch (error) {
        if (!isContextFull(error)) throw error;
        return { turnIndex: input.turnIndex, action: 'malformed', completionTokens: 0, contextTokens: historyTokens, finishReason: 'length', contextFull: true };
      }
      const parsed = parseAssistantMessage(result.text);
      const stored = await store.writeTurn(db, {
        episodeId: input.episodeId,
        idx: input.turnIndex,
        role: 'assistant',
        content: result.text,
        tokenIds: result.tokenIds.length ? result.tokenIds : null,
        logprobs: result.logprobs.length ? result.logprobs : null,
        actionKind: parsed.kind,
        wellFormed: parsed.kind !== 'malformed',
        tokens: result.completionTokens,
      });
      const promptTokens = Math.max(result.promptTokens, historyTokens);
      return describeTurn(stored, promptTokens + stored.tokens, result.finishReason);
    },

    /** Acts on the assistant turn: runs its tool or scores its solution, and writes the observation. */
    async envStep(input: EnvStepInput): Promise<StepOutcome> {
      const assistant = await store.getTurn(db, input.episodeId, input.assistantTurn);
      if (!assistant) throw ApplicationFailure.nonRetryable(`Turn ${input.assistantTurn} of episode '${input.episodeId}' does not exist.`);
      const stored = await store.getTurn(db, input.episodeId, input.observationTurn);
      if (stored) {
        return { done: false, wroteObservation: true, observationTokens: stored.tokens, toolError: stored.toolError ?? false };
      }
      const env = await environmentFor(input.episodeId);
      const result = await withDeadline(env.step(assistant.content, input.turnsLeft));
      env.close();
      if (result.done) return { done: true, correctness: result.correctness, wroteObservation: false, observationTokens: 0, toolError: false };
      const written = await store.writeTurn(db, {
        episodeId: input.episodeId,
        idx: input.observationTurn,
        role: 'user',
        content: result.observation,
        tool: result.tool ?? null,
        toolError: result.toolError,
        tokens: approximateTokenCount(result.observation),
      });
      return { done: false, wroteObservation: true, observationTokens: written.tokens, toolError: written.toolError ?? false };
    },

    /** After the retry policy gave up on a tool, tell the model so, as an observation. */
    async recordToolFailure(input: ToolFailureInput): Promise<StepOutcome> {
      const assistant = await store.getTurn(db, input.episodeId, input.assistantTurn);
      const parsed = assistant ? parseAssistantMessage(assistant.content) : undefined;
      const tool = parsed?.kind === 'execute' ? parsed.tool : 'the tool';
      const content = withTurnNotice(
        toolErrorObservation(`${tool} is unavailable right now (${input.message}). Try another approach or answer with what you know.`),
        input.turnsLeft ?? Infinity,
      );
      const written = await store.writeTurn(db, {
        episodeId: input.episodeId,
        idx: input.observationTurn,
        role: 'user',
        content,
        tool: parsed?.kind === 'execute' ? parsed.tool : null,
        toolError: true,
        tokens: approximateTokenCount(content),
      });
      return { done: false, wroteObservation: true, observationTokens: written.tokens, toolError: true };
    },

    /** Rewards the episode: correctness plus the format reward, which needs every message well-formed and a solution. */
    async finishEpisode(input: FinishEpisodeInput): Promise<EpisodeOutcome> {
      const summary = await store.assistantFormatSummary(db, input.episodeId);
      const { reward, formatOk } = episodeReward({
        correctness: input.correctness,
        endedWithSolution: input.status === 'completed',
        malformedMessages: summary.malformed,
        formatWeight: input.formatWeight,
      });
      const outcome = {
        status: input.status,
        correctness: input.correctness,
        formatOk,
        reward,
        assistantTurns: summary.assistantTurns,
        tokens: input.tokens,
        toolErrors: summary.toolErrors,
      };
      await store.completeEpisode(db, input.episodeId, outcome);
      const episode = await store.getEpisode(db, input.episodeId);
      return { episodeId: input.episodeId, taskId: episode!.taskId, taskType: episode!.taskType, ...outcome };
    },

    /**
     * The scripted expert's whole episode in one activity: the turns the per-turn path would write
     * (the same requests and seeds), kept in memory and written at the end in three statements,
     * each idempotent. The expert is a cheap, deterministic function and needs no durability
     * between its turns; run turn by turn, an episode cost six activities, and collection cost
     * the Temporal server more than the episodes themselves. A tool that throws fails the attempt
     * before anything is written; an attempt cut while writing is finished by the next, which
     * computes the same turns.
     */
    async runScriptedEpisode(input: EpisodeInput): Promise<EpisodeOutcome> {
      if (input.policy.kind !== 'expert') {
        throw ApplicationFailure.nonRetryable(`runScriptedEpisode runs the scripted expert only, not '${input.policy.kind}' policies; those run turn by turn.`);
      }
      const stored = await store.getEpisode(db, input.episodeId);
      if (stored && stored.status !== 'running') return storedOutcome(stored);

      const task = toTask(await store.getTask(db, input.taskId));
      const env = new TaskEnvironment(taskType(task.taskType), task, { db, signal: Context.current().cancellationSignal }, input.limits.promptStyle);
      const backend = policies(input.policy, task.taskType);
      const { maxTurns, maxTokens } = input.limits;
      const turns: store.NewTurn[] = [];
      const transcript: ChatMessage[] = [];
      const write = (turn: Omit<store.NewTurn, 'episodeId' | 'idx'>) => {
        turns.push({ ...turn, episodeId: input.episodeId, idx: turns.length });
        // What the policy reads next is what the per-turn path would read back from the database.
        transcript.push({ role: turn.role as ChatMessage['role'], content: store.storableText(turn.content) });
      };
      for (const message of env.init()) write({ role: message.role, content: message.content, tokens: approximateTokenCount(message.content) });

      const sumTokens = () => turns.reduce((sum, t) => sum + t.tokens!, 0);
      let tokens = sumTokens();
      let assistantTurns = 0;
      let status: EpisodeOutcome['status'] = 'truncated';
      let correctness = 0;
      while (assistantTurns < maxTurns && tokens < maxTokens) {
        const sampling = { ...input.sampling, maxNewTokens: Math.min(input.sampling.maxNewTokens, maxTokens - tokens) };
        const historyTokens = sumTokens();
        const result = await backend.generate(generationRequest([...transcript], sampling, turns.length));
        const action = parseAssistantMessage(result.text).kind;
        write({ role: 'assistant', content: result.text, actionKind: action, wellFormed: action !== 'malformed', tokens: result.completionTokens });
        assistantTurns++;
        tokens = Math.max(result.promptTokens, historyTokens) + result.completionTokens;

        const step = await withDeadline(env.step(result.text, maxTurns - assistantTurns));
        if (step.done) {
          status = 'completed';
          correctness = step.correctness ?? 0;
          break;
        }
        const observationTokens = approximateTokenCount(step.observation);
        write({ role: 'user', content: step.observation, tool: step.tool ?? null, toolError: step.toolError, tokens: observationTokens });
        tokens += observationTokens;
      }
      env.close();

      const malformed = turns.filter((t) => t.role === 'assistant' && !t.wellFormed).length;
      const toolErrors = turns.filter((t) => t.toolError).length;
      const { reward, formatOk } = episodeReward({ correctness, endedWithSolution: status === 'completed', malformedMessages: malformed, formatWeight: input.formatWeight });
      const outcome = { status, correctness, formatOk, reward, assistantTurns, tokens, toolErrors };
      // Not one transaction: the embedded database (PGlite behind its socket server) garbles the
      // other connections' queries while one holds a transaction open.
      await store.createEpisode(db, { id: input.episodeId, runId: input.runId, taskId: task.id, taskType: task.taskType, epoch: input.epoch, policyVersion: input.policyVersion, status: 'running' });
      await store.writeTurns(db, turns);
      await store.completeEpisode(db, input.episodeId, outcome);
      return { episodeId: input.episodeId, taskId: task.id, taskType: task.taskType, ...outcome };
    },
  };
}

export type EpisodeActivities = ReturnType<typeof createEpisodeActivities>;

/** The request for the assistant turn at `turnIndex`: each turn derives its seed from the episode's. */
function generationRequest(messages: ChatMessage[], sampling: SamplingSpec, turnIndex: number): GenerateRequest {
  return {
    messages,
    sampling: {
      temperature: sampling.temperature,
      ...(sampling.logprobTemperature !== undefined && { logprobTemperature: sampling.logprobTemperature }),
      topP: sampling.topP,
      maxNewTokens: sampling.maxNewTokens,
      seed: hashSeed(sampling.seed, turnIndex),
      stop: AGENT_STOP_STRINGS,
    },
  };
}

function storedOutcome(row: store.EpisodeRow): EpisodeOutcome {
  return {
    episodeId: row.id,
    taskId: row.taskId,
    taskType: row.taskType,
    status: row.status as EpisodeOutcome['status'],
    correctness: row.correctness ?? 0,
    formatOk: row.formatOk ?? false,
    reward: row.reward ?? 0,
    assistantTurns: row.assistantTurns ?? 0,
    tokens: row.tokens ?? 0,
    toolErrors: row.toolErrors ?? 0,
  };
}

/** The engine's refusal of a prompt longer than the model's context; the episode ends there, truncated. */
function isContextFull(error: unknown): boolean {
  return error instanceof Error && /does not fit the model/.test(error.message);
}

/**
 * A generation waits on the engine's queue or a remote endpoint, sometimes for long. Heartbeating
 * meanwhile lets the server tell a dead worker from a slow one within the heartbeat timeout (20 s
 * by default), so a turn lost with its worker is retried then, not after the start-to-close
 * timeout. Short generations finish before the first beat and send none.
 */
async function whileHeartbeating<T>(work: Promise<T>): Promise<T> {
  const context = Context.current();
  const timeoutMs = context.info.heartbeatTimeoutMs;
  if (!timeoutMs) return work;
  const timer = setInterval(() => context.heartbeat(), Math.max(100, timeoutMs / 4));
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

/**
 * A hung tool must not outlive its attempt: race it against the attempt's start-to-close budget
 * (less a margin so the failure is ours, not a server timeout) and against cancellation.
 */
async function withDeadline<T>(work: Promise<T>): Promise<T> {
  const context = Context.current();
  const budget = context.info.startToCloseTimeoutMs;
  const marginMs = Math.min(1000, budget / 10);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`tool did not answer within ${Math.round(budget - marginMs)} ms`)), budget - marginMs);
  });
  try {
    return await Promise.race([work, deadline, context.cancelled]);
  } finally {
    clearTimeout(timer);
  }
}
