/**
 * Filling the warehouse's tables with typed DuckDB appenders: the validated rows of each
 * sheet kind, the reference tables and the load records. Every value is checked against
 * its column's type before it is appended.
 */
import type { Vector } from '@duckdb/node-bindings';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { formatNumber } from '../basics/format.ts';
import { rejectPlaces, RULE_LABELS } from '../ingest/ledger.ts';
import { recognizeSheet } from '../ingest/parse-sheet.ts';
import type { LoadedRow, LoadReportRow, Reject, Warning } from '../ingest/records.ts';
import type { MissingType } from '../ingest/missing-types.ts';
import { keptCount, RowBatch, type KeptRows, type PackedColumn } from '../ingest/row-batch.ts';
import { SHEET_BY_NAME, type SheetSpec } from '../plan/contract.ts';
import type { Geography } from '../plan/geography.ts';
import type { Plan } from '../plan/plan.ts';
import { PROVENANCE, rawColumns, rawTableName, type DuckType, type RawValue } from '../plan/raw-schema.ts';
import { LOAD_MISSING_TYPES, LOAD_REJECTS, LOAD_VANISHED_ROWS, LOAD_WARNINGS, LOAD_SHEETS, LOAD_YEARS, REF_DISTRICT, REF_INDICATORS, REF_PLAN, REF_SHEETS, REF_TOWNS, type TableDef } from './schema.ts';
import { yieldToEvents } from '../basics/events.ts';
import { appendInChunks, withAppender, writeBooleans, writeCodes, writeConstant, writeNumbers, writeTexts, writeValues } from './chunks.ts';

export async function writeReferences(conn: DuckDBConnection, geo: Geography, plan: Plan, sheets: readonly SheetSpec[]): Promise<void> {
  await appendTable(conn, REF_DISTRICT, [[geo.district.code, geo.district.name]]);
  await appendTable(conn, REF_TOWNS, geo.towns.map((t) => [t.code, t.name, t.type, t.order]));
  await appendTable(conn, REF_SHEETS, sheets.map((s) => [s.name, rawTableName(s), s.level, s.department, s.everyTown ?? null]));
  await appendTable(conn, REF_PLAN, [[plan.id, plan.title, plan.region, plan.period.start, plan.period.end, plan.baselineYear, plan.targetYear]]);
  await appendTable(
    conn,
    REF_INDICATORS,
    plan.indicators.map((i) => [
      i.id, i.name, i.unit, i.domain, i.subdomain, i.metric, i.level, i.aggregation, i.precision, i.baseline, i.target,
      i.targetOp, i.isBinding, i.isCumulative, i.isMaintain, i.planSection, i.sectionId, i.definition, i.sourceSheets.join(';'),
      Object.entries(i.sourceTypes).map(([sheet, types]) => `${sheet}=${types.join('/')}`).join(';'),
    ]),
  );
}

/** The reporting years of this build (the input's year folders). */
export async function recordLoadYears(conn: DuckDBConnection, years: readonly number[]): Promise<void> {
  await appendTable(conn, LOAD_YEARS, [...new Set(years)].sort((a, b) => a - b).map((y) => [y]));
}

/** The load report: which sheet kinds were delivered for which year (status `loaded`). */
export async function recordLoadSheets(conn: DuckDBConnection, rows: readonly LoadReportRow[]): Promise<void> {
  await appendTable(
    conn,
    LOAD_SHEETS,
    rows.map((r) => {
      const spec = r.sheetKind ? SHEET_BY_NAME.get(r.sheetKind) : undefined;
      if (r.sheetKind && !spec) throw new Error(`装载记录中的工作表种类“${r.sheetKind}”不在填报数据规范中（${r.file}）`);
      return [r.year, r.sheetKind || null, spec ? rawTableName(spec) : null, r.file, r.sheet || null, r.status, r.rowsRead, r.rowsLoaded, r.rowsRejected];
    }),
  );
}

