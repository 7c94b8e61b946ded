import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../pipeline/basics/errors.ts';
import {
  comparisonComplete, evaluate, linearProjection, statusTally, type IndicatorValue,
} from '../../pipeline/evaluate/evaluate.ts';
import { loadPlan, type Indicator, type Plan } from '../../pipeline/plan/plan.ts';
import type { IndicatorBase } from '../../pipeline/ingest/records.ts';

// ---- fixtures ---------------------------------------------------------------

function indicator(id: number, over: Partial<Indicator> & Pick<Indicator, 'baseline' | 'target' | 'unit'>): Indicator {
  const ind: Indicator = {
    id, domain: 'd', subdomain: 's', name: `指标${id}`, baselineText: String(over.baseline ?? ''),
    targetText: String(over.target), targetOp: '=', isBinding: false, planSection: '', sectionId: 'p1',
    metric: `m${id}`, level: 'DT', precision: 1, aggregation: 'ratio', isCumulative: false,
    isMaintain: over.baseline === over.target, definition: '', sourceSheets: [], sourceTypes: {}, gapPhrase: null, townScope: 'all', numeratorLabel: null, denominatorLabel: null, leadUnit: null,
    ...over,
  };
  return ind;
}

// Shaped like the real plan's indicators of the same ids.
const INDICATORS: Indicator[] = [
  indicator(1, { unit: '%', baseline: 100, target: 100 }),                                                  // maintain, expected
  indicator(2, { unit: '张', baseline: 50, target: 200, isBinding: true, aggregation: 'sum', precision: 0 }), // binding count
  indicator(3, { unit: '张', baseline: 5, target: 7 }),                                                     // expected ratio
  indicator(5, { unit: '家', baseline: 20, target: 20, isBinding: true, aggregation: 'sum', precision: 0 }), // maintain, binding
  indicator(10, { unit: '', baseline: 0.55, target: 0.6, targetOp: '>=', level: 'D', precision: 2 }),
  indicator(14, { unit: '%', baseline: 64.7, target: 80, isBinding: true }),
  indicator(17, { unit: '个', baseline: null, target: 130, aggregation: 'sum', precision: 0, isCumulative: true }),
  indicator(20, { unit: '家', baseline: 140, target: 160, targetOp: '>=', aggregation: 'sum', precision: 0 }),
];

function makePlan(indicators = INDICATORS, baselineYear = 2020, targetYear = 2025): Plan {
  return {
    id: 'test', dir: '', title: 't', shortTitle: 't', region: '大兴区', regionCode: 'daxing', issuers: ['x'],
    published: '', publishedIn: '', period: { start: baselineYear + 1, end: targetYear }, era: '十四五', nextEra: '十五五', baselineYear, targetYear,
    bindingNote: '', inconsistencies: [], chapters: [], parts: [], chapterById: new Map(), indicators,
    indicatorById: new Map(indicators.map((i) => [i.id, i])),
  };
}

const PLAN = makePlan();

function row(year: number, indicatorId: number, value: number | null, geoCode = 'daxing'): IndicatorBase {
  return {
    year, geoCode, geoLevel: geoCode === 'daxing' ? 'district' : 'town', indicatorId, value,
    numerator: null, denominator: null, isComplete: value !== null,
  };
}

/** Evaluate one district value alone. */
function one(year: number, indicatorId: number, value: number | null): IndicatorValue {
  return evaluate(PLAN, [row(year, indicatorId, value)])[0]!;
}

function find(values: IndicatorValue[], year: number, indicatorId: number, geoCode = 'daxing'): IndicatorValue {
  const v = values.find((x) => x.year === year && x.indicatorId === indicatorId && x.geoCode === geoCode);
  if (!v) throw new Error(`no row ${year} ${indicatorId} ${geoCode}`);
  return v;
}

// ---- tests ------------------------------------------------------------------

