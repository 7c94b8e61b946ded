/**
 * Notes under a table of district values that keep it from seeming to contradict itself: a
 * printed baseline the data give differently (evaluation.md: the printed one is shown, the
 * data's said), a count over the period with none printed, and a value that prints at its
 * target (or, moving away, at its baseline) while below it. Marks are circled numbers, in
 * order; the reports' 表1 and record table and the site's indicator pages share them.
 */
import { formatNumber, formatPercent, formatPrinted, formatValue, roundHalfEven } from '../basics/format.ts';
import { judgeDistrictValue, projectedProgress, THRESHOLDS, trendOutlook, type IndicatorValue } from '../evaluate/evaluate.ts';
import type { Indicator, Plan } from '../plan/plan.ts';
import { differingBaseline } from '../evaluate/printed-baseline.ts';
import { dataBaselineBelow, decimalsBelow, decimalsBelowTarget, gapPhrase, quote } from './phrases.ts';
import { absoluteGap, wholeUnits } from '../evaluate/gaps.ts';
import type { ValueIndex } from './value-index.ts';

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩';

/** The n-th note mark (0-based): ①…⑩, then (11), (12)…. */
export function circled(n: number): string {
  return CIRCLED[n] ?? `(${n + 1})`;
}

/**
 * Notes on baselines: those the data give differently at the printed precision (`①按科室报送数据计算为31.8%`, counted as `mismatches`), and a count over the plan period, which has none printed.
 * Marks go on after `taken` notes.
 */
export function baselineNotes(plan: Plan, values: ValueIndex, year?: number, taken = 0): { marks: Map<number, string>; notes: string[]; mismatches: number } {
  const marks = new Map<number, string>();
  const notes: string[] = [];
  let mismatches = 0;
  for (const ind of plan.indicators) {
    // a count over the plan period has no baseline printed: it starts from 0 (evaluation.md)
    if (ind.isCumulative && ind.baseline === null) {
      const mark = circled(taken + marks.size);
      marks.set(ind.id, mark);
      notes.push(`${mark}指标${ind.id}${quote(ind.name)}是规划期内的累计数，规划未列${plan.baselineYear}年基期值，完成进度按基期值0计算。`);
      continue;
    }
    const computed = differingBaseline(ind, values.districtValue(plan.baselineYear, ind.id)?.value);
    if (computed === null) continue;
    const mark = circled(taken + marks.size);
    marks.set(ind.id, mark);
    const odd = unreachableShare(ind, values.districtValue(plan.baselineYear, ind.id)?.denominator);
    notes.push(`${mark}指标${ind.id}${quote(ind.name)}的${plan.baselineYear}年基期值按规划印发的数值${formatPrinted(ind, ind.baselineText)}计；按科室报送数据计算为${formatValue(ind, computed)}${year === undefined ? '' : otherBaselineJudgement(plan, ind, computed, values.districtValue(year, ind.id))}${odd ? `；${odd}` : ''}。`);
    mismatches += 1;
  }
  return { marks, notes, mismatches };
}

/**
 * A printed baseline share that no whole number of the units counted gives (a review: 30.3 % of
 * 22 镇街 is 6.67 of them): `30.3%不是22个镇街中整数个所占的比例（6个为27.3%、7个为31.8%），其口径
 * 待核实` — the plan's figure was reckoned on other units, or mistyped. Null where one does, or
 * for another kind of indicator.
 */
export function unreachableShare(ind: Indicator, denominator: number | null | undefined): string | null {
  const label = ind.denominatorLabel;
  if (ind.unit !== '%' || ind.aggregation !== 'ratio' || ind.baseline === null || !label || denominator == null) return null;
  if (!Number.isInteger(denominator) || denominator <= 0 || denominator > 1000) return null;
  const decimals = /\.(\d+)$/.exec(ind.baselineText)?.[1]?.length ?? 0;
  const shareOf = (k: number) => roundHalfEven((100 * k) / denominator, decimals);
  const below = Math.floor((ind.baseline * denominator) / 100);
  if (shareOf(below) === ind.baseline || (below < denominator && shareOf(below + 1) === ind.baseline)) return null;
  // said to one place at least, as the data's own share beside it is (a site review: 计算为9.1% beside 2个为9%、3个为14%)
  const shown = Math.max(decimals, 1);
  const near = [below, below + 1].filter((k) => k >= 0 && k <= denominator).map((k) => `${formatNumber(k)}${label.unit}为${formatNumber(roundHalfEven((100 * k) / denominator, shown), shown)}%`);
  return `${formatPrinted(ind, ind.baselineText)}不是${formatNumber(denominator)}${label.unit}${label.name}中整数${label.unit}所占的比例（${near.join('、')}），其口径待核实`;
}

