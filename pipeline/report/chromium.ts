/**
 * Finding and starting the Chromium that prints the PDFs (puppeteer-core brings no browser).
 *
 * Order: `CHROMIUM_PATH`, `PUPPETEER_EXECUTABLE_PATH`, then the usual Debian/Ubuntu/Chrome
 * locations (for printing, Debian's headless shell first). Each launch gets a fresh temporary
 * profile, removed again on `close()`.
 */
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { UserError, EXIT } from '../basics/errors.ts';

/** Where Chromium or Chrome usually lives when no environment variable names it. */
export const KNOWN_CHROMIUM_PATHS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
];

/**
 * Where the browser that prints the PDFs is looked for: Debian's chromium-headless-shell first
 * (the same Chromium without the browser around it), then the others. The sample's 115 PDFs
 * printed in 34 s instead of 49 s (its print calls 36 s instead of 62 s of the two tabs' time),
 * to the same pages and text (with --font-render-hinting=none below). Not for the site's pages
 * in a browser: its DuckDB-Wasm page hung in 2 of 3 runs of tests/site/sql-page.test.ts there
 * (never in Chromium's), and readers open the site in a full browser.
 */
export const PRINTING_CHROMIUM_PATHS: readonly string[] = ['/usr/bin/chromium-headless-shell', ...KNOWN_CHROMIUM_PATHS];

export const CHROMIUM_MISSING_MESSAGE =
  '找不到 Chromium，无法打印 PDF。请安装 Debian 的 chromium-headless-shell（apt-get install chromium-headless-shell，打印最快）' +
  '或 chromium（apt-get install chromium），' +
  '或设置环境变量 CHROMIUM_PATH 指向浏览器；也可加 --no-pdf 跳过 PDF。';

/**
 * Command-line flags that work for headless printing on a server without a display, GPU or
 * network (puppeteer adds `--headless` itself from `headless: true`).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Memory: no renderer kept warm for a next site (reports are all file://, one process per
  // tab serves them), and no omnibox popup (its page is preloaded in a renderer of its own
  // although headless has no omnibox). Measured ≈ 25 MB of the browser's ≈ 750 MB.
  '--disable-features=SpareRendererForSitePerProcess,WebUIOmniboxPopup',
  // The (software) compositor as a thread of the browser process rather than a process of its
  // own: ≈ 12 MB less, printing no slower (measured over 35 reports, three runs each).
  '--in-process-gpu',
  // Glyph advances as the fonts give them, not rounded to whole pixels: the headless shell
  // hints fully by default and then sets text wider than Chromium does (5 of the sample's 115
  // PDFs a page longer). With it both lay out alike; Chromium's own PDFs are byte-identical.
  '--font-render-hinting=none',
];

/** Whether the executable is Chromium's headless shell (puppeteer starts it with `headless: 'shell'`). */
export function isHeadlessShell(executablePath: string): boolean {
  return /headless[-_]shell/.test(basename(executablePath));
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Path of the Chromium executable. An environment variable that names a file which is not
 * there is an error of its own (a typo should not silently fall back to another browser).
 */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = KNOWN_CHROMIUM_PATHS,
): string {
  for (const name of ['CHROMIUM_PATH', 'PUPPETEER_EXECUTABLE_PATH'] as const) {
    const value = env[name]?.trim();
    if (!value) continue;
    if (isExecutableFile(value)) return value;
    throw new UserError(`环境变量 ${name} 指向的 ${value} 不存在或不可执行。${CHROMIUM_MISSING_MESSAGE}`, EXIT.failure);
  }
  for (const path of candidates) {
    if (isExecutableFile(path)) return path;
  }
  throw new UserError(CHROMIUM_MISSING_MESSAGE, EXIT.failure);
}

export interface LaunchedBrowser {
  browser: Browser;
  /** The Chromium executable that was started. */
  executablePath: string;
  /** Its temporary profile folder (removed by `close()`). */
  userDataDir: string;
  /** Close the browser and remove its temporary profile. Safe to call twice. */
  close(): Promise<void>;
  /**
   * The blank tab the browser opened at launch, handed out once (then undefined): a printer
   * uses it instead of opening one more, whose renderer would sit idle beside it.
   */
  takeLaunchTab(): Page | undefined;
}

export interface LaunchOptions {
  /** Defaults to `findChromium()`. */
  executablePath?: string;
  /** Look for the browser that prints PDFs (PRINTING_CHROMIUM_PATHS) rather than a full one. */
  forPrinting?: boolean;
  /** Milliseconds to wait for the browser to start (default 60 s). */
  timeout?: number;
}

/** Start one headless Chromium with a fresh temporary profile. */
export async function launchBrowser(opts: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const executablePath = opts.executablePath ?? findChromium(process.env, opts.forPrinting ? PRINTING_CHROMIUM_PATHS : KNOWN_CHROMIUM_PATHS);
  const userDataDir = mkdtempSync(join(tmpdir(), 'planeval-chromium-'));
  const removeProfile = () => rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: isHeadlessShell(executablePath) ? 'shell' : true,
      userDataDir,
      args: [...CHROMIUM_ARGS],
      timeout: opts.timeout ?? 60_000,
      // Chromium's stderr holds only harmless noise here (dbus, the Debian wrapper script).
      dumpio: false,
      // DevTools over a pipe rather than a WebSocket: no frames to mask and no socket for each
      // message (a report's fonts, its HTML, the PDF read back). Printing 2 district and 22 town
      // reports, six alternating pairs: 8.34–8.99 s against 8.75–9.29 s (lower in every pair),
      // this process's CPU 2.70–2.84 s against 2.68–3.06 s.
      pipe: true,
    });
  } catch (err) {
    removeProfile();
    const reason = err instanceof Error ? err.message : String(err);
    throw new UserError(`无法启动 Chromium（${executablePath}）：${reason}`, EXIT.failure);
  }
  let closed = false;
  let launchTab = (await browser.pages().catch(() => [])).find((p) => p.url() === 'about:blank');
  return {
    browser,
    executablePath,
    userDataDir,
    takeLaunchTab() {
      const tab = launchTab;
      launchTab = undefined;
      return tab && !tab.isClosed() ? tab : undefined;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await browser.close();
      } finally {
        removeProfile();
      }
    },
  };
}
