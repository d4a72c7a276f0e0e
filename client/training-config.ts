// A training run's configuration: YAML on disk, overrides from the command line, checked with zod
// before anything starts. The defaults are the demo's: a small model that trains on 2 CPU cores.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PROMPT_STYLES } from '../env/system-prompt';
import type { TrainingRunConfig } from '../workflows/training-types';

const positiveInt = z.number().int().min(1);

/** How often the expert answers from memory what it knows by heart: a share, not a switch. */
const recallRate = z
  .number({ error: 'expected how often the expert answers from memory, from 0 (never) to 1 (always), e.g. 0.5' })
  .min(0)
  .max(1);

export const trainingRunConfigSchema = z
  .object({
    runId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, ".", "_" and "-" only, e.g. demo-1'),
    seed: z.number().int().min(0),
    taskTypes: z.array(z.string().min(1)).min(1),
    collect: z
      .object({
        policy: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('expert'), noise: z.number().min(0).max(1), recall: recallRate.optional() }).strict(),
          z.object({ kind: z.literal('openai'), model: z.string().min(1) }).strict(),
        ]),
        tasksPerType: positiveInt,
        samplesPerTask: positiveInt,
      })
      .strict(),
    model: z
      .object({
        hiddenSize: positiveInt,
        layers: positiveInt,
        heads: positiveInt,
        vocabSize: z.number().int().min(300),
        maxPositions: z.number().int().min(128),
        keySmear: z.boolean(),
      })
      .strict()
      .refine((m) => m.hiddenSize % m.heads === 0, { message: 'hiddenSize must be divisible by heads', path: ['hiddenSize'] }),
    sft: z
      .object({
        steps: z.number().int().min(0),
        batchSize: positiveInt,
        learningRate: z.number().positive().max(1),
        /** The share of the steps, at the end, over which the rate falls linearly to a tenth; 0 keeps it constant. */
        decayFraction: z.number().min(0).max(1),
        /** Share of assistant input tokens swapped for another token of the transcript (noisy teacher forcing); 0 trains on clean inputs. */
        inputNoise: z.number({ error: 'expected the share of assistant input tokens to swap, from 0 (none) to 0.5' }).min(0).max(0.5, 'above 0.5 the student reads more noise than transcript; use 0 to 0.5 (0.1 raised the format rate; see bench/RL-OVER-SFT.md)'),
        /** Where the noise starts, as a share of the steps: 0 from the first step, 0.75 in the last quarter only. */
        inputNoiseFrom: z.number().min(0).max(1, 'expected a share of the SFT steps, from 0 to 1'),
      })
      .strict(),
    rl: z
      .object({
        epochs: z.number().int().min(0),
        tasksPerEpoch: positiveInt,
        groupSize: z.number().int().min(2, 'GRPO needs at least 2 episodes per task'),
        miniBatchSize: positiveInt,
        epsLow: z.number().min(0).max(1),
        epsHigh: z.number().min(0).max(10),
        normalizeStd: z.boolean(),
        dynamicSampling: z.boolean(),
        greedyMember: z.boolean(),
        maxStaleness: z.number().int().min(0).max(1, 'only 0 (on-policy) or 1 (one batch ahead) is supported'),
        hyperparameters: z
          .object({
            learningRate: z.number().positive().max(1),
            temperature: z.number().min(0).max(5),
            topP: z.number().positive().max(1),
            klCoef: z.number().min(0).max(10),
          })
          .strict(),
        validation: z
          .object({
            everyEpochs: z.number().int().min(0),
            tasksPerType: positiveInt,
            keep: z.enum(['last', 'best']),
          })
          .strict()
          .refine((v) => v.keep === 'last' || v.everyEpochs > 0, {
            message: "keep 'best' picks among validated versions, and none are validated with everyEpochs 0; set rl.validation.everyEpochs ≥ 1 (e.g. 2), or keep 'last'",
            path: ['keep'],
          }),
      })
      .strict(),
    episode: z
      .object({
        maxTurns: positiveInt,
        maxTokens: z.number().int().min(64),
        maxNewTokens: z.number().int().min(8),
        promptStyle: z.enum(PROMPT_STYLES),
      })
      .strict(),
    evaluation: z.object({ tasksPerType: positiveInt, seed: z.number().int().min(0) }).strict(),
    formatWeight: z.number().min(0),
  })
  .strict();

