/**
 * present/incomplete.ts: what a value lost, in a report's words — by sheet, department,
 * the row's own name and the reason; files that could not be read once; never a file name
 * or a row number.
 */
import { describe, expect, it } from 'vitest';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import { causesText, lostSummary, placeCausesText, valueCauses } from '../../pipeline/present/incomplete.ts';
import type { LineageRow } from '../../pipeline/warehouse/lineage.ts';

const GEO = loadGeography();
const PLAN = resolvePlan();
const huangcun = GEO.towns.find((t) => t.name === '黄村镇')!.code;
const jiugong = GEO.towns.find((t) => t.name === '旧宫镇')!.code;

function lineage(over: Partial<LineageRow>): LineageRow {
  return {
    year: 2023, indicatorId: 6, geoCode: huangcun, role: null, status: 'rejected', isRequired: false, isCounted: false,
    sheetKind: '养老服务设施', sourceFile: '2023/补报_2023.xlsx', sourceSheet: '养老服务设施', sourceRow: 5, rowLabel: '黄村镇康乐养老服务驿站',
    columnName: null, sourceValue: null, contribution: null, rejectScope: 'row', rejectRules: '不是规定的选项', rejectMessages: '…',
    ...over,
  };
}

const file = (name: string, rule: string, indicatorId = 6) =>
  lineage({ indicatorId, geoCode: null, sheetKind: null, sourceFile: `2023/${name}.xlsx`, sourceSheet: null, sourceRow: null, rowLabel: null, rejectScope: 'file', rejectRules: rule });

const LOST: LineageRow[] = [
  lineage({}),
  lineage({ indicatorId: 3 }),
  lineage({ geoCode: null, sourceRow: 4, rowLabel: '新航城街道幸福里社区养老服务驿站', rejectRules: '未知镇街' }),
  lineage({ geoCode: jiugong, sourceRow: 9, rowLabel: '旧宫镇某驿站', rejectRules: '负数' }),
  file('加密', '文件已加密'),
  file('损坏', '文件已损坏'),
  file('加密', '文件已加密', 3),
  file('损坏', '文件已损坏', 3),
  lineage({ indicatorId: 1, status: 'absent', sheetKind: '特困人员供养', geoCode: jiugong, sourceFile: null, sourceSheet: null, sourceRow: null, rowLabel: null, rejectScope: null, rejectRules: null, isRequired: true }),
  lineage({ indicatorId: 3, year: 2022 }),
];

describe('valueCauses', () => {
  it('a town value: its own lost rows and those whose town is unknown, each source once; the district: every one', () => {
    expect(valueCauses(LOST, GEO, 2023, 6, huangcun).map((c) => c.label ?? c.kind)).toEqual(['黄村镇康乐养老服务驿站', '新航城街道幸福里社区养老服务驿站', 'file', 'file']);
    expect(valueCauses(LOST, GEO, 2023, 6, null)).toHaveLength(5);
    expect(valueCauses(LOST, GEO, 2023, 1, jiugong)).toEqual([expect.objectContaining({ kind: 'absent', label: '旧宫镇', sheetKind: '特困人员供养' })]);
  });
});

describe('causesText', () => {
  it('names files once, then each sheet with its department, rows by name and reason, and missing rows', () => {
    const text = causesText([...valueCauses(LOST, GEO, 2023, 6, null), ...valueCauses(LOST, GEO, 2023, 1, null)]);
    expect(text).toBe(
      '2个报送的文件无法读取（文件已加密、文件已损坏），内容未知；'
      + '《养老服务设施》（养老服务科）3行未通过校验：黄村镇康乐养老服务驿站（不是规定的选项）、新航城街道幸福里社区养老服务驿站（未知镇街）、旧宫镇某驿站（负数）；'
      + '《特困人员供养》（社会救助科）缺少旧宫镇的数据',
    );
    expect(text).not.toMatch(/xlsx|第 ?\d+ ?行/);
  });

  it('counts rows instead of naming them when there are many; says a repeated key once', () => {
    const many = Array.from({ length: 5 }, (_, i) => lineage({ sourceRow: 10 + i, rowLabel: `驿站${i}` }));
    expect(causesText(valueCauses(many, GEO, 2023, 6, null))).toBe('《养老服务设施》（养老服务科）5行未通过校验（不是规定的选项）');
    const twice = [lineage({ rejectRules: '同一年度重复填报' }), lineage({ sourceFile: '2023/社会工作科_2023.xlsx', rejectRules: '同一年度重复填报' })];
    expect(causesText(valueCauses(twice, GEO, 2023, 6, null))).toBe('《养老服务设施》（养老服务科）2行未通过校验：黄村镇康乐养老服务驿站（同一年度重复填报，2行）');
  });
});

describe('placeCausesText and lostSummary', () => {
  it('a town’s marked values: files once for all, each other source with the indicators it touches', () => {
    const ind = (id: number) => PLAN.indicatorById.get(id)!;
    const text = placeCausesText(LOST, GEO, 2023, [{ indicator: ind(3), townCode: huangcun }, { indicator: ind(6), townCode: huangcun }]);
    expect(text).toBe(
      '2个报送的文件无法读取（文件已加密、文件已损坏），内容未知，各项都可能受影响；'
      + '《养老服务设施》（养老服务科）1行未通过校验：黄村镇康乐养老服务驿站（不是规定的选项），涉及全部标注的指标；'
      + '《养老服务设施》（养老服务科）1行未通过校验：新航城街道幸福里社区养老服务驿站（未知镇街），涉及“建成运营社区养老服务驿站”',
    );
  });

  it('counts what a year lost', () => {
    expect(lostSummary(LOST, GEO, [2023])).toBe('2个文件无法读取，3行未通过校验，1处缺报');
    expect(lostSummary(LOST, GEO, [2022])).toBe('1行未通过校验');
    expect(lostSummary(LOST, GEO, [2021])).toBe('');
  });
});
