import { describe, expect, it } from 'vitest';
import { INDICATOR_VALUE_COLUMNS, indicatorValueCells, type IndicatorValueRow } from '../../pipeline/evaluate/indicator-values.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import { DEFAULT_GEOGRAPHY_FILE, loadGeography } from '../../pipeline/plan/geography.ts';
import type { IndicatorValue } from '../../pipeline/evaluate/evaluate.ts';

function published(v: Partial<IndicatorValue>): Record<string, unknown> {
  const row = { v: { basisComplete: { change: null, rank: null, share: null, projection: null }, ...v } as IndicatorValue, geoName: '兴丰街道', indicatorName: '指标', unit: '%' } satisfies IndicatorValueRow;
  return Object.fromEntries(INDICATOR_VALUE_COLUMNS.map((c) => [c.name, c.get(row)]));
}

describe('indicator_values columns', () => {
  it('publish a computed number as the decimal it stands for, not its binary noise', () => {
    // 0.3 ÷ 0.2 is 1.4999999999999998 and 0.0203 − 0.0187 is 0.0015999999999999973 in binary.
    const p = published({ ratioToTime: 0.3 / 0.2, changeOnLastYear: 0.0203 - 0.0187, completionProgress: 0.1 + 0.2, shareOfDistrict: 0.07 * 3, projectedValue: 1.1 * 1.1, timeProgress: 3 / 5 });
    expect(p.ratio_to_time).toBe(1.5);
    expect(p.change_on_last_year).toBe(0.0016);
    expect(p.completion_progress).toBe(0.3);
    expect(p.share_of_district).toBe(0.21);
    expect(p.projected_value).toBe(1.21);
    expect(p.time_progress).toBe(0.6);
    // a difference carries its operands' noise, which toPrecision(15) of it keeps (0.00600000000000001: the site review)
    expect(published({ value: 1490 / 10000, changeOnLastYear: 1490 / 10000 - 1430 / 10000 }).change_on_last_year).toBe(0.006);
    expect(published({ value: 33.3, changeOnLastYear: 33.3 - 100 / 3 }).change_on_last_year).toBe(-0.0333333333333);
  });

  it('keep every digit a real value has, and missing as missing', () => {
    const p = published({ value: 100 / 3, numerator: 1993591, denominator: null, changeOnLastYear: -2e-7, ratioToTime: null });
    expect(p.value).toBe(33.3333333333333);
    expect(p.numerator).toBe(1993591);
    expect(p.denominator).toBeNull();
    expect(p.change_on_last_year).toBe(-2e-7);
    expect(p.ratio_to_time).toBeNull();
  });
});

describe('indicatorValueCells(values, plan, geography)', () => {
  const plan = resolvePlan();
  const geography = loadGeography(DEFAULT_GEOGRAPHY_FILE);
  const town = geography.towns[0]!;
  const values = [
    { year: 2023, geoCode: town.code, geoLevel: 'town', indicatorId: 1, value: 0.3 / 0.2, numerator: 3, denominator: 2, basisComplete: { change: null, rank: null, share: null, projection: null } },
  ] as unknown as IndicatorValue[];

  it('are the published columns of each value, with its names', () => {
    const [row] = indicatorValueCells(values, plan, geography);
    const cell = (name: string) => row![INDICATOR_VALUE_COLUMNS.findIndex((c) => c.name === name)];
    expect([cell('geo_name'), cell('indicator_name'), cell('value'), cell('numerator')]).toEqual([town.name, plan.indicatorById.get(1)!.name, 1.5, 3]);
  });

  it('are made once per values array and shared by the table, the CSV and the workbook', () => {
    const cells = indicatorValueCells(values, plan, geography);
    expect(indicatorValueCells(values, plan, geography)).toBe(cells);
    expect(indicatorValueCells([...values], plan, geography)).not.toBe(cells);
    expect(indicatorValueCells([...values], plan, geography)).toEqual(cells);
  });
});
