// Chooses the policy backend for a PolicySpec. The scripted expert is always available; model
// backends are registered by the inference worker that can serve them.
import { ApplicationFailure } from '@temporalio/common';
import { ExpertPolicy } from '../env/expert-policy';
import type { TaskType } from '../env/types';
import type { PolicyBackend } from '../policy/backend';
import type { PolicySpec } from '../workflows/types';

export type PolicyResolver = (spec: PolicySpec, taskType: string) => PolicyBackend;

export type ModelBackendFactory = (spec: Exclude<PolicySpec, { kind: 'expert' }>) => PolicyBackend;

export function createPolicyResolver(taskType: (name: string) => TaskType, models?: ModelBackendFactory): PolicyResolver {
  const experts = new Map<string, PolicyBackend>();
  return (spec, taskTypeName) => {
    if (spec.kind === 'expert') {
      const key = `${taskTypeName}@${spec.noise}`;
      let backend = experts.get(key);
      if (!backend) {
        backend = new ExpertPolicy(taskType(taskTypeName).expert, spec.noise, taskTypeName);
        experts.set(key, backend);
      }
      return backend;
    }
    if (!models) {
      throw ApplicationFailure.nonRetryable(
        `This inference worker serves only the scripted expert, not '${spec.kind}' policies. Start an inference worker with a model backend configured.`,
      );
    }
    return models(spec);
  };
}
