/**
 * One sheet grid → loaded rows, rejects and warnings, by the sheet contract (contract §2
 * layout tolerance, §4 bad input). Knows the contract, not xlsx and not DuckDB.
 *
 * Accounting: every data row (the rows between the header and the end of the data) is
 * counted once in `rowsRead` and ends up either in `rows` or rejected; a rejected row may
 * have several `Reject` entries (one per bad cell), so `rowsRejected` counts distinct rows.
 * A sheet rejected as a whole has one sheet-scope reject and all its data rows counted as
 * rejected.
 */
import { bracketUnit, cellKey, cellText, isBlank, KNOWN_UNITS, ledgerValue, MAX_CELL_CHARS, parseCell, plainValue, readNumber, SAME_COUNT, tooLong } from './cells.ts';
import { quote } from './quote.ts';
import { formatExact, formatNumber } from '../basics/format.ts';
import { SHEETS, type ColumnSpec, type ColumnType, type SheetSpec } from '../plan/contract.ts';
import type { Geography } from '../plan/geography.ts';
import { columnLetter, presentColumns, type CellValue, type MergeRange, type SheetGrid, type WorkbookGrid } from '../basics/grid.ts';
import type { RawValue } from '../plan/raw-schema.ts';
import type { LoadedRow, LoadReportRow, Reject, RuleId, Warning } from './records.ts';
import { RowPacker, type PackedRows } from './row-batch.ts';
import { escapeRegExp, foldWidth, headerKey, isSpaceCode, nameKey, removeSpaces, splitHeader } from '../basics/text.ts';
import { countedState, stateAtOdds } from './task-progress.ts';

export interface SheetContext {
  /** Path relative to the input folder: `2023/养老服务科_2023.xlsx`. */
  file: string;
  /** Reporting year (the folder name). */
  year: number;
  sheet: SheetSpec;
  geography: Geography;
  /**
   * Rejects this sheet may still add before its file has more problems than are listed
   * one by one (shared by the sheets of a workbook; see `MAX_FILE_PROBLEMS`).
   */
  problems?: ProblemBudget;
  /**
   * Pack the loaded rows by column (`ParsedSheet.packed`) instead of making an object per
   * row (`rows` then stays empty): for rows that go to another thread.
   */
  pack?: boolean;
}

/** Problems a file may still add; when exhausted, parsing stops with `TooManyProblems`. */
export interface ProblemBudget {
  left: number;
}

/**
 * Most rejects listed one by one for one file. A file beyond it (every cell of a large
 * sheet wrong: the wrong table or columns) is rejected as a whole, with examples: listing
 * hundreds of thousands of identical problems helps no one, and each costs memory.
 */
export const MAX_FILE_PROBLEMS = 50_000;

/** Thrown while parsing a workbook whose problems exceed `MAX_FILE_PROBLEMS`. */
export class TooManyProblems extends Error {
  constructor(readonly file: string, readonly sheet: string, readonly examples: readonly Reject[]) {
    super(tooManyProblemsMessage(file, examples.map((e) => e.message), `读到工作表“${quote(sheet)}”时`));
    this.name = 'TooManyProblems';
  }
}

/** The message of a file rejected for having more than `MAX_FILE_PROBLEMS` problems, with the first ones as examples. */
export function tooManyProblemsMessage(file: string, examples: readonly string[], when: string): string {
  return `文件“${file}”中不符合规范之处超过 ${formatNumber(MAX_FILE_PROBLEMS)} 处（${when}），整个文件不予载入；请核对是否填错了表格或列、是否重复粘贴了数据。其中前 ${examples.length} 处：${examples.join('；')}`;
}

export interface ParsedSheet {
  sheet: SheetSpec;
  /** The loaded rows; empty when they were packed (`packed`). */
  rows: LoadedRow[];
  /** The loaded rows packed by column, when the context asked for it (`SheetContext.pack`). */
  packed?: PackedRows;
  rejects: Reject[];
  warnings: Warning[];
  report: LoadReportRow;
}

/** The header is looked for in the first rows only. */
export const HEADER_SEARCH_ROWS = 100;

// ---------------------------------------------------------------------------------------
// Sheet names

const SHEET_BY_KEY = new Map(SHEETS.map((s) => [nameKey(s.name), s]));
const YEAR_SUFFIX = /^(.+?)[-_—.·]*[(\[【]?(\d{4})(?:年度|年)?[)\]】]?$/;
const YEAR_PREFIX = /^[(\[【]?(\d{4})(?:年度|年)?[)\]】]?[-_—.·]*(.+)$/;

function splitSheetName(name: string): { sheet: SheetSpec; year: number | undefined } | undefined {
  const k = nameKey(name);
  const direct = SHEET_BY_KEY.get(k);
  if (direct) return { sheet: direct, year: undefined };
  const s = YEAR_SUFFIX.exec(k);
  const bySuffix = s && SHEET_BY_KEY.get(s[1]!);
  if (bySuffix) return { sheet: bySuffix, year: Number(s[2]) };
  const p = YEAR_PREFIX.exec(k);
  const byPrefix = p && SHEET_BY_KEY.get(p[2]!);
  if (byPrefix) return { sheet: byPrefix, year: Number(p[1]) };
  return undefined;
}

/**
 * The contract sheet a tab name stands for, after trimming spaces (also U+3000), folding
 * full width and dropping a year suffix or prefix: `养老服务设施(2023)`, `养老服务设施（2023）`,
 * `养老服务设施2023年`, `养老服务设施_2023`, `2023年养老服务设施`. Undefined when not in the
 * contract (`填表说明`, `Sheet1`, `养老服务设施 (2)`).
 */
export function recognizeSheet(name: string): SheetSpec | undefined {
  return splitSheetName(name)?.sheet;
}

/** The year written in a recognised tab name (`养老服务设施(2023)` → 2023), if any. */
export function sheetNameYear(name: string): number | undefined {
  return splitSheetName(name)?.year;
}

// ---------------------------------------------------------------------------------------
// Title years

const YEAR_LO = 1949;
const YEAR_HI = 2100;

interface TitleYears {
  years: number[];
  ranges: [number, number][];
  /** A part of a year the title names (`上半年`, `第三季度`, `1—6月`, `截至2023年6月30日`): not the year's figures. */
  partial?: string;
}

/** Words of a title that name a part of a year: half a year, a quarter, months 1 to n short of 12. */
const PART_OF_YEAR = /上半年|下半年|前三季度|第[一二三四1-4]季度|(?<![\d])(?:1|一)月?[-—–~至到](?:[1-9]|1[01]|[二三四五六七八九]|十一?)月(?!\d)/;

/** A unit with an order of magnitude in front (万人, 百张, 千元). */
const SCALED_UNIT = /^[十百千万亿]/;

/**
 * Whether a unit written for a number column (a header bracket's, a unit column's, as
 * `bracketUnit` reads it) is another than the column's: another kind of unit, or the same
 * with a magnitude (元 for 万元, 万人 for 人); a word for the same count (名 for 人), 百分比 for %,
 * or anything that is no unit at all is not.
 */
function isOtherUnit(u: string, col: ColumnSpec): boolean {
  const unit = nameKey(col.unit ?? '');
  if (u === unit || SAME_COUNT[unit]?.includes(u) || (col.type === 'percent' && PERCENT_WORDS.has(u))) return false;
  return col.unit ? KNOWN_UNITS.has(u) || SCALED_UNIT.test(u) : SCALED_UNIT.test(u);
}

/** How many rows of notes under the data are read for a unit they give (注：…单位为元). */
const NOTE_ROWS = 10;

/** Whether two units are one but for a 万/千/百/亿 before it (`元` and `万元`, `万人` and `人`). */
function differsByMagnitude(a: string, b: string): boolean {
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return long.length > short.length && long.endsWith(short) && /^[万千百亿]+$/.test(long.slice(0, long.length - short.length));
}

/** Chinese numerals of a year's digits (〇, 零 and ○ are 0). */
const CHINESE_DIGITS: Record<string, number> = { 〇: 0, 零: 0, '○': 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/**
 * Reporting years a title cell names: `（2022年度）`, `2022年`, `二〇二二年`, `(2022)`, a
 * year closing the title (`统计表 2022`), ranges `2021—2025年`, an as-of date (`截至2022年12月31日`,
 * a year's end). Other dates (`填报日期：2024年1月15日`, `2024-01-15`) name no reporting year.
 */
export function titleYears(text: string): TitleYears {
  let s = removeSpaces(foldWidth(text));
  // A year in Chinese numerals (二〇二二年, 二零二二年度) read as digits
  s = s.replace(/[〇零○一二三四五六七八九]{4}(?=年)/g, (y) => [...y].map((c) => CHINESE_DIGITS[c]).join(''));
  s = s.replace(/日期.*$/, '');
  // a year of two digits before 年度 (（22年度）: the eleventh attack had it loaded in 2023/)
  s = s.replace(/(?<![\d.])(\d{2})年度/g, '20$1年度');
  const part = PART_OF_YEAR.exec(s)?.[0];
  let partial: string | undefined = part;
  // An as-of date names the year the figures are for: 截至2022年12月31日, 统计时点：2022-12-31, or a
  // year's end in the title (（2022年12月31日）, （2022年12月）); a year's first day is the year
  // before's end. Other dates are when the sheet was filled or sent (2024年1月15日), no reporting
  // year. (The fifth workbook attack: （截至2022年12月31日） in a 2023 folder had loaded unsaid.)
  const asOf: number[] = [];
  const date = (y: string, mo: string, d: string | undefined, said: boolean) => {
    const [year, month, day] = [Number(y), Number(mo), d === undefined ? undefined : Number(d)];
    const yearEnd = month === 12 && (day === undefined || day === 31);
    if (month === 1 && day === 1) asOf.push(year - 1);
    else if (said || yearEnd) {
      asOf.push(year);
      // an as-of date before the year's end: a stock in the middle of the year (截至2023年6月30日)
      if (!yearEnd) partial ??= `截至${year}年${month}月${day === undefined ? '' : `${day}日`}`;
    }
    return ' ';
  };
  s = s
    .replace(/(截至|截止|时点[:：]?)?(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?/g, (_, said: string | undefined, y: string, mo: string, d: string | undefined) => date(y, mo, d, !!said))
    .replace(/(截至|截止|时点[:：]?)?(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/g, (_, said: string | undefined, y: string, mo: string, d: string) => date(y, mo, d, !!said));
  const ranges: [number, number][] = [];
  s = s.replace(/(\d{4})年?[-—–~～至到/](\d{4})年?/g, (_, a: string, b: string) => {
    ranges.push([Number(a), Number(b)]);
    return ' ';
  });
  const years: number[] = [...asOf];
  for (const m of s.matchAll(/(\d{4})年|\((\d{4})\)/g)) years.push(Number(m[1] ?? m[2]));
  // A bare year closing the title (`…统计表 2022`), not the end of a longer number
  const last = /(?<![\d.:：-])((?:19|20)\d{2})$/.exec(s);
  if (last && !years.length) years.push(Number(last[1]));
  return {
    years: years.filter((y) => y >= YEAR_LO && y <= YEAR_HI),
    ranges: ranges.filter(([a, b]) => a >= YEAR_LO && b <= YEAR_HI && a <= b),
    ...(partial !== undefined ? { partial } : {}),
  };
}

// ---------------------------------------------------------------------------------------
// Closing rows

/**
 * Lines below the data that are not data: a signature line (`填报人：…`, `审核人：…`, a label
 * and a colon), or a breakdown of the 合计 (`其中：镇`, `其中街道`).
 */
const FOOTER_ROW = /^(?:其中|(?:填报人|填表人|填报单位|填报|审核人|审核|负责人|单位负责人|统计负责人|制表人|制表|联系人|联系电话|电话|填报日期|填表日期|日期)[:：])/;

/** First characters of closing rows (合计, 总计, 汇总, 共计, 全区…, 本区…, 注, 备注, 说明, 填表说明). */
const CLOSING_STARTS = ['合', '总', '汇', '共', '全', '本', '注', '备', '说', '填'];
const NOTE_ROW = /^(注\d*[:.、]|备注[:]|说明[:]|填表说明)/;
/** What a title calls itself: a table, a list, a ledger (大兴区慈善服务站点统计表). */
const TITLE_WORDS = /表|统计|情况|名录|台账|清单|一览/;

/**
 * `合计`/`总计`/`汇总`/`共计`, alone or followed by a bracket or colon (`合计（22个镇街）`, `合计：`); also
 * `全区合计`, `大兴区合计`. Matched on the width-folded, space-free cell text. (汇总 is the label of
 * an Excel table's totals row, which had read as a data row of four empty required cells: the
 * tenth workbook attack.)
 */
function totalRowPattern(geography: Geography): RegExp {
  const prefixes = ['全区', '本区', geography.district.name, ...geography.district.aliases].map((p) => escapeRegExp(nameKey(p)));
  return new RegExp(`^(?:${prefixes.join('|')})?(?:合计|总计|汇总|共计)(?:[(\\[【:].*)?$`);
}

// ---------------------------------------------------------------------------------------
// The sheet

/** A property name an object lists before the others (an array index: `0`, `2023`). */
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;
const NUMERIC: ReadonlySet<ColumnType> = new Set(['integer', 'number', 'percent']);
const SUMMED: ReadonlySet<ColumnType> = new Set(['integer', 'number']);
const CACHED: ReadonlySet<ColumnType> = new Set(['town', 'enum', 'bool']);

interface CellError {
  column: string;
  value: string;
  rule: RuleId;
  message: string;
}

/** What a sheet's header row gives: the contract columns' positions and the extra columns. */
interface HeaderColumns {
  /** 0-based row of the header. */
  header: number;
  /** Column index of each contract column, in contract order. */
  colIndex: number[];
  /** Named columns beside the contract's, kept in `extras`. */
  extras: { c: number; name: string }[];
  /** Width of the header row: cells right of it have no column name. */
  width: number;
  /** Normalised text of each header cell. */
  keys: string[];
}

/** Where the data stopped: a blank row, a 合计 row, a note, or the end of the sheet. */
interface DataEnd {
  r: number;
  kind: 'blank' | 'total' | 'note' | 'eof' | 'header';
}

/** The data rows of a sheet, where they end, and the 合计 rows within them taken for subtotals. */
interface DataRows {
  dataRows: number[];
  end: DataEnd;
  subtotals: number[];
  /** Rows within the data that repeat the header (a table printed over pages): not data. */
  repeatedHeaders: number[];
  /** Rows under the header read as part of it (its units, its column numbers). */
  aids: number[];
}

/**
 * Of merges sorted by first row, one that covers row r below its first row: found among the
 * last few starting above r by binary search (merges do not overlap in a valid sheet), so a
 * merge such as A4:XFD1048576 costs one entry, not one per cell it spans.
 */
function coveringBelowTop(list: readonly MergeRange[], r: number): MergeRange | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.r1 < r) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0 && i > lo - 5; i--) if (list[i]!.r2 >= r) return list[i];
  return undefined;
}

