// Picks the next token from one row of logits: greedy at temperature 0, otherwise
// temperature then nucleus (top-p) sampling from a seeded generator. The returned
// log-probability is log softmax(logits / T), before top-p renormalisation: the quantity the
// trainer recomputes for importance ratios. A greedy pick reports it at `greedyLogprobTemperature`
// (1 unless told): a greedy member of a GRPO group is scored at the group's temperature.

import type { Rng } from '../util/rng';

export interface Pick {
  token: number;
  logprob: number;
}

function logSumExp(x: Float32Array, scale: number): number {
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] > max) max = x[i];
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.exp((x[i] - max) * scale);
  return max * scale + Math.log(sum);
}

/** log softmax(logits / temperature)[token]. */
export function tokenLogprob(logits: Float32Array, token: number, temperature = 1): number {
  const scale = 1 / (temperature > 0 ? temperature : 1);
  return logits[token] * scale - logSumExp(logits, scale);
}

export function sampleToken(logits: Float32Array, temperature: number, topP: number, rng: Rng, greedyLogprobTemperature = 1): Pick {
  if (temperature <= 0) {
    let best = 0;
    for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
    return { token: best, logprob: tokenLogprob(logits, best, greedyLogprobTemperature) };
  }
  const scale = 1 / temperature;
  const lse = logSumExp(logits, scale);
  const probs = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) probs[i] = Math.exp(logits[i] * scale - lse);
  let order: number[];
  let mass = 1;
  if (topP < 1) {
    // Smallest set of most likely tokens whose mass reaches topP.
    order = Array.from(probs.keys()).sort((a, b) => probs[b] - probs[a] || a - b);
    let cum = 0;
    let keep = 0;
    while (keep < order.length && cum < topP) cum += probs[order[keep++]];
    order = order.slice(0, Math.max(keep, 1));
    mass = cum;
  } else {
    order = Array.from(probs.keys());
  }
  let u = rng.next() * mass;
  let token = order[order.length - 1];
  for (const i of order) {
    u -= probs[i];
    if (u < 0) {
      token = i;
      break;
    }
  }
  return { token, logprob: logits[token] * scale - lse };
}
