/**
 * Targets proposed for the next plan (report.md §2.6: “proposed targets with their
 * arithmetic”): the trend of the plan period carried five more years, never below a
 * target not yet met, never above 100 % for a share; a change made in one year not spread
 * over the next five, a count that covers every town held, a programme the plan finished
 * not restarted at its old pace; and the district's increase to reach a
 * proposed ratio target shared among the towns (目标分解). Pure; every number comes with the numbers it
 * was computed from, so the report can show the arithmetic.
 */
import { differingBaseline } from './printed-baseline.ts';
import { roundHalfEven, townSpec, type FormatSpec } from '../basics/format.ts';
import type { Indicator, Plan } from '../plan/plan.ts';
import type { IndicatorValue } from './evaluate.ts';
import { absoluteGap, RECENT_YEARS, wholeUnits } from './gaps.ts';

export interface Proposal {
  ind: Indicator;
  /** The plan's period and the next one as the documents name them (Plan.era, Plan.nextEra): `十四五`, `十五五`. */
  era: string;
  nextEra: string;
  /** The plan's baseline (B) and the final year's value (V), as the report prints them. */
  from: { year: number; value: number };
  to: { year: number; value: number };
  /**
   * (V − B) ÷ years from the unrounded V (evaluation.md: a difference is never taken between
   * displayed numbers): the average change per year over the plan period, at one more decimal
   * than the plan's precision.
   */
  perYear: number;
  /**
   * The V the arithmetic starts from: V itself where the printed figure is V, else V at one more
   * decimal (7.0607 → 7.06), so that the sum is redone from what is shown and agrees with the
   * change a year, which `finer` says.
   */
  start: number;
  /** Whether `start` has one more decimal than the printed V. */
  finer: boolean;
  /** start + perYear × years of the next plan (the arithmetic a reader can redo). */
  trend: number;
  /** The year the next plan ends. */
  year: number;
  /** The proposed target, at the plan's precision; null for a `done` programme (no number the data can give). */
  proposed: number | null;
  /**
   * Why it is not simply the trend: `cap` (a share stops at 100), `carry` (the unmet target is
   * carried), `hold` (no growth, or already at 100 %: hold the level), `cumulative` (a count over
   * the plan period starts again: the same yearly pace), `step` (the value moved in one year
   * only, as when one facility opened: a one-off is not a trend), `covered` (a count the plan
   * set at one per town, and every town has one: hold it), `done` (a count over the plan period
   * whose target and tasks are all done: a programme finished, not a pace to carry on),
   * `shrink` (a ratio that rose only because its denominator fell, its numerator not
   * growing: not a trend to carry on; the level reached, or the unmet target, is held),
   * `project` (a count met whose related tasks are all done: beds, centres, model sites built
   * by a programme that is over; the level reached held, new ones as new projects set them).
   */
  rule: 'trend' | 'cap' | 'carry' | 'hold' | 'cumulative' | 'step' | 'covered' | 'done' | 'shrink' | 'fresh' | 'project';
  /**
   * For `fresh`: a ratio whose growth is mostly a kind its numerator first counted in the plan
   * period (3,300 家庭照护床位 of a 4,192-bed rise, 2020 having none): that kind is held at its final
   * size and the rest carried at its own pace a year (`perYear`, to `trend`), as the one-off
   * ramp-up of a new kind is no pace (the second final review: 9.1 from it).
   */
  fresh?: { name: string; total: number; growth: number; perYear: number; trend: number };
  /** For `step`: the year of the one change. */
  stepYear?: number;
  /** For `step` across years without a value: the last year known before it (the change came between). */
  stepFrom?: number;
  /**
   * More than half of the period's change came in one year (as the 2021 committee elections
   * did): that year is left out of `perYear`, which is the other years' average.
   */
  concentrated?: { year: number; change: number; share: number; otherYears: number };
  /**
   * For a `trend`: the last two years moved at a clearly different pace from the period's
   * average (more than half as fast again, or less than half as fast), as 社区社会组织 did
   * (800 a year over the period, 1,225 in the last two): that pace and where it would lead,
   * beside the proposed target, which stays the period's trend.
   */
  recent?: { years: number; from: number; perYear: number; trend: number };
  /** For `covered`: the towns, every one of which has one. */
  towns?: number;
  /** For `done`: the plan's tasks bearing on the indicator, all completed. */
  doneTasks?: readonly string[];
  /**
   * The finer unit the arithmetic is done in (`to`, `perYear` and `trend` at its precision),
   * where the printed figure rounds away more than 1 % of the value: 0.41万人 is 4,060 people,
   * and 0.41 + 5 × 0.025 = 0.535 → 0.54 where 4,060 + 5 × 252 = 5,320 → 0.53. Only the proposed
   * target is at the plan's precision.
   */
  fine?: FormatSpec & { shift: number };
  /**
   * A share of whole things each more than a printed step of the share (街镇: 16 of 22; 事项: 139
   * of 143): the things still missing and how many there are, so that the arithmetic to 100 %
   * counts things (`还需6个街镇…`) and does not pass through shares none can have (98.2 % of 22).
   */
  units?: { missing: number; of: number };
  /**
   * For a `hold` of a maintain target (G = B) that rose every year of the period (as printed): the
   * level reached is proposed, and `trend` is said beside it as where the period's pace would
   * take it (养老护理员: 54.6, 59.2 on the trend).
   */
  risingTrend?: true;
  /** For `shrink`: how the numerator and the denominator changed over the period (in their units). */
  drivers?: { numerator: number; denominator: number };
  /** For `shrink`: the types of unit each of whose own rate rose, the mix having pulled the whole down (ProposalContext.mixTypes). */
  mixTypes?: readonly string[];
  /**
   * For a `cap` whose denominator shrank over the period while its numerator grew (志愿服务站点:
   * 265 of 716 → 457 of 618, 98 communities merged away): the points a year overstate the pace,
   * part of them the smaller base. Counted in things instead, on the final year's base: the
   * things still missing, the numerator's average gain a year, and the year that closes the gap
   * (161 ÷ 38.4 → 2030, where 7.38 points a year said 2029); null when it does not close by
   * the next plan's end, and then `proposed` is the share the count reaches, not 100.
   */
  byCount?: {
    missing: number; perYear: number; reached: number | null; baseFell: number;
    /** The numerator's gain a year over the last years (ProposalContext.recentNumerator), and the year that closes the gap at it (null: not by the next plan's end). */
    recentPerYear?: number; recentReached?: number | null;
  };
}

