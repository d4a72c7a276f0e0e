// Entry of a gradient worker thread: HelixRL runs TypeScript through tsx, and a worker thread
// does not inherit the parent's loader, so it registers its own before loading the worker.
import { register } from 'tsx/esm/api';

register();
await import('./gradient-worker.ts');
