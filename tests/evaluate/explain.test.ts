/**
 * `planeval explain`, run as a user runs it, on builds of the sample: the rows it prints are
 * checked against the sample workbooks read back independently (exceljs, sample-reader.ts,
 * not the loader nor the warehouse), the figures against arithmetic done here; with the
 * documented defects (`--with-errors`), an incomplete value names the rejected rows.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../pipeline/build.ts';
import { explainText } from '../../pipeline/evaluate/explain.ts';
import { formatNumber, formatPercent } from '../../pipeline/basics/format.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import { sharedSample } from '../support/fixtures.ts';
import { runCli, sample, tempDir } from '../support/helpers.ts';
import { num, readWorkbook, townResolver, type ReadSheet } from '../support/sample-reader.ts';

const PLAN = resolvePlan('daxing-civil-affairs-14');
const GEO = loadGeography();
const townOf = townResolver(GEO.towns);

/** Every contract sheet of a year folder, with file names relative to the input. */
async function readSheets(input: string, year: number): Promise<(ReadSheet & { rel: string })[]> {
  const dir = join(input, String(year));
  const out: (ReadSheet & { rel: string })[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.xlsx')).sort()) {
    try {
      for (const s of await readWorkbook(join(dir, f))) out.push({ ...s, rel: `${year}/${f}` });
    } catch {
      // an unreadable file (the --with-errors sample): the loader rejects it too
    }
  }
  return out;
}

/** `1,234`-style grouping as the report prints integers (none below 10 000). */
const int = (n: number) => formatNumber(n, 0);

let input: string;
let out: string;

