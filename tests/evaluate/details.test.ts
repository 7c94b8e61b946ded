/**
 * The facts below the indicators (details.ts) are keyed by the indicator's formula (metric), not
 * by the plan's number for it: a plan that numbers its indicators otherwise gets the same facts
 * for the same formulas, and a formula no rule knows gets none.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detailMetrics, facilityCounts, namesCommunities, townCoverageMetrics } from '../../pipeline/evaluate/details.ts';
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
