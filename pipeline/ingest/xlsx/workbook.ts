/**
 * Reads an xlsx workbook into a `WorkbookGrid` (cached cell values per sheet).
 *
 * The zip is read with guards (`zip.ts`): declared sizes are checked before anything is
 * inflated and inflation stops as soon as the bytes produced exceed what was declared or
 * allowed. Only the parts needed are inflated: the workbook and its relationships, styles
 * (for date formats), shared strings and the worksheets, one at a time.
 *
 * Sheet XML is scanned by hand, no DOM, by sheet-scanner.ts, chunk by chunk, so that the
 * inflater works on the next chunk in the thread pool while this thread scans the current
 * one. Shared strings are decoded to text chunk by chunk and scanned with indexOf.
 */
import { posix } from 'node:path';
import { formatNumber } from '../../basics/format.ts';
import type { SheetGrid, WorkbookGrid } from '../../basics/grid.ts';
import { MiB, scanWorksheet, SheetScanner, SheetTooLarge, STYLE_TEXT_OTHERWISE, STYLE_ZERO_OTHERWISE, type CellBudget } from './sheet-scanner.ts';
import { checkProlog, CommentStripper, decodeEntities, isDelim, isOn, isWhite, NamespaceGuard, richText, rootStart, tagsFor, withoutComments, type Tags } from './xml-text.ts';
import { corrupt, ZipError, ZipFile, type ZipEntry, type ZipErrorReason, type ZipLimits } from './zip.ts';

/** `too_large`: more shared strings than the workbook's cell limit. */
export type WorkbookErrorReason = ZipErrorReason | 'too_large';

/** A file that cannot be read as an xlsx workbook. The message names the file and why. */
export class WorkbookError extends Error {
  readonly reason: WorkbookErrorReason;
  readonly file: string;
  constructor(file: string, reason: WorkbookErrorReason, message: string) {
    super(message);
    this.name = 'WorkbookError';
    this.file = file;
    this.reason = reason;
  }
}

export interface WorkbookLimits extends ZipLimits {
  /** Cells kept of one sheet (values, formulas without a cached value, merged ranges). */
  maxSheetCells: number;
  /** Cells kept of the whole workbook, over all the sheets read. */
  maxWorkbookCells: number;
  /** Characters of the text cells kept of the whole workbook (a shared string counted once per cell showing it, a text longer than Excel allows as 32,767). */
  maxWorkbookText: number;
}

/**
 * What one workbook may hold. The zip limits keep the bytes inflated bounded; the cell
 * limits keep memory bounded by what is present, whatever range a sheet declares: through
 * validation a cell costs up to about 0.6 KB (a row rejected by validation, with its
 * message), so `planeval check` of any one workbook stays well under 1 GiB. The largest
 * workbook of the sample at 100× the district's size (社区村名录 of 2,200 towns) has about
 * 690,000 cells.
 */
export const DEFAULT_WORKBOOK_LIMITS: Readonly<WorkbookLimits> = Object.freeze({
  maxTotalUncompressed: 256 * MiB,
  maxEntryUncompressed: 128 * MiB,
  maxCompressionRatio: 200,
  ratioMinSize: 1 * MiB,
  maxEntries: 10_000,
  maxSheetCells: 1_000_000,
  maxWorkbookCells: 1_000_000,
  // the sample's largest workbook at 100× (社会工作科, 2025) holds about 6.4 million characters of
  // text; through reading and checking a character costs about 9 bytes (the sixth workbook attack)
  maxWorkbookText: 24_000_000,
});

export interface ReadOptions {
  /**
   * Which sheets to read, by tab name; the others are returned without their cells, not
   * even inflated (a sheet the loader skips costs nothing, however large).
   */
  sheetFilter?: (name: string) => boolean;
  /**
   * Cells of a sheet the filter leaves out that are still read, to see what it holds (a
   * contract sheet under another name); one holding more is returned without its cells.
   * Default 0: none.
   */
  peekCells?: number;
}


/**
 * Reads `file` into a grid of cached values per sheet, in tab order (chart sheets skipped).
 * Throws `WorkbookError` for a file that is not an xlsx, is encrypted, corrupt or a zip
 * bomb; file-system errors (missing file, no permission) are passed through as they are.
 */
export async function readWorkbook(file: string, limits: Partial<WorkbookLimits> = {}, options: ReadOptions = {}): Promise<WorkbookGrid> {
  const lim: WorkbookLimits = { ...DEFAULT_WORKBOOK_LIMITS, ...limits };
  let zip: ZipFile;
  try {
    zip = await ZipFile.open(file, lim);
  } catch (err) {
    throw asWorkbookError(file, err);
  }
  try {
    return { file, sheets: await readSheets(zip, lim, options) };
  } catch (err) {
    throw asWorkbookError(file, err);
  } finally {
    await zip.close();
  }
}

/**
 * What to do about a file that could not be opened, where its reason does not say already (a
 * review of the flawed sample: 找不到 zip 目录, 不是 zip 压缩包 and 疑似压缩炸弹 had said what was
 * wrong in the reader's words and not what the department should do).
 */
