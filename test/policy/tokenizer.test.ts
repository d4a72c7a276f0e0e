// The built-in tokenizer spells an identifier with the same ids wherever it appears, so writing a
// gene symbol from the question into a tool call is a plain copy of ids.
import { describe, expect, it } from 'vitest';
import { buildBuiltinTokenizer, chatTokenizerOf } from '../../policy/model/builtin-model';

const corpus = Array.from({ length: 400 }, (_, i) => {
  const symbol = ['EIF3C', 'PTOV1', 'BRCA1', 'C9orf72', 'TP53'][i % 5];
  return `What is the cytogenetic location of the human gene ${symbol}? <think>Look up ${symbol}.</think> gene_band {"gene":"${symbol}"} ${symbol} cytoband: 16p11.2 is at 16p11.2 the gene and the band`;
});

describe('built-in tokenizer', () => {
  const chat = chatTokenizerOf(buildBuiltinTokenizer(corpus, { vocabSize: 400 }));

  it('spells a symbol alike after a space, a quote and at the start', () => {
    for (const symbol of ['EIF3C', 'PTOV1', 'C9orf72', 'ZNF2Q']) {
      const alone = chat.encode(symbol);
      const afterSpace = chat.encode(`gene ${symbol}?`);
      const inJson = chat.encode(`{"gene":"${symbol}"}`);
      const contains = (ids: number[]) => ids.join(',').includes(alone.join(','));
      expect(contains(afterSpace), `${symbol} after a space`).toBe(true);
      expect(contains(inJson), `${symbol} in JSON`).toBe(true);
    }
  });

  it('still joins a lower-case word to its space, and decodes to the same text', () => {
    const ids = chat.encode(' the gene');
    expect(ids.length).toBeLessThanOrEqual(2);
    const text = 'Look up C9orf72 at 16p11.2, then {"gene":"TP53"}.';
    expect(chat.decode(chat.encode(text))).toBe(text);
  });
});
