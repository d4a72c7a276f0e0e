// Execution providers from config. CPU ships in the npm package; CUDA's provider
// library is not on npm (too large) and is fetched by onnxruntime-node's install
// script only when asked:
//
//   npm install onnxruntime-node --onnxruntime-node-install=cuda12
//   (or ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci; this repo's .npmrc sets
//    onnxruntime-node-install=skip, so pass the flag explicitly on GPU workers)
//
// It needs CUDA 12 and cuDNN 9 on the machine.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ExecutionProviderName = 'cpu' | 'cuda';

export const CUDA_INSTALL_HINT =
  'npm install onnxruntime-node --onnxruntime-node-install=cuda12 (or ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci); ' +
  'it needs CUDA 12 and cuDNN 9 on the machine';

/** The folder holding onnxruntime's native libraries for this platform. */
export function onnxruntimeBinaryDir(): string {
  const require = createRequire(import.meta.url);
  const pkg = path.dirname(require.resolve('onnxruntime-node/package.json'));
  return path.join(pkg, 'bin', 'napi-v6', process.platform, process.arch);
}

export function cudaProviderPath(): string {
  const file = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  return path.join(onnxruntimeBinaryDir(), file);
}

/** Throws a clear message when CUDA is asked for and its provider is not installed. */
export function assertProviderAvailable(provider: ExecutionProviderName): void {
  if (provider === 'cpu') return;
  if (provider !== 'cuda') throw new Error(`unknown execution provider "${provider}"; expected "cpu" or "cuda"`);
  if (!existsSync(cudaProviderPath())) {
    throw new Error(
      `execution provider "cuda" requested but onnxruntime-node has no CUDA provider (${cudaProviderPath()} is missing). ` +
        `Install it with: ${CUDA_INSTALL_HINT}`,
    );
  }
}