/** The types of registers missing from a year (`missing-types.ts`). */
/** The warnings (`load_warnings`), in warnings.csv's order, each placed in its year and sheet kind: queried beside the values they put in doubt (the analyst review: a typo that turned a verdict was in warnings.csv alone). */
export async function recordWarnings(conn: DuckDBConnection, warnings: readonly Warning[], report: readonly LoadReportRow[]): Promise<void> {
  const placeOf = rejectPlaces(report);
  await appendTable(conn, LOAD_WARNINGS, warnings.map((w, i) => {
    const { year, kind } = placeOf({ ...w, scope: w.row === null ? 'sheet' : 'row' });
    return [i + 1, year ?? null, w.sheetKind ?? kind ?? null, w.file, w.sheet || null, w.row, w.column || null, w.value || null, w.rule, RULE_LABELS[w.rule] ?? w.rule, w.message];
  }));
}

/** The registers' rows of a town listed last year and gone this year (`load_vanished_rows`), from the town_rows_missing warnings. */
export async function recordVanishedRows(conn: DuckDBConnection, warnings: readonly Warning[]): Promise<void> {
  await appendTable(conn, LOAD_VANISHED_ROWS, warnings.flatMap((w) => {
    const v = w.vanished;
    return v && w.sheetKind && w.townCode ? [[v.year, w.sheetKind, w.townCode, v.type, v.lastYear, v.lastRows, v.townRowsLeft, v.allGone]] : [];
  }));
}

export async function recordMissingTypes(conn: DuckDBConnection, missing: readonly MissingType[]): Promise<void> {
  await appendTable(conn, LOAD_MISSING_TYPES, missing.map((m) => [m.year, m.sheetKind, m.column, m.type, m.lastYear, m.lastRows]));
}

/**
 * The rejects ledger (`load_rejects`), one row per reject in ledger order, each placed in
 * its year and sheet kind (from the load report of its file and sheet) and in the towns it
 * touches: a rejected row's town when its town cell was read, a rejected sheet's towns
 * when it names them, the district for a sheet without a town column; NULL when unknown
 * (the lost rows could belong to any town) and for a file that could not be read.
 */
export async function recordRejects(
  conn: DuckDBConnection, rejects: readonly Reject[], report: readonly LoadReportRow[], geo: Geography,
): Promise<void> {
  const placeOf = rejectPlaces(report);
  // The cells a row was rejected for are not trusted to say what it could have counted for.
  const distrusted = new Map<string, Set<string>>();
  const rowKey = (r: Reject) => `${r.file}\u0001${r.sheet}\u0001${r.row}`;
  for (const r of rejects) {
    if (r.scope !== 'row') continue;
    const spec = recognizeSheet(r.sheet);
    if (!spec) continue;
    if (!distrusted.has(rowKey(r))) distrusted.set(rowKey(r), new Set());
    for (const f of distrustedFields(spec, r)) distrusted.get(rowKey(r))!.add(f);
  }
  await appendTable(
    conn,
    LOAD_REJECTS,
    rejects.map((r, i) => {
      const { year, kind } = placeOf(r);
      if (year === undefined) throw new Error(`拒绝清单第 ${i + 1} 条（${r.file}）在装载记录中找不到年度`);
      const spec = kind ? SHEET_BY_NAME.get(kind) : undefined;
      const townCol = spec?.columns.find((col) => col.type === 'town');
      let geoCodes: string | null = null;
      if (spec && !townCol) geoCodes = geo.district.code;
      else if (townCol && r.scope === 'row' && typeof r.values?.[townCol.field] === 'string') geoCodes = r.values[townCol.field] as string;
      else if (townCol && r.scope === 'sheet' && r.towns) geoCodes = r.towns.join(',');
      const labelCol = spec?.columns.find((col) => spec.key.includes(col.name) && col.type !== 'town');
      const label = labelCol && r.values?.[labelCol.field];
      return [
        i + 1, year, kind ?? null, r.scope, r.file, r.sheet || null, r.row, r.column, capped(r.value), r.rule, RULE_LABELS[r.rule] ?? r.rule, r.message,
        geoCodes, typeof label === 'string' && label.length <= MAX_TEXT ? label : null,
        r.scope === 'row' ? JSON.stringify(trusted(r.values ?? {}, distrusted.get(rowKey(r)))) : null,
      ];
    }),
  );
}

/**
 * Fields of a rejected row whose parsed value may be wrong: the rejected column, and for a
 * row rule (其中 > 总数, a column filled when it must be empty) the other column of the rule
 * too. A duplicate row's cells are as written and trusted.
 */
