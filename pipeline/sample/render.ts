/**
 * Writes one sheet of sample rows into an exceljs workbook the way departments really fill
 * them in: title and 填报单位 rows, units in the header, 序号/备注 columns, columns in
 * another order, merged 镇街 cells, numbers typed as text, town aliases, yes/no variants,
 * a 合计 row (often as SUM formulas with cached values) and a closing 注 row. Every quirk
 * stays within the contract's §2, so a correct loader reads the same values back.
 */
import type ExcelJS from 'exceljs';
import { headerLabel, sheetTitle, type ColumnSpec, type SheetSpec } from '../plan/contract.ts';
import { columnLetter } from '../basics/grid.ts';
import type { Rng } from './rng.ts';
import type { Cell, Row, SheetRows } from './sheets.ts';

export interface Quirks {
  sheetName: 'plain' | 'paren' | 'nian';
  blankRow: boolean;
  seq: boolean;
  remarks: boolean;
  shuffle: boolean;
  header: 'full' | 'half' | 'spaced';
  bool: 'shi' | 'check' | 'yn' | 'one' | 'excel';
  town: 'canonical' | 'alias' | 'prefixed' | 'mixed';
  merge: boolean;
  /** Share of numeric cells typed as text. */
  textNumbers: number;
  total: 'none' | 'plain' | 'count' | 'zongji';
  formulas: boolean;
  note: boolean;
  fillDay: number;
}

export function chooseQuirks(rng: Rng, spec: SheetSpec, rowCount: number): Quirks {
  const big = rowCount > 3000;
  return {
    sheetName: rng.chance(0.7) ? 'plain' : rng.chance(0.6) ? 'paren' : 'nian',
    blankRow: rng.chance(0.4),
    seq: rng.chance(0.5),
    remarks: rng.chance(0.4),
    shuffle: rng.chance(0.3),
    header: rng.chance(0.6) ? 'full' : rng.chance(0.5) ? 'half' : 'spaced',
    bool: rng.pick(['shi', 'shi', 'shi', 'check', 'yn', 'one', 'excel'] as const),
    town: rng.pick(['canonical', 'canonical', 'canonical', 'alias', 'prefixed', 'mixed'] as const),
    merge: !big && spec.level !== 'town' && spec.level !== 'district' && rng.chance(0.5),
    textNumbers: big ? 0.005 : rng.chance(0.5) ? 0.03 : 0,
    total: spec.level !== 'town' ? 'none' : rng.pick(['plain', 'plain', 'count', 'count', 'zongji', 'none'] as const),
    formulas: rng.chance(0.6),
    note: rng.chance(0.5),
    fillDay: rng.int(8, 25),
  };
}

export interface RenderOptions {
  year: number;
  /** Year written in the title (defaults to `year`). */
  titleYear?: number;
  department: string;
  region: string;
  quirks: Quirks;
  rng: Rng;
  /** Town name → its other spellings (aliases). */
  aliases: ReadonlyMap<string, readonly string[]>;
  /** Contract columns left out of the header (defect: missing column). */
  dropColumns?: readonly string[];
  /** Make the 合计 of this column wrong by `delta` (defect: total mismatch). */
  totalDelta?: { column: string; delta: number };
  /** Force the sheet (tab) name. */
  sheetName?: string;
}

export interface RenderedSheet {
  name: string;
  headerRow: number;
  /** Excel row number of each data row, by row object. */
  rowNumber: Map<Row, number>;
  /** Column letter of each contract column. */
  letter: Map<string, string>;
  totalRow: number | null;
}

const FULL_DIGITS = '０１２３４５６７８９';
const SPACED = new Set(['镇街', '类型', '状态', '等级', '级别', '单位', '数值']);

function tabName(spec: SheetSpec, q: Quirks, year: number): string {
  if (q.sheetName === 'paren') return `${spec.name}(${year})`;
  if (q.sheetName === 'nian') return `${spec.name}${year}年`;
  return spec.name;
}

function headerText(c: ColumnSpec, q: Quirks): string {
  if (q.header === 'half') return c.unit ? `${c.name}(${c.unit})` : c.name;
  if (q.header === 'spaced' && SPACED.has(c.name)) return `${c.name[0]}\u3000${c.name[1]}`;
  return headerLabel(c);
}

function boolText(v: boolean, q: Quirks): string | number | boolean {
  switch (q.bool) {
    case 'check': return v ? '√' : '×';
    case 'yn': return v ? 'Y' : 'N';
    case 'one': return v ? 1 : 0;
    case 'excel': return v;
    default: return v ? '是' : '否';
  }
}

function townText(name: string, q: Quirks, opts: RenderOptions): string {
  const aliases = opts.aliases.get(name);
  if (!aliases) return name;
  const style = q.town === 'mixed' ? opts.rng.pick(['canonical', 'alias', 'prefixed'] as const) : q.town;
  if (style === 'alias' && aliases.length) return aliases[0]!;
  if (style === 'prefixed') return `${opts.rng.chance(0.5) ? '北京市' : ''}${opts.region}${name}`;
  return name;
}

function numberText(n: number, c: ColumnSpec, rng: Rng): string {
  const r = rng.next();
  if (r < 0.35 && n >= 1000 && Number.isInteger(n)) return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  if (r < 0.6 && c.unit && c.unit !== '%' && c.unit.length === 1) return `${n}${c.unit}`;
  if (r < 0.8 && Number.isInteger(n)) return String(n).replace(/\d/g, (d) => FULL_DIGITS[Number(d)]!);
  if (c.type === 'percent') return `${n}%`;
  return ` ${n} `;
}

