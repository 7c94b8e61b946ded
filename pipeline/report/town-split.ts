/**
 * 目标分解 (final evaluation, report.md §2.6): for the ratio indicators the next plan would
 * raise, what each town needs to reach the proposed target — the plan set no town targets,
 * so this is where they start.
 */
import { formatNumber } from '../basics/format.ts';
import { townNeed, type Proposal } from '../evaluate/proposals.ts';
import { wholeUnits } from '../evaluate/gaps.ts';
import { figureText } from '../present/phrases.ts';
import { meaningfulFor, type ReportFacts } from '../present/report-facts.ts';
import { para, type Block, type Cell } from './document.ts';

/**
 * The split as blocks: an explanation and tables of towns × (value, needed), three
 * indicators a table, for up to six: first the ratio targets the plan period left unmet,
 * then the binding ones, then the rest — the shortfalls the next plan most needs to place.
 */
export function townSplit(f: ReportFacts, proposals: readonly Proposal[], max = 6): Block[] {
  const unmet = (p: Proposal) => f.values.districtValue(f.year, p.ind.id)?.verdict !== '完成';
  const progress = (p: Proposal) => f.values.districtValue(f.year, p.ind.id)?.completionProgress ?? 1;
  const chosen = proposals
    .filter((p) => p.ind.level === 'DT' && p.ind.aggregation === 'ratio' && p.ind.numeratorLabel)
    .filter((p) => f.geography.towns.some((t) => meaningfulFor(p.ind, t) && (townNeed(p.ind, f.values.get(f.year, t.code, p.ind.id), p.proposed) ?? 0) > 0))
    .sort((a, b) => Number(unmet(b)) - Number(unmet(a)) || Number(b.ind.isBinding) - Number(a.ind.isBinding) || progress(a) - progress(b) || a.ind.id - b.ind.id)
    .slice(0, max);
  if (chosen.length === 0) return [para('建议的比率类目标各镇街均已达到，不需分解。')];
  const tables: Block[] = [];
  const parts = Math.ceil(chosen.length / 3);
  for (let k = 0; k < chosen.length; k += 3) {
    const group = chosen.slice(k, k + 3);
    const columns = ['镇街'];
    for (const p of group) columns.push(`${p.ind.id} ${p.ind.name}${f.year}年（${p.ind.unit || '比值'}）`, `需新增${p.ind.numeratorLabel!.name}（${p.ind.numeratorLabel!.unit}）`);
    const rows: Cell[][] = f.geography.towns.map((t) => {
      const cells: Cell[] = [{ text: t.name, header: true }];
      for (const p of group) {
        const v = f.values.get(f.year, t.code, p.ind.id);
        const need = meaningfulFor(p.ind, t) ? townNeed(p.ind, v, p.proposed) : null;
        cells.push({ text: meaningfulFor(p.ind, t) ? figureText(p.ind, v) : '不适用', num: true });
        cells.push({ text: need === null ? '—' : formatNumber(wholeUnits(need)), num: true, strong: need !== null && need > 0 });
      }
      return cells;
    });
    const suffix = parts > 1 ? `（${'一二三'[k / 3]}）` : '';
    tables.push({ table: { caption: `表3 主要比率类指标目标分解到镇街${suffix}`, columns, rows, className: 'compact split' } });
  }
  const unmetCount = chosen.filter(unmet).length;
  const why = unmetCount === chosen.length
    ? '“十四五”未完成的比率类指标'
    : unmetCount > 0 ? '“十四五”未完成的比率类指标和约束性指标' : '约束性和主要比率类指标';
  return [
    para(`规划未对镇街设定目标。对${why}，按建议的“十五五”目标（${chosen.map((p) => `${p.ind.name}${formatNumber(p.proposed, p.ind.precision)}${p.ind.unit}`).join('，')}），各镇街需要新增的数量如下；已达到的镇街为0，建议保持。`),
    ...tables,
  ];
}
