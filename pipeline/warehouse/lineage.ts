/**
 * Reading `indicator_lineage`: the rows behind one published value (what `planeval explain`
 * and the site print), and, per reject of the ledger, the values it made incomplete or
 * missing (the `affected` column of rejects.csv).
 *
 * The lineage of a value: the rows of its year and indicator placed in its town, or whose
 * town is unknown (a lost row, sheet or file that could belong to any town), for a town
 * value; every row of the year and indicator for the district value.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlString } from '../basics/sql.ts';
import { quote } from '../ingest/quote.ts';
import { SHEET_BY_NAME } from '../plan/contract.ts';
import type { Geography } from '../plan/geography.ts';
import type { Plan } from '../plan/plan.ts';

export type LineageRole = 'numerator' | 'denominator';
export type LineageStatus = 'loaded' | 'absent' | 'rejected';

/** One row of `indicator_lineage`. */
export interface LineageRow {
  year: number;
  indicatorId: number;
  /** Where the row counts: a town code, the district code (sheets without a town column), or null (unknown town). */
  geoCode: string | null;
  /** Null for rejected rows. */
  role: LineageRole | null;
  status: LineageStatus;
  isRequired: boolean;
  /** Its contribution is in the published numerator or denominator. */
  isCounted: boolean;
  /** Null for a file that could not be read. */
  sheetKind: string | null;
  /** Null for an absent row. */
  sourceFile: string | null;
  sourceSheet: string | null;
  sourceRow: number | null;
  rowLabel: string | null;
  columnName: string | null;
  sourceValue: string | null;
  contribution: number | null;
  rejectScope: 'row' | 'sheet' | 'file' | null;
  rejectRules: string | null;
  rejectMessages: string | null;
}

const COLUMNS = `year, indicator_id, geo_code, role, row_status, is_required, is_counted, sheet_kind, source_file, source_sheet,
  source_row, row_label, column_name, source_value, contribution, reject_scope, reject_rules, reject_messages`;

/** Lineage rows in a stable order: numerator, denominator, rejected; by sheet, file, sheet tab, row. */
const ORDER = `order by case role when 'numerator' then 0 when 'denominator' then 1 else 2 end, sheet_kind, source_file, source_sheet, source_row, geo_code`;

function toRow(r: Record<string, unknown>): LineageRow {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    year: Number(r.year),
    indicatorId: Number(r.indicator_id),
    geoCode: str(r.geo_code),
    role: str(r.role) as LineageRole | null,
    status: String(r.row_status) as LineageStatus,
    isRequired: r.is_required === true,
    isCounted: r.is_counted === true,
    sheetKind: str(r.sheet_kind),
    sourceFile: str(r.source_file),
    sourceSheet: str(r.source_sheet),
    sourceRow: num(r.source_row),
    rowLabel: str(r.row_label),
    columnName: str(r.column_name),
    sourceValue: str(r.source_value),
    contribution: num(r.contribution),
    rejectScope: str(r.reject_scope) as LineageRow['rejectScope'],
    rejectRules: str(r.reject_rules),
    rejectMessages: str(r.reject_messages),
  };
}

/**
 * The lineage of one value: indicator `indicatorId` in `year`, for the town `townCode`, or
 * for the district when `townCode` is null.
 */
export async function readValueLineage(conn: DuckDBConnection, year: number, indicatorId: number, townCode: string | null): Promise<LineageRow[]> {
  const scope = townCode === null ? '' : `and (geo_code = ${sqlString(townCode)} or geo_code is null)`;
  const reader = await conn.runAndReadAll(
    `select ${COLUMNS} from indicator_lineage where year = ${Math.trunc(year)} and indicator_id = ${Math.trunc(indicatorId)} ${scope} ${ORDER}`,
  );
  return (reader.getRowObjectsJS() as Record<string, unknown>[]).map(toRow);
}

/**
 * The lineage rows of `relation` (the table, or `read_parquet('…/lineage.parquet')`) that
 * satisfy `where` (SQL, default all), by indicator, year, then as `readValueLineage` orders them.
 */
export async function readLineageRows(conn: DuckDBConnection, relation = 'indicator_lineage', where = 'true'): Promise<LineageRow[]> {
  const reader = await conn.runAndReadAll(`select ${COLUMNS} from ${relation} where ${where} ${ORDER.replace('order by', 'order by indicator_id, year,')}`);
  return (reader.getRowObjectsJS() as Record<string, unknown>[]).map(toRow);
}

