import { describe, expect, it } from 'vitest';
import { LAST_TURN_NOTICE, observationText } from '../../env/agent-format';
import { TaskEnvironment } from '../../env/environment';
import { runExpertEpisode } from '../../env/run-expert';
import { sequenceQa } from '../../env/sequence-qa';

const [task] = await sequenceQa.generate({ seed: 1, count: 1, split: 'train', ctx: {} });
const call = '<think>a</think><execute>gc_content {"sequence": "GGCA"}</execute>';

describe('the last-turn notice', () => {
  it('is added to every kind of observation before the last turn, and to none earlier', async () => {
    const env = new TaskEnvironment(sequenceQa, task);
    const messages = [call, '<think>a</think><execute>blast {"q": "A"}</execute>', 'no tags at all'];
    for (const message of messages) {
      const last = await env.step(message, 1);
      expect(last.observation.endsWith(`\n${LAST_TURN_NOTICE}`), message).toBe(true);
      const earlier = await env.step(message, 2);
      expect(earlier.observation).not.toContain(LAST_TURN_NOTICE);
      expect(last.observation.startsWith(earlier.observation)).toBe(true);
    }
    expect((await env.step(call)).observation).not.toContain(LAST_TURN_NOTICE);
  });

  it('leaves the observation readable: the tool result is still what the <observation> holds', async () => {
    const env = new TaskEnvironment(sequenceQa, task);
    const [plain, noticed] = [await env.step(call), await env.step(call, 1)];
    expect(observationText(noticed.observation)).toBe(observationText(plain.observation));
  });

  it('reaches the scripted expert: a transcript that uses every turn holds it once, before the last', async () => {
    // A noisy expert on a short budget: some episodes reach the last turn, and the notice is there.
    let reachedLast = 0;
    for (let seed = 0; seed < 30; seed++) {
      const { transcript, turns } = await runExpertEpisode(sequenceQa, task, {}, 0.5, seed, 2);
      const noticed = transcript.filter((m) => m.role === 'user' && m.content.includes(LAST_TURN_NOTICE));
      expect(noticed.length).toBe(turns === 2 ? 1 : 0);
      if (turns === 2) {
        reachedLast++;
        const lastTurn = transcript.map((m) => m.role).lastIndexOf('assistant');
        expect(transcript[lastTurn - 1].content).toContain(LAST_TURN_NOTICE);
      }
    }
    expect(reachedLast).toBeGreaterThan(0);
  });
});
