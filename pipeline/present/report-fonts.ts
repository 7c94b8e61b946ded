/**
 * The 公文 fonts of the reports (report.md §5), shipped with the project: Noto Serif SC
 * (宋体-like, title and body), LXGW WenKai (楷体-like, level-2 headings) and Noto Sans SC
 * (level-1 headings, tables, charts).
 *
 * The npm packages split each font into ≈100 woff2 files by unicode-range. A report page
 * that named those files loaded, decoded and sanitised 50–70 of them, and its PDF embedded
 * each as a font of its own: most of the time a report took to print. So each family and
 * weight is merged here into ONE font holding exactly the characters the reports use: the
 * glyphs of the files holding them, read and merged with fonteditor-core and written as
 * WOFF, named by the digest of its bytes (`assets/fonts/report/…`), with a stylesheet naming
 * them (`assets/fonts/report-fonts.css`, imported by the report stylesheet). Layout tables
 * (GPOS kerning) are not carried over: their glyph numbers refer to the split files. Chinese
 * text is set on a grid and does not use them.
 *
 * Merging takes a few seconds; the result for a set of characters is kept in memory and,
 * when given a folder, on disk (the build's cache), so a rebuild whose reports use the same
 * characters copies the fonts it made before.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { deflateSync } from 'node:zlib';
import { createFont, woff2 } from 'fonteditor-core';
import { digest } from '../basics/digest.ts';
import { packageDir, packageVersion } from '../basics/files.ts';
import { projectPath } from '../basics/paths.ts';
import { readSealedFile, writeSealedFile } from '../basics/sealed.ts';

interface FontSource {
  family: string;
  /** npm package and its stylesheet for each weight used. */
  pkg: string;
  weights: { weight: number; css: string }[];
  licence: string;
}

export const REPORT_FONTS: readonly FontSource[] = [
  { family: 'Noto Serif SC', pkg: '@fontsource/noto-serif-sc', weights: [{ weight: 400, css: '400.css' }, { weight: 700, css: '700.css' }], licence: 'SIL Open Font License 1.1' },
  { family: 'LXGW WenKai', pkg: 'lxgw-wenkai-webfont', weights: [{ weight: 400, css: 'lxgwwenkai-regular.css' }], licence: 'SIL Open Font License 1.1' },
  { family: 'Noto Sans SC', pkg: '@fontsource/noto-sans-sc', weights: [{ weight: 400, css: '400.css' }, { weight: 700, css: '700.css' }], licence: 'SIL Open Font License 1.1' },
];

/** Characters every report font holds whatever the pages say: the digits of page numbers and TOC entries. */
const ALWAYS = '0123456789 ';

/** Where the program's own words are: its source and its templates (relative to the project folder). */
const PROGRAM_TEXT = ['pipeline', 'templates'];

/**
 * Parts of the program that never write a report's words: the reader's messages, the sample
 * data, the server, the blank forms, the website's own pages and the command line. Skipped to
 * keep the fonts small; a new module elsewhere is counted in.
 */
const NOT_REPORT_TEXT = new Set(['pipeline/ingest', 'pipeline/sample', 'pipeline/serve', 'pipeline/forms', 'pipeline/site', 'pipeline/cli.ts', 'pipeline/serve.ts']);
/** …but for the reader's rules' names, which the data-quality appendix lists. */
const REPORT_TEXT_TOO = ['pipeline/ingest/ledger.ts'];

let alphabet: string | undefined;

/**
 * Every character the program itself can write into a report: those of its source and
 * templates that make reports (comments too: a few glyphs more). The fonts hold them whether
 * or not this build's pages use them, so that a phrase said only for some data (“已逾期”, a
 * data-quality table's rows) does not change the fonts, hence every report's page digest,
 * hence every PDF, when one workbook is corrected. What the fonts then still follow is the
 * data's own text (names of places and tasks, the office's passages) and the program (whose
 * digest keys the fonts).
 */