/**
 * Where the data's own baseline would judge the year's value otherwise, what it would give:
 * `；以此为基期，2024年完成进度为75.0%，评价为“滞后”（本报告按规划印发的数值评价）` — a binding warning
 * can hang on which baseline is taken, and the reader is told (the 2024 review: 公益性公墓
 * 基本符合进度 on 70 %, 滞后 on the data's 71.4 %). The final year compares the verdict.
 */
function otherBaselineJudgement(plan: Plan, ind: Indicator, computed: number, v: IndicatorValue | undefined): string {
  if (!v || v.value === null || v.year <= plan.baselineYear || ind.isMaintain) return '';
  const other = judgeDistrictValue({ ...ind, baseline: computed }, plan, v.year, v.value);
  const final = v.year >= plan.targetYear;
  if (final ? other.verdict === v.verdict : other.status === v.status) return '';
  const p = other.completionProgress === null ? '' : `完成进度为${formatPercent(other.completionProgress)}，`;
  return `；以此为基期，${v.year}年${p}${final ? `期末结论为“${other.verdict}”` : `评价为“${other.status}”`}（本报告按规划印发的数值评价）`;
}

/**
 * Notes for values that print at the target while below it (0.1495万人 prints 0.15 against
 * ≥0.15): statuses are judged on unrounded values (evaluation.md), so the note gives the
 * value unrounded, as far as it takes to fall below the target, and the table does not seem
 * to contradict itself. Marks go on after `taken` (the baseline notes'); keyed `id:year`.
 */
export function roundingNotes(
  plan: Plan, values: ValueIndex, years: readonly number[], taken: number, progressYears: readonly number[] = years,
): { marks: Map<string, string>; progressMarks: Map<string, string>; notes: string[] } {
  const marks = new Map<string, string>();
  const progressMarks = new Map<string, string>();
  const notes: string[] = [];
  const next = () => circled(taken + marks.size + progressMarks.size);
  for (const ind of plan.indicators) {
    for (const y of years) {
      const value = values.districtValue(y, ind.id);
      const v = value?.value ?? null;
      if (v === null) continue;
      if (progressYears.includes(y) && value) {
        const note = progressNote(ind, value);
        if (note !== null) {
          const mark = next();
          progressMarks.set(`${ind.id}:${y}`, mark);
          notes.push(`${mark}指标${ind.id}的${y}年${note}`);
        }
      }
      // below the target, or (moving away from it) below the baseline, yet printed as it
      const belowTarget = decimalsBelowTarget(ind, v);
      const belowBaseline = value?.status === '逆向变化' && ind.baseline !== null ? decimalsBelow(ind.baseline, ind.precision, v) : null;
      const decimals = belowTarget ?? belowBaseline;
      if (decimals === null) continue;
      const mark = next();
      marks.set(`${ind.id}:${y}`, mark);
      // the comparison first, the rounding after it: '表中修约为0.15万人；低于目标值0.15万人' read as
      // 0.15 below 0.15 (a review)
      const actual = `${mark}指标${ind.id}的${y}年实际值为${formatNumber(v, decimals)}${ind.unit}`;
      const rounded = `表中修约后为${formatValue(ind, v)}`;
      // the period's table (final evaluation) shows no year's verdict: what the value means, not how it was rated
      const period = years.length > 1;
      if (belowTarget !== null) {
        notes.push(`${actual}，低于目标值${ind.targetText.trim()}${ind.unit}，${period ? '当年未达到目标' : '尚未达到目标，不评为“已完成”'}（${rounded}）。`);
        continue;
      }
      // Below the plan's baseline, yet up on the baseline year's figure of the data (4.98 against
      // 4.956): the table's 逆向变化 is against the plan, not a fall, and the note says so.
      const computed = dataBaselineBelow(ind, v, values.districtValue(plan.baselineYear, ind.id)?.value ?? null);
      const rose = computed === null ? '' : `；按科室报送数据计算的${plan.baselineYear}年为${computed}，实际值比之有所增加`;
      notes.push(period ? `${actual}，低于规划基期值${ind.baselineText.trim()}${ind.unit}（${rounded}${rose}）。` : `${actual}，低于基期值${ind.baselineText.trim()}${ind.unit}，评为逆向变化（${rounded}${rose}）。`);
    }
  }
  return { marks, progressMarks, notes };
}