describe('evaluate(plan, base): progress and status', () => {
  // Indicator 3: B = 5, G = 7, so P = (V − 5) / 2. In 2023, T = 3/5 = 0.6.
  it('computes T from the plan years and P against B and G', () => {
    const v = one(2023, 3, 6.2);
    expect(v.timeProgress).toBeCloseTo(0.6, 12);
    expect(v.baseline).toBe(5);
    expect(v.target).toBe(7);
    expect(v.targetOp).toBe('=');
    expect(v.completionProgress).toBeCloseTo(0.6, 12);
    expect(v.ratioToTime).toBeCloseTo(1, 12);
    const other = evaluate(makePlan(INDICATORS, 2025, 2030), [row(2027, 3, 6)])[0]!;
    expect(other.timeProgress).toBeCloseTo(0.4, 12);
    expect(other.completionProgress).toBeCloseTo(0.5, 12);
  });

  it.each([
    // V, P, R = P / 0.6, status
    [7, '已完成'],          // V = G
    [7.4, '已完成'],        // beyond G
    [6.8, '快于时序进度'],  // P 0.9, R 1.5
    [6.2, '快于时序进度'],  // P 0.6, R = 1 exactly
    [6.19, '基本符合进度'], // P 0.595, R 0.9917
    [6.14, '基本符合进度'], // P 0.57, R = 0.95 exactly (0.94999999999999973 in binary)
    [6.13, '滞后'],         // P 0.565, R 0.9417
    [5.72, '滞后'],         // P 0.36, R = 0.60 exactly (0.59999999999999987 in binary)
    [5.71, '明显滞后'],     // P 0.355, R 0.5917
    [5, '明显滞后'],        // P = 0, R = 0 exactly
    [4.9, '逆向变化'],      // P −0.05
    [null, '无法评估'],
  ] as const)('2023, V = %s → %s', (value, status) => {
    expect(one(2023, 3, value).status).toBe(status);
  });

  it('reaching G is 已完成 for both = and >= targets, and 提前完成 before the target year', () => {
    const eq = one(2023, 3, 7);
    expect(eq.isEarlyCompletion).toBe(true);
    const ge = one(2022, 10, 0.6);
    expect(ge.targetOp).toBe('>=');
    expect(ge.status).toBe('已完成');
    expect(ge.isEarlyCompletion).toBe(true);
    expect(one(2025, 3, 7).isEarlyCompletion).toBe(false);
    expect(one(2023, 3, 6.8).isEarlyCompletion).toBe(false);
  });

  it('absorbs binary noise at V = G (0.57 × 100 = 56.99999999999999)', () => {
    const plan = makePlan([indicator(9, { unit: '%', baseline: 30.3, target: 57 })]);
    expect(evaluate(plan, [row(2023, 9, 0.57 * 100)])[0]!.status).toBe('已完成');
  });

  it('missing value: 无法评估, no P, never treated as zero', () => {
    const v = one(2023, 3, null);
    expect(v.completionProgress).toBeNull();
    expect(v.ratioToTime).toBeNull();
    expect(v.isEarlyCompletion).toBe(false);
    expect(v.isBindingWarning).toBe(false);
    expect(v.isBindingDataWarning).toBe(false); // expected indicator
    expect(v.outlook).toBeNull();
  });

  it('maintain targets: met or 未保持, no P; 提前完成 only when met every year so far', () => {
    const met = one(2022, 1, 100);
    expect(met.status).toBe('已完成');
    expect(met.completionProgress).toBeNull();
    expect(met.ratioToTime).toBeNull();
    expect(met.isEarlyCompletion).toBe(false); // 2021 has no value: not known to be met every year
    const plan = makePlan([indicator(1, { unit: '%', baseline: 100, target: 100 })]);
    const held = evaluate(plan, [row(2021, 1, 100), row(2022, 1, 100), row(2023, 1, 100), row(2025, 1, 100)]);
    expect(held.map((v) => v.isEarlyCompletion)).toEqual([true, true, true, false]); // 2025 is the target year: a verdict, not early
    const lost = evaluate(plan, [row(2021, 1, 100), row(2022, 1, 98), row(2023, 1, 100)]);
    expect(lost.map((v) => v.isEarlyCompletion)).toEqual([true, false, false]); // met again in 2023, but not every year
    const notMet = one(2022, 1, 98.5);
    expect(notMet.status).toBe('未保持');
    expect(notMet.isBindingWarning).toBe(false); // expected indicator
    const binding = one(2022, 5, 19);
    expect(binding.status).toBe('未保持');
    expect(binding.isBindingWarning).toBe(true);
    expect(one(2022, 5, 21).status).toBe('已完成');
  });

  it('cumulative indicator: B = 0', () => {
    // G = 130, 2022: T = 0.4.
    const onTime = one(2022, 17, 52); // P = 0.4, R = 1
    expect(onTime.baseline).toBe(0);
    expect(onTime.completionProgress).toBeCloseTo(0.4, 12);
    expect(onTime.status).toBe('快于时序进度');
    const slow = one(2022, 17, 30); // P = 0.2308, R = 0.577
    expect(slow.completionProgress).toBeCloseTo(30 / 130, 12);
    expect(slow.status).toBe('明显滞后');
  });

  it('baseline year: value kept, T = 0, no judgement', () => {
    const v = one(2020, 3, 5.3);
    expect(v.value).toBe(5.3);
    expect(v.timeProgress).toBe(0);
    expect(v.completionProgress).toBeNull();
    expect(v.status).toBeNull();
    expect(v.verdict).toBeNull();
    expect(v.outlook).toBeNull();
  });
});

