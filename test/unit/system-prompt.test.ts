import { describe, expect, it } from 'vitest';
import { TaskEnvironment } from '../../env/environment';
import { sequenceQa } from '../../env/sequence-qa';
import { systemPrompt } from '../../env/system-prompt';
import { geneLocation } from '../../env/tasks/gene-location';

describe('system prompt styles', () => {
  it('full lists every tool with its arguments; compact names the tools and the format in one line', () => {
    const full = systemPrompt(sequenceQa, 'full');
    const compact = systemPrompt(sequenceQa, 'compact');
    for (const tool of sequenceQa.tools) {
      expect(full).toContain(tool.doc);
      expect(compact).not.toContain(tool.doc);
      expect(compact).toContain(tool.name);
    }
    expect(compact).toContain('<think>');
    expect(compact).toContain('<execute>');
    expect(compact).toContain('<solution>');
    expect(compact.length).toBeLessThan(full.length / 3);
    expect(systemPrompt(geneLocation, 'compact')).toContain('Tools: gene_band');
  });

  it('the environment opens with the style it was given (full by default)', async () => {
    const [task] = await sequenceQa.generate({ seed: 1, count: 1, split: 'train', ctx: {} });
    expect(new TaskEnvironment(sequenceQa, task).init()[0].content).toBe(systemPrompt(sequenceQa, 'full'));
    expect(new TaskEnvironment(sequenceQa, task, {}, 'compact').init()[0].content).toBe(systemPrompt(sequenceQa, 'compact'));
  });
});

describe('task types and the data lake', () => {
  it('every task type needs the datasets the data lake pulls for it', async () => {
    const { listTaskTypes } = await import('../../env/registry');
    const { TASK_TYPE_DATASETS } = await import('../../env/data-lake/manifest');
    for (const type of listTaskTypes()) {
      expect([...(TASK_TYPE_DATASETS[type.name] ?? ['(missing)'])].sort(), type.name).toEqual([...(type.datasets ?? [])].sort());
    }
  });
});
