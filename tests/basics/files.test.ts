import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFolders, makeOutFolder, pruneFolder, writeFileAtomically } from '../../pipeline/basics/files.ts';
import { EXIT, UserError } from '../../pipeline/basics/errors.ts';
import { ROOT, thrownBy } from '../support/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'planeval-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomically', () => {
  it('writes the whole file, making its folder, and leaves nothing beside it', () => {
    const file = join(dir, 'a', 'b', 'record.json');
    writeFileAtomically(file, '{"x":1}\n');
    writeFileAtomically(file, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(file)]).toEqual([1, 2, 3]);
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['record.json']);
  });

  it('leaves no temporary file when the write cannot be completed', () => {
    const target = join(dir, 'taken');
    mkdirSync(join(target, 'inside'), { recursive: true }); // a folder, not empty: the rename fails
    expect(() => writeFileAtomically(target, 'x')).toThrow();
    expect(readdirSync(dir).filter((n) => n.startsWith('taken'))).toEqual(['taken']);
  });
});

describe('pruneFolder', () => {
  const d = (c: string) => c.repeat(64);
  it('removes the entries not kept (a folder where one belongs too) and counts them; a missing folder has nothing', () => {
    const cache = join(dir, 'cache');
    const names = [d('a'), `arrow-${d('b')}`, `${d('c')}.chart`, `${d('e')}.gz`, `${d('e')}.br.123.tmp`];
    for (const n of names) writeFileAtomically(join(cache, n), n);
    mkdirSync(join(cache, d('f'), 'inside'), { recursive: true });
    expect(pruneFolder(cache, (n) => n === d('a') || n.startsWith('arrow-'))).toBe(4);
    expect(readdirSync(cache).sort()).toEqual([d('a'), `arrow-${d('b')}`]);
    expect(pruneFolder(join(dir, 'none'), () => false)).toBe(0);
  });

  it('leaves alone what is not a cache entry (no digest in its name), as in a folder a cache links to by mistake', () => {
    const folder = join(dir, 'documents');
    for (const n of ['报告.docx', 'notes.txt', d('a').slice(1), `${d('a')}0`]) writeFileAtomically(join(folder, n), n);
    expect(pruneFolder(folder, () => false)).toBe(0);
    expect(readdirSync(folder)).toHaveLength(4);
  });
});

describe('makeFolders and makeOutFolder', () => {
  it('make the missing folders above and the folder itself; an existing folder is left as it is', () => {
    const deep = join(dir, 'made', 'x', 'y');
    makeFolders(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    writeFileSync(join(deep, 'kept.txt'), 'k');
    makeFolders(deep);
    makeOutFolder(join(dir, 'made'));
    expect(readdirSync(deep)).toEqual(['kept.txt']);
  });

  it('say in Chinese, exit 64, where a folder cannot be made: a file on the way', () => {
    writeFileSync(join(dir, 'plain-file'), 'x');
    const err = thrownBy(() => makeOutFolder(join(dir, 'plain-file', 'out')));
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(EXIT.usage);
    expect((err as Error).message).toBe(`无法创建输出目录“${join(dir, 'plain-file', 'out')}”：路径中有一段是文件，不是文件夹。请检查路径和权限，或用 --out 指定另一个文件夹`);
  });

  // Node's recursive mkdir loops for ever under /proc (a folder that takes no new child): run in
  // a child process with a time limit, so a regression fails instead of hanging the tests.
  it.runIf(process.platform === 'linux' && existsSync('/proc/self'))('stop with a message, not a loop, where the file system takes no new folder (/proc)', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'planeval.mjs'), 'templates', '--year', '2025', '--out', '/proc/planeval-no/out'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
    expect(run.signal, 'still running after 60 s').toBeNull();
    expect(run.status).toBe(EXIT.usage);
    expect(run.stderr).toContain('错误：无法创建输出目录“/proc/planeval-no/out”：上级文件夹不存在，或不能在其中新建文件夹（在“/proc/planeval-no”处）');
  });
});
