import type { PolicySpec } from './types';

/** The label episodes record for the policy that wrote them (a registered version, or what served it). */
export function policyVersionOf(policy: PolicySpec): string {
  if (policy.kind === 'expert') return `expert@${policy.noise}${policy.recall ? `+recall${policy.recall}` : ''}`;
  return policy.kind === 'onnx' ? policy.version : `openai:${policy.model}`;
}
