
import { causeKinds, causeTally } from '../../pipeline/present/themes.ts';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, type IndicatorValue } from '../../pipeline/evaluate/evaluate.ts';
import {
  roundHalfEven, townSpec, chineseNumeral, difference, formatChange, formatDifference, formatPercent, formatPoints, formatPrinted, formatValue,
  percentPointGap,
} from '../../pipeline/basics/format.ts';
import { indicatorParagraph, isFlowIndicator, overviewSentences, townSentence } from '../../pipeline/present/narrative.ts';
import { loadPlan, type Indicator } from '../../pipeline/plan/plan.ts';
import type { IndicatorBase } from '../../pipeline/ingest/records.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const PLAN = loadPlan(join(ROOT, 'data/plan/daxing-civil-affairs-14'));
const IND = (id: number): Indicator => PLAN.indicatorById.get(id)!;

const TOWN_NAMES: Record<string, string> = { qingyuan: '清源街道', xingfeng: '兴丰街道', linxiaolu: '林校路街道' };

function row(year: number, indicatorId: number, value: number | null, geoCode = 'daxing', isComplete = value !== null): IndicatorBase {
  return {
    year, geoCode, geoLevel: geoCode === 'daxing' ? 'district' : 'town', indicatorId, value,
    numerator: null, denominator: null, isComplete,
  };
}

function find(values: IndicatorValue[], year: number, id: number, geoCode = 'daxing'): IndicatorValue {
  const v = values.find((x) => x.year === year && x.indicatorId === id && x.geoCode === geoCode);
  if (!v) throw new Error(`no row ${year} ${id} ${geoCode}`);
  return v;
}

/** The paragraph of one district value, evaluated alone (trend from the plan's baseline). */
function para(year: number, id: number, value: number | null, extra: IndicatorBase[] = [], opts = {}): string {
  const values = evaluate(PLAN, [...extra, row(year, id, value)]);
  const v = find(values, year, id);
  const history = values.filter((x) => x.indicatorId === id && x.geoLevel === 'district' && x.year <= year);
  return indicatorParagraph(PLAN, IND(id), v, history, opts);
}

// ---- format.ts additions used here ---------------------------------------------------

describe('format.ts additions for the narrative', () => {
  const pct = { unit: '%', precision: 1 };
  const beds = { unit: '张', precision: 1 };
  const ratio = { unit: '', precision: 2 };
  it('formatPrinted: the plan’s figure as printed, with the unit', () => {
    expect(formatPrinted(pct, '30.3')).toBe('30.3%');
    expect(formatPrinted(beds, '5')).toBe('5张');
    expect(formatPrinted(ratio, '0.55')).toBe('0.55');
    expect(formatPrinted(beds, '')).toBe('—');
  });
  it('difference / formatChange: computed unrounded, rounded once (evaluation.md)', () => {
    expect(difference(30.3, 64.65)).toBeCloseTo(34.35, 12);
    expect(formatChange(pct, 30.3, 64.65)).toBe('提高34.4个百分点');
    expect(formatChange(beds, 5, 6.2)).toBe('增加1.2张');
    expect(formatChange(ratio, 0.55, 0.5449)).toBe('降低0.01');
    expect(formatChange(beds, 5, 5.04)).toBe('略有增加');
    expect(formatChange(beds, 5, 5)).toBe('持平');
    expect(formatChange(beds, null, 5)).toBe('—');
  });
  it('formatDifference: no direction, 个百分点 for %', () => {
    expect(formatDifference(pct, -15.34)).toBe('15.3个百分点');
    expect(formatDifference(beds, 0.8)).toBe('0.8张');
    expect(formatDifference(ratio, 0.05)).toBe('0.05');
  });
  it('percentPointGap / formatPoints: P against T as formatPercent prints them', () => {
    expect(percentPointGap(0.634, 0.6)).toBe(3.4);
    expect(percentPointGap(0.6004, 0.6)).toBe(0);
    expect(percentPointGap(0.4, 0.6)).toBe(-20);
    expect(percentPointGap(null, 0.6)).toBeNull();
    expect(formatPoints(-20)).toBe('20.0个百分点');
  });
  it('chineseNumeral', () => {
    expect([1, 3, 5, 10, 12, 20, 23].map(chineseNumeral)).toEqual(['一', '三', '五', '十', '十二', '二十', '二十三']);
  });
});

