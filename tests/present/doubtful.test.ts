/**
 * Figures resting on a cell a department is asked to check (a change of more than half on
 * last year): which judgements rest on it, and the figure and judgement with the cell at
 * last year's value — computed here by hand from the numerator, the denominator and the cell.
 */
import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../../pipeline/evaluate/evaluate.ts';
import type { Warning } from '../../pipeline/ingest/records.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import { changedCells, doubtfulCells, doubtfulList, doubtfulNote, doubtfulTownNote, doubtfulVerdicts, mismatchedColumns, totalCells } from '../../pipeline/present/doubtful.ts';
import type { ReportFacts } from '../../pipeline/present/report-facts.ts';
import { ValueIndex } from '../../pipeline/present/value-index.ts';
import type { LineageRow } from '../../pipeline/warehouse/lineage.ts';

const plan = resolvePlan();
const geography = loadGeography();
const ind = (id: number) => plan.indicators.find((i) => i.id === id)!;

function value(id: number, year: number, geoCode: string, numerator: number, denominator: number | null, scale: number, extra: Partial<IndicatorValue> = {}): IndicatorValue {
  return {
    year, geoCode, geoLevel: geoCode === 'district' ? 'district' : 'town', indicatorId: id, numerator, denominator, scale,
    value: denominator === null ? numerator * scale : (numerator * scale) / denominator, isComplete: true, ...extra,
  } as unknown as IndicatorValue;
}

function lineage(year: number, indicatorId: number, geoCode: string, role: 'numerator' | 'denominator', sheet: string, tab: string, row: number, column: string, sourceValue: string, contribution: number, rowLabel: string | null = null): LineageRow {
  return {
    year, indicatorId, geoCode, role, status: 'loaded', isRequired: true, isCounted: true, sheetKind: sheet,
    sourceFile: `${year}/f.xlsx`, sourceSheet: tab, sourceRow: row, rowLabel, columnName: column, sourceValue, contribution,
    rejectScope: null, rejectRules: null, rejectMessages: null,
  };
}

function warning(year: number, tab: string, row: number, column: string, value: string, previous: number): Warning {
  return { file: `${year}/f.xlsx`, sheet: tab, row, column, value, rule: 'large_change', previous, message: '…变化超过一半，请核实' };
}

function facts(year: number, values: IndicatorValue[], warnings: Warning[], rows: LineageRow[]): ReportFacts {
  return { plan, geography, year, values: new ValueIndex(values), doubtful: doubtfulCells(warnings, rows) } as unknown as ReportFacts;
}