function distrustedFields(spec: SheetSpec, r: Reject): string[] {
  if (r.rule === 'duplicate_key') return [];
  const names = [r.column];
  // (a 撤销年份 after the report's year says the 撤销 beside it is not yet so: the village existed that
  // year and counted as any other, so its 状态 is not trusted either: the eleventh attack had 亦庄's
  // 本社区化率 changed by the lost row, marked complete)
  if (r.rule === 'impossible_value' || r.rule === 'required_value' || r.rule === 'should_be_empty' || r.rule === 'year_after_report') {
    for (const rule of spec.rules) {
      if (rule.kind === 'le' && rule.lesser === r.column) names.push(rule.greater);
      if (rule.kind === 'onlyWhen' && rule.column === r.column) names.push(rule.when);
    }
  }
  return spec.columns.filter((c) => names.includes(c.name)).map((c) => c.field);
}

/** Longer texts are no name, type or status a lineage model compares with: not kept (unknown). */
const MAX_TEXT = 200;

/** A raw cell value as the ledger table keeps it: a huge cell (a hostile workbook) is cut. */
function capped(value: string): string {
  return value.length <= MAX_TEXT ? value : `${value.slice(0, 100)}…（共${formatNumber(value.length)}字）`;
}

function trusted(values: Record<string, RawValue>, distrusted: ReadonlySet<string> | undefined): Record<string, RawValue> {
  return Object.fromEntries(Object.entries(values).filter(([k, v]) => !distrusted?.has(k) && !(typeof v === 'string' && v.length > MAX_TEXT)));
}

// ---- appending ----------------------------------------------------------------------

/** Whether a non-null value has the JS type its column needs. */
type Check = (v: unknown) => boolean;
/** Append one checked, non-null value with the typed call for its column. */
type Write = (a: DuckDBAppender, v: never) => void;

const INT32_MAX = 2 ** 31 - 1;

const CHECK: Record<DuckType, Check> = {
  VARCHAR: (v) => typeof v === 'string',
  BOOLEAN: (v) => typeof v === 'boolean',
  DOUBLE: (v) => typeof v === 'number' && Number.isFinite(v),
  INTEGER: (v) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= INT32_MAX,
  BIGINT: (v) => typeof v === 'number' && Number.isSafeInteger(v),
};

const WRITE: Record<DuckType, Write> = {
  VARCHAR: (a, v: string) => a.appendVarchar(v),
  BOOLEAN: (a, v: boolean) => a.appendBoolean(v),
  DOUBLE: (a, v: number) => a.appendDouble(v),
  INTEGER: (a, v: number) => a.appendInteger(v),
  // Most counts fit in 32 bits: appendInteger into a BIGINT column is cast by DuckDB and
  // avoids a BigInt allocation per cell.
  BIGINT: (a, v: number) => (Math.abs(v) <= INT32_MAX ? a.appendInteger(v) : a.appendBigInt(BigInt(v))),
};

function typeError(table: string, field: string, type: DuckType, v: unknown, where: string): Error {
  return new Error(`${table}.${field}（${type}）收到类型不符的值 ${JSON.stringify(v)}（${typeof v}）：${where}`);
}

/** Append rows of plain values (in column order) to one of this module's tables. */
async function appendTable(conn: DuckDBConnection, t: TableDef, rows: readonly (readonly unknown[])[]): Promise<void> {
  const types = t.columns.map((col) => col.type);
  rows.forEach((r, i) => {
    if (r.length !== types.length) throw new Error(`${t.name} 第 ${i + 1} 行有 ${r.length} 个值，应为 ${types.length} 个`);
    r.forEach((v, j) => {
      if (v !== null && v !== undefined && !CHECK[types[j]!](v)) throw typeError(t.name, t.columns[j]!.field, types[j]!, v, `第 ${i + 1} 行`);
    });
  });
  await withAppender(conn, t.name, (a) => {
    for (const r of rows) {
      for (let j = 0; j < types.length; j++) {
        const v = r[j];
        if (v === null || v === undefined) a.appendNull();
        else WRITE[types[j]!](a, v as never);
      }
      a.endRow();
    }
  });
}

/**
 * Append loaded rows to `raw_<table>` with the DuckDB appender and typed calls. Values are
 * checked against the column types first, so a batch is appended whole or not at all.
 * A field absent from `values` is stored as NULL (missing), never as zero.
 * Returns the number of rows appended.
 */
