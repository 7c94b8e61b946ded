/**
 * The lineage on the site: the sources of every value of the latest year on the indicator
 * and town pages (rows counted per sheet, departments, what was left out; town rows link to
 * the indicator page's anchor), each indicator's lineage as CSV and xlsx, and the incomplete
 * figures on the data-quality page. Counts are checked against the published input tables
 * (stg Parquet), not the lineage.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, readConfiguration } from '../../pipeline/build.ts';
import { parseCsv } from '../../pipeline/basics/csv.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { LINEAGE_COLUMNS } from '../../pipeline/site/lineage.ts';
import { writeSite } from '../../pipeline/site/site.ts';
import { smallBuild, type SmallBuild } from '../support/fixtures.ts';
import { sample, tempDir } from '../support/helpers.ts';

/** Page text without tags, entities decoded, spaces collapsed. */
function pageText(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/\s+/g, ' ');
}

/** The `<tr id=…>` row of a page, as text. */
function row(html: string, id: string): string {
  const m = new RegExp(`<tr id="${id}">([\\s\\S]*?)</tr>`).exec(html);
  if (!m) throw new Error(`没有 id 为 ${id} 的行`);
  return pageText(m[1]!).trim();
}

describe('sources of the latest year’s values (the complete 2020–2021 build)', () => {
  let b: SmallBuild;
  let operating: number;
  beforeAll(async () => {
    b = await smallBuild();
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const parquet = join(b.siteDir, 'data', 'inputs', 'elderly_care_facilities.parquet');
    const [r] = (await conn.runAndReadAll(`select count(*) as n from read_parquet('${parquet}') where year = 2021 and geo_code = 'huangcun' and operating_status = '运营'`)).getRowObjectsJS();
    operating = Number(r!.n);
    conn.closeSync();
    instance.closeSync();
  }, 900_000);

  it('the indicator page lists each value with its sheets, rows and departments, anchored per place', () => {
    const html = readFileSync(join(b.siteDir, 'indicators', '3.html'), 'utf8');
    expect(html).toContain('<h2 id="sec-lineage">数据来源（2021年）</h2>');
    expect(operating).toBeGreaterThan(3);
    expect(row(html, 'src-huangcun')).toMatch(new RegExp(`^黄村镇 \\d+\\.\\d张 完整 养老服务设施 ${operating} 行、居家养老 1 行（养老服务科）；人口基础数据 1 行（区统计局） 无$`));
    expect(row(html, 'src-daxing')).toMatch(/^全区 \d+\.\d张 完整 养老服务设施 \d+ 行、居家养老 22 行（养老服务科）；人口基础数据 22 行（区统计局） 无$/);
    expect(html).toContain('href="3-lineage.csv"');
    expect(html).toContain('href="3-lineage.xlsx"');
    // a card per place on a phone, each cell with its column's name, as the other tables of the site
    // (a site review: its 未计入 column had been off a 390 px screen)
    expect(html).toContain('<table class="data stack lineage-sources">');
    expect(html).toMatch(/<tr id="src-huangcun">[^\n]*<td[^>]* data-label="未计入">无<\/td><\/tr>/);
    // a district-only indicator has the district row only
    const d = readFileSync(join(b.siteDir, 'indicators', '10.html'), 'utf8');
    expect(row(d, 'src-daxing')).toMatch(/^全区 0\.\d\d 完整 区级统计指标 2 行（区统计局） 无$/);
    expect(d).not.toContain('id="src-huangcun"');
  });

  it('the town page links each value to its row on the indicator page', () => {
    const html = readFileSync(join(b.siteDir, 'towns', 'huangcun.html'), 'utf8');
    expect(html).toContain('<a href="../indicators/3.html#src-huangcun">指标3 每千名常住人口养老床位数</a>');
    expect(row(html, 'src-3')).toContain(`养老服务设施 ${operating} 行`);
  });

  it('offers each indicator’s lineage of the latest year as CSV (BOM, Chinese headers), its rows summing to the published values', () => {
    const bytes = readFileSync(join(b.siteDir, 'indicators', '3-lineage.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const byLabel = new Map(LINEAGE_COLUMNS.map((col) => [col.label, col.name]));
    const csv = parseCsv(bytes.toString('utf8'), '3-lineage.csv').map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [byLabel.get(k) ?? `?${k}`, v])));
    expect(Object.keys(csv[0]!)).toEqual(LINEAGE_COLUMNS.map((col) => col.name));
    expect(new Set(csv.map((r) => r.year))).toEqual(new Set(['2021']));
    const mine = csv.filter((r) => r.year === '2021' && r.geo_code === 'huangcun' && r.is_counted === '是');
    expect(mine.filter((r) => r.sheet_kind === '养老服务设施')).toHaveLength(operating);
    expect(mine[0]).toMatchObject({ geo_name: '黄村镇', department: '养老服务科', row_status: '已载入' });
    // the build's own indicator_values.csv (English column names), not the site's copy
    const values = parseCsv(readFileSync(join(b.out, 'data', 'indicator_values.csv'), 'utf8'), 'indicator_values.csv');
    const v = values.find((r) => r.year === '2021' && r.indicator_id === '3' && r.geo_code === 'huangcun')!;
    const sum = (role: string) => mine.filter((r) => r.role === role).reduce((s, r) => s + Number(r.contribution), 0);
    expect(sum('分子')).toBeCloseTo(Number(v.numerator), 9);
    expect(sum('分母')).toBeCloseTo(Number(v.denominator), 9);
    expect(existsSync(join(b.siteDir, 'indicators', '3-lineage.xlsx'))).toBe(true);
    expect(existsSync(join(b.siteDir, 'data', 'lineage.parquet'))).toBe(true);
  });

  it('has no incomplete figures to list on the data-quality page, and marks none', () => {
    expect(readFileSync(join(b.siteDir, 'method.html'), 'utf8')).not.toContain('id="incomplete"');
    for (const page of ['index.html', 'indicators/index.html', 'indicators/3.html', 'towns/huangcun.html']) {
      const html = readFileSync(join(b.siteDir, page), 'utf8');
      expect(html, page).not.toContain('class="mark"');
      expect(html, page).not.toContain('incomplete-note');
    }
  });
});

