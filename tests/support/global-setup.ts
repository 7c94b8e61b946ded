/**
 * Once per test run: an empty folder for the shared fixtures, which the test files then
 * make lazily, each once (fixtures.ts): a run of unit tests alone makes none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'planeval-fixtures-'));
  project.provide('fixturesRoot', root);
  return () => rmSync(root, { recursive: true, force: true });
}
