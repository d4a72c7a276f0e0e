// The contract every policy backend fulfils: the scripted expert, the built-in
// onnxruntime engine, and OpenAI-compatible servers. Pure types, no I/O.

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
  /**
   * 0: an assistant message that SFT conditions on but does not train on (a slip the
   * transcript then mends), as in OpenAI's fine-tuning format. Absent means 1.
   */
  weight?: 0 | 1;
}

export interface SamplingParams {
  /** 0 means greedy. */
  temperature: number;
  /**
   * The temperature a greedy turn's log-probabilities are reported at (default 1): the trainer's,
   * when a greedy episode trains beside sampled ones. Ignored when sampling.
   */
  logprobTemperature?: number;
  topP: number;
  maxNewTokens: number;
  /** Seeds the sampler so a turn can be regenerated exactly. */
  seed: number;
  /** Generation stops after the first of these strings; the stop string is kept in the text. */
  stop: string[];
}

export interface GenerateRequest {
  messages: ChatMessage[];
  sampling: SamplingParams;
}

export interface GenerateResult {
  text: string;
  /** Generated token ids (empty for backends that have no tokenizer). */
  tokenIds: number[];
  /** Log-probability of each generated token under the sampling policy. */
  logprobs: number[];
  /** Tokens in the prompt as the backend counted them. */
  promptTokens: number;
  completionTokens: number;
  finishReason: 'stop' | 'length';
}

export interface PolicyBackend {
  /** A short human label, for logs and activity summaries. */
  readonly name: string;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  close?(): Promise<void>;
}

/** The agent-format stop strings: a turn ends when it closes its action. */
export const AGENT_STOP_STRINGS = ['</execute>', '</solution>'];

/** A rough token count for backends without a tokenizer (about 4 characters a token). */
export function approximateTokenCount(text: string): number {
  return Math.ceil(text.length / 4);
}
