// The policy resolver: one scripted-expert backend per task type and policy version, and a clear
// refusal where a policy needs something this worker was not given.
import { describe, expect, it } from 'vitest';
import { createPolicyResolver } from '../../activities/policies';
import { getTaskType } from '../../env/registry';

describe('createPolicyResolver', () => {
  it('keeps one expert backend per task type and policy version', () => {
    const resolve = createPolicyResolver(getTaskType, undefined, {});
    const plain = resolve({ kind: 'expert', noise: 0.3 }, 'gene_location');
    expect(resolve({ kind: 'expert', noise: 0.3 }, 'gene_location')).toBe(plain);
    expect(resolve({ kind: 'expert', noise: 0.3, recall: 1 }, 'gene_location')).not.toBe(plain);
    expect(resolve({ kind: 'expert', noise: 0.3, recall: 0.5 }, 'gene_location')).not.toBe(resolve({ kind: 'expert', noise: 0.3, recall: 1 }, 'gene_location'));
    expect(resolve({ kind: 'expert', noise: 0.1 }, 'gene_location')).not.toBe(plain);
    expect(resolve({ kind: 'expert', noise: 0.3 }, 'database_qa')).not.toBe(plain);
    expect(resolve({ kind: 'expert', noise: 0.3, recall: 0.5 }, 'gene_location').name).toBe('expert:gene_location@0.3+recall0.5');
  });

  it('refuses an expert told to recall where there is no knowledge base, and a model policy where there is no model backend', () => {
    const resolve = createPolicyResolver(getTaskType);
    expect(() => resolve({ kind: 'expert', noise: 0.3, recall: 0.5 }, 'gene_location')).toThrow(/DATABASE_URL|set collect\.policy\.recall to 0/);
    expect(() => resolve({ kind: 'onnx', version: 'sft-1' }, 'gene_location')).toThrow(/serves only the scripted expert/);
  });
});
