// A rollouts batch for tests: the scripted expert on a few tasks, everything else at test defaults.
import { runtimeOf } from '../../client/runtime';
import type { HelixConfig } from '../../temporal.config';
import { policyVersionOf } from '../../workflows/policy-version';
import type { RolloutsInput } from '../../workflows/types';

export function rolloutsInput(config: HelixConfig, fields: Partial<RolloutsInput> & Pick<RolloutsInput, 'runId' | 'taskType' | 'taskCount'>): RolloutsInput {
  const policy = fields.policy ?? { kind: 'expert', noise: 0 };
  return {
    split: 'train',
    groupSize: 1,
    seed: 1,
    epoch: 0,
    policy,
    policyVersion: policyVersionOf(policy),
    sampling: { temperature: 0, topP: 1, maxNewTokens: 512 },
    limits: { maxTurns: 6, maxTokens: 4096 },
    formatWeight: 1,
    runtime: runtimeOf(config),
    ...fields,
  };
}
