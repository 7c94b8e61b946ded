/**
 * The report's prose (评估报告文字): Chinese sentences generated from the evaluated
 * indicator values, in the register of a government evaluation report. Pure functions.
 *
 * The text never contradicts the indicator table:
 * - every number goes through `format.ts` with the indicator's precision and unit, so a
 *   value in a sentence is the value printed in the table (`6.2张`, `64.7%`, `0.28万人`);
 * - a change is the difference of the two printed figures (`difference`), so a
 *   reader who subtracts the table's figures gets the sentence's figure;
 * - completion and time progress are compared as printed (one decimal of a per cent):
 *   equal printed values are 与时序进度持平 whatever the unrounded status says;
 * - statuses are the table's status words (evaluate.ts decides them, this module only
 *   words them): 基本符合进度, 进度滞后, 进度明显滞后, 逆向变化, 未保持, 无法评估.
 *
 * Wording decisions:
 * - Stocks open with 截至Y年底; flow indicators (every source sheet is a 全年数 sheet in
 *   the data contract, i.e. 节地生态安葬率) with Y年; the cumulative indicator with
 *   `start年以来累计`.
 * - Changes of % indicators are in 个百分点 (never %), of unitless ratios bare (`提高0.05`).
 * - Maintain targets (G = B) are worded as held or not held, without completion progress.
 * - A name that begins with 全区 (全区社区社会组织数量) loses it where 全区 or a town
 *   name is put in front.
 * - Recommendations per indicator come from `data/text/recommendations.txt`, a file the
 *   evaluation office edits: templates with named slots, documented at the top of the file.
 */
import { SHEET_BY_NAME } from '../plan/contract.ts';
import { PLAN_STATUSES, type IndicatorValue, type PlanStatus, type Verdict } from '../evaluate/evaluate.ts';
import {
  chineseNumeral, difference, formatDelta, formatNumber, formatPercent, isNoChange, townSpec,
  formatPrinted, formatTarget, formatValue,
} from '../basics/format.ts';
import type { Indicator, Plan } from '../plan/plan.ts';
import { gapText, quote, rankText, timeComparison } from './phrases.ts';

// ---- small helpers ------------------------------------------------------------

/** The name without a leading 全区, for putting 全区 or a town in front. */
function bareName(ind: Indicator): string {
  return ind.name.replace(/^全区/, '');
}

/** A name in quotation marks, as a report cites an indicator. */
function quoted(ind: Indicator): string {
  return quote(ind.name);
}

/** A flow (时期) indicator: every source sheet reports a whole year's numbers (`全年数`). */
export function isFlowIndicator(ind: Indicator): boolean {
  if (ind.isCumulative || ind.sourceSheets.length === 0) return false;
  return ind.sourceSheets.every((s) => SHEET_BY_NAME.get(s)?.grain.includes('全年') ?? false);
}

/** The plan's target as printed, with 不低于 for `>=` targets: `7张`, `不低于80%`. */
function targetPhrase(ind: Indicator): string {
  return formatTarget(ind, { words: true });
}

/** The target level for maintain targets (no 不低于): `100%`, `20家`. */
function targetLevel(ind: Indicator): string {
  return formatPrinted(ind, ind.targetText);
}

function count(n: number): string {
  return formatNumber(n, 0);
}

function statusOf(v: IndicatorValue | undefined): PlanStatus {
  const s = v?.status;
  return s && (PLAN_STATUSES as readonly string[]).includes(s) ? (s as PlanStatus) : '无法评估';
}

function checkRow(ind: Indicator, v: IndicatorValue, level: 'district' | 'town'): void {
  if (v.indicatorId !== ind.id) throw new Error(`指标值属于指标 ${v.indicatorId}，不是指标 ${ind.id}`);
  if (v.geoLevel !== level) throw new Error(`指标 ${ind.id} 的 ${v.geoCode} 值应为${level === 'district' ? '全区' : '镇街'}值`);
}

/** Completion clause verb: 完成规划目标的 for the cumulative indicator (a share of the total), else 完成进度为 (完成规划目标进度的6.7% read awkwardly: the 2021 review). */
function completedOf(ind: Indicator): string {
  return ind.isCumulative ? '完成规划目标的' : '完成进度为';
}