export function programAlphabet(): string {
  if (alphabet === undefined) {
    const seen = new Set<string>();
    const addText = (rel: string): void => {
      for (const ch of readFileSync(projectPath(rel), 'utf8')) if (ch.codePointAt(0)! > 0x7e) seen.add(ch);
    };
    const walk = (rel: string): void => {
      for (const e of readdirSync(projectPath(rel), { withFileTypes: true })) {
        const path = `${rel}/${e.name}`;
        if (NOT_REPORT_TEXT.has(path)) continue;
        if (e.isDirectory()) walk(path);
        else if (/\.(ts|hbs|html|css|json|txt|md)$/.test(e.name)) addText(path);
      }
    };
    for (const dir of PROGRAM_TEXT) walk(dir);
    for (const file of REPORT_TEXT_TOO) addText(file);
    // sorted: the same characters give the same text whatever order the folders list them in
    alphabet = [...seen].sort().join('');
  }
  return alphabet;
}

/** `U+4e00-9fff, U+3000` → [[0x4e00, 0x9fff], [0x3000, 0x3000]]. */
export function parseUnicodeRange(s: string): [number, number][] {
  return s.split(',').map((part) => {
    const m = /U\+([0-9a-f?]+)(?:-([0-9a-f]+))?/i.exec(part.trim());
    if (!m) return null;
    if (m[1]!.includes('?')) return [parseInt(m[1]!.replace(/\?/g, '0'), 16), parseInt(m[1]!.replace(/\?/g, 'f'), 16)] as [number, number];
    const a = parseInt(m[1]!, 16);
    return [a, m[2] ? parseInt(m[2], 16) : a] as [number, number];
  }).filter((r): r is [number, number] => r !== null);
}

interface Slice {
  /** The woff2 file, relative to the package's `files/`. */
  file: string;
  ranges: [number, number][];
}

/** The woff2 files of a stylesheet, each with its unicode ranges, in the stylesheet's order. */
export function slicesOf(css: string): Slice[] {
  const out: Slice[] = [];
  for (const m of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const body = m[1]!;
    const file = /url\(['"]?\.\/files\/([^'")]+\.woff2)['"]?\)/.exec(body)?.[1];
    if (!file) continue;
    const range = /unicode-range:\s*([^;}]+)/.exec(body)?.[1];
    out.push({ file, ranges: range ? parseUnicodeRange(range) : [[0, 0x10ffff]] });
  }
  return out;
}

/** The code points of `text` (and the digits), sorted, each once. */
export function codePoints(text: string): number[] {
  const used = new Set<number>();
  for (const ch of text + ALWAYS) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x20) used.add(c);
  }
  return [...used].sort((a, b) => a - b);
}

interface MadeFont {
  family: string;
  weight: number;
  licence: string;
  pkg: string;
  /** File name under `assets/fonts/report/`. */
  file: string;
  bytes: Uint8Array;
  /** Characters of `codes` the font holds. */
  held: number;
}

let started: Promise<void> | undefined;

/**
 * Start fonteditor-core's woff2 decoder. It is an Emscripten build that, started in Node,
 * installs process-wide `uncaughtException` and `unhandledRejection` handlers (which print
 * its whole source and exit): they are taken off again, so that the CLI's own error
 * handling stays as it is.
 */
function startWoff2(): Promise<void> {
  started ??= (async () => {
    const exceptions = new Set(process.listeners('uncaughtException'));
    const rejections = new Set(process.listeners('unhandledRejection'));
    await woff2.init();
    for (const l of process.listeners('uncaughtException')) if (!exceptions.has(l)) process.off('uncaughtException', l);
    for (const l of process.listeners('unhandledRejection')) if (!rejections.has(l)) process.off('unhandledRejection', l);
    woff2.decode = decodeWoff2;
  })();
  return started;
}

/** What fonteditor-core's woff2 module gives: the Emscripten module, and the decoded font as a C++ vector. */
interface Woff2Module {
  woff2Dec(input: Uint8Array, length: number): ByteVector;
  HEAPU8: Uint8Array;
}
interface ByteVector {
  size(): number;
  get(i: number): number;
  delete?(): void;
  $$?: { ptr?: number };
}

/**
 * A woff2 file decoded to TrueType bytes, as fonteditor-core's `woff2.decode` gives them.
 * fonteditor-core copies the decoded font out of WebAssembly one byte per call (half of the
 * time merging takes, ≈ 1.5 s of 3 s) and never frees it. Here the bytes are copied at once
 * from where the vector (libc++: begin and end pointers) holds them in the module's memory —
 * checked against the vector's own size and bytes, else copied one by one as before — and
 * the vector is freed.
 */
