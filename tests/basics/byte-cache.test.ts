/** The byte cache: a file made from the same source by the same program is made once; unused entries are pruned. */
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { byteCacheStats, cachedBytes, pruneByteCache, useByteCache } from '../../pipeline/basics/byte-cache.ts';
import { tableWorkbook } from '../../pipeline/basics/xlsx-write.ts';
import { tempDir } from '../support/helpers.ts';

afterEach(() => useByteCache(null));

describe('cachedBytes', () => {
  it('makes a file once per source and program, and again for a new source or program', async () => {
    const dir = tempDir('byte-cache');
    let made = 0;
    const make = async () => {
      made += 1;
      return new TextEncoder().encode(`file ${made}`);
    };
    useByteCache(dir, 'program-1');
    expect(new TextDecoder().decode(await cachedBytes('x', ['rows a'], make))).toBe('file 1');
    useByteCache(dir, 'program-1'); // the next build
    expect(new TextDecoder().decode(await cachedBytes('x', ['rows a'], make))).toBe('file 1');
    expect(byteCacheStats()).toEqual({ reused: 1, made: 0 });
    await cachedBytes('x', ['rows b'], make);
    expect(made).toBe(2);
    useByteCache(dir, 'program-2');
    await cachedBytes('x', ['rows a'], make);
    expect(made).toBe(3);
  });

  it('removes what a build did not use, and makes everything without a folder', async () => {
    const dir = tempDir('byte-cache');
    const make = async () => new Uint8Array([1, 2, 3]);
    useByteCache(dir, 'p');
    await cachedBytes('x', ['a'], make);
    await cachedBytes('x', ['b'], make);
    useByteCache(dir, 'p');
    await cachedBytes('x', ['a'], make);
    expect(pruneByteCache()).toBe(1);
    expect(readdirSync(dir)).toHaveLength(1);
    useByteCache(null);
    await cachedBytes('x', ['a'], make);
    expect(byteCacheStats()).toEqual({ reused: 0, made: 1 });
  });

  it('gives a download workbook the same bytes from the cache as made anew, and tells NaN from the text "NaN"', async () => {
    const columns = [{ name: 'v', type: 'DOUBLE', comment: '值', en: 'value' }];
    const fresh = await tableWorkbook(columns, [[1.5], [Number.NaN]]);
    useByteCache(tempDir('byte-cache'), 'p');
    const first = await tableWorkbook(columns, [[1.5], [Number.NaN]]);
    const again = await tableWorkbook(columns, [[1.5], [Number.NaN]]);
    expect(Buffer.from(first).equals(Buffer.from(fresh))).toBe(true);
    expect(Buffer.from(again).equals(Buffer.from(fresh))).toBe(true);
    const text = await tableWorkbook(columns, [[1.5], ['NaN']]);
    expect(Buffer.from(text).equals(Buffer.from(fresh))).toBe(false);
    expect(byteCacheStats()).toEqual({ reused: 1, made: 2 });
  });
});