beforeAll(async () => {
  input = await sharedSample([2020, 2021, 2022, 2023, 2024, 2025]);
  out = tempDir('explain-out');
  const result = await build({ input, out, acceptRejects: false, pdf: false, dataOnly: true, log: memoryLogger() });
  expect(result.exitCode).toBe(0);
}, 900_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

const explain = (...args: string[]) => runCli(['explain', ...args, '--db', join(out, 'warehouse.duckdb')]);

describe('planeval explain 3 --year 2024 --town 黄村镇', () => {
  let sheets: (ReadSheet & { rel: string })[];
  beforeAll(async () => {
    sheets = await readSheets(input, 2024);
  });

  it('lists every row of the numerator and denominator, as the workbooks hold them, and the value as the report rounds it', async () => {
    const run = await explain('3', '--year', '2024', '--town', '黄村镇', '--rows');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const text = run.stdout;
    expect(text).toContain('指标3 每千名常住人口养老床位数 · 黄村镇 · 2024年');
    expect(text).toContain('数据来源：养老服务设施（养老服务科）；居家养老（养老服务科）；人口基础数据（区统计局）');

    // numerator: operating facilities of 黄村镇 (every type) + 黄村镇's 家庭照护床位数
    let numerator = 0;
    let facilityRows = 0;
    for (const s of sheets.filter((x) => x.kind === '养老服务设施')) {
      s.rows.forEach((r, i) => {
        if (townOf(r['所在镇街'] ?? null) !== '黄村镇' || r['运营状态'] !== '运营') return;
        const beds = num(r['床位数'] ?? null)!;
        numerator += beds;
        facilityRows++;
        const header = `养老服务设施（养老服务科） · 文件“${s.rel}”工作表“${s.tab}”`;
        expect(text, `${s.rel} 第 ${s.rowNumbers[i]} 行`).toContain(`第 ${s.rowNumbers[i]} 行 ${String(r['设施名称']).trim()}：床位数 ${int(beds)}`);
        expect(text).toContain(header);
      });
    }
    expect(facilityRows).toBeGreaterThan(5);
    const homeSheet = sheets.find((x) => x.kind === '居家养老')!;
    const hi = homeSheet.rows.findIndex((r) => townOf(r['镇街'] ?? null) === '黄村镇');
    const familyBeds = num(homeSheet.rows[hi]!['家庭照护床位数'] ?? null)!;
    numerator += familyBeds;
    expect(text).toContain(`居家养老（养老服务科） · 文件“${homeSheet.rel}”工作表“${homeSheet.tab}”第 ${homeSheet.rowNumbers[hi]} 行：家庭照护床位数 ${int(familyBeds)}`);

    // denominator: 黄村镇's 常住人口
    const popSheet = sheets.find((x) => x.kind === '人口基础数据')!;
    const pi = popSheet.rows.findIndex((r) => townOf(r['镇街'] ?? null) === '黄村镇');
    const residents = num(popSheet.rows[pi]!['常住人口'] ?? null)!;
    expect(text).toContain(`人口基础数据（区统计局） · 文件“${popSheet.rel}”工作表“${popSheet.tab}”第 ${popSheet.rowNumbers[pi]} 行：常住人口 ${int(residents)}`);

    expect(text).toContain(`分子：${int(numerator)}（${facilityRows + 1} 行）`);
    expect(text).toContain(`分母：${int(residents)}（1 行）`);
    const value = (numerator / residents) * 1000;
    expect(text).toContain(`计算：分子 ÷ 分母 × 1000 = ${int(numerator)} ÷ ${int(residents)} × 1000 = ${formatNumber(value, 1)}张`);
    expect(text).toContain('数据完整：是');
    expect(text).toContain('未计入的数据：无');
    // a town is judged against the district target (7张)
    expect(text).toContain(`对照全区目标：${value >= 7 ? '达到全区目标水平' : '未达到全区目标水平'}`);
  });

  it('without --rows sums the rows of a file and sheet when there are many', async () => {
    const run = await explain('3', '--year', '2024', '--town', '黄村镇');
    const stations = sheets.find((x) => x.kind === '养老服务设施' && x.rows.filter((r) => townOf(r['所在镇街'] ?? null) === '黄村镇' && r['运营状态'] === '运营').length > 5)!;
    const mine = stations.rows.map((r, i) => ({ r, row: stations.rowNumbers[i]! })).filter(({ r }) => townOf(r['所在镇街'] ?? null) === '黄村镇' && r['运营状态'] === '运营');
    const beds = mine.reduce((s, { r }) => s + num(r['床位数'] ?? null)!, 0);
    expect(run.stdout).toContain(`养老服务设施（养老服务科） · 文件“${stations.rel}”工作表“${stations.tab}”：${mine.length} 行（第 ${mine[0]!.row}—${mine.at(-1)!.row} 行），床位数合计 ${int(beds)}（加 --rows 列出每一行）`);
  });
});

describe('planeval explain 10 --year 2024 (district only)', () => {
  it('prints both statistics with their rows, the ratio and the evaluation arithmetic as the report rounds it', async () => {
    const sheets = await readSheets(input, 2024);
    const stats = sheets.find((x) => x.kind === '区级统计指标')!;
    const at = (name: string) => stats.rows.findIndex((r) => r['指标名称'] === name);
    const allowance = num(stats.rows[at('社会散居孤儿供养标准')]!['数值'] ?? null)!;
    const consumption = num(stats.rows[at('居民人均消费支出')]!['数值'] ?? null)!;
    const run = await explain('10', '--year', '2024');
    expect(run.code).toBe(0);
    const text = run.stdout;
    expect(text).toContain('指标10 社会散居孤儿供养标准与人均消费支出比值 · 大兴区 · 2024年');
    expect(text).toContain(`区级统计指标（区统计局） · 文件“${stats.rel}”工作表“${stats.tab}”第 ${stats.rowNumbers[at('社会散居孤儿供养标准')]} 行 社会散居孤儿供养标准：数值 ${int(allowance)} → 计 ${int(allowance * 12)}`);
    expect(text).toContain(`区级统计指标（区统计局） · 文件“${stats.rel}”工作表“${stats.tab}”第 ${stats.rowNumbers[at('居民人均消费支出')]} 行 居民人均消费支出：数值 ${int(consumption)}`);
    const v = (allowance * 12) / consumption;
    expect(text).toContain(`计算：分子 ÷ 分母 = ${int(allowance * 12)} ÷ ${int(consumption)} = ${formatNumber(v, 2)}`);
    // evaluation.md: B 0.55, G 0.6 (≥), T = (2024 − 2020) / 5, P = (V − B) / (G − B), R = P / T
    const ind = PLAN.indicatorById.get(10)!;
    const t = 0.8;
    const p = (v - ind.baseline!) / (ind.target - ind.baseline!);
    expect(text).toContain('基期值 B = 0.55（2020年，规划印发值）');
    expect(text).toContain('目标值 G = ≥0.6（2025年）');
    expect(text).toContain(`时序进度 T = (2024 − 2020) ÷ (2025 − 2020) = ${formatPercent(t)}`);
    if (v >= ind.target) {
      expect(text).toContain('→ 进度评价：已完成');
    } else {
      expect(text).toContain(`完成进度 P = (V − B) ÷ (G − B) = ${formatPercent(p)}`);
      expect(text).toContain(`R = P ÷ T = ${formatNumber(p / t, 2)}`);
      const r = p / t;
      const status = p < 0 ? '逆向变化' : r >= 1 ? '快于时序进度' : r >= 0.95 ? '基本符合进度' : r >= 0.6 ? '滞后' : '明显滞后';
      expect(text).toContain(`→ 进度评价：${status}`);
    }
    expect(text).toMatch(/→ 2025预判：(已完成|预计可完成|需加快|难以完成)/);
  });

  it('gives a town’s figure of an indicator in 万人 in 人, as the reports and the site do (the analyst review: 0.04万人 for 439)', async () => {
    const run = await explain('21', '--year', '2025', '--town', '黄村镇');
    expect(run.code).toBe(0);
    const n = Number(/分子：([\d,]+)/.exec(run.stdout)![1]!.replace(/,/g, ''));
    expect(run.stdout).toContain(`= ${n} ÷ 10000 = ${n / 10000}万人，即${n}人`);
    expect(run.stdout).toContain(`2025年镇街值 V = ${n}人`);
    // the district's in 万人, as the plan gives it
    expect((await explain('21', '--year', '2025')).stdout).toMatch(/实际值 V = \d\.\d\d万人/);
  });

  it('refuses a town for a district-only indicator, an unknown town and a year not built', async () => {
    const d = await explain('10', '--year', '2024', '--town', '黄村镇');
    expect(d.code).toBe(64);
    expect(d.stderr).toContain('只计算全区值');
    const t = await explain('3', '--year', '2024', '--town', '火星镇');
    expect(t.code).toBe(64);
    expect(t.stderr).toContain('没有镇街“火星镇”');
    const y = await explain('3', '--year', '2019');
    expect(y.code).toBe(64);
    expect(y.stderr).toContain('没有 2019 年的指标值');
    const i = await explain('99', '--year', '2024');
    expect(i.code).toBe(64);
  });

  it('reads digits typed full-width with a Chinese input method on (３ --year ２０２４), and refuses a year given twice', async () => {
    const [wide, plain] = await Promise.all([explain('３', '--year', '２０２４', '--town', '黄村镇'), explain('3', '--year', '2024', '--town', '黄村镇')]);
    expect(wide.stderr).toBe('');
    expect(wide.code).toBe(0);
    expect(wide.stdout).toBe(plain.stdout);
    const twice = await explain('3', '--year', '2023', '--year', '2024');
    expect(twice.code).toBe(64);
    expect(twice.stderr).toContain('错误：选项 --year 写了两次（“2023”和“2024”），只能写一次');
    expect(twice.stdout).toBe('');
  });
});

describe('planeval explain on the sample with its defects (--with-errors, --accept-rejects)', () => {
  let bad: string;
  let badOut: string;
  let defects: { file: string; sheet: string | null; row: number | null; column: string | null; rule: string; value: string | null }[];
  beforeAll(async () => {
    bad = await sample({ years: [2022, 2023], withErrors: true });
    badOut = tempDir('explain-bad');
    const result = await build({ input: bad, out: badOut, acceptRejects: true, pdf: false, dataOnly: true, log: memoryLogger() });
    expect(result.exitCode).toBe(0);
    defects = JSON.parse(readFileSync(join(bad, 'defects.json'), 'utf8'));
  }, 900_000);
  afterAll(() => {
    for (const d of [bad, badOut]) if (d) rmSync(d, { recursive: true, force: true });
  });
  const explainBad = (...args: string[]) => runCli(['explain', ...args, '--db', join(badOut, 'warehouse.duckdb')]);

  it('an incomplete value names the rejected rows that make it incomplete, with their rule', async () => {
    const run = await explainBad('2', '--year', '2023', '--town', '礼贤镇');
    expect(run.code).toBe(0);
    const nan = defects.find((d) => d.rule === 'not_a_number')!;
    expect(run.stdout).toContain('数据完整：否');
    expect(run.stdout).toContain(`✗ 被拒绝的行 礼贤镇临时救助点：文件“${nan.file}”工作表“${nan.sheet}”第 ${nan.row} 行，不是数值`);
    expect(run.stdout).toContain('“待核实”不是数值');
    // the files that could not be read touch every value of 2023
    for (const d of defects.filter((x) => x.row === null && x.sheet === null)) expect(run.stdout).toContain(`✗ 整个文件无法读取（内容未知，当年每个值都可能受影响）：文件“${d.file}”`);
    // 榆垡镇's formula row is not 礼贤镇's
    const formula = defects.find((d) => d.rule === 'formula_without_value')!;
    expect(run.stdout).not.toContain(`第 ${formula.row} 行，公式没有计算结果`);
  });

  it('a sheet rejected whole names the towns it touches, not the first of them, and no town for a district sheet', async () => {
    const year = defects.find((d) => d.rule === 'year_mismatch')!;
    const run = await explainBad('28', '--year', '2023');
    expect(run.stdout).toMatch(new RegExp(`✗ 整张表被拒绝（涉及[^）]+）：文件“${year.file}”工作表“${year.sheet}”，标题年度与报送年度不符`));
    const column = defects.find((d) => d.rule === 'missing_column')!;
    const registry = await explainBad('25', '--year', '2023');
    expect(registry.stdout).toContain(`✗ 整张表被拒绝：文件“${column.file}”工作表“${column.sheet}”，缺少必填列`);
  });

  it('a missing town value says which row is missing and why', async () => {
    const poor = defects.find((d) => d.rule === 'impossible_value' && d.column === '已集中供养人数')!;
    const town = defects.find((d) => d.rule === 'town_missing' && d.file === poor.file)!.value!;
    const run = await explainBad('1', '--year', '2023', '--town', town);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('数据完整：否（缺少必需的数据，值缺失）');
    expect(run.stdout).toContain(`! 缺少：特困人员供养中没有${town}的有效行，${town}的值缺失`);
    expect(run.stdout).toContain(`✗ 被拒绝的行：文件“${poor.file}”工作表“${poor.sheet}”第 ${poor.row} 行，数值关系不可能`);
    expect(run.stdout).toContain('2023年镇街值 V = —（缺数据）');
    // the district is computed from the other towns, incomplete, and still judged
    const district = await explainBad('1', '--year', '2023');
    expect(district.stdout).toContain('数据完整：否（由已载入的行算出');
    expect(district.stdout).toMatch(/→ 进度评价：\S+（数据不完整）/);
  });
});

describe('explain, from the rows it is given', () => {
  it('says a district statistic written 0 as 0 it cannot be, and no town for the district’s own rows (the 17th attack: 数值为空, daxing缺少…其余镇街)', () => {
    const ind = PLAN.indicatorById.get(10)!;
    const row = (role: 'numerator' | 'denominator', label: string, value: string, contribution: number | null) => ({
      year: 2023, indicatorId: 10, geoCode: 'daxing', role, status: 'loaded' as const, isRequired: true, isCounted: false,
      sheetKind: '区级统计指标', sourceFile: '2023/区统计局_2023.xlsx', sourceSheet: '区级统计指标', sourceRow: role === 'numerator' ? 3 : 4,
      rowLabel: label, columnName: '数值', sourceValue: value, contribution, rejectScope: null, rejectRules: null, rejectMessages: null,
    });
    const none = { value: null, numerator: null, denominator: null, isComplete: false, baseline: 0.55, target: 0.6, timeProgress: 0.6, completionProgress: null, ratioToTime: null, status: '无法评估', verdict: null, outlook: null, projectedValue: null, benchmark: null, rank: null, rankOf: null, shareOfDistrict: null, isBindingWarning: false, comparisonComplete: null };
    const text = explainText({
      plan: PLAN, ind, year: 2023, placeName: '大兴区', isDistrict: true, townNames: new Map(GEO.towns.map((t) => [t.code, t.name])),
      value: none, lineage: [row('numerator', '社会散居孤儿供养标准', '1700.0', 20400), row('denominator', '居民人均消费支出', '0.0', null)],
      multiplier: 1, divisor: 1, allRows: false,
    });
    expect(text).toContain('第 4 行 居民人均消费支出：数值为 0（居民人均消费支出不能为 0，按缺失计），未计入');
    expect(text).not.toContain('其余镇街');
  });
});
