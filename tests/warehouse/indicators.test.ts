/**
 * The warehouse and the indicator models, end to end on hand-built rows: a district of
 * three places (东街街道, 南镇, 北镇), every sheet kind filled for 2023, and each of the 32
 * indicators checked against a value computed by hand (arithmetic in the comments); then
 * what a published figure is when inputs are missing or rejected (data-contract §4), bullet
 * by bullet, against hand-computed values and the lineage that explains them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHEET_BY_NAME, SHEETS } from '../../pipeline/plan/contract.ts';
import { parseGeography } from '../../pipeline/plan/geography.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import type { RawValue } from '../../pipeline/plan/raw-schema.ts';
import type { IndicatorBase, LoadedRow, LoadReportRow, Reject, RuleId } from '../../pipeline/ingest/records.ts';
import { runDataTests, type DataTestResult } from '../../pipeline/warehouse/data-tests.ts';
import { appendRows, recordLoadSheets, recordLoadYears, recordRejects } from '../../pipeline/warehouse/load.ts';
import { readIndicatorBase, readModels, runAllModels } from '../../pipeline/warehouse/models.ts';
import { warehouseDdl } from '../../pipeline/warehouse/schema.ts';
import { createWarehouse } from '../../pipeline/warehouse/warehouse.ts';

const GEO = parseGeography(
  ['code,name,type,parent,aliases,stat_code', 'testqu,测试区,区,,,', 'dongjie,东街街道,街道,testqu,东街,', 'nanzhen,南镇,镇,testqu,,', 'beizhen,北镇,镇,testqu,,'].join('\n'),
  'test-geography.csv',
);
const PLAN = resolvePlan('daxing-civil-affairs-14');
const DISTRICT = 'testqu';
const Y = 2023;

// ---- fixtures: rows as tuples in the contract's column order -----------------------

type Tuple = readonly RawValue[];
type Sheets = Record<string, Tuple[]>;

/** 2023, every sheet kind delivered. Column order is the contract's (see each comment). */
function base2023(): Sheets {
  return {
    // 镇街, 常住人口, 户籍人口, 60岁及以上常住人口, 户籍儿童人口
    人口基础数据: [
      ['dongjie', 50000, 30000, 8000, 5000],
      ['nanzhen', 80000, 40000, 12000, 7000],
      ['beizhen', 20000, 15000, 5000, 3000],
    ],
    // 指标名称, 数值, 单位
    区级统计指标: [
      ['居民人均消费支出', 48000, '元/年'],
      ['社会散居孤儿供养标准', 2400, '元/人·月'],
    ],
    // 镇街, 特困人员总数, 有集中供养需求人数, 已集中供养人数
    特困人员供养: [
      ['dongjie', 20, 10, 9],
      ['nanzhen', 30, 15, 15],
      ['beizhen', 10, 5, 3],
    ],
    // 机构名称, 所在镇街, 床位类型, 床位数, 运营状态
    救助床位: [
      ['东街救助站', 'dongjie', '临时救助', 30, '运营'],
      ['南镇照料中心', 'nanzhen', '长期照料', 50, '运营'],
      ['南镇临时救助点', 'nanzhen', '临时救助', 20, '在建'],
      ['南镇旧救助站', 'nanzhen', '临时救助', null, '停用'], // NULL beds, but not operating: not needed
    ],
    // 设施名称, 所在镇街, 设施类型, 床位数, 运营状态
    养老服务设施: [
      ['东街养老院', 'dongjie', '养老机构', 100, '运营'],
      ['东街照料中心', 'dongjie', '养老照料中心', 30, '运营'],
      ['东街一号驿站', 'dongjie', '养老服务驿站', 0, '运营'],
      ['东街二号驿站', 'dongjie', '养老服务驿站', 5, '停用'],
      ['南镇敬老院', 'nanzhen', '养老机构', 200, '运营'],
      ['南镇照料中心', 'nanzhen', '养老照料中心', 40, '运营'],
      ['南镇驿站', 'nanzhen', '养老服务驿站', 10, '运营'],
      ['北镇养老院', 'beizhen', '养老机构', null, '在建'], // NULL beds, not operating
      ['北镇驿站', 'beizhen', '养老服务驿站', 0, '运营'],
    ],
    // 镇街, 家庭照护床位数, 养老护理员人数
    居家养老: [
      ['dongjie', 20, 40],
      ['nanzhen', 50, 48],
      ['beizhen', 10, 20],
    ],
    // 机构名称, 所在镇街, 机构类型, 级别, 床位数, 运营状态
    福利机构: [
      ['区精神卫生福利院', 'nanzhen', '精神卫生福利机构', '区级', 120, '运营'],
      ['区精神康复中心', 'beizhen', '精神卫生福利机构', '区级', 30, '在建'],
      ['东街精神照护站', 'dongjie', '精神卫生福利机构', '镇街级', 10, '运营'],
      ['区儿童福利院', 'dongjie', '儿童福利机构', '区级', 18, '运营'],
      ['区未成年人救助保护中心', 'nanzhen', '未成年人救助保护机构', '区级', 12, '运营'],
      ['北镇儿童之家', 'beizhen', '儿童福利机构', '镇街级', 6, '停用'],
      ['南镇智力残疾人员福利院', 'nanzhen', '智力残疾人员福利机构', '镇街级', 40, '运营'],
    ],
    // 镇街, 是否开展
    精神障碍社区康复: [
      ['dongjie', true],
      ['nanzhen', true],
      ['beizhen', false],
    ],
    // 镇街, 社区村名称, 类型, 状态, 撤销年份, 选举方式, 社区工作者人数, 其中本社区居住人数, 书记工作室示范点, 楼门院治理示范点数
    社区村名录: [
      ['dongjie', '东一社区', '社区', '存续', null, '直接选举', 10, 6, true, 3],
      ['dongjie', '东二社区', '社区', '存续', null, '代表选举', 8, 4, false, 2],
      ['dongjie', '东三社区', '社区', '存续', null, '户代表选举', 12, 5, true, 1],
      ['nanzhen', '南一社区', '社区', '存续', null, '代表选举', 6, 3, false, 0],
      ['nanzhen', '南甲村', '村', '存续', null, null, 5, 5, true, 2],
      ['nanzhen', '南乙村', '村', '撤销', 2022, null, null, null, false, null],
      ['nanzhen', '南丙村', '村', '撤销', 2020, null, null, null, false, null],
      ['beizhen', '北甲村', '村', '存续', null, null, 4, 2, false, 1],
      ['beizhen', '北乙村', '村', '撤销', 2021, null, null, null, false, null],
      ['beizhen', '北丙村', '村', '撤销', 2023, null, null, null, false, null],
    ],
    // 镇街, 社区社会组织数量, 街镇级社会组织联合会
    社会组织: [
      ['dongjie', 120, true],
      ['nanzhen', 200, false],
      ['beizhen', 80, false],
    ],
    // 机构名称, 所在镇街, 状态
    社会工作服务机构: [
      ['机构甲', 'dongjie', '存续'],
      ['机构乙', 'dongjie', '注销'],
      ['机构丙', 'nanzhen', '存续'],
      ['机构丁', 'nanzhen', '存续'],
    ],
    // 镇街, 社会工作专业人才数, 其中持证人数
    社会工作人才: [
      ['dongjie', 1200, 500],
      ['nanzhen', 1000, 400],
      ['beizhen', 600, 300],
    ],
    // 镇街, 实名注册志愿者人数
    志愿服务: [
      ['dongjie', 10000],
      ['nanzhen', 12000],
      ['beizhen', 2000],
    ],
    // 站点名称, 镇街, 社区村名称
    志愿服务站点: [
      ['东一站', 'dongjie', '东一社区'],
      ['东一分站', 'dongjie', '东一社区'], // second station, same community: counted once
      ['南甲站', 'nanzhen', '南甲村'],
      ['南乙站', 'nanzhen', '南乙村'], // revoked village: not an existing community
    ],
    // 机关名称, 等级
    婚姻登记机关: [
      ['区婚姻登记处', '5A'],
      ['东街登记点', '5A'],
      ['南镇登记点', '5A'],
      ['北镇登记点', '4A'],
    ],
    // 镇街, 安葬总数, 节地生态安葬数
    殡葬安葬: [
      ['dongjie', 100, 60],
      ['nanzhen', 200, 140],
      ['beizhen', 100, 40],
    ],
    // 镇, 是否覆盖
    公益性公墓覆盖: [
      ['nanzhen', true],
      ['beizhen', false],
    ],
    // 信托名称, 备案年份, 财产规模, 状态
    慈善信托: [
      ['信托一', 2021, 10.5, '存续'],
      ['信托二', 2022, 20, '存续'],
      ['信托三', 2021, 5, '终止'],
    ],
    // 站点名称, 镇街, 社区村名称
    慈善服务站点: [
      ['东二站', 'dongjie', '东二社区'],
      ['北甲站', 'beizhen', '北甲村'],
    ],
    // 名称, 级别, 镇街, 社区村名称, 运营状态
    社会心理服务站点: [
      ['区社会心理服务中心', '区级', 'nanzhen', null, '运营'],
      ['东街社会心理服务站', '镇街级', 'dongjie', null, '运营'],
      ['北镇社会心理服务站', '镇街级', 'beizhen', null, '在建'],
      ['东一心理站', '社区村级', 'dongjie', '东一社区', '运营'],
      ['东三心理站', '社区村级', 'dongjie', '东三社区', '停用'],
      ['南甲心理站', '社区村级', 'nanzhen', '南甲村', '运营'],
      ['北甲心理站', '社区村级', 'beizhen', '北甲村', '运营'],
    ],
    // 事项编码, 事项名称, 是否网上可办
    政务服务事项: [
      ['MZ-001', '婚姻登记预约', true],
      ['MZ-002', '殡葬补贴申领', true],
      ['MZ-003', '低保申请', true],
      ['MZ-004', '特困供养申请', true],
      ['MZ-005', '社会组织成立登记', false],
    ],
    // 任务编号, 任务名称, 规划章节, 牵头单位, 目标要求, 完成时限, 进展状态, 完成进度, 进展说明
    重点任务台账: [['RW-2023-01', '区级精神卫生福利机构建设', '第三部分 一（三）', '社会福利和儿童福利科', '建成一所', '2025年底', '推进中', 60, '主体完工']],
  };
}