/** Of merges sorted by first row, one that covers row r (its first row included): as `coveringBelowTop`. */
function covering(list: readonly MergeRange[], r: number): MergeRange | undefined {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.r1 <= r) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0 && i > lo - 5; i--) if (list[i]!.r2 >= r) return list[i];
  return undefined;
}

/**
 * The grid's cells as the contract reads them: formulas without a cached value known,
 * vertical merges applied (a merged 镇街 holds for every row it spans).
 */
class SheetCells {
  readonly lastRow: number;
  private readonly uncachedKeys: Set<string>;
  /**
   * Vertical merges by their left column (a merge's value applies down that column only),
   * each list sorted by first row: looked up by binary search, so a merge such as
   * A4:XFD1048576 costs one entry, not one per cell it spans.
   */
  private readonly mergesByColumn = new Map<number, MergeRange[]>();

  constructor(readonly grid: SheetGrid) {
    const key = (r: number, c: number) => `${r}:${c}`;
    this.uncachedKeys = new Set(grid.uncachedFormulas.map((f) => key(f.r, f.c)));
    for (const m of grid.merges) {
      if (m.r2 <= m.r1) continue;
      const list = this.mergesByColumn.get(m.c1);
      if (list) list.push(m);
      else this.mergesByColumn.set(m.c1, [m]);
    }
    for (const list of this.mergesByColumn.values()) list.sort((a, b) => a.r1 - b.r1);
    this.hiddenRows = new Set(grid.hiddenRows);
    let lastRow = grid.rows.length - 1;
    for (const f of grid.uncachedFormulas) lastRow = Math.max(lastRow, f.r);
    this.lastRow = lastRow;
  }

  cell(r: number, c: number): CellValue {
    return this.grid.rows[r]?.[c] ?? null;
  }

  /** Rows hidden in Excel, 0-based. */
  private readonly hiddenRows: ReadonlySet<number>;

  isHiddenRow(r: number): boolean {
    return this.hiddenRows.size > 0 && this.hiddenRows.has(r);
  }

  isHiddenColumn(c: number): boolean {
    return this.grid.hiddenColumns?.some((h) => h.c1 <= c && c <= h.c2) ?? false;
  }

  isUncached(r: number, c: number): boolean {
    return this.uncachedKeys.size > 0 && this.uncachedKeys.has(`${r}:${c}`);
  }

  /** The vertical merge whose left column is `c` and that covers row `r` below its first row. */
  mergeBelowTop(r: number, c: number): MergeRange | undefined {
    const list = this.mergesByColumn.get(c);
    return list ? coveringBelowTop(list, r) : undefined;
  }

  /** Vertical merges covering column c (any of its columns), by first row; made when first asked. */
  private readonly spanning = new Map<number, MergeRange[]>();

  /**
   * Whether (r, c) lies in a merge but is not its top-left cell: Excel shows the top-left
   * cell's value over the whole range and nothing of the cell's own (a number column reads it
   * as missing, whatever the file holds under the merge: a value under a horizontal merge had
   * been read though nobody saw it, the fifth workbook attack).
   */
  hiddenByMerge(r: number, c: number): boolean {
    if (this.grid.merges.length === 0) return false;
    let list = this.spanning.get(c);
    if (!list) {
      list = this.grid.merges.filter((m) => (m.r2 > m.r1 || m.c2 > m.c1) && m.c1 <= c && c <= m.c2).sort((a, b) => a.r1 - b.r1);
      this.spanning.set(c, list);
    }
    if (list.length === 0) return false;
    const m = covering(list, r);
    return m !== undefined && (r > m.r1 || c > m.c1);
  }

  /** The cell a value is read from, vertical merges applied (left column of the merge only). */
  mergedCell(r: number, c: number): { r: number; c: number } {
    return { r: this.mergedRow(r, c), c };
  }

  /** The row of the cell a value of (r, c) is read from: `mergedCell` without an object. */
  mergedRow(r: number, c: number): number {
    if (this.mergesByColumn.size === 0) return r;
    const m = this.mergeBelowTop(r, c);
    return m ? m.r1 : r;
  }

  /** Left columns of the merges covering row `r` below their first row. */
  mergedColumnsAt(r: number): number[] {
    const out: number[] = [];
    for (const c of this.mergesByColumn.keys()) if (this.mergeBelowTop(r, c)) out.push(c);
    return out;
  }
}

/** One sheet being parsed: the results so far and the phases of `parseSheet`, in order. */
class SheetParse {
  readonly rows: LoadedRow[] = [];
  readonly rejects: Reject[] = [];
  readonly warnings: Warning[] = [];
  readonly report: LoadReportRow;
  readonly cells: SheetCells;
  /** Where the loaded rows go when they are packed. */
  packer: RowPacker | undefined;
  readonly name: string;
  /** First characters that may open a closing row (合计, 注：…, 全区合计, 大兴区合计). */
  private readonly closingStarts: ReadonlySet<string>;
  private readonly totalRow: RegExp;

  constructor(readonly grid: SheetGrid, readonly ctx: SheetContext) {
    this.name = grid.name;
    const district = ctx.geography.district;
    this.closingStarts = new Set([...CLOSING_STARTS, ...[district.name, ...district.aliases].map((p) => p.charAt(0))]);
    this.totalRow = totalRowPattern(ctx.geography);
    this.cells = new SheetCells(grid);
    this.report = {
      year: ctx.year, file: ctx.file, sheet: grid.name, sheetKind: ctx.sheet.name, status: 'loaded',
      headerRow: null, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, extraColumns: '',
    };
  }

  done(): ParsedSheet {
    const out: ParsedSheet = { sheet: this.ctx.sheet, rows: this.rows, rejects: this.rejects, warnings: this.warnings, report: this.report };
    if (this.ctx.pack) {
      out.packed = (this.packer ?? new RowPacker(this.ctx.sheet, { year: this.ctx.year, sourceFile: this.ctx.file, sourceSheet: this.name }, 0)).finish();
    }
    return out;
  }

  /** Message prefix naming file, sheet and, when given, row and column. */
  at(row?: number, column?: string): string {
    const hiddenRow = row !== undefined && this.cells.isHiddenRow(row - 1) ? '（该行在 Excel 中隐藏）' : '';
    return `文件“${this.ctx.file}”工作表“${quote(this.name)}”${this.grid.hidden ? '（在 Excel 中隐藏）' : ''}${row !== undefined ? `第 ${row} 行${hiddenRow}` : ''}${column !== undefined ? `“${column}”列` : ''}：`;
  }

  /**
   * Reject the whole sheet; its data rows (when known) count as read and rejected. `towns`:
   * the towns its rows name, when they can be read (which figures the lost rows touch).
   */
  rejectSheet(rule: RuleId, column: string, value: string, message: string, dataRows = 0, towns?: string[]): ParsedSheet {
    this.rejects.push({ file: this.ctx.file, sheet: this.name, row: null, column, value, rule, scope: 'sheet', message, ...(towns ? { towns } : {}) });
    this.report.status = 'rejected';
    this.report.rowsRead = dataRows;
    this.report.rowsRejected = dataRows;
    return this.done();
  }

  /** `lostRows` as the last two arguments of `rejectSheet`. */
  lost(header: number, keys: readonly string[]): [number, string[] | undefined] {
    const { rows, towns } = this.lostRows(header, keys);
    return [rows, towns];
  }

  /** The name's year, when it is not the folder's: its warning is withdrawn where the sheet is rejected for its year. */
  private nameYear: { year: number; warning: Warning } | undefined;

  /** A year in the sheet's name other than the folder's: a warning (the title row is what decides). */
  checkNameYear(): void {
    const { year } = this.ctx;
    const nameYear = sheetNameYear(this.name);
    if (nameYear !== undefined && nameYear !== year) {
      const warning: Warning = {
        file: this.ctx.file, sheet: this.name, row: null, column: '', value: quote(this.name, MAX_CELL_CHARS), rule: 'year_mismatch',
        message: `${this.at()}工作表名称写的是 ${nameYear} 年，而文件夹年度为 ${year} 年；已按 ${year} 年读取，请核对`,
      };
      this.warnings.push(warning);
      this.nameYear = { year: nameYear, warning };
    }
  }

  /** Withdraw the name's warning (the sheet is rejected for its year, which the rejection says). */
  private withdrawNameYear(): void {
    if (!this.nameYear) return;
    const i = this.warnings.indexOf(this.nameYear.warning);
    if (i >= 0) this.warnings.splice(i, 1);
  }

