/**
 * 目标分解 (final evaluation, report.md §2.6): for the ratio indicators the next plan would
 * raise, what the district needs to reach its proposed rate, shared out to the towns below it
 * in proportion to their own gaps (evaluate/proposals.ts splitTarget), so that the towns' parts
 * add up to the district's — the plan set no town targets, so this is where they start.
 */
import { formatNumber } from '../basics/format.ts';
import { splitTarget, type Proposal, type TargetSplit } from '../evaluate/proposals.ts';
import type { Place } from '../plan/geography.ts';
import type { Indicator } from '../plan/plan.ts';
import { townPronoun, townsText } from '../present/absent-towns.ts';
import { figureText, names } from '../present/phrases.ts';
import { meaningfulFor, type ReportFacts } from '../present/report-facts.ts';
import { para, type Block, type Cell } from './document.ts';

/**
 * The split as blocks: an explanation and tables of towns × (value, the town's part), three
 * indicators a table, then the parts added up and the district's row last (its value and its
 * need, which the parts make), for up to nine: first the ratio targets the
 * plan period left unmet, then the binding ones, then the rest — the shortfalls the next plan
 * most needs to place.
 */
export function townSplit(f: ReportFacts, proposals: readonly Proposal[], max = SPLIT_MAX): Block[] {
  const unmet = (p: Proposal) => f.values.districtValue(f.year, p.ind.id)?.verdict !== '完成';
  const splits = new Map(proposals.map((p) => [p, splitOf(f, p)]));
  const chosen = splitChosen(f, proposals, max, splits);
  if (chosen.length === 0) {
    // not 均已达到 where the ratios have no value to compare (a final year without data)
    const ratios = f.plan.indicators.filter((ind) => ind.aggregation === 'ratio' && ind.level === 'DT');
    const unknown = ratios.filter((ind) => f.values.districtValue(f.year, ind.id)?.value == null);
    return [para(unknown.length
      ? `${f.year}年${unknown.length === ratios.length ? '' : '部分'}比率类指标缺少数据，无法按镇街分解；补齐数据后再行测算。`
      : `按建议的“${f.plan.nextEra}”目标，比率类指标全区均已达到，不需分解。`)];
  }
  const tables: Block[] = [];
  const parts = Math.ceil(chosen.length / 3);
  for (let k = 0; k < chosen.length; k += 3) {
    const group = chosen.slice(k, k + 3);
    const columns = ['镇街'];
    for (const p of group) columns.push(`${p.ind.id} ${p.ind.name}${f.year}年（${p.ind.unit || '比值'}）`, `全区达到${formatNumber(p.proposed!, p.ind.precision)}${p.ind.unit}分解新增${p.ind.numeratorLabel!.name}（${p.ind.numeratorLabel!.unit}）`);
    const rows: Cell[][] = f.geography.towns.map((t) => {
      const cells: Cell[] = [{ text: t.name, header: true }];
      for (const p of group) {
        const v = f.values.get(f.year, t.code, p.ind.id);
        const part = meaningfulFor(p.ind, t) ? splits.get(p)!.share.get(t.code) : undefined;
        cells.push({ text: meaningfulFor(p.ind, t) ? figureText(p.ind, v) : '不适用', num: true });
        cells.push({ text: part === undefined ? '—' : formatNumber(part), num: true, strong: part !== undefined && part > 0 });
      }
      return cells;
    });
    const sum: Cell[] = [{ text: '各镇街合计', header: true }];
    for (const p of group) {
      sum.push({ text: '', num: true });
      sum.push({ text: formatNumber(sharesTotal(splits.get(p)!)), num: true });
    }
    rows.push(sum);
    const total: Cell[] = [{ text: '全区', header: true }];
    for (const p of group) {
      total.push({ text: figureText(p.ind, f.values.districtValue(f.year, p.ind.id)), num: true });
      total.push({ text: formatNumber(splits.get(p)!.district), num: true, strong: true });
    }
    rows.push(total);
    const suffix = parts > 1 ? `（${'一二三'[k / 3]}）` : '';
    const notes = lackingNotes(f, group);
    tables.push({ table: { caption: `表3 主要比率类指标目标分解到镇街${suffix}`, columns, rows, className: 'compact split', ...(notes.length ? { notes } : {}) } });
  }
  const unmetCount = chosen.filter(unmet).length;
  const bindingMet = chosen.filter((p) => !unmet(p) && p.ind.isBinding).length;
  const others = chosen.length - unmetCount - bindingMet;
  const kinds = [
    unmetCount ? `“${f.plan.era}”未完成的比率类指标` : '',
    bindingMet ? '约束性指标' : '',
    // not 建议提高目标: 六（二） counts only a target set too low as 提高 (a reviewer read the two as at odds)
    others ? `“${f.plan.nextEra}”建议目标高于${f.year}年水平的其他比率类指标` : '',
  ].filter(Boolean);
  const targets = chosen.map((p) => `${p.ind.name}${formatNumber(p.proposed!, p.ind.precision)}${p.ind.unit}`).join('，');
  // the towns' own needs beside the district's: where they add up to more, what that means for the towns at the district's rate
  const larger = chosen.filter((p) => townsTotal(splits.get(p)!) > splits.get(p)!.district);
  return [
    para(`规划未对镇街设定目标。对${kinds.join('、')}，按全区的“${f.plan.nextEra}”目标（${targets}）以${f.year}年的分母测算全区需新增的数量（“全区”一行），按尚未达到目标的各镇街与目标的差距大小分解到这些镇街，各镇街分解数之和等于全区需新增数；已达到目标的镇街保持现有水平。${larger.length ? `各镇街自身达到全区目标所需的数量见各镇街报告，其和大于全区需新增数（如${larger[0]!.ind.name}，各镇街所需之和为${formatNumber(townsTotal(splits.get(larger[0]!)!))}${larger[0]!.ind.numeratorLabel!.unit}${larger[0]!.ind.numeratorLabel!.name}，全区需新增${formatNumber(splits.get(larger[0]!)!.district)}${larger[0]!.ind.numeratorLabel!.unit}），因为高于目标的镇街在全区的比率中抵减了其余镇街的缺口。` : ''}`),
    ...tables,
  ];
}