/** What the report knows beyond the district's series: the towns' coverage and the plan's tasks. */
/** Words of a task's name that say it builds something (beds, centres, model sites; not 队伍建设, a team's): what stops when the task is done. */
const BUILDS = /(?<!队伍|制度|机制|体系|能力|作风|文化)建设|建成|新建|扩建|扩充|打造|改造/;

export interface ProposalContext {
  /** For a count: how many towns have at least one in the final year, of how many. */
  towns?: { covered: number; total: number };
  /** The names of the plan's tasks bearing on the indicator when every one of them is completed (else empty). */
  doneTasks?: readonly string[];
  /** For a ratio: how its numerator and denominator changed from the baseline year to the final one. */
  drivers?: { numerator: number; denominator: number };
  /** For a ratio: its numerator's average gain a year over the last RECENT_YEARS years. */
  recentNumerator?: number;
  /**
   * For a ratio over units of several types that rose while its numerator fell: the types, each
   * of whose own rate rose while the mix pulled the whole down (本社区化率: 社区 and 村, the villages
   * with the higher rate fewer) — the rise is not the denominator's alone.
   */
  mixTypes?: readonly string[];
  /** The baseline year's value from the data (complete): the start of the arithmetic in a finer unit where it rounds to the printed baseline. */
  dataBaseline?: number;
  /** For a ratio: the part of its numerator the baseline year had none of, where it makes at least half its growth (in the numerator's units). */
  newPart?: { name: string; total: number; growth: number };
}

/**
 * The one change of a series, when its values with a value changed exactly once: its year, and
 * where years without a value lie before it, the last year known before (`from`): the change
 * came in one of the years between (0, 0, 0, —, 100, 100 had been extrapolated at 20 a year).
 */
function singleStep(series: ReadonlyArray<{ year: number; value: number | null }>, precision: number): { year: number; from?: number } | null {
  const shown = series.filter((x) => x.value !== null).map((x) => ({ year: x.year, value: roundHalfEven(x.value!, precision) }));
  if (shown.length < 3) return null;
  const changed = shown.flatMap((x, i) => (i > 0 && x.value !== shown[i - 1]!.value ? [{ year: x.year, from: shown[i - 1]!.year }] : []));
  if (changed.length !== 1) return null;
  const { year, from } = changed[0]!;
  return year - from > 1 ? { year, from } : { year };
}

