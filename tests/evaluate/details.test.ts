/**
 * The facts below the indicators (details.ts) are keyed by the indicator's formula (metric), not
 * by the plan's number for it: a plan that numbers its indicators otherwise gets the same facts
 * for the same formulas, and a formula no rule knows gets none.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedBetween, detailMetrics, facilityCounts, namesCommunities, openedBetween, townCoverageMetrics } from '../../pipeline/evaluate/details.ts';
import type { InputData } from '../../pipeline/ingest/read-inputs.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';

const plan = resolvePlan();
const metricOf = (id: number) => plan.indicators.find((i) => i.id === id)!.metric;

describe('details keyed by formula', () => {
  it('knows only formulas the warehouse has and the plan uses (a mistyped key would silently say nothing)', () => {
    const metrics = detailMetrics();
    expect(metrics.length).toBe(17);
    for (const m of metrics) {
      expect(existsSync(join('pipeline', 'warehouse', 'sql', 'indicators', `ind_${m}.sql`)), m).toBe(true);
      expect(plan.indicators.some((i) => i.metric === m), m).toBe(true);
    }
  });

  it('answers by formula, whatever number a plan gives it', () => {
    expect(facilityCounts(metricOf(3))).toBe('beds'); // 每千名常住人口养老床位数
    expect(facilityCounts(metricOf(6))).toBe('facilities'); // 建成运营社区养老服务驿站
    expect(facilityCounts(metricOf(1))).toBeNull(); // 特困对象集中供养率 counts no facility
    expect(facilityCounts('elderly_beds_per_1000_residents')).toBe('beds');
    expect(namesCommunities(metricOf(23))).toBe(true);
    expect(namesCommunities(metricOf(24))).toBe(false);
    expect(townCoverageMetrics()).toEqual([metricOf(9), metricOf(18), metricOf(27)]);
  });
});

describe('facilities closed and opened between two years', () => {
  const home = (name: string, town: string, beds: number, status = '运营') => ({ values: { facility_name: name, town, facility_type: '养老机构', beds, operating_status: status } });
  const data = (rows: Record<number, ReturnType<typeof home>[]>) => ({
    years: Object.entries(rows).map(([year, r]) => ({ year: Number(year), rows: new Map([['养老服务设施', r]]) })),
    report: Object.keys(rows).map((year) => ({ year: Number(year), sheetKind: '养老服务设施', status: 'loaded' })),
    missingTypes: [], warnings: [],
  }) as unknown as InputData;

  it('says a facility listed in another town the next year neither closed nor opened (the 17th attack: 停用 in 黄村镇 and 新投入运营 in 旧宫镇)', () => {
    const moved = data({ 2023: [home('第一福利中心', 'huangcun', 352), home('乙院', 'huangcun', 50)], 2024: [home('第一福利中心', 'jiugong', 352), home('丙院', 'jiugong', 80)] });
    expect(closedBetween(moved, '养老服务设施', 2023, 2024).map((f) => f.name)).toEqual(['乙院']);
    expect(openedBetween(moved, '养老服务设施', 2023, 2024).map((f) => f.name)).toEqual(['丙院']);
    // a name in two towns in a year is no one place: each of them still closed or opened as listed
    const twice = data({ 2023: [home('中心院', 'huangcun', 30), home('中心院', 'xingfeng', 40)], 2024: [home('中心院', 'jiugong', 30)] });
    expect(closedBetween(twice, '养老服务设施', 2023, 2024).map((f) => f.town)).toEqual(['huangcun', 'xingfeng']);
  });
});
