// Picks the tfjs backend once. wasm (SIMD) is ~3x faster than the pure-JS cpu
// backend on this model; its .wasm binaries are loaded from node_modules.

import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';

let ready: Promise<string> | undefined;

export type TfBackendName = 'wasm' | 'cpu';

export function initTfBackend(preferred: TfBackendName = 'wasm'): Promise<string> {
  ready ??= (async () => {
    if (preferred === 'wasm') {
      const require = createRequire(import.meta.url);
      const wasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
      setWasmPaths(path.dirname(wasmFile) + path.sep);
    }
    // tfjs prints a "use tfjs-node" banner on first use; tfjs-node cannot install here.
    const quiet = console.warn;
    console.warn = () => {};
    try {
      if (!(await tf.setBackend(preferred))) await tf.setBackend('cpu');
      await tf.ready();
    } finally {
      console.warn = quiet;
    }
    return tf.getBackend();
  })();
  return ready;
}
