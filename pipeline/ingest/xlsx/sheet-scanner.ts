/**
 * Worksheet XML scanned as UTF-8 bytes straight from the inflater, chunk by chunk, into a
 * `SheetGrid`: no DOM, only string values decoded, the sheet's XML never decoded or held
 * whole (≈0.6–1 s CPU for 200k rows × 8 columns, 64 MB of XML).
 */
import { isUtf8 } from 'node:buffer';
import { columnLetter, CONDITIONAL_DISPLAY, HIDDEN_DISPLAY, presentColumns, SCALED_DISPLAY, ZERO_UNSHOWN, type CellValue, type MergeRange, type SheetGrid } from '../../basics/grid.ts';

/** Row heights (points) below which a row shows as little as a hidden one: a line of text needs about 9. */
const MIN_SEEN_HEIGHT = 3;
/** Column widths (characters) below which a column shows as little as a hidden one. */
const MIN_SEEN_WIDTH = 0.5;

/** Ranges of conditional formats kept per sheet (Excel allows far fewer in practice). */
const MAX_CONDITIONAL_RANGES = 10_000;

/**
 * Which numbers a conditional format's rule applies to: for `cellIs` with numbers (`=0`, `>100`,
 * between 1 and 9), those that meet it; for any other rule (an expression, a top-10…), every one.
 */