/** Change since the plan's baseline, as printed: `，较2020年增加1.2张` / `，与2020年持平`. Empty for cumulative and maintain indicators. */
function changeSinceBaseline(plan: Plan, ind: Indicator, v: IndicatorValue): string {
  if (ind.isCumulative || ind.isMaintain) return '';
  const d = difference(ind.baseline, v.value);
  if (d === null) return '';
  if (isNoChange(d)) return `，与${plan.baselineYear}年持平`;
  return `，较${plan.baselineYear}年${formatDelta(ind, d)}`;
}

/** Maintain targets: held at / above / below the level. */
function maintainClause(plan: Plan, ind: Indicator, v: IndicatorValue): string {
  const d = difference(ind.target, v.value) ?? 0;
  // Shown as the target's figure though not equal to it: 略高于 / 略低于.
  const shownEqual = formatValue(ind, v.value) === formatValue(ind, ind.target);
  const final = v.year >= plan.targetYear;
  if (v.status === '已完成') return isNoChange(d) || shownEqual ? `，保持在${targetLevel(ind)}的目标水平` : `，高于${targetLevel(ind)}的目标水平`;
  return `，${shownEqual ? '略低于' : '低于'}规划要求的${targetLevel(ind)}，未保持目标水平${final ? '' : '，需尽快恢复'}`;
}

/** The progress clause of a district value with a status. */
function progressClause(plan: Plan, ind: Indicator, v: IndicatorValue): string {
  const final = v.year >= plan.targetYear;
  const p = `${completedOf(ind)}${formatPercent(v.completionProgress)}`;
  // The period is over: what was reached (and, in the verdict, what is missing), not the schedule.
  if (final && (v.status === '快于时序进度' || v.status === '基本符合进度' || v.status === '滞后' || v.status === '明显滞后')) return `，${p}`;
  switch (v.status) {
    case '已完成':
      if (ind.isMaintain) return maintainClause(plan, ind, v);
      if (v.isEarlyCompletion) return `，已提前完成规划目标（${plan.targetYear}年目标为${targetPhrase(ind)}）`;
      return `，${p}`;
    case '快于时序进度':
      return `，${p}，${timeComparison(v, '落后')}`;
    case '基本符合进度':
      return `，${p}，${timeComparison(v, '略慢于')}，基本符合进度要求`;
    case '滞后':
      return `，${p}，${timeComparison(v, '落后')}，进度滞后${final ? '' : '，需加快推进'}`;
    case '明显滞后':
      return `，${p}，${timeComparison(v, '落后')}，进度明显滞后${final ? '' : '，需加大推进力度'}`;
    case '逆向变化':
      return `，与规划目标方向相反，呈逆向变化${final ? '' : '，需扭转下降趋势'}`;
    case '未保持':
      return maintainClause(plan, ind, v);
    default:
      return '';
  }
}

const VERDICT_SENTENCE: Record<'完成' | '基本完成' | '未完成', string> = {
  完成: '规划期末，该指标已完成规划目标。',
  基本完成: '规划期末，该指标基本完成规划目标。',
  未完成: '规划期末，该指标未完成规划目标。',
};

function outlookSentence(plan: Plan, ind: Indicator, v: IndicatorValue): string {
  const g = plan.targetYear;
  if (ind.isMaintain) {
    if (v.outlook === '预计可保持') return `预计${g}年可保持目标水平。`;
    if (v.outlook === '需加快恢复') return `需加快恢复到规划要求的水平。`;
    return '';
  }
  switch (v.outlook) {
    case '预计可完成':
      return `按当前趋势，预计${g}年可完成目标。`;
    case '需加快':
      return `按当前趋势，${g}年如期完成目标存在一定困难，需加快进度。`;
    case '难以完成':
      return `按当前趋势，预计${g}年难以完成目标，需采取有力措施。`;
    default:
      return '';
  }
}

// ---- 1. the paragraph of one indicator (district) ---------------------------------

export interface ParagraphOptions {
  /**
   * What is missing when the value is (the loader knows: sheets, columns), e.g.
   * `["殡葬安葬表"]`; named in the sentence. Without it the sentence says 相关统计数据.
   */
  missing?: readonly string[];
  /**
   * The final verdict rests on data to be checked first (present/verdict-checks.ts): said as
   * what the data that passed give, to be confirmed — not 已完成 flatly under the page's 数据待核实
   * (the review of the flawed sample).
   */
  toCheck?: boolean;
}

/**
 * One paragraph on a district value of year Y: value, change since the baseline,
 * progress against time, status, binding warning, final-year verdict and 2025 outlook.
 * `history` is the district's rows of the same indicator 2020…Y (used for the last known
 * value when Y's is missing).
 */
