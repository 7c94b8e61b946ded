/**
 * A town's rows of a register listed last year and none this year (neither loaded nor rejected)
 * are rows lost, not facilities gone: a closed one stays listed as 停用. The fifteenth attack:
 * the 驿站 office's workbook not sent and one 驿站 row filed elsewhere published binding
 * indicator 6 as 1 station for 141, complete, with warnings the only sign. Now what the town has
 * of them is unknown: its value that counts only them is missing, what counts other rows too is
 * computed from the rows there, and the district from the other towns — both marked incomplete.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, type CsvRow } from '../../pipeline/basics/csv.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { builtOut, editSheet, headerColumns, runCli, sample, tempDir } from '../support/helpers.ts';

const YEAR = '2024';
let clean: CsvRow[];
let edited: CsvRow[];
let warnings: CsvRow[];
let stations = 0;
let names: string[] = [];
let out = '';

const build = (input: string, reports = false) => builtOut(input, { reports });

const values = (out: string) => parseCsv(readFileSync(join(out, 'data', 'indicator_values.csv'), 'utf8')).filter((r) => r.year === YEAR);

beforeAll(async () => {
  const input = await sample({ years: [2023, 2024] });
  clean = values(await build(input));
  const copy = tempDir('vanished-in');
  cpSync(input, copy, { recursive: true });
  // every 驿站 of one town (one with at least 3) deleted from 2024's list, its homes and centres still listed elsewhere
  await editSheet(join(copy, YEAR, `养老服务科_驿站_${YEAR}.xlsx`), '养老服务设施', (ws) => {
    const { header, columns: [where, named] } = headerColumns(ws, '设施名称', ['所在镇街', '设施名称']);
    expect(where).toBeGreaterThan(0);
    expect(named).toBeGreaterThan(0);
    const byTown = new Map<string, number[]>();
    for (let n = header + 1; n <= ws.rowCount; n++) {
      const t = ws.getCell(n, where!).value;
      if (typeof t === 'string' && t) byTown.set(t, [...(byTown.get(t) ?? []), n]);
    }
    const [name, rows] = [...byTown].find(([, rs]) => rs.length >= 3)!;
    expect(name).not.toBe('');
    stations = rows.length;
    names = rows.map((n) => String(ws.getCell(n, named!).value ?? ''));
    for (const n of [...rows].reverse()) ws.spliceRows(n, 1);
  });
  out = await build(copy, true);
  edited = values(out);
  warnings = parseCsv(readFileSync(join(out, 'data', 'warnings.csv'), 'utf8'));
}, 600_000);

/** The town's name as the warning gives it (the workbook may write an alias). */
const townName = () => warnings.find((r) => r.rule === 'town_rows_missing')!.value!;

describe('a town’s rows of a register gone from one year to the next', () => {
  const of = (rows: CsvRow[], id: string, level: 'district' | 'town', name = '') =>
    rows.find((r) => r.indicator_id === id && r.geo_level === level && (level === 'district' || r.geo_name === name))!;

  it('leaves the town without a value for what counts only them (建成运营社区养老服务驿站), not a 0', () => {
    expect(stations).toBeGreaterThanOrEqual(3);
    const name = townName();
    expect(of(clean, '6', 'town', name).value).not.toBe('');
    expect(of(edited, '6', 'town', name).value).toBe('');
    // the district from the other towns' stations, marked incomplete
    expect(Number(of(edited, '6', 'district').value)).toBe(Number(of(clean, '6', 'district').value) - Number(of(clean, '6', 'town', name).value));
    expect(of(clean, '6', 'district').is_complete).toBe('true');
    expect(of(edited, '6', 'district').is_complete).toBe('false');
  });

  it('computes what counts other rows too from the rows there, marked incomplete (每千名常住人口养老床位数)', () => {
    const name = townName();
    expect(of(edited, '3', 'town', name).value).not.toBe('');
    expect(of(edited, '3', 'town', name).is_complete).toBe('false');
    expect(of(edited, '3', 'district').is_complete).toBe('false');
    // the other towns' values untouched (their ranks and shares move without the town)
    const other = clean.find((r) => r.indicator_id === '6' && r.geo_level === 'town' && r.geo_name !== name)!.geo_name!;
    const figure = (r: CsvRow) => [r.value, r.numerator, r.is_complete];
    expect(figure(of(edited, '6', 'town', other))).toEqual(figure(of(clean, '6', 'town', other)));
  });

  it('says so in the warning', () => {
    const w = warnings.filter((r) => r.rule === 'town_rows_missing');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain(`“养老服务驿站”在 2023 年本表有 ${stations} 行，2024 年一行也没有：`);
    expect(w[0]!.message).toContain('只计“养老服务驿站”的指标值按缺失计，其他计入“养老服务驿站”的指标值和全区的值标为数据不完整');
  });

  it('keeps the warnings in the warehouse too, in warnings.csv’s order, with year and sheet kind (the analyst review: only in the CSV)', async () => {
    const run = await runCli(['sql', "select warning_id, year, sheet_kind, rule, rule_label, message from load_warnings where rule = 'town_rows_missing'", '--db', join(out, 'warehouse.duckdb'), '--json']);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as { warning_id: number; year: number; sheet_kind: string; rule: string; rule_label: string; message: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ year: 2024, sheet_kind: '养老服务设施', rule_label: '上年有、本年一个也没有列出的一类设施或站点', message: warnings.find((w) => w.rule === 'town_rows_missing')!.message });
    expect(rows[0]!.warning_id).toBe(warnings.findIndex((w) => w.rule === 'town_rows_missing') + 1);
  });

  it('says in the town’s report what is gone and what it leaves missing, and whom to ask', () => {
    const code = loadGeography().towns.find((t) => t.name === townName())!.code;
    const page = readFileSync(join(out, 'site', 'reports', YEAR, 'towns', `${code}.html`), 'utf8');
    expect(page).toContain(`${YEAR}年养老服务科汇总的《养老服务设施》中没有本${townName().endsWith('镇') ? '镇' : '街道'}的养老服务驿站（2023年列有${stations}个）`);
    expect(page).toMatch(/“建成运营社区养老服务驿站”因此缺失/);
    expect(page).toContain('请会同养老服务科补报');
  });

  it('does not say the stations gone from the list stopped operating: what became of them is not known', () => {
    expect(names.filter((x) => x.includes('驿站'))).toHaveLength(stations);
    const page = readFileSync(join(out, 'site', 'reports', YEAR, 'index.html'), 'utf8');
    for (const name of names) expect(page).not.toContain(name);
  });
});