export async function appendRows(conn: DuckDBConnection, sheet: SheetSpec, rows: readonly LoadedRow[]): Promise<number> {
  const table = rawTableName(sheet);
  if (PROVENANCE.map((p) => p.field).join() !== 'year,source_file,source_sheet,source_row') throw new Error('raw-schema 的来源列已改变，appendRows 需同步');
  const fields = sheet.columns.map((col) => col.field);
  const cols = rawColumns(sheet);
  // rawColumns = provenance, contract fields, extras: the loops below write them in that order.
  const types = fields.map((f, i) => {
    const col = cols[PROVENANCE.length + i]!;
    if (col.field !== f) throw new Error(`${table}：列顺序与 rawColumns 不一致（${col.field} ≠ ${f}）`);
    return col.type;
  });
  const checks = types.map((t) => CHECK[t]);
  const writes = types.map((t) => WRITE[t]);
  const n = fields.length;

  // Check every row before appending any: the appender flushes on its own past a size.
  for (const row of rows) {
    const where = () => `${row.sourceFile} ${row.sourceSheet} 第 ${row.sourceRow} 行`;
    if (!CHECK.INTEGER(row.year)) throw typeError(table, 'year', 'INTEGER', row.year, where());
    if (typeof row.sourceFile !== 'string') throw typeError(table, 'source_file', 'VARCHAR', row.sourceFile, where());
    if (typeof row.sourceSheet !== 'string') throw typeError(table, 'source_sheet', 'VARCHAR', row.sourceSheet, where());
    if (!CHECK.INTEGER(row.sourceRow)) throw typeError(table, 'source_row', 'INTEGER', row.sourceRow, where());
    const values = row.values;
    for (let i = 0; i < n; i++) {
      const v = values[fields[i]!];
      if (v !== null && v !== undefined && !checks[i]!(v)) throw typeError(table, fields[i]!, types[i]!, v, where());
    }
  }

  await withAppender(conn, table, (a) => {
    for (const row of rows) {
      a.appendInteger(row.year);
      a.appendVarchar(row.sourceFile);
      a.appendVarchar(row.sourceSheet);
      a.appendInteger(row.sourceRow);
      const values = row.values;
      for (let i = 0; i < n; i++) {
        const v = values[fields[i]!];
        if (v === null || v === undefined) a.appendNull();
        else writes[i]!(a, v as never);
      }
      if (row.extras === null) a.appendNull();
      else a.appendVarchar(JSON.stringify(row.extras));
      a.endRow();
    }
  });
  return rows.length;
}

/**
 * Append the kept rows of one sheet kind of one year (packed batches, or row objects) to
 * `raw_<table>`, in their order, with one appender: as `appendRows`, values checked against
 * the column types first, so the rows are appended whole or not at all. Reads the packed
 * columns directly, without making an object per row. Returns the number of rows appended.
 */
export async function appendKept(conn: DuckDBConnection, sheet: SheetSpec, parts: readonly KeptRows[]): Promise<number> {
  const total = parts.reduce((n, p) => n + keptCount(p), 0);
  if (total === 0) return 0;
  if (!parts.every((p) => p.set instanceof RowBatch)) {
    const rows: LoadedRow[] = [];
    for (const { set, indices } of parts) {
      if (indices === null) for (let i = 0; i < set.length; i++) rows.push(set.row(i));
      else for (const i of indices) rows.push(set.row(i));
    }
    return appendRows(conn, sheet, rows);
  }
  const table = rawTableName(sheet);
  const types = fieldTypes(sheet, table);
  const checks = types.map((t) => CHECK[t]);
  const n = types.length;
  const batches = parts as readonly (KeptRows & { set: RowBatch })[];

  // Check every value before appending any (typed columns hold their type by construction;
  // numbers are checked for range, other columns as appendRows checks them).
  for (const { set, indices } of batches) {
    const where = (i: number) => `${set.sourceFile()} ${set.sourceSheet()} 第 ${set.sourceRow(i)} 行`;
    if (!CHECK.INTEGER(set.data.year)) throw typeError(table, 'year', 'INTEGER', set.data.year, where(0));
    for (let c = 0; c < n; c++) {
      const col = set.data.columns[c]!;
      if (col.kind === 'boolean' ? types[c] === 'BOOLEAN' : col.kind === 'codes' || col.kind === 'text' ? types[c] === 'VARCHAR' : false) continue;
      const each = (i: number) => {
        const v = set.value(i, c);
        if (v !== null && v !== undefined && !checks[c]!(v)) throw typeError(table, sheet.columns[c]!.field, types[c]!, v, where(i));
      };
      if (indices === null) for (let i = 0; i < set.length; i++) each(i);
      else for (const i of indices) each(i);
    }
  }

  await withAppender(conn, table, async (a) => {
    if (a.columnCount !== PROVENANCE.length + n + 1) throw new Error(`${table}：表有 ${a.columnCount} 列，应为 ${PROVENANCE.length + n + 1} 列`);
    for (const batch of batches) await appendBatch(a, types, batch);
  });
  return total;
}

