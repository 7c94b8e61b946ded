/**
 * The SQL page's Arrow copies (sql.ts): the rows of a published Parquet file as an Arrow IPC
 * stream, in the types DuckDB-WASM reads back as they were. The only module of the build that
 * loads apache-arrow, and only when the site's copies are made (see `writeArrowTables`).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { Bool, Float64, Int32, Int64, makeData, makeVector, Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { sqlString } from '../basics/sql.ts';

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Arrow types for the DuckDB types the data uses; any other column is published as text. */
const ARROW_TYPES: Readonly<Record<string, () => DataType>> = {
  VARCHAR: () => new Utf8(),
  BIGINT: () => new Int64(),
  INTEGER: () => new Int32(),
  DOUBLE: () => new Float64(),
  BOOLEAN: () => new Bool(),
};

/**
 * A text column as an Arrow vector, its bytes and offsets written at once (Arrow's builder,
 * value by value, took most of the time of the lineage's copy); null and undefined are null.
 * The texts are encoded as one string (each one's length from Buffer.byteLength): a third
 * of the time of encoding them one by one. Should that give other bytes than the texts one
 * by one would (a lone surrogate at the end of one text meeting one at the start of the next
 * makes a pair), they are encoded one by one.
 */
export function utf8Vector(values: readonly unknown[]): Vector {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  const validity = new Uint8Array((n + 7) >> 3);
  const texts: string[] = [];
  let total = 0;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) nulls += 1;
    else {
      validity[i >> 3]! |= 1 << (i & 7);
      const text = String(v);
      texts.push(text);
      total += Buffer.byteLength(text, 'utf8');
    }
    offsets[i + 1] = total;
  }
  let bytes: Uint8Array = new Uint8Array(total);
  const { written } = new TextEncoder().encodeInto(texts.join(''), bytes);
  if (written !== total) bytes = encodeEach(texts, total);
  return makeVector(makeData({ type: new Utf8(), length: n, nullCount: nulls, nullBitmap: nulls > 0 ? validity : null, valueOffsets: offsets, data: bytes })) as Vector;
}

/** The texts' UTF-8 bytes one after another, each text encoded by itself (`total` bytes in all). */
function encodeEach(texts: readonly string[], total: number): Uint8Array {
  const bytes = new Uint8Array(total);
  const encoder = new TextEncoder();
  let at = 0;
  for (const text of texts) at += encoder.encodeInto(text, bytes.subarray(at)).written;
  return bytes;
}

/**
 * A text column with at most this many distinct values, each repeated four times or more on
 * average, is read through an ENUM type made of them: DuckDB hands back each row's code, and
 * each distinct text is made once, where a VARCHAR's every value is read and decoded by
 * itself (the lineage's file, sheet, metric and place columns: ≈ 1 µs a value, ≈ 0.3 s of
 * its 0.9 s copy when a corrected workbook changes it).
 */
const MAX_CODED = 4096;
/** Tables of fewer rows read every text: making the types took longer than it saved (the sample's values: 40–50 ms plainly, 60–170 ms coded). */
const MIN_CODED_ROWS = 8192;

/** The rows of a Parquet file as an Arrow IPC stream, in the types DuckDB-WASM reads back as they were. */
export async function arrowCopy(file: string, href: string, connection: () => Promise<DuckDBConnection>): Promise<Uint8Array> {
  const conn = await connection();
  const from = `read_parquet(${sqlString(file)})`;
  const columns = (await conn.runAndReadAll(`describe select * from ${from}`)).getRowObjectsJS()
    .map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  const coded = await codedColumns(conn, from, columns.filter((c) => c.type === 'VARCHAR').map((c) => c.name));
  const select = columns.map((c) => {
    const name = quoteIdent(c.name);
    const type = coded.get(c.name);
    if (type) return `cast(${name} as ${type}) as ${name}`;
    return ARROW_TYPES[c.type] ? name : `cast(${name} as varchar) as ${name}`;
  }).join(', ');
  const data = (await conn.runAndReadAll(`select ${select} from ${from}`)).getColumnsJS();
  const vectors: Record<string, Vector> = {};
  columns.forEach((c, i) => {
    const type = ARROW_TYPES[c.type] ? c.type : 'VARCHAR';
    vectors[c.name] = type === 'VARCHAR' ? utf8Vector(data[i] ?? []) : vectorFromArray(data[i] ?? [], ARROW_TYPES[type]!()) as Vector;
  });
  const table = new Table(vectors);
  if (table.schema.fields.map((f) => f.name).join('\0') !== columns.map((c) => c.name).join('\0')) {
    throw new Error(`${href}：转换为 Arrow 时列的顺序改变了`);
  }
  return tableToIPC(table, 'stream');
}

/** The text columns to read as codes (MAX_CODED), each with the ENUM type made for it in `conn`. */
async function codedColumns(conn: DuckDBConnection, from: string, texts: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (texts.length === 0) return out;
  const rows = Number((await conn.runAndReadAll(`select count(*) from ${from}`)).getRows()[0]![0]);
  if (rows < MIN_CODED_ROWS) return out;
  const distinct = (await conn.runAndReadAll(`select ${texts.map((c) => `count(distinct ${quoteIdent(c)})`).join(', ')} from ${from}`)).getRows()[0]!.map(Number);
  for (const [k, name] of texts.entries()) {
    const n = distinct[k]!;
    if (n === 0 || n > MAX_CODED || n * 4 > rows) continue;
    const type = quoteIdent(`arrow_copy_${k}`);
    await conn.run(`create or replace type ${type} as enum (select distinct ${quoteIdent(name)} from ${from} where ${quoteIdent(name)} is not null)`);
    out.set(name, type);
  }
  return out;
}

/** The rows of an Arrow IPC stream. */
export function arrowRows(bytes: Uint8Array): number {
  return tableFromIPC(bytes).numRows;
}
