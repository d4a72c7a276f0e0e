// Scratch directories for tests, all under one root that the global setup creates and its
// teardown removes: a test run leaves nothing in the system's temp directory (a demo's data
// directory alone is ~50 MB).
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

export function scratchDir(prefix: string): string {
  return mkdtempSync(join(inject('scratchRoot'), `${prefix}-`));
}
