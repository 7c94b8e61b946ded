/**
 * District figures without some towns: a town-level sheet that lacks a town's row, or the
 * cell its value needs (data-contract §4: that town missing, the district summed over the
 * others and marked incomplete). The reports name the towns where they give the figure, and
 * what it would be with each town at its last year's numerator and denominator — the reader
 * then knows how far a missing row can move a verdict (a review: 实名注册志愿者 20.4 % and
 * 还需约1.2万名 without 长子营镇, said nowhere but 附录四).
 * Pure: the report's values and lost lineage in, text out.
 */
import { judgeDistrictValue, type IndicatorValue } from '../evaluate/evaluate.ts';
import { SHEET_BY_NAME } from '../plan/contract.ts';
import type { Place } from '../plan/geography.ts';
import type { Indicator } from '../plan/plan.ts';
import { absoluteGap } from '../evaluate/gaps.ts';
import { gapAmount, gapPhrase, joinAnd, quoted, valueText } from './phrases.ts';
import type { ReportFacts } from './report-facts.ts';
import type { LineageRow } from '../warehouse/lineage.ts';

/** What the missing towns are read from: a report's facts, or the site's (the same values and lost lineage). */
export type AbsentFacts = Pick<ReportFacts, 'plan' | 'geography' | 'year' | 'values' | 'lost'>;

export interface AbsentTowns {
  towns: Place[];
  /** The district figure with each town at its value of the year before, when every one of them had one; else null. */
  estimate: number | null;
  /** That figure's numerator and denominator (null with it). */
  parts: { numerator: number; denominator: number | null } | null;
}

/** A lost lineage row that leaves its place without a value: a row not there, or its needed cell empty (a rejected row says why, not what is missing). */
function isGap(r: LineageRow): boolean {
  return (r.status === 'absent' && r.isRequired) || (r.status === 'loaded' && r.contribution === null);
}

/** The towns a district figure of `year` is summed without for want of their data; null when none. */
export function absentTowns(f: AbsentFacts, ind: Indicator, year = f.year): AbsentTowns | null {
  const v = f.values.districtValue(year, ind.id);
  if (!v || v.value === null) return null;
  const codes = new Set(
    (f.lost ?? [])
      .filter((r) => r.year === year && r.indicatorId === ind.id && r.geoCode !== null && isGap(r))
      .map((r) => r.geoCode!),
  );
  // a town whose own value is there lost only a part it can do without (a district-level indicator has no town values)
  const towns = f.geography.towns.filter((t) => codes.has(t.code) && (ind.level === 'D' || f.values.get(year, t.code, ind.id)?.value == null));
  if (!towns.length) return null;
  const e = ind.level === 'D' ? null : estimate(ind, v, towns.map((t) => f.values.get(year - 1, t.code, ind.id)));
  return { towns, estimate: e?.value ?? null, parts: e ? { numerator: e.numerator, denominator: e.denominator } : null };
}

/** The district value with the towns' values of the year before added to its numerator and denominator. */
function estimate(ind: Indicator, v: IndicatorValue, before: readonly (IndicatorValue | undefined)[]): { value: number; numerator: number; denominator: number | null } | null {
  if (v.numerator === null || v.scale === null) return null;
  const ratio = ind.aggregation === 'ratio';
  let n = v.numerator;
  let d = v.denominator;
  for (const b of before) {
    if (!b || !b.isComplete || b.numerator === null || (ratio && b.denominator === null)) return null;
    n += b.numerator;
    if (ratio) d = (d ?? 0) + b.denominator!;
  }
  if (ratio) return d ? { value: (n * v.scale) / d, numerator: n, denominator: d } : null;
  return { value: n * v.scale, numerator: n, denominator: null };
}

/**
 * The gap with the missing towns at their last year's figures, beside the gap said without them:
 * `补入该镇后约1.4万名` (the review of the flawed sample: 还需约1.2万名 on 21 towns beside 20.3 % with
 * 长子营镇 补入, where the gap with it is about 1.4万). '' where there is no estimate or the two gaps read alike.
 */
