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

/** The split as blocks: an explanation and a table of towns × (value, needed) for up to three indicators. */
export function townSplit(f: ReportFacts, proposals: readonly Proposal[], max = 3): Block[] {
  const chosen = proposals
    .filter((p) => p.ind.level === 'DT' && p.ind.aggregation === 'ratio' && p.ind.numeratorLabel)
    .map((p) => ({ p, total: f.geography.towns.reduce((s, t) => s + (townNeed(p.ind, f.values.get(f.year, t.code, p.ind.id), p.proposed) ?? 0), 0) }))
    .filter((x) => x.total > 0)
    .sort((a, b) => Number(b.p.ind.isBinding) - Number(a.p.ind.isBinding) || b.total - a.total)
    .slice(0, max)
    .map((x) => x.p);
  if (chosen.length === 0) return [para('建议的比率类目标各镇街均已达到，不需分解。')];
  const columns = ['镇街'];
  for (const p of chosen) columns.push(`${p.ind.id} ${p.ind.name}${f.year}年（${p.ind.unit || '比值'}）`, `需新增${p.ind.numeratorLabel!.name}（${p.ind.numeratorLabel!.unit}）`);
  const rows: Cell[][] = f.geography.towns.map((t) => {
    const cells: Cell[] = [{ text: t.name, header: true }];
    for (const p of chosen) {
      const v = f.values.get(f.year, t.code, p.ind.id);
      const need = meaningfulFor(p.ind, t) ? townNeed(p.ind, v, p.proposed) : null;
      cells.push({ text: meaningfulFor(p.ind, t) ? figureText(p.ind, v) : '不适用', num: true });
      cells.push({ text: need === null ? '—' : formatNumber(wholeUnits(need)), num: true, strong: need !== null && need > 0 });
    }
    return cells;
  });
  return [
    para(`规划未对镇街设定目标。按建议的“十五五”目标（${chosen.map((p) => `${p.ind.name}${formatNumber(p.proposed, p.ind.precision)}${p.ind.unit}`).join('，')}），各镇街需要新增的数量如下；已达到的镇街为0，建议保持。`),
    { table: { caption: '表3 主要比率类指标目标分解到镇街', columns, rows, className: 'compact split' } },
  ];
}
