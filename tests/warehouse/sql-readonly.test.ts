/**
 * `planeval sql` opens the warehouse read-only with DuckDB's own locks (issue 11 case 3):
 * SELECTs on the warehouse work; nothing can be written, installed, loaded, attached or
 * reconfigured.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../pipeline/basics/errors.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import { openReadOnly, runQuery, sqlFailure } from '../../pipeline/warehouse/query.ts';
import { createWarehouse } from '../../pipeline/warehouse/warehouse.ts';
import { runCli, tempDir } from '../support/helpers.ts';

let dir: string;
let db: string;
let conn: DuckDBConnection;
const sha = () => createHash('sha256').update(readFileSync(db)).digest('hex');
let before: string;

beforeAll(async () => {
  dir = tempDir('sqlro');
  db = join(dir, 'warehouse.duckdb');
  const wh = await createWarehouse(db, { plan: resolvePlan(), geography: loadGeography() });
  await wh.conn.run('checkpoint');
  wh.close();
  before = sha();
  conn = await openReadOnly(db);
});

afterAll(() => {
  conn?.closeSync();
});

async function refused(sql: string): Promise<string> {
  let message = '';
  try {
    await runQuery(conn, sql);
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message, sql).not.toBe('');
  return message;
}

describe('planeval sql: read-only, with external access off and the configuration locked', () => {
  it('answers SELECTs on the warehouse tables (and informational pragmas)', async () => {
    const r = await runQuery(conn, 'select count(*)::int as n from ref_towns');
    expect(r.rows[0]!.n).toBe(22);
    expect((await runQuery(conn, "pragma table_info('ref_towns')")).rows.length).toBeGreaterThan(0);
    expect((await runQuery(conn, 'select table_name from duckdb_tables() order by 1')).rows.map((x) => x.table_name)).toContain('ref_indicators');
    // What the README says works: WITH, DESCRIBE, SHOW, EXPLAIN, temporary tables of the session.
    expect((await runQuery(conn, 'with t as (select count(*)::int as n from ref_towns) select n from t')).rows[0]!.n).toBe(22);
    expect((await runQuery(conn, 'describe ref_towns')).rows.length).toBeGreaterThan(0);
    expect((await runQuery(conn, 'show tables')).rows.length).toBeGreaterThan(0);
    expect((await runQuery(conn, 'explain select * from ref_towns')).rows.length).toBeGreaterThan(0);
    await runQuery(conn, 'create temp table mine as select geo_code from ref_towns');
    expect((await runQuery(conn, 'select count(*)::int as n from mine')).rows[0]!.n).toBe(22);
  });

  it('refuses COPY … TO, EXPORT DATABASE and writes to the warehouse itself', async () => {
    expect(await refused(`copy (select 1) to '${db}'`)).toMatch(/写文件|disabled by configuration/);
    expect(await refused(`copy (select 1) to '${join(dir, 'x.csv')}'`)).toMatch(/写文件|disabled by configuration/);
    expect(await refused(`copy (select 1) to '${join(dir, 'x.parquet')}' (format parquet)`)).toMatch(/写文件|disabled by configuration/);
    expect(await refused(`export database '${join(dir, 'exported')}'`)).toMatch(/写文件|disabled by configuration/);
    expect(await refused('create table t as select 1')).toMatch(/read-only/);
    expect(await refused('delete from ref_towns')).toMatch(/read-only/);
    expect(await refused('drop table ref_towns')).toMatch(/read-only/);
    expect(await refused("update ref_towns set geo_name = 'x'")).toMatch(/read-only/);
    expect(await refused("insert into ref_towns select * from ref_towns")).toMatch(/read-only/);
    expect(await refused(`select * from read_parquet('${join(dir, 'x.parquet')}')`)).toMatch(/disabled by configuration/);
    // said in the analyst's words, DuckDB's after them (the analyst review: the English message alone)
    let said = '';
    try {
      await runQuery(conn, `select * from '${join(dir, 'x.parquet')}'`);
    } catch (e) {
      said = sqlFailure(e);
    }
    expect(said).toMatch(/^这里只能查询数据仓库中的表，不能读写其他文件（.*load_warnings.*）。.*disabled by configuration/);
    expect(readdirSync(dir)).toEqual(['warehouse.duckdb']);
    expect(sha()).toBe(before);
  });

  it('refuses COPY … TO and EXPORT even to the side files DuckDB allows its database (the eighth attack: <db>.wal written)', async () => {
    for (const side of [`${db}.wal`, `${db}.wal.checkpoint`, `${db}.wal.recovery`]) {
      expect(await refused(`copy (select 'anything' as x) to '${side}' (format csv, header false)`)).toMatch(/写文件/);
    }
    // no folder to spill to, so none DuckDB lets it write into
    expect(await refused(`copy (select 1) to '${join(`${db}.tmp`, 'x.csv')}'`)).toMatch(/写文件|disabled by configuration/);
    expect(await refused(`select 1; copy (select 2) to '${db}.wal'`)).toMatch(/第 2 条语句.*写文件/);
    expect(await refused(`export database '${db}.tmp'`)).toMatch(/写文件|disabled by configuration/);
    expect(readdirSync(dir), readdirSync(dir).join()).toEqual(['warehouse.duckdb']);
    expect(sha()).toBe(before);
    // several statements still run, the last one's rows returned
    expect((await runQuery(conn, 'create temp table two as select 2 as n; select n from two')).rows).toEqual([{ n: 2 }]);
  });

  it('refuses INSTALL, LOAD of an extension file, ATTACH of another file, reading other files', async () => {
    expect(await refused('install excel')).toMatch(/disabled by configuration/);
    expect(await refused("install 'https://example.invalid/x.duckdb_extension'")).toMatch(/disabled by configuration/);
    expect(await refused(`load '${join(dir, 'x.duckdb_extension')}'`)).toMatch(/disabled/);
    expect(await refused(`attach '${join(dir, 'other.duckdb')}' as other`)).toMatch(/disabled by configuration/);
    expect(await refused(`attach '${join(dir, 'other.duckdb')}' as other (read_only false)`)).toMatch(/disabled by configuration/);
    expect(await refused("select * from read_csv('/etc/passwd')")).toMatch(/disabled by configuration/);
    expect(existsSync(join(dir, 'other.duckdb'))).toBe(false);
  });

  it('refuses SET, RESET and setting PRAGMAs: the configuration is locked', async () => {
    expect(await refused("set enable_external_access = true")).toMatch(/locked|Cannot enable external access/);
    expect(await refused('set lock_configuration = false')).toMatch(/locked/);
    expect(await refused('set threads = 1')).toMatch(/locked/);
    expect(await refused('reset threads')).toMatch(/locked/);
    expect(await refused('pragma threads = 1')).toMatch(/locked/);
    expect(await refused(`set profiling_output = '${join(dir, 'p.txt')}'`)).toMatch(/locked/);
    expect(await refused("set access_mode = 'read_write'")).toMatch(/locked|cannot|Cannot/);
  });

  it('as a command: COPY … TO the warehouse exits 64 with the message and leaves the file as it was', async () => {
    const run = await runCli(['sql', `copy (select 1) to '${db}'`, '--db', db]);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain('SQL 出错');
    expect(sha()).toBe(before);
  });
});

describe('a --db that is not a warehouse DuckDB can open', () => {
  const refusal = async (file: string) => {
    const e = await openReadOnly(file).then(() => undefined, (err: unknown) => err);
    return { code: (e as { exitCode?: number }).exitCode, message: (e as Error).message };
  };

  it('says a file that is not a DuckDB database is not one (exit 64), not 内部错误', async () => {
    const file = join(dir, 'notes.duckdb');
    writeFileSync(file, 'not a database\n');
    const said = await refusal(file);
    expect(said.code).toBe(EXIT.usage);
    expect(said.message).toMatch(new RegExp(`^无法打开数据库文件“${file.replace(/[.]/g, '\\.')}”：不是本程序能读的 DuckDB 数据库文件，或已损坏；请指向 planeval build 生成的 warehouse.duckdb（IO Error: `));
  });

  it('says a folder is a folder, and which file to give', async () => {
    expect(await refusal(dir)).toEqual({ code: EXIT.usage, message: `无法打开数据库文件“${dir}”：这是文件夹，请指向其中的 warehouse.duckdb` });
  });
});

describe('formatResult', () => {
  it('writes numbers in full for --csv and to 12 significant digits on screen (the analyst review: 7.0606902023 where the data file has 7.06069020230067)', async () => {
    const { formatResult } = await import('../../pipeline/warehouse/query.ts');
    const result = { columns: ['value', 'n'], rows: [{ value: 7.06069020230067, n: 3 }] };
    expect(formatResult(result, 'csv')).toContain('7.06069020230067');
    expect(formatResult(result, 'table')).toContain('7.0606902023');
    expect(formatResult(result, 'table')).not.toContain('7.06069020230067');
    // never the whole part rounded (the second analyst review: 1234567890123.5 shown as 1234567890120)
    expect(formatResult({ columns: ['x'], rows: [{ x: 1234567890123.5 }] }, 'table')).toContain('1234567890123.5');
  });
});