/**
 * The lineage rows that can make a value incomplete or missing — rejected, absent, or
 * loaded with the needed cell empty — of every year: what the reports name (present/incomplete.ts).
 */
export function readLostLineage(conn: DuckDBConnection): Promise<LineageRow[]> {
  return readLineageRows(conn, 'indicator_lineage', "row_status <> 'loaded' or contribution is null");
}

/** The part a sheet kind plays in an indicator's figures of a year (its loaded rows), and the least and most one row added there. */
export interface SheetRole {
  indicatorId: number;
  year: number;
  sheetKind: string;
  role: LineageRole;
  minContribution: number;
  maxContribution: number;
}

/**
 * Each indicator's sheets by year, as numerator or denominator, with the range of what one row
 * added: how far a rejected row or sheet of that kind could move a figure (a coverage's roster
 * row adds 1 to the denominator at most; a sheet of stations only adds to the numerator).
 */
export async function readSheetRoles(conn: DuckDBConnection): Promise<SheetRole[]> {
  const reader = await conn.runAndReadAll(`
    select indicator_id, year, sheet_kind, role, min(contribution) as lo, max(contribution) as hi
    from indicator_lineage
    where row_status = 'loaded' and contribution is not null and role is not null and sheet_kind is not null
    group by all
    order by all`);
  return (reader.getRowObjectsJS() as Record<string, unknown>[]).map((r) => ({
    indicatorId: Number(r.indicator_id), year: Number(r.year), sheetKind: String(r.sheet_kind), role: String(r.role) as LineageRole,
    minContribution: Number(r.lo), maxContribution: Number(r.hi),
  }));
}

/** What one contract column of one sheet kind adds to an indicator's district numerator in a year. */
export interface NumeratorPart {
  indicatorId: number;
  year: number;
  sheetKind: string;
  column: string;
  total: number;
}

/**
 * The district numerators split by the sheet and column they are read from (the lineage's
 * counted contributions), where a numerator has more than one: what a change is made of
 * (养老床位 = the facilities' beds + the 家庭照护床位 of 居家养老).
 */
export async function readNumeratorParts(conn: DuckDBConnection): Promise<NumeratorPart[]> {
  const reader = await conn.runAndReadAll(`
    with parts as (
      select indicator_id, year, sheet_kind, column_name, sum(contribution) as total
      from indicator_lineage
      where role = 'numerator' and row_status = 'loaded' and is_counted and contribution is not null
      group by all
    )
    select * from parts
    where indicator_id in (select indicator_id from parts group by indicator_id having count(distinct (sheet_kind, column_name)) > 1)
    order by indicator_id, year, sheet_kind, column_name`);
  return (reader.getRowObjectsJS() as Record<string, unknown>[]).map((r) => ({
    indicatorId: Number(r.indicator_id), year: Number(r.year), sheetKind: String(r.sheet_kind), column: String(r.column_name), total: Number(r.total),
  }));
}

/** A cell of a workbook: file, sheet tab, Excel row and contract column. */
export interface CellAddress {
  file: string;
  sheet: string;
  row: number;
  column: string;
}

/** How many cells one statement looks up (a longer list goes in several). */
const CELLS_PER_QUERY = 500;

/**
 * Where the given cells count: the lineage rows (loaded and counted in a published
 * numerator or denominator) read from exactly those cells, by indicator, year, then as
 * `readValueLineage` orders them. A cell that counts nowhere has none.
 */
export function readCellLineage(conn: DuckDBConnection, cells: readonly CellAddress[]): Promise<LineageRow[]> {
  return readCountedAt(conn, cells.map((c) => `(${sqlString(c.file)}, ${sqlString(c.sheet)}, ${Math.trunc(c.row)}, ${sqlString(c.column)})`), 'file, sheet, row, col', 'and l.source_row = c.row');
}

/** A column of one sheet of one file (a 合计 row that disagrees with it). */
export interface ColumnAddress {
  file: string;
  sheet: string;
  column: string;
}

/** The counted lineage rows of whole columns: where each column's cells count, with what contribution. */
export function readColumnLineage(conn: DuckDBConnection, columns: readonly ColumnAddress[]): Promise<LineageRow[]> {
  return readCountedAt(conn, columns.map((c) => `(${sqlString(c.file)}, ${sqlString(c.sheet)}, ${sqlString(c.column)})`), 'file, sheet, col', '');
}