interface Delivery {
  year: number;
  sheets: Sheets;
  /** Load-report overrides per sheet kind (e.g. status 'rejected', rowsRejected 1). */
  report?: Record<string, Partial<LoadReportRow>>;
  /** More load-report rows (another file's sheets, an unreadable file). */
  extraReport?: LoadReportRow[];
  /** The rejects ledger of the year. */
  rejects?: Reject[];
}

const fixtureFile = (year: number) => `${year}/夹具_${year}.xlsx`;

/** A rejected row of the fixture file: `values` are the cells that did parse. */
function rowReject(year: number, sheet: string, row: number, values: Record<string, RawValue>, rule: RuleId = 'not_a_number', column = ''): Reject {
  return { file: fixtureFile(year), sheet, row, column, value: '', rule, scope: 'row', message: `${sheet}第 ${row} 行被拒绝（${rule}）`, values };
}

function loadedRows(year: number, sheetName: string, tuples: Tuple[]): LoadedRow[] {
  const spec = SHEET_BY_NAME.get(sheetName)!;
  return tuples.map((t, i) => {
    if (t.length !== spec.columns.length) throw new Error(`${sheetName} 夹具第 ${i + 1} 行有 ${t.length} 个值，应为 ${spec.columns.length}`);
    return {
      year,
      sourceFile: `${year}/夹具_${year}.xlsx`,
      sourceSheet: sheetName,
      sourceRow: i + 3,
      values: Object.fromEntries(spec.columns.map((c, j) => [c.field, t[j]!])),
      extras: null,
    };
  });
}

let tmp: string;
let seq = 0;

interface Built {
  base: IndicatorBase[];
  tests: DataTestResult[];
  /** indicator_lineage, every row. */
  lineage: Record<string, unknown>[];
}

/** Build a warehouse from the deliveries; `tamper` runs after the models, before the data tests. */
async function build(
  deliveries: Delivery[],
  years: number[] = [...new Set(deliveries.map((d) => d.year))],
  tamper?: (conn: DuckDBConnection) => Promise<void>,
): Promise<Built> {
  const wh = await createWarehouse(join(tmp, `w${++seq}.duckdb`), { geography: GEO, plan: PLAN });
  try {
    const report: LoadReportRow[] = [];
    for (const d of deliveries) {
      for (const [name, tuples] of Object.entries(d.sheets)) {
        const over = d.report?.[name] ?? {};
        const status = over.status ?? 'loaded';
        if (status === 'loaded') await appendRows(wh.conn, SHEET_BY_NAME.get(name)!, loadedRows(d.year, name, tuples));
        const n = tuples.length;
        report.push({
          year: d.year, file: fixtureFile(d.year), sheet: name, sheetKind: name, status, headerRow: 2,
          rowsRead: n, rowsLoaded: status === 'loaded' ? n : 0, rowsRejected: 0, extraColumns: '', ...over,
        });
      }
      report.push(...(d.extraReport ?? []));
    }
    await recordLoadSheets(wh.conn, report);
    await recordRejects(wh.conn, deliveries.flatMap((d) => d.rejects ?? []), report, GEO);
    await recordLoadYears(wh.conn, years);
    await runAllModels(wh.conn);
    await tamper?.(wh.conn);
    const lineage = (await wh.conn.runAndReadAll('select * from indicator_lineage order by all')).getRowObjectsJS() as Record<string, unknown>[];
    return { base: await readIndicatorBase(wh.conn), tests: await runDataTests(wh.conn), lineage };
  } finally {
    wh.close();
  }
}

function at(base: IndicatorBase[], id: number, geo: string = DISTRICT, year: number = Y): IndicatorBase {
  const r = base.find((b) => b.year === year && b.indicatorId === id && b.geoCode === geo);
  if (!r) throw new Error(`indicator_base 没有 ${year} 年 ${geo} 指标 ${id}`);
  return r;
}

function expectValue(row: IndicatorBase, expected: number | null): void {
  if (expected === null) {
    expect(row.value).toBeNull();
  } else {
    expect(row.isComplete).toBe(true);
    expect(row.value).not.toBeNull();
    expect(row.value!).toBeCloseTo(expected, 9);
  }
}

function expectMissing(row: IndicatorBase): void {
  expect(row).toMatchObject({ value: null, numerator: null, denominator: null, isComplete: false });
}

const failed = (tests: DataTestResult[]) => tests.filter((t) => t.failures > 0).map((t) => `${t.name}: ${JSON.stringify(t.sample[0])}`);

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'planeval-indicators-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

// ---- the 2023 fixture: every indicator by hand ------------------------------------------

