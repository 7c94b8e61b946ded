/**
 * Reads an xlsx workbook into a `WorkbookGrid` (cached cell values per sheet).
 *
 * The zip is read with guards (`zip.ts`): declared sizes are checked before anything is
 * inflated and inflation stops as soon as the bytes produced exceed what was declared or
 * allowed. Only the parts needed are inflated: the workbook and its relationships, styles
 * (for date formats), shared strings and the worksheets, one at a time.
 *
 * Sheet XML is scanned by hand, no DOM: as UTF-8 bytes straight from the inflater, chunk by
 * chunk, so that the inflater works on the next chunk in the thread pool while this thread
 * scans the current one. Only string values are decoded; the sheet's XML is never decoded or
 * held whole (≈0.6–1 s CPU for 200k rows × 8 columns, 64 MB of XML). Shared strings are
 * decoded to text chunk by chunk and scanned with indexOf.
 */
import { posix } from 'node:path';
import type { CellValue, MergeRange, SheetGrid, WorkbookGrid } from '../../basics/grid.ts';
import { ZipError, ZipFile, type ZipEntry, type ZipErrorReason, type ZipLimits } from './zip.ts';

export type WorkbookErrorReason = ZipErrorReason;

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

export type WorkbookLimits = ZipLimits;

const MiB = 1024 * 1024;

export const DEFAULT_WORKBOOK_LIMITS: Readonly<WorkbookLimits> = Object.freeze({
  maxTotalUncompressed: 256 * MiB,
  maxEntryUncompressed: 128 * MiB,
  maxCompressionRatio: 200,
  ratioMinSize: 1 * MiB,
  maxEntries: 10_000,
});

/** Excel's grid: 1,048,576 rows × 16,384 columns. */
const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;

/**
 * Reads `file` into a grid of cached values per sheet, in tab order (chart sheets skipped).
 * Throws `WorkbookError` for a file that is not an xlsx, is encrypted, corrupt or a zip
 * bomb; file-system errors (missing file, no permission) are passed through as they are.
 */
export async function readWorkbook(file: string, limits: Partial<WorkbookLimits> = {}): Promise<WorkbookGrid> {
  const lim: WorkbookLimits = { ...DEFAULT_WORKBOOK_LIMITS, ...limits };
  let zip: ZipFile;
  try {
    zip = await ZipFile.open(file, lim);
  } catch (err) {
    throw asWorkbookError(file, err);
  }
  try {
    return { file, sheets: await readSheets(zip) };
  } catch (err) {
    throw asWorkbookError(file, err);
  } finally {
    await zip.close();
  }
}

function asWorkbookError(file: string, err: unknown): unknown {
  if (err instanceof ZipError) return new WorkbookError(file, err.reason, `文件“${file}”${err.message}`);
  return err;
}

const corrupt = (detail: string) => new ZipError('corrupt', `已损坏：${detail}`);

// ---------------------------------------------------------------------------------------
// Package structure: workbook, relationships, styles

interface Relationship {
  id: string;
  type: string;
  /** Zip entry name the relationship points at ('' for an external target). */
  target: string;
}

