import { describe, expect, it } from 'vitest';
import { decimalsBelowTarget, fallText, gapMeasure, perYearAmount, quote, valueBelowBaselineText, valueText } from '../../pipeline/present/phrases.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';

describe('quote', () => {
  it('wraps a name in Chinese double quotation marks', () => {
    expect(quote('培育发展社区社会组织')).toBe('“培育发展社区社会组织”');
  });

  it('turns quotation marks inside the name into single ones', () => {
    expect(quote('“智慧民政”平台二期建设')).toBe('“‘智慧民政’平台二期建设”');
    expect(quote('推行“婚登婚检一站式”服务')).toBe('“推行‘婚登婚检一站式’服务”');
    expect(quote('“拉家常”议事会与“吹哨报到”')).toBe('“‘拉家常’议事会与‘吹哨报到’”');
  });
});

describe('valueText', () => {
  const plan = resolvePlan();
  const certified = plan.indicatorById.get(22)!; // 0.15万人, ≥
  it('shows a district value that rounds up to its target with the places that show it below', () => {
    expect(valueText(certified, { value: 0.1495, geoLevel: 'district' })).toBe('0.1495万人');
    expect(valueText(certified, { value: 0.149, geoLevel: 'district' })).toBe('0.149万人');
    expect(decimalsBelowTarget(certified, 0.149)).toBe(3);
  });
  it('shows any other value at the plan precision', () => {
    expect(valueText(certified, { value: 0.15, geoLevel: 'district' })).toBe('0.15万人');
    expect(valueText(certified, { value: 0.1449, geoLevel: 'district' })).toBe('0.14万人');
    expect(valueText(certified, { value: 0.2, geoLevel: 'district' })).toBe('0.20万人');
    expect(valueText(certified, { value: 0.149, geoLevel: 'town' })).toBe('1490人');
  });
});

describe('fallText', () => {
  const plan = resolvePlan();
  const beds = plan.indicatorById.get(4)!; // 千人养老机构床位数, one decimal
  const share = plan.indicatorById.get(24)!; // a per-cent indicator
  const d = (value: number) => ({ value, geoLevel: 'district' as const });
  it('says a fall as from one value to the other where the two print apart', () => {
    expect(fallText(beds, d(5.23), d(5.02))).toBe('由5.2张降至5.0张');
  });
  it('says the change where both print alike, never 由5.2张降至5.2张 (a flawed 2025 final report said that)', () => {
    expect(fallText(beds, d(5.2299), d(5.1691))).toBe('减少0.1张，为5.2张');
    expect(fallText(beds, d(5.2299), d(5.2201))).toBe('略有下降，为5.2张');
    expect(fallText(share, d(97.64), d(97.6))).toMatch(/^略有下降，为97\.6%$/);
  });
});

describe('valueBelowBaselineText', () => {
  const beds = resolvePlan().indicatorById.get(4)!; // 千人养老机构床位数, baseline 5, one decimal
  it('shows a value that rounds up to the baseline with the places that show it below', () => {
    expect(valueBelowBaselineText(beds, 4.98)).toBe('4.98张');
    expect(valueBelowBaselineText(beds, 4.996)).toBe('4.996张');
  });
  it('shows any other value at the plan precision', () => {
    expect(valueBelowBaselineText(beds, 4.94)).toBe('4.9张');
    expect(valueBelowBaselineText(beds, 5.02)).toBe('5.0张');
  });
});

describe('gapMeasure: the measure word of the things a gap counts', () => {
  const plan = resolvePlan();
  const ind = (id: number) => plan.indicatorById.get(id)!;
  it('takes it from the 差距表述, the unit without one', () => {
    expect(gapMeasure(ind(23))).toBe('个');
    expect(gapMeasure(ind(4))).toBe('张');
    expect(gapMeasure(ind(24))).toBe('名');
    expect(gapMeasure(ind(29))).toBe('万元');
  });
});

describe('perYearAmount: an amount a year in the units a gap counts', () => {
  const plan = resolvePlan();
  const ind = (id: number) => plan.indicatorById.get(id)!;
  it('gives whole amounts as they are, one place below 10, whole units from 10, and 万 from 10,000', () => {
    expect(perYearAmount(ind(23), 27)).toBe('27个');
    expect(perYearAmount(ind(9), 1.5)).toBe('约1.5个');
    expect(perYearAmount(ind(24), 245.4)).toBe('约245名');
    expect(perYearAmount(ind(24), 15234.5)).toBe('约1.5万名');
    // a whole amount that 万 to one place rounds is 约 too; one it does not round is not
    expect(perYearAmount(ind(24), 15234)).toBe('约1.5万名');
    expect(perYearAmount(ind(24), 15000)).toBe('1.5万名');
  });
  it('gives an estimate of a thousand or more to the hundred (约1103名 claimed a precision 约 denies)', () => {
    expect(perYearAmount(ind(24), 1103.4)).toBe('约1100名');
    expect(perYearAmount(ind(24), 1103)).toBe('1103名');
    expect(perYearAmount(ind(24), 999.6)).toBe('约1000名');
  });
});