function cellIsTest(attrs: string, body: string): (x: number) => boolean {
  const all = () => true;
  if (!/\btype\s*=\s*["']\s*cellIs\s*["']/.test(attrs)) return all;
  const op = /\boperator\s*=\s*["']\s*(\w+)\s*["']/.exec(attrs)?.[1] ?? 'between';
  const f = [...body.matchAll(/<(?:\w+:)?formula>([^<]*)<\/(?:\w+:)?formula>/g)].map((m) => m[1]!.trim());
  const n = f.map((x) => (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(x) ? Number(x) : NaN));
  const [a, b] = n;
  if (a === undefined || Number.isNaN(a)) return all;
  const lo = b === undefined || Number.isNaN(b) ? NaN : Math.min(a, b);
  const hi = b === undefined || Number.isNaN(b) ? NaN : Math.max(a, b);
  switch (op) {
    case 'equal': return (x) => x === a;
    case 'notEqual': return (x) => x !== a;
    case 'greaterThan': return (x) => x > a;
    case 'greaterThanOrEqual': return (x) => x >= a;
    case 'lessThan': return (x) => x < a;
    case 'lessThanOrEqual': return (x) => x <= a;
    case 'between': return Number.isNaN(lo) ? all : (x) => x >= lo && x <= hi;
    case 'notBetween': return Number.isNaN(lo) ? all : (x) => x < lo || x > hi;
    default: return all;
  }
}

/** `E5:E10`, `E5`, `$E$5:$F$9`, `E:E`, `5:5` as 0-based inclusive bounds; null when not a range. */
function cellRange(ref: string): MergeRange | null {
  const m = /^\$?([A-Za-z]{1,3})?\$?(\d+)?(?::\$?([A-Za-z]{1,3})?\$?(\d+)?)?$/.exec(ref);
  if (!m) return null;
  const single = !ref.includes(':');
  if (single ? m[1] === undefined || m[2] === undefined : m[1] === undefined && m[2] === undefined) return null;
  const c1 = m[1] !== undefined ? colIndex(m[1]) : 0;
  const r1 = m[2] !== undefined ? Number(m[2]) - 1 : 0;
  const c2 = single ? c1 : m[3] !== undefined ? colIndex(m[3]) : 16_383;
  const r2 = single ? r1 : m[4] !== undefined ? Number(m[4]) - 1 : 1_048_575;
  if (r1 < 0 || r2 < 0) return null;
  return { r1: Math.min(r1, r2), c1: Math.min(c1, c2), r2: Math.max(r1, r2), c2: Math.max(c1, c2) };
}

/** A style's kind (the low bits: parseNumberStyles) may carry these: a zero, or a text, shows otherwise than as stored. */
export const STYLE_ZERO_OTHERWISE = 8;
export const STYLE_TEXT_OTHERWISE = 16;
/** The kind itself, without the flags. */
export const STYLE_KIND = 7;

/** A text that reads as a number: digits with a sign, separators, a per cent or a short unit (40, 1,234, 85%, 40张). */
const NUMBER_LIKE = /^\s*[-+−－]?[\d０-９][\d０-９,，.．\s]*[%％]?\s*[^\d０-９\s]{0,3}\s*$/;
import { formatNumber } from '../../basics/format.ts';
import { checkProlog, NamespaceGuard, richText, struckThrough, tagsFor, withoutComments, xmlText, type Tags } from './xml-text.ts';
import { corrupt, ZipError, type ZipEntry, type ZipFile } from './zip.ts';

export const MiB = 1024 * 1024;

/** Excel's grid: 1,048,576 rows × 16,384 columns. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** `YYYY-MM-DD` for an Excel date serial, or null if it is not a valid date. */
export function excelDate(serial: number, date1904: boolean): string | null {
  const days = Math.floor(Math.round(serial * 86400) / 86400);
  let unixDays: number;
  if (date1904) {
    if (days < 0) return null;
    unixDays = days - 24107;
  } else {
    if (days < 1 || days === 60) return null; // 0 = "1900-01-00", 60 = the fictitious 1900-02-29
    unixDays = days < 60 ? days - 25568 : days - 25569;
  }
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
  const z = unixDays + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y > 9999) return null;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * How many cells the reader keeps: of one sheet, and of the whole workbook (shared by its
 * sheets). A cell is a value, a formula without a cached value, or a merged range.
 */
export interface CellBudget {
  sheetMax: number;
  workbookMax: number;
  /** Cells the workbook may still add. */
  workbookLeft: number;
  /** Characters of text cells the workbook may keep in all (each cell that shows a shared string counts it once more). */
  textMax?: number;
  /** Characters it may still add. */
  textLeft?: number;
}

/** The most formula cells of a sheet kept for `staleFormulas` (the warning names the first and counts them). */
const MAX_KEPT_FORMULAS = 10_000;

/** The most characters Excel keeps in a cell. */
const EXCEL_MAX_CHARS = 32_767;

/** A sheet the reader stopped keeping: its cells exceed a limit. The message follows `工作表“X”`. */
export class SheetTooLarge extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SheetTooLarge';
  }
}

/** Rows without cells share this one empty array (a lone cell in row 1,048,576 costs one pointer per row above it). */
const EMPTY_ROW: CellValue[] = Object.freeze([]) as unknown as CellValue[];
/**
 * A cell more than this many columns right of the row's last one makes the row sparse:
 * the columns in between are left as holes instead of being filled with nulls, so a
 * lone cell in column XFD costs one entry, not 16,384.
 */
const SPARSE_GAP = 64;

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/** What a numeric cell's <v> may hold: a decimal number, as Excel writes it (`-1.5`, `1E-3`). */
const DECIMAL_NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
const WHITESPACE_ONLY = /^\s*$/;
const T_N = 0;
const T_S = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_B = 4;
const T_E = 5;
const T_D = 6;

const ascii = (s: string) => Buffer.from(s, 'latin1');

/**
 * Feeds a worksheet's bytes to `scanner` in pieces that end right after a `</row>`, so that
 * every element a piece holds is complete. The bytes go through one window buffer that
 * grows only if a single row is larger than it: the sheet XML is never decoded or held whole.
 */
export async function scanWorksheet(zip: ZipFile, entry: ZipEntry, scanner: SheetScanner): Promise<void> {
  let win = Buffer.allocUnsafe(MiB);
  let len = 0;
  let close: Buffer | null = null;
  let rootPrefix = '';
  const grow = (need: number) => {
    const next = Buffer.allocUnsafe(Math.max(need, win.length * 2));
    win.copy(next, 0, 0, len);
    win = next;
  };
  /** Once the root element has arrived: its prefix set on the scanner, and `</row>` with it. */
  const detect = (): Buffer | null => {
    const head = win.toString('latin1', 0, Math.min(len, 64 * 1024));
    const m = /<(?![?!])([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/.exec(head);
    if (!m) {
      if (len >= 64 * 1024) throw corrupt(`“${entry.name}”不是有效的 XML`);
      return null;
    }
    checkProlog(head.slice(0, m.index), entry.name);
    if (m[2] !== 'worksheet') throw corrupt(`“${entry.name}”的根元素是 ${m[2]}，应为 worksheet`);
    const prefix = m[1] ?? '';
    rootPrefix = prefix;
    scanner.setPrefix(prefix);
    guard = new NamespaceGuard(entry.name, prefix);
    return ascii(`</${prefix}row>`);
  };
  let guard: NamespaceGuard | null = null;
  /** What is scanned, checked first for the main namespace under a second prefix (decoded only where a declaration is, or one was). */
  const scan = (region: Buffer) => {
    if (guard && (guard.watching || region.indexOf(XMLNS) >= 0)) guard.check(region.toString('latin1'));
    scanner.scan(region);
  };
  for await (const chunk of zip.chunks(entry)) {
    if (len + chunk.length > win.length) grow(len + chunk.length);
    chunk.copy(win, len);
    const before = len;
    len += chunk.length;
    let searched: number;
    if (close === null) {
      close = detect();
      if (close === null) continue;
      searched = 0;
    } else searched = Math.max(0, before - close.length + 1);
    // Look for the last </row> only in what is new (plus the tag's length): a row longer
    // than the window is then not searched again chunk after chunk.
    const k = win.subarray(searched, len).lastIndexOf(close);
    if (k < 0) continue;
    const cut = searched + k + close.length;
    scan(win.subarray(0, cut));
    win.copyWithin(0, cut, len);
    len -= cut;
  }
  if (close === null && detect() === null) throw corrupt(`“${entry.name}”不是有效的 XML`);
  // The root closes at the end (comments and processing instructions may follow it): a sheet cut
  // off inside its data had loaded the rows before the cut and lost the rest unsaid, its towns
  // warned of as not filled in (an attack)
  if (!rootClosed(win.toString('latin1', Math.max(0, len - 64 * 1024), len), rootPrefix)) throw corrupt(`“${entry.name}”在结尾之前中断（XML 不完整），工作表的内容不全`);
  scan(win.subarray(0, len));
}

const XMLNS = Buffer.from('xmlns', 'latin1');

/** Whether the end of a worksheet's XML closes its root element: `</worksheet>`, or `<worksheet …/>` alone. */
function rootClosed(tail: string, prefix: string): boolean {
  let rest = tail.trimEnd();
  // comments and processing instructions after the root, one by one from the end
  for (;;) {
    const open = rest.endsWith('-->') ? rest.lastIndexOf('<!--') : rest.endsWith('?>') ? rest.lastIndexOf('<?') : -1;
    if (open < 0) break;
    rest = rest.slice(0, open).trimEnd();
  }
  if (rest.endsWith(`</${prefix}worksheet>`) || /<\/[\w.:-]*worksheet\s+>$/.test(rest)) return true;
  const start = rest.lastIndexOf(`<${prefix}worksheet`);
  return rest.endsWith('/>') && start >= 0 && !rest.slice(start).slice(1).includes('<');
}

/** Whitespace, `>` or `/` (or the end: undefined): what may follow an element name. */
function isDelimByte(c: number | undefined): boolean {
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13 || c === undefined;
}

/** Whether b[at…] starts with `p`. */
function bytesAt(b: Buffer, at: number, p: Buffer): boolean {
  if (at + p.length > b.length) return false;
  for (let k = 0; k < p.length; k++) if (b[at + k] !== p[k]) return false;
  return true;
}

/** First index ≥ from where `p` starts, or -1. */
function findBytes(b: Buffer, p: Buffer, from: number): number {
  const first = p[0];
  const last = b.length - p.length;
  for (let k = from; k <= last; k++) {
    if (b[k] === first && bytesAt(b, k, p)) return k;
  }
  return -1;
}

/** The cell type of the attribute value b[at, at + n): exactly one of ST_CellType's, else -1. */
function cellType(b: Buffer, at: number, n: number): number {
  const c0 = b[at];
  if (n === 1) return c0 === 110 /* n */ ? T_N : c0 === 115 /* s */ ? T_S : c0 === 98 /* b */ ? T_B : c0 === 101 /* e */ ? T_E : c0 === 100 /* d */ ? T_D : -1;
  if (n === 3 && c0 === 115 && b[at + 1] === 116 && b[at + 2] === 114) return T_STR;
  if (n === 9 && b.toString('latin1', at, at + 9) === 'inlineStr') return T_INLINE;
  return -1;
}

function findByte(b: Buffer, c: number, from: number): number {
  const end = b.length;
  for (let k = from; k < end; k++) if (b[k] === c) return k;
  return -1;
}

const COMMENT_CLOSE = ascii('-->');
const CDATA_CLOSE = ascii(']]>');
const PI_CLOSE = ascii('?>');
const GT = ascii('>');

/** The sequence that ends markup starting at `<` (b[lt]): a comment, CDATA, a processing instruction, a declaration; null for an element. */
function markupClose(b: Buffer, lt: number): Buffer | null {
  const c1 = b[lt + 1];
  if (c1 === 63 /* ? */) return PI_CLOSE;
  if (c1 !== 33 /* ! */) return null;
  return b[lt + 2] === 45 ? COMMENT_CLOSE : b[lt + 2] === 91 ? CDATA_CLOSE : GT;
}

/** First index ≥ from where `p` starts outside comments, CDATA and processing instructions; -1 if none. */
function findOutsideMarkup(b: Buffer, p: Buffer, from: number): number {
  let k = from;
  for (;;) {
    const lt = findByte(b, 60, k);
    if (lt < 0) return -1;
    const close = markupClose(b, lt);
    if (close !== null) {
      const e = findBytes(b, close, lt + 2);
      if (e < 0) return -1;
      k = e + close.length;
      continue;
    }
    if (bytesAt(b, lt, p)) return lt;
    k = lt + 1;
  }
}

/**
 * The end tag that `open` (`</v`, with its prefix) begins, white space allowed before its `>`
 * (`</v >`), at or after `from` and outside comments and CDATA: where it starts and where it
 * ends; null when there is none.
 */
function findEndTag(b: Buffer, open: Buffer, from: number): { at: number; end: number } | null {
  let k = from;
  for (;;) {
    const at = findOutsideMarkup(b, open, k);
    if (at < 0) return null;
    let x = at + open.length;
    while (b[x] === 32 || b[x] === 9 || b[x] === 10 || b[x] === 13) x++;
    if (b[x] === 62) return { at, end: x + 1 };
    k = at + 1;
  }
}

/** Scans worksheet XML, piece by piece, into a `SheetGrid`. */
export class SheetScanner {
  private readonly name: string;
  private readonly sst: string[];
  private readonly dateStyles: Uint8Array;
  private readonly date1904: boolean;
  private readonly rows: CellValue[][] = [];
  private readonly merges: MergeRange[] = [];
  private readonly uncached: { r: number; c: number }[] = [];
  /** Set for a workbook that asks to be recalculated on opening: its formula cells with a saved result are kept in `formulas`. */
  keepFormulas = false;
  private readonly formulas: { r: number; c: number }[] = [];
  /** Rows hidden in Excel (`<row hidden="1">`), 0-based, in the order met. */
  private readonly hiddenRows: number[] = [];
  /** Column ranges hidden in Excel (`<col min max hidden="1">`), 0-based. */
  private readonly hiddenColumns: { c1: number; c2: number }[] = [];
  /** Date strings by serial: dates repeat, and one string each saves memory. */
  private readonly dates = new Map<number, string | number>();
  /** Current row (0-based), as set by `<row>` or a cell reference. */
  private r = -1;
  /** The row `put` is filling: its index (-1: none), and either an existing array or the scratch. */
  private rowIndex = -1;
  private direct: CellValue[] | null = null;
  private readonly scratch: CellValue[] = [];
  private scratchLen = 0;
  /** Column of the previous cell in the row. */
  private c = -1;
  private tags: Tags = tagsFor('');
  private pb = ascii('');
  private vOpen = ascii('<v>');
  /** End tags without their `>`, for `findEndTag` (which allows white space before it). */
  private cEnd = ascii('</c');
  private vEnd = ascii('</v');
  private fEnd = ascii('</f');
  private isEnd = ascii('</is');
  private vcClose = ascii('</v></c>');
  private mergeCell = ascii('mergeCell');
  private sheetData = ascii('sheetData');
  private sheetView = ascii('sheetView');
  private conditionalFormatting = ascii('conditionalFormatting');
  private cfEnd = ascii('</conditionalFormatting>');
  /** The conditional formats (dxf indexes) that show a number otherwise than as stored; set by the reader. */
  conditionalOtherwise: ReadonlySet<number> = new Set();
  /** The ranges such formats apply to (0-based, inclusive). */
  private conditionalRanges: (MergeRange & { test: (x: number) => boolean })[] = [];
  /** Whether the sheet is set not to show zeros (Excel's 在具有零值的单元格中显示零 unticked): a 0 shows blank. */
  private zerosUnshown = false;
  /**
   * Inside `<sheetData>`: cells and rows count only there. A cell hidden after it (in an
   * `extLst`, or an `mc:Fallback` that Excel does not show) had been read as the sheet's own
   * (the seventh workbook attack).
   */
  private inData = false;
  /**
   * The end of a comment (or CDATA, processing instruction) that the previous piece opened
   * and did not close: what follows up to it is not XML content. A piece ends right after
   * `</row>`, so such an end never straddles two pieces.
   */
  private skipUntil: Buffer | null = null;

  private readonly budget: CellBudget;
  private cells = 0;

  /** Per style of kind 5, the magnitude its format shows after the number (`万人`). */
  private readonly suffixes: readonly (string | undefined)[];

  /** Per style, 1 where its font strikes the text through. */
  private readonly struck: Uint8Array;

  constructor(name: string, sst: string[], dateStyles: Uint8Array, date1904: boolean, budget?: CellBudget, suffixes: readonly (string | undefined)[] = [], struck: Uint8Array = new Uint8Array(0)) {
    this.suffixes = suffixes;
    this.struck = struck;
    this.name = name;
    this.sst = sst;
    this.dateStyles = dateStyles;
    this.date1904 = date1904;
    this.budget = budget ?? { sheetMax: Infinity, workbookMax: Infinity, workbookLeft: Infinity };
  }

  /** One more cell kept: within the sheet's and the workbook's budget, or the sheet is given up. */
  private count(): void {
    const b = this.budget;
    if (++this.cells > b.sheetMax) {
      throw new SheetTooLarge(`的非空单元格（含合并区域、没有计算结果的公式）超过每个工作表 ${formatNumber(b.sheetMax)} 个的上限`);
    }
    if (--b.workbookLeft < 0) {
      throw new SheetTooLarge(`读到第 ${formatNumber(this.cells)} 个非空单元格时，整个工作簿超过了 ${formatNumber(b.workbookMax)} 个单元格的上限`);
    }
  }

  private bad(what: string): ZipError {
    return corrupt(`工作表“${this.name}”的 XML 格式错误（${what}）`);
  }

  /**
   * A value's bytes as text: a byte that is not UTF-8 (a part saved in another encoding, a
   * damaged file) refuses the workbook, naming the cell, rather than a text with U+FFFD in it.
   */
  private utf8(b: Buffer, start: number, end: number, c: number): string {
    const s = b.toString('utf8', start, end);
    if (s.indexOf('\uFFFD') >= 0 && !isUtf8(b.subarray(start, end))) throw this.bad(`单元格 ${columnLetter(c)}${this.r + 1} 含有不是 UTF-8 编码的字节`);
    return s;
  }

  /** A date-formatted number as `YYYY-MM-DD` (the number itself if it is no valid date). */
  private date(serial: number): string | number {
    const cached = this.dates.get(serial);
    if (cached !== undefined) return cached;
    const iso = excelDate(serial, this.date1904) ?? serial;
    if (this.dates.size < 100_000) this.dates.set(serial, iso);
    return iso;
  }

  /** The namespace prefix of the main (spreadsheetml) elements: `''` or e.g. `'x:'`. */
  setPrefix(p: string): void {
    this.tags = tagsFor(p);
    this.pb = ascii(p);
    this.vOpen = ascii(`<${p}v>`);
    this.cEnd = ascii(`</${p}c`);
    this.vEnd = ascii(`</${p}v`);
    this.fEnd = ascii(`</${p}f`);
    this.isEnd = ascii(`</${p}is`);
    this.vcClose = ascii(`</${p}v></${p}c>`);
    this.cfEnd = ascii(`</${p}conditionalFormatting>`);
  }

  /** Scans a piece of the sheet's XML that ends after a complete element. */
  scan(b: Buffer): void {
    const pb = this.pb;
    const plen = pb.length;
    const end = b.length;
    let i = 0;
    if (this.skipUntil !== null) {
      const e = findBytes(b, this.skipUntil, 0);
      if (e < 0) return; // the whole piece lies inside the comment
      i = e + this.skipUntil.length;
      this.skipUntil = null;
    }
    while (i < end) {
      if (b[i] !== 60 /* < */) {
        i++;
        continue;
      }
      const c1 = b[i + 1];
      if (c1 === 47 /* / */) {
        if (this.inData && b[i + 2 + plen] === 115 /* s */ && (plen === 0 || bytesAt(b, i + 2, pb)) && bytesAt(b, i + 2 + plen, this.sheetData) && isDelimByte(b[i + 11 + plen])) this.inData = false;
        i += 2;
        continue;
      }
      const close = markupClose(b, i);
      if (close !== null) {
        // A comment is never data, also when it runs on into the next piece.
        const e = findBytes(b, close, i + 2);
        if (e < 0) {
          this.skipUntil = close;
          return;
        }
        i = e + close.length;
        continue;
      }
      if (plen > 0 && !bytesAt(b, i + 1, pb)) {
        i++;
        continue;
      }
      const n = i + 1 + plen;
      const ch = b[n];
      if (ch === 99 /* c */ && isDelimByte(b[n + 1])) {
        i = this.inData ? this.cell(b, n) : n;
      } else if (ch === 114 /* r */ && b[n + 1] === 111 && b[n + 2] === 119 && isDelimByte(b[n + 3])) {
        i = this.inData ? this.rowStart(b, n + 3) : n + 3;
      } else if (ch === 115 /* s */ && bytesAt(b, n, this.sheetData) && isDelimByte(b[n + 9])) {
        const gt = findByte(b, 62, n);
        if (gt < 0) throw this.bad('sheetData 标记不完整');
        this.inData = b[gt - 1] !== 47 /* / */;
        i = gt + 1;
      } else if (ch === 99 /* c */ && b[n + 1] === 111 /* o */ && b[n + 2] === 108 /* l */ && isDelimByte(b[n + 3])) {
        const gt = findByte(b, 62, n);
        if (gt < 0) throw this.bad('col 标记不完整');
        this.column(b.toString('latin1', n + 3, gt));
        i = gt + 1;
      } else if (ch === 99 /* c */ && !this.inData && bytesAt(b, n, this.conditionalFormatting) && isDelimByte(b[n + 21])) {
        // a conditional format whose rule shows a number otherwise (0"0" when >0: 40 as 400; a white
        // font): which cells meet its condition is not worked out, each number in its range is refused
        // (the tenth workbook attack had 40 loaded where 400 showed)
        const end = findBytes(b, this.cfEnd, n);
        const gt = findByte(b, 62, n);
        if (gt < 0) throw this.bad('conditionalFormatting 标记不完整');
        const head = b.toString('latin1', n + 21, gt);
        const body = end < 0 || b[gt - 1] === 47 ? '' : b.toString('latin1', gt + 1, end);
        const sqref = /\bsqref\s*=\s*["']([^"']*)["']/.exec(head)?.[1] ?? '';
        // each rule that shows a number otherwise, with its condition where it is a plain comparison
        // with numbers (cellIs: a white font on zeros marks the zeros only); any other rule, every number
        const tests: ((x: number) => boolean)[] = [];
        for (const rule of body.matchAll(/<(?:\w+:)?cfRule\b([^>]*?)(?:\/>|>([^]*?)<\/(?:\w+:)?cfRule>)/g)) {
          // data bars or icons shown without the number (showValue="0"): every number in the range
          // shows as a bar alone (the twelfth workbook attack)
          if (/<(?:\w+:)?(?:dataBar|iconSet)\b[^>]*\bshowValue\s*=\s*["']\s*(?:0|false)\s*["']/.test(rule[2] ?? '')) {
            tests.push(() => true);
            continue;
          }
          const dxf = /\bdxfId\s*=\s*["']\s*(\d+)\s*["']/.exec(rule[1]!)?.[1];
          if (dxf === undefined || !this.conditionalOtherwise.has(Number(dxf))) continue;
          tests.push(cellIsTest(rule[1]!, rule[2] ?? ''));
        }
        if (tests.length) {
          for (const ref of sqref.trim().split(/\s+/)) {
            const range = cellRange(ref);
            if (range && this.conditionalRanges.length < MAX_CONDITIONAL_RANGES) this.conditionalRanges.push({ ...range, test: (x) => tests.some((t) => t(x)) });
          }
        }
        i = end < 0 ? gt + 1 : end;
      } else if (ch === 115 /* s */ && !this.inData && bytesAt(b, n, this.sheetView) && isDelimByte(b[n + 9])) {
        // a sheet set not to show zeros: each 0 shows blank (the tenth workbook attack had 兴丰's 0 loaded where Excel shows nothing)
        const gt = findByte(b, 62, n);
        if (gt < 0) throw this.bad('sheetView 标记不完整');
        if (/\bshowZeros\s*=\s*["']\s*(0|false)\s*["']/.test(b.toString('latin1', n + 9, gt))) this.zerosUnshown = true;
        i = gt + 1;
      } else if (ch === 109 /* m */ && bytesAt(b, n, this.mergeCell) && isDelimByte(b[n + 9])) {
        const gt = findByte(b, 62, n);
        if (gt < 0) throw this.bad('mergeCell 标记不完整');
        this.merge(b.toString('latin1', n + 9, gt));
        i = gt + 1;
      } else {
        i = n;
      }
    }
  }

  /** `<row …>` whose attributes start at `a`: sets the current row. Returns where to go on. */
  private rowStart(b: Buffer, a: number): number {
    const end = b.length;
    let r = -1;
    let hidden = false;
    let ch = b[a];
    while (true) {
      while (ch === 32 || ch === 9 || ch === 10 || ch === 13) ch = b[++a];
      if (ch === 62 /* > */ || ch === 47 /* / */) break;
      if (a >= end) throw this.bad('row 标记不完整');
      const nameStart = a;
      while (a < end && ch! > 32 && ch !== 61 && ch !== 62 && ch !== 47) ch = b[++a];
      const isR = a - nameStart === 1 && b[nameStart] === 114;
      const isHidden = a - nameStart === 6 && b[nameStart] === 104 && b.toString('latin1', nameStart, a) === 'hidden';
      // a row of height 0 shows as little as a hidden one (the seventh workbook attack)
      const isHeight = a - nameStart === 2 && b[nameStart] === 104 && b[nameStart + 1] === 116;
      while (ch === 32 || ch === 9 || ch === 10 || ch === 13) ch = b[++a];
      if (ch !== 61) throw this.bad('row 属性无效');
      ch = b[++a];
      while (ch === 32 || ch === 9 || ch === 10 || ch === 13) ch = b[++a];
      if (ch !== 34 && ch !== 39) throw this.bad('row 属性无效');
      const quote = ch;
      let x = a + 1;
      let d = b[x];
      if (isR) {
        let v = 0;
        while (d! >= 48 && d! <= 57) {
          v = v * 10 + d! - 48;
          d = b[++x];
        }
        if (d !== quote || x === a + 1) throw this.bad(`行号“${b.toString('utf8', a + 1, findByte(b, quote, a + 1))}”无效`);
        r = v - 1;
      }
      while (x < end && d !== quote) d = b[++x];
      if (x >= end) throw this.bad('row 属性不完整');
      if (isHidden) {
        const v = b.toString('latin1', a + 1, x).trim();
        hidden ||= v === '1' || v === 'true';
      } else if (isHeight) {
        const v = b.toString('latin1', a + 1, x).trim();
        // of height 0, or a sliver too thin to read (0.75 pt: the tenth workbook attack)
        hidden ||= v !== '' && Number(v) < MIN_SEEN_HEIGHT;
      }
      a = x + 1;
      ch = b[a];
    }
    if (ch === 47 && b[a + 1] !== 62) throw this.bad('row 标记不完整');
    this.r = r >= 0 ? r : this.r + 1;
    if (this.r >= MAX_ROWS) throw this.bad(`行号 ${this.r + 1} 超出 Excel 的范围`);
    if (hidden) this.hiddenRows.push(this.r);
    this.c = -1;
    return ch === 47 ? a + 2 : a + 1;
  }

  /** `<c …>` whose name is at `n`: stores its value. Returns the index after the element. */
  private cell(b: Buffer, n: number): number {
    const end = b.length;
    // Attributes, byte by byte.
    let col = -1;
    let refRow = -1;
    let type = T_N;
    let style = 0;
    let a = n + 1;
    let ch = b[a];
    while (true) {
      while (ch === 32 || ch === 9 || ch === 10 || ch === 13) ch = b[++a];
      if (ch === 62 /* > */ || ch === 47 /* / */) break;
      if (a >= end) throw this.bad('单元格标记不完整');
      const nameStart = a;
      while (a < end && ch! > 32 && ch !== 61 && ch !== 62 && ch !== 47) ch = b[++a];
      const oneLetter = a - nameStart === 1 ? b[nameStart]! : 0;
      while (ch === 32 || ch === 9 || ch === 10 || ch === 13) ch = b[++a];
      if (ch !== 61 /* = */) throw this.bad('单元格属性无效');
      ch = b[++a];
      while (ch === 32 || ch === 9 || ch === 10 || ch === 13) ch = b[++a];
      if (ch !== 34 && ch !== 39) throw this.bad('单元格属性无效');
      const quote = ch;
      const vs = a + 1;
      let x = vs;
      let d = b[x];
      if (oneLetter === 114 /* r */) {
        let cc = 0;
        while (true) {
          if (d! >= 65 && d! <= 90) cc = cc * 26 + d! - 64;
          else if (d! >= 97 && d! <= 122) cc = cc * 26 + d! - 96;
          else if (d !== 36 /* $ */) break;
          d = b[++x];
        }
        let rr = 0;
        while (d! >= 48 && d! <= 57) {
          rr = rr * 10 + d! - 48;
          d = b[++x];
        }
        if (d !== quote) throw this.bad(`单元格引用“${b.toString('utf8', vs, findByte(b, quote, vs))}”无效`);
        if (cc > 0) col = cc - 1;
        if (rr > 0) refRow = rr - 1;
      } else if (oneLetter === 115 /* s */) {
        // digits only: s=" 5" had been read as style 0 where LibreOffice takes style 5 and shows
        // 40万张 or nothing, the checks of what shows passed over (the ninth workbook attack)
        let v = 0;
        let digits = 0;
        while (d! >= 48 && d! <= 57) {
          v = v * 10 + d! - 48;
          d = b[++x];
          digits++;
        }
        if (d !== quote || digits === 0) throw this.bad(`单元格样式序号“${b.toString('utf8', vs, findByte(b, quote, vs))}”无效`);
        style = v;
      }
      while (x < end && d !== quote) d = b[++x];
      if (x >= end) throw this.bad('单元格属性不完整');
      if (oneLetter === 116 /* t */) {
        type = cellType(b, vs, x - vs);
        // a type Excel does not write (t=" s", t="S") had been read as a number: the string's index
        // loaded as 70 beds where LibreOffice shows nothing (the ninth workbook attack)
        if (type < 0) throw this.bad(`单元格类型“${b.toString('utf8', vs, x)}”无效`);
      }
      a = x + 1;
      ch = b[a];
    }
    const selfClosing = ch === 47;
    const gt = selfClosing ? a + 1 : a;
    if (b[gt] !== 62) throw this.bad('单元格标记不完整');
    // Position: an explicit reference wins; without one, the next column of the current row.
    if (refRow >= 0 && refRow !== this.r) {
      if (refRow >= MAX_ROWS) throw this.bad(`行号 ${refRow + 1} 超出 Excel 的范围`);
      this.r = refRow;
    }
    if (this.r < 0) this.r = 0;
    const c = col >= 0 ? col : this.c + 1;
    if (c >= MAX_COLS) throw this.bad(`列号 ${c + 1} 超出 Excel 的范围`);
    this.c = c;
    if (selfClosing) return gt + 1;

    // Fast path: <v>…</v></c>, a plain number or shared-string index parsed as it is read.
    let v: string | null = null;
    let num = 0;
    let numOk = false;
    let hasF = false;
    let inline: string | null = null;
    let next = -1;
    if (b[gt + 1] === 60 && bytesAt(b, gt + 1, this.vOpen)) {
      const vs = gt + 1 + this.vOpen.length;
      let x = vs;
      let d = b[x];
      if (type === T_N || type === T_S) {
        const neg = d === 45; /* - */
        if (neg) d = b[++x];
        let m = 0;
        let digits = 0;
        let frac = -1;
        while (true) {
          if (d! >= 48 && d! <= 57) {
            m = m * 10 + d! - 48;
            digits++;
            if (frac >= 0) frac++;
          } else if (d === 46 /* . */ && frac < 0) frac = 0;
          else break;
          d = b[++x];
        }
        // Up to 15 digits, mantissa and power of ten are exact: one division rounds exactly
        // as Number() would.
        if (d === 60 && digits > 0 && digits <= 15) {
          num = frac > 0 ? m / POW10[frac]! : m;
          if (neg) num = -num;
          numOk = true;
        }
      }
      if (d !== 60) x = findByte(b, 60, x);
      if (x >= 0 && bytesAt(b, x, this.vcClose)) {
        next = x + this.vcClose.length;
        if (!numOk) v = this.utf8(b, vs, x, c);
      }
    }
    if (next < 0) {
      // General case: <f>, <is>, <v> in any order, possibly with attributes or empty, and
      // comments anywhere (never read as data).
      numOk = false;
      v = null;
      const cTag = findEndTag(b, this.cEnd, gt + 1);
      if (cTag === null) throw this.bad('单元格缺少结束标记');
      const cEnd = cTag.at;
      next = cTag.end;
      const pb = this.pb;
      const plen = pb.length;
      let sawV = false;
      let k = gt + 1;
      while (true) {
        const lt = findByte(b, 60, k);
        if (lt < 0 || lt >= cEnd) break;
        const markup = markupClose(b, lt);
        if (markup !== null) {
          const e = findBytes(b, markup, lt + 2);
          k = e < 0 ? cEnd : e + markup.length;
          continue;
        }
        if (b[lt + 1] === 47 || (plen > 0 && !bytesAt(b, lt + 1, pb))) {
          k = lt + 1;
          continue;
        }
        const m = lt + 1 + plen;
        const c0 = b[m];
        const c1 = b[m + 1];
        if ((c0 === 118 /* v */ || c0 === 102) /* f */ && isDelimByte(c1)) {
          const gt2 = findByte(b, 62, m);
          if (gt2 < 0 || gt2 >= cEnd) throw this.bad('单元格内容不完整');
          if (c0 === 102) hasF = true;
          // Two values in one cell: Excel would not say which one it shows, so neither do we
          if (c0 === 118 && sawV) throw this.bad(`单元格 ${columnLetter(c)}${this.r + 1} 有两个值`);
          if (c0 === 118) sawV = true;
          if (b[gt2 - 1] === 47) {
            if (c0 === 118) v = '';
            k = gt2 + 1;
            continue;
          }
          const close = findEndTag(b, c0 === 118 ? this.vEnd : this.fEnd, gt2);
          if (close === null || close.at > cEnd) throw this.bad('单元格内容不完整');
          if (c0 === 118) v = withoutComments(this.utf8(b, gt2 + 1, close.at, c));
          k = close.end;
          continue;
        }
        if (c0 === 105 /* i */ && c1 === 115 /* s */ && isDelimByte(b[m + 2])) {
          const gt2 = findByte(b, 62, m);
          if (gt2 < 0 || gt2 >= cEnd) throw this.bad('单元格内容不完整');
          if (b[gt2 - 1] === 47) {
            inline = '';
            k = gt2 + 1;
            continue;
          }
          const close = findEndTag(b, this.isEnd, gt2);
          if (close === null || close.at > cEnd) throw this.bad('单元格内容不完整');
          const region = withoutComments(this.utf8(b, gt2 + 1, close.at, c));
          inline = richText(region, 0, region.length, this.tags);
          k = close.end;
          continue;
        }
        // Any other child (extLst and its extensions): skipped with all it holds, so that a
        // <v> inside it is never taken for the cell's value
        let ne = m;
        while (ne < cEnd && !isDelimByte(b[ne])) ne++;
        const gt2 = findByte(b, 62, ne);
        if (gt2 < 0 || gt2 >= cEnd) throw this.bad('单元格内容不完整');
        if (b[gt2 - 1] === 47) {
          k = gt2 + 1;
          continue;
        }
        const close = findEndTag(b, Buffer.from(`</${b.toString('latin1', lt + 1, ne)}`, 'latin1'), gt2);
        if (close === null || close.at > cEnd) throw this.bad('单元格内容不完整');
        k = close.end;
      }
    }

    let value: CellValue = null;
    switch (type) {
      case T_N:
        if (!numOk && v !== null && v.length > 0) {
          // A decimal number only: `+v` read <v> </v> as 0 and <v>0x1E</v> as 30 (a hand-made
          // file; LibreOffice shows the one empty, the other 0). Only whitespace is an empty cell.
          if (WHITESPACE_ONLY.test(v)) break;
          num = DECIMAL_NUMBER.test(v) ? +v : NaN;
          numOk = num === num && num !== Infinity && num !== -Infinity;
          if (!numOk) value = xmlText(v); // not a number although it should be: keep the text
        }
        if (numOk) {
          value = num;
          let kind = style < this.dateStyles.length ? this.dateStyles[style]! : 0;
          // a zero its format shows as nothing or as other digits (`#,##0;-#,##0;`, `0;-0;"40"`)
          kind = kind & STYLE_ZERO_OTHERWISE && num === 0 ? 4 : kind & STYLE_KIND;
          if (num === 0 && this.zerosUnshown && kind !== 4) value = `0${ZERO_UNSHOWN}`;
          else if (kind === 1) value = this.date(num);
          else if (kind === 2) value = `${Number((num * 100).toPrecision(15))}%`;
          else if (kind === 3) value = `${num}${SCALED_DISPLAY}`;
          else if (kind === 4) value = `${num}${HIDDEN_DISPLAY}`;
          else if (kind === 5) value = `${num}${this.suffixes[style] ?? ''}`;
        }
        break;
      case T_S:
        if (numOk || (v !== null && v.length > 0)) {
          // an index as digits only: 8e0 or 0x8 is no index Excel writes (Number() had read both as 8)
          const str = this.sst[numOk ? num : /^\s*\d+\s*$/.test(v!) ? +v! : -1];
          if (str === undefined) throw corrupt(`工作表“${this.name}”的单元格 ${columnLetter(c)}${this.r + 1} 引用了不存在的共享字符串（序号“${numOk ? num : v}”，共有 ${this.sst.length} 个）`);
          value = str;
        }
        break;
      case T_STR:
        if (v !== null) value = xmlText(v);
        break;
      case T_INLINE:
        // the text of <is> alone: a <v> beside none shows nothing (LibreOffice; the tenth
        // workbook attack had 45 loaded from an inline string that showed blank)
        value = inline;
        break;
      case T_B:
        if (v !== null && v.length > 0) value = v === '1' || v.toLowerCase() === 'true';
        break;
      case T_E:
        if (v !== null && v.length > 0) value = xmlText(v);
        break;
      case T_D:
        if (v !== null && v.length > 0) {
          const m = /^\s*(\d{4}-\d{2}-\d{2})/.exec(v);
          value = m ? m[1]! : xmlText(v);
        }
        break;
    }
    // a text its format shows otherwise (`;;;` as nothing, `0;-0;0;"45"` as 45, a fill
    // alignment repeated): marked where it reads as a number, which the number parser refuses
    // (the tenth workbook attack: a text 40 hidden by ;;; had loaded 40)
    if (typeof value === 'string' && type !== T_N && style < this.dateStyles.length && this.dateStyles[style]! & STYLE_TEXT_OTHERWISE && NUMBER_LIKE.test(value)) value = `${value}${HIDDEN_DISPLAY}`;
    if (value === null) {
      // A formula whose result was never calculated and saved: its value is unknown.
      if (hasF) {
        this.count();
        this.uncached.push({ r: this.r, c });
      }
      return next;
    }
    if (hasF && this.keepFormulas && this.formulas.length < MAX_KEPT_FORMULAS) this.formulas.push({ r: this.r, c });
    // a cell whose font strikes it through shows crossed out: marked as it shows (a row crossed
    // out as void, or not?), for the parser to refuse (the ninth workbook attack)
    if (style < this.struck.length && this.struck[style] === 1 && typeof value !== 'boolean') value = struckThrough(String(value));
    this.put(c, value);
    return next;
  }

  /**
   * Stores a value of the current row. A row is built in a reused scratch array and copied
   * out at its end at its exact length: growing arrays push by push left each row with
   * twice the memory it needs, all of which the garbage collector then had to copy.
   */
  private put(c: number, value: CellValue): void {
    this.count();
    // 3,900 cells of 32,767 characters each, in a file of 2 MB, took 2 GB to read and check (the
    // sixth workbook attack): every copy of a text down the line costs its length again. A text
    // longer than Excel allows counts as that much: its row is refused and its quotes are capped.
    if (typeof value === 'string' && this.budget.textLeft !== undefined && (this.budget.textLeft -= Math.min(value.length, EXCEL_MAX_CHARS)) < 0) {
      throw new SheetTooLarge(`读到第 ${formatNumber(this.r + 1)} 行时，整个工作簿文字单元格的字数合计超过了 ${formatNumber(this.budget.textMax ?? 0)} 字的上限`);
    }
    if (this.r !== this.rowIndex) this.endRow();
    if (this.rowIndex < 0) {
      // A cell of a new row, or of a row seen before (cells out of order): start or reopen it.
      const existing = this.rows[this.r];
      if (existing !== undefined && existing !== EMPTY_ROW) {
        this.direct = existing;
      } else {
        this.direct = null;
        this.scratchLen = 0;
      }
      this.rowIndex = this.r;
    }
    const row = this.direct;
    if (row !== null) {
      if (c < row.length && row[c] !== null && row[c] !== undefined) this.twice(c);
      if (c > row.length + SPARSE_GAP) {
        row[c] = value; // a hole in between
        return;
      }
      while (row.length < c) row.push(null);
      row[c] = value;
      return;
    }
    const scratch = this.scratch;
    let n = this.scratchLen;
    if (c < n) {
      if (scratch[c] !== null) this.twice(c);
      scratch[c] = value;
      return;
    }
    if (c > n + SPARSE_GAP) {
      // Far right of the row's last cell: the row becomes sparse and is stored as it is.
      const sparse = scratch.slice(0, n);
      sparse[c] = value;
      this.store(this.rowIndex, sparse);
      this.direct = sparse;
      return;
    }
    while (n < c) {
      if (n < scratch.length) scratch[n] = null;
      else scratch.push(null);
      n++;
    }
    if (c < scratch.length) scratch[c] = value;
    else scratch.push(value);
    this.scratchLen = c + 1;
  }

  /**
   * A cell given a value twice (its reference repeated, or its row repeated): Excel would
   * not open the file as it is, and which value counts is anybody's guess.
   */
  private twice(c: number): never {
    throw this.bad(`单元格 ${columnLetter(c)}${this.r + 1} 出现了两次`);
  }

  /** Puts a row into `rows`, rows above it without cells sharing the empty row. */
  private store(index: number, row: CellValue[]): void {
    const rows = this.rows;
    while (rows.length < index) rows.push(EMPTY_ROW);
    rows[index] = row;
  }

  /** Copies the row being built (if any) into `rows`. */
  private endRow(): void {
    if (this.rowIndex >= 0 && this.direct === null && this.scratchLen > 0) {
      this.store(this.rowIndex, this.scratch.slice(0, this.scratchLen));
    }
    this.rowIndex = -1;
    this.direct = null;
    this.scratchLen = 0;
  }

  /** `<col …>` (attributes only): a hidden range of columns is kept, for the loader to say so. */
  private column(attrs: string): void {
    // hidden, or of width 0, which shows as little (the seventh workbook attack)
    // (or too narrow to show a digit: the tenth workbook attack's row of 0.75 pt)
    const width = /\bwidth\s*=\s*["']\s*([^"']*?)\s*["']/.exec(attrs)?.[1];
    const hidden = /\bhidden\s*=\s*["']\s*(1|true)\s*["']/.test(attrs) || (width !== undefined && width !== '' && Number(width) < MIN_SEEN_WIDTH);
    if (!hidden) return;
    const min = Number(/\bmin\s*=\s*["']\s*(\d+)\s*["']/.exec(attrs)?.[1]);
    const max = Number(/\bmax\s*=\s*["']\s*(\d+)\s*["']/.exec(attrs)?.[1]);
    if (!(min >= 1 && max >= min)) return; // no valid range: Excel hides nothing either
    if (this.hiddenColumns.length >= 16_384) return;
    this.hiddenColumns.push({ c1: min - 1, c2: Math.min(max, 16_384) - 1 });
  }

  private merge(attrs: string): void {
    const ref = /\bref\s*=\s*["']([^"']*)["']/.exec(attrs)?.[1];
    const m = ref === undefined ? null : /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref.trim());
    if (!m) throw this.bad(`合并单元格范围“${ref ?? ''}”无效`);
    const r1 = Number(m[2]) - 1;
    const c1 = colIndex(m[1]!);
    const r2 = m[4] !== undefined ? Number(m[4]) - 1 : r1;
    const c2 = m[3] !== undefined ? colIndex(m[3]) : c1;
    if (r1 < 0 || r2 < 0) throw this.bad(`合并单元格范围“${ref}”无效`);
    this.count();
    this.merges.push({ r1: Math.min(r1, r2), c1: Math.min(c1, c2), r2: Math.max(r1, r2), c2: Math.max(c1, c2) });
  }

  finish(): SheetGrid {
    this.endRow();
    const rows = this.rows;
    for (const row of rows) {
      if (row === EMPTY_ROW) continue;
      let n = row.length;
      if (n > 256) {
        // Possibly sparse: look at the cells present only.
        const cols = presentColumns(row);
        let k = cols.length - 1;
        while (k >= 0 && row[cols[k]!] === '') k--;
        n = k < 0 ? 0 : cols[k]! + 1;
      } else {
        while (n > 0 && (row[n - 1] === null || row[n - 1] === '' || row[n - 1] === undefined)) n--;
      }
      if (n < row.length) row.length = n;
    }
    let n = rows.length;
    while (n > 0 && rows[n - 1]!.length === 0) n--;
    rows.length = n;
    for (const g of this.conditionalRanges) {
      for (let r = g.r1; r <= Math.min(g.r2, rows.length - 1); r++) {
        const row = rows[r]!;
        for (let c = g.c1; c <= Math.min(g.c2, row.length - 1); c++) {
          const x = row[c];
          if (typeof x === 'number' && g.test(x)) row[c] = `${x}${CONDITIONAL_DISPLAY}`;
        }
      }
    }
    const grid: SheetGrid = { name: this.name, rows, merges: this.merges, uncachedFormulas: this.uncached };
    if (this.hiddenRows.length > 0) grid.hiddenRows = [...new Set(this.hiddenRows)].sort((x, y) => x - y);
    if (this.hiddenColumns.length > 0) grid.hiddenColumns = this.hiddenColumns;
    if (this.formulas.length > 0) grid.staleFormulas = this.formulas;
    return grid;
  }
}

function colIndex(letters: string): number {
  let c = 0;
  for (const ch of letters.toUpperCase()) c = c * 26 + ch.charCodeAt(0) - 64;
  return c - 1;
}
