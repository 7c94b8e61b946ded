/**
 * Progress evaluation (进度评价, `spec/evaluation.md`): every computed indicator value is
 * judged against the plan — time progress T, completion progress P, status, binding
 * warnings, the final-year verdict and the 2025 outlook for the district; benchmark, rank,
 * share and change for towns. Pure: no I/O, no formatting (that is `format.ts`).
 *
 * Decisions (for the methodology appendix):
 * - Everything is decided on unrounded values. Comparisons (V ≥ G, R ≥ 0.95, P < 0, ties
 *   in rank) absorb binary floating-point noise with a relative tolerance of 1e-9, far
 *   below any display precision: 0.57 × 100 is 56.99999999999999 in binary, and a value
 *   that is exactly on a boundary (R = 0.95) must fall in the class the table gives it.
 * - Evaluation covers the plan period (baselineYear < Y ≤ targetYear). A baseline-year row
 *   keeps its value (to show the 口径 difference to the plan's baseline) and T = 0, but no
 *   P, status, verdict or outlook.
 * - Maintain targets (G = B) have no P; V ≥ G is 已完成 (held), V < G 未保持. They are
 *   never 提前完成 in a year's status (a maintained level is only achieved by holding it);
 *   their outlook is 预计可保持 when held now, 需加快恢复 when not — never a trend, so a dip
 *   and recovery cannot project a miss.
 * - Outlook from baselineYear + 2 up to the year before the target year: in the target
 *   year the verdict takes its place. A target already met is 已提前完成 without any
 *   projection (an outlook never contradicts the status beside it). Otherwise the trend is
 *   least squares over the baseline point and every non-missing value up to Y; the
 *   baseline point is the value computed from the baseline year's data when there is one
 *   (same 口径 as the later points), else the plan's baseline (0 for cumulative
 *   indicators). No outlook when Y's own value is missing. The trend's outlook is then
 *   reconciled with the status: 快于时序进度 (R ≥ 1: the average pace since the baseline
 *   reaches the target) is at least 预计可完成; 滞后, 明显滞后 and 逆向变化 (that pace does
 *   not) are at most 需加快.
 * - Town ranks are competition ranks (1, 2, 2, 4) over the values as displayed (rounded
 *   to the plan's precision): two towns that print the same figure share the rank, and
 *   `rankShared` says how many do.
 * - 无法评估 on a binding indicator is flagged separately (`isBindingDataWarning`), not as a
 *   performance warning.
 * - Every indicator must be higher-is-better (G ≥ B); a plan with G < B is refused rather
 *   than judged the wrong way round.
 */
import { ConfigError } from '../basics/errors.ts';
import { roundHalfEven } from '../basics/format.ts';
import type { Indicator, Plan, TargetOp } from '../plan/plan.ts';
import type { IndicatorBase } from '../ingest/records.ts';

