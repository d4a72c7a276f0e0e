// Reads from a workflow's event history which turns it generated and which observations it wrote.
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';

export async function historyTurns(client: Client, workflowId: string): Promise<{ assistantTurns: number[]; observationTurns: number[] }> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const scheduled = new Map<string, { type: string; input: any }>();
  const assistantTurns: number[] = [];
  const observationTurns: number[] = [];
  for (const event of history.events ?? []) {
    const attrs = event.activityTaskScheduledEventAttributes;
    if (attrs) {
      const input = defaultPayloadConverter.fromPayload(attrs.input!.payloads![0]);
      scheduled.set(String(event.eventId), { type: attrs.activityType!.name!, input });
    }
    const done = event.activityTaskCompletedEventAttributes;
    if (done) {
      const { type, input } = scheduled.get(String(done.scheduledEventId))!;
      const result: any = defaultPayloadConverter.fromPayload(done.result!.payloads![0]);
      // A context-full answer writes no turn: the episode ended there.
      if (type === 'generateTurn' && !result.contextFull) assistantTurns.push(result.turnIndex);
      if ((type === 'envStep' || type === 'recordToolFailure') && result.wroteObservation) observationTurns.push(input.observationTurn);
      // A scripted expert's whole episode: its assistant turns from index 2 on, each followed by
      // its observation, but for the solution that ended it.
      if (type === 'runScriptedEpisode') {
        for (let i = 0; i < result.assistantTurns; i++) {
          assistantTurns.push(2 + 2 * i);
          if (i < result.assistantTurns - 1 || result.status !== 'completed') observationTurns.push(3 + 2 * i);
        }
      }
    }
  }
  return { assistantTurns, observationTurns };
}

/** Every activity attempt in a workflow's history that timed out: its activity type and failure message. */
export async function timedOutAttempts(client: Client, workflowId: string, runId?: string): Promise<Array<{ activity: string; message: string }>> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const scheduled = new Map<string, string>();
  const attempts: Array<{ activity: string; message: string }> = [];
  for (const event of history.events ?? []) {
    const attributes = event.activityTaskScheduledEventAttributes;
    if (attributes) scheduled.set(String(event.eventId), attributes.activityType?.name ?? '?');
    // A timed-out attempt that is retried shows only as the next attempt's last failure.
    const attempt = event.activityTaskTimedOutEventAttributes ?? event.activityTaskStartedEventAttributes;
    const failure = event.activityTaskTimedOutEventAttributes?.failure ?? event.activityTaskStartedEventAttributes?.lastFailure;
    if (attempt && failure?.timeoutFailureInfo) attempts.push({ activity: scheduled.get(String(attempt.scheduledEventId)) ?? '?', message: failure.message ?? '?' });
  }
  return attempts;
}

/** The inputs of every activity of one type that a workflow scheduled, in order. */
export async function scheduledInputs(client: Client, workflowId: string, activityType: string): Promise<any[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .map((event) => event.activityTaskScheduledEventAttributes)
    .filter((attributes) => attributes?.activityType?.name === activityType)
    .map((attributes) => defaultPayloadConverter.fromPayload(attributes!.input!.payloads![0]));
}

/** The type of every activity a workflow scheduled, in order (a retried attempt is not scheduled again). */
export async function scheduledActivityTypes(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
}
