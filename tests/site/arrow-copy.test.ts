/** The SQL page's Arrow copies: a text column written at once reads back as Arrow's own builder writes it; a table copies whole. */
import { tableFromIPC, tableToIPC, Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { arrowCopy, utf8Vector } from '../../pipeline/site/arrow-copy.ts';
import { sqlString } from '../../pipeline/basics/sql.ts';
import { tempDir } from '../support/helpers.ts';

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

describe('arrowCopy', () => {
  it('copies a large table whose texts repeat (read through ENUM codes) with the same rows, order and text types', async () => {
    const dir = tempDir('arrow-copy');
    const file = join(dir, 't.parquet');
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      // 20,000 rows: a few texts repeated (with '' and NULL among them), a text of its own per row, numbers
      await conn.run(`copy (
        select i::integer as i,
          (['兴丰街道', '', null, '2023/养老服务科_2023.xlsx', 'a,"b"'])[i % 5 + 1] as repeated,
          '第' || i || '行' as own,
          case when i % 7 = 0 then null else i * 0.5 end::double as x
        from range(20000) as t(i) order by i
      ) to ${sqlString(file)} (format parquet)`);
      const bytes = await arrowCopy(file, 't.parquet', async () => conn);
      const table = tableFromIPC(bytes);
      expect(table.schema.fields.map((f) => [f.name, String(f.type)])).toEqual([['i', 'Int32'], ['repeated', 'Utf8'], ['own', 'Utf8'], ['x', 'Float64']]);
      const expected = (await conn.runAndReadAll(`select * from read_parquet(${sqlString(file)})`)).getRowsJS();
      const got = table.toArray().map((r) => [r.i, r.repeated, r.own, r.x]);
      expect(got).toEqual(expected);
      expect(got.filter((r) => r[1] === '').length).toBe(4000);
      expect(got.filter((r) => r[1] === null).length).toBe(4000);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
