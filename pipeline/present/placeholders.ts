/**
 * Placeholders in the office's passages: `{指标3.实际值}`, `{指标3.差距@2024}`,
 * `{指标23.实际值@黄村镇}`, `{指标23.排名@2024,黄村镇}`. Parsed into a typed request for a
 * computed value and checked against the plan and the geography; the value itself comes
 * from a resolver the caller passes (the default one is `passage-values.ts`).
 *
 * Syntax (documented in Chinese in `data/text/passages/README.md`), forgiving of how a
 * Chinese IME types it: full-width or half-width braces, dots and @ (`｛指标３。实际值＠2024｝`),
 * spaces anywhere, `指标` optional (`{3.实际值}`), `的` for the dot (`{指标3的实际值}`),
 * qualifiers after `@` separated by `@`, `,`, `，` or `、` (or none after 年: `@2024年黄村镇`): a year (`2024`, `2024年`), a town
 * (name or alias: `黄村镇`, `黄村`) or `全区`. Without a year the passage's own year is meant.
 */
import type { Indicator, Plan } from '../plan/plan.ts';
import type { Geography, Place } from '../plan/geography.ts';
import { foldWidth, removeSpaces } from '../basics/text.ts';

/** The computed values a placeholder may ask for. */
export const PLACEHOLDER_FIELDS = [
  '名称', '实际值', '基期值', '目标值', '差距', '缺口', '较基期', '较上年', '完成进度', '时序进度', '状态', '预判', '结论', '排名', '占比',
] as const;
export type PlaceholderField = (typeof PLACEHOLDER_FIELDS)[number];

/** Where a field exists: in the plan's table (no year, no town), for the district, for towns, or both. */
type Scope = 'plan' | 'district' | 'town' | 'both';

interface FieldSpec {
  aliases: readonly string[];
  scope: Scope;
  /** Earliest year: the baseline year, or the first year of the plan period (judged years). */
  from: 'baseline' | 'period';
}

const FIELDS: Record<PlaceholderField, FieldSpec> = {
  名称: { aliases: ['指标名称'], scope: 'plan', from: 'baseline' },
  实际值: { aliases: ['数值', '值'], scope: 'both', from: 'baseline' },
  基期值: { aliases: ['基期'], scope: 'plan', from: 'baseline' },
  目标值: { aliases: ['目标', '规划目标'], scope: 'plan', from: 'baseline' },
  差距: { aliases: ['距目标', '距目标差距'], scope: 'district', from: 'baseline' },
  缺口: { aliases: ['绝对差距', '还差'], scope: 'both', from: 'baseline' },
  较基期: { aliases: ['较基期变化', '较基期年'], scope: 'district', from: 'period' },
  较上年: { aliases: ['较上年变化', '比上年'], scope: 'both', from: 'period' },
  完成进度: { aliases: ['目标完成进度'], scope: 'district', from: 'period' },
  时序进度: { aliases: ['时间进度'], scope: 'district', from: 'period' },
  状态: { aliases: ['进度评价', '评价'], scope: 'both', from: 'period' },
  预判: { aliases: ['目标预判', '趋势预判'], scope: 'district', from: 'period' },
  结论: { aliases: ['评估结论', '完成情况'], scope: 'district', from: 'period' },
  排名: { aliases: ['位次', '名次'], scope: 'town', from: 'baseline' },
  占比: { aliases: ['占全区比重', '比重'], scope: 'town', from: 'baseline' },
};

const FIELD_BY_SPELLING = new Map<string, PlaceholderField>();
for (const f of PLACEHOLDER_FIELDS) for (const s of [f, ...FIELDS[f].aliases]) FIELD_BY_SPELLING.set(s, f);

/** What a placeholder asks for, checked against the plan and the geography. */
export interface PlaceholderRequest {
  indicatorId: number;
  field: PlaceholderField;
  /** The placeholder's year, else the passage's year. */
  year: number;
  /** The town (镇街) it names; absent for the district. */
  town?: Place;
}

export type ParsedPlaceholder = { request: PlaceholderRequest } | { error: string };

const FIELD_LIST = PLACEHOLDER_FIELDS.join('、');

