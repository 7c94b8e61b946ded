/**
 * Targets proposed for the next plan (report.md §2.6: “proposed targets with their
 * arithmetic”): the trend of the plan period carried five more years, never below a
 * target not yet met, never above 100 % for a share; and the district's increase to reach a
 * proposed ratio target shared among the towns (目标分解). Pure; every number comes with the numbers it
 * was computed from, so the report can show the arithmetic.
 */
import { roundHalfEven } from '../basics/format.ts';
import type { Indicator, Plan } from '../plan/plan.ts';
import type { IndicatorValue } from './evaluate.ts';
import { absoluteGap, wholeUnits } from './gaps.ts';

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

/** A proposed ratio target split among the towns (目标分解). */
export interface TargetSplit {
  /** Whole numerator units the district needs to reach the target with its final-year denominator. */
  district: number;
  /** Each town's part, in whole units (0 for a town at or above the target); the parts add up to `district`. */
  byTown: Map<string, number>;
}

/**
 * 目标分解: the district's increase to reach a proposed ratio target, shared among the towns
 * below it in proportion to each one's own gap (a town at or above the target keeps its level
 * and takes no part), in whole units whose sum is the district's need — a split that adds
 * up, where every town's own gap would add up to several times it (a town above the target
 * offsets, in the district's ratio of sums, part of the others' gaps). Parts are floored and
 * the units left go to the largest remainders (ties: the larger gap, then the first town).
 * Null when the district's need cannot be said (no value) or no town has a gap to share it.
 */
export function splitTarget(
  ind: Indicator, district: IndicatorValue | undefined, towns: ReadonlyArray<{ code: string; value: IndicatorValue | undefined }>, proposed: number,
): TargetSplit | null {
  if (!district || ind.aggregation !== 'ratio') return null;
  const gap = absoluteGap(ind, district, proposed);
  if (gap === null) return null;
  // A target that holds the level (the final value as printed) asks for nothing new: 54.589
  // printed 54.6 against 54.6 is not a gap of 0.35 of a carer to share out.
  const held = district.value !== null && roundHalfEven(district.value, ind.precision) >= proposed;
  const need = held ? 0 : wholeUnits(gap);
  const gaps = towns.map((t) => ({ code: t.code, gap: t.value ? Math.max(0, absoluteGap(ind, t.value, proposed) ?? 0) : 0 }));
  const total = gaps.reduce((s, t) => s + t.gap, 0);
  const byTown = new Map(gaps.map((t) => [t.code, 0]));
  if (need === 0) return { district: 0, byTown };
  if (total <= 0) return null;
  const shares = gaps.map((t, i) => ({ ...t, i, exact: (need * t.gap) / total }));
  let left = need;
  for (const s of shares) {
    const whole = Math.floor(s.exact + 1e-9);
    byTown.set(s.code, whole);
    left -= whole;
  }
  const byRemainder = shares
    .filter((s) => s.gap > 0)
    .sort((a, b) => (b.exact - Math.floor(b.exact + 1e-9)) - (a.exact - Math.floor(a.exact + 1e-9)) || b.gap - a.gap || a.i - b.i);
  for (let k = 0; left > 0 && byRemainder.length > 0; k = (k + 1) % byRemainder.length, left--) {
    const s = byRemainder[k]!;
    byTown.set(s.code, byTown.get(s.code)! + 1);
  }
  return { district: need, byTown };
}
