/**
 * Figures that rest on a cell a department is asked to check: a value that moved by more
 * than half on last year (`large_change`, 312 → 4470: a digit typed twice?), a new row far
 * larger than last year's (`outsized_new_row`) or a column whose 合计 row disagrees with its
 * rows (`total_mismatch`) is loaded as sent and only warned, yet it may be what makes a
 * target met. The reports say which judgements rest on such a cell, and what the figure and
 * its judgement would be with the cell at last year's value (or the column at its total) — a
 * reader then knows what the department's answer decides.
 * Pure: the warnings and the cells' lineage in, facts and text out.
 */
import { formatAsWritten, formatPercent, formatTimes } from '../basics/format.ts';
import { judgeDistrictValue, type IndicatorValue } from '../evaluate/evaluate.ts';
import type { Warning } from '../ingest/records.ts';
import { SHEET_BY_NAME } from '../plan/contract.ts';
import type { Geography } from '../plan/geography.ts';
import type { Indicator, Plan } from '../plan/plan.ts';
import type { CellAddress, ColumnAddress, LineageRow } from '../warehouse/lineage.ts';
import { bareName, quote, quoted, valueText } from './phrases.ts';
import type { ValueIndex } from './value-index.ts';

/** What the functions below read of a report's facts (ReportFacts is one; the site gives the same for its latest year). */
export interface DoubtfulContext {
  plan: Plan;
  geography: Geography;
  year: number;
  values: ValueIndex;
  doubtful?: readonly DoubtfulCell[];
}

/** A cell with a large_change or outsized_new_row warning that counts in a published value. */
export interface DoubtfulCell {
  year: number;
  indicatorId: number;
  /** Where the cell counts: a town's code, or the district's (a district-level sheet). */
  geoCode: string;
  role: 'numerator' | 'denominator';
  /** Contract sheet and column: `社会组织`, `社区社会组织数量`. */
  sheet: string;
  column: string;
  /** The row's name where it has one (a facility's, a 区级统计指标's), else null. */
  rowLabel: string | null;
  current: number;
  /** The same cell's value the year before; 0 for a row new this year (what the figure is without it). */
  previous: number;
  /** For a row new this year (outsized_new_row): the largest value of its column the year before. */
  largestBefore?: number;
  /** The year `previous` and `largestBefore` are of: the year before, or the latest earlier year with the sheet. */
  previousYear: number;
  /**
   * For a whole column whose 合计 row disagrees with its rows (total_mismatch): `current` is the
   * rows' sum, `previous` the 合计 row's number, and the figure is weighed at the total. Only the
   * district's figure (geoCode ''): the difference is of no known town.
   */
  isTotal?: boolean;
  /** What the cell adds to the value's numerator or denominator now, and would at `previous` (null when that cannot be told: a cell now 0). */
  contribution: number;
  previousContribution: number | null;
}

function cellKey(file: string, sheet: string, row: number, column: string): string {
  return `${file}\u0000${sheet}\u0000${row}\u0000${column}`;
}

/**
 * A year-on-year warning on one cell: a value that moved by more than half (keeping last year's),
 * or a new row's value more than ten times last year's largest (keeping that largest).
 */
function isChangedCell(w: Warning): w is Warning & { row: number } {
  return w.row !== null && ((w.rule === 'large_change' && w.previous !== undefined) || (w.rule === 'outsized_new_row' && w.largestBefore !== undefined));
}

/** The cells the year-on-year check asks to verify (large_change, outsized_new_row), for the warehouse to say where they count (readCellLineage). */
export function changedCells(warnings: readonly Warning[]): CellAddress[] {
  return warnings.filter(isChangedCell).map((w) => ({ file: w.file, sheet: w.sheet, row: w.row, column: w.column }));
}

