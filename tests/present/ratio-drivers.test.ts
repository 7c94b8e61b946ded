/**
 * ratioDrivers: what moved a ratio since the baseline — the numerator, the denominator, or
 * both — in the indicator's own units, and what the target asks of the numerator.
 */
import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../../pipeline/evaluate/evaluate.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import type { ReportFacts } from '../../pipeline/present/report-facts.ts';
import { ratioDrivers as driversOf } from '../../pipeline/present/themes.ts';
import { ValueIndex } from '../../pipeline/present/value-index.ts';

/** The text alone (whether it gave the roster's types is tested on the sample, in report.test.ts). */
const ratioDrivers = (...a: Parameters<typeof driversOf>) => driversOf(...a)?.text ?? null;

const plan = resolvePlan();
const ind = plan.indicators.find((i) => i.id === 4)!; // 千人养老机构床位数 = 养老机构床位 × 1000 ÷ 常住人口

function value(year: number, numerator: number, denominator: number): IndicatorValue {
  return { year, geoCode: 'district', geoLevel: 'district', indicatorId: ind.id, numerator, denominator, scale: 1000, value: (numerator * 1000) / denominator, target: 5.5, isComplete: true } as unknown as IndicatorValue;
}

function facts(...values: IndicatorValue[]): ReportFacts {
  return { plan, year: 2025, values: new ValueIndex(values) } as unknown as ReportFacts;
}

describe('ratioDrivers', () => {
  it('says nothing of the parts of an incomplete value (a town left out is no fall), nor against an incomplete baseline', () => {
    const now = value(2025, 9_500, 1_800_000);
    expect(ratioDrivers(facts(value(2020, 10_000, 2_000_000), now), ind, now)).not.toBeNull();
    const partial = { ...now, isComplete: false };
    expect(ratioDrivers(facts(value(2020, 10_000, 2_000_000), partial), ind, partial)).toBeNull();
    expect(ratioDrivers(facts({ ...value(2020, 10_000, 2_000_000), isComplete: false }, now), ind, now)).toBeNull();
  });


  it('says that the denominator grew almost as fast, and what the target asks of the numerator', () => {
    const now = value(2025, 11_000, 2_180_000);
    const text = ratioDrivers(facts(value(2020, 10_000, 2_000_000), now), ind, now);
    // 5.5 × 2,180,000 ÷ 1000 = 11,990 beds: 19.9 % more than 2020's 10,000
    expect(text).toBe('2020年以来养老机构床位增加1000张（增长10.0%），同期常住人口增加18.0万人（增长9.0%），常住人口的增长抵消了养老机构床位增量的大部分；按目前的常住人口，达到目标需要养老机构床位比2020年增长19.9%');
  });

  it('says that the denominator grew faster, not that it offset most of the increase, when the ratio fell', () => {
    // 集中供养率 2022: 20 more placed (4.8 %), 31 more in need (7.4 %): the need took all of it
    const now = value(2025, 10_480, 2_148_000);
    // 5.5 × 2,148 = 11,814 beds: 18.1 % more than 2020's 10,000 (18.14)
    expect(ratioDrivers(facts(value(2020, 10_000, 2_000_000), now), ind, now)).toBe(
      '2020年以来养老机构床位增加480张（增长4.8%），同期常住人口增加14.8万人（增长7.4%），常住人口增长快于养老机构床位，比例因此下降；按目前的常住人口，达到目标需要养老机构床位比2020年增长18.1%',
    );
  });

  it('without the offset when the numerator grew clearly faster', () => {
    const now = value(2025, 11_000, 2_150_000);
    // 7.5 % against 10 %: not most of it; 5.5 × 2,150 = 11,825 beds, 18.25 % → 18.2 % (half to even)
    expect(ratioDrivers(facts(value(2020, 10_000, 2_000_000), now), ind, now)).toBe(
      '2020年以来养老机构床位增加1000张（增长10.0%），同期常住人口增加15.0万人（增长7.5%）；按目前的常住人口，达到目标需要养老机构床位比2020年增长18.2%',
    );
  });

  it('names a falling numerator as the cause of a falling ratio', () => {
    const now = value(2025, 9_500, 2_100_000);
    expect(ratioDrivers(facts(value(2020, 10_000, 2_000_000), now), ind, now)).toBe(
      '2020年以来养老机构床位减少500张（下降5.0%），同期常住人口增加10.0万人（增长5.0%），养老机构床位减少是指标回落的直接原因',
    );
  });

  it('says a rise came from a shrinking denominator', () => {
    const now = value(2025, 10_000, 1_900_000);
    expect(ratioDrivers(facts(value(2020, 10_000, 2_000_000), now), ind, now)).toBe(
      '2020年以来养老机构床位没有增加，同期常住人口减少10.0万人（下降5.0%），比例的提高主要来自分母减少',
    );
  });

  it('says a change of a few units in units, without a growth rate or what the target asks as one', () => {
    // 5A级婚姻登记机关比例 2023: 1 of 1 registries to 1 of 2 — '增长100.0%' twice said less than the count
    const registries = plan.indicators.find((i) => i.id === 25)!;
    const at = (year: number, numerator: number, denominator: number) =>
      ({ year, geoCode: 'district', geoLevel: 'district', indicatorId: 25, numerator, denominator, scale: 100, value: (numerator * 100) / denominator, target: 100, isComplete: true }) as unknown as IndicatorValue;
    const now = at(2023, 1, 2);
    expect(ratioDrivers({ plan, year: 2023, values: new ValueIndex([at(2020, 1, 1), now]) } as unknown as ReportFacts, registries, now)).toBe(
      '2020年以来5A级婚姻登记机关没有增加，同期婚姻登记机关增加1个',
    );
  });

  it('says nothing when the denominator did not move, or without the baseline figures', () => {
    const now = value(2025, 11_000, 2_001_000);
    expect(ratioDrivers(facts(value(2020, 10_000, 2_000_000), now), ind, now)).toBeNull();
    expect(ratioDrivers(facts(now), ind, now)).toBeNull();
    const sum = plan.indicators.find((i) => i.aggregation === 'sum')!;
    expect(ratioDrivers(facts(value(2020, 10_000, 2_000_000), now), sum, now)).toBeNull();
  });
});
