// The demo's recipe without Temporal, to try settings in minutes: expert collection with
// rejection sampling → SFT → greedy evaluation → GRPO epochs → greedy evaluation, on the same
// env/ and policy/ code the workers run. Settings come from environment variables, e.g.
//   DATABASE_URL=postgres://… TASKS=gene_location COMPACT=1 SFT_STEPS=100 SFT_LR=3e-3 \
//   EPOCHS=6 TPE=8 GROUP=8 MB=8 RL_LR=5e-4 RL_TEMPERATURE=0.7 EVAL=40 npx tsx bench/recipe-probe.ts
// (KIND keeps one question kind; RECALL=0.5 lets the expert answer half of what it knows by heart from memory,
// for gene_location the genes whose symbol has ≤ 5 characters (collect.policy.recall);
// FORMAT_W weighs the format reward in RL; KL adds a KL term to the SFT policy; GREEDY_MEMBER=1
// decodes each group's first episode greedily (its turns report log-probabilities at
// RL_TEMPERATURE, as in the workers);
// SHOW=n prints n failed transcripts, each after its question; EVAL_EVERY=n evaluates every n
// epochs; DATABASE_URL must hold a loaded knowledge base for KB task types.)
// Each evaluation also prints two signs of whether the model reads the task at all:
//   copied args  episodes whose first tool call has every string argument verbatim in the task
//                prompt (for gene_location: the question's gene symbol);
//   tool errors  episodes with a failed tool call (e.g. a miscopied symbol that names no gene).
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getTaskType } from '../env/registry';
import { TaskEnvironment } from '../env/environment';
import { parseAssistantMessage } from '../env/agent-format';
import { runExpertEpisode } from '../env/run-expert';
import { weightFailedActions } from '../env/imitation';
import { promptOf } from '../env/tasks/expert-kit';
import type { Task, TaskType } from '../env/types';
import { openDatabase } from '../db/client';
import { AGENT_STOP_STRINGS, GradientPool, buildBuiltinTokenizer, builtinConfigFor, chatTokenizerOf, createBuiltinModel, createTrainer, exportModelFolder, loadCheckpoint, saveCheckpoint, mulberry32, OnnxPolicyEngine, rolloutToPolicySequence, stableDecayLearningRate, inputNoiseAt, inputNoiseRng, withInputNoise, type ChatMessage } from '../policy';
import { groupAdvantages, groupByTask } from '../workflows/advantages';