const ZIP_REMEDY: Partial<Record<string, string>> = {
  corrupt: '。请从原系统重新导出，或重新上传完整的文件后再提交',
  zip_bomb: '。文件内容异常，不像正常保存的工作簿：请在 Excel/WPS 中打开、核对内容后另存为新的 .xlsx 文件再提交',
  not_xlsx: '。请在 Excel/WPS 中打开，另存为 .xlsx 格式后重新提交',
};

function asWorkbookError(file: string, err: unknown): unknown {
  if (err instanceof ZipError) return new WorkbookError(file, err.reason, `文件“${file}”${err.message}${/提交/.test(err.message) ? '' : ZIP_REMEDY[err.reason] ?? ''}`);
  if (err instanceof SheetTooLarge) return new WorkbookError(file, 'too_large', `文件“${file}”${err.message}`);
  return err;
}


// ---------------------------------------------------------------------------------------
// Package structure: workbook, relationships, styles

interface Relationship {
  id: string;
  type: string;
  /** Zip entry name the relationship points at ('' for an external target). */
  target: string;
}

async function readSheets(zip: ZipFile, limits: WorkbookLimits, options: ReadOptions): Promise<SheetGrid[]> {
  let workbookPath = 'xl/workbook.xml';
  const rootRels = zip.get('_rels/.rels');
  if (rootRels) {
    const office = parseRels(await partText(zip, rootRels), '', rootRels.name).find((r) => r.type.endsWith('/officeDocument'));
    if (office?.target) workbookPath = office.target;
  }
  const workbookEntry = zip.get(workbookPath) ?? zip.get('xl/workbook.xml');
  if (!workbookEntry) {
    if (zip.get('xl/workbook.bin')) {
      throw new ZipError('not_xlsx', '是 Excel 二进制工作簿（.xlsb），不是 xlsx，请在 Excel/WPS 中另存为 .xlsx 后重新提交');
    }
    if (zip.entries.some((e) => e.name.toLowerCase().startsWith('xl/'))) throw corrupt('缺少工作簿主体 xl/workbook.xml');
    throw new ZipError(
      'not_xlsx',
      '不是有效的 xlsx 工作簿（是 zip 压缩包，但不含 Excel 工作簿 xl/workbook.xml；可能是其他文件改了扩展名）',
    );
  }
  const workbookXml = await partText(zip, workbookEntry);
  // the workbook's elements are read under its root's prefix only: a look-alike <zz:sheets> in
  // another namespace before the real list had its sheet read, not the one Excel shows (the
  // seventh workbook attack)
  const ns = rootPrefix(workbookXml, 'workbook');
  if (ns === null) {
    throw new ZipError('not_xlsx', '不是有效的 xlsx 工作簿（主体文档不是 Excel 工作簿，可能是 Word/PowerPoint 等文件改了扩展名）');
  }
  // a <x:sheet> beside <sheet>s under a second prefix had been a tab unseen (the ninth workbook attack)
  new NamespaceGuard(workbookEntry.name, ns).check(workbookXml);
  const dir = posix.dirname(workbookEntry.name);
  const base = dir === '.' ? '' : dir;
  const relsEntry = zip.get(`${base ? base + '/' : ''}_rels/${posix.basename(workbookEntry.name)}.rels`);
  const rels = relsEntry ? parseRels(await partText(zip, relsEntry), base, relsEntry.name) : [];
  const relById = new Map(rels.map((r) => [r.id, r]));

  const workbookPr = startTags(workbookXml, 'workbookPr', ns)[0];
  const date1904 = workbookPr !== undefined && /^(1|true)$/i.test(workbookPr.get('date1904') ?? '');
  // saved results that Excel would recalculate on opening (the sixth workbook attack: a SUM saved as 0, shown as 30)
  const recalculates = /^(1|true)$/i.test(startTags(workbookXml, 'calcPr', ns)[0]?.get('fullCalcOnLoad') ?? '');
  const sheetsSection = section(workbookXml, 'sheets', ns) ?? '';
  const sheetTags = startTags(sheetsSection, 'sheet', ns);
  // Excel neither saves nor opens a workbook without a sheet: one that lists none while it holds
  // worksheet parts had been read as 0 sheets, 0 rows, no message (an attack)
  if (sheetTags.length === 0) throw corrupt(`工作簿目录（${workbookEntry.name}）中没有列出任何工作表${zip.entries.some((e) => /worksheets\/[^/]+\.xml$/i.test(e.name)) ? '，而文件中有工作表的数据' : ''}`);

  const partOf = (typeSuffix: string, fallback: string): ZipEntry | undefined => {
    const rel = rels.find((r) => r.type.endsWith(typeSuffix));
    return (rel?.target ? zip.get(rel.target) : undefined) ?? zip.get(fallback);
  };
  const stylesEntry = partOf('/styles', `${base}/styles.xml`);
  const { kinds: dateStyles, suffixes, struck, dxfOtherwise } = stylesEntry ? parseNumberStyles(await partText(zip, stylesEntry)) : { kinds: new Uint8Array(0), suffixes: [], struck: new Uint8Array(0), dxfOtherwise: new Set<number>() };
  const sstEntry = partOf('/sharedStrings', `${base}/sharedStrings.xml`);
  // Shared strings count against the workbook's cells: each is kept, like a cell.
  const sst = sstEntry ? await readSharedStrings(zip, sstEntry, limits.maxWorkbookCells) : [];

  const sheets: SheetGrid[] = [];
  const budget: CellBudget = {
    sheetMax: limits.maxSheetCells, workbookMax: limits.maxWorkbookCells, workbookLeft: limits.maxWorkbookCells - sst.length,
    textMax: limits.maxWorkbookText, textLeft: limits.maxWorkbookText,
  };
  // Excel refuses two tabs of the same name (compared without case); a workbook that has them
  // was not saved by Excel, and its rows would not be told apart by file, sheet and row.
  const names = new Set<string>();
  for (const tag of sheetTags) {
    const name = tag.get('name') ?? '';
    if (names.has(name.toLowerCase())) throw corrupt(`有两个同名的工作表“${name}”`);
    names.add(name.toLowerCase());
    let rid: string | undefined;
    for (const [k, v] of tag) if (k.endsWith(':id')) rid = v;
    const rel = rid === undefined ? undefined : relById.get(rid);
    if (!rel) throw corrupt(`工作表“${name}”在工作簿中没有对应的数据部件`);
    // a macro, dialog or chart sheet: listed as a tab that is not read, refused where it bears a
    // contract sheet's name (LibreOffice shows a macro sheet's cells as any tab's; skipped, its
    // rows had vanished unsaid: the tenth workbook attack)
    if (!rel.type.endsWith('/worksheet')) {
      sheets.push({ name, rows: [], merges: [], uncachedFormulas: [], notWorksheet: notWorksheetKind(rel.type) });
      continue;
    }
    const entry = rel.target ? zip.get(rel.target) : undefined;
    if (!entry) throw corrupt(rel.target ? `缺少工作表“${name}”的数据（${rel.target}）` : `工作表“${name}”的数据不在工作簿内（指向外部文件），无法读取`);
    // a tab hidden in Excel is read as any other; its grid says so, for the messages
    const hidden = /^(hidden|veryHidden)$/i.test(tag.get('state') ?? '');
    const push = (grid: SheetGrid) => sheets.push(hidden ? { ...grid, hidden } : grid);
    if (options.sheetFilter && !options.sheetFilter(name)) {
      const peek = options.peekCells ?? 0;
      let peeked: SheetGrid | null = null;
      if (peek > 0) {
        // on a budget of its own: a large sheet nobody asked for costs little and takes nothing from the others
        const scanner = new SheetScanner(name, sst, dateStyles, date1904, { sheetMax: peek, workbookMax: peek, workbookLeft: peek }, suffixes, struck);
        try {
          await scanWorksheet(zip, entry, scanner);
          peeked = scanner.finish();
        } catch (err) {
          if (!(err instanceof SheetTooLarge)) throw err;
        }
      }
      push(peeked ?? { name, rows: [], merges: [], uncachedFormulas: [] });
      continue;
    }
    const scanner = new SheetScanner(name, sst, dateStyles, date1904, budget, suffixes, struck);
    scanner.keepFormulas = recalculates;
    scanner.conditionalOtherwise = dxfOtherwise;
    const left = budget.workbookLeft;
    try {
      await scanWorksheet(zip, entry, scanner);
      push(scanner.finish());
    } catch (err) {
      if (!(err instanceof SheetTooLarge)) throw err;
      // Given up: its cells are dropped (and given back to the workbook's budget).
      budget.workbookLeft = left;
      push({ name, rows: [], merges: [], uncachedFormulas: [], tooLarge: `${err.message}，未读取` });
    }
  }
  return sheets;
}