describe('the 驿站 office’s rows left out of the last year, one 驿站 kept (the fifteenth attack)', () => {
  let out = '';
  let rows: CsvRow[] = [];
  let before: CsvRow[] = [];

  beforeAll(async () => {
    const input = await sample();
    await editSheet(join(input, '2025', '养老服务科_驿站_2025.xlsx'), '养老服务设施', (ws) => {
      // every station but the first, bottom up (no empty row left behind)
      const { header, columns: [named] } = headerColumns(ws, '设施名称', ['设施名称']);
      const rows: number[] = [];
      for (let n = header + 1; n <= ws.rowCount; n++) if (String(ws.getCell(n, named!).value ?? '').includes('驿站')) rows.push(n);
      expect(rows.length).toBeGreaterThan(100);
      for (const n of rows.slice(1).reverse()) ws.spliceRows(n, 1);
    });
    out = await build(input, true);
    // nothing rejected: what is marked is marked for the rows gone
    expect(readFileSync(join(out, 'data', 'rejects.csv'), 'utf8').trim().split('\n')).toHaveLength(1);
    const all = parseCsv(readFileSync(join(out, 'data', 'indicator_values.csv'), 'utf8')).filter((r) => r.indicator_id === '6');
    rows = all.filter((r) => r.year === '2025');
    before = all.filter((r) => r.year === '2024');
  }, 600_000);

  it('publishes the stations counted as incomplete, the towns without theirs missing (it had been 1 station, complete)', () => {
    const district = rows.find((r) => r.geo_level === 'district')!;
    expect(district.is_complete).toBe('false');
    expect(rows.filter((r) => r.geo_level === 'town' && r.value === '').length).toBeGreaterThan(10);
  });

  it('marks every town that had stations: missing where all are gone, incomplete where some (the 16th reading: 黄村镇 17 → 1, 博兴街道 2 → 0 published complete)', () => {
    const had = before.filter((r) => r.geo_level === 'town' && Number(r.value) > 0).map((r) => r.geo_code);
    expect(had.length).toBeGreaterThan(15);
    for (const code of had) expect(rows.find((r) => r.geo_code === code)!.is_complete, code).toBe('false');
    // and none of the stations left off the list is said to have stopped
    const page = readFileSync(join(out, 'site', 'reports', '2025', 'index.html'), 'utf8');
    // a town with some of its stations left off says so in its report
    const dropped = parseCsv(readFileSync(join(out, 'data', 'warnings.csv'), 'utf8')).find((w) => w.rule === 'facility_dropped' && w.file!.startsWith('2025/'))!;
    const place = loadGeography().towns.find((t) => dropped.message!.includes(`：${t.name}的“养老服务驿站”中`))!;
    const town = readFileSync(join(out, 'site', 'reports', '2025', 'towns', `${place.code}.html`), 'utf8');
    expect(town).toMatch(new RegExp(`2025年养老服务科汇总的《养老服务设施》中本${place.type === '镇' ? '镇' : '街道'}2024年运营的\\d+个养老服务驿站没有列出`));
    // and no share of a district total without 19 towns' stations is given as its highlight (黄村镇: 1家，占全区的100.0%)
    expect(town).not.toMatch(/总量类指标中[^。]*“建成运营社区养老服务驿站”/);
    // (the two the sample lists as 停用 in 2023 are closings)
    expect(page.match(/停用养老服务驿站(\d+)家/)?.[1] ?? '0').toMatch(/^[0-2]$/);
  });

  it('says on the indicator’s page which towns’ stations are missing, grouped, and in each town’s sources what is left out', () => {
    const page = readFileSync(join(out, 'site', 'indicators', '6.html'), 'utf8').replace(/<[^>]+>/g, '');
    expect(page).toMatch(/缺少\S*?[^、]+、[^、]+、[^、]+等\d+个镇街的养老服务驿站/);
    expect(page).toMatch(/的部分养老服务驿站（2024年运营、本年未列出）/);
    expect(page).toContain('上年列有、本年缺少的名录行 1 处');
    expect(page).not.toContain('缺少的镇街行');
  });

  it('draws no lesson on the forecasts from a figure without some towns’ data (it had said the 2022–2024 forecasts were hopeful, 增加-138家)', () => {
    const page = readFileSync(join(out, 'site', 'reports', '2025', 'index.html'), 'utf8');
    expect(page).not.toMatch(/增加-\d/);
    expect(page).not.toMatch(/“建成运营社区养老服务驿站”在\d{4}—\d{4}年评估时均预判为“预计可完成”/);
  });
});