/** The warned cells (large_change, outsized_new_row) that count in a published value, from those cells' lineage (readCellLineage). */
export function doubtfulCells(warnings: readonly Warning[], lineage: readonly LineageRow[]): DoubtfulCell[] {
  const warned = new Map(warnings.filter(isChangedCell).map((w) => [cellKey(w.file, w.sheet, w.row, w.column), w]));
  return lineage.flatMap((r): DoubtfulCell[] => {
    if (r.status !== 'loaded' || !r.isCounted || r.role === null || r.geoCode === null || r.contribution === null) return [];
    if (r.sourceFile === null || r.sourceSheet === null || r.sourceRow === null || r.columnName === null || r.sheetKind === null) return [];
    const w = warned.get(cellKey(r.sourceFile, r.sourceSheet, r.sourceRow, r.columnName));
    const current = Number(r.sourceValue);
    if (!w || !Number.isFinite(current)) return [];
    // a new row's figure is weighed without it
    const previous = w.rule === 'outsized_new_row' ? 0 : w.previous!;
    return [{
      year: r.year, indicatorId: r.indicatorId, geoCode: r.geoCode, role: r.role, sheet: r.sheetKind, column: r.columnName, rowLabel: r.rowLabel || null,
      current, previous, previousYear: w.previousYear ?? r.year - 1, contribution: r.contribution,
      // the contribution is the cell times a factor (a monthly 标准 counts twelve times)
      previousContribution: current !== 0 ? (previous * r.contribution) / current : null,
      ...(w.rule === 'outsized_new_row' ? { largestBefore: w.largestBefore! } : {}),
    }];
  });
}

/** The columns whose 合计 row disagrees with their rows for no rejected cell (total_mismatch with its numbers), for readColumnLineage. */
export function mismatchedColumns(warnings: readonly Warning[], rejects: readonly { file: string; sheet: string }[]): ColumnAddress[] {
  return totalWarnings(warnings, rejects).map((w) => ({ file: w.file, sheet: w.sheet, column: w.column }));
}

function totalWarnings(warnings: readonly Warning[], rejects: readonly { file: string; sheet: string }[]): (Warning & { total: number; rowsSum: number })[] {
  // a sheet with a rejected row: its total may differ by that row, which the reports already say
  const rejected = new Set(rejects.map((r) => `${r.file}\u0000${r.sheet}`));
  return warnings.filter((w): w is Warning & { total: number; rowsSum: number } =>
    w.rule === 'total_mismatch' && w.total !== undefined && w.rowsSum !== undefined && !rejected.has(`${w.file}\u0000${w.sheet}`));
}

/**
 * The columns whose 合计 row disagrees with their rows, as one doubtful cell per indicator, year
 * and role they count in at the district — where every data row of the column counts there, by
 * one factor (a value that counts some rows only cannot be weighed at the total). The 合计 row
 * may be right and a row missing or wrong: a verdict that the total would turn is said
 * (a review: 节地生态安葬率 完成 at 65.3 % of the rows' 3300, 63.4 % of the total's 3400).
 */