describe('indicator_base on the 2023 fixture', () => {
  let built: Built;
  beforeAll(async () => {
    built = await build([{ year: Y, sheets: base2023() }]);
  });

  it('passes every data test', () => {
    expect(failed(built.tests)).toEqual([]);
    expect(built.tests.length).toBeGreaterThan(50);
  });

  it('has one district row per indicator and one row per town for DT indicators, in report order', () => {
    // 32 district rows + 22 DT indicators × 3 towns = 98
    expect(built.base).toHaveLength(98);
    expect(built.base.slice(0, 5).map((r) => `${r.indicatorId}:${r.geoCode}`)).toEqual(['1:testqu', '1:dongjie', '1:nanzhen', '1:beizhen', '2:testqu']);
    // D indicators: district only
    expect(built.base.filter((r) => r.indicatorId === 9).map((r) => r.geoLevel)).toEqual(['district']);
  });

  const DISTRICT_CASES: [id: number, value: number][] = [
    [1, 90], // (9 + 15 + 3) / (10 + 15 + 5) × 100 = 27 / 30 × 100
    [2, 80], // 30 (东街救助站) + 50 (南镇照料中心); 在建/停用 excluded
    [3, 3.0666666666666667], // (130 + 250 + 0 facility beds + 20 + 50 + 10 family beds) / 150000 × 1000 = 460 / 150
    [4, 2], // (100 + 200) / 150000 × 1000; 北镇养老院 在建
    [5, 2], // 东街照料中心, 南镇照料中心
    [6, 3], // 东街一号驿站, 南镇驿站, 北镇驿站 (东街二号驿站 停用)
    [7, 43.2], // (40 + 48 + 20) / (8000 + 12000 + 5000) × 10000 = 108 / 25000 × 10000
    [8, 120], // 区精神卫生福利院 (区级, 运营); 区精神康复中心 在建, 东街精神照护站 镇街级
    [9, 66.66666666666667], // 2 of 3 towns (东街, 南镇) × 100 = 200 / 3
    [10, 0.6], // 2400 × 12 / 48000 = 28800 / 48000
    [11, 20], // (18 + 12) / (5000 + 7000 + 3000) × 10000 = 30 / 15000 × 10000
    [12, 1], // 区儿童福利院; 北镇儿童之家 is 镇街级 and 停用
    [13, 3], // 东一社区, 东三社区, 南甲村
    [14, 50], // existing 社区 with 直接/户代表选举: 东一, 东三 = 2 of 4 社区 (东一二三, 南一) × 100
    [15, 9], // 3 + 2 + 1 (东街) + 0 + 2 (南镇) + 1 (北镇); revoked rows' NULLs are not needed
    [16, 55.55555555555556], // (6+4+5 + 3+5 + 2) / (10+8+12 + 6+5 + 4) × 100 = 25 / 45 × 100
    [17, 3], // 撤销 with 2021 ≤ year ≤ 2023: 南乙村 2022, 北乙村 2021, 北丙村 2023 (南丙村 2020 excluded)
    [18, 33.333333333333336], // 1 of 3 towns (东街) × 100 = 100 / 3
    [19, 400], // 120 + 200 + 80
    [20, 3], // 机构甲, 机构丙, 机构丁 (机构乙 注销)
    [21, 0.28], // (1200 + 1000 + 600) / 10000
    [22, 0.12], // (500 + 400 + 300) / 10000
    [23, 33.333333333333336], // communities with a station: 东一社区, 南甲村 = 2 of 6 existing × 100 (南乙村 revoked)
    [24, 16], // (10000 + 12000 + 2000) / 150000 × 100
    [25, 75], // 3 of 4 registries 5A × 100
    [26, 60], // (60 + 140 + 40) / (100 + 200 + 100) × 100 = 240 / 400 × 100
    [27, 50], // 1 (南镇) of 2 镇 × 100; 东街街道 is a street, not counted
    [28, 33.333333333333336], // 东二社区, 北甲村 = 2 of 6 existing × 100
    [29, 30.5], // 10.5 + 20 (存续); 信托三 终止
    [30, 50], // operating 社区村级 sites in 东一社区, 南甲村, 北甲村 = 3 of 6 × 100 (东三心理站 停用)
    [31, 2], // 区社会心理服务中心, 东街社会心理服务站 (北镇站 在建; 社区村级 excluded)
    [32, 80], // 4 of 5 services online × 100
  ];

  it.each(DISTRICT_CASES)('indicator %i, district', (id, value) => {
    const row = at(built.base, id);
    expect(row.geoLevel).toBe('district');
    expectValue(row, value);
  });

  it('covers all 32 indicators of the plan', () => {
    expect(DISTRICT_CASES.map(([id]) => id)).toEqual(PLAN.indicators.map((i) => i.id));
  });

  // [id, 东街街道, 南镇, 北镇]
  const TOWN_CASES: [id: number, dongjie: number | null, nanzhen: number | null, beizhen: number | null][] = [
    [1, 90, 100, 60], // 9/10, 15/15, 3/5 × 100
    [2, 30, 50, 0], // 北镇 has no relief institution: 0, not missing
    [3, 3, 3.75, 0.5], // (130+20)/50000, (250+50)/80000, (0+10)/20000 × 1000
    [4, 2, 2.5, 0], // 100/50000, 200/80000, 0/20000 × 1000
    [5, 1, 1, 0],
    [6, 1, 1, 1],
    [7, 50, 40, 40], // 40/8000, 48/12000, 20/5000 × 10000
    [13, 2, 1, 0],
    [14, 66.66666666666667, 0, null], // 2/3, 0/1 × 100; 北镇 has no 社区 (0/0): undefined
    [15, 6, 2, 1],
    [16, 50, 72.72727272727273, 50], // 15/30, 8/11, 2/4 × 100
    [17, 0, 1, 2],
    [19, 120, 200, 80],
    [20, 1, 2, 0],
    [21, 0.12, 0.1, 0.06], // 1200, 1000, 600 / 10000
    [22, 0.05, 0.04, 0.03], // 500, 400, 300 / 10000
    [23, 33.333333333333336, 50, 0], // 1/3, 1/2, 0/1 × 100
    [24, 20, 15, 10], // 10000/50000, 12000/80000, 2000/20000 × 100
    [26, 60, 70, 40], // 60/100, 140/200, 40/100 × 100
    [28, 33.333333333333336, 0, 100], // 1/3, 0/2, 1/1 × 100
    [30, 33.333333333333336, 50, 100], // 1/3, 1/2, 1/1 × 100
    [31, 1, 1, 0],
  ];

  it('has a town case for every DT indicator', () => {
    expect(TOWN_CASES.map(([id]) => id)).toEqual(PLAN.indicators.filter((i) => i.level === 'DT').map((i) => i.id));
  });

  it.each(TOWN_CASES)('indicator %i, towns', (id, dongjie, nanzhen, beizhen) => {
    expectValue(at(built.base, id, 'dongjie'), dongjie);
    expectValue(at(built.base, id, 'nanzhen'), nanzhen);
    expectValue(at(built.base, id, 'beizhen'), beizhen);
    for (const geo of ['dongjie', 'nanzhen', 'beizhen']) expect(at(built.base, id, geo).geoLevel).toBe('town');
  });

  it('keeps numerator and denominator unscaled: the district is Σ numerator / Σ denominator', () => {
    expect(at(built.base, 3)).toMatchObject({ numerator: 460, denominator: 150000 });
    expect(at(built.base, 21)).toMatchObject({ numerator: 2800, denominator: null }); // sum indicator: no denominator
    expect(at(built.base, 9)).toMatchObject({ numerator: 2, denominator: 3 }); // towns counted from ref_towns
    expect(at(built.base, 27)).toMatchObject({ numerator: 1, denominator: 2 }); // 镇 only
    expect(at(built.base, 10)).toMatchObject({ numerator: 28800, denominator: 48000 });
  });

  it('a ratio with a zero denominator is missing for that town, the district is still complete', () => {
    // 北镇 has no 社区 (only 村): 0 / 0
    expect(at(built.base, 14, 'beizhen')).toMatchObject({ value: null, numerator: 0, denominator: 0, isComplete: true });
    expect(at(built.base, 14)).toMatchObject({ numerator: 2, denominator: 4, isComplete: true });
  });
});