// ---- 1. indicator paragraphs -----------------------------------------------------

describe('indicatorParagraph: statuses', () => {
  it('the example of the brief (快于时序进度 with P and T equal as printed → 与时序进度持平)', () => {
    const values = evaluate(PLAN, [row(2023, 3, 6.2)]);
    const v = { ...values[0]!, outlook: null };
    expect(indicatorParagraph(PLAN, IND(3), v, values)).toBe(
      '截至2023年底，全区每千名常住人口养老床位数达到6.2张，较2020年增加1.2张，完成进度为60.0%，与时序进度持平。',
    );
    expect(para(2023, 3, 6.2)).toBe(
      '截至2023年底，全区每千名常住人口养老床位数达到6.2张，较2020年增加1.2张，完成进度为60.0%，与时序进度持平。按当前趋势，预计2025年可完成目标。',
    );
  });

  it('快于时序进度 by X points (cumulative indicator 17)', () => {
    expect(para(2023, 17, 86)).toBe(
      '2021年以来累计实施村（居）委会撤销（调整）86个，完成规划目标的66.2%，快于时序进度6.2个百分点。按当前趋势，预计2025年可完成目标。',
    );
    expect(para(2021, 17, 30)).toBe('2021年全区实施村（居）委会撤销（调整）30个，完成规划目标的23.1%，快于时序进度3.1个百分点。');
  });

  it('基本符合进度', () => {
    // 6.15 shows 6.2 (half-even), P = 57.5 %, R = 0.958
    expect(para(2023, 3, 6.15)).toBe(
      '截至2023年底，全区每千名常住人口养老床位数达到6.2张，较2020年增加1.2张，完成进度为57.5%，略慢于时序进度2.5个百分点，基本符合进度要求。按当前趋势，预计2025年可完成目标。',
    );
  });

  it('滞后, binding: 需加快推进 and the warning', () => {
    expect(para(2023, 2, 110)).toBe(
      '截至2023年底，全区临时救助和长期照料总床位数达到110张，较2020年增加60张，完成进度为40.0%，落后时序进度20.0个百分点，进度滞后，需加快推进。该指标为约束性指标，已列入预警。按当前趋势，2025年如期完成目标存在一定困难，需加快进度。',
    );
  });

  it('明显滞后, per cent: differences in 个百分点', () => {
    expect(para(2023, 14, 68)).toBe(
      '截至2023年底，全区社区居民委员会直接选举和户代表选举比例达到68.0%，较2020年提高3.3个百分点，完成进度为21.6%，落后时序进度38.4个百分点，进度明显滞后，需加大推进力度。该指标为约束性指标，已列入预警。按当前趋势，2025年如期完成目标存在一定困难，需加快进度。',
    );
  });

  it('逆向变化', () => {
    expect(para(2023, 24, 15.2)).toBe(
      '截至2023年底，全区实名注册志愿者占常住人口的比例为15.2%，较2020年降低0.8个百分点，与规划目标方向相反，呈逆向变化，需扭转下降趋势。按当前趋势，预计2025年难以完成目标，需采取有力措施。',
    );
    // A fall too small to show at the indicator's precision
    expect(para(2023, 24, 15.96)).toBe(
      '截至2023年底，全区实名注册志愿者占常住人口的比例为16.0%，较2020年略有下降，与规划目标方向相反，呈逆向变化，需扭转下降趋势。按当前趋势，预计2025年难以完成目标，需采取有力措施。',
    );
  });

  it('maintain targets: held, above, not held (binding too)', () => {
    expect(para(2023, 1, 100)).toBe('截至2023年底，全区有集中供养需求的特困对象集中供养率为100.0%，保持在100%的目标水平。预计2025年可保持目标水平。');
    expect(para(2023, 7, 52.4)).toBe('截至2023年底，全区万名老年人拥有养老护理员数为52.4名，高于50名的目标水平。预计2025年可保持目标水平。');
    expect(para(2023, 1, 98.5)).toBe(
      '截至2023年底，全区有集中供养需求的特困对象集中供养率为98.5%，低于规划要求的100%，未保持目标水平，需尽快恢复。需加快恢复到规划要求的水平。',
    );
    expect(para(2023, 5, 19)).toBe(
      '截至2023年底，全区建成运营街道乡镇养老照料中心数量为19家，低于规划要求的20家，未保持目标水平，需尽快恢复。该指标为约束性指标，已列入预警。需加快恢复到规划要求的水平。',
    );
    // 99.96 shows as 100.0% but is not 100: 略低于, never a contradiction with the table
    expect(para(2021, 1, 99.96)).toBe('截至2021年底，全区有集中供养需求的特困对象集中供养率为100.0%，略低于规划要求的100%，未保持目标水平，需尽快恢复。');
  });

  it('missing data: generic, named, last known value, binding', () => {
    expect(para(2023, 26, null)).toBe('2023年，全区节地生态安葬率因相关统计数据缺失，本年度无法评估。');
    expect(para(2023, 26, null, [row(2021, 26, 57.3), row(2022, 26, 58.8)], { missing: ['殡葬安葬表'] })).toBe(
      '2023年，全区节地生态安葬率因殡葬安葬表缺失，本年度无法评估（最近一次有数据的2022年为58.8%）。',
    );
    expect(para(2023, 8, null)).toBe('2023年，全区区级精神卫生福利床位数因相关统计数据缺失，本年度无法评估。该指标为约束性指标，需尽快补齐数据。');
  });

  it('unchanged since the baseline', () => {
    expect(para(2023, 20, 140)).toBe(
      '截至2023年底，全区社会工作专业服务机构为140家，与2020年持平，完成进度为0.0%，落后时序进度60.0个百分点，进度明显滞后，需加大推进力度。按当前趋势，预计2025年难以完成目标，需采取有力措施。',
    );
  });

  it('early completion (提前完成), with 不低于 for >= targets', () => {
    expect(para(2023, 3, 7.2)).toBe('截至2023年底，全区每千名常住人口养老床位数达到7.2张，较2020年增加2.2张，已提前完成规划目标（2025年目标为7张）。');
    expect(para(2022, 10, 0.62)).toBe('截至2022年底，全区社会散居孤儿供养标准与人均消费支出比值达到0.62，较2020年提高0.07，已提前完成规划目标（2025年目标为不低于0.6）。');
  });

  it('the baseline year: computed value beside the plan baseline', () => {
    expect(para(2020, 3, 5.1)).toBe('2020年为规划基期年，全区每千名常住人口养老床位数为5.1张（规划基期值为5张）。');
  });
});

