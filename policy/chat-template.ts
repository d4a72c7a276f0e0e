// Chat templates in the Hugging Face format: a jinja string rendered with
// @huggingface/jinja, the same variables transformers passes (messages,
// add_generation_prompt, bos_token, eos_token).

import { Template } from '@huggingface/jinja';
import type { ChatMessage } from './backend';

/**
 * The built-in template: `<|bos|>` then `<|role|>content<|eos|>` per message, and
 * `<|assistant|>` as the generation prompt. Every message boundary is a special
 * token, so rendering a prefix of the chat tokenises to a prefix of the ids.
 */
export const BUILTIN_CHAT_TEMPLATE =
  "{{ bos_token }}{% for message in messages %}{{ '<|' + message['role'] + '|>' + message['content'] + eos_token }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}";

export interface RenderOptions {
  addGenerationPrompt: boolean;
  bosToken?: string;
  eosToken?: string;
}

const compiled = new Map<string, Template>();

export function renderChat(template: string, messages: ChatMessage[], options: RenderOptions): string {
  let t = compiled.get(template);
  if (!t) {
    t = new Template(template);
    compiled.set(template, t);
  }
  return t.render({
    messages,
    add_generation_prompt: options.addGenerationPrompt,
    bos_token: options.bosToken ?? '',
    eos_token: options.eosToken ?? '',
  });
}