// ---- missing data ---------------------------------------------------------------------------

/** Incomplete but published: computed from what loaded (data-contract §4). */
function expectIncomplete(row: IndicatorBase, expected: number | null): void {
  expect(row.isComplete, `${row.year} ${row.geoCode} 指标 ${row.indicatorId}: is_complete`).toBe(false);
  if (expected === null) expect(row.value).toBeNull();
  else expect(row.value!).toBeCloseTo(expected, 9);
  expect(row.numerator).not.toBeNull();
}

/** Lineage rows of one value: its town's rows and those of unknown town, or every row for the district. */
function lineageOf(built: Built, id: number, geo: string = DISTRICT, year: number = Y): Record<string, unknown>[] {
  return built.lineage.filter((r) => r.year === year && r.indicator_id === id && (geo === DISTRICT || r.geo_code === geo || r.geo_code === null));
}

describe('missing is never zero', () => {
  it('a town missing from a town-level sheet: that town is missing, the district is computed from the other towns and incomplete (§4)', async () => {
    const sheets = base2023();
    sheets['人口基础数据'] = sheets['人口基础数据']!.filter((r) => r[0] !== 'nanzhen');
    const built = await build([{ year: Y, sheets }]);
    const { base, tests } = built;
    expect(failed(tests)).toEqual([]);
    for (const id of [3, 4, 7, 24]) expectMissing(at(base, id, 'nanzhen'));
    // the district from 东街 and 北镇 only (ratio of their sums), marked incomplete:
    expectIncomplete(at(base, 3), 160 / 70); // (130 + 20 + 0 + 10) / (50000 + 20000) × 1000
    expectIncomplete(at(base, 4), 100 / 70); // (100 + 0) / 70000 × 1000
    expectIncomplete(at(base, 7), 60 / 13000 * 10000); // (40 + 20) / (8000 + 5000) × 10000
    expectIncomplete(at(base, 24), 1200 / 70); // (10000 + 2000) / 70000 × 100
    expect(at(base, 24)).toMatchObject({ numerator: 12000, denominator: 70000 });
    // D indicator of the district's institutions: every bed, over the children of the towns that gave theirs
    // ((18 + 12) / (5000 + 3000) × 10000); 南镇's 12 beds serve every town's children, not 南镇's alone (the
    // 17th attack: pairing them by town had made 黄村镇's blank take the 区级 centre's 44 beds out, 逆向变化)
    expectIncomplete(at(base, 11), 37.5);
    expectValue(at(base, 3, 'dongjie'), 3); // other towns unaffected: (130 + 20) / 50000 × 1000
    expectValue(at(base, 24, 'beizhen'), 10); // 2000 / 20000 × 100
    expectValue(at(base, 1), 90); // indicators not using the sheet are unaffected
    // the lineage says why: 南镇's 常住人口 row is absent
    expect(lineageOf(built, 24, 'nanzhen')).toEqual(expect.arrayContaining([
      expect.objectContaining({ role: 'denominator', row_status: 'absent', sheet_kind: '人口基础数据', column_name: '常住人口', is_counted: false }),
      expect.objectContaining({ role: 'numerator', row_status: 'loaded', sheet_kind: '志愿服务', contribution: 12000, is_counted: false }),
    ]));
  });

  it('a NULL cell a formula needs: a town-level cell makes that town missing, a community cell makes it incomplete', async () => {
    const sheets = base2023();
    sheets['殡葬安葬'] = sheets['殡葬安葬']!.map((r) => (r[0] === 'beizhen' ? ['beizhen', 100, null] : r));
    sheets['社区村名录'] = sheets['社区村名录']!.map((r) => (r[1] === '东二社区' ? [...r.slice(0, 9), null] : r));
    sheets['人口基础数据'] = sheets['人口基础数据']!.map((r) => (r[0] === 'dongjie' ? ['dongjie', 50000, 30000, 8000, null] : r));
    const { base, tests } = await build([{ year: Y, sheets }]);
    expect(failed(tests)).toEqual([]);
    expectMissing(at(base, 26, 'beizhen'));
    expectIncomplete(at(base, 26), 200 / 3); // (60 + 140) / (100 + 200) × 100
    expectValue(at(base, 26, 'nanzhen'), 70); // 140 / 200 × 100
    expectIncomplete(at(base, 15, 'dongjie'), 4); // 3 (东一) + 1 (东三); 东二's 楼门院治理示范点数 is unknown, never 0 by itself
    expectIncomplete(at(base, 15), 7); // 4 + 2 + 1
    expectValue(at(base, 15, 'nanzhen'), 2);
    expectIncomplete(at(base, 11), 30); // 户籍儿童人口 NULL for 东街: every bed, (18 + 12) / (7000 + 3000) × 10000
    expectValue(at(base, 3), 3.0666666666666667); // 常住人口 is there: 460 / 150000 × 1000
  });

  it('a facility row with a NULL number that is needed: that town and the district are computed without it, incomplete; a town with no known figure at all is missing', async () => {
    const sheets = base2023();
    sheets['养老服务设施'] = sheets['养老服务设施']!.map((r) => (r[0] === '南镇敬老院' ? ['南镇敬老院', 'nanzhen', '养老机构', null, '运营'] : r));
    const { base } = await build([{ year: Y, sheets }]);
    expectIncomplete(at(base, 3, 'nanzhen'), 1.25); // (40 + 10 + 50) / 80000 × 1000
    expectIncomplete(at(base, 3), 260 / 150); // (150 + 100 + 10) / 150000 × 1000
    // the one 养老机构 of 南镇 has no known beds: 南镇's value is missing, never 0 / 80000 (a zero made
    // of an empty cell, ranked and judged), and the district is computed without 南镇, as without a
    // town missing from a town-level sheet (§4): 100 / 70000 × 1000, incomplete
    expectMissing(at(base, 4, 'nanzhen'));
    expectIncomplete(at(base, 4), 100 / 70); // 100 / (150000 − 80000) × 1000
    expectValue(at(base, 4, 'dongjie'), 2); // 100 / 50000 × 1000
    expectValue(at(base, 5), 2); // counts do not need 床位数
    expectValue(at(base, 6), 3);
  });

  it('a sheet kind not delivered: every indicator needing it is missing, towns included (§4)', async () => {
    const sheets = base2023();
    delete sheets['救助床位'];
    delete sheets['福利机构'];
    const { base, tests } = await build([{ year: Y, sheets }]);
    expect(failed(tests)).toEqual([]);
    for (const geo of [DISTRICT, 'dongjie', 'nanzhen', 'beizhen']) expectMissing(at(base, 2, geo)); // 北镇 would be 0 if delivered
    for (const id of [8, 11, 12]) expectMissing(at(base, id));
    expectValue(at(base, 1), 90);
  });

  it('a missing row of 区级统计指标: indicator 10 is missing', async () => {
    const sheets = base2023();
    sheets['区级统计指标'] = sheets['区级统计指标']!.filter((r) => r[0] !== '居民人均消费支出');
    const { base } = await build([{ year: Y, sheets }]);
    expectMissing(at(base, 10));
  });

  it('a 居民人均消费支出 of 0: indicator 10 is missing, not complete without a value (the 17th attack)', async () => {
    const sheets = base2023();
    sheets['区级统计指标'] = sheets['区级统计指标']!.map((r) => (r[0] === '居民人均消费支出' ? [r[0], 0, r[2]] : r));
    const built = await build([{ year: Y, sheets }]);
    expect(failed(built.tests)).toEqual([]);
    expectMissing(at(built.base, 10));
    expect(lineageOf(built, 10)).toEqual(expect.arrayContaining([
      expect.objectContaining({ role: 'denominator', row_status: 'loaded', row_label: '居民人均消费支出', contribution: null, is_counted: false }),
    ]));
  });

  it('a facility sheet with no rows for a town gives 0 for that town; an empty delivered sheet gives 0', async () => {
    const sheets = base2023();
    sheets['救助床位'] = [];
    sheets['社会工作服务机构'] = sheets['社会工作服务机构']!.filter((r) => r[1] !== 'dongjie');
    const { base } = await build([{ year: Y, sheets }]);
    for (const geo of [DISTRICT, 'dongjie', 'nanzhen', 'beizhen']) expectValue(at(base, 2, geo), 0);
    expectValue(at(base, 20, 'dongjie'), 0);
    expectValue(at(base, 20), 2); // 机构丙, 机构丁
  });

  it('a zero denominator in one town: that town is missing, the district is not', async () => {
    const sheets = base2023();
    sheets['特困人员供养'] = sheets['特困人员供养']!.map((r) => (r[0] === 'beizhen' ? ['beizhen', 0, 0, 0] : r));
    const { base } = await build([{ year: Y, sheets }]);
    expect(at(base, 1, 'beizhen')).toMatchObject({ value: null, isComplete: true });
    expectValue(at(base, 1), 96); // (9 + 15 + 0) / (10 + 15 + 0) × 100 = 24 / 25 × 100
  });
});