describe('indicatorParagraph: units', () => {
  it('张 with one decimal and 张 as integer', () => {
    expect(para(2022, 3, 5.84)).toContain('达到5.8张，较2020年增加0.8张，完成进度为42.0%，快于时序进度2.0个百分点');
    expect(para(2022, 2, 90)).toContain('达到90张，较2020年增加40张');
  });
  it('万人', () => {
    expect(para(2023, 21, 0.3412)).toBe(
      '截至2023年底，全区社会工作专业人才总量达到0.34万人，较2020年增加0.06万人，完成进度为51.0%，落后时序进度9.0个百分点，进度滞后，需加快推进。按当前趋势，2025年如期完成目标存在一定困难，需加快进度。',
    );
  });
  it('a ratio without unit', () => {
    expect(para(2023, 10, 0.57)).toBe(
      '截至2023年底，全区社会散居孤儿供养标准与人均消费支出比值达到0.57，较2020年提高0.02，完成进度为40.0%，落后时序进度20.0个百分点，进度滞后，需加快推进。按当前趋势，2025年如期完成目标存在一定困难，需加快进度。',
    );
  });
  it('万元', () => {
    expect(para(2023, 29, 18)).toBe(
      '截至2023年底，全区慈善信托财产总规模达到18.0万元，较2020年增加8.0万元，完成进度为40.0%，落后时序进度20.0个百分点，进度滞后，需加快推进。按当前趋势，2025年如期完成目标存在一定困难，需加快进度。',
    );
  });
  it('a flow indicator (安葬, 全年数) opens with the year, not 截至…年底', () => {
    expect(isFlowIndicator(IND(26))).toBe(true);
    expect(PLAN.indicators.filter(isFlowIndicator).map((i) => i.id)).toEqual([26]);
    expect(para(2023, 26, 60.24)).toBe(
      '2023年全区节地生态安葬率为60.2%，较2020年提高5.2个百分点，完成进度为52.4%，落后时序进度7.6个百分点，进度滞后，需加快推进。按当前趋势，2025年如期完成目标存在一定困难，需加快进度。',
    );
  });
  it('a name beginning with 全区 is not doubled', () => {
    expect(para(2022, 19, 2500)).toMatch(/^截至2022年底，全区社区社会组织数量达到2500家，/);
  });
  it('differences are computed unrounded and rounded once (30.3 → 64.65 is +34.4, though 64.65 shows as 64.6)', () => {
    expect(para(2023, 9, 64.65)).toContain('达到64.6%，较2020年提高34.4个百分点');
  });
});

