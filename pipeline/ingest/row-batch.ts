/**
 * The loaded rows of one parsed sheet packed by column: what a reading worker sends (its
 * typed arrays moved, not copied), what the checks of a year read and what the loader
 * appends, without an object per row. A row becomes an object (`row(i)`) only when asked:
 * for a reject's message, or for a report that reads the rows.
 *
 * `RowSet` is what validation and loading read: a packed batch, or (for callers that made
 * their rows themselves) an array of `LoadedRow`s.
 */
import type { SheetSpec } from '../plan/contract.ts';
import type { RawValue } from '../plan/raw-schema.ts';
import { keyName } from '../basics/text.ts';
import { keyHash } from './key-table.ts';
import type { LoadedRow } from './records.ts';

/**
 * One contract column of a batch. Numbers and booleans in typed arrays; texts with few
 * distinct values (towns, enums) as codes into a dictionary; other texts as they are;
 * `any` for a column holding a value of another type than its contract type says (which
 * the loader then refuses, as it would the row object).
 */
export type PackedColumn =
  | { kind: 'number'; values: Float64Array; missing: Uint8Array | null }
  /** 0 false, 1 true, 2 missing. */
  | { kind: 'boolean'; values: Uint8Array }
  | { kind: 'codes'; dictionary: (string | null)[]; codes: Uint32Array }
  | { kind: 'text'; values: (string | null)[] }
  | { kind: 'any'; values: (RawValue | undefined)[] };

export interface PackedRows {
  /** Contract sheet name. */
  kind: string;
  year: number;
  sourceFile: string;
  sourceSheet: string;
  length: number;
  sourceRows: Int32Array;
  /** In contract column order. */
  columns: PackedColumn[];
  /** Each row's extra columns as the raw table stores them (JSON); null when no row has any. */
  extras: (string | null)[] | null;
  /** Each row's comparison key (`rowKey`). */
  keys: string[];
  /** Each key's hash (`keyHash`). */
  keyHashes: Int32Array;
}

/** Comparison key of a row: key columns, names compared with `keyName`, towns by code. */
export function rowKey(sheet: SheetSpec, row: LoadedRow): string {
  let k = '';
  for (const col of keyColumns(sheet)) k += keyPart(col.type, row.values[col.field]);
  return k;
}

function keyPart(type: string, v: RawValue | undefined): string {
  return (typeof v === 'string' && type !== 'town' ? keyName(v) : String(v)) + '\u0001';
}

const KEY_COLUMNS = new Map<SheetSpec, SheetSpec['columns'][number][]>();
function keyColumns(sheet: SheetSpec): SheetSpec['columns'][number][] {
  let cols = KEY_COLUMNS.get(sheet);
  if (!cols) {
    cols = sheet.key.map((name) => sheet.columns.find((c) => c.name === name)!);
    KEY_COLUMNS.set(sheet, cols);
  }
  return cols;
}

const NUMBER_TYPES = new Set(['integer', 'number', 'percent', 'year']);
/** Texts from a short list (towns, enum values): coded into a dictionary. */
const CODED_TYPES = new Set(['enum', 'town']);
/** Other texts (names, notes): kept as they are. */
const TEXT_TYPES = new Set(['text', 'community']);
/** A coded column with more distinct values than this is kept as it is. */
const MAX_DICTIONARY = 4096;

/** Builds one packed column value by value, as the contract type says it should hold them. */
class ColumnBuilder {
  private kind: PackedColumn['kind'];
  private numbers: Float64Array | null = null;
  private missing: Uint8Array | null = null;
  private booleans: Uint8Array | null = null;
  private texts: (string | null)[] | null = null;
  private index: Map<string | null, number> | null = null;
  private codes: Uint32Array | null = null;
  private any: (RawValue | undefined)[] | null = null;
  private n = 0;

