#!/usr/bin/env node
// `npm run setup` (also run after `npm install`): installs the pinned Temporal CLI into .helix/tools
// when none is on PATH or in HELIX_TEMPORAL_CLI. Never fails the npm install: it says what to do instead.
import { register } from 'tsx/esm/api';

register();
const { findTemporalCli, installTemporalCli } = await import('../infra/temporal-cli.ts');
try {
  const found = findTemporalCli();
  if (found.path) console.log(`helixrl: Temporal CLI found at ${found.path}`);
  else console.log(`helixrl: Temporal CLI installed at ${installTemporalCli()}`);
} catch (error) {
  console.warn(`helixrl: could not install the Temporal CLI now (${error.message}). 'helixrl up' will try again.`);
}
