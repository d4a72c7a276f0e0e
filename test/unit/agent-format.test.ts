import { describe, expect, it } from 'vitest';
import { parseAssistantMessage, parseToolCall, solutionMessage, toolCallMessage } from '../../env/agent-format';

describe('parseAssistantMessage', () => {
  it('reads a tool call with JSON arguments', () => {
    const parsed = parseAssistantMessage('<think>count bases</think>\n<execute>gc_content {"sequence": "ACGT"}</execute>');
    expect(parsed).toEqual({ kind: 'execute', think: 'count bases', tool: 'gc_content', args: { sequence: 'ACGT' } });
  });

  it('reads a tool call without arguments, and a solution', () => {
    expect(parseAssistantMessage('<think>x</think><execute>list_enzymes</execute>')).toMatchObject({ kind: 'execute', tool: 'list_enzymes', args: {} });
    expect(parseAssistantMessage('  <think>done</think> <solution> 42 </solution>\n')).toEqual({ kind: 'solution', think: 'done', answer: '42' });
  });

  it('round-trips the writers used by scripted experts', () => {
    expect(parseAssistantMessage(toolCallMessage('t', 'translate', { sequence: 'ATG', frame: 0 }))).toMatchObject({ tool: 'translate', args: { frame: 0 } });
    expect(parseAssistantMessage(solutionMessage('t', 'MK*'))).toMatchObject({ kind: 'solution', answer: 'MK*' });
  });

  it.each([
    ['no tags at all', 'The answer is 4', /no <think>/],
    ['missing think', '<execute>gc_content {}</execute>', /must start with <think>/],
    ['unclosed think', '<think>hmm <execute>gc_content {}</execute>', /<think> is not closed/],
    ['unclosed execute', '<think>a</think><execute>gc_content {}', /<execute> is not closed/],
    ['two actions', '<think>a</think><execute>x {}</execute><solution>1</solution>', /only one/],
    ['nested action in think', '<think>a <solution>1</solution></think><execute>x {}</execute>', /only one|nested/],
    ['execute nested in solution', '<think>a</think><solution><execute>x {}</execute></solution>', /only one|nested/],
    ['observation written by the model', '<think>a</think><observation>x</observation><solution>1</solution>', /observations come from the environment/],
    ['think only', '<think>a</think>', /exactly one/],
    ['text after the action', '<think>a</think><solution>1</solution> and more', /outside/],
    ['empty solution', '<think>a</think><solution>  </solution>', /empty/],
    ['bad JSON arguments', '<think>a</think><execute>gc_content {sequence: ACGT}</execute>', /not valid JSON/],
    ['array arguments', '<think>a</think><execute>gc_content ["ACGT"]</execute>', /one JSON object/],
    ['no tool name', '<think>a</think><execute>{"sequence": "A"}</execute>', /start with a tool name/],
  ])('calls %s malformed', (_, text, reason) => {
    const parsed = parseAssistantMessage(text);
    expect(parsed.kind).toBe('malformed');
    expect(parsed.kind === 'malformed' && parsed.reason).toMatch(reason);
  });
});

describe('parseToolCall', () => {
  it('keeps nested JSON values', () => {
    expect(parseToolCall('lookup {"ids": [1, 2], "opts": {"k": 3}}')).toEqual({ tool: 'lookup', args: { ids: [1, 2], opts: { k: 3 } } });
  });
});