/**
 * The year that made more than half of a growing series' change, when the others moved too
 * (a single step is `singleStep`'s): its change (as printed) and share of the whole. Across a
 * year without a value the change between the years known either side is of their span, not
 * of one year: it is never the year named (直接选举 with 2023 missing: 2021 still made 10.81 of
 * 15.93 points, and had been extrapolated at the whole period's average, 96.6 against 87.0).
 */
function concentratedChange(series: ReadonlyArray<{ year: number; value: number | null }>, precision: number): { year: number; change: number; raw: number; share: number } | null {
  const known = series.filter((x): x is { year: number; value: number } => x.value !== null);
  if (known.length < 4 || series[0]!.value === null || series.at(-1)!.value === null) return null;
  const values = known.map((x) => x.value);
  const total = values.at(-1)! - values[0]!;
  if (!(total > 0)) return null;
  let best = -1;
  for (let i = 1; i < values.length; i++) if (best < 0 || values[i]! - values[i - 1]! > values[best]! - values[best - 1]!) best = i;
  const raw = values[best]! - values[best - 1]!;
  if (raw <= total / 2 || known[best]!.year - known[best - 1]!.year !== 1) return null;
  // a rise out of a fall is a recovery, not the period's growth come in one year: 50, 80, 110,
  // 160, 0, 210 grew every year but one (the jump is more than the whole period's change)
  if (raw > total + 1e-9 || values.slice(0, best).some((x, i) => i > 0 && x < values[i - 1]!)) return null;
  return { year: known[best]!.year, change: roundHalfEven(values[best]!, precision) - roundHalfEven(values[best - 1]!, precision), raw, share: raw / total };
}

/** How much faster or slower than the period's average the last `RECENT_YEARS` must run to be said. */
const RECENT_FASTER = 1.5;
const RECENT_SLOWER = 0.5;

/**
 * The average change of the last `RECENT_YEARS` years (from the unrounded values) when it is more
 * than 1.5 times, or less than half, the period's average `perYear`, in a series that grew
 * every year or held (a pace measured from a dip is its recovery, not a pace); else null.
 */
function recentPace(series: ReadonlyArray<{ year: number; value: number | null }>, precision: number, perYear: number): number | null {
  if (!(perYear > 0) || series.length < RECENT_YEARS + 3 || series.some((x) => x.value === null)) return null;
  const shown = series.map((x) => roundHalfEven(x.value!, precision));
  if (shown.some((x, i) => i > 0 && x < shown[i - 1]!)) return null;
  // from the unrounded values, as every difference (evaluation.md)
  const values = series.map((x) => x.value!);
  const recent = roundHalfEven((values.at(-1)! - values.at(-1 - RECENT_YEARS)!) / RECENT_YEARS, precision + 1);
  return recent > RECENT_FASTER * perYear || recent < RECENT_SLOWER * perYear ? recent : null;
}

/** How much of a value its printed figure may round away before the arithmetic moves to a finer unit. */
const COARSE_SHARE = 0.01;

/**
 * The finer unit of an indicator printed in 万 (万人 → 人, by `townSpec`) when its printed
 * figure rounds away more than `COARSE_SHARE` of `value` (half a step of 0.01万人 is 50 people,
 * 1.2 % of 0.41万人; half a step of 0.1万元 is 0.1 % of 51.0万元); else undefined.
 */
export function finerUnit(ind: Pick<Indicator, 'unit' | 'precision'>, value: number): (FormatSpec & { shift: number }) | undefined {
  const fine = townSpec({ unit: ind.unit, precision: ind.precision });
  if (fine.shift === undefined || !(Math.abs(value) > 0)) return undefined;
  return 0.5 * 10 ** -ind.precision > COARSE_SHARE * Math.abs(value) ? { unit: fine.unit, precision: fine.precision, shift: fine.shift } : undefined;
}

/**
 * A share of whole things each of which is more than a step of the share as printed (22 街镇:
 * 4.5 points each; 143 事项 at one decimal: 0.7 of a point, where a step is 0.1) is reckoned in
 * things (`Proposal.units`): a share the trend gives between two counts is one none can have
 * (99.6 % of 143 事项, the final review: 142 are 99.3 %, 143 are 100 %).
 */
function fewUnits(ind: Indicator, final: IndicatorValue): { units: { missing: number; of: number } } | null {
  const of = final.denominator;
  if (ind.unit !== '%' || ind.aggregation !== 'ratio' || of === null || !Number.isInteger(of) || of <= 0 || of >= 100 * 10 ** ind.precision) return null;
  const missing = absoluteGap(ind, final, 100);
  return missing === null ? null : { units: { missing: wholeUnits(missing), of } };
}