export function absentGapText(f: AbsentFacts, ind: Indicator, year = f.year): string {
  const a = absentTowns(f, ind, year);
  const v = f.values.districtValue(year, ind.id);
  if (!a?.parts || a.estimate === null || !v) return '';
  const without = absoluteGap(ind, v);
  const withThem = absoluteGap(ind, { ...v, value: a.estimate, ...a.parts });
  if (without === null || withThem === null || without <= 0) return '';
  const who = townPronoun(a.towns, '这些镇街');
  if (withThem <= 0) return `补入${who}后已达到目标`;
  return gapPhrase(ind, withThem) === gapPhrase(ind, without) ? '' : `补入${who}后${gapAmount(ind, withThem)}`;
}

/** `该镇`, `该街道`, or `many` (`这些镇街`, `各镇街`) for more than one town. */
export function townPronoun(towns: readonly Place[], many: string): string {
  return towns.length > 1 ? many : towns[0]!.type === '街道' ? '该街道' : '该镇';
}

/**
 * Why towns are missing, where each sent its row and the row was rejected: `（该镇的填报行未通过校验）`;
 * '' where any of them sent none. The final review read 所依据的2025年数据缺少旧宫镇 as 旧宫镇 not
 * reporting, as 长子营镇 had not, where its row (19 housed of 16 in need) was rejected.
 */
function whyMissing(f: AbsentFacts, ind: Indicator, towns: readonly Place[], year: number): string {
  const rejected = new Set((f.lost ?? []).filter((r) => r.year === year && r.indicatorId === ind.id && r.status === 'rejected' && r.rejectScope === 'row' && r.geoCode !== null).map((r) => r.geoCode!));
  if (!towns.length || !towns.every((t) => rejected.has(t.code))) return '';
  return `（${townPronoun(towns, '这些镇街')}的填报行未通过校验）`;
}

/** `长子营镇`, `林校路街道、兴丰街道`, `黄村镇等5个镇街`. */
export function townsText(towns: readonly Place[]): string {
  return towns.length > 3 ? `${towns.slice(0, 3).map((t) => t.name).join('、')}等${towns.length}个镇街` : joinAnd(towns.map((t) => t.name));
}

/**
 * Beside the district figure: `不含缺少数据的长子营镇（按该镇2024年的数补入为20.3%）`, the
 * estimate after a comma `inParentheses`; '' when the figure lacks no town.
 */
export function absentTownsText(f: AbsentFacts, ind: Indicator, year = f.year, inParentheses = false): string {
  const a = absentTowns(f, ind, year);
  if (!a) return '';
  const who = townPronoun(a.towns, '各镇街');
  const est = a.estimate === null ? '' : `按${who}${year - 1}年的数补入为${valueText(ind, { value: a.estimate, geoLevel: 'district' })}`;
  // inside a parenthesis already: the estimate after a comma, not in a second pair
  return `不含缺少数据的${townsText(a.towns)}${est ? (inParentheses ? `，${est}` : `（${est}）`) : ''}`;
}

/**
 * The district judgements of the report's year that the missing towns would turn, at their
 * last year's values: `“实名注册志愿者占常住人口的比例”评为完成，所依据的2025年数据缺少长子营镇；
 * 如按该镇2024年的数补入，全区为20.3%，未完成`. Empty when none would.
 */
export function absentTownVerdicts(f: AbsentFacts): string[] {
  return absentTownJudgements(f).map((x) => x.text);
}

/** absentTownVerdicts' sentence of one indicator, or null: for the indicator's page on the site, beside its other caveats. */
export function absentTownVerdictOf(f: AbsentFacts, ind: Indicator): string | null {
  return absentTownJudgements(f, [ind])[0]?.text ?? null;
}

/** The indicators whose district judgement of the report's year the missing towns would turn, or may overstate (those absentTownVerdicts speaks of). */
export function turnedByAbsence(f: AbsentFacts): Indicator[] {
  return absentTownJudgements(f).map((x) => x.ind);
}