describe('indicatorParagraph: final year', () => {
  it('完成', () => {
    expect(para(2025, 3, 7.1)).toBe('截至2025年底，全区每千名常住人口养老床位数达到7.1张，较2020年增加2.1张，完成进度为105.0%。规划期末，该指标已完成规划目标。');
  });
  it('基本完成 (expected, P ≥ 95 %)', () => {
    expect(para(2025, 3, 6.9)).toBe(
      '截至2025年底，全区每千名常住人口养老床位数达到6.9张，较2020年增加1.9张，完成进度为95.0%。规划期末，该指标基本完成规划目标。',
    );
  });
  it('未完成 (binding; no schedule, 需加快 or 预警 at the end of the plan)', () => {
    expect(para(2025, 2, 150)).toBe(
      '截至2025年底，全区临时救助和长期照料总床位数达到150张，较2020年增加100张，完成进度为66.7%。规划期末，该指标未完成规划目标。',
    );
    expect(para(2025, 26, 60)).toBe(
      '2025年全区节地生态安葬率为60.0%，较2020年提高5.0个百分点，完成进度为50.0%。规划期末，该指标未完成规划目标。',
    );
  });
  it('maintain target held to the end', () => {
    expect(para(2025, 12, 1)).toBe('截至2025年底，全区区级儿童福利机构数量为1所，保持在1所的目标水平。规划期末，该指标已完成规划目标。');
  });
});

describe('indicatorParagraph: outlook classes', () => {
  it('预计可完成 / 需加快 / 难以完成, and none in 2021', () => {
    expect(para(2022, 3, 5.84)).toMatch(/按当前趋势，预计2025年可完成目标。$/);
    expect(para(2023, 2, 110)).toMatch(/按当前趋势，2025年如期完成目标存在一定困难，需加快进度。$/);
    expect(para(2023, 20, 140)).toMatch(/按当前趋势，预计2025年难以完成目标，需采取有力措施。$/);
    expect(para(2021, 3, 5.1)).not.toContain('按当前趋势');
  });
});

// ---- 2. town sentences --------------------------------------------------------------

