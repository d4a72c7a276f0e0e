// `helixrl kb load`: the pulled data lake into the PostgreSQL knowledge base, idempotently.
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../infra/config';
import { dataDirOf } from '../../infra/stack';
import type { Database } from '../../db/client';
import { applyMigrations } from '../../db/migrate';
import { loadedDatasets, loadKnowledgeBase } from '../../env/kb/load';
import { taskTypeAvailability } from '../../env/availability';

const splitList = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);

export function register(program: Command, deps: { openDatabase: () => Promise<Database> }): void {
  const kb = program.command('kb').description('the knowledge base (PostgreSQL)');
  kb.command('load')
    .description('load the data lake into PostgreSQL (skips datasets whose files are unchanged)')
    .option('--task-types <list>', 'comma-separated task types (default: all)', splitList)
    .option('--data <dir>', 'data-lake directory (default: <dataDir>/data)')
    .option('--data-dir <dir>', 'HelixRL data directory (default: dataDir of temporal.config.ts, or $HELIX_DATA_DIR)')
    .option('--force', 'reload even when unchanged')
    .action(async (opts) => {
      const database = await deps.openDatabase();
      try {
        await applyMigrations(database);
        const report = await loadKnowledgeBase(database.db, {
          dataDir: resolve(opts.data ?? join(opts.dataDir ?? dataDirOf(loadConfig()), 'data')),
          taskTypes: opts.taskTypes,
          force: opts.force,
          onEvent: (e) => {
            if (e.kind === 'loaded') console.log(`loaded    ${e.dataset}: ${e.rows.toLocaleString('en')} rows in ${e.seconds.toFixed(1)} s`);
            else if (e.kind === 'unchanged') console.log(`unchanged ${e.dataset}`);
            else console.log(`skipped   ${e.dataset}: ${e.reason}`);
          },
        });
        console.log(`knowledge base ready in ${report.seconds.toFixed(1)} s`);
        const { runnable, skipped } = taskTypeAvailability(await loadedDatasets(database.db), opts.taskTypes);
        console.log(`task types ready: ${runnable.join(', ') || 'none'}`);
        for (const s of skipped) console.log(`task type skipped: ${s.taskType} (${s.reason})`);
        // A script that loads and then trains must stop here, not at its first task.
        const missing = opts.taskTypes ? skipped.map((s) => s.taskType) : runnable.length === 0 ? ['any task type'] : [];
        if (missing.length > 0) {
          const pull = `helixrl data pull${opts.taskTypes ? ` --task-types ${missing.join(',')}` : ''}`;
          throw new Error(`The knowledge base cannot serve ${missing.join(', ')}: its data is not in the data directory. Run '${pull}', then 'helixrl kb load' again.`);
        }
      } finally {
        await database.close();
      }
    });
}