/** A ratio that rose over the period only because its denominator fell: its numerator did not grow. */
export function risesByDenominatorOnly(change: { numerator: number; denominator: number }): boolean {
  return change.numerator <= 0 && change.denominator < 0;
}

/**
 * The next plan's target for a district indicator from its values up to the plan's last
 * year (`series`: the baseline year's plan value and each plan year's value, oldest first;
 * optional, for telling a one-off step from a trend); null without a final value.
 */
export function proposeTarget(
  plan: Plan, ind: Indicator, final: IndicatorValue | undefined,
  series: ReadonlyArray<{ year: number; value: number | null }> = [],
  context: ProposalContext = {},
): Proposal | null {
  if (!final || final.value === null) return null;
  const span = plan.targetYear - plan.baselineYear;
  // The arithmetic is done on the figures as printed, so that the table's sum adds up; in the
  // finer unit where the printed figure is too coarse for it (0.41万人 → 4060人), from the baseline
  // year's data where they round to the printed baseline (2803人, as 二 says, not 0.28万人 = 2800)
  const fine = finerUnit(ind, final.value);
  const data = context.dataBaseline;
  const b = fine && data !== undefined && ind.baseline !== null && differingBaseline(ind, data) === null ? data : ind.baseline ?? 0;
  const wp = fine ? fine.precision + fine.shift : ind.precision;
  const raw = final.value;
  const v = roundHalfEven(raw, wp);
  const step = ind.isCumulative ? null : singleStep(series, ind.precision);
  const jump = ind.isCumulative || step !== null || ind.isMaintain ? null : concentratedChange(series, ind.precision);
  // the change a year from the unrounded value (evaluation.md: never subtract two displayed
  // numbers; (7.1 − 5) ÷ 5 = 0.42 from the printed 7.1 against (7.0607 − 5) ÷ 5 = 0.41, the
  // final review); the sum starts from the value at one more decimal where the printed figure
  // rounds it, so a reader redoes both from what is shown: 7.06 + 5 × 0.41 = 9.11
  const perYear = jump
    ? roundHalfEven((raw - b - jump.raw) / (span - 1), wp + 1)
    : roundHalfEven((raw - b) / span, wp + 1);
  const finer = v !== raw;
  const start = finer ? roundHalfEven(raw, wp + 1) : v;
  const trend = roundHalfEven(start + perYear * span, wp + 1);
  const year = plan.targetYear + span;
  const base = {
    ind, era: plan.era, nextEra: plan.nextEra, from: { year: plan.baselineYear, value: b }, to: { year: final.year, value: v }, perYear, start, finer, trend, year,
    ...(fine ? { fine } : {}),
    ...(fewUnits(ind, final) ?? {}),
    ...(jump ? { concentrated: { year: jump.year, change: jump.change, share: jump.share, otherYears: span - 1 } } : {}),
  };
  const done = context.doneTasks ?? [];
  if (ind.isCumulative && v >= ind.target && done.length > 0) return { ...base, proposed: null, rule: 'done', doneTasks: done };
  const towns = context.towns;
  if (!ind.isCumulative && !ind.isMaintain && ind.unit !== '%' && towns && towns.total > 0 && ind.target === towns.total && towns.covered === towns.total && v >= ind.target) {
    return { ...base, proposed: v, rule: 'covered', towns: towns.total };
  }
  let proposed = ind.isCumulative ? perYear * span : trend;
  let rule: Proposal['rule'] = ind.isCumulative ? 'cumulative' : 'trend';
  const drivers = context.drivers;
  const shrank = ind.aggregation === 'ratio' && drivers !== undefined && risesByDenominatorOnly(drivers) && perYear > 0;
  if (ind.unit === '%' && raw >= 100 - 1e-9) {
    proposed = 100;
    rule = 'hold';
  } else if (shrank) {
    proposed = Math.max(raw, ind.target);
    rule = 'shrink';
  } else if (jump && perYear <= 0) {
    // the growth came in one year and the others gave it nothing more: a one-off too
    proposed = Math.max(raw, ind.target);
    rule = 'step';
  } else if (!ind.isCumulative && (perYear <= 0 || ind.isMaintain)) {
    proposed = Math.max(raw, ind.target);
    rule = 'hold';
  } else if (step !== null) {
    proposed = Math.max(raw, ind.target);
    rule = 'step';
  }
  // growth mostly from a kind first counted in the period: that kind held, the rest at its own pace
  let fresh: Proposal['fresh'];
  const part = context.newPart;
  if (rule === 'trend' && !jump && part && ind.aggregation === 'ratio' && final.numerator != null && final.denominator && final.scale != null) {
    const rest = ((final.numerator - part.total) * final.scale) / final.denominator;
    const restPerYear = roundHalfEven(Math.max(0, rest - b) / span, wp + 1);
    const restTrend = roundHalfEven(start + restPerYear * span, wp + 1);
    fresh = { ...part, perYear: restPerYear, trend: restTrend };
    proposed = restTrend;
    rule = 'fresh';
  }
  // a count met whose related tasks are all done: what built it is over, its pace no plan for the
  // next (a binding 210 beds proposed as 370 by 32 a year, the task that added them done in 2024:
  // the final review)
  // Only a count built by projects (a task that builds: 建设, 扩充, 打造…), not one that grows of itself
  // (social workers, organisations, a trust's funds: their pace goes on without a task)
  if (rule === 'trend' && !ind.isCumulative && ind.aggregation === 'sum' && ind.unit !== '%' && !ind.unit.includes('人') && raw >= ind.target && done.length > 0 && done.some((t) => BUILDS.test(t))) {
    proposed = raw;
    rule = 'project';
  }
  let byCount: Proposal['byCount'];
  if (ind.unit === '%' && proposed > 100) {
    proposed = 100;
    rule = 'cap';
    byCount = countedPace(ind, final, drivers, span, context.recentNumerator);
    if (byCount && byCount.reached === null) proposed = (100 * (final.numerator! + byCount.perYear * span)) / final.denominator!;
  }
  if (!ind.isCumulative && raw < ind.target && proposed < ind.target) {
    proposed = ind.target;
    rule = 'carry';
  }
  proposed = roundHalfEven(proposed, ind.precision);
  if (ind.aggregation === 'sum' && ind.precision === 0) proposed = Math.round(proposed);
  const recent = rule === 'trend' && !jump ? recentPace(series, wp, perYear) : null;
  return {
    ...base, proposed, rule,
    ...(rule === 'project' ? { doneTasks: done } : {}),
    ...(rule === 'step' ? { stepYear: step?.year ?? jump!.year, ...(step?.from !== undefined ? { stepFrom: step.from } : {}) } : {}),
    ...(rule === 'shrink' ? { drivers, ...(context.mixTypes ? { mixTypes: context.mixTypes } : {}) } : {}),
    ...(fresh && rule === 'fresh' ? { fresh } : {}),
    ...(byCount ? { byCount } : {}),
    ...(rule === 'hold' && ind.isMaintain && proposed < trend && risesEveryYear(series, ind.precision) ? { risingTrend: true as const } : {}),
    ...(recent !== null ? { recent: { years: RECENT_YEARS, from: final.year - RECENT_YEARS + 1, perYear: recent, trend: roundHalfEven(start + recent * span, wp + 1) } } : {}),
  };
}