describe('evaluate(plan, base): binding warnings', () => {
  // Indicator 2: binding, B = 50, G = 200; 2023: T = 0.6.
  it('warns for binding indicators below 基本符合进度', () => {
    const behind = one(2023, 2, 120); // P = 70/150 = 0.4667, R = 0.778
    expect(behind.status).toBe('滞后');
    expect(behind.isBindingWarning).toBe(true);
    expect(one(2023, 2, 90).isBindingWarning).toBe(true); // R = 0.444 明显滞后
    expect(one(2023, 2, 40).isBindingWarning).toBe(true); // 逆向变化
    expect(one(2023, 2, 140).isBindingWarning).toBe(false); // P = 0.6, R = 1
    expect(one(2023, 2, 136).status).toBe('基本符合进度'); // P = 0.5733, R = 0.9556
    expect(one(2023, 2, 136).isBindingWarning).toBe(false);
    expect(one(2023, 3, 5.72).isBindingWarning).toBe(false); // 滞后 but expected
  });

  it('flags a binding indicator without data as a data warning, not a performance one', () => {
    const v = one(2023, 2, null);
    expect(v.status).toBe('无法评估');
    expect(v.isBindingWarning).toBe(false);
    expect(v.isBindingDataWarning).toBe(true);
  });
});

describe('evaluate(plan, base): final-year verdict', () => {
  it.each([
    [2, 200, '完成'],     // binding, V = G
    [2, 195, '未完成'],   // binding, P = 0.967: no 基本完成 for binding
    [3, 7.2, '完成'],     // expected
    [3, 6.9, '基本完成'], // expected, P = 0.95 exactly
    [3, 6.88, '未完成'],  // expected, P = 0.94
    [1, 99, '未完成'],    // maintain, expected: no P
    [5, 20, '完成'],      // maintain, binding
    [3, null, '无法评估'],
  ] as const)('2025, indicator %s, V = %s → %s', (id, value, verdict) => {
    expect(one(2025, id, value).verdict).toBe(verdict);
  });

  it('has no verdict before the target year, and no outlook in it', () => {
    expect(one(2024, 3, 6.9).verdict).toBeNull();
    expect(one(2025, 3, 6.9).outlook).toBeNull();
    expect(one(2025, 3, 6.9).projectedValue).toBeNull();
  });
});