export function indicatorParagraph(
  plan: Plan,
  ind: Indicator,
  v: IndicatorValue,
  history: readonly IndicatorValue[],
  opts: ParagraphOptions = {},
): string {
  checkRow(ind, v, 'district');
  const y = v.year;
  const bare = bareName(ind);

  // Baseline year (or before): the computed value beside the plan's baseline, no judgement.
  if (y <= plan.baselineYear) {
    const given = ind.baselineText ? `（规划基期值为${formatPrinted(ind, ind.baselineText)}）` : '';
    return v.value === null
      ? `${y}年为规划基期年，全区${bare}数据缺失${given}。`
      : `${y}年为规划基期年，全区${bare}为${formatValue(ind, v.value)}${given}。`;
  }

  // Missing value: 无法评估.
  if (v.value === null) {
    const what = opts.missing && opts.missing.length > 0 ? opts.missing.join('、') : '相关统计数据';
    const last = history
      .filter((h) => h.indicatorId === ind.id && h.geoLevel === 'district' && h.year < y && h.value !== null)
      .sort((a, b) => b.year - a.year)[0];
    const lastText = last ? `（最近一次有数据的${last.year}年为${formatValue(ind, last.value)}）` : '';
    const binding = ind.isBinding ? '该指标为约束性指标，需尽快补齐数据。' : '';
    return `${y}年，全区${bare}因${what}缺失，本年度无法评估${lastText}。${binding}`;
  }

  // Opening: value (and change since the baseline).
  const val = formatValue(ind, v.value);
  let opening: string;
  if (ind.isCumulative) {
    opening = y > plan.period.start ? `${plan.period.start}年以来累计${bare}${val}` : `${y}年全区${bare}${val}`;
  } else {
    const rising = !ind.isMaintain && (difference(ind.baseline, v.value) ?? 0) > 0;
    opening = isFlowIndicator(ind) ? `${y}年全区${bare}为${val}` : `截至${y}年底，全区${bare}${rising ? '达到' : '为'}${val}`;
  }
  const sentences = [`${opening}${changeSinceBaseline(plan, ind, v)}${progressClause(plan, ind, v)}。`];
  if (v.verdict && v.verdict !== '无法评估') {
    const gap = v.verdict === '完成' ? null : gapText(ind, v);
    if (opts.toCheck && (v.verdict === '完成' || v.verdict === '基本完成')) sentences.push(`规划期末，按现有数据，该指标${v.verdict === '完成' ? '已完成' : '基本完成'}规划目标，${gap ? `${gap}，` : ''}结论待核实。`);
    else sentences.push(gap ? VERDICT_SENTENCE[v.verdict].replace(/。$/, `，${gap}。`) : VERDICT_SENTENCE[v.verdict]);
  }
  if (v.isBindingWarning && y < plan.targetYear) sentences.push('该指标为约束性指标，已列入预警。');
  if (v.outlook && y < plan.targetYear) sentences.push(outlookSentence(plan, ind, v));
  return sentences.join('');
}

// ---- 2. a town's sentence ---------------------------------------------------------

/**
 * One sentence on a town's value for the town report: value; for ratio indicators the
 * comparison with the district value, the benchmark (达到/未达到全区目标水平) and the rank;
 * for counts the share of the district; the change on last year.
 */
export function townSentence(plan: Plan, ind: Indicator, town: IndicatorValue, district: IndicatorValue | null, townName: string): string {
  checkRow(ind, town, 'town');
  if (district) checkRow(ind, district, 'district');
  const y = town.year;
  const bare = bareName(ind);
  if (town.value === null) return `${y}年，${townName}${bare}缺少数据，无法评估。`;

  const spec = townSpec(ind);
  const val = formatValue(spec, town.value);
  let s: string;
  if (ind.isCumulative) s = y > plan.period.start ? `${plan.period.start}年以来，${townName}累计${bare}${val}` : `${y}年，${townName}${bare}${val}`;
  else if (isFlowIndicator(ind)) s = `${y}年，${townName}${bare}为${val}`;
  else s = `截至${y}年底，${townName}${bare}为${val}`;

  if (ind.aggregation === 'ratio') {
    const d = district ? difference(district.value, town.value) : null;
    if (d !== null) {
      const dv = formatValue(ind, district!.value);
      const shownEqual = formatValue(ind, town.value) === dv;
      const word = isNoChange(d) ? '与全区水平持平' : d > 0 ? (shownEqual ? '略高于全区水平' : '高于全区水平') : (shownEqual ? '略低于全区水平' : '低于全区水平');
      s += `，${word}（${dv}）`;
    }
    if (town.benchmark && town.target !== null) {
      const target = town.target === ind.target
        ? targetPhrase(ind)
        : `${ind.targetOp === '>=' ? '不低于' : ''}${formatValue(ind, town.target)}`;
      s += `，${town.benchmark}（${target}）`;
    }
    const rank = rankText(town);
    if (rank) s += `，${rank}`;
  } else if (town.shareOfDistrict !== null && town.value !== 0) {
    // a share of none says nothing (安定镇累计实施村（居）委会撤销（调整）0个，占全区的0.0%: the 2025 site review)
    s += `，占全区的${formatPercent(town.shareOfDistrict)}`;
  }

  if (town.changeOnLastYear !== null) {
    const d = town.changeOnLastYear;
    s += isNoChange(d) ? '，与上年持平' : `，较上年${formatDelta(spec, d)}`;
  }
  return `${s}。`;
}