/** Every value of the series above the one before, as printed (a series with a gap does not). */
function risesEveryYear(series: ReadonlyArray<{ year: number; value: number | null }>, precision: number): boolean {
  return series.length >= 3 && series.every((s, i) => i === 0 || (s.value !== null && series[i - 1]!.value !== null && roundHalfEven(s.value, precision) > roundHalfEven(series[i - 1]!.value!, precision)));
}

/** The year `missing` things are made at `pace` a year from the end of `from`; null at no pace. */
export function yearClosing(from: number, missing: number, pace: number): number | null {
  return pace > 0 ? from + Math.ceil(roundHalfEven(missing / pace, 9)) : null;
}

/** Proposal.byCount: a share of whole things whose base shrank while its count grew, paced in things. */
function countedPace(ind: Indicator, final: IndicatorValue, drivers: ProposalContext['drivers'], span: number, recent?: number): Proposal['byCount'] {
  const { numerator: n, denominator: d } = final;
  if (!drivers || !(drivers.denominator < 0) || !(drivers.numerator > 0) || n === null || d === null || !Number.isInteger(n) || !Number.isInteger(d) || d <= 0) return undefined;
  const missing = wholeUnits(absoluteGap(ind, final, 100) ?? d - n);
  const perYear = roundHalfEven(drivers.numerator / span, 1);
  const closes = (pace: number) => {
    const y = yearClosing(final.year, missing, pace);
    return y !== null && y <= final.year + span ? y : null;
  };
  const recentPerYear = recent === undefined ? undefined : roundHalfEven(recent, 1);
  return {
    missing, perYear, reached: closes(perYear), baseFell: -drivers.denominator,
    ...(recentPerYear !== undefined ? { recentPerYear, recentReached: closes(recentPerYear) } : {}),
  };
}

