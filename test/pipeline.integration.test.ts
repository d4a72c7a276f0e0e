// The whole pipeline, shrunk: collect → rejection sampling → SFT → RL epochs → evaluation, on a
// real Temporal server and PostgreSQL, with the built-in model trained and served for real.
import { describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { getTranscript, listEpisodes } from '../db/episode-store';
import { getTaskType } from '../env/registry';
import { systemPrompt } from '../env/system-prompt';
import { getEvaluations, getPolicyVersion, getRun, getSftExamples } from '../db/training-store';
import { epochMetrics, tasks } from '../db/schema';
import { startTraining } from '../client/training';
import { smallRunConfig } from './support/small-run';
import { useTestStack } from './support/stack';
import { configEnv } from './support/temporal';
import { spawnHelix } from './support/processes';
import { scheduledInputs } from './support/history';
import { loadPhaseTimes } from '../report/phase-times';
import { bestValidated } from '../workflows/validation';

const stack = useTestStack({
  // Two SFT threads whatever the machine: the run's SFT goes through the gradient pool's worker.
  env: { HELIX__ACTIVITIES__GENERATE__STARTTOCLOSETIMEOUT: '60s', HELIX__TRAINER__SFTTHREADS: '2' },
  queues: ['orchestrator', 'inference', 'tools', 'trainer'],
});

describe('training run, shrunk', () => {
  it('collects, SFTs, runs RL epochs and evaluates, registering every version', async () => {
    const { client, config, database } = stack;
    const run = smallRunConfig('run-pipeline');
    const startedAt = Date.now();
    const handle = await startTraining(client, config, run);
    const progress = await handle.result();
    const finishedAt = Date.now();

    expect(progress.phase).toBe('done');
    expect(progress.status).toBe('completed');
    expect((await getRun(database.db, 'run-pipeline'))?.status).toBe('completed');

    // Rejection sampling kept only correct, well-formed, distinct expert transcripts.
    const examples = await getSftExamples(database.db, 'run-pipeline');
    const collected = (await listEpisodes(database.db, { runId: 'run-pipeline' })).filter((e) => e.epoch === -1);
    expect(collected).toHaveLength(10);
    expect(examples.length).toBeGreaterThan(0);
    expect(examples.length).toBe(collected.filter((e) => e.correctness === 1 && e.formatOk).length);

    for (const version of ['run-pipeline/base', 'run-pipeline/sft', 'run-pipeline/rl-001', 'run-pipeline/rl-002']) {
      expect(await getPolicyVersion(database.db, version), version).toBeDefined();
    }
    expect((await getPolicyVersion(database.db, 'run-pipeline/sft'))?.metrics).toMatchObject({ threads: 2 });
    const epochs = await database.db.select().from(epochMetrics).where(eq(epochMetrics.runId, 'run-pipeline'));
    expect(epochs.map((e) => [e.rolloutVersion, e.trainedVersion]).sort()).toEqual([
      ['run-pipeline/rl-001', 'run-pipeline/rl-002'],
      ['run-pipeline/sft', 'run-pipeline/rl-001'],
    ]);

    // Every RL episode records the policy version that produced it, and was sampled by the engine.
    const rlEpisodes = (await listEpisodes(database.db, { runId: 'run-pipeline' })).filter((e) => e.epoch >= 0);
    expect(rlEpisodes).toHaveLength(2 * 2 * 2);
    expect(new Set(rlEpisodes.filter((e) => e.epoch === 0).map((e) => e.policyVersion))).toEqual(new Set(['run-pipeline/sft']));
    expect(new Set(rlEpisodes.filter((e) => e.epoch === 1).map((e) => e.policyVersion))).toEqual(new Set(['run-pipeline/rl-001']));

    // The run's prompt style (the demo's 'compact') reaches every episode: collection, RL and evaluation.
    expect(run.episode.promptStyle).toBe('compact');
    const sampleIds = [collected[0], rlEpisodes[0], ...(await listEpisodes(database.db, { runId: 'run-pipeline.eval-rl' }))].map((e) => e.id);
    expect(sampleIds).toHaveLength(2 + 2);
    for (const id of sampleIds) {
      const [system] = await getTranscript(database.db, id);
      expect(system.content, id).toBe(systemPrompt(getTaskType('sequence_qa'), 'compact'));
    }

    const evaluations = await getEvaluations(database.db, 'run-pipeline');
    expect(new Set(evaluations.map((e) => e.label))).toEqual(new Set(['untrained', 'sft', 'rl']));
    expect(progress.evaluations.map((e) => e.label)).toEqual(['untrained', 'sft', 'rl']);
    // Each evaluation's tool-error rate is the share of its episodes with a failed tool call.
    for (const row of evaluations) {
      const evaluated = await listEpisodes(database.db, { runId: `run-pipeline.eval-${row.label}` });
      expect(evaluated.length, row.label).toBeGreaterThan(0);
      expect(row.toolErrorRate, row.label).toBeCloseTo(evaluated.filter((e) => e.toolErrors > 0).length / evaluated.length, 6);
    }

    // The report's time per phase: every phase, in order, back to back, inside the run's wall time.
    const phases = await loadPhaseTimes(database.db, 'run-pipeline');
    expect(phases.map((p) => p.phase)).toEqual(['collect', 'sft', 'rl', 'eval']);
    expect(phases[0].startedAt.getTime()).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(phases.at(-1)!.finishedAt.getTime()).toBeLessThanOrEqual(finishedAt + 1000);
    for (const [i, p] of phases.entries()) {
      expect(p.minutes, p.phase).toBeGreaterThan(0);
      if (i > 0) expect(p.startedAt, p.phase).toEqual(phases[i - 1].finishedAt);
    }
  });

  it('validates on the val split during RL and keeps the best validated version as its RL model', async () => {
    const { client, config, database } = stack;
    const run = smallRunConfig('run-validated', { rl: { validation: { everyEpochs: 1, tasksPerType: 2, keep: 'best' } } });
    const progress = await (await startTraining(client, config, run)).result();
    expect(progress.status).toBe('completed');

    // One validation after each epoch, of the version that epoch trained, on val tasks.
    expect(progress.validations?.map((v) => [v.epoch, v.policyVersion])).toEqual([
      [1, 'run-validated/rl-001'],
      [2, 'run-validated/rl-002'],
    ]);
    const recorded = (await getEvaluations(database.db, 'run-validated')).filter((e) => e.split === 'val');
    expect(recorded.map((e) => e.label).sort()).toEqual(['val-epoch-1', 'val-epoch-2']);
    for (const point of progress.validations!) {
      const played = await listEpisodes(database.db, { runId: `run-validated.eval-val-epoch-${point.epoch}` });
      expect(played).toHaveLength(2);
      expect(new Set(played.map((e) => e.policyVersion))).toEqual(new Set([point.policyVersion]));
      const splits = await database.db.select({ split: tasks.split }).from(tasks).where(inArray(tasks.id, played.map((e) => e.taskId)));
      expect(new Set(splits.map((t) => t.split))).toEqual(new Set(['val']));
      expect(point.meanCorrectness).toBeCloseTo(played.reduce((sum, e) => sum + (e.correctness ?? 0), 0) / played.length, 6);
    }

    // The RL row of the table is the best validated version (on a tie the earlier: rl-001 here
    // unless rl-002 validated strictly better), not simply the last one trained.
    const best = bestValidated(progress.validations!)!;
    expect(progress.evaluations.find((e) => e.label === 'rl')?.policyVersion).toBe(best.policyVersion);
    const [first, second] = progress.validations!;
    const strictlyBetter = second.meanCorrectness > first.meanCorrectness || (second.meanCorrectness === first.meanCorrectness && second.formatRate > first.formatRate);
    expect(best.policyVersion).toBe(strictlyBetter ? 'run-validated/rl-002' : 'run-validated/rl-001');

    // Validation time is RL's: evaluation starts after the last validation.
    const phases = await loadPhaseTimes(database.db, 'run-validated');
    const lastValidation = recorded.reduce((at, e) => (e.createdAt > at ? e.createdAt : at), new Date(0));
    expect(phases.find((p) => p.phase === 'rl')?.finishedAt).toEqual(lastValidation);
  });

  it('evaluates and samples a registered version from the command line, and names one that is not', async () => {
    const env = configEnv(stack.config);
    const cli = spawnHelix(['eval', '--policy', 'run-pipeline/sft', '--split', 'test', '--tasks', '2', '--label', 'cli'], env);
    expect(await cli.exited, cli.output()).toBe(0);
    expect(cli.output()).toMatch(/task type\s+cli: correct \(format\)\n[- ]+\nsequence_qa\s+\d\.\d{3} \(\d\.\d{2}\)/);
    const recorded = (await getEvaluations(stack.database.db, 'run-pipeline')).filter((e) => e.label === 'cli');
    expect(recorded.map((e) => [e.policyVersion, e.taskType, e.episodes])).toEqual([['run-pipeline/sft', 'sequence_qa', 2]]);

    // Two versions one after the other under one label: each plays its own episodes, not the
    // ones stored under that label before.
    for (const version of ['base', 'sft']) {
      const each = spawnHelix(['eval', '--policy', `run-pipeline/${version}`, '--tasks', '2', '--label', 'again'], env);
      expect(await each.exited, each.output()).toBe(0);
      const episodesRun = /Episodes: helixrl episodes --run (\S+)/.exec(each.output())?.[1];
      const played = await listEpisodes(stack.database.db, { runId: episodesRun! });
      expect(played.map((e) => e.policyVersion)).toEqual([`run-pipeline/${version}`, `run-pipeline/${version}`]);
    }
    // Without --label, the version and split name the row: it replaces no other model's.
    const unlabelled = spawnHelix(['eval', '--policy', 'run-pipeline/base', '--tasks', '2'], env);
    expect(await unlabelled.exited, unlabelled.output()).toBe(0);
    expect(unlabelled.output()).toMatch(/task type\s+base-test: correct \(format\)/);
    const rows = await getEvaluations(stack.database.db, 'run-pipeline');
    expect(rows.filter((e) => ['again', 'base-test'].includes(e.label)).map((e) => [e.label, e.policyVersion]).sort()).toEqual([
      ['again', 'run-pipeline/sft'],
      ['base-test', 'run-pipeline/base'],
    ]);

    // Sampled evaluation: k episodes per task at a temperature, under a label that says so.
    const sampledEval = spawnHelix(['eval', '--policy', 'run-pipeline/sft', '--tasks', '2', '--temperature', '0.9', '--samples', '3'], env);
    expect(await sampledEval.exited, sampledEval.output()).toBe(0);
    expect(sampledEval.output()).toMatch(/task type\s+sft-test-t0\.9x3: correct \(format\)/);
    const sampledRun = /Episodes: helixrl episodes --run (\S+)/.exec(sampledEval.output())?.[1];
    const sampledPlayed = await listEpisodes(stack.database.db, { runId: sampledRun! });
    expect(sampledPlayed).toHaveLength(6);
    expect(new Set(sampledPlayed.map((e) => e.taskId)).size).toBe(2);
    const turnsAsked = (await Promise.all(sampledPlayed.map((e) => scheduledInputs(stack.client, e.id, 'generateTurn')))).flat();
    expect(turnsAsked.length).toBeGreaterThanOrEqual(6);
    expect(new Set(turnsAsked.map((turn) => turn.sampling.temperature))).toEqual(new Set([0.9]));
    const sampledRow = (await getEvaluations(stack.database.db, 'run-pipeline')).filter((e) => e.label === 'sft-test-t0.9x3');
    expect(sampledRow.map((e) => e.episodes)).toEqual([6]);
    const greedyTwice = spawnHelix(['eval', '--policy', 'run-pipeline/sft', '--samples', '3'], env);
    expect(await greedyTwice.exited).toBe(1);
    expect(greedyTwice.output()).toMatch(/helixrl: --samples 3 at temperature 0 would play the same greedy episode 3 times; add --temperature/);

    // A registered version plays a batch of training tasks the way its run shaped episodes.
    const sampled = spawnHelix(['rollouts', '--policy', 'run-pipeline/sft', '--run', 'cli-sampled', '--tasks', '2', '--group', '2'], env);
    expect(await sampled.exited, sampled.output()).toBe(0);
    expect(sampled.output()).toMatch(/Started run 'cli-sampled': 2 sequence_qa tasks × 2 episodes by run-pipeline\/sft/);
    const sampledEpisodes = await listEpisodes(stack.database.db, { runId: 'cli-sampled' });
    expect(sampledEpisodes.map((e) => e.policyVersion)).toEqual(Array(4).fill('run-pipeline/sft'));
    const [sampledSystem] = await getTranscript(stack.database.db, sampledEpisodes[0].id);
    expect(sampledSystem.content).toBe(systemPrompt(getTaskType('sequence_qa'), 'compact'));
    const unknown = spawnHelix(['rollouts', '--policy', 'run-pipeline/rl-999'], env);
    expect(await unknown.exited).toBe(1);
    expect(unknown.output()).toMatch(/helixrl: Policy version 'run-pipeline\/rl-999' is not registered/);

    // The run's own rows are not for ad-hoc evaluations to replace.
    const before = await getEvaluations(stack.database.db, 'run-pipeline');
    const clash = spawnHelix(['eval', '--policy', 'run-pipeline/base', '--tasks', '2', '--label', 'sft'], env);
    expect(await clash.exited).toBe(1);
    expect(clash.output()).toMatch(/helixrl: --label 'sft' names the run's own evaluation of its sft model, which this one would replace\. Choose another --label, or leave it out \('base-test'\)\./);
    const validationClash = spawnHelix(['eval', '--policy', 'run-pipeline/base', '--tasks', '2', '--label', 'val-epoch-3'], env);
    expect(await validationClash.exited).toBe(1);
    expect(validationClash.output()).toMatch(/helixrl: --label 'val-epoch-3' names the run's validation after epoch 3, which this one would replace\. Choose another --label/);
    expect(await getEvaluations(stack.database.db, 'run-pipeline')).toEqual(before);

    const missing = spawnHelix(['eval', '--policy', 'run-pipeline/rl-999'], env);
    expect(await missing.exited).toBe(1);
    expect(missing.output()).toMatch(/helixrl: Policy version 'run-pipeline\/rl-999' is not registered: run 'run-pipeline' has run-pipeline\/rl-002 as its latest\./);
  });
});
