/**
 * 存在问题 as themes (report.md §3–4): the indicators that fall short and the key tasks
 * behind schedule, joined by the plan's 体系 they belong to, each with its absolute gap and
 * the causes the data and the ledger give — binding indicators first, 3 to 5 themes. A
 * cross-cutting theme joins the towns far below the district target; another the data
 * that could not be used, when there is any.
 *
 * Causes are facts, never guesses: a task's 进展说明 (用地手续、资金、人员…), the growth of
 * a ratio's numerator against its denominator, the towns where the gap concentrates.
 */
import { MISSING, formatNumber, formatPercent, formatPoints, formatPrinted, formatTarget, formatValue, percentPointGap, roundHalfEven, townSpec } from '../basics/format.ts';
import { WARNING_STATUSES, type IndicatorValue } from '../evaluate/evaluate.ts';
import { absoluteGap, wholeUnits } from '../evaluate/gaps.ts';
import { risesByDenominatorOnly } from '../evaluate/proposals.ts';
import { lostKeyTasks, type KeyTask } from '../evaluate/key-tasks.ts';
import { bearsOn, belowTimePace, deadlineYear, taskCause, tasksFor, taskState, type TaskState } from '../evaluate/task-state.ts';
import { SHEET_BY_NAME } from '../plan/contract.ts';
import { bedsOf, belowGrade, droppedFromRegister, facilitiesKnown, facilitiesNamedIn, facilityCounts, facilityMoves, registryMoves, rosterRatesByType, underConstruction, type Facility } from '../evaluate/details.ts';
import type { Place } from '../plan/geography.ts';
import type { Chapter, Indicator } from '../plan/plan.ts';
import { absentGapText, absentTownsText } from './absent-towns.ts';
import { behindTimeText, gapPhrase, gapText, joinAnd, quote, quoted, roseOnDataBaseline, seeFigure, townKind, valueBelowBaselineText, valueShownBelow, valueText, yearsText } from './phrases.ts';
import { districtValue, indicatorsUnder, meaningfulFor, taskStartYear, taskSystems, tasksOf, tasksUnder, lackingText, townCoverage, type ReportFacts } from './report-facts.ts';
import { rejectedWithTasksText, type RejectCounts } from './data-quality.ts';

export interface ThemeIndicator {
  ind: Indicator;
  v: IndicatorValue;
  /** `还差50张床位`; null when it cannot be said. */
  gap: string | null;
}

export interface ThemeTask {
  task: KeyTask;
  state: TaskState;
  cause: string | null;
}

export interface ProblemTheme {
  /** The 体系's chapter id, `towns` or `data`. */
  key: string;
  chapter: Chapter | null;
  title: string;
  indicators: ThemeIndicator[];
  tasks: ThemeTask[];
  paragraphs: string[];
  /** Causes named (task causes first), for the recommendations. */
  causes: string[];
  /** Who should act: the lagging tasks' lead units, else the departments that fill the indicators' sheets. */
  leadUnits: string[];
  binding: boolean;
  severity: number;
  /** Indicators whose towns' own gaps add up to more than the district's (townConcentration), named once in the chapter's lead. */
  grossTownGaps?: Indicator[];
  /** For the towns' theme: the towns it lists with how many indicators each is under half the target, and what each kind of town lags on. */
  townFocus?: TownFocus;
}

/** Where the towns' imbalance lies, for its recommendation to start from. */
export interface TownFocus {
  /** The towns under half the target on two or more indicators, most first, as the problem lists them. */
  towns: { name: string; count: number }[];
  /** Each kind of town (街道, 镇) and the indicators whose shortfall lies mostly with it (typeConcentration). */
  byKind: { kind: string; indicators: Indicator[] }[];
}

const MAX_THEMES = 5;

/** `公平可持续的基本民生保障体系` → `基本民生保障体系`; level-3 titles lose their verb. */
export function systemName(ch: Chapter): string {
  const t = ch.title.replace(/^(建设|完善|大力发展|持续优化|加强|持续深化|深化|强化|促进|推动|创新|持续推进|推进|夯实|健全)/, '');
  const i = t.lastIndexOf('的');
  return i >= 0 ? t.slice(i + 1) : t;
}

/** Whether a district value is a shortfall this edition reports. */
function fallsShort(f: ReportFacts, v: IndicatorValue | undefined): v is IndicatorValue {
  if (!v || v.value === null) return false;
  if (f.year >= f.plan.targetYear) return v.verdict === '未完成' || v.verdict === '基本完成';
  if (v.status !== null && (WARNING_STATUSES as readonly string[]).includes(v.status)) return true;
  // a binding target on schedule so far whose trend misses it (公墓覆盖 in 2024: 基本符合进度, 需加快;
  // a review found it in neither 存在问题 nor 建议, the one binding target short besides the warning)
  return v.isBinding && v.status !== '已完成' && (v.outlook === '需加快' || v.outlook === '难以完成');
}

/** Whether a task is a problem: behind or overdue; in the final year, anything not done. */
function taskProblem(f: ReportFacts, state: TaskState): boolean {
  if (f.year >= f.plan.targetYear) return state !== '已完成';
  return state === '滞后' || state === '逾期未完成';
}

/** The department that answers for an indicator: the plan's 牵头科室, else the one filling its first sheet (the numerator's). */
export function responsibleDepartment(ind: Indicator): string | null {
  return ind.leadUnit ?? SHEET_BY_NAME.get(ind.sourceSheets[0] ?? '')?.department ?? null;
}

/** How far behind a shortfall is (0–1), for ordering. */
function shortfall(v: IndicatorValue): number {
  if (v.completionProgress === null) return v.status === '未保持' ? 0.5 : 0.3;
  return Math.max(0, Math.min(1, v.timeProgress - v.completionProgress));
}

/** One indicator's shortfall in a sentence, varying with what is true of it. */
export function shortfallSentence(f: ReportFacts, t: ThemeIndicator): string {
  const { ind, v, gap } = t;
  const final = f.year >= f.plan.targetYear;
  const value = v.status === '逆向变化' && v.value !== null ? valueBelowBaselineText(ind, v.value) : valueText(ind, v);
  // a figure without some towns says so where its gap is said (the review: 还需约1.2万名 in 四 and 六 on 21 towns, said in 一 only),
  // in one pair of brackets with the figure it points to
  const absent = absentTownsText(f, ind, f.year, true);
  const figure = seeFigure(f.trendFigures?.get(ind.id));
  const aside = absent ? `（${absent}${figure ? `；${figure.slice(1, -1)}` : ''}）` : figure;
  const head = `${ind.isBinding ? '约束性指标' : ''}${quoted(ind)}${f.year}年${final ? '末' : ''}为${value}${aside}`;
  const parts: string[] = [head];
  const withAbsent = absentGapText(f, ind);
  if (gap) parts.push(`距${formatPrinted(ind, ind.targetText)}的目标${gap}${withAbsent ? `（${withAbsent}）` : ''}`);
  else if (!ind.isMaintain) parts.push(`低于${formatPrinted(ind, ind.targetText)}的目标`);
  if (ind.isMaintain) parts.push('未保持规划目标水平');
  // a negative progress (-3.3%) is said as the fall from the baseline, below
  else if (v.completionProgress !== null && v.completionProgress >= 0) {
    // none at all is said as none (the 2021 review: 完成规划目标进度的0.0%)
    const p = formatPercent(v.completionProgress) === formatPercent(0) ? '完成进度为0' : `完成进度为${formatPercent(v.completionProgress)}`;
    const lag = percentPointGap(v.timeProgress, v.completionProgress);
    if (!final && lag !== null && lag > 0) parts.push(`${p}，落后时序进度${formatPoints(lag)}`);
    else parts.push(p);
    // the degree a theme's title counts under 滞后 (和另外2项指标滞后) is said of the one it is
    // (the 2024 review: 千人养老机构床位数, 明显滞后, read as merely behind)
    if (!final && v.status === '明显滞后') parts.push(`进度评价为“${v.status}”`);
  }
  if (v.status === '逆向变化') {
    const rose = v.value === null ? null : roseOnDataBaseline(ind, v.value, dataBaseline(f, ind), f.plan.baselineYear);
    parts.push(rose ? `低于规划基期值（${formatPrinted(ind, ind.baselineText)}），但${rose}` : `较基期（${formatPrinted(ind, ind.baselineText)}）不升反降`);
  }
  const pace = final ? null : paceNeeded(f, ind, v);
  if (pace) parts.push(pace);
  if (v.isBindingWarning && !final) parts.push('列入预警');
  // on schedule so far, short on its trend (why it is a problem at all: fallsShort)
  else if (!final && outlookOnly(v)) parts.push(`进度评价为“${v.status}”，但按${f.plan.baselineYear}年以来的趋势，${f.plan.targetYear}年预判为“${v.outlook}”`);
  return parts.join('，');
}

/** A binding target that falls short on its trend only, its status not a warning (fallsShort). */
function outlookOnly(v: IndicatorValue): boolean {
  return !(v.status !== null && (WARNING_STATUSES as readonly string[]).includes(v.status));
}

/** How much faster than so far the rest of the period must go, when it must go much faster. */
const PACE_WORTH_SAYING = 1.5;

/**
 * The pace the years left need against the pace since the baseline (the rest to the target
 * over the years left, against the change since the baseline year over the years gone):
 * `2025年需增加的数量是2020年以来年均增量的4.2倍`, `…需提高的幅度是…年均提高幅度的…倍`
 * for a ratio. Said only when it is at least 1.5 times and the value has moved toward the
 * target (a move away is said by the status, 逆向变化).
 */
export function paceNeeded(f: ReportFacts, ind: Indicator, v: IndicatorValue): string | null {
  const left = f.plan.targetYear - f.year;
  const gone = f.year - f.plan.baselineYear;
  const times = paceRatio(f, ind, v);
  if (times === null || times < PACE_WORTH_SAYING) return null;
  // a figure that moved in one year only of several (a centre opened) has no pace to multiply: the 2024
  // review read 年均增量的2.0倍 of 0, 0, 0, 100, 100 beds as meaningless for one 50-bed building
  const series = f.values.districtSeries(ind.id, f.year).filter((x) => x.year >= f.plan.baselineYear);
  const moves = series.filter((x, i) => i > 0 && x.value !== null && series[i - 1]!.value !== null && x.value !== series[i - 1]!.value).length;
  if (gone >= 2 && moves <= 1) return null;
  const when = left === 1 ? `${f.plan.targetYear}年` : `今后${formatNumber(left)}年每年`;
  const ratio = ind.aggregation === 'ratio';
  const need = ratio ? '需提高的幅度' : '需增加的数量';
  // (是2021年增量的3.5倍, not 是2021年的增量的3.5倍: the 2021 review)
  const past = gone === 1 ? `${f.year}年${ratio ? '提高幅度' : '增量'}` : `${f.plan.baselineYear}年以来${ratio ? '年均提高幅度' : '年均增量'}`;
  // the pace so far starts from the data's own baseline-year figure (paceRatio): said where it is
  // not the printed one, or a reader working from the printed 5 gets 4.1 times, not 2.5 (the 2022 review)
  // (and only where it changes the multiple as printed: 49.101% against the printed 49.1% does not)
  const own = dataBaseline(f, ind);
  const p = v.completionProgress!;
  const printedTimes = ((1 - p) / left) / (p / gone);
  const from = own !== null && ind.baseline !== null && formatNumber(printedTimes, 1) !== formatNumber(times, 1)
    ? `（按科室报送数据的${f.plan.baselineYear}年数值${formatNumber(own, distinctDecimals(own, ind.baseline, ind.precision))}${ind.unit}计算）`
    : '';
  return `${when}${need}是${past}的${formatNumber(times, 1)}倍${from}${lastYearPace(f, ind, v, left, times)}`;
}

/**
 * Of a count, where the report's year added well above the average so far: the multiple of that
 * year's increase too — `，是2024年增量（1000家，规划期内最多）的2.7倍` (the 2024 review: 4.2 times the
 * average beside the period's largest year read as a pace far too slow). '' otherwise.
 */
function lastYearPace(f: ReportFacts, ind: Indicator, v: IndicatorValue, left: number, times: number): string {
  if (ind.aggregation === 'ratio' || v.value === null) return '';
  const series = new Map(f.values.districtSeries(ind.id, f.year).map((x) => [x.year, x.value]));
  const adds: number[] = [];
  for (let y = f.plan.baselineYear + 1; y <= f.year; y++) {
    const [a, b] = [series.get(y - 1), series.get(y)];
    if (a == null || b == null) return '';
    adds.push(b - a);
  }
  const last = adds.at(-1)!;
  const needed = (ind.target - v.value) / left;
  const average = needed / times;
  if (adds.length < 2 || !(last >= average * PACE_WORTH_SAYING) || !(needed > last)) return '';
  const most = adds.every((x) => x <= last) ? '，规划期内最多' : '';
  return `，是${f.year}年增量（${formatNumber(last)}${ind.unit}${most}）的${formatNumber(needed / last, 1)}倍`;
}

/**
 * The fewest decimals, from the plan's precision, at which the data's baseline-year figure shows
 * as other than the printed one (71.4% against 70, 4.96 against 5), at most two past it: three
 * decimals (4.956张, 49.101%) are not for a 公文 (the 2024 review), and one past it where the
 * precision already tells them apart (71.43% beside 71.4% elsewhere: the 2023 review) is noise.
 */
function distinctDecimals(own: number, printed: number, precision: number): number {
  for (const d of [precision, precision + 1]) if (roundHalfEven(own, d) !== roundHalfEven(printed, d)) return d;
  return precision + 2;
}

/** The data's own figure of the baseline year, which the pace so far starts from (none for a count over the period). */
function dataBaseline(f: ReportFacts, ind: Indicator): number | null {
  return ind.isCumulative ? null : (f.values.districtValue(f.plan.baselineYear, ind.id)?.value ?? null);
}

/** The pace the years left need against the pace so far (paceNeeded), or null where it means nothing. */
export function paceRatio(f: ReportFacts, ind: Indicator, v: IndicatorValue): number | null {
  const left = f.plan.targetYear - f.year;
  const gone = f.year - f.plan.baselineYear;
  const p = v.completionProgress;
  if (left <= 0 || gone <= 0 || ind.isMaintain || p === null || p <= 0 || p >= 1 || v.value === null) return null;
  // The pace so far from the data's own baseline-year figure, where there is one: the same 口径
  // as the value, as the trend takes it. Against the printed 5, beds per 1,000 risen from the
  // data's 4.96 to 5.17 had read 2.8 times, beside the paragraph's own growth of the beds (the
  // third report review: 2.2 times).
  const own = dataBaseline(f, ind);
  if (own === null) return ((1 - p) / left) / (p / gone);
  const past = (v.value - own) / gone;
  const need = (ind.target - v.value) / left;
  return past > 0 && need > 0 ? need / past : null;
}

/** A pace this many times the past one is hard to reach: said beside the trend's 难以完成. */
const PACE_HARD = 3;

/** Below this many units at the baseline, a change is said in units, not as a growth rate. */
const FEW = 20;

/** A ratio's numerator and denominator now and at the baseline, their growth, and the numerator's growth the target asks for (the denominator as it is now). */
function ratioGrowth(f: ReportFacts, ind: Indicator, v: IndicatorValue) {
  if (ind.aggregation !== 'ratio' || !ind.numeratorLabel || !ind.denominatorLabel) return null;
  const base = f.values.districtValue(f.plan.baselineYear, ind.id);
  if (!base || base.numerator === null || base.denominator === null || v.numerator === null || v.denominator === null) return null;
  if (base.numerator <= 0 || base.denominator <= 0) return null;
  // parts of incomplete data are not the figure's parts: 21 towns' beds against 22 towns' of 2020 is no fall
  if (!v.isComplete || !base.isComplete) return null;
  const gap = absoluteGap(ind, v, ind.target);
  return {
    base: { ...base, numerator: base.numerator, denominator: base.denominator },
    dn: v.numerator - base.numerator,
    dd: v.denominator - base.denominator,
    gn: v.numerator / base.numerator - 1,
    gd: v.denominator / base.denominator - 1,
    need: gap !== null && gap > 0 ? (v.numerator + gap) / base.numerator - 1 : null,
    n: ind.numeratorLabel,
    d: ind.denominatorLabel,
  };
}

/**
 * Why a ratio fell short, in a table cell's words: its denominator grew faster than its
 * numerator (`常住人口增长快于养老机构床位`), or the numerator grew less than the target asked
 * (`养老机构床位增长8.2%，达到目标需增长12.3%`). Null when neither can be said.
 */