  constructor(type: string, private readonly capacity: number) {
    this.kind = NUMBER_TYPES.has(type) ? 'number' : type === 'bool' ? 'boolean' : CODED_TYPES.has(type) ? 'codes' : TEXT_TYPES.has(type) ? 'text' : 'any';
    if (this.kind === 'number') this.numbers = new Float64Array(capacity);
    else if (this.kind === 'boolean') this.booleans = new Uint8Array(capacity);
    else if (this.kind === 'codes') {
      this.index = new Map();
      this.codes = new Uint32Array(capacity);
    } else if (this.kind === 'text') this.texts = [];
    else this.any = [];
  }

  add(v: RawValue | undefined): void {
    const i = this.n++;
    switch (this.kind) {
      case 'number':
        if (typeof v === 'number') this.numbers![i] = v;
        else if (v === null) (this.missing ??= new Uint8Array(this.capacity))[i] = 1;
        else this.toAny(v);
        return;
      case 'boolean':
        if (typeof v === 'boolean') this.booleans![i] = v ? 1 : 0;
        else if (v === null) this.booleans![i] = 2;
        else this.toAny(v);
        return;
      case 'codes': {
        if (typeof v !== 'string' && v !== null) {
          this.toAny(v);
          return;
        }
        const index = this.index!;
        let code = index.get(v);
        if (code === undefined) {
          if (index.size >= MAX_DICTIONARY) {
            this.toText(v);
            return;
          }
          code = index.size;
          index.set(v, code);
        }
        this.codes![i] = code;
        return;
      }
      case 'text':
        if (typeof v === 'string' || v === null) this.texts!.push(v);
        else this.toAny(v);
        return;
      default:
        this.any!.push(v);
    }
  }

  /** A coded column with more distinct values than a dictionary is for: kept as texts. */
  private toText(v: string | null): void {
    const texts = this.valuesSoFar(this.n - 1) as (string | null)[];
    texts.push(v);
    this.kind = 'text';
    this.texts = texts;
    this.index = null;
    this.codes = null;
  }

  /** A value of another type than the column's: the column so far, and from now on, kept as it is. */
  private toAny(v: RawValue | undefined): void {
    const any = this.valuesSoFar(this.n - 1);
    any.push(v);
    this.kind = 'any';
    this.any = any;
    this.numbers = this.missing = this.booleans = this.codes = null;
    this.texts = null;
    this.index = null;
  }

  /** The values added so far, read back (to change how the column is kept). */
  private valuesSoFar(count: number): (RawValue | undefined)[] {
    const dictionary = this.index ? [...this.index.keys()] : [];
    const out: (RawValue | undefined)[] = [];
    for (let k = 0; k < count; k++) out.push(this.kind === 'codes' ? dictionary[this.codes![k]!]! : this.valueAt(k));
    return out;
  }

  private valueAt(k: number): RawValue | undefined {
    switch (this.kind) {
      case 'number':
        return this.missing?.[k] === 1 ? null : this.numbers![k]!;
      case 'boolean':
        return this.booleans![k] === 2 ? null : this.booleans![k] === 1;
      case 'text':
        return this.texts![k];
      default:
        return this.any![k];
    }
  }

  finish(): PackedColumn {
    const n = this.n;
    switch (this.kind) {
      case 'number':
        return { kind: 'number', values: this.numbers!.slice(0, n), missing: this.missing ? this.missing.slice(0, n) : null };
      case 'boolean':
        return { kind: 'boolean', values: this.booleans!.slice(0, n) };
      case 'codes':
        return { kind: 'codes', dictionary: [...this.index!.keys()], codes: this.codes!.slice(0, n) };
      case 'text':
        return { kind: 'text', values: this.texts! };
      default:
        return { kind: 'any', values: this.any! };
    }
  }
}

/**
 * Packs the loaded rows of one parsed sheet (all of one file, sheet and year) as they are
 * found, each row's values in contract column order: what the sheet parser fills when the
 * rows go to another thread, instead of making an object per row.
 */