function absentTownJudgements(f: AbsentFacts, inds: readonly Indicator[] = f.plan.indicators): { ind: Indicator; text: string }[] {
  return inds.flatMap((ind): { ind: Indicator; text: string }[] => {
    const a = absentTowns(f, ind);
    const v = f.values.districtValue(f.year, ind.id);
    if (!a || !v) return [];
    if (a.estimate === null) {
      const over = overstated(f, ind, a);
      return over ? [{ ind, text: over }] : [];
    }
    const alt = judgeDistrictValue(ind, f.plan, f.year, a.estimate);
    const final = f.year === f.plan.targetYear;
    const now = final ? v.verdict : v.status;
    const then = final ? alt.verdict : alt.status;
    if (!now || !then) return [];
    if (now === then) {
      const ceiling = atCeiling(f, ind, a, v, a.estimate);
      return ceiling ? [{ ind, text: ceiling }] : [];
    }
    const who = townPronoun(a.towns, '这些镇街');
    const judged = final ? `评为${now}` : `的进度评价为“${now}”`;
    return [{ ind, text: `${quoted(ind)}${judged}，所依据的${f.year}年数据缺少${townsText(a.towns)}${whyMissing(f, ind, a.towns, f.year)}；如按${who}${f.year - 1}年的数补入，全区为${valueText(ind, { value: a.estimate, geoLevel: 'district' })}，${final ? then : `进度评价为“${then}”`}` }];
  });
}

/**
 * A share met at 100 %, its target, without some towns: the towns' last year keeps it there, but any
 * of them below 100 % this year takes the district below its target — the missing row can only
 * lower it (a review: 特困对象集中供养率 完成 with 旧宫镇's row rejected, 19 housed of 16 in need,
 * left out of the verdicts to check). Null for any other case.
 */
function atCeiling(f: AbsentFacts, ind: Indicator, a: AbsentTowns, v: IndicatorValue, estimate: number): string | null {
  const value = v.value;
  const who = townPronoun(a.towns, '这些镇街');
  const final = f.year === f.plan.targetYear;
  const met = final ? v.verdict === '完成' : v.status === '已完成';
  if (!met || ind.aggregation !== 'ratio' || ind.unit !== '%' || ind.target < 100 || value === null || value < ind.target) return null;
  const codes = new Set(a.towns.map((t) => t.code));
  const rows = (f.lost ?? []).filter((r) => r.year === f.year && r.indicatorId === ind.id && r.geoCode !== null && codes.has(r.geoCode));
  const departments = [...new Set(rows.map((r) => SHEET_BY_NAME.get(r.sheetKind ?? '')?.department).filter((d): d is string => !!d))];
  const judged = final ? `评为${v.verdict}` : `的进度评价为“${v.status}”`;
  const target = `${ind.targetText.trim()}${ind.unit}`;
  return `${quoted(ind)}${judged}，所依据的${f.year}年数据缺少${townsText(a.towns)}${whyMissing(f, ind, a.towns, f.year)}；按${who}${f.year - 1}年的数补入仍为${valueText(ind, { value: estimate, geoLevel: 'district' })}，但目标为${target}，${who}当年实际低于${target}时全区即达不到目标，需${departments.join('、') || '填报科室'}核实`;
}

/**
 * A district-level ratio met on a denominator without some towns (每万人户籍儿童机构床位数: the
 * institutions' beds over the children of the towns that sent their row) is overstated, by how
 * much no town value says: `“每万人户籍儿童机构床位数”评为完成，所依据的2025年数据缺少兴丰街道和
 * 林校路街道的户籍儿童人口（分母），全区数值因此偏高，需区统计局补报后复核`. Null otherwise.
 */
function overstated(f: AbsentFacts, ind: Indicator, a: AbsentTowns): string | null {
  const v = f.values.districtValue(f.year, ind.id)!;
  const final = f.year === f.plan.targetYear;
  const met = final ? v.verdict === '完成' || v.verdict === '基本完成' : v.status === '已完成' || v.status === '快于时序进度' || v.status === '基本符合进度';
  if (ind.level !== 'D' || ind.aggregation !== 'ratio' || !met) return null;
  const codes = new Set(a.towns.map((t) => t.code));
  const rows = (f.lost ?? []).filter((r) => r.year === f.year && r.indicatorId === ind.id && r.geoCode !== null && codes.has(r.geoCode) && isGap(r));
  if (!rows.length || rows.some((r) => r.role !== 'denominator')) return null;
  const columns = [...new Set(rows.map((r) => r.columnName).filter((c): c is string => !!c))];
  const departments = [...new Set(rows.map((r) => SHEET_BY_NAME.get(r.sheetKind ?? '')?.department).filter((d): d is string => !!d))];
  const judged = final ? `评为${v.verdict}` : `的进度评价为“${v.status}”`;
  return `${quoted(ind)}${judged}，所依据的${f.year}年数据缺少${townsText(a.towns)}的${columns.join('、') || '数据'}（分母），全区数值因此偏高，需${departments.join('、') || '填报科室'}补报后复核`;
}
