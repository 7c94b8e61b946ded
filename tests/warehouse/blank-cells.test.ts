/**
 * An empty cell an indicator needs is said, by the build and by `check`, naming the cell and
 * what it leaves incomplete or missing: a blank 床位数 of an operating facility had left both
 * silent (check: 全部数据可以载入; build: 缺数据 0 个) while four published values were
 * marked incomplete. The sample's own blanks (the counts of revoked communities) are not said.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../pipeline/build.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { parseCsv } from '../../pipeline/basics/csv.ts';
import { copyOf, editSheet, runCli, sample, tempDir } from '../support/helpers.ts';

/** The column of `header` row `at` whose text starts with `name`. */
function column(ws: ExcelJS.Worksheet, at: number, name: string): number {
  let found = 0;
  ws.getRow(at).eachCell((cell, c) => {
    if (!found && String(cell.value ?? '').replace(/\s/g, '').startsWith(name)) found = c;
  });
  if (!found) throw new Error(`${ws.name} 第 ${at} 行没有 ${name}`);
  return found;
}

describe('empty cells an indicator needs', () => {
  let input: string;
  beforeAll(async () => {
    input = await sample({ years: [2020, 2021] });
    // the sample's layouts differ by year: the columns found by their headers
    await editSheet(join(input, '2021', '养老服务科_2021.xlsx'), '养老服务设施', (ws) => {
      const row = ws.getRow(5);
      expect(row.getCell(column(ws, 3, '运营状态')).value).toBe('运营');
      const beds = row.getCell(column(ws, 3, '床位数'));
      expect(Number(beds.value)).toBeGreaterThan(0);
      beds.value = null;
    });
    await editSheet(join(input, '2021', '区统计局_2021.xlsx'), '人口基础数据', (ws) => {
      expect(String(ws.getCell(5, column(ws, 4, '镇')).value)).toBe('兴丰');
      ws.getCell(5, column(ws, 4, '常住人口')).value = null;
      // 户籍儿童人口 of 林校路: indicator 11 is the district's only (no town value to go missing)
      expect(String(ws.getCell(6, column(ws, 4, '镇')).value)).toBe('林校路');
      ws.getCell(6, column(ws, 4, '户籍儿童人口')).value = null;
    });
    // 社区工作者人数 of one community: its 其中本社区居住人数 then counts nothing, but is not blank
    await editSheet(join(input, '2021', '基层政权和社区建设科_2021.xlsx'), '社区村名录', (ws) => {
      expect(ws.getCell(4, column(ws, 3, '状态')).value).toBe('存续');
      ws.getCell(4, column(ws, 3, '社区工作者人数')).value = null;
    });
  }, 120_000);

  it('check says each one, with what it leaves incomplete or missing, and no longer that all is well', async () => {
    const run = await runCli(['check', '--input', input]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('[指标所需的数值未填]');
    expect(run.stderr).toMatch(/工作表“养老服务设施2021年”第 5 行“床位数”列未填数值：2021 年\S+和全区的“每千名常住人口养老床位数”“千人养老机构床位数”只按其余数据计算，标为数据不全/);
    expect(run.stderr).toMatch(/工作表“人口基础数据”第 5 行“常住人口”列未填数值：2021 年兴丰街道的“[^”]+”(“[^”]+”)+因此缺失（无法评估），全区数值标为数据不全/);
    expect(run.stderr).toMatch(/工作表“人口基础数据”第 6 行“户籍儿童人口”列未填数值：2021 年全区的“每万人户籍儿童机构床位数”只按其余数据计算，标为数据不全/);
    expect(run.stderr).not.toMatch(/林校路街道的“每万人户籍儿童机构床位数”/);
    // one warning for the one empty cell, none for the filled cell beside it that counts nothing
    expect(run.stderr).toMatch(/工作表“社区村名录”第 4 行“社区工作者人数”列未填数值/);
    expect(run.stderr).not.toMatch(/工作表“社区村名录”第 4 行“其中本社区居住人数”列/);
    expect(run.stderr).toContain('但有 4 个指标所需的数值未填');
    expect(run.stderr).not.toContain('全部数据可以载入。');
  }, 120_000);

  it('marks in another town’s report the rank, the district and the changes made from the incomplete values, and says why (the sixth workbook attack)', async () => {
    const out = tempDir('blank-reports');
    const result = await build({ input, out, acceptRejects: false, pdf: false, log: memoryLogger() });
    expect(result.exitCode).toBe(0);
    const values = parseCsv(readFileSync(join(out, 'data', 'indicator_values.csv'), 'utf8'));
    const of = (year: string, id: string) => values.filter((r) => r.year === year && r.indicator_id === id && r.geo_level === 'town');
    // 千人养老机构床位数 of 2021: one town incomplete (its facility's beds blank), the others complete
    const towns = of('2021', '4');
    const lost = towns.filter((r) => r.is_complete === 'false' && r.value !== '');
    expect(lost).toHaveLength(1);
    const other = towns.find((r) => r.is_complete === 'true' && r.rank !== '')!;
    const html = readFileSync(join(out, 'site', 'reports', '2021', 'towns', `${other.geo_code}.html`), 'utf8');
    const row = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes('千人养老机构床位数（'))!;
    const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!);
    const marked = (cell: string) => /<sup class="mark"[^>]*>\*<\/sup>/.test(cell);
    // the town's own value unmarked; the district's and the rank marked
    expect([marked(cells[0]!), marked(cells[1]!), marked(cells[3]!)]).toEqual([false, true, true]);
    // (2021, the plan's first year: one column of change, 较2020年)
    // the note names the columns marked, and only those (the final review: 两列变化 named, none marked)
    const columns = ([['全区', 1], ['位次', 3], ['较2020年', 4]] as const).filter(([, i]) => marked(cells[i]!)).map(([c]) => `“${c}”`);
    expect(columns.slice(0, 2)).toEqual(['“全区”', '“位次”']);
    expect(html.replace(/<[^>]+>/g, '')).toMatch(new RegExp(`${columns.join('')}${['', '', '两', '三'][columns.length]}列中标“\\*”的，所依据的全区(、其他镇街)?或(其他镇街|往年)的数值不完整`));
    // the incomplete town's own value is marked, its rank not again
    const own = readFileSync(join(out, 'site', 'reports', '2021', 'towns', `${lost[0]!.geo_code}.html`), 'utf8');
    const ownRow = [...own.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes('千人养老机构床位数（'))!;
    const ownCells = [...ownRow.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!);
    expect([marked(ownCells[0]!), marked(ownCells[3]!)]).toEqual([true, false]);
    // the data says so too, and the site's town page marks the rank as the report does
    expect([other.is_complete, other.is_comparison_complete, lost[0]!.is_comparison_complete]).toEqual(['true', 'false', 'true']);
    const page = readFileSync(join(out, 'site', 'towns', `${other.geo_code}.html`), 'utf8');
    const siteRow = [...page.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes('千人养老机构床位数<'))!;
    const siteCells = [...siteRow.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!);
    expect(siteCells.map(marked)).toEqual([false, false, true, false, false, true, false]);
    expect(page.replace(/<[^>]+>/g, '')).toContain('“位次”“占全区比重”和“较上年”标“*”的，');
    const name = other.geo_name;
    const said = await runCli(['explain', '4', '--year', '2021', '--town', name, '--db', join(out, 'warehouse.duckdb')]);
    expect(said.stdout).toContain('注：由其他数值算出的比较（较上年变化、位次或占全区比重）所依据的数值有不完整的');
  }, 180_000);

  it('the build says them, keeps them in warnings.csv and counts the incomplete values in its summary', async () => {
    const out = tempDir('blank-out');
    const log = memoryLogger();
    const result = await build({ input, out, acceptRejects: false, pdf: false, dataOnly: true, log });
    expect(result.exitCode).toBe(0);
    const csv = readFileSync(join(out, 'data', 'warnings.csv'), 'utf8');
    const blanks = csv.split('\n').filter((l) => l.includes('blank_value'));
    expect(blanks).toHaveLength(4);
    expect(blanks.filter((l) => l.includes('2021/养老服务科_2021.xlsx'))).toHaveLength(1);
    expect(blanks.filter((l) => l.includes('2021/区统计局_2021.xlsx'))).toHaveLength(2);
    const summary = log.lines.join('\n');
    expect(summary).toMatch(/警告 [5-9] 处/); // and the 合计 rows the blanks leave short
    expect(summary).toMatch(/其中缺数据 [1-9]\d* 个；数据不全 [1-9]\d* 个（按已有数据计算，已标明）/);
  }, 120_000);

  it('are listed by a build that stops on rejects too, as check lists them (every problem at once)', async () => {
    const rejected = copyOf(input, 'blank-rejected');
    await editSheet(join(rejected, '2021', '养老服务科_2021.xlsx'), '养老服务设施', (ws) => {
      ws.getRow(6).getCell(column(ws, 3, '床位数')).value = -5;
    });
    const run = await runCli(['build', '--input', rejected, '--out', tempDir('blank-rejected-out'), '--data-only']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/工作表“养老服务设施2021年”第 5 行“床位数”列未填数值/);
    expect(run.stderr).toMatch(/工作表“人口基础数据”第 5 行“常住人口”列未填数值/);
  }, 120_000);

  it('check without a writable temporary folder checks the workbooks all the same and says what it did not look for', async () => {
    const run = await runCli(['check', '--input', input], { env: { TMPDIR: join(tempDir('no-tmp'), 'not-there') } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('未能查找指标所需而未填的数值');
    expect(run.stderr).toContain('可用环境变量 TMPDIR 指定');
    expect(run.stderr).toMatch(/文件 \d+ 个；读取 \d+ 行/);
    expect(run.stderr).not.toContain('内部错误');
  }, 120_000);

  it('says nothing of the sample as it is (its revoked communities have blank counts by right)', async () => {
    const clean = await sample({ years: [2020, 2021] });
    const run = await runCli(['check', '--input', clean]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('指标所需的数值未填');
    expect(run.stderr).toContain('全部数据可以载入。');
  }, 120_000);
});

describe('a value whose numerator has rows and none with a value', () => {
  it('is missing, never a zero made of empty cells: every relief institution of the year with its beds blank', async () => {
    const input = await sample({ years: [2020, 2021] });
    await editSheet(join(input, '2021', '社会救助科_2021.xlsx'), '救助床位', (ws) => {
      const status = column(ws, 3, '运营状态');
      const beds = column(ws, 3, '床位数');
      let blanked = 0;
      ws.eachRow((row, r) => {
        if (r > 3 && row.getCell(status).value === '运营') {
          row.getCell(beds).value = null;
          blanked++;
        }
      });
      expect(blanked).toBeGreaterThan(1);
    });
    const out = tempDir('allblank-out');
    const result = await build({ input, out, acceptRejects: false, pdf: false, dataOnly: true, log: memoryLogger() });
    expect(result.exitCode).toBe(0);
    const rows = parseCsv(readFileSync(join(out, 'data', 'indicator_values.csv'), 'utf8'));
    const at = (year: number, id: number, geo: string) => rows.find((r) => r.year === String(year) && r.indicator_id === String(id) && r.geo_code === geo)!;
    // binding indicator 2 had read 0, 逆向变化, with a binding warning
    expect(at(2021, 2, 'daxing')).toMatchObject({ value: '', numerator: '', status: '无法评估', is_complete: 'false', is_binding_warning: 'false' });
    expect(at(2020, 2, 'daxing').value).not.toBe('');
  }, 120_000);
});

describe('check and build on workbooks with warnings only', () => {
  it('check does not say all is well alone, and the build counts a ratio of 0 ÷ 0 apart from missing data', async () => {
    const input = await sample({ years: [2020, 2021] });
    // 兴丰 with nobody needing care: 0 of 0 (and 合计 rows that no longer add up: warnings)
    await editSheet(join(input, '2021', '社会救助科_2021.xlsx'), '特困人员供养', (ws) => {
      expect(String(ws.getCell(4, column(ws, 3, '镇')).value)).toBe('兴丰');
      ws.getCell(4, column(ws, 3, '有集中供养需求人数')).value = 0;
      ws.getCell(4, column(ws, 3, '已集中供养人数')).value = 0;
    });
    const run = await runCli(['check', '--input', input]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/全部数据可以载入；另有 \d+ 处警告（见上），请逐一核实/);
    const log = memoryLogger();
    const result = await build({ input, out: tempDir('zero-out'), acceptRejects: false, pdf: false, dataOnly: true, log });
    expect(result.exitCode).toBe(0);
    expect(log.lines.join('\n')).toMatch(/其中缺数据 0 个；分母为0、无法计算 1 个/);
  }, 120_000);
});