// ---- rejected data: data-contract §4, bullet by bullet ------------------------------------

describe('a published figure when rows were rejected (data-contract §4)', () => {
  it('a rejected row whose town is known: that town and the district are incomplete, only for the figures it could change', async () => {
    // 养老服务设施 row 12: 南镇二号驿站, a 运营 驿站 of 南镇 whose 床位数 “十二” is not a number
    const reject = rowReject(Y, '养老服务设施', 12, { facility_name: '南镇二号驿站', town: 'nanzhen', facility_type: '养老服务驿站', operating_status: '运营' });
    const built = await build([{ year: Y, sheets: base2023(), rejects: [reject] }]);
    const { base, tests } = built;
    expect(failed(tests)).toEqual([]);
    // 6 (驿站): computed from the rows that loaded, incomplete in 南镇 and the district
    expectIncomplete(at(base, 6, 'nanzhen'), 1); // 南镇驿站
    expectIncomplete(at(base, 6), 3);
    expectValue(at(base, 6, 'dongjie'), 1); // other towns stay complete
    expectValue(at(base, 6, 'beizhen'), 1);
    // 3 (all facility beds) likewise
    expectIncomplete(at(base, 3, 'nanzhen'), 3.75); // (200 + 40 + 10 + 50) / 80000 × 1000
    expectIncomplete(at(base, 3), 3.0666666666666667);
    // a 驿站 cannot change 4 (养老机构 beds) or 5 (照料中心): complete
    expectValue(at(base, 4, 'nanzhen'), 2.5);
    expectValue(at(base, 4), 2);
    expectValue(at(base, 5), 2);
    // the lineage of 南镇's indicator 6 names the rejected row and its rule
    const rows = lineageOf(built, 6, 'nanzhen');
    expect(rows.filter((r) => r.row_status === 'rejected')).toEqual([expect.objectContaining({
      source_file: fixtureFile(Y), source_sheet: '养老服务设施', source_row: 12, row_label: '南镇二号驿站', reject_rules: '不是数值', contribution: null,
    })]);
    expect(rows.filter((r) => r.is_counted).map((r) => r.row_label)).toEqual(['南镇驿站']);
    expect(lineageOf(built, 4, 'nanzhen').filter((r) => r.row_status === 'rejected')).toEqual([]);
  });

  it('a rejected row whose town cannot be read: the district and every town, for what it could change', async () => {
    const unknownTown = rowReject(Y, '救助床位', 9, { institution_name: '某救助站', bed_type: '临时救助', beds: 10, operating_status: '运营' }, 'unknown_town', '所在镇街');
    const notOperating = rowReject(Y, '福利机构', 11, { institution_name: '旧福利院', institution_type: '儿童福利机构', admin_level: '区级', beds: 5, operating_status: '停用' }, 'unknown_town', '所在镇街');
    const built = await build([{ year: Y, sheets: base2023(), rejects: [unknownTown, notOperating] }]);
    expect(failed(built.tests)).toEqual([]);
    expectIncomplete(at(built.base, 2, 'dongjie'), 30);
    expectIncomplete(at(built.base, 2, 'nanzhen'), 50);
    expectIncomplete(at(built.base, 2, 'beizhen'), 0);
    expectIncomplete(at(built.base, 2), 80);
    expect(lineageOf(built, 2, 'beizhen')).toEqual([expect.objectContaining({ geo_code: null, row_status: 'rejected', source_row: 9, reject_rules: '未知镇街' })]);
    // a row that says 停用 could not have counted anywhere: 8, 11, 12 stay complete
    for (const id of [8, 11, 12]) expect(at(built.base, id).isComplete, `指标 ${id}`).toBe(true);
    expectValue(at(built.base, 1), 90);
  });

  it('a rejected whole sheet beside one that loaded: computed from the one that loaded, incomplete for the towns the rejected sheet names', async () => {
    const other = (towns?: string[]): Pick<Delivery, 'extraReport' | 'rejects'> => ({
      extraReport: [{ year: Y, file: `${Y}/补报_${Y}.xlsx`, sheet: '社会工作服务机构', sheetKind: '社会工作服务机构', status: 'rejected', headerRow: 2, rowsRead: 2, rowsLoaded: 0, rowsRejected: 2, extraColumns: '' }],
      rejects: [{ file: `${Y}/补报_${Y}.xlsx`, sheet: '社会工作服务机构', row: null, column: '', value: '（2022年度）', rule: 'year_mismatch', scope: 'sheet', message: '标题年度不符', ...(towns ? { towns } : {}) }],
    });
    const named = await build([{ year: Y, sheets: base2023(), ...other(['dongjie']) }]);
    expect(failed(named.tests)).toEqual([]);
    expectIncomplete(at(named.base, 20, 'dongjie'), 1); // 机构甲 (机构乙 注销)
    expectIncomplete(at(named.base, 20), 3);
    expectValue(at(named.base, 20, 'nanzhen'), 2); // not named: complete
    expectValue(at(named.base, 20, 'beizhen'), 0);
    expect(lineageOf(named, 20, 'dongjie').filter((r) => r.row_status === 'rejected')).toEqual([
      expect.objectContaining({ reject_scope: 'sheet', source_file: `${Y}/补报_${Y}.xlsx`, source_row: null, reject_rules: '标题年度与报送年度不符' }),
    ]);
    // towns that cannot be read: every town
    const unread = await build([{ year: Y, sheets: base2023(), ...other() }]);
    for (const [geo, v] of [['dongjie', 1], ['nanzhen', 2], ['beizhen', 0], [DISTRICT, 3]] as const) expectIncomplete(at(unread.base, 20, geo), v);
  });

  it('a rejected whole sheet with none of its kind loaded: every value built on that kind is missing', async () => {
    const reject: Reject = { file: fixtureFile(Y), sheet: '区级统计指标', row: null, column: '数值', value: '', rule: 'missing_column', scope: 'sheet', message: '缺少必填列“数值”' };
    const built = await build([{ year: Y, sheets: base2023(), report: { 区级统计指标: { status: 'rejected' } }, rejects: [reject] }]);
    expect(failed(built.tests)).toEqual([]);
    expectMissing(at(built.base, 10));
    expect(lineageOf(built, 10)).toEqual([expect.objectContaining({ row_status: 'rejected', reject_scope: 'sheet', geo_code: DISTRICT, reject_rules: '缺少必填列' })]);
    expectValue(at(built.base, 25), 75);
  });

  it('a file that cannot be read: every value of that year is incomplete, computed as before; other years stay complete', async () => {
    const file = `${Y}/损坏.xlsx`;
    const built = await build([
      { year: Y - 1, sheets: base2023() },
      {
        year: Y, sheets: base2023(),
        extraReport: [{ year: Y, file, sheet: '', sheetKind: '', status: 'file_rejected', headerRow: null, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, extraColumns: '' }],
        rejects: [{ file, sheet: '', row: null, column: '', value: '', rule: 'corrupt', scope: 'file', message: '文件已损坏' }],
      },
    ]);
    expect(failed(built.tests)).toEqual([]);
    const year = built.base.filter((b) => b.year === Y);
    expect(year).toHaveLength(98);
    expect(year.filter((b) => b.isComplete)).toEqual([]);
    expectIncomplete(at(built.base, 1), 90);
    expectIncomplete(at(built.base, 24, 'nanzhen'), 15);
    expect(built.base.filter((b) => b.year === Y - 1 && !b.isComplete)).toEqual([]);
    expect(lineageOf(built, 24, 'nanzhen').filter((r) => r.row_status === 'rejected')).toEqual([
      expect.objectContaining({ geo_code: null, sheet_kind: null, reject_scope: 'file', source_file: file, reject_rules: '文件已损坏' }),
    ]);
    // its rows take each metric's scale factors (× 100 for a percentage), as the metric's loaded rows have them
    const scale = new Map(built.lineage.filter((r) => r.row_status === 'loaded').map((r) => [r.indicator_id, [r.multiplier, r.divisor]]));
    const fileRows = built.lineage.filter((r) => r.reject_scope === 'file');
    expect(fileRows).toHaveLength(32);
    for (const r of fileRows) expect([r.multiplier, r.divisor], `指标 ${String(r.indicator_id)}`).toEqual(scale.get(r.indicator_id));
    expect(fileRows.map((r) => r.multiplier)).toContain(100);
  });

  it('the cells a row was rejected for are not trusted; a lost row that adds 0 cannot change a sum', async () => {
    // 北丁村: 状态 存续 with a 撤销年份 (must be empty): either cell may be the wrong one, so it may be a village
    // revoked in 2022 (17) as well as an existing one (the denominators of 23, 28, 30); its 楼门院治理示范点数 0 and
    // 书记工作室示范点 否 are trusted, so 15 and 13 cannot change
    const village = rowReject(Y, '社区村名录', 13, {
      town: 'beizhen', community_name: '北丁村', community_type: '村', status: '存续', revoked_year: 2022,
      community_workers: 3, workers_living_locally: 1, is_secretary_studio: false, building_governance_sites: 0,
    }, 'should_be_empty', '撤销年份');
    const built = await build([{ year: Y, sheets: base2023(), rejects: [village] }]);
    expect(failed(built.tests)).toEqual([]);
    expectIncomplete(at(built.base, 17, 'beizhen'), 2); // 北乙村 2021, 北丙村 2023
    expectIncomplete(at(built.base, 17), 3);
    expectIncomplete(at(built.base, 23, 'beizhen'), 0); // 0 / 1 (北甲村)
    expectValue(at(built.base, 15, 'beizhen'), 1);
    expectValue(at(built.base, 13, 'beizhen'), 0);
    expectValue(at(built.base, 17, 'nanzhen'), 1);
  });

  it('a rejected town-level row: that town is missing, the district computed from the others and incomplete', async () => {
    // 特困人员供养 of 北镇 rejected (已集中供养 > 有集中供养需求): its row is not loaded
    const sheets = base2023();
    sheets['特困人员供养'] = sheets['特困人员供养']!.filter((r) => r[0] !== 'beizhen');
    const reject = rowReject(Y, '特困人员供养', 5, { town: 'beizhen', extreme_poverty_persons: 10, needing_institutional_care: 5 }, 'impossible_value', '已集中供养人数');
    const built = await build([{ year: Y, sheets, rejects: [reject] }]);
    expect(failed(built.tests)).toEqual([]);
    expectMissing(at(built.base, 1, 'beizhen'));
    expectIncomplete(at(built.base, 1), 96); // (9 + 15) / (10 + 15) × 100
    expectValue(at(built.base, 1, 'dongjie'), 90);
    expect(lineageOf(built, 1, 'beizhen').map((r) => r.row_status).sort()).toEqual(['absent', 'absent', 'rejected']);
  });
});

