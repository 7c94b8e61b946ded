/**
 * The default resolver of the office's placeholders: the evaluated values (evaluate.ts),
 * formatted by format.ts the way the generated text formats them, so `{指标3.实际值}` in a
 * passage prints what the indicator table and the narrative print. One small, replaceable
 * part: a report that words a field differently (absolute gaps, town units) passes its own
 * resolver, or wraps this one.
 *
 * What a field gives (district unless a town is named; examples for a 张 indicator):
 * 名称 the indicator's name · 实际值 `6.2张` · 基期值 the plan's printed `5张` · 目标值
 * `7张` / `不低于80%` · 差距 to the target `0.8张` / `15.3个百分点` (0 when met) · 缺口 the
 * absolute gap in the indicator's own terms, as the report words it: `还差50张精神卫生福利床位`
 * (a town's against the district target) · 较基期, 较上年 `增加1.2张` / `提高3.5个百分点` /
 * `持平` · 完成进度, 时序进度 `60.0%` · 状态 the table's status (a town's: 达到/未达到全区目标
 * 水平) · 预判 · 结论 · 排名 `在22个镇街中居第3位`, `…与另外2个镇街并列第5位`,
 * `与多数镇街相同` (more than half tie), `各镇街相同` · 占比 `12.5%` of the district.
 * A town's figures are in its own unit (人, not 0.01万人), as everywhere in the reports.
 * No value in the data that year → `missing`, never a zero: a sentence says which year has no
 * data (`（2023年缺少数据，无法比较）`), a table's cell shows —. A figure made from data marked
 * incomplete (its own value, or for 较上年, 排名, 占比, 预判 the values it is compared with) is
 * `incomplete`: marked * with a note after the passage (passages.ts), unless every figure of
 * the year is (said once by the report).
 */
import type { IndicatorValue } from '../evaluate/evaluate.ts';
import {
  formatChange, formatDifference, formatPercent, formatPrinted, formatTarget, townSpec,
} from '../basics/format.ts';
import type { Plan } from '../plan/plan.ts';
import type { PlaceholderResolver, Resolution } from './passages.ts';
import { gapText, rankText, valueText } from './phrases.ts';
import { ValueIndex } from './value-index.ts';
import { everyFigureMarked, isComparisonMarked, isMarked } from './incomplete.ts';

/** The fields made from other values than the year's own, and which (IndicatorValue.basisComplete). */
const BASIS: ReadonlyMap<string, keyof IndicatorValue['basisComplete']> = new Map([
  ['较上年', 'change'], ['排名', 'rank'], ['占比', 'share'], ['预判', 'projection'],
]);
const BASIS_WORDS: Record<keyof IndicatorValue['basisComplete'], string> = {
  change: '上年的数值不完整', rank: '其他镇街的数值有不完整的', share: '全区的数值不完整', projection: '推算所依据的往年数值有不完整的',
};

/** The default resolver over the evaluated values of a build (district and towns, all years). */
export function valueResolver(plan: Plan, values: readonly IndicatorValue[] | ValueIndex): PlaceholderResolver {
  const index = values instanceof ValueIndex ? values : new ValueIndex(values);
  // a year whose every figure is incomplete (a file that could not be read) is said so once,
  // in the report's overview and 表1's note: a mark after each figure of a passage says nothing more
  const marked = new Map<number, boolean>();
  const everyValueMarked = (year: number): boolean => {
    if (!marked.has(year)) marked.set(year, everyFigureMarked(index, year));
    return marked.get(year)!;
  };
  return (req): Resolution => {
    const ind = plan.indicatorById.get(req.indicatorId);
    if (!ind) return { error: `规划中没有指标 ${req.indicatorId}` };
    const place = req.town?.name ?? '全区';

    // From the plan alone
    switch (req.field) {
      case '名称':
        return { text: ind.name };
      case '基期值':
        return { text: formatPrinted(ind, ind.baselineText) };
      case '目标值':
        return { text: formatTarget(ind, { words: true }) };
      case '时序进度':
        return { text: formatPercent((req.year - plan.baselineYear) / (plan.targetYear - plan.baselineYear)) };
      default:
    }

    // From the year's value
    const v = req.town ? index.get(req.year, req.town.code, ind.id) : index.districtValue(req.year, ind.id);
    const none = `${req.year}年${place}没有该指标的数值`;
    // what a sentence says instead: the year (and town) without data, '（2024年兴丰街道缺少数据）'
    const gone = (year: number, then = '') => `（${year}年${req.town ? place : ''}缺少数据${then}）`;
    const noValue = gone(req.year, req.field === '排名' ? '，不参与排名' : req.field === '预判' ? '，没有预判' : '');
    if (!v) return { missing: none, words: noValue };
    // a figure made from data marked incomplete says so, as the report's sentences and tables
    // do: its own value, or the other values a comparison is made from (last year's, other towns')
    const basis = BASIS.get(req.field);
    const incomplete = everyValueMarked(req.year) ? undefined : isMarked(v)
      ? `${req.year}年${place}的数值不完整`
      : basis && isComparisonMarked(v, basis) ? BASIS_WORDS[basis] : undefined;
    const text = (s: string | null | undefined, why = none, words = noValue): Resolution =>
      s === null || s === undefined ? { missing: why, words } : incomplete ? { text: s, incomplete } : { text: s };
    const value = v.value;
    switch (req.field) {
      case '实际值':
        return text(value === null ? null : valueText(ind, v));
      case '差距':
        return text(value === null ? null : formatDifference(ind, Math.max(ind.target - value, 0)));
      case '缺口': {
        if (value === null) return { missing: none, words: noValue };
        if (value >= ind.target) return text(req.town ? '已达到全区目标水平' : '已达到目标');
        // Without the numerator and denominator the gap stays in the indicator's unit.
        return text(gapText(ind, v, ind.target) ?? `距目标还差${formatDifference(req.town ? townSpec(ind) : ind, ind.target - value)}`);
      }
      case '较基期':
        return text(value === null ? null : formatChange(ind, ind.baseline, value));
      case '较上年': {
        const c = v.changeOnLastYear;
        const spec = req.town ? townSpec(ind) : ind;
        return text(
          value === null || c === null ? null : formatChange(spec, value - c, value), `${req.year - 1}年或${req.year}年${place}没有该指标的数值`,
          value === null ? noValue : gone(req.year - 1, '，无法比较'),
        );
      }
      case '完成进度':
        return text(v.completionProgress === null ? null : formatPercent(v.completionProgress));
      case '状态':
        return text(v.status);
      case '预判':
        return text(v.outlook, `${req.year}年全区没有预判（当年无数值）`);
      case '结论':
        return text(v.verdict);
      case '排名':
        return text(rankText(v), `${req.year}年${place}没有该指标的数值，不参与排名`);
      case '占比':
        return text(v.shareOfDistrict === null ? null : formatPercent(v.shareOfDistrict), `${req.year}年${place}或全区没有该指标的数值`, value === null ? noValue : `（${req.year}年全区缺少数据）`);
      default:
        return { error: `默认的数值填写不支持字段“${req.field}”` };
    }
  };
}