const E = (k: string, d: string) => process.env[k] ?? d;
const N = (k: string, d: number) => Number(process.env[k] ?? d);
const seed = N('SEED', 1);
const taskNames = E('TASKS', 'database_qa').split(',');
const promptStyle = E('COMPACT', '0') === '1' ? 'compact' : 'full';
const database = openDatabase(process.env.DATABASE_URL!);
const ctx = { db: database.db };
const t0 = Date.now();
const log = (...a: unknown[]) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0)}s]`, ...a);


const types = taskNames.map(getTaskType);
async function tasksOf(split: 'train' | 'test', count: number, s: number) {
  const out: Array<{ tt: TaskType; task: Task }> = [];
  for (const tt of types) for (const task of await tt.generate({ seed: s, count: process.env.KIND ? count * 3 : count, split, ctx })) if (!process.env.KIND || [task.meta.kind, task.meta.questionKind].includes(process.env.KIND)) out.push({ tt, task });
  return out.slice(0, count * types.length);
}

// TERSE=1: the expert's thoughts no longer restate the symbol or the band ("Look up X." →
// "Look up its band."), so each is copied once, straight into the call or the answer.
function terse(transcript: ChatMessage[]): ChatMessage[] {
  return transcript.map((m) => m.role !== 'assistant' ? m : { ...m, content: m.content
    .replace(/<think>Look up [^<]*<\/think>(?=<execute>)/, '<think>Look up its band.</think>')
    .replace(/<think>[^<]* is at [^<]*<\/think>(?=<solution>)/, '<think>The tool gave it.</think>') });
}
// Collect.
const collectTasks = await tasksOf('train', N('COLLECT', 48), seed);
const sft: ChatMessage[][] = [];
const seen = new Set<string>();
for (const { tt, task } of collectTasks) for (let k = 0; k < N('SAMPLES', 2); k++) {
  const { transcript, formatOk, correctness } = await runExpertEpisode(tt, task, ctx, 0.15, k, N('MAXTURNS', 4), promptStyle, N('RECALL', 0));
  const key = JSON.stringify(transcript);
  if (formatOk && correctness === 1 && !seen.has(key)) { seen.add(key); sft.push(weightFailedActions(process.env.TERSE === '1' ? terse(transcript) : transcript)); }
}
log('sft sample', sft[0]?.filter((m) => m.role === 'assistant').map((m) => m.content).join(' || '));
log('sft examples', sft.length, 'of', collectTasks.length * N('SAMPLES', 2));

// SFT_CKPT=dir: load the SFT model from there when it exists (to try RL settings without
// repeating SFT), else save it there after SFT.
const sftCheckpoint = process.env.SFT_CKPT;
const reuseSft = sftCheckpoint !== undefined && existsSync(path.join(sftCheckpoint, 'config.json'));
const tokenizer = buildBuiltinTokenizer(sft.flatMap((t) => t.map((m) => m.content)), { vocabSize: N('VOCAB', 768), maxPositions: N('MAXPOS', 1024) });
const config = builtinConfigFor(tokenizer, { hiddenSize: N('HIDDEN', 96), layers: N('LAYERS', 3), heads: N('HEADS', 4), vocabSize: N('VOCAB', 768), maxPositions: N('MAXPOS', 1024), keySmear: process.env.KEY_SMEAR !== '0' } as any);
const trainer = reuseSft ? await loadCheckpoint(sftCheckpoint!) : await createTrainer(createBuiltinModel(config, tokenizer, seed));
const chat = chatTokenizerOf(trainer.model.tokenizer);
// As the trainer activity does: transcripts longer than the context are left out.
const seqs = sft.map((t) => chat.toTrainingSequence(t)).filter((q) => q.ids.length <= N('MAXPOS', 1024));
log('mean tokens', Math.round(seqs.reduce((a, s) => a + s.ids.length, 0) / seqs.length), 'params', [...trainer.model.weights.values()].reduce((a, w) => a + w.length, 0));

const dir = mkdtempSync(path.join(os.tmpdir(), 'probe-'));
let version = 0;
async function engineNow() {
  const d = path.join(dir, `v${version++}`);
  await exportModelFolder(trainer.snapshot(), d);
  return new OnnxPolicyEngine({ modelDir: d, executionProvider: 'cpu', maxBatch: 16, maxWaitMs: 5, log: () => {} });
}
const maxTokens = N('MAXPOS', 1024);
async function episode(engine: OnnxPolicyEngine, tt: TaskType, task: Task, temperature: number, s: number, logprobTemperature?: number) {
  const env = new TaskEnvironment(tt, task, ctx, promptStyle);
  const messages = env.init();
  const turns: Array<{ tokenIds: number[]; logprobs: number[] }> = [];
  let malformed = 0, correctness = 0, solved = false, toolError = false;
  for (let turn = 0; turn < N('MAXTURNS', 4); turn++) {
    const promptLen = chat.encodePrompt(messages).length;
    const maxNew = Math.min(N('MAXNEW', 120), maxTokens - promptLen - 1);
    if (maxNew < 8) break;
    const r = await engine.generate({ messages, sampling: { temperature, logprobTemperature, topP: 1, maxNewTokens: maxNew, seed: s * 100 + turn, stop: AGENT_STOP_STRINGS } });
    messages.push({ role: 'assistant', content: r.text });
    turns.push({ tokenIds: r.tokenIds, logprobs: r.logprobs });
    const st = await env.step(r.text, N('MAXTURNS', 4) - turn - 1);
    if (st.action === 'malformed') malformed++;
    if (st.toolError) toolError = true;
    if (st.done) { correctness = st.correctness ?? 0; solved = true; break; }
    messages.push({ role: 'user', content: st.observation });
  }
  const formatOk = solved && malformed === 0;
  return { messages, turns, correctness, formatOk, toolError, reward: correctness + (formatOk ? N('FORMAT_W', 1) : 0) };
}
function firstCallCopiesPrompt(messages: ChatMessage[]): boolean {
  const prompt = messages.find((m) => m.role === 'user')?.content ?? '';
  const first = messages.find((m) => m.role === 'assistant');
  const action = first ? parseAssistantMessage(first.content) : undefined;
  if (action?.kind !== 'execute') return false;
  return Object.values(action.args).every((v) => typeof v !== 'string' || prompt.includes(v));
}
/** How episodes chose their first tool, and how each choice fared: which strategies RL shifts. */
function firstToolSummary(res: Array<{ messages: ChatMessage[]; correctness: number }>): string {
  const by = new Map<string, { n: number; correct: number }>();
  for (const r of res) {
    const first = r.messages.find((m) => m.role === 'assistant');
    const action = first ? parseAssistantMessage(first.content) : undefined;
    const key = action?.kind === 'execute' ? action.tool : action?.kind ?? 'none';
    const slot = by.get(key) ?? { n: 0, correct: 0 };
    slot.n++; slot.correct += r.correctness;
    by.set(key, slot);
  }
  return [...by].map(([k, v]) => `${k} ${v.n} (${(v.correct / v.n).toFixed(2)})`).join(', ');
}
const testTasks = await tasksOf('test', N('EVAL', 40), 99);
async function evaluate(label: string) {
  const engine = await engineNow();
  // EVAL_TEMPERATURE=t EVAL_SAMPLES=k: k sampled episodes per question instead of one greedy one
  // (mean correctness is then pass@1 at t, as RL papers that sample at evaluation report it).
  const k = N('EVAL_SAMPLES', 1), temperature = N('EVAL_TEMPERATURE', 0);
  const res = await Promise.all(testTasks.flatMap(({ tt, task }, i) => Array.from({ length: k }, (_, j) => episode(engine, tt, task, temperature, i + 1000 * j))));
  await engine.close?.();
  const c = res.reduce((a, r) => a + r.correctness, 0) / res.length, f = res.filter((r) => r.formatOk).length / res.length;
  const toolErrors = res.filter((r) => r.toolError).length / res.length;
  const copiedArgs = res.filter((r) => firstCallCopiesPrompt(r.messages)).length / res.length;
  const recovered = res.filter((r) => r.toolError && r.correctness > 0).length;
  const closed = res.filter((r) => r.toolError && r.formatOk).length;
  log(`EVAL ${label}: correctness ${c.toFixed(3)} format ${f.toFixed(2)} copied args ${copiedArgs.toFixed(2)} tool errors ${toolErrors.toFixed(2)}, recovered ${recovered}, closed well-formed ${closed} (n=${res.length})`);
  log(`  by first tool: ${firstToolSummary(res)}`);
  if (process.env.SHOW) for (const r of res.filter((r) => !r.formatOk || !r.correctness).slice(0, N('SHOW', 6))) {
    const question = promptOf(r.messages).split(/(?<=\?)/)[0];
    console.log('FAIL>>', `[${question}]`, r.messages.slice(2).filter((m) => m.role === 'assistant').map((m) => m.content).join(' || '));
  }
  return { c, f };
}


trainer.optimizer.options.lr = N('SFT_LR', 3e-3);
const rng = mulberry32(seed);
const noiseRng = inputNoiseRng(seed); // INPUT_NOISE=r INPUT_NOISE_FROM=f: sft.inputNoise, sft.inputNoiseFrom
const sftSteps = reuseSft ? N('MORE_SFT', 0) : N('SFT_STEPS', 60);
let sftTok = 0; const ts = Date.now();
const sftPool = await GradientPool.start(trainer, N('SFT_THREADS', os.availableParallelism()));
// The demo's schedule (sft.decayFraction): SFT_DECAY_FROM=600 keeps the rate until that step, then
// lowers it linearly to SFT_DECAY_TO (a tenth) of it.
const sftSchedule = { steps: sftSteps, learningRate: trainer.optimizer.options.lr, decaySteps: sftSteps - N('SFT_DECAY_FROM', sftSteps), finalFraction: N('SFT_DECAY_TO', 0.1) };
for (let step = 0; step < sftSteps; step++) {
  trainer.optimizer.options.lr = stableDecayLearningRate(step, sftSchedule);
  const batch = Array.from({ length: N('SFT_BATCH', 4) }, () => withInputNoise(seqs[rng.int(seqs.length)], inputNoiseAt(step, sftSteps, N('INPUT_NOISE', 0), N('INPUT_NOISE_FROM', 0)), noiseRng));
  sftTok += batch.reduce((a, s) => a + s.ids.length, 0);
  const { loss } = await sftPool.sftStep(trainer, batch);
  if (process.env.SFT_EVAL_EVERY && (step + 1) % N('SFT_EVAL_EVERY', 100) === 0 && step + 1 < sftSteps) await evaluate(`sft step ${step + 1}`);
  if (step % 20 === 0 || step === sftSteps - 1) log('sft step', step, 'loss', loss.toFixed(3), 'tok/s', Math.round(sftTok / ((Date.now() - ts) / 1000)));
}
await sftPool.close();

if (sftCheckpoint && !reuseSft) await saveCheckpoint(trainer, sftCheckpoint);
if (reuseSft && N('MORE_SFT', 0) > 0) {
  if (process.env.SFT_CKPT_OUT) await saveCheckpoint(trainer, process.env.SFT_CKPT_OUT);
  await evaluate('sft checkpoint + more');
}
const sftEval = await evaluate('sft');
trainer.optimizer.options.lr = N('RL_LR', 5e-4);
trainer.rlOptions = { ...trainer.rlOptions, epsLow: 0.2, epsHigh: 0.28, klCoef: N('KL', 0), temperature: N('RL_TEMPERATURE', 1), aggregation: E('AGG', 'token-mean') as 'token-mean' };
if (N('KL', 0) > 0) trainer.setReferencePolicy();
const trainTasks = await tasksOf('train', 400, seed + 1);
const trng = mulberry32(seed + 7);
for (let epoch = 0; epoch < N('EPOCHS', 3); epoch++) {
  const engine = await engineNow();
  // FIXED_TASKS=1 trains every epoch on the same tasks: a check that RL can at least fit them.
  let picked = Array.from({ length: N('TPE', 4) * (process.env.HARD ? 4 : 1) }, (_, i) => (process.env.FIXED_TASKS ? trainTasks[i] : trainTasks[trng.int(trainTasks.length)]));
  // HARD=1: draw four times the tasks, decode each greedily and keep those the greedy answer gets
  // wrong: the groups then sit where evaluation loses points.
  if (process.env.HARD) {
    const greedy = await Promise.all(picked.map(({ tt, task }, i) => episode(engine, tt, task, 0, i)));
    picked = picked.filter((_, i) => greedy[i].correctness === 0).slice(0, N('TPE', 4));
    log(`epoch ${epoch}: ${picked.length} tasks the greedy policy fails`);
  }
  const eps: any[] = [];
  await Promise.all(picked.flatMap(({ tt, task }, ti) => Array.from({ length: N('GROUP', 4) }, async (_, g) => {
    // GREEDY_MEMBER=1: each group's first episode decodes greedily, so the group's rewards say
    // where the greedy answer (the one evaluation scores) loses to a sample (self-critical).
    const groupTemperature = N('RL_TEMPERATURE', 1);
    const temperature = process.env.GREEDY_MEMBER && g === 0 ? 0 : groupTemperature;
    const e = await episode(engine, tt, task, temperature, epoch * 10000 + ti * 100 + g, groupTemperature);
    eps.push({ ...e, episodeId: `${epoch}-${ti}-${g}`, taskId: `${ti}` });
  })));
  await engine.close?.();
  const { advantages: raw } = groupAdvantages(groupByTask(eps), { normalizeStd: E('STD', '1') === '1', dropUniformGroups: true });
  // NEG=λ scales negative advantages (0: learn from the better-than-average episodes only).
  const advantages = raw.map((a) => ({ ...a, advantage: a.advantage < 0 ? a.advantage * N('NEG', 1) : a.advantage })).filter((a) => a.advantage !== 0);
  const byId = new Map(eps.map((e) => [e.episodeId, e]));
  if (process.env.HIST) {
    const hist = new Array(N('GROUP', 4) + 1).fill(0);
    for (const g of groupByTask(eps)) hist[g.episodes.filter((x) => byId.get(x.episodeId).correctness > 0).length]++;
    log(`epoch ${epoch} groups by successes 0..G: ${hist.join(' ')}`);
  }
  if (process.env.SHOW_POS) for (const e of eps.filter((x) => x.correctness > 0).slice(0, N('SHOW_POS', 5))) {
    const texts = e.turns.map((t: { tokenIds: number[] }) => t.tokenIds.map((id) => chat.decode([id], false)).join('|'));
    const canonical = e.messages.filter((m: ChatMessage) => m.role === 'assistant').map((m: ChatMessage) => chat.encode(m.content).map((id) => chat.decode([id], false)).join('|'));
    console.log('POS>>', texts.join(' || '), texts.join() === canonical.join() ? '(canonical)' : `\n   canonical: ${canonical.join(' || ')}`);
  }
  const sequences = advantages.map(({ episodeId, advantage }) => {
    const e = byId.get(episodeId);
    const msgs = [...e.messages]; while (msgs[msgs.length - 1].role !== 'assistant') msgs.pop();
    return rolloutToPolicySequence(chat, { messages: msgs, turns: e.turns, advantage });
  }).filter((s) => s.ids.length <= maxTokens);
  const order = Array.from(sequences.keys()).sort(() => trng.next() - 0.5);
  const mb = N('MB', 8); const tr0 = Date.now();
  // PPO=k passes over the epoch's sequences (clipping keeps later passes near the behaviour policy).
  for (let pass = 0; pass < N('PPO', 1); pass++) {
    if (pass > 0) order.sort(() => trng.next() - 0.5);
    for (let i = 0; i < order.length; i += mb) trainer.policyStep(order.slice(i, i + mb).map((j) => sequences[j]));
  }
  const mc = eps.reduce((a, e) => a + e.correctness, 0) / eps.length, mf = eps.filter((e) => e.formatOk).length / eps.length;
  log(`  rollouts by first tool: ${firstToolSummary(eps)}`);
  const errs = eps.filter((e) => e.toolError), rec = errs.filter((e) => e.correctness > 0).length;
  // Closed: ended well-formed with a solution after the error, the format reward's gene-agnostic part.
  const closed = errs.filter((e) => e.formatOk).length;
  log(`  rollouts with a tool error ${errs.length}, recovered ${rec}, closed well-formed ${closed}`);
  log(`epoch ${epoch}: rollout correctness ${mc.toFixed(3)} format ${mf.toFixed(2)} trained ${sequences.length} seqs in ${((Date.now() - tr0) / 1000).toFixed(1)}s`);
  if (process.env.EVAL_EVERY && (epoch + 1) % N('EVAL_EVERY', 1) === 0) await evaluate(`rl epoch ${epoch}`);
}
const rlEval = await evaluate('rl');
log(`RESULT sft ${sftEval.c.toFixed(3)}/${sftEval.f.toFixed(2)} rl ${rlEval.c.toFixed(3)}/${rlEval.f.toFixed(2)} delta ${(rlEval.c - sftEval.c).toFixed(3)}`);
await database.close();
process.exit(0);
