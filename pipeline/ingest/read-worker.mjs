// Entry of a reading worker (read-pool.ts). A worker thread does not inherit the TypeScript
// loader that bin/planeval.mjs (or vitest) gave the main thread, so it registers tsx itself,
// as bin/planeval.mjs does, before loading the worker's TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./read-worker.ts');
