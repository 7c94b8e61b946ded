/**
 * Rows into DuckDB a data chunk at a time (2,048 rows, DuckDB's vector size) instead of one
 * appender call per value: numbers and booleans are copied into each vector as one block,
 * and a text that repeats within a chunk (a file name, a town, a status) is copied into the
 * vector once, its other rows pointing at that copy, as the rows of DuckDB's own dictionary
 * vectors do. At 100× the raw rows (1.26 M) took 4.3 s one value at a time, 2.0 s this way.
 *
 * The callers check each value against its column's type first: these writers put a value
 * where its column's type says, and do not check it again.
 */
import duckdb from '@duckdb/node-bindings';
import { DuckDBDataChunk, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { endianness } from 'node:os';
import type { DuckType } from '../plan/raw-schema.ts';

/** Rows per data chunk: DuckDB's vector size. */
export const CHUNK_ROWS = 2048;

/** Bytes of one VARCHAR entry in a vector (DuckDB's string_t: length, then the text inlined or a pointer to it). */
const STRING_ENTRY = 16;

/** One chunk being filled. */
export interface Chunk {
  /** The caller's index of each row of the chunk, in order. */
  rows: Int32Array;
  /** The vector of column `c` (in the appender's table's column order). */
  vector(c: number): duckdb.Vector;
}

/**
 * An appender on `table`, filled by `fill`, flushed and closed. When filling or flushing
 * fails, what was appended is dropped and the appender closed without its own error
 * hiding the first: after an out-of-memory, closing says only "Current transaction is
 * aborted", and the build had shown that instead of the memory advice.
 */
export async function withAppender<T>(conn: DuckDBConnection, table: string, fill: (a: DuckDBAppender) => T | Promise<T>): Promise<T> {
  const a = await conn.createAppender(table);
  let result: T;
  try {
    result = await fill(a);
    a.flushSync();
  } catch (e) {
    try {
      a.clear();
      a.closeSync();
    } catch {
      // the first error is the one that says what happened
    }
    throw e;
  }
  a.closeSync();
  return result;
}

/**
 * Append `count` rows to `a`'s table, a chunk at a time: the k-th row appended is the caller's
 * row `rowAt(k)`; `fill` writes every column of each chunk with the writers below.
 */
export function appendInChunks(a: DuckDBAppender, count: number, rowAt: (k: number) => number, fill: (chunk: Chunk) => void): void {
  if (count === 0) return;
  // One chunk, emptied after each append (the appender has copied it): its memory is DuckDB's,
  // which V8 does not see, so chunks left to the garbage collector would pile up unnoticed.
  const chunk = DuckDBDataChunk.create(Array.from({ length: a.columnCount }, (_, c) => a.columnType(c)));
  const vector = (c: number) => duckdb.data_chunk_get_vector(chunk.chunk, c);
  for (let start = 0; start < count; start += CHUNK_ROWS) {
    const size = Math.min(CHUNK_ROWS, count - start);
    const rows = new Int32Array(size);
    for (let j = 0; j < size; j++) rows[j] = rowAt(start + j);
    duckdb.data_chunk_reset(chunk.chunk);
    fill({ rows, vector });
    duckdb.data_chunk_set_size(chunk.chunk, size);
    a.appendDataChunk(chunk);
  }
}

/** The same value in every row of the chunk (a constant vector). */
export function writeConstant(v: duckdb.Vector, type: 'INTEGER' | 'VARCHAR', value: number | string): void {
  duckdb.vector_reference_value(v, type === 'INTEGER' ? duckdb.create_int32(value as number) : duckdb.create_varchar(value as string));
}

/**
 * Texts (NULL for null or undefined); a text repeated in the chunk copied into the vector once.
 * Repeats are looked for by text while the chunk's first rows have them: a column of names,
 * each its own, stops looking after PROBE_ROWS rows that repeated less than one in eight, and
 * shares only a text equal to the row's before it (hashing every text into a Map had been most
 * of this function's time at 100×, for the raw rows' names and notes).
 */
export function writeTexts(v: duckdb.Vector, rows: Int32Array, text: (i: number) => string | null | undefined): void {
  const size = rows.length;
  const texts = new TextEntries(size);
  let first: Map<string, number> | null = new Map();
  let repeats = 0;
  /** The last text written, and its row. */
  let last: string | null = null;
  let lastAt = -1;
  for (let j = 0; j < size; j++) {
    const t = text(rows[j]!);
    if (t === null || t === undefined) {
      texts.setNull(j);
      continue;
    }
    if (t === last) {
      texts.share(j, lastAt);
      continue;
    }
    last = t;
    lastAt = j;
    if (first !== null) {
      const at = first.get(t);
      if (at !== undefined) {
        repeats++;
        texts.share(j, at);
        continue;
      }
      first.set(t, j);
      if (first.size === PROBE_ROWS && repeats * 8 < PROBE_ROWS) first = null;
    }
    texts.set(j, t);
  }
  texts.writeTo(v);
}

/** Rows of distinct texts after which writeTexts stops looking for repeats when few were found. */
const PROBE_ROWS = 256;

/**
 * A coded text column (`dictionary[codes[i]]`, null for NULL): as writeTexts, each distinct
 * text copied once, found by its code rather than by hashing the text on every row.
 */
export function writeCodes(v: duckdb.Vector, rows: Int32Array, dictionary: readonly (string | null)[], codes: Uint32Array): void {
  const size = rows.length;
  const texts = new TextEntries(size);
  const first = new Int32Array(dictionary.length).fill(-1);
  for (let j = 0; j < size; j++) {
    const code = codes[rows[j]!]!;
    const t = dictionary[code];
    if (t === null || t === undefined) {
      texts.setNull(j);
      continue;
    }
    const at = first[code]!;
    if (at < 0) {
      first[code] = j;
      texts.set(j, t);
    } else texts.share(j, at);
  }
  texts.writeTo(v);
}

/**
 * The VARCHAR entries of one chunk, made in JavaScript and handed to DuckDB in two calls
 * rather than one per text. An entry is DuckDB's `duckdb_string_t` (duckdb.h): the length in
 * bytes, then a text of up to 12 bytes inlined (zero-padded), or a longer one's first 4 bytes
 * and a pointer to its bytes. A chunk's longer texts are encoded one after another into one
 * buffer, which is copied into the vector's own string heap as one value; each entry then
 * points into that copy, which lives as long as the vector's data (until the chunk is reset,
 * after the appender has copied the rows). At 100× the raw rows' 1.6 M texts (names, notes,
 * extra columns) had taken one native call each.
 *
 * One column of one chunk at a time: the buffers are reused (filling is synchronous).
 */
class TextEntries {
  private static entryBuffer = new Uint8Array(CHUNK_ROWS * STRING_ENTRY);
  private static heapBuffer = Buffer.allocUnsafe(CHUNK_ROWS * 32);
  private static nullBuffer = new Uint8Array(CHUNK_ROWS);
  private static offsetBuffer = new Int32Array(CHUNK_ROWS);

  private readonly entries: Uint8Array;
  private readonly view: DataView;
  private readonly nulls: Uint8Array;
  private anyNull = false;
  /** Each row's offset in `heap` when its text is longer than 12 bytes, else -1. */
  private readonly offsets: Int32Array;
  private heap: Buffer;
  private used = 0;
  /** The first row whose text is in the heap (its vector entry is set by DuckDB, to find the heap's copy). */
  private host = -1;

  constructor(private readonly size: number) {
    if (TextEntries.entryBuffer.length < size * STRING_ENTRY) {
      TextEntries.entryBuffer = new Uint8Array(size * STRING_ENTRY);
      TextEntries.nullBuffer = new Uint8Array(size);
      TextEntries.offsetBuffer = new Int32Array(size);
    }
    this.entries = TextEntries.entryBuffer.subarray(0, size * STRING_ENTRY).fill(0);
    this.view = new DataView(this.entries.buffer, this.entries.byteOffset, this.entries.byteLength);
    this.nulls = TextEntries.nullBuffer.subarray(0, size).fill(0);
    this.offsets = TextEntries.offsetBuffer.subarray(0, size).fill(-1);
    this.heap = TextEntries.heapBuffer;
  }

  setNull(j: number): void {
    this.nulls[j] = 1;
    this.anyNull = true;
  }

  set(j: number, t: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair, 2 units, takes 4)
    if (this.heap.length - this.used < t.length * 3) this.grow(t.length * 3);
    // written at an offset, and its first bytes copied one by one: no view made per text
    const heap = this.heap;
    const used = this.used;
    const written = heap.write(t, used);
    const at = j * STRING_ENTRY;
    this.view.setUint32(at, written, true);
    const entries = this.entries;
    const head = written <= INLINED ? written : 4;
    for (let b = 0; b < head; b++) entries[at + 4 + b] = heap[used + b]!;
    if (written <= INLINED) return;
    this.offsets[j] = used;
    if (this.host < 0) this.host = j;
    this.used += written;
  }

  /** Row `j` holds the same text as row `at` (set before it). */
  share(j: number, at: number): void {
    this.entries.copyWithin(j * STRING_ENTRY, at * STRING_ENTRY, (at + 1) * STRING_ENTRY);
    this.offsets[j] = this.offsets[at]!;
  }

  writeTo(v: duckdb.Vector): void {
    if (this.host >= 0 && !this.pointInto(v)) {
      this.assignEach(v);
      return;
    }
    copyData(v, this.entries);
    if (this.anyNull) writeValidity(v, this.nulls);
  }

  /** Copies the heap into the vector and points the longer texts' entries at that copy; false when the address cannot be written exactly here. */
  private pointInto(v: duckdb.Vector): boolean {
    if (!LITTLE_ENDIAN) return false;
    duckdb.vector_assign_string_element_len(v, this.host, this.heap.subarray(0, this.used));
    const hostEntry = duckdb.vector_get_data(v, (this.host + 1) * STRING_ENTRY);
    const base = new DataView(hostEntry.buffer, hostEntry.byteOffset, hostEntry.byteLength).getBigUint64(this.host * STRING_ENTRY + 8, true);
    if (base > BigInt(Number.MAX_SAFE_INTEGER - this.used)) return false;
    const origin = Number(base);
    for (let j = 0; j < this.size; j++) {
      const offset = this.offsets[j]!;
      if (offset < 0) continue;
      const pointer = origin + offset;
      this.view.setUint32(j * STRING_ENTRY + 8, pointer % 4294967296, true);
      this.view.setUint32(j * STRING_ENTRY + 12, Math.floor(pointer / 4294967296), true);
    }
    return true;
  }

  /** One call per text: where the entries' layout cannot be written from here. */
  private assignEach(v: duckdb.Vector): void {
    for (let j = 0; j < this.size; j++) {
      if (this.nulls[j] === 1) continue;
      const length = this.view.getUint32(j * STRING_ENTRY, true);
      const offset = this.offsets[j]!;
      const bytes = offset >= 0 ? this.heap.subarray(offset, offset + length) : this.entries.subarray(j * STRING_ENTRY + 4, j * STRING_ENTRY + 4 + length);
      duckdb.vector_assign_string_element_len(v, j, bytes);
    }
    if (this.anyNull) writeValidity(v, this.nulls);
  }

  private grow(atLeast: number): void {
    const heap = Buffer.allocUnsafe(Math.max(this.heap.length * 2, this.used + atLeast));
    this.heap.copy(heap, 0, 0, this.used);
    this.heap = heap;
    // kept for the next chunks unless a chunk of long texts made it large (up to 2,048 cells of
    // 32,767 characters: 200 MB held for the rest of the build)
    if (heap.length <= MAX_KEPT_HEAP) TextEntries.heapBuffer = heap;
  }
}