  /** The first row holding every contract column, and where each column is; a ParsedSheet when the sheet is rejected. */
  findHeader(): HeaderColumns | ParsedSheet {
    const { sheet } = this.ctx;
    const { grid, cells } = this;
    const wanted = sheet.columns.map((c) => headerKey(c.name));
    /** Header keys of row r by column (a sparse array: empty cells are holes). */
    const headerKeys = (r: number): string[] => {
      const keys: string[] = [];
      for (const c of [...presentColumns(grid.rows[r]), ...cells.mergedColumnsAt(r)]) {
        const src = cells.mergedCell(r, c);
        const v = cells.cell(src.r, src.c);
        if (typeof v === 'string' && v.length > MAX_CELL_CHARS) continue; // no column name is that long
        keys[c] = headerKey(cellText(v));
      }
      return keys;
    };
    let header = -1;
    let best = { row: -1, found: 0 };
    let keys: string[] = [];
    let hiddenHeader: { row: number; keys: string[] } | null = null;
    for (let r = 0; r <= Math.min(cells.lastRow, HEADER_SEARCH_ROWS - 1); r++) {
      keys = headerKeys(r);
      const present = new Set(keys);
      const found = wanted.filter((w) => present.has(w)).length;
      if (found === wanted.length) {
        // A header in a row hidden in Excel (an old one, its columns in another order) yields
        // to a header the user sees: read under the hidden one, the visible header's columns
        // had taken each other's numbers (the fifth workbook attack)
        if (cells.isHiddenRow(r)) {
          hiddenHeader ??= { row: r, keys };
          continue;
        }
        header = r;
        break;
      }
      if (found > best.found) best = { row: r, found };
    }
    if (header < 0 && hiddenHeader) ({ row: header, keys } = hiddenHeader);
    if (header < 0) {
      if (best.row < 0) {
        return this.rejectSheet(
          'missing_column', sheet.columns.map((c) => c.name).join('、'), '',
          `${this.at()}未找到表头行：前 ${HEADER_SEARCH_ROWS} 行中没有一行包含规定的列名（${sheet.columns.map((c) => `“${c.name}”`).join('、')}），整表不予载入`,
        );
      }
      const bestKeys = headerKeys(best.row);
      const present = new Set(bestKeys);
      const missing = sheet.columns.filter((c, i) => !present.has(wanted[i]!)).map((c) => c.name);
      return this.rejectSheet(
        'missing_column', missing.join('、'), '',
        `${this.at()}缺少必填列 ${missing.map((m) => `“${m}”`).join('、')}（第 ${best.row + 1} 行最像表头，规定的 ${wanted.length} 个列名只找到 ${best.found} 个），整表不予载入。请按填报规范补上缺少的列（列名照规定书写）后重新提交`,
        ...this.lost(best.row, bestKeys),
      );
    }
    this.report.headerRow = header + 1;

    // Contract columns (each exactly once), extras
    const colIndex: number[] = [];
    for (let i = 0; i < sheet.columns.length; i++) {
      const positions = keys.flatMap((k, c) => (k === wanted[i] ? [c] : []));
      if (positions.length > 1) {
        return this.rejectSheet(
          'duplicate_column', sheet.columns[i]!.name, '',
          `${this.at()}表头第 ${header + 1} 行中“${sheet.columns[i]!.name}”出现 ${positions.length} 次（${positions.map((c) => `${columnLetter(c)} 列`).join('、')}），无法确定以哪一列为准，整表不予载入`,
          ...this.lost(header, keys),
        );
      }
      colIndex.push(positions[0]!);
    }
    // A unit in the header's brackets other than the contract's (财产规模（元） for 万元,
    // 特困人员总数（万人）): the numbers are in another unit, and read as they are they would be
    // wrong by a factor; the sheet is refused, naming both units
    for (let i = 0; i < sheet.columns.length; i++) {
      const col = sheet.columns[i]!;
      if (!NUMERIC.has(col.type)) continue;
      const src = cells.mergedCell(header, colIndex[i]!);
      const written = splitHeader(cellText(cells.cell(src.r, src.c))).units.map(bracketUnit);
      const other = written.find((u) => isOtherUnit(u, col));
      if (other === undefined) continue;
      return this.rejectSheet(
        'unit_mismatch', col.name, quote(cellText(cells.cell(src.r, src.c)), MAX_CELL_CHARS),
        `${this.at(header + 1, col.name)}表头写的单位是“${other}”，本列规定${col.unit ? `以“${col.unit}”为单位` : '填写实际数（不带万、千等数量级）'}：数值的单位不同，照原样读取会差若干倍，整表不予载入。请换算为规定的单位、改正表头后重新提交`,
        ...this.lost(header, keys),
      );
    }
    // A bracket saying the column holds other figures than the year's own: another year
    // (家庭照护床位数（2022年）), last year's, a plan or target, a part (（其中已验收）). Read as
    // the year's, silently (the fifth workbook attack); the contract drops a trailing unit only.
    for (let i = 0; i < sheet.columns.length; i++) {
      const col = sheet.columns[i]!;
      if (!NUMERIC.has(col.type)) continue;
      const src = cells.mergedCell(header, colIndex[i]!);
      const text = cellText(cells.cell(src.r, src.c));
      // and a bracket that is no unit of the column's at all (（新增）, （规划）, （占比）, （0-14岁）,
      // （张/万人）): the contract drops a trailing unit only, and these say the column holds
      // other figures (the sixth workbook attack)
      const unit = nameKey(col.unit ?? '');
      const isOwnUnit = (u: string) => {
        const b = bracketUnit(u);
        const own = /^(?:截至|截止)?(\d{4})年?(?:度|底|末)?$/.exec(b); // the year's own: （2023年）, （截至2023年底）
        // '' where the bracket named a currency only (（人民币）): no unit, and nothing about the figures
        // the column's own definition restated (户籍儿童人口（0-17岁）, 常住人口（年末数）: the 17th attack had these refused)
        const restated = col.qualifiers?.test(b.replace(/\s/g, '')) ?? false;
        return b === '' || b === unit || !!SAME_COUNT[unit]?.includes(b) || (col.type === 'percent' && PERCENT_WORDS.has(b)) || TEMPLATE_MARKS.test(b) || restated || (own !== null && Number(own[1]) === this.ctx.year);
      };
      const other = splitHeader(text).units.find((u) => OTHER_FIGURES.test(u) || [...u.matchAll(/(\d{4})年?/g)].some((m) => Number(m[1]) !== this.ctx.year && Number(m[1]) >= YEAR_LO && Number(m[1]) <= YEAR_HI) || (col.unit !== undefined && !isOwnUnit(u)));
      if (other === undefined) continue;
      return this.rejectSheet(
        'column_qualifier', col.name, quote(text, MAX_CELL_CHARS),
        OTHER_FIGURES.test(other) || /\d{4}/.test(other)
          ? `${this.at(header + 1, col.name)}表头“${quote(text.trim())}”的括号中写的是“${other}”，本列应填${this.ctx.year} 年的实际数：照原样读取会把其他数据当作本年数据，整表不予载入。请填写本年实际数、把表头改为“${col.name}${col.unit ? `（${col.unit}）` : ''}”后重新提交`
          : `${this.at(header + 1, col.name)}表头“${quote(text.trim())}”的括号中写的是“${other}”，不是本列的单位“${col.unit}”：表头括号中只能写单位，写了其他内容的列可能不是规定的口径（如新增数、规划数、占比或另一年龄段），照原样读取可能出错，整表不予载入。请确认本列是${this.ctx.year} 年的${col.name}（以“${col.unit}”计），把表头改为“${col.name}（${col.unit}）”后重新提交`,
        ...this.lost(header, keys),
      );
    }
    const contractCols = new Set(colIndex);
    const extras: { c: number; name: string }[] = [];
    const extraNames = new Set<string>();
    keys.forEach((_, c) => {
      if (contractCols.has(c)) return;
      const text = quote(cellText(cells.cell(header, c)).trim());
      if (!text) return;
      const name = extraNames.has(text) ? `${text}（${columnLetter(c)}列）` : text;
      extraNames.add(name);
      extras.push({ c, name });
    });
    this.report.extraColumns = extras.map((x) => x.name).join('、');
    return { header, colIndex, extras, width: keys.length, keys };
  }

  /**
   * The data rows below `header` of a sheet rejected as a whole: how many (they count as read
   * and rejected, so that none is lost from the accounting) and the town codes its town column
   * names (which figures the lost rows touch); towns undefined when the sheet has no (single)
   * town column or a town cannot be read.
   */
  lostRows(header: number, keys: readonly string[]): { rows: number; towns: string[] | undefined } {
    const { sheet, geography } = this.ctx;
    const colIndex = sheet.columns.map((x) => keys.indexOf(headerKey(x.name))).filter((c) => c >= 0);
    const { dataRows } = this.findDataRows({ header, colIndex, extras: [], width: keys.length, keys: [...keys] });
    const rows = dataRows.length;
    const townCols = sheet.columns.filter((c) => c.type === 'town');
    if (townCols.length !== 1) return { rows, towns: undefined };
    const col = townCols[0]!;
    const positions = keys.flatMap((k, c) => (k === headerKey(col.name) ? [c] : []));
    if (positions.length !== 1) return { rows, towns: undefined };
    const towns = new Set<string>();
    for (const r of dataRows) {
      const src = this.cells.mergedCell(r, positions[0]!);
      const res = parseCell(this.cells.cell(src.r, src.c), col, { geography });
      if (!res.ok || typeof res.value !== 'string') return { rows, towns: undefined };
      towns.add(res.value);
    }
    return { rows, towns: [...towns].sort() };
  }

  /**
   * The rows of this sheet that read as data under the columns `colIndex` (a contract sheet's,
   * as another tab lays them out), with the towns they name (undefined when one cannot be
   * read): see `strayRows`.
   */
  rowsAsData(colIndex: readonly number[]): { rows: number[]; towns: string[] | undefined } {
    const { sheet, geography } = this.ctx;
    const h: HeaderColumns = { header: -1, colIndex: [...colIndex], extras: [], width: 0, keys: [] };
    const rows: number[] = [];
    const towns = new Set<string>();
    let townsKnown = sheet.columns.filter((c) => c.type === 'town').length === 1;
    for (let r = 0; r <= this.cells.lastRow; r++) {
      if (!this.looksLikeData(h, r) || this.isClosing(r)) continue;
      let typed = false;
      let town: string | undefined;
      const fits = sheet.columns.every((col, i) => {
        const src = this.cells.mergedCell(r, colIndex[i]!);
        const v = this.cells.cell(src.r, src.c);
        // a required cell may be blank: a continuation's town lies in a merge left on the first tab
        if (isBlank(v)) return true;
        const res = parseCell(v, col, { geography });
        if (!res.ok) return false;
        if (col.type !== 'text' && col.type !== 'community') typed = true;
        if (col.type === 'town' && typeof res.value === 'string') town = res.value;
        return true;
      });
      if (!fits || !typed) continue;
      rows.push(r);
      if (town === undefined) townsKnown = false;
      else towns.add(town);
    }
    return { rows, towns: townsKnown ? [...towns].sort() : undefined };
  }

  /**
   * The contract cells of row `r` that parse, by field (a town as its code): for a row
   * rejected whole (after the blank or closing row that ended the data), so that the figures
   * it could change are those of its town, not of every town (contract §4).
   */
  parsedCells(h: HeaderColumns, r: number): Record<string, RawValue> {
    const { sheet, geography } = this.ctx;
    const out: Record<string, RawValue> = {};
    sheet.columns.forEach((col, i) => {
      const c = h.colIndex[i];
      if (c === undefined || c < 0) return;
      const src = this.cells.mergedCell(r, c);
      const res = parseCell(this.cells.cell(src.r, src.c), col, { geography });
      if (res.ok) out[col.field] = res.value;
    });
    return out;
  }

  /** Width-folded, space-free text of a row's first non-empty cell when it may open a closing row; '' otherwise; undefined for an empty row. */
  private firstText(r: number): string | undefined {
    const row = this.grid.rows[r];
    if (row === undefined) return undefined;
    // A dense row is walked as it is (presentColumns would make an array for every row).
    const cols = row.length <= 256 ? null : presentColumns(row);
    const end = cols === null ? row.length : cols.length;
    for (let k = 0; k < end; k++) {
      const v = row[cols === null ? k : cols[k]!];
      if (v === null || v === undefined || isBlank(v)) continue;
      if (typeof v !== 'string') return '';
      const lead = isSpaceCode(v.charCodeAt(0)) ? v.replace(/^[\s\u00A0\u3000\u200B\uFEFF]+/, '').charAt(0) : v.charAt(0);
      return this.closingStarts.has(lead) ? cellKey(v) : '';
    }
    return undefined;
  }

  private isClosing(r: number): 'total' | 'note' | null {
    const first = this.firstText(r);
    if (first === undefined) return null;
    if (this.totalRow.test(first)) return 'total';
    if (NOTE_ROW.test(first)) return 'note';
    return null;
  }

  /** The first non-empty cell of row r, as written (trimmed); undefined for an empty row. */
  private firstCell(r: number): string | undefined {
    const row = this.grid.rows[r];
    for (const c of presentColumns(row)) {
      const v = row![c];
      if (!isBlank(v)) return cellText(v).trim();
    }
    return undefined;
  }

  /** Whether row r looks like a data row: half the contract's columns filled (at least two), and not a signature line. */
  private looksLikeData(h: HeaderColumns, r: number): boolean {
    const threshold = Math.max(2, Math.ceil(h.colIndex.length / 2));
    let filled = 0;
    for (const c of h.colIndex) if (!isBlank(this.cells.cell(r, c))) filled++;
    if (filled < threshold) return false;
    const first = this.firstCell(r);
    return first === undefined || !FOOTER_ROW.test(cellKey(first));
  }

  /** Whether the 合计 row r holds, in every summed column it fills (one at least), the sum of `rows`. */
  private holdsSum(h: HeaderColumns, r: number, rows: readonly number[]): boolean {
    let compared = 0;
    for (let i = 0; i < this.ctx.sheet.columns.length; i++) {
      const col = this.ctx.sheet.columns[i]!;
      if (!SUMMED.has(col.type)) continue;
      const c = h.colIndex[i]!;
      const t = readNumber(this.cells.cell(r, c), { unit: col.unit });
      if (!t.ok || t.value === null) continue;
      let sum = 0;
      for (const x of rows) {
        const v = readNumber(this.cells.cell(x, c), { unit: col.unit });
        if (v.ok && v.value !== null) sum += v.value;
      }
      if (Math.abs(t.value - sum) > 1e-6 * Math.max(1, Math.abs(sum))) return false;
      compared++;
    }
    return compared > 0;
  }

  /**
   * Data rows: from below the header to the first blank row or closing row. A 合计 row
   * followed at once by more data (or by another 合计) ends a part of the data; the parts
   * are all data only when this is demonstrably a list of subtotals: each such 合计 holds
   * the sums of its part, and a closing 合计 holds the sums of them all. Otherwise the data
   * end at the first 合计, and what follows is rejected (`rejectAfterClosing`).
   */
  findDataRows(h: HeaderColumns): DataRows {
    const { cells } = this;
    const contractBlank = (r: number) => {
      for (const c of h.colIndex) if (!isBlank(cells.cell(r, c)) || cells.isUncached(r, c)) return false;
      return true;
    };
    const groups: number[][] = [[]];
    const candidates: number[] = [];
    const repeatedHeaders: number[] = [];
    const aids: number[] = [];
    let end: DataEnd = { r: cells.lastRow + 1, kind: 'eof' };
    for (let r = h.header + 1; r <= cells.lastRow; r++) {
      if (this.repeatsHeader(h, r)) {
        repeatedHeaders.push(r);
        continue;
      }
      if (this.reordersHeader(h, r)) {
        end = { r, kind: 'header' };
        break;
      }
      // the header's second line: its units (（张）), or the column numbers of a statistical form (甲 乙 1 2)
      if (r <= h.header + 2 && groups.length === 1 && groups[0]!.length === 0 && this.headerAid(h, r)) {
        aids.push(r);
        continue;
      }
      const closing = this.isClosing(r);
      if (closing === 'total' && r < cells.lastRow) {
        const next = this.isClosing(r + 1);
        if (next === 'total' || (next === null && !contractBlank(r + 1))) {
          candidates.push(r);
          groups.push([]);
          continue;
        }
      }
      if (closing) {
        end = { r, kind: closing };
        break;
      }
      if (contractBlank(r)) {
        end = { r, kind: 'blank' };
        break;
      }
      groups[groups.length - 1]!.push(r);
    }
    if (candidates.length === 0) return { dataRows: groups[0]!, end, subtotals: [], repeatedHeaders, aids };
    const all = groups.flat();
    const subtotals =
      end.kind === 'total' && candidates.every((t, i) => this.holdsSum(h, t, groups[i]!)) && this.holdsSum(h, end.r, all);
    if (subtotals) return { dataRows: all, end, subtotals: candidates, repeatedHeaders, aids };
    const firstEnd = candidates[0]!;
    return { dataRows: groups[0]!, end: { r: firstEnd, kind: 'total' }, subtotals: [], repeatedHeaders: repeatedHeaders.filter((r) => r < firstEnd), aids };
  }

