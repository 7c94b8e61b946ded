/**
 * District figures summed without towns that sent nothing (data-contract §4): the towns named
 * beside the figure, and the figure and its judgement with each town at last year's numerator
 * and denominator — computed here by hand.
 */
import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../../pipeline/evaluate/evaluate.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import { absentGapText, absentTowns, absentTownsText, absentTownVerdicts } from '../../pipeline/present/absent-towns.ts';
import type { ReportFacts } from '../../pipeline/present/report-facts.ts';
import { ValueIndex } from '../../pipeline/present/value-index.ts';
import type { LineageRow } from '../../pipeline/warehouse/lineage.ts';

const plan = resolvePlan();
const geography = loadGeography();
const ind = (id: number) => plan.indicators.find((i) => i.id === id)!;
const town = (name: string) => geography.towns.find((t) => t.name === name)!.code;

function value(id: number, year: number, geoCode: string, numerator: number | null, denominator: number | null, scale: number, extra: Partial<IndicatorValue> = {}): IndicatorValue {
  const v = numerator === null ? null : denominator === null ? numerator * scale : (numerator * scale) / denominator;
  return { year, geoCode, geoLevel: geoCode === 'daxing' ? 'district' : 'town', indicatorId: id, numerator, denominator, scale, value: v, isComplete: true, ...extra } as unknown as IndicatorValue;
}

function absent(year: number, indicatorId: number, geoCode: string, sheetKind: string, role: 'numerator' | 'denominator' = 'numerator', columnName: string | null = null): LineageRow {
  return {
    year, indicatorId, geoCode, role, status: 'absent', isRequired: true, isCounted: false, sheetKind, sourceFile: null, sourceSheet: null,
    sourceRow: null, rowLabel: null, columnName, sourceValue: null, contribution: null, rejectScope: null, rejectRules: null, rejectMessages: null,
  };
}

const facts = (year: number, values: IndicatorValue[], lost: LineageRow[]) => ({ plan, geography, year, values: new ValueIndex(values), lost }) as unknown as ReportFacts;

describe('a district figure summed without a town that sent nothing', () => {
  // 2025 实名注册志愿者占常住人口的比例 (target 21 %): 21 towns 430,000 of 2,000,000 = 21.5 % (完成);
  // 长子营镇 absent, in 2024 5,000 of 100,000: (430,000 + 5,000) ÷ (2,000,000 + 100,000) = 20.71 % (未完成)
  const czy = town('长子营镇');
  const values = [
    value(24, 2025, 'daxing', 430_000, 2_000_000, 100, { verdict: '完成', status: '已完成', isComplete: false }),
    value(24, 2025, czy, null, null, 100, { isComplete: false }),
    value(24, 2024, czy, 5_000, 100_000, 100),
  ];
  const f = facts(2025, values, [absent(2025, 24, czy, '志愿服务')]);

  it('names the town, with the figure at its last year’s numbers', () => {
    expect(absentTowns(f, ind(24))).toEqual({ towns: [geography.byCode.get(czy)], estimate: (435_000 / 2_100_000) * 100, parts: { numerator: 435_000, denominator: 2_100_000 } });
    expect(absentTownsText(f, ind(24))).toBe('不含缺少数据的长子营镇（按该镇2024年的数补入为20.7%）');
    expect(absentTownsText(f, ind(24), 2025, true)).toBe('不含缺少数据的长子营镇，按该镇2024年的数补入为20.7%');
  });

  it('gives the gap with the town beside the gap without it (the review of the flawed sample: 1.2万 on 21 towns, 1.4万 with 长子营镇)', () => {
    // 410,000 of 2,000,000 = 20.5 %: 0.21 × 2,000,000 − 410,000 = 10,000 without; with 5,000 of 100,000, 0.21 × 2,100,000 − 415,000 = 26,000
    const short = (n2024: number) => facts(2025, [value(24, 2025, 'daxing', 410_000, 2_000_000, 100, { verdict: '未完成', isComplete: false, target: 21 }), values[1]!, value(24, 2024, czy, n2024, 100_000, 100)], [absent(2025, 24, czy, '志愿服务')]);
    expect(absentGapText(short(5_000), ind(24))).toBe('补入该镇后约2.6万名');
    // 31,000 of 100,000: 441,000 − 441,000 = 0, met with it
    expect(absentGapText(short(31_000), ind(24))).toBe('补入该镇后已达到目标');
    // 20,000: 441,000 − 430,000 = 11,000, 约1.1万 beside 约1.0万 — said; 21,000: 10,000, the same words — not
    expect(absentGapText(short(20_000), ind(24))).toBe('补入该镇后约1.1万名');
    expect(absentGapText(short(21_000), ind(24))).toBe('');
    // met without it: no gap to set beside
    expect(absentGapText(f, ind(24))).toBe('');
  });

  it('says a verdict the town would turn', () => {
    expect(absentTownVerdicts(f)).toEqual(['“实名注册志愿者占常住人口的比例”评为完成，所依据的2025年数据缺少长子营镇；如按该镇2024年的数补入，全区为20.7%，未完成']);
    // one it would not: at 2024's 20,000 of 100,000, (430,000 + 20,000) ÷ 2,100,000 = 21.4 %, met either way
    const g = facts(2025, [values[0]!, values[1]!, value(24, 2024, czy, 20_000, 100_000, 100)], [absent(2025, 24, czy, '志愿服务')]);
    expect(absentTownVerdicts(g)).toEqual([]);
    expect(absentTownsText(g, ind(24))).toBe('不含缺少数据的长子营镇（按该镇2024年的数补入为21.4%）');
  });

  it('gives no estimate where the town had no complete figure the year before, and names nothing where no town is missing', () => {
    const g = facts(2025, values.slice(0, 2), [absent(2025, 24, czy, '志愿服务')]);
    expect(absentTownsText(g, ind(24))).toBe('不含缺少数据的长子营镇');
    expect(absentTownVerdicts(g)).toEqual([]);
    // a town whose value is there lost nothing the figure needs
    const h = facts(2025, [values[0]!, value(24, 2025, czy, 5_000, 100_000, 100), values[2]!], [absent(2025, 24, czy, '志愿服务')]);
    expect(absentTowns(h, ind(24))).toBeNull();
  });

  it('names the towns of a district-level ratio without an estimate, and says a judgement on a denominator without them is overstated', () => {
    // 每万人户籍儿童机构床位数: the institutions' beds over 20 towns' children (an audit: 16.36 where the 22 towns give 14.57)
    const lost = [absent(2023, 11, town('林校路街道'), '人口基础数据', 'denominator', '户籍儿童人口'), absent(2023, 11, town('兴丰街道'), '人口基础数据', 'denominator', '户籍儿童人口'),
      // the rejected rows that left 兴丰街道 without one (a key given twice) are in the lineage too, without a role
      { ...absent(2023, 11, town('兴丰街道'), '人口基础数据'), role: null, status: 'rejected' as const }];
    const g = facts(2023, [value(11, 2023, 'daxing', 183, 111_862, 10_000, { isComplete: false, status: '已完成' })], lost);
    expect(absentTownsText(g, ind(11))).toBe('不含缺少数据的兴丰街道和林校路街道');
    expect(absentTownVerdicts(g)).toEqual(['“每万人户籍儿童机构床位数”的进度评价为“已完成”，所依据的2023年数据缺少兴丰街道和林校路街道的户籍儿童人口（分母），全区数值因此偏高，需区统计局补报后复核']);
    // behind schedule on an overstated figure: nothing a missing denominator could turn the wrong way
    const behind = facts(2023, [value(11, 2023, 'daxing', 150, 111_862, 10_000, { isComplete: false, status: '滞后' })], lost);
    expect(absentTownVerdicts(behind)).toEqual([]);
  });
});

