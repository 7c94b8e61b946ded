/**
 * Making a printed PDF depend only on its page: Chromium writes the clock into
 * /CreationDate and /ModDate, and numbers the structure elements of a tagged PDF by the
 * browser's DOM node ids (`(node00000070)`), which differ from one load of the same page to
 * the next. Both are rewritten in place, byte for byte the same length, so the file's cross-
 * reference offsets stay valid: the dates become the report's own date, the node ids are
 * numbered in the order they first appear. The same HTML then prints to the same bytes.
 */

const DATE = /\/(CreationDate|ModDate) \(D:\d{14}[+\-Z][^)]*\)/g;
const NODE_ID = /\(node(\d{8})\)/g;

/** `D:20251231000000+08'00'`: a PDF date string for a calendar day in Beijing time. */
export function pdfDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new Error(`pdfDate: not a YYYY-MM-DD day: ${day}`);
  return `D:${m[1]}${m[2]}${m[3]}000000+08'00'`;
}

/**
 * The PDF with its dates set to `day` (YYYY-MM-DD; null keeps them) and its node ids
 * renumbered. A date whose replacement would change the file's length is left as it is.
 */
export function stablePdf(bytes: Uint8Array, day: string | null): Uint8Array {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const ids = new Map<string, string>();
  let out = text.replace(NODE_ID, (_all, id: string) => {
    let renumbered = ids.get(id);
    if (renumbered === undefined) {
      renumbered = String(ids.size + 1).padStart(8, '0');
      ids.set(id, renumbered);
    }
    return `(node${renumbered})`;
  });
  if (day !== null) {
    const date = pdfDate(day);
    out = out.replace(DATE, (all, key: string) => {
      const next = `/${key} (${date})`;
      return next.length === all.length ? next : all;
    });
  }
  return out === text ? bytes : new Uint8Array(Buffer.from(out, 'latin1'));
}
