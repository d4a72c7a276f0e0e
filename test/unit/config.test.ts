import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../infra/config';
import { defaultConfig } from '../../temporal.config';

describe('configuration', () => {
  it('accepts the defaults and applies named and generic overrides', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      DATABASE_URL: 'postgres://u:p@db:5432/helix',
      HELIX__ACTIVITIES__TOOLCALL__STARTTOCLOSETIMEOUT: '45s',
      HELIX__WORKERS__INFERENCE__MAXCONCURRENTACTIVITYTASKEXECUTIONS: '4',
    });
    expect(config.temporal.address).toBe('temporal.internal:7233');
    expect(config.database.url).toBe('postgres://u:p@db:5432/helix');
    expect(config.activities.toolCall.startToCloseTimeout).toBe('45s');
    expect(config.workers.inference.maxConcurrentActivityTaskExecutions).toBe(4);
    expect(config.taskQueues).toEqual(defaultConfig.taskQueues);
  });

  it('names the key, what is allowed and where the bad value came from', () => {
    expect(() => loadConfig({ HELIX__ACTIVITIES__GENERATE__STARTTOCLOSETIMEOUT: 'soon' })).toThrowError(
      /activities\.generate\.startToCloseTimeout: .*duration such as '500ms'.*HELIX__ACTIVITIES__GENERATE__STARTTOCLOSETIMEOUT/s,
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrowError(/database\.url: .*postgres:\/\/.*DATABASE_URL/s);
    expect(() => loadConfig({ TEMPORAL_ADDRESS: 'no-port' })).toThrowError(/temporal\.address: host:port/);
    expect(() => loadConfig({ HELIX__WORKERS__ORCHESTRATOR__MAXCONCURRENTWORKFLOWTASKEXECUTIONS: '1' })).toThrowError(
      /workers\.orchestrator\.maxConcurrentWorkflowTaskExecutions/,
    );
    expect(() => loadConfig({ HELIX__TRAINER__SFTTHREADS: 'many' })).toThrowError(/trainer\.sftThreads: 'auto' \(one per CPU core\) or a whole number.*HELIX__TRAINER__SFTTHREADS/s);
    expect(() => loadConfig({ HELIX__TRAINER__SFTTHREADS: '0' })).toThrowError(/trainer\.sftThreads/);
  });

  it('shares SFT batches among one thread per core unless told a number', () => {
    expect(loadConfig({}).trainer.sftThreads).toBe('auto');
    expect(loadConfig({ HELIX__TRAINER__SFTTHREADS: '1' }).trainer.sftThreads).toBe(1);
  });

  it('refuses an override of a key that does not exist, listing the keys that do', () => {
    let error: unknown;
    try {
      loadConfig({ HELIX__ACTIVITIES__GENRATE__STARTTOCLOSETIMEOUT: '1s' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/'GENRATE'.*not a key of activities.*generate, toolCall, persistence, trainer/);
  });
});
