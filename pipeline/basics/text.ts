/** Text normalisation shared by header matching, town names and community names. */

/** Fold full-width ASCII (U+FF01–U+FF5E) to half-width and the ideographic space to a space. */
export function foldWidth(s: string): string {
  // Most texts have nothing to fold: said by one pass over the characters, no regex.
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000) break;
  }
  if (i === s.length) return s;
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/**
 * Whether a UTF-16 code unit is one `removeSpaces` removes: JavaScript's `\s` (white space and
 * line terminators), U+200B, and the invisible format marks a pasted text brings (joiners,
 * direction marks, embeddings and isolates, U+2060–U+2064, soft hyphens, variation selectors):
 * `‏兴丰街道‎` is 兴丰街道 (the fourth workbook attack: a message quoted the name with marks nobody could see).
 */
export function isSpaceCode(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200f) || c === 0x2028 || c === 0x2029 || (c >= 0x202a && c <= 0x202f) ||
    c === 0x205f || (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c === 0x3000 || c === 0xfeff ||
    // and marks that show as nothing: a soft hyphen, the grapheme joiner, a variation selector, the
    // Mongolian vowel separator (“兴丰” with U+00AD had been told 不是大兴区的镇街: the ninth workbook attack)
    c === 0xad || c === 0x34f || c === 0x180e || (c >= 0xfe00 && c <= 0xfe0f)
  );
}

/** Remove every kind of space (ASCII, NBSP, U+3000, zero-width) and invisible mark anywhere in the string. */
export function removeSpaces(s: string): string {
  let i = 0;
  while (i < s.length && !isSpaceCode(s.charCodeAt(i))) i++;
  if (i === s.length) return s;
  return s.replace(/[\s\u00A0\u00AD\u034F\u180E\u3000\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFE00-\uFE0F\uFEFF]+/g, '');
}

/**
 * Radical characters that show as the ideograph they stand for, folded to it: the Kangxi radicals
 * (U+2F00–U+2FD5, as NFKC maps them: ⼤ is 大) and those of the CJK radicals supplement that have
 * no mapping (⻩ 黄, ⻄ 西, ⻓ 长…). Text copied from a PDF often carries them: ⼤兴区救助管理站 beside
 * 大兴区救助管理站 had been two stations, 40 beds counted twice, and ⻩村镇 not a town (the twelfth
 * workbook attack).
 */
export function foldRadicals(s: string): string {
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x2e80 && c <= 0x2fdf) break;
  }
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    out += c >= 0x2f00 && c <= 0x2fd5 ? ch.normalize('NFKC') : (RADICAL_SUPPLEMENT.get(ch) ?? ch);
  }
  return out;
}
/** The radical characters of `s` that `foldRadicals` folds, each with its ideograph, once each. */
export function radicalsIn(s: string): [string, string][] {
  const out = new Map<string, string>();
  for (const ch of s) {
    const folded = foldRadicals(ch);
    if (folded !== ch) out.set(ch, folded);
  }
  return [...out];
}

/** A note on the radicals of `s` for a message (''): they look as the ideographs they fold to. */
export function radicalsNote(s: string): string {
  const found = radicalsIn(s);
  if (found.length === 0) return '';
  return `（其中${found.map(([r]) => `“${r}”`).join('')}是部首字符，看起来与汉字${found.map(([, c]) => `“${c}”`).join('')}相同，多见于从 PDF 等处复制的文字，请改为汉字）`;
}
const RADICAL_SUPPLEMENT = new Map([...'⺟母⺠民⺩王⻄西⻅见⻆角⻉贝⻋车⻓长⻔门⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻬齐⻮齿⻰龙⻳龟'.matchAll(/(.)(.)/gu)].map((m) => [m[1]!, m[2]!] as const));

/** Name comparison key: full-width and radicals folded, spaces removed. Used for towns and communities. */
export function nameKey(s: string): string {
  return removeSpaces(foldRadicals(foldWidth(s)));
}

/**
 * A row's key name as rows are matched (a key twice in a year, the same row last year):
 * `nameKey`, and letter case and quotation-mark style left out, so that `大兴区SOS社会福利中心`
 * and `大兴区sos社会福利中心`, or `"爱老助老"慈善信托` with straight and with curly quotes, are one
 * (the fourth workbook attack: both were counted, marked complete).
 */
export function keyName(s: string): string {
  const k = nameKey(s);
  return MATCH_FOLD.test(k) ? k.toLowerCase().replace(/[“”„‟＂〝〞]/g, '"').replace(/[‘’‚‛＇]/g, "'") : k;
}
const MATCH_FOLD = /[A-Z“”„‟＂〝〞‘’‚‛＇]/;

/**
 * Header comparison key (contract §2): spaces removed, full-width folded, and a trailing
 * unit in brackets dropped: `床位数（张）` → `床位数`, `财产规模(万元)` → `财产规模`.
 */
export function headerKey(s: string): string {
  return splitHeader(s).key;
}

/**
 * A header cell as its comparison key and the trailing bracketed units it dropped, outermost
 * first (empty brackets left out): `财产规模(万元)` → `财产规模`, [`万元`]. Repeatedly:
 * `完成进度(%)` → `完成进度`.
 */
export function splitHeader(s: string): { key: string; units: string[] } {
  // a template's mark of a required column (*家庭照护床位数（张）, 家庭照护床位数（张）*): not part of the name
  let key = nameKey(s).replace(/^\*+|\*+$/g, '');
  const units: string[] = [];
  for (;;) {
    const m = /^(.+?)[(\[【]([^()\[\]【】]*)[)\]】]$/.exec(key);
    if (!m) break;
    if (m[2]) units.push(m[2]);
    key = m[1]!;
  }
  return { key, units };
}

/** A text as a regular expression that matches it literally. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Levenshtein distance between two strings, by UTF-16 unit (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}
