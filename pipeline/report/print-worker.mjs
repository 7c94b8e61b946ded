// The printing thread's entry: a worker does not inherit the TypeScript loader of the main
// thread (bin/planeval.mjs, vitest), so it registers tsx before loading print-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./print-worker.ts');
