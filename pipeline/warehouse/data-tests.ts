/**
 * Data tests on the warehouse after the models ran: staging keys unique and not null,
 * each indicator model's metric, and the checks of `warehouse/sql/tests/`. A failure stops
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
}

export interface DataTestResult {
  name: string;
  description: string;
  failures: number;
  /** Up to five offending rows. */
  sample: Record<string, unknown>[];
}

/** Key columns of every staging model, from the contract: not null and unique per year. */
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
        name: `not_null_${stg}`,
        description: `${stg}：主键列（${s.key.join(' + ')}）不为空`,
        sql: `select * from ${stg} where ${['year', ...fields].map((f) => `${f} is null`).join(' or ')}`,
      },
    ];
  });
}

/** Checks of every metric model `ind_<metric>`: its metric column, grain and flags. */
async function metricModelTests(conn: DuckDBConnection): Promise<DataTest[]> {
  const views = (await conn.runAndReadAll(`select view_name from duckdb_views() where not internal and view_name like 'ind\\_%' escape '\\' order by view_name`))
    .getRowsJS()
    .map((r) => String(r[0]));
  return views.map((v) => {
    const metric = v.slice(4);
    return {
      name: `shape_${v}`,
      description: `${v}：metric 与模型同名，geo_level 为 town/district，每年每地一行，is_complete 不为空，倍率为正的常数`,
      sql: `with rows as (select * from ${v}),
        bad as (
          select year, geo_code, ${sqlString(`metric 不是 ${metric}`)} as problem from rows where metric is distinct from ${sqlString(metric)}
          union all select year, geo_code, 'geo_level 不合法' from rows where geo_level not in ('town', 'district') or geo_level is null
          union all select year, geo_code, 'is_complete 为空' from rows where is_complete is null
          union all select year, geo_code, '倍率不是正数' from rows where not (multiplier > 0 and divisor > 0)
          union all select year, geo_code, '同一年同一地有多行' from rows group by year, geo_code having count(*) > 1
          union all select null, null, '倍率不是常数' from rows having count(distinct multiplier) > 1 or count(distinct divisor) > 1
          union all select null, null, '同时有镇街行和区行' from rows having count(distinct geo_level) > 1
        )
        select * from bad`,
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

/** Run every data test (staging keys, metric model shapes, `sql/tests/`). */
export async function runDataTests(conn: DuckDBConnection, dir: string = SQL_DIR): Promise<DataTestResult[]> {
  const tests = [...stagingKeyTests(), ...(await metricModelTests(conn)), ...readSqlTests(dir)];
  const out: DataTestResult[] = [];
  for (const t of tests) {
    let rows: Record<string, unknown>[];
    try {
      rows = (await conn.runAndReadAll(t.sql)).getRowObjectsJS() as Record<string, unknown>[];
    } catch (e) {
      throw new UserError(`数据测试 ${t.name} 执行失败：${(e as Error).message}`, EXIT.failure);
    }
    out.push({ name: t.name, description: t.description, failures: rows.length, sample: rows.slice(0, 5) });
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