  /**
   * Whether row r, just under the header, is part of it: every contract cell filled is a unit
   * in brackets (（张）), or the row numbers the columns as statistical forms do (栏次: 甲 乙 1 2 3).
   * Read as data, each had been five rejects that marked 92 figures incomplete (the fifth
   * workbook attack).
   */
  headerAid(h: HeaderColumns, r: number): boolean {
    let any = false;
    let units = true;
    let letters = false;
    let numbers = true;
    // the cells left to right, for a numbering without 甲: 1 2 3 … or A B C …, ascending
    const marks: string[] = [];
    for (const c of [...h.colIndex].sort((a, b) => a - b)) {
      const v = this.cells.cell(r, c);
      if (isBlank(v)) continue;
      any = true;
      const t = removeSpaces(foldWidth(cellText(v)));
      marks.push(t);
      if (!/^[(\[【][^()\[\]【】]*[)\]】]$/.test(t)) units = false;
      if (/^(甲|乙|丙|丁|栏次)$/.test(t)) letters = true;
      else if (!/^\d{1,2}$/.test(t)) numbers = false;
    }
    const ascending = marks.length >= 3 && marks.length === h.colIndex.length
      && (marks.every((t, i) => /^\d{1,2}$/.test(t) && (i === 0 || Number(t) === Number(marks[i - 1]) + 1))
        || marks.every((t, i) => /^[A-Z]$/.test(t) && (i === 0 || t.charCodeAt(0) === marks[i - 1]!.charCodeAt(0) + 1)));
    return any && (units || (letters && numbers) || ascending);
  }

  /**
   * Whether row r repeats the header: every contract column holds its column name (as the
   * header is compared). Checked on the first contract column's text before anything else,
   * so a data row costs one look at one cell.
   */
  private repeatsHeader(h: HeaderColumns, r: number): boolean {
    const { cells } = this;
    const first = cells.cell(r, h.colIndex[0]!);
    const key = h.keys[h.colIndex[0]!]!;
    if (typeof first !== 'string' || first.length > 4 * key.length + 20 || !hasCodeUnit(first, key.charCodeAt(0))) return false;
    for (const c of h.colIndex) {
      const v = cells.cell(r, c);
      if (typeof v !== 'string') return false;
      // a text met again (a town in every row, whose name holds the first column's 镇) is not made again
      let k = this.headerKeys.get(v);
      if (k === undefined) this.headerKeys.set(v, (k = headerKey(cellText(v))));
      if (k !== h.keys[c]) return false;
    }
    return true;
  }

  /**
   * Whether row r is the header again with its columns in another order (a part pasted from a
   * table laid out otherwise): every contract column's name, each in one of the header's
   * contract columns, not where the header has it. Checked on the first contract cell, a
   * header's text or not, before anything else.
   */
  private reordersHeader(h: HeaderColumns, r: number): boolean {
    const texts = (this.headerTexts ??= new Set(h.colIndex.map((c) => cellText(this.cells.cell(h.header, c)))));
    const first = this.cells.cell(r, h.colIndex[0]!);
    if (typeof first !== 'string' || !texts.has(first)) return false;
    const wanted = h.colIndex.map((c) => h.keys[c]!);
    const found = h.colIndex.map((c) => headerKey(cellText(this.cells.cell(r, c))));
    return found.some((k, i) => k !== wanted[i]) && [...found].sort().join('\u0001') === [...wanted].sort().join('\u0001');
  }

  /** The header's texts in its contract columns, as written. */
  private headerTexts: Set<string> | undefined;

  /**
   * Rows after a header whose columns are in another order (`reordersHeader`): under which
   * order they are written cannot be told, and each is rejected. Read in the first header's
   * order, the rows under a swapped one had loaded their figures in each other's columns
   * (the twelfth workbook attack).
   */
  rejectAfterReorderedHeader(h: HeaderColumns, end: DataEnd): number {
    if (end.kind !== 'header') return 0;
    let n = 0;
    for (let r = end.r + 1; r <= this.cells.lastRow; r++) {
      if (this.isClosing(r) || !this.looksLikeData(h, r)) continue;
      n++;
      this.rejectWholeRow(r, 'after_reordered_header', `${this.at(r + 1)}在第 ${end.r + 1} 行的另一行表头之后，那一行的列名与第 ${h.header + 1} 行的表头相同而顺序不同，本行按哪一种顺序填写无法确定，未载入：请把其下各行按第 ${h.header + 1} 行表头的列顺序排列、删去第 ${end.r + 1} 行后重新提交`);
    }
    this.report.rowsRead += n;
    this.report.rowsRejected += n;
    return n;
  }

  /** headerKey of the texts repeatsHeader compared. */
  private readonly headerKeys = new Map<string, string>();

  /** Repeats of the header within the data: said, so that nobody wonders where the row went. */
  warnRepeatedHeaders(h: HeaderColumns, rows: readonly number[]): void {
    for (const r of rows) {
      this.warnings.push({
        file: this.ctx.file, sheet: this.name, row: r + 1, column: '', value: ledgerValue(this.firstCell(r) ?? ''), rule: 'repeated_header',
        message: `${this.at(r + 1)}与第 ${h.header + 1} 行的表头相同，按重复的表头处理（如分页打印时每页重复的表头），不作为数据读取，其后的行照常读取`,
      });
    }
  }

  /**
   * Data rows and contract columns hidden in Excel: read as any other (a hidden row is still
   * the department's return, and Excel's own sums count it), and said, since nobody looking at
   * or printing the sheet sees them (the fifth workbook attack: a hidden column of numbers was
   * published without a word).
   */
  warnHidden(h: HeaderColumns, dataRows: readonly number[]): void {
    if (dataRows.length === 0) return;
    const { cells } = this;
    const hidden = dataRows.filter((r) => cells.isHiddenRow(r));
    if (hidden.length > 0) {
      this.warnings.push({
        file: this.ctx.file, sheet: this.name, row: hidden[0]! + 1, column: '', value: '', rule: 'hidden_rows',
        message: `${this.at()}第 ${rowRanges(hidden.map((r) => r + 1))} 行在 Excel 中隐藏（手动隐藏、被筛选掉或折叠），共 ${hidden.length} 行，其中的数据照常读取并计入。如这些行不应报送，请删除后重新提交；如要查看，在 Excel 中取消筛选，或选中整个表格后右击行号选择“取消隐藏”`,
      });
    }
    if (!this.grid.hiddenColumns) return;
    this.ctx.sheet.columns.forEach((col, i) => {
      const c = h.colIndex[i]!;
      if (!cells.isHiddenColumn(c)) return;
      this.warnings.push({
        file: this.ctx.file, sheet: this.name, row: null, column: col.name, value: columnLetter(c), rule: 'hidden_column',
        message: `${this.at(undefined, col.name)}本列（${columnLetter(c)} 列）在 Excel 中隐藏，其中的数据照常读取。查看或打印时看不到这一列，请核实其中是本年应报送的数据；如要查看，选中两侧的列后右击列标选择“取消隐藏”`,
      });
    });
  }

  /**
   * Formula results saved in a workbook that asks to be recalculated on opening, in the data's
   * contract cells: read as saved, and said, since Excel shows what it recalculates (a SUM
   * saved as 0 by another program, shown as 30: the sixth workbook attack).
   */
  warnStaleFormulas(h: HeaderColumns, dataRows: readonly number[]): void {
    const cells = this.grid.staleFormulas;
    if (!cells || dataRows.length === 0) return;
    const rows = new Set(dataRows);
    const columns = new Map(h.colIndex.map((c, i) => [c, this.ctx.sheet.columns[i]!.name]));
    const inData = cells.filter((x) => rows.has(x.r) && columns.has(x.c));
    if (inData.length === 0) return;
    const first = inData[0]!;
    this.warnings.push({
      file: this.ctx.file, sheet: this.name, row: first.r + 1, column: columns.get(first.c)!, value: '', rule: 'stale_formula',
      message: `${this.at(first.r + 1, columns.get(first.c)!)}${inData.length > 1 ? `等 ${formatNumber(inData.length)} 个` : ''}公式单元格按文件中保存的计算结果读取；但工作簿设置为打开时重新计算（通常由 Excel 以外的程序生成），保存的结果可能不是最新的，Excel 中显示的可能不同。请在 Excel/WPS 中打开、核对并保存后重新提交`,
    });
  }

  /** 合计 rows taken for subtotals: said, so that nobody wonders where they went. */
  warnSubtotals(subtotals: readonly number[]): void {
    for (const t of subtotals) {
      this.warnings.push({
        file: this.ctx.file, sheet: this.name, row: t + 1, column: '', value: ledgerValue(this.firstCell(t) ?? ''), rule: 'subtotal_row',
        message: `${this.at(t + 1)}“${quote(this.firstCell(t) ?? '')}”等于其上一部分各行之和，最后的合计行又等于全部数据之和，按小计处理：本行不计入数据，其后的行照常读取`,
      });
    }
  }

  /**
   * Rows that look like data after the row that closed the data (a 合计 or a note, also
   * when a blank row came first): rejected one by one, never dropped. Returns how many.
   */
  rejectAfterClosing(h: HeaderColumns, end: DataEnd): number {
    const { cells } = this;
    let closing = end.kind === 'total' || end.kind === 'note' ? end.r : -1;
    if (end.kind === 'blank') {
      for (let r = end.r + 1; r <= cells.lastRow && closing < 0; r++) if (this.isClosing(r)) closing = r;
    }
    if (closing < 0) return 0;
    const kind = this.isClosing(closing) === 'total' ? '合计行' : '说明行';
    const label = quote(this.firstCell(closing) ?? '', 30);
    const hint = kind === '合计行' ? `（如第 ${closing + 1} 行是其上各行的小计，请删去或移到最后）` : '';
    let n = 0;
    for (let r = closing + 1; r <= cells.lastRow; r++) {
      if (this.isClosing(r) || !this.looksLikeData(h, r)) continue;
      n++;
      this.rejectWholeRow(r, 'after_closing_row', `${this.at(r + 1)}在第 ${closing + 1} 行的${kind}“${label}”之后，看起来仍是数据，未载入：数据行应都在${kind}之前${hint}，改正后重新提交`, this.parsedCells(h, r));
    }
    this.report.rowsRead += n;
    this.report.rowsRejected += n;
    return n;
  }

