/**
 * Printing the report HTML files to PDF with one headless Chromium.
 *
 * - One browser for all jobs, `concurrency` tabs in parallel (2 is the sweet spot on 2 cores).
 * - Each page is opened with `goto(file://…)` (web fonts from file:// do not load into
 *   `setContent`'s about:blank) and may load only `file://` URLs under the allowed roots and
 *   `data:` URLs; everything else is aborted before it reaches the network and counted. A
 *   page in the same folder as the tab's document replaces that document's content instead
 *   (`openPage`): no navigation, its stylesheets already in the renderer. Allowed font files
 *   are answered from this process (`fontResponse`).
 * - Page numbers come from the report's own CSS margin boxes; no puppeteer header/footer.
 * - Table of contents in two passes: Chromium renders `target-counter()` as nothing, so the
 *   page is printed once, read back with pdf-lib, and each `.toc-page[data-target]` span gets
 *   its target's page, then the page is printed again. Pass 1 is printed untagged without an
 *   outline (half the time): Chromium writes a named destination for every id a link points
 *   at, and the TOC entries are such links. A target without one is found through the PDF
 *   outline instead (heading text, by occurrence). The final print has `outline: true`
 *   (bookmarks for every heading); if the filled numbers moved a heading (a TOC that grew),
 *   the numbers are filled and the page printed once more. Every final print starts from the
 *   page as loaded (it is opened again after a print): a print leaves the names of its tagged
 *   structure in the document, which would make the next print's bytes differ.
 * - A job may bring the TOC pages of its last print (`tocPages`, which the build keeps): the TOC
 *   is filled with them and pass 1 is skipped when the final print confirms them (a corrected
 *   figure seldom moves a heading: a district report then takes one print instead of two);
 *   when it does not, the pages it found are filled in and it is printed again. Either way the
 *   same page prints to the same bytes.
 * - The PDF is written to a temporary file beside the target and renamed into place.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CDPSession, HTTPRequest, Page } from 'puppeteer-core';
import { isHeadlessShell, launchBrowser, type LaunchedBrowser } from './chromium.ts';
import { releaseHeap } from '../basics/heap.ts';
import { writeFileAtomically } from '../basics/files.ts';
import type { PDFDocument } from 'pdf-lib';
import { destinationAt, hasType3Font, headingPages, loadPdf, namedDestinationsOf, outlineOf, repairDoubledTitles, undoubled, type OutlineEntry } from './pdf-outline.ts';
import { stablePdf } from './pdf-stable.ts';
import { UserError, EXIT } from '../basics/errors.ts';

export interface PdfJob {
  /** Absolute path of the HTML file to print. */
  html: string;
  /** Path of the PDF to write (its folder is created). */
  pdf: string;
  /** Document title: becomes the PDF's Title and names the job in messages. */
  title: string;
  /**
   * The document's date (YYYY-MM-DD), written as its creation and modification date instead
   * of the clock's, so that the same page prints to the same bytes. Default: the clock's.
   */
  date?: string;
  /**
   * The pages of the TOC's targets in the last print of this document (`PdfResult.tocPages`),
   * a hint: the TOC is filled with them before the first print, which saves the first pass
   * when that print confirms them (a page whose layout a corrected figure did not move); when
   * it does not, the pages it found are filled in and it is printed again, as without a hint.
   */
  tocPages?: Readonly<Record<string, number>>;
  /**
   * The last print of this document was set tighter (`PdfResult.fitted`), with `tocPages` its
   * pages: a hint too. The normal setting is then checked first with a quick print, and the
   * tighter one printed from the hint — the same decision and bytes as without the hint.
   */
  fitted?: boolean;
}

export interface PrintOptions {
  /**
   * Folder(s) the page may read from. The HTML files must be inside; any other file:// URL
   * and every non-file URL (except `data:`) is blocked.
   */
  allowedRoot: string | readonly string[];
  /** Tabs printing at the same time in the one browser (default 2). */
  concurrency?: number;
  /** Called after each finished job. */
  onProgress?: (done: number, total: number, job: PdfJob) => void;
  /** A browser to reuse (it stays open); by default one is launched and closed. */
  browser?: LaunchedBrowser;
  /** Milliseconds allowed for loading one page and for one print (default 60 s each). */
  timeout?: number;
}

