/**
 * An indicator page does not draw its towns as a row of equal bars (report.md: no chart of a
 * constant): every town with a value at the same figure is said instead.
 */
import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../../pipeline/evaluate/evaluate.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import { townsAlike } from '../../pipeline/site/indicators.ts';
import { ValueIndex } from '../../pipeline/present/value-index.ts';

const plan = resolvePlan();
const geography = loadGeography();
const ind = (id: number) => plan.indicators.find((i) => i.id === id)!;
const value = (id: number, geoCode: string, v: number | null) => ({ year: 2025, geoCode, geoLevel: 'town', indicatorId: id, value: v }) as unknown as IndicatorValue;

describe('townsAlike', () => {
  it('says the one figure of every town, or of those with a value, as shown (the review: 21 bars of 100.0)', () => {
    const all = new ValueIndex(geography.towns.map((t) => value(5, t.code, 1)));
    expect(townsAlike(geography.towns, all, ind(5), 2025)).toBe('各镇街2025年均为1家，不绘制图表。');
    // one town without data; 99.99 shows as 100.0 as the others
    const some = new ValueIndex(geography.towns.map((t, i) => value(1, t.code, i === 0 ? null : i === 1 ? 99.99 : 100)));
    expect(townsAlike(geography.towns, some, ind(1), 2025)).toBe(`有数据的${geography.towns.length - 1}个镇街2025年均为100.0%，不绘制图表。`);
  });

  it('says nothing where they differ as shown, or only one has a value', () => {
    const differ = new ValueIndex(geography.towns.map((t, i) => value(1, t.code, i === 0 ? 97.6 : 100)));
    expect(townsAlike(geography.towns, differ, ind(1), 2025)).toBeNull();
    const one = new ValueIndex(geography.towns.map((t, i) => value(1, t.code, i === 0 ? 100 : null)));
    expect(townsAlike(geography.towns, one, ind(1), 2025)).toBeNull();
  });
});
