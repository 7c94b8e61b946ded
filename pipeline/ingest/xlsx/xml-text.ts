/**
 * Text in spreadsheet XML: entities decoded, `<t>` runs of rich text joined, phonetic runs
 * left out, whitespace kept as Excel keeps it.
 */
import { STRIKE, UNSEEN } from '../../basics/grid.ts';
import { corrupt } from './zip.ts';
export const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;
export const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
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
export function xmlText(raw: string): string {
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
export function own(s: string): string {
  return s.length >= 13 ? (s + '\u0000').slice(0, -1) : s;
}

/** Digits as Excel shows them in a run set as superscript or subscript. */
const RAISED = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const LOWERED = '₀₁₂₃₄₅₆₇₈₉';

/**
 * A run's digits as they show when it is set as superscript or subscript: `30` and a raised
 * `1` is 30¹ on the screen, a footnote, and had been read as 301 (the sixth workbook attack:
 * binding indicator 2 published as 461 for 190).
 */
function shifted(text: string, digits: string): string {
  return text.replace(/[0-9]/g, (d) => digits[d.charCodeAt(0) - 48]!);
}

/**
 * A struck-through run as it shows, each character struck (4̶0̶): `40` struck and `45` after it
 * is the usual way an office corrects a figure, and had been read as 4045 beds (the ninth
 * workbook attack: indicator 2 published as 4165 for 165, complete). The number parser refuses
 * it, saying why.
 */
/**
 * Whether a `<color …>`'s attributes say white: rgb FFFFFF (any alpha), the theme's first colour
 * (Background 1, white in every built-in theme) unless darkened, or the legacy palette's white (1, 9).
 */
export function isWhite(attrs: string): boolean {
  const rgb = /\brgb\s*=\s*["']\s*([0-9a-fA-F]{6,8})\s*["']/.exec(attrs)?.[1];
  if (rgb !== undefined) return /^(?:[0-9a-f]{2})?ffffff$/i.test(rgb);
  const theme = /\btheme\s*=\s*["']\s*(\d+)\s*["']/.exec(attrs)?.[1];
  if (theme !== undefined) return theme === '0' && Number(/\btint\s*=\s*["']\s*([-+\d.eE]+)\s*["']/.exec(attrs)?.[1] ?? 0) > -0.15;
  const indexed = /\bindexed\s*=\s*["']\s*(\d+)\s*["']/.exec(attrs)?.[1];
  return indexed === '1' || indexed === '9';
}

export function struckThrough(text: string): string {
  return [...text].map((c) => (/\s/.test(c) ? c : c + STRIKE)).join('');
}

/**
 * The text of a `<si>` or `<is>` whose content is s[from, to): its `<t>` runs, plain or
 * inside rich-text runs `<r>` (digits of a superscript or subscript run as they show, ¹ ₁, a
 * struck-through run struck, 4̶0̶), without phonetic runs `<rPh>`.
 */
export function richText(s: string, from: number, to: number, tags: Tags): string {
  // Fast path: a single <t>…</t>.
  if (s.startsWith(tags.tOpen, from)) {
    const e = s.indexOf(tags.tClose, from + tags.tOpen.length);
    if (e >= 0 && e + tags.tClose.length === to) return own(xmlText(s.slice(from + tags.tOpen.length, e)));
  }
  let out = '';
  let k = from;
  const plen = tags.p.length;
  /** The current run's vertical alignment: raised or lowered digits, or null. */
  let shift: string | null = null;
  /** Whether the current run is struck through. */
  let struck = false;
  /** Whether the current run's colour is white. */
  let white = false;
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
      const text = xmlText(s.slice(gt + 1, e));
      const shown = shift === null ? text : shifted(text, shift);
      const marked = struck ? struckThrough(shown) : shown;
      out += white && marked.trim() !== '' ? `${UNSEEN}${marked}${UNSEEN}` : marked;
      k = e + tags.tClose.length;
      continue;
    }
    if (s.charCodeAt(n) === 114 /* r */ && isDelim(s.charCodeAt(n + 1))) {
      shift = null; // a new run
      struck = false;
      white = false;
      k = n + 1;
      continue;
    }
    if (s.startsWith('strike', n) && isDelim(s.charCodeAt(n + 6))) {
      const gt = s.indexOf('>', n);
      struck = isOn(s.slice(n, gt < 0 || gt > to ? to : gt));
      k = n + 6;
      continue;
    }
    if (s.startsWith('color', n) && isDelim(s.charCodeAt(n + 5))) {
      const gt = s.indexOf('>', n);
      white = isWhite(s.slice(n, gt < 0 || gt > to ? to : gt));
      k = n + 5;
      continue;
    }
    if (s.startsWith('vertAlign', n) && isDelim(s.charCodeAt(n + 9))) {
      const gt = s.indexOf('>', n);
      const val = /\bval\s*=\s*["']\s*(\w+)/.exec(s.slice(n, gt < 0 || gt > to ? to : gt))?.[1];
      shift = val === 'superscript' ? RAISED : val === 'subscript' ? LOWERED : null;
      k = n + 9;
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

/** Whether a toggle element (`<strike/>`, `<strike val="1"/>`), given its tag's text, is on: no val, or 1 or true. */
export function isOn(tag: string): boolean {
  const val = /\bval\s*=\s*["']\s*(\w+)/.exec(tag)?.[1];
  return val === undefined || val === '1' || val === 'true';
}

/** Whitespace, `>` or `/`: what may follow an element name. */
export function isDelim(c: number): boolean {
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

export interface Tags {
  p: string;
  tOpen: string;
  tClose: string;
  rPhClose: string;
}

export function tagsFor(p: string): Tags {
  return { p, tOpen: `<${p}t>`, tClose: `</${p}t>`, rPhClose: `</${p}rPh>` };
}

/** Where the root element of an XML text starts (-1 when it has not arrived yet). */
export function rootStart(xml: string): number {
  const m = /<(?![?!/])[A-Za-z_]/.exec(xml);
  return m ? m.index : -1;
}

/**
 * A part's prolog (what precedes its root element) must not declare a DOCTYPE: Excel never
 * writes one, and its entities could make the values read differ from what Excel shows
 * (or expand without bound).
 */
export function checkProlog(prolog: string, part: string): void {
  if (/<!DOCTYPE/i.test(prolog)) throw corrupt(`“${part}”含有 DOCTYPE 声明（Excel 不会写入，可能是特意构造的文件），不予读取`);
}

/**
 * Removes XML comments from text that arrives in pieces: a comment may begin in one piece
 * and end in a later one, and is never read as data.
 */
export class CommentStripper {
  private inComment = false;
  private carry = '';

  push(piece: string): string {
    const s = this.carry ? this.carry + piece : piece;
    this.carry = '';
    if (!this.inComment && s.indexOf('<!') < 0 && !s.endsWith('<')) return s;
    let out = '';
    let i = 0;
    for (;;) {
      if (this.inComment) {
        const e = s.indexOf('-->', i);
        if (e < 0) {
          // Keep what could be the start of `-->`.
          this.carry = s.slice(Math.max(i, s.length - 2));
          return out;
        }
        i = e + 3;
        this.inComment = false;
      }
      const k = s.indexOf('<!--', i);
      if (k < 0) {
        // Keep what could be the start of `<!--`.
        let keep = 0;
        for (const p of ['<!-', '<!', '<']) {
          if (s.endsWith(p) && s.length - p.length >= i) {
            keep = p.length;
            break;
          }
        }
        this.carry = s.slice(s.length - keep);
        return out + s.slice(i, s.length - keep);
      }
      out += s.slice(i, k);
      i = k + 4;
      this.inComment = true;
    }
  }

  /** What is left at the end of the text. */
  end(): string {
    const rest = this.inComment ? '' : this.carry;
    this.carry = '';
    return rest;
  }
}

/**
 * `s` (a whole text) without XML comments, and with each CDATA section as the text it holds,
 * escaped so that decoding entities afterwards leaves it as written (`<![CDATA[40]]>` is 40).
 */
export function withoutComments(s: string): string {
  if (s.indexOf('<!') < 0) return s;
  return s.replace(/<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, cdata: string | undefined) =>
    cdata === undefined ? '' : cdata.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  );
}

/** The SpreadsheetML main namespace, transitional and strict. */
const MAIN_NAMESPACES = new Set(['http://schemas.openxmlformats.org/spreadsheetml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main']);
const NAMESPACE_DECLARATION = /xmlns(?::([A-Za-z_][\w.-]*))?\s*=\s*(["'])([^"']*)\2/g;
/** A start tag without a prefix (`<row`, `<c `), not a declaration, comment or end tag. */
const UNPREFIXED_START = /<(?![?!/])[A-Za-z_][\w.-]*(?=[\s/>])/;

/**
 * The readers take a part's elements under its root's prefix (`<row>`, or `<x:row>` where the
 * root is `<x:worksheet>`). A part that binds the main namespace to a second prefix as well
 * and writes elements under it (`<x:row>` in a sheet of `<row>`s) is one XML document to an
 * XML parser — LibreOffice shows its rows — but those elements would be passed over unsaid:
 * 3 of 6 救助床位 rows lost, indicator 2 published as 90 for 160, complete, exit 0 (the ninth
 * workbook attack). Excel never writes it: such a part is refused. Fed the part in pieces that
 * do not split a start tag (a worksheet's runs of whole rows); remembers the bindings seen.
 */
export class NamespaceGuard {
  private readonly others = new Set<string>();

  constructor(private readonly part: string, private readonly rootPrefix: string) {}

  /** Whether a second binding was seen: every later piece is to be checked, not only those with a declaration. */
  get watching(): boolean {
    return this.others.size > 0;
  }

  check(xml: string): void {
    if (xml.indexOf('xmlns') >= 0) {
      for (const m of xml.matchAll(NAMESPACE_DECLARATION)) {
        const prefix = m[1] ? `${m[1]}:` : '';
        if (MAIN_NAMESPACES.has(m[3]!.trim()) && prefix !== this.rootPrefix) this.others.add(prefix);
      }
    }
    for (const prefix of this.others) {
      const used = prefix ? xml.includes(`<${prefix}`) : UNPREFIXED_START.test(xml);
      if (used) {
        const name = (p: string) => (p ? `“${p.slice(0, -1)}”` : '无前缀');
        throw corrupt(`“${this.part}”的元素一部分写作${name(this.rootPrefix)}、一部分写作${name(prefix)}（同一命名空间的两种写法，Excel 不会这样保存），读取可能漏掉其中一种，不予读取；请在 Excel/WPS 中打开后另存为 .xlsx 再提交`);
      }
    }
  }
}
