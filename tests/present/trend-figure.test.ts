/**
 * trendFigure's value labels: a value below the target that the plan's precision rounds onto
 * it (社会工作者证书 0.149万人 against ≥0.15) is labelled with the places that show it below,
 * in the chart and its data table, as table 1's note gives it: the site review saw "0.15" on
 * the chart under a target line of 0.15 and no note beside it.
 */
import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../../pipeline/evaluate/evaluate.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import { trendFigure } from '../../pipeline/present/figures.ts';

const plan = resolvePlan();
const ind = plan.indicators.find((i) => i.id === 22)!;
const series = (values: number[]) => values.map((value, i) => ({ year: 2020 + i, value }) as IndicatorValue);

describe('trendFigure value labels', () => {
  it('shows a value that rounds onto the target from below with the places that keep it below', () => {
    expect([ind.target, ind.precision]).toEqual([0.15, 2]);
    const fig = trendFigure({ plan, ind, series: series([0.1204, 0.129, 0.136, 0.143, 0.149, 0.153]), year: 2025, placeName: '全区', figureNo: 1, idPrefix: 't' });
    expect(fig.table.rows[0]).toEqual(['全区（万人）', '0.12', '0.13', '0.14', '0.14', '0.149', '0.15']);
    expect(fig.svg).toContain('>0.149<');
  });

  it('does so for a town against the district target it is drawn with', () => {
    const rate = plan.indicators.find((i) => i.aggregation === 'ratio' && i.target !== null && i.precision === 1 && !i.isMaintain && i.targetOp === '>=')!;
    const t = rate.target!;
    const town = series([t - 10, t - 5, t - 0.04]);
    const fig = trendFigure({ plan, ind: rate, series: town, district: series([t - 8, t - 4, t - 1]), year: 2022, placeName: '某镇', figureNo: 1, idPrefix: 't' });
    expect(fig.table.rows[0]!.at(-1)).toBe((t - 0.04).toFixed(2));
    // the district's own row, with no line of its own labelled, keeps the plan's precision
    expect(fig.table.rows[1]!.at(-1)).toBe((t - 1).toFixed(1));
  });
});