/** A proposed ratio target taken to the towns (目标分解). */
export interface TargetSplit {
  /** Whole numerator units the district needs to reach the target with its final-year denominator. */
  district: number;
  /**
   * What each town with a value needs to reach the target itself, in whole units (0 at or above it). Added
   * up, more than the district's need where towns above the target offset, in the district's
   * ratio of sums, part of the others' gaps: with every town at the target the district is above it.
   */
  byTown: Map<string, number>;
  /**
   * The district's need shared out (目标分解): each town below the target takes a part in
   * proportion to its own need, in whole units by the largest remainders, so that the parts add
   * up to the district's need (a review: 575 本社区居住的社区工作者 asked of the towns for a
   * district short of 38 is no split). 0 for a town at or above the target.
   */
  share: Map<string, number>;
}

/**
 * What a place needs to reach a proposed ratio target, in whole numerator units with its
 * final-year denominator; 0 at or above it. A target that holds the level as printed asks for
 * nothing new: 54.589 printed 54.6 against 54.6 is not 0.35 of a carer to find.
 */
export function ownNeed(ind: Indicator, value: IndicatorValue | undefined, proposed: number): number | null {
  if (!value || value.value === null) return null;
  const gap = absoluteGap(ind, value, proposed);
  if (gap === null) return null;
  return roundHalfEven(value.value, ind.precision) >= proposed ? 0 : wholeUnits(gap);
}

/**
 * 目标分解: the plan set no town targets, so each town takes the district's proposed rate as
 * its own, and its part is what it needs to reach it (`ownNeed`); a town at or above it keeps
 * its level. The same figures as each town's own report (report/town.ts). Null when the
 * district's need cannot be said (no value).
 */
export function splitTarget(
  ind: Indicator, district: IndicatorValue | undefined, towns: ReadonlyArray<{ code: string; value: IndicatorValue | undefined }>, proposed: number,
): TargetSplit | null {
  if (ind.aggregation !== 'ratio') return null;
  const need = ownNeed(ind, district, proposed);
  if (need === null) return null;
  const byTown = new Map<string, number>();
  for (const t of towns) {
    const n = ownNeed(ind, t.value, proposed);
    if (n !== null) byTown.set(t.code, n);
  }
  // a remainder tied between towns goes to the one further below the rate (a review: of two towns short of 3 each, 2 and 1 by list order)
  const rank = new Map([...towns].filter((t) => t.value?.value != null).sort((a, b) => a.value!.value! - b.value!.value!).map((t, i) => [t.code, i]));
  return { district: need, byTown, share: shareOut(need, byTown, rank) };
}

/**
 * `total` shared out in proportion to `weights`, in whole units: each its floor, then one more
 * to the largest remainders (ties first by `tieOrder`, then to the earlier) until the parts add
 * up to `total`; at most its weight each (a town is not asked beyond its own need). Weights of 0 get 0.
 */
export function shareOut(total: number, weights: ReadonlyMap<string, number>, tieOrder: ReadonlyMap<string, number> = new Map()): Map<string, number> {
  const sum = [...weights.values()].reduce((a, b) => a + b, 0);
  const out = new Map<string, number>([...weights.keys()].map((k) => [k, 0]));
  if (sum <= 0 || total <= 0) return out;
  const target = Math.min(total, sum);
  // each part's whole units and what is left of it (at nine decimals, so that 1/3 + 1/3 + 1/3 ties)
  const exact = [...weights].map(([k, w], i) => {
    const x = roundHalfEven((target * w) / sum, 9);
    return { k, w, i, floor: Math.floor(x), rest: roundHalfEven(x - Math.floor(x), 9) };
  });
  for (const e of exact) out.set(e.k, e.floor);
  let left = target - [...out.values()].reduce((a, b) => a + b, 0);
  const order = exact.filter((e) => e.w > 0).sort((a, b) => b.rest - a.rest || (tieOrder.get(a.k) ?? Infinity) - (tieOrder.get(b.k) ?? Infinity) || a.i - b.i);
  for (const e of order) {
    if (left <= 0) break;
    if (out.get(e.k)! < e.w) {
      out.set(e.k, out.get(e.k)! + 1);
      left--;
    }
  }
  return out;
}