export interface PdfResult {
  html: string;
  pdf: string;
  title: string;
  /** Pages in the final PDF. */
  pages: number;
  /** Size of the final PDF in bytes. */
  bytes: number;
  /** Wall time for this job (load, all prints, writing). */
  ms: number;
  /** Where the time went, in ms: page load and fonts, Chromium printing, pdf-lib parsing, writing. */
  phases: { load: number; print: number; parse: number; write: number };
  /**
   * Number of prints: 1 without a TOC, normally 2; 3 when the filled TOC moved headings or when
   * TOC targets had no named destination (not link targets) and the outline was needed.
   */
  passes: number;
  /**
   * A page held only the end of the text or of a landscape run (a few lines), so it was printed
   * again set a little tighter (`print-fit`) and that print, a page shorter, was kept.
   */
  fitted: boolean;
  /** The page replaced the document of the tab (same folder as the one before) rather than being navigated to. */
  replaced: boolean;
  /** It did, but its print came out in Type 3 fonts, so it was printed again after navigating to it. */
  renavigated: boolean;
  /** `.toc-page` spans that received a page number. */
  tocEntries: number;
  /** The page of each TOC target in the final PDF (empty without a TOC): the next print's hint. */
  tocPages: Record<string, number>;
  /** The TOC was filled from the job's hint and the first print confirmed it (one pass saved). */
  tocHintUsed: boolean;
  /** `data-target`s of TOC spans whose page was found neither as a named destination nor in the outline. */
  tocUnresolved: string[];
  /** Requests that were aborted (outside the allowed roots or not file://). */
  blocked: number;
  /** Their URLs (each once, in order, data: URLs shortened). */
  blockedUrls: string[];
  /** Bookmarks (outline entries) in the final PDF. */
  outline: number;
  /** Things worth telling the user (unresolved TOC targets, a TOC that would not settle). */
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------
// Allowed roots and request blocking
// ---------------------------------------------------------------------------------------------

function realOrResolved(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    return abs;
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** A predicate for request URLs: data:, or file:// under one of the roots (symlinks resolved). */
export function urlGuard(roots: readonly string[]): (url: string) => boolean {
  const realRoots = roots.map(realOrResolved);
  return (url: string) => {
    if (url.startsWith('data:')) return true;
    if (!url.startsWith('file:')) return false;
    let path: string;
    try {
      path = fileURLToPath(url);
    } catch {
      return false; // file://host/…, malformed escapes
    }
    const real = realOrResolved(path);
    return realRoots.some((root) => isInside(root, real));
  };
}

// ---------------------------------------------------------------------------------------------
// In-page helpers (run inside Chromium)
// ---------------------------------------------------------------------------------------------

interface PageHeadings {
  /** Headings h1–h6 with text, in document order. */
  headings: { text: string }[];
  /** For each `.toc-page[data-target]`: its target and the index of its heading (-1: none). */
  targets: { target: string; heading: number }[];
}

/*
 * In-page code is passed to Chromium as source text, not as functions: tsx/esbuild (keepNames)
 * wraps named functions in a `__name(…)` helper that does not exist inside the page.
 */

/** Collected inside the page: the headings and which heading each TOC span points at. */
const COLLECT_HEADINGS = String.raw`(() => {
  const norm = (s) => s.replace(/\s+/g, ' ').trim();
  const all = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6')).filter((h) => norm(h.textContent || '') !== '');
  const index = new Map();
  all.forEach((h, i) => index.set(h, i));
  const targets = [];
  for (const span of Array.from(document.querySelectorAll('.toc-page[data-target]'))) {
    const target = span.dataset.target || '';
    const el = target ? document.getElementById(target) : null;
    let heading = -1;
    if (el) {
      if (index.has(el)) heading = index.get(el);
      else {
        // An id on a <section>: its first heading. An id inside a heading: that heading.
        const inner = el.querySelector('h1, h2, h3, h4, h5, h6');
        const outer = el.closest('h1, h2, h3, h4, h5, h6');
        const h = inner && index.has(inner) ? inner : outer && index.has(outer) ? outer : null;
        if (h) heading = index.get(h);
      }
    }
    targets.push({ target, heading });
  }
  return { headings: all.map((h) => ({ text: norm(h.textContent || '') })), targets };
})()`;

/** The id of the mark prepareScript puts where a page's text ends. */
const END_ID = 'pdf-text-end';

/**
 * A last page that holds no more than this share of the page's height (its top margin
 * included) holds only the tail of the text — two or three lines of a paragraph, a table's
 * last rows — the near-empty page report.md §5 does not want.
 */
const NEARLY_EMPTY = 0.25;

/**
 * The same for the end of a run of pages of their own, which the next part does not fill: the
 * period table's last rows and notes reached 0.35 of a landscape page once its notes went under
 * their rows, and the tighter print took them back onto the page before.
 */
const RUN_NEARLY_EMPTY = 0.4;

/** The prefix of the marks prepareScript puts where a run of pages of their own ends (`@page wide`). */
const RUN_END_PREFIX = 'pdf-run-end-';

/**
 * Whether the PDF leaves a page nearly empty: its text ends near the top of its last page (and
 * it has more than one), or a run of pages of their own (a landscape table, CSS `page: wide`)
 * ends near the top of a page that the next part does not fill, for it starts on a new page
 * (表1's last two notes alone on a landscape page).
 */
export function nearlyEmptyPage(doc: PDFDocument): boolean {
  const pages = doc.getPageCount();
  const nearTop = (at: { top: number; height: number } | undefined, share = NEARLY_EMPTY) => at !== undefined && at.height - at.top <= share * at.height;
  const end = destinationAt(doc, END_ID);
  if (end !== undefined && pages > 1 && end.page === pages && nearTop(end)) return true;
  // pages after the text's end (dropPagesAfterText takes them off if a tighter print keeps them)
  if (end !== undefined && end.page < pages) return true;
  for (let i = 0; ; i++) {
    const run = destinationAt(doc, `${RUN_END_PREFIX}${i}`);
    if (run === undefined) return false;
    if (run.page > 1 && run.page < pages && nearTop(run, RUN_NEARLY_EMPTY)) return true;
  }
}

/**
 * Takes off the pages after the one where the text ends (END_ID): pages with nothing but the
 * running header and page number, which Chromium adds when the last element fills its page to
 * the foot and something of no height follows. Returns how many it took off.
 */
export function dropPagesAfterText(doc: PDFDocument): number {
  const end = destinationAt(doc, END_ID);
  if (end === undefined) return 0;
  let dropped = 0;
  while (doc.getPageCount() > end.page) {
    doc.removePage(doc.getPageCount() - 1);
    dropped++;
  }
  return dropped;
}

/**
 * Sets the page a little tighter for a second print (report-print.css `.print-fit`), or, for a
 * document without a TOC that the first setting did not shorten, tighter still (`.print-fit-more`:
 * 安定镇's 2022 report kept 4 lines on its fourth page at the first).
 */
function fitScript(level: 1 | 2): string {
  return `document.documentElement.classList.add(${level === 2 ? "'print-fit', 'print-fit-more'" : "'print-fit'"})`;
}

/** Writes the page numbers into the TOC spans; evaluates to how many spans got a number. */
function fillTocScript(pages: Record<string, number>): string {
  return String.raw`((pages) => {
  let filled = 0;
  for (const span of Array.from(document.querySelectorAll('.toc-page[data-target]'))) {
    const n = Object.prototype.hasOwnProperty.call(pages, span.dataset.target || '') ? pages[span.dataset.target || ''] : 0;
    span.textContent = n ? String(n) : '';
    if (n) filled++;
  }
  return document.fonts.ready.then(() => filled);
})(${JSON.stringify(pages)})`;
}

/**
 * Sets the title (when given) and waits for the web fonts; evaluates to document.fonts.status.
 *
 * Web fonts split by unicode-range load only the subsets the laid-out text needs, and text
 * that exists only in print (the @page margin boxes, `content:` strings) is not laid out
 * before printing: its glyphs would come from a system font as Type 3. So the characters of
 * every CSS `content` string (and the digits of counters) are loaded explicitly, in every
 * family/weight/style the page declares.
 */
function prepareScript(title: string): string {
  return String.raw`((title) => {
  if (title) document.title = title;
  // Where the text ends (END_ID): a link to it makes Chromium write its place as a named
  // destination, which tells how full the last page is (nearlyEmptyPage).
  if (!document.getElementById(${JSON.stringify(END_ID)})) {
    // inline, right after the last text that prints: a block of its own after the last element
    // went onto a page of its own when that element filled its page to the foot (a blank page 28)
    const end = document.createElement('span');
    end.id = ${JSON.stringify(END_ID)};
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let last = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.textContent.trim() && n.parentElement && n.parentElement.getClientRects().length) last = n;
    }
    if (last) last.after(end); else document.body.append(end);
    const link = document.createElement('a');
    link.href = '#' + end.id;
    link.hidden = true;
    document.body.append(link);
    // and where each run of pages of their own ends: an element given a named CSS page (the
    // tab emulates print, so print rules apply)
    let runs = 0;
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const page = getComputedStyle(el).getPropertyValue('page');
      if (!page || page === 'auto' || (el.parentElement && getComputedStyle(el.parentElement).getPropertyValue('page') === page)) continue;
      const mark = document.createElement('div');
      mark.id = ${JSON.stringify(RUN_END_PREFIX)} + runs++;
      const to = document.createElement('a');
      to.href = '#' + mark.id;
      to.hidden = true;
      el.append(to, mark);
    }
  }
  const strings = new Set();
  const seen = new Set();
  const visit = (sheet) => {
    if (!sheet || seen.has(sheet)) return;
    seen.add(sheet);
    let rules;
    try { rules = sheet.cssRules; } catch (e) { return; }
    for (const rule of Array.from(rules)) {
      if (rule.styleSheet) visit(rule.styleSheet);
      const css = rule.cssText || '';
      for (const m of css.matchAll(/content\s*:\s*([^;}]*)/g)) {
        for (const q of m[1].matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g)) strings.add(q[1] ?? q[2] ?? '');
      }
    }
  };
  for (const sheet of Array.from(document.styleSheets)) visit(sheet);
  const text = Array.from(strings).join('') + '0123456789';
  const specs = new Set();
  document.fonts.forEach((face) => {
    const family = face.family.replace(/^["']|["']$/g, '');
    const weight = String(face.weight).split(/\s+/)[0] || '400';
    const style = face.style === 'italic' ? 'italic' : 'normal';
    specs.add(style + ' ' + weight + ' 16px "' + family + '"');
  });
  const loads = Array.from(specs).map((spec) => document.fonts.load(spec, text).catch(() => []));
  return Promise.all(loads)
    .then(() => document.fonts.ready)
    .then(() => document.fonts.status);
})(${JSON.stringify(title)})`;
}

// ---------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------

interface TabState {
  allowed: (url: string) => boolean;
  blocked: string[];
  /** The tab's own DevTools session (for a garbage collection in its renderer). */
  cdp: CDPSession;
  /** Documents printed in this tab. */
  printed: number;
  /** Whether its renderer collects its garbage now and then (collectsGarbage). */
  collects: boolean;
  /** Folder of the file the tab last navigated to (null before the first, or after a failure). */
  folder: string | null;
}

/** How often a tab's renderer collects its garbage: after every this many documents it printed. */
const COLLECT_EVERY_PRINTS = 4;

/**
 * Whether a tab's renderer is told to collect its garbage (every COLLECT_EVERY_PRINTS documents,
 * and after one printed twice). Chromium's: yes, its renderers grew by ≈ 100 MB without it and
 * took the build past 1 GiB. The headless shell's: no. There each collection cost far more than
 * it saved: the sample's 115 PDFs printed in 24.5–25.7 s without any, in 34.1–35.8 s collecting
 * after every fourth or eighth document and after the 16 printed twice, in 32.0–39.0 s after those
 * 16 only (cold builds, interleaved; 28–31 s without any as the machine slowed); and without them
 * the build's peak with Chromium's processes stayed at 865–934 MiB in 8 cold builds.
 */
function collectsGarbage(launched: LaunchedBrowser): boolean {
  return !isHeadlessShell(launched.executablePath);
}

function shortUrl(url: string): string {
  return url.startsWith('data:') || url.length > 200 ? `${url.slice(0, 60)}…` : url;
}

const FONT_TYPES: Record<string, string> = { '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf', '.otf': 'font/otf' };

/**
 * An allowed font file's bytes, handed to Chromium by this process instead of letting the
 * paused request go on to Chromium's own file loader. A page that replaced the tab's document
 * asks for its fonts again, and with the requests continued 3–8 such pages in a hundred
 * printed with every glyph in Type 3 fonts (see printJob); answered from here, none in 600
 * (and the printing ≈ 10 % faster). Undefined for anything else, or a file that cannot be read.
 */
export function fontResponse(url: string): { status: number; contentType: string; body: Buffer } | undefined {
  if (!url.startsWith('file:')) return undefined;
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch {
    return undefined;
  }
  const type = FONT_TYPES[extname(path).toLowerCase()];
  if (!type) return undefined;
  try {
    return { status: 200, contentType: type, body: readFileSync(path) };
  } catch {
    return undefined;
  }
}

/**
 * Answer a paused request with a font file. puppeteer's `respond` encodes the body to base64
 * in JavaScript (≈ 50 ms for a report's five fonts, on this process's thread, in every page
 * load, and a cold build loads ≈ 120 pages); the same CDP command is sent here with Node's own
 * encoding (≈ 6 ms). Through `respond` when the request does not carry its interception id
 * (another puppeteer version).
 */
export async function answerFont(req: HTTPRequest, font: { status: number; contentType: string; body: Buffer }): Promise<void> {
  const requestId = (req as unknown as { _interceptionId?: unknown })._interceptionId;
  if (typeof requestId !== 'string' || req.isInterceptResolutionHandled()) return req.respond(font);
  await req.client.send('Fetch.fulfillRequest', {
    requestId,
    responseCode: font.status,
    responsePhrase: 'OK',
    responseHeaders: [
      { name: 'content-type', value: font.contentType },
      { name: 'content-length', value: String(font.body.byteLength) },
    ],
    body: font.body.toString('base64'),
  });
}

async function openTab(launched: LaunchedBrowser, allowed: (url: string) => boolean, timeout: number) {
  const page = launched.takeLaunchTab() ?? (await launched.browser.newPage());
  page.setDefaultTimeout(timeout);
  page.setDefaultNavigationTimeout(timeout);
  const state: TabState = { allowed, blocked: [], cdp: await page.createCDPSession(), printed: 0, collects: collectsGarbage(launched), folder: null };
  await page.setRequestInterception(true);
  page.on('request', (req: HTTPRequest) => {
    if (req.isInterceptResolutionHandled()) return;
    const url = req.url();
    if (state.allowed(url)) {
      const font = fontResponse(url);
      if (font) answerFont(req, font).catch(() => {});
      else req.continue().catch(() => {});
    } else {
      state.blocked.push(url);
      req.abort('blockedbyclient').catch(() => {});
    }
  });
  // A report has no business opening dialogs; one left open would hang the print.
  page.on('dialog', (dialog) => {
    dialog.dismiss().catch(() => {});
  });
  // Lay out and load fonts for print from the start, so print-only text has its glyphs.
  await page.emulateMediaType('print');
  return { page, state };
}

/**
 * One print. `outline: true` adds bookmarks but forces a tagged PDF: ≈2× the print time and
 * ≈2.5× the size, so only the final print has it.
 */
async function printOnce(page: Page, timeout: number, outline: boolean): Promise<Uint8Array> {
  return page.pdf({
    format: 'A4',
    preferCSSPageSize: true,
    printBackground: true,
    displayHeaderFooter: false,
    outline,
    tagged: outline,
    waitForFonts: true,
    timeout,
  });
}

/** A copy of the TOC hint when it names a page for exactly the page's targets, else undefined. */
function usableTocHint(given: Readonly<Record<string, number>> | undefined, targets: readonly string[]): Record<string, number> | undefined {
  if (!given) return undefined;
  const wanted = new Set(targets);
  const fits = Object.keys(given).length === wanted.size && [...wanted].every((t) => Number.isInteger(given[t]) && given[t]! > 0);
  return fits ? { ...given } : undefined;
}

function samePages(a: Record<string, number>, b: Record<string, number>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/**
 * The HTML of a page that can replace the tab's document in place: UTF-8 (it is handed over
 * as text) and without scripts (document.open keeps the window, so a script's globals would
 * outlive its page). Undefined for any other page, which is navigated to.
 */
function replacingHtml(path: string): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch {
    return undefined;
  }
  if (/<script\b/i.test(text)) return undefined;
  const charset = /<meta\b[^>]*\bcharset\s*=\s*["']?\s*([\w-]+)/i.exec(text)?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return undefined;
  return text;
}

/**
 * Replaces the document's content with the page's HTML; settles after its load event and its
 * web fonts. Its stylesheets come from the memory cache, so the load event can come before
 * anything was laid out, when no font has been asked for yet and document.fonts.ready would
 * hold nothing back: a layout is forced first, so that the fonts the text needs are loading
 * when fonts.ready is awaited.
 */
function replaceScript(html: string): string {
  return String.raw`((html) => new Promise((done) => {
  document.open();
  document.write(html);
  document.close();
  if (document.readyState === 'complete') done(true);
  else window.addEventListener('load', () => done(true), { once: true });
}).then(() => {
  void document.documentElement.getBoundingClientRect();
  return document.fonts.ready;
}).then(() => true))(${JSON.stringify(html)})`;
}

/**
 * Opens the job's page in the tab; true when it replaced the document already there.
 *
 * A page in the folder of the file the tab last navigated to replaces that document's content
 * (document.open, write, close): its relative URLs resolve as they would after a navigation,
 * its stylesheets come from the renderer's memory cache (its fonts are asked for again),
 * and the browser does no navigation of its own (≈ 90 ms of the browser process's time a
 * page, ≈ 60 of the renderer's). 44 town reports in two tabs, without request interception:
 * opening a page 204 → 57 ms, printing them 7.9 → 3.9 s; here, with it: opening a town
 * report 215–237 → 99–122 ms. The PDFs are byte for byte those of a navigation (after stablePdf; the fonts it asks for
 * again are answered by fontResponse, and a print in Type 3 fonts is made again by navigation,
 * see printJob). Other pages (another folder, a script, not UTF-8) are navigated to. Requests
 * still pass the URL guard.
 */
async function openPage(page: Page, state: TabState, job: PdfJob, timeout: number, navigate: boolean): Promise<boolean> {
  const folder = dirname(job.html);
  const html = !navigate && state.folder === folder ? replacingHtml(job.html) : undefined;
  state.folder = null; // until the page has opened
  if (html !== undefined) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`打开 ${job.html} 超时（${timeout} 毫秒）`)), timeout);
    });
    try {
      await Promise.race([page.evaluate(replaceScript(html)), late]);
    } finally {
      clearTimeout(timer);
    }
  } else {
    const response = await page.goto(pathToFileURL(job.html).href, { waitUntil: 'load', timeout });
    if (response && !response.ok() && response.status() !== 0) {
      throw new Error(`打开 ${job.html} 失败（${response.status()}）`);
    }
  }
  // Opening a file: page swaps the tab's renderer, which loses the emulated print media of
  // openTab: set again, so that the page is laid out (and its named CSS pages found) for print.
  if (html === undefined) await page.emulateMediaType('print');
  state.folder = folder;
  return html !== undefined;
}

