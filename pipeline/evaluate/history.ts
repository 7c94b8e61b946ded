/**
 * A district target's record over the plan period up to a year (evaluation.md, 提前完成):
 * the first year it was met, whether it was lost again after, and for maintain targets
 * whether every year held. Pure.
 */
import type { Indicator, Plan } from '../plan/plan.ts';
import type { IndicatorValue } from './evaluate.ts';

export interface TargetRecord {
  /** Plan years ≤ Y in which the target was met (V ≥ G, status 已完成), ascending. */
  metYears: number[];
  /** The first of them, or null. */
  firstMet: number | null;
  /**
   * Years after `firstMet` (≤ Y) with a value that did not meet it: “2023年曾达到，2024年回落”.
   * A year without a value is not among them: it is not known to have been lost.
   */
  lostYears: number[];
  /** Plan years ≤ Y with a value that did not meet the target, ascending. */
  notMetYears: number[];
  /** Plan years ≤ Y without a value (无法评估): neither met nor lost, as far as is known. */
  unknownYears: number[];
  /** Every plan year up to Y has a value and met the target. */
  metEveryYear: boolean;
  /**
   * The start of the run of met years that reaches Y, when an earlier plan year was not
   * met: the year a lost target was met again (`2022年未保持，2023年恢复`); null when the
   * target held every year, or is not met in Y. Years without a value before the run are
   * passed over: the run after one of them is a recovery only when the last year known
   * before it did not meet the target.
   */
  recoveredYear: number | null;
  /**
   * 提前完成: the year before the target year from which the target was met (for a
   * maintain target: held every year, from the plan's first year); null when not.
   */
  earlyYear: number | null;
  /**
   * The first year the target may have been met in, where years without a value lie just before
   * `earlyYear` and the year before them did not meet it (met 2023 or 2024 with 2023 empty: 2023);
   * else `earlyYear`.
   */
  earlyFrom: number | null;
}

/** The record of one district indicator up to `year`, from its evaluated district values. */
export function targetRecord(plan: Plan, ind: Indicator, values: readonly IndicatorValue[], year: number): TargetRecord {
  const byYear = new Map(values.filter((v) => v.geoLevel === 'district' && v.indicatorId === ind.id).map((v) => [v.year, v]));
  const years: number[] = [];
  for (let y = plan.period.start; y <= Math.min(year, plan.period.end); y++) years.push(y);
  const met = (y: number) => byYear.get(y)?.status === '已完成';
  const unknown = (y: number) => (byYear.get(y)?.value ?? null) === null;
  const metYears = years.filter(met);
  const firstMet = metYears[0] ?? null;
  const notMetYears = years.filter((y) => !met(y) && !unknown(y));
  const unknownYears = years.filter(unknown);
  const lostYears = firstMet === null ? [] : notMetYears.filter((y) => y > firstMet);
  const metEveryYear = years.length > 0 && years.every(met);
  // 提前完成: the start of the run of met years that reaches Y, when it began before the
  // target year; a maintain target counts only when it held every year.
  const last = years.at(-1);
  let since: number | null = null;
  if (last !== undefined && met(last)) {
    since = last;
    // back over met years, and over years without a value between met ones (an empty 2023 had
    // made 2024 the year a target met since 2022 was reached)
    for (let k = since - 1; k >= plan.period.start; ) {
      let j = k;
      while (j >= plan.period.start && unknown(j)) j -= 1;
      if (j < plan.period.start || !met(j)) break;
      since = j;
      k = j - 1;
    }
  }
  let known = since === null ? plan.period.start - 1 : since - 1;
  while (known >= plan.period.start && unknown(known)) known -= 1;
  const recoveredYear = since !== null && known >= plan.period.start && !met(known) ? since : null;
  const earlyYear = ind.isMaintain
    ? (metEveryYear ? plan.period.start : null)
    : (since !== null && since < plan.targetYear ? since : null);
  let earlyFrom = earlyYear;
  if (earlyFrom !== null && !ind.isMaintain) while (earlyFrom - 1 >= plan.period.start && unknown(earlyFrom - 1)) earlyFrom -= 1;
  return { metYears, firstMet, lostYears, notMetYears, unknownYears, metEveryYear, recoveredYear, earlyYear, earlyFrom };
}