export function ratioShortfall(f: ReportFacts, ind: Indicator, v: IndicatorValue): string | null {
  const g = ratioGrowth(f, ind, v);
  if (!g) return null;
  if (g.gd > 0.005 && g.gd > g.gn) return `${g.d.name}增长快于${g.n.name}`;
  if (g.need !== null && g.need > g.gn && g.base.numerator >= FEW) return `${g.n.name}${g.gn >= 0 ? '增长' : '减少'}${formatPercent(Math.abs(g.gn))}，达到目标需增长${formatPercent(g.need)}`;
  return null;
}

/**
 * Growth of a ratio's numerator against its denominator since the baseline year: the
 * denominator growing as fast as the numerator is a cause (`养老机构床位增加…，常住人口
 * 增长更快…`), with whether it gave the rates of the roster's types of unit (then with each type
 * against the target: unitTypeText is not said again). Null when the plan gives no labels or the
 * data no baseline figures.
 */
export function ratioDrivers(f: ReportFacts, ind: Indicator, v: IndicatorValue): { text: string; typesSaid: boolean } | null {
  const g = ratioGrowth(f, ind, v);
  if (!g) return null;
  const { base, gn, gd, dn, dd, n, d } = g;
  const amount = (x: number, unit: string) => (Math.abs(x) >= 10000 ? `${formatNumber(x / 10000, 1)}万${unit}` : `${formatNumber(x)}${unit}`);
  // A denominator that did not move (the number of towns) explains nothing.
  if (Math.abs(gd) < 0.005) return null;
  // A growth rate of a few units (1 registry to 2, '增长100.0%') says less than the count itself.
  const change = (name: string, delta: number, growth: number, unit: string, from: number) =>
    delta === 0 ? `${name}没有增加` : `${name}${delta > 0 ? '增加' : '减少'}${amount(Math.abs(delta), unit)}${from < FEW ? '' : `（${delta > 0 ? '增长' : '下降'}${formatPercent(Math.abs(growth))}）`}`;
  const nText = change(n.name, dn, gn, n.unit, base.numerator);
  const dText = change(d.name, dd, gd, d.unit, base.denominator);
  const since = `${f.plan.baselineYear}年以来`;
  const fell = base.value !== null && v.value !== null && v.value < base.value;
  if (dn < 0 && fell) return { text: `${since}${nText}，同期${dText}，${n.name}减少是指标回落的直接原因`, typesSaid: false };
  if (risesByDenominatorOnly({ numerator: dn, denominator: dd })) {
    // unless each type of unit rose on its own and the mix pulled the whole down (mixBehindRise)
    const mix = base.value !== null ? mixBehindRise(f, ind, base, v)?.text : null;
    if (!mix) return { text: `${since}${nText}，同期${dText}，比例的提高主要来自分母减少`, typesSaid: false };
    // each type against the target in the same breath, 分类型看 said once (unitTypeText)
    const counts = unitTypeText(f, ind, v, true);
    return { text: `${since}${nText}，同期${dText}；${mix}${counts ? `；${counts}` : ''}`, typesSaid: true };
  }
  // What the target asks of the numerator, with the denominator as it is now.
  const need = g.need;
  // (of a few units, the gap said before is the same thing in plain numbers)
  const needText = need !== null && need > gn && gd > 0 && base.numerator >= FEW ? `；按目前的${d.name}，达到目标需要${n.name}比${f.plan.baselineYear}年增长${formatPercent(need)}` : '';
  // Growing faster than the numerator, the denominator took all of its increase and more.
  if (gd > 0 && gn > 0 && gd > gn) return { text: `${since}${nText}，同期${dText}，${d.name}增长快于${n.name}，比例因此下降${needText}`, typesSaid: false };
  if (gd > 0 && gn > 0 && gd >= gn * 0.8) return { text: `${since}${nText}，同期${dText}，${d.name}的增长抵消了${n.name}增量的大部分${needText}`, typesSaid: false };
  return { text: `${since}${nText}，同期${dText}${needText}`, typesSaid: false };
}

/**
 * The final evaluation, of a total that fell short: in which years it added less than the even
 * pace its target asked (target − baseline, spread over the period) and in which more —
 * `2021—2024年分别增加350家、490家、710家、1000家，低于按期完成所需的年均1040家；2025年增加1450家，
 * 快于这一速度，但前期的差距没有补上`. Only for a total that grew every year (a facility opened
 * in one year is said by what was built and is being built, not by a pace); null otherwise.
 */
export function paceOverPeriod(f: ReportFacts, ind: Indicator): string | null {
  const { baselineYear } = f.plan;
  if (f.year < f.plan.targetYear || ind.aggregation === 'ratio' || ind.isMaintain || ind.baseline === null || ind.target === null) return null;
  const need = (ind.target - ind.baseline) / (f.year - baselineYear);
  if (!(need > 0)) return null;
  const series = new Map(f.values.districtSeries(ind.id, f.year).map((v) => [v.year, v.value]));
  const adds: { year: number; add: number }[] = [];
  for (let y = baselineYear + 1; y <= f.year; y++) {
    const a = series.get(y - 1);
    const b = series.get(y);
    if (a == null || b == null || !(b > a)) return null;
    adds.push({ year: y, add: b - a });
  }
  const slow = adds.filter((x) => x.add < need);
  const fast = adds.filter((x) => x.add >= need);
  if (slow.length === 0) return null;
  // the pace at the plan's precision, or one place more where that would round it onto a year's addition
  const needText = Number.isInteger(roundHalfEven(need * 10 ** ind.precision, 6)) ? formatValue(ind, need) : `约${formatNumber(need, ind.precision + 1)}${ind.unit}`;
  const added = (xs: readonly { year: number; add: number }[]) =>
    `${yearsText(xs.map((x) => x.year))}${xs.length > 1 ? '分别' : ''}增加${xs.map((x) => formatValue(ind, x.add)).join('、')}`;
  const pace = `按期完成所需的年均${needText}`;
  if (fast.length === 0) return `${added(slow)}，均低于${pace}`;
  if (Math.max(...slow.map((x) => x.year)) < Math.min(...fast.map((x) => x.year))) {
    return `${added(slow)}，低于${pace}；${added(fast)}，快于这一速度，但前期的差距没有补上`;
  }
  return `规划期内只有${yearsText(fast.map((x) => x.year))}的增量达到${pace}，${added(slow)}`;
}

/**
 * The facilities an indicator counts that stopped operating in the report's year, in one town
 * or the district (with each one's town), and those that started the same year:
 * `2021年停用养老机构1家（天宫院街道北京市大兴区安心颐养中心，352张床位）`, with the
 * facilities that stopped as a key (`facilities`: a town says them once though their beds count
 * in two indicators). Null when none stopped (a fall is then not theirs to explain) or the
 * indicator counts no facilities.
 */
export function facilitiesStopped(f: ReportFacts, ind: Indicator, town: Place | null): { text: string; facilities: string } | null {
  if (f.year <= f.plan.baselineYear) return null;
  // since the last year known: across a year without data, of the span (a station operating in
  // 2022 and on no list of 2024 had gone unsaid in the 2024 report, with 2023 empty)
  const last = knownYears(f, ind, f.year - 1).at(-1);
  if (last === undefined) return null;
  const moves = facilityMoves(f.data, ind.metric, town?.code ?? null, last, f.year);
  if (!moves || moves.closed.length === 0) return null;
  const when = last === f.year - 1 ? `${f.year}年` : `${last}—${f.year}年间`;
  const same = last === f.year - 1 ? '同年' : '同期';
  const beds = moves.counts === 'beds';
  const place = town ? `本${townKind(town)}` : '全区';
  const where = (x: Facility) => townBeforeName(f, town, x);
  const listed = (xs: readonly Facility[]) => {
    const named = xs.slice(0, 3).map((x) => `${where(x)}${x.name}${beds && x.beds !== null ? `，${formatNumber(x.beds)}张床位` : ''}`);
    return `（${named.join('；')}${xs.length > named.length ? '等' : ''}）`;
  };
  const total = (xs: readonly Facility[]) => (beds && xs.length > 1 ? `，共${formatNumber(bedsOf(xs))}张床位` : '');
  const closed = `${when}${town ? place : ''}停用${moves.label}${formatNumber(moves.closed.length)}家${listed(moves.closed)}${total(moves.closed)}`;
  const opened = moves.opened.length ? `，${same}新投入运营${formatNumber(moves.opened.length)}家${listed(moves.opened)}${total(moves.opened)}` : `，${same}没有新投入运营的${moves.label}`;
  // beds the others added or lost, so the closing squares with the indicator's move
  const others = moves.bedsAfter - moves.bedsBefore + bedsOf(moves.closed) - bedsOf(moves.opened);
  const rest = beds && others !== 0
    ? `；其余${moves.label}床位${others > 0 ? '增加' : '减少'}${formatNumber(Math.abs(others))}张，${place}${moves.label}床位合计由${formatNumber(moves.bedsBefore)}张${moves.bedsAfter >= moves.bedsBefore ? '增至' : '降至'}${formatNumber(moves.bedsAfter)}张`
    : '';
  return { text: `${closed}${opened}${rest}`, facilities: moves.closed.map((x) => `${x.town}|${x.name}`).join('；') };
}

/**
 * For the district's text, the town before a facility's name, unless the name says it
 * (庞各庄镇特困人员集中照料中心); nothing in a town's own. Before a name that opens with the city
 * or district, with 的 (the 2021 review: 天宫院街道北京市大兴区安心颐养中心).
 */
export function townBeforeName(f: ReportFacts, town: Place | null, x: Facility): string {
  const t = town ? undefined : f.geography.towns.find((p) => p.code === x.town);
  if (!t || [t.name, ...t.aliases].some((n) => n.length >= 2 && x.name.includes(n))) return '';
  return /^(北京市|大兴区)/.test(x.name) ? `${t.name}的` : t.name;
}

/**
 * The facilities an indicator counts that stopped operating in one town (or the district, with
 * each one's town) over the plan period, each with its year: `规划期内本街道停用养老机构1家
 * （2021年：北京市大兴区安心颐养中心，352张床位）`. For a final evaluation, where a gap goes back to
 * a closing years ago (天宫院's 千人养老机构床位数 0.0 since its 352 beds stopped in 2021, said
 * only in the 2021 report: the town review; the district's 还差403张 beside the same 352 beds,
 * said only as growth rates). `since` leads it (`2020年以来` in an annual town report). Null when none stopped.
 */
export function facilitiesStoppedInPeriod(f: ReportFacts, ind: Indicator, town: Place | null, since = '规划期内'): { text: string; facilities: string } | null {
  const period = closingsInPeriod(f, ind, town, f.year);
  // (规划期内…停用: not those already 停用 in the first year sent, which may have stopped before it)
  const closed = period?.closed.filter((c) => !c.early) ?? [];
  if (!period || closed.length === 0) return null;
  const { label, beds } = period;
  // one the sheet no longer lists since some year: said, as it may have closed for good (the final
  // review of 天宫院's report: its 0.0 since 2021 with no word that the sheet dropped the home in 2023)
  // (from the year it stopped: one not listed at all that year went off the list then)
  const off = (year: number, x: Facility) => {
    const since = droppedFromRegister(f.data, ind.metric, x, year, f.year);
    return since === null ? '' : `，${since}年起设施报表不再列出`;
  };
  const named = closed.slice(0, 3).map((c) => `${closedIn(c)}：${townBeforeName(f, town, c.x)}${c.x.name}${beds && c.x.beds !== null ? `，${formatNumber(c.x.beds)}张床位` : ''}${off(c.year, c.x)}`);
  const all = bedsOf(closed.map((c) => c.x));
  const total = beds && closed.length > 1 ? `，共${formatNumber(all)}张床位` : '';
  // those still out weighed against the shortfall, as 表1's note weighs them (the final review: the
  // 352 beds, 87 % of the 403 short, said in 四 without it); in a town's report, with who is to check
  // them (the town heads' reading of 天宫院's: the district's report asks 养老服务科 to check the home,
  // the street's asked it to build 500 beds)
  const start = periodStart(f, ind);
  const stillOut = new Set((beds ? outOfOperation(f, ind, town?.code ?? null, start, f.year) ?? [] : []).map(facilityKey));
  const outList = [...new Map(closed.filter((c) => stillOut.has(facilityKey(c.x))).map((c) => [facilityKey(c.x), c.x])).values()];
  const out = bedsOf(outList);
  const need = shortOf(ind, town ? f.values.get(f.year, town.code, ind.id) : districtValue(f, ind));
  const share = out > 0 && need !== null ? gapShare(out, need, town ? `本${townKind(town)}` : '') : '';
  const dropped = outList.some((x) => droppedFromRegister(f.data, ind.metric, x, start + 1, f.year) !== null);
  const check = town ? `，${dropped ? '是否已撤销、能否恢复运营' : '能否恢复运营'}需${responsibleDepartment(ind) ?? '填报科室'}核实` : '';
  const weighed = share ? `；${out === all ? `这${formatNumber(out)}张床位` : `其中至${f.year}年仍未恢复运营的${formatNumber(out)}张床位`}${share}${check}` : '';
  return {
    text: `${since}${town ? `本${townKind(town)}` : '全区'}停用${label}${formatNumber(closed.length)}家（${named.join('；')}${closed.length > named.length ? '等' : ''}）${total}${weighed}`,
    facilities: closed.map(({ x }) => facilityKey(x)).join('；'),
  };
}

/** A facility as the lists of successive years know it: its town and name. */
const facilityKey = (x: Facility) => `${x.town}|${x.name}`;

/**
 * Every closing of a facility an indicator counts (in a town or the district) from the year
 * after the baseline to `until`, each with its year, in year order; with the indicator's label
 * for its facilities and whether it counts their beds. Null for an indicator that counts no facilities.
 */
export function closingsInPeriod(f: Pick<ReportFacts, 'data' | 'plan'>, ind: Indicator, town: Place | null, until: number): { label: string; beds: boolean; closed: Closing[] } | null {
  // between the years whose sheets list the facilities: across a year without them a closing is
  // of the span (a year missing had lost every closing of the period, the 352 beds of 2021 too)
  const years = knownYears(f, ind, until);
  const first = years.length ? facilityMoves(f.data, ind.metric, town?.code ?? null, years[0]!, years[0]!) : null;
  if (!first) return null;
  const closed: Closing[] = [];
  // without the baseline year's sheets, those already 停用 in the first sent: stopped by then, when not known
  // (no 2020 folder: the 352 beds 停用 in the 2021 sheet had gone unsaid, the advice '仍差384张' for 32)
  if (years[0]! > f.plan.baselineYear) for (const x of first.idleAtStart) closed.push({ year: years[0]!, early: true, x });
  for (let i = 1; i < years.length; i++) {
    const [a, b] = [years[i - 1]!, years[i]!];
    for (const x of facilityMoves(f.data, ind.metric, town?.code ?? null, a, b)!.closed) closed.push(b - a > 1 ? { year: b, from: a, x } : { year: b, x });
  }
  return { label: first.label, beds: first.counts === 'beds', closed };
}

/**
 * A facility's closing: the year its sheets first do not have it operating, and where years
 * without data lie before it, the last year known before (`from`); `early`: listed 停用 in the
 * first year sent where the baseline year's sheets are missing (stopped by then, when not known).
 */
export interface Closing { year: number; from?: number; early?: true; x: Facility }

/** `2021年`, or `2022—2024年间` for a closing across a year without data, or `2021年设施报表中已为` (before 停用) for one stopped by the first year sent. */
const closedIn = (c: Closing) => (c.early ? `${c.year}年设施报表中已为` : c.from !== undefined ? `${c.from}—${c.year}年间` : `${c.year}年`);

/** When closings came, before 停用的: their years (`2021年`, `2021年和2023年`), the span of one across a year without data, else 规划期内 (or nothing, where one may have stopped before it). */
function closedWhen(cs: readonly Closing[]): string {
  if (cs.length === 0) return '规划期内';
  if (cs.every((c) => c.from === undefined && !c.early)) return yearsText(cs.map((c) => c.year));
  if (cs.length === 1) return closedIn(cs[0]!);
  return cs.some((c) => c.early) ? '' : '规划期内';
}