/** The largest buffer of longer texts kept between chunks (bytes). */
const MAX_KEPT_HEAP = 4 * 1024 * 1024;
/** The longest text a `duckdb_string_t` holds inline, in bytes. */
const INLINED = 12;
/** The entries are written little-endian, as DuckDB reads them on such a machine (any other uses one call per text). */
const LITTLE_ENDIAN = endianness() === 'LE';

/** Numbers (NULL for null) into a DOUBLE, INTEGER or BIGINT vector; a BIGINT as two 32-bit halves, little-endian. */
export function writeNumbers(v: duckdb.Vector, type: 'DOUBLE' | 'INTEGER' | 'BIGINT', rows: Int32Array, value: (i: number) => number | null): void {
  const size = rows.length;
  const nulls = new Uint8Array(size);
  const data = type === 'DOUBLE' ? new Float64Array(size) : type === 'INTEGER' ? new Int32Array(size) : new Int32Array(2 * size);
  for (let j = 0; j < size; j++) {
    const x = value(rows[j]!);
    if (x === null) nulls[j] = 1;
    else if (type === 'BIGINT') {
      const hi = Math.floor(x / 4294967296);
      data[2 * j] = (x - hi * 4294967296) | 0;
      data[2 * j + 1] = hi;
    } else data[j] = x;
  }
  copyData(v, data);
  writeValidity(v, nulls);
}

