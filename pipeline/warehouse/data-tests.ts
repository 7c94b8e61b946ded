/**
 * Data tests on the warehouse after the models ran: staging keys unique and not null,
 * each indicator model's lineage rows, lineage rows that name real input rows, and the
 * checks of `warehouse/sql/tests/` (among them: every value equals the sum of its lineage). A failure stops
 * the build before anything is published.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { UserError, EXIT } from '../basics/errors.ts';
import { sqlString } from '../basics/sql.ts';
import { SHEETS, type SheetSpec } from '../plan/contract.ts';
import { HEADER, SQL_DIR } from './models.ts';

// ---- data tests -----------------------------------------------------------------------

export interface DataTest {
  name: string;
  description: string;
  /** A query returning the offending rows: none means the test passes. */
  sql: string;
  /**
   * Several tests checked by one query: its rows name their test in a `test` column and are
   * reported under it; each part is reported, passing when no row names it.
   */
  parts?: { name: string; description: string }[];
}

export interface DataTestResult {
  name: string;
  description: string;
  failures: number;
  /** Up to five offending rows. */
  sample: Record<string, unknown>[];
}

/** Key columns of every staging model, from the contract: not null and unique per year; each source row once. */
export function stagingKeyTests(sheets: readonly SheetSpec[] = SHEETS): DataTest[] {
  return sheets.flatMap((s) => {
    const fields = s.key.map((k) => {
      const col = s.columns.find((x) => x.name === k);
      if (!col) throw new Error(`${s.name} 的主键列“${k}”不在列清单中`);
      return col.type === 'town' ? 'geo_code' : col.field;
    });
    const stg = `stg_${s.table}`;
    const keys = ['year', ...fields].join(', ');
    return [
      {
        name: `unique_${stg}`,
        description: `${stg}：每年每个主键（${s.key.join(' + ')}）只有一行`,
        sql: `select ${keys}, count(*) as copies from ${stg} group by ${keys} having count(*) > 1`,
      },
      {
        // what the published input files are ordered by, and what a lineage row names
        name: `unique_source_${stg}`,
        description: `${stg}：每个来源行（年度、文件、工作表、Excel 行号）只有一行`,
        sql: `select year, source_file, source_sheet, source_row, count(*) as copies from ${stg} group by all having count(*) > 1`,
      },
      {
        name: `not_null_${stg}`,
        description: `${stg}：主键列（${s.key.join(' + ')}）不为空`,
        sql: `select * from ${stg} where ${['year', ...fields].map((f) => `${f} is null`).join(' or ')}`,
      },
    ];
  });
}

/**
 * Checks of every metric model `ind_<metric>`: that it names its own metric (rows of
 * another metric would be lost from the lineage), and its lineage rows (read from
 * `indicator_lineage`, where the model's rows are materialised once): statuses, roles,
 * sources, places, no row counted twice, a constant scale. One query checks every model,
 * a scan of the lineage grouped by metric (32 scans, one per model, took 1.2–1.4 s at
 * 100×); its rows name the model's test (`shape_ind_<metric>`).
 */
async function metricModelTests(conn: DuckDBConnection): Promise<DataTest> {
  const models = `select view_name, sql from duckdb_views() where not internal and view_name like 'ind\\_%' escape '\\'`;
  const views = (await conn.runAndReadAll(`${models} order by view_name`)).getRowsJS().map((r) => String(r[0]));
  const row = (problem: string) => `select 'shape_ind_' || metric as test, year, geo_code, ${sqlString(problem)} as problem from rows`;
  return {
    name: 'shape_ind',
    description: '指标模型的形状',
    parts: views.map((v) => ({
      name: `shape_${v}`,
      description: `${v}：metric 与模型同名；行状态、分子分母、来源和所在地区合法；同一来源行在同一年只计入一次；倍率为正的常数`,
    })),
    // the metric literal is checked in the view's text: running 32 views again costs seconds
    sql: `with own as (
        select view_name from (${models}) where position('''' || substr(view_name, 5) || ''' as metric' in lower(sql)) = 0
      ),
      rows as not materialized (select * from indicator_lineage where not (row_status = 'rejected' and reject_scope in ('sheet', 'file'))),
      places as (select geo_code from ref_towns union all select geo_code from ref_district),
      kinds as (
        select metric from rows where geo_code is not null
        group by metric having count(distinct geo_code in (select geo_code from ref_district)) > 1
      ),
      -- rows counted twice: first by a hash of the key (one 64-bit column to group by, half the
      -- time at 100×), then exactly, among the rows whose hash repeats
      repeated as (
        select hash(metric, year, geo_code, role, source_file, source_sheet, source_row, column_name) as h from rows
        where row_status = 'loaded' group by h having count(*) > 1
      ),
      bad as (
        select 'shape_' || view_name as test, null as year, null as geo_code, 'metric 不是 ' || substr(view_name, 5) as problem from own
        union all ${row('row_status 不合法')} where row_status not in ('loaded', 'absent', 'rejected') or row_status is null
        union all ${row('role 不合法')}
          where (row_status = 'rejected' and role is not null) or (row_status <> 'rejected' and role not in ('numerator', 'denominator'))
        union all ${row('is_required 为空')} where is_required is null
        union all ${row('已载入的行缺少来源')}
          where row_status = 'loaded' and (source_file is null or source_sheet is null or source_row is null or sheet_kind is null)
        union all ${row('应有而没有的行有来源或数值，或既非必需又无名称')}
          where row_status = 'absent' and (source_row is not null or contribution is not null or (not is_required and row_label is null))
        union all ${row('地区不是镇街或区')}
          where (geo_code is null and row_status <> 'rejected') or (geo_code is not null and geo_code not in (select geo_code from places))
        union all ${row('同一来源行在同一年重复计入')}
          where row_status = 'loaded' and hash(metric, year, geo_code, role, source_file, source_sheet, source_row, column_name) in (select h from repeated)
          group by metric, year, geo_code, role, source_file, source_sheet, source_row, column_name having count(*) > 1
        union all select 'shape_ind_' || metric, null, null, '倍率不是正的常数' from rows
          group by metric having count(distinct multiplier) > 1 or count(distinct divisor) > 1 or min(multiplier) <= 0 or min(divisor) <= 0
        union all select 'shape_ind_' || metric, null, null, '同时有镇街行和区行' from kinds
      )
      select * from bad`,
  };
}

