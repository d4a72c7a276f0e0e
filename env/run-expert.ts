// Runs the scripted expert on a task through TaskEnvironment, without Temporal: the same loop an
// episode workflow runs, used by the accuracy benchmark and the tests.
import type { ChatMessage } from '../policy/backend';
import { TaskEnvironment } from './environment';
import { expertTurn } from './expert-turn';
import { hashSeed, seededRandom } from './random';
import type { PromptStyle } from './system-prompt';
import type { Task, TaskType, ToolContext } from './types';

export interface ExpertEpisode {
  correctness: number;
  turns: number;
  formatOk: boolean;
  transcript: ChatMessage[];
}

export async function runExpertEpisode(
  taskType: TaskType,
  task: Task,
  ctx: ToolContext,
  noise: number,
  seed = 0,
  maxTurns = 8,
  promptStyle: PromptStyle = 'full',
  /** How often the expert answers from memory what it knows by heart (Expert.recall); 0 never. */
  recallRate = 0,
): Promise<ExpertEpisode> {
  const env = new TaskEnvironment(taskType, task, ctx, promptStyle);
  const transcript = env.init();
  const random = seededRandom(hashSeed('expert', task.id, seed));
  let formatOk = true;
  for (let turn = 1; turn <= maxTurns; turn++) {
    const message = await expertTurn(taskType.expert, transcript, random, noise, recallRate > 0 ? { memory: ctx, rate: recallRate } : undefined);
    transcript.push({ role: 'assistant', content: message });
    const step = await env.step(message, maxTurns - turn);
    if (step.action === 'malformed') formatOk = false;
    if (step.done) return { correctness: step.correctness ?? 0, turns: turn, formatOk, transcript };
    transcript.push({ role: 'user', content: step.observation });
  }
  return { correctness: 0, turns: maxTurns, formatOk, transcript };
}
