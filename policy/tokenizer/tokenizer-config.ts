// tokenizer_config.json for the built-in tokenizer: the metadata transformers and
// @huggingface/tokenizers read beside tokenizer.json, chat template included.

import { BUILTIN_CHAT_TEMPLATE } from '../chat-template';
import { BOS_TOKEN, EOS_TOKEN, PAD_TOKEN } from './special-tokens';
import type { TokenizerJson } from './bpe-trainer';

export function builtinTokenizerConfig(tokenizer: TokenizerJson, modelMaxLength: number): Record<string, unknown> {
  const added: Record<string, unknown> = {};
  for (const t of tokenizer.added_tokens) {
    const { id, ...rest } = t;
    added[String(id)] = rest;
  }
  return {
    tokenizer_class: 'PreTrainedTokenizerFast',
    bos_token: BOS_TOKEN,
    eos_token: EOS_TOKEN,
    pad_token: PAD_TOKEN,
    unk_token: null,
    add_bos_token: false,
    add_eos_token: false,
    clean_up_tokenization_spaces: false,
    model_max_length: modelMaxLength,
    added_tokens_decoder: added,
    chat_template: BUILTIN_CHAT_TEMPLATE,
  };
}