/** What a tab that is no worksheet is, by its relationship's type. */
function notWorksheetKind(type: string): string {
  const kind = type.slice(type.lastIndexOf('/') + 1).toLowerCase();
  return kind.includes('macro') ? '宏表（Excel 4.0 宏工作表）' : kind.includes('dialog') ? '对话框工作表' : kind.includes('chart') ? '图表工作表' : '非工作表的部件';
}

function parseRels(xml: string, base: string, part: string): Relationship[] {
  const out: Relationship[] = [];
  const clean = stripComments(xml);
  const ids = new Set<string>();
  for (const a of startTags(clean, 'Relationship', rootPrefix(clean, 'Relationships') ?? '')) {
    const id = a.get('Id') ?? '';
    // two relationships of one Id: which part a tab's data is, Excel and LibreOffice take the
    // first, and the reader had taken the last (a look-alike part's 400 for 40: the tenth workbook attack)
    if (ids.has(id)) throw corrupt(`“${part}”中有两个编号同为“${id}”的关系（Excel 不会这样保存），不能确定对应的是哪一个部件`);
    ids.add(id);
    const type = a.get('Type') ?? '';
    const raw = a.get('Target') ?? '';
    let target = '';
    if ((a.get('TargetMode') ?? '').toLowerCase() !== 'external' && raw) {
      let t = raw.replace(/\\/g, '/');
      try {
        t = decodeURIComponent(t);
      } catch {
        // keep it as written
      }
      target = t.startsWith('/') ? posix.normalize(t).slice(1) : posix.normalize(posix.join(base || '.', t));
      target = target.replace(/^(\.\/)+/, '');
    }
    out.push({ id, type, target });
  }
  return out;
}

