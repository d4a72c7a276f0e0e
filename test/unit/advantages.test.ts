import { describe, expect, it } from 'vitest';
import { groupAdvantages, groupByTask } from '../../workflows/advantages';

const episodes = [
  { episodeId: 'a1', taskId: 'a', reward: 2 },
  { episodeId: 'a2', taskId: 'a', reward: 0 },
  { episodeId: 'a3', taskId: 'a', reward: 1 },
  { episodeId: 'b1', taskId: 'b', reward: 1 },
  { episodeId: 'b2', taskId: 'b', reward: 1 },
];

describe('GRPO advantages', () => {
  it('centre on the group mean and divide by its standard deviation', () => {
    const { advantages, keptGroups, droppedGroups } = groupAdvantages(groupByTask(episodes), { normalizeStd: true, dropUniformGroups: true });
    const std = Math.sqrt(2 / 3);
    expect(advantages.map((a) => a.episodeId)).toEqual(['a1', 'a2', 'a3']);
    expect(advantages[0].advantage).toBeCloseTo(1 / std, 5);
    expect(advantages[1].advantage).toBeCloseTo(-1 / std, 5);
    expect(advantages[2].advantage).toBeCloseTo(0, 6);
    expect([keptGroups, droppedGroups]).toEqual([1, 1]);
  });

  it('skip the std division in Dr. GRPO mode and keep uniform groups without dynamic sampling', () => {
    const { advantages, droppedGroups } = groupAdvantages(groupByTask(episodes), { normalizeStd: false, dropUniformGroups: false });
    expect(advantages.map((a) => a.advantage)).toEqual([1, -1, 0, 0, 0]);
    expect(droppedGroups).toBe(0);
  });
});