  /** A vertical merge over a number column: its value counts for its top row only; the rows below read as missing. Said, naming the range. */
  warnMergedNumbers(h: HeaderColumns, dataRows: readonly number[]): void {
    if (this.grid.merges.length === 0 || dataRows.length === 0) return;
    const { sheet } = this.ctx;
    /** Index of the first data row greater than `r` (the rows are sorted). */
    const after = (r: number): number => {
      let lo = 0;
      let hi = dataRows.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (dataRows[mid]! <= r) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    /** The first and last data rows in (r1, r2]; empty when none. */
    const covered = (r1: number, r2: number): number[] => {
      const first = after(r1);
      const last = after(r2) - 1;
      return first <= last ? [dataRows[first]!, dataRows[last]!] : [];
    };
    for (const m of this.grid.merges) {
      if (m.r2 <= m.r1 && m.c2 <= m.c1) continue;
      const range = `${columnLetter(m.c1)}${m.r1 + 1}:${columnLetter(m.c2)}${m.r2 + 1}`;
      // Columns right of the merge's first: Excel shows the first cell's content over them
      sheet.columns.forEach((col, i) => {
        const c = h.colIndex[i]!;
        if (!NUMERIC.has(col.type) || c <= m.c1 || c > m.c2) return;
        const rows = covered(m.r1 - 1, m.r2);
        if (rows.length === 0) return;
        const [a, b] = [rows[0]! + 1, rows[rows.length - 1]! + 1];
        let stored = '';
        for (let r = m.r1; r <= m.r2 && !stored; r++) {
          const v = this.cells.cell(r, c);
          if (!isBlank(v)) stored = `；单元格 ${columnLetter(c)}${r + 1} 中另存有“${quote(cellText(v), 30)}”，Excel 不显示，未读取`;
        }
        this.warnings.push({
          file: this.ctx.file, sheet: this.name, row: a, column: col.name, value: range, rule: 'merged_number',
          message: `${this.at(a, col.name)}合并单元格 ${range} 从 ${columnLetter(m.c1)} 列跨到 ${columnLetter(m.c2)} 列，本列（${columnLetter(c)} 列）不是它的第一列：Excel 只显示 ${columnLetter(m.c1)}${m.r1 + 1} 的内容，本列第 ${a === b ? a : `${a}—${b}`} 行按缺失处理（不计为 0）${stored}。如各列各有数值，请取消合并后分别填写`,
        });
      });
      if (m.r2 <= m.r1) continue;
      const rows = covered(m.r1, m.r2);
      if (rows.length === 0) continue;
      const a = rows[0]! + 1;
      const b = rows[rows.length - 1]! + 1;
      sheet.columns.forEach((col, i) => {
        const c = h.colIndex[i]!;
        if (!NUMERIC.has(col.type) || c !== m.c1) return;
        let top = '';
        if (dataRows[after(m.r1) - 1] === m.r1) {
          const v = this.cells.cell(m.r1, c);
          const n = readNumber(v, { unit: col.unit, percent: col.type === 'percent' });
          const shown = n.ok && n.value !== null ? formatExact(n.value) : isBlank(v) ? '' : quote(cellText(v), 30);
          top = `数值${shown ? ` ${shown} ` : ''}只计入第 ${m.r1 + 1} 行，`;
        }
        this.warnings.push({
          file: this.ctx.file, sheet: this.name, row: m.r1 + 1, column: col.name, value: range, rule: 'merged_number',
          message: `${this.at(m.r1 + 1, col.name)}合并单元格 ${range} 跨越第 ${m.r1 + 1}—${m.r2 + 1} 行：${top}第 ${a === b ? a : `${a}—${b}`} 行按缺失处理（不计为 0）。如各行各有数值，请取消合并后分别填写`,
        });
      });
    }
  }

  /**
   * A unit given in the title rows (`填报日期：…  单位：元`) for number columns whose header gives
   * none: where it is the contract's unit but for a 万/千/百/亿 (元 for 万元, 万人 for 人), the
   * numbers are in another magnitude, and read as they are they would be wrong by that factor
   * (the fourth workbook attack: 100000 元 published as 100000 万元). The sheet is refused as a
   * header's own unit would have it.
   */
  checkTitleUnit(h: HeaderColumns, dataRows: number, end?: DataEnd): ParsedSheet | null {
    // the title rows, and the notes under the data (注：财产规模单位为元: the sixth workbook attack)
    const notes: number[] = [];
    if (end && end.kind !== 'eof') for (let r = end.r; r <= Math.min(this.cells.lastRow, end.r + NOTE_ROWS); r++) if (this.isClosing(r) === 'note') notes.push(r);
    for (const r of [...Array.from({ length: h.header }, (_, k) => k), ...notes]) {
      const row = this.grid.rows[r];
      const where = r < h.header ? '标题' : '说明';
      for (const c of presentColumns(row)) {
        const v = row![c];
        if (typeof v !== 'string') continue;
        // 单位：元, 单位为元, 以元为单位, not 填报单位：民政局 (the reporting body)
        for (const m of v.matchAll(/(?<!填报|报送|制表|统计|主管)单位\s*(?:[:：]|为|是)\s*([^\s\u3000,，;；。、)）:：]+)|以([^\s\u3000,，;；。、以]{1,4})为单位/g)) {
          const said = nameKey(bracketUnit(m[1] ?? m[2]!));
          // a note that names a column speaks of that column only
          const named = this.ctx.sheet.columns.filter((col) => v.includes(col.name));
          for (let i = 0; i < this.ctx.sheet.columns.length; i++) {
            const col = this.ctx.sheet.columns[i]!;
            if (!NUMERIC.has(col.type) || !col.unit) continue;
            if (named.length > 0 && !named.includes(col)) continue;
            const src = this.cells.mergedCell(h.header, h.colIndex[i]!);
            if (splitHeader(cellText(this.cells.cell(src.r, src.c))).units.length) continue;
            const unit = nameKey(col.unit);
            if (!differsByMagnitude(said, unit)) continue;
            return this.rejectSheet(
              'unit_mismatch', col.name, quote(v.trim(), MAX_CELL_CHARS),
              `${this.at()}${where}（第 ${r + 1} 行）写的单位是“${m[1] ?? m[2]}”，“${col.name}”列规定以“${col.unit}”为单位：数值的单位不同，照原样读取会差若干倍，整表不予载入。请换算为规定的单位、改正后重新提交`,
              dataRows, this.lostRows(h.header, h.keys).towns,
            );
          }
        }
      }
    }
    return null;
  }

  /**
   * A row of units under the header (（元） under 财产规模): a unit other than the contract's
   * refuses the sheet as the header's own bracket would. It had been read as part of the header
   * and not compared: 100000 元 was published as 100000 万元, complete (the twelfth workbook attack).
   */
  checkUnitRows(h: HeaderColumns, aids: readonly number[], dataRows: number): ParsedSheet | null {
    for (const r of aids) {
      for (let i = 0; i < this.ctx.sheet.columns.length; i++) {
        const col = this.ctx.sheet.columns[i]!;
        if (!NUMERIC.has(col.type)) continue;
        const v = this.cells.cell(r, h.colIndex[i]!);
        if (typeof v !== 'string' || isBlank(v)) continue;
        const other = bracketUnit(removeSpaces(foldWidth(v)).replace(/^[(\[【]|[)\]】]$/g, ''));
        if (!isOtherUnit(other, col)) continue;
        return this.rejectSheet(
          'unit_mismatch', col.name, quote(v.trim(), MAX_CELL_CHARS),
          `${this.at(r + 1, col.name)}表头下的单位行写的单位是“${other}”，本列规定${col.unit ? `以“${col.unit}”为单位` : '填写实际数（不带万、千等数量级）'}：数值的单位不同，照原样读取会差若干倍，整表不予载入。请换算为规定的单位、改正单位行后重新提交`,
          dataRows, this.lostRows(h.header, h.keys).towns,
        );
      }
    }
    return null;
  }

  /**
   * Rows above the header that look like data: half the contract's columns filled, a number in a
   * number column or a town in the town column, not units or column numbers. A row added over
   * the header, or a sort that took the header along (the rows sorted before it), had been
   * neither loaded nor rejected: 救助床位's two rows had vanished and the binding indicator 2
   * was published as 100 for 160, complete, exit 0 (the twelfth workbook attack).
   */
  rejectAboveHeader(h: HeaderColumns): number {
    let n = 0;
    for (let r = 0; r < h.header; r++) {
      if (!this.looksLikeData(h, r) || this.headerAid(h, r) || this.isClosing(r)) continue;
      const values = this.parsedCells(h, r);
      const { columns } = this.ctx.sheet;
      const holds = columns.some((col) => (NUMERIC.has(col.type) && typeof values[col.field] === 'number') || (col.type === 'town' && values[col.field] !== undefined && values[col.field] !== null));
      if (!holds) continue;
      n++;
      this.rejectWholeRow(r, 'above_header', `${this.at(r + 1)}在表头（第 ${h.header + 1} 行）之上，看起来是数据，未载入：数据行应都在表头之下（如排序时选中了表头，表头会移到数据中间）。请把本行移到表头之下、改正后重新提交`, values);
    }
    this.report.rowsRead += n;
    this.report.rowsRejected += n;
    return n;
  }

  /**
   * A column of units beside the contract's (计量单位: 元) where the sheet has one number column
   * with a unit: a unit there other than that column's by a magnitude (元 for 万元) refuses the
   * sheet as the header's own would (the sixth workbook attack: 100000 元 read as 万元).
   */
  checkUnitColumn(h: HeaderColumns, dataRows: readonly number[]): ParsedSheet | null {
    const unitColumn = h.extras.find((x) => /^(计量单位|金额单位|单位)$/.test(headerKey(x.name)));
    const withUnit = this.ctx.sheet.columns.filter((col) => NUMERIC.has(col.type) && col.unit);
    if (!unitColumn || withUnit.length !== 1) return null;
    const col = withUnit[0]!;
    for (const r of dataRows) {
      const v = this.cells.cell(r, unitColumn.c);
      if (typeof v !== 'string' || isBlank(v)) continue;
      const said = nameKey(bracketUnit(v));
      if (!isOtherUnit(said, col)) continue;
      return this.rejectSheet(
        'unit_mismatch', col.name, quote(v.trim(), MAX_CELL_CHARS),
        `${this.at(r + 1, unitColumn.name)}写的单位是“${quote(v.trim())}”，“${col.name}”列规定以“${col.unit}”为单位：数值的单位不同，照原样读取会差若干倍，整表不予载入。请换算为规定的单位、改正后重新提交`,
        dataRows.length, this.lostRows(h.header, h.keys).towns,
      );
    }
    return null;
  }

  /** A title row naming a year other than the folder's rejects the sheet. */
  checkTitleYear(h: HeaderColumns, dataRows: number): ParsedSheet | null {
    const { year } = this.ctx;
    const mentions: { r: number; text: string; years: TitleYears }[] = [];
    for (let r = 0; r < h.header; r++) {
      const row = this.grid.rows[r];
      for (const c of presentColumns(row)) {
        const v = row![c];
        if (typeof v !== 'string') continue;
        const ty = titleYears(v);
        if (ty.years.length || ty.ranges.length) mentions.push({ r, text: v.trim(), years: ty });
      }
    }
    // A reporting year named alone decides (`（2022年度）` beside the plan's `2021—2025年` is
    // 2022's sheet); a period only where no year is named alone.
    const singles = mentions.filter((m) => m.years.years.length);
    // a title naming part of a year (上半年, 截至6月30日): not the year-end figures the contract asks for
    const part = mentions.find((m) => m.years.partial !== undefined);
    if (part) {
      this.withdrawNameYear();
      return this.rejectSheet(
        'year_mismatch', '', quote(part.text, MAX_CELL_CHARS),
        `${this.at()}标题“${quote(part.text)}”（第 ${part.r + 1} 行）写的是“${part.years.partial}”的数，不是 ${year} 年全年（年末）的数，整表不予载入。请填报 ${year} 年全年（截至 ${year} 年 12 月 31 日）的数据后重新提交`,
        dataRows, this.lostRows(h.header, h.keys).towns,
      );
    }
    if (mentions.length === 0) return this.checkNameAndFileYear(h, dataRows);
    // a span of two years (2022—2023年度, 2022/2023) names neither as the year's: the plan's own
    // period (2021—2025年) in a title still lets the year through
    if (singles.length ? singles.some((m) => m.years.years.includes(year)) : mentions.some((m) => m.years.ranges.some(([a, b]) => a <= year && year <= b && b - a !== 1))) return null;
    const m = singles[0] ?? mentions[0]!;
    const said = m.years.years.length ? `${m.years.years[0]} 年` : `${m.years.ranges[0]![0]}—${m.years.ranges[0]![1]} 年`;
    this.withdrawNameYear();
    return this.rejectSheet(
      'year_mismatch', '', quote(m.text, MAX_CELL_CHARS),
      `${this.at()}标题“${quote(m.text)}”（第 ${m.r + 1} 行）写的是 ${said}，与文件夹年度 ${year} 年不符，整表不予载入。如确为 ${year} 年的数据，请改正标题中的年度；如是其他年度的数据，请放入该年度的文件夹后重新提交`,
      dataRows, this.lostRows(h.header, h.keys).towns,
    );
  }

  /**
   * A title naming another contract sheet and not the tab's own (大兴区慈善服务站点统计表 on a tab
   * named 志愿服务站点): which table it is cannot be told, and the sheet is refused. Read as the
   * tab's name said, 126 charity stations had loaded as volunteer stations and indicator 23 was
   * published as 61.72 % for 60.97 %, complete (the twelfth workbook attack). A title is a text
   * above the header that calls itself a table (表, 统计, 情况, 名录, 台账), not a note.
   */
  checkTitleKind(h: HeaderColumns, dataRows: number): ParsedSheet | null {
    const own = this.ctx.sheet;
    const ownKey = nameKey(own.name);
    // a longer contract name holding the tab's own (志愿服务站点 for 志愿服务) does not name it
    const longer = SHEETS.filter((x) => x !== own && nameKey(x.name).includes(ownKey)).map((x) => nameKey(x.name));
    let other: { r: number; text: string; kind: SheetSpec } | undefined;
    for (let r = 0; r < h.header; r++) {
      const row = this.grid.rows[r];
      for (const c of presentColumns(row)) {
        const v = row![c];
        if (typeof v !== 'string' || !TITLE_WORDS.test(v)) continue;
        const key = nameKey(v);
        if (NOTE_ROW.test(key) || FOOTER_ROW.test(key)) continue;
        if (longer.reduce((k, l) => k.replaceAll(l, ''), key).includes(ownKey)) return null;
        if (other) continue;
        const named = SHEETS.filter((x) => x !== own && key.includes(nameKey(x.name)));
        const kind = named.sort((a, b) => b.name.length - a.name.length)[0];
        if (kind) other = { r, text: v.trim(), kind };
      }
    }
    if (!other) return null;
    const { kind } = other;
    return this.rejectSheet(
      'sheet_name', '', quote(other.text, MAX_CELL_CHARS),
      `${this.at()}标题“${quote(other.text)}”（第 ${other.r + 1} 行）写的是“${kind.name}”，而工作表名称是规定的“${own.name}”：是哪一张表无法确定，整表不予载入。如是${kind.name}，请把工作表改名为“${kind.name}”；如是${own.name}，请改正标题后重新提交`,
      dataRows, this.lostRows(h.header, h.keys).towns,
    );
  }

