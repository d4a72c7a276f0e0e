// Episodes per second through the whole durable path: a Temporal dev server on a SQLite file,
// the four queues' Workers in this process, and the scripted expert on gene_location (two turns).
// Turn by turn, an episode is six activities and one child workflow; whole (as collection runs
// it), one activity and one child workflow. Prints the rate for each setting, measured in one run:
//   DATABASE_URL=postgres://… (knowledge base loaded) npx tsx bench/episode-throughput.ts [episodes=300]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../infra/config';
import { startDevServer, DEV_SERVER_SQLITE_PRAGMAS } from '../infra/temporal-dev-server';
import { openDatabase } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { startQueueWorkers } from '../cli/run-workers';
import { startRollouts } from '../client/rollouts';
import { QUEUE_NAMES } from '../temporal.config';

const episodes = Number(process.argv[2] ?? 300);
const pragmas = `HelixRL's pragmas (${DEV_SERVER_SQLITE_PRAGMAS.join(', ')})`;
const settings: Array<{ label: string; pragmas: string[]; whole: boolean }> = [
  { label: 'SQLite defaults (rollback journal, fsync on every commit), turn by turn', pragmas: [], whole: false },
  { label: `${pragmas}, turn by turn`, pragmas: [...DEV_SERVER_SQLITE_PRAGMAS], whole: false },
  { label: `${pragmas}, whole episodes`, pragmas: [...DEV_SERVER_SQLITE_PRAGMAS], whole: true },
];

const database = openDatabase(process.env.DATABASE_URL!);
await applyMigrations(database);
const rates: number[] = [];
for (const [i, setting] of settings.entries()) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'helix-throughput-'));
  const server = await startDevServer({ port: 17233 + i, uiPort: 18233 + i, headless: true, dbFile: path.join(dir, 'temporal.sqlite'), sqlitePragmas: setting.pragmas });
  const config = loadConfig({ TEMPORAL_ADDRESS: server.address, DATABASE_URL: process.env.DATABASE_URL! });
  const workers = await startQueueWorkers(config, server.address, database, [...QUEUE_NAMES]);
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const started = performance.now();
  const handle = await startRollouts(client, config, {
    runId: `throughput-${Date.now()}`,
    taskType: 'gene_location',
    split: 'train',
    tasks: episodes,
    groupSize: 1,
    seed: 1,
    policy: { kind: 'expert', noise: 0 },
    temperature: 0,
    wholeScriptedEpisodes: setting.whole,
  });
  const summary = await handle.result();
  const seconds = (performance.now() - started) / 1000;
  rates.push(summary.episodes.length / seconds);
  console.log(`${setting.label}: ${summary.episodes.length} episodes in ${seconds.toFixed(1)} s = ${rates.at(-1)!.toFixed(1)} episodes/s`);
  await connection.close();
  workers.shutdown();
  await workers.done;
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`ratio, pragmas over SQLite defaults: ${(rates[1] / rates[0]).toFixed(2)}x`);
console.log(`ratio, whole episodes over turn by turn: ${(rates[2] / rates[1]).toFixed(2)}x`);
await database.close();
process.exit(0);
