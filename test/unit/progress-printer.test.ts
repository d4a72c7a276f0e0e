// The run's progress line on a terminal (redrawn in place) and in a log (one line per change of
// phase, details at most every so often).
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../cli/follow-run';
import { ProgressPrinter, endProgressLine } from '../../cli/progress-printer';
import type { RunProgress } from '../../workflows/training-types';

function recorder(isTTY: boolean) {
  const chunks: string[] = [];
  return { out: { isTTY, write: (text: string) => chunks.push(text) }, text: () => chunks.join(''), chunks };
}

describe('progress line', () => {
  it('puts what the phase is doing after its status, before the last epoch', () => {
    const progress = {
      runId: 'r', phase: 'rl', status: 'running', epoch: 2, epochs: 6, hyperparameters: {} as never, evaluations: [],
      lastEpoch: { epoch: 1, meanReward: 1.5, meanCorrectness: 0.75, formatRate: 0.8 } as never,
    } satisfies RunProgress;
    expect(progressLine(progress, 'epoch 2: episodes 40/128')).toBe(
      '[###########-------------] rl 2/6 (running) · epoch 2: episodes 40/128 · epoch 1: reward 1.50, correct 0.75, format 0.80',
    );
    expect(progressLine(progress)).not.toContain('episodes');
  });
});

describe('ProgressPrinter', () => {
  it('on a terminal redraws the line while only its detail moves, and keeps it when the phase moves on', () => {
    const { out, text } = recorder(true);
    const printer = new ProgressPrinter(out);
    printer.show('sft', 'sft · step 1/800');
    printer.show('sft', 'sft · step 1/800'); // unchanged: nothing written
    printer.show('sft', 'sft · step 40/800');
    printer.show('rl 0/6', 'rl 0/6 · epoch 0: episodes 3/128');
    printer.done();
    expect(text()).toBe('sft · step 1/800\r\x1b[2Ksft · step 40/800\nrl 0/6 · epoch 0: episodes 3/128\n');
  });

  it('in a log writes a line per phase, and a moved detail only after the interval', () => {
    const { out, text } = recorder(false);
    let now = 0;
    const printer = new ProgressPrinter(out, 30_000, () => now);
    printer.show('collect', 'collect');
    now = 1_000;
    printer.show('collect', 'collect · episodes 10/1500'); // the first detail is not held back
    now = 5_000;
    printer.show('collect', 'collect · episodes 200/1500'); // too soon
    now = 31_000;
    printer.show('collect', 'collect · episodes 900/1500');
    now = 32_000;
    printer.show('sft', 'sft · step 1/800'); // a new phase is never held back
    printer.done();
    expect(text()).toBe('collect\ncollect · episodes 10/1500\ncollect · episodes 900/1500\nsft · step 1/800\n');
  });

  it('ends its open terminal line before other output', () => {
    const { out, chunks } = recorder(true);
    const printer = new ProgressPrinter(out);
    printer.show('sft', 'sft · step 1/800');
    endProgressLine();
    endProgressLine(); // a second call finds no open line
    expect(chunks).toEqual(['sft · step 1/800', '\n']);
  });
});