describe('evaluate(plan, base): 2025 outlook', () => {
  it('fits least squares', () => {
    expect(linearProjection([[2020, 5], [2021, 5.2], [2022, 5.3], [2023, 5.5]], 2025)).toBeCloseTo(5.81, 12);
    expect(linearProjection([[2020, 5]], 2025)).toBeNull();
  });

  it('需加快: hand-computed trend using the computed 2020 value', () => {
    // Indicator 3 (B 5, G 7). Points 2020–2023: 5.0, 5.2, 5.3, 5.5. x̄ = 2021.5, ȳ = 5.25,
    // Σ(x−x̄)(y−ȳ) = 0.375 + 0.025 + 0.025 + 0.375 = 0.8, Σ(x−x̄)² = 5, slope 0.16,
    // V̂(2025) = 5.25 + 0.16 × 3.5 = 5.81, P̂ = 0.81 / 2 = 0.405 → 需加快.
    const values = evaluate(PLAN, [row(2020, 3, 5), row(2021, 3, 5.2), row(2022, 3, 5.3), row(2023, 3, 5.5)]);
    expect(find(values, 2021, 3).outlook).toBeNull(); // first plan year: no outlook
    const y2023 = find(values, 2023, 3);
    expect(y2023.projectedValue).toBeCloseTo(5.81, 12);
    expect(y2023.outlook).toBe('需加快');
    // 2022: points 5.0, 5.2, 5.3: slope 0.15, V̂ = 5.1667 + 0.15 × 4 = 5.7667, P̂ = 0.383.
    expect(find(values, 2022, 3).projectedValue).toBeCloseTo(15.5 / 3 + 0.6, 12);
    expect(find(values, 2022, 3).outlook).toBe('需加快');
  });

  it('the computed 2020 value is preferred to the plan baseline; a trend never overrides a 滞后', () => {
    // Indicator 14 (B 64.7, G 80). Computed 2020 = 50, 2021 = 60, 2022 = 70: slope 10,
    // V̂ = 60 + 10 × 4 = 100, P̂ = 35.3 / 15.3 = 2.31 (预计可完成 by the trend) — but the
    // status beside it is 滞后 (the average pace since the baseline falls short): 需加快.
    const values = evaluate(PLAN, [row(2020, 14, 50), row(2021, 14, 60), row(2022, 14, 70)]);
    const v = find(values, 2022, 14);
    expect(v.status).toBe('滞后'); // P = 5.3 / 15.3 = 0.346, R = 0.866
    expect(v.projectedValue).toBeCloseTo(100, 9);
    expect(v.outlook).toBe('需加快');
    // With the plan baseline 64.7 instead: points 64.7, 60, 70, slope 2.65, V̂ = 75.5, P̂ = 0.739.
    const noBase = evaluate(PLAN, [row(2021, 14, 60), row(2022, 14, 70)]);
    expect(find(noBase, 2022, 14).projectedValue).toBeCloseTo(75.5, 9);
    expect(find(noBase, 2022, 14).outlook).toBe('需加快');
  });

  it('ahead of time progress is 预计可完成 even when the trend turned down', () => {
    // Indicator 3 (B 5, G 7). 2022 = 6.2: P = 0.6, T = 0.4, R = 1.5 → 快于时序进度. The
    // points 6.5, 6, 6.2 fit a slope of −0.15: V̂ = 6.2333 − 0.6 = 5.6333, P̂ = 0.317 (需加快
    // by the trend alone); at its pace since the baseline the target is reached: 预计可完成.
    const values = evaluate(PLAN, [row(2020, 3, 6.5), row(2021, 3, 6), row(2022, 3, 6.2)]);
    const v = find(values, 2022, 3);
    expect(v.status).toBe('快于时序进度');
    expect(v.projectedValue).toBeCloseTo(5.6 + 0.1 / 3, 9);
    expect(v.outlook).toBe('预计可完成');
  });

  it('需加快 at P̂ = 0.10 exactly, 难以完成 below', () => {
    // Indicator 20 (B 140, G 160), no 2020 row: plan baseline 140.
    // 2022: points 140, 139, 141: slope 0.5, V̂ = 140 + 0.5 × 4 = 142, P̂ = 0.10.
    // 2023: points 140, 139, 141, 140: slope 0.2, V̂ = 140 + 0.2 × 3.5 = 140.7, P̂ = 0.035.
    const values = evaluate(PLAN, [row(2021, 20, 139), row(2022, 20, 141), row(2023, 20, 140)]);
    expect(find(values, 2022, 20).projectedValue).toBeCloseTo(142, 12);
    expect(find(values, 2022, 20).outlook).toBe('需加快');
    expect(find(values, 2023, 20).projectedValue).toBeCloseTo(140.7, 12);
    expect(find(values, 2023, 20).outlook).toBe('难以完成');
    expect(find(values, 2023, 20).status).toBe('明显滞后'); // P = 0
    expect(find(values, 2021, 20).status).toBe('逆向变化'); // P = −0.05
  });

  it('skips missing years and gives no outlook without the current value', () => {
    // Points 2020 (plan 5), 2021 5.4, 2023 6.2 (2022 missing): x̄ = 2021.333, ȳ = 5.5333,
    // slope = (−1.333 × −0.5333 + −0.333 × −0.1333 + 1.667 × 0.6667) / 4.6667 = 1.8667 / 4.6667 = 0.4,
    // V̂ = 5.5333 + 0.4 × 3.6667 = 7.0, P̂ = 1 → 预计可完成.
    const values = evaluate(PLAN, [row(2021, 3, 5.4), row(2022, 3, null), row(2023, 3, 6.2)]);
    expect(find(values, 2022, 3).outlook).toBeNull();
    const v = find(values, 2023, 3);
    expect(v.projectedValue).toBeCloseTo(7, 9);
    expect(v.outlook).toBe('预计可完成');
  });

  it('already met → 已提前完成, without a projection', () => {
    const values = evaluate(PLAN, [row(2021, 10, 0.57), row(2022, 10, 0.58), row(2023, 10, 0.61)]);
    expect(find(values, 2022, 10).outlook).toBe('预计可完成'); // V̂ = 0.62667, P̂ = 1.53
    expect(find(values, 2023, 10).outlook).toBe('已提前完成');
    expect(find(values, 2023, 10).projectedValue).toBeNull();
  });

  it('already met with a falling trend is still 已提前完成 (the outlook never contradicts the status)', () => {
    // Indicator 2 (B = 50, G = 200): 250 in 2021, then falling; 2023 still ≥ G.
    const values = evaluate(PLAN, [row(2021, 2, 250), row(2022, 2, 220), row(2023, 2, 201)]);
    expect(find(values, 2023, 2).status).toBe('已完成');
    expect(find(values, 2023, 2).outlook).toBe('已提前完成');
  });

  it('maintain targets: held now → 预计可保持, not held → 需加快恢复, never a trend', () => {
    // Indicator 1 (G = B = 100): a dip in 2022 and a recovery in 2023 must not project a miss.
    const dip = evaluate(PLAN, [row(2021, 1, 100), row(2022, 1, 97.6), row(2023, 1, 100)]);
    expect(find(dip, 2022, 1).status).toBe('未保持');
    expect(find(dip, 2022, 1).outlook).toBe('需加快恢复');
    expect(find(dip, 2023, 1).status).toBe('已完成');
    expect(find(dip, 2023, 1).outlook).toBe('预计可保持');
    expect(find(dip, 2023, 1).projectedValue).toBeNull();
    // Indicator 5 (G = B = 20): 19 in 2023 is not held.
    const values = evaluate(PLAN, [row(2021, 5, 20), row(2022, 5, 20), row(2023, 5, 19)]);
    expect(find(values, 2022, 5).outlook).toBe('预计可保持');
    expect(find(values, 2023, 5).outlook).toBe('需加快恢复');
    expect(find(values, 2023, 5).status).toBe('未保持');
  });
});

