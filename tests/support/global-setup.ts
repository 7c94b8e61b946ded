/**
 * Once per test run: an empty folder for the shared fixtures, which the test files then
 * make lazily, each once (fixtures.ts): a run of unit tests alone makes none. A full run
 * (`npm test` without a file filter sets PLANEVAL_PREBUILD=1) starts making the two build
 * fixtures at once in a background process (prebuild.ts), so that the files reading them
 * do not wait for them while the other files run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'planeval-fixtures-'));
  project.provide('fixturesRoot', root);
  let prebuild: ChildProcess | undefined;
  if (process.env.PLANEVAL_PREBUILD === '1') {
    const log = openSync(join(root, 'prebuild.log'), 'w');
    prebuild = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'prebuild.ts'), root], {
      stdio: ['ignore', log, log],
      env: { ...process.env, TZ: 'Asia/Shanghai' },
    });
  }
  return async () => {
    if (prebuild && prebuild.exitCode === null && prebuild.signalCode === null) {
      const exited = new Promise((r) => prebuild!.once('exit', r));
      prebuild.kill('SIGTERM');
      await exited;
    }
    rmSync(root, { recursive: true, force: true });
  };
}
