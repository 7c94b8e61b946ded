import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../../pipeline/evaluate/evaluate.ts';
import { proposeTarget, type Proposal } from '../../pipeline/evaluate/proposals.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';

const PLAN = resolvePlan();
const IND = (id: number) => PLAN.indicatorById.get(id)!;
const final = (value: number) => ({ year: 2025, value }) as IndicatorValue;
const series = (id: number, values: number[]) => [
  { year: 2020, value: IND(id).baseline },
  ...values.map((value, i) => ({ year: 2021 + i, value })),
];
const propose = (id: number, values: number[]): Proposal => proposeTarget(PLAN, IND(id), final(values.at(-1)!), series(id, values))!;

describe('proposeTarget: the next plan’s target with arithmetic a reader can redo', () => {
  it('carries the trend from the printed figures: 7.1 + 5 × 0.41 = 9.15 → 9.2', () => {
    // Indicator 3 (B 5, G 7, one decimal). V = 7.0449 prints 7.0; (7.0449 − 5) / 5 = 0.40898 → 0.41.
    const p = propose(3, [5.6, 5.9, 6.4, 6.8, 7.0449]);
    expect(p).toMatchObject({ rule: 'trend', to: { year: 2025, value: 7 }, perYear: 0.41, trend: 9.05, proposed: 9 });
    const q = propose(3, [5.6, 5.9, 6.4, 6.8, 7.12]);
    expect(q).toMatchObject({ to: { value: 7.1 }, perYear: 0.42, trend: 9.2, proposed: 9.2 });
  });

  it('a share stops at 100 %', () => {
    const p = propose(23, [45, 53, 61, 68.1, 73.9]); // (73.9 − 37) / 5 = 7.38 → 73.9 + 36.9 = 110.8
    expect(p).toMatchObject({ rule: 'cap', trend: 110.8, proposed: 100 });
  });

  it('a value that moved in one year only is a one-off, not a trend; the unmet target comes first', () => {
    // Indicator 8 (B 0, G 150): 0, 0, 100, 100, 100 — one facility opened in 2023.
    const p = propose(8, [0, 0, 100, 100, 100]);
    expect(p).toMatchObject({ rule: 'step', stepYear: 2023, proposed: 150 });
  });

  it('an unmet target below its trend is carried', () => {
    // Indicator 16 (B 49.1, G 50): 49.8 → per year 0.14, trend 50.5 ≥ 50: the trend stands.
    expect(propose(16, [49.3, 49.4, 49.5, 49.7, 49.8])).toMatchObject({ rule: 'trend', proposed: 50.5 });
    // Indicator 19 (B 800, G 6000): 4800 → 800 a year, 8800.
    expect(propose(19, [1150, 1640, 2350, 3350, 4800])).toMatchObject({ rule: 'trend', proposed: 8800 });
    // Indicator 4 (B 5, G 5.5): 5.2 → 0.04 a year, 5.4 < 5.5: carry 5.5.
    expect(propose(4, [5.0, 5.1, 5.1, 5.15, 5.2])).toMatchObject({ rule: 'carry', proposed: 5.5 });
  });

  it('a maintain target holds its level; a cumulative count restarts at its yearly pace', () => {
    expect(propose(5, [20, 21, 21, 22, 22])).toMatchObject({ rule: 'hold', proposed: 22 });
    expect(propose(17, [18, 45, 76, 104, 130])).toMatchObject({ rule: 'cumulative', perYear: 26, proposed: 130 });
    expect(propose(1, [100, 97.6, 100, 100, 100])).toMatchObject({ rule: 'hold', proposed: 100 });
  });

  it('without a final value there is nothing to propose', () => {
    expect(proposeTarget(PLAN, IND(3), { year: 2025, value: null } as IndicatorValue)).toBeNull();
  });
});
