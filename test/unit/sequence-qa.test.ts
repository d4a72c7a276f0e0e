import { describe, expect, it } from 'vitest';
import { TaskEnvironment } from '../../env/environment';
import { seededRandom } from '../../env/random';
import { sequenceQa } from '../../env/sequence-qa';
import { fragmentLengths, gcContent, reverseComplement, translate } from '../../env/sequence-qa/dna';
import { scoreSequenceAnswer } from '../../env/sequence-qa/scorer';
import type { Task } from '../../env/types';

const task = (answer: unknown): Task => ({ id: 't', taskType: 'sequence_qa', split: 'train', prompt: '', answer, meta: {} });

describe('sequence arithmetic', () => {
  it('matches hand-checked values', () => {
    expect(gcContent('GGCCAATT')).toBe(50);
    expect(gcContent('GGG')).toBe(100);
    expect(reverseComplement('ATGCGT')).toBe('ACGCAT');
    expect(translate('ATGGCCTAA')).toBe('MA*');
    expect(translate('ATGGCCTAAG', 1)).toBe('WPK');
    expect(fragmentLengths(100, [10, 50])).toEqual([10, 40, 50]);
  });
});

describe('sequence scorer', () => {
  it('compares numbers within tolerance and sequences exactly, ignoring case and whitespace', () => {
    expect(scoreSequenceAnswer('52.3', task({ kind: 'number', value: 52.3, tolerance: 0.05 }))).toBe(1);
    expect(scoreSequenceAnswer(' 52.3% ', task({ kind: 'number', value: 52.3, tolerance: 0.05 }))).toBe(1);
    expect(scoreSequenceAnswer('52.4', task({ kind: 'number', value: 52.3, tolerance: 0.05 }))).toBe(0);
    expect(scoreSequenceAnswer('three', task({ kind: 'number', value: 3, tolerance: 0 }))).toBe(0);
    expect(scoreSequenceAnswer('acg t', task({ kind: 'text', value: 'ACGT' }))).toBe(1);
    expect(scoreSequenceAnswer('ACG', task({ kind: 'text', value: 'ACGT' }))).toBe(0);
  });
});

describe('sequence QA task type', () => {
  it('generates the same tasks from the same seed, and different ones per split', async () => {
    const a = await sequenceQa.generate({ seed: 3, count: 5, split: 'train', ctx: {} });
    const b = await sequenceQa.generate({ seed: 3, count: 5, split: 'train', ctx: {} });
    const test = await sequenceQa.generate({ seed: 3, count: 5, split: 'test', ctx: {} });
    expect(a).toEqual(b);
    expect(new Set([...a, ...test].map((t) => t.id)).size).toBe(10);
  });

  it('is solved by the noiseless expert through the tools', async () => {
    const tasks = await sequenceQa.generate({ seed: 11, count: 40, split: 'train', ctx: {} });
    for (const t of tasks) {
      const env = new TaskEnvironment(sequenceQa, t);
      const transcript = env.init();
      let correctness: number | undefined;
      for (let turn = 0; turn < 4 && correctness === undefined; turn++) {
        const message = sequenceQa.expert.nextMessage(transcript, seededRandom(turn), 0);
        transcript.push({ role: 'assistant', content: message });
        const step = await env.step(message);
        if (step.done) correctness = step.correctness;
        else transcript.push({ role: 'user', content: step.observation });
      }
      expect(correctness, t.prompt).toBe(1);
    }
  });

  it('turns unknown tools, bad arguments and permanent tool errors into observations', async () => {
    const [t] = await sequenceQa.generate({ seed: 1, count: 1, split: 'train', ctx: {} });
    const env = new TaskEnvironment(sequenceQa, t);
    const unknown = await env.step('<think>a</think><execute>blast {"q": "A"}</execute>');
    expect(unknown).toMatchObject({ toolError: true, done: false });
    expect(unknown.observation).toMatch(/unknown tool 'blast'.*gc_content/);
    const badArgs = await env.step('<think>a</think><execute>gc_content {"seq": "A"}</execute>');
    expect(badArgs.observation).toMatch(/bad arguments for gc_content.*Usage: gc_content/);
    const permanent = await env.step('<think>a</think><execute>restriction_sites {"sequence": "ACGT", "enzyme": "Foo"}</execute>');
    expect(permanent.observation).toMatch(/unknown enzyme 'Foo'/);
    const notDna = await env.step('<think>a</think><execute>gc_content {"sequence": "AXGT"}</execute>');
    expect(notDna.observation).toMatch(/not DNA bases: X/);
  });
});
