// The special and agent-format tokens every HelixRL tokenizer carries. Role, bos,
// eos and pad tokens are "special" (skipped when decoding a reply); the agent tags
// are added tokens that stay in decoded text, as Qwen does with <think>.

export const PAD_TOKEN = '<|pad|>';
export const BOS_TOKEN = '<|bos|>';
/** Ends every message; generation also stops on it. */
export const EOS_TOKEN = '<|eos|>';
export const ROLE_TOKENS = ['<|system|>', '<|user|>', '<|assistant|>'] as const;

export const CONTROL_TOKENS = [PAD_TOKEN, BOS_TOKEN, EOS_TOKEN, ...ROLE_TOKENS];

export const AGENT_TAG_TOKENS = [
  '<think>',
  '</think>',
  '<execute>',
  '</execute>',
  '<solution>',
  '</solution>',
  '<observation>',
  '</observation>',
];