describe('townSentence', () => {
  const values = evaluate(PLAN, [
    row(2023, 3, 6.2), row(2023, 3, 7.5, 'qingyuan'), row(2023, 3, 6.0, 'xingfeng'), row(2023, 3, 2.5, 'linxiaolu'), row(2022, 3, 7.0, 'qingyuan'),
    row(2023, 6, 140), row(2023, 6, 12, 'xingfeng'), row(2022, 6, 12, 'xingfeng'), row(2023, 6, null, 'linxiaolu'),
    row(2023, 17, 86), row(2023, 17, 6, 'qingyuan'), row(2022, 17, 4, 'qingyuan'),
    row(2023, 19, 2400), row(2023, 19, 180, 'qingyuan'),
    row(2023, 23, 60.0), row(2023, 23, 60.04, 'xingfeng'),
    row(2023, 9, 50),
  ]);
  const say = (id: number, geo: string): string =>
    townSentence(PLAN, IND(id), find(values, 2023, id, geo), values.find((v) => v.year === 2023 && v.indicatorId === id && v.geoLevel === 'district') ?? null, TOWN_NAMES[geo]!);

  it('ratio: above the district and the benchmark, rank, change on last year', () => {
    expect(say(3, 'qingyuan')).toBe('截至2023年底，清源街道每千名常住人口养老床位数为7.5张，高于全区水平（6.2张），达到全区目标水平（7张），在3个镇街中居第1位，较上年增加0.5张。');
  });
  it('ratio: below the district and the benchmark', () => {
    expect(say(3, 'xingfeng')).toBe('截至2023年底，兴丰街道每千名常住人口养老床位数为6.0张，低于全区水平（6.2张），未达到全区目标水平（7张），在3个镇街中居第2位。');
    expect(say(3, 'linxiaolu')).toBe('截至2023年底，林校路街道每千名常住人口养老床位数为2.5张，低于全区水平（6.2张），未达到全区目标水平（7张），在3个镇街中居第3位。');
  });
  it('ratio: equal to the district as printed', () => {
    expect(say(23, 'xingfeng')).toBe('截至2023年底，兴丰街道志愿服务站点在社区综合服务设施中的覆盖率为60.0%，略高于全区水平（60.0%），未达到全区目标水平（80%）。');
  });
  it('count: share of the district, unchanged on last year', () => {
    expect(say(6, 'xingfeng')).toBe('截至2023年底，兴丰街道建成运营社区养老服务驿站为12家，占全区的8.6%，与上年持平。');
    expect(say(19, 'qingyuan')).toBe('截至2023年底，清源街道社区社会组织数量为180家，占全区的7.5%。');
  });
  it('cumulative count', () => {
    expect(say(17, 'qingyuan')).toBe('2021年以来，清源街道累计实施村（居）委会撤销（调整）6个，占全区的7.0%，较上年增加2个。');
  });
  it('count of none: no share of the district (0.0 % says nothing: the 2025 site review)', () => {
    const none = evaluate(PLAN, [row(2023, 17, 86), row(2023, 17, 0, 'xingfeng'), row(2022, 17, 0, 'xingfeng')]);
    expect(find(none, 2023, 17, 'xingfeng').shareOfDistrict).toBe(0);
    expect(townSentence(PLAN, IND(17), find(none, 2023, 17, 'xingfeng'), none.find((v) => v.geoLevel === 'district') ?? null, TOWN_NAMES.xingfeng!)).toBe('2021年以来，兴丰街道累计实施村（居）委会撤销（调整）0个，与上年持平。');
  });
  it('missing', () => {
    expect(say(6, 'linxiaolu')).toBe('2023年，林校路街道建成运营社区养老服务驿站缺少数据，无法评估。');
  });
  it('refuses a district row as the town row', () => {
    expect(() => townSentence(PLAN, IND(3), find(values, 2023, 3), null, '大兴区')).toThrow(/镇街/);
  });
});

// ---- a full year ----------------------------------------------------------------------

