// Typed keys for HelixRL's search attributes: filter episodes in the Web UI by run, task type,
// epoch, policy version, status and reward. The server registers them (infra/search-attributes.ts).
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const RUN = defineSearchAttributeKey('HelixRun', SearchAttributeType.KEYWORD);
export const TASK_TYPE = defineSearchAttributeKey('HelixTaskType', SearchAttributeType.KEYWORD);
export const EPOCH = defineSearchAttributeKey('HelixEpoch', SearchAttributeType.INT);
export const POLICY_VERSION = defineSearchAttributeKey('HelixPolicyVersion', SearchAttributeType.KEYWORD);
export const STATUS = defineSearchAttributeKey('HelixStatus', SearchAttributeType.KEYWORD);
export const REWARD = defineSearchAttributeKey('HelixReward', SearchAttributeType.DOUBLE);
