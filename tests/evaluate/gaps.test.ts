import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../pipeline/basics/paths.ts';
import { evaluate, type IndicatorValue } from '../../pipeline/evaluate/evaluate.ts';
import { absoluteGap, gapPace, wholeUnits } from '../../pipeline/evaluate/gaps.ts';
import { targetRecord } from '../../pipeline/evaluate/history.ts';
import type { IndicatorBase } from '../../pipeline/ingest/records.ts';
import { loadPlan } from '../../pipeline/plan/plan.ts';

const PLAN = loadPlan(`${PROJECT_ROOT}data/plan/daxing-civil-affairs-14`);
const IND = (id: number) => PLAN.indicatorById.get(id)!;

function row(year: number, id: number, numerator: number | null, denominator: number | null, scale: number, geoCode = 'daxing'): IndicatorBase {
  const value = numerator === null ? null : denominator === null ? numerator * scale : (numerator * scale) / denominator;
  return { year, geoCode, geoLevel: geoCode === 'daxing' ? 'district' : 'town', indicatorId: id, value, numerator, denominator, isComplete: value !== null, scale };
}

const one = (r: IndicatorBase): IndicatorValue => evaluate(PLAN, [r])[0]!;

describe('absoluteGap(indicator, value): what is missing, in numerator units', () => {
  it('a count: 还差50张床位 (indicator 2, 150 of 200 beds)', () => {
    expect(absoluteGap(IND(2), one(row(2025, 2, 150, null, 1)))).toBe(50);
  });

  it('a ratio: the numerator that the target needs with the denominator as it is', () => {
    // Indicator 23, 80 %: 739 of 1000 communities → 800 − 739 = 61 communities without a station.
    expect(absoluteGap(IND(23), one(row(2025, 23, 739, 1000, 100)))).toBeCloseTo(61, 9);
    // Indicator 9, 80 % of 22 towns: 16 have it → 17.6 − 16 = 1.6, i.e. 2 more towns.
    const g = absoluteGap(IND(9), one(row(2025, 9, 16, 22, 100)))!;
    expect(g).toBeCloseTo(1.6, 9);
    expect(wholeUnits(g)).toBe(2);
    // Indicator 3, 7 beds per 1000 residents: 13,000 beds for 1,990,000 people → 13,930 − 13,000 = 930 beds.
    expect(absoluteGap(IND(3), one(row(2025, 3, 13000, 1_990_000, 1000)))).toBeCloseTo(930, 6);
  });

  it('a count in 万人 (indicator 21): the gap is in persons', () => {
    // 3,900 social workers shown as 0.39万人 against 0.4万人: 100 persons missing.
    expect(absoluteGap(IND(21), one(row(2025, 21, 3900, null, 1 / 10000)))).toBeCloseTo(100, 6);
  });

  it('is 0 when the target is met, null when it cannot be said', () => {
    expect(absoluteGap(IND(2), one(row(2025, 2, 210, null, 1)))).toBe(0);
    expect(absoluteGap(IND(2), one(row(2025, 2, null, null, 1)))).toBeNull();
    expect(absoluteGap(IND(23), one(row(2025, 23, 0, 0, 100)))).toBeNull();
  });

  it('whole units round up, but not for binary noise', () => {
    expect(wholeUnits(1.0000000000002)).toBe(1);
    expect(wholeUnits(1.2)).toBe(2);
    expect(wholeUnits(0)).toBe(0);
  });
});

describe('targetRecord(plan, indicator, values, year): 提前完成 and targets lost again', () => {
  const series = (id: number, values: (number | null)[], scale = 1) =>
    evaluate(PLAN, values.map((v, i) => row(2021 + i, id, v, null, scale)));

  it('the year from which a target stays met', () => {
    // Indicator 2 (target 200): met in 2023 and after.
    const r = targetRecord(PLAN, IND(2), series(2, [120, 160, 200, 205, 210]), 2025);
    expect(r).toMatchObject({ firstMet: 2023, lostYears: [], earlyYear: 2023, metEveryYear: false });
  });

  it('met and later lost: “2023年曾达到，2024年回落”', () => {
    const r = targetRecord(PLAN, IND(2), series(2, [120, 160, 200, 190, 195]), 2025);
    expect(r).toMatchObject({ firstMet: 2023, lostYears: [2024, 2025], earlyYear: null, metYears: [2023] });
    const back = targetRecord(PLAN, IND(2), series(2, [120, 160, 200, 190, 201]), 2025);
    expect(back).toMatchObject({ firstMet: 2023, lostYears: [2024], earlyYear: null, metYears: [2023, 2025], recoveredYear: 2025 });
  });

  it('met only in the target year is not early', () => {
    expect(targetRecord(PLAN, IND(2), series(2, [120, 150, 170, 190, 200]), 2025).earlyYear).toBeNull();
  });

  it('a maintain target counts only when held every year', () => {
    // Indicator 5 (20 = 20).
    expect(targetRecord(PLAN, IND(5), series(5, [20, 21, 20, 22, 22]), 2025)).toMatchObject({ metEveryYear: true, earlyYear: 2021 });
    expect(targetRecord(PLAN, IND(5), series(5, [20, 19, 20, 22, 22]), 2025)).toMatchObject({ metEveryYear: false, earlyYear: null, lostYears: [2022], recoveredYear: 2023 });
    expect(targetRecord(PLAN, IND(5), series(5, [20, 21, 20, 22, 22]), 2025).recoveredYear).toBeNull();
  });
});

