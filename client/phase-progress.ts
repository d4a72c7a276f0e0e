// What a run is doing inside its phase, for the progress line: how many episodes of the current
// batch have settled (collection, an epoch's rollouts, an evaluation), or SFT's step and loss.
// Read from Temporal alone: each batch's progress query and the trainer's last heartbeat. Best
// effort: a detail that cannot be read now (a batch that has just closed, a query behind a busy
// worker) is left out, and the next poll asks again.
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { epochRolloutsId } from '../workflows/epoch';
import { evaluationId, evaluationRolloutsId } from '../workflows/evaluation';
import { rolloutsProgressQuery } from '../workflows/training-control';
import type { RunProgress, SftHeartbeat } from '../workflows/training-types';
import type { RolloutsProgress } from '../workflows/types';
import { runHandle } from './training';

type Description = temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse;

export async function phaseDetail(client: Client, progress: RunProgress): Promise<string | undefined> {
  if (!['running', 'paused', 'stopping'].includes(progress.status)) return undefined;
  try {
    const run = (await runHandle(client, progress.runId).describe()).raw;
    switch (progress.phase) {
      case 'collect': {
        const batches = await Promise.all(openChildren(run, 'rollouts').map((id) => batchProgress(client, id)));
        return episodesText(sumOf(batches.filter((b): b is RolloutsProgress => b !== undefined)));
      }
      case 'sft': {
        const beat = lastHeartbeat<Partial<SftHeartbeat>>(client, run, 'sftTrain');
        return beat?.steps ? `step ${beat.stepsDone}/${beat.steps}, loss ${beat.loss?.toFixed(3)}` : undefined;
      }
      case 'rl': {
        const [open] = openChildren(run, 'epoch');
        if (open === undefined) return undefined;
        const current = await batchProgress(client, epochRolloutsId(progress.runId, progress.epoch));
        if (current) return `epoch ${progress.epoch}: ${episodesText(current)}`;
        const epoch = (await client.workflow.getHandle(open).describe()).raw;
        if (!(epoch.pendingActivities ?? []).some((a) => a.activityType?.name === 'policyStep')) return undefined;
        // Its batch is in and the trainer is updating; the next batch may be sampling already.
        const next = await batchProgress(client, epochRolloutsId(progress.runId, progress.epoch + 1));
        return `epoch ${progress.epoch}: training${next ? `; next batch ${episodesText(next)}` : ''}`;
      }
      case 'eval': {
        const [open] = openChildren(run, 'evaluation');
        const label = open?.slice(evaluationId(progress.runId, '').length);
        const batch = label === undefined ? undefined : await batchProgress(client, evaluationRolloutsId(progress.runId, label));
        return batch ? `${label} model: ${episodesText(batch)}` : undefined;
      }
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

/** A batch's progress while it runs; undefined before it starts or once it has closed (a query then would replay it whole). */
async function batchProgress(client: Client, workflowId: string): Promise<RolloutsProgress | undefined> {
  const handle = client.workflow.getHandle(workflowId);
  const status = await handle.describe().then((d) => d.status.name, () => undefined);
  if (status !== 'RUNNING') return undefined;
  const progress = await handle.query(rolloutsProgressQuery);
  return progress.total > 0 ? progress : undefined;
}

function openChildren(run: Description, workflowType: string): string[] {
  return (run.pendingChildren ?? []).filter((c) => c.workflowTypeName === workflowType).map((c) => c.workflowId ?? '');
}

function lastHeartbeat<T>(client: Client, run: Description, activityType: string): T | undefined {
  const activity = (run.pendingActivities ?? []).find((a) => a.activityType?.name === activityType);
  const payload = activity?.heartbeatDetails?.payloads?.[0];
  return payload ? client.options.loadedDataConverter.payloadConverter.fromPayload<T>(payload as never) : undefined;
}

function sumOf(batches: RolloutsProgress[]): RolloutsProgress | undefined {
  if (batches.length === 0) return undefined;
  return batches.reduce((a, b) => ({ done: a.done + b.done, total: a.total + b.total, failed: a.failed + b.failed }));
}

/** `episodes 812/1500 (3 failed)`: how far a batch has got. */
export function episodesText(progress: RolloutsProgress): string;
export function episodesText(progress: RolloutsProgress | undefined): string | undefined;
export function episodesText(progress: RolloutsProgress | undefined): string | undefined {
  if (!progress) return undefined;
  return `episodes ${progress.done}/${progress.total}${progress.failed ? ` (${progress.failed} failed)` : ''}`;
}
