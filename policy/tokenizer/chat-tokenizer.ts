// A tokenizer plus its chat template: the one object the trainer and the engine
// use to turn transcripts into ids. Wraps @huggingface/tokenizers, so the same
// class serves the built-in tokenizer and a user's tokenizer.json.

import { Tokenizer } from '@huggingface/tokenizers';
import type { ChatMessage } from '../backend';
import { renderChat } from '../chat-template';

export interface ChatTokenizerFiles {
  /** Parsed tokenizer.json. */
  tokenizer: { added_tokens?: Array<{ id: number; content: string; special?: boolean }>; model?: { vocab?: unknown } };
  /** Parsed tokenizer_config.json. */
  config: Record<string, unknown>;
  /** A chat template from chat_template.jinja, when the folder has one. */
  chatTemplate?: string;
}

/** Token ids of a chat plus which of them the trainer should learn (assistant replies). */
export interface TrainingSequence {
  ids: number[];
  /** 1 where the token is part of an assistant message (its content and closing eos). */
  assistantMask: number[];
  /** What the model reads, where it differs from `ids` (noisy teacher forcing); `ids` stay the targets. */
  inputIds?: number[];
}

function tokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content;
  }
  return undefined;
}

export class ChatTokenizer {
  readonly hf: Tokenizer;
  readonly chatTemplate: string;
  readonly bosToken: string | undefined;
  readonly eosToken: string | undefined;
  /** One past the largest id the tokenizer can produce. */
  readonly vocabSize: number;
  private readonly idsByToken = new Map<string, number>();

  constructor(files: ChatTokenizerFiles) {
    this.hf = new Tokenizer(files.tokenizer, files.config);
    const template = files.chatTemplate ?? files.config.chat_template;
    if (typeof template !== 'string') {
      throw new Error('tokenizer_config.json: expected a string "chat_template" (or a chat_template.jinja file)');
    }
    this.chatTemplate = template;
    this.bosToken = tokenText(files.config.bos_token);
    this.eosToken = tokenText(files.config.eos_token);
    let maxId = -1;
    const vocab = files.tokenizer.model?.vocab;
    if (vocab && !Array.isArray(vocab) && typeof vocab === 'object') {
      for (const [tok, id] of Object.entries(vocab as Record<string, number>)) {
        this.idsByToken.set(tok, id);
        maxId = Math.max(maxId, id);
      }
    } else if (Array.isArray(vocab)) {
      vocab.forEach((entry, id) => this.idsByToken.set(String((entry as unknown[])[0]), id));
      maxId = vocab.length - 1;
    }
    for (const t of files.tokenizer.added_tokens ?? []) {
      this.idsByToken.set(t.content, t.id);
      maxId = Math.max(maxId, t.id);
    }
    this.vocabSize = maxId + 1;
  }

  tokenId(token: string): number | undefined {
    return this.idsByToken.get(token);
  }

  get eosId(): number | undefined {
    return this.eosToken === undefined ? undefined : this.tokenId(this.eosToken);
  }

  encode(text: string): number[] {
    return this.hf.encode(text, { add_special_tokens: false }).ids;
  }

  decode(ids: number[], skipSpecialTokens = true): string {
    return this.hf.decode(ids, { skip_special_tokens: skipSpecialTokens, clean_up_tokenization_spaces: false });
  }

  renderChat(messages: ChatMessage[], addGenerationPrompt: boolean): string {
    return renderChat(this.chatTemplate, messages, {
      addGenerationPrompt,
      bosToken: this.bosToken,
      eosToken: this.eosToken,
    });
  }

  /** The prompt the engine feeds for the next assistant turn. */
  encodePrompt(messages: ChatMessage[]): number[] {
    return this.encode(this.renderChat(messages, true));
  }

  /**
   * A transcript as trainer input: ids of the whole rendered chat, and a mask over
   * the assistant replies. Works for any template where each message's rendering
   * extends the previous prefix (true of ChatML-style templates; checked).
   * `assistantTokens[i]`, when given, replaces the re-tokenised i-th assistant reply
   * with the ids the engine actually sampled, so RL trains on the rollout's tokens.
   * An assistant message of weight 0 is context only: masked like a user message.
   */
  toTrainingSequence(messages: ChatMessage[], assistantTokens?: Array<number[] | undefined>): TrainingSequence {
    const ids: number[] = [];
    const assistantMask: number[] = [];
    let previous: number[] = [];
    let assistantIndex = 0;
    for (let i = 0; i < messages.length; i++) {
      const isAssistant = messages[i].role === 'assistant';
      const head = isAssistant ? this.encode(this.renderChat(messages.slice(0, i), true)) : previous;
      const full = this.encode(this.renderChat(messages.slice(0, i + 1), false));
      if (!startsWith(head, previous) || !startsWith(full, head)) {
        throw new Error(
          `chat template: rendering message ${i} does not extend the tokens of the messages before it; ` +
            'expected a template whose messages are delimited by special tokens',
        );
      }
      const promptPart = head.slice(previous.length);
      ids.push(...promptPart);
      assistantMask.push(...promptPart.map(() => 0));
      const reply = full.slice(head.length);
      const sampled = isAssistant ? assistantTokens?.[assistantIndex++] : undefined;
      if (sampled) {
        // The rollout's own ids, then whatever the template closes the turn with (eos),
        // which was never sampled (the turn ended on a stop string) so is not trained.
        const contentIds = this.encode(messages[i].content);
        let closing = startsWith(reply, contentIds) ? reply.slice(contentIds.length) : [];
        // A turn that ended by sampling eos already holds the template's closing token.
        if (closing.length > 0 && sampled[sampled.length - 1] === closing[0]) closing = closing.slice(1);
        ids.push(...sampled, ...closing);
        assistantMask.push(...sampled.map(() => 1), ...closing.map(() => 0));
        previous = full; // later messages are diffed against the rendered text, not the splice
        continue;
      }
      const trained = isAssistant && messages[i].weight !== 0;
      ids.push(...reply);
      assistantMask.push(...reply.map(() => (trained ? 1 : 0)));
      previous = full;
    }
    return { ids, assistantMask };
  }
}

function startsWith(a: number[], prefix: number[]): boolean {
  if (prefix.length > a.length) return false;
  for (let i = 0; i < prefix.length; i++) if (a[i] !== prefix[i]) return false;
  return true;
}
