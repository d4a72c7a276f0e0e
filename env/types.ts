// The environment contract. Domain code only: no Temporal, no activities.
// A task type bundles a seeded generator, typed tools, an exact scorer and a scripted expert.
import type { z } from 'zod';
import type { ChatMessage } from '../policy/backend';
import type { Db } from '../db/client';

export type Split = 'train' | 'val' | 'test';
export const SPLITS: readonly Split[] = ['train', 'val', 'test'];

export interface Task {
  /** Stable and unique: the same seed gives the same id. */
  id: string;
  taskType: string;
  split: Split;
  prompt: string;
  /** The hidden reference answer, in whatever JSON shape the scorer reads. */
  answer: unknown;
  meta: Record<string, unknown>;
}

/** Transient failures are retried by Temporal's policy; permanent ones become an observation. */
export type ToolFailureKind = 'transient' | 'permanent';

export class ToolError extends Error {
  override name = 'ToolError';
  constructor(
    message: string,
    readonly kind: ToolFailureKind,
  ) {
    super(message);
  }
}

export interface ToolContext {
  /** The knowledge base; absent for tools that need none (sequence tools). */
  db?: Db;
  /** Aborted when the activity running the tool is cancelled or times out. */
  signal?: AbortSignal;
}

export interface Tool<Args = any> {
  name: string;
  /** One line, listed in the system prompt: what it does and its arguments. */
  doc: string;
  args: z.ZodType<Args>;
  /** Returns a compact, deterministic observation. Throws ToolError for failures. */
  run(args: Args, ctx: ToolContext): Promise<string> | string;
}

export interface GenerateOptions {
  seed: number;
  count: number;
  split: Split;
  ctx: ToolContext;
}

/**
 * An expert told to answer from memory: where it reads what it knows by heart, and the share of
 * the questions it knows that it answers without a tool (a frontier LLM answers some of what it
 * knows from memory and looks the rest up).
 */
export interface Recall {
  memory: ToolContext;
  /** 0..1: 1 answers every known question from memory, 0.5 about half of them. */
  rate: number;
}

/** Decides the next assistant message from the transcript so far (it sees what the model sees). */
export interface Expert {
  nextMessage(transcript: ChatMessage[], random: () => number, noise: number): string;
  /**
   * The first message of an expert that answers from memory what a frontier LLM knows by heart
   * (the band of a well-studied gene), with the same slips; undefined when it would look it up.
   * Only a policy told to recall asks (PolicySpec expert `recall`).
   */
  recall?(transcript: ChatMessage[], random: () => number, noise: number, ctx: ToolContext): Promise<string | undefined>;
}

export interface TaskType {
  name: string;
  /** A sentence for the system prompt: what the agent must produce. */
  description: string;
  tools: Tool[];
  /** Data-lake datasets the task type's generator and tools need (none: runs without a KB). */
  datasets?: readonly string[];
  generate(options: GenerateOptions): Promise<Task[]>;
  /** Correctness in [0, 1] of the text inside <solution>, by the task type's exact rules. */
  score(answer: string, task: Task): number;
  expert: Expert;
}