  /**
   * A filling-in date above the header before the year's last month (填报日期：2023年1月12日 in
   * 2023/): the sheet was filled in before the year it is for had ended, likely last year's
   * report (the eleventh attack). A warning: the title, which decides, names no other year.
   */
  checkFilingDate(h: HeaderColumns): void {
    const { year } = this.ctx;
    for (let r = 0; r < h.header; r++) {
      const row = this.grid.rows[r];
      for (const c of presentColumns(row)) {
        const v = row![c];
        if (typeof v !== 'string') continue;
        const m = /(?:填报|填表|报送|制表)(?:日期|时间)[:：]?(\d{4})(?:年|[-/.])(\d{1,2})(?:月|[-/.])(\d{1,2})/.exec(removeSpaces(foldWidth(v)));
        if (!m) continue;
        const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
        if (y > year || (y === year && mo === 12)) continue;
        this.warnings.push({
          file: this.ctx.file, sheet: this.name, row: r + 1, column: '', value: quote(v.trim(), MAX_CELL_CHARS), rule: 'year_mismatch',
          message: `${this.at()}第 ${r + 1} 行写的填报日期是 ${y} 年 ${mo} 月 ${d} 日，早于 ${year} 年年末，像是往年的报表；已按 ${year} 年读取，请核对`,
        });
        return;
      }
    }
  }

  /**
   * No year in the title rows, and the sheet's name and the file's both naming the same other
   * year (社会组织2024年 in 2025/社会组织管理科_2024.xlsx): last year's report put in this year's
   * folder, rejected as a title naming that year would be — loaded, it had published 2024's
   * figures as 2025's, complete, beside one warning (the eighth workbook attack). The name alone
   * stays a warning: a sheet copied forward keeps last year's name.
   */
  private checkNameAndFileYear(h: HeaderColumns, dataRows: number): ParsedSheet | null {
    const { year, file } = this.ctx;
    if (!this.nameYear) return null;
    const fileYears = fileNameYears(file);
    if (fileYears.includes(year) || !fileYears.includes(this.nameYear.year)) return null;
    const other = this.nameYear.year;
    this.withdrawNameYear();
    return this.rejectSheet(
      'year_mismatch', '', quote(this.name, MAX_CELL_CHARS),
      `${this.at()}文件名和工作表名称写的都是 ${other} 年，标题中没有写年度，而文件夹年度为 ${year} 年：像是 ${other} 年的报表放进了 ${year}/ 文件夹，整表不予载入。如确为 ${year} 年的数据，请把文件名和工作表名称中的年度改为 ${year} 年，或在标题中写明“（${year}年度）”`,
      dataRows, this.lostRows(h.header, h.keys).towns,
    );
  }

  /**
   * Rows after the blank row that ended the data (up to a closing row, which
   * `rejectAfterClosing` takes from): a row that looks like data is rejected, never dropped
   * (the figures it could change are then marked, and the build stops until someone removes
   * the blank row or the row); other content in the contract's columns that is not a
   * signature line is said, not read. A row with cells only in extra columns (序号, 备注) is
   * blank for the contract: the message says so, since the row does not look empty.
   * Returns how many rows were rejected.
   */
  /**
   * Rejects row r whole, where the data's end or the header leaves it out of the data (after a
   * blank, a closing or a reordered header row, above the header), within the file's budget of
   * problems; the caller counts it read and rejected.
   */
  private rejectWholeRow(r: number, rule: RuleId, message: string, values?: Record<string, RawValue>): void {
    this.rejects.push({ file: this.ctx.file, sheet: this.name, row: r + 1, column: '', value: ledgerValue(this.firstCell(r) ?? ''), rule, scope: 'row', ...(values ? { values } : {}), message });
    const budget = this.ctx.problems;
    if (budget && --budget.left < 0) throw new TooManyProblems(this.ctx.file, this.name, this.rejects.slice(0, 5));
  }

  rejectAfterBlank(h: HeaderColumns, end: DataEnd): number {
    if (end.kind !== 'blank') return 0;
    const { cells } = this;
    const blank = this.firstCell(end.r) === undefined ? `第 ${end.r + 1} 行是空行` : `第 ${end.r + 1} 行规定的各列都是空的（只填了序号、备注等列），视为空行`;
    const other: number[] = [];
    let n = 0;
    for (let r = end.r + 1; r <= cells.lastRow; r++) {
      if (this.isClosing(r)) break;
      if (!this.looksLikeData(h, r)) {
        const first = this.firstCell(r);
        if (h.colIndex.some((c) => !isBlank(cells.cell(r, c))) && (first === undefined || !FOOTER_ROW.test(cellKey(first)))) other.push(r + 1);
        continue;
      }
      n++;
      this.rejectWholeRow(r, 'after_blank_row', `${this.at(r + 1)}${blank}，数据到此结束；本行在其后，看起来仍是数据，未载入。如确为数据，请删除中间的空行后重新提交`, this.parsedCells(h, r));
    }
    this.report.rowsRead += n;
    this.report.rowsRejected += n;
    if (other.length) {
      const a = other[0]!;
      const b = other[other.length - 1]!;
      this.warnings.push({
        file: this.ctx.file, sheet: this.name, row: a, column: '', value: '', rule: 'ignored_rows',
        message: `${this.at()}${blank}，数据到此结束；其后${a === b ? `第 ${a} 行` : `第 ${a}—${b} 行中有 ${other.length} 行`}在规定的列中还有内容，未读取。如是数据，请删除中间的空行、补全该行后重新提交`,
      });
    }
    return n;
  }

  /**
   * Parse every data row: loaded, or rejected with one reject per bad cell. Returns the column
   * sums (by contract column index). The rows are read by one `RowReader` per sheet.
   */
  readRows(h: HeaderColumns, dataRows: readonly number[]): ColumnSums {
    const reader = new RowReader(this, h, dataRows.length);
    for (const r of dataRows) reader.read(r);
    return reader.finish(dataRows.length);
  }

  /**
   * A 合计 row checked against the column sums: a mismatch is a warning naming the column and
   * both numbers, and the rows whose cell in the column was rejected (and so is not in
   * the sum: the likely reason, which the rejects give).
   */
  checkTotals(h: HeaderColumns, end: DataEnd, { sums, rejected }: ColumnSums): void {
    if (end.kind !== 'total') return;
    this.ctx.sheet.columns.forEach((col, i) => {
      if (!SUMMED.has(col.type)) return;
      const v = this.cells.cell(end.r, h.colIndex[i]!);
      const t = readNumber(v, { unit: col.unit });
      if (!t.ok || t.value === null) return;
      const sum = sums[i]!;
      if (Math.abs(t.value - sum) > 1e-6 * Math.max(1, Math.abs(sum))) {
        this.warnings.push({
          file: this.ctx.file, sheet: this.name, row: end.r + 1, column: col.name, value: ledgerValue(v), rule: 'total_mismatch',
          message: `${this.at(end.r + 1, col.name)}合计行为 ${formatExact(t.value)}，而各数据行之和为 ${formatExact(sum)}${rejectedNote(rejected[i])}`,
          // unexplained by a rejected cell: the reports weigh the verdicts that rest on the column at the total
          ...(rejected[i]?.length ? {} : { total: t.value, rowsSum: sum }),
        });
      }
    });
  }
}

/** The sums of a sheet's summed columns over its data rows, and per column the Excel rows whose cell was rejected (not summed). */
interface ColumnSums {
  sums: Float64Array;
  rejected: (number[] | undefined)[];
}

/** Ascending row numbers as ranges, the first ten: `5、9—12、20 等`. */
function rowRanges(rows: readonly number[]): string {
  const ranges: string[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    ranges.push(i === j ? `${rows[i]}` : `${rows[i]}—${rows[j]}`);
    i = j + 1;
  }
  return ranges.length > 10 ? `${ranges.slice(0, 10).join('、')} 等` : ranges.join('、');
}

/** What a 合计 warning adds when cells of the column were rejected: `（第 5 行该列的值被拒绝，未计入）`. */
function rejectedNote(rows: readonly number[] | undefined): string {
  if (!rows?.length) return '';
  const named = rows.slice(0, 5).join('、');
  return `（第 ${named} 行${rows.length > 5 ? ` 等 ${rows.length} 行` : ''}该列的值被拒绝，未计入）`;
}

/**
 * The data rows of one sheet, read one at a time (`read`). Per row, nothing is allocated but
 * what the row keeps: its values are read into one reused array (made into an object only for
 * a row object or a reject), so that 200,000 rows cost no garbage per cell.
 *
 * A class with a method per row rather than one loop in a function: every sheet of every
 * workbook runs the same `read`, so V8 optimizes it once and keeps it. One long function
 * called once per sheet was optimized anew inside its loop for each sheet and thrown away at
 * its end (at 100× ≈ 20 compilations of 30–110 ms per reading thread, and the rows between
 * them read by unoptimized code).
 */
/** A name that is a subtotal's or total's label, not a thing's: `小计`, `兴丰街道小计`, `以上合计`, `其中：黄村镇`. */
const SUBTOTAL_NAME = /^(小计|合计|总计|共计|汇总|以上合计|以上小计)$|(小计|合计|总计|汇总)([(（].*[)）])?$|^其中[:：]/;

/** Words in a header's brackets that say the column holds other figures than the year's actual ones. */
const OTHER_FIGURES = /上年|去年|上一年|同期|计划|预计|目标|其中|累计/;
/** What a per-cent column's header bracket may say besides `%`. */
const PERCENT_WORDS = new Set(['%', '百分比', '百分数', '百分率']);
/** A template's note on filling a column in its header bracket (（必填）): no unit, and nothing about the figures. */
const TEMPLATE_MARKS = /^(必填|必填项|选填|选填项|可选|非必填|可不填)$/;

class RowReader {
  private readonly columns: SheetSpec['columns'];
  private readonly n: number;
  readonly sums: Float64Array;
  /** Per summed column, the Excel rows whose cell was rejected (and so is not in its sum). */
  private readonly rejected: (number[] | undefined)[];
  /** Results of columns with few distinct values (towns, enums, yes/no), by cell value. */
  private readonly cached: (Map<CellValue, ReturnType<typeof parseCell>> | undefined)[];
  private readonly numeric: boolean[];
  private readonly summed: boolean[];
  /** Columns whose plain cells are read without a result object (`plainValue`). */
  private readonly plain: boolean[];
  private readonly fields: string[];
  private readonly fixedUnit: ReturnType<typeof fixedRowUnits>;
  private readonly hasRowRules: boolean;
  private readonly townsOnly: boolean;
  private readonly cellContext: { geography: Geography };
  private readonly headerless = new Set<number>();
  private readonly values: (RawValue | undefined)[];
  /** Per per-cent column, the Excel rows holding a plain number between 0 and 1. */
  private readonly fractions = new Map<number, { rows: number[]; first: number }>();
  private readonly view: RowView;
  private readonly packer: RowPacker | undefined;
  /**
   * A packed row's extra columns go as JSON. Written here as JSON.stringify writes the object
   * (keys in order, then `:` and the text), unless a name is an array index (which an object
   * lists first) or the row has cells right of the header (names of its own).
   */
  private readonly extrasJson: string[] | null;
  /** Text columns of the key that name one thing each (设施名称, 机构名称, 信托名称…). */
  private readonly nameColumns: number[];
  /** A ledger's 进展状态 and 完成进度, to say where they disagree. */
  private readonly stateColumns: [number, number] | null;

  constructor(private readonly p: SheetParse, private readonly h: HeaderColumns, rows: number) {
    const { sheet, geography, year, file } = p.ctx;
    const columns = (this.columns = sheet.columns);
    this.n = columns.length;
    this.sums = new Float64Array(this.n);
    this.rejected = new Array(this.n);
    this.cached = columns.map((c) => (CACHED.has(c.type) ? new Map<CellValue, ReturnType<typeof parseCell>>() : undefined));
    this.numeric = columns.map((c) => NUMERIC.has(c.type));
    this.summed = columns.map((c) => SUMMED.has(c.type));
    this.plain = columns.map((c) => c.type === 'integer' || c.type === 'number' || c.type === 'text' || c.type === 'community');
    this.fields = columns.map((c) => c.field);
    this.nameColumns = columns.flatMap((c, i) => (c.type === 'text' && sheet.key.includes(c.name) && !sheet.fixedRows ? [i] : []));
    const [si, pi] = [columns.findIndex((c) => c.field === 'progress_status'), columns.findIndex((c) => c.field === 'progress_pct')];
    this.stateColumns = si >= 0 && pi >= 0 ? [si, pi] : null;
    this.fixedUnit = fixedRowUnits(sheet);
    this.hasRowRules = sheet.rules.length > 0 || this.fixedUnit !== undefined;
    this.townsOnly = sheet.everyTown === 'towns';
    this.cellContext = { geography };
    this.values = new Array(this.n);
    this.view = new RowView(p, h, this.values);
    this.packer = p.ctx.pack ? (p.packer = new RowPacker(sheet, { year, sourceFile: file, sourceSheet: p.name }, rows)) : undefined;
    this.extrasJson =
      this.packer && h.extras.length > 0 && !h.extras.some((x) => ARRAY_INDEX.test(x.name) || x.name === '__proto__')
        ? h.extras.map((x, k) => `${k === 0 ? '{' : ','}${JSON.stringify(x.name)}:`)
        : null;
  }

  private objectOf(): Record<string, RawValue> {
    const o: Record<string, RawValue> = {};
    for (let i = 0; i < this.n; i++) if (this.values[i] !== undefined) o[this.fields[i]!] = this.values[i]!;
    return o;
  }