describe('gapPace: how fast a gap closed over the last two years (the numerator net of a growing need), and when it would close so', () => {
  const series = (rows: IndicatorBase[]) => {
    const byYear = new Map(evaluate(PLAN, rows).map((v) => [v.year, v]));
    return (y: number) => byYear.get(y);
  };

  it('a count: the gap then and now against the same target, the year it closes', () => {
    // indicator 19, 6000 organisations: 2350 in 2023, 4800 in 2025 → 3650 → 1200, 1225 a year → 2026
    const at = series([row(2023, 19, 2350, null, 1), row(2024, 19, 3500, null, 1), row(2025, 19, 4800, null, 1)]);
    expect(gapPace(IND(19), at, 2025, 6000)).toEqual({ since: 2023, then: 3650, perYear: 1225, numeratorFlat: false, added: 2450, doneYear: 2026 });
    // a gap that takes exactly two more years closes in the second (2027), not a third
    const even = series([row(2023, 19, 3600, null, 1), row(2025, 19, 4800, null, 1)]);
    expect(gapPace(IND(19), even, 2025, 6000)!.doneYear).toBe(2027);
    const two = series([row(2023, 19, 2400, null, 1), row(2025, 19, 4800, null, 1)]);
    expect(gapPace(IND(19), two, 2025, 6000)!.doneYear).toBe(2026);
  });

  it('a ratio: a growing denominator counts against it', () => {
    // indicator 23, 80 %: 600 of 1000 (gap 200), then 700 of 1100 (gap 180): 10 a year, 18 years
    const at = series([row(2023, 23, 600, 1000, 100), row(2025, 23, 700, 1100, 100)]);
    const p = gapPace(IND(23), at, 2025, 80)!;
    expect(p.then).toBeCloseTo(200, 9);
    expect(p.perYear).toBeCloseTo(10, 9);
    expect(p.doneYear).toBe(2043);
  });

  it('a ratio whose numerator did not grow: the gap shrank by the denominator, no year', () => {
    // indicator 16, 50 %: 2900 of 6100 (gap 150) → 2865 of 5943 (gap ≈ 106.5): fewer workers, not more living locally
    const at = series([row(2023, 16, 2900, 6100, 100), row(2025, 16, 2865, 5943, 100)]);
    const p = gapPace(IND(16), at, 2025, 50)!;
    expect(p.numeratorFlat).toBe(true);
    // what it lost, for the report to say a fall as a fall (减少35名), not as 没有增加
    expect(p.added).toBe(-35);
    expect(p.then).toBeGreaterThan(absoluteGap(IND(16), at(2025)!, 50)!);
    expect(p.perYear).toBeLessThan(0);
    expect(p.doneYear).toBeNull();
  });

  it('a ratio whose denominator fell: only what the numerator added counts (村 merged are not stations built)', () => {
    // indicator 23, 80 %: 404 of 663 (gap 126.4) → 457 of 618 (gap 37.4): 53 stations in two years, 26.5 a year → 2 years
    const at = series([row(2023, 23, 404, 663, 100), row(2025, 23, 457, 618, 100)]);
    const p = gapPace(IND(23), at, 2025, 80)!;
    expect(p.perYear).toBeCloseTo(26.5, 9);
    expect(p.doneYear).toBe(2027);
  });

  it('no year for a gap that did not shrink or grew; one year back when the year before last is missing', () => {
    const flat = series([row(2023, 8, 100, null, 1), row(2025, 8, 100, null, 1)]);
    expect(gapPace(IND(8), flat, 2025, 150)).toEqual({ since: 2023, then: 50, perYear: 0, numeratorFlat: false, added: 0, doneYear: null });
    const late = series([row(2024, 19, 4000, null, 1), row(2025, 19, 4800, null, 1)]);
    expect(gapPace(IND(19), late, 2025, 6000)).toEqual({ since: 2024, then: 2000, perYear: 800, numeratorFlat: false, added: 800, doneYear: 2027 });
  });

  it('nothing for a target met, or without an earlier value', () => {
    expect(gapPace(IND(19), series([row(2023, 19, 5000, null, 1), row(2025, 19, 6100, null, 1)]), 2025, 6000)).toBeNull();
    expect(gapPace(IND(19), series([row(2025, 19, 4800, null, 1)]), 2025, 6000)).toBeNull();
  });
});