export function totalCells(warnings: readonly Warning[], rejects: readonly { file: string; sheet: string }[], lineage: readonly LineageRow[]): DoubtfulCell[] {
  const out: DoubtfulCell[] = [];
  for (const w of totalWarnings(warnings, rejects)) {
    const groups = new Map<string, LineageRow[]>();
    for (const r of lineage) {
      if (r.sourceFile !== w.file || r.sourceSheet !== w.sheet || r.columnName !== w.column || r.role === null || r.contribution === null) continue;
      const key = `${r.year}\u0000${r.indicatorId}\u0000${r.role}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const rows of groups.values()) {
      const first = rows[0]!;
      const sum = rows.reduce((a, r) => a + Number(r.sourceValue), 0);
      if (!Number.isFinite(sum) || Math.abs(sum - w.rowsSum) > 1e-6 * Math.max(1, Math.abs(w.rowsSum))) continue;
      const factors = rows.filter((r) => Number(r.sourceValue) !== 0).map((r) => r.contribution! / Number(r.sourceValue));
      const factor = factors[0] ?? null;
      if (factor === null || factors.some((x) => Math.abs(x - factor) > 1e-9 * Math.abs(factor))) continue;
      out.push({
        year: first.year, indicatorId: first.indicatorId, geoCode: '', role: first.role!, sheet: first.sheetKind!, column: w.column, rowLabel: null,
        current: w.rowsSum, previous: w.total, previousYear: first.year, contribution: w.rowsSum * factor, previousContribution: w.total * factor, isTotal: true,
      });
    }
  }
  return out;
}

/** One published value that rests on warned cells, with the value it would have at their last year's values. */
export interface DoubtfulFigure {
  ind: Indicator;
  year: number;
  /** Null for the district. */
  townCode: string | null;
  cells: DoubtfulCell[];
  value: IndicatorValue;
  /** The value with every cell at last year's value; null when that cannot be told. */
  alternative: number | null;
}

/** The value `v` would have with `cells` at last year's values, when its numerator, denominator and scale say how. */
function alternativeValue(ind: Indicator, v: IndicatorValue, cells: readonly DoubtfulCell[]): number | null {
  if (v.value === null || v.numerator === null || v.scale === null) return null;
  const ratio = ind.aggregation === 'ratio';
  if (ratio && !v.denominator) return null;
  const of = (n: number, d: number | null) => (ratio ? (n * v.scale!) / d! : n * v.scale!);
  // the published value must be what its parts give, or the parts cannot tell another one
  if (Math.abs(of(v.numerator, v.denominator) - v.value) > 1e-9 * Math.max(1, Math.abs(v.value))) return null;
  let n = v.numerator;
  let d = v.denominator;
  for (const c of cells) {
    if (c.previousContribution === null) return null;
    if (c.role === 'numerator') n += c.previousContribution - c.contribution;
    else if (d !== null) d += c.previousContribution - c.contribution;
  }
  if (ratio && !d) return null;
  return of(n, d);
}

/** The figure of indicator `ind` in `year` (the district's, or town `townCode`'s) when it rests on warned cells; null otherwise. */
export function doubtfulFigure(f: DoubtfulContext, ind: Indicator, year = f.year, townCode: string | null = null): DoubtfulFigure | null {
  const cells = (f.doubtful ?? []).filter((c) => c.year === year && c.indicatorId === ind.id && (townCode === null || c.geoCode === townCode));
  if (!cells.length) return null;
  const value = townCode === null ? f.values.districtValue(year, ind.id) : f.values.get(year, townCode, ind.id);
  if (!value || value.value === null) return null;
  return { ind, year, townCode, cells, value, alternative: alternativeValue(ind, value, cells) };
}

/** The unit a contract column's numbers are in (`家`; a 区级统计指标 row's own: `元/年`). */
function cellUnit(c: DoubtfulCell): string {
  const spec = SHEET_BY_NAME.get(c.sheet);
  const col = spec?.columns.find((x) => x.name === c.column);
  return col?.unit ?? spec?.fixedRows?.values.find((x) => x.name === c.rowLabel)?.unit ?? '';
}

/** `采育镇的社区社会组织数量由2024年的312家变为4470家`, `“居民人均消费支出”由…`: the cell and both values. */
export function doubtfulCellText(f: DoubtfulContext, c: DoubtfulCell): string {
  if (c.isTotal) return `《${c.sheet}》表合计行的${c.column}为${formatAsWritten(c.previous)}${cellUnit(c)}，各行之和为${formatAsWritten(c.current)}${cellUnit(c)}`;
  const town = f.geography.byCode.get(c.geoCode);
  const label = c.rowLabel ? quote(c.rowLabel) : '';
  // a district-level row's one number (`数值`) is the row itself
  const what = c.column === '数值' && label ? label : `${town?.name ?? ''}${label}的${c.column}`;
  const unit = cellUnit(c);
  if (c.largestBefore !== undefined) {
    return `新增的${what}为${formatAsWritten(c.current)}${unit}（${c.previousYear}年同类各行最大为${formatAsWritten(c.largestBefore)}${unit}）`;
  }
  return `${what}由${c.previousYear}年的${formatAsWritten(c.previous)}${unit}变为${formatAsWritten(c.current)}${unit}`;
}

/** The kinds of warned cells among `cells`: changed on last year, a new row's, a column's total. */
function kinds(cells: readonly DoubtfulCell[]): { changed: boolean; isNew: boolean; total: boolean } {
  return {
    changed: cells.some((c) => !c.isTotal && c.largestBefore === undefined),
    isNew: cells.some((c) => c.largestBefore !== undefined),
    total: cells.some((c) => c.isTotal),
  };
}

/**
 * Why cells are to be checked, after the cells are said: `变化超过一半`, `远大于上年各行` (a new
 * row's), `两者不符` (a total and its rows'); `standalone`, where the cells are not said
 * (`计入了…的填报`), a total's is `合计行与各行之和不符`.
 */
function whyDoubted(cells: readonly DoubtfulCell[], standalone = false): string {
  const k = kinds(cells);
  return [k.changed ? (standalone ? '变化超过一半' : howChanged(cells)) : '', k.isNew ? '远大于上年各行' : '', k.total ? (standalone ? '合计行与各行之和不符' : '两者不符') : ''].filter(Boolean).join('或');
}

/**
 * How the changed cells moved on last year, after they are said: `约为上年的14倍` (one cell
 * at least twice last year's), `增加超过一半`, `减少超过一半`; several cells `均…`; cells
 * that moved both ways, or from nothing, `变化超过一半`.
 */
function howChanged(cells: readonly DoubtfulCell[]): string {
  const changed = cells.filter((c) => !c.isTotal && c.largestBefore === undefined);
  if (changed.length === 0 || changed.some((c) => !(c.previous > 0) || c.current < 0)) return '变化超过一半';
  const ratios = changed.map((c) => c.current / c.previous);
  const all = changed.length > 1 ? '均' : '';
  if (ratios.every((r) => r >= 2)) return changed.length === 1 ? `约为${changed[0]!.previousYear === changed[0]!.year - 1 ? '上年' : `${changed[0]!.previousYear}年`}的${formatTimes(ratios[0]!)}倍` : '均增加一倍以上';
  if (ratios.every((r) => r > 1)) return `${all}增加超过一半`;
  if (ratios.every((r) => r < 1)) return `${all}减少超过一半`;
  return '变化超过一半';
}

/** The figure the judgement is weighed at instead: `按2024年的数计`, `不计新增的行`, `按合计行计`, or several. */
function otherwise(cells: readonly DoubtfulCell[], year: number): string {
  const k = kinds(cells);
  // the year the changed cells are weighed at: the year before, or the latest earlier with the sheet
  const years = [...new Set(cells.filter((c) => !c.isTotal && c.largestBefore === undefined).map((c) => c.previousYear))];
  return [k.changed ? `按${years.length === 1 ? years[0]! : year - 1}年的数计` : '', k.isNew ? '不计新增的行' : '', k.total ? '按合计行计' : ''].filter(Boolean).join('、');
}

/**
 * As `otherwise`, with the cell named where there is one, changed on last year, of a town's row
 * or a district statistic: `采育镇按2024年的312家计`, `“社会散居孤儿供养标准”按2023年的1100元/人·月计`
 * (a reading of the flawed sample: 如按2024年的数计 left the reader to find whose number).
 */
function otherwiseNamed(f: DoubtfulContext, cells: readonly DoubtfulCell[], year: number): string {
  const c = cells.length === 1 ? cells[0]! : undefined;
  if (c && !c.isTotal && c.largestBefore === undefined) {
    const who = c.column === '数值' && c.rowLabel ? quote(c.rowLabel) : !c.rowLabel ? f.geography.byCode.get(c.geoCode)?.name : undefined;
    if (who) return `${who}按${c.previousYear}年的${formatAsWritten(c.previous)}${cellUnit(c)}计`;
  }
  return otherwise(cells, year);
}

/**
 * What the district figure's judgement is and would be, in words: in the target year the
 * verdict (`评为完成` / `未完成`), else the year's status (`的进度评价为“快于时序进度”` /
 * `进度评价为“明显滞后”`). Null for a town's figure or when the other value cannot be told.
 */
function judgements(f: DoubtfulContext, x: DoubtfulFigure): { differ: boolean; now: string; then: string } | null {
  if (x.alternative === null || x.townCode !== null) return null;
  const alt = judgeDistrictValue(x.ind, f.plan, x.year, x.alternative);
  const final = x.year === f.plan.targetYear;
  const now = final ? x.value.verdict : x.value.status;
  const then = final ? alt.verdict : alt.status;
  if (!now || !then) return null;
  return final
    ? { differ: now !== then, now: `评为${now}`, then }
    : { differ: now !== then, now: `的进度评价为“${now}”`, then: `进度评价为“${then}”` };
}

/**
 * The district figures of the report's year whose judgement changes with the warned cells
 * at last year's values: `“全区社区社会组织数量”评为完成，所依据的2025年数据中采育镇的社区社会
 * 组织数量由2024年的312家变为4470家，约为上年的14倍，需社会组织管理科核实；如采育镇按2024年的
 * 312家计，全区为4665家，未完成`. Empty when no judgement rests on such a cell.
 */
export function doubtfulVerdicts(f: DoubtfulContext): string[] {
  return f.plan.indicators.flatMap((ind) => {
    const x = doubtfulFigure(f, ind);
    const v = x && verdictSentence(f, x);
    return v ? [v] : [];
  });
}

/** The indicators whose district judgement of the report's year the warned cells would turn (those doubtfulVerdicts speaks of). */
export function turnedByDoubt(f: DoubtfulContext): Indicator[] {
  return f.plan.indicators.filter((ind) => {
    const x = doubtfulFigure(f, ind);
    return !!x && !!judgements(f, x)?.differ;
  });
}

/** One figure's sentence of doubtfulVerdicts; null where its judgement would not change. */
function verdictSentence(f: DoubtfulContext, x: DoubtfulFigure): string | null {
  const j = judgements(f, x);
  if (!j?.differ) return null;
  return `${quoted(x.ind)}${j.now}，所依据的${x.year}年数据中${cellsText(f, x.cells)}，${whyDoubted(x.cells)}，需${departmentsOf(x.cells)}核实；如${otherwiseNamed(f, x.cells, x.year)}，全区为${valueText(x.ind, { value: x.alternative, geoLevel: 'district' })}，${j.then}`;
}

/** The cells of one figure, at most three named. */
function cellsText(f: DoubtfulContext, cells: readonly DoubtfulCell[]): string {
  const named = cells.slice(0, 3).map((c) => doubtfulCellText(f, c)).join('，');
  return cells.length > 3 ? `${named}等${cells.length}处` : named;
}

/**
 * For the indicator table's note (表1 情况说明): `2025年数据含需核实的填报：采育镇的社区社会组织
 * 数量由2024年的312家变为4470家；按上年数计为4665家，未完成`, the last part only where the
 * judgement would differ. Null when the figure rests on no warned cell.
 */
export function doubtfulNote(f: DoubtfulContext, ind: Indicator): string | null {
  const x = doubtfulFigure(f, ind);
  if (!x) return null;
  const j = judgements(f, x);
  const instead = x.cells.every((c) => c.largestBefore === undefined && !c.isTotal && c.previousYear === x.year - 1) ? '按上年数计' : otherwise(x.cells, x.year);
  const differs = j?.differ ? `；${instead}为${valueText(ind, { value: x.alternative, geoLevel: 'district' })}，${j.then}` : '';
  return `${x.year}年数据含需核实的填报：${cellsText(f, x.cells)}${differs}`;
}

/**
 * For a page that shows the figure (the site's indicator page): why its judgement is in
 * doubt where it would change (doubtfulVerdicts), else which cells to check (doubtfulNote).
 */
export function doubtfulSummary(f: DoubtfulContext, ind: Indicator): string | null {
  const x = doubtfulFigure(f, ind);
  if (!x) return null;
  const verdict = verdictSentence(f, x);
  return verdict ? `${verdict}。` : `${doubtfulNote(f, ind)!}，${whyDoubted(x.cells)}，需${departmentsOf(x.cells)}核实。`;
}

/**
 * For a town report's table note: `“社区社会组织数量”2025年的数值含需核实的填报：采育镇的社区
 * 社会组织数量由2024年的312家变为4470家，变化超过一半，需社会组织管理科核实。` Null when the
 * town's figure rests on no warned cell.
 */
export function doubtfulTownNote(f: DoubtfulContext, ind: Indicator, townCode: string): string | null {
  const x = doubtfulFigure(f, ind, f.year, townCode);
  return x ? `${quote(bareName(ind))}${x.year}年的数值含需核实的填报：${cellsText(f, x.cells)}，${whyDoubted(x.cells)}，需${departmentsOf(x.cells)}核实。` : null;
}

/**
 * For a town report's table note, where the town's share of a district count rests on
 * another town's cell to check (its own figure does not): `“社区社会组织数量”占全区的比重
 * 所依据的全区数值含需核实的填报：采育镇的社区社会组织数量由2024年的312家变为4470家，约为
 * 上年的14倍；如采育镇按2024年的312家计，全区为4665家，本镇占3.2%（表中为1.7%）。` (a review: the note
 * named neither the town nor what the share would be). `self`: `本镇`, `本街道`. Null when the
 * share rests on no such cell.
 */
export function doubtfulShareNote(f: DoubtfulContext, ind: Indicator, townCode: string, self: string): string | null {
  if (doubtfulFigure(f, ind, f.year, townCode)) return null;
  const x = doubtfulFigure(f, ind);
  const share = f.values.get(f.year, townCode, ind.id)?.shareOfDistrict ?? null;
  if (!x || share === null) return null;
  const said = `${quote(bareName(ind))}占全区的比重所依据的全区数值含需核实的填报：${cellsText(f, x.cells)}，${whyDoubted(x.cells)}`;
  if (x.alternative === null || !(x.alternative > 0)) return `${said}，需${departmentsOf(x.cells)}核实，表中的比重仅供参考。`;
  const other = (share * x.value.value!) / x.alternative;
  return `${said}；如${otherwiseNamed(f, x.cells, x.year)}，全区为${valueText(ind, { value: x.alternative, geoLevel: 'district' })}，${self}占${formatPercent(other)}（表中为${formatPercent(share)}）。`;
}

/** The departments that fill the cells' sheets: `社会组织管理科`. */
function departmentsOf(cells: readonly DoubtfulCell[]): string {
  const names = [...new Set(cells.map((c) => SHEET_BY_NAME.get(c.sheet)?.department).filter((d): d is string => !!d))];
  return names.join('、') || '填报科室';
}

/** Why the warned cells of the report year's district figures are to be checked: `变化超过一半` (whyDoubted). */
export function doubtfulReason(f: DoubtfulContext): string {
  return whyDoubted(f.plan.indicators.flatMap((ind) => doubtfulFigure(f, ind)?.cells ?? []), true);
}

/**
 * For the data-quality appendix: the warned cells that count in the report year's figures,
 * by indicator: `指标19“全区社区社会组织数量”：采育镇的社区社会组织数量由2024年的312家变为4470家`.
 */
export function doubtfulList(f: DoubtfulContext): string[] {
  return f.plan.indicators.flatMap((ind) => {
    const x = doubtfulFigure(f, ind);
    return x ? [`指标${ind.id}${quoted(ind)}：${cellsText(f, x.cells)}`] : [];
  });
}