describe('a figure resting on a cell the department is asked to check', () => {
  // 2025: 8823 community organisations, 采育镇's 4470 of them where 2024 had 312 (a 0 typed twice?)
  const caiyu = geography.towns.find((t) => t.name === '采育镇')!.code;
  const w = warning(2025, '社会组织(2025)', 19, '社区社会组织数量', '4470', 312);
  const rows = [
    lineage(2025, 19, caiyu, 'numerator', '社会组织', '社会组织(2025)', 19, '社区社会组织数量', '4470', 4470),
    // the same row's other cells count elsewhere, and are not the warned one
    lineage(2025, 18, caiyu, 'numerator', '社会组织', '社会组织(2025)', 19, '街镇级社会组织联合会', '是', 1),
  ];
  const f = facts(2025, [
    value(19, 2025, 'district', 8823, null, 1, { verdict: '完成', status: '已完成' }),
    value(19, 2025, caiyu, 4470, null, 1),
    value(18, 2025, 'district', 16, 22, 100, { verdict: '完成', status: '已完成' }),
  ], [w], rows);

  it('asks the warehouse only for the warned cells', () => {
    expect(changedCells([w, { ...w, rule: 'total_mismatch' }])).toEqual([{ file: '2025/f.xlsx', sheet: '社会组织(2025)', row: 19, column: '社区社会组织数量' }]);
  });

  it('says in the verdict that the target is met only on that cell: 8823 − 4470 + 312 = 4665 < 6000', () => {
    expect(doubtfulVerdicts(f)).toEqual([
      '“全区社区社会组织数量”评为完成，所依据的2025年数据中采育镇的社区社会组织数量由2024年的312家变为4470家，约为上年的14倍，需社会组织管理科核实；如采育镇按2024年的312家计，全区为4665家，未完成',
    ]);
    expect(doubtfulNote(f, ind(19))).toBe('2025年数据含需核实的填报：采育镇的社区社会组织数量由2024年的312家变为4470家；按上年数计为4665家，未完成');
    // another indicator of the same row does not rest on the warned cell
    expect(doubtfulNote(f, ind(18))).toBeNull();
  });

  it('names the cell in the town report and in 附录四, and says nothing of a verdict it does not change', () => {
    expect(doubtfulTownNote(f, ind(19), caiyu)).toBe('“社区社会组织数量”2025年的数值含需核实的填报：采育镇的社区社会组织数量由2024年的312家变为4470家，约为上年的14倍，需社会组织管理科核实。');
    expect(doubtfulTownNote(f, ind(19), geography.towns.find((t) => t.name === '黄村镇')!.code)).toBeNull();
    expect(doubtfulList(f)).toEqual(['指标19“全区社区社会组织数量”：采育镇的社区社会组织数量由2024年的312家变为4470家']);
    // 8823 − 4470 + 4000 = 8353 ≥ 6000: met either way, so only the table note names the cell
    const small = facts(2025, [value(19, 2025, 'district', 8823, null, 1, { verdict: '完成', status: '已完成' })], [{ ...w, previous: 4000 }], rows);
    expect(doubtfulVerdicts(small)).toEqual([]);
    expect(doubtfulNote(small, ind(19))).toBe('2025年数据含需核实的填报：采育镇的社区社会组织数量由2024年的4000家变为4470家');
  });

  it('says how the cell moved: a fall of more than half as such, one from nothing as a change', () => {
    const note = (previous: number) => doubtfulTownNote(facts(2025, [value(19, 2025, caiyu, 4470, null, 1)], [{ ...w, previous }], rows), ind(19), caiyu);
    expect(note(9000)).toBe('“社区社会组织数量”2025年的数值含需核实的填报：采育镇的社区社会组织数量由2024年的9000家变为4470家，减少超过一半，需社会组织管理科核实。');
    // 4470 ÷ 2100 = 2.13: one place below ten times
    expect(note(2100)).toContain('变为4470家，约为上年的2.1倍，需');
    expect(note(0)).toContain('变为4470家，变化超过一半，需');
  });

  it('names the earlier year a cell is weighed against where the year before had no such sheet (the 17th attack: 2023’s workbook missing)', () => {
    const earlier = facts(2025, [
      value(19, 2025, 'district', 8823, null, 1, { verdict: '完成', status: '已完成' }),
      value(19, 2025, caiyu, 4470, null, 1),
    ], [{ ...w, previous: 300, previousYear: 2023 }], rows);
    expect(doubtfulVerdicts(earlier)).toEqual([
      '“全区社区社会组织数量”评为完成，所依据的2025年数据中采育镇的社区社会组织数量由2023年的300家变为4470家，约为2023年的15倍，需社会组织管理科核实；如采育镇按2023年的300家计，全区为4653家，未完成',
    ]);
    expect(doubtfulNote(earlier, ind(19))).toBe('2025年数据含需核实的填报：采育镇的社区社会组织数量由2023年的300家变为4470家；按2023年的数计为4653家，未完成');
  });

  it('takes a cell that counts several times at its factor: a monthly 标准 counts twelve times in a yearly ratio', () => {
    // 2024: 1800 元/人·月 × 12 = 21,600 against 37,100 元/年 = 0.582 (P = 0.645, T = 0.8: 滞后);
    // at 2023's 1100: 13,200 ÷ 37,100 = 0.356, below the baseline 0.55: 逆向变化
    const tab = '区级统计指标';
    const f2 = facts(2024, [value(10, 2024, 'district', 21600, 37100, 1, { status: '滞后' })], [warning(2024, tab, 5, '数值', '1800', 1100)], [
      lineage(2024, 10, 'daxing', 'numerator', tab, tab, 5, '数值', '1800.0', 21600, '社会散居孤儿供养标准'),
      lineage(2024, 10, 'daxing', 'denominator', tab, tab, 4, '数值', '37100.0', 37100, '居民人均消费支出'),
    ]);
    expect(doubtfulVerdicts(f2)).toEqual([
      '“社会散居孤儿供养标准与人均消费支出比值”的进度评价为“滞后”，所依据的2024年数据中“社会散居孤儿供养标准”由2023年的1100元/人·月变为1800元/人·月，增加超过一半，需区统计局核实；如“社会散居孤儿供养标准”按2023年的1100元/人·月计，全区为0.36，进度评价为“逆向变化”',
    ]);
  });
});

