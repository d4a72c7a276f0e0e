// Mended slips in expert transcripts: the slip is context for SFT, the mending is trained.
import { describe, expect, it } from 'vitest';
import { weightFailedActions } from '../../env/imitation';
import { correctiveObservation, formatObservation, solutionMessage, toolCallMessage } from '../../env/agent-format';
import type { ChatMessage } from '../../policy/backend';
import { buildBuiltinTokenizer, chatTokenizerOf } from '../../policy/model/builtin-model';

const mended: ChatMessage[] = [
  { role: 'system', content: 'Answer with the tools. Tools: gene_band' },
  { role: 'user', content: 'What is the cytogenetic location of the human gene EIF3C?' },
  { role: 'assistant', content: toolCallMessage('Look up EIF3.', 'gene_band', { gene: 'EIF3' }) },
  { role: 'user', content: formatObservation("Error: gene_band failed: no gene 'EIF3'. Give an HGNC symbol, e.g. BRCA1.") },
  { role: 'assistant', content: 'I will look it up.' },
  { role: 'user', content: correctiveObservation('no <think> block') },
  { role: 'assistant', content: toolCallMessage('Look up EIF3C.', 'gene_band', { gene: 'EIF3C' }) },
  { role: 'user', content: formatObservation('EIF3C cytoband: 16p11.2') },
  { role: 'assistant', content: solutionMessage('EIF3C is at 16p11.2.', '16p11.2') },
];

describe('weightFailedActions', () => {
  it('gives weight 0 to messages answered by a tool error or a format complaint, and nothing else', () => {
    const weighted = weightFailedActions(mended);
    expect(weighted.map((m) => m.weight)).toEqual([undefined, undefined, 0, undefined, 0, undefined, undefined, undefined, undefined]);
    expect(weighted.map((m) => m.content)).toEqual(mended.map((m) => m.content));
  });

  it('SFT masks a weight-0 message like a user message: only the mending is trained', () => {
    const chat = chatTokenizerOf(buildBuiltinTokenizer(mended.map((m) => m.content), { vocabSize: 400, maxPositions: 512 }));
    const trainedTokens = (messages: ChatMessage[]) => chat.toTrainingSequence(messages).assistantMask.reduce((a, b) => a + b, 0);
    const all = trainedTokens(mended);
    const weighted = chat.toTrainingSequence(weightFailedActions(mended));
    const trainedText = chat.decode(weighted.ids.filter((_, i) => weighted.assistantMask[i] === 1), false);
    expect(trainedTokens(weightFailedActions(mended))).toBeLessThan(all);
    expect(weighted.ids).toEqual(chat.toTrainingSequence(mended).ids); // same context, fewer targets
    expect(trainedText).toContain('"gene":"EIF3C"');
    expect(trainedText).not.toContain('"gene":"EIF3"}');
    expect(trainedText).not.toContain('I will look it up.');
  });
});
