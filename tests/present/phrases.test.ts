import { describe, expect, it } from 'vitest';
import { decimalsBelowTarget, gapAmount, quote, valueBelowBaselineText, valueText } from '../../pipeline/present/phrases.ts';
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

describe('gapAmount: a gap named again, as its number and measure word', () => {
  const plan = resolvePlan();
  const ind = (id: number) => plan.indicatorById.get(id)!;
  it('takes the measure word of the 差距表述 and its way of counting', () => {
    expect(ind(23).gapPhrase).toBe('还需{n}个社区（村）建设志愿服务站点');
    expect(gapAmount(ind(23), 125.2)).toBe('126个');
    expect(gapAmount(ind(4), 655)).toBe('655张');
    // in 万 above ten thousand, as the phrase itself says it
    expect(gapAmount(ind(24), 43_512)).toBe('约4.4万名');
    // a phrase with decimals of its own
    expect(ind(29).gapPhrase).toBe('还差{n.1}万元');
    expect(gapAmount(ind(29), 12.34)).toBe('12.3万元');
  });
});