describe('a share met at 100 %, its target, without a town', () => {
  // 有集中供养需求的特困对象集中供养率 (maintain 100 %): 21 towns 439 of 439 housed; 旧宫镇's row rejected
  // (19 housed of 16 in need), in 2024 15 of 15: (439 + 15) ÷ (439 + 15) = 100 %, met either way — but
  // 旧宫镇 at 15 of 16 this year gives 454 ÷ 455 = 99.8 %: the missing row can only lower it
  const jg = town('旧宫镇');
  const values = [
    value(1, 2025, 'daxing', 439, 439, 100, { verdict: '完成', status: '已完成', isComplete: false }),
    value(1, 2025, jg, null, null, 100, { isComplete: false }),
    value(1, 2024, jg, 15, 15, 100),
  ];
  const lost = [absent(2025, 1, jg, '特困人员供养'), { ...absent(2025, 1, jg, '特困人员供养'), role: null, status: 'rejected' as const, isRequired: false, rejectScope: 'row' as const }];

  it('says the verdict rests on the missing town, and who is to check it (a review: left out of the verdicts to check)', () => {
    expect(absentTownVerdicts(facts(2025, values, lost))).toEqual([
      '“有集中供养需求的特困对象集中供养率”评为完成，所依据的2025年数据缺少旧宫镇（该镇的填报行未通过校验）；按该镇2024年的数补入仍为100.0%，但目标为100%，该镇当年实际低于100%时全区即达不到目标，需社会救助科核实',
    ]);
    // in an annual report, as its progress
    const annual = facts(2024, [value(1, 2024, 'daxing', 439, 439, 100, { status: '已完成', isComplete: false }), value(1, 2024, jg, null, null, 100), value(1, 2023, jg, 15, 15, 100)], lost.map((r) => ({ ...r, year: 2024 })));
    expect(absentTownVerdicts(annual)).toEqual([
      '“有集中供养需求的特困对象集中供养率”的进度评价为“已完成”，所依据的2024年数据缺少旧宫镇（该镇的填报行未通过校验）；按该镇2023年的数补入仍为100.0%，但目标为100%，该镇当年实际低于100%时全区即达不到目标，需社会救助科核实',
    ]);
  });

  it('says nothing more of a share at 100 % that is not met', () => {
    const below = [value(1, 2025, 'daxing', 430, 439, 100, { verdict: '未完成', status: '未保持', isComplete: false }), values[1]!, values[2]!];
    expect(absentTownVerdicts(facts(2025, below, lost))).toEqual([]);
  });
});
