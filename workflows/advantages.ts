// GRPO advantages from group rewards. Pure arithmetic, shared by the epoch workflow and tests.

export interface GroupRewards {
  taskId: string;
  episodes: Array<{ episodeId: string; reward: number }>;
}

export interface AdvantageOptions {
  /** GRPO divides by the group's standard deviation; Dr. GRPO does not. */
  normalizeStd: boolean;
  /** Dynamic sampling: drop groups whose rewards are all equal (they carry no signal). */
  dropUniformGroups: boolean;
  epsilon?: number;
}

export interface Advantage {
  episodeId: string;
  advantage: number;
}

export function groupAdvantages(groups: GroupRewards[], options: AdvantageOptions): { advantages: Advantage[]; keptGroups: number; droppedGroups: number } {
  const epsilon = options.epsilon ?? 1e-6;
  const advantages: Advantage[] = [];
  let droppedGroups = 0;
  for (const group of groups) {
    const rewards = group.episodes.map((e) => e.reward);
    const mean = rewards.reduce((a, b) => a + b, 0) / rewards.length;
    const std = Math.sqrt(rewards.reduce((a, r) => a + (r - mean) ** 2, 0) / rewards.length);
    if (options.dropUniformGroups && std < epsilon) {
      droppedGroups++;
      continue;
    }
    for (const episode of group.episodes) {
      const centred = episode.reward - mean;
      advantages.push({ episodeId: episode.episodeId, advantage: options.normalizeStd ? centred / (std + epsilon) : centred });
    }
  }
  return { advantages, keptGroups: groups.length - droppedGroups, droppedGroups };
}

export function groupByTask(episodes: Array<{ episodeId: string; taskId: string; reward: number }>): GroupRewards[] {
  const byTask = new Map<string, GroupRewards>();
  for (const e of episodes) {
    let group = byTask.get(e.taskId);
    if (!group) byTask.set(e.taskId, (group = { taskId: e.taskId, episodes: [] }));
    group.episodes.push({ episodeId: e.episodeId, reward: e.reward });
  }
  return [...byTask.values()];
}