async function readSheets(zip: ZipFile): Promise<SheetGrid[]> {
  let workbookPath = 'xl/workbook.xml';
  const rootRels = zip.get('_rels/.rels');
  if (rootRels) {
    const office = parseRels(await zip.text(rootRels), '').find((r) => r.type.endsWith('/officeDocument'));
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
  const workbookXml = stripComments(await zip.text(workbookEntry));
  if (rootPrefix(workbookXml, 'workbook') === null) {
    throw new ZipError('not_xlsx', '不是有效的 xlsx 工作簿（主体文档不是 Excel 工作簿，可能是 Word/PowerPoint 等文件改了扩展名）');
  }
  const dir = posix.dirname(workbookEntry.name);
  const base = dir === '.' ? '' : dir;
  const relsEntry = zip.get(`${base ? base + '/' : ''}_rels/${posix.basename(workbookEntry.name)}.rels`);
  const rels = relsEntry ? parseRels(await zip.text(relsEntry), base) : [];
  const relById = new Map(rels.map((r) => [r.id, r]));

  const workbookPr = startTags(workbookXml, 'workbookPr')[0];
  const date1904 = workbookPr !== undefined && /^(1|true)$/i.test(workbookPr.get('date1904') ?? '');
  const sheetsSection = section(workbookXml, 'sheets') ?? '';
  const sheetTags = startTags(sheetsSection, 'sheet');

  const partOf = (typeSuffix: string, fallback: string): ZipEntry | undefined => {
    const rel = rels.find((r) => r.type.endsWith(typeSuffix));
    return (rel?.target ? zip.get(rel.target) : undefined) ?? zip.get(fallback);
  };
  const stylesEntry = partOf('/styles', `${base}/styles.xml`);
  const dateStyles = stylesEntry ? parseDateStyles(await zip.text(stylesEntry)) : new Uint8Array(0);
  const sstEntry = partOf('/sharedStrings', `${base}/sharedStrings.xml`);
  const sst = sstEntry ? await readSharedStrings(zip, sstEntry) : [];

  const sheets: SheetGrid[] = [];
  for (const tag of sheetTags) {
    const name = tag.get('name') ?? '';
    let rid: string | undefined;
    for (const [k, v] of tag) if (k.endsWith(':id')) rid = v;
    const rel = rid === undefined ? undefined : relById.get(rid);
    if (!rel) throw corrupt(`工作表“${name}”在工作簿中没有对应的数据部件`);
    if (!rel.type.endsWith('/worksheet')) continue; // chart sheet, dialog sheet, macro sheet
    const entry = rel.target ? zip.get(rel.target) : undefined;
    if (!entry) throw corrupt(`缺少工作表“${name}”的数据（${rel.target}）`);
    const scanner = new SheetScanner(name, sst, dateStyles, date1904);
    await scanWorksheet(zip, entry, scanner);
    sheets.push(scanner.finish());
  }
  return sheets;
}

function parseRels(xml: string, base: string): Relationship[] {
  const out: Relationship[] = [];
  for (const a of startTags(stripComments(xml), 'Relationship')) {
    const id = a.get('Id') ?? '';
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
  return xml.indexOf('<!--') < 0 ? xml : xml.replace(/<!--[\s\S]*?-->/g, '');
}

/** The namespace prefix of the root element (`''` or `'x:'`), or null if the root is not `local`. */
function rootPrefix(xml: string, local: string): string | null {
  const m = /<(?![?!])([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/.exec(xml);
  if (!m || m[2] !== local) return null;
  return m[1] ?? '';
}

/** Attributes of every start tag `<local …>` (any prefix), in document order. */
function startTags(xml: string, local: string): Map<string, string>[] {
  const re = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${local}(?=[\\s/>])([^>]*)>`, 'g');
  const out: Map<string, string>[] = [];
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(parseAttrs(m[1] ?? ''));
  return out;
}

function parseAttrs(s: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const re = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    attrs.set(m[1]!, decodeEntities((m[2] ?? m[3] ?? '').replace(/[\t\n\r]/g, ' ')));
  }
  return attrs;
}

/** The content of the first `<local>…</local>` element (any prefix). */
function section(xml: string, local: string): string | undefined {
  const m = new RegExp(`<([A-Za-z_][\\w.-]*:)?${local}(?=[\\s/>])[^>]*>`).exec(xml);
  if (!m || m[0].endsWith('/>')) return undefined;
  const start = m.index + m[0].length;
  const end = xml.indexOf(`</${m[1] ?? ''}${local}>`, start);
  return end < 0 ? undefined : xml.slice(start, end);
}

// ---------------------------------------------------------------------------------------
// Text

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name]!;
    const cp = dec !== undefined ? parseInt(dec, 10) : parseInt(hex!, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

/**
 * Text content as Excel meant it: line ends normalised as an XML parser does, entities,
 * then the `_xHHHH_` escapes of ST_Xstring (`_x000D_` = CR, `_x005F_` = a literal `_`).
 */
function xmlText(raw: string): string {
  let s = raw;
  if (s.indexOf('\r') >= 0) s = s.replace(/\r\n?/g, '\n');
  if (s.indexOf('&') >= 0) s = decodeEntities(s);
  if (s.indexOf('_x') >= 0) s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

/**
 * A copy of `s` that does not point into the chunk it was sliced from (V8 keeps the whole
 * parent string alive behind a slice of 13 characters or more): without this, the grid
 * would hold on to the sheet's XML.
 */
function own(s: string): string {
  return s.length >= 13 ? (s + '\u0000').slice(0, -1) : s;
}

/**
 * The text of a `<si>` or `<is>` whose content is s[from, to): its `<t>` runs, plain or
 * inside rich-text runs `<r>`, without phonetic runs `<rPh>`.
 */
function richText(s: string, from: number, to: number, tags: Tags): string {
  // Fast path: a single <t>…</t>.
  if (s.startsWith(tags.tOpen, from)) {
    const e = s.indexOf(tags.tClose, from + tags.tOpen.length);
    if (e >= 0 && e + tags.tClose.length === to) return own(xmlText(s.slice(from + tags.tOpen.length, e)));
  }
  let out = '';
  let k = from;
  const plen = tags.p.length;
  while (true) {
    const lt = s.indexOf('<', k);
    if (lt < 0 || lt >= to) break;
    const n = lt + 1 + plen;
    if (s.charCodeAt(lt + 1) === 47 || (plen > 0 && !s.startsWith(tags.p, lt + 1))) {
      k = lt + 1;
      continue;
    }
    if (s.charCodeAt(n) === 116 /* t */ && isDelim(s.charCodeAt(n + 1))) {
      const gt = s.indexOf('>', n);
      if (gt < 0 || gt >= to) throw corrupt('共享字符串或单元格文本的 XML 格式错误');
      if (s.charCodeAt(gt - 1) === 47) {
        k = gt + 1;
        continue;
      }
      const e = s.indexOf(tags.tClose, gt);
      if (e < 0 || e > to) throw corrupt('共享字符串或单元格文本的 XML 格式错误');
      out += xmlText(s.slice(gt + 1, e));
      k = e + tags.tClose.length;
      continue;
    }
    if (s.startsWith('rPh', n) && isDelim(s.charCodeAt(n + 3))) {
      const gt = s.indexOf('>', n);
      if (gt >= 0 && s.charCodeAt(gt - 1) === 47) {
        k = gt + 1;
        continue;
      }
      const e = s.indexOf(tags.rPhClose, n);
      k = e < 0 || e > to ? to : e + tags.rPhClose.length;
      continue;
    }
    k = n;
  }
  return own(out);
}

/** Whitespace, `>` or `/`: what may follow an element name. */
function isDelim(c: number): boolean {
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

interface Tags {
  p: string;
  tOpen: string;
  tClose: string;
  rPhClose: string;
}

function tagsFor(p: string): Tags {
  return { p, tOpen: `<${p}t>`, tClose: `</${p}t>`, rPhClose: `</${p}rPh>` };
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
  const decoder = new TextDecoder('utf-8');
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
    onPiece(pending.length === 1 ? pending[0]! : pending.join(''), prefix!);
    const rest = t.slice(endInT);
    pending = rest ? [rest] : [];
    tail = rest.slice(-(L - 1));
  };
  const start = (t: string): boolean => {
    head += t;
    const m = /<(?![?!])([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]/.exec(head);
    if (!m) {
      if (head.length > MiB) throw corrupt(`“${entry.name}”不是有效的 XML`);
      return false;
    }
    if (m[2] !== root) throw corrupt(`“${entry.name}”的根元素是 ${m[2]}，应为 ${root}`);
    prefix = m[1] ?? '';
    closeTag = `</${prefix}${closeLocal}>`;
    const all = head;
    head = '';
    feed(all);
    return true;
  };
  for await (const chunk of zip.chunks(entry)) {
    const t = decoder.decode(chunk, { stream: true });
    if (prefix === null) start(t);
    else feed(t);
  }
  const last = decoder.decode();
  if (prefix === null) {
    if (!start(last)) throw corrupt(`“${entry.name}”不是有效的 XML`);
  } else if (last) feed(last);
  if (pending.length) onPiece(pending.join(''), prefix!);
}

// ---------------------------------------------------------------------------------------
// Shared strings

async function readSharedStrings(zip: ZipFile, entry: ZipEntry): Promise<string[]> {
  const out: string[] = [];
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
const TIME_FORMAT_IDS = new Set([18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56]);

const PERCENT_FORMAT_IDS = new Set([9, 10]);

/** Whether a number format code shows a per cent (`0%`, `0.0%`), outside quoted text. */
export function isPercentFormat(code: string): boolean {
  return /%/.test((code.split(';')[0] ?? '').replace(/"[^"]*"/g, '').replace(/\\./g, ''));
}

/**
 * For each cellXfs entry: 1 when its number format shows a date, 2 when it shows a per
 * cent (Excel stores 37% as 0.37: the grid then holds the text `37%`, as the user sees
 * it), 0 otherwise.
 */
function parseDateStyles(xml: string): Uint8Array {
  const clean = stripComments(xml);
  const custom = new Map<number, string>();
  for (const a of startTags(section(clean, 'numFmts') ?? '', 'numFmt')) {
    custom.set(Number(a.get('numFmtId')), a.get('formatCode') ?? '');
  }
  const xfs = startTags(section(clean, 'cellXfs') ?? '', 'xf');
  const out = new Uint8Array(xfs.length);
  xfs.forEach((a, i) => {
    const id = Number(a.get('numFmtId') ?? 0);
    const code = custom.get(id);
    const kind = code !== undefined ? formatKind(code) : DATE_FORMAT_IDS.has(id) ? 'date' : TIME_FORMAT_IDS.has(id) ? 'time' : null;
    out[i] = kind === 'date' ? 1 : (code !== undefined ? isPercentFormat(code) : PERCENT_FORMAT_IDS.has(id)) ? 2 : 0;
  });
  return out;
}

/**
 * Whether a number format code shows a date (`yyyy-mm-dd`, `yyyy"年"m"月"`), only a time of
 * day (`h:mm`, `[h]:mm:ss`), or neither (`0.00`, `#,##0"人"`, `0%`).
 */
export function formatKind(code: string): 'date' | 'time' | null {
  let f = code.split(';')[0] ?? '';
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

// ---------------------------------------------------------------------------------------
// Worksheets: scanned as bytes, straight from the inflater

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

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
async function scanWorksheet(zip: ZipFile, entry: ZipEntry, scanner: SheetScanner): Promise<void> {
  let win = Buffer.allocUnsafe(MiB);
  let len = 0;
  let close: Buffer | null = null;
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
    if (m[2] !== 'worksheet') throw corrupt(`“${entry.name}”的根元素是 ${m[2]}，应为 worksheet`);
    const prefix = m[1] ?? '';
    scanner.setPrefix(prefix);
    return ascii(`</${prefix}row>`);
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
    scanner.scan(win.subarray(0, cut));
    win.copyWithin(0, cut, len);
    len -= cut;
  }
  if (close === null && detect() === null) throw corrupt(`“${entry.name}”不是有效的 XML`);
  scanner.scan(win.subarray(0, len));
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

function findByte(b: Buffer, c: number, from: number): number {
  const end = b.length;
  for (let k = from; k < end; k++) if (b[k] === c) return k;
  return -1;
}

/** Scans worksheet XML, piece by piece, into a `SheetGrid`. */
class SheetScanner {
  private readonly name: string;
  private readonly sst: string[];
  private readonly dateStyles: Uint8Array;
  private readonly date1904: boolean;
  private readonly rows: CellValue[][] = [];
  private readonly merges: MergeRange[] = [];
  private readonly uncached: { r: number; c: number }[] = [];
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
  private vClose = ascii('</v>');
  private cClose = ascii('</c>');
  private fClose = ascii('</f>');
  private isClose = ascii('</is>');
  private vcClose = ascii('</v></c>');
  private mergeCell = ascii('mergeCell');

  constructor(name: string, sst: string[], dateStyles: Uint8Array, date1904: boolean) {
    this.name = name;
    this.sst = sst;
    this.dateStyles = dateStyles;
    this.date1904 = date1904;
  }

  private bad(what: string): ZipError {
    return corrupt(`工作表“${this.name}”的 XML 格式错误（${what}）`);
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
    this.vClose = ascii(`</${p}v>`);
    this.cClose = ascii(`</${p}c>`);
    this.fClose = ascii(`</${p}f>`);
    this.isClose = ascii(`</${p}is>`);
    this.vcClose = ascii(`</${p}v></${p}c>`);
  }

  /** Scans a piece of the sheet's XML that ends after a complete element. */
  scan(b: Buffer): void {
    const pb = this.pb;
    const plen = pb.length;
    const end = b.length;
    let i = 0;
    while (i < end) {
      if (b[i] !== 60 /* < */) {
        i++;
        continue;
      }
      const c1 = b[i + 1];
      if (c1 === 47 /* / */) {
        i += 2;
        continue;
      }
      if (c1 === 33 /* ! */ || c1 === 63 /* ? */) {
        const close = c1 === 63 ? '?>' : b[i + 2] === 45 ? '-->' : b[i + 2] === 91 ? ']]>' : '>';
        const e = findBytes(b, ascii(close), i + 2);
        i = e < 0 ? end : e + close.length;
        continue;
      }
      if (plen > 0 && !bytesAt(b, i + 1, pb)) {
        i++;
        continue;
      }
      const n = i + 1 + plen;
      const ch = b[n];
      if (ch === 99 /* c */ && isDelimByte(b[n + 1])) {
        i = this.cell(b, n);
      } else if (ch === 114 /* r */ && b[n + 1] === 111 && b[n + 2] === 119 && isDelimByte(b[n + 3])) {
        i = this.rowStart(b, n + 3);
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
    let ch = b[a];
    while (true) {
      while (ch === 32 || ch === 9 || ch === 10 || ch === 13) ch = b[++a];
      if (ch === 62 /* > */ || ch === 47 /* / */) break;
      if (a >= end) throw this.bad('row 标记不完整');
      const nameStart = a;
      while (a < end && ch! > 32 && ch !== 61 && ch !== 62 && ch !== 47) ch = b[++a];
      const isR = a - nameStart === 1 && b[nameStart] === 114;
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
      a = x + 1;
      ch = b[a];
    }
    if (ch === 47 && b[a + 1] !== 62) throw this.bad('row 标记不完整');
    this.r = r >= 0 ? r : this.r + 1;
    if (this.r >= MAX_ROWS) throw this.bad(`行号 ${this.r + 1} 超出 Excel 的范围`);
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
        let v = 0;
        while (d! >= 48 && d! <= 57) {
          v = v * 10 + d! - 48;
          d = b[++x];
        }
        style = v;
      }
      while (x < end && d !== quote) d = b[++x];
      if (x >= end) throw this.bad('单元格属性不完整');
      if (oneLetter === 116 /* t */) {
        const t0 = b[vs];
        const tl = x - vs;
        type = t0 === 115 ? (tl === 1 ? T_S : T_STR) : t0 === 105 ? T_INLINE : t0 === 98 ? T_B : t0 === 101 ? T_E : t0 === 100 ? T_D : T_N;
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
        if (!numOk) v = b.toString('utf8', vs, x);
      }
    }
    if (next < 0) {
      // General case: <f>, <is>, <v> in any order, possibly with attributes or empty.
      const cEnd = findBytes(b, this.cClose, gt + 1);
      if (cEnd < 0) throw this.bad('单元格缺少结束标记');
      next = cEnd + this.cClose.length;
      const pb = this.pb;
      const plen = pb.length;
      let k = gt + 1;
      while (true) {
        const lt = findByte(b, 60, k);
        if (lt < 0 || lt >= cEnd) break;
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
          if (b[gt2 - 1] === 47) {
            if (c0 === 118) v = '';
            k = gt2 + 1;
            continue;
          }
          const close = c0 === 118 ? this.vClose : this.fClose;
          const e = findBytes(b, close, gt2);
          if (e < 0 || e > cEnd) throw this.bad('单元格内容不完整');
          if (c0 === 118) v = b.toString('utf8', gt2 + 1, e);
          k = e + close.length;
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
          const e = findBytes(b, this.isClose, gt2);
          if (e < 0 || e > cEnd) throw this.bad('单元格内容不完整');
          const region = b.toString('utf8', gt2 + 1, e);
          inline = richText(region, 0, region.length, this.tags);
          k = e + this.isClose.length;
          continue;
        }
        k = m;
      }
    }

    let value: CellValue = null;
    switch (type) {
      case T_N:
        if (!numOk && v !== null && v.length > 0) {
          num = +v;
          numOk = num === num && num !== Infinity && num !== -Infinity;
          if (!numOk) value = xmlText(v); // not a number although it should be: keep the text
        }
        if (numOk) {
          value = num;
          const kind = style < this.dateStyles.length ? this.dateStyles[style] : 0;
          if (kind === 1) value = this.date(num);
          else if (kind === 2) value = `${Number((num * 100).toPrecision(15))}%`;
        }
        break;
      case T_S:
        if (numOk || (v !== null && v.length > 0)) {
          const str = this.sst[numOk ? num : +v!];
          if (str === undefined) throw corrupt(`工作表“${this.name}”引用了不存在的共享字符串（序号 ${numOk ? num : v}）`);
          value = str;
        }
        break;
      case T_STR:
        if (v !== null) value = xmlText(v);
        break;
      case T_INLINE:
        value = inline ?? (v !== null ? xmlText(v) : null);
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
    if (value === null) {
      // A formula whose result was never calculated and saved: its value is unknown.
      if (hasF) this.uncached.push({ r: this.r, c });
      return next;
    }
    this.put(c, value);
    return next;
  }

  /**
   * Stores a value of the current row. A row is built in a reused scratch array and copied
   * out at its end at its exact length: growing arrays push by push left each row with
   * twice the memory it needs, all of which the garbage collector then had to copy.
   */
  private put(c: number, value: CellValue): void {
    if (this.r !== this.rowIndex) this.endRow();
    if (this.rowIndex < 0) {
      // A cell of a new row, or of a row seen before (cells out of order): start or reopen it.
      const existing = this.rows[this.r];
      if (existing !== undefined) {
        this.direct = existing;
      } else {
        this.direct = null;
        this.scratchLen = 0;
      }
      this.rowIndex = this.r;
    }
    const row = this.direct;
    if (row !== null) {
      while (row.length < c) row.push(null);
      row[c] = value;
      return;
    }
    const scratch = this.scratch;
    let n = this.scratchLen;
    if (c < n) {
      scratch[c] = value;
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

  /** Copies the row being built (if any) into `rows`. */
  private endRow(): void {
    if (this.rowIndex >= 0 && this.direct === null && this.scratchLen > 0) {
      const rows = this.rows;
      while (rows.length < this.rowIndex) rows.push([]);
      rows[this.rowIndex] = this.scratch.slice(0, this.scratchLen);
    }
    this.rowIndex = -1;
    this.direct = null;
    this.scratchLen = 0;
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
    this.merges.push({ r1: Math.min(r1, r2), c1: Math.min(c1, c2), r2: Math.max(r1, r2), c2: Math.max(c1, c2) });
  }

  finish(): SheetGrid {
    this.endRow();
    const rows = this.rows;
    for (const row of rows) {
      let n = row.length;
      while (n > 0 && (row[n - 1] === null || row[n - 1] === '')) n--;
      if (n < row.length) row.length = n;
    }
    let n = rows.length;
    while (n > 0 && rows[n - 1]!.length === 0) n--;
    rows.length = n;
    return { name: this.name, rows, merges: this.merges, uncachedFormulas: this.uncached };
  }
}

function colIndex(letters: string): number {
  let c = 0;
  for (const ch of letters.toUpperCase()) c = c * 26 + ch.charCodeAt(0) - 64;
  return c - 1;
}
