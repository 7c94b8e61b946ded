/** Escaping text for XML and SVG written as strings (chart SVGs, xlsx parts). */

/** `s` with & < > " escaped: safe as element text and as a double-quoted attribute value. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