// ---- year rows ----------------------------------------------------------------------

interface YearRows {
  year: number;
  /** District row of each indicator that has one. */
  byId: Map<number, IndicatorValue>;
}

/** The district rows of the latest year in `values`. */
function yearRows(plan: Plan, values: readonly IndicatorValue[]): YearRows {
  const district = values.filter((v) => v.geoLevel === 'district' && plan.indicatorById.has(v.indicatorId));
  if (district.length === 0) throw new Error('没有全区指标值，无法生成评估文字');
  const year = Math.max(...district.map((v) => v.year));
  const byId = new Map<number, IndicatorValue>();
  for (const v of district) if (v.year === year) byId.set(v.indicatorId, v);
  return { year, byId };
}

/** Quoted names run together, as GB/T 15834 writes adjacent quotations: “A”“B”. */
function names(inds: readonly Indicator[]): string {
  return inds.map(quoted).join('');
}

// ---- 3. overview (总体评价) --------------------------------------------------------

const TALLY_ORDER: readonly PlanStatus[] = PLAN_STATUSES;

function tallyText(counts: Map<PlanStatus, number>, early: number): string {
  const parts: string[] = [];
  for (const s of TALLY_ORDER) {
    const n = counts.get(s) ?? 0;
    if (n === 0) continue;
    parts.push(s === '已完成' && early > 0 ? `已完成${count(n)}项（其中提前完成${count(early)}项）` : `${s}${count(n)}项`);
  }
  return parts.join('，');
}

/**
 * The target year's 总体评价: verdicts (完成 / 基本完成 / 未完成), not schedule statuses —
 * the plan period is over, nothing is 滞后 or 预警 any more (evaluation.md) — with the
 * binding indicators left unfinished named.
 */