describe('evaluate(plan, base): towns', () => {
  const base = [
    row(2023, 3, 6.2),
    row(2022, 3, 7.0, 'a'),
    row(2023, 3, 7.5, 'a'),
    row(2023, 3, 7, 'f'),
    row(2023, 3, 6, 'b'),
    row(2023, 3, 6.000000000000001, 'c'),
    row(2023, 3, 5, 'd'),
    row(2023, 3, null, 'e'),
    row(2023, 2, 120),
    row(2022, 2, 20, 'a'),
    row(2023, 2, 30, 'a'),
    row(2023, 2, 90, 'b'),
    row(2023, 2, null, 'c'),
  ];
  const values = evaluate(PLAN, base);

  it('keeps input order', () => {
    expect(values.map((v) => `${v.year}${v.geoCode}${v.indicatorId}`)).toEqual(base.map((b) => `${b.year}${b.geoCode}${b.indicatorId}`));
  });

  it('ratio indicators: benchmark against the district target, as the status', () => {
    expect(find(values, 2023, 3, 'a').benchmark).toBe('达到全区目标水平');
    expect(find(values, 2023, 3, 'f').benchmark).toBe('达到全区目标水平'); // exactly G
    expect(find(values, 2023, 3, 'b').benchmark).toBe('未达到全区目标水平');
    expect(find(values, 2023, 3, 'b').status).toBe('未达到全区目标水平');
    expect(find(values, 2023, 3, 'a').target).toBe(7);
    expect(find(values, 2023, 3, 'a').baseline).toBeNull();
    expect(find(values, 2023, 3, 'e').benchmark).toBeNull();
    expect(find(values, 2023, 3, 'e').status).toBe('无法评估');
  });

  it('ratio indicators: rank among towns with a value, ties share a rank', () => {
    const ranks = ['a', 'f', 'b', 'c', 'd'].map((g) => find(values, 2023, 3, g).rank);
    expect(ranks).toEqual([1, 2, 3, 3, 5]);
    expect(find(values, 2023, 3, 'a').rankOf).toBe(5);
    expect(find(values, 2023, 3, 'e').rank).toBeNull();
    expect(find(values, 2022, 3, 'a').rank).toBe(1);
    expect(find(values, 2022, 3, 'a').rankOf).toBe(1);
    expect(find(values, 2023, 3, 'a').shareOfDistrict).toBeNull();
  });

  it('ranks as displayed and says how many towns share a rank', () => {
    expect(['a', 'f', 'b', 'c', 'd'].map((g) => find(values, 2023, 3, g).rankShared)).toEqual([1, 1, 2, 2, 1]);
    // 45.04 and 44.96 both print as 45.0%: they tie (indicator 14, one decimal).
    const pct = evaluate(PLAN, [row(2023, 14, 45.04, 'a'), row(2023, 14, 44.96, 'b'), row(2023, 14, 44.94, 'c'), row(2023, 14, 0, 'd'), row(2023, 14, 0, 'e'), row(2023, 14, 0, 'f')]);
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((g) => find(pct, 2023, 14, g).rank)).toEqual([1, 1, 3, 4, 4, 4]);
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((g) => find(pct, 2023, 14, g).rankShared)).toEqual([2, 2, 1, 3, 3, 3]);
  });

  it('count indicators: share of the district total, no status', () => {
    const a = find(values, 2023, 2, 'a');
    expect(a.shareOfDistrict).toBeCloseTo(0.25, 12);
    expect(find(values, 2023, 2, 'b').shareOfDistrict).toBeCloseTo(0.75, 12);
    expect(a.status).toBeNull();
    expect(a.target).toBeNull();
    expect(a.rank).toBeNull();
    expect(a.benchmark).toBeNull();
    expect(find(values, 2022, 2, 'a').shareOfDistrict).toBeNull(); // no district value in 2022
    expect(find(values, 2023, 2, 'c').status).toBe('无法评估');
    expect(find(values, 2023, 2, 'c').shareOfDistrict).toBeNull();
  });

  it('change on last year, for towns and the district', () => {
    expect(find(values, 2023, 3, 'a').changeOnLastYear).toBeCloseTo(0.5, 12);
    expect(find(values, 2023, 2, 'a').changeOnLastYear).toBe(10);
    expect(find(values, 2023, 3, 'b').changeOnLastYear).toBeNull();
    const d = evaluate(PLAN, [row(2022, 2, 100), row(2023, 2, 120)]);
    expect(find(d, 2023, 2).changeOnLastYear).toBe(20);
    expect(find(d, 2022, 2).changeOnLastYear).toBeNull();
  });

  it('says which comparisons rest on an incomplete value elsewhere, though the own value is complete (data-contract §4)', () => {
    const lost = (r: IndicatorBase): IndicatorBase => ({ ...r, isComplete: false });
    const all = evaluate(PLAN, [
      row(2022, 3, 7.0, 'a'), row(2023, 3, 7.5, 'a'), lost(row(2023, 3, 6, 'b')), row(2023, 3, null, 'e'),
      lost(row(2022, 3, 6.5, 'c')), row(2023, 3, 6.8, 'c'),
      lost(row(2023, 2, 120)), row(2023, 2, 30, 'a'), row(2022, 2, 80), row(2021, 2, 60), lost(row(2020, 2, 50)),
      row(2020, 14, 64.7), row(2021, 14, 66), row(2022, 14, 68), lost(row(2023, 14, 70)),
    ]);
    // a's rank rests on b's incomplete value; b's own rank rests on complete ones (its own is is_complete's matter)
    expect(find(all, 2023, 3, 'a').basisComplete).toEqual({ change: true, rank: false, share: null, projection: null });
    expect(find(all, 2023, 3, 'b').basisComplete.rank).toBe(true);
    expect(find(all, 2023, 3, 'c').basisComplete).toEqual({ change: false, rank: false, share: null, projection: null });
    expect(find(all, 2023, 3, 'e').basisComplete).toEqual({ change: null, rank: null, share: null, projection: null });
    expect(comparisonComplete(find(all, 2023, 3, 'e'))).toBeNull();
    expect(comparisonComplete(find(all, 2023, 3, 'c'))).toBe(false);
    // a share of an incomplete district total
    expect(find(all, 2023, 2, 'a').basisComplete.share).toBe(false);
    // a projection through an incomplete year, and one whose only incomplete value is its own
    expect(find(all, 2023, 2).basisComplete.projection).toBe(false);
    expect(find(all, 2022, 2).basisComplete).toEqual({ change: true, rank: null, share: null, projection: false });
    expect(find(all, 2023, 14).basisComplete).toEqual({ change: true, rank: null, share: null, projection: true });
    expect(comparisonComplete(find(all, 2023, 14))).toBe(true);
  });

  it('gives towns no plan judgement', () => {
    for (const v of values.filter((x) => x.geoLevel === 'town')) {
      expect(v.completionProgress).toBeNull();
      expect(v.verdict).toBeNull();
      expect(v.outlook).toBeNull();
      expect(v.isBindingWarning).toBe(false);
      expect(v.isEarlyCompletion).toBe(false);
    }
    expect(find(values, 2023, 2).isBindingWarning).toBe(true); // the district row of the binding count
  });
});

