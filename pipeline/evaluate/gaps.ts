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
