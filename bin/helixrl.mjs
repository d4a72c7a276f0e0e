#!/usr/bin/env node
// The `helixrl` command. HelixRL runs its TypeScript directly through tsx: no build step.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
