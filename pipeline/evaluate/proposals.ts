/**
 * Targets proposed for the next plan (report.md §2.6: “proposed targets with their
 * arithmetic”): the trend of the plan period carried five more years, never below a
 * target not yet met, never above 100 % for a share; and what each town would need to
 * reach a proposed ratio target (目标分解). Pure; every number comes with the numbers it
 * was computed from, so the report can show the arithmetic.
 */
import { roundHalfEven } from '../basics/format.ts';
import type { Indicator, Plan } from '../plan/plan.ts';
import type { IndicatorValue } from './evaluate.ts';
import { absoluteGap } from './gaps.ts';

export interface Proposal {
  ind: Indicator;
  /** The plan's baseline (B) and the final year's value (V), as the report prints them. */
  from: { year: number; value: number };
  to: { year: number; value: number };
  /** (V − B) ÷ years: the average change per year over the plan period, at one more decimal than the plan's precision. */
  perYear: number;
  /** V + perYear × years of the next plan, from the printed V and perYear (the arithmetic a reader can redo). */
  trend: number;
  /** The year the next plan ends. */
  year: number;
  /** The proposed target, at the plan's precision. */
  proposed: number;
  /**
   * Why it is not simply the trend: `cap` (a share stops at 100), `carry` (the unmet target is
   * carried), `hold` (no growth, or already at 100 %: hold the level), `cumulative` (a count over
   * the plan period starts again: the same yearly pace), `step` (the value moved in one year
   * only, as when one facility opened: a one-off is not a trend).
   */
  rule: 'trend' | 'cap' | 'carry' | 'hold' | 'cumulative' | 'step';
  /** For `step`: the year of the one change. */
  stepYear?: number;
}

/** The one year in which a series changed, when it changed in exactly one year (and has no gap). */
function singleStep(series: ReadonlyArray<{ year: number; value: number | null }>, precision: number): number | null {
  const shown = series.map((x) => ({ year: x.year, value: x.value === null ? null : roundHalfEven(x.value, precision) }));
  if (shown.length < 3 || shown.some((x) => x.value === null)) return null;
  const changed = shown.slice(1).filter((x, i) => x.value !== shown[i]!.value);
  return changed.length === 1 ? changed[0]!.year : null;
}

/**
 * The next plan's target for a district indicator from its values up to the plan's last
 * year (`series`: the baseline year's plan value and each plan year's value, oldest first;
 * optional, for telling a one-off step from a trend); null without a final value.
 */
export function proposeTarget(
  plan: Plan, ind: Indicator, final: IndicatorValue | undefined,
  series: ReadonlyArray<{ year: number; value: number | null }> = [],
): Proposal | null {
  if (!final || final.value === null) return null;
  const span = plan.targetYear - plan.baselineYear;
  const b = ind.baseline ?? 0;
  // The arithmetic is done on the figures as printed, so that the table's sum adds up.
  const v = roundHalfEven(final.value, ind.precision);
  const perYear = roundHalfEven((final.value - b) / span, ind.precision + 1);
  const trend = roundHalfEven(v + perYear * span, ind.precision + 1);
  const year = plan.targetYear + span;
  let proposed = ind.isCumulative ? perYear * span : trend;
  let rule: Proposal['rule'] = ind.isCumulative ? 'cumulative' : 'trend';
  const step = ind.isCumulative ? null : singleStep(series, ind.precision);
  if (ind.unit === '%' && v >= 100 - 1e-9) {
    proposed = 100;
    rule = 'hold';
  } else if (!ind.isCumulative && (perYear <= 0 || ind.isMaintain)) {
    proposed = Math.max(v, ind.target);
    rule = 'hold';
  } else if (step !== null) {
    proposed = Math.max(v, ind.target);
    rule = 'step';
  }
  if (ind.unit === '%' && proposed > 100) {
    proposed = 100;
    rule = 'cap';
  }
  if (!ind.isCumulative && v < ind.target && proposed < ind.target) {
    proposed = ind.target;
    rule = 'carry';
  }
  proposed = roundHalfEven(proposed, ind.precision);
  if (ind.aggregation === 'sum' && ind.precision === 0) proposed = Math.round(proposed);
  return {
    ind, from: { year: plan.baselineYear, value: b }, to: { year: final.year, value: v }, perYear, trend, year, proposed, rule,
    ...(rule === 'step' && step !== null ? { stepYear: step } : {}),
  };
}

/** What a town needs, in numerator units, to reach a proposed ratio target; null when it cannot be said. */
export function townNeed(ind: Indicator, town: IndicatorValue | undefined, proposed: number): number | null {
  if (!town || ind.aggregation !== 'ratio') return null;
  return absoluteGap(ind, town, proposed);
}