/**
 * The loaded, counted lineage rows at the given places (`tuples` of SQL values named `names`,
 * matched on file, sheet and column, and `also`), a statement per CELLS_PER_QUERY of them.
 */
async function readCountedAt(conn: DuckDBConnection, tuples: readonly string[], names: string, also: string): Promise<LineageRow[]> {
  const out: LineageRow[] = [];
  for (let i = 0; i < tuples.length; i += CELLS_PER_QUERY) {
    const reader = await conn.runAndReadAll(`
      select ${COLUMNS.replace(/\b(\w+)\b/g, 'l.$1')}
      from indicator_lineage as l
      join (values ${tuples.slice(i, i + CELLS_PER_QUERY).join(', ')}) as c(${names})
        on l.source_file = c.file and l.source_sheet = c.sheet and l.column_name = c.col ${also}
      where l.row_status = 'loaded' and l.is_counted
      ${ORDER.replace('order by', 'order by indicator_id, year,')}`);
    out.push(...(reader.getRowObjectsJS() as Record<string, unknown>[]).map(toRow));
  }
  return out;
}

/** The rows of `all` that are the lineage of one value (a town's, or the district's when `townCode` is null). */
export function valueLineage(all: readonly LineageRow[], year: number, indicatorId: number, townCode: string | null): LineageRow[] {
  return all.filter((r) => r.year === year && r.indicatorId === indicatorId && (townCode === null || r.geoCode === townCode || r.geoCode === null));
}

/**
 * Per reject of the ledger (in ledger order, `count` of them), the published values it made
 * incomplete or missing, in Chinese: `2023年：指标6 建成运营社区养老服务驿站（全区、黄村镇）；…`;
 * `2023年全部指标值` when it touches every value of its year (a file that could not be
 * read); for a row or sheet of the key-task ledger, which feeds no indicator, the tasks left
 * out of that year's task counts (keyTaskEffects); empty when it touches nothing (a row that
 * could not have counted anywhere).
 */
export async function rejectEffects(conn: DuckDBConnection, plan: Plan, geography: Geography, count: number): Promise<string[]> {
  const reader = await conn.runAndReadAll(`
    with touched as (
      select distinct r.reject_id, l.year, l.indicator_id, l.geo_code
      from load_rejects as r
      join indicator_lineage as l
        on l.row_status = 'rejected'
        and l.source_file = r.source_file
        and l.source_sheet is not distinct from r.source_sheet
        and l.source_row is not distinct from r.source_row
    ),
    affected as (
      select distinct t.reject_id, b.year, b.indicator_id, b.geo_code, b.geo_level, b.numerator is null as is_missing
      from touched as t
      join indicator_base as b
        on b.year = t.year and b.indicator_id = t.indicator_id
        and (b.geo_level = 'district' or t.geo_code is null or b.geo_code = t.geo_code)
      where not b.is_complete
    ),
    year_values as (
      select year, count(*) as n from indicator_base group by year
    )
    select a.reject_id, a.year, a.indicator_id, a.geo_code, a.geo_level, a.is_missing, y.n as year_values,
      count(*) over (partition by a.reject_id, a.year) as touched_values
    from affected as a
    join year_values as y on y.year = a.year
    order by a.reject_id, a.year, a.indicator_id, a.geo_level <> 'district', a.geo_code`);
  const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
  const townOrder = new Map(geography.towns.map((t, i) => [t.code, i]));
  const byReject = new Map<number, Record<string, unknown>[]>();
  for (const r of rows) {
    const id = Number(r.reject_id);
    if (!byReject.has(id)) byReject.set(id, []);
    byReject.get(id)!.push(r);
  }
  const tasks = await keyTaskEffects(conn);
  const out: string[] = [];
  for (let id = 1; id <= count; id++) {
    const task = tasks.get(id);
    if (task) {
      out.push(task);
      continue;
    }
    const hits = byReject.get(id) ?? [];
    const years = [...new Set(hits.map((h) => Number(h.year)))];
    out.push(
      years
        .map((year) => {
          const ofYear = hits.filter((h) => Number(h.year) === year);
          if (Number(ofYear[0]!.touched_values) === Number(ofYear[0]!.year_values)) return `${year}年全部指标值（全区和各镇街）`;
          const ids = [...new Set(ofYear.map((h) => Number(h.indicator_id)))];
          const parts = ids.map((indicatorId) => {
            const ind = plan.indicatorById.get(indicatorId);
            const geos = ofYear.filter((h) => Number(h.indicator_id) === indicatorId);
            const towns = geos.filter((h) => h.geo_level === 'town');
            const allTowns = ind?.level === 'DT' && towns.length === geography.towns.length;
            // the missing and the incomplete said apart: '全区、观音寺街道缺失' read as both missing where the
            // district was computed from the others (an attack), '各镇街（部分缺失）' where all 22 were
            const places = geos
              .filter((h) => !(allTowns && h.geo_level === 'town'))
              .sort((a, b) => (townOrder.get(String(a.geo_code)) ?? -1) - (townOrder.get(String(b.geo_code)) ?? -1))
              .map((h) => ({ name: h.geo_level === 'district' ? '全区' : (geography.byCode.get(String(h.geo_code))?.name ?? String(h.geo_code)), missing: Boolean(h.is_missing) }));
            if (allTowns) {
              const m = towns.filter((t) => t.is_missing).length;
              places.push({ name: m === 0 || m === towns.length ? '各镇街' : `各镇街（其中${m}个缺失）`, missing: m === towns.length });
            }
            const said = (missing: boolean, word: string) => {
              const names = places.filter((p) => p.missing === missing).map((p) => p.name);
              return names.length ? `${names.join('、')}${word}` : '';
            };
            return `指标${indicatorId}${ind ? ` ${ind.name}` : ''}（${[said(true, '缺失'), said(false, '不完整')].filter(Boolean).join('；')}）`;
          });
          return `${year}年：${parts.join('；')}`;
        })
        .join('；'),
    );
  }
  return out;
}