/** Statuses of a district value, in legend order (best first, missing last). */
export const PLAN_STATUSES = ['已完成', '快于时序进度', '基本符合进度', '滞后', '明显滞后', '逆向变化', '未保持', '无法评估'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Town judgement for ratio indicators, against the district target. */
export const BENCHMARK_STATUSES = ['达到全区目标水平', '未达到全区目标水平'] as const;
export type BenchmarkStatus = (typeof BENCHMARK_STATUSES)[number];

export type Status = PlanStatus | BenchmarkStatus;
export type Verdict = '完成' | '基本完成' | '未完成' | '无法评估';
/**
 * 2025预判 (evaluation.md): a target already met is 已提前完成 (no projection); a maintain
 * target is 预计可保持 when met now, 需加快恢复 when not (never a trend); the others by the
 * linear trend: 预计可完成, 需加快, 难以完成.
 */
export type Outlook = '已提前完成' | '预计可完成' | '需加快' | '难以完成' | '预计可保持' | '需加快恢复';

/** Statuses below 基本符合进度: on a binding indicator, a warning (预警). */
export const WARNING_STATUSES: readonly PlanStatus[] = ['滞后', '明显滞后', '逆向变化', '未保持'];

/** Cut-offs of R = P / T and of the projected P̂ (evaluation.md). */
/** The first year given a 2025预判: two years of values after the baseline (2022), a trend of more than one step. */
export function firstOutlookYear(baselineYear: number): number {
  return baselineYear + 2;
}

export const THRESHOLDS = { onTime: 1, broadly: 0.95, behind: 0.6, verdictBasic: 0.95, outlookLikely: 0.95, outlookSlow: 0.1 } as const;

/** One evaluated row: the input row plus its judgement. Progress values are fractions (0.6 = 60 %). */
export interface IndicatorValue {
  year: number;
  geoCode: string;
  geoLevel: 'district' | 'town';
  indicatorId: number;
  /** Unrounded; null when missing. */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  isComplete: boolean;
  /** multiplier ÷ divisor of the metric (value = numerator × scale, ÷ denominator for a ratio); null when unknown. */
  scale: number | null;
  /** B as used in P: the plan's baseline, 0 for a cumulative indicator. Null for towns (for display use `Indicator.baselineText`). */
  baseline: number | null;
  /** G: the plan's target for the district; for a town the district target as benchmark (ratio indicators), else null. */
  target: number | null;
  targetOp: TargetOp;
  isBinding: boolean;
  /** T = (Y − baselineYear) / (targetYear − baselineYear), every row. */
  timeProgress: number;
  /** P = (V − B) / (G − B); district rows in the plan period with a value, not maintain targets. */
  completionProgress: number | null;
  /** R = P / T, when P is. */
  ratioToTime: number | null;
  /**
   * District rows in the plan period: the plan status. Town rows: the benchmark judgement
   * for ratio indicators, null for counts with a value, 无法评估 for any missing value.
   * Null for district rows outside the plan period (the baseline year).
   */
  status: Status | null;
  /** 已完成 before the target year (提前完成); never for maintain targets. */
  isEarlyCompletion: boolean;
  /** Binding indicator with status 滞后 / 明显滞后 / 逆向变化 / 未保持 (预警). */
  isBindingWarning: boolean;
  /** Binding indicator with no value (无法评估): a data warning, listed apart from performance. */
  isBindingDataWarning: boolean;
  /** Target year, district only: 完成 / 未完成 (binding), 完成 / 基本完成 / 未完成 (expected), 无法评估. */
  verdict: Verdict | null;
  /** 2025预判, district, baselineYear + 2 ≤ Y < targetYear with a value. */
  outlook: Outlook | null;
  /** V̂ at the target year from the linear trend, when an outlook is given. */
  projectedValue: number | null;
  /** Towns, ratio indicators, with a value. */
  benchmark: BenchmarkStatus | null;
  /** Towns, ratio indicators: 1 = highest value among towns with a value that year; ties share a rank (1, 2, 2, 4). */
  rank: number | null;
  /** Number of towns ranked (the "of" in 第 3 / 20 位). */
  rankOf: number | null;
  /** Towns sharing this rank (this one included): 1 when alone; ties are stated, and no rank is given when more than half tie. */
  rankShared: number | null;
  /** Towns, count indicators: V / district V of the same year, as a fraction. */
  shareOfDistrict: number | null;
  /** V(Y) − V(Y − 1) for the same geography, every row where both exist. */
  changeOnLastYear: number | null;
  /**
   * Whether each figure made from other rows' values rests only on complete ones
   * (data-contract §4: a row lost elsewhere can move it though this row's own value is
   * complete): the change on last year (last year's value), a town's rank (every other
   * town's value), its share (the district's), the district's projection (each year's
   * value in the trend). Null where the figure itself is.
   */
  basisComplete: { change: boolean | null; rank: boolean | null; share: boolean | null; projection: boolean | null };
}

/**
 * Whether the figures of `v` made from other values (`basisComplete`) all rest on complete
 * ones: null when it has none of them (the published `is_comparison_complete`).
 */
export function comparisonComplete(v: Pick<IndicatorValue, 'basisComplete'>): boolean | null {
  const known = Object.values(v.basisComplete).filter((x): x is boolean => x !== null);
  return known.length === 0 ? null : known.every(Boolean);
}

const EPS = 1e-9;

/** a ≥ b up to binary noise. */
function atLeast(a: number, b: number): boolean {
  return a >= b - EPS * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Plan status from V, P and T (T > 0). */
export function classify(ind: Pick<Indicator, 'isMaintain'>, value: number | null, target: number, p: number | null, t: number): PlanStatus {
  if (value === null) return '无法评估';
  if (atLeast(value, target)) return '已完成';
  if (ind.isMaintain || p === null) return '未保持';
  if (!atLeast(p, 0)) return '逆向变化';
  const r = p / t;
  if (atLeast(r, THRESHOLDS.onTime)) return '快于时序进度';
  if (atLeast(r, THRESHOLDS.broadly)) return '基本符合进度';
  if (atLeast(r, THRESHOLDS.behind)) return '滞后';
  return '明显滞后';
}

/** Least-squares line through (x, y), evaluated at `at`. Needs two distinct x. */
export function linearProjection(points: ReadonlyArray<readonly [number, number]>, at: number): number | null {
  const n = points.length;
  if (n < 2) return null;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  if (sxx === 0) return null;
  return my + (sxy / sxx) * (at - mx);
}

/**
 * Numeric keys of year × place × indicator (a string key per lookup made judging a 100×
 * input's 290 000 values take a second): places numbered as first seen.
 */
function keyer(plan: Plan): (year: number, geoCode: string, indicatorId: number) => number {
  const places = new Map<string, number>();
  const ids = Math.max(0, ...plan.indicators.map((i) => i.id)) + 1;
  return (year, geoCode, indicatorId) => {
    if (!Number.isInteger(year) || year < 0 || year > 9999) throw new Error(`年度不是四位以内的整数：${year}`);
    let place = places.get(geoCode);
    if (place === undefined) places.set(geoCode, (place = places.size));
    return (place * 10000 + year) * ids + indicatorId;
  };
}

function checkPlan(plan: Plan): void {
  if (plan.targetYear <= plan.baselineYear) {
    throw new ConfigError(`规划 ${plan.id}：目标年 ${plan.targetYear} 应晚于基期年 ${plan.baselineYear}`);
  }
  for (const ind of plan.indicators) {
    const b = ind.baseline ?? 0;
    if (ind.target < b || (ind.target === b && !ind.isMaintain)) {
      throw new ConfigError(`指标 ${ind.id}（${ind.name}）：目标值 ${ind.targetText} 低于基期值，评价规则只适用于越高越好的指标`);
    }
  }
}

/** Evaluate every row of `base` (same order) against `plan`. */
export function evaluate(plan: Plan, base: IndicatorBase[]): IndicatorValue[] {
  checkPlan(plan);
  const { baselineYear, targetYear } = plan;
  const span = targetYear - baselineYear;

  // Index the rows
  const key = keyer(plan);
  const byKey = new Map<number, IndicatorBase>();
  const districtByYear = new Map<string, IndicatorBase>();
  for (const row of base) {
    if (!plan.indicatorById.has(row.indicatorId)) throw new Error(`指标值引用了规划中没有的指标 ${row.indicatorId}`);
    const k = key(row.year, row.geoCode, row.indicatorId);
    if (byKey.has(k)) throw new Error(`指标值重复：${row.year} 年 ${row.geoCode} 指标 ${row.indicatorId}`);
    byKey.set(k, row);
    if (row.geoLevel === 'district') {
      const dk = `${row.year}|${row.indicatorId}`;
      if (districtByYear.has(dk)) throw new Error(`${row.year} 年指标 ${row.indicatorId} 有不止一个全区值`);
      districtByYear.set(dk, row);
    }
  }

  // Rank towns on ratio indicators, per year and indicator, as displayed
  const ranks = new Map<IndicatorBase, { rank: number; of: number; shared: number; othersComplete: boolean }>();
  const groups = new Map<string, IndicatorBase[]>();
  for (const row of base) {
    if (row.geoLevel !== 'town' || row.value === null) continue;
    if (plan.indicatorById.get(row.indicatorId)!.aggregation !== 'ratio') continue;
    const gk = `${row.year}|${row.indicatorId}`;
    const g = groups.get(gk);
    if (g) g.push(row);
    else groups.set(gk, [row]);
  }
  for (const rows of groups.values()) {
    const precision = plan.indicatorById.get(rows[0]!.indicatorId)!.precision;
    // Each value rounded once (the decimal rounding is too slow to repeat in a comparator)
    const sorted = rows.map((row) => ({ row, shown: roundHalfEven(row.value!, precision) })).sort((a, b) => b.shown - a.shown);
    const sharing = new Map<number, number>();
    for (const r of sorted) sharing.set(r.shown, (sharing.get(r.shown) ?? 0) + 1);
    // every town's place rests on the others' values: complete unless one of them is not
    const incomplete = rows.filter((row) => !row.isComplete);
    let rank = 0;
    sorted.forEach(({ row, shown }, i) => {
      if (i === 0 || shown !== sorted[i - 1]!.shown) rank = i + 1;
      const othersComplete = incomplete.length === 0 || (incomplete.length === 1 && incomplete[0] === row);
      ranks.set(row, { rank, of: sorted.length, shared: sharing.get(shown)!, othersComplete });
    });
  }

  /** A value shown but made from incomplete data (a missing one is said to be missing, not built on). */
  const shownIncomplete = (row: IndicatorBase | undefined): boolean => !!row && row.value !== null && !row.isComplete;

  // Judge each row
  return base.map((row): IndicatorValue => {
    const ind = plan.indicatorById.get(row.indicatorId)!;
    const y = row.year;
    const v = row.value;
    const prevRow = byKey.get(key(y - 1, row.geoCode, ind.id));
    const prev = prevRow?.value ?? null;
    const change = v !== null && prev !== null ? v - prev : null;
    const out: IndicatorValue = {
      year: y, geoCode: row.geoCode, geoLevel: row.geoLevel, indicatorId: ind.id,
      value: v, numerator: row.numerator, denominator: row.denominator, isComplete: row.isComplete, scale: row.scale ?? null,
      baseline: null, target: null, targetOp: ind.targetOp, isBinding: ind.isBinding,
      timeProgress: (y - baselineYear) / span, completionProgress: null, ratioToTime: null,
      status: null, isEarlyCompletion: false, isBindingWarning: false, isBindingDataWarning: false,
      verdict: null, outlook: null, projectedValue: null,
      benchmark: null, rank: null, rankOf: null, rankShared: null, shareOfDistrict: null,
      changeOnLastYear: change,
      basisComplete: { change: change === null ? null : !shownIncomplete(prevRow), rank: null, share: null, projection: null },
    };
    if (row.geoLevel === 'town') return judgeTown(out, ind, districtByYear.get(`${y}|${ind.id}`), ranks.get(row));
    return judgeDistrict(out, ind, plan, (year) => byKey.get(key(year, row.geoCode, ind.id)));
  });
}

function judgeTown(
  out: IndicatorValue,
  ind: Indicator,
  district: IndicatorBase | undefined,
  rank: { rank: number; of: number; shared: number; othersComplete: boolean } | undefined,
): IndicatorValue {
  const v = out.value;
  const districtValue = district?.value ?? null;
  if (ind.aggregation === 'ratio') {
    out.target = ind.target;
    if (v !== null) {
      out.benchmark = atLeast(v, ind.target) ? '达到全区目标水平' : '未达到全区目标水平';
      out.rank = rank?.rank ?? null;
      out.rankOf = rank?.of ?? null;
      out.rankShared = rank?.shared ?? null;
      if (rank) out.basisComplete.rank = rank.othersComplete;
    }
    out.status = out.benchmark ?? '无法评估';
  } else {
    if (v !== null && districtValue !== null && districtValue !== 0) {
      out.shareOfDistrict = v / districtValue;
      out.basisComplete.share = district!.isComplete;
    }
    out.status = v === null ? '无法评估' : null;
  }
  return out;
}

function judgeDistrict(
  out: IndicatorValue,
  ind: Indicator,
  plan: Plan,
  rowOf: (year: number) => IndicatorBase | undefined,
): IndicatorValue {
  const { baselineYear, targetYear } = plan;
  const y = out.year;
  const v = out.value;
  const b = ind.baseline ?? 0;
  const g = ind.target;
  out.baseline = b;
  out.target = g;
  if (y <= baselineYear || y > targetYear) return out;

  const t = out.timeProgress;
  const judged = judgeDistrictValue(ind, plan, y, v);
  out.completionProgress = judged.completionProgress;
  if (judged.completionProgress !== null) out.ratioToTime = judged.completionProgress / t;
  const status = judged.status;
  out.status = status;
  // 提前完成 before the target year; a maintain target only when met every year of the period so far
  // (evaluation.md: “and, for maintain targets, every year met”; a year without a value is not met)
  out.isEarlyCompletion = status === '已完成' && y < targetYear && (!ind.isMaintain || metEveryYear(ind, baselineYear, y, rowOf));
  out.isBindingWarning = ind.isBinding && WARNING_STATUSES.includes(status);
  out.isBindingDataWarning = ind.isBinding && status === '无法评估';
  out.verdict = judged.verdict ?? out.verdict;

  // Outlook: never against the status; a trend only for a target not yet met
  if (v !== null && y >= firstOutlookYear(baselineYear) && y < targetYear) {
    if (ind.isMaintain) out.outlook = status === '已完成' ? '预计可保持' : '需加快恢复';
    else if (status === '已完成') out.outlook = '已提前完成';
    else {
      const points: Array<[number, number]> = [[baselineYear, rowOf(baselineYear)?.value ?? b]];
      let pointsComplete = true;
      for (let year = baselineYear; year <= y; year++) {
        const r = rowOf(year);
        if (r?.value == null) continue;
        if (year > baselineYear) points.push([year, r.value]);
        if (year < y && !r.isComplete) pointsComplete = false;
      }
      const projected = linearProjection(points, targetYear);
      out.projectedValue = projected;
      if (projected !== null) {
        out.basisComplete.projection = pointsComplete;
        out.outlook = trendOutlook(ind, projected);
        // Reconciled with the status beside it: ahead of time progress (R ≥ 1), the average
        // pace since the baseline reaches the target by the target year; behind it (滞后 and
        // below), that pace does not, so the work needs speeding up whatever the trend says.
        if (status === '快于时序进度' && out.outlook !== '预计可完成') out.outlook = '预计可完成';
        else if ((status === '滞后' || status === '明显滞后' || status === '逆向变化') && out.outlook === '预计可完成') out.outlook = '需加快';
      }
    }
  }
  return out;
}

/** Whether a (maintain) target was met in every year from the first of the period to `year`, each with a value. */
function metEveryYear(ind: Indicator, baselineYear: number, year: number, rowOf: (year: number) => IndicatorBase | undefined): boolean {
  for (let y = baselineYear + 1; y <= year; y++) {
    const v = rowOf(y)?.value;
    if (v == null || !atLeast(v, ind.target)) return false;
  }
  return true;
}

/** P̂: the completion progress a projected value would be (B as in P: 0 for a cumulative indicator). */
export function projectedProgress(ind: Pick<Indicator, 'baseline' | 'target'>, projected: number): number {
  const b = ind.baseline ?? 0;
  return (projected - b) / (ind.target - b);
}

/** The outlook the trend alone gives (P̂ of the projected value against the cut-offs), before it is reconciled with the status. */
export function trendOutlook(ind: Pick<Indicator, 'baseline' | 'target'>, projected: number): '预计可完成' | '需加快' | '难以完成' {
  const pp = projectedProgress(ind, projected);
  return atLeast(pp, THRESHOLDS.outlookLikely) ? '预计可完成' : atLeast(pp, THRESHOLDS.outlookSlow) ? '需加快' : '难以完成';
}

/**
 * The district's judgement of value `v` of year `year` (in the plan period): P, the status
 * and, in the target year, the verdict — for the evaluated values (judgeDistrict) and for a
 * value as it would be on other data (a cell a department is asked to check, read at last
 * year's value: present/doubtful.ts).
 */
export function judgeDistrictValue(ind: Indicator, plan: Plan, year: number, v: number | null): { completionProgress: number | null; status: PlanStatus; verdict: Verdict | null } {
  const b = ind.baseline ?? 0;
  const g = ind.target;
  const t = (year - plan.baselineYear) / (plan.targetYear - plan.baselineYear);
  const p = v !== null && !ind.isMaintain ? (v - b) / (g - b) : null;
  const status = classify(ind, v, g, p, t);
  let verdict: Verdict | null = null;
  if (year === plan.targetYear) {
    if (v === null) verdict = '无法评估';
    else if (atLeast(v, g)) verdict = '完成';
    else if (!ind.isBinding && p !== null && atLeast(p, THRESHOLDS.verdictBasic)) verdict = '基本完成';
    else verdict = '未完成';
  }
  return { completionProgress: p, status, verdict };
}

export interface StatusTally {
  year: number;
  /** District rows of the year per status, all indicators. */
  all: Record<PlanStatus, number>;
  /** The same for binding indicators. */
  binding: Record<PlanStatus, number>;
  /** District rows judged (with a status) that year. */
  total: number;
  bindingTotal: number;
  /** Rows with `isBindingWarning`. */
  bindingWarnings: number;
  /** Rows with `isBindingDataWarning`. */
  bindingDataWarnings: number;
  /** Rows with `isEarlyCompletion` (提前完成). */
  earlyCompletions: number;
}

function zeroCounts(): Record<PlanStatus, number> {
  return Object.fromEntries(PLAN_STATUSES.map((s) => [s, 0])) as Record<PlanStatus, number>;
}

function isPlanStatus(s: Status | null): s is PlanStatus {
  return s !== null && (PLAN_STATUSES as readonly string[]).includes(s);
}

/** Counts per status of the district's indicators in `year` (all, and binding only). */
export function statusTally(values: readonly IndicatorValue[], year: number): StatusTally {
  const tally: StatusTally = {
    year, all: zeroCounts(), binding: zeroCounts(), total: 0, bindingTotal: 0,
    bindingWarnings: 0, bindingDataWarnings: 0, earlyCompletions: 0,
  };
  for (const v of values) {
    if (v.year !== year || v.geoLevel !== 'district' || !isPlanStatus(v.status)) continue;
    tally.all[v.status] += 1;
    tally.total += 1;
    if (v.isBinding) {
      tally.binding[v.status] += 1;
      tally.bindingTotal += 1;
    }
    if (v.isBindingWarning) tally.bindingWarnings += 1;
    if (v.isBindingDataWarning) tally.bindingDataWarnings += 1;
    if (v.isEarlyCompletion) tally.earlyCompletions += 1;
  }
  return tally;
}

/** Years that are judged and reported: the plan years among the values, in order. */
export function reportYears(plan: Plan, values: readonly IndicatorValue[]): number[] {
  return [...new Set(values.map((v) => v.year))].filter((y) => y >= plan.period.start && y <= plan.period.end).sort((a, b) => a - b);
}