/** Booleans (NULL for null). */
export function writeBooleans(v: duckdb.Vector, rows: Int32Array, value: (i: number) => boolean | null): void {
  const size = rows.length;
  const nulls = new Uint8Array(size);
  const data = new Uint8Array(size);
  for (let j = 0; j < size; j++) {
    const b = value(rows[j]!);
    if (b === null) nulls[j] = 1;
    else data[j] = b ? 1 : 0;
  }
  copyData(v, data);
  writeValidity(v, nulls);
}

/** Values of a column of `type`, as plain JS values (null or undefined: NULL). */
export function writeValues(v: duckdb.Vector, type: DuckType, rows: Int32Array, value: (i: number) => unknown): void {
  const nullable = <T>(f: (x: unknown) => T) => (i: number): T | null => {
    const x = value(i);
    return x === null || x === undefined ? null : f(x);
  };
  if (type === 'VARCHAR') writeTexts(v, rows, nullable(String));
  else if (type === 'BOOLEAN') writeBooleans(v, rows, nullable((x) => x === true));
  else writeNumbers(v, type, rows, nullable(Number));
}

function copyData(v: duckdb.Vector, data: ArrayBufferView): void {
  duckdb.copy_data_to_vector(v, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
}

/** Marks the chunk rows `nulls` flags as NULL (nothing to do when none is). */
function writeValidity(v: duckdb.Vector, nulls: Uint8Array): void {
  if (nulls.indexOf(1) < 0) return;
  const mask = new Uint8Array(Math.ceil(nulls.length / 64) * 8).fill(0xff);
  for (let j = 0; j < nulls.length; j++) if (nulls[j] === 1) mask[j >> 3]! &= ~(1 << (j & 7));
  duckdb.vector_ensure_validity_writable(v);
  duckdb.copy_data_to_vector_validity(v, 0, mask.buffer, 0, mask.byteLength);
}