/** The DuckDB types of a sheet's contract columns in its raw table, checked against rawColumns' order. */
function fieldTypes(sheet: SheetSpec, table: string): DuckType[] {
  if (PROVENANCE.map((p) => p.field).join() !== 'year,source_file,source_sheet,source_row') throw new Error('raw-schema 的来源列已改变，appendRows 需同步');
  const cols = rawColumns(sheet);
  return sheet.columns.map((c, i) => {
    const col = cols[PROVENANCE.length + i]!;
    if (col.field !== c.field) throw new Error(`${table}：列顺序与 rawColumns 不一致（${col.field} ≠ ${c.field}）`);
    return col.type;
  });
}

/**
 * Rows appended between two turns of the event loop. The build reads the next workbooks
 * meanwhile: a worker that finished one waits until this thread takes its outcome and hands
 * it another, and a year's rows took this thread 0.4–1.2 s at 100×. Letting the loop run
 * between sheet kinds and every 16,384 rows: 100× reading 0.3–1.8 s faster in four
 * alternating pairs (10.8–13.7 s against 11.8–14.7 s), the reading workers idle ≈ 3.6 s
 * instead of ≈ 6 s each; the outcomes read ahead meanwhile held ≈ 40 MiB more at the peak.
 */
export const ROWS_BETWEEN_TURNS = 16384;

/**
 * One packed batch's kept rows, in data chunks (chunks.ts): provenance (year, file and sheet
 * constant in a batch, the Excel row), the contract columns, the extra columns.
 */
async function appendBatch(a: DuckDBAppender, types: readonly DuckType[], { set, indices }: KeptRows & { set: RowBatch }): Promise<void> {
  const d = set.data;
  const count = indices === null ? d.length : indices.length;
  for (let from = 0; from < count; from += ROWS_BETWEEN_TURNS) {
    if (from > 0) await yieldToEvents();
    const rowAt = indices === null ? (k: number) => from + k : (k: number) => indices[from + k]!;
    appendInChunks(a, Math.min(ROWS_BETWEEN_TURNS, count - from), rowAt, (chunk) => {
      writeConstant(chunk.vector(0), 'INTEGER', d.year);
      writeConstant(chunk.vector(1), 'VARCHAR', d.sourceFile);
      writeConstant(chunk.vector(2), 'VARCHAR', d.sourceSheet);
      writeNumbers(chunk.vector(3), 'INTEGER', chunk.rows, (i) => d.sourceRows[i]!);
      types.forEach((type, c) => writeColumn(chunk.vector(4 + c), d.columns[c]!, type, chunk.rows));
      const extras = d.extras;
      writeTexts(chunk.vector(4 + types.length), chunk.rows, extras === null ? () => null : (i) => extras[i]);
    });
  }
}

/** One packed column, its values already checked against `type` (a number column is DOUBLE, INTEGER or BIGINT; a boolean one BOOLEAN; a coded or text one VARCHAR). */
function writeColumn(v: Vector, col: PackedColumn, type: DuckType, rows: Int32Array): void {
  switch (col.kind) {
    case 'number': {
      const { values, missing } = col;
      writeNumbers(v, type as 'DOUBLE' | 'INTEGER' | 'BIGINT', rows, missing === null ? (i) => values[i]! : (i) => (missing[i] === 1 ? null : values[i]!));
      return;
    }
    case 'boolean': {
      const { values } = col;
      writeBooleans(v, rows, (i) => (values[i] === 2 ? null : values[i] === 1));
      return;
    }
    case 'codes': {
      writeCodes(v, rows, col.dictionary, col.codes);
      return;
    }
    default: {
      // texts, or values of the column's own type as an unpacked column holds them
      const { values } = col;
      writeValues(v, type, rows, (i) => values[i]);
    }
  }
}
