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
  it('removes what is not kept and counts it; a missing folder has nothing', () => {
    const cache = join(dir, 'cache');
    for (const n of ['k1', 'k2', 'old']) writeFileAtomically(join(cache, n), n);
    expect(pruneFolder(cache, (n) => n.startsWith('k'))).toBe(1);
    expect(readdirSync(cache).sort()).toEqual(['k1', 'k2']);
    expect(pruneFolder(join(dir, 'none'), () => false)).toBe(0);
  });
});
