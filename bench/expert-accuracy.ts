// The scripted expert's accuracy per task type at two noise levels, through TaskEnvironment
// directly (no Temporal). Usage:
//   HELIX_DATABASE_URL=postgres://… npx tsx bench/expert-accuracy.ts [--tasks 50] [--split test] [--types a,b]
// The knowledge base must be loaded (`helixrl kb load`).
import { openDatabase } from '../db/client';
import { listTaskTypes } from '../env/registry';
import { runExpertEpisode } from '../env/run-expert';
import type { Split } from '../env/types';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}

const url = process.env.HELIX_DATABASE_URL ?? process.env.DATABASE_URL;
if (!url) throw new Error('set HELIX_DATABASE_URL to a database with the KB loaded');
const database = openDatabase(url);
const count = Number(arg('tasks', '50'));
const split = arg('split', 'test') as Split;
const only = arg('types', '').split(',').filter(Boolean);
const noises = [0, 0.3];
const rows: string[] = ['| task type | tasks | accuracy @ noise 0 | accuracy @ noise 0.3 | format ok @ 0.3 | mean turns @ 0 | generate s |', '|---|---|---|---|---|---|---|'];
for (const taskType of listTaskTypes().filter((t) => !only.length || only.includes(t.name))) {
  const t0 = Date.now();
  const tasks = await taskType.generate({ seed: 1, count, split, ctx: { db: database.db } });
  const genSeconds = (Date.now() - t0) / 1000;
  const cells: string[] = [];
  let formatOk = 0;
  let turns = 0;
  for (const noise of noises) {
    let correct = 0;
    for (const task of tasks) {
      const episode = await runExpertEpisode(taskType, task, { db: database.db }, noise);
      correct += episode.correctness;
      if (noise === 0) turns += episode.turns;
      else formatOk += episode.formatOk ? 1 : 0;
    }
    cells.push(tasks.length ? (correct / tasks.length).toFixed(3) : 'n/a');
  }
  const n = tasks.length || 1;
  rows.push(`| ${taskType.name} | ${tasks.length} | ${cells[0]} | ${cells[1]} | ${(formatOk / n).toFixed(3)} | ${(turns / n).toFixed(2)} | ${genSeconds.toFixed(2)} |`);
  console.error(rows.at(-1));
}
console.log(rows.join('\n'));
await database.close();
