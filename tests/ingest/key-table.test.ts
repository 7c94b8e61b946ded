import { describe, expect, it } from 'vitest';
import { KeyTable, keyHash } from '../../pipeline/ingest/key-table.ts';

describe('keyHash', () => {
  it('is FNV-1a over the UTF-16 code units, as a 32-bit integer', () => {
    // FNV-1a("a") = 0xe40c292c; of the empty text, the offset basis 0x811c9dc5
    expect(keyHash('a')).toBe(0xe40c292c | 0);
    expect(keyHash('')).toBe(0x811c9dc5 | 0);
    expect(keyHash('黄村镇\u0001幸福驿站\u0001')).toBe(keyHash('黄村镇\u0001幸福驿站\u0001'));
    expect(keyHash('黄村镇\u0001幸福驿站\u0001')).not.toBe(keyHash('黄村镇\u0001幸福驿站 \u0001'));
  });
});

describe('KeyTable', () => {
  it('finds the first row of a key, adds the others, and grows past what it expected', () => {
    const keys = Array.from({ length: 5000 }, (_, n) => `k${n % 1700}`);
    const table = new KeyTable((n) => keys[n]!);
    const firsts = keys.map((k, n) => table.addOrFind(keyHash(k), n));
    expect(table.size).toBe(1700);
    keys.forEach((k, n) => expect(firsts[n]).toBe(n < 1700 ? -1 : n % 1700));
    expect(table.get(keyHash('k42'), 'k42')).toBe(42);
    expect(table.get(keyHash('k1700'), 'k1700')).toBe(-1);
  });

  it('tells apart keys whose hashes are the same by their texts', () => {
    const keys = ['甲', '乙', '甲', '丙', '乙'];
    const table = new KeyTable((n) => keys[n]!, 2);
    // every key given the same hash: each found only as itself
    expect(keys.map((_, n) => table.addOrFind(7, n))).toEqual([-1, -1, 0, -1, 1]);
    expect(table.get(7, '丙')).toBe(3);
    expect(table.get(7, '丁')).toBe(-1);
    expect(table.get(8, '甲')).toBe(-1);
  });
});