async function printJob(page: Page, state: TabState, job: PdfJob, timeout: number, navigate = false): Promise<PdfResult> {
  const t0 = performance.now();
  state.blocked = [];
  const warnings: string[] = [];
  const replaced = await openPage(page, state, job, timeout, navigate);
  /** Whether the document printed last replaced the tab's document (a reopened page does). */
  let printedReplaced = replaced;
  const fontStatus = (await page.evaluate(prepareScript(job.title))) as string;
  if (fontStatus !== 'loaded') warnings.push(`字体未全部加载（document.fonts.status = ${fontStatus}）`);
  /**
   * The page opened afresh: a print leaves state in the document (the names of its tagged
   * structure's nodes), so every final print starts from the page as loaded, and the same page
   * prints to the same bytes whichever prints came before it (with a TOC hint or without).
   */
  const reopen = async () => {
    printedReplaced = await openPage(page, state, job, timeout, navigate);
    await page.evaluate(prepareScript(job.title));
    if (fit > 0) await page.evaluate(fitScript(fit as 1 | 2));
  };
  /** Set a little tighter from now on (`print-fit`; at 2 tighter still), from the page as loaded. */
  let fit: 0 | 1 | 2 = 0;
  const setTighter = async (level: 1 | 2 = 1) => {
    fit = level;
    await reopen();
  };
  /**
   * `made` of the page set tighter, when it is shorter than `pages` (the normal setting's);
   * else null, and the page is set as before from its next opening.
   */
  const ifTighterShorter = async <T extends { doc: PDFDocument }>(pages: number, made: () => Promise<T>, level: 1 | 2 = 1): Promise<T | null> => {
    await setTighter(level);
    lap('load');
    const tighter = await made();
    if (tighter.doc.getPageCount() < pages) return tighter;
    fit = 0;
    return null;
  };

  const dom = (await page.evaluate(COLLECT_HEADINGS)) as PageHeadings;
  const phases = { load: 0, print: 0, parse: 0, write: 0 };
  let mark = t0;
  const lap = (phase: keyof typeof phases) => {
    const now = performance.now();
    phases[phase] += now - mark;
    mark = now;
  };
  lap('load');

  let passes = 0;
  const print = async (outline: boolean) => {
    const bytes = await printOnce(page, timeout, outline);
    passes++;
    lap('print');
    const doc = await loadPdf(bytes);
    const entries = outline ? outlineOf(doc) : [];
    const dests = namedDestinationsOf(doc);
    lap('parse');
    return { bytes, doc, outline: entries, dests };
  };
  /** Page of each TOC target: its named destination, else its heading's bookmark. */
  const pageMap = (printed: { outline: OutlineEntry[]; dests: Map<string, number> }) => {
    const byHeading = printed.outline.length > 0 ? headingPages(dom.headings, printed.outline) : [];
    const pages: Record<string, number> = {};
    const unresolved: string[] = [];
    for (const { target, heading } of dom.targets) {
      const p = printed.dests.get(target) ?? (heading >= 0 ? byHeading[heading] : undefined);
      if (p) pages[target] = p;
      else unresolved.push(target);
    }
    return { pages, unresolved };
  };

  let printed: Awaited<ReturnType<typeof print>>;
  let tocEntries = 0;
  let tocUnresolved: string[] = [];
  let tocPages: Record<string, number> = {};
  let tocHintUsed = false;
  // A page holding only a few lines (nearlyEmptyPage): the document is printed again
  // set a little tighter, from the page as loaded, and that print is kept when it is a page
  // shorter. The decision is always taken on a print of the document as set normally, so
  // that the same page prints to the same bytes (with a TOC hint or without).
  if (dom.targets.length === 0) {
    printed = await print(true);
    if (nearlyEmptyPage(printed.doc)) {
      const pages = printed.doc.getPageCount();
      printed = (await ifTighterShorter(pages, () => print(true))) ?? (await ifTighterShorter(pages, () => print(true), 2)) ?? printed;
    }
  } else {
    /** Pass 1, fast (untagged, no outline): the pages of the TOC's link targets. */
    const firstPass = async () => {
      let p = await print(false);
      let map = pageMap(p);
      if (map.unresolved.length > 0) {
        // Targets without a named destination (no link points at them): go by the outline.
        p = await print(true);
        map = pageMap(p);
      }
      return { doc: p.doc, map };
    };
    /**
     * Pass 2 (final, with outline); once more if the filled numbers moved a heading (with a
     * hint, one more: the hint may have been wrong, which pass 1 would have told).
     */
    const finalPrints = async (start: { pages: Record<string, number>; unresolved: string[] }, hinted: boolean) => {
      let current = start;
      let last!: Awaited<ReturnType<typeof print>>;
      const maxFinalPrints = hinted ? 3 : 2;
      for (let round = 1; ; round++) {
        if (round > 1) await reopen();
        tocEntries = (await page.evaluate(fillTocScript(current.pages))) as number;
        lap('load');
        last = await print(true);
        const next = pageMap(last);
        if (samePages(current.pages, next.pages)) {
          tocHintUsed = hinted && round === 1;
          current = next;
          break;
        }
        if (round >= maxFinalPrints) {
          warnings.push('填入目录页码后分页仍在变化，目录页码可能不准确');
          break;
        }
        current = next;
      }
      return { printed: last, current };
    };

    const hint = usableTocHint(job.tocPages, dom.targets.map((t) => t.target));
    let current: { pages: Record<string, number>; unresolved: string[] };
    if (hint && job.fitted) {
      // The last print was set tighter, its pages the hint: whether the normal setting leaves a
      // near-empty page is checked first (a quick untagged print), then the tighter one is
      // printed from the hint and kept when it is a page shorter — the decision made without it.
      const normal = await print(false);
      // Printed as set normally after all, the final print starts from that quick print's pages
      // (as without a hint) when they are not the hint's, which were the tighter setting's: a
      // final print from the hint had to be made again (the one-workbook rebuild's 2024 report:
      // three prints, 5.7 s). From the hint when the quick print leaves a target unresolved.
      const normalMap = pageMap(normal);
      const fromNormal = normalMap.unresolved.length === 0 && !samePages(hint, normalMap.pages);
      const normalStart = () => (fromNormal ? finalPrints(normalMap, false) : finalPrints({ pages: hint, unresolved: [] }, true));
      if (nearlyEmptyPage(normal.doc)) {
        await setTighter();
        lap('load');
        ({ printed, current } = await finalPrints({ pages: hint, unresolved: [] }, true));
        if (printed.doc.getPageCount() >= normal.doc.getPageCount()) {
          fit = 0;
          await reopen();
          lap('load');
          ({ printed, current } = await normalStart());
        }
      } else {
        await reopen();
        lap('load');
        ({ printed, current } = await normalStart());
      }
    } else if (hint) {
      // The last print's pages: the final print confirms them or finds the right ones.
      ({ printed, current } = await finalPrints({ pages: hint, unresolved: [] }, true));
      if (nearlyEmptyPage(printed.doc)) {
        const tighter = await ifTighterShorter(printed.doc.getPageCount(), firstPass);
        if (tighter) {
          await reopen();
          ({ printed, current } = await finalPrints(tighter.map, false));
        }
      }
    } else {
      let first = await firstPass();
      if (nearlyEmptyPage(first.doc)) first = (await ifTighterShorter(first.doc.getPageCount(), firstPass)) ?? first;
      await reopen();
      lap('load');
      ({ printed, current } = await finalPrints(first.map, false));
    }
    tocUnresolved = current.unresolved;
    tocPages = current.pages;
    if (tocUnresolved.length > 0) {
      warnings.push(`目录中 ${tocUnresolved.length} 项找不到对应的标题：${tocUnresolved.slice(0, 5).join('、')}`);
    }
  }
  // The documents printed before stay in the renderer until its collector runs, which it does
  // seldom: the renderer grew to ≈ 220 MB over 20 town reports; collected after every print it
  // stayed at ≈ 130 MB, after every fourth at ≈ 170 MB (the cold build's process tree ≈ 930–990
  // MB instead of ≈ 1,030–1,090). It runs while Node finishes the PDF, yet cost the printing
  // ≈ 6–13 % in three interleaved pairs of cold builds (2 s of 26): the price of that memory.
  // A document set tighter was loaded and printed twice: collected after it too. (Chromium's
  // renderers; not the headless shell's: collectsGarbage.)
  state.printed++;
  const collected =
    state.collects && (state.printed % COLLECT_EVERY_PRINTS === 0 || fit > 0) ? state.cdp.send('HeapProfiler.collectGarbage').catch(() => {}) : undefined;
  const { doc, outline } = printed;
  if (printedReplaced && hasType3Font(doc)) {
    // A page that replaced the tab's document and printed with every glyph in Type 3 fonts
    // (its web fonts laid the text out, all 'loaded', but their data did not reach Chromium's
    // PDF writer) is printed again after a navigation, which gives the PDF a navigation always
    // gives. It happened to 3–8 town reports in a hundred while the fonts' requests were
    // continued to Chromium's file loader (none in 300 without request interception), each
    // such print growing Chromium's print compositor to 100–190 MB for a moment; with the
    // fonts answered from here (fontResponse), to none in 600. Kept for what was not seen.
    await collected;
    const again = await printJob(page, state, job, timeout, true);
    return { ...again, ms: Math.round(performance.now() - t0), renavigated: true };
  }
  let { bytes } = printed;
  const repaired = repairDoubledTitles(doc);
  const dropped = dropPagesAfterText(doc);
  if (repaired > 0 || dropped > 0) {
    bytes = await doc.save({ useObjectStreams: false });
    if (repaired > 0) for (const o of outline) o.title = undoubled(o.title);
  }

  bytes = stablePdf(bytes, job.date ?? null);
  writeFileAtomically(job.pdf, bytes);
  await collected;
  lap('write');
  const blockedUrls = [...new Set(state.blocked)].map(shortUrl);
  return {
    html: job.html,
    pdf: job.pdf,
    title: job.title,
    pages: doc.getPageCount(),
    bytes: bytes.byteLength,
    ms: Math.round(performance.now() - t0),
    phases: {
      load: Math.round(phases.load),
      print: Math.round(phases.print),
      parse: Math.round(phases.parse),
      write: Math.round(phases.write),
    },
    passes,
    fitted: fit > 0,
    replaced,
    renavigated: false,
    tocEntries,
    tocUnresolved,
    tocPages,
    tocHintUsed,
    blocked: state.blocked.length,
    blockedUrls,
    outline: outline.length,
    warnings,
  };
}

