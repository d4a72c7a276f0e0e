// Worker warnings name an error's causes, each cut short (a failed query quotes every parameter).
import { describe, expect, it } from 'vitest';
import { describeError } from '../../cli/logging';

describe('describeError', () => {
  it('follows the cause chain and cuts long messages', () => {
    const cause = new Error('could not open file "base/5/16736"');
    const error = new Error(`Failed query: insert into tasks ${'($1, $2), '.repeat(200)}`, { cause });
    const text = describeError(error, 100);
    expect(text).toMatch(/^Failed query: insert into tasks/);
    expect(text).toContain(`… (${error.message.length} chars)`);
    expect(text).toContain('← caused by: could not open file "base/5/16736"');
    expect(text.length).toBeLessThan(250);
  });

  it('leaves a short message without causes as it is', () => {
    expect(describeError(new Error('tool hung'))).toBe('tool hung');
  });
});
