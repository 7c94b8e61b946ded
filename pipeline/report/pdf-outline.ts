/**
 * Reading a printed PDF back with pdf-lib: its outline (bookmarks) and named destinations,
 * the page each heading landed on (for the table of contents' page numbers), the mending of
 * bookmark titles Chromium sometimes writes twice, and whether its text is in Type 3 fonts.
 */
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFRef,
  PDFString,
  ParseSpeeds,
  type PDFObject,
} from 'pdf-lib';

export interface OutlineEntry {
  /** Bookmark text as Chromium wrote it (the heading's text). */
  title: string;
  /** 1-based page number the bookmark points at (0 when it has no resolvable destination). */
  page: number;
  /** 1 for top-level bookmarks, 2 for their children, … */
  level: number;
}


// ---------------------------------------------------------------------------------------------
// Reading the PDF outline with pdf-lib
// ---------------------------------------------------------------------------------------------

const utf8 = new TextDecoder('utf-8');

function textOf(obj: PDFObject | undefined): string | undefined {
  if (obj instanceof PDFString || obj instanceof PDFHexString) return obj.decodeText();
  // pdf-lib's PDFName.decodeText() reads the bytes as Latin-1; names are UTF-8 in practice.
  if (obj instanceof PDFName) return utf8.decode(obj.asBytes());
  return undefined;
}

/** All key → value pairs of a name tree (/Names [k v k v …] and /Kids). */
function readNameTree(node: PDFDict | undefined, out: Map<string, PDFObject>, depth = 0): void {
  if (!node || depth > 64) return;
  const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (names) {
    for (let i = 0; i + 1 < names.size(); i += 2) {
      const key = textOf(names.lookup(i));
      if (key !== undefined && !out.has(key)) out.set(key, names.get(i + 1));
    }
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  if (kids) {
    for (let i = 0; i < kids.size(); i++) {
      const kid = kids.lookup(i);
      if (kid instanceof PDFDict) readNameTree(kid, out, depth + 1);
    }
  }
}

class DestResolver {
  private readonly pageIndex = new Map<string, number>();
  private named?: Map<string, PDFObject>;

  constructor(private readonly doc: PDFDocument) {
    doc.getPages().forEach((page, i) => this.pageIndex.set(page.ref.toString(), i));
  }

  allNamed(): ReadonlyMap<string, PDFObject> {
    return this.namedDests();
  }

  private namedDests(): Map<string, PDFObject> {
    if (this.named) return this.named;
    const map = new Map<string, PDFObject>();
    const catalog = this.doc.catalog;
    // PDF 1.2+: /Names /Dests name tree (string keys).
    const names = catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
    readNameTree(names?.lookupMaybe(PDFName.of('Dests'), PDFDict), map);
    // PDF 1.1: /Dests dictionary (name keys).
    const dests = catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
    if (dests) {
      for (const [key, value] of dests.entries()) {
        const k = textOf(key) ?? '';
        if (!map.has(k)) map.set(k, value);
      }
    }
    this.named = map;
    return map;
  }

  /** 0-based page index of a destination (explicit array, name, string, or a /D dict). */
  pageOf(dest: PDFObject | undefined, depth = 0): number | undefined {
    if (dest === undefined || depth > 8) return undefined;
    if (dest instanceof PDFRef) return this.pageOf(this.doc.context.lookup(dest), depth + 1);
    if (dest instanceof PDFArray) {
      const target = dest.get(0);
      if (target instanceof PDFRef) return this.pageIndex.get(target.toString());
      if (target instanceof PDFNumber) return target.asNumber();
      return undefined;
    }
    if (dest instanceof PDFDict) return this.pageOf(dest.get(PDFName.of('D')), depth + 1);
    const name = textOf(dest);
    if (name !== undefined) return this.pageOf(this.namedDests().get(name), depth + 1);
    return undefined;
  }

  /** Page index an outline item points at: /Dest, or a /GoTo action's /D. */
  itemPage(item: PDFDict): number | undefined {
    const dest = item.get(PDFName.of('Dest'));
    if (dest !== undefined && dest !== PDFNull) return this.pageOf(dest);
    const action = item.lookupMaybe(PDFName.of('A'), PDFDict);
    if (action && action.lookupMaybe(PDFName.of('S'), PDFName)?.decodeText() === 'GoTo') {
      return this.pageOf(action.get(PDFName.of('D')));
    }
    return undefined;
  }
}

/**
 * Named destinations of a loaded PDF → 1-based page. Chromium writes one (in the catalog's
 * /Dests) for every element id that a link in the document points at (`href="#id"`), tagged
 * or not, so a TOC built of `<a href="#…">` entries can be paginated without an outline.
 * Chromium names them by the URL fragment, percent-encoded (`养老` → `%E5%85%BB%E8%80%81`):
 * each name is listed as written and, when different, percent-decoded.
 */
export function namedDestinationsOf(doc: PDFDocument): Map<string, number> {
  const resolver = new DestResolver(doc);
  const out = new Map<string, number>();
  for (const [name, dest] of resolver.allNamed()) {
    const index = resolver.pageOf(dest);
    if (index === undefined) continue;
    if (!out.has(name)) out.set(name, index + 1);
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // not percent-encoded after all
    }
    if (!out.has(decoded)) out.set(decoded, index + 1);
  }
  return out;
}

