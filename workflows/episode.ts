// One multi-turn attempt at one task: generate → act (tool call or solution) → observe → … → reward.
// The workflow holds ids and counters only; the turns themselves live in PostgreSQL.
import { ActivityFailure, proxyActivities, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { EpisodeActivities } from '../activities/episode-activities';
import { activityOptions } from './activity-options';
import { EPOCH, POLICY_VERSION, REWARD, RUN, STATUS, TASK_TYPE } from './search-attributes';
import type { EpisodeInput, EpisodeOutcome, GeneratedTurn, StepOutcome } from './types';

export async function episode(input: EpisodeInput): Promise<EpisodeOutcome> {
  const { runtime, limits } = input;
  const { generateTurn } = proxyActivities<EpisodeActivities>(activityOptions(runtime.activities.generate, runtime.queues.inference));
  const toolOptions = activityOptions(runtime.activities.toolCall, runtime.queues.tools);
  const { envStep } = proxyActivities<EpisodeActivities>(toolOptions);
  // Two tries, then the per-turn path, which handles a failing tool step by step.
  const { runScriptedEpisode } = proxyActivities<EpisodeActivities>({ ...toolOptions, retry: { ...toolOptions.retry, maximumAttempts: 2 } });
  const { startEpisode, recordToolFailure, finishEpisode } = proxyActivities<EpisodeActivities>(
    activityOptions(runtime.activities.persistence, runtime.queues.tools),
  );

  upsertSearchAttributes([
    { key: RUN, value: input.runId },
    { key: TASK_TYPE, value: input.taskType },
    { key: EPOCH, value: input.epoch },
    { key: POLICY_VERSION, value: input.policyVersion },
    { key: STATUS, value: 'running' },
  ]);

  if (input.wholeScriptedEpisode && input.policy.kind === 'expert') {
    try {
      const whole = await runScriptedEpisode.executeWithOptions({ summary: 'scripted expert: the whole episode' }, [input]);
      upsertSearchAttributes([
        { key: STATUS, value: whole.status },
        { key: REWARD, value: whole.reward },
      ]);
      return whole;
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      // A tool kept failing or hanging; it wrote nothing. Turn by turn, the expert hears of it.
    }
  }

  const started = await startEpisode(input);
  let turn = started.nextTurn;
  let tokens = started.tokens;
  let assistantTurns = 0;
  let status: EpisodeOutcome['status'] = 'truncated';
  let correctness = 0;

  while (assistantTurns < limits.maxTurns && tokens < limits.maxTokens) {
    const generated: GeneratedTurn = await generateTurn.executeWithOptions({ summary: `turn ${assistantTurns + 1}: generate` }, [
      {
        episodeId: input.episodeId,
        taskType: input.taskType,
        turnIndex: turn,
        policy: input.policy,
        sampling: { ...input.sampling, maxNewTokens: Math.min(input.sampling.maxNewTokens, limits.maxTokens - tokens) },
      },
    ]);
    // The transcript outgrew the model's context: the episode ends here, truncated.
    if (generated.contextFull) break;
    assistantTurns++;
    tokens = generated.contextTokens;
    turn++;

    const step = { episodeId: input.episodeId, assistantTurn: generated.turnIndex, observationTurn: turn, turnsLeft: limits.maxTurns - assistantTurns };
    let outcome: StepOutcome;
    try {
      outcome = await envStep.executeWithOptions({ summary: `turn ${assistantTurns}: ${describeAction(generated)}` }, [step]);
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      // The retry policy gave up (a tool kept failing or hanging): the model hears about it.
      const message = error.cause?.message ?? error.message;
      outcome = await recordToolFailure.executeWithOptions({ summary: `turn ${assistantTurns}: tool failed` }, [{ ...step, message }]);
    }
    if (outcome.wroteObservation) {
      turn++;
      tokens += outcome.observationTokens;
    }
    setCurrentDetails(`${assistantTurns}/${limits.maxTurns} turns, ${tokens}/${limits.maxTokens} tokens, last: ${describeAction(generated)}`);
    if (outcome.done) {
      status = 'completed';
      correctness = outcome.correctness ?? 0;
      break;
    }
  }

  const result = await finishEpisode.executeWithOptions({ summary: `${status}: score and reward` }, [
    { episodeId: input.episodeId, status, correctness, tokens, formatWeight: input.formatWeight },
  ]);
  upsertSearchAttributes([
    { key: STATUS, value: result.status },
    { key: REWARD, value: result.reward },
  ]);
  return result;
}

function describeAction(turn: GeneratedTurn): string {
  if (turn.action === 'execute') return `call ${turn.tool}`;
  if (turn.action === 'solution') return 'answer';
  return 'malformed message';
}
