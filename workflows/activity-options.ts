import type { ActivityOptions } from '@temporalio/workflow';
import type { ActivityPolicySpec } from './types';

/** Turns a configured activity policy into the options proxyActivities takes. */
export function activityOptions(policy: ActivityPolicySpec, taskQueue: string): ActivityOptions {
  return {
    taskQueue,
    startToCloseTimeout: policy.startToCloseTimeout as ActivityOptions['startToCloseTimeout'],
    heartbeatTimeout: policy.heartbeatTimeout as ActivityOptions['heartbeatTimeout'],
    retry: {
      maximumAttempts: policy.retry.maximumAttempts,
      initialInterval: policy.retry.initialInterval as ActivityOptions['startToCloseTimeout'],
      backoffCoefficient: policy.retry.backoffCoefficient,
      maximumInterval: policy.retry.maximumInterval as ActivityOptions['startToCloseTimeout'],
    },
  };
}