function finalOverviewSentences(plan: Plan, year: number, byId: ReadonlyMap<number, IndicatorValue>): string[] {
  const verdictOf = (ind: Indicator): Verdict => byId.get(ind.id)?.verdict ?? '无法评估';
  const tally = (inds: readonly Indicator[]) =>
    (['完成', '基本完成', '未完成', '无法评估'] as const)
      .map((k) => [k, inds.filter((i) => verdictOf(i) === k).length] as const)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k === '无法评估' ? '因数据缺失无法评估' : k}${count(n)}项`)
      .join('，');
  const out = [`${year}年是规划实施的收官之年。规划确定的${count(plan.indicators.length)}项主要指标中，${tally(plan.indicators)}。`];
  const binding = plan.indicators.filter((i) => i.isBinding);
  if (binding.length > 0) {
    const unfinished = binding.filter((i) => verdictOf(i) === '未完成');
    // 全部完成 only when every one was judged done ('因数据缺失无法评估12项，全部完成' had been printed)
    const allDone = binding.every((i) => verdictOf(i) === '完成');
    out.push(`${count(binding.length)}项约束性指标中，${tally(binding)}${unfinished.length ? `；未完成的是${names(unfinished)}` : allDone ? '，全部完成' : ''}。`);
  }
  return out;
}

/**
 * The 总体评价 sentences for year Y (the latest year in `values`; district rows only):
 * time progress, the tally of all indicators and of the binding ones with the warnings
 * named, a headline, and the outlook or (final year) verdict tally. An indicator without
 * a district row counts as 无法评估.
 */
export function overviewSentences(plan: Plan, values: readonly IndicatorValue[]): string[] {
  const { year, byId } = yearRows(plan, values);
  const span = plan.targetYear - plan.baselineYear;
  const nth = year - plan.baselineYear;
  if (nth <= 0) return [`${year}年为规划基期年，规划尚未进入实施期。`];
  if (year >= plan.targetYear) return finalOverviewSentences(plan, year, byId);
  const t = formatPercent(Math.min(nth, span) / span);
  const out: string[] = [];
  out.push(year >= plan.targetYear
    ? `${year}年是规划实施的收官之年，时序进度为${t}。`
    : `${year}年，规划实施进入第${chineseNumeral(nth)}年，时序进度为${t}。`);

  const all = new Map<PlanStatus, number>();
  const binding = new Map<PlanStatus, number>();
  let early = 0;
  let bindingEarly = 0;
  for (const ind of plan.indicators) {
    const v = byId.get(ind.id);
    const s = statusOf(v);
    all.set(s, (all.get(s) ?? 0) + 1);
    // a maintain target held every year is 提前完成 in the data (evaluation.md), but said as held, not reached early
    const reachedEarly = !!v?.isEarlyCompletion && !ind.isMaintain;
    if (reachedEarly) early += 1;
    if (ind.isBinding) {
      binding.set(s, (binding.get(s) ?? 0) + 1);
      if (reachedEarly) bindingEarly += 1;
    }
  }
  const total = plan.indicators.length;
  const bindingInds = plan.indicators.filter((i) => i.isBinding);
  out.push(`规划确定的${count(total)}项主要指标中，${tallyText(all, early)}。`);

  if (bindingInds.length > 0) {
    let s = `${count(bindingInds.length)}项约束性指标中，${tallyText(binding, bindingEarly)}。`;
    const warned = bindingInds.filter((i) => byId.get(i.id)?.isBindingWarning);
    if (warned.length > 0) {
      const list = warned.map((i) => `${quoted(i)}（${statusOf(byId.get(i.id))}）`).join('、');
      s += `${list}${count(warned.length)}项约束性指标列入预警，需重点推进。`;
    } else {
      s += '约束性指标未出现预警。';
    }
    const missing = bindingInds.filter((i) => statusOf(byId.get(i.id)) === '无法评估');
    if (missing.length > 0) s += `${names(missing)}${count(missing.length)}项约束性指标因数据缺失无法评估。`;
    out.push(s);
  }

  const n = (...ss: PlanStatus[]): number => ss.reduce((a, s) => a + (all.get(s) ?? 0), 0);
  const good = n('已完成', '快于时序进度', '基本符合进度');
  const evaluable = total - n('无法评估');
  if (evaluable === 0) {
    out.push('本年度各项指标均因数据缺失无法评估。');
  } else {
    const parts = [`总体来看，${count(good)}项指标已完成或进度符合时序要求，占可评估指标的${formatPercent(good / evaluable)}`];
    if (n('滞后', '明显滞后') > 0) parts.push(`${count(n('滞后', '明显滞后'))}项指标进度滞后`);
    if (n('逆向变化') > 0) parts.push(`${count(n('逆向变化'))}项指标逆向变化`);
    if (n('未保持') > 0) parts.push(`${count(n('未保持'))}项指标未保持目标水平`);
    if (n('无法评估') > 0) parts.push(`${count(n('无法评估'))}项指标因数据缺失无法评估`);
    out.push(`${parts.join('；')}。`);
  }

  if (year >= plan.targetYear) {
    const verdicts = { 完成: 0, 基本完成: 0, 未完成: 0, 无法评估: 0 };
    for (const ind of plan.indicators) verdicts[byId.get(ind.id)?.verdict ?? '无法评估'] += 1;
    const parts = (['完成', '基本完成', '未完成', '无法评估'] as const).filter((k) => verdicts[k] > 0).map((k) => `${k}${count(verdicts[k])}项`);
    out.push(`规划期末，${count(total)}项指标中，${parts.join('，')}。`);
  } else {
    const outlooks = { 预计可完成: 0, 预计可保持: 0, 需加快: 0, 需加快恢复: 0, 难以完成: 0 };
    for (const ind of plan.indicators) {
      const o = byId.get(ind.id)?.outlook;
      if (o && o !== '已提前完成') outlooks[o] += 1;
    }
    const parts = (['预计可完成', '预计可保持', '需加快', '需加快恢复', '难以完成'] as const).filter((k) => outlooks[k] > 0).map((k) => `${k}${count(outlooks[k])}项`);
    if (parts.length > 0) out.push(`按当前趋势预判${plan.targetYear}年，除已提前完成的指标外，${parts.join('，')}。`);
  }
  return out;
}
