// The agent format, parsed. Pure and dependency-free: workflows, activities and the expert share it.
//
//   <think>reasoning</think><execute>tool_name {"arg": "value"}</execute>
//   <think>reasoning</think><solution>answer</solution>
//
// Anything else is malformed: it costs the format reward and earns a corrective observation.

export type ParsedAction =
  | { kind: 'execute'; think: string; tool: string; args: Record<string, unknown> }
  | { kind: 'solution'; think: string; answer: string }
  | { kind: 'malformed'; reason: string };

const TAGS = ['think', 'execute', 'solution', 'observation'] as const;
const TAG_PATTERN = /<\/?(think|execute|solution|observation)>/g;
const TOOL_CALL = /^([A-Za-z_][A-Za-z0-9_]*)\s*([\s\S]*)$/;

export function parseAssistantMessage(text: string): ParsedAction {
  const tags = [...text.matchAll(TAG_PATTERN)].map((m) => ({ tag: m[0], at: m.index ?? 0 }));
  const sequence = tags.map((t) => t.tag).join('');
  if (sequence !== '<think></think><execute></execute>' && sequence !== '<think></think><solution></solution>') {
    return { kind: 'malformed', reason: describeTagProblem(tags.map((t) => t.tag)) };
  }
  const [openThink, closeThink, openAction, closeAction] = tags;
  const outside = [
    text.slice(0, openThink.at),
    text.slice(closeThink.at + closeThink.tag.length, openAction.at),
    text.slice(closeAction.at + closeAction.tag.length),
  ];
  if (outside.some((s) => s.trim() !== '')) {
    return { kind: 'malformed', reason: 'text outside the <think>, <execute> and <solution> blocks' };
  }
  const think = text.slice(openThink.at + openThink.tag.length, closeThink.at).trim();
  const body = text.slice(openAction.at + openAction.tag.length, closeAction.at).trim();
  if (openAction.tag === '<solution>') {
    if (body === '') return { kind: 'malformed', reason: 'the <solution> block is empty' };
    return { kind: 'solution', think, answer: body };
  }
  const call = parseToolCall(body);
  if ('error' in call) return { kind: 'malformed', reason: call.error };
  return { kind: 'execute', think, tool: call.tool, args: call.args };
}

/** `tool_name {"json": "object"}`; the arguments may be left out when a tool takes none. */
export function parseToolCall(body: string): { tool: string; args: Record<string, unknown> } | { error: string } {
  const match = TOOL_CALL.exec(body);
  if (!match) return { error: 'the <execute> block must start with a tool name, e.g. <execute>gc_content {"sequence": "ACGT"}</execute>' };
  const [, tool, rest] = match;
  if (rest.trim() === '') return { tool, args: {} };
  let args: unknown;
  try {
    args = JSON.parse(rest);
  } catch {
    return { error: `the arguments of ${tool} are not valid JSON; write them as one JSON object` };
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return { error: `the arguments of ${tool} must be one JSON object, e.g. {"sequence": "ACGT"}` };
  }
  return { tool, args: args as Record<string, unknown> };
}

function describeTagProblem(tags: string[]): string {
  if (tags.length === 0) return 'no <think> and no <execute> or <solution> block';
  if (tags[0] !== '<think>') return 'the message must start with <think>…</think>';
  for (const name of TAGS) {
    const opens = tags.filter((t) => t === `<${name}>`).length;
    const closes = tags.filter((t) => t === `</${name}>`).length;
    if (opens !== closes) return `<${name}> is not closed (or closed without being opened)`;
  }
  if (tags.includes('<observation>')) return 'observations come from the environment; do not write <observation>';
  const actions = tags.filter((t) => t === '<execute>' || t === '<solution>').length;
  if (actions === 0) return 'after </think>, write exactly one <execute>…</execute> or <solution>…</solution>';
  if (actions > 1) return 'only one <execute> or <solution> block is allowed per message';
  return 'tags are nested or out of order: write <think>…</think> then one action block';
}

export function formatObservation(text: string): string {
  return `<observation>${text}</observation>`;
}

const TOOL_ERROR = 'Error:';
const FORMAT_COMPLAINT = 'Your last message was not in the required format';

/** What the agent sees when a tool call fails: the error, said so that it can try again. */
export function toolErrorObservation(message: string): string {
  return formatObservation(`${TOOL_ERROR} ${message}`);
}

export const LAST_TURN_NOTICE = 'One turn left: answer now with <solution>…</solution>.';

/**
 * An observation with the episode's turn budget said where it binds: before the last turn the
 * agent is told to answer, so an episode that would run out mid-search ends in a solution instead.
 */
export function withTurnNotice(observation: string, turnsLeft: number): string {
  return turnsLeft === 1 ? `${observation}\n${LAST_TURN_NOTICE}` : observation;
}

export function correctiveObservation(reason: string): string {
  return formatObservation(
    `${FORMAT_COMPLAINT} (${reason}). Reply with <think>…</think> followed by exactly one <execute>tool_name {"arg": "value"}</execute> or, when you are sure, one <solution>…</solution>.`,
  );
}

/** Writers for well-formed messages, used by scripted experts and test fixtures. */
export function toolCallMessage(think: string, tool: string, args: Record<string, unknown>): string {
  return `<think>${think}</think><execute>${tool} ${JSON.stringify(args)}</execute>`;
}

export function solutionMessage(think: string, answer: string): string {
  return `<think>${think}</think><solution>${answer}</solution>`;
}

/** The text inside the last <observation> of a message, if any. */
export function observationText(content: string): string | undefined {
  const match = /<observation>([\s\S]*)<\/observation>/.exec(content);
  return match?.[1];
}

/** An observation that reports the agent's failure (a tool error or a format complaint), not a result. */
export function isFailureObservation(text: string): boolean {
  return text.startsWith(TOOL_ERROR) || text.startsWith(FORMAT_COMPLAINT);
}