  /** Reads the data row at 0-based grid row `r`: loaded, or rejected. */
  read(r: number): void {
    const { p, h, columns, n, values, sums } = this;
    const { cells, grid } = p;
    const { geography, year, file } = p.ctx;
    const excelRow = r + 1;
    let errors: CellError[] | undefined;
    values.fill(undefined);
    for (let i = 0; i < n; i++) {
      const col = columns[i]!;
      // Row a contract column's value is read from (vertical merges of non-numbers applied).
      const c = h.colIndex[i]!;
      const numeric = this.numeric[i]!;
      const sr = numeric ? r : cells.mergedRow(r, c);
      // A number under a merge's first row: missing, as Excel shows it (and the warning says)
      const v = numeric && cells.hiddenByMerge(r, c) ? null : cells.cell(sr, c);
      if (cells.isUncached(sr, c)) {
        (errors ??= []).push({
          column: col.name, value: '', rule: 'formula_without_value',
          message: `${p.at(excelRow, col.name)}公式没有计算结果（请在 Excel/WPS 中打开、重新计算并保存后再提交）`,
        });
        if (this.summed[i]) (this.rejected[i] ??= []).push(excelRow);
        continue;
      }
      if (this.plain[i]) {
        const value = plainValue(v, col.type);
        if (value !== undefined) {
          values[i] = value;
          if (this.summed[i] && typeof value === 'number') sums[i] += value;
          continue;
        }
      }
      const cache = this.cached[i];
      let res = cache?.get(v);
      if (res === undefined) {
        res = parseCell(v, col, this.cellContext);
        cache?.set(v, res);
      }
      if (!res.ok) {
        (errors ??= []).push({ column: col.name, value: ledgerValue(v), rule: res.rule, message: p.at(excelRow, col.name) + res.message });
        if (this.summed[i]) (this.rejected[i] ??= []).push(excelRow);
        continue;
      }
      if (this.townsOnly && col.type === 'town' && typeof res.value === 'string' && geography.byCode.get(res.value)?.type === '街道') {
        // kept with the rejected row: a 街道's row of a sheet of 镇 cannot count, and touches no value (the 14th attack)
        values[i] = res.value;
        (errors ??= []).push({
          column: col.name, value: ledgerValue(v), rule: 'unknown_town',
          message: `${p.at(excelRow, col.name)}“${quote(cellText(v).trim())}”是街道，本表只填镇，街道不填`,
        });
        continue;
      }
      values[i] = res.value;
      if (this.summed[i] && typeof res.value === 'number') sums[i] += res.value;
      // a plain 0.55 in a per-cent column: 0.55 % as written, or 55 % as a fraction? A number, or a
      // text without its % ('0.73' loaded as 0.73 % unsaid: the workbook review)
      if (col.type === 'percent' && (typeof v === 'number' || (typeof v === 'string' && !/[%％]/.test(v))) && typeof res.value === 'number' && res.value > 0 && res.value < 1) {
        const list = this.fractions.get(i);
        if (list) list.rows.push(excelRow);
        else this.fractions.set(i, { rows: [excelRow], first: res.value });
      }
    }
    // a task's state and its progress at odds (已完成 at 55 %, 推进中 at 100 %): said, read as written
    if (this.stateColumns && !errors) {
      const [si, pi] = this.stateColumns;
      const state = values[si];
      const pct = values[pi];
      if (typeof pct === 'number' && stateAtOdds(String(state), pct)) {
        p.warnings.push({
          file, sheet: p.name, row: excelRow, column: columns[pi]!.name, value: formatExact(pct), rule: 'task_state_progress',
          // as the reports count it (evaluate/task-state.ts: done when either says so)
          message: `${p.at(excelRow)}“${columns[si]!.name}”为“${String(state)}”，而“${columns[pi]!.name}”为${formatExact(pct)}%，两者不一致；报告按“${countedState(String(state), pct)}”计，请核实后改正其中一项`,
        });
      }
    }
    // a subtotal inside the data under a name (兴丰街道小计, 以上合计, 其中：黄村镇), its town from a
    // merged cell and the rest filled in: one facility more and its beds twice (the fifth attack)
    for (const i of this.nameColumns) {
      const v = values[i];
      if (typeof v !== 'string' || !SUBTOTAL_NAME.test(removeSpaces(v))) continue;
      (errors ??= []).push({
        column: columns[i]!.name, value: ledgerValue(v), rule: 'subtotal_in_data',
        message: `${p.at(excelRow, columns[i]!.name)}“${quote(v)}”像是小计或合计行，不是一个${columns[i]!.name.replace(/名称$/, '') || '项目'}：数据中间不填小计行，请删除本行；全表的合计可放在最后一行，首格写“合计”`,
      });
    }
    if (this.hasRowRules) {
      this.view.r = r;
      const ruleErrors = rowRuleErrors(p.ctx.sheet, this.view, year, this.fixedUnit);
      if (ruleErrors.length > 0) (errors ??= []).push(...ruleErrors);
    }

    // Cells beside the contract's columns: kept as extras, unless longer than Excel allows.
    // A packed row's are written straight as JSON when they can be (`extrasJson`).
    let rowHeaderless: number[] | undefined;
    let extraValues: Record<string, string> | null = null;
    let json: string | null = null;
    if (h.extras.length > 0) {
      const extrasJson = this.extrasJson;
      if (extrasJson !== null) json = '';
      else extraValues = {};
      for (let k = 0; k < h.extras.length; k++) {
        const x = h.extras[k]!;
        const v = cells.cell(r, x.c);
        if (typeof v === 'string' && v.length > MAX_CELL_CHARS) {
          (errors ??= []).push({ column: x.name, value: ledgerValue(v), rule: 'too_long', message: p.at(excelRow, x.name) + tooLong(v).message });
        } else if (json !== null) json += extrasJson![k]! + JSON.stringify(cellText(v));
        else extraValues![x.name] = cellText(v);
      }
    }
    const row = grid.rows[r];
    // Cells right of the header (a row no wider than the header has none)
    if (row !== undefined && row.length > h.width) {
      for (const c of presentColumns(row)) {
        if (c < h.width) continue;
        const v = row[c]!;
        if (isBlank(v)) continue;
        const name = `${columnLetter(c)}列`;
        if (typeof v === 'string' && v.length > MAX_CELL_CHARS) {
          (errors ??= []).push({ column: name, value: ledgerValue(v), rule: 'too_long', message: p.at(excelRow) + `${name}（无表头）` + tooLong(v).message });
          continue;
        }
        if (json !== null) {
          // Names of its own: the row's extras as an object after all
          json = null;
          extraValues = {};
          for (const x of h.extras) extraValues[x.name] = cellText(cells.cell(r, x.c));
        }
        extraValues ??= {};
        extraValues[name] = cellText(v);
        (rowHeaderless ??= []).push(c);
      }
    }

    if (errors) {
      const rowValues = this.objectOf();
      for (const e of errors) p.rejects.push({ file, sheet: p.name, row: excelRow, ...e, scope: 'row', values: rowValues });
      p.report.rowsRejected++;
      const budget = p.ctx.problems;
      if (budget && (budget.left -= errors.length) < 0) throw new TooManyProblems(file, p.name, p.rejects.slice(0, 5));
      return;
    }
    if (rowHeaderless) for (const c of rowHeaderless) this.headerless.add(c);
    if (this.packer) {
      if (json !== null) json += '}';
      else if (extraValues !== null) json = JSON.stringify(extraValues);
      this.packer.add(excelRow, values, json);
    } else p.rows.push({ year, sourceFile: file, sourceSheet: p.name, sourceRow: excelRow, values: this.objectOf(), extras: extraValues });
  }

  /** After the last row: the warnings on the sheet as a whole and its counts. Returns the column sums. */
  finish(rowsRead: number): ColumnSums {
    const { p, h, columns } = this;
    const { file } = p.ctx;
    for (const [i, { rows, first: value }] of this.fractions) {
      const col = columns[i]!;
      const first = formatExact(value);
      const times100 = formatExact(Number((value * 100).toPrecision(12)));
      p.warnings.push({
        file, sheet: p.name, row: rows[0]!, column: col.name, value: first, rule: 'percent_fraction',
        message: `${p.at(rows[0]!, col.name)}数值 ${first} 在 0 到 1 之间${rows.length > 1 ? `（本列共 ${rows.length} 处：第 ${rows.slice(0, 5).join('、')}${rows.length > 5 ? ' 等' : ''} 行）` : ''}，按 ${first}% 读取。如是小数形式的百分比（${first} 即 ${times100}%），请改填 ${times100} 或 ${times100}% 后重新提交`,
      });
    }
    p.report.rowsRead = rowsRead;
    p.report.rowsLoaded = this.packer ? this.packer.length : p.rows.length;
    p.report.extraColumns = [...h.extras.map((x) => x.name), ...[...this.headerless].sort((a, b) => a - b).map((c) => `${columnLetter(c)}列（无表头）`)].join('、');
    return { sums: this.sums, rejected: this.rejected };
  }
}

/**
 * The row being read, as the row rules see it: one object for the whole sheet, pointed at
 * each row in turn (a closure per row would cost more than the rules).
 */
class RowView implements RowCells {
  /** 0-based grid row. */
  r = 0;
  private readonly indexOf: Map<string, number>;

  constructor(private readonly p: SheetParse, private readonly h: HeaderColumns, private readonly values: readonly (RawValue | undefined)[]) {
    this.indexOf = new Map(p.ctx.sheet.columns.map((c, i) => [c.name, i]));
  }

  value(name: string): RawValue | undefined {
    const i = this.indexOf.get(name);
    return i === undefined ? undefined : this.values[i];
  }

  raw(name: string): string {
    const i = this.indexOf.get(name);
    if (i === undefined) return '';
    const c = this.h.colIndex[i]!;
    const sr = NUMERIC.has(this.p.ctx.sheet.columns[i]!.type) ? this.r : this.p.cells.mergedRow(this.r, c);
    return quote(cellText(this.p.cells.cell(sr, c)));
  }

  at(): string {
    return this.p.at(this.r + 1);
  }
}

/** Parse one recognised sheet of one workbook, phase by phase. */
export function parseSheet(grid: SheetGrid, ctx: SheetContext): ParsedSheet {
  const p = new SheetParse(grid, ctx);
  // Beyond the reader's limits: not read, rejected by name
  if (grid.tooLarge !== undefined) {
    return p.rejectSheet('too_large', '', '', `${p.at().slice(0, -1)}${grid.tooLarge}，整表不予载入。请删去多余的内容（如整列、整行的格式或合并），或分成几个工作表后重新提交`);
  }
  // A macro sheet (or dialog, chart sheet) under the sheet's name: not read, refused by name (skipped,
  // 67 驿站 of a second workbook had vanished unsaid: the tenth workbook attack)
  if (grid.notWorksheet !== undefined) {
    return p.rejectSheet('not_worksheet', '', '', `${p.at().slice(0, -1)}是${grid.notWorksheet}，不是普通工作表，其中的内容不予读取。请在 Excel/WPS 中新建一个普通工作表，把内容复制过去（删除原表）后重新提交`);
  }
  // Sheet-name year (a warning: the title row is what decides)
  p.checkNameYear();
  // A hidden tab is read as any other, and said: its rows' problems (a duplicate of a visible
  // tab's) pointed at a sheet nobody could see in Excel (the fifth workbook attack)
  if (grid.hidden) {
    p.warnings.push({
      file: ctx.file, sheet: grid.name, row: null, column: '', value: '', rule: 'hidden_sheet',
      message: `文件“${ctx.file}”工作表“${quote(grid.name)}”：在 Excel 中是隐藏的，其中的数据照常读取。如是不应报送的备份，请删除该工作表；如要查看，在 Excel 中右击工作表标签选择“取消隐藏”`,
    });
  }
  // Header: the first row holding every contract column; the columns
  const h = p.findHeader();
  if (!('colIndex' in h)) return h;
  // Rows: data runs to the first blank row or closing row (合计 rows that are subtotals aside)
  const { dataRows, end, subtotals, repeatedHeaders, aids } = p.findDataRows(h);
  // Title rows: a year other than the folder's rejects the sheet; a unit other than the
  // contract's in the title, the unit row under the header or a unit column, too
  const rejected = p.checkTitleYear(h, dataRows.length) ?? p.checkTitleKind(h, dataRows.length) ?? p.checkTitleUnit(h, dataRows.length, end) ?? p.checkUnitRows(h, aids, dataRows.length) ?? p.checkUnitColumn(h, dataRows);
  if (rejected) return rejected;
  p.checkFilingDate(h);
  // Data rows
  const sums = p.readRows(h, dataRows);
  // Rows that look like data above the header: rejected, never dropped
  p.rejectAboveHeader(h);
  // Rows that look like data after the blank row: rejected, never dropped
  p.rejectAfterBlank(h, end);
  // Rows that look like data after a 合计 or note row: rejected, never dropped
  p.rejectAfterClosing(h, end);
  // Rows under the header again with its columns in another order: rejected, never read in the first order
  p.rejectAfterReorderedHeader(h, end);
  p.warnSubtotals(subtotals);
  p.warnRepeatedHeaders(h, repeatedHeaders);
  // A vertical merge over a number column: said, naming the range
  p.warnMergedNumbers(h, dataRows);
  // Rows and columns hidden in Excel: read, and said
  p.warnHidden(h, dataRows);
  // Formula results a workbook asks to recalculate: read as saved, and said
  p.warnStaleFormulas(h, dataRows);
  // 合计 row against the column sums
  p.checkTotals(h, end, sums);
  return p.done();
}