describe('incomplete figures (the --with-errors sample, --accept-rejects)', () => {
  let input: string;
  let out: string;
  let siteDir: string;
  beforeAll(async () => {
    input = await sample({ years: [2022, 2023], withErrors: true });
    out = tempDir('lineage-site');
    const log = memoryLogger();
    const result = await build({ input, out, acceptRejects: true, pdf: false, dataOnly: true, log });
    expect(result.exitCode).toBe(0);
    const { plan, geography } = readConfiguration(input);
    siteDir = join(out, 'site');
    await writeSite({
      plan, geography, values: result.values!, data: result.data!, siteDir, dataDir: join(out, 'data'), warehouse: join(out, 'warehouse.duckdb'),
      publishRejects: true, reports: [], log,
    });
  }, 900_000);
  afterAll(() => {
    for (const d of [input, out]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('the indicator page shows which values are incomplete and what was left out', () => {
    const html = readFileSync(join(siteDir, 'indicators', '2.html'), 'utf8');
    // its one 救助床位 row rejected: its beds unknown, missing — not 0张 (data-contract §4)
    expect(row(html, 'src-lixian')).toBe('礼贤镇 — 缺失 — 被拒绝的行 1 行；无法读取的文件 4 个');
    expect(row(html, 'src-daxing')).toMatch(/ 不完整 救助床位 \d+ 行（社会救助科） 被拒绝的行 2 行；无法读取的文件 4 个$/);
  });

  it('the data-quality page lists the incomplete and missing figures with their rejects', () => {
    const text = pageText(readFileSync(join(siteDir, 'method.html'), 'utf8'));
    expect(text).toContain('数据不完整的指标值');
    expect(text).toContain('表 数据不完整或缺失的指标值（32项）');
    expect(text).toMatch(/2023年 指标1 有集中供养需求的特困对象集中供养率 全区和除旧宫镇外的各镇街 旧宫镇 特困人员供养缺少旧宫镇的行；文件“2023\/社会救助科_2023\.xlsx”工作表“特困人员供养2023年”第 14 行（数值关系不可能）/);
    expect(text).toContain('文件“2023/补报_2023.xlsx”工作表“救助床位”第 4 行（不是数值）');
    expect(text).toContain('被拒绝的数据可能改变的值标为数据不完整');
    // the files that could not be read, which touch every value of the year, named once under the table (a site
    // review: the same four files in all 32 rows), each row pointing there
    expect(text).toMatch(/2023年\d个报送的文件无法读取：文件“2023\/[^”]+”（文件已加密）、[^。]*。内容未知，当年全部指标值都可能受影响，均标为不完整；表中“原因”一栏只写“无法读取的\d个文件”，不再逐行列出文件名。/);
    expect(text).toMatch(/2023年 指标4 千人养老机构床位数 全区和各镇街 — 无法读取的\d个文件（见表注）/);
    // (named in the load report, the ledger and this note; it had been in every row too)
    expect(text.match(/错误样例_加密文件/g)?.length).toBeLessThan(10);
  });
});