/**
 * Where a named destination points: its 1-based page, the top of its /XYZ view (PDF units up
 * from the page's bottom edge) and that page's height; undefined when there is no such
 * destination. Chromium places an element's destination at the top of its box.
 */
export function destinationAt(doc: PDFDocument, name: string): { page: number; top: number; height: number } | undefined {
  const resolver = new DestResolver(doc);
  let dest: PDFObject | undefined = resolver.allNamed().get(name);
  for (let depth = 0; depth < 8 && dest !== undefined && !(dest instanceof PDFArray); depth++) {
    dest = dest instanceof PDFRef ? doc.context.lookup(dest) : dest instanceof PDFDict ? dest.get(PDFName.of('D')) : undefined;
  }
  if (!(dest instanceof PDFArray)) return undefined;
  const index = resolver.pageOf(dest);
  const top = dest.get(3);
  if (index === undefined || !(top instanceof PDFNumber)) return undefined;
  return { page: index + 1, top: top.asNumber(), height: doc.getPage(index).getHeight() };
}

/**
 * Whether the PDF holds a Type 3 font: glyphs drawn as shapes, which Chromium writes for text
 * whose font it could not embed (a fallback font of the system, or a web font whose data did
 * not reach the printing).
 */
export function hasType3Font(doc: PDFDocument): boolean {
  const [type, subtype, font, type3] = ['Type', 'Subtype', 'Font', 'Type3'].map((n) => PDFName.of(n));
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFDict && object.get(subtype) === type3 && object.get(type) === font) return true;
  }
  return false;
}

/** `ab` when a title reads `abab` (the same text twice), else the title as it is. */
export function undoubled(title: string): string {
  const n = title.length;
  return n > 0 && n % 2 === 0 && title.slice(0, n / 2) === title.slice(n / 2) ? title.slice(0, n / 2) : title;
}

/**
 * Chromium sometimes writes a heading's text twice into its bookmark (`三、建设…三、建设…`,
 * seen for headings laid out again after a page-break decision). Mend such titles in
 * place; returns how many were mended.
 */
export function repairDoubledTitles(doc: PDFDocument): number {
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (!outlines) return 0;
  let mended = 0;
  const seen = new Set<PDFDict>();
  const walk = (first: PDFDict | undefined, depth: number) => {
    let item = first;
    while (item && !seen.has(item) && depth <= 64) {
      seen.add(item);
      const title = textOf(item.lookup(PDFName.of('Title')));
      if (title !== undefined && undoubled(title) !== title) {
        item.set(PDFName.of('Title'), PDFHexString.fromText(undoubled(title)));
        mended++;
      }
      walk(item.lookupMaybe(PDFName.of('First'), PDFDict), depth + 1);
      item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
    }
  };
  walk(outlines.lookupMaybe(PDFName.of('First'), PDFDict), 1);
  return mended;
}

/** The outline (bookmarks) of a loaded PDF, in document (pre-order) order. */
export function outlineOf(doc: PDFDocument): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  const outlines = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (!outlines) return out;
  const resolver = new DestResolver(doc);
  const seen = new Set<PDFDict>();
  const walk = (first: PDFDict | undefined, level: number) => {
    let item = first;
    while (item && !seen.has(item) && level <= 64) {
      seen.add(item);
      const index = resolver.itemPage(item);
      out.push({
        title: (textOf(item.lookup(PDFName.of('Title'))) ?? '').replace(/\0/g, ''),
        page: index === undefined ? 0 : index + 1,
        level,
      });
      walk(item.lookupMaybe(PDFName.of('First'), PDFDict), level + 1);
      item = item.lookupMaybe(PDFName.of('Next'), PDFDict);
    }
  };
  walk(outlines.lookupMaybe(PDFName.of('First'), PDFDict), 1);
  return out;
}

export async function loadPdf(pdf: Uint8Array | ArrayBuffer | PDFDocument): Promise<PDFDocument> {
  if (pdf instanceof PDFDocument) return pdf;
  return PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true, parseSpeed: ParseSpeeds.Fastest });
}

/** Bookmarks of a PDF: title, 1-based page and nesting level, in document order. */
export async function readOutline(pdf: Uint8Array | ArrayBuffer | PDFDocument): Promise<OutlineEntry[]> {
  return outlineOf(await loadPdf(pdf));
}

// ---------------------------------------------------------------------------------------------
// Matching headings to outline entries
// ---------------------------------------------------------------------------------------------

const normTitle = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Page of each DOM heading (by index), from the outline. Headings are matched by text and
 * occurrence (the 2nd heading "主要做法" ↔ the 2nd bookmark "主要做法"), which survives
 * headings Chromium leaves out of the outline. When titles do not match at all but the counts
 * agree, document order decides.
 */
export function headingPages(headings: readonly { text: string }[], outline: readonly OutlineEntry[]): (number | undefined)[] {
  const byTitle = new Map<string, number[]>();
  for (const entry of outline) {
    const key = normTitle(entry.title);
    let list = byTitle.get(key);
    if (!list) byTitle.set(key, (list = []));
    list.push(entry.page);
  }
  const seen = new Map<string, number>();
  const pages = headings.map((h) => {
    const key = normTitle(h.text);
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    const page = byTitle.get(key)?.[k];
    return page ? page : undefined;
  });
  if (pages.some((p) => p === undefined) && outline.length === headings.length) {
    return outline.map((e) => (e.page ? e.page : undefined));
  }
  return pages;
}