function stripComments(xml: string): string {
  return withoutComments(xml);
}

/** A small part (workbook, relationships, styles) as text: no DOCTYPE, comments removed. */
async function partText(zip: ZipFile, entry: ZipEntry): Promise<string> {
  const xml = withoutComments(await zip.text(entry));
  const root = rootStart(xml);
  checkProlog(root < 0 ? xml : xml.slice(0, root), entry.name);
  return xml;
}

/** The namespace prefix of the root element (`''` or `'x:'`), or null if the root is not `local`. */
function rootPrefix(xml: string, local: string): string | null {
  const m = /<(?![?!])([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/.exec(xml);
  if (!m || m[2] !== local) return null;
  return m[1] ?? '';
}

/**
 * Attributes of every start tag `<{prefix}{local} …>`, in document order; more than `max` of
 * them is a corrupt part (a Map each: 24 million <xf/> in 900 KB had taken a reading thread's
 * whole heap, the seventh workbook attack).
 */
function startTags(xml: string, local: string, prefix: string, max = Infinity): Map<string, string>[] {
  const re = new RegExp(`<${escapeRegExp(prefix)}${local}(?=[\\s/>])([^>]*)>`, 'g');
  const out: Map<string, string>[] = [];
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (out.length >= max) throw corrupt(`${local} 元素超过 ${formatNumber(max)} 个`);
    out.push(parseAttrs(m[1] ?? ''));
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function parseAttrs(s: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const re = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    attrs.set(m[1]!, decodeEntities((m[2] ?? m[3] ?? '').replace(/[\t\n\r]/g, ' ')));
  }
  return attrs;
}

/** The content of the first `<{prefix}{local}>…</{prefix}{local}>` element. */
function section(xml: string, local: string, prefix: string): string | undefined {
  const m = new RegExp(`<${escapeRegExp(prefix)}${local}(?=[\\s/>])[^>]*>`).exec(xml);
  if (!m || m[0].endsWith('/>')) return undefined;
  const start = m.index + m[0].length;
  const end = xml.indexOf(`</${prefix}${local}>`, start);
  return end < 0 ? undefined : xml.slice(start, end);
}

// ---------------------------------------------------------------------------------------
// Streaming an entry's text in pieces that end at a complete element

/**
 * Decodes the entry chunk by chunk and calls `onPiece` with text that always ends right
 * after a closing tag `</{prefix}{closeLocal}>` (or at the end of the part), so that every
 * element `onPiece` sees is complete. Pending text is kept as a list, so a long element
 * costs no repeated copying.
 */
async function scanEntry(
  zip: ZipFile,
  entry: ZipEntry,
  root: string,
  closeLocal: string,
  onPiece: (s: string, prefix: string) => void,
): Promise<void> {
  // each piece checked for the main namespace under a second prefix (<x:si> among <si>s had shifted every later string: the ninth workbook attack)
  let guard: NamespaceGuard | null = null;
  const emit = (piece: string, prefix: string) => {
    (guard ??= new NamespaceGuard(entry.name, prefix)).check(piece);
    onPiece(piece, prefix);
  };
  // Fatal: a byte that is not UTF-8 (a part saved in GBK or UTF-16, a damaged file) refuses
  // the workbook, rather than a name read with U+FFFD in it and loaded as it is
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const decode = (chunk?: Uint8Array): string => {
    try {
      return chunk === undefined ? utf8.decode() : utf8.decode(chunk, { stream: true });
    } catch {
      throw corrupt(`“${entry.name}”含有不是 UTF-8 编码的内容（可能以 GBK、UTF-16 等编码保存，或文件已损坏）；请在 Excel/WPS 中打开后另存为 .xlsx 再提交`);
    }
  };
  let prefix: string | null = null;
  let closeTag = '';
  let head = '';
  let pending: string[] = [];
  let tail = '';
  const feed = (t: string) => {
    const L = closeTag.length;
    let endInT = -1;
    const k = t.lastIndexOf(closeTag);
    if (k >= 0) endInT = k + L;
    else if (tail) {
      // The closing tag may straddle the previous text and this one.
      const edge = tail + t.slice(0, L - 1);
      const j = edge.lastIndexOf(closeTag);
      if (j >= 0) endInT = j + L - tail.length;
    }
    if (endInT < 0) {
      pending.push(t);
      tail = (tail + t).slice(-(L - 1));
      return;
    }
    pending.push(t.slice(0, endInT));
    emit(pending.length === 1 ? pending[0]! : pending.join(''), prefix!);
    const rest = t.slice(endInT);
    pending = rest ? [rest] : [];
    tail = rest.slice(-(L - 1));
  };
  const start = (t: string): boolean => {
    head += t;
    const m = /<(?![?!])([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/.exec(head);
    if (!m) {
      checkProlog(head, entry.name);
      if (head.length > MiB) throw corrupt(`“${entry.name}”不是有效的 XML`);
      return false;
    }
    checkProlog(head.slice(0, m.index), entry.name);
    if (m[2] !== root) throw corrupt(`“${entry.name}”的根元素是 ${m[2]}，应为 ${root}`);
    prefix = m[1] ?? '';
    closeTag = `</${prefix}${closeLocal}>`;
    const all = head;
    head = '';
    feed(all);
    return true;
  };
  // Comments are never data, also when one spans chunks.
  const comments = new CommentStripper();
  for await (const chunk of zip.chunks(entry)) {
    const t = comments.push(decode(chunk));
    if (!t) continue;
    if (prefix === null) start(t);
    else feed(t);
  }
  const last = comments.push(decode()) + comments.end();
  if (prefix === null) {
    if (!start(last)) throw corrupt(`“${entry.name}”不是有效的 XML`);
  } else if (last) feed(last);
  if (pending.length) emit(pending.join(''), prefix!);
}

// ---------------------------------------------------------------------------------------
// Shared strings

async function readSharedStrings(zip: ZipFile, entry: ZipEntry, max: number): Promise<string[]> {
  const out: string[] = [];
  const tooMany = () =>
    new SheetTooLarge(`的共享字符串表有超过 ${formatNumber(max)} 个字符串，超过一个工作簿的单元格上限，未读取；请删去多余的内容后重新提交`);
  let tags: Tags | null = null;
  let siOpen = '';
  let siClose = '';
  await scanEntry(zip, entry, 'sst', 'si', (s, p) => {
    if (tags === null) {
      tags = tagsFor(p);
      siOpen = `<${p}si`;
      siClose = `</${p}si>`;
    }
    let i = 0;
    while (true) {
      const k = s.indexOf(siOpen, i);
      if (k < 0) break;
      const n = k + siOpen.length;
      if (!isDelim(s.charCodeAt(n))) {
        i = n;
        continue;
      }
      const gt = s.indexOf('>', n);
      if (gt < 0) throw corrupt('共享字符串表的 XML 格式错误');
      if (out.length >= max) throw tooMany();
      if (s.charCodeAt(gt - 1) === 47) {
        out.push('');
        i = gt + 1;
        continue;
      }
      const e = s.indexOf(siClose, gt);
      if (e < 0) throw corrupt('共享字符串表的 XML 格式错误');
      out.push(richText(s, gt + 1, e, tags));
      i = e + siClose.length;
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------
// Styles: which cell formats (cellXfs index) show a date

const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58]);

const PERCENT_FORMAT_IDS = new Set([9, 10]);

/**
 * Built-in formats that show a number otherwise than as stored: scientific (11 `0.00E+00`, 48
 * `##0.0E+0`: 45 as 4.50E+01, or 5E+1) and times of day (18–21 `h:mm`…, 45–47 `mm:ss`…: 40 as
 * 0:00). The tenth workbook attack loaded each as the number stored, with no word. And the
 * Chinese locale's times (32–35 `h"时"mm"分"`…, 55–56 `上午/下午h"时"mm"分"`…: 190 as 0时00分),
 * which the twelfth read as 190.
 */
const OTHERWISE_FORMAT_IDS = new Set([11, 18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 48, 55, 56]);

/** A built-in number format's kind (as parseNumberStyles numbers them), by its id. */
function builtinFormatKind(id: number): FormatKind {
  return { kind: DATE_FORMAT_IDS.has(id) ? 1 : PERCENT_FORMAT_IDS.has(id) ? 2 : OTHERWISE_FORMAT_IDS.has(id) ? 4 : 0, suffix: null };
}


/** Cell formats and number formats a workbook may define: Excel allows 64,000 formats. */
const MAX_STYLES = 65_536;
/** Characters of a number format code: Excel allows 255. */
const MAX_FORMAT_CODE = 255;

/** Whether a number format code shows a per cent (`0%`, `0.0%`), outside quoted text. */
export function isPercentFormat(code: string): boolean {
  return /%/.test(firstSection(code).replace(/"[^"]*"/g, '').replace(/\\./g, ''));
}

/**
 * Whether a number format shows numbers scaled down by thousands: a `,` after the last digit
 * placeholder of the positive section (`#,##0,` → 8000 shows as 8; `0.0,,`; `0!.0,"万"` →
 * 100000 shows as 10.0万), outside quoted and escaped text. A `,` between placeholders is the
 * thousands separator.
 */
export function isScalingFormat(code: string): boolean {
  return /[0#?],+(?![,]*[0#?])/.test(withoutLiterals(firstSection(code)));
}

/** A format section without what it shows as written: quoted and escaped text, [colours and locales], _ and * fills. */
function withoutLiterals(section: string): string {
  return section.replace(/"[^"]*"/g, '').replace(/[\\!]./g, '').replace(/\[[^\]]*\]/g, '').replace(/[_*]./g, '');
}

/**
 * Whether a number format shows a positive number as nothing or as text alone: `;;;`, `"—"`,
 * `"-"` (the number is stored, Excel shows no number; the fifth workbook attack: a cell that
 * showed — was counted).
 */
export function hidesNumber(code: string): boolean {
  const first = firstSection(code);
  if (first.trim() === '') return code.includes(';');
  return !/[0#?@]|General|G\/通用格式/i.test(withoutLiterals(first));
}

/**
 * The literal a number format shows after the number when it holds a magnitude or a unit
 * (`0"万人"` shows 3 as 3万人, `0.0\万` as 3.0万, `#,##0"元"` 38 as 38元): the cell is then read
 * as it shows, number and literal, so that 3万人 in a column of 人 and 38元 in a column of 万元
 * are refused as the text would be, and 38万元 in a column of 万元 read as 38 (the fifth and sixth
 * workbook attacks: 3 with 0"万人" was read as 3 volunteers, 320000 with "元" as 320000 万元).
 * Null otherwise.
 */
export function unitSuffix(code: string): string | null {
  const first = firstSection(code);
  const m = /[0#?][^"\\]*((?:"[^"]*"|\\.)+)\s*$/.exec(first.replace(/\[[^\]]*\]/g, ''));
  if (!m) return null;
  const literal = m[1]!.replace(/"([^"]*)"/g, '$1').replace(/\\(.)/g, '$1');
  return /[万千百亿元人张床个家所处座项例具户次名位]/.test(literal) ? literal : null;
}

/**
 * For each cellXfs entry: 1 when its number format shows a date, 2 when it shows a per
 * cent (Excel stores 37% as 0.37: the grid then holds the text `37%`, as the user sees
 * it), 3 when it shows the number scaled down (the grid then holds the number and
 * `SCALED_DISPLAY`, which the parser rejects), 4 when it shows no number (`HIDDEN_DISPLAY`,
 * rejected too), 5 when it shows a magnitude or unit after the number (read as shown: the
 * literal is in `suffixes` at the style's index), 0 otherwise.
 */
function parseNumberStyles(xml: string): { kinds: Uint8Array; suffixes: (string | undefined)[]; struck: Uint8Array; dxfOtherwise: ReadonlySet<number> } {
  const clean = stripComments(xml);
  const ns = rootPrefix(clean, 'styleSheet') ?? '';
  const custom = new Map<number, string>();
  for (const a of startTags(section(clean, 'numFmts', ns) ?? '', 'numFmt', ns, MAX_STYLES)) {
    const code = a.get('formatCode') ?? '';
    // Excel's own limit; the patterns below are not run on longer codes (a code of 100,000
    // characters had taken 8 s in one of them, for each style: the seventh workbook attack)
    if (code.length > MAX_FORMAT_CODE) throw corrupt(`数字格式超过 ${MAX_FORMAT_CODE} 个字符（Excel 不允许），文件可能被其他程序改动过`);
    custom.set(Number(a.get('numFmtId')), code);
  }
  const xfs = startTags(section(clean, 'cellXfs', ns) ?? '', 'xf', ns, MAX_STYLES);
  const out = new Uint8Array(xfs.length);
  const fills = fillAligned(section(clean, 'cellXfs', ns) ?? '', ns, xfs.length);
  // the fonts that strike their text through, and the styles that use one (an office crosses out a row, or a figure)
  const fonts = elementBodies(section(clean, 'fonts', ns) ?? '', ns, 'font');
  const struckFonts = fontsStruck(fonts, ns);
  // and those white, on a cell not filled with a colour: a figure nobody sees (the tenth workbook attack)
  const whiteFonts = fontsWhite(fonts, ns);
  const plainFills = fillsPlain(section(clean, 'fills', ns) ?? '', ns);
  const struck = new Uint8Array(xfs.length);
  const suffixes: (string | undefined)[] = [];
  /** A custom code's kind and suffix, once per code. */
  const byCode = new Map<string, FormatKind>();
  xfs.forEach((a, i) => {
    const id = Number(a.get('numFmtId') ?? 0);
    const code = custom.get(id);
    let k: FormatKind;
    if (code === undefined) {
      k = builtinFormatKind(id);
    } else {
      k = byCode.get(code) ?? numberFormatKind(code);
      byCode.set(code, k);
    }
    out[i] = k.kind | (k.zero ? STYLE_ZERO_OTHERWISE : 0) | (k.text ? STYLE_TEXT_OTHERWISE : 0);
    // a cell filled with its own content (horizontal="fill" repeats it: 4 shows as 44444444)
    if (fills[i]) out[i] = 4 | STYLE_TEXT_OTHERWISE;
    if (whiteFonts[Number(a.get('fontId') ?? 0)] && (plainFills[Number(a.get('fillId') ?? 0)] ?? true)) out[i] = 4 | STYLE_TEXT_OTHERWISE;
    if (k.kind === 5) suffixes[i] = k.suffix!;
    if (struckFonts[Number(a.get('fontId') ?? 0)]) struck[i] = 1;
  });
  // the conditional formats (dxf) that show a number otherwise: another number format's kind, or a white font
  const dxfOtherwise = new Set<number>();
  const dxfFormat = new RegExp(`<${escapeRegExp(ns)}numFmt(?=[\\s/>])([^>]*)>`);
  const dxfColor = new RegExp(`<${escapeRegExp(ns)}font(?=[\\s/>])[^]*?<${escapeRegExp(ns)}color(?=[\\s/>])([^>]*)>`);
  elementBodies(section(clean, 'dxfs', ns) ?? '', ns, 'dxf').forEach((body, i) => {
    const nf = dxfFormat.exec(body);
    if (nf) {
      const a = parseAttrs(nf[1]!);
      const id = Number(a.get('numFmtId') ?? -1);
      const code = a.get('formatCode') ?? custom.get(id);
      const k = code !== undefined ? numberFormatKind(code) : builtinFormatKind(id);
      if (k.kind !== 0 || k.zero) dxfOtherwise.add(i);
    }
    const color = dxfColor.exec(body);
    if (color && isWhite(color[1]!)) dxfOtherwise.add(i);
  });
  return { kinds: out, suffixes, struck, dxfOtherwise };
}

/**
 * For each `<xf>` of a list, whether its alignment fills the cell with its content
 * (`<alignment horizontal="fill"/>`: Excel repeats it across the cell, 4 as 44444444, 40 as
 * 404040: the tenth workbook attack). Read xf by xf with indexOf; none when the count of xf
 * read differs from `count` (the list's start tags), which says the part is not as Excel writes it.
 */
function fillAligned(list: string, ns: string, count: number): boolean[] {
  if (!list.includes('fill')) return [];
  const fill = new RegExp(`<${escapeRegExp(ns)}alignment(?=[\\s/>])[^>]*\\bhorizontal\\s*=\\s*["']\\s*fill\\s*["']`);
  const out = elementBodies(list, ns, 'xf').map((body) => fill.test(body));
  return out.length === count ? out : [];
}

/** The styles' lists by name, for the message when one is longer than Excel allows. */
const LIST_NAMES: Readonly<Record<string, string>> = { font: '字体', fill: '填充', xf: '单元格格式', dxf: '条件格式' };

/**
 * Each element `<{ns}{local}>` of a list, in order: its body, or its own tag when it closes itself;
 * more than MAX_STYLES is a part Excel does not write. Read with indexOf, element by element (a
 * pattern over the list had rescanned the rest of the part for each unclosed element).
 */
function elementBodies(list: string, ns: string, local: string): string[] {
  const out: string[] = [];
  const open = `<${ns}${local}`;
  const close = `</${ns}${local}`;
  let k = 0;
  for (;;) {
    const at = list.indexOf(open, k);
    if (at < 0) break;
    if (!isDelim(list.charCodeAt(at + open.length))) {
      k = at + open.length;
      continue;
    }
    if (out.length >= MAX_STYLES) throw corrupt(`样式表中的${LIST_NAMES[local] ?? ` ${local} `}超过 ${formatNumber(MAX_STYLES)} 个，文件可能被其他程序改动过`);
    const gt = list.indexOf('>', at);
    if (gt < 0) break;
    if (list.charCodeAt(gt - 1) === 47) {
      out.push(list.slice(at, gt + 1));
      k = gt + 1;
      continue;
    }
    const end = list.indexOf(close, gt);
    out.push(list.slice(at, end < 0 ? list.length : end));
    if (end < 0) break;
    k = end + close.length;
  }
  return out;
}

/** For each `<font>` of the styles' font list (its bodies, elementBodies), whether its colour is white. */
function fontsWhite(fonts: readonly string[], ns: string): boolean[] {
  const color = new RegExp(`<${escapeRegExp(ns)}color(?=[\\s/>])([^>]*)>`);
  return fonts.map((body) => {
    const m = color.exec(body);
    return !!m && isWhite(m[1]!);
  });
}

/** For each `<fill>` of the styles' fill list, whether it leaves the cell white: no pattern (or Excel's reserved gray125), or a solid white. */
function fillsPlain(fills: string, ns: string): boolean[] {
  return elementBodies(fills, ns, 'fill').map((body) => {
    const type = /\bpatternType\s*=\s*["']\s*(\w+)/.exec(body)?.[1];
    if (/<(?:\w+:)?gradientFill/.test(body)) return false;
    if (type === undefined || type === 'none' || type === 'gray125' || type === 'gray0625') return true;
    const fg = /<(?:\w+:)?fgColor(?=[\s/>])([^>]*)>/.exec(body);
    return type === 'solid' && fg !== null && isWhite(fg[1]!);
  });
}

/**
 * For each `<font>` of the styles' font list (its bodies, elementBodies), whether it strikes its
 * text through (`<strike/>`, `<strike val="1"/>`).
 */
function fontsStruck(fonts: readonly string[], ns: string): boolean[] {
  const strike = new RegExp(`<${escapeRegExp(ns)}strike(?=[\\s/>])([^>]*)>`);
  return fonts.map((body) => {
    const m = strike.exec(body);
    return !!m && isOn(m[1]!);
  });
}

/**
 * A custom number format's kind (as `parseNumberStyles` numbers them) and, for kind 5, its
 * suffix. The section that shows a positive number decides; when a condition chooses the
 * section by the value (`[<0]0;"—"` shows 54 by its second section, `[>=100]…`), every one of
 * the first three sections could, and they must agree, else what shows is not the number as
 * stored (kind 4). So is a section that writes digits of its own around the number
 * (`0"000"`, `0\0\0\0` show 54 as 54000, `"1"0` as 154): the seventh workbook attack, where
 * each of these had loaded 54 with no word.
 */
export function numberFormatKind(code: string): FormatKind {
  const sections = formatSections(code);
  const conditional = sections.some((x) => /\[\s*[<>=]/.test(withoutQuoted(x)));
  // an empty section of several shows nothing (`;;;`, as hidesNumber says of a whole code)
  const kinds = (conditional ? sections.slice(0, 3) : sections.slice(0, 1)).map((x) => (sections.length > 1 && x.trim() === '' ? { kind: 4, suffix: null } : sectionKind(x)));
  if (kinds.length === 0) return { kind: 0, suffix: null };
  const first = kinds[0]!;
  const flags = otherwise(sections, conditional);
  if (kinds.some((k) => k.kind !== first.kind || k.suffix !== first.suffix)) return { kind: 4, suffix: null, ...flags };
  return { ...first, ...flags };
}

/** A number format's kind (as parseNumberStyles numbers them), suffix, and whether a zero or a text shows otherwise than as stored. */
export interface FormatKind {
  kind: number;
  suffix: string | null;
  zero?: true;
  text?: true;
}

/**
 * Whether a format's third section shows a zero otherwise than as 0: as nothing (`#,##0;-#,##0;`,
 * which hides zeros: a blank is missing to the contract, and 0 was loaded) or with digits of its
 * own (`0;-0;"40"`: 40 shows where 0 is stored). A dash or a word (`0;-0;"—"`, the accounting
 * formats' "-") says zero, as read. And whether its fourth section shows a text otherwise than
 * as stored (no `@`: `;;;` hides it, `0;-0;0;"45"` shows 45 for any text). The tenth workbook attack.
 */
function otherwise(sections: readonly string[], conditional: boolean): { zero?: true; text?: true } {
  const out: { zero?: true; text?: true } = {};
  const zero = !conditional && sections.length >= 3 ? sections[2]! : null;
  if (zero !== null && (zero.trim() === '' || showsOwnDigits(zero))) out.zero = true;
  const text = sections.length >= 4 ? sections[3]! : null;
  if (text !== null && !/@/.test(withoutLiterals(text))) out.text = true;
  return out;
}

function sectionKind(x: string): { kind: number; suffix: string | null } {
  const kind = formatKind(x);
  if (kind === 'date') return { kind: 1, suffix: null };
  // a time of day (40 as 960:00 or 0:00), scientific notation (45 as 5E+1) or a figure said as
  // approximate (40 as 40余, 20 as 约20): not the number as stored (the tenth workbook attack;
  // typed as text, 5E+1 and 40余 are refused too)
  if (kind === 'time' || /E[+-]/i.test(withoutLiterals(x)) || APPROXIMATE.test(x.replace(/\[[^\]]*\]/g, ''))) return { kind: 4, suffix: null };
  // a number shown in white ([White]0, [白色]0, [Color2]0): nothing to see on the sheet's white
  if (/\[\s*(?:white|白色|color\s*0*2)\s*\]/i.test(withoutQuoted(x))) return { kind: 4, suffix: null };
  if (isPercentFormat(x)) return { kind: 2, suffix: null };
  if (isScalingFormat(x)) return { kind: 3, suffix: null };
  if (kind === null && (hidesNumber(x) || showsOwnDigits(x))) return { kind: 4, suffix: null };
  const suffix = unitSuffix(x);
  return suffix !== null ? { kind: 5, suffix } : { kind: 0, suffix: null };
}

/** The sections of a format code, split at `;` outside quoted and escaped text. */
function formatSections(code: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    if (ch === '"') {
      const end = code.indexOf('"', i + 1);
      i = end < 0 ? code.length : end;
    } else if (ch === '\\' || ch === '!') {
      i++;
    } else if (ch === ';') {
      out.push(code.slice(start, i));
      start = i + 1;
    }
  }
  out.push(code.slice(start));
  return out;
}

/** The first section of a format code, the one that shows a positive number (without a condition). */
function firstSection(code: string): string {
  return formatSections(code)[0]!;
}

/** A section without its quoted text. */
function withoutQuoted(x: string): string {
  return x.replace(/"[^"]*"/g, '');
}

/** Whether a section writes digits as text (quoted, escaped with \ or !, or repeated to fill the cell with *) beside the number's own. */
function showsOwnDigits(x: string): boolean {
  // `0*0` fills the cell with zeros after the number: 4 shows as 40000000000 (the tenth workbook attack)
  for (const m of x.matchAll(/"([^"]*)"|[\\!*](.)/g)) if (/\d/.test(m[1] ?? m[2] ?? '')) return true;
  return false;
}

/** Words a format may write beside a number that make it approximate (40余, 约20, 40左右). */
const APPROXIMATE = /[约余多逾≈～~]|左右|以上|以下|不足|超过|上下/;

/**
 * Whether a number format code shows a date (`yyyy-mm-dd`, `yyyy"年"m"月"`), only a time of
 * day (`h:mm`, `[h]:mm:ss`), or neither (`0.00`, `#,##0"人"`, `0%`).
 */
export function formatKind(code: string): 'date' | 'time' | null {
  let f = firstSection(code);
  f = f
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[(?:h+|m+|s+)\]/gi, 'h')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/General|G\/通用格式|AM\/PM|A\/P|上午\/下午/gi, '');
  const hasTime = /[hs]/i.test(f);
  if (/[yd]/i.test(f) || (/m/i.test(f) && !hasTime)) return 'date';
  return hasTime ? 'time' : null;
}

