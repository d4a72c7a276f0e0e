// A task type's scripted expert, seen as a policy backend: it writes the next assistant message
// from the transcript, seeded per turn, with its noise knob; told to recall, it answers what it
// knows by heart without a tool, as the frontier LLM it stands in for would.
import { approximateTokenCount, type GenerateRequest, type GenerateResult, type PolicyBackend } from '../policy/backend';
import { expertTurn } from './expert-turn';
import { seededRandom } from './random';
import type { Expert, Recall } from './types';

export class ExpertPolicy implements PolicyBackend {
  readonly name: string;

  /** `recall`: the expert answers from memory, at its rate, what it knows by heart (Expert.recall). */
  constructor(
    private readonly expert: Expert,
    private readonly noise: number,
    taskTypeName: string,
    private readonly recall?: Recall,
  ) {
    this.name = `expert:${taskTypeName}@${noise}${recall ? `+recall${recall.rate}` : ''}`;
  }

  async generate({ messages, sampling }: GenerateRequest): Promise<GenerateResult> {
    const random = seededRandom(sampling.seed);
    const text = await expertTurn(this.expert, messages, random, this.noise, this.recall);
    const completionTokens = approximateTokenCount(text);
    const truncated = completionTokens > sampling.maxNewTokens;
    return {
      text: truncated ? text.slice(0, sampling.maxNewTokens * 4) : text,
      tokenIds: [],
      logprobs: [],
      promptTokens: messages.reduce((sum, m) => sum + approximateTokenCount(m.content), 0),
      completionTokens: Math.min(completionTokens, sampling.maxNewTokens),
      finishReason: truncated ? 'length' : 'stop',
    };
  }
}
