// A task type whose tools misbehave on purpose, and an expert that calls the tool its prompt names.
import { z } from 'zod';
import { solutionMessage, toolCallMessage } from '../../env/agent-format';
import { getTaskType } from '../../env/registry';
import { ToolError, type Task, type TaskType } from '../../env/types';

/** Calls per episode-scoped key, so "fails twice, then works" holds per episode. */
export const flakyCalls = new Map<string, number>();

const noArgs = z.object({ key: z.string() }).strict();

export const faultyTaskType: TaskType = {
  name: 'faulty',
  description: 'Call the tool the task names, then answer "done".',
  tools: [
    {
      name: 'flaky',
      doc: 'flaky {"key": id} — fails twice with a transient error, then answers',
      args: noArgs,
      run: ({ key }) => {
        const calls = (flakyCalls.get(key) ?? 0) + 1;
        flakyCalls.set(key, calls);
        if (calls <= 2) throw new ToolError(`service unavailable (call ${calls})`, 'transient');
        return `flaky answered on call ${calls}`;
      },
    },
    {
      name: 'hang',
      doc: 'hang {"key": id} — never answers',
      args: noArgs,
      run: () => new Promise<string>(() => {}),
    },
    {
      name: 'boom',
      doc: 'boom {"key": id} — fails permanently',
      args: noArgs,
      run: () => {
        throw new ToolError('the record does not exist', 'permanent');
      },
    },
    {
      name: 'crash',
      doc: 'crash {"key": id} — throws a plain error every time',
      args: noArgs,
      run: () => {
        throw new TypeError('cannot read properties of undefined');
      },
    },
  ],
  async generate({ split }) {
    const modes = ['flaky', 'hang', 'boom', 'crash', 'unknown', 'badargs', 'malformed', 'nul', 'explode'];
    return modes.map<Task>((mode) => ({
      id: `faulty-${mode}`,
      taskType: 'faulty',
      split,
      prompt: `Mode: ${mode}`,
      answer: 'done',
      meta: {},
    }));
  },
  score: (answer) => (answer.trim() === 'done' ? 1 : 0),
  expert: {
    nextMessage(transcript) {
      const mode = /Mode: (\w+)/.exec(transcript[1].content)![1];
      const assistantTurns = transcript.filter((m) => m.role === 'assistant').length;
      if (assistantTurns > 0) return solutionMessage('The tool has spoken.', 'done');
      const key = `${mode}-${transcript.length}`;
      if (mode === 'unknown') return toolCallMessage('try it', 'teleport', { key });
      if (mode === 'badargs') return toolCallMessage('try it', 'flaky', { id: 1 });
      if (mode === 'malformed') return 'I will just say done.';
      // A sampling model can emit a NUL byte, which PostgreSQL text cannot store.
      if (mode === 'nul') return toolCallMessage('odd \u0000 byte', 'boom', { key });
      // A policy that keeps failing: its episode fails, the batch goes on without it.
      if (mode === 'explode') throw new Error('the policy crashed');
      return toolCallMessage('try it', mode, { key: `${mode}-${Math.random()}` });
    },
  },
};

export function taskTypesWithFaulty(name: string): TaskType {
  return name === 'faulty' ? faultyTaskType : getTaskType(name);
}
