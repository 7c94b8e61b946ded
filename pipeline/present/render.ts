/**
 * HTML rendering: Handlebars templates (markup only) filled with views computed in
 * TypeScript, and the shared assets (stylesheets, the Chinese web font) they link to.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Handlebars from 'handlebars';
import { projectPath } from '../basics/paths.ts';

export const TEMPLATE_DIR = projectPath('templates') + '/';

export interface NavItem {
  label: string;
  href: string;
  current?: boolean;
}

/** Page frame around every HTML page of the site and the reports. */
export interface PageFrame {
  title: string;
  /** Relative path from the page to the site root: `../../`, or `` at the root. */
  root: string;
  siteTitle: string;
  nav: NavItem[];
  breadcrumbs?: { label: string; href?: string }[];
  footer: string;
  /** The meta description: what the page offers, in a sentence or two. */
  description: string;
  /** The Content-Security-Policy of the page's meta tag. */
  csp: string;
  /** `数据截至2025年12月31日` */
  dataDate: string;
  /** The publication date, when the build was given one. */
  published?: { iso: string; text: string };
  /** Leave out the header's search box (the search page has its own). */
  noSearchBox?: boolean;
  bodyClass?: string;
  /** Link the report print stylesheet and set the running header. */
  print?: boolean;
  runningHeader?: string;
  scripts?: string[];
}

/** A CSS string literal: `"…"` with quotes, backslashes and `<` escaped. */
export function cssString(s: string): string {
  return `"${s.replace(/[\\"]/g, '\\$&').replace(/</g, '\\3C ').replace(/\n/g, '\\A ')}"`;
}

export class Renderer {
  private readonly hbs = Handlebars.create();
  private readonly cache = new Map<string, Handlebars.TemplateDelegate>();

  constructor(private readonly dir: string = TEMPLATE_DIR) {
    const partials = join(dir, 'partials');
    for (const f of readdirSync(partials).filter((n) => n.endsWith('.hbs')).sort()) {
      this.hbs.registerPartial(f.replace(/\.hbs$/, ''), readFileSync(join(partials, f), 'utf8'));
    }
  }

  private template(name: string): Handlebars.TemplateDelegate {
    let t = this.cache.get(name);
    if (!t) {
      t = this.hbs.compile(readFileSync(join(this.dir, `${name}.hbs`), 'utf8'), { strict: false, noEscape: false });
      this.cache.set(name, t);
    }
    return t;
  }

  /** Render template `name` with `view`, framed by the layout. */
  page(name: string, view: object, frame: PageFrame): string {
    const body = this.template(name)(view);
    const page = { ...frame, runningHeaderCss: cssString(frame.runningHeader ?? frame.title) };
    return this.template('layout')({ page, body });
  }
}

/**
 * Copy the stylesheets, the favicon and the web font into `siteDir/assets`. The font
 * (Noto Sans SC, woff2 subsets by unicode-range, regular weight) comes with
 * `fonts/fonts-screen.css`, the last fallback of the screen's system font stack: a browser
 * fetches a subset only when no system font before it has the character, i.e. on a machine
 * without a Chinese font. The report pages, printed to PDF, use the report fonts instead
 * (present/report-fonts.ts: every family merged into one file per weight).
 */
/** The fonts' licences in the site, site-relative (linked from the data page). */
export const FONT_LICENCE = 'assets/fonts/LICENSE-fonts.txt';

export function writeAssets(siteDir: string): void {
  const assets = join(siteDir, 'assets');
  const fonts = join(assets, 'fonts');
  mkdirSync(fonts, { recursive: true });
  for (const f of readdirSync(join(TEMPLATE_DIR, 'assets'))) copyFileSync(join(TEMPLATE_DIR, 'assets', f), join(assets, f));
  const require = createRequire(import.meta.url);
  const pkg = dirname(require.resolve('@fontsource/noto-sans-sc/package.json'));
  const header = '/* Noto Sans SC (SIL Open Font License), from @fontsource/noto-sans-sc: woff2 subsets by unicode-range. */';
  const source = readFileSync(join(pkg, '400.css'), 'utf8');
  // Keep only the woff2 sources, pointing at the copied files.
  const faces = source.replace(/src: url\(\.\/files\/([^)]+\.woff2)\) format\('woff2'\), url\([^)]+\) format\('woff'\);/g, "src: url($1) format('woff2');");
  for (const m of source.matchAll(/url\(\.\/files\/([^)]+\.woff2)\)/g)) copyFileSync(join(pkg, 'files', m[1]!), join(fonts, m[1]!));
  writeFileSync(join(fonts, 'fonts-screen.css'), [header, faces].join('\n'));
  writeFileSync(join(siteDir, ...FONT_LICENCE.split('/')), fontLicences(require));
}

/**
 * The licences of the fonts the site and the reports ship (Noto Sans SC, Noto Serif SC, LXGW
 * WenKai: SIL Open Font License, which asks for its text to go with the fonts; the site review
 * found none), from their packages.
 */
function fontLicences(require: NodeJS.Require): string {
  const parts: string[] = [];
  for (const [name, pkg, files] of [
    ['Noto Sans SC', '@fontsource/noto-sans-sc', ['LICENSE']],
    ['Noto Serif SC', '@fontsource/noto-serif-sc', ['LICENSE']],
    ['LXGW WenKai（霞鹜文楷）', 'lxgw-wenkai-webfont', ['OFL.txt', 'LICENSE']],
  ] as const) {
    const dir = dirname(require.resolve(`${pkg}/package.json`));
    parts.push(`==== ${name}（${pkg}） ====\n`, ...files.map((f) => readFileSync(join(dir, f), 'utf8')));
  }
  return parts.join('\n');
}
