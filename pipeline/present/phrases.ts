/**
 * Small pieces of report wording shared by the reports and the site: an indicator named
 * in a sentence, a value with its unit (a town's in 人 rather than 万人), the absolute gap
 * in the indicator's own terms, a town's rank with its ties, lists of names. Every number
 * goes through basics/format.ts.
 */
import { formatChange, formatNumber, formatPercent, formatPoints, formatValue, MISSING, percentPointGap, roundHalfEven, townSpec, type FormatSpec } from '../basics/format.ts';
import type { IndicatorValue } from '../evaluate/evaluate.ts';
import type { KeyTask } from '../evaluate/key-tasks.ts';
import { absoluteGap, wholeUnits } from '../evaluate/gaps.ts';
import type { Indicator } from '../plan/plan.ts';
import type { Place } from '../plan/geography.ts';

/**
 * `“…”` around a name; quotation marks inside it become single ones, as nested quotes
 * are written in Chinese: `““智慧民政”平台”` → `“‘智慧民政’平台”`.
 */
export function quote(text: string): string {
  return `“${innerQuotes(text)}”`;
}

/** A name's own quotation marks made single, for placing it inside “…” written elsewhere. */
export function innerQuotes(text: string): string {
  return text.replace(/“([^“”]*)”/g, '‘$1’');
}

/** `“每千名常住人口养老床位数”`. */
export function quoted(ind: Pick<Indicator, 'name'>): string {
  return quote(ind.name);
}

/** The name without a leading 全区, for use after a place: `清源街道社区社会组织数量`. */
export function bareName(ind: Pick<Indicator, 'name'>): string {
  return ind.name.replace(/^全区/, '');
}

/** `“A”“B”和“C”`; more than `max`: `“A”“B”等5项`. */
export function names(inds: readonly Pick<Indicator, 'name'>[], max = Infinity): string {
  if (inds.length > max) return `${inds.slice(0, max).map(quoted).join('')}等${formatNumber(inds.length)}项`;
  return inds.map(quoted).join('');
}