/**
 * Every loaded lineage row is a row of its sheet's staging table (same year, file, sheet,
 * Excel row and, for sheets with a town column, the same town): the lineage names rows
 * that exist, where they are.
 */
export function lineageSourceTests(sheets: readonly SheetSpec[] = SHEETS): DataTest[] {
  return sheets.map((s) => {
    const stg = `stg_${s.table}`;
    const town = s.columns.some((c) => c.type === 'town') ? ' and s.geo_code = l.geo_code' : '';
    return {
      name: `lineage_rows_in_${stg}`,
      description: `indicator_lineage：${s.name}的已载入行都在 ${stg} 中（年度、文件、工作表、行号${town ? '、镇街' : ''}一致）`,
      // An anti join rather than `not exists (…)`: DuckDB plans the correlated form as a
      // delim join, 3 s for the communities at 100x instead of 1 s.
      sql: `select l.* from indicator_lineage as l
        anti join ${stg} as s
          on s.year = l.year and s.source_file = l.source_file and s.source_sheet = l.source_sheet and s.source_row = l.source_row${town}
        where l.sheet_kind = ${sqlString(s.name)} and l.row_status = 'loaded'`,
    };
  });
}

/** Singular tests in `sql/tests/*.sql`: each file a query returning offending rows. */
export function readSqlTests(dir: string = SQL_DIR): DataTest[] {
  const folder = join(dir, 'tests');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => {
      const sql = readFileSync(join(folder, f), 'utf8');
      const header = HEADER.exec(sql.split('\n')[0] ?? '');
      if (!header) throw new UserError(`数据测试 tests/${f} 第一行应为一行说明注释（-- …）`, EXIT.failure);
      return { name: basename(f, '.sql'), description: header[1]!.trim(), sql: sql.replace(/;\s*$/, '') };
    });
}

/** Run every data test (staging keys, metric model shapes, lineage sources, `sql/tests/`). */
export async function runDataTests(conn: DuckDBConnection, dir: string = SQL_DIR): Promise<DataTestResult[]> {
  const tests = [...stagingKeyTests(), await metricModelTests(conn), ...lineageSourceTests(), ...readSqlTests(dir)];
  const out: DataTestResult[] = [];
  for (const t of tests) {
    let rows: Record<string, unknown>[];
    try {
      rows = (await conn.runAndReadAll(t.sql)).getRowObjectsJS() as Record<string, unknown>[];
    } catch (e) {
      throw new UserError(`数据测试 ${t.name} 执行失败：${(e as Error).message}`, EXIT.failure);
    }
    if (!t.parts) {
      out.push({ name: t.name, description: t.description, failures: rows.length, sample: rows.slice(0, 5) });
      continue;
    }
    const named = [...t.parts, ...[...new Set(rows.map((r) => String(r.test)))].filter((n) => !t.parts!.some((p) => p.name === n)).map((n) => ({ name: n, description: t.description }))];
    for (const p of named) {
      const own = rows.filter((r) => r.test === p.name);
      out.push({ name: p.name, description: p.description, failures: own.length, sample: own.slice(0, 5) });
    }
  }
  return out;
}

/** Run the data tests and throw one error listing every failed test. */
export async function assertDataTests(conn: DuckDBConnection, dir: string = SQL_DIR): Promise<void> {
  const failed = (await runDataTests(conn, dir)).filter((r) => r.failures > 0);
  if (failed.length === 0) return;
  const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  const lines = failed.map((f) => `- ${f.name}（${f.description}）：${f.failures} 行不符，例如 ${json(f.sample[0])}`);
  throw new UserError(`仓库数据测试未通过：\n${lines.join('\n')}`, EXIT.failure);
}
