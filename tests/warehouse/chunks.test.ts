// Texts are written into a chunk's vectors as DuckDB's own string entries, made in
// JavaScript (chunks.ts TextEntries): a text of up to 12 bytes inline, a longer one pointing
// into one copy of the chunk's longer texts. What DuckDB reads back, compares and groups
// must be the texts themselves, whatever their length, characters or repeats.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendInChunks, CHUNK_ROWS, withAppender, writeCodes, writeNumbers, writeTexts } from '../../pipeline/warehouse/chunks.ts';

let instance: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
});

/** Append `texts` (row i's text, null for NULL) as column s of a fresh table t(i, s), through writer `write`. */
async function appendTexts(count: number, write: (chunk: { rows: Int32Array; vector(c: number): never }) => void): Promise<void> {
  await conn.run('create or replace table t (i integer, s varchar)');
  await withAppender(conn, 't', (a) =>
    appendInChunks(a, count, (k) => k, (chunk) => {
      writeNumbers(chunk.vector(0), 'INTEGER', chunk.rows, (i) => i);
      write(chunk as never);
    }),
  );
}

async function readBack(): Promise<(string | null)[]> {
  const rows = (await conn.runAndReadAll('select s from t order by i')).getRowsJS();
  return rows.map((r) => r[0] as string | null);
}

// 12 bytes is the longest inlined text; 13 the shortest pointed to
const EDGES = [
  '', 'a', '社区', '四个汉字', '四个汉字a', 'abcdefghijkl', 'abcdefghijklm', '五个汉字啊', '北京市大兴区兴丰心桥社会工作发展中心',
  '😀', '😀😀😀', 'x😀😀😀y', 'nul\u0000inside', 'lone \ud800 surrogate', '{"序号":"1","备注":""}', 'abcd', 'abcdX', 'abcdY',
];
/** A lone surrogate is written as U+FFFD, as Node writes any string to UTF-8. */
const stored = (t: string | null) => (t === null ? null : Buffer.from(t).toString());

describe('writeTexts', () => {
  it('reads back every text as written, inlined or not, NULLs as NULL, across chunks and a growing buffer', async () => {
    // long texts to outgrow the chunk's first buffer; repeats within and across chunks
    const texts: (string | null)[] = Array.from({ length: CHUNK_ROWS * 2 + 77 }, (_, i) =>
      i % 11 === 0 ? null : i % 7 === 0 ? EDGES[i % EDGES.length]! : i % 5 === 0 ? '长'.repeat(200 + (i % 300)) : `${EDGES[i % EDGES.length]}#${i % 40}`,
    );
    await appendTexts(texts.length, (chunk) => writeTexts(chunk.vector(1), chunk.rows, (i) => texts[i]));
    expect(await readBack()).toEqual(texts.map(stored));
  });

  it('reads back a chunk of names each its own (it stops looking for repeats) with repeats after that, next to each other or not', async () => {
    // 400 distinct long texts first (no repeat: the search for repeats stops), then the same
    // texts again, some in runs of equal rows, NULLs among them; and a chunk of repeats from its start
    const names = Array.from({ length: 400 }, (_, i) => `北京市大兴区第${i}号社区养老服务驿站`);
    const texts: (string | null)[] = [
      ...names,
      ...Array.from({ length: CHUNK_ROWS - 400 }, (_, i) => (i % 13 === 0 ? null : i % 3 === 0 ? names[(i * 17) % 400]! : names[Math.floor(i / 4) % 400]!)),
      ...Array.from({ length: 900 }, (_, i) => (i % 9 === 0 ? null : names[i % 5]!)),
    ];
    await appendTexts(texts.length, (chunk) => writeTexts(chunk.vector(1), chunk.rows, (i) => texts[i]));
    expect(await readBack()).toEqual(texts);
  });

  it('gives DuckDB texts it compares, sorts, groups and measures as the texts themselves', async () => {
    const texts = Array.from({ length: 3000 }, (_, i) => EDGES[i % EDGES.length]!);
    await appendTexts(texts.length, (chunk) => writeTexts(chunk.vector(1), chunk.rows, (i) => texts[i]));
    // equality with a literal, for an inlined and a pointed-to text
    for (const t of ['abcdefghijkl', 'abcdefghijklm', '北京市大兴区兴丰心桥社会工作发展中心', 'abcdX']) {
      const [[n]] = (await conn.runAndReadAll(`select count(*)::integer from t where s = $1`, [t])).getRowsJS() as number[][];
      expect(n, t).toBe(texts.filter((x) => x === t).length);
    }
    // grouped: each distinct text once, counted right (groups hash and compare the whole entry)
    const groups = new Map((await conn.runAndReadAll('select s, count(*)::integer from t group by s')).getRowsJS().map((r) => [r[0] as string, r[1] as number]));
    const expected = new Map<string, number>();
    for (const t of texts.map(stored) as string[]) expected.set(t, (expected.get(t) ?? 0) + 1);
    expect(groups).toEqual(expected);
    // sorted by byte order, which the 4-byte prefix decides first
    const sorted = (await conn.runAndReadAll('select distinct s from t order by s')).getRowsJS().map((r) => r[0] as string);
    const bytes = [...expected.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(sorted).toEqual(bytes);
    const lengths = (await conn.runAndReadAll('select s, strlen(s)::integer from t group by s')).getRowsJS();
    for (const [s, n] of lengths) expect(n, String(s)).toBe(Buffer.byteLength(s as string));
  });
});

describe('writeCodes', () => {
  it('writes each row its dictionary text, NULL for a null entry, as writeTexts would', async () => {
    const dictionary = ['兴丰街道', null, 'abcdefghijklm', '', '北京市大兴区兴丰心桥社会工作发展中心', '😀'];
    const codes = Uint32Array.from({ length: CHUNK_ROWS + 500 }, (_, i) => (i * 7) % dictionary.length);
    await appendTexts(codes.length, (chunk) => writeCodes(chunk.vector(1), chunk.rows, dictionary, codes));
    const coded = await readBack();
    expect(coded).toEqual(Array.from(codes, (c) => dictionary[c]));
    await appendTexts(codes.length, (chunk) => writeTexts(chunk.vector(1), chunk.rows, (i) => dictionary[codes[i]!]));
    expect(await readBack()).toEqual(coded);
  });
});