export function renderSheet(wb: ExcelJS.Workbook, data: SheetRows, opts: RenderOptions): RenderedSheet {
  const { sheet: spec, rows } = data;
  const q = opts.quirks;
  const name = opts.sheetName ?? tabName(spec, q, opts.year);
  let cols = spec.columns.filter((c) => !opts.dropColumns?.includes(c.name));
  if (q.shuffle) {
    // Key columns stay in front; the others come in the department's own order.
    const keys = cols.filter((c) => spec.key.includes(c.name));
    const rest = cols.filter((c) => !spec.key.includes(c.name));
    if (rest.length > 1) cols = [...keys, ...opts.rng.shuffle(rest)];
  }
  const hasRemarks = rows.some((r) => r.remark);
  const seq = q.seq;
  const remarks = q.remarks || hasRemarks;
  const headers = [...(seq ? ['序号'] : []), ...cols.map((c) => headerText(c, q)), ...(remarks ? ['备注'] : [])];
  const offset = seq ? 1 : 0;
  const width = headers.length;
  const big = rows.length > 3000;
  // Rows are committed as soon as they are complete, so that a streaming workbook writer
  // can flush them (a no-op for an in-memory workbook); views and widths come first.
  const headerRow = q.blankRow ? 4 : 3;
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }] });
  cols.forEach((c, i) => (ws.getColumn(i + 1 + offset).width = c.type === 'text' || c.type === 'community' ? 28 : c.type === 'town' ? 14 : 12));
  if (seq) ws.getColumn(1).width = 6;
  if (remarks) ws.getColumn(width).width = 20;

  const titleRow = ws.addRow([sheetTitle(opts.region, spec, opts.titleYear ?? opts.year)]);
  ws.mergeCells(1, 1, 1, width);
  const title = ws.getCell(1, 1);
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };
  titleRow.commit();
  ws.addRow([`填报单位：${opts.department}    填报日期：${opts.year + 1}年1月${q.fillDay}日`]).commit();
  if (q.blankRow) ws.addRow([]).commit();
  const header = ws.addRow(headers);
  if (header.number !== headerRow) throw new Error(`表头行号应为 ${headerRow}`);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
  });
  header.commit();

  const letter = new Map(cols.map((c, i) => [c.name, columnLetter(i + offset)]));
  const rowNumber = new Map<Row, number>();
  const numericCols = cols.filter((c) => c.type === 'integer' || c.type === 'number');
  const textCells = new Set<string>();
  const townCol = cols.findIndex((c) => c.type === 'town');
  const merging = q.merge && townCol >= 0;
  let group: ExcelJS.Row[] = [];
  let groupTown: string | null = null;
  const closeGroup = () => {
    if (group.length > 1) ws.mergeCells(group[0]!.number, townCol + 1 + offset, group[group.length - 1]!.number, townCol + 1 + offset);
    for (const r of group) r.commit();
    group = [];
  };

  rows.forEach((row, i) => {
    const values: unknown[] = [];
    if (seq) values.push(i + 1);
    for (const c of cols) values.push(renderCell(row.v[c.name] ?? null, c, q, opts, textCells));
    if (remarks) values.push(row.remark ?? null);
    const r = ws.addRow(values);
    rowNumber.set(row, r.number);
    if (!big) {
      r.eachCell({ includeEmpty: true }, (cell) => (cell.border = { left: { style: 'thin' }, right: { style: 'thin' }, bottom: { style: 'hair' } }));
    }
    if (!merging) {
      r.commit();
      return;
    }
    const town = row.v[cols[townCol]!.name] as string;
    if (town === groupTown) r.getCell(townCol + 1 + offset).value = null;
    else {
      closeGroup();
      groupTown = town;
    }
    group.push(r);
  });
  if (merging) closeGroup();

  let totalRow: number | null = null;
  if (q.total !== 'none' && numericCols.length > 0 && rows.length > 0) {
    const label = q.total === 'plain' ? '合计' : q.total === 'zongji' ? '总计' : `合计（${rows.length}个镇街）`;
    const values: unknown[] = new Array(width).fill(null);
    values[0] = label;
    const first = headerRow + 1;
    const last = headerRow + rows.length;
    for (const c of numericCols) {
      const idx = cols.indexOf(c) + offset;
      let sum = rows.reduce((s, r) => s + (typeof r.v[c.name] === 'number' ? (r.v[c.name] as number) : 0), 0);
      if (opts.totalDelta?.column === c.name) sum += opts.totalDelta.delta;
      const allNumeric = !textCells.has(c.name);
      const col = columnLetter(idx);
      values[idx] = q.formulas && allNumeric && !opts.totalDelta ? { formula: `SUM(${col}${first}:${col}${last})`, result: sum } : sum;
    }
    const r = ws.addRow(values);
    totalRow = r.number;
    r.font = { bold: true };
    if (seq && townCol === 0) ws.mergeCells(r.number, 1, r.number, 2);
    r.commit();
  }
  if (data.note && (q.note || rows.length === 0)) {
    const r = ws.addRow([data.note]);
    ws.mergeCells(r.number, 1, r.number, width);
    r.commit();
  }
  return { name, headerRow, rowNumber, letter, totalRow };
}

function renderCell(v: Cell, c: ColumnSpec, q: Quirks, opts: RenderOptions, textCells: Set<string>): unknown {
  if (v === null) return null;
  if (typeof v === 'object') return v.result === undefined ? { formula: v.formula } : { formula: v.formula, result: v.result };
  if (typeof v === 'boolean') return boolText(v, q);
  if (c.type === 'town' && typeof v === 'string') return townText(v, q, opts);
  if (typeof v === 'number' && (c.type === 'integer' || c.type === 'number' || c.type === 'percent') && q.textNumbers > 0 && opts.rng.chance(q.textNumbers)) {
    textCells.add(c.name);
    return numberText(v, c, opts.rng);
  }
  return v;
}
