/**
 * The 公文 fonts of the reports (report.md §5), shipped with the project: Noto Serif SC
 * (宋体-like, title and body) and LXGW WenKai (楷体-like, level-2 headings); the level-1
 * headings and the tables use Noto Sans SC, which the site ships already. The npm
 * packages split each font into woff2 files by unicode-range; only the files holding a
 * character the reports use are copied into the site, with a stylesheet naming them
 * (`assets/fonts/report-fonts.css`, imported by the report stylesheet).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface FontSource {
  family: string;
  /** npm package and the stylesheets of the weights used. */
  pkg: string;
  css: string[];
  licence: string;
}

export const REPORT_FONTS: readonly FontSource[] = [
  { family: 'Noto Serif SC', pkg: '@fontsource/noto-serif-sc', css: ['400.css', '700.css'], licence: 'SIL Open Font License 1.1' },
  { family: 'LXGW WenKai', pkg: 'lxgw-wenkai-webfont', css: ['lxgwwenkai-regular.css'], licence: 'SIL Open Font License 1.1' },
];

interface Face {
  /** The @font-face rule with its woff2 source only, pointing at `file`. */
  rule: string;
  file: string;
  ranges: [number, number][];
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

/** The @font-face rules of a stylesheet, each with its woff2 file and unicode ranges. */
function faces(css: string): Face[] {
  const out: Face[] = [];
  for (const m of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const body = m[1]!;
    const file = /url\(['"]?\.\/files\/([^'")]+\.woff2)['"]?\)/.exec(body)?.[1];
    if (!file) continue;
    const range = /unicode-range:\s*([^;}]+)/.exec(body)?.[1];
    const rule = `@font-face {${body.replace(/src:[^;]+;?/, `src: url(report/${file}) format('woff2');`)}}`;
    out.push({ rule: rule.replace(/\s+\}$/, '\n}'), file, ranges: range ? parseUnicodeRange(range) : [[0, 0x10ffff]] });
  }
  return out;
}

/**
 * Copy the font files the reports need (those whose unicode-range holds a character of
 * `text`) into `siteDir/assets/fonts/report/` and write `assets/fonts/report-fonts.css`.
 * Returns the number of files copied.
 */
export function writeReportFonts(siteDir: string, text: string): number {
  const require = createRequire(import.meta.url);
  const used = new Set<number>();
  for (const ch of text) used.add(ch.codePointAt(0)!);
  const codes = [...used].sort((a, b) => a - b);
  const hits = (ranges: [number, number][]) => ranges.some(([a, b]) => codes.some((c) => c >= a && c <= b));
  const dir = join(siteDir, 'assets', 'fonts', 'report');
  mkdirSync(dir, { recursive: true });
  const css: string[] = [];
  let copied = 0;
  for (const font of REPORT_FONTS) {
    const pkg = dirname(require.resolve(`${font.pkg}/package.json`));
    css.push(`/* ${font.family} (${font.licence}), from ${font.pkg}: the woff2 subsets the reports use. */`);
    for (const sheet of font.css) {
      for (const face of faces(readFileSync(join(pkg, sheet), 'utf8'))) {
        if (!hits(face.ranges)) continue;
        copyFileSync(join(pkg, 'files', face.file), join(dir, face.file));
        css.push(face.rule);
        copied += 1;
      }
    }
  }
  writeFileSync(join(siteDir, 'assets', 'fonts', 'report-fonts.css'), css.join('\n') + '\n');
  return copied;
}