describe('a verdict resting on a column whose 合计 row disagrees with its rows', () => {
  // 2025 节地生态安葬率: 2155 of the rows' 3300 burials = 65.3 % ≥ 65; the 合计 row says 3400: 2155 / 3400 = 63.4 %
  const towns = geography.towns.slice(0, 2).map((t) => t.code);
  const tab = '殡葬安葬2025年';
  const total: Warning = { file: '2025/f.xlsx', sheet: tab, row: 26, column: '安葬总数', value: '3400', rule: 'total_mismatch', total: 3400, rowsSum: 3300, message: '…合计行为 3400，而各数据行之和为 3300' };
  const rows = [
    lineage(2025, 26, towns[0]!, 'numerator', '殡葬安葬', tab, 4, '节地生态安葬数', '1000', 1000),
    lineage(2025, 26, towns[1]!, 'numerator', '殡葬安葬', tab, 5, '节地生态安葬数', '1155', 1155),
    lineage(2025, 26, towns[0]!, 'denominator', '殡葬安葬', tab, 4, '安葬总数', '1500', 1500),
    lineage(2025, 26, towns[1]!, 'denominator', '殡葬安葬', tab, 5, '安葬总数', '1800', 1800),
  ];
  const values = [value(26, 2025, 'district', 2155, 3300, 100, { verdict: '完成', status: '已完成' }), value(26, 2025, towns[0]!, 1000, 1500, 100)];
  const withTotals = (warnings: Warning[], rejects: { file: string; sheet: string }[] = [], lin = rows) =>
    ({ plan, geography, year: 2025, values: new ValueIndex(values), doubtful: totalCells(warnings, rejects, lin) }) as unknown as ReportFacts;

  it('asks the warehouse for the column, unless a rejected row of the sheet may be the difference', () => {
    expect(mismatchedColumns([total], [])).toEqual([{ file: '2025/f.xlsx', sheet: tab, column: '安葬总数' }]);
    expect(mismatchedColumns([total], [{ file: '2025/f.xlsx', sheet: tab }])).toEqual([]);
    // a total_mismatch whose column had a rejected cell carries no numbers: the rejects say it
    expect(mismatchedColumns([{ ...total, total: undefined, rowsSum: undefined }], [])).toEqual([]);
  });

  it('says the verdict turns at the total: 2155 ÷ 3400 × 100 = 63.4 < 65', () => {
    const f = withTotals([total]);
    expect(doubtfulVerdicts(f)).toEqual([
      '“节地生态安葬率”评为完成，所依据的2025年数据中《殡葬安葬》表合计行的安葬总数为3400例，各行之和为3300例，两者不符，需社会事务科核实；如按合计行计，全区为63.4%，未完成',
    ]);
    expect(doubtfulNote(f, ind(26))).toBe('2025年数据含需核实的填报：《殡葬安葬》表合计行的安葬总数为3400例，各行之和为3300例；按合计行计为63.4%，未完成');
    expect(doubtfulList(f)).toEqual(['指标26“节地生态安葬率”：《殡葬安葬》表合计行的安葬总数为3400例，各行之和为3300例']);
    // no town's figure: the difference is of no known town
    expect(doubtfulTownNote(f, ind(26), towns[0]!)).toBeNull();
  });

  it('weighs nothing where the column counts only some of its rows (the sum is not the rows’ sum)', () => {
    expect(doubtfulVerdicts(withTotals([total], [], rows.slice(0, 3)))).toEqual([]);
    // nor where the 合计 row is what the verdict already is: 3200 gives 67.3 %, met either way
    const f = withTotals([{ ...total, value: '3200', total: 3200 }]);
    expect(doubtfulVerdicts(f)).toEqual([]);
    expect(doubtfulNote(f, ind(26))).toBe('2025年数据含需核实的填报：《殡葬安葬》表合计行的安葬总数为3200例，各行之和为3300例');
  });
});
