import { describe, expect, it } from 'vitest';
import { SHEET_BY_NAME } from '../../pipeline/plan/contract.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import { indicatorSources, sourcesText, valueSources, valueSourcesText } from '../../pipeline/present/sources.ts';
import type { LineageRow } from '../../pipeline/warehouse/lineage.ts';

const PLAN = resolvePlan('daxing-civil-affairs-14');

describe('indicatorSources(plan)', () => {
  const sources = indicatorSources(PLAN);

  it('gives every indicator of the plan, in plan order, its sheets and the departments that fill them', () => {
    expect(sources.map((s) => s.indicatorId)).toEqual(PLAN.indicators.map((i) => i.id));
    for (const s of sources) {
      expect(s.sheets.length).toBeGreaterThan(0);
      for (const sheet of s.sheets) expect(sheet.department).toBe(SHEET_BY_NAME.get(sheet.sheet)!.department);
      expect(s.text).not.toMatch(/\.xlsx|第 \d+ 行|\//); // no file paths or row numbers in the report body
    }
  });

  it('groups sheets under their department', () => {
    // 3: 养老服务设施;居家养老;人口基础数据
    expect(sources[2]).toEqual({
      indicatorId: 3,
      sheets: [
        { sheet: '养老服务设施', department: '养老服务科' },
        { sheet: '居家养老', department: '养老服务科' },
        { sheet: '人口基础数据', department: '区统计局' },
      ],
      departments: ['养老服务科', '区统计局'],
      text: '养老服务设施、居家养老（养老服务科）；人口基础数据（区统计局）',
    });
    expect(sources[22]!.text).toBe('志愿服务站点（社会工作科）；社区村名录（基层政权和社区建设科）'); // 23
    expect(sources[9]!.text).toBe('区级统计指标（区统计局）'); // 10
  });

  it('refuses a source sheet the contract does not know', () => {
    const plan = { ...PLAN, indicators: [{ ...PLAN.indicators[0]!, sourceSheets: ['特困人员名册'] }] };
    expect(() => indicatorSources(plan)).toThrow(/特困人员名册/);
  });

  it('sourcesText names a department once', () => {
    expect(sourcesText([{ sheet: 'A', department: '甲' }, { sheet: 'B', department: '乙' }, { sheet: 'C', department: '甲' }])).toBe('A、C（甲）；B（乙）');
  });
});

describe('valueSources(lineage)', () => {
  const row = (over: Partial<LineageRow>): LineageRow => ({
    year: 2024, indicatorId: 1, geoCode: 'huangcun', role: 'numerator', status: 'loaded', isRequired: true, isCounted: true,
    sheetKind: '特困人员供养', sourceFile: '2024/a.xlsx', sourceSheet: '特困人员供养', sourceRow: 5, rowLabel: null,
    columnName: '已集中供养人数', sourceValue: '9', contribution: 9, rejectScope: null, rejectRules: null, rejectMessages: null, ...over,
  });

  it('counts each source row once, counted or rejected, per sheet with its department', () => {
    const lineage = [
      row({}),
      row({ role: 'denominator', columnName: '有集中供养需求人数', contribution: 10 }), // same row, other role
      row({ sheetKind: '人口基础数据', sourceSheet: '人口', sourceRow: 7, role: 'denominator' }),
      row({ sheetKind: '人口基础数据', sourceSheet: '人口', sourceRow: 8, status: 'rejected', role: null, isCounted: false, rejectScope: 'row' }),
      row({ sheetKind: null, sourceSheet: null, sourceRow: null, status: 'rejected', role: null, isCounted: false, rejectScope: 'file' }),
    ];
    expect(valueSources(lineage)).toEqual([
      { sheet: '特困人员供养', department: '社会救助科', rows: 1, rejectedRows: 0 },
      { sheet: '人口基础数据', department: '区统计局', rows: 1, rejectedRows: 1 },
    ]);
  });

  it('valueSourcesText groups the sheets with their rows under their department, leaving out sheets without rows', () => {
    expect(valueSourcesText([
      { sheet: '养老服务设施', department: '养老服务科', rows: 23, rejectedRows: 1 },
      { sheet: '人口基础数据', department: '区统计局', rows: 1, rejectedRows: 0 },
      { sheet: '居家养老', department: '养老服务科', rows: 1, rejectedRows: 0 },
      { sheet: '福利机构', department: '社会福利和儿童福利科', rows: 0, rejectedRows: 2 },
    ])).toBe('养老服务设施 23 行、居家养老 1 行（养老服务科）；人口基础数据 1 行（区统计局）');
  });
});