export class RowPacker {
  private readonly builders: ColumnBuilder[];
  private readonly keyCols: { c: number; type: string }[];
  private readonly sourceRows: Int32Array;
  private readonly keys: string[] = [];
  private readonly keyHashes: Int32Array;
  private extras: (string | null)[] | null = null;
  private n = 0;

  constructor(private readonly sheet: SheetSpec, private readonly where: { year: number; sourceFile: string; sourceSheet: string }, private readonly capacity: number) {
    this.builders = sheet.columns.map((c) => new ColumnBuilder(c.type, capacity));
    this.keyCols = keyColumns(sheet).map((col) => ({ c: sheet.columns.indexOf(col), type: col.type }));
    this.sourceRows = new Int32Array(capacity);
    this.keyHashes = new Int32Array(capacity);
  }

  get length(): number {
    return this.n;
  }

  /** One loaded row: its values in contract column order, its extra columns as JSON (`JSON.stringify`) or null. */
  add(sourceRow: number, values: readonly (RawValue | undefined)[], extras: string | null): void {
    const i = this.n;
    if (i >= this.capacity) throw new Error(`RowPacker：超过预计的 ${this.capacity} 行`);
    this.n++;
    this.sourceRows[i] = sourceRow;
    const builders = this.builders;
    for (let c = 0; c < builders.length; c++) builders[c]!.add(values[c]);
    let k = '';
    for (const { c, type } of this.keyCols) k += keyPart(type, values[c]);
    this.keys.push(k);
    this.keyHashes[i] = keyHash(k);
    if (extras !== null) (this.extras ??= new Array<string | null>(i).fill(null))[i] = extras;
    else if (this.extras !== null) this.extras[i] = null;
  }

  finish(): PackedRows {
    return {
      kind: this.sheet.name, ...this.where, length: this.n, sourceRows: this.sourceRows.slice(0, this.n),
      columns: this.builders.map((b) => b.finish()), extras: this.extras, keys: this.keys,
      keyHashes: this.keyHashes.slice(0, this.n),
    };
  }
}

/**
 * Pack the loaded rows of one parsed sheet (all of one file, sheet and year, as the sheet
 * parser makes them).
 */
export function packRows(sheet: SheetSpec, where: { year: number; sourceFile: string; sourceSheet: string }, rows: readonly LoadedRow[]): PackedRows {
  const packer = new RowPacker(sheet, where, rows.length);
  const fields = sheet.columns.map((c) => c.field);
  const values: (RawValue | undefined)[] = new Array(fields.length);
  rows.forEach((r, i) => {
    if (r.year !== where.year || r.sourceFile !== where.sourceFile || r.sourceSheet !== where.sourceSheet) {
      throw new Error(`packRows：第 ${i + 1} 行的来源（${r.sourceFile} ${r.sourceSheet} ${r.year}）与工作表不一致`);
    }
    for (let c = 0; c < fields.length; c++) values[c] = r.values[fields[c]!];
    packer.add(r.sourceRow, values, r.extras === null ? null : JSON.stringify(r.extras));
  });
  return packer.finish();
}

/**
 * `p` with each typed array that is a view of `shared` replaced by a copy of its own: a batch
 * deserialized from bytes (outcome-bytes.ts) would otherwise keep all of those bytes alive, its
 * texts included, for as long as it is held.
 */
export function ownArrays(p: PackedRows, shared: ArrayBufferLike): PackedRows {
  const own = <T extends Int32Array | Float64Array | Uint8Array | Uint32Array>(a: T): T => (a.buffer === shared ? (a.slice() as T) : a);
  const columns = p.columns.map((c): PackedColumn => {
    switch (c.kind) {
      case 'number':
        return { kind: 'number', values: own(c.values), missing: c.missing && own(c.missing) };
      case 'boolean':
        return { kind: 'boolean', values: own(c.values) };
      case 'codes':
        return { kind: 'codes', dictionary: c.dictionary, codes: own(c.codes) };
      default:
        return c;
    }
  });
  return { ...p, sourceRows: own(p.sourceRows), keyHashes: own(p.keyHashes), columns };
}

