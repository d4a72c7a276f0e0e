// The system prompt: the agent format and the task type's tools.
//   full     one line per tool with its arguments — for capable models (an OpenAI-compatible
//            collector, a pretrained checkpoint);
//   compact  the format in one line and the tool names only — for the small built-in model,
//            which pays for every prompt token in training time (the arguments it learns from
//            the expert's calls).
import type { TaskType } from './types';

export const PROMPT_STYLES = ['full', 'compact'] as const;
export type PromptStyle = (typeof PROMPT_STYLES)[number];

export function systemPrompt(taskType: TaskType, style: PromptStyle = 'full'): string {
  if (style === 'compact') {
    return [
      'Write <think>reasoning</think> then <execute>tool {json arguments}</execute> or <solution>answer</solution>.',
      `Task: ${taskType.description}`,
      `Tools: ${taskType.tools.map((tool) => tool.name).join(', ')}`,
    ].join('\n');
  }
  return [
    'You are a biomedical research agent. You solve the task by calling tools and then answering.',
    'Every message you write is <think>your reasoning</think> followed by exactly one of:',
    '  <execute>tool_name {"argument": "value"}</execute>  to call a tool (its result comes back as <observation>…</observation>), or',
    '  <solution>answer</solution>  to give your final answer (only in your last message).',
    `Task: ${taskType.description}`,
    'Tools:',
    ...taskType.tools.map((tool) => `- ${tool.doc}`),
  ].join('\n');
}
