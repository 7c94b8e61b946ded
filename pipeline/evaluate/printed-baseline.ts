/**
 * The plan's printed baseline against the data's value of the baseline year: the printed figure
 * is used everywhere (evaluation.md), and where the data give a different value at the printed
 * precision the pages say so (present/baseline.ts); where they agree, arithmetic may start from
 * the data's finer figure (evaluate/proposals.ts).
 */
import { roundHalfEven } from '../basics/format.ts';
import type { Indicator } from '../plan/plan.ts';

/** The data's baseline-year value where it differs from the printed baseline at the printed precision; else null. */
export function differingBaseline(ind: Pick<Indicator, 'baseline' | 'precision'>, computed: number | null | undefined): number | null {
  if (computed === null || computed === undefined || ind.baseline === null) return null;
  return roundHalfEven(computed, ind.precision) === roundHalfEven(ind.baseline, ind.precision) ? null : computed;
}
