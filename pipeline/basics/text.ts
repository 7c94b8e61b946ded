/** Text normalisation shared by header matching, town names and community names. */

/** Fold full-width ASCII (U+FF01–U+FF5E) to half-width and the ideographic space to a space. */
export function foldWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Remove every kind of space (ASCII, NBSP, U+3000, zero-width) anywhere in the string. */
export function removeSpaces(s: string): string {
  return s.replace(/[\s\u00A0\u3000\u200B\uFEFF]+/g, '');
}

/** Name comparison key: full-width folded, spaces removed. Used for towns and communities. */
export function nameKey(s: string): string {
  return removeSpaces(foldWidth(s));
}

/**
 * Header comparison key (contract §2): spaces removed, full-width folded, and a trailing
 * unit in brackets dropped: `床位数（张）` → `床位数`, `财产规模(万元)` → `财产规模`.
 */
export function headerKey(s: string): string {
  let k = nameKey(s);
  // Drop trailing bracketed units, repeatedly: `完成进度(%)` → `完成进度`.
  for (;;) {
    const m = /^(.+?)[(\[【]([^()\[\]【】]*)[)\]】]$/.exec(k);
    if (!m) break;
    k = m[1]!;
  }
  return k;
}
