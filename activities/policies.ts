// Chooses the policy backend for a PolicySpec. The scripted expert is always available; model
// backends are registered by the inference worker that can serve them.
import { ApplicationFailure } from '@temporalio/common';
import { ExpertPolicy } from '../env/expert-policy';
import type { TaskType, ToolContext } from '../env/types';
import type { PolicyBackend } from '../policy/backend';
import { policyVersionOf } from '../workflows/policy-version';
import type { PolicySpec } from '../workflows/types';

export type PolicyResolver = (spec: PolicySpec, taskType: string) => PolicyBackend;

export type ModelBackendFactory = (spec: Exclude<PolicySpec, { kind: 'expert' }>) => PolicyBackend;

/** `memory`: where an expert told to recall reads what it knows by heart (the knowledge base). */
export function createPolicyResolver(taskType: (name: string) => TaskType, models?: ModelBackendFactory, memory?: ToolContext): PolicyResolver {
  const experts = new Map<string, PolicyBackend>();
  return (spec, taskTypeName) => {
    if (spec.kind === 'expert') {
      const key = `${taskTypeName}:${policyVersionOf(spec)}`;
      let backend = experts.get(key);
      if (!backend) {
        if (spec.recall && !memory) {
          throw ApplicationFailure.nonRetryable(
            'An expert told to recall reads the knowledge base, and this worker was started without one. Start the inference worker with DATABASE_URL set, or set collect.policy.recall to 0.',
          );
        }
        backend = new ExpertPolicy(taskType(taskTypeName).expert, spec.noise, taskTypeName, spec.recall && memory ? { memory, rate: spec.recall } : undefined);
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
