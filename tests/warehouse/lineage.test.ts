/**
 * The lineage as published by a build, on the sample with its documented defects
 * (`--with-errors`, 2022–2023) built with --accept-rejects: lineage.parquet, the `affected`
 * column of rejects.csv, and what a published figure is when rows were rejected
 * (data-contract §4) — checked from the output files, read with a fresh DuckDB, not
 * through the build's own code.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../pipeline/build.ts';
import { parseCsv, type CsvRow } from '../../pipeline/basics/csv.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { sample, tempDir } from '../support/helpers.ts';
import type { DefectEntry } from '../../pipeline/sample/defect-report.ts';

const GEO = loadGeography();
const code = (name: string) => GEO.towns.find((t) => t.name === name)!.code;

let input: string;
let out: string;
let defects: DefectEntry[];
let rejects: CsvRow[];
let instance: DuckDBInstance;
let conn: DuckDBConnection;

const query = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];

beforeAll(async () => {
  input = await sample({ years: [2022, 2023], withErrors: true });
  out = tempDir('lineage-out');
  const result = await build({ input, out, acceptRejects: true, pdf: false, dataOnly: true, log: memoryLogger() });
  expect(result.exitCode).toBe(0);
  defects = JSON.parse(readFileSync(join(input, 'defects.json'), 'utf8'));
  rejects = parseCsv(readFileSync(join(out, 'data', 'rejects.csv'), 'utf8'), 'rejects.csv');
  instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
  conn = await instance.connect();
  await conn.run(`create view lineage as select * from read_parquet('${join(out, 'data', 'lineage.parquet')}')`);
  await conn.run(`create view v as select * from read_parquet('${join(out, 'data', 'indicator_values.parquet')}')`);
}, 900_000);

afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
  for (const d of [input, out]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('lineage.parquet', () => {
  it('is written in the order of all its columns, so the same rows give the same bytes', async () => {
    const file = join(out, 'data', 'lineage.parquet');
    const asWritten = await query(`select * exclude (file_row_number) from read_parquet('${file}', file_row_number = true) order by file_row_number`);
    const sorted = await query(`select * from read_parquet('${file}') order by all`);
    expect(asWritten.length).toBeGreaterThan(10_000);
    expect(asWritten).toEqual(sorted);
  });

  it('publishes as text the columns the warehouse keeps as ENUMs, which read and join there as text', async () => {
    const enums = ['metric', 'geo_code', 'role', 'row_status', 'sheet_kind', 'source_file', 'source_sheet', 'column_name', 'reject_scope'];
    const file = join(out, 'data', 'lineage.parquet');
    const types = await query(`select name, type, converted_type from parquet_schema('${file}') where name in (${enums.map((e) => `'${e}'`).join(', ')})`);
    expect(types.map((t) => [t.name, t.type, t.converted_type]).sort()).toEqual(enums.map((e) => [e, 'BYTE_ARRAY', 'UTF8']).sort());
    const wh = await DuckDBInstance.create(join(out, 'warehouse.duckdb'), { access_mode: 'READ_ONLY' });
    const whc = await wh.connect();
    try {
      const read = async (sql: string) => (await whc.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
      const columns = await read(`select column_name, data_type from information_schema.columns where table_name = 'indicator_lineage' and data_type like 'ENUM%'`);
      expect(columns.map((c) => c.column_name).sort()).toEqual([...enums].sort());
      // an analyst's query: compared with texts, joined with the reference tables' text columns
      const [joined] = await read(`select count(*) as n, count(*) filter (where l.geo_code = t.geo_code::varchar) as same from indicator_lineage l join ref_towns t using (geo_code) where l.row_status = 'loaded' and l.metric like '%beds%'`);
      expect(Number(joined!.n)).toBeGreaterThan(0);
      expect(joined!.same).toBe(joined!.n);
      // the published rows are the warehouse's, as text
      const [diff] = await read(`select count(*) as n from (select * replace (${enums.map((e) => `${e}::varchar as ${e}`).join(', ')}) from indicator_lineage except all select * from read_parquet('${file}'))`);
      expect(Number(diff!.n)).toBe(0);
    } finally {
      whc.closeSync();
      wh.closeSync();
    }
  });

  it('holds every value’s rows; the counted contributions sum to each published numerator and denominator', async () => {
    const bad = await query(`
      with sums as (
        select v.year, v.geo_code, v.indicator_id, v.numerator, v.denominator,
          sum(l.contribution) filter (where l.is_counted and l.role = 'numerator') as n,
          sum(l.contribution) filter (where l.is_counted and l.role = 'denominator') as d
        from v
        left join lineage as l
          on l.year = v.year and l.indicator_id = v.indicator_id and (v.geo_level = 'district' or l.geo_code = v.geo_code)
        group by all
      )
      select * from sums
      where (numerator is null and n is not null)
        or abs(numerator - coalesce(n, 0)) > 1e-9 * greatest(1, abs(numerator))
        or abs(denominator - coalesce(d, 0)) > 1e-9 * greatest(1, abs(denominator))`);
    expect(bad).toEqual([]);
    const [{ n }] = await query('select count(*) as n from lineage where is_counted') as [{ n: bigint }];
    expect(Number(n)).toBeGreaterThan(10_000);
  });

  it('names each planted rejected row in the lineage of the values it could change, with its rule', async () => {
    const rows = await query(`select distinct source_file, source_sheet, source_row, reject_rules from lineage where row_status = 'rejected' and reject_scope = 'row'`);
    // 礼贤镇临时救助点, 床位数 “待核实”: in the lineage of indicator 2, 礼贤镇
    const nan = defects.find((d) => d.rule === 'not_a_number')!;
    const liXian = await query(`select * from lineage where indicator_id = 2 and year = 2023 and geo_code = '${code('礼贤镇')}' and row_status = 'rejected'`);
    expect(liXian).toEqual([expect.objectContaining({ source_file: nan.file, source_sheet: nan.sheet, source_row: nan.row, reject_rules: '不是数值', row_label: '礼贤镇临时救助点' })]);
    // the 重点任务台账 row touches no indicator
    const pct = defects.find((d) => d.rule === 'percent_range')!;
    expect(rows.filter((r) => r.source_file === pct.file && r.source_sheet === pct.sheet && r.source_row === pct.row)).toEqual([]);
  });
});

describe('a published figure when rows were rejected (issue 11, data-contract §4)', () => {
  it('publishes a value for every figure that still has rows: only the towns without their row are missing', async () => {
    const missing = await query(`select year, geo_code, indicator_id from v where numerator is null order by indicator_id, geo_code`);
    // 特困人员供养 of one town rejected (no valid row), 志愿服务 without one town, and the one
    // 救助床位 row of 礼贤镇 and of 榆垡镇 rejected (not a number, a formula without its value):
    // their beds unknown, not 0张 (never a zero for what is missing)
    const poor = defects.find((d) => d.rule === 'impossible_value' && d.column === '已集中供养人数')!;
    const gone = defects.find((d) => d.rule === 'town_missing' && d.sheet === '志愿服务')!;
    const poorTown = code(defects.find((d) => d.rule === 'town_missing' && d.file === poor.file)!.value!);
    expect(missing).toEqual([
      { year: 2023, geo_code: poorTown, indicator_id: 1 },
      { year: 2023, geo_code: code('礼贤镇'), indicator_id: 2 },
      { year: 2023, geo_code: code('榆垡镇'), indicator_id: 2 },
      { year: 2023, geo_code: code(gone.value!), indicator_id: 24 },
    ].sort((a, b) => a.indicator_id - b.indicator_id));
    // while a town with other rows of the sheet keeps a value from them, marked (黄村镇's 驿站 beds, one row rejected)
    const kept = await query(`select value, is_complete from v where year = 2023 and geo_code = '${code('黄村镇')}' and indicator_id = 3`);
    expect(kept).toEqual([{ value: expect.any(Number), is_complete: false }]);
    expect(kept[0]!.value).toBeGreaterThan(0);
    // every district value of 2023 has a value and a status other than 无法评估
    const district = await query(`select indicator_id, value, status from v where year = 2023 and geo_level = 'district' and (value is null or status = '无法评估')`);
    expect(district).toEqual([]);
  });

  it('marks every 2023 value incomplete (files that could not be read), every 2022 value complete', async () => {
    const flags = await query(`select year, is_complete, count(*) as n from v group by all order by all`);
    expect(flags.map((r) => [r.year, r.is_complete, Number(r.n)])).toEqual([[2022, true, 516], [2023, false, 516]]);
  });

  it('rejects.csv names what each reject made incomplete', () => {
    const affected = (d: DefectEntry) =>
      rejects.find((r) => r.file === d.file && r.rule === d.rule && (d.expect === 'reject-sheet' ? r.sheet === d.sheet : d.row === null || Number(r.row) === d.row))!.affected;
    for (const d of defects.filter((x) => x.expect === 'reject-file')) expect(affected(d), d.file).toBe('2023年全部指标值（全区和各镇街）');
    expect(affected(defects.find((d) => d.rule === 'not_a_number')!)).toBe('2023年：指标2 临时救助和长期照料总床位数（礼贤镇缺失；全区不完整）');
    // 黄村镇康乐养老服务驿站, 运营状态 “试运营”: it could be an operating 驿站 with 4 beds — 3 and 6, not 4 or 5
    expect(affected(defects.find((d) => d.rule === 'enum_value')!)).toBe('2023年：指标3 每千名常住人口养老床位数（全区、黄村镇不完整）；指标6 建成运营社区养老服务驿站（全区、黄村镇不完整）');
    // an operating 驿站 with 0 beds in a town that is not the district's: any town's 驿站 count, no bed figure
    expect(affected(defects.find((d) => d.rule === 'unknown_town')!)).toBe('2023年：指标6 建成运营社区养老服务驿站（全区、各镇街不完整）');
    const poor = defects.find((d) => d.rule === 'impossible_value' && d.column === '已集中供养人数')!;
    expect(affected(poor)).toMatch(/^2023年：指标1 有集中供养需求的特困对象集中供养率（[^、；]+缺失；全区不完整）$/);
    // a key-task row feeds no indicator: it is left out of the year's task counts, by name
    expect(affected(defects.find((d) => d.rule === 'percent_range')!)).toBe('2023年重点任务台账：“推进养老服务时间银行试点”（RW-2023-99）未计入任务统计');
    for (const d of defects.filter((x) => x.expect.startsWith('reject'))) expect(affected(d), `${d.rule} ${d.file}`).not.toBe('');
  });
});
