// scripts/setup.mjs decides whether `npm start` and `npm test` run `npm ci`: by what is
// installed, not by file times (a fresh clone's lock file is newer than any install), and
// never into a node_modules that is a link to another checkout's.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript, run before node_modules exists
import { modulesMatchLock } from '../scripts/setup.mjs';
import { tempDir } from './support/helpers.ts';

function project(want: Record<string, object>, have: Record<string, object> | null): string {
  const dir = tempDir('setup');
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'x' }, ...want } }));
  if (have) {
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', '.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: have }));
  }
  return dir;
}

describe('modulesMatchLock(root)', () => {
  const a = { 'node_modules/a': { version: '1.0.0' } };
  it('holds when every locked package is installed at its version, whatever the file times', () => {
    expect(modulesMatchLock(project(a, a))).toBe(true);
  });
  it('fails when a package is missing, at another version, or nothing was installed', () => {
    expect(modulesMatchLock(project(a, {}))).toBe(false);
    expect(modulesMatchLock(project(a, { 'node_modules/a': { version: '1.0.1' } }))).toBe(false);
    expect(modulesMatchLock(project(a, null))).toBe(false);
  });
  it('does not ask for an optional package of another platform', () => {
    expect(modulesMatchLock(project({ ...a, 'node_modules/b-darwin-arm64': { version: '2.0.0', optional: true } }, a))).toBe(true);
  });
  it('holds for this checkout', () => {
    expect(modulesMatchLock()).toBe(true);
  });
});
