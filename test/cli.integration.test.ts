// The `helixrl` command as a user runs it: clear errors for bad configuration and unreachable
// servers, and the embedded stack (`helixrl up`) serving a batch from another process, then
// shutting down cleanly on Ctrl-C, and cleaning up after a predecessor that was killed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from './support/database';
import { freePort } from './support/ports';
import { scratchDir } from './support/scratch';
import { spawnHelix, waitForOutput } from './support/processes';
import { isAlive } from '../infra/orphaned-server';

async function run(args: string[], env: Record<string, string>) {
  const proc = spawnHelix(args, env);
  const code = await proc.exited;
  return { code, output: proc.output() };
}

describe('helixrl start-up errors', () => {
  it('names an unreachable Temporal server, where it looked and the fix', async () => {
    const { code, output } = await run(['worker', '--queue', 'tools'], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(code).toBe(1);
    expect(output).toMatch(/Cannot reach the Temporal server at 127\.0\.0\.1:1 \(from TEMPORAL_ADDRESS/);
    expect(output).toMatch(/Fix: start one with 'helixrl up'/);
  });

  it('names an unreachable database', async () => {
    const { code, output } = await run(['worker', '--queue', 'tools'], {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      DATABASE_URL: 'postgres://helix:secret@127.0.0.1:1/helix',
    });
    expect(code).toBe(1);
    expect(output).toMatch(/Cannot reach PostgreSQL at postgres:\/\/helix:\*\*\*@127\.0\.0\.1:1\/helix \(from DATABASE_URL/);
    expect(output).not.toMatch(/secret/);
  });

  it('stops on invalid configuration and unknown queues', async () => {
    const bad = await run(['worker', '--queue', 'tools'], { HELIX__ACTIVITIES__GENERATE__STARTTOCLOSETIMEOUT: 'soon' });
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(/Invalid HelixRL configuration:\n\s+- activities\.generate\.startToCloseTimeout/);
    // A bad training config names the field and the rule, without a stack trace.
    const train = await run(['train', '--set', 'rl.groupSize=1'], {});
    expect(train.code).toBe(1);
    expect(train.output).toMatch(/helixrl: Invalid training config \(defaults \+ --set rl\.groupSize=1\):\n\s+- rl\.groupSize: GRPO needs at least 2/);
    expect(train.output).not.toMatch(/\n\s+at /);
    const queue = await run(['worker', '--queue', 'gpu'], {});
    expect(queue.output).toMatch(/Unknown queue 'gpu'. Use one of orchestrator, inference, tools, trainer/);
  });
});

describe('helixrl on a run that does not exist', () => {
  it('says so and points at helixrl runs, without a stack trace', async () => {
    const database = await createTestDatabase();
    try {
      const env = { TEMPORAL_ADDRESS: inject('temporalAddress'), DATABASE_URL: database.url };
      const expectations: Array<[string[], RegExp]> = [
        [['status', 'nope'], /helixrl: No run 'nope': Temporal has no workflow nope\.train\. 'helixrl runs' lists the runs\./],
        [['pause', 'nope'], /helixrl: Cannot pause run 'nope': no open workflow nope\.train \(the run does not exist or has ended\)/],
        [['set', 'nope', '--lr', '0.1'], /helixrl: Cannot update run 'nope': no open workflow nope\.train/],
        [['sft-export', 'nope'], /helixrl: No run 'nope' in this database\. 'helixrl runs' lists the runs\./],
      ];
      for (const [args, message] of expectations) {
        const { code, output } = await run(args, env);
        expect(code, args.join(' ')).toBe(1);
        expect(output, args.join(' ')).toMatch(message);
        expect(output, args.join(' ')).not.toMatch(/\n\s+at /);
      }
    } finally {
      await database.close();
    }
  });
});

describe('helixrl data pull and kb load', () => {
  it('use the configured data directory (HELIX_DATA_DIR) unless told another; kb load fails before the pull', async () => {
    const database = await createTestDatabase();
    try {
      const env = { HELIX_DATA_DIR: scratchDir('datadir'), DATABASE_URL: database.url };
      const early = await run(['kb', 'load', '--task-types', 'screen_gene_retrieval'], env);
      expect(early.code, early.output).toBe(1);
      expect(early.output).toMatch(/cannot serve screen_gene_retrieval.*Run 'helixrl data pull --task-types screen_gene_retrieval'/);
      const mirror = process.env.HELIX_DATA_MIRROR ?? join(__dirname, '../../shared/data');
      const pull = await run(['data', 'pull', '--task-types', 'screen_gene_retrieval', '--mirror', mirror, '--no-registries', '--offline'], env);
      expect(pull.code, pull.output).toBe(0);
      expect(pull.output).toContain(`data in ${join(env.HELIX_DATA_DIR, 'data')}`);
      expect(existsSync(join(env.HELIX_DATA_DIR, 'data', 'bagel_CEGv2.txt'))).toBe(true);
      const load = await run(['kb', 'load', '--task-types', 'screen_gene_retrieval'], env);
      expect(load.code, load.output).toBe(0);
      expect(load.output).toMatch(/loaded {4}bagel: /);
      expect(load.output).toMatch(/task types ready: screen_gene_retrieval/);
    } finally {
      await database.close();
    }
  });
});

/** A data directory and free ports of its own for an embedded stack (`helixrl up`). */
async function embeddedStackEnv() {
  return {
    HELIX_DATA_DIR: scratchDir('up'),
    HELIX__TEMPORAL__DEVSERVERPORT: String(await freePort()),
    HELIX__TEMPORAL__UIPORT: String(await freePort()),
    HELIX__DATABASE__EMBEDDEDPORT: String(await freePort()),
  };
}

describe('helixrl up', () => {
  it('serves episodes started from another process and shuts down cleanly on Ctrl-C', { timeout: 240_000 }, async () => {
    const env = await embeddedStackEnv();
    const up = spawnHelix(['up'], env);
    try {
      await waitForOutput(up, /HelixRL is up/, 120_000);
      expect(up.output()).toMatch(/Web UI: http:\/\/127\.0\.0\.1:\d+/);

      // A second process reaches the embedded Temporal server and PGlite (several connections at once).
      const batch = await run(['rollouts', '--run', 'cli-batch', '--tasks', '4', '--group', '2', '--noise', '0'], env);
      expect(batch.output).toMatch(/mean correctness 1\.000 · format rate 1\.000 · 8 episodes/);
      const listing = await run(['episodes', '--run', 'cli-batch'], env);
      expect(listing.output.match(/completed/g)).toHaveLength(8);
      const again = await run(['rollouts', '--run', 'cli-batch', '--tasks', '2', '--noise', '0.5'], env);
      expect(again.code, again.output).toBe(1);
      expect(again.output).toMatch(/Run 'cli-batch' exists already \(workflow cli-batch\.rollouts\)\. Choose another --run/);

      // Ctrl-C on a command that waits for a batch stops the waiting; the batch goes on.
      const waiting = spawnHelix(['rollouts', '--run', 'cli-left', '--tasks', '12', '--group', '2', '--noise', '0'], env);
      await waitForOutput(waiting, /Started run 'cli-left'/);
      waiting.child.kill('SIGINT');
      expect(await waiting.exited).toBe(1);
      expect(waiting.output()).toMatch(/Stopped waiting; the batch goes on \(workflow cli-left\.rollouts\)\. Its episodes: helixrl episodes --run cli-left/);
      for (let listed = ''; (listed.match(/completed/g) ?? []).length < 24; await new Promise((r) => setTimeout(r, 1000))) {
        listed = (await run(['episodes', '--run', 'cli-left'], env)).output;
      }

      up.child.kill('SIGINT');
      expect(await up.exited).toBe(0);
      expect(up.output()).toMatch(/closing the database and the Temporal server/);
      expect(existsSync(join(env.HELIX_DATA_DIR, 'temporal', 'server.json'))).toBe(false);
    } finally {
      up.child.kill('SIGKILL');
    }
  });

  it('stops the Temporal server that a killed helixrl left running, on its next start', { timeout: 240_000 }, async () => {
    const env = await embeddedStackEnv();
    const record = join(env.HELIX_DATA_DIR, 'temporal', 'server.json');
    const first = spawnHelix(['up'], env);
    let orphan: number | undefined;
    try {
      await waitForOutput(first, /HelixRL is up/, 120_000);
      orphan = (JSON.parse(readFileSync(record, 'utf8')) as { serverPid: number }).serverPid;
      first.child.kill('SIGKILL');
      await first.exited;
      expect(isAlive(orphan)).toBe(true); // its own process group: the kill did not reach it

      const second = spawnHelix(['up'], env);
      try {
        await waitForOutput(second, /HelixRL is up/, 120_000);
        expect(second.output()).toContain(`Stopped a Temporal dev server (pid ${orphan}) that an earlier, killed helixrl left running.`);
        expect(isAlive(orphan)).toBe(false);
        second.child.kill('SIGINT');
        expect(await second.exited).toBe(0);
      } finally {
        second.child.kill('SIGKILL');
      }
    } finally {
      first.child.kill('SIGKILL');
      if (orphan && isAlive(orphan)) process.kill(orphan, 'SIGKILL');
    }
  });
});
