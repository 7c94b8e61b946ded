/** The SQL page's Arrow copies: a text column written at once reads back as Arrow's own builder writes it. */
import { tableFromIPC, tableToIPC, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { utf8Vector } from '../../pipeline/site/arrow-copy.ts';

describe('utf8Vector', () => {
  const values = ['兴丰街道', null, '', 'a,"b"\n', undefined, '𠀀 surrogate pair', '2023/养老服务科_2023.xlsx', null];

  it('holds the same strings and nulls as vectorFromArray, through an IPC stream', () => {
    const fast = tableFromIPC(tableToIPC(new Table({ v: utf8Vector(values) }), 'stream')).getChild('v')!.toArray();
    const builder = tableFromIPC(tableToIPC(new Table({ v: vectorFromArray(values.map((v) => v ?? null), new Utf8()) }), 'stream')).getChild('v')!.toArray();
    expect(fast).toEqual(builder);
    expect(fast).toEqual(['兴丰街道', null, '', 'a,"b"\n', null, '𠀀 surrogate pair', '2023/养老服务科_2023.xlsx', null]);
  });

  it('writes a column without nulls, and an empty one', () => {
    expect([...utf8Vector(['x', 'yz'])]).toEqual(['x', 'yz']);
    expect(utf8Vector(['x', 'yz']).nullCount).toBe(0);
    expect(utf8Vector([]).length).toBe(0);
  });

  it('encodes each text by itself when texts end and start with halves of a surrogate pair', () => {
    // Joined, '\uD840' + '\uDC00' would make one character (4 bytes) where each alone is U+FFFD (3 bytes).
    const split = ['a\uD840', '\uDC00b', 'c'];
    const bytes = tableToIPC(new Table({ v: utf8Vector(split) }), 'stream');
    const back = tableFromIPC(bytes).getChild('v')!.toArray();
    expect(back).toEqual(['a\uFFFD', '\uFFFDb', 'c']);
    expect(back).toEqual([...vectorFromArray(split, new Utf8())]);
  });
});