// ---------------------------------------------------------------------------------------
// Reading rows

/** Rows of one sheet kind as validation and loading read them: by index, by contract column. */
export interface RowSet {
  readonly sheet: SheetSpec;
  readonly length: number;
  sourceFile(i: number): string;
  sourceSheet(i: number): string;
  sourceRow(i: number): number;
  /** Value of contract column `c` (undefined: not in the row). */
  value(i: number, c: number): RawValue | undefined;
  key(i: number): string;
  /** The key's hash (`keyHash`). */
  keyHash(i: number): number;
  /** The row as an object (made anew on each call for a packed batch). */
  row(i: number): LoadedRow;
  /** Replace a text value (a community written as the directory writes it). */
  setText(i: number, c: number, v: string): void;
}

/** A packed batch. */
export class RowBatch implements RowSet {
  readonly length: number;
  private readonly fields: string[];

  constructor(readonly sheet: SheetSpec, readonly data: PackedRows) {
    if (data.kind !== sheet.name || data.columns.length !== sheet.columns.length) throw new Error(`RowBatch：批次（${data.kind}）与工作表“${sheet.name}”的列不符`);
    this.length = data.length;
    this.fields = sheet.columns.map((c) => c.field);
  }

  sourceFile(): string {
    return this.data.sourceFile;
  }

  sourceSheet(): string {
    return this.data.sourceSheet;
  }

  sourceRow(i: number): number {
    return this.data.sourceRows[i]!;
  }

  value(i: number, c: number): RawValue | undefined {
    const col = this.data.columns[c]!;
    switch (col.kind) {
      case 'number':
        return col.missing !== null && col.missing[i] === 1 ? null : col.values[i]!;
      case 'boolean': {
        const b = col.values[i]!;
        return b === 2 ? null : b === 1;
      }
      case 'codes':
        return col.dictionary[col.codes[i]!]!;
      default:
        return col.values[i];
    }
  }

  key(i: number): string {
    return this.data.keys[i]!;
  }

  keyHash(i: number): number {
    return this.data.keyHashes[i]!;
  }

  row(i: number): LoadedRow {
    const values: Record<string, RawValue> = {};
    const fields = this.fields;
    for (let c = 0; c < fields.length; c++) {
      const v = this.value(i, c);
      if (v !== undefined) values[fields[c]!] = v;
    }
    const extras = this.data.extras?.[i] ?? null;
    const d = this.data;
    return { year: d.year, sourceFile: d.sourceFile, sourceSheet: d.sourceSheet, sourceRow: d.sourceRows[i]!, values, extras: extras === null ? null : JSON.parse(extras) as Record<string, string> };
  }

  setText(i: number, c: number, v: string): void {
    const cols = this.data.columns;
    const col = cols[c]!;
    if (col.kind === 'text' || col.kind === 'any') {
      col.values[i] = v;
      return;
    }
    if (col.kind !== 'codes') throw new Error(`RowBatch.setText：第 ${c + 1} 列不是文本`);
    // A code column becomes a plain one: the replaced value is rare, the dictionary stays small.
    const values = Array.from(col.codes, (k) => col.dictionary[k]!);
    values[i] = v;
    cols[c] = { kind: 'text', values };
  }

  /** Extra columns of row `i` as the raw table stores them (JSON), or null. */
  extrasJson(i: number): string | null {
    return this.data.extras?.[i] ?? null;
  }
}

/** Rows made by the caller (tests, or a parsed sheet read in this thread), read through the same interface. */
export class ObjectRows implements RowSet {
  private rows: readonly LoadedRow[];
  private copied = false;
  private readonly fields: string[];