// ---- the data tests that tie values to their lineage ---------------------------------------

describe('data tests of the lineage', () => {
  const failedNames = (tests: DataTestResult[]) => tests.filter((t) => t.failures > 0).map((t) => t.name);

  it('fail when a value and its lineage disagree', async () => {
    const { tests } = await build([{ year: Y, sheets: base2023() }], [Y], async (conn) => {
      await conn.run(`update indicator_base set numerator = numerator + 1 where indicator_id = 2 and geo_code = 'nanzhen'`);
    });
    expect(failedNames(tests)).toEqual(['assert_indicator_lineage_sums_to_base']);
  });

  it('fail when a value is marked incomplete without a cause in its lineage', async () => {
    const { tests } = await build([{ year: Y, sheets: base2023() }], [Y], async (conn) => {
      await conn.run(`update indicator_base set is_complete = false where indicator_id = 1 and geo_code = 'dongjie'`);
    });
    expect(failedNames(tests)).toEqual(['assert_indicator_lineage_explains_completeness']);
  });

  it('fail when a metric model names another metric (its rows would be lost from the lineage)', async () => {
    const { tests } = await build([{ year: Y, sheets: base2023() }], [Y], async (conn) => {
      const model = readModels('indicators').find((m) => m.name === 'ind_relief_beds')!;
      await conn.run(model.sql.replace("'relief_beds' as metric", "'relief_bed' as metric"));
    });
    expect(failedNames(tests)).toEqual(['shape_ind_relief_beds']);
    // one query checks every model; each model is reported under its own test
    const models = readModels('indicators').filter((m) => m.kind === 'view').map((m) => `shape_${m.name}`);
    expect(tests.filter((t) => t.name.startsWith('shape_')).map((t) => t.name)).toEqual(models);
    expect(tests.find((t) => t.name === 'shape_ind_relief_beds')!.sample[0]!.problem).toBe('metric 不是 relief_beds');
  });

  it('fail when a metric’s lineage counts one source row twice', async () => {
    const { tests } = await build([{ year: Y, sheets: base2023() }], [Y], async (conn) => {
      await conn.run(`insert into indicator_lineage select * from indicator_lineage where indicator_id = 2 and row_label = '东街救助站'`);
    });
    const shape = tests.find((t) => t.name === 'shape_ind_relief_beds')!;
    expect(shape.failures).toBeGreaterThan(0);
    expect(shape.sample.map((r) => r.problem)).toContain('同一来源行在同一年重复计入');
  });

  it('count every row a failing test finds and keep five of them; name a test that cannot run', async () => {
    const dir = join(tmp, 'extra-sql-tests');
    mkdirSync(join(dir, 'tests'), { recursive: true });
    writeFileSync(join(dir, 'tests', 'assert_twelve_rows.sql'), '-- 十二行（测试用）\nselect range as n, range::bigint * 10 as big from range(12)\n');
    let results: DataTestResult[] = [];
    await build([{ year: Y, sheets: base2023() }], [Y], async (conn) => {
      results = await runDataTests(conn, dir);
      writeFileSync(join(dir, 'tests', 'assert_broken.sql'), '-- 读一张没有的表（测试用）\nselect * from no_such_table\n');
      await expect(runDataTests(conn, dir)).rejects.toThrow(/数据测试 assert_broken 执行失败：[\s\S]*no_such_table/);
    });
    expect(failedNames(results)).toEqual(['assert_twelve_rows']);
    const twelve = results.find((t) => t.name === 'assert_twelve_rows')!;
    expect(twelve.failures).toBe(12);
    expect(twelve.sample).toHaveLength(5);
    for (const r of twelve.sample) expect(Number(r.big)).toBe(Number(r.n) * 10);
  });

  it('fail when two input rows claim the same source row (the input files are ordered by it)', async () => {
    const { tests } = await build([{ year: Y, sheets: base2023() }], [Y], async (conn) => {
      await conn.run('update raw_relief_beds set source_row = (select min(source_row) from raw_relief_beds)');
    });
    expect(failedNames(tests)).toContain('unique_source_stg_relief_beds');
  });

  it('fail when a lineage row names an input row that is not there', async () => {
    const { tests } = await build([{ year: Y, sheets: base2023() }], [Y], async (conn) => {
      await conn.run(`update indicator_lineage set source_row = source_row + 100 where indicator_id = 2 and row_label = '东街救助站'`);
    });
    expect(failedNames(tests)).toEqual(['lineage_rows_in_stg_relief_beds']);
  });
});

