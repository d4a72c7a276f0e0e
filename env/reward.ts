// The episode reward of DESIGN.md: correctness from the task scorer plus a format reward that is
// earned only when every assistant message was well-formed and the episode ended in a solution.
export interface RewardInput {
  correctness: number;
  endedWithSolution: boolean;
  malformedMessages: number;
  formatWeight: number;
}

export function formatReward({ endedWithSolution, malformedMessages }: Pick<RewardInput, 'endedWithSolution' | 'malformedMessages'>): 0 | 1 {
  return endedWithSolution && malformedMessages === 0 ? 1 : 0;
}

export function episodeReward(input: RewardInput): { reward: number; formatOk: boolean } {
  const format = formatReward(input);
  return { reward: input.correctness + input.formatWeight * format, formatOk: format === 1 };
}