/** The placeholder's body (between the braces) as typed, read for a passage of `passageYear`. */
export function parsePlaceholder(body: string, passageYear: number, plan: Plan, geography: Geography): ParsedPlaceholder {
  const shown = `{${body}}`;
  const fail = (msg: string): ParsedPlaceholder => ({ error: `占位符${shown}：${msg}` });
  const k = removeSpaces(foldWidth(body));
  if (k === '') return { error: '空的占位符{}：花括号中应写明指标序号和字段，如 {指标3.实际值}' };
  const [head = '', ...quals] = k.split('@');
  const m = /^(?:指标)?(\d+)(?:[.。·・的:：])?(.*)$/.exec(head);
  if (!m) {
    const asField = FIELD_BY_SPELLING.get(head.replace(/^指标/, ''));
    return fail(asField
      ? `请写明是哪一项指标，如 {指标3.${asField}}（指标序号见规划指标表）`
      : '应写成 {指标序号.字段}，如 {指标3.实际值}、{指标3.差距@2024}、{指标23.实际值@黄村镇}');
  }
  const id = Number(m[1]);
  const ind = plan.indicatorById.get(id);
  if (!ind) return fail(`规划中没有序号为 ${m[1]} 的指标，指标序号为 ${plan.indicators[0]?.id ?? 1}—${plan.indicators[plan.indicators.length - 1]?.id ?? 1}`);
  const fieldText = m[2]!;
  if (fieldText === '') return fail(`缺少字段，请在指标序号后写“.字段”，如 {指标${id}.实际值}；可用的字段：${FIELD_LIST}`);
  const field = FIELD_BY_SPELLING.get(fieldText);
  if (!field) return fail(`未知的字段“${fieldText}”，可用的字段：${FIELD_LIST}`);

  // Qualifiers: a year, a town or 全区.
  let year: number | null = null;
  let town: Place | null = null;
  let district = false;
  // `@2024年黄村镇`: a year with 年 runs straight into the town
  for (const q of quals.flatMap((x) => x.replace(/^(\d{4}年度?)(?=[^\d度])/, '$1,').split(/[,、]/))) {
    if (q === '') return fail('“@”后应写年份或镇街名，如 @2024、@黄村镇');
    const y = /^(\d{4})(?:年度?)?$/.exec(q);
    if (y) {
      if (year !== null) return fail('只能写一个年份');
      year = Number(y[1]);
      continue;
    }
    if (q === '全区' || q === geography.district.name || geography.district.aliases.includes(q)) {
      district = true;
      continue;
    }
    const place = geography.resolveTown(q);
    if (!place) return fail(`“${q}”既不是年份也不是${geography.district.name}的镇街名`);
    if (town !== null) return fail('只能写一个镇街');
    town = place;
  }
  if (district && town) return fail('不能同时写“全区”和镇街');

  const spec = FIELDS[field];
  const check = checkField(ind, field, spec, year, town);
  if (check) return fail(check);
  const when = year ?? passageYear;
  if (spec.scope !== 'plan') {
    const first = spec.from === 'baseline' ? plan.baselineYear : plan.period.start;
    if (when > passageYear) return fail(`${passageYear}年的段落不能引用${when}年的数值`);
    if (when < first || when > plan.targetYear) {
      return fail(`“${field}”只有${first}—${plan.targetYear}年的数值，没有${when}年的`);
    }
    if (field === '较上年' && when <= plan.baselineYear) return fail(`${when}年没有上年数值可比`);
    if (field === '预判' && (when < plan.baselineYear + 2 || when >= plan.targetYear)) {
      return fail(`“预判”（${plan.targetYear}年目标预判）只用于${plan.baselineYear + 2}—${plan.targetYear - 1}年；${plan.targetYear}年请用“结论”`);
    }
    if (field === '结论' && when !== plan.targetYear) return fail(`“结论”（完成/基本完成/未完成）只用于规划目标年${plan.targetYear}年`);
  }
  return { request: { indicatorId: id, field, year: when, ...(town ? { town } : {}) } };
}

/** Whether the field exists for this indicator and place, from the plan alone; null when it does. */
function checkField(ind: Indicator, field: PlaceholderField, spec: FieldSpec, year: number | null, town: Place | null): string | null {
  const name = `指标${ind.id}（${ind.name}）`;
  if (spec.scope === 'plan') {
    if (year !== null || town) return `“${field}”是规划指标表中的固定内容，不分年份和镇街，请去掉“@”及其后的内容`;
    if (field === '基期值' && ind.baselineText === '') return `${name}为累计性指标，规划表中没有基期值`;
    return null;
  }
  if (town && ind.level === 'D') return `${name}只统计全区，没有镇街数值`;
  if (spec.scope === 'town' && !town) return `“${field}”只用于镇街，请写明镇街，如 {指标${ind.id}.${field}@黄村镇}`;
  if (spec.scope === 'district' && town) return `“${field}”只用于全区，不能写镇街`;
  if (field === '排名' && ind.aggregation !== 'ratio') return `${name}是总量指标，镇街之间不排名，可用“占比”（占全区的比重）`;
  if (field === '缺口' && town && ind.aggregation !== 'ratio') return `${name}是总量指标，规划未分解镇街目标，镇街没有距目标的缺口`;
  if (field === '占比' && ind.aggregation !== 'sum') return `${name}是比率指标，没有占全区的比重，可用“排名”`;
  if (field === '状态' && town && ind.aggregation !== 'ratio') return `${name}是总量指标，镇街没有进度评价（规划未分解镇街目标）`;
  if (field === '较基期' && ind.isCumulative) return `${name}为累计性指标，没有基期值可比`;
  if (field === '完成进度' && ind.isMaintain) return `${name}为保持类指标（目标值等于基期值），只判断是否保持，没有完成进度`;
  return null;
}