// ---- cumulative indicator 17 over the plan period -----------------------------------------

describe('indicator 17 over 2020–2025', () => {
  /** The roster of `year`: villages revoked in year r are 存续 before r and 撤销 (with r) from r on. */
  function roster(year: number): Tuple[] {
    const existing: Tuple[] = [
      ['dongjie', '东一社区', '社区', '存续', null, '直接选举', 10, 6, true, 3],
      ['nanzhen', '南一社区', '社区', '存续', null, '代表选举', 6, 3, false, 0],
      ['beizhen', '北甲村', '村', '存续', null, null, 4, 2, false, 1],
    ];
    const villages: [town: string, name: string, revoked: number][] = [
      ['nanzhen', '南丙村', 2020],
      ['beizhen', '北乙村', 2021],
      ['nanzhen', '南乙村', 2022],
      ['beizhen', '北丙村', 2023],
      ['nanzhen', '南丁村', 2025],
      ['dongjie', '东戊村', 2025],
    ];
    return [
      ...existing,
      ...villages.map(([town, name, revoked]): Tuple =>
        revoked <= year ? [town, name, '村', '撤销', revoked, null, null, null, false, null] : [town, name, '村', '存续', null, null, 3, 1, false, 0]),
    ];
  }

  it('counts revocations from the plan start to each year', async () => {
    const years = [2020, 2021, 2022, 2023, 2024, 2025];
    const { base, tests } = await build(years.map((year) => ({ year, sheets: { 社区村名录: roster(year) } })));
    expect(failed(tests)).toEqual([]);
    // district: 2020 → 0 (2021 ≤ r ≤ 2020 is empty; 南丙村 2020 never counts); 2021 → 北乙村;
    // 2022 → + 南乙村; 2023 → + 北丙村; 2024 → no change; 2025 → + 南丁村, 东戊村
    expect(years.map((y) => at(base, 17, DISTRICT, y).value)).toEqual([0, 1, 2, 3, 3, 5]);
    expect(years.map((y) => at(base, 17, 'beizhen', y).value)).toEqual([0, 1, 1, 2, 2, 2]);
    expect(years.map((y) => at(base, 17, 'nanzhen', y).value)).toEqual([0, 0, 1, 1, 1, 2]);
    expect(years.map((y) => at(base, 17, 'dongjie', y).value)).toEqual([0, 0, 0, 0, 0, 1]);
    // other sheets were not delivered in any year: missing, not zero
    for (const y of years) expectMissing(at(base, 2, DISTRICT, y));
  });

  it('counts without a village revoked in the period that a later roster leaves out, and marks the figure incomplete (an attack: 130 → 129 published as complete)', async () => {
    const years = [2020, 2021, 2022, 2023];
    // 北乙村 (撤销 2021) left out of 2023's roster
    const sheets = (year: number) => ({ 社区村名录: roster(year).filter((t) => !(year === 2023 && t[1] === '北乙村')) });
    const { base, tests, lineage } = await build(years.map((year) => ({ year, sheets: sheets(year) })));
    expect(failed(tests)).toEqual([]);
    // 2023: 南乙村 2022 and 北丙村 2023 counted, 北乙村 not there: 2, short of the 3 the roster had listed
    expect(at(base, 17, DISTRICT, 2023)).toMatchObject({ value: 2, isComplete: false });
    expect(at(base, 17, 'beizhen', 2023)).toMatchObject({ value: 1, isComplete: false });
    expect(at(base, 17, 'nanzhen', 2023)).toMatchObject({ value: 1, isComplete: true });
    expect(at(base, 17, 'beizhen', 2022)).toMatchObject({ value: 1, isComplete: true });
    const absent = lineage.filter((r) => r.row_status === 'absent' && r.indicator_id === 17).map((r) => [r.year, r.geo_code, r.row_label, r.is_required]);
    expect(absent).toEqual([[2023, 'beizhen', '北乙村', false]]);
  });
});

// ---- the warehouse itself ---------------------------------------------------------------------