  constructor(readonly sheet: SheetSpec, rows: readonly LoadedRow[]) {
    this.rows = rows;
    this.fields = sheet.columns.map((c) => c.field);
  }

  get length(): number {
    return this.rows.length;
  }

  sourceFile(i: number): string {
    return this.rows[i]!.sourceFile;
  }

  sourceSheet(i: number): string {
    return this.rows[i]!.sourceSheet;
  }

  sourceRow(i: number): number {
    return this.rows[i]!.sourceRow;
  }

  value(i: number, c: number): RawValue | undefined {
    return this.rows[i]!.values[this.fields[c]!];
  }

  key(i: number): string {
    return rowKey(this.sheet, this.rows[i]!);
  }

  keyHash(i: number): number {
    return keyHash(this.key(i));
  }

  row(i: number): LoadedRow {
    return this.rows[i]!;
  }

  setText(i: number, c: number, v: string): void {
    // The caller's rows are left as they were: the replaced row is a new object.
    if (!this.copied) {
      this.rows = [...this.rows];
      this.copied = true;
    }
    const r = this.rows[i]!;
    (this.rows as LoadedRow[])[i] = { ...r, values: { ...r.values, [this.fields[c]!]: v } };
  }
}

/** The rows of a set that were kept (loaded): all of them, or those at `indices`. */
export interface KeptRows {
  set: RowSet;
  /** Ascending row indices; null when every row was kept. */
  indices: Int32Array | null;
}

export function keptCount(k: KeptRows): number {
  return k.indices === null ? k.set.length : k.indices.length;
}

/**
 * A year's loaded rows per sheet kind, made into objects only for the kinds asked for (and
 * then kept). `release()` drops them once they are in the warehouse and no one reads them:
 * asking afterwards is an error, not an empty answer.
 */
export class YearRows implements ReadonlyMap<string, readonly LoadedRow[]> {
  private parts: Map<string, KeptRows[]> | null;
  private readonly made = new Map<string, LoadedRow[]>();

  constructor(parts: Map<string, KeptRows[]>, private readonly year: number) {
    this.parts = parts;
  }

  /** The kept rows of each kind, in input order (what the loader appends). */
  kept(kind: string): readonly KeptRows[] {
    return this.live().get(kind) ?? [];
  }

  release(): void {
    this.parts = null;
    this.made.clear();
  }

  /** Whether release() has dropped the rows (a build with --data-only keeps none past loading). */
  get released(): boolean {
    return this.parts === null;
  }

  private live(): Map<string, KeptRows[]> {
    if (this.parts === null) throw new Error(`${this.year} 年的数据行已载入数据仓库并释放，不能再读取`);
    return this.parts;
  }

  get size(): number {
    return this.live().size;
  }

  has(kind: string): boolean {
    return this.live().has(kind);
  }

  get(kind: string): readonly LoadedRow[] | undefined {
    const parts = this.live().get(kind);
    if (!parts) return undefined;
    let rows = this.made.get(kind);
    if (!rows) {
      rows = [];
      for (const { set, indices } of parts) {
        if (indices === null) for (let i = 0; i < set.length; i++) rows.push(set.row(i));
        else for (const i of indices) rows.push(set.row(i));
      }
      this.made.set(kind, rows);
    }
    return rows;
  }

  *keys(): MapIterator<string> {
    yield* this.live().keys();
  }

  *values(): MapIterator<readonly LoadedRow[]> {
    for (const k of this.keys()) yield this.get(k)!;
  }

  *entries(): MapIterator<[string, readonly LoadedRow[]]> {
    for (const k of this.keys()) yield [k, this.get(k)!];
  }

  [Symbol.iterator](): MapIterator<[string, readonly LoadedRow[]]> {
    return this.entries();
  }

  forEach(fn: (value: readonly LoadedRow[], key: string, map: ReadonlyMap<string, readonly LoadedRow[]>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}
