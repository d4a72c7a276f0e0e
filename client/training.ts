// Starting and steering training runs from a client: the trainingRun workflow's id is derived
// from the run id, so every command finds the run by its name.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { HelixConfig } from '../temporal.config';
import { trainingRun } from '../workflows';
import { pauseSignal, progressQuery, resumeSignal, setHyperparametersUpdate, stopSignal } from '../workflows/training-control';
import type { Hyperparameters, RunProgress, TrainingRunConfig } from '../workflows/training-types';
import { runtimeOf } from './runtime';
import { describeWorkflowFailure } from './run-failure';

export function trainingWorkflowId(runId: string): string {
  return `${runId}.train`;
}

export async function startTraining(client: Client, config: HelixConfig, run: TrainingRunConfig): Promise<WorkflowHandle<typeof trainingRun>> {
  try {
    return await client.workflow.start(trainingRun, {
      taskQueue: config.taskQueues.orchestrator,
      workflowId: trainingWorkflowId(run.runId),
      // A run id names one run's episodes, examples and versions: a second run under it, even
      // after the first ended, would find the first one's rows and take them for its own.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [{ config: run, runtime: runtimeOf(config) }],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    throw new Error(`Run '${run.runId}' exists already (workflow ${trainingWorkflowId(run.runId)}). Choose another run id: --run NAME, or runId in the config.`);
  }
}

export function runHandle(client: Client, runId: string): WorkflowHandle<typeof trainingRun> {
  return client.workflow.getHandle<typeof trainingRun>(trainingWorkflowId(runId));
}

export async function runProgress(client: Client, runId: string): Promise<RunProgress> {
  const handle = runHandle(client, runId);
  const description = await handle.describe().catch((error: unknown) => {
    if (error instanceof WorkflowNotFoundError) throw new Error(`No run '${runId}': Temporal has no workflow ${handle.workflowId}. 'helixrl runs' lists the runs.`);
    throw error;
  });
  // A finished run answers from its result; a running one from its live query.
  if (description.status.name === 'COMPLETED') return handle.result();
  if (description.status.name === 'FAILED') {
    const reason = await handle.result().then(() => 'no failure recorded', describeWorkflowFailure);
    throw new Error(`Run '${runId}' is failed: ${reason}. See its workflow ${handle.workflowId} in the Web UI.`);
  }
  if (description.status.name !== 'RUNNING') throw new Error(`Run '${runId}' is ${description.status.name.toLowerCase()}; see its workflow ${handle.workflowId} in the Web UI.`);
  return handle.query(progressQuery);
}

/** Signals and updates reach only a run that is still open: say so, not the server's "workflow not found". */
async function toOpenRun<T>(runId: string, action: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    throw new Error(`Cannot ${action} run '${runId}': no open workflow ${trainingWorkflowId(runId)} (the run does not exist or has ended). 'helixrl runs' lists the runs and their status.`);
  }
}

export const controlRun = {
  pause: (client: Client, runId: string) => toOpenRun(runId, 'pause', () => runHandle(client, runId).signal(pauseSignal)),
  resume: (client: Client, runId: string) => toOpenRun(runId, 'resume', () => runHandle(client, runId).signal(resumeSignal)),
  stop: (client: Client, runId: string) => toOpenRun(runId, 'stop', () => runHandle(client, runId).signal(stopSignal)),
  /** Rejected (with the field named) by the run's validator before it changes anything. */
  setHyperparameters: (client: Client, runId: string, update: Partial<Hyperparameters>) =>
    toOpenRun(runId, 'update', () => runHandle(client, runId).executeUpdate(setHyperparametersUpdate, { args: [update] })),
};

const UNFINISHED: RunProgress['status'][] = ['running', 'paused', 'stopping'];

/**
 * The status to show for a run the database records as `recorded`. A run's workflow writes its
 * own status, except when it is terminated or times out (no workflow code runs then): the
 * database would say `running` for ever, so an unfinished run is checked against Temporal.
 */
export async function currentRunStatus(client: Client, runId: string, recorded: string): Promise<string> {
  if (!UNFINISHED.includes(recorded as RunProgress['status'])) return recorded;
  const description = await runHandle(client, runId).describe().catch((error: unknown) => {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  });
  if (!description) return `${recorded}? (no workflow ${trainingWorkflowId(runId)} on this server)`;
  const closed = description.status.name;
  return closed === 'RUNNING' ? recorded : closed.toLowerCase().replace('_', ' ');
}

/** Runs whose trainingRun workflow is still open (running or paused), newest first. */
export async function openRunIds(client: Client): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of client.workflow.list({ query: `WorkflowType = 'trainingRun' AND ExecutionStatus = 'Running'` })) {
    if (execution.workflowId.endsWith('.train')) ids.push(execution.workflowId.slice(0, -'.train'.length));
  }
  return ids.sort().reverse();
}
