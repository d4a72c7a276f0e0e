// The report page: one self-contained HTML file (inline CSS, inline SVG figures, no scripts, no
// external links), so it opens offline and can be mailed or archived as is.
import type { ReportData } from './data';
import type { Plot } from './charts';
import { evaluationTableCells, type EvaluationTable } from './evaluation-table';
import { outcomeTableCells } from './evaluation-outcomes';
import { describeComparison } from './paired-comparison';

export interface Figure {
  plot: Plot;
  svg: string;
}

export interface PageInput {
  data: ReportData;
  evaluation: EvaluationTable;
  figures: Figure[];
  generatedAt: Date;
}

export function renderHtml({ data, evaluation, figures, generatedAt }: PageInput): string {
  const { run } = data;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>HelixRL report · ${escapeHtml(run.id)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>HelixRL report · run <code>${escapeHtml(run.id)}</code></h1>
${table(
  ['status', 'phase', 'epoch', 'policy version', 'created', 'updated'],
  [[run.status, run.phase, String(run.epoch), run.policyVersion ?? '-', run.createdAt.toISOString(), run.updatedAt.toISOString()]],
)}
<h2>Time per phase</h2>
${phaseSection(data)}
<h2>Evaluation</h2>
${evaluationSection(evaluation)}
${comparisonSection(data)}
<h3>How the evaluation episodes ended</h3>
${outcomeSection(data)}
<h2>Training curves</h2>
${figures.length ? figures.map(figureHtml).join('\n') : '<p class="empty">No RL epoch has finished an episode yet.</p>'}
<h2>Per-epoch summary</h2>
${epochSummary(data)}
<h2>Trainer metrics</h2>
${trainerSection(data)}
<h2>SFT data collection</h2>
${collectionSection(data)}
<h2>Run config</h2>
<pre>${escapeHtml(JSON.stringify(run.config, null, 2))}</pre>
<footer>Generated ${escapeHtml(generatedAt.toISOString())} by <code>helixrl report</code>.</footer>
</body>
</html>
`;
}

function phaseSection({ phases }: ReportData): string {
  if (phases.length === 0) return '<p class="empty">No phase has finished yet.</p>';
  const total = phases.reduce((sum, p) => sum + p.minutes, 0);
  return `<p>Wall-clock minutes from the first expert episode; a pause counts toward the phase it fell in.</p>
${table(
  ['phase', 'started', 'minutes', 'share'],
  [
    ...phases.map((p) => [p.phase, p.startedAt.toISOString(), p.minutes.toFixed(1), total > 0 ? `${Math.round((100 * p.minutes) / total)} %` : '-']),
    ['total', phases[0].startedAt.toISOString(), total.toFixed(1), '100 %'],
  ],
  { lastRowIsTotal: true },
)}`;
}

function evaluationSection(evaluation: EvaluationTable): string {
  if (evaluation.columns.length === 0) return '<p class="empty">No evaluation recorded for this run yet.</p>';
  const { header, rows } = evaluationTableCells(evaluation);
  const models = evaluation.columns.map((c) => `<code>${escapeHtml(c.label)}</code> = ${escapeHtml(c.policyVersion)} on ${escapeHtml(c.split)}`);
  return `<p>Each cell: mean correctness (format rate). The <em>all</em> row is the unweighted mean over task types.</p>
${table(header, rows, { lastRowIsTotal: true })}
<p class="note">${models.join(' · ')}</p>`;
}

function comparisonSection({ rlOverSft }: ReportData): string {
  if (!rlOverSft) return '';
  return `<p class="comparison">Task by task: ${escapeHtml(describeComparison(rlOverSft))}.
The interval covers which test tasks were drawn, not how much another training run would differ.</p>`;
}

function outcomeSection({ outcomes }: ReportData): string {
  if (outcomes.labels.length === 0) return '<p class="empty">No evaluation episodes of this run yet.</p>';
  const { header, rows } = outcomeTableCells(outcomes);
  return `<p>Each cell: the share of the model's evaluation episodes that ended this way (their mean correctness).
An episode counts under the first line that fits; one that never reached an answer scores nothing.
Only the run's own evaluations: a one-off <code>helixrl eval</code> keeps its episodes under a name of its own.</p>
${table(header, rows)}`;
}

function figureHtml({ plot, svg }: Figure): string {
  return `<figure id="${escapeHtml(plot.name)}">
<h3>${escapeHtml(plot.title)}</h3>
${svg}
<figcaption>${escapeHtml(plot.name)}.png</figcaption>
</figure>`;
}

function epochSummary({ byEpoch }: ReportData): string {
  if (byEpoch.length === 0) return '<p class="empty">No RL epochs yet.</p>';
  return table(
    ['epoch', 'episodes', 'format rate', 'mean tokens', 'mean assistant turns', 'tool calls', 'tool errors', 'tool error rate'],
    byEpoch.map((e) => [
      String(e.epoch), String(e.episodes), fixed(e.formatRate, 3), fixed(e.meanTokens, 1), fixed(e.meanAssistantTurns, 2),
      String(e.toolCalls), String(e.toolErrors), fixed(e.toolErrorRate, 3),
    ]),
  );
}

function trainerSection({ trainer }: ReportData): string {
  if (trainer.length === 0) return '<p class="empty">No epoch metrics recorded yet.</p>';
  const keys = [...new Set(trainer.flatMap((t) => Object.keys(t.metrics)))];
  return table(
    ['epoch', 'rollout version', 'trained version', ...keys],
    trainer.map((t) => [String(t.epoch), t.rolloutVersion, t.trainedVersion ?? '-', ...keys.map((k) => fixed(t.metrics[k] ?? null, 4))]),
  );
}

function collectionSection({ collection }: ReportData): string {
  if (collection.length === 0) return '<p class="empty">No expert-collection episodes for this run.</p>';
  return `<p>Expert trajectories collected before SFT (epoch −1); <em>kept</em> counts the rejection-sampled SFT examples.</p>
${table(
  ['task type', 'episodes', 'mean correctness', 'format rate', 'kept for SFT'],
  collection.map((c) => [c.taskType, String(c.episodes), fixed(c.meanCorrectness, 3), fixed(c.formatRate, 2), String(c.keptForSft)]),
)}`;
}

function table(header: string[], rows: string[][], options: { lastRowIsTotal?: boolean } = {}): string {
  const head = `<tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows
    .map((row, i) => {
      const total = options.lastRowIsTotal && i === rows.length - 1 ? ' class="total"' : '';
      return `<tr${total}>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function fixed(value: number | null, digits: number): string {
  return value === null ? '-' : value.toFixed(digits);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
body { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1d2430; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #d6dbe3; padding-bottom: .3rem; }
h3 { font-size: 1rem; margin: 0 0 .4rem; }
table { border-collapse: collapse; margin: .6rem 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #d6dbe3; padding: .3rem .7rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #f1f4f8; }
tr.total td { font-weight: bold; background: #f7f9fb; }
figure { margin: 1.4rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption, .note, footer { color: #5b6575; font-size: .85rem; }
.empty { color: #5b6575; font-style: italic; }
pre { background: #f6f8fa; padding: .8rem; overflow: auto; font-size: .85rem; }
footer { margin-top: 3rem; }
`;