/** The facilities an indicator counts that do not operate in `year` though they did, or were listed 停用, in the first year known (`start`): those closed, and those already 停用 where the baseline year is not known. */
function outOfOperation(f: ReportFacts, ind: Indicator, code: string | null, start: number, year: number): Facility[] | null {
  const moves = facilityMoves(f.data, ind.metric, code, start, year);
  if (!moves) return null;
  return start > f.plan.baselineYear ? [...moves.closed, ...moves.idleAtStart] : moves.closed;
}

/**
 * The years from the baseline to `until` whose sheets list the facilities an indicator counts
 * (details.ts facilitiesKnown): every year but one without data, or before the first folder sent.
 */
function knownYears(f: Pick<ReportFacts, 'data' | 'plan'>, ind: Indicator, until: number): number[] {
  const out: number[] = [];
  for (let y = f.plan.baselineYear; y <= until; y++) if (facilitiesKnown(f.data, ind.metric, y)) out.push(y);
  return out;
}

/** The first year the facilities an indicator counts are known in: the baseline year, or the first after it with data (no baseline folder). */
function periodStart(f: ReportFacts, ind: Indicator): number {
  return knownYears(f, ind, f.year)[0] ?? f.plan.baselineYear;
}

/** The closings in the plan period of these facilities (an indicator's, in a town or the district), one a year and span. */
function closingsOf(f: ReportFacts, ind: Indicator, town: Place | null, xs: readonly Facility[]): Closing[] {
  const keys = new Set(xs.map(facilityKey));
  const seen = new Set<string>();
  return (closingsInPeriod(f, ind, town, f.year)?.closed ?? []).filter((c) => {
    const k = closedIn(c);
    if (!keys.has(facilityKey(c.x)) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Most facilities a measure to reopen names; the rest counted. */
const REOPEN_NAMED = 2;

/**
 * For an unmet target counted in beds, the facilities that operated at the baseline and do not
 * at the end: `推动规划期内停用的天宫院街道北京市大兴区安心颐养中心（352张床位）恢复运营，或另行补足其床位`.
 * The 352 beds behind most of 千人养老机构床位数's 还差403张 had been said as a cause in 四 and
 * answered with a general 推动公办养老机构扩容 (the final review), and so were they in the annual
 * reports after the closing (the 2022 review). Empty when none did.
 */
export function reopenMeasure(f: ReportFacts, ind: Indicator): string {
  if (facilityCounts(ind.metric) !== 'beds') return '';
  const closed = (outOfOperation(f, ind, null, periodStart(f, ind), f.year) ?? []).filter((x) => (x.beds ?? 0) > 0);
  if (closed.length === 0) return '';
  const say = (stopped: Facility[]) => {
    const named = stopped.slice(0, REOPEN_NAMED).map((x) => `${townBeforeName(f, null, x)}${x.name}（${formatNumber(x.beds!)}张床位）`);
    const more = stopped.length > named.length ? `等${formatNumber(stopped.length)}家，共${formatNumber(bedsOf(stopped))}张床位` : '';
    return `${closedWhen(closingsOf(f, ind, null, stopped))}停用的${named.join('、')}${more}`;
  };
  // one the sheet no longer lists may have closed for good: that is checked first, not its
  // reopening asked as if it stood empty (the 2024 review: the 安心颐养中心, off the list since 2023)
  const off = closed.filter((x) => droppedFromRegister(f.data, ind.metric, x, periodStart(f, ind) + 1, f.year) !== null);
  const listed = closed.filter((x) => !off.includes(x));
  return [
    listed.length ? `推动${say(listed)}恢复运营，或另行补足其床位` : '',
    off.length ? `核实${say(off)}是否已撤销（设施报表已不再列出），未撤销的推动恢复运营，已撤销的另行补足其床位` : '',
  ].filter(Boolean).join('，');
}

/** The district's gap in beds once the beds stopped in the period and still out reopen: `51` of 403 short with 352 stopped; ≤ 0 where they close it; null without both. */
export function gapAfterReopening(f: ReportFacts, ind: Indicator): number | null {
  const need = districtShort(f, ind);
  const stopped = bedsStoppedOut(f, ind);
  return need === null || !(stopped > 0) ? null : need - stopped;
}

/** The district's shortfall of the year in whole units of its numerator (403 beds); null where the target is met or the gap unknown. */
function districtShort(f: ReportFacts, ind: Indicator): number | null {
  return shortOf(ind, districtValue(f, ind));
}

/** A place's shortfall against the district target in whole units of its numerator (a town's 492 beds); null where met or unknown. */
function shortOf(ind: Indicator, v: IndicatorValue | undefined): number | null {
  const gap = v ? absoluteGap(ind, v, ind.target) : null;
  return gap === null || !(gap > 0) ? null : wholeUnits(gap);
}

/** `相当于403张缺口的87.3%` (or `多于403张的缺口`; `whose`: `本街道`): `beds` against a shortfall of `need`. */
function gapShare(beds: number, need: number, whose = ''): string {
  return beds >= need ? `多于${whose}${formatNumber(need)}张的缺口` : `相当于${whose}${formatNumber(need)}张缺口的${formatPercent(beds / need)}`;
}

/** `，相当于403张缺口的87.3%`: `beds` against the district's shortfall of the year, where it falls short; '' otherwise. */
function shareOfGap(f: ReportFacts, ind: Indicator, beds: number): string {
  const need = districtShort(f, ind);
  return need === null || !(beds > 0) ? '' : `，${gapShare(beds, need)}`;
}

/**
 * The facilities an indicator counts that stopped operating in an earlier year of the plan
 * period and still do not operate in the report's year, each with the year it stopped:
 * `2021年停用的天宫院街道北京市大兴区安心颐养中心（352张床位）至2022年仍未恢复运营` (several: `…停用的养老机构2家（…）至…`).
 * An annual report said a closing only in its own year, so the 352 beds behind 41 % of the
 * 2022 gap went unsaid after 2021 (the 2022 review). Null when none.
 */
export function facilitiesStillStopped(f: ReportFacts, ind: Indicator, town: Place | null): { text: string; facilities: string; dropped: OffTheList[] } | null {
  if (f.year < f.plan.baselineYear + 2) return null;
  const code = town?.code ?? null;
  const start = periodStart(f, ind);
  const now = facilityMoves(f.data, ind.metric, code, start, f.year);
  const out = outOfOperation(f, ind, code, start, f.year);
  if (!now || !out || out.length === 0) return null;
  const gone = new Set(out.map(facilityKey));
  // each still gone, at its first closing before the report's year
  const closed: Closing[] = [];
  const seen = new Set<string>();
  for (const c of closingsInPeriod(f, ind, town, f.year - 1)?.closed ?? []) {
    if (!gone.has(facilityKey(c.x)) || seen.has(facilityKey(c.x))) continue;
    seen.add(facilityKey(c.x));
    closed.push(c);
  }
  // stopped before, and not operating the last year known before the report's either (a closing of
  // the year itself is facilitiesStopped's)
  const before = knownYears(f, ind, f.year - 1).at(-1);
  const lastYear = new Set(before === undefined ? [] : outOfOperation(f, ind, code, start, before)?.map(facilityKey) ?? []);
  const still = closed.filter((c) => lastYear.has(facilityKey(c.x)));
  if (still.length === 0) return null;
  // off the sheet altogether since some year: said, as it may have closed for good (the 2025 town review)
  // (from the year it stopped: one not listed at all that year vanished rather than being reported 停用)
  const dropped = still.flatMap((c): OffTheList[] => {
    const since = droppedFromRegister(f.data, ind.metric, c.x, c.year, f.year);
    if (since === null) return [];
    const status = c.early ? `${c.year}年已为停用` : c.from !== undefined ? `${c.from}年仍在运营` : since === c.year ? '' : `${c.year}年停用`;
    return [{ x: c.x, stopped: c.year, since, status }];
  });
  const beds = now.counts === 'beds';
  const when = `${closedWhen(still)}停用的`;
  const again = `至${f.year}年仍未恢复运营`;
  const bedsOfOne = (x: Facility) => (beds && x.beds !== null ? `${formatNumber(x.beds)}张床位` : '');
  // the district's shortfall they would close, weighed (the final review: 352 of the 403 beds short, unsaid)
  const weighed = beds && town === null ? shareOfGap(f, ind, bedsOf(still.map((c) => c.x))) : '';
  if (still.length === 1) {
    const { x } = still[0]!;
    const off = dropped.length ? `（${dropped[0]!.since}年起设施报表不再列出）` : '';
    return { text: `${when}${townBeforeName(f, town, x)}${x.name}${bedsOfOne(x) ? `（${bedsOfOne(x)}${weighed}）` : ''}${again}${off}`, facilities: facilityKey(x), dropped };
  }
  const named = still.slice(0, 3).map(({ x }) => `${townBeforeName(f, town, x)}${x.name}${bedsOfOne(x) ? `，${bedsOfOne(x)}` : ''}`);
  const total = beds ? `，共${formatNumber(bedsOf(still.map((c) => c.x)))}张床位${weighed}` : '';
  return {
    text: `${when}${now.label}${formatNumber(still.length)}家（${named.join('；')}${still.length > named.length ? '等' : ''}${total}）${again}`,
    facilities: still.map((c) => facilityKey(c.x)).join('；'),
    dropped,
  };
}

/**
 * A facility stopped in the period that the sheets no longer list: from which year (`since`), and
 * what they said of it before (`status`: `2021年停用`; `2022年仍在运营` where a year without data
 * lies between; empty where it went off the list the year it stopped operating).
 */
export interface OffTheList { x: Facility; stopped: number; since: number; status: string }

/**
 * The facilities stopped in the period that the report's year's sheet no longer lists at all,
 * once each over the district's indicators, each with the department to ask: whether they closed
 * for good is for the department to confirm, which 附录四 says (the 2023 and 2024 reviews: the
 * 安心颐养中心 called 仍未恢复运营 beside an appendix saying nothing needed checking).
 */
export function facilitiesOffTheList(f: ReportFacts): (OffTheList & { department: string | null })[] {
  const out: (OffTheList & { department: string | null })[] = [];
  const seen = new Set<string>();
  for (const ind of f.plan.indicators) {
    for (const d of facilitiesStillStopped(f, ind, null)?.dropped ?? []) {
      if (seen.has(facilityKey(d.x))) continue;
      seen.add(facilityKey(d.x));
      out.push({ ...d, department: responsibleDepartment(ind) });
    }
  }
  return out;
}

/** Two towns' gaps the same (a tie in townsMostBehind), but for the noise of floating point. */
export function sameGap(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, a);
}

/**
 * The towns below the district target whose own gaps are largest (DT ratio indicators): the
 * fewest, two to four, that make up half the towns' gaps, with their sum, out of all of them;
 * towns whose gap equals the last one taken are taken too (the 2022 review: 安定 and 礼贤 named
 * the largest beside 长子营's equal gap), and where that makes more than six, the gaps are
 * spread, not concentrated: null.
 */
export function townsMostBehind(f: ReportFacts, ind: Indicator): { towns: Place[]; townGaps: number[]; sum: number; gaps: number; total: number } | null {
  if (ind.level !== 'DT' || ind.aggregation !== 'ratio') return null;
  const whole = !!ind.gapPhrase && !/\{n\.\d\}/.test(ind.gapPhrase);
  const gaps = f.geography.towns
    .filter((t) => meaningfulFor(ind, t))
    .map((t) => {
      const v = f.values.get(f.year, t.code, ind.id);
      const gap = v ? absoluteGap(ind, v, ind.target) : null;
      // in whole units where the gap is said in them (2 stations, 89 workers), each town's
      // rounded up as its own report and 表3 give it, so the sums agree with those tables
      return { town: t, gap: gap !== null && whole ? wholeUnits(gap) : gap };
    })
    .filter((x): x is { town: typeof x.town; gap: number } => x.gap !== null && x.gap > 0)
    .sort((a, b) => b.gap - a.gap || a.town.order - b.town.order);
  const total = gaps.reduce((s, x) => s + x.gap, 0);
  if (gaps.length < 2 || total <= 0) return null;
  const top: typeof gaps = [];
  let sum = 0;
  for (const g of gaps) {
    const tie = top.length > 0 && sameGap(g.gap, top[top.length - 1]!.gap);
    if (!tie && (top.length >= 4 || (top.length >= 2 && sum >= total * 0.5))) break;
    top.push(g);
    sum += g.gap;
  }
  if (top.length > 6 && top.length < gaps.length) return null;
  return { towns: top.map((x) => x.town), townGaps: top.map((x) => x.gap), sum, gaps: gaps.length, total };
}

/**
 * Where a recommendation on a DT ratio indicator should start: `重点推动缺口最大的A、B和C` (the
 * towns the problem names), or `重点推动尚未达到全区目标水平的A和B` when those are all the towns
 * below it; null where townsMostBehind names none.
 */
export function focusTowns(f: ReportFacts, ind: Indicator): string | null {
  const behind = townsMostBehind(f, ind);
  if (!behind) return null;
  return `${behind.towns.length === behind.gaps ? '重点推动尚未达到全区目标水平的' : '重点推动缺口最大的'}${joinAnd(behind.towns.map((t) => t.name))}`;
}

/**
 * The towns below the district target that make up most of the towns' gap, in a sentence (DT
 * ratio indicators); `gross` when the towns' own gaps add up to more than the district's (towns
 * above the target offset part of them in the district's ratio of sums), which the chapter
 * says once (a review: the same bracket five times in 四).
 */
export function townConcentration(f: ReportFacts, ind: Indicator): { text: string; gross: boolean } | null {
  const most = townsMostBehind(f, ind);
  if (!most) return null;
  const { towns, sum, total } = most;
  const names = joinAnd(towns.map((t) => t.name));
  const district = districtValue(f, ind);
  const districtGap = district ? absoluteGap(ind, district, ind.target) : null;
  const gross = districtGap !== null && districtGap > 0 && total > districtGap + 1e-9;
  if (towns.length === most.gaps) return { text: `分镇街看，未达到全区目标水平的只有${names}，${byDistrictTarget(ind, sum, false)}`, gross };
  return { text: `分镇街看，${most.gaps}个镇街未达到全区目标水平，其中${names}的缺口最大，${byDistrictTarget(ind, sum, true)}，占${most.gaps}个镇街缺口之和的${formatPercent(sum / total)}`, gross };
}

/**
 * Towns' gap by the district target (`按全区目标计合计还需…`); where the indicator's own phrase
 * says what it counts by, one 按…计 for both: `合计按全区目标、当年安葬数计还需226例节地生态安葬`,
 * not 按全区目标计合计按当年安葬数计 (a helper's input variants).
 */
function byDistrictTarget(ind: Indicator, amount: number, total: boolean): string {
  const phrase = gapPhrase(ind, amount);
  const by = /^按(.+?)计/.exec(phrase);
  return by ? `${total ? '合计' : ''}按全区目标、${by[1]}计${phrase.slice(by[0].length)}` : `按全区目标计${total ? '合计' : ''}${phrase}`;
}

/**
 * For a district indicator that counts 街镇 or 镇 (公益性公墓乡镇服务覆盖率), where: the places
 * still without it (up to six), whether the year added any, and — where the unfinished ledger
 * tasks behind it name only places that already have it — that they do, so that the tasks are
 * not read as closing the gap (the third report review: the 2023 report put the cemetery's
 * binding warning on 礼贤镇 and 榆垡镇, covered, not on 安定镇 and 长子营镇).
 */
export function townsWithoutText(f: ReportFacts, ind: Indicator): string | null {
  const cover = townCoverage(f, ind);
  if (!cover || cover.lacking.length === 0) return null;
  const before = townCoverage(f, ind, f.year - 1);
  const added = before ? f.geography.towns.filter((t) => cover.has.has(t.code) && !before.has.has(t.code)) : [];
  // too many to name: how many, and which came this year (the 2021 review: 联合会 lagging with no cause said)
  if (cover.lacking.length > 6) {
    if (!before) return null;
    const came = added.length ? `${f.year}年${joinAnd(added.map((t) => t.name))}新${cover.what}` : `${f.year}年没有新${cover.what}的镇街`;
    return `${came}，尚有${formatNumber(cover.lacking.length)}个镇街未${cover.what}`;
  }
  const lost = before ? f.geography.towns.filter((t) => before.has.has(t.code) && !cover.has.has(t.code)) : [];
  const change = !before
    ? ''
    : [added.length ? `${f.year}年${joinAnd(added.map((t) => t.name))}新${cover.what}` : '', lost.length ? `${joinAnd(lost.map((t) => t.name))}较上年由有变无` : '']
        .filter(Boolean)
        .join('，') || `${f.year}年没有新增`;
  const lacking = joinAnd(cover.lacking.map((t) => t.name));
  const notes = (tasksMissingPlaces(f, ind)?.tasks ?? [])
    .map((x) => `重点任务${quote(x.task.name)}涉及的${joinAnd(x.named.map((t) => t.name))}均已${cover.what}，相关重点任务中没有针对${lacking}的`);
  return `${lackingText(cover)}${change ? `（${change}）` : ''}${notes.length ? `；${notes.join('；')}` : ''}`;
}

/**
 * For a ratio over the roster's units of two types (本社区化率 of 社区 and 村) where one type as a
 * whole meets the target and the other does not: each type's rate and how many of its units reach
 * the target, and what the units below it would need to reach it each —
 * `分类型看，社区为28.4%，211个社区均未达到50%；村为74.7%，450个村均达到50%；按每个社区分别达到50%计，
 * 社区还需增加770名本社区居住的社区工作者`. The plan's table asks it of 每个社区 (the 2023 and 2024
 * reviews: the district's 49.5 % came from the villages while no community reached 50 %). With
 * `ratesSaid` (the types' rates just given by mixBehindRise), only the year's counts and what is
 * needed: `2025年222个社区均未达到50%，396个村均达到50%；按每个社区分别达到50%计，…`. Null
 * otherwise, and where the roster does not add up to the indicator's figures.
 */
export function unitTypeText(f: ReportFacts, ind: Indicator, v: IndicatorValue, ratesSaid = false): string | null {
  const split = typesSplit(f, ind, v);
  if (!split) return null;
  const { types, below } = split;
  const rate = (t: { part: number; whole: number }) => (t.whole > 0 ? (t.part / t.whole) * 100 : null);
  const target = formatPrinted(ind, ind.targetText);
  const each = types.map((t) => {
    const r = rate(t);
    const reach = t.meeting === t.units ? `${formatNumber(t.units)}个${t.type}均达到${target}`
      : t.meeting === 0 ? `${formatNumber(t.units)}个${t.type}均未达到${target}`
        : `${formatNumber(t.units)}个${t.type}中${formatNumber(t.meeting)}个达到${target}`;
    return ratesSaid ? reach : `${t.type}为${r === null ? MISSING : formatValue(ind, r)}，${reach}`;
  });
  const need = typeNeeds(ind, below);
  return ratesSaid ? `${v.year}年${each.join('，')}；${need.join('；')}` : `分类型看，${each.join('；')}；${need.join('；')}`;
}

/** What the units of each type below the target would need to reach it each: `按每个社区分别达到50%计，社区还需增加770名本社区居住的社区工作者`. */
function typeNeeds(ind: Indicator, below: readonly { type: string; need: number }[]): string[] {
  const target = formatPrinted(ind, ind.targetText);
  return below.map((t) => `按每个${t.type}分别达到${target}计，${t.type}${gapPhrase(ind, t.need, { exact: true })}`);
}

/**
 * Where unitTypeText splits a roster ratio by type (one type meets the target as a whole, the
 * other does not): what the types below would need unit by unit, for a measure's gap beside the
 * district's (the 2023 and 2024 reviews: 目前还需增加19名 while no community reached 50 % and 771
 * were needed community by community). Null otherwise.
 */
export function unitTypeNeed(f: ReportFacts, ind: Indicator, v: IndicatorValue): string | null {
  const split = typesSplit(f, ind, v);
  return split ? typeNeeds(ind, split.below).join('；') : null;
}

/** The roster's types in the year of `v` and those below the target, where some but not all are (unitTypeText); null otherwise. */
function typesSplit(f: ReportFacts, ind: Indicator, v: IndicatorValue): { types: TypeSums; below: TypeSums } | null {
  const types = rosterTypesOf(f, ind, v);
  if (!types || types.length < 2) return null;
  const below = types.filter((t) => (t.whole > 0 ? (t.part / t.whole) * 100 : Infinity) < ind.target);
  return below.length === 0 || below.length === types.length ? null : { types, below };
}

/**
 * After counts of the roster's units of a year, once: the roster's rows of that year (in the town,
 * or anywhere) that did not pass the checks, which the counts leave out — `；另有名录中未通过校验的1行未计入`,
 * after a semicolon, not in brackets (it often stands inside some); '' where none. The final review
 * read 村由526个减至395个 as fact, 北枣林村's row rejected, not abolished.
 */
export function rosterRowsLost(f: ReportFacts, ind: Indicator, year: number, town?: string): string {
  const rows = new Set(
    (f.lost ?? [])
      .filter((r) => r.year === year && r.indicatorId === ind.id && r.status === 'rejected' && r.rejectScope === 'row' && r.sheetKind === '社区村名录' && (town === undefined || r.geoCode === town || r.geoCode === null))
      .map((r) => `${r.sourceFile}\u0001${r.sourceSheet}\u0001${r.sourceRow}`),
  );
  return rows.size ? `；另有名录中未通过校验的${formatNumber(rows.size)}行未计入` : '';
}

/**
 * A town's rate over the roster that fell between two years while it rose or held within each
 * type of unit: the fall comes from the mix (fewer units of the type with the higher rate), said
 * with each type's rates and counts — `分类型看，社区由31.8%升至35.5%，村由69.7%升至75.0%，均有提高；
 * 总体比例下降是因为村由12个减至4个、社区由11个增至14个`. 亦庄镇's 本社区化率 43.4 % → 39.9 % read
 * as a loss of local workers where both its 社区 and 村 had gained (the 2025 town review). Null
 * otherwise, and where the roster does not add up to either year's figures.
 */
export function mixShiftText(f: ReportFacts, ind: Indicator, town: string, from: IndicatorValue, to: IndicatorValue): string | null {
  const pairs = typeRatesOverPeriod(f, ind, town, from, to);
  if (!pairs) return null;
  const changed = pairs.filter((p) => p.a.units !== p.b.units);
  if (changed.length === 0) return null;
  const count = ({ type, a, b }: TypePair) => `${type}由${formatNumber(a.units)}个${b.units < a.units ? '减至' : '增至'}${formatNumber(b.units)}个`;
  return `${typeMovesText(ind, pairs)}；总体比例下降是因为${changed.map(count).join('、')}${rosterRowsLost(f, ind, to.year, town)}`;
}

/**
 * A rate over the roster that rose while its numerator fell (the district's 本社区化率: 35 fewer
 * local workers among 157 fewer workers), where it rose within each type of unit and the type with
 * the higher rate lost units: the rise is each type's own, the mix pulled the whole down —
 * `分类型看，社区由26.7%升至29.7%，村由70.7%升至78.0%，均有提高；比例较高的村由526个减至396个，拉低了
 * 全区比例`, with the types (for 表2's basis). The second 2025 review: “比例的提高主要来自分母减少” said
 * the opposite. Null otherwise.
 */
export function mixBehindRise(f: ReportFacts, ind: Indicator, from: IndicatorValue, to: IndicatorValue): { text: string; types: string[] } | null {
  const pairs = typeRatesOverPeriod(f, ind, undefined, from, to);
  if (!pairs) return null;
  const highest = highestShrunk(pairs);
  if (!highest) return null;
  return {
    text: `${typeMovesText(ind, pairs)}；比例较高的${highest.type}由${formatNumber(highest.a.units)}个减至${formatNumber(highest.b.units)}个，拉低了全区比例${rosterRowsLost(f, ind, to.year)}`,
    types: pairs.map((x) => x.type),
  };
}

/**
 * Whether a rate over the roster fell only with the mix of its units (each type's rate held or
 * rose, the highest type's units fewer: 撤村建居), in a town (its code) or the district: such a
 * fall is not a trend to carry on (the district's 表2 does not; the town heads' reading of 黄村's
 * final report: 按年均降幅约3年后低于目标 beside its own 社区、村均有提高).
 */
export function fallFromMix(f: ReportFacts, ind: Indicator, town: string | undefined, from: IndicatorValue, to: IndicatorValue): boolean {
  const pairs = typeRatesOverPeriod(f, ind, town, from, to);
  return !!pairs && highestShrunk(pairs) !== null;
}

/**
 * Where a rate over the roster lost numerator only with units of one type gone (撤村建居), its
 * rate holding within each type: the units that went and each type's change —
 * `村由24个减至10个，村减少54人；社区增加23人`. 瀛海镇's pace to 2030 had said
 * `本社区居住的社区工作者减少了31人` as if workers left, where its 社区 gained 23 (the 2025 town
 * review). Null otherwise.
 */
export function numeratorByType(f: ReportFacts, ind: Indicator, town: string | undefined, from: IndicatorValue, to: IndicatorValue): string | null {
  const pairs = typeRatesOverPeriod(f, ind, town, from, to);
  const unit = ind.numeratorLabel?.unit ?? '';
  if (!pairs || !pairs.some((p) => p.b.units < p.a.units)) return null;
  const moved = ({ type, a, b }: TypePair) => {
    const part = b.part === a.part ? `${type}持平` : `${type}${b.part < a.part ? '减少' : '增加'}${formatNumber(Math.abs(b.part - a.part))}${unit}`;
    return b.units < a.units ? `${type}由${formatNumber(a.units)}个减至${formatNumber(b.units)}个，${part}` : part;
  };
  // the type that lost units first
  return [...pairs].sort((x, y) => (x.b.units - x.a.units) - (y.b.units - y.a.units)).map(moved).join('；') + rosterRowsLost(f, ind, to.year, town);
}

/**
 * A district rate over the roster that the mix of unit types holds below its target while each
 * type's rate rose or held since the baseline: the rate at the baseline year's mix —
 * `分类型看，社区由26.7%升至27.7%，村由70.7%升至73.4%，均有提高；按2020年的社区、村构成计算，2022年的
 * 比例为50.9%，高于50%，全区比例低于50%是因为比例较高的村由526个减至481个` (the 2022 review:
 * 撤村建居 pulls 本社区化率 down while both types gain, unsaid). Null otherwise: where the rate at
 * the old mix does not reach the target either, or the roster does not add up to the figures.
 */
export function mixAdjustedText(f: ReportFacts, ind: Indicator, v: IndicatorValue): string | null {
  const m = mixAdjusted(f, ind, v);
  if (!m) return null;
  const target = formatPrinted(ind, ind.targetText);
  return `${typeMovesText(ind, m.pairs)}；按${f.plan.baselineYear}年的${m.types}构成计算，${f.year}年的比例为${formatValue(ind, m.adjusted)}，高于${target}，全区比例低于${target}是因为比例较高的${m.highest.type}由${formatNumber(m.highest.a.units)}个减至${formatNumber(m.highest.b.units)}个${rosterRowsLost(f, ind, f.year)}`;
}

/**
 * mixAdjustedText for the final verdict, short: `低于50%：222个社区均未达到50%（2025年村为78.0%，社区为29.7%）；
 * 全区比例低于50%还因为这一比例较高的村由526个减至396个，按2020年的社区、村构成计算为54.3%`; where each type has
 * units reaching it, `低于50%，是因为…；按…构成计算，2025年为62.4%，已高于50%` (the final review: 还需增加12名 read as nearly met,
 * while the local workers fell by 35 and no 社区 reached 50 %). Null where mixAdjustedText is. 这一比例: after the
 * indicator's name in 一, '比例较高的村' alone left the reader to guess which share (a director's reading).
 */
export function mixAdjustedShort(f: ReportFacts, ind: Indicator, v: IndicatorValue): string | null {
  const m = mixAdjusted(f, ind, v);
  if (!m) return null;
  const target = formatPrinted(ind, ind.targetText);
  // a type of which none or few reach the target said, whatever the mix (a review: 222个社区中1个达到50% only on p.11, the
  // verdict page arguing the target 'really' met; the indicator is of 每个社区)
  const none = (typesSplit(f, ind, v)?.below ?? []).filter((t) => t.meeting * 10 < t.units).map((t) => t.meeting === 0
    ? `${formatNumber(t.units)}个${t.type}均未达到${target}`
    : `${formatNumber(t.units)}个${t.type}中只有${formatNumber(t.meeting)}个达到${target}`);
  // each type's rate said, and the adjusted figure as a rate of the year (the re-review read
  // '（按…构成计算为54.3%）' after 396个 as a count of villages)
  const rate = (t: TypePair) => formatValue(ind, (t.b.part / t.b.whole) * 100);
  const lost = rosterRowsLost(f, ind, f.year);
  const rates = [...m.pairs].sort((x, y) => y.b.part / y.b.whole - x.b.part / x.b.whole).map((t) => `${t.type}为${rate(t)}`).join('，');
  const fewer = `这一比例较高的${m.highest.type}由${formatNumber(m.highest.a.units)}个减至${formatNumber(m.highest.b.units)}个`;
  // where a type falls short nearly everywhere, that first, the mix after it (a fresh reading of the final
  // evaluation: 是因为…村减少 leading, 222个社区均未达到 last, read as an excuse for an indicator of 每个社区)
  if (none.length) return `低于${target}：${none.join('，')}（${f.year}年${rates}${lost}）；全区比例低于${target}还因为${fewer}，按${f.plan.baselineYear}年的${m.types}构成计算为${formatValue(ind, m.adjusted)}`;
  return `低于${target}，是因为${fewer}（${f.year}年${rates}${lost}）；按${f.plan.baselineYear}年的${m.types}构成计算，${f.year}年为${formatValue(ind, m.adjusted)}，已高于${target}`;
}

/**
 * mixAdjustedText for the table of the period's 情况说明, shortest: `比例较高的村由526个减至396个，按2020年的社区、村构成
 * 计算为54.3%` (a director's reading: 一 gave the villages as the cause, 表1 the ledger's 外聘 alone).
 */
export function mixAdjustedNote(f: ReportFacts, ind: Indicator, v: IndicatorValue): string | null {
  const m = mixAdjusted(f, ind, v);
  if (!m) return null;
  return `比例较高的${m.highest.type}由${formatNumber(m.highest.a.units)}个减至${formatNumber(m.highest.b.units)}个，按${f.plan.baselineYear}年的${m.types}构成计算为${formatValue(ind, m.adjusted)}`;
}

/** The rate at the baseline year's mix of unit types, where it reaches the target while the rate does not (mixAdjustedText). */
function mixAdjusted(f: ReportFacts, ind: Indicator, v: IndicatorValue): { pairs: TypePair[]; adjusted: number; highest: TypePair; types: string } | null {
  if (v.value === null || v.value >= ind.target || f.year <= f.plan.baselineYear) return null;
  const base = f.values.districtValue(f.plan.baselineYear, ind.id);
  if (!base || base.value === null) return null;
  const pairs = typeRatesOverPeriod(f, ind, undefined, base, v);
  if (!pairs) return null;
  const rate = (t: { part: number; whole: number }) => t.part / t.whole;
  const whole = pairs.reduce((sum, p) => sum + p.a.whole, 0);
  const adjusted = (pairs.reduce((sum, p) => sum + rate(p.b) * p.a.whole, 0) / whole) * 100;
  if (!(adjusted >= ind.target)) return null;
  const highest = highestShrunk(pairs);
  if (!highest) return null;
  return { pairs, adjusted, highest, types: pairs.map((p) => p.type).join('、') };
}

/** Whether a rate over the roster rose or held within each type of unit between two years (of one town, or the district). */
export function risesWithinTypes(f: ReportFacts, ind: Indicator, town: string | undefined, from: IndicatorValue, to: IndicatorValue): boolean {
  return typeRatesOverPeriod(f, ind, town, from, to) !== null;
}

/** The roster's units by type, each with its sums (rosterRatesByType). */
type TypeSums = NonNullable<ReturnType<typeof rosterRatesByType>>;

/** One type of unit's sums in two years (rosterRatesByType). */
type TypePair = { type: string; a: { units: number; part: number; whole: number }; b: { units: number; part: number; whole: number } };

/** The type with the higher rate at the start, where it lost units (撤村建居: 村 526 → 481); null where it did not. */
function highestShrunk(pairs: readonly TypePair[]): TypePair | null {
  const rate = (t: { part: number; whole: number }) => t.part / t.whole;
  const highest = [...pairs].sort((x, y) => rate(y.a) - rate(x.a))[0]!;
  return highest.b.units < highest.a.units ? highest : null;
}

/**
 * Each type's sums in the two years of `from` and `to` (of one town, or the district), where the
 * roster adds up to both figures, every type is in both years and none fell; null otherwise.
 */
function typeRatesOverPeriod(f: ReportFacts, ind: Indicator, town: string | undefined, from: IndicatorValue, to: IndicatorValue): TypePair[] | null {
  const [before, after] = [from, to].map((v) => rosterTypesOf(f, ind, v, town));
  if (!before || !after) return null;
  const pairs = after.flatMap((b) => {
    const a = before.find((x) => x.type === b.type);
    return a && a.whole > 0 && b.whole > 0 ? [{ type: b.type, a, b }] : [];
  });
  if (pairs.length < 2 || pairs.length !== before.length || pairs.length !== after.length) return null;
  return pairs.some(({ a, b }) => b.part * a.whole < a.part * b.whole) ? null : pairs;
}

/**
 * The roster's units by type in the year of `v` (rosterRatesByType; of one town, or the district),
 * where their sums are `v`'s numerator and denominator; null where they are not, or the
 * indicator is over no roster: nothing is said of types that do not add up to the figure.
 */
function rosterTypesOf(f: ReportFacts, ind: Indicator, v: IndicatorValue, town?: string): TypeSums | null {
  const types = rosterRatesByType(f.data, v.year, ind.metric, ind.target, town);
  if (!types || v.numerator == null || v.denominator == null) return null;
  const part = types.reduce((s, t) => s + t.part, 0);
  const whole = types.reduce((s, t) => s + t.whole, 0);
  return Math.abs(part - v.numerator) > 1e-6 || Math.abs(whole - v.denominator) > 1e-6 ? null : types;
}

/** `分类型看，社区由31.8%升至35.5%，村由69.7%升至75.0%，均有提高` (均未下降 where one held). */
function typeMovesText(ind: Indicator, pairs: readonly TypePair[]): string {
  const rate = (t: { part: number; whole: number }) => formatValue(ind, (t.part / t.whole) * 100);
  const moved = ({ type, a, b }: TypePair) => (rate(a) === rate(b) ? `${type}为${rate(b)}` : `${type}由${rate(a)}升至${rate(b)}`);
  const allRose = pairs.every(({ a, b }) => rate(a) !== rate(b));
  return `分类型看，${pairs.map(moved).join('，')}，${allRose ? '均有提高' : '均未下降'}`;
}

/**
 * How a register's count moved over the plan period so far, year by year summed, with the year
 * of most deregistrations where they were many: `2020年以来新增27家、注销17家（其中2022年注销12家）`.
 * A count short of its target is as much what left the list as what came (the 2023 review: the
 * 12 social-work agencies deregistered in 2022 unsaid under 社会工作专业服务机构). Null for an
 * indicator that counts no register, or none left it.
 */
export function registryOverPeriod(f: ReportFacts, ind: Indicator): string | null {
  // between the years whose lists were sent (across one not sent, of the span; from the first sent)
  const known: number[] = [];
  for (let y = f.plan.baselineYear; y <= f.year; y++) if (registryMoves(f.data, ind.metric, y, y)) known.push(y);
  if (known.length < 2 || known.at(-1) !== f.year) return null;
  const years: { year: number; from?: number; out: number; added: number }[] = [];
  for (let i = 1; i < known.length; i++) {
    const [a, b] = [known[i - 1]!, known[i]!];
    const m = registryMoves(f.data, ind.metric, a, b)!;
    years.push({ year: b, ...(b - a > 1 ? { from: a } : {}), out: m.deregistered + m.gone, added: m.added });
  }
  const out = years.reduce((s, y) => s + y.out, 0);
  if (out === 0) return null;
  const added = years.reduce((s, y) => s + y.added, 0);
  const unit = ind.unit || '个';
  const peak = years.reduce((a, b) => (b.out > a.out ? b : a));
  const when = peak.from !== undefined ? `${peak.from}—${peak.year}年间` : `${peak.year}年`;
  const most = years.length > 1 && peak.out * 2 > out ? `（其中${when}注销${formatNumber(peak.out)}${unit}）` : '';
  return `${known[0]}年以来新增${formatNumber(added)}${unit}、注销${formatNumber(out)}${unit}${most}`;
}

/** How many entries below a grade are named; more are counted. */
const BELOW_GRADE_NAMED = 6;

/**
 * For a ratio of a list's entries at a grade (5A级婚姻登记机关比例) short of it: the entries below
 * the grade, each with its grade and, if the year's list is the first to have it, so; null
 * where the list does not add up to the indicator's figures (rows rejected), none is below, or
 * more than six are (the 2023 review: the warning never named the 4A service point behind it).
 */
export function belowGradeEntries(f: ReportFacts, ind: Indicator): { grade: string; names: string[]; text: string } | null {
  const b = belowGrade(f.data, ind.metric, f.year);
  const v = f.values.districtValue(f.year, ind.id);
  if (!b || b.entries.length === 0 || b.entries.length > BELOW_GRADE_NAMED || v?.numerator !== b.atGrade || v.denominator !== b.listed) return null;
  const each = b.entries.map((e) => `${e.name}（${e.grade === '未评级' ? '未评级' : `${e.grade}级`}${e.isNew ? `，${f.year}年新列入` : ''}）`);
  return { grade: b.grade, names: b.entries.map((e) => e.name), text: `尚未达到${b.grade}级的是${joinAnd(each)}` };
}

/**
 * For a district figure counting 镇街 (公墓覆盖): the unfinished ledger tasks behind it that name
 * places, all of which already have it, while no task names a place without it — with the
 * places still without it. Null when a task aims at one of those, or no unfinished task names a
 * place. Finishing such tasks does not close the gap (the third report review, then the 2023
 * review: the recommendation had put the gap of 安定镇 and 长子营镇 on the site of 礼贤镇、榆垡镇's cemetery).
 */
export function tasksMissingPlaces(f: ReportFacts, ind: Indicator): { lacking: Place[]; what: string; tasks: { task: KeyTask; named: Place[] }[] } | null {
  const cover = townCoverage(f, ind);
  if (!cover || cover.lacking.length === 0 || cover.lacking.length > 6) return null;
  const tasks = tasksFor(ind, tasksOf(f), f.plan);
  const namedIn = (name: string) => f.geography.towns.filter((t) => [t.name, ...t.aliases].some((n) => n.length >= 2 && name.includes(n)));
  if (tasks.some((task) => namedIn(task.name).some((t) => !cover.has.has(t.code)))) return null;
  const named = tasks
    .filter((task) => taskState(task, f.year) !== '已完成')
    .map((task) => ({ task, named: namedIn(task.name) }))
    .filter((x) => x.named.length > 0);
  return named.length ? { lacking: cover.lacking, what: cover.what, tasks: named } : null;
}

/**
 * What 四's lead says once when themes add up towns' own gaps to more than the district's
 * (townConcentration), naming those indicators: said of all, it was untrue of one whose
 * towns' gaps add up to the district's (the 2022 review).
 */
export function grossTownGapsText(inds: readonly Indicator[]): string {
  if (inds.length === 0) return '';
  const named = inds.map((i) => quoted(i)).join('、');
  // the why is the method's (附录二): here, only that it is so, and for which (the 2023 and 2024 reviews: a method note in the body)
  return `下文分镇街的缺口按各镇街自身达到全区目标水平所需计算，${named}${inds.length > 1 ? '各项' : ''}的各镇街缺口之和因此大于全区的缺口（见附录二）。`;
}

const STATE_WORDS: Readonly<Record<TaskState, string>> = {
  已完成: '已完成',
  按计划推进: '仍在推进',
  滞后: '进度滞后',
  逾期未完成: '已超过完成时限仍未完成',
  未启动: '尚未启动',
};

/** A task behind schedule in a sentence: `区精神卫生福利中心二期工程（社会福利和儿童福利科牵头）进度滞后，累计完成55%，原因是用地手续办理周期长`. */
export function taskSentence(t: ThemeTask, year: number): string {
  const { task, state, cause } = t;
  const progress = task.progress !== null ? `，累计完成${formatNumber(task.progress)}%` : '';
  const due = task.deadline ? `（完成时限${task.deadline}）` : '';
  // Due this very year: it has reached its deadline, not passed it.
  const words = state === '逾期未完成' && deadlineYear(task.deadline) === year ? '到期未完成' : STATE_WORDS[state];
  return `${quote(task.name)}${state === '逾期未完成' ? due : ''}${words}${progress}${cause ? `，原因是${cause}` : ''}`;
}

/**
 * A task under way or not started, as it stands: `“X”尚在推进中（累计完成75%，完成时限2023年底）`,
 * `“Y”尚未启动（完成时限2025年底）`. A progress behind the time gone towards its deadline since
 * `startYear` (taskStartYear) is said as such, not left to read as on schedule (the 2022 review: 撤村建居
 * 推进中 at 35 % in a year of 40 %, beside its lagging indicator).
 */
export function openTaskClause(task: KeyTask, year: number, startYear?: number): string {
  const started = taskState(task, year) !== '未启动';
  const progress = started && task.progress !== null ? `累计完成${formatNumber(task.progress)}%` : '';
  const time = startYear === undefined ? null : belowTimePace(task, year, startYear);
  if (time !== null) {
    return `${quote(task.name)}尚在推进中，但${behindTimeText(task, time)}`;
  }
  const due = task.deadline ? `完成时限${task.deadline}` : '';
  const detail = [progress, due].filter(Boolean).join('，');
  return `${quote(task.name)}${started ? '尚在推进中' : '尚未启动'}${detail ? `（${detail}）` : ''}`;
}

/** The mark 附录六 puts on the tasks isSilentlyBehind finds (the 2022 review: 附录四 sent the reader to 附录六 for 11 tasks it did not mark). */
export const SILENT_MARK = '＊';

/** A task the ledger says is on plan (按计划推进) though below its time pace, and gives no cause for. */
export function isSilentlyBehind(f: ReportFacts, task: KeyTask): boolean {
  return taskState(task, f.year) === '按计划推进' && belowTimePace(task, f.year, taskStartYear(f, task)) !== null && !taskCause(task);
}

/**
 * For 附录四: the year's tasks on plan by the ledger though below their time pace, with no cause
 * given, counted by the department that leads them — for them to give one: `11项任务…（社会工作科4项、
 * …）`. Null when there are none.
 */
export function silentTasksText(f: ReportFacts): string | null {
  const silent = tasksOf(f).filter((t) => isSilentlyBehind(f, t));
  if (silent.length === 0) return null;
  const byUnit = new Map<string, number>();
  for (const t of silent) byUnit.set(t.leadUnit, (byUnit.get(t.leadUnit) ?? 0) + 1);
  const units = [...byUnit].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([u, n]) => `${u}${formatNumber(n)}项`).join('、');
  return `重点任务台账中${formatNumber(silent.length)}项任务累计完成低于按完成时限计的时间进度，但填报为“按计划推进”且未说明原因，需牵头科室补充说明（${units}，见附录六中标“${SILENT_MARK}”的任务）`;
}

/**
 * Tasks the ledger says are on plan (按计划推进) though below their time pace, with no cause
 * given: said as a fact (the 2021 review: four lagging indicators' tasks each 按计划推进，累计完成X%,
 * and the report gave the lag no cause); 附录四 asks the departments for one (silentTasksText), not
 * the problems (the 2022 review read the ask there as handing the analysis back). `lines`: how
 * many task sentences precede, to say 以上 when these are all of them.
 */
function silentText(silent: readonly KeyTask[], lines: number): string {
  if (silent.length === 0) return '';
  const which = silent.length === 1 ? quote(silent[0]!.name) : silent.length === lines ? `以上${formatNumber(silent.length)}项任务` : `其中${silent.map((t) => quote(t.name)).join('、')}`;
  return `${which}在台账中${silent.length > 1 ? '均' : ''}填报为“按计划推进”，未说明累计完成低于时间进度的原因。`;
}

/** The indicators among `inds` that fall short, binding first, then the largest shortfall. */
function shortfallsOf(f: ReportFacts, inds: readonly Indicator[]): ThemeIndicator[] {
  return inds
    .map((ind) => ({ ind, v: districtValue(f, ind) }))
    .filter((x): x is { ind: Indicator; v: IndicatorValue } => fallsShort(f, x.v))
    .map(({ ind, v }) => ({ ind, v, gap: gapText(ind, v) }))
    .sort((a, b) => Number(b.ind.isBinding) - Number(a.ind.isBinding) || shortfall(b.v) - shortfall(a.v) || a.ind.id - b.ind.id);
}

/** The tasks among `tasks` behind schedule or not done, overdue first, then the least advanced. */
function laggingOf(f: ReportFacts, tasks: readonly KeyTask[]): ThemeTask[] {
  return tasks
    .map((task) => ({ task, state: taskState(task, f.year), cause: taskCause(task) }))
    .filter((t) => taskProblem(f, t.state))
    .sort((a, b) => Number(b.state === '逾期未完成') - Number(a.state === '逾期未完成') || (a.task.progress ?? 0) - (b.task.progress ?? 0));
}

function systemTheme(f: ReportFacts, system: Chapter): ProblemTheme | null {
  const inds = shortfallsOf(f, indicatorsUnder(f.plan, system));
  const tasks = laggingOf(f, tasksUnder(tasksOf(f), system));
  if (inds.length === 0 && tasks.length === 0) return null;
  return themeOf(f, { key: system.id, chapter: system, name: systemName(system) }, inds, tasks);
}

/** How many of a theme's tasks that no shortfall of it explains are named; the rest are counted. */
const THEME_TASKS_NAMED = 5;

/**
 * A problem theme of the given shortfalls and lagging tasks: the facts (binding first), their
 * causes from the ledger and the data, who acts. Its title names the 体系 (`name`), or is
 * `title` given (a theme of one kind of cause, final evaluation).
 */
function themeOf(
  f: ReportFacts, head: { key: string; chapter: Chapter | null; name: string; title?: (causes: readonly string[]) => string },
  inds: readonly ThemeIndicator[], tasks: readonly ThemeTask[],
): ProblemTheme {
  const final = f.year >= f.plan.targetYear;
  const { name } = head;
  const binding = inds.some((x) => x.ind.isBinding);

  // Facts: the shortfalls, binding first
  const paragraphs: string[] = [];
  if (inds.length > 0) {
    const first = inds.filter((x) => x.ind.isBinding).map((x) => shortfallSentence(f, x));
    const rest = inds.filter((x) => !x.ind.isBinding).map((x) => shortfallSentence(f, x));
    paragraphs.push(`${[...first, ...rest].join('；')}。`);
  }

  // Causes: the ledger, then the data
  const causes: string[] = [];
  const explained = new Set<string>();
  const taskLines: string[] = [];
  let withCause = 0;
  for (const x of inds) {
    const before = causes.length;
    for (const task of tasksFor(x.ind, tasksOf(f), f.plan)) {
      const t = tasks.find((y) => y.task.id === task.id);
      if (!t || explained.has(task.id)) continue;
      explained.add(task.id);
      taskLines.push(`${quoted(x.ind)}相关的${taskSentence(t, f.year)}`);
      if (t.cause) causes.push(t.cause);
    }
    if (causes.length > before) withCause++;
  }
  // What the title may say holds the theme back: with shortfalls, the causes of the tasks
  // behind them, and only when most shortfalls have one (资金 and 系统对接 of two tasks no
  // lagging indicator depends on had headed 养老床位 and 孤儿供养标准, whose causes are growth
  // and a rising denominator; 项目用地 of one of three: the third report review); a theme of
  // tasks alone, their causes.
  const titleCauses = inds.length === 0 ? causes : withCause * 2 > inds.length ? [...causes] : [];
  // the theme's other tasks: the first few named, the rest counted (150 tasks made a wall of 26 in one theme)
  const others = tasks.filter((t) => !explained.has(t.task.id));
  for (const t of others.slice(0, THEME_TASKS_NAMED)) taskLines.push(taskSentence(t, f.year));
  for (const t of others) if (t.cause) causes.push(t.cause);
  if (others.length > THEME_TASKS_NAMED) taskLines.push(`另有${formatNumber(others.length - THEME_TASKS_NAMED)}项任务${final ? '未完成' : '进展滞后'}，见附录六`);
  // A shortfall whose project is still under way: the project is the reason, on schedule or
  // not. The most related task under way, and a task not started that is more related still
  // (a second phase), each said as it stands: the one under way first.
  const silent: KeyTask[] = [];
  for (const x of inds) {
    const related = tasksFor(x.ind, tasksOf(f), f.plan);
    if (related.some((task) => explained.has(task.id))) continue;
    const running = related.findIndex((task) => taskState(task, f.year) === '按计划推进');
    const notStarted = related.slice(0, running < 0 ? related.length : running).find((task) => taskState(task, f.year) === '未启动');
    const chosen = [...(running >= 0 ? [related[running]!] : []), ...(notStarted ? [notStarted] : [])];
    if (chosen.length === 0) continue;
    for (const task of chosen) explained.add(task.id);
    taskLines.push(`${quoted(x.ind)}相关的${chosen.map((task) => openTaskClause(task, f.year, taskStartYear(f, task))).join('，')}`);
    silent.push(...chosen.filter((task) => isSilentlyBehind(f, task)));
  }
  if (taskLines.length > 0) {
    const lead = final ? '从重点任务台账看，' : '从重点任务推进情况看，';
    paragraphs.push(`${lead}${taskLines.join('；')}。${silentText(silent, taskLines.length)}`);
  }
  const dataCauses: string[] = [];
  const grossTownGaps: Indicator[] = [];
  for (const x of inds.slice(0, 3)) {
    const drivers = ratioDrivers(f, x.ind, x.v);
    const stopped = final
      ? (facilitiesStoppedInPeriod(f, x.ind, null)?.text ?? null)
      : [facilitiesStillStopped(f, x.ind, null), facilitiesStopped(f, x.ind, null)].map((s) => s?.text).filter(Boolean).join('；') || null;
    const towns = townConcentration(f, x.ind);
    if (towns?.gross) grossTownGaps.push(x.ind);
    // the types' rates since the baseline and the rate at its mix, then the year's counts (分类型看 once)
    const mix = drivers?.typesSaid ? null : mixAdjustedText(f, x.ind, x.v);
    const types = drivers?.typesSaid ? null : mix ? [mix, unitTypeText(f, x.ind, x.v, true)].filter(Boolean).join('；') : unitTypeText(f, x.ind, x.v);
    // a cause of the ledger the facility sheet contradicts, said as unsettled beside what is being
    // built (the final review: the title's 用地 asserted while 附录四 asks for it to be checked)
    const contested = contestedCauses(f, x.ind)
      .map((b) => `台账所报原因“${b.cause}”与设施报表填报在建的说法不一致，需${b.task.leadUnit || '牵头科室'}核实（见附录四）`);
    const parts = [drivers?.text, paceOverPeriod(f, x.ind), stopped, towns?.text, townsWithoutText(f, x.ind), belowGradeEntries(f, x.ind)?.text, types, registryOverPeriod(f, x.ind), buildingText(f, x.ind, x.v), ...contested].filter((s): s is string => !!s);
    if (parts.length) dataCauses.push(`${quoted(x.ind)}：${parts.join('；')}`);
  }
  // past the first three, the causes the lists say in a few words, not the full account
  for (const x of inds.slice(3)) {
    const parts = [registryOverPeriod(f, x.ind), belowGradeEntries(f, x.ind)?.text].filter((s): s is string => !!s);
    if (parts.length) dataCauses.push(`${quoted(x.ind)}：${parts.join('；')}`);
  }
  if (dataCauses.length > 0) paragraphs.push(`从数据看，${dataCauses.join('。')}。`);
  if (!final) {
    // hard: the trend misses the target, or the years left need three times the pace so far;
    // a maintained target lost is to be regained, not 'hard' (its outlook is 需加快恢复)
    const hard = inds.filter((x) => x.v.outlook === '难以完成' || (paceRatio(f, x.ind, x.v) ?? 0) >= PACE_HARD);
    const regain = inds.filter((x) => x.v.outlook === '需加快恢复');
    const said: string[] = [];
    // in the plan's last year but one, the work left is that year's (a review: '后续工作' with a year to go says nothing)
    const next = f.year === f.plan.targetYear - 1 ? `${f.plan.targetYear}年工作` : '后续工作';
    // a trend only where the outlook says so; by the pace alone (the first year has no outlook) the
    // pace is what is said, not a judgement of 2025 (the 2021 reviews: 按当前趋势, then 按目前的进度
    // …难度较大, beside 表1's note that 2021 makes no outlook)
    const byTrend = hard.filter((x) => x.v.outlook === '难以完成');
    const byPace = hard.filter((x) => x.v.outlook !== '难以完成');
    // by trend and by pace, then 需作为…的重点 once (a review: '…难度较大，需作为后续工作的重点；“千人养老
    // 机构床位数”需作为后续工作的重点' in one sentence)
    const focus: string[] = [];
    if (byTrend.length > 0) focus.push(`按当前趋势，${byTrend.map((x) => quoted(x.ind)).join('、')}到${f.plan.targetYear}年完成目标的难度较大`);
    if (byPace.length > 1) focus.push(`${byPace.map((x) => quoted(x.ind)).join('、')}${f.year === f.plan.targetYear - 1 ? `${f.plan.targetYear}年` : '今后每年'}所需的增幅都在${f.plan.baselineYear}年以来年均增幅的${formatNumber(PACE_HARD)}倍以上`);
    // one: its multiple is in its sentence above, not said again (the 2024 review: the same
    // figure twice in a paragraph); where the theme gives others, that it needs the most
    else if (byPace.length === 1) {
      const lead = byPace[0]!;
      const paced = inds.filter((x) => (paceRatio(f, x.ind, x.v) ?? 0) >= PACE_WORTH_SAYING);
      const most = paced.length > 1 && paced.every((x) => x === lead || paceRatio(f, x.ind, x.v)! < paceRatio(f, lead.ind, lead.v)!);
      focus.push(most ? `上述指标中，${quoted(lead.ind)}所需增幅与以往相差最大` : `${quoted(lead.ind)}${focus.length ? '所需增幅与以往相差较大' : ''}`);
    }
    if (focus.length) said.push(`${focus.join('；')}${focus[focus.length - 1]!.endsWith('”') ? '' : '，'}${focus.length > 1 ? '均' : ''}需作为${next}的重点`);
    // a trend of a figure that moves when a project opens (beds, a centre) says little of it: what
    // it hangs on, the unfinished tasks behind it due by the plan's end (the 2022 review: 难以完成
    // beside a centre due in 2023 and its second phase due in 2025)
    // (facilities and beds only: of a count a programme grows, 培育社会工作专业服务机构, it would be circular)
    for (const x of hard) {
      if (facilityMoves(f.data, x.ind.metric, null, f.year - 1, f.year) === null) continue;
      const due = tasksFor(x.ind, tasksOf(f), f.plan)
        .filter((t) => taskState(t, f.year) !== '已完成' && (deadlineYear(t.deadline) ?? Infinity) <= f.plan.targetYear)
        .sort((a, b) => deadlineYear(a.deadline)! - deadlineYear(b.deadline)!);
      if (due.length === 0) continue;
      // each with what it stands at and, where the facility sheets list it under construction, its beds
      // (the 2022 review: 取决于…能否按期完成 said nothing of the 100 beds 75 % built and the 50 not started)
      const where = (t: KeyTask) => {
        const state = taskState(t, f.year) === '未启动' ? '尚未启动' : t.progress !== null ? `累计完成${formatNumber(t.progress)}%` : '';
        const built = facilitiesNamedIn(f.data, f.year, t.name).filter((b) => b.status === '在建' && (b.beds ?? 0) > 0);
        const beds = built.length ? `，设施报表填报在建床位${formatNumber(bedsOf(built))}张` : '';
        return `${quote(t.name)}（完成时限${t.deadline}${state ? `，${state}` : ''}${beds}）`;
      };
      said.push(`${quoted(x.ind)}能否完成，取决于${joinAnd(due.map(where))}能否按期完成`);
    }
    // with what would restore it, where a list names it (the 2023 review: 需尽快恢复 said nothing)
    const plain = regain.filter((x) => !belowGradeEntries(f, x.ind));
    if (plain.length > 0) said.push(`${plain.map((x) => quoted(x.ind)).join('、')}需尽快恢复到规划要求的水平`);
    for (const x of regain) {
      const below = belowGradeEntries(f, x.ind);
      if (below) said.push(`${quoted(x.ind)}需推动${joinAnd(below.names)}达到${below.grade}级，尽快恢复到规划要求的水平`);
    }
    if (said.length > 0) paragraphs.push(`${said.join('；')}。`);
  }

  // Who acts, most important first: for each shortfall (binding first) the leads of its
  // lagging tasks, else the department answering for it; then the other lagging tasks' leads.
  const leadUnits: string[] = [];
  const addLead = (u: string | null | undefined) => {
    if (u && !leadUnits.includes(u)) leadUnits.push(u);
  };
  for (const x of inds) {
    const own = tasks.filter((t) => bearsOn(t.task, x.ind, f.plan));
    if (own.length) own.forEach((t) => addLead(t.task.leadUnit));
    else addLead(responsibleDepartment(x.ind));
  }
  tasks.forEach((t) => addLead(t.task.leadUnit));
  const severity = (binding ? 10 : 0) + inds.reduce((s, x) => s + 1 + shortfall(x.v), 0) + tasks.length * 0.4;
  return {
    key: head.key,
    chapter: head.chapter,
    title: head.title ? head.title(causes) : themeTitle(f, name, inds, tasks, titleCauses),
    indicators: [...inds],
    tasks: [...tasks],
    paragraphs,
    causes,
    leadUnits,
    binding,
    severity,
    ...(grossTownGaps.length ? { grossTownGaps } : {}),
  };
}

/** Kinds of cause a ledger's 进展说明 names, for a theme's title: what holds the work back. */
const CAUSE_KINDS: ReadonlyArray<[RegExp, string]> = [
  [/用地|选址|规划许可/, '项目用地'],
  [/审批|立项|手续/, '审批手续'],
  [/资金|经费|预算/, '资金'],
  // hiring outsiders (新建社区工作者多为外聘) is not a shortage of professionals
  [/外聘|招聘|招录/, '人员招聘'],
  [/人员|人才|专业力量|队伍/, '专业人员'],
  [/空间|场地|用房/, '场地空间'],
  [/系统|平台|对接|数据共享/, '系统对接'],
  [/市级|上级|政策出台/, '上级政策'],
];

/** The kind of a cause named (`项目用地` of 用地手续办理周期长), or null for one of no known kind. */
export function causeKind(cause: string): string | null {
  return CAUSE_KINDS.find(([re]) => re.test(cause))?.[1] ?? null;
}

/** The causes of `ind`'s tasks the facility sheet contradicts (causeBesideBuilding). */
export function contestedCauses(f: ReportFacts, ind: Indicator): ReturnType<typeof causeBesideBuilding> {
  return causeBesideBuilding(f).filter((b) => bearsOn(b.task, ind, f.plan));
}

/**
 * Tasks not done whose 进展说明 puts them before building (项目用地: 用地、选址、规划许可) while the
 * facility sheet lists a facility they name as 在建 that year: two departments' words that cannot
 * both hold, each with the first year the sheet said 在建 — for the office to have checked (the
 * 2025 review: 区精神卫生福利中心二期工程 waiting on 用地手续 to the end, its 二期 listed 在建 since 2024).
 */
export function causeBesideBuilding(f: ReportFacts): { task: KeyTask; cause: string; facility: string; since: number }[] {
  return tasksOf(f).flatMap((task) => {
    const cause = taskCause(task);
    if (!cause || causeKind(cause) !== '项目用地' || taskState(task, f.year) === '已完成') return [];
    return facilitiesNamedIn(f.data, f.year, task.name).filter((x) => x.status === '在建').map((x) => {
      let since = f.year;
      while (since > f.plan.period.start && facilitiesNamedIn(f.data, since - 1, task.name).some((y) => y.name === x.name && y.status === '在建')) since--;
      return { task, cause, facility: x.name, since };
    });
  });
}

/**
 * A measure for a task's land procedures, where the facility sheet lists what it builds as 在建
 * (causeBesideBuilding), made to hang on the check it needs first: `设施报表自2024年起已填报大兴区
 * 精神卫生福利中心（二期）为在建，先核实用地手续的实际进展（见附录四）：用地手续仍未办结的，会同…加快办理
 * 该任务的用地手续，倒排工期推进建设；已开工建设的，尽快建成运营` (the 2024 review: 加快办理用地手续 asked
 * of a 二期 the sheet listed under construction; the final review: the measure, then 先核实 after it,
 * asked both); the measure as it is otherwise.
 */
export function withBuildingCheck(f: ReportFacts, task: KeyTask, measure: string): string {
  const x = causeBesideBuilding(f).find((b) => b.task.id === task.id);
  if (!x) return measure;
  // at the year's end of its deadline or past it, 按期 no longer can be
  const due = deadlineYear(task.deadline);
  return `设施报表${x.since < f.year ? `自${x.since}年起` : ''}已填报${x.facility}为在建，先核实用地手续的实际进展（见附录四）：用地手续仍未办结的，${measure}；已开工建设的，${due !== null && due <= f.year ? '尽快' : '确保按期'}建成运营`;
}

/** The kinds of the causes named, each with how many causes are of it, most frequent first (causes of no known kind left out). */
export function causeTally(causes: readonly string[]): { kind: string; count: number }[] {
  const count = new Map<string, number>();
  for (const c of causes) {
    const kind = causeKind(c);
    if (kind) count.set(kind, (count.get(kind) ?? 0) + 1);
  }
  return [...count.entries()].sort((a, b) => b[1] - a[1]).map(([kind, n]) => ({ kind, count: n }));
}

/**
 * `项目用地、专业人员`: the one or two kinds that account for more than half of the causes
 * named — what “主要受…制约” may claim; none when the causes are too varied for that.
 */
export function causeKinds(causes: readonly string[]): string[] {
  const top = causeTally(causes).slice(0, 2);
  for (let n = 1; n <= top.length; n++) {
    if (top.slice(0, n).reduce((s, k) => s + k.count, 0) * 2 > causes.length) return top.slice(0, n).map((k) => k.kind);
  }
  return [];
}

/**
 * The longest a theme's title may be, its numbering （一） not counted: one line of the
 * contents (a longer one wrapped there, its leader squeezed to a few dots, and broke in two
 * mid-word in the body).
 */
const THEME_TITLE_MAX = 37;

function themeTitle(f: ReportFacts, name: string, inds: readonly ThemeIndicator[], tasks: readonly ThemeTask[], causes: readonly string[]): string {
  const kinds = causeKinds(causes);
  const by = kinds.length ? `，主要受${kinds.join('、')}制约` : '';
  const title = `${themeFacts(f, name, inds, tasks)}${by}`;
  // too long for a line of the contents: the counts of targets and tasks said together
  return title.length <= THEME_TITLE_MAX ? title : `${themeFacts(f, name, inds, tasks, true)}${by}`;
}

/**
 * What follows `约束性指标“X”` when a theme has more indicators: `等3项` where all are binding,
 * else the binding ones and the others apart (`和另外2项指标`): `约束性指标“X”等3项` had read
 * as three binding indicators where two were expected ones (the 2022 review).
 */
function bindingAndOthers(inds: readonly ThemeIndicator[], noun: string): string {
  if (inds.length <= 1) return '';
  const binding = inds.filter((x) => x.ind.isBinding).length;
  if (binding === inds.length) return `等${formatNumber(inds.length)}项${noun}`;
  return `${binding > 1 ? `等${formatNumber(binding)}项` : ''}和另外${formatNumber(inds.length - binding)}项指标`;
}

/** The order of a binding theme's state words: 滞后, 未保持, then the outlooks. */
const order = (w: string) => (w === '滞后' ? 0 : w === '未保持' ? 1 : 2);

function themeFacts(f: ReportFacts, name: string, inds: readonly ThemeIndicator[], tasks: readonly ThemeTask[], compact = false): string {
  const final = f.year >= f.plan.targetYear;
  const lead = inds[0];
  if (lead && lead.ind.isBinding) {
    const more = bindingAndOthers(inds, final ? '指标' : '');
    // in a year: what the statuses are, not 滞后 for a target 未保持 (5A级婚姻登记机关比例, 2023)
    // and 预判需加快 for one on schedule whose trend misses the target (公墓覆盖, 2024: 基本符合进度)
    const word = (x: ThemeIndicator) => x.v.status === '滞后' || x.v.status === '明显滞后' || x.v.status === '逆向变化' ? '滞后'
      : x.v.status === '未保持' ? '未保持' : `预判${x.v.outlook ?? '需加快'}`;
    const words = [...new Set(inds.map(word))].sort((a, b) => order(a) - order(b));
    const state = final ? '未完成'
      : inds.length === 1 ? (outlookOnly(lead.v) ? word(lead) : (lead.v.status ?? '滞后'))
        : inds.every((x) => x.v.isBindingWarning) ? '列入预警'
          // '滞后或预判需加快' ran the title past a line of the contents: what they share
          : words.some((w) => order(w) === 2) ? '需加快' : words.join('或');
    // too long for a line of the contents with the binding one named and the others apart: counted
    const binding = inds.filter((x) => x.ind.isBinding).length;
    if (compact && binding < inds.length) return `${name}：${formatNumber(binding)}项约束性指标、${formatNumber(inds.length - binding)}项预期性指标${state}`;
    return `${name}：约束性指标${quoted(lead.ind)}${more}${state}`;
  }
  if (inds.length > 0 && tasks.length > 0 && compact) return `${name}：${formatNumber(inds.length)}项指标、${formatNumber(tasks.length)}项重点任务${final ? '未完成' : '滞后'}`;
  if (inds.length > 0 && tasks.length > 0) return `${name}：${formatNumber(inds.length)}项指标${final ? '未完成' : '进度滞后'}，${formatNumber(tasks.length)}项重点任务${final ? '未完成' : '推进滞后'}`;
  if (inds.length > 0) return `${name}：${inds.length === 1 ? quoted(inds[0]!.ind) : `${formatNumber(inds.length)}项指标`}${final ? '未完成' : '进度滞后'}`;
  return `${name}：${formatNumber(tasks.length)}项重点任务${final ? '未完成' : '推进滞后'}`;
}

/**
 * What was under construction toward a shortfall at the end of the year, from the facility
 * sheets: `在建的大兴区精神卫生福利中心（二期）有床位50张，建成运营后可达到目标` (whether it
 * closes the gap is said of a sum, whose gap is in the same units). Of a ratio over beds, with the
 * beds of facilities stopped in the period and still out (bedsStoppedOut), what both would leave of the
 * gap at the denominator as it is (bedsAddUp): the 2023 and 2024 reviews added 352 and 160 against
 * 544 themselves. Null when nothing is.
 */
export function buildingText(f: ReportFacts, ind: Indicator, v: IndicatorValue): string | null {
  const b = building(f, ind, v);
  if (!b) return null;
  const sum = b.beds ? bedsAddUp(f, ind, v, b.adds) : null;
  // where it is, for a ratio the towns most behind make up: beds built elsewhere leave their gap
  // (the 2024 review: the 160 beds in 北臧村镇, the highest of the 22, while 天宫院 had none)
  const apart = b.beds && ind.aggregation === 'ratio' ? elsewhere(f, ind) : '';
  const n = b.names.length;
  // as the facility sheet has it (a review read '在建' beside the ledger's slow land procedures as a
  // contradiction: two departments' words, each said as theirs)
  const what = `设施报表填报为在建的${b.names.slice(0, 3).join('、')}${n > 3 ? `等${formatNumber(n)}家` : ''}`;
  const then = b.short === null ? '' : b.short <= 0 ? '，建成运营后可达到目标' : `，建成运营后仍差${formatNumber(b.short)}${b.unit}`;
  return b.beds ? `${what}${n > 1 ? '共' : ''}有床位${formatNumber(b.adds)}张${then}${sum ?? ''}${apart}` : `${what}${then}`;
}

/**
 * `；在建项目位于北臧村镇，缺口最大的天宫院街道、西红门镇和林校路街道没有在建项目`: where the
 * facilities under construction toward a ratio lie outside the towns most behind it; '' where
 * one of those towns has one, or the towns are not known.
 */
function elsewhere(f: ReportFacts, ind: Indicator): string {
  const u = underConstruction(f.data, ind.metric, f.year);
  const behind = townsMostBehind(f, ind);
  if (!u || !behind) return '';
  const at = [...new Set(u.building.map((x) => x.town))].map((code) => f.geography.towns.find((t) => t.code === code));
  if (at.some((t) => t === undefined) || at.some((t) => behind.towns.some((b) => b.code === t!.code))) return '';
  return `；在建项目位于${joinAnd(at.map((t) => t!.name))}，缺口最大的${joinAnd(behind.towns.map((t) => t.name))}没有在建项目`;
}

/** The beds of the facilities an indicator counts that stopped in the plan period and do not operate in the report's year (those reopenMeasure asks back). */
function bedsStoppedOut(f: ReportFacts, ind: Indicator): number {
  if (facilityCounts(ind.metric) !== 'beds') return 0;
  return bedsOf(outOfOperation(f, ind, null, periodStart(f, ind), f.year) ?? []);
}

/**
 * Of a ratio over beds below its target: the beds stopped in the period and still out
 * (bedsStoppedOut), and what they and `building` beds would leave of the gap at the denominator
 * as it is (`at`: 按目前的常住人口); null for another indicator or a target met.
 */
function bedsLeft(f: ReportFacts, ind: Indicator, v: IndicatorValue, building: number): { stopped: number; left: number; at: string } | null {
  if (ind.aggregation !== 'ratio' || ind.numeratorLabel?.unit !== '张' || !ind.denominatorLabel) return null;
  const gap = absoluteGap(ind, v);
  if (gap === null || gap <= 0) return null;
  const stopped = bedsStoppedOut(f, ind);
  return { stopped, left: wholeUnits(gap) - building - stopped, at: `按目前的${ind.denominatorLabel.name}` };
}

/**
 * Beside the beds under construction toward a ratio over beds (bedsLeft): what they and those
 * stopped and still out would leave of the gap — `；停用的352张恢复运营、在建的160张建成运营后，合计
 * 512张，按目前的常住人口仍差32张`, `，建成运营后，按目前的常住人口仍差693张`. Null for another indicator.
 */
function bedsAddUp(f: ReportFacts, ind: Indicator, v: IndicatorValue, building: number): string | null {
  const b = bedsLeft(f, ind, v, building);
  if (!b) return null;
  const end = b.left <= 0 ? `${b.at}可达到目标` : `${b.at}仍差${formatNumber(b.left)}张`;
  // beside the beds just said as under construction, only 建成运营后 (not 在建的340张 again)
  if (b.stopped === 0) return `，建成运营后，${end}`;
  return `；停用的${formatNumber(b.stopped)}张恢复运营、在建的${formatNumber(building)}张建成运营后，合计${formatNumber(b.stopped + building)}张，${end}`;
}

/**
 * What is under construction toward an indicator at the end of the year (the facility sheets):
 * its names, what it adds (beds, or facilities), and for a sum below its target what would
 * still lack once it opens (≤ 0: none; null for a ratio or a target met). Null when nothing is.
 */
function building(f: ReportFacts, ind: Indicator, v: IndicatorValue): { names: string[]; beds: boolean; adds: number; unit: string; short: number | null } | null {
  const u = underConstruction(f.data, ind.metric, f.year);
  if (!u || u.building.length === 0) return null;
  const beds = u.counts === 'beds';
  const adds = beds ? bedsOf(u.building) : u.building.length;
  const gap = ind.aggregation === 'sum' && v.value != null && v.value < ind.target ? ind.target - v.value : null;
  return { names: u.building.map((x) => x.name), beds, adds, unit: beds ? '张' : '家', short: gap === null ? null : gap - adds };
}

/**
 * The measure where what is being built leaves the target short (buildingText's 建成运营后仍差):
 * `在建的大兴区精神卫生福利中心建成运营后仍差50张，需另行落实床位来源` — the recommendation had
 * only asked to build faster, which closes 100 of 150 (the 2021 review). Null otherwise.
 */
export function buildingShortMeasure(f: ReportFacts, ind: Indicator, v: IndicatorValue): string | null {
  const b = building(f, ind, v);
  if (b && b.short === null && b.beds) return ratioBuildingMeasure(f, ind, v, b);
  if (!b || b.short === null || b.short <= 0) return null;
  const n = b.names.length;
  const what = `${b.names.slice(0, 2).join('、')}${n > 2 ? `等${formatNumber(n)}家` : ''}`;
  // a project of the ledger not yet started is where the rest is to come from (2022: 二期工程)
  const next = tasksFor(ind, tasksOf(f), f.plan).filter((t) => taskState(t, f.year) === '未启动');
  // 启动 by no date the ledger gives: the start said with the deadline it serves (the second 2021 look)
  const source = next.length
    ? `需尽快启动${next.map((t) => `${quote(t.name)}${t.deadline ? `（完成时限${t.deadline}）` : ''}`).join('、')}`
    : `需另行落实${b.beds ? '床位' : '设施'}来源`;
  // where the plan's text asks less than its table (指标8: 1所不少于100张 against 150张) and no task
  // of the ledger brings the rest, it may not be wanted: the target is to be settled first (the 2021
  // review: 另行落实 for 50 beds the text does not ask); not where the bureau has planned the rest
  // (2022's 二期工程: the 2022 review read the offer as one to lower a binding target)
  const settle = next.length === 0 && f.plan.inconsistencies.some((x) => x.indicatorId === ind.id) ? '，或就附录三所列规划正文与指标表的不一致，先会同规划编制部门明确目标口径' : '';
  return `在建的${what}建成运营后仍差${formatNumber(b.short)}${b.unit}，${source}${settle}`;
}

/**
 * Of a ratio over beds below its target (bedsAddUp): the beds under construction brought into use,
 * and what they and the stopped beds still out would leave to find — `推动在建的北京市大兴区万福养老
 * 照护中心（160张床位）按期建成运营，连同停用床位恢复运营，按目前的常住人口仍差32张，需另行落实床位
 * 来源` (the 2024 review: 推动公办养老机构扩容 said no size). Null where it says nothing of the gap.
 */
function ratioBuildingMeasure(f: ReportFacts, ind: Indicator, v: IndicatorValue, b: NonNullable<ReturnType<typeof building>>): string | null {
  const beds = bedsLeft(f, ind, v, b.adds);
  if (!beds) return null;
  const n = b.names.length;
  const what = `${b.names.slice(0, 2).join('、')}${n > 2 ? `等${formatNumber(n)}家` : ''}（${n > 1 ? '共' : ''}${formatNumber(b.adds)}张床位）`;
  const alsoStopped = beds.stopped > 0 ? '，连同停用床位恢复运营' : '';
  return `推动在建的${what}按期建成运营${alsoStopped}，${beds.left <= 0 ? `${beds.at}可达到目标` : `${beds.at}仍差${formatNumber(beds.left)}张，需另行落实床位来源`}`;
}

/** Towns far below the district target on several ratio indicators: 镇街发展不平衡. */
function townsTheme(f: ReportFacts): ProblemTheme | null {
  const far = new Map<string, Indicator[]>();
  let indicatorsWithFar = 0;
  // a shortfall the whole district shares (its own value under half the target) is not one of
  // towns apart: it had put five towns on the list by 基层慈善服务站点 alone (the 2022 review)
  const shared: Indicator[] = [];
  for (const ind of f.plan.indicators) {
    if (ind.level !== 'DT' || ind.aggregation !== 'ratio' || ind.target <= 0) continue;
    const d = districtValue(f, ind)?.value;
    if (d != null && d < ind.target * 0.5) {
      shared.push(ind);
      continue;
    }
    let any = false;
    for (const t of f.geography.towns) {
      if (!meaningfulFor(ind, t)) continue;
      const v = f.values.get(f.year, t.code, ind.id);
      if (v?.value == null || v.value >= ind.target * 0.5) continue;
      any = true;
      far.set(t.code, [...(far.get(t.code) ?? []), ind]);
    }
    if (any) indicatorsWithFar += 1;
  }
  if (indicatorsWithFar < 3) return null;
  const towns = [...far.entries()]
    .map(([code, inds]) => ({ town: f.geography.byCode.get(code)!, inds }))
    .sort((a, b) => b.inds.length - a.inds.length || a.town.order - b.town.order);
  const repeated = towns.filter((t) => t.inds.length >= 2);
  const listed = repeated.length ? repeated : towns;
  const shown = listed.slice(0, 5);
  const lines = shown.map((t) => `${t.town.name}有${formatNumber(t.inds.length)}项（${t.inds.map((i) => {
    const v = f.values.get(f.year, t.town.code, i.id)!;
    // below half the target even where it prints as half (3.45张 of 7, not 3.5张)
    return `${quoted(i)}${v.value === null || townSpec(i).unit !== i.unit ? valueText(i, v) : valueShownBelow(i, v.value, i.target * 0.5)}`;
  }).join('、')}）`);
  const byType = typeConcentration(f);
  return {
    key: 'towns',
    chapter: null,
    title: '镇街之间发展不平衡',
    indicators: [],
    tasks: [],
    paragraphs: [
      // the rule the list follows is said, and how many it leaves out
      `${formatNumber(towns.length)}个镇街至少有1项比率类指标的数值不足全区目标水平的一半（涉及${formatNumber(indicatorsWithFar)}项指标${shared.length ? `；${shared.map((i) => `${quoted(i)}全区为${valueText(i, districtValue(f, i))}`).join('、')}，全区本身不足目标的一半，不在此列` : ''}）${repeated.length ? `，其中${formatNumber(repeated.length)}个有2项及以上` : ''}：${lines.join('；')}${listed.length > shown.length ? `；另有${joinAnd(listed.slice(shown.length).map((t) => `${t.town.name}（${formatNumber(t.inds.length)}项）`))}` : ''}。`,
      ...(byType ? [byType.text] : []),
      ...bindingMetNotEverywhere(f),
    ],
    causes: [],
    leadUnits: departmentsByCount([...new Set([...far.values()].flat())]),
    binding: false,
    severity: 2,
    // every town the problem lists with two or more, those after the fifth too (the 2024 review: 观音寺 and 荣华 dropped)
    townFocus: { towns: repeated.map((t) => ({ name: t.town.name, count: t.inds.length })), byKind: byType?.byKind ?? [] },
  };
}

/** The departments answering for `inds`, the one answering for most first (then in plan order). */
function departmentsByCount(inds: readonly Indicator[]): string[] {
  const count = new Map<string, number>();
  for (const ind of inds) {
    const d = responsibleDepartment(ind);
    if (d) count.set(d, (count.get(d) ?? 0) + 1);
  }
  return [...count.entries()].sort((a, b) => b[1] - a[1]).map(([d]) => d);
}

/** Towns below a binding target the district meets, said from this many (a quarter of 22 and more). */
const BINDING_TOWNS_SAID = 3;

/**
 * Binding ratio indicators the district meets with several towns still below the target, the
 * lowest named with what they lack: `约束性指标“社区居民委员会直接选举和户代表选举比例”全区为80.6%，
 * 已达到80%的目标，但仍有11个镇街低于目标，缺口最大的是观音寺街道（50.0%，还需5个社区…）…`.
 * Binding targets come first (report.md), and a district average over the target hid half the
 * towns below it (the final review).
 */
function bindingMetNotEverywhere(f: ReportFacts): string[] {
  const out: string[] = [];
  for (const ind of f.plan.indicators) {
    const d = f.values.districtValue(f.year, ind.id);
    if (!ind.isBinding || ind.level !== 'DT' || ind.aggregation !== 'ratio' || d?.value == null || d.value < ind.target) continue;
    // the largest gaps first, not the lowest values: nine towns at 0.0 % named the three that
    // needed least (the second review)
    const below = f.geography.towns
      .filter((t) => meaningfulFor(ind, t))
      .map((t) => ({ t, v: f.values.get(f.year, t.code, ind.id) }))
      .filter((x): x is { t: Place; v: IndicatorValue } => x.v?.value != null && x.v.value < ind.target)
      .map((x) => ({ ...x, gap: absoluteGap(ind, x.v, ind.target) ?? 0 }))
      .sort((a, b) => b.gap - a.gap || a.v.value! - b.v.value! || a.t.order - b.t.order);
    if (below.length < BINDING_TOWNS_SAID) continue;
    // the towns by the gap they have (as the report says it), largest first, until three are named;
    // towns with equal gaps are named together, none above the others (天宫院 and 博兴 had been
    // 缺口最大 beside 西红门 and 礼贤's equal gaps: the final reviews)
    const groups: { gap: string; towns: typeof below }[] = [];
    for (const x of below) {
      const gap = gapText(ind, x.v, ind.target) ?? '';
      const last = groups[groups.length - 1];
      if (last && last.gap === gap) last.towns.push(x);
      else if (groups.reduce((n, g) => n + g.towns.length, 0) >= 3) break;
      else groups.push({ gap, towns: [x] });
    }
    const said = groups.map((g) => (g.towns.length === 1
      ? `${g.towns[0]!.t.name}（${valueText(ind, g.towns[0]!.v)}${g.gap ? `，${g.gap}` : ''}）`
      : `${joinAnd(g.towns.map((x) => `${x.t.name}（${valueText(ind, x.v)}）`))}${g.gap ? `各${g.gap}` : ''}`));
    out.push(`约束性指标${quoted(ind)}全区为${valueText(ind, d)}，已达到${formatTarget(ind, { words: true })}的目标，但仍有${formatNumber(below.length)}个镇街低于目标，缺口最大的是${said[0]}${said.slice(1).map((x, i) => `；${i === 0 ? '其次是' : '再次是'}${x}`).join('')}，镇街层面仍需补齐。`);
  }
  return out;
}

/**
 * The ratio indicators the district is short of whose shortfall lies mostly with one kind of
 * town (街道 or 镇): at least half of that kind below the district target and at least twice
 * the share of the other kind, or that kind's figure taken together at most 0.6 of the
 * other's, the other's at least 0.8 of the target — `“每个社区的社区工作者本社区化率”8个街道全部低于全区目标，14个镇中4个（街道整体为
 * 22.5%，镇整体为52.0%）`. Null when no indicator's shortfall falls so (or the geography has one kind).
 * (The 2021 review: the volunteer stations, 39.3 % in the 镇 against 73.7 % in the 街道, and the
 * beds of 7 of 8 街道 had gone unsaid beside a sentence that named one indicator.)
 */
export function typeConcentration(f: ReportFacts): { text: string; byKind: TownFocus['byKind'] } | null {
  // a kind of town taken together, as the district is: a ratio of sums
  const together = (vs: readonly (IndicatorValue | undefined)[]): number | null => {
    if (vs.some((v) => v?.numerator == null || v.denominator == null || v.scale == null)) return null;
    const den = vs.reduce((t, v) => t + v!.denominator!, 0);
    return den > 0 ? (vs.reduce((t, v) => t + v!.numerator!, 0) * vs[0]!.scale!) / den : null;
  };
  const kinds = [...new Set(f.geography.towns.map((t) => t.type))];
  if (kinds.length !== 2) return null;
  const said: string[] = [];
  const concentrated = new Map<string, Indicator[]>();
  for (const ind of f.plan.indicators) {
    const d = f.values.districtValue(f.year, ind.id)?.value;
    if (ind.level !== 'DT' || ind.aggregation !== 'ratio' || d == null || d >= ind.target) continue;
    const of = kinds.map((kind) => {
      const vs = f.geography.towns.filter((t) => t.type === kind && meaningfulFor(ind, t)).map((t) => f.values.get(f.year, t.code, ind.id));
      const values = vs.map((v) => v?.value ?? null);
      return { kind, n: vs.length, known: values.every((v) => v !== null), below: values.filter((v) => v !== null && v < ind.target).length, level: together(vs) };
    });
    if (of.some((k) => !k.known || k.n === 0) || of.reduce((s, k) => s + k.below, 0) < 3) continue;
    type Kind = (typeof of)[number];
    const share = (k: Kind) => k.below / k.n;
    // far below the other taken together, the other near the target: both far short is the
    // district's shortfall, not a kind's
    const lower = (k: Kind, other: Kind) =>
      k.level !== null && other.level !== null && other.level > 0 && k.level <= 0.6 * other.level && k.level < ind.target && other.level >= 0.8 * ind.target;
    const byShare = share(of[0]!) >= share(of[1]!) ? [of[0]!, of[1]!] : [of[1]!, of[0]!];
    const [a, b] = share(byShare[0]!) >= 0.5 && share(byShare[0]!) >= 2 * share(byShare[1]!) ? byShare
      : lower(of[0]!, of[1]!) ? [of[0]!, of[1]!] : lower(of[1]!, of[0]!) ? [of[1]!, of[0]!] : [null, null];
    if (!a || !b) continue;
    concentrated.set(a.kind, [...(concentrated.get(a.kind) ?? []), ind]);
    const levels = a.level !== null && b.level !== null ? `（${a.kind}整体为${formatValue(ind, a.level)}，${b.kind}整体为${formatValue(ind, b.level)}）` : '';
    said.push(`${quoted(ind)}${formatNumber(a.n)}个${a.kind}${a.below === a.n ? '全部' : `中${formatNumber(a.below)}个`}低于全区目标，${b.below === 0 ? `${b.kind}均已达到` : `${formatNumber(b.n)}个${b.kind}中${formatNumber(b.below)}个`}${levels}`);
  }
  if (said.length === 0) return null;
  const where = concentrated.size > 1 ? '同一类镇街' : [...concentrated.keys()][0]!;
  return {
    text: `按镇街类型看，全区${f.year >= f.plan.targetYear ? '未' : '尚未'}达到目标的比率类指标中，有${formatNumber(said.length)}项的差距集中在${where}：${said.join('；')}。${concentrated.size > 1 ? '街道和镇的短板不同，宜分类施策。' : ''}`,
    byKind: [...concentrated.entries()].map(([kind, indicators]) => ({ kind, indicators })),
  };
}

/**
 * Who is to correct what was rejected: `未通过校验的表和记录分属社会救助科（3条记录）、社会事务科（1张表）…，
 * 无法读取的4个文件由报送的科室重新报送。` — the review of the flawed sample read 部分填报数据未通过校验
 * with no unit named. '' when there is nothing by department and no file.
 */
function byDepartmentText(of: ReadonlyMap<string, RejectCounts> | undefined, files: number): string {
  const parts = [...(of ?? new Map<string, RejectCounts>())].map(([dept, c]) => `${dept}（${[c.sheets ? `${formatNumber(c.sheets)}张表` : '', c.records ? `${formatNumber(c.records)}条记录` : ''].filter(Boolean).join('、')}）`);
  const said = [parts.length ? `未通过校验的表和记录分属${parts.join('、')}，需各科室对照附录四改正后重新报送` : '', files ? `无法读取的${formatNumber(files)}个文件需由报送的科室重新报送` : ''].filter(Boolean);
  return said.length ? `${said.join('；')}。` : '';
}

/** Rejected or incomplete data behind the figures (only when the build published despite rejects). */
function dataTheme(f: ReportFacts): ProblemTheme | null {
  const q = f.quality;
  const incomplete = f.values.ofYear(f.year).filter((v) => v.geoLevel === 'district' && !v.isComplete);
  // the year's own rejects (q counts every year to this one: a 2023 reject had been said as 2025年…未通过校验)
  const ofYear = q.rejectedByYear.get(f.year) ?? { files: 0, sheets: 0, records: 0 };
  const rejected = rejectedWithTasksText(ofYear, lostKeyTasks(f.data, f.year).tasks.length);
  if (!q.acceptedRejects || (rejected === '' && incomplete.length === 0)) return null;
  const names = incomplete.map((v) => f.plan.indicatorById.get(v.indicatorId)).filter((i): i is Indicator => !!i);
  return {
    key: 'data',
    chapter: null,
    title: '部分填报数据未通过校验',
    indicators: [],
    tasks: [],
    paragraphs: [
      // counted as 附录四 counts them (records, reports), the year named (a final evaluation is not 本年度), a few indicators named
      `${f.year}年各科室报送的数据中${rejected || '有数据缺报'}${names.length ? `，${names.length === f.plan.indicators.length ? '全部' : names.length > 5 ? '' : `${names.map(quoted).join('、')}等`}${formatNumber(names.length)}项指标的全区数值因此不完整，相关结论需在这些数据更正、重新报送后复核（见附录四）` : ''}。${byDepartmentText(q.rejectedByDepartment.get(f.year), ofYear.files)}数据质量直接影响评估结论，需从源头规范填报。`,
    ],
    causes: ['填报数据未通过校验'],
    leadUnits: ['办公室'],
    binding: false,
    severity: 1,
  };
}

/**
 * What a kind of cause is a case of, for the final evaluation's themes: conditions a project
 * waits for (land, approvals, money, space, the city's policy, systems), or people to do the
 * work. A cause of no known kind is a theme's of its own (`other`).
 */
type CauseFamily = 'conditions' | 'people' | 'other';

const CAUSE_FAMILIES: Readonly<Record<string, Exclude<CauseFamily, 'other'>>> = {
  项目用地: 'conditions', 审批手续: 'conditions', 资金: 'conditions', 场地空间: 'conditions', 上级政策: 'conditions', 系统对接: 'conditions',
  专业人员: 'people', 人员招聘: 'people',
};

/** How a title names a kind of condition: `用地` of 项目用地 (a title that says 项目推进受项目用地… says 项目 twice). */
const CONDITION_WORDS: Readonly<Record<string, string>> = { 项目用地: '用地', 场地空间: '场地', 审批手续: '审批', 资金: '资金', 上级政策: '上级政策', 系统对接: '系统对接' };

/**
 * The kinds of condition named, most frequent first, at most `max`: `用地、审批、资金`; 场地 not
 * beside 用地, which a title's 等 covers, so that another kind has the room.
 */
function conditionsText(causes: readonly string[], max = 4, contested: ReadonlySet<string> = new Set()): string {
  const kinds = causeTally(causes).map((k) => CONDITION_WORDS[k.kind]).filter((w): w is string => !!w);
  const distinct = kinds.includes('用地') ? kinds.filter((w) => w !== '场地') : kinds;
  // a kind only the ledger's contested words give (用地 of a 二期 the facility sheet lists as 在建) is
  // marked as the text marks it: the title had named 用地 as the cause that 附录四 asks to be checked
  // (a director's reading), after the others, the first left out where the title has no room
  const solid = new Set(causes.filter((c) => !contested.has(c)).map((c) => CONDITION_WORDS[causeKind(c) ?? '']));
  const ordered = [...distinct.filter((w) => solid.has(w)), ...distinct.filter((w) => !solid.has(w))];
  return ordered.slice(0, max).map((w) => (solid.has(w) ? w : `${w}（待核实）`)).join('、');
}

/** `约束性指标“X”等2项指标、5项重点任务未完成`, `“X”“Y”未完成`, `3项指标未完成`; the tasks counted where `withTasks`. */
function unmetText(inds: readonly ThemeIndicator[], tasks: readonly ThemeTask[], withTasks: boolean): string {
  const lead = inds[0];
  const taskCount = `${formatNumber(tasks.length)}项重点任务`;
  if (!lead) return `${taskCount}未完成`;
  const named = lead.ind.isBinding
    ? `约束性指标${quoted(lead.ind)}${bindingAndOthers(inds, '指标')}`
    : inds.length <= 2 ? inds.map((x) => quoted(x.ind)).join('') : `${formatNumber(inds.length)}项指标`;
  return `${named}${withTasks && tasks.length ? `${lead.ind.isBinding || inds.length > 2 ? '、' : '和'}${taskCount}` : ''}未完成`;
}

/**
 * A cause theme's title, what held them back: the conditions named, the people, or for the
 * rest what grew too slowly (`slowGrowth`, where it can be named; their causes, as the ledger
 * words them, follow in the text).
 */
function causeTitle(family: CauseFamily, inds: readonly ThemeIndicator[], tasks: readonly ThemeTask[], causes: readonly string[], slowGrowth: string | null, contested: ReadonlySet<string>): string {
  switch (family) {
    case 'conditions':
      // the binding target missed named, the counts left to the text; not only facilities: a
      // task waiting on the city's policy is here too (the second review); as many kinds of
      // condition as a line of the contents holds (the text names them all)
      for (let max = 4; ; max--) {
        const title = `${conditionsText(causes, max, contested)}等条件制约项目推进，${inds[0]?.ind.isBinding ? `约束性指标${quoted(inds[0].ind)}未完成` : unmetText(inds, tasks, true)}`;
        if (title.length <= THEME_TITLE_MAX || max === 1) return title;
      }
    case 'people':
      return `专业人才和工作力量不足，${unmetText(inds, tasks, false)}`;
    case 'other':
      if (!inds.length) return unmetText(inds, tasks, true);
      // the targets named by what grew too slowly, one line in the body too (…志愿者增长慢于规划要求，
      // 3项指标未完成 broke after its first 、 there, seven characters on the line)
      // 不足 over the period, not 偏慢: a count that grew faster each year had only started slowly (the second final review)
      return slowGrowth ?? `增长慢于规划要求，${unmetText(inds, tasks, false)}`;
  }
}

/**
 * What grew too slowly, for a title: the unmet targets' numerators by name (`社区社会组织和实名注册志愿者增长不足`),
 * where there are at most three, each grew from the base year to the last (a numerator that
 * fell did not grow too slowly) and the names fit a title, those whose gap is mostly beds stopped
 * in the period said so (`停用的养老机构床位未补足，…`); else null.
 */
function slowGrowthText(f: ReportFacts, inds: readonly ThemeIndicator[]): string | null {
  if (!inds.length || inds.length > 3) return null;
  const names: string[] = [];
  // a target whose gap is mostly beds stopped in the period and not reopened: that said, not 增长不足
  // (the 352 beds of a home stopped in 2021 were 87.3 % of the 403 short: the final review)
  const stopped: string[] = [];
  for (const x of inds) {
    const base = f.values.districtValue(f.plan.baselineYear, x.ind.id)?.numerator ?? null;
    const name = x.ind.numeratorLabel?.name;
    if (!name || base === null || x.v.numerator === null || !(x.v.numerator > base)) return null;
    const short = districtShort(f, x.ind);
    if (short !== null && bedsStoppedOut(f, x.ind) * 2 >= short) stopped.push(name);
    else names.push(name);
  }
  const text = [stopped.length ? `停用的${joinAnd(stopped)}未补足` : '', names.length ? `${joinAnd(names)}增长不足` : ''].filter(Boolean).join('，');
  return text.length <= 32 ? text : null;
}

/**
 * The final evaluation's themes (report.md §2.4: themes, each joining the indicators and tasks
 * it explains, a lagging task's 进展说明 being a cause): each unmet target with its unfinished
 * tasks, and each unfinished task of its own, grouped by what held them back — conditions a
 * project waits for, people to do the work, and the rest with the causes as the ledger words
 * them (or none) — binding first. The annual reports keep their themes by 体系, which their
 * recommendations follow.
 */
function causeThemes(f: ReportFacts): ProblemTheme[] {
  const inds = shortfallsOf(f, f.plan.indicators);
  const tasks = laggingOf(f, tasksOf(f));
  const groups = new Map<CauseFamily, { inds: ThemeIndicator[]; tasks: ThemeTask[] }>();
  // each task is placed once: with the first target it bears on, else on its own
  const add = (family: CauseFamily, i: readonly ThemeIndicator[], t: readonly ThemeTask[]) => {
    const g = groups.get(family) ?? { inds: [], tasks: [] };
    g.inds.push(...i);
    g.tasks.push(...t);
    groups.set(family, g);
  };
  const placed = new Set<ThemeTask>();
  const familyOf = (ts: readonly ThemeTask[]): CauseFamily => {
    for (const t of ts) {
      const family = t.cause ? CAUSE_FAMILIES[causeKind(t.cause) ?? ''] : undefined;
      if (family) return family;
    }
    return 'other';
  };
  for (const x of inds) {
    const related = tasks.filter((t) => !placed.has(t) && bearsOn(t.task, x.ind, f.plan));
    related.forEach((t) => placed.add(t));
    add(familyOf(related), [x], related);
  }
  for (const t of tasks) if (!placed.has(t)) add(familyOf([t]), [], [t]);
  // each group's targets keep the order of `inds` (binding first, largest shortfall first)
  const contested = new Set(causeBesideBuilding(f).map((b) => b.cause));
  const themes = [...groups].map(([family, g]) =>
    themeOf(f, { key: `cause-${family}`, chapter: null, name: '', title: (causes) => causeTitle(family, g.inds, g.tasks, causes, family === 'other' ? slowGrowthText(f, g.inds) : null, contested) }, g.inds, g.tasks));
  return themes.sort((a, b) => b.severity - a.severity);
}

/** The themes of 存在问题 for the facts' year, binding first, at most five. */
export function problemThemes(f: ReportFacts): ProblemTheme[] {
  const systems = f.year >= f.plan.targetYear ? causeThemes(f) : taskSystems(f.plan).map((s) => systemTheme(f, s)).filter((t): t is ProblemTheme => t !== null);
  systems.sort((a, b) => b.severity - a.severity);
  const extra = [townsTheme(f), dataTheme(f)].filter((t): t is ProblemTheme => t !== null);
  return [...systems, ...extra].slice(0, MAX_THEMES);
}