describe('statusTally(values, year)', () => {
  const values = evaluate(PLAN, [
    row(2023, 3, 6.14),   // 基本符合进度
    row(2023, 2, 120),    // 滞后, binding → warning
    row(2023, 14, null),  // 无法评估, binding → data warning
    row(2023, 1, 100),    // 已完成 (maintain)
    row(2023, 5, 19),     // 未保持, binding → warning
    row(2023, 10, 0.61),  // 已完成, early
    row(2023, 17, 30),    // 明显滞后
    row(2023, 20, 139),   // 逆向变化
    row(2022, 3, 7),      // other year
    row(2023, 3, 1, 'a'), // town
  ]);
  const t = statusTally(values, 2023);

  it('counts district statuses of the year, all and binding', () => {
    expect(t.all).toEqual({ 已完成: 2, 快于时序进度: 0, 基本符合进度: 1, 滞后: 1, 明显滞后: 1, 逆向变化: 1, 未保持: 1, 无法评估: 1 });
    expect(t.binding).toEqual({ 已完成: 0, 快于时序进度: 0, 基本符合进度: 0, 滞后: 1, 明显滞后: 0, 逆向变化: 0, 未保持: 1, 无法评估: 1 });
    expect(t.total).toBe(8);
    expect(t.bindingTotal).toBe(3);
    expect(t.bindingWarnings).toBe(2);
    expect(t.bindingDataWarnings).toBe(1);
    expect(t.earlyCompletions).toBe(1);
  });

});

