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
import { PLAN_STATUSES, WARNING_STATUSES, type IndicatorValue, type PlanStatus } from '../evaluate/evaluate.ts';
import {
  MISSING, chineseNumeral, difference, formatDelta, formatDifference, formatNumber, formatPercent,
  formatPoints, formatPrinted, formatTarget, formatValue, percentPointGap,
} from '../basics/format.ts';
import type { Indicator, Plan } from '../plan/plan.ts';
import {
  loadRecommendationText, type RecommendationSlot, type RecommendationStatus, type RecommendationTemplate,
  type RecommendationText,
} from './recommendations.ts';
import type { DataQuality } from './data-quality.ts';

// ---- small helpers ------------------------------------------------------------

/** The name without a leading 全区, for putting 全区 or a town in front. */
function bareName(ind: Indicator): string {
  return ind.name.replace(/^全区/, '');
}

/** A name in quotation marks, as a report cites an indicator. */
function quoted(ind: Indicator): string {
  return `“${ind.name}”`;
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

/** Completion clause verb: 完成规划目标的 for the cumulative indicator (a share of the total), else 完成规划目标进度的. */
function completedOf(ind: Indicator): string {
  return ind.isCumulative ? '完成规划目标的' : '完成规划目标进度的';
}

/** Value of the year as a short phrase: `截至2023年底为110张`, `2023年为60.2%`, `2021年以来累计86个`. */
function valueAt(plan: Plan, ind: Indicator, v: IndicatorValue): string {
  const val = formatValue(ind, v.value);
  if (ind.isCumulative) return v.year > plan.period.start ? `${plan.period.start}年以来累计${val}` : `${v.year}年为${val}`;
  if (isFlowIndicator(ind)) return `${v.year}年为${val}`;
  return `截至${v.year}年底为${val}`;
}

/** Change since the plan's baseline, as printed: `，较2020年增加1.2张` / `，与2020年持平`. Empty for cumulative and maintain indicators. */
function changeSinceBaseline(plan: Plan, ind: Indicator, v: IndicatorValue): string {
  if (ind.isCumulative || ind.isMaintain) return '';
  const d = difference(ind.baseline, v.value);
  if (d === null) return '';
  if (d === 0) return v.status === '逆向变化' ? `，较${plan.baselineYear}年略有下降` : `，与${plan.baselineYear}年持平`;
  return `，较${plan.baselineYear}年${formatDelta(ind, d)}`;
}

/** `与时序进度持平` / `快于时序进度3.4个百分点` / `略慢于…` / `落后时序进度…`, comparing P and T as printed. */
function timeComparison(v: IndicatorValue, behindWord: '略慢于' | '落后'): string {
  const gap = percentPointGap(v.completionProgress, v.timeProgress);
  if (gap === null || gap === 0) return '与时序进度持平';
  return gap > 0 ? `快于时序进度${formatPoints(gap)}` : `${behindWord}时序进度${formatPoints(gap)}`;
}

/** Maintain targets: held at / above / below the level. */
function maintainClause(plan: Plan, ind: Indicator, v: IndicatorValue): string {
  const d = difference(ind.target, v.value);
  const final = v.year >= plan.targetYear;
  if (v.status === '已完成') return d === 0 ? `，保持在${targetLevel(ind)}的目标水平` : `，高于${targetLevel(ind)}的目标水平`;
  return `，${d === 0 ? '略低于' : '低于'}规划要求的${targetLevel(ind)}，未保持目标水平${final ? '' : '，需尽快恢复'}`;
}

/** The progress clause of a district value with a status. */
function progressClause(plan: Plan, ind: Indicator, v: IndicatorValue): string {
  const final = v.year >= plan.targetYear;
  const p = `${completedOf(ind)}${formatPercent(v.completionProgress)}`;
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
      return `，与规划目标方向相反，呈逆向变化${final ? '' : '，需查明原因、扭转下降趋势'}`;
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
    if (v.outlook === '预计可完成') return `按当前趋势，预计${g}年可保持目标水平。`;
    if (v.outlook === '难以完成') return `按当前趋势，预计${g}年难以保持目标水平，需加大工作力度。`;
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
  if (v.verdict && v.verdict !== '无法评估') sentences.push(VERDICT_SENTENCE[v.verdict]);
  if (v.isBindingWarning) sentences.push('该指标为约束性指标，已列入预警。');
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

  const val = formatValue(ind, town.value);
  let s: string;
  if (ind.isCumulative) s = y > plan.period.start ? `${plan.period.start}年以来，${townName}累计${bare}${val}` : `${y}年，${townName}${bare}${val}`;
  else if (isFlowIndicator(ind)) s = `${y}年，${townName}${bare}为${val}`;
  else s = `截至${y}年底，${townName}${bare}为${val}`;

  if (ind.aggregation === 'ratio') {
    const d = district ? difference(district.value, town.value) : null;
    if (d !== null) {
      const dv = formatValue(ind, district!.value);
      s += d > 0 ? `，高于全区水平（${dv}）` : d < 0 ? `，低于全区水平（${dv}）` : `，与全区水平持平（${dv}）`;
    }
    if (town.benchmark && town.target !== null) {
      const target = town.target === ind.target
        ? targetPhrase(ind)
        : `${ind.targetOp === '>=' ? '不低于' : ''}${formatValue(ind, town.target)}`;
      s += `，${town.benchmark}（${target}）`;
    }
    if (town.rank !== null && town.rankOf !== null) s += `，在${count(town.rankOf)}个镇街中居第${count(town.rank)}位`;
  } else if (town.shareOfDistrict !== null) {
    s += `，占全区的${formatPercent(town.shareOfDistrict)}`;
  }

  if (town.changeOnLastYear !== null) {
    const d = difference(town.value - town.changeOnLastYear, town.value);
    s += d === 0 ? '，与上年持平' : `，较上年${formatDelta(ind, d)}`;
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
    if (v?.isEarlyCompletion) early += 1;
    if (ind.isBinding) {
      binding.set(s, (binding.get(s) ?? 0) + 1);
      if (v?.isEarlyCompletion) bindingEarly += 1;
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

// ---- 4. problems (存在问题) --------------------------------------------------------

/** A town's value with its name, for the towns-far-behind item. */
export interface TownRow {
  townName: string;
  value: IndicatorValue;
}

export interface ProblemOptions {
  /** A town is far behind when its value is below this fraction of the benchmark (default 0.5). */
  farBehind?: number;
  /** Towns listed per indicator (default 5, the lowest). */
  maxTowns?: number;
}

function bindingWarningItem(plan: Plan, ind: Indicator, v: IndicatorValue): string {
  const head = `约束性指标${quoted(ind)}`;
  switch (v.status) {
    case '滞后':
    case '明显滞后':
      return `${head}进度${v.status}，${valueAt(plan, ind, v)}，${completedOf(ind)}${formatPercent(v.completionProgress)}，${timeComparison(v, '落后')}。`;
    case '逆向变化':
      return `${head}逆向变化，${valueAt(plan, ind, v)}${changeSinceBaseline(plan, ind, v)}，与规划目标方向相反。`;
    default:
      return `${head}未保持规划要求的${targetLevel(ind)}，${valueAt(plan, ind, v)}。`;
  }
}

function groupItem(plan: Plan, status: PlanStatus, rows: ReadonlyArray<[Indicator, IndicatorValue]>): string {
  const t = formatPercent(rows[0]![1].timeProgress);
  if (rows.length === 1) {
    const [ind, v] = rows[0]!;
    switch (status) {
      case '滞后':
        return `${quoted(ind)}进度滞后，${completedOf(ind)}${formatPercent(v.completionProgress)}，低于${t}的时序进度。`;
      case '明显滞后':
        return `${quoted(ind)}进度明显滞后，${completedOf(ind)}${formatPercent(v.completionProgress)}，远低于${t}的时序进度。`;
      case '逆向变化':
        return `${quoted(ind)}逆向变化，${valueAt(plan, ind, v)}${changeSinceBaseline(plan, ind, v)}，与规划目标方向相反。`;
      default:
        return `${quoted(ind)}未保持规划要求的${targetLevel(ind)}，${valueAt(plan, ind, v)}。`;
    }
  }
  const k = count(rows.length);
  switch (status) {
    case '滞后':
    case '明显滞后': {
      const list = rows.map(([ind, v]) => `${quoted(ind)}（完成进度${formatPercent(v.completionProgress)}）`).join('、');
      return `${list}${k}项指标进度${status}，${status === '滞后' ? '低于' : '远低于'}${t}的时序进度。`;
    }
    case '逆向变化': {
      const list = rows.map(([ind, v]) => `${quoted(ind)}（${changeSinceBaseline(plan, ind, v).slice(1) || valueAt(plan, ind, v)}）`).join('、');
      return `${list}${k}项指标逆向变化，与规划目标方向相反。`;
    }
    default: {
      const list = rows.map(([ind, v]) => `${quoted(ind)}（${formatValue(ind, v.value)}，规划要求${targetLevel(ind)}）`).join('、');
      return `${list}${k}项指标未保持规划要求的目标水平。`;
    }
  }
}

/**
 * The items of 四、存在问题 for year Y (the latest district year in `values`), each one
 * sentence, in this order: binding warnings (one per indicator); expected indicators
 * grouped by status 滞后, 明显滞后, 逆向变化, 未保持; towns far below the benchmark on
 * ratio indicators (per indicator, the lowest `maxTowns`); missing indicators; incomplete
 * data; rejected rows and warnings of the data check.
 */
export function problemItems(
  plan: Plan,
  values: readonly IndicatorValue[],
  quality: Pick<DataQuality, 'rowsRejected' | 'filesRejected' | 'warnings'>,
  /** Indicator values computed from incomplete data (`isComplete` false), district or town. */
  incomplete: readonly IndicatorValue[],
  townGaps: readonly TownRow[],
  opts: ProblemOptions = {},
): string[] {
  const { year, byId } = yearRows(plan, values);
  const farBehind = opts.farBehind ?? 0.5;
  const maxTowns = opts.maxTowns ?? 5;
  const items: string[] = [];

  // Binding warnings first
  for (const ind of plan.indicators) {
    const v = byId.get(ind.id);
    if (v?.isBindingWarning) items.push(bindingWarningItem(plan, ind, v));
  }

  // Other lagging, backward, not-held indicators, grouped by status
  for (const status of WARNING_STATUSES) {
    const rows: Array<[Indicator, IndicatorValue]> = [];
    for (const ind of plan.indicators) {
      const v = byId.get(ind.id);
      if (v && v.status === status && !v.isBindingWarning) rows.push([ind, v]);
    }
    if (rows.length > 0) items.push(groupItem(plan, status, rows));
  }

  // Towns far behind the benchmark (ratio indicators)
  const byIndicator = new Map<number, TownRow[]>();
  for (const r of townGaps) {
    const v = r.value;
    const ind = plan.indicatorById.get(v.indicatorId);
    if (!ind || ind.aggregation !== 'ratio' || v.geoLevel !== 'town' || v.year !== year) continue;
    if (v.value === null || v.target === null || v.target <= 0 || !(v.value < farBehind * v.target)) continue;
    const list = byIndicator.get(ind.id);
    if (list) list.push(r);
    else byIndicator.set(ind.id, [r]);
  }
  const gapOrder = plan.indicators.filter((i) => byIndicator.has(i.id)).sort((a, b) => Number(b.isBinding) - Number(a.isBinding));
  for (const ind of gapOrder) {
    const rows = [...byIndicator.get(ind.id)!].sort((a, b) => a.value.value! - b.value.value! || a.townName.localeCompare(b.townName, 'zh'));
    const target = rows[0]!.value.target === ind.target ? targetPhrase(ind) : formatValue(ind, rows[0]!.value.target);
    const shown = rows.slice(0, maxTowns).map((r) => `${r.townName}（${formatValue(ind, r.value.value)}）`).join('、');
    const lead = `${quoted(ind)}有${count(rows.length)}个镇街不足全区目标水平（${target}）的${formatPercent(farBehind, 0)}`;
    items.push(rows.length > maxTowns ? `${lead}，其中最低的${count(maxTowns)}个为${shown}。` : `${lead}：${shown}。`);
  }

  // Data gaps
  const missing = plan.indicators.filter((i) => statusOf(byId.get(i.id)) === '无法评估');
  if (missing.length > 0) {
    const bindingMissing = missing.filter((i) => i.isBinding);
    const tail = bindingMissing.length > 0 ? `，其中${names(bindingMissing)}为约束性指标` : '';
    items.push(`${count(missing.length)}项指标因数据缺失本年度无法评估：${names(missing)}${tail}。`);
  }
  const incompleteById = new Map<number, { district: boolean; towns: Set<string> }>();
  for (const v of incomplete) {
    if (v.year !== year || !plan.indicatorById.has(v.indicatorId)) continue;
    const e = incompleteById.get(v.indicatorId) ?? { district: false, towns: new Set<string>() };
    if (v.geoLevel === 'district') e.district = true;
    else e.towns.add(v.geoCode);
    incompleteById.set(v.indicatorId, e);
  }
  if (incompleteById.size > 0) {
    const list = plan.indicators.filter((i) => incompleteById.has(i.id)).map((i) => {
      const e = incompleteById.get(i.id)!;
      const where = [e.district ? '全区' : '', e.towns.size > 0 ? `${count(e.towns.size)}个镇街` : ''].filter(Boolean).join('及');
      return `${quoted(i)}（${where}）`;
    });
    items.push(`部分指标计算所用数据不完整：${list.join('、')}，相关结果仅供参考。`);
  }
  const rejects = quality.rowsRejected + quality.filesRejected;
  if (rejects > 0) {
    const w = quality.warnings > 0 ? `，另有${count(quality.warnings)}条警告` : '';
    items.push(`数据校验中有${count(rejects)}条记录因不符合填报数据规范被拒绝${w}，数据填报质量有待提高。`);
  } else if (quality.warnings > 0) {
    items.push(`数据校验中有${count(quality.warnings)}条警告，相关数据需进一步核实。`);
  }
  return items;
}

// ---- 5. recommendations (下一步工作建议) -------------------------------------------

export interface RecommendationSection {
  chapterId: string;
  /** `一、统筹规划组织实施`. */
  heading: string;
  title: string;
  items: string[];
}

/** The slot values of an indicator in year Y (`v` undefined: no district row). */
export function slotValues(plan: Plan, ind: Indicator, year: number, v: IndicatorValue | undefined): Record<RecommendationSlot, string> {
  const value = v?.value ?? null;
  const p = v?.completionProgress ?? null;
  const t = v?.timeProgress ?? (year - plan.baselineYear) / (plan.targetYear - plan.baselineYear);
  return {
    指标: ind.name,
    属性: ind.isBinding ? '约束性指标' : '预期性指标',
    状态: statusOf(v),
    年份: String(year),
    基期年: String(plan.baselineYear),
    目标年: String(plan.targetYear),
    实际值: formatValue(ind, value),
    基期值: formatPrinted(ind, ind.baselineText),
    目标: targetPhrase(ind),
    差距: formatDifference(ind, difference(value, ind.target)),
    完成进度: formatPercent(p),
    时序进度: formatPercent(t),
    进度差: p === null ? MISSING : formatPoints(percentPointGap(t, p)),
    剩余年数: count(Math.max(plan.targetYear - year, 0)),
    指标清单: `${quoted(ind)}指标`,
  };
}

/** {指标清单} of several indicators: `“A”指标`, `“A”“B”等2项指标`. */
function indicatorList(inds: readonly Indicator[]): string {
  return inds.length === 1 ? `${quoted(inds[0]!)}指标` : `${names(inds)}等${count(inds.length)}项指标`;
}

function fill(template: RecommendationTemplate, slots: Record<RecommendationSlot, string>): string {
  return template.segments.map((s) => ('slot' in s ? slots[s.slot] : s.text)).join('');
}

/**
 * The 五、下一步工作建议 sections for year Y (the latest district year in `values`), one per
 * 保障措施 heading of the plan in plan order: the file's general items, then one item per
 * indicator in 滞后 / 明显滞后 / 逆向变化 / 未保持 — binding warnings first, then by status
 * in that order, then in plan order — from the indicator's template or the status
 * default, placed under the template's heading; last, when the file has a 无法评估
 * default, one item naming all indicators without a value ({指标清单}).
 */
export function recommendationItems(plan: Plan, values: readonly IndicatorValue[], text: RecommendationText = loadRecommendationText(plan)): RecommendationSection[] {
  const { year, byId } = yearRows(plan, values);
  const sections = text.chapters.map((c): RecommendationSection => ({ chapterId: c.id, heading: c.heading, title: c.title, items: [...(text.general.get(c.id) ?? [])] }));
  const sectionById = new Map(sections.map((s) => [s.chapterId, s]));
  const rank = (ind: Indicator): number => {
    const v = byId.get(ind.id);
    return (v?.isBindingWarning ? 0 : 10) + WARNING_STATUSES.indexOf(statusOf(v));
  };
  const lagging = plan.indicators.filter((i) => WARNING_STATUSES.includes(statusOf(byId.get(i.id))));
  // Array.prototype.sort is stable: plan order within a rank.
  for (const ind of [...lagging].sort((a, b) => rank(a) - rank(b))) {
    const v = byId.get(ind.id);
    const def = text.byStatus.get(statusOf(v) as RecommendationStatus)!;
    const own = text.byIndicator.get(ind.id);
    sectionById.get(own?.chapterId ?? def.chapterId)!.items.push(fill(own ?? def, slotValues(plan, ind, year, v)));
  }
  const missing = plan.indicators.filter((i) => statusOf(byId.get(i.id)) === '无法评估');
  const missingTemplate = text.byStatus.get('无法评估');
  if (missing.length > 0 && missingTemplate) {
    const slots = { ...slotValues(plan, missing[0]!, year, byId.get(missing[0]!.id)), 指标清单: indicatorList(missing) };
    sectionById.get(missingTemplate.chapterId)!.items.push(fill(missingTemplate, slots));
  }
  return sections;
}