/**
 * A tab's renderer keeps the memory of the longest document it printed (≈ 250 MB after a
 * district report, ≈ 180 MB after town reports only): after a document longer than this, the
 * next one prints in a fresh tab, its renderer a new process (a tab that cannot be opened is
 * that next document's failure, not the long one's). Node gives back the garbage of
 * reading the long PDF then too (otherwise it now and then grew by ≈ 100 MB while printing).
 */
const FRESH_TAB_AFTER_PAGES = 12;

/**
 * A tab keeps its renderer after a long document when no more than this many documents are
 * left to hand out per tab: closing it, collecting Node's garbage and opening another took
 * ≈ 0.7 s of the tab's time (timed in a one-workbook rebuild: 8 PDFs, two of them district
 * reports), more than the few short documents left gain from it, and the memory the renderer
 * keeps is what it already held while printing the long one.
 */
const KEEP_TAB_FOR_LAST = 2;

/**
 * Print each job's HTML to its PDF with one browser and `concurrency` tabs. Rejects with the
 * first failure (after the tabs already at work have finished); the PDFs already written stay.
 */
export async function printPdfs(jobs: readonly PdfJob[], opts: PrintOptions): Promise<PdfResult[]> {
  const roots = (typeof opts.allowedRoot === 'string' ? [opts.allowedRoot] : [...opts.allowedRoot]).map((r) => resolve(r));
  if (roots.length === 0) throw new UserError('printPdfs：allowedRoot 不能为空', EXIT.failure);
  const allowed = urlGuard(roots);
  for (const job of jobs) {
    if (!isAbsolute(job.html)) throw new UserError(`HTML 路径必须是绝对路径：${job.html}`, EXIT.failure);
    if (!existsSync(job.html) || !statSync(job.html).isFile()) throw new UserError(`找不到要打印的 HTML：${job.html}`, EXIT.failure);
    if (!allowed(pathToFileURL(job.html).href)) {
      throw new UserError(`HTML ${job.html} 不在允许的目录（${roots.join('、')}）之内`, EXIT.failure);
    }
  }
  if (jobs.length === 0) return [];

  const timeout = opts.timeout ?? 60_000;
  const wanted = opts.concurrency !== undefined && Number.isFinite(opts.concurrency) ? Math.floor(opts.concurrency) : 2;
  const concurrency = Math.max(1, Math.min(wanted, jobs.length));
  const launched = opts.browser ?? (await launchBrowser({ forPrinting: true }));
  const results: PdfResult[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  let failure: unknown;

  const worker = async () => {
    let tab = await openTab(launched, allowed, timeout);
    let longLast = false;
    try {
      while (failure === undefined && next < jobs.length) {
        const i = next++;
        const job = jobs[i]!;
        try {
          if (longLast) {
            await tab.page.close();
            releaseHeap();
            tab = await openTab(launched, allowed, timeout);
          }
          results[i] = await printJob(tab.page, tab.state, job, timeout);
          longLast = results[i]!.pages > FRESH_TAB_AFTER_PAGES && jobs.length - next > KEEP_TAB_FOR_LAST * concurrency;
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          failure ??= Object.assign(new UserError(`打印 PDF 失败（${job.title || job.html}）：${reason}`, EXIT.failure), { cause: err });
          break;
        }
        done++;
        opts.onProgress?.(done, jobs.length, job);
      }
    } finally {
      await tab.page.close().catch(() => {});
    }
  };

  try {
    const settled = await Promise.allSettled(Array.from({ length: concurrency }, worker));
    for (const s of settled) if (s.status === 'rejected') failure ??= s.reason;
  } finally {
    if (!opts.browser) await launched.close();
  }
  if (failure !== undefined) throw failure;
  return results;
}
