/**
 * What is still missing, in the indicator's own terms (evaluation.md: “还差50张床位”,
 * “还需2个街镇”): the amount of the numerator that would reach the target with the
 * denominator as it is, from the unrounded numerator and denominator. Pure.
 */
import type { Indicator } from '../plan/plan.ts';
import type { IndicatorValue } from './evaluate.ts';

const EPS = 1e-9;

/**
 * The numerator units missing to reach `target` (default: the value's own target, the
 * district target for a town's benchmark); 0 when the target is met; null when it cannot be
 * said (no value, no numerator, a zero denominator, unknown scale).
 */
export function absoluteGap(ind: Pick<Indicator, 'aggregation'>, v: IndicatorValue, target: number | null = v.target): number | null {
  if (v.value === null || target === null || v.numerator === null || v.scale === null || v.scale <= 0) return null;
  if (v.value >= target - EPS * Math.max(1, Math.abs(target))) return 0;
  let need: number;
  if (ind.aggregation === 'ratio') {
    if (v.denominator === null || v.denominator <= 0) return null;
    need = (target * v.denominator) / v.scale;
  } else {
    need = target / v.scale;
  }
  return Math.max(0, need - v.numerator);
}

/** Whole units needed to cover a gap: 1.6 街镇 → 2 (noise below 1e-9 ignored). */
export function wholeUnits(gap: number): number {
  return Math.max(0, Math.ceil(gap - EPS * Math.max(1, Math.abs(gap))));
}

/** The last years a recent pace is taken over: a gap's closing, a task's 完成进度 (taskPace), 表2's recent pace (proposals.ts). */
export const RECENT_YEARS = 2;

/** How fast a gap to a target closed over the last years, and when it would be closed going on so. */
export interface GapPace {
  /** The year the pace is measured from. */
  since: number;
  /** The gap then, against the same target. */
  then: number;
  /**
   * Numerator units the gap closed by a year: what the numerator added, less what a growing
   * denominator added to the need (more elderly need more beds); a denominator that fell (村
   * merged into others, a programme of its own) is not counted as progress. Negative when the
   * need grew faster than the numerator.
   */
  perYear: number;
  /** A ratio whose numerator did not grow over those years: whatever its gap did, there is no pace to count on. */
  numeratorFlat: boolean;
  /** What the numerator added over those years (negative when it fell). */
  added: number;
  /** The year the gap is closed at that pace; null when it did not close, or the numerator did not grow. */
  doneYear: number | null;
}

/**
 * How fast the gap of a value to `target` closed over the last `RECENT_YEARS` years up to
 * `year` (fewer when an earlier value is missing), in numerator units a year: the numerator's
 * growth, less the need a growing denominator adds; a shrinking denominator is not credited
 * (the fourth review: 54 村 merged in 2023–2025 made the station gaps look twice as fast to
 * close as the stations built). `valueIn` gives the value of a year. Null when the value is met,
 * or a gap cannot be said now or in any earlier year.
 */
export function gapPace(ind: Pick<Indicator, 'aggregation'>, valueIn: (year: number) => IndicatorValue | null | undefined, year: number, target: number): GapPace | null {
  const now = valueIn(year);
  const gapNow = now ? absoluteGap(ind, now, target) : null;
  if (gapNow === null || gapNow <= 0) return null;
  for (let back = RECENT_YEARS; back >= 1; back--) {
    const thenValue = valueIn(year - back);
    const then = thenValue ? absoluteGap(ind, thenValue, target) : null;
    if (then === null) continue;
    const added = now!.numerator! - thenValue!.numerator!;
    const needed = ind.aggregation === 'ratio' ? (target * (now!.denominator! - thenValue!.denominator!)) / now!.scale! : 0;
    const perYear = (added - Math.max(0, needed)) / back;
    const numeratorFlat = ind.aggregation === 'ratio' && !(added > EPS);
    const doneYear = numeratorFlat || !(perYear > EPS) ? null : year + Math.max(1, Math.ceil(gapNow / perYear - EPS));
    return { since: year - back, then, perYear, numeratorFlat, added, doneYear };
  }
  return null;
}
