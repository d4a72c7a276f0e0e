// Broken model folders fail with the file and what was expected.

import { cpSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportModelFolder } from '../../policy/export/model-folder-export';
import { GraphBuilder } from '../../policy/export/onnx-graph';
import { OnnxPolicyEngine } from '../../policy/engine/engine-backend';
import { assertProviderAvailable } from '../../policy/engine/execution-provider';
import { buildBuiltinTokenizer } from '../../policy/model/builtin-model';
import { quietLog, smallModel, tempDir } from './helpers';

const setup = smallModel(2);
const good = tempDir('good');
const work = tempDir('bad');

beforeAll(async () => {
  await exportModelFolder(setup.model, good.dir);
});

afterAll(() => {
  good.cleanup();
  work.cleanup();
});

function copy(name: string): string {
  const dir = path.join(work.dir, name);
  cpSync(good.dir, dir, { recursive: true });
  return dir;
}

async function startError(dir: string): Promise<string> {
  const engine = new OnnxPolicyEngine({ modelDir: dir, log: quietLog });
  try {
    await engine.start();
  } catch (e) {
    return (e as Error).message;
  } finally {
    await engine.close();
  }
  throw new Error('expected start() to fail');
}

describe('bad model folders', () => {
  it('names a missing file', async () => {
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
      const dir = copy(`missing-${file}`);
      rmSync(path.join(dir, file));
      const msg = await startError(dir);
      expect(msg).toContain(path.join(dir, file));
      expect(msg).toMatch(/missing; expected/);
    }
    const dir = copy('missing-onnx');
    rmSync(path.join(dir, 'onnx'), { recursive: true });
    expect(await startError(dir)).toMatch(/no ONNX decoder found; expected one of onnx\/model\.onnx/);
  });

  it('rejects a tokenizer that does not match the model', async () => {
    const dir = copy('big-tokenizer');
    const other = buildBuiltinTokenizer(setup.transcripts.flatMap((t) => t.map((m) => m.content)), { vocabSize: 700 });
    writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(other.tokenizerJson));
    const msg = await startError(dir);
    expect(msg).toContain('tokenizer.json');
    expect(msg).toMatch(/vocab_size 512; expected the tokenizer that belongs to this model/);
  });

  it('rejects an ONNX graph whose inputs break the convention', async () => {
    const dir = copy('bad-graph');
    const g = new GraphBuilder();
    g.input('tokens', 'int64', ['batch', 'seq']);
    g.o('Cast', ['tokens'], { to: 1 }, 'logits');
    g.output('logits', 'float32', ['batch', 'seq']);
    writeFileSync(path.join(dir, 'onnx', 'model.onnx'), g.toModelBytes(17, 'bad'));
    const msg = await startError(dir);
    expect(msg).toContain(path.join('onnx', 'model.onnx'));
    expect(msg).toMatch(/expected an input "input_ids".*graph inputs: tokens/);
  });

  it('rejects a graph with the wrong number of KV-cache inputs', async () => {
    const dir = copy('wrong-layers');
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...config, num_hidden_layers: 3 }));
    expect(await startError(dir)).toMatch(/expected 6 inputs past_key_values\.N\.key\/value for the 3 layers in config\.json, found 4/);
  });

  it('refuses CUDA with an install hint when its provider is missing', async () => {
    expect(() => assertProviderAvailable('cuda')).toThrow(/--onnxruntime-node-install=cuda12/);
    const engine = new OnnxPolicyEngine({ modelDir: good.dir, executionProvider: 'cuda', log: quietLog });
    await expect(engine.start()).rejects.toThrow(/execution provider "cuda" requested/);
  });
});
