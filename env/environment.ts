// One episode's environment, in the skyrl-gym shape: init → step → … → close.
// It is rebuilt from the task for every step, so any worker can run any step.
import type { ChatMessage } from '../policy/backend';
import { correctiveObservation, formatObservation, parseAssistantMessage, toolErrorObservation, withTurnNotice } from './agent-format';
import { systemPrompt, type PromptStyle } from './system-prompt';
import { ToolError, type Task, type TaskType, type ToolContext } from './types';

export interface StepResult {
  action: 'execute' | 'solution' | 'malformed';
  /** The next user message; empty once the episode is done. */
  observation: string;
  done: boolean;
  /** Set when done: the task scorer's verdict on the solution. */
  correctness?: number;
  tool?: string;
  /** The observation reports a failed or refused tool call. */
  toolError: boolean;
}

export class TaskEnvironment {
  constructor(
    private readonly taskType: TaskType,
    private readonly task: Task,
    private readonly ctx: ToolContext = {},
    private readonly promptStyle: PromptStyle = 'full',
  ) {}

  init(): ChatMessage[] {
    return [
      { role: 'system', content: systemPrompt(this.taskType, this.promptStyle) },
      { role: 'user', content: this.task.prompt },
    ];
  }

  /**
   * Acts on one assistant message. Permanent tool failures and malformed messages become
   * observations; transient failures are thrown so the caller's retry policy can act.
   * `turnsLeft` is how many assistant turns the episode allows after this one: with one left, the
   * observation tells the agent to answer now.
   */
  async step(assistantText: string, turnsLeft = Infinity): Promise<StepResult> {
    const result = await this.act(assistantText);
    return result.done ? result : { ...result, observation: withTurnNotice(result.observation, turnsLeft) };
  }

  private async act(assistantText: string): Promise<StepResult> {
    const action = parseAssistantMessage(assistantText);
    if (action.kind === 'malformed') {
      return { action: 'malformed', observation: correctiveObservation(action.reason), done: false, toolError: false };
    }
    if (action.kind === 'solution') {
      const correctness = this.taskType.score(action.answer, this.task);
      return { action: 'solution', observation: '', done: true, correctness, toolError: false };
    }
    const refuse = (message: string): StepResult => ({
      action: 'execute',
      observation: toolErrorObservation(message),
      done: false,
      tool: action.tool,
      toolError: true,
    });
    const tool = this.taskType.tools.find((t) => t.name === action.tool);
    if (!tool) {
      return refuse(`unknown tool '${action.tool}'. Available tools: ${this.taskType.tools.map((t) => t.name).join(', ')}.`);
    }
    const args = tool.args.safeParse(action.args);
    if (!args.success) {
      const problems = args.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ');
      return refuse(`bad arguments for ${tool.name} (${problems}). Usage: ${tool.doc}`);
    }
    try {
      const result = await tool.run(args.data, this.ctx);
      return { action: 'execute', observation: formatObservation(result), done: false, tool: tool.name, toolError: false };
    } catch (error) {
      if (error instanceof ToolError && error.kind === 'permanent') return refuse(`${tool.name} failed: ${error.message}`);
      throw error;
    }
  }

  close(): void {
    // Nothing is held between steps; tools open what they need per call.
  }
}