export const DEFAULT_TRAINING_CONFIG: TrainingRunConfig = {
  runId: 'demo',
  seed: 1,
  // One tool call with a short argument (the gene symbol), then the band it returns: learnable by
  // the small model in the demo's budget (sequence_qa asks it to copy 60–240 bases; see the notes
  // of issue 5). 4000 expert episodes keep ~3050 after rejection sampling: more distinct symbols
  // teach the student a better copy than 1500 did (SFT +0.010 to +0.050, RL +0.005 to +0.045 over
  // seeds 1–3, bench/RL-OVER-SFT.md), and collecting them takes ~2 min since collection runs each
  // expert episode as one activity. Held-out correctness climbs steeply from 400 to 600 SFT steps
  // of 8 (0.41 → 0.58–0.80 by seed, bench/recipe-probe.ts), so 800 leave a margin. The whole demo
  // took 11–13 min on 2 cores on one host and 22–31 min on a host where SFT steps ran ~1.8×
  // slower (README).
  // SFT's learning rate is 3e-3, not 5e-3: at 5e-3 (and 8e-3) seed 3's SFT never found the copy
  // circuit (loss stuck near 1.0 for 800 steps, held-out correctness 0.000), at 3e-3 the same
  // data and initial weights drop through it at steps 240–440 (loss 0.10 by step 700). Its last
  // quarter decays linearly to a tenth: +0.07 held-out correctness over seeds 1, 4, 5 of the probe
  // (0.750/0.765/0.725 at a constant rate, 0.770/0.840/0.850 with the decay).
  //
  // The expert answers from memory, 6 times in 10 (`recall: 0.6`), the genes it knows by heart, as
  // the frontier LLM it stands in for would: it looks up some of what it knows, not all. The student
  // imitates the guesses without the memory, and RL teaches it to look those genes up. With a rate
  // below 1 the student guesses some of those questions and looks up others, so RL's groups split
  // (16–21 of 32 per epoch in the probe at 0.5, against 7–8 when the expert always recalls). An
  // expert that always looks up gave a student that scores higher (SFT 0.825–0.860) and that RL
  // leaves as it is (RL − SFT −0.010 to +0.005). RL's settings are the ones that moved the recall
  // student most: a greedy member per group, sampling at temperature 1.0, a KL term, and a format
  // weight of 0.2, so a guess (well-formed, wrong) earns far less than a lookup.
  //
  // Two turns, a lookup and the answer. The environment's last-turn notice then closes every lookup
  // transcript, and the expert's mended slips (a miscopied symbol the tool refuses, answered from
  // memory where it knows the gene) show the student an answer after a tool error: episodes that
  // end with no answer after one fell from 0.085–0.115 to 0.015–0.035 of the RL model's, and RL's
  // format rate rose from 0.84–0.88 to 0.88–0.93. With the notice alone (no slip in the SFT data)
  // the student met its first tool error with a loop of repeated characters: format 0.80.
  //
  // Noisy teacher forcing in SFT's last quarter (`sft.inputNoise: 0.1` from `inputNoiseFrom: 0.75`):
  // a tenth of the assistant tokens the student reads are swapped for other tokens of the
  // transcript, the targets unchanged, so it learns to go on copying after a wrong token instead
  // of looping on it (`<think>Look up TWWWW…`, 8–17 of the RL models' 200 first messages without
  // it, 1–3 with it). Throughout SFT the noise cost the copy RL's gain is made of (RL − SFT +0.100 /
  // +0.100 / +0.035); after the copy has formed (steps 240–440) it costs little.
  //
  // RL draws 48 tasks an epoch, not 32: on the registry data's seed 1, 32 left 36 of the SFT
  // student's 50 guesses in two runs (RL − SFT +0.040 both times) and 48 left 18 (+0.110). On the
  // mirror's seeds 32 already reached the guesses, and 48 gave +0.155 / +0.135 / +0.100 against
  // +0.180 / +0.165 / +0.140, RL format 0.97 / 0.96 / 0.97; RL takes ~5.5 min instead of ~3.8
  // (bench/RL-OVER-SFT.md).
  taskTypes: ['gene_location'],
  collect: { policy: { kind: 'expert', noise: 0.15, recall: 0.6 }, tasksPerType: 4000, samplesPerTask: 1 },
  model: { hiddenSize: 96, layers: 3, heads: 4, vocabSize: 768, maxPositions: 1024, keySmear: true },
  sft: { steps: 800, batchSize: 8, learningRate: 3e-3, decayFraction: 0.25, inputNoise: 0.1, inputNoiseFrom: 0.75 },
  rl: {
    epochs: 6,
    tasksPerEpoch: 48,
    groupSize: 4,
    miniBatchSize: 32,
    epsLow: 0.2,
    epsHigh: 0.28,
    normalizeStd: true,
    dynamicSampling: true,
    greedyMember: true,
    maxStaleness: 1,
    hyperparameters: { learningRate: 1e-3, temperature: 1.0, topP: 1, klCoef: 0.05 },
    // Off by default: validating costs episodes the demo's time budget does not have.
    validation: { everyEpochs: 0, tasksPerType: 50, keep: 'last' },
  },
  episode: { maxTurns: 2, maxTokens: 512, maxNewTokens: 48, promptStyle: 'compact' },
  evaluation: { tasksPerType: 200, seed: 99 },
  formatWeight: 0.2,
};

