// The report's figures as Vega-Lite specs: one line chart per curve, x = RL epoch. A figure with
// no data yet (a run before its first epoch) is simply left out.
import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from './data';

export interface Plot {
  /** File-name stem of the PNG, e.g. "format-rate". */
  name: string;
  title: string;
  spec: TopLevelSpec;
}

/** DejaVu Sans first: it is the font shipped for PNG rendering (render.ts), so SVG and PNG agree. */
export const CHART_FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

type Row = Record<string, string | number>;

interface LineChart {
  name: string;
  title: string;
  rows: Row[];
  y: string;
  yTitle: string;
  /** Field that splits the data into one line each (task type). */
  series?: string;
  /** Rates live in [0, 1]; fixing the axis keeps small wiggles from looking like big swings. */
  unitInterval?: boolean;
}

export function buildPlots(data: ReportData): Plot[] {
  const byTaskType = data.byTaskType;
  const byEpoch = data.byEpoch;
  const charts: LineChart[] = [
    {
      name: 'reward-by-task-type',
      title: 'Mean reward per task type',
      rows: present(byTaskType, 'meanReward').map((p) => ({ epoch: p.epoch, taskType: p.taskType, meanReward: p.meanReward! })),
      y: 'meanReward',
      yTitle: 'mean reward (correctness + format)',
      series: 'taskType',
    },
    {
      name: 'correctness-by-task-type',
      title: 'Mean correctness per task type',
      rows: present(byTaskType, 'meanCorrectness').map((p) => ({ epoch: p.epoch, taskType: p.taskType, meanCorrectness: p.meanCorrectness! })),
      y: 'meanCorrectness',
      yTitle: 'mean correctness',
      series: 'taskType',
      unitInterval: true,
    },
    {
      name: 'format-rate',
      title: 'Format rate',
      rows: present(byEpoch, 'formatRate').map((p) => ({ epoch: p.epoch, formatRate: p.formatRate! })),
      y: 'formatRate',
      yTitle: 'share of well-formed episodes',
      unitInterval: true,
    },
    {
      name: 'episode-length',
      title: 'Episode length (mean tokens)',
      rows: present(byEpoch, 'meanTokens').map((p) => ({ epoch: p.epoch, meanTokens: p.meanTokens! })),
      y: 'meanTokens',
      yTitle: 'mean tokens per episode',
    },
    {
      name: 'assistant-turns',
      title: 'Turns per episode (mean assistant turns)',
      rows: present(byEpoch, 'meanAssistantTurns').map((p) => ({ epoch: p.epoch, meanAssistantTurns: p.meanAssistantTurns! })),
      y: 'meanAssistantTurns',
      yTitle: 'mean assistant turns',
    },
    {
      name: 'tool-error-rate',
      title: 'Tool error rate',
      rows: present(byEpoch, 'toolErrorRate').map((p) => ({ epoch: p.epoch, toolErrorRate: p.toolErrorRate! })),
      y: 'toolErrorRate',
      yTitle: 'tool errors / tool calls',
      unitInterval: true,
    },
    {
      name: 'trainer-loss',
      title: 'Trainer loss',
      rows: data.trainer.filter((t) => 'loss' in t.metrics).map((t) => ({ epoch: t.epoch, loss: t.metrics.loss })),
      y: 'loss',
      yTitle: 'loss',
    },
  ];
  return charts.filter((c) => c.rows.length > 0).map((c) => ({ name: c.name, title: c.title, spec: lineChartSpec(c) }));
}

function present<T, K extends keyof T>(points: T[], key: K): T[] {
  return points.filter((p) => p[key] !== null && p[key] !== undefined);
}

function lineChartSpec(chart: LineChart): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: chart.title,
    width: 560,
    height: 280,
    background: 'white',
    data: { values: chart.rows },
    mark: { type: 'line', point: true },
    encoding: {
      // Epochs are whole numbers: integer ticks only.
      x: { field: 'epoch', type: 'quantitative', title: 'RL epoch', axis: { format: 'd', tickMinStep: 1 } },
      y: {
        field: chart.y,
        type: 'quantitative',
        title: chart.yTitle,
        ...(chart.unitInterval ? { scale: { domain: [0, 1] } } : {}),
      },
      // Biomni task type names are long; the default 160 px label limit would cut them.
      ...(chart.series ? { color: { field: chart.series, type: 'nominal', title: 'task type', legend: { labelLimit: 320 } } } : {}),
    },
    config: { font: CHART_FONT },
  };
}
