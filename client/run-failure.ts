// Why a workflow failed, in one line: Temporal wraps the real reason (an endpoint's refusal, a
// tool's error) in a failure per child workflow and activity; the user needs the innermost one and
// where it happened.
import { ActivityFailure, ChildWorkflowFailure } from '@temporalio/common';

export function describeWorkflowFailure(error: unknown): string {
  const path: string[] = [];
  let innermost: unknown = error;
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof ChildWorkflowFailure) path.push(`${e.workflowType} ${e.execution.workflowId}`);
    else if (e instanceof ActivityFailure) path.push(`activity ${e.activityType}`);
    innermost = e;
  }
  const reason = innermost instanceof Error ? innermost.message : String(innermost);
  return path.length ? `${reason} (in ${path.join(' → ')})` : reason;
}