/** For a sheet with fixed rows (区级统计指标): fixed row name → the unit it must carry. */
function fixedRowUnits(sheet: SheetSpec): { column: string; unitColumn: string; units: Map<string, string> } | undefined {
  const unitColumn = sheet.columns.find((c) => c.name === '单位');
  if (!sheet.fixedRows || !unitColumn) return undefined;
  return { column: sheet.fixedRows.column, unitColumn: unitColumn.name, units: new Map(sheet.fixedRows.values.map((v) => [v.name, v.unit])) };
}

interface RowCells {
  /** Parsed value of a column; undefined when the cell did not parse. */
  value(name: string): RawValue | undefined;
  /** The cell as text. */
  raw(name: string): string;
  /** Message prefix naming file, sheet and row. */
  at(): string;
}

/** Whether `s` holds the UTF-16 code unit `code` (`s.includes(key[0])` made a text of a CJK character on every row). */
function hasCodeUnit(s: string, code: number): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === code) return true;
  return false;
}

/** A value as a row rule's message shows it. */
const showValue = (v: RawValue): string => (typeof v === 'number' ? formatExact(v) : String(v));

/** What rowRuleErrors gives a row that keeps its rules: one array for every such row, never added to. */
const NO_ERRORS: readonly CellError[] = Object.freeze([]);

/**
 * Row rules (`le`, `onlyWhen`, `notAfterYear`, fixed-row units) over cells that parsed. Nothing
 * is made for a row that keeps them (it is called on every data row).
 */
function rowRuleErrors(sheet: SheetSpec, row: RowCells, year: number, fixed: ReturnType<typeof fixedRowUnits>): readonly CellError[] {
  let found: CellError[] | undefined;
  for (const rule of sheet.rules) {
    if (rule.kind === 'le') {
      const a = row.value(rule.lesser);
      const b = row.value(rule.greater);
      // a population of 0 is no population (warned zero_count, counted as missing), not a bound the
      // row breaks (the 15th attack: 常住人口 0 rejected the row by its 60岁及以上, and the town left 11 and 7 as well)
      if (b === 0 && sheet.columns.some((c) => c.name === rule.greater && c.warnZero)) continue;
      if (typeof a === 'number' && typeof b === 'number' && a > b) {
        (found ??= []).push({
          column: rule.lesser, value: row.raw(rule.lesser), rule: 'impossible_value',
          message: `${row.at()}“${rule.lesser}”（${showValue(a)}）大于“${rule.greater}”（${showValue(b)}），不可能成立，请核实后改正`,
        });
      }
    } else if (rule.kind === 'onlyWhen') {
      const w = row.value(rule.when);
      const x = row.value(rule.column);
      if (w === null || w === undefined || x === undefined) continue;
      const applies = rule.equals.includes(String(w));
      if (applies && x === null) {
        (found ??= []).push({
          column: rule.column, value: row.raw(rule.column), rule: 'required_value',
          message: `${row.at()}“${rule.when}”为“${showValue(w)}”时须填写“${rule.column}”`,
        });
      } else if (!applies && x !== null) {
        (found ??= []).push({
          column: rule.column, value: row.raw(rule.column), rule: 'should_be_empty',
          message: `${row.at()}“${rule.when}”为“${showValue(w)}”时“${rule.column}”应留空，实填“${row.raw(rule.column)}”（仅当“${rule.when}”为${rule.equals.map((e) => `“${e}”`).join('或')}时填写）`,
        });
      }
    } else {
      const y = row.value(rule.column);
      if (typeof y === 'number' && y > year) {
        (found ??= []).push({
          column: rule.column, value: row.raw(rule.column), rule: 'year_after_report',
          message: `${row.at()}“${rule.column}”为 ${y} 年，晚于填报年度 ${year} 年`,
        });
      }
    }
  }
  if (fixed) {
    const name = row.value(fixed.column);
    const unit = row.value(fixed.unitColumn);
    const want = typeof name === 'string' ? fixed.units.get(name) : undefined;
    if (want !== undefined && typeof unit === 'string' && unit !== want) {
      (found ??= []).push({
        column: fixed.unitColumn, value: row.raw(fixed.unitColumn), rule: 'fixed_row_unit',
        message: `${row.at()}指标“${name}”的单位应为“${want}”，实填“${unit}”`,
      });
    }
  }
  return found ?? NO_ERRORS;
}

// ---------------------------------------------------------------------------------------
// The workbook

export interface WorkbookContext {
  year: number;
  geography: Geography;
  /** Pack each sheet's loaded rows (`SheetContext.pack`). */
  pack?: boolean;
  /** Path relative to the input folder; defaults to the grid's `file`. */
  file?: string;
}

/** Load-report row of a sheet that is not in the contract (`填表说明`, `Sheet1`): skipped, not an error. */
/** The years a file's name gives (社会组织管理科_2024.xlsx: 2024), four digits standing alone. */
function fileNameYears(file: string): number[] {
  return [...file.slice(file.lastIndexOf('/') + 1).matchAll(/(?<!\d)((?:19|20)\d{2})(?!\d)/g)].map((m) => Number(m[1]));
}

export function skippedSheetReport(year: number, file: string, sheet: string): LoadReportRow {
  return { year, file, sheet, sheetKind: '', status: 'skipped', headerRow: null, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, extraColumns: '' };
}

/** Every sheet of a workbook: recognised sheets parsed, the others listed as skipped. */
export function parseWorkbook(wb: WorkbookGrid, ctx: WorkbookContext): { sheets: ParsedSheet[]; skipped: LoadReportRow[] } {
  const file = ctx.file ?? wb.file;
  const sheets: ParsedSheet[] = [];
  const skipped: LoadReportRow[] = [];
  const problems: ProblemBudget = { left: MAX_FILE_PROBLEMS };
  const recognized: { grid: SheetGrid; sheet: SheetSpec }[] = [];
  const unread: { grid: SheetGrid; report: LoadReportRow }[] = [];
  for (const grid of wb.sheets) {
    const spec = recognizeSheet(grid.name);
    if (spec) {
      sheets.push(parseSheet(grid, { file, year: ctx.year, sheet: spec, geography: ctx.geography, problems, pack: ctx.pack }));
      recognized.push({ grid, sheet: spec });
    } else {
      const readable = grid.tooLarge === undefined && grid.notWorksheet === undefined;
      const misnamed = readable ? misnamedSheet(grid, { file, year: ctx.year, geography: ctx.geography, pack: ctx.pack }) : null;
      if (misnamed) sheets.push(misnamed);
      else {
        const report = skippedSheetReport(ctx.year, file, grid.name);
        skipped.push(report);
        if (readable) unread.push({ grid, report });
      }
    }
  }
  // A tab without a header holding rows of a contract sheet of this workbook, laid out as that
  // sheet's columns (its last rows moved to Sheet2): refused, not skipped
  for (const { grid, report } of unread) {
    const stray = recognized.length ? strayRows(grid, recognized, { file, year: ctx.year, geography: ctx.geography, pack: ctx.pack }) : null;
    if (!stray) continue;
    sheets.push(stray);
    skipped.splice(skipped.indexOf(report), 1);
  }
  // a file named for another year (社会福利和儿童福利科_2024.xlsx in 2023/), its sheets saying no
  // year: said once, as a tab's name of another year is (the eleventh attack had 2024's figures
  // published as 2023's, no word)
  const base = file.slice(file.lastIndexOf('/') + 1);
  const fileYears = fileNameYears(file);
  const first = sheets[0];
  if (first && fileYears.length && !fileYears.includes(ctx.year) && !sheets.some((s) => s.rejects.some((r) => r.rule === 'year_mismatch') || s.warnings.some((w) => w.rule === 'year_mismatch'))) {
    first.warnings.unshift({
      file, sheet: '', row: null, column: '', value: quote(base, MAX_CELL_CHARS), rule: 'year_mismatch',
      message: `文件“${file}”的文件名写的是 ${fileYears[0]} 年，而文件夹年度为 ${ctx.year} 年；已按 ${ctx.year} 年读取，请核对是否放错了文件夹`,
    });
  }
  return { sheets, skipped };
}

/**
 * A tab under a name the contract does not know (Sheet1, 养老服务驿站) whose header is a
 * contract sheet's, column for column, and no other's: that sheet, misnamed. Refused as a
 * whole, its rows counted as read and lost, so that the build stops (or, told to accept
 * rejects, marks what they touch): skipped, 139 驿站 of a second workbook had vanished and
 * the binding indicator 6 was published as 0, complete, exit 0 (the fifth workbook attack).
 * Null when no contract sheet's header is there: the tab is skipped, as the contract says of
 * other tabs. Where two are alike, the one its name or title names, else refused as either.
 */
function misnamedSheet(grid: SheetGrid, ctx: Omit<SheetContext, 'sheet'>): ParsedSheet | null {
  const found: { p: SheetParse; h: HeaderColumns }[] = [];
  for (const sheet of SHEETS) {
    const p = new SheetParse(grid, { ...ctx, sheet });
    const h = p.findHeader();
    if ('colIndex' in h) found.push({ p, h });
  }
  if (found.length === 0) return null;
  // Two contract sheets alike (志愿服务站点 and 慈善服务站点 share their header): the one the tab's
  // name or its title rows name, else refused as either — skipped, a copied tab (志愿服务站点 (2),
  // Sheet1) of 200 stations had vanished and indicator 23 was published as 37.4 % for 68.1 %,
  // complete, exit 0 (the ninth workbook attack).
  const named = found.length > 1 ? found.filter(({ p, h }) => namesKind(grid, h.header, p.ctx.sheet.name)) : found;
  const pick = named.length === 1 ? named : found;
  const { p, h } = pick[0]!;
  const kinds = pick.map((x) => `“${x.p.ctx.sheet.name}”`);
  const kind = kinds.join('或');
  return p.rejectSheet(
    'sheet_name', '', quote(grid.name, MAX_CELL_CHARS),
    pick.length === 1
      ? `${p.at()}表头（第 ${h.header + 1} 行）与规定的${kind}相同，而名称不是规定的工作表名，是否为该表无法确定，整表不予载入。如是该表，请把工作表改名为${kind}后重新提交；如不是（如汇总或备份），请删除该工作表`
      : `${p.at()}表头（第 ${h.header + 1} 行）与规定的${kinds.join('、')}都相同，而名称不是规定的工作表名，无法确定是哪一张表，整表不予载入。请把工作表改名为规定的名称（${kind}）后重新提交；如都不是（如汇总或备份），请删除该工作表`,
    ...p.lost(h.header, h.keys),
  );
}

/**
 * A tab the contract does not know, without a contract header, whose rows read as rows of a
 * contract sheet of the same workbook under that sheet's columns: a continuation (the last 34
 * 驿站 moved to a Sheet2, rows pasted as values). Refused as a whole as that sheet, its rows
 * counted as read and lost, so that the build stops or marks the towns they name: skipped,
 * the binding indicator 6 had been published as 104 for 137, complete, exit 0 (the twelfth
 * workbook attack). A row reads as one when half its columns (two at least) are filled, every
 * filled cell is valid for its column, and one at least is a number, a town or a listed value
 * (not text alone). Null when no row does: skipped.
 */
function strayRows(grid: SheetGrid, recognized: readonly { grid: SheetGrid; sheet: SheetSpec }[], ctx: Omit<SheetContext, 'sheet'>): ParsedSheet | null {
  for (const { grid: source, sheet } of recognized) {
    const h = new SheetParse(source, { ...ctx, sheet }).findHeader();
    if (!('colIndex' in h)) continue;
    const p = new SheetParse(grid, { ...ctx, sheet });
    const found = p.rowsAsData(h.colIndex);
    if (found.rows.length === 0) continue;
    const [a, b] = [found.rows[0]! + 1, found.rows[found.rows.length - 1]! + 1];
    const where = a === b ? `第 ${a} 行` : found.rows.length === b - a + 1 ? `第 ${a}—${b} 行` : `第 ${a}—${b} 行中有 ${found.rows.length} 行`;
    return p.rejectSheet(
      'stray_rows', '', quote(grid.name, MAX_CELL_CHARS),
      `${p.at()}不是规定的工作表，也没有表头，但${where}按“${quote(source.name)}”表的列读来是“${sheet.name}”的数据（${sheet.columns.map((c) => c.name).join('、')}），未读取，整表不予载入。如是“${quote(source.name)}”表的续表，请把这些行移到该表的数据之后；如不是要报送的数据，请删除该工作表后重新提交`,
      found.rows.length, found.towns,
    );
  }
  return null;
}

/** Whether a tab's name or a cell above its header row names a contract sheet (`大兴区志愿服务站点统计表`). */
function namesKind(grid: SheetGrid, header: number, kind: string): boolean {
  const key = nameKey(kind);
  if (nameKey(grid.name).includes(key)) return true;
  for (let r = 0; r < header; r++) {
    const row = grid.rows[r];
    for (const c of presentColumns(row)) {
      const v = row![c];
      if (typeof v === 'string' && nameKey(v).includes(key)) return true;
    }
  }
  return false;
}