/**
 * A 完成进度 that prints at the share of 时序进度 its status starts from while below it (37.9999 %
 * prints 38.0 %, 95 % of 40.0 %, rated 滞后): statuses are judged on unrounded values, so the
 * note gives it unrounded, as far as it takes to fall below, and the table does not seem to
 * contradict itself (the 2022 review: 38.0 % against 40.0 % read as 基本符合进度). Null for any
 * other value.
 */
function progressNote(ind: Indicator, v: IndicatorValue): string | null {
  const below = progressBelowShown(v);
  if (!below) return null;
  const { share, next, decimals } = below;
  const [p, t] = [v.completionProgress!, v.timeProgress];
  const of = share === 1 ? `低于时序进度${formatPercent(t)}` : `不足时序进度${formatPercent(t)}的${formatNumber(share * 100)}%（${formatPercent(share * t)}）`;
  const verdict = v.verdict !== null && !v.isBinding ? `，期末结论为“${v.verdict}”` : '';
  return `完成进度为${formatNumber(p * 100, decimals)}%，${of}，评为“${v.status}”${verdict}（表中修约后为${formatPercent(p)}）${crossing(ind, v, share * t, next)}。`;
}

/** Where a 完成进度 prints at the share of 时序进度 its status starts from while below it: that share, the status above, and the decimals that show it below; null otherwise. */
function progressBelowShown(v: IndicatorValue): { share: number; next: string; decimals: number } | null {
  const p = v.completionProgress;
  const t = v.timeProgress;
  if (p === null || !(t > 0) || v.status === null || v.status === '已完成' || v.status === '逆向变化') return null;
  for (const [share, next] of [[THRESHOLDS.onTime, '快于时序进度'], [THRESHOLDS.broadly, '基本符合进度'], [THRESHOLDS.behind, '滞后']] as const) {
    const decimals = decimalsBelow(share * t * 100, 1, p * 100);
    if (decimals !== null) return { share, next, decimals };
  }
  return null;
}

/**
 * A 完成进度 as the text gives it: as far as it takes to fall below the share of 时序进度 its
 * status starts from where it prints at it (37.9999 %, not 38.0 % beside 40.0 % and 滞后: the 2022
 * review read 38.0 ÷ 40.0 = 0.95 as 基本符合进度 and the text as wrong), else to one decimal.
 */
export function progressShown(v: IndicatorValue): string {
  const below = progressBelowShown(v);
  return below ? `${formatNumber(v.completionProgress! * 100, below.decimals)}%` : formatPercent(v.completionProgress);
}

/**
 * How little more would have taken a value across the line it falls just short of, in the
 * indicator's own terms: `；再有1名实名注册志愿者即为“基本符合进度”` (the 2022 review: a status
 * decided by one person read like a real decline). '' where it cannot be said in whole units.
 */
function crossing(ind: Indicator, v: IndicatorValue, progress: number, status: string): string {
  const base = ind.isCumulative ? 0 : ind.baseline;
  if (base === null || ind.target === null || !ind.gapPhrase || /\{n\.\d\}/.test(ind.gapPhrase)) return '';
  const need = absoluteGap(ind, v, base + progress * (ind.target - base));
  if (need === null || need <= 0) return '';
  const what = gapPhrase(ind, wholeUnits(need), { exact: true }).replace(/^(还需增加|还需|还差)/, '');
  return `；再有${what}即为“${status}”`;
}

/**
 * An outlook the status overrode (evaluation's reconciliation: 快于时序进度 is at least 预计可完成,
 * 滞后 and below at most 需加快), said with the trend's own figure: the site review found five
 * outlooks no reader could get from the projected value beside them (2023's 预计可完成 of a trend
 * at 86.7 %). Null where the outlook is the trend's.
 */
export function reconciledOutlookNote(plan: Pick<Plan, 'baselineYear' | 'targetYear'>, ind: Indicator, v: IndicatorValue | undefined): string | null {
  if (!v?.outlook || v.projectedValue === null) return null;
  const trend = trendOutlook(ind, v.projectedValue);
  if (trend === v.outlook) return null;
  const pp = projectedProgress(ind, v.projectedValue);
  return `按${plan.baselineYear}—${v.year}年的趋势推算，${plan.targetYear}年约为${formatValue(ind, v.projectedValue)}（相当于完成进度${formatPercent(pp)}，单看趋势为“${trend}”）；因当年进度评价为“${v.status}”，预判定为“${v.outlook}”（预判不与进度评价相矛盾，见评价方法）。`;
}
