/**
 * bin/program.mjs: the `planeval` command runs its sources bundled by esbuild, kept under the
 * digest of what the bundle is made from and made again when a source changes; a bundle
 * that cannot be made leaves the sources to tsx.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the launcher, without types
import { bundleKey, programBundle } from '../bin/program.mjs';
import { ROOT, tempDir } from './support/helpers.ts';

/** A project of one source file, pipeline/cli.ts, using this project's packages. */
function tinyProject(source: string): string {
  const root = tempDir('tinyProject');
  mkdirSync(join(root, 'pipeline'));
  writeFileSync(join(root, 'package.json'), '{"type":"module"}\n');
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  writeFileSync(join(root, 'pipeline', 'cli.ts'), source);
  return root;
}

const cli = (word: string) =>
  `export const here: string = import.meta.url;\nexport const named = { 'import.meta.url': 1 };\nexport async function main(): Promise<string> { return ${JSON.stringify(word)}; }\n`;

/** Run `bin/planeval.mjs` of `root` (a copy of this project's launcher). */
function runLauncher(root: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(root, 'bin', 'planeval.mjs'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
}

describe('the program bundle', () => {
  it('is what the launcher runs; the sources with PLANEVAL_SOURCES=1; stacks point at the sources with --debug', () => {
    // main() says which file it runs from: the bundle's, or the source's
    const root = tinyProject(`export async function main(argv: string[]): Promise<number> { console.log(new Error('where').stack!.split('\\n')[1]); return argv.length; }\n`);
    mkdirSync(join(root, 'bin'));
    for (const f of ['planeval.mjs', 'program.mjs']) copyFileSync(join(ROOT, 'bin', f), join(root, 'bin', f));
    const bundled = runLauncher(root, ['a', 'b']);
    expect(bundled.status).toBe(2); // main's result is the exit code
    expect(bundled.stdout).toContain(`/node_modules/.cache/planeval/program/${bundleKey(root)}/cli.js`);
    expect(runLauncher(root, ['--debug']).stdout).toContain(join(root, 'pipeline', 'cli.ts'));
    const sources = runLauncher(root, [], { PLANEVAL_SOURCES: '1' });
    expect(sources.status).toBe(0);
    expect(sources.stdout).toContain(join(root, 'pipeline', 'cli.ts'));
    expect(sources.stdout).not.toContain('.cache');
  });

  it('runs `planeval` of this project, kept under the digest of its sources', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'planeval.mjs'), '--help'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/planeval build/);
    expect(r.stdout).toContain('daxing-civil-affairs-14  大兴区“十四五”时期民政事业发展规划，2021—2025'); // the plans from data/plan, not a title in the program
    expect(existsSync(join(ROOT, 'node_modules', '.cache', 'planeval', 'program', bundleKey(ROOT), 'cli.js'))).toBe(true);
  });

  it('is made again when a source changes, and keeps each module’s own import.meta.url', async () => {
    const root = tinyProject(cli('first'));
    const cache = join(root, 'cache');
    const first = await programBundle(root, cache);
    expect(first).toBeTruthy();
    const a = await import(pathToFileURL(first).href);
    expect(await a.main()).toBe('first');
    expect(a.here).toBe(pathToFileURL(join(root, 'pipeline', 'cli.ts')).href);
    expect(a.named).toEqual({ 'import.meta.url': 1 }); // the words in a string are not the expression
    expect(await programBundle(root, cache)).toBe(first); // the same sources: the same bundle

    writeFileSync(join(root, 'pipeline', 'cli.ts'), cli('second'));
    const second = await programBundle(root, cache);
    expect(second).not.toBe(first);
    expect(await (await import(pathToFileURL(second).href)).main()).toBe('second');
    // the first is kept a while: a command still running from it loads its chunks as it goes
    expect(existsSync(first)).toBe(true);
  });

  it('is made again when one of its scripts changed since it was made, or lost its manifest', async () => {
    const root = tinyProject(cli('intact'));
    const cache = join(root, 'cache');
    const entry = await programBundle(root, cache);
    const made = readFileSync(entry, 'utf8');
    writeFileSync(entry, made.replace('"intact"', '"edited"'));
    expect(await programBundle(root, cache)).toBe(entry);
    expect(readFileSync(entry, 'utf8')).toBe(made);
    expect(await (await import(`${pathToFileURL(entry).href}?again`)).main()).toBe('intact');
    rmSync(join(entry, '..', 'manifest.json'));
    writeFileSync(entry, made.replace('"intact"', '"edited"'));
    await programBundle(root, cache);
    expect(readFileSync(entry, 'utf8')).toBe(made);
  });

  it('removes bundles of other sources a day old, and folders left half made', async () => {
    const root = tinyProject(cli('x'));
    const cache = join(root, 'cache');
    for (const name of ['0123456789abcdef0123456789abcdef', '.deadbeef-1-2', 'fedcba9876543210fedcba9876543210']) mkdirSync(join(cache, name), { recursive: true });
    const dayAgo = (Date.now() - 25 * 3600 * 1000) / 1000;
    utimesSync(join(cache, '0123456789abcdef0123456789abcdef'), dayAgo, dayAgo);
    utimesSync(join(cache, '.deadbeef-1-2'), dayAgo, dayAgo);
    await programBundle(root, cache);
    expect(readdirSync(cache).sort()).toEqual([bundleKey(root), 'fedcba9876543210fedcba9876543210'].sort());
  });

  it('is not made where it cannot be kept: the sources then run through tsx', async () => {
    const root = tinyProject(cli('x'));
    const file = join(root, 'not-a-folder');
    writeFileSync(file, '');
    expect(await programBundle(root, join(file, 'cache'))).toBeUndefined();
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'planeval.mjs'), '--help'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', PLANEVAL_SOURCES: '1' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/planeval build/);
  });
});