/**
 * Under a table, the towns it shows without a value (`—`), and what that leaves out: `注：长子营镇
 * 2025年缺少“实名注册志愿者占常住人口的比例”的数据，未参与分解，全区的数值和需新增数均不含该镇；
 * 数据补齐后需重新测算。` (the final review: a bare — among 21 parts that sum to the district's need).
 */
function lackingNotes(f: ReportFacts, group: readonly Proposal[]): string[] {
  const byTowns = new Map<string, { towns: Place[]; inds: Indicator[] }>();
  for (const p of group) {
    const towns = f.geography.towns.filter((t) => meaningfulFor(p.ind, t) && f.values.get(f.year, t.code, p.ind.id)?.value == null);
    if (!towns.length) continue;
    const key = towns.map((t) => t.code).join();
    byTowns.set(key, { towns, inds: [...(byTowns.get(key)?.inds ?? []), p.ind] });
  }
  return [...byTowns.values()].map(({ towns, inds }) =>
    `注：${townsText(towns)}${f.year}年缺少${names(inds)}的数据，未参与分解，全区的数值和需新增数均不含${townPronoun(towns, '这些镇街')}；数据补齐后需重新测算。`);
}

/** How many indicators 表3 splits at most (three tables of three). */
export const SPLIT_MAX = 9;

/**
 * The proposals 表3 splits, in its order: first the ratio targets the plan period left unmet,
 * then the binding ones, then the least advanced; only those the district still needs to
 * reach. (A town's report says which of its gaps 表3 lists.)
 */
export function splitChosen(f: ReportFacts, proposals: readonly Proposal[], max = SPLIT_MAX, splits = new Map(proposals.map((p) => [p, splitOf(f, p)]))): Proposal[] {
  const unmet = (p: Proposal) => f.values.districtValue(f.year, p.ind.id)?.verdict !== '完成';
  const progress = (p: Proposal) => f.values.districtValue(f.year, p.ind.id)?.completionProgress ?? 1;
  return proposals
    .filter((p) => p.proposed !== null && p.ind.level === 'DT' && p.ind.aggregation === 'ratio' && p.ind.numeratorLabel && (splits.get(p)?.district ?? 0) > 0)
    .sort((a, b) => Number(unmet(b)) - Number(unmet(a)) || Number(b.ind.isBinding) - Number(a.ind.isBinding) || progress(a) - progress(b) || a.ind.id - b.ind.id)
    .slice(0, max);
}

/** What the towns need to reach the target each, added up. */
function townsTotal(split: TargetSplit): number {
  return [...split.byTown.values()].reduce((a, b) => a + b, 0);
}

/** The district's need as shared out to the towns, added up (the district's need, or the towns' own needs where those are less). */
function sharesTotal(split: TargetSplit): number {
  return [...split.share.values()].reduce((a, b) => a + b, 0);
}

/** The proposal's split among the towns for which the indicator is meaningful. */
export function splitOf(f: ReportFacts, p: Proposal): TargetSplit | null {
  const towns = f.geography.towns.filter((t) => meaningfulFor(p.ind, t)).map((t) => ({ code: t.code, value: f.values.get(f.year, t.code, p.ind.id) }));
  if (p.proposed === null) return null;
  return splitTarget(p.ind, f.values.districtValue(f.year, p.ind.id), towns, p.proposed);
}