export function decodeWoff2(input: ArrayBuffer | Uint8Array | number[]): Uint8Array {
  const mod = (woff2 as unknown as { woff2Module: Woff2Module }).woff2Module;
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const vector = mod.woff2Dec(bytes, bytes.byteLength);
  try {
    return vectorBytes(mod, vector) ?? Uint8Array.from({ length: vector.size() }, (_, i) => vector.get(i));
  } finally {
    vector.delete?.();
  }
}

function vectorBytes(mod: Woff2Module, vector: ByteVector): Uint8Array | null {
  const ptr = vector.$$?.ptr;
  const size = vector.size();
  if (typeof ptr !== 'number' || ptr % 4 !== 0) return null;
  const heap = mod.HEAPU8;
  const words = new DataView(heap.buffer);
  const begin = words.getUint32(ptr, true);
  const end = words.getUint32(ptr + 4, true);
  if (end - begin !== size || end > heap.byteLength) return null;
  const out = heap.slice(begin, end);
  for (const i of [0, size >> 2, size >> 1, size - 1]) if (size > 0 && out[i] !== vector.get(i)) return null;
  return out;
}

/** One family and weight, merged from the package's woff2 files that hold a code point of `codes`. */
async function mergeFont(source: FontSource, weight: { weight: number; css: string }, codes: readonly number[]): Promise<MadeFont | null> {
  await startWoff2();
  const pkg = packageDir(source.pkg);
  const taken = new Set<number>();
  let font: ReturnType<typeof createFont> | undefined;
  for (const slice of slicesOf(readFileSync(join(pkg, weight.css), 'utf8'))) {
    const want = codes.filter((c) => !taken.has(c) && slice.ranges.some(([a, b]) => c >= a && c <= b));
    if (want.length === 0) continue;
    const part = createFont(readFileSync(join(pkg, 'files', slice.file)), { type: 'woff2', subset: want, hinting: false, kerning: false, compound2simple: true });
    // Each glyph keeps the code points asked of this slice and not taken from an earlier one.
    // (fonteditor-core's own merge drops glyphs without contours: the spaces.)
    const wanted = new Set(want);
    const glyphs = [];
    for (const g of part.get().glyf) {
      const unicode = (g.unicode ?? []).filter((u) => wanted.has(u) && !taken.has(u));
      if (unicode.length === 0) continue;
      for (const u of unicode) taken.add(u);
      glyphs.push({ ...g, unicode });
    }
    if (!font) {
      // The first slice gives the font its tables and its .notdef glyph.
      font = part;
      font.get().glyf = [part.get().glyf[0]!, ...glyphs];
    } else font.get().glyf.push(...glyphs);
  }
  if (!font) return null;
  const bytes = new Uint8Array(font.write({ type: 'woff', hinting: false, kerning: false, deflate: (data: number[]) => [...deflateSync(Uint8Array.from(data))] }) as ArrayBuffer);
  const slug = source.family.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    family: source.family, weight: weight.weight, licence: source.licence, pkg: source.pkg,
    file: `${slug}-${weight.weight}-${digest(bytes).slice(0, 12)}.woff`, bytes, held: taken.size,
  };
}

/** The face that gives the 楷体 headings full-width quotation marks (report-print.css --kai), and the font it takes them from. */
export const QUOTES_FAMILY = 'Report Quotes';
const QUOTES_FROM = { family: 'Noto Serif SC', weight: 400 };

function stylesheet(fonts: readonly MadeFont[], characters: number): string {
  const css = [`/* The report fonts: each family and weight merged into one file holding the ${characters} characters the reports use. */`];
  for (const f of fonts) {
    css.push(`/* ${f.family} ${f.weight} (${f.licence}), from ${f.pkg}: ${f.held} characters. */`);
    css.push(`@font-face {\n  font-family: '${f.family}';\n  font-style: normal;\n  font-display: swap;\n  font-weight: ${f.weight};\n  src: url(report/${f.file}) format('woff');\n}`);
  }
  // LXGW WenKai's quotation marks are the proportional (Latin) ones, narrow beside its Chinese
  // in a 楷体 heading (the final review: 指标"区级…数"未完成); the body's full-width ones instead
  const body = fonts.find((f) => f.family === QUOTES_FROM.family && f.weight === QUOTES_FROM.weight);
  if (body) {
    css.push(`/* ${QUOTES_FAMILY}: the full-width quotation marks of ${body.family} ${body.weight}, before LXGW WenKai in the 楷体 headings. */`);
    css.push(`@font-face {\n  font-family: '${QUOTES_FAMILY}';\n  font-style: normal;\n  font-display: swap;\n  font-weight: 400;\n  src: url(report/${body.file}) format('woff');\n  unicode-range: U+2018-2019, U+201C-201D;\n}`);
  }
  return css.join('\n') + '\n';
}

