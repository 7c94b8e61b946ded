/**
 * Filling the warehouse's tables with typed DuckDB appenders: the validated rows of each
 * sheet kind, the reference tables and the load records. Every value is checked against
 * its column's type before it is appended.
 */
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { LoadedRow, LoadReportRow } from '../ingest/records.ts';
import { SHEET_BY_NAME, type SheetSpec } from '../plan/contract.ts';
import type { Geography } from '../plan/geography.ts';
import type { Plan } from '../plan/plan.ts';
import { PROVENANCE, rawColumns, rawTableName, type DuckType } from '../plan/raw-schema.ts';
import { LOAD_SHEETS, LOAD_YEARS, REF_DISTRICT, REF_INDICATORS, REF_PLAN, REF_SHEETS, REF_TOWNS, type TableDef } from './schema.ts';

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
  const a = await conn.createAppender(t.name);
  try {
    for (const r of rows) {
      for (let j = 0; j < types.length; j++) {
        const v = r[j];
        if (v === null || v === undefined) a.appendNull();
        else WRITE[types[j]!](a, v as never);
      }
      a.endRow();
    }
    a.flushSync();
  } finally {
    a.closeSync();
  }
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

  const a = await conn.createAppender(table);
  try {
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
    a.flushSync();
  } catch (e) {
    a.clear();
    throw e;
  } finally {
    a.closeSync();
  }
  return rows.length;
}
