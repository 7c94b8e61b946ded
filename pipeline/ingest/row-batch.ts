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
import { nameKey } from '../basics/text.ts';
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
}

/** Comparison key of a row: key columns, names compared with `nameKey`, towns by code. */
export function rowKey(sheet: SheetSpec, row: LoadedRow): string {
  let k = '';
  for (const col of keyColumns(sheet)) k += keyPart(col.type, row.values[col.field]);
  return k;
}

function keyPart(type: string, v: RawValue | undefined): string {
  return (typeof v === 'string' && type !== 'town' ? nameKey(v) : String(v)) + '\u0001';
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
const TEXT_TYPES = new Set(['text', 'enum', 'town', 'community']);
/** A text column with more distinct values than this share of its rows is kept as it is. */
const DICTIONARY_SHARE = 0.25;

function packColumn(type: string, field: string, rows: readonly LoadedRow[]): PackedColumn {
  const n = rows.length;
  if (NUMBER_TYPES.has(type)) {
    const values = new Float64Array(n);
    let missing: Uint8Array | null = null;
    for (let i = 0; i < n; i++) {
      const v = rows[i]!.values[field];
      if (typeof v === 'number') values[i] = v;
      else if (v === null) (missing ??= new Uint8Array(n))[i] = 1;
      else return anyColumn(field, rows);
    }
    return { kind: 'number', values, missing };
  }
  if (type === 'bool') {
    const values = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = rows[i]!.values[field];
      if (typeof v === 'boolean') values[i] = v ? 1 : 0;
      else if (v === null) values[i] = 2;
      else return anyColumn(field, rows);
    }
    return { kind: 'boolean', values };
  }
  if (TEXT_TYPES.has(type)) {
    const values: (string | null)[] = new Array(n);
    const index = new Map<string | null, number>();
    const codes = new Uint32Array(n);
    const limit = Math.max(16, n * DICTIONARY_SHARE);
    let dictionary = true;
    for (let i = 0; i < n; i++) {
      const v = rows[i]!.values[field];
      if (typeof v !== 'string' && v !== null) return anyColumn(field, rows);
      values[i] = v;
      if (!dictionary) continue;
      let code = index.get(v);
      if (code === undefined) {
        code = index.size;
        index.set(v, code);
        if (index.size > limit) dictionary = false;
      }
      codes[i] = code;
    }
    return dictionary ? { kind: 'codes', dictionary: [...index.keys()], codes } : { kind: 'text', values };
  }
  return anyColumn(field, rows);
}

function anyColumn(field: string, rows: readonly LoadedRow[]): PackedColumn {
  return { kind: 'any', values: rows.map((r) => r.values[field]) };
}

/**
 * Pack the loaded rows of one parsed sheet (all of one file, sheet and year, as the sheet
 * parser makes them).
 */
export function packRows(sheet: SheetSpec, where: { year: number; sourceFile: string; sourceSheet: string }, rows: readonly LoadedRow[]): PackedRows {
  const n = rows.length;
  const sourceRows = new Int32Array(n);
  const keys: string[] = new Array(n);
  let extras: (string | null)[] | null = null;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (r.year !== where.year || r.sourceFile !== where.sourceFile || r.sourceSheet !== where.sourceSheet) {
      throw new Error(`packRows：第 ${i + 1} 行的来源（${r.sourceFile} ${r.sourceSheet} ${r.year}）与工作表不一致`);
    }
    sourceRows[i] = r.sourceRow;
    keys[i] = rowKey(sheet, r);
    if (r.extras !== null) (extras ??= new Array<string | null>(n).fill(null))[i] = JSON.stringify(r.extras);
  }
  return {
    kind: sheet.name, ...where, length: n, sourceRows,
    columns: sheet.columns.map((c) => packColumn(c.type, c.field, rows)),
    extras, keys,
  };
}

/** The buffers of a packed batch that can be moved to another thread instead of copied. */
export function transferables(p: PackedRows): ArrayBuffer[] {
  const out: ArrayBuffer[] = [p.sourceRows.buffer as ArrayBuffer];
  for (const c of p.columns) {
    if (c.kind === 'number') {
      out.push(c.values.buffer as ArrayBuffer);
      if (c.missing) out.push(c.missing.buffer as ArrayBuffer);
    } else if (c.kind === 'boolean') out.push(c.values.buffer as ArrayBuffer);
    else if (c.kind === 'codes') out.push(c.codes.buffer as ArrayBuffer);
  }
  return out;
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
