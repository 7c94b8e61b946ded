/**
 * townsMostBehind: the towns whose own gaps to the district target are largest, in whole
 * units. Towns whose gap equals the last one named are named too: the 2022 review found
 * 安定镇 and 礼贤镇 called the largest beside 长子营镇's equal gap.
 */
import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../../pipeline/evaluate/evaluate.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import type { ReportFacts } from '../../pipeline/present/report-facts.ts';
import { townConcentration, townsMostBehind } from '../../pipeline/present/themes.ts';

const plan = resolvePlan();
const geography = loadGeography();
// 社区工作者本社区化率 (≥50 %): a town's gap is the workers living locally it lacks, in whole persons
const ind = plan.indicators.find((i) => i.name.includes('本社区'))!;

/** Facts where each town named has `lack` workers fewer living locally than half of its 100, the rest at the target. */
function facts(lacks: Record<string, number>): ReportFacts {
  const value = (code: string): IndicatorValue => {
    const n = 50 - (lacks[code] ?? 0);
    return { value: n, numerator: n, denominator: 100, scale: 100, target: 50 } as IndicatorValue;
  };
  return { plan, geography, year: 2022, values: { get: (_y: number, code: string) => value(code), districtValue: () => value('') } } as unknown as ReportFacts;
}

const code = (name: string) => geography.towns.find((t) => t.name === name)!.code;

describe('townsMostBehind', () => {
  it('names every town whose gap equals the last one named', () => {
    const most = townsMostBehind(facts({ [code('安定镇')]: 3, [code('礼贤镇')]: 3, [code('长子营镇')]: 3, [code('瀛海镇')]: 1, [code('榆垡镇')]: 1 }), ind)!;
    expect(most.towns.map((t) => t.name).sort()).toEqual(['安定镇', '礼贤镇', '长子营镇'].sort());
    expect([most.sum, most.gaps, most.total]).toEqual([9, 5, 11]);
  });

  it('stops at half the gaps when the next town’s gap is smaller', () => {
    const most = townsMostBehind(facts({ [code('安定镇')]: 5, [code('礼贤镇')]: 4, [code('长子营镇')]: 3, [code('瀛海镇')]: 1 }), ind)!;
    expect(most.towns.map((t) => t.name)).toEqual(['安定镇', '礼贤镇']);
    expect(most.sum).toBe(9);
  });

  it('names none where equal gaps spread over more than six towns (nothing is concentrated)', () => {
    const lacks = Object.fromEntries(geography.towns.slice(0, 9).map((t) => [t.code, 2]));
    lacks[geography.towns[9]!.code] = 1;
    expect(townsMostBehind(facts(lacks), ind)).toBeNull();
  });
});

describe('townConcentration', () => {
  it('counts the towns\' gap by the district target once where the indicator\'s phrase says what it counts by (not 按全区目标计合计按当年安葬数计: a helper\'s input variants)', () => {
    // 节地生态安葬率 (65 %): a town's gap is the eco burials it lacks of its 100 burials
    const eco = plan.indicators.find((i) => i.name === '节地生态安葬率')!;
    const lacks: Record<string, number> = { [code('安定镇')]: 9, [code('礼贤镇')]: 8, [code('长子营镇')]: 1, [code('瀛海镇')]: 1 };
    const f = {
      plan, geography, year: 2025,
      values: {
        get: (_y: number, c: string) => ({ value: 65 - (lacks[c] ?? 0), numerator: 65 - (lacks[c] ?? 0), denominator: 100, scale: 100, target: 65 }) as IndicatorValue,
        districtValue: () => ({ value: 64, numerator: 1408, denominator: 2200, scale: 100, target: 65 }) as IndicatorValue,
      },
    } as unknown as ReportFacts;
    const text = townConcentration(f, eco)!.text;
    expect(text).toContain('其中安定镇和礼贤镇的缺口最大，合计按全区目标、当年安葬数计还需17例节地生态安葬');
    expect(text).not.toMatch(/计合计按/);
    // an indicator whose phrase has none keeps 按全区目标计合计
    expect(townConcentration(facts({ [code('安定镇')]: 5, [code('礼贤镇')]: 4, [code('长子营镇')]: 1, [code('瀛海镇')]: 1 }), ind)!.text).toContain('按全区目标计合计还需增加9名本社区居住的社区工作者');
  });
});
