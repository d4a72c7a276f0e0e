// HelixRL's custom search attributes, as the Temporal server must know them.
// Workflow code defines typed keys with the same names in workflows/search-attributes.ts.
export const HELIX_SEARCH_ATTRIBUTES = {
  HelixRun: 'Keyword',
  HelixTaskType: 'Keyword',
  HelixEpoch: 'Int',
  HelixPolicyVersion: 'Keyword',
  HelixStatus: 'Keyword',
  HelixReward: 'Double',
} as const;