/** The sheet of the key-task ledger: its rows are the reports' task counts, not indicator inputs. */
const KEY_TASK_SHEET = '重点任务台账';

/**
 * Per reject of a key-task ledger row or sheet (by reject id): the tasks it left out of its
 * year's ledger, so of every count of tasks the reports give for that year
 * (`2025年重点任务台账：“推进养老服务时间银行试点”（RW-2025-99）未计入任务统计`). A task is named
 * by the cells of its row that were read and not themselves rejected.
 */
async function keyTaskEffects(conn: DuckDBConnection): Promise<Map<number, string>> {
  const reader = await conn.runAndReadAll(`
    select reject_id, year, scope, source_row,
      row_values->>'task_id' as task_id, row_values->>'task_name' as task_name
    from load_rejects
    where sheet_kind = ${sqlString(KEY_TASK_SHEET)} and scope in ('row', 'sheet')
    order by reject_id`);
  const out = new Map<number, string>();
  for (const r of reader.getRowObjectsJS() as Record<string, unknown>[]) {
    const year = Number(r.year);
    const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? quote(v.trim()) : null);
    const id = text(r.task_id);
    const name = text(r.task_name);
    const task = name ? `“${name}”${id ? `（${id}）` : ''}` : id ? `任务 ${id}` : `第 ${Number(r.source_row)} 行的任务`;
    out.set(
      Number(r.reject_id),
      r.scope === 'sheet' ? `${year}年重点任务台账：整张表未计入任务统计` : `${year}年重点任务台账：${task}未计入任务统计`,
    );
  }
  return out;
}

/**
 * What an absent row lacks, for people: the statistic (`“户籍儿童人口”`) of 区级统计指标, the town
 * of a town-level sheet's missing row (`黄村镇`), or — a row the place can do without, named —
 * the row in its town (`亦庄镇的潘家营村`: a village revoked in the period left out of a later roster).
 */
export function absentLabel(r: Pick<LineageRow, 'sheetKind' | 'rowLabel' | 'geoCode' | 'isRequired'>, townName: (code: string) => string | undefined): string {
  const town = townName(r.geoCode ?? '') ?? r.geoCode ?? '';
  if (r.sheetKind === '区级统计指标') return `“${r.rowLabel ?? ''}”`;
  // a list of the district (慈善信托): the row alone, not 大兴区的… or its code
  if (r.rowLabel && !SHEET_BY_NAME.get(r.sheetKind ?? '')?.columns.some((c) => c.type === 'town')) return r.rowLabel;
  // a row the value can do without (a revoked village), or a register's rows of the town gone (养老服务驿站: int_vanished_sources)
  if (r.rowLabel) return town ? `${town}的${r.rowLabel}` : r.rowLabel;
  return town || (r.rowLabel ?? '');
}
