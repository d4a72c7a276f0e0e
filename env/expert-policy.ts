// A task type's scripted expert, seen as a policy backend: it writes the next assistant message
// from the transcript, seeded per turn, with its noise knob.
import { approximateTokenCount, type GenerateRequest, type GenerateResult, type PolicyBackend } from '../policy/backend';
import { seededRandom } from './random';
import type { Expert } from './types';

export class ExpertPolicy implements PolicyBackend {
  readonly name: string;

  constructor(
    private readonly expert: Expert,
    private readonly noise: number,
    taskTypeName: string,
  ) {
    this.name = `expert:${taskTypeName}@${noise}`;
  }

  async generate({ messages, sampling }: GenerateRequest): Promise<GenerateResult> {
    const text = this.expert.nextMessage(messages, seededRandom(sampling.seed), this.noise);
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