/** `A、B和C`. */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('、')}和${items[items.length - 1]}`;
}

/** A count in words for a sentence: `3项`. */
export function items(n: number, unit = '项'): string {
  return `${formatNumber(n)}${unit}`;
}

/** A figure pointed to after a value: `（见图3）`; nothing without one. */
export function seeFigure(n: number | null | undefined): string {
  return n ? `（见图${n}）` : '';
}

/** Figures pointed to: `图2`, `图1、图3`, `图1至图3` for a run of three or more. */
export function figuresText(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const run = sorted.every((n, i) => i === 0 || n === sorted[i - 1]! + 1);
  if (run && sorted.length > 2) return `图${sorted[0]}至图${sorted[sorted.length - 1]}`;
  return sorted.map((n) => `图${n}`).join('、');
}

/** `2021、2023年`, `2021—2023年` for a run. */
export function yearsText(years: readonly number[]): string {
  if (years.length === 0) return '';
  const sorted = [...years].sort((a, b) => a - b);
  const consecutive = sorted.every((y, i) => i === 0 || y === sorted[i - 1]! + 1);
  if (consecutive && sorted.length > 2) return `${sorted[0]}—${sorted[sorted.length - 1]}年`;
  return `${sorted.join('、')}年`;
}

/** A value as shown for its place: a town's 万人 value in 人 (evaluation.md). */
/** What a town is called as a kind: 街道 or 镇 (`本街道`, `适用于镇的指标`, `全镇`). */
export function townKind(town: Pick<Place, 'type'>): '街道' | '镇' {
  return town.type === '街道' ? '街道' : '镇';
}

export function valueText(ind: Indicator, v: Pick<IndicatorValue, 'value' | 'geoLevel'> | null | undefined): string {
  if (!v) return MISSING;
  // a town's ratio is set against the district target (its benchmark) as the district's is
  if (v.geoLevel === 'town' && (ind.aggregation !== 'ratio' || townSpec(ind).unit !== ind.unit)) return formatValue(townSpec(ind), v.value);
  const decimals = v.value === null ? null : decimalsBelowTarget(ind, v.value);
  return decimals === null ? formatValue(ind, v.value) : `${formatNumber(v.value, decimals)}${ind.unit}`;
}

/**
 * valueText, and in 万人 or 万元, where a gap in whole units is said beside it and the decimals
 * round the figure, the figure in whole units too: `0.38万人（3850人）` beside 还差150名 (the 2024
 * review: 0.40 − 0.38 read as 200). As valueText otherwise.
 */
export function valueBesideGap(ind: Indicator, v: IndicatorValue | null | undefined): string {
  const shown = valueText(ind, v);
  if (!v || v.value === null || v.geoLevel === 'town' || townSpec(ind).shift === undefined || !gapText(ind, v)) return shown;
  const scaled = v.value * 10 ** (decimalsBelowTarget(ind, v.value) ?? ind.precision);
  return Math.abs(scaled - Math.round(scaled)) < 1e-6 ? shown : `${shown}（${formatValue(townSpec(ind), v.value)}）`;
}

/**
 * A fall from `from` to `to` (two values of one place, `to` the lower): `由5.3张降至5.0张`.
 * Where both print alike (5.23 → 5.17), the change, computed unrounded and rounded once
 * (evaluation.md), and the value: `减少0.1张，为5.2张`, `略有下降，为5.2张` — a flawed
 * workbook's final report had said 由5.2张降至5.2张.
 */
export function fallText(ind: Indicator, from: Pick<IndicatorValue, 'value' | 'geoLevel'>, to: Pick<IndicatorValue, 'value' | 'geoLevel'>): string {
  const before = valueText(ind, from);
  const after = valueText(ind, to);
  if (before !== after) return `由${before}降至${after}`;
  return `${formatChange(to.geoLevel === 'town' ? townSpec(ind) : ind, from.value, to.value)}，为${after}`;
}

/**
 * A district value below its target that rounds up to it (0.1495万人 prints 0.15 against
 * ≥0.15): the places it takes to show it below the target, as statuses are judged on
 * unrounded values (evaluation.md); null for any other value, shown at the plan's precision.
 */
export function decimalsBelowTarget(ind: Pick<Indicator, 'target' | 'precision'>, v: number): number | null {
  return decimalsBelow(ind.target, ind.precision, v);
}

/**
 * A value below `reference` that rounds up to it at `precision` (4.98 prints 5.0 against a
 * baseline of 5): the places it takes to show it below; null for any other value.
 */
export function decimalsBelow(reference: number, precision: number, v: number): number | null {
  if (v >= reference - 1e-12 * Math.max(1, Math.abs(reference))) return null;
  if (roundHalfEven(v, precision) < reference) return null;
  let decimals = precision + 1;
  while (decimals < precision + 6 && roundHalfEven(v, decimals) >= reference) decimals++;
  return decimals;
}

/**
 * A district value moving away from its target (逆向变化), as a sentence gives it: with the
 * places that show it below the baseline where it rounds up to it (`4.98张`, not `5.0张`
 * beside a baseline of 5).
 */
export function valueBelowBaselineText(ind: Indicator, value: number): string {
  return valueShownBelow(ind, value, ind.baseline);
}

/** A district value at the plan's precision, or with the places that show it below `reference` where it rounds up to it. */
export function valueShownBelow(ind: Indicator, value: number, reference: number | null): string {
  const decimals = reference === null ? null : decimalsBelow(reference, ind.precision, value);
  return decimals === null ? formatValue(ind, value) : `${formatNumber(value, decimals)}${ind.unit}`;
}

/**
 * A value rated 逆向变化 against the plan's printed baseline though up on the baseline year's
 * figure of the data (4.98 against the printed 5 and the data's 4.956): the clause saying it
 * rose, with as many places as show the two apart; null where it did not rise (the 2021
 * review: 较基期（5张）不升反降 of beds that had grown from 9880 to 9960).
 */
export function roseOnDataBaseline(ind: Indicator, value: number, computed: number | null, baselineYear: number): string | null {
  const figure = dataBaselineBelow(ind, value, computed);
  return figure === null ? null : `按科室报送数据计算的${baselineYear}年为${figure}，实际有所提高`;
}

/**
 * The data's baseline-year figure `computed` where `value`, below the plan's printed baseline,
 * is up on it: with the places that show the value below the baseline, and more where the
 * two would print alike (`4.96张` beside 4.98); null where it did not rise.
 */
export function dataBaselineBelow(ind: Indicator, value: number, computed: number | null): string | null {
  if (computed === null || ind.baseline === null || !(value > computed)) return null;
  let d = decimalsBelow(ind.baseline, ind.precision, value) ?? ind.precision;
  while (d < 6 && formatNumber(value, d) === formatNumber(computed, d)) d++;
  return `${formatNumber(computed, d)}${ind.unit}`;
}

/** The figure alone, for a table cell, in the place's unit (a town's 万人 in 人). */
export function figureText(ind: Indicator, v: Pick<IndicatorValue, 'value' | 'geoLevel'> | null | undefined): string {
  if (!v) return MISSING;
  const spec = v.geoLevel === 'town' ? townSpec(ind) : ind;
  return formatValue({ ...spec, unit: '' }, v.value);
}

/** The unit of a place's figures: a town's 万人 is 人. */
export function unitText(ind: Indicator, level: 'district' | 'town'): string {
  return level === 'town' ? townSpec(ind).unit : ind.unit;
}

/** The plan's gap phrase filled with an amount of numerator units: `还差50张床位`. */
export function gapPhrase(ind: Indicator, amount: number, opts: { exact?: boolean } = {}): string {
  const template = ind.gapPhrase;
  if (!template) return `距目标还差${formatValue(ind, amount)}`;
  return template.replace(/\{n(?:\.(\d))?\}/g, (_, decimals: string | undefined) => {
    if (decimals !== undefined) return formatNumber(amount, Number(decimals));
    const n = wholeUnits(amount);
    // in words about 1.4万; `exact` where a table beside gives the same count (13,756)
    return n >= 10000 && !opts.exact ? `约${formatNumber(n / 10000, 1)}万` : formatNumber(n);
  });
}

/** A gap's amount and measure word alone (`约1.4万名`, `37个`), for a second figure beside a gap said in full. */
export function gapAmount(ind: Indicator, amount: number): string {
  const m = measureOf(ind);
  return m ? gapPhrase({ ...ind, gapPhrase: m[0] }, amount) : formatValue(ind, amount);
}

/** The number and measure word of an indicator's 差距表述 (`{n}个`, `{n.1}万元`), or null without one. */
function measureOf(ind: Indicator): RegExpExecArray | null {
  return ind.gapPhrase ? /\{n(?:\.(\d))?\}(万?\S)/u.exec(ind.gapPhrase) : null;
}

/** The measure word of the things an indicator's gap counts (`个` of `还需{n}个街镇…`); its unit without a 差距表述. */
export function gapMeasure(ind: Indicator): string {
  return measureOf(ind)?.[2] ?? ind.unit;
}

/**
 * An amount a year in the units an indicator's gap counts (its 差距表述's measure word):
 * `约27个`, `1225家`, `约1.2万名`; below 10 to one place (`约1.5个`: rounded to 约2个, a gap of
 * 2 closing in two years read wrong).
 */
export function perYearAmount(ind: Indicator, perYear: number): string {
  const measure = gapMeasure(ind);
  if (measure.startsWith('万')) return `约${formatNumber(perYear, 1)}${measure}`;
  const n = Math.round(perYear);
  const exact = Math.abs(perYear - n) < 1e-9;
  if (!exact && perYear < 10) return `约${formatNumber(perYear, 1)}${measure}`;
  // in 万 to one place, 约 where that rounds it (15,234 is 约1.5万, not 1.5万); a thousand or
  // more that is not exact to the hundred (约1103名 claimed a precision 约 denies: the final review)
  const inWan = n >= 10000;
  const rounded = !exact || (inWan && n % 1000 !== 0);
  const shown = rounded && !inWan && n >= 1000 ? Math.round(n / 100) * 100 : n;
  return `${rounded ? '约' : ''}${inWan ? `${formatNumber(n / 10000, 1)}万` : formatNumber(shown)}${measure}`;
}

/**
 * What is still missing to reach `target` (default: the value's own), in the indicator's
 * terms (`还差50张床位`), or null when met or unknown.
 */
export function gapText(ind: Indicator, v: IndicatorValue | null | undefined, target: number | null = v?.target ?? null): string | null {
  if (!v) return null;
  const gap = absoluteGap(ind, v, target);
  if (gap === null || gap <= 0) return null;
  return gapPhrase(ind, gap);
}

/**
 * A town's rank among the towns, ties stated (evaluation.md): `居第3位`,
 * `与另外8个镇街并列第14位`; no rank when more than half the towns share the value
 * (`与多数镇街相同`), and nothing when every town does. Null without a rank.
 */
export function rankText(v: Pick<IndicatorValue, 'rank' | 'rankOf' | 'rankShared'>, among = '镇街'): string | null {
  if (v.rank === null || v.rankOf === null || v.rankOf < 2) return null;
  const shared = v.rankShared ?? 1;
  if (shared >= v.rankOf) return `各${among}相同`;
  if (shared * 2 > v.rankOf) return `与多数${among}相同`;
  return `在${formatNumber(v.rankOf)}个${among}中${rankPlace({ rank: v.rank, rankShared: shared }, among)}`;
}

/** The place of a rank without the towns it is among: `居第3位`, `与另外8个镇街并列第14位` (`among`: 街道 or 镇 for a rank within a kind). */
export function rankPlace(v: { rank: number; rankShared: number | null }, among = '镇街'): string {
  const shared = v.rankShared ?? 1;
  return shared > 1 ? `与另外${formatNumber(shared - 1)}个${among}并列第${formatNumber(v.rank)}位` : `居第${formatNumber(v.rank)}位`;
}

/**
 * The rank for a table cell: `3`, `14（9个并列）`; `多数相同` when more than half the towns
 * share the value and `均相同` when all do (evaluation.md: no rank then); `—` without a rank.
 * With `of`, out of how many: `3／22`.
 */
export function rankCell(v: Pick<IndicatorValue, 'rank' | 'rankOf' | 'rankShared'> | null | undefined, opts: { of?: boolean } = {}): string {
  if (!v || v.rank === null || v.rankOf === null) return MISSING;
  const shared = v.rankShared ?? 1;
  if (shared >= v.rankOf) return '均相同';
  if (shared * 2 > v.rankOf) return '多数相同';
  const place = opts.of ? `${formatNumber(v.rank)}／${formatNumber(v.rankOf)}` : formatNumber(v.rank);
  // tied for last: said, or 13（10个并列） read as the middle of 22 (the 2023 town review)
  const last = v.rank + shared - 1 === v.rankOf;
  return shared > 1 ? `${place}（${formatNumber(shared)}个并列${last ? '末位' : ''}）` : place;
}

/** A change for a narrow cell: `+1.8张`, `+5.9个百分点`, `−0.1名`, `持平`, `略有增加` (formatChange with a sign for its verb). */
export function changeCell(spec: FormatSpec, from: number | null | undefined, to: number | null | undefined): string {
  return formatChange(spec, from, to).replace(/^(增加|提高)/, '+').replace(/^(减少|降低)/, '−');
}

/** `与时序进度持平` / `快于时序进度3.4个百分点` / `略慢于…` / `落后时序进度…`, comparing P and T as printed. */
/** Whether a completion progress prints level with the time progress (80.0% in a year of 80%): 快于时序进度 (R ≥ 1) in the table, 持平 in words. */
export function levelWithTime(v: Pick<IndicatorValue, 'completionProgress' | 'timeProgress'>): boolean {
  return percentPointGap(v.completionProgress, v.timeProgress) === 0;
}

export function timeComparison(v: IndicatorValue, behindWord: '略慢于' | '落后'): string {
  const gap = percentPointGap(v.completionProgress, v.timeProgress);
  if (gap === null) return '与时序进度持平';
  // level as printed: a hair ahead is 略快于, as the table's 快于时序进度 has it (the 2022 review:
  // 40.013 % against 40 % said 基本持平 beside 快于时序进度 in 表1)
  if (gap === 0) {
    const d = (v.completionProgress ?? 0) - v.timeProgress;
    return Math.abs(d) < 1e-9 ? '与时序进度持平' : d > 0 ? '略快于时序进度' : '与时序进度基本持平';
  }
  return gap > 0 ? `快于时序进度${formatPoints(gap)}` : `${behindWord}时序进度${formatPoints(gap)}`;
}

/** `累计完成58%，低于按完成时限（2025年底）计的时间进度60.0%`: a task's progress against the time gone towards its deadline (belowTimePace). */
export function behindTimeText(task: Pick<KeyTask, 'progress' | 'deadline'>, time: number): string {
  return `累计完成${formatNumber(task.progress)}%，低于按完成时限（${task.deadline}）计的时间进度${formatPercent(time)}`;
}

/** When a target was met early (TargetRecord.earlyYear): `2024年`, or `2023—2024年间` where 2023 has no data and 2022 did not meet it. */
export function earlyText(rec: { earlyYear: number | null; earlyFrom: number | null }): string {
  if (rec.earlyYear === null) return '';
  return rec.earlyFrom !== null && rec.earlyFrom < rec.earlyYear ? `${rec.earlyFrom}—${rec.earlyYear}年间` : `${rec.earlyYear}年`;
}