export class TrainingConfigError extends Error {
  override name = 'TrainingConfigError';
}

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Deep-merges `override` into `base` (arrays and scalars replace). An object that names another
 * `kind` than the base's is another variant (collect.policy: expert → openai) and replaces it
 * whole: the expert's `noise` has no place in an openai policy.
 */
export function mergeConfig<T>(base: T, override: unknown): T {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override as T;
  if ('kind' in override && override.kind !== base.kind) return override as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override)) out[key] = mergeConfig(out[key], value);
  return out as T;
}

/** `rl.epochs=3` → { rl: { epochs: 3 } }; values are parsed as YAML scalars (numbers, booleans, lists). */
export function parseOverride(assignment: string): Record<string, unknown> {
  const at = assignment.indexOf('=');
  if (at <= 0) throw new TrainingConfigError(`Override '${assignment}' must look like key.path=value, e.g. rl.epochs=3.`);
  const path = assignment.slice(0, at).split('.');
  let value: unknown = parseYaml(assignment.slice(at + 1));
  for (const key of path.reverse()) value = { [key]: value };
  return value as Record<string, unknown>;
}

export function validateTrainingConfig(candidate: unknown, source: string): TrainingRunConfig {
  const result = trainingRunConfigSchema.safeParse(candidate);
  if (result.success) return result.data as TrainingRunConfig;
  const lines = result.error.issues.map((issue) => {
    const extra = issue.code === 'unrecognized_keys' ? ` (unknown keys: ${issue.keys.join(', ')})` : '';
    return `  - ${issue.path.join('.') || '(root)'}: ${issue.message}${extra}`;
  });
  throw new TrainingConfigError(`Invalid training config (${source}):\n${lines.join('\n')}`);
}

export function loadTrainingConfig(file: string | undefined, overrides: string[] = []): TrainingRunConfig {
  let config: unknown = DEFAULT_TRAINING_CONFIG;
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new TrainingConfigError(`Cannot read the training config '${file}': ${(error as Error).message}.`);
    }
    config = mergeConfig(config, parseYaml(text));
  }
  for (const assignment of overrides) config = mergeConfig(config, parseOverride(assignment));
  return validateTrainingConfig(config, [file ?? 'defaults', ...overrides.map((o) => `--set ${o}`)].join(' + '));
}
