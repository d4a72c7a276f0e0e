// How `helixrl eval` decodes: greedily by default (one episode per task, as the run's own
// evaluations), or k samples per task at a temperature. Checked before anything starts, so a
// mistyped flag is named rather than spent on an evaluation (plain Errors: the CLI prints their
// message alone).
import type { EvaluationDecoding } from '../workflows/training-types';

/** A flag's number, or an error that names the flag, what it takes and what it got. */
function flagNumber(flag: string, raw: string, valid: (n: number) => boolean, takes: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !valid(n)) throw new Error(`${flag} must be ${takes} (got '${raw}').`);
  return n;
}

/** Undefined for greedy decoding; the flags as given on the command line otherwise. */
export function evaluationDecoding(flags: { temperature: string; samples: string; topP: string }): EvaluationDecoding | undefined {
  const temperature = flagNumber('--temperature', flags.temperature, (t) => t >= 0 && t <= 5, 'a number from 0 (greedy) to 5');
  const samples = flagNumber('--samples', flags.samples, (k) => Number.isInteger(k) && k >= 1, 'a whole number of episodes per task, 1 or more');
  const topP = flagNumber('--top-p', flags.topP, (p) => p > 0 && p <= 1, 'a number above 0 and at most 1');
  if (temperature === 0) {
    if (samples > 1) {
      throw new Error(`--samples ${samples} at temperature 0 would play the same greedy episode ${samples} times; add --temperature (e.g. 0.7) to sample, or leave --samples out.`);
    }
    if (topP < 1) throw new Error(`--top-p ${topP} has no effect at temperature 0 (greedy); add --temperature (e.g. 0.7) to sample.`);
    return undefined;
  }
  return { temperature, topP, samplesPerTask: samples };
}

/** The default row label's suffix: which decoding the figures come from, e.g. '-t0.7x4'. */
export function decodingSuffix(decoding: EvaluationDecoding | undefined): string {
  if (!decoding) return '';
  return `-t${decoding.temperature}x${decoding.samplesPerTask}${decoding.topP < 1 ? `p${decoding.topP}` : ''}`;
}
