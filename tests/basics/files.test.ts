import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pruneFolder, writeFileAtomically } from '../../pipeline/basics/files.ts';

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
