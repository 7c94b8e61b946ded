/**
 * Once per test run: an empty folder for the shared fixtures, which the test files then
 * make lazily, each once (fixtures.ts): a run of unit tests alone makes none. A full run
 * (`npm test` without a file filter sets PLANEVAL_PREBUILD=1) starts making the two build
 * fixtures at once in a background process (prebuild.ts), so that the files reading them
 * do not wait for them while the other files run.
 *
 * Every temporary folder of the run (tests' tempDir, samples, Chromium's profiles, the CLI's
 * own) is made in one folder of the run, removed at its end: the files that did not remove
 * theirs had left 9,000 folders and 70 GB in /tmp over the sessions, until a run failed on a
 * full disk (ENOSPC).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => Promise<void> {
  // before the workers start: they, and what they start, inherit it
  const runTmp = mkdtempSync(join(tmpdir(), 'planeval-test-run-'));
  // open to all, sticky, as /tmp is: a test runs the program as another user (inputs.test.ts)
  chmodSync(runTmp, 0o1777);
  const outerTmp = process.env.TMPDIR;
  process.env.TMPDIR = runTmp;
  const root = mkdtempSync(join(runTmp, 'planeval-fixtures-'));
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
    if (outerTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outerTmp;
    rmSync(runTmp, { recursive: true, force: true });
  };
}