/** 2023: every indicator at its target, except a few with known statuses. */
function fullYear(): IndicatorValue[] {
  const overrides = new Map<number, number | null>([
    [2, 110], // 滞后, binding
    [3, 6.2], // 快于时序进度
    [4, 5.29], // 基本符合进度
    [5, 19], // 未保持, binding
    [9, null], // 无法评估
    [13, 4], // 明显滞后, binding
    [24, 15.2], // 逆向变化
    [16, 49.5], // 滞后 (P = 44.4 %)
  ]);
  const base = PLAN.indicators.map((ind) => row(2023, ind.id, overrides.has(ind.id) ? overrides.get(ind.id)! : ind.target));
  const towns = [
    row(2023, 3, 2.1, 'qingyuan'), row(2023, 3, 3.3, 'xingfeng'), row(2023, 3, 6.9, 'linxiaolu'),
    row(2023, 23, 30, 'qingyuan'), row(2023, 23, 85, 'xingfeng'),
    row(2023, 6, 10, 'qingyuan'),
  ];
  return evaluate(PLAN, [...base, ...towns]);
}

describe('overviewSentences', () => {
  it('time progress, the tally of all and of the binding indicators, headline, outlook', () => {
    expect(overviewSentences(PLAN, fullYear())).toEqual([
      '2023年，规划实施进入第三年，时序进度为60.0%。',
      '规划确定的32项主要指标中，已完成24项（其中提前完成20项），快于时序进度1项，基本符合进度1项，滞后2项，明显滞后1项，逆向变化1项，未保持1项，无法评估1项。',
      '12项约束性指标中，已完成9项（其中提前完成7项），滞后1项，明显滞后1项，未保持1项。“临时救助和长期照料总床位数”（滞后）、“建成运营街道乡镇养老照料中心数量”（未保持）、“社区书记工作室示范点”（明显滞后）3项约束性指标列入预警，需重点推进。',
      '总体来看，26项指标已完成或进度符合时序要求，占可评估指标的83.9%；3项指标进度滞后；1项指标逆向变化；1项指标未保持目标水平；1项指标因数据缺失无法评估。',
      '按当前趋势预判2025年，除已提前完成的指标外，预计可完成2项，预计可保持4项，需加快3项，需加快恢复1项，难以完成1项。',
    ]);
  });
  it('counts an indicator without any row as 无法评估, and says when binding ones have no warning', () => {
    const values = evaluate(PLAN, PLAN.indicators.filter((i) => i.id !== 32).map((i) => row(2022, i.id, i.target)));
    const s = overviewSentences(PLAN, values);
    expect(s[0]).toBe('2022年，规划实施进入第二年，时序进度为40.0%。');
    expect(s[1]).toBe('规划确定的32项主要指标中，已完成31项（其中提前完成26项），无法评估1项。');
    expect(s[2]).toBe('12项约束性指标中，已完成12项（其中提前完成9项）。约束性指标未出现预警。');
    expect(s[3]).toBe('总体来看，31项指标已完成或进度符合时序要求，占可评估指标的100.0%；1项指标因数据缺失无法评估。');
  });
  it('final year: verdicts only — no time progress, no 滞后 or 预警 — and the unfinished binding indicators named', () => {
    const values = evaluate(PLAN, PLAN.indicators.map((i) => row(2025, i.id, i.id === 3 ? 6.9 : i.id === 2 ? 150 : i.target)));
    const s = overviewSentences(PLAN, values);
    expect(s).toEqual([
      '2025年是规划实施的收官之年。规划确定的32项主要指标中，完成30项，基本完成1项，未完成1项。',
      `12项约束性指标中，完成11项，未完成1项；未完成的是“${IND(2).name}”。`,
    ]);
    expect(s.join('')).not.toMatch(/滞后|预警|时序进度/);
  });
});

// ---- consistency with the table -----------------------------------------------------------

/** Numbers in a text, as written (`1,234.5`). */
function numbersIn(s: string): string[] {
  return s.match(/\d[\d,]*(?:\.\d+)?/g) ?? [];
}

/** What the indicator table prints for a district row (evaluation.md's columns), with the same format functions. */
function tableRow(ind: Indicator, v: IndicatorValue): string[] {
  return [formatPrinted(ind, ind.baselineText), formatPrinted(ind, ind.targetText), formatValue(ind, v.value), formatPercent(v.completionProgress), formatPercent(v.timeProgress)];
}