type FontSet = { css: string; files: { name: string; bytes: Uint8Array }[] };

/** Fonts made in this process, by key: a second build of the same characters (tests, watch) copies them. */
const made = new Map<string, FontSet>();

/** Sets of fonts kept in the cache folder (the newest): enough for a build and its corrections. */
const KEEP = 4;

/** A cache entry: one sealed file (basics/sealed.ts) per set of fonts. */
const ENTRY = /^[0-9a-f]{64}\.fonts$/;

/** Remove all but the `keep` newest entries of the cache folder (and the folders earlier builds kept there). */
function pruneCache(cacheDir: string, keep: number): void {
  const names = readdirSync(cacheDir);
  for (const name of names.filter((n) => /^[0-9a-f]{64}$/.test(n))) rmSync(join(cacheDir, name), { recursive: true, force: true });
  const entries = names
    .filter((name) => ENTRY.test(name))
    .map((name) => ({ name, at: statSync(join(cacheDir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const e of entries.slice(keep)) rmSync(join(cacheDir, e.name), { force: true });
}

/** The fonts kept in the sealed `file`; undefined when there are none, or they cannot be read or were changed. */
function readCachedFonts(file: string): FontSet | undefined {
  const bytes = readSealedFile(file);
  if (bytes === undefined) return undefined;
  try {
    const set = deserialize(bytes) as FontSet;
    const ok = typeof set?.css === 'string' && Array.isArray(set.files)
      && set.files.every((f) => typeof f?.name === 'string' && /^[\w.-]+\.woff$/.test(f.name) && f.bytes instanceof Uint8Array);
    return ok ? set : undefined;
  } catch {
    return undefined;
  }
}

export interface ReportFontsResult {
  /** Font files written (one per family and weight). */
  files: number;
  /** Characters the fonts were made for. */
  characters: number;
  /** Whether they were taken from an earlier build instead of being merged. */
  reused: boolean;
}

/**
 * Write `siteDir/assets/fonts/report/` (one WOFF per family and weight, holding the
 * characters of `text`) and `assets/fonts/report-fonts.css`. `cacheDir`, when given, keeps
 * the fonts for the next build made by the same program (`version`: a digest of its code).
 */
export async function writeReportFonts(siteDir: string, text: string, opts: { cacheDir?: string; version?: string } = {}): Promise<ReportFontsResult> {
  const codes = codePoints(text);
  const key = digest(JSON.stringify({
    program: opts.version ?? '', codes, fonts: REPORT_FONTS,
    versions: [...REPORT_FONTS.map((f) => packageVersion(f.pkg)), packageVersion('fonteditor-core')],
  }));
  const dir = join(siteDir, 'assets', 'fonts', 'report');
  const cssFile = join(siteDir, 'assets', 'fonts', 'report-fonts.css');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  let found = made.get(key);
  const cached = opts.cacheDir ? join(opts.cacheDir, `${key}.fonts`) : undefined;
  // sealed: a kept set whose bytes changed is made again
  if (!found && cached) found = readCachedFonts(cached);
  const reused = found !== undefined;
  if (!found) {
    const fonts: MadeFont[] = [];
    for (const source of REPORT_FONTS) {
      for (const weight of source.weights) {
        const font = await mergeFont(source, weight, codes);
        if (font) fonts.push(font);
      }
    }
    found = { css: stylesheet(fonts, codes.length), files: fonts.map((f) => ({ name: f.file, bytes: f.bytes })) };
    if (cached) {
      try {
        writeSealedFile(cached, serialize(found));
        pruneCache(opts.cacheDir!, KEEP);
      } catch {
        // A cache that cannot be written only costs the next build the merging.
      }
    }
  }
  made.set(key, found);
  for (const f of found.files) writeFileSync(join(dir, f.name), f.bytes);
  writeFileSync(cssFile, found.css);
  return { files: found.files.length, characters: codes.length, reused };
}