describe('warehouse', () => {
  it('comments every table and column it creates, in Chinese', () => {
    const ddl = warehouseDdl();
    const tables = [...ddl.matchAll(/^create table (\w+) \(([\s\S]*?)\n\);/gm)];
    expect(tables.length).toBe(22 + 11);
    for (const [, name, body] of tables) {
      expect(ddl).toMatch(new RegExp(`comment on table ${name} is '[^']*[\\u4e00-\\u9fff]`));
      for (const line of body!.trim().split(',\n')) {
        const col = line.trim().split(' ')[0];
        expect(ddl, `${name}.${col}`).toMatch(new RegExp(`comment on column ${name}\\.${col} is '[^']*[\\u4e00-\\u9fff]`));
      }
    }
  });

  it('comments every column of the staging views, in Chinese, as the raw tables do (the analyst review: 176 without)', async () => {
    const wh = await createWarehouse(join(tmp, `w${++seq}.duckdb`), { geography: GEO, plan: PLAN });
    try {
      await recordLoadYears(wh.conn, [Y]);
      await runAllModels(wh.conn);
      const cols = (await wh.conn.runAndReadAll(`select table_name, column_name, comment from duckdb_columns() where starts_with(table_name, 'stg_') order by all`)).getRowObjectsJS();
      expect(new Set(cols.map((c) => c.table_name)).size).toBe(SHEETS.length);
      for (const c of cols) expect(c.comment, `${c.table_name}.${c.column_name}`).toMatch(/[\u4e00-\u9fff]/);
      // the renamed town column says what it is, as raw_population's town does
      const town = cols.find((c) => c.table_name === 'stg_population' && c.column_name === 'geo_code')!;
      const raw = (await wh.conn.runAndReadAll(`select comment from duckdb_columns() where table_name = 'raw_population' and column_name = 'town'`)).getRowsJS()[0]![0];
      expect(town.comment).toBe(raw);
    } finally {
      wh.close();
    }
  });

  it("makes the lineage's ENUMs of file and sheet names from what was read, again each time the models run", async () => {
    const wh = await createWarehouse(join(tmp, `w${++seq}.duckdb`), { geography: GEO, plan: PLAN });
    const read = async (sql: string) => (await wh.conn.runAndReadAll(sql)).getRowObjectsJS();
    try {
      await recordLoadYears(wh.conn, [Y]);
      await runAllModels(wh.conn); // nothing read: the types still have a value (DuckDB wants one)
      expect(await read('select count(*)::int as n from indicator_lineage where source_file is not null')).toEqual([{ n: 0 }]);
      // a name read since, with a quote in it, is in the remade types
      const file = `${Y}/区统计局's 人口.xlsx`;
      const rows = loadedRows(Y, '人口基础数据', base2023()['人口基础数据']!).map((r) => ({ ...r, sourceFile: file, sourceSheet: "人口'表" }));
      await appendRows(wh.conn, SHEET_BY_NAME.get('人口基础数据')!, rows);
      await recordLoadSheets(wh.conn, [{
        year: Y, file, sheet: "人口'表", sheetKind: '人口基础数据', status: 'loaded', headerRow: 2,
        rowsRead: rows.length, rowsLoaded: rows.length, rowsRejected: 0, extraColumns: '',
      }]);
      await runAllModels(wh.conn);
      expect(await read('select distinct source_file::varchar as f, source_sheet::varchar as s from indicator_lineage where source_file is not null')).toEqual([{ f: file, s: "人口'表" }]);
      const types = await read(`select column_name, data_type from information_schema.columns where table_name = 'indicator_lineage' and column_name in ('source_file', 'source_sheet') order by 1`);
      expect(types.map((t) => [t.column_name, String(t.data_type).startsWith('ENUM(')])).toEqual([['source_file', true], ['source_sheet', true]]);
    } finally {
      wh.close();
    }
  });

  it('appendRows checks types before appending anything', async () => {
    const wh = await createWarehouse(join(tmp, `w${++seq}.duckdb`), { geography: GEO, plan: PLAN });
    try {
      const spec = SHEET_BY_NAME.get('人口基础数据')!;
      const rows = loadedRows(Y, '人口基础数据', [
        ['dongjie', 50000, 30000, 8000, 5000],
        ['nanzhen', '80000', 40000, 12000, 7000],
      ]);
      await expect(appendRows(wh.conn, spec, rows)).rejects.toThrow(/resident_population/);
      const count = (await wh.conn.runAndReadAll('select count(*) from raw_population')).getRowsJS()[0]![0];
      expect(Number(count)).toBe(0);
      expect(await appendRows(wh.conn, spec, rows.slice(0, 1))).toBe(1);
      const back = (await wh.conn.runAndReadAll('select year, source_row, town, resident_population, extra_columns from raw_population')).getRowObjectsJS();
      expect(back).toEqual([{ year: 2023, source_row: 3, town: 'dongjie', resident_population: 50000n, extra_columns: null }]);
    } finally {
      wh.close();
    }
  });

  it('recordRejects places each reject in its year, sheet kind and towns, and keeps only trusted, short cells', async () => {
    const wh = await createWarehouse(join(tmp, `w${++seq}.duckdb`), { geography: GEO, plan: PLAN });
    try {
      const file = fixtureFile(Y);
      const report: LoadReportRow[] = ['养老服务设施', '社区村名录', '婚姻登记机关'].map((sheet) => ({
        year: Y, file, sheet, sheetKind: sheet, status: 'loaded', headerRow: 2, rowsRead: 9, rowsLoaded: 8, rowsRejected: 1, extraColumns: '',
      }));
      const huge = '长'.repeat(5000);
      await recordRejects(wh.conn, [
        { ...rowReject(Y, '养老服务设施', 7, { facility_name: huge, town: 'nanzhen', facility_type: '养老服务驿站' }, 'enum_value', '运营状态'), value: huge },
        rowReject(Y, '社区村名录', 8, { town: 'beizhen', community_name: '北丁村', status: '存续', revoked_year: 2022, community_type: '村' }, 'should_be_empty', '撤销年份'),
        rowReject(Y, '婚姻登记机关', 4, { registry_name: '某登记处' }, 'enum_value', '等级'),
        { file, sheet: '养老服务设施', row: null, column: '', value: '', rule: 'year_mismatch', scope: 'sheet', message: '', towns: ['dongjie', 'nanzhen'] },
        rowReject(Y, '社区村名录', 9, { town: 'beizhen', community_name: '北丙村', status: '撤销', revoked_year: Y + 2, community_type: '村' }, 'year_after_report', '撤销年份'),
      ], report, GEO);
      const rows = (await wh.conn.runAndReadAll('select * from load_rejects order by reject_id')).getRowObjectsJS();
      expect(rows.map((r) => [r.reject_id, r.year, r.sheet_kind, r.scope, r.geo_codes])).toEqual([
        [1, Y, '养老服务设施', 'row', 'nanzhen'],
        [2, Y, '社区村名录', 'row', 'beizhen'],
        [3, Y, '婚姻登记机关', 'row', DISTRICT], // no town column: the district
        [4, Y, '养老服务设施', 'sheet', 'dongjie,nanzhen'],
        [5, Y, '社区村名录', 'row', 'beizhen'],
      ]);
      expect(rows[0]).toMatchObject({ raw_value: `${'长'.repeat(100)}…（共5000字）`, row_label: null });
      expect(JSON.parse(String(rows[0]!.row_values))).toEqual({ town: 'nanzhen', facility_type: '养老服务驿站' });
      // 撤销年份 filled while 状态 存续: both cells of the rule are distrusted
      expect(JSON.parse(String(rows[1]!.row_values))).toEqual({ town: 'beizhen', community_name: '北丁村', community_type: '村' });
      expect(rows[1]).toMatchObject({ row_label: '北丁村', rule_label: '应留空的项已填写' });
      expect(rows[3]!.row_values).toBeNull();
      // 撤销年份 after the year: the 撤销 beside it is not trusted either, the village may have counted that year (the eleventh attack)
      expect(JSON.parse(String(rows[4]!.row_values))).toEqual({ town: 'beizhen', community_name: '北丙村', community_type: '村' });
    } finally {
      wh.close();
    }
  });

  it('refuses a model file not named after what it creates', () => {
    const dir = join(tmp, 'models');
    mkdirSync(join(dir, 'staging'), { recursive: true });
    writeFileSync(join(dir, 'staging', 'stg_a.sql'), '-- 测试\ncreate or replace view stg_b as\nwith final as (select 1)\nselect * from final;\n');
    expect(() => readModels('staging', dir)).toThrow(/stg_b/);
  });

  it('every model file has a header and creates the object it is named after', () => {
    for (const layer of ['staging', 'intermediate', 'indicators', 'values'] as const) {
      const models = readModels(layer);
      expect(models.length).toBeGreaterThan(0);
      for (const m of models) expect(m.description).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