const STATUS_WORDS: Record<string, RegExp> = {
  已完成: /已提前完成规划目标|目标水平|已完成规划目标/,
  快于时序进度: /快于时序进度|与时序进度(基本)?持平/,
  基本符合进度: /基本符合进度/,
  滞后: /进度滞后/,
  明显滞后: /进度明显滞后/,
  逆向变化: /逆向变化/,
  未保持: /未保持/,
  无法评估: /无法评估/,
};

describe('consistency: every number of a sentence is the table’s number', () => {
  const ids = [1, 2, 3, 5, 7, 9, 10, 14, 17, 21, 24, 26, 29];
  const fractions = [-0.3, -0.004, 0, 0.1, 0.2, 0.37, 0.399, 0.4, 0.575, 0.59, 0.6, 0.6004, 0.61, 0.95, 0.999, 1, 1.25];
  const cases: Array<[number, number, number]> = [];
  for (const id of ids) {
    const ind = IND(id);
    const b = ind.baseline ?? 0;
    const span = ind.isMaintain ? Math.max(1, Math.abs(b) * 0.1) : ind.target - b;
    for (const year of [2021, 2022, 2023, 2024, 2025]) for (const f of fractions) cases.push([id, year, b + f * span]);
  }
  it(`${cases.length} synthetic values`, () => {
    for (const [id, year, value] of cases) {
      const ind = IND(id);
      const values = evaluate(PLAN, [row(year, id, value)]);
      const v = values[0]!;
      const text = indicatorParagraph(PLAN, ind, v, values);
      const where = `${id} ${year} ${value}: ${text}`;
      const table = tableRow(ind, v);

      // The value as the table prints it
      expect(text, where).toContain(table[2]!);
      // The table's status, in its words; in the target year the verdict instead of the schedule
      if (year < PLAN.targetYear || v.status === '已完成' || v.status === '逆向变化' || v.status === '未保持') expect(text, where).toMatch(STATUS_WORDS[v.status!]!);
      else expect(text, where).toMatch(new RegExp(`该指标${v.verdict === '完成' ? '已完成' : v.verdict}规划目标`));
      if (year >= PLAN.targetYear) expect(text, where).not.toMatch(/时序进度|预警|需加快/);
      // Completion progress as printed, whenever the sentence gives it
      if (/完成规划目标(进度)?的/.test(text)) expect(text, where).toContain(`的${table[3]!}`);

      // The change since the baseline: the unrounded difference, rounded once
      const change = /较2020年(增加|减少|提高|降低)([\d,.]+)/.exec(text);
      if (change) {
        const sign = change[1] === '增加' || change[1] === '提高' ? 1 : -1;
        expect(sign * Number(change[2]!.replace(/,/g, '')), where).toBe(roundHalfEven(v.value! - ind.baseline!, ind.precision));
        expect(formatChange(ind, ind.baseline, v.value), where).toBe(`${change[1]}${change[2]}${ind.unit === '%' ? '个百分点' : ind.unit}`);
      }
      // A change that is not zero is never 持平
      if (text.includes('与2020年持平')) expect(v.value, where).toBe(ind.baseline);
      // Differences of per cents are in 个百分点, never %
      if (ind.unit === '%') expect(text, where).not.toMatch(/(增加|减少|提高|降低|快于时序进度|落后时序进度|略慢于时序进度)[\d.]+%/);

      // P against T as printed
      const pt = /(快于|落后|略慢于)时序进度([\d.]+)个百分点/.exec(text);
      if (pt) expect(formatPoints(percentPointGap(v.completionProgress, v.timeProgress)), where).toBe(`${pt[2]}个百分点`);
      if (text.includes('与时序进度持平')) expect(table[3], where).toBe(table[4]);

      // Every number is a year or one of the table's figures (or derived from them above)
      const allowed = new Set([
        ...tableRow(ind, v).flatMap(numbersIn),
        ...numbersIn(formatChange(ind, ind.baseline, v.value)),
        ...numbersIn(formatPoints(percentPointGap(v.completionProgress, v.timeProgress))),
      ]);
      const rest = text.replace(ind.name, '').replace(/\d{4}年/g, '');
      for (const n of numbersIn(rest)) expect(allowed.has(n), `${where} — ${n}`).toBe(true);
    }
  });

  it('town sentences: value, district value, share and rank as the town table prints them', () => {
    for (const id of [3, 6, 14, 17, 21, 24]) {
      const ind = IND(id);
      const b = ind.baseline ?? 10;
      const g = ind.target;
      const towns = ['a', 'b', 'c', 'd'];
      const vals = [b * 0.4, (b + g) / 2, g, g * 1.13];
      const base = [row(2023, id, vals.reduce((s, x) => s + x, 0) / (ind.aggregation === 'ratio' ? 4 : 1)), ...towns.map((t, i) => row(2023, id, vals[i]!, t)), ...towns.map((t, i) => row(2022, id, vals[3 - i]!, t))];
      const values = evaluate(PLAN, base);
      const district = find(values, 2023, id);
      for (const t of towns) {
        const v = find(values, 2023, id, t);
        const text = townSentence(PLAN, ind, v, district, `${t}镇`);
        const where = `${id} ${t}: ${text}`;
        // A town's 万人 value in 人 (evaluation.md)
        expect(text, where).toContain(formatValue(townSpec(ind), v.value));
        const allowed = new Set([formatValue(townSpec(ind), v.value), formatValue(ind, district.value), formatPrinted(ind, ind.targetText), formatPercent(v.shareOfDistrict),
          String(v.rank), String(v.rankOf), formatChange(townSpec(ind), v.value! - v.changeOnLastYear!, v.value)].flatMap(numbersIn));
        if (ind.aggregation === 'ratio') {
          expect(text, where).toContain(v.benchmark!);
          expect(text, where).toContain(`在${v.rankOf}个镇街中居第${v.rank}位`);
          const d = difference(district.value, v.value)!;
          expect(text, where).toContain(d > 0 ? '高于全区水平' : d < 0 ? '低于全区水平' : '与全区水平持平');
        } else if (v.value !== 0) {
          expect(text, where).toContain(`占全区的${formatPercent(v.shareOfDistrict)}`);
        } else {
          // a share of none is not said
          expect(text, where).not.toContain('占全区的');
        }
        const rest = text.replace(ind.name.replace(/^全区/, ''), '').replace(/\d{4}年/g, '');
        for (const n of numbersIn(rest)) expect(allowed.has(n), `${where} — ${n}`).toBe(true);
      }
    }
  });
});

describe('causeKinds: what “主要受…制约” may claim', () => {
  it('the one or two kinds that make more than half of the causes, else none', () => {
    // 2025 基层社会治理: five causes of five kinds or none — too varied for a main cause
    const varied = ['备案数量增长慢于预期', '新建社区工作者多为外聘', '部分村级综合服务设施空间不足', '疫情后志愿者回流慢', '需待市级政策出台'];
    expect(causeKinds(varied)).toEqual([]);
    expect(causeTally(varied)).toEqual([{ kind: '人员招聘', count: 1 }, { kind: '场地空间', count: 1 }, { kind: '上级政策', count: 1 }]);
    // two of three of one kind: that one
    expect(causeKinds(['专业康复人员不足', '村级站点专业力量不足', '用地手续办理周期长'])).toEqual(['专业人员']);
    // three causes of three kinds: the first two make two thirds
    expect(causeKinds(['用地手续办理周期长', '专业康复人员不足', '改造资金未及时到位'])).toEqual(['项目用地', '专业人员']);
    // exactly half is not more than half
    expect(causeKinds(['专业康复人员不足', '疫情后志愿者回流慢'])).toEqual([]);
  });
});