describe('evaluate(plan, base): input checks', () => {
  it('refuses duplicate rows and unknown indicators', () => {
    expect(() => evaluate(PLAN, [row(2023, 3, 6), row(2023, 3, 6.1)])).toThrow(/重复/);
    expect(() => evaluate(PLAN, [row(2023, 99, 6)])).toThrow(/99/);
  });

  it('refuses a lower-is-better target rather than judge it the wrong way round', () => {
    const plan = makePlan([indicator(40, { unit: '%', baseline: 10, target: 5 })]);
    expect(() => evaluate(plan, [])).toThrow(ConfigError);
  });

  it('accepts the real plan', () => {
    const plan = loadPlan(new URL('../../data/plan/daxing-civil-affairs-14/', import.meta.url).pathname);
    const base = plan.indicators.flatMap((i) => [2020, 2021, 2022, 2023].map((y) => row(y, i.id, i.target)));
    const values = evaluate(plan, base);
    expect(values).toHaveLength(plan.indicators.length * 4);
    expect(statusTally(values, 2023).all.已完成).toBe(plan.indicators.length);
    const maintain = values.filter((v) => v.year === 2023 && plan.indicatorById.get(v.indicatorId)!.isMaintain);
    expect(maintain.map((v) => v.indicatorId)).toEqual([1, 5, 7, 12, 25]);
  });
});
