/**
 * The report fonts: one WOFF per family and weight, holding exactly the characters asked
 * for (spaces included), named by content, kept in the cache folder for the next build.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { createFont } from 'fonteditor-core';
import { afterAll, describe, expect, it } from 'vitest';
import { codePoints, decodeWoff2, programAlphabet, QUOTES_FAMILY, REPORT_FONTS, writeReportFonts } from '../../pipeline/present/report-fonts.ts';
import { PROJECT_ROOT } from '../../pipeline/basics/paths.ts';
import { RULE_LABELS } from '../../pipeline/ingest/ledger.ts';
import { packageDir } from '../../pipeline/basics/files.ts';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'report-fonts-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The code points a WOFF file maps to glyphs. */
function mapped(file: string): Set<number> {
  const font = createFont(readFileSync(file), { type: 'woff', inflate: (data: number[]) => [...inflateSync(Uint8Array.from(data))] });
  return new Set(Object.keys(font.get().cmap).map(Number));
}

const TEXT = '大兴区“十四五”民政事业发展规划　实施评估 — 第1页（共3页）：养老床位 5.3 张，完成率 80.4%。ABC xyz ①②③';

describe('writeReportFonts', () => {
  it('writes one font per family and weight holding every character asked for, spaces and digits included', async () => {
    const site = temp();
    const result = await writeReportFonts(site, TEXT);
    const weights = REPORT_FONTS.reduce((n, f) => n + f.weights.length, 0);
    expect(result.files).toBe(weights);
    const files = readdirSync(join(site, 'assets', 'fonts', 'report'));
    expect(files).toHaveLength(weights);
    const css = readFileSync(join(site, 'assets', 'fonts', 'report-fonts.css'), 'utf8');
    for (const file of files) {
      expect(file).toMatch(/^[a-z-]+-(400|700)-[0-9a-f]{12}\.woff$/);
      expect(css).toContain(`url(report/${file}) format('woff')`);
      const held = mapped(join(site, 'assets', 'fonts', 'report', file));
      for (const c of codePoints(TEXT)) expect(held.has(c), `${file}: U+${c.toString(16)} ${String.fromCodePoint(c)}`).toBe(true);
      // Nothing beyond what was asked (the reports' fonts stay small).
      expect(held.size).toBe(codePoints(TEXT).length);
    }
    for (const f of REPORT_FONTS) expect(css).toContain(`font-family: '${f.family}'`);
    // the 楷体 headings' quotation marks from the body's font, full-width (the final review: narrow in LXGW WenKai)
    const serif = files.find((f) => f.startsWith('noto-serif-sc-400-'))!;
    expect(css).toContain(`font-family: '${QUOTES_FAMILY}';\n  font-style: normal;\n  font-display: swap;\n  font-weight: 400;\n  src: url(report/${serif}) format('woff');\n  unicode-range: U+2018-2019, U+201C-201D;`);
    const print = readFileSync(join(PROJECT_ROOT, 'templates', 'assets', 'report-print.css'), 'utf8');
    for (const kai of print.matchAll(/--kai: ([^;]+);/g)) expect(kai[1]!.startsWith(`"${QUOTES_FAMILY}", `), kai[1]).toBe(true);
  });

  it('takes the fonts of the same characters from the cache folder, byte for byte, and makes new ones for new characters', async () => {
    const cache = temp();
    const a = temp();
    const b = temp();
    const first = await writeReportFonts(a, `${TEXT}甲`, { cacheDir: cache });
    const second = await writeReportFonts(b, `${TEXT}甲`, { cacheDir: cache });
    expect(second.reused).toBe(true);
    const list = (site: string) => readdirSync(join(site, 'assets', 'fonts', 'report')).sort();
    expect(list(b)).toEqual(list(a));
    for (const f of list(a)) expect(readFileSync(join(b, 'assets', 'fonts', 'report', f)).equals(readFileSync(join(a, 'assets', 'fonts', 'report', f)))).toBe(true);
    expect(first.characters).toBe(second.characters);
    const third = await writeReportFonts(b, `${TEXT}乙`, { cacheDir: cache });
    expect(third.reused).toBe(false);
    expect(list(b)).not.toEqual(list(a));
  });

  it('makes the fonts again for another program (its version in the key), however same the characters', async () => {
    const cache = temp();
    expect((await writeReportFonts(temp(), `${TEXT}丙`, { cacheDir: cache, version: 'program-a' })).reused).toBe(false);
    expect((await writeReportFonts(temp(), `${TEXT}丙`, { cacheDir: cache, version: 'program-a' })).reused).toBe(true);
    expect((await writeReportFonts(temp(), `${TEXT}丙`, { cacheDir: cache, version: 'program-b' })).reused).toBe(false);
  });

  it('leaves the process without the woff2 decoder’s exit-on-error handlers', async () => {
    await writeReportFonts(temp(), '测试');
    const sources = [...process.listeners('uncaughtException'), ...process.listeners('unhandledRejection')].map(String);
    expect(sources.some((s) => /abort|ExitStatus|quit_/.test(s))).toBe(false);
  });
});

describe('programAlphabet()', () => {
  it('holds what the program may write into a report: phrases said for some data only, the data-quality categories', () => {
    const a = new Set(programAlphabet());
    for (const phrase of ['已逾期', '晚于完成时限', '逆向变化', '数据不完整', '缺失（不以零计）', ...Object.values(RULE_LABELS)]) {
      // (ASCII is on every page: the markup's)
      expect([...phrase].filter((ch) => ch.codePointAt(0)! > 0x7e && !a.has(ch)), phrase).toEqual([]);
    }
    expect([...a].every((ch) => ch.codePointAt(0)! > 0x7e)).toBe(true);
  });

  it('makes fonts that a phrase of the program does not change', async () => {
    const cacheDir = temp();
    const base = await writeReportFonts(temp(), TEXT + programAlphabet(), { cacheDir });
    const more = await writeReportFonts(temp(), TEXT + '已逾期，晚于完成时限' + programAlphabet(), { cacheDir });
    expect(base.reused).toBe(false);
    expect(more.reused).toBe(true);
    expect(more.characters).toBe(base.characters);
  });
});

describe('decodeWoff2(bytes)', () => {
  it("gives fonteditor-core's decoded bytes, copied at once from WebAssembly memory", async () => {
    await writeReportFonts(temp(), 'x'); // starts the decoder
    const { woff2 } = await import('fonteditor-core');
    const mod = (woff2 as unknown as { woff2Module: { woff2Dec(b: Uint8Array, n: number): { size(): number; get(i: number): number; delete(): void } } }).woff2Module;
    const files = join(packageDir('@fontsource/noto-sans-sc'), 'files');
    for (const name of readdirSync(files).filter((f) => f.endsWith('.woff2')).slice(0, 3)) {
      const bytes = new Uint8Array(readFileSync(join(files, name)));
      // the copy fonteditor-core makes: one byte per call
      const vector = mod.woff2Dec(bytes, bytes.byteLength);
      const slow = Uint8Array.from({ length: vector.size() }, (_, i) => vector.get(i));
      vector.delete();
      const fast = decodeWoff2(bytes);
      expect(fast.length).toBeGreaterThan(1000);
      expect(Buffer.from(fast).equals(Buffer.from(slow))).toBe(true);
      // and what the merge calls is this one
      expect(Buffer.from(woff2.decode(Buffer.from(bytes))).equals(Buffer.from(slow))).toBe(true);
    }
  });
});
