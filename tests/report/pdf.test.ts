import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING_MESSAGE, findChromium, KNOWN_CHROMIUM_PATHS, launchBrowser, PRINTING_CHROMIUM_PATHS } from '../../pipeline/report/chromium.ts';
import { answerFont, fontResponse, printPdfs, urlGuard, type PdfJob, type PdfResult } from '../../pipeline/report/pdf.ts';
import { hasType3Font, headingPages, namedDestinationsOf, readOutline, type OutlineEntry } from '../../pipeline/report/pdf-outline.ts';
import { FONTSOURCE_DIR, RUNNING_HEADER, writeFixture, writeRestrictedFont, type Fixture, type FixtureOptions } from '../support/pdf-fixture.ts';

const squash = (s: string) => s.replace(/\s+/g, '');

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const pageTexts = new Map<string, string[]>();
/**
 * Text of one page. Plain text comes from one `pdftotext` of the whole file split at its form
 * feeds (one per page); `-layout` text from `pdftotext -layout -f N -l N`.
 */
function pageText(pdf: string, page: number, layout = false): string {
  if (layout) return run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), pdf, '-']);
  let pages = pageTexts.get(pdf);
  if (!pages) pageTexts.set(pdf, (pages = run('pdftotext', [pdf, '-']).split('\f')));
  return pages[page - 1] ?? '';
}

/** `title → number` from the TOC page(s), read with pdftotext -layout. */
function tocNumbers(pdf: string, titles: string[], maxPage: number): Map<string, number> {
  const wanted = new Map(titles.map((t) => [squash(t), t]));
  const found = new Map<string, number>();
  for (let p = 2; p <= maxPage && found.size < titles.length; p++) {
    for (const line of pageText(pdf, p, true).split('\n')) {
      const m = /^\s*(\S.*?)\s{2,}(\d+)\s*$/.exec(line);
      const title = m && wanted.get(squash(m[1]!));
      if (m && title && !found.has(title)) found.set(title, Number(m[2]));
    }
  }
  return found;
}

/** One line a paragraph, 32 px each, no margins: pages of a known number of lines. */
const LINES_32PX = 'body { margin: 0; font: 16px/32px sans-serif; } p { margin: 0; }';

/** `n` numbered paragraphs: `<p>表第 1 行</p>`… */
function numberedLines(n: number, label = ''): string {
  return Array.from({ length: n }, (_, i) => `<p>${label}第 ${i + 1} 行</p>`).join('');
}

/** A page written to `folder/name.html` (its style and body given) and the job that prints it. */
function htmlJob(folder: string, name: string, style: string, body: string): PdfJob {
  mkdirSync(folder, { recursive: true });
  const html = join(folder, `${name}.html`);
  writeFileSync(html, `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${name}</title><style>${style}</style></head><body>${body}</body></html>`);
  return { html, pdf: join(folder, `${name}.pdf`), title: name, date: '2024-12-31' };
}

describe('findChromium', () => {
  it('takes CHROMIUM_PATH first, then PUPPETEER_EXECUTABLE_PATH', () => {
    const node = process.execPath;
    expect(findChromium({ CHROMIUM_PATH: node }, [])).toBe(node);
    expect(findChromium({ PUPPETEER_EXECUTABLE_PATH: node }, [])).toBe(node);
  });

  it('rejects an environment variable that names no executable', () => {
    expect(() => findChromium({ CHROMIUM_PATH: '/nonexistent/chromium' })).toThrow(/CHROMIUM_PATH.*\/nonexistent\/chromium/);
  });

  it('explains in Chinese how to install Chromium when none is found', () => {
    expect(() => findChromium({}, ['/nonexistent/chromium'])).toThrow(CHROMIUM_MISSING_MESSAGE);
    expect(CHROMIUM_MISSING_MESSAGE).toContain('apt-get install chromium');
    expect(CHROMIUM_MISSING_MESSAGE).toContain('--no-pdf');
  });
});

describe('urlGuard', () => {
  let root = '';
  let ok: (url: string) => boolean = () => true;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'planeval-guard-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'assets', 'a.css'), '');
    symlinkSync('/etc', join(root, 'etc-link'));
    ok = urlGuard([root]);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('allows file:// under the root and data:', () => {
    expect(ok(pathToFileURL(join(root, 'assets', 'a.css')).href)).toBe(true);
    expect(ok(pathToFileURL(join(root, 'not-yet-written.html')).href)).toBe(true);
    expect(ok('data:image/png;base64,iVBORw0KGgo=')).toBe(true);
  });

  it('blocks the network, other files, traversal, symlinks out and remote file hosts', () => {
    expect(ok('https://example.com/x.png')).toBe(false);
    expect(ok('http://127.0.0.1/x.css')).toBe(false);
    expect(ok('ws://127.0.0.1/')).toBe(false);
    expect(ok('file:///etc/passwd')).toBe(false);
    expect(ok(`${pathToFileURL(root).href}/../etc/passwd`)).toBe(false);
    expect(ok(`${pathToFileURL(root).href}/assets/%2e%2e/%2e%2e/x`)).toBe(false);
    expect(ok(pathToFileURL(join(root, 'etc-link', 'hostname')).href)).toBe(false);
    expect(ok(`file://server${root}/a.css`)).toBe(false);
    expect(ok(`${pathToFileURL(root).href}-sibling/x`)).toBe(false);
  });
});

describe('fontResponse', () => {
  it('answers a font file by its bytes and type, and nothing else', () => {
    const woff2 = join(FONTSOURCE_DIR, 'files', 'noto-sans-sc-latin-400-normal.woff2');
    const font = fontResponse(pathToFileURL(woff2).href);
    expect(font?.contentType).toBe('font/woff2');
    expect(font?.status).toBe(200);
    expect(Buffer.compare(font!.body, readFileSync(woff2))).toBe(0);
    expect(fontResponse(pathToFileURL(join(FONTSOURCE_DIR, 'files', 'noto-sans-sc-latin-400-normal.woff')).href)?.contentType).toBe('font/woff');
    expect(fontResponse(pathToFileURL(join(FONTSOURCE_DIR, '400.css')).href)).toBeUndefined();
    expect(fontResponse(pathToFileURL(join(FONTSOURCE_DIR, 'files', 'no-such-font.woff2')).href)).toBeUndefined();
    expect(fontResponse('https://example.com/font.woff2')).toBeUndefined();
    expect(fontResponse('data:font/woff2;base64,AAAA.woff2')).toBeUndefined();
  });
});

describe('answerFont', () => {
  const font = { status: 200, contentType: 'font/woff', body: Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]) };
  const fakeRequest = (interceptionId: unknown) => {
    const sent: { method: string; params: Record<string, unknown> }[] = [];
    const responded: unknown[] = [];
    const req = {
      _interceptionId: interceptionId,
      isInterceptResolutionHandled: () => false,
      client: { send: async (method: string, params: Record<string, unknown>) => void sent.push({ method, params }) },
      respond: async (r: unknown) => void responded.push(r),
    };
    return { req: req as unknown as Parameters<typeof answerFont>[0], sent, responded };
  };

  it('fulfils the paused request itself, the body encoded by Node', async () => {
    const { req, sent, responded } = fakeRequest('interception-7');
    await answerFont(req, font);
    expect(responded).toEqual([]);
    expect(sent).toEqual([{
      method: 'Fetch.fulfillRequest',
      params: {
        requestId: 'interception-7', responseCode: 200, responsePhrase: 'OK',
        responseHeaders: [{ name: 'content-type', value: 'font/woff' }, { name: 'content-length', value: '9' }],
        body: font.body.toString('base64'),
      },
    }]);
  });

  it('goes through puppeteer’s respond when the request has no interception id', async () => {
    const { req, sent, responded } = fakeRequest(undefined);
    await answerFont(req, font);
    expect(sent).toEqual([]);
    expect(responded).toEqual([font]);
  });
});

describe('hasType3Font', () => {
  it('finds a Type 3 font among the objects, and only a font', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const font = (subtype: string) => doc.context.obj({ Type: 'Font', Subtype: subtype, BaseFont: 'X' });
    doc.context.register(font('Type0'));
    doc.context.register(font('TrueType'));
    // An XObject that happens to be called Type3 is not a font.
    doc.context.register(doc.context.obj({ Type: 'XObject', Subtype: 'Type3' }));
    expect(hasType3Font(doc)).toBe(false);
    doc.context.register(font('Type3'));
    expect(hasType3Font(doc)).toBe(true);
    // Read back from bytes, as the printer does.
    expect(hasType3Font(await PDFDocument.load(await doc.save()))).toBe(true);
  });
});

describe('readOutline', () => {
  it('resolves named (/Dests and /Names) and action destinations, with levels', async () => {
    const doc = await PDFDocument.create();
    const pages = [doc.addPage(), doc.addPage(), doc.addPage()];
    const ctx = doc.context;
    const root = ctx.nextRef();
    const [ch1, ch11, ch2] = [ctx.nextRef(), ctx.nextRef(), ctx.nextRef()];
    ctx.assign(ch1, ctx.obj({ Title: PDFHexString.fromText('第一章 总体评估'), Parent: root, Dest: PDFName.of('ch1'), Next: ch2, First: ch11, Last: ch11, Count: 1 }));
    ctx.assign(ch11, ctx.obj({ Title: PDFString.of('1.1 Goals'), Parent: ch1, A: { S: 'GoTo', D: [pages[2]!.ref, 'XYZ', null, null, null] } }));
    ctx.assign(ch2, ctx.obj({ Title: PDFHexString.fromText('第二章 养老服务'), Parent: root, Prev: ch1, Dest: PDFHexString.fromText('ch2') }));
    ctx.assign(root, ctx.obj({ Type: 'Outlines', First: ch1, Last: ch2, Count: 3 }));
    doc.catalog.set(PDFName.of('Outlines'), root);
    doc.catalog.set(PDFName.of('Dests'), ctx.obj({ ch1: [pages[1]!.ref, 'Fit'] }));
    const leaf = ctx.register(ctx.obj({ Names: [PDFHexString.fromText('ch2'), ctx.obj({ D: [pages[2]!.ref, 'Fit'] })] }));
    doc.catalog.set(PDFName.of('Names'), ctx.obj({ Dests: ctx.obj({ Kids: [leaf] }) }));
    const outline = await readOutline(await doc.save());
    expect(outline).toEqual<OutlineEntry[]>([
      { title: '第一章 总体评估', page: 2, level: 1 },
      { title: '1.1 Goals', page: 3, level: 2 },
      { title: '第二章 养老服务', page: 3, level: 1 },
    ]);
  });

  it('reads named destinations, percent-decoding the names Chromium writes', async () => {
    const doc = await PDFDocument.create();
    const pages = [doc.addPage(), doc.addPage()];
    doc.catalog.set(
      PDFName.of('Dests'),
      doc.context.obj({ '%E7%AC%AC1%E7%AB%A0': [pages[1]!.ref, 'Fit'], 'sec-p1': [pages[0]!.ref, 'XYZ', 0, 800, 0] }),
    );
    const dests = namedDestinationsOf(await PDFDocument.load(await doc.save()));
    expect(dests.get('第1章')).toBe(2);
    expect(dests.get('%E7%AC%AC1%E7%AB%A0')).toBe(2);
    expect(dests.get('sec-p1')).toBe(1);
  });

  it('is empty for a PDF without bookmarks', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    expect(await readOutline(await doc.save())).toEqual([]);
  });
});

describe('headingPages', () => {
  it('matches repeated heading texts by occurrence and ignores whitespace differences', () => {
    const outline: OutlineEntry[] = [
      { title: '1.1 养老  服务', page: 3, level: 1 },
      { title: '主要做法', page: 3, level: 2 },
      { title: '主要做法', page: 5, level: 2 },
      { title: '主要做法', page: 8, level: 2 },
    ];
    const dom = [{ text: '1.1 养老 服务' }, { text: '主要做法' }, { text: '主要做法' }, { text: '主要做法' }, { text: '不在书签中' }];
    expect(headingPages(dom, outline)).toEqual([3, 3, 5, 8, undefined]);
  });
});

describe('printPdfs (real Chromium)', () => {
  let dir = '';
  let server: Server | undefined;
  const serverHits: string[] = [];
  let fixtures: Fixture[] = [];
  let jobs: PdfJob[] = [];
  let results: PdfResult[] = [];
  let outlines: OutlineEntry[][] = [];
  const progress: [number, number, string][] = [];
  let setupError: unknown;
  /**
   * Not a skip: without Chromium every test below fails with CHROMIUM_MISSING_MESSAGE (a
   * failing beforeAll alone would only show the tests as skipped).
   */
  const ready = () => {
    if (setupError !== undefined) throw setupError;
  };

  beforeAll(async () => {
    try {
      await printAll();
    } catch (err) {
      setupError = err;
    }
  });

  async function printAll() {
    findChromium();
    dir = mkdtempSync(join(tmpdir(), 'planeval-pdf-'));
    server = createServer((req, res) => {
      serverHits.push(req.url ?? '');
      res.end('');
    });
    await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
    const leakBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fixtures = [
      writeFixture(join(dir, 'district'), { leakBase }),
      writeFixture(join(dir, 'town'), { title: '大兴区黄村地区“十四五”民政规划实施评估报告', scale: 2, tocLinks: false }),
      writeFixture(join(dir, 'growing'), { title: '目录页码会改变分页的报告', growingToc: true }),
      writeFixture(join(dir, 'plain'), { title: '无目录的报告', toc: false, headerPrefix: '龘鬯爨 ' }),
    ];
    jobs = fixtures.map((f, i) => ({ html: f.html, pdf: join(dir, 'out', `report-${i}.pdf`), title: `评估报告 ${i + 1}` }));
    const t0 = performance.now();
    results = await printPdfs(jobs, {
      allowedRoot: [dir, FONTSOURCE_DIR],
      concurrency: 2,
      onProgress: (done, total, job) => progress.push([done, total, job.pdf]),
    });
    const ms = performance.now() - t0;
    outlines = await Promise.all(results.map((r) => readOutline(readFileSync(r.pdf))));
    console.log(
      `[pdf] ${results.length} PDFs in ${(ms / 1000).toFixed(1)} s (browser start included): ` +
        results.map((r) => `${r.pages} pages, ${r.passes} prints, ${r.ms} ms ${JSON.stringify(r.phases)}, ${r.bytes} B`).join(' | '),
    );
  }

  afterAll(async () => {
    await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints every job, in parallel, reporting progress', () => {
    ready();
    expect(results).toHaveLength(4);
    expect(progress.map(([done, total]) => [done, total])).toEqual([[1, 4], [2, 4], [3, 4], [4, 4]]);
    expect(new Set(progress.map(([, , pdf]) => pdf))).toEqual(new Set(jobs.map((j) => j.pdf)));
    for (const [i, r] of results.entries()) {
      expect(r.pdf).toBe(jobs[i]!.pdf);
      expect(r.pages).toBeGreaterThanOrEqual(14);
      expect(r.bytes).toBe(readFileSync(r.pdf).byteLength);
      expect(r.warnings).toEqual([]);
      expect(r.tocUnresolved).toEqual([]);
      expect(r.tocEntries).toBe(fixtures[i]!.headings.filter((h) => h.inToc).length);
    }
    // The larger tables make the town report longer.
    expect(results[1]!.pages).toBeGreaterThan(results[0]!.pages);
    // Written atomically: no temporary files left beside the PDFs.
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['report-0.pdf', 'report-1.pdf', 'report-2.pdf', 'report-3.pdf']);
  });

  it('writes valid A4 PDFs with the job title', () => {
    ready();
    for (const r of results) {
      const info = run('pdfinfo', [r.pdf]);
      expect(info).toMatch(new RegExp(`^Pages:\\s+${r.pages}$`, 'm'));
      expect(info).toMatch(/^Page size:\s+594\.\d+ x 841\.\d+ pts \(A4\)$/m);
      expect(info).toMatch(new RegExp(`^Title:\\s+${r.title}$`, 'm'));
      expect(info).toMatch(/^Tagged:\s+yes$/m);
    }
  });

  it('has a text layer with every Chinese heading', () => {
    ready();
    for (const [i, r] of results.entries()) {
      const text = squash(run('pdftotext', [r.pdf, '-']));
      for (const h of fixtures[i]!.headings) expect(text).toContain(squash(h.text));
    }
  });

  it('embeds its fonts: Noto Sans SC subsets, no Type 3 fallback', () => {
    ready();
    for (const r of results) {
      const rows = run('pdffonts', [r.pdf]).split('\n').slice(2).filter((l) => l.trim() !== '');
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row).toMatch(/NotoSansSC/);
        expect(row).toMatch(/CID TrueType/);
        expect(row).not.toMatch(/Type 3/);
        // columns: name type… encoding emb sub uni object ID
        expect(row).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+\s*$/);
      }
    }
  });

  it('has a bookmark for every heading, at the right level and page', () => {
    ready();
    for (const [i, r] of results.entries()) {
      const outline = outlines[i]!;
      const headings = fixtures[i]!.headings;
      expect(r.outline).toBe(headings.length);
      expect(outline.map((o) => squash(o.title))).toEqual(headings.map((h) => squash(h.text)));
      expect(outline.map((o) => o.level)).toEqual(headings.map((h) => h.level));
      for (const o of outline) {
        expect(o.page).toBeGreaterThanOrEqual(2);
        expect(squash(pageText(r.pdf, o.page))).toContain(squash(o.title));
      }
      // Pages never go backwards in document order.
      expect(outline.map((o) => o.page)).toEqual([...outline.map((o) => o.page)].sort((a, b) => a - b));
    }
  });

  it('prints TOC page numbers equal to where the headings land', () => {
    ready();
    for (const [i, r] of results.entries()) {
      const outline = outlines[i]!;
      const headings = fixtures[i]!.headings;
      const tocTitles = headings.filter((h) => h.inToc).map((h) => h.text);
      const printed = tocNumbers(r.pdf, tocTitles, 4);
      expect([...printed.keys()].sort()).toEqual([...tocTitles].sort());
      headings.forEach((h, k) => {
        if (!h.inToc) return;
        const n = printed.get(h.text)!;
        expect(n, h.text).toBe(outline[k]!.page);
        // The heading really is on that page, and not on the page before (unless it is the TOC).
        expect(squash(pageText(r.pdf, n))).toContain(squash(h.text));
      });
    }
  });

  it('prints the TOC again when filling its numbers moves the headings', () => {
    ready();
    const growing = results[2]!;
    // Pass 1 (untagged), then a final print whose numbers were stale, then the settled one.
    expect(growing.passes).toBe(3);
    expect(results[0]!.passes).toBe(2);
    // TOC entries that are not links leave no named destinations: pass 1 again with the
    // outline, whose bookmarks give the pages (checked against the text in the test above).
    expect(results[1]!.passes).toBe(3);
    // No TOC: a single print, with the outline.
    expect(results[3]!.passes).toBe(1);
    expect(results[3]!.tocEntries).toBe(0);
    // The filled TOC spills onto a second page: every chapter starts one page later.
    const first = (o: OutlineEntry[]) => o.find((e) => e.level === 1)!.page;
    expect(first(outlines[2]!)).toBe(first(outlines[0]!) + 1);
  });

  it('puts page numbers in the margin boxes, none on the cover', () => {
    ready();
    for (const [i, r] of results.entries()) {
      const cover = pageText(r.pdf, 1);
      expect(cover).not.toMatch(/第\s*1\s*页/);
      expect(cover).not.toContain(RUNNING_HEADER);
      const second = squash(pageText(r.pdf, 2));
      expect(second).toContain(`第2页共${r.pages}页`);
      // Also the rare characters that exist only in the margin box (checked for fonts above).
      expect(second).toContain(squash(fixtures[i]!.header));
      expect(squash(pageText(r.pdf, r.pages))).toContain(`第${r.pages}页共${r.pages}页`);
    }
  });

  it('blocks every request outside the allowed roots before it reaches the network', () => {
    ready();
    const [district, town] = results as [PdfResult, PdfResult];
    expect(district.blocked).toBeGreaterThan(0);
    for (const url of fixtures[0]!.externalUrls.filter((u) => !/bg\.png|font\.woff2/.test(u))) {
      expect(district.blockedUrls).toContain(url);
    }
    expect(town.blockedUrls).toEqual(expect.arrayContaining(fixtures[1]!.externalUrls));
    // The local server behind some of those URLs never saw a request.
    expect(serverHits).toEqual([]);
    // Nothing under the allowed roots was blocked (the fonts came through: see the pdffonts test).
    for (const r of results) for (const url of r.blockedUrls) expect(url.startsWith(pathToFileURL(dir).href)).toBe(false);
  });

  it('launches with a temporary profile that close() removes, talking to it over a pipe', async () => {
    ready();
    const launched = await launchBrowser();
    expect(existsSync(launched.userDataDir)).toBe(true);
    expect(await launched.browser.version()).toMatch(/Chrom/);
    // DevTools over a pipe, not a WebSocket (no endpoint to connect to)
    expect(launched.browser.process()?.spawnargs).toContain('--remote-debugging-pipe');
    expect(launched.browser.wsEndpoint()).toBe('');
    await launched.close();
    await launched.close();
    expect(existsSync(launched.userDataDir)).toBe(false);
  });

  it('prints in the tab the browser opened at launch instead of leaving it idle beside its own', async () => {
    ready();
    const launched = await launchBrowser({ forPrinting: true });
    try {
      expect((await launched.browser.pages()).map((p) => p.url())).toEqual(['about:blank']);
      const out = join(dir, 'launch-tab');
      const jobs = fixtures.slice(0, 2).map((f, i) => ({ html: f.html, pdf: join(out, `${i}.pdf`), title: f.header }));
      await printPdfs(jobs, { allowedRoot: dir, browser: launched, concurrency: 2 });
      for (const j of jobs) expect(existsSync(j.pdf)).toBe(true);
      // Its tabs closed when done, the launch tab among them: none is left open.
      expect(await launched.browser.pages()).toEqual([]);
      expect(launched.takeLaunchTab()).toBeUndefined();
    } finally {
      await launched.close();
    }
  });

  // Debian's headless shell prints faster and is found first; Chromium where only it is installed.
  // Both must set a report alike (the same pages, the same text on each page). CI installs both
  // and sets PLANEVAL_REQUIRE_BOTH_CHROMIUMS=1, where a missing one fails the test.
  const bothChromiums = [PRINTING_CHROMIUM_PATHS[0]!, KNOWN_CHROMIUM_PATHS[0]!];
  const bothThere = bothChromiums.every((p) => existsSync(p));
  it.runIf(bothThere || process.env.PLANEVAL_REQUIRE_BOTH_CHROMIUMS === '1')(
    'lays a report out alike in the headless shell and in Chromium',
    async () => {
      ready();
      const texts: string[][] = [];
      for (const [i, executablePath] of bothChromiums.entries()) {
        const launched = await launchBrowser({ executablePath });
        try {
          const out = join(dir, 'both', String(i));
          const jobs = fixtures.slice(0, 2).map((f, j) => ({ html: f.html, pdf: join(out, `${j}.pdf`), title: f.header }));
          const printed = await printPdfs(jobs, { allowedRoot: [dir, FONTSOURCE_DIR], browser: launched, concurrency: 2 });
          texts.push(printed.flatMap((r) => Array.from({ length: r.pages }, (_, p) => `${r.pdf.slice(out.length)} ${p + 1}\n${pageText(r.pdf, p + 1, true)}`)));
        } finally {
          await launched.close();
        }
      }
      expect(texts[0]!.length).toBeGreaterThanOrEqual(28);
      expect(texts[0]).toEqual(texts[1]);
    },
    60_000,
  );

  it('prints short documents one after another in one tab, its renderer collecting its garbage on the way', async () => {
    ready();
    // Five short pages in one tab: Chromium's renderer is asked to collect after the fourth
    // (the headless shell's is not: collectsGarbage).
    const short = join(dir, 'short');
    mkdirSync(short, { recursive: true });
    const jobs = Array.from({ length: 5 }, (_, i) => {
      const html = join(short, `${i}.html`);
      writeFileSync(html, `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>短报告 ${i + 1}</title></head><body><h1>第 ${i + 1} 份</h1><p>${'评估内容。'.repeat(200)}</p></body></html>`);
      return { html, pdf: join(short, `${i}.pdf`), title: `短报告 ${i + 1}` };
    });
    const launched = await launchBrowser();
    const printed = await printPdfs(jobs, { allowedRoot: dir, concurrency: 1, browser: launched }).finally(() => launched.close());
    expect(printed.map((r) => r.pdf)).toEqual(jobs.map((j) => j.pdf));
    for (const [i, r] of printed.entries()) {
      expect(r.warnings).toEqual([]);
      expect(r.pages).toBeLessThanOrEqual(12);
      expect(squash(pageText(r.pdf, 1))).toContain(`第${i + 1}份`);
    }
  });

  it('prints a document whose last page would hold a few lines once more, a little tighter, and keeps that print a page shorter', async () => {
    ready();
    // 20 mm margins: 971 px of text a page. At line-height 32 px, 30 lines a page: 32 lines
    // leave 2 on page 2; tighter (.print-fit, 28.8 px) 33 fit on one. 40 lines leave 10 (not near-empty).
    const folder = join(dir, 'fit');
    const doc = (name: string, lines: number) => htmlJob(folder, name, `@page { size: A4; margin: 20mm; } ${LINES_32PX} .print-fit body { line-height: 28.8px; }`, numberedLines(lines));
    const browser = await launchBrowser({ forPrinting: true });
    const opts = { allowedRoot: dir, concurrency: 1, browser };
    try {
    const [tail, full, again] = await printPdfs([doc('tail', 32), doc('full', 40), { ...doc('tail', 32), pdf: join(folder, 'tail-again.pdf') }], opts);
    expect(tail).toMatchObject({ pages: 1, passes: 2, fitted: true });
    expect(squash(pageText(tail!.pdf, 1))).toContain('第32行');
    expect(full).toMatchObject({ pages: 2, passes: 1, fitted: false });
    // the same page prints to the same bytes
    expect(Buffer.compare(readFileSync(tail!.pdf), readFileSync(again!.pdf))).toBe(0);

    // Without a TOC, where the first tighter setting does not save the page, a tighter one is
    // tried (.print-fit-more; 安定镇's 2022 report kept 4 lines on its fourth page): kept when
    // shorter, else the normal print stays
    const more = (name: string, lines: number) => htmlJob(folder, name, `@page { size: A4; margin: 20mm; } ${LINES_32PX} .print-fit body { line-height: 31px; } .print-fit-more body { line-height: 28.8px; }`, numberedLines(lines));
    const [saved, kept] = await printPdfs([more('more', 32), more('more-not', 35)], opts);
    expect(saved).toMatchObject({ pages: 1, passes: 3, fitted: true });
    expect(squash(pageText(saved!.pdf, 1))).toContain('第32行');
    expect(kept).toMatchObject({ pages: 2, passes: 3, fitted: false });

    // With a TOC (its own page): decided on the first pass, the TOC numbered from the tighter
    // print; from a hint (the pages of the last print) the same bytes.
    const tocHtml = (name: string, lines: number) => {
      const file = join(folder, `${name}.html`);
      writeFileSync(file, `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>toc</title><style>@page { size: A4; margin: 20mm; } body { margin: 0; font: 16px/32px sans-serif; } p { margin: 0; } .print-fit body { line-height: 28.8px; } nav { break-after: page; }</style></head><body><nav><a href="#body">正文 <span class="toc-page" data-target="body"></span></a></nav><h1 id="body" style="margin:0;font-size:16px">正文</h1>${Array.from({ length: lines }, (_, i) => `<p>第 ${i + 1} 行</p>`).join('')}</body></html>`);
      return file;
    };
    const withToc = tocHtml('toc', 31);
    const tocJob = (name: string, tocPages?: Record<string, number>): PdfJob => ({ html: withToc, pdf: join(folder, `${name}.pdf`), title: 'toc', date: '2024-12-31', tocPages });
    const [cold] = await printPdfs([tocJob('toc-cold')], opts);
    expect(cold).toMatchObject({ pages: 2, fitted: true, tocPages: { body: 2 }, tocEntries: 1 });
    const [hinted] = await printPdfs([tocJob('toc-hinted', cold!.tocPages)], opts);
    expect(hinted).toMatchObject({ pages: 2, fitted: true, tocPages: { body: 2 } });
    expect(Buffer.compare(readFileSync(cold!.pdf), readFileSync(hinted!.pdf))).toBe(0);
    // told it was set tighter last time: a quick check of the normal setting, then one final print
    const [told] = await printPdfs([{ ...tocJob('toc-told', cold!.tocPages), fitted: true }], opts);
    expect(told).toMatchObject({ pages: 2, fitted: true, passes: 2 });
    expect(Buffer.compare(readFileSync(cold!.pdf), readFileSync(told!.pdf))).toBe(0);
    // and when the normal setting no longer needs it (told wrongly), printed as without the hint
    const longer = tocHtml('toc-longer', 39);
    const [plain] = await printPdfs([{ html: longer, pdf: join(folder, 'toc-longer.pdf'), title: 'toc', date: '2024-12-31' }], opts);
    expect(plain).toMatchObject({ pages: 3, fitted: false });
    const [wrong] = await printPdfs([{ html: longer, pdf: join(folder, 'toc-told-wrong.pdf'), title: 'toc', date: '2024-12-31', tocPages: plain!.tocPages, fitted: true }], opts);
    expect(wrong).toMatchObject({ pages: 3, fitted: false });
    expect(Buffer.compare(readFileSync(plain!.pdf), readFileSync(wrong!.pdf))).toBe(0);
    // told wrongly, with the tighter setting's pages (a heading a page earlier): the final print
    // starts from the quick print's pages, not from the hint's, and is not made twice
    const moved = join(folder, 'toc-moved.html');
    writeFileSync(moved, `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>toc</title><style>@page { size: A4; margin: 20mm; } body { margin: 0; font: 16px/32px sans-serif; } p, h1 { margin: 0; font-size: 16px; } .print-fit body { line-height: 28.8px; } nav { break-after: page; }</style></head><body><nav><a href="#body">正文 <span class="toc-page" data-target="body"></span></a><a href="#later">后文 <span class="toc-page" data-target="later"></span></a></nav><h1 id="body">正文</h1>${Array.from({ length: 30 }, (_, i) => `<p>第 ${i + 1} 行</p>`).join('')}<h1 id="later">后文</h1>${Array.from({ length: 20 }, (_, i) => `<p>后第 ${i + 1} 行</p>`).join('')}</body></html>`);
    const [movedCold] = await printPdfs([{ html: moved, pdf: join(folder, 'toc-moved.pdf'), title: 'toc', date: '2024-12-31' }], opts);
    expect(movedCold).toMatchObject({ pages: 3, fitted: false, tocPages: { body: 2, later: 3 } });
    const [movedTold] = await printPdfs([{ html: moved, pdf: join(folder, 'toc-moved-told.pdf'), title: 'toc', date: '2024-12-31', tocPages: { body: 2, later: 2 }, fitted: true }], opts);
    expect(movedTold).toMatchObject({ pages: 3, fitted: false, passes: 2, tocPages: { body: 2, later: 3 } });
    expect(Buffer.compare(readFileSync(movedCold!.pdf), readFileSync(movedTold!.pdf))).toBe(0);
    } finally {
      await browser.close();
    }
  });

  it('leaves no page after the one its text ends on (a last table filled its page to the foot, and a margin after it made a blank page)', async () => {
    ready();
    // 30 lines of 32 px fill 960 of the page's 971 px; 40 px of padding after them go onto a
    // page of their own, with nothing on it. No tighter setting here: only the blank page to take off.
    const folder = join(dir, 'blank-tail');
    const job = htmlJob(folder, 'blank-tail', `@page { size: A4; margin: 20mm; } ${LINES_32PX}`, `${numberedLines(30)}<div style="padding-bottom: 40px"></div>`);
    const browser = await launchBrowser({ forPrinting: true });
    try {
      const [r] = await printPdfs([job], { allowedRoot: dir, concurrency: 1, browser });
      expect(r).toMatchObject({ pages: 1 });
      expect((await PDFDocument.load(readFileSync(job.pdf))).getPageCount()).toBe(1);
      expect(squash(pageText(job.pdf, 1))).toContain('第30行');
    } finally {
      await browser.close();
    }
  });

  it('prints once more, a little tighter, a document whose landscape pages would end with a few lines alone on a page, and keeps that print a page shorter', async () => {
    ready();
    // A landscape run (`page: wide`, 20 mm margins: 634 px of text a page, 19 lines of 32 px)
    // of 21 lines leaves 2 on its second page, which the next part (a portrait page) does not
    // fill; tighter (28.8 px, 22 lines a page) they fit on one. 30 lines leave 10: not near-empty.
    // The named page is a print rule, as in report-print.css: found in the page as opened.
    const folder = join(dir, 'fit-run');
    const doc = (name: string, lines: number) => htmlJob(folder, name,
      `@page { size: A4; margin: 20mm; } @page wide { size: A4 landscape; margin: 20mm; } ${LINES_32PX} .print-fit .wide { line-height: 28.8px; } @media print { section.wide { page: wide; } }`,
      `<section><p>封面</p></section><section class="wide">${numberedLines(lines, '表')}</section><section>${numberedLines(20, '正文')}</section>`);
    const browser = await launchBrowser({ forPrinting: true });
    try {
      const [tail, full] = await printPdfs([doc('run-tail', 21), doc('run-full', 30)], { allowedRoot: dir, concurrency: 1, browser });
      expect(tail).toMatchObject({ pages: 3, passes: 2, fitted: true });
      expect(squash(pageText(tail!.pdf, 2))).toContain('表第21行');
      expect(full).toMatchObject({ pages: 4, passes: 1, fitted: false });
    } finally {
      await browser.close();
    }
  });

  it('starts a table of the report (report-print.css) with at least its first five rows on its first page, not a caption and a row or three at a page foot', async () => {
    ready();
    const folder = join(dir, 'table-start');
    mkdirSync(folder, { recursive: true });
    copyFileSync(join(process.cwd(), 'templates', 'assets', 'report-print.css'), join(folder, 'report-print.css'));
    // A filler leaves room (A4, 25 + 22 mm margins: 250 mm of text) for the caption, the
    // header and about three rows of 8 mm.
    const rows = Array.from({ length: 12 }, (_, i) => `<tr><th scope="row">第${i + 1}行</th><td class="num">${i}</td></tr>`).join('');
    const html = join(folder, 'table.html');
    writeFileSync(html, `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title><link rel="stylesheet" href="report-print.css"><style>td, th { height: 8mm; }</style></head><body><main class="report"><div style="height: 210mm">前文</div><div class="table-wrap"><table class="data report-table"><caption>表9 测试表</caption><thead><tr><th>行</th><th>值</th></tr></thead><tbody>${rows}</tbody></table></div></main></body></html>`);
    const browser = await launchBrowser({ forPrinting: true });
    try {
      const [r] = await printPdfs([{ html, pdf: join(folder, 'table.pdf'), title: 't', date: '2024-12-31' }], { allowedRoot: dir, concurrency: 1, browser });
      expect(r!.pages).toBe(2);
      expect(squash(pageText(r!.pdf, 1))).toContain('前文');
      expect(squash(pageText(r!.pdf, 1))).not.toContain('第1行');
      expect(squash(pageText(r!.pdf, 2))).toContain('表9测试表');
      expect(squash(pageText(r!.pdf, 2))).toContain('第5行');
    } finally {
      await browser.close();
    }
  });

  it('starts a town report’s table of indicators under 一 with its first three rows where five do not fit (天宫院 2024: the table went whole to page 2, a third of page 1 blank)', async () => {
    ready();
    const folder = join(dir, 'town-table-start');
    mkdirSync(folder, { recursive: true });
    copyFileSync(join(process.cwd(), 'templates', 'assets', 'report-print.css'), join(folder, 'report-print.css'));
    // room for the caption, the header and three or four rows of 8 mm, not five
    const rows = Array.from({ length: 12 }, (_, i) => `<tr><th scope="row">第${i + 1}行</th><td class="num">${i}</td></tr>`).join('');
    const html = join(folder, 'table.html');
    writeFileSync(html, `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title><link rel="stylesheet" href="report-print.css"><style>td, th { height: 8mm; }</style></head><body><main><article class="report report-town"><div style="height: 202mm">前文</div><div class="table-wrap"><table class="data report-table town-indicators compact"><caption>某镇主要指标</caption><thead><tr><th>指标</th><th>本镇</th></tr></thead><tbody>${rows}</tbody></table></div></article></main></body></html>`);
    const browser = await launchBrowser({ forPrinting: true });
    try {
      const [r] = await printPdfs([{ html, pdf: join(folder, 'table.pdf'), title: 't', date: '2024-12-31' }], { allowedRoot: dir, concurrency: 1, browser });
      expect(r!.pages).toBe(2);
      const first = squash(pageText(r!.pdf, 1));
      expect(first).toContain('某镇主要指标');
      expect(first).toContain('第3行');
      expect(first).not.toContain('第4行');
    } finally {
      await browser.close();
    }
  });

  it('prints a page from the folder of the page before it into that document, to the bytes of a fresh tab', async () => {
    ready();
    // Three short reports in one folder: plain; a TOC of links (two prints) asking for blocked
    // URLs; a TOC without links (found through the outline) with print-only rare glyphs.
    const folder = join(dir, 'one-folder');
    const kinds: FixtureOptions[] = [
      { title: '无目录的短报告', toc: false, scale: 0.1, chapters: 2 },
      { title: '有目录的短报告', scale: 0.1, chapters: 2, leakBase: `http://127.0.0.1:${(server!.address() as AddressInfo).port}` },
      { title: '目录不是链接的短报告', scale: 0.1, chapters: 2, tocLinks: false, headerPrefix: '龘鬯爨 ' },
    ];
    const made = kinds.map((k, i) => {
      const f = writeFixture(join(dir, `one-folder-src-${i}`), k);
      mkdirSync(folder, { recursive: true });
      const html = join(folder, `${i}.html`);
      copyFileSync(f.html, html);
      return { ...f, html };
    });
    const jobsTo = (out: string) =>
      made.map((f, i) => ({ html: f.html, pdf: join(dir, out, `${i}.pdf`), title: kinds[i]!.title!, date: '2024-12-31' }));
    // One tab: the first page is navigated to, the next two replace its document.
    const inOneTab = await printPdfs(jobsTo('one-tab'), { allowedRoot: [dir, FONTSOURCE_DIR], concurrency: 1 });
    expect(inOneTab.map((r) => r.replaced)).toEqual([false, true, true]);
    for (const r of inOneTab) expect(r.pages).toBeLessThanOrEqual(12); // else the next page would get a fresh tab
    expect(inOneTab.map((r) => r.passes)).toEqual([1, 2, 3]);
    // A fresh tab each (one print call per page, one browser): every page navigated to. (Three
    // tabs in one call did not ensure it: a tab that opened first could finish its page and take
    // the third before the last tab opened.)
    const apart: PdfResult[] = [];
    const launched = await launchBrowser({ forPrinting: true });
    try {
      for (const job of jobsTo('apart')) apart.push(...(await printPdfs([job], { allowedRoot: [dir, FONTSOURCE_DIR], browser: launched })));
    } finally {
      await launched.close();
    }
    expect(apart.map((r) => r.replaced)).toEqual([false, false, false]);
    for (const [i, r] of inOneTab.entries()) {
      expect(r.warnings).toEqual([]);
      expect(r.tocEntries).toBe(apart[i]!.tocEntries);
      expect(Buffer.compare(readFileSync(r.pdf), readFileSync(apart[i]!.pdf))).toBe(0);
    }
    // The replaced document's requests passed the same guard.
    expect(inOneTab[1]!.blockedUrls).toEqual(expect.arrayContaining(made[1]!.externalUrls));
    expect(serverHits).toEqual([]);
  });

  it("fills a TOC from its last print's pages and prints once when they hold, to the same bytes", async () => {
    ready();
    const f = writeFixture(join(dir, 'toc-hint'), { title: '目录页码沿用的短报告', scale: 0.1, chapters: 3 });
    const job = (name: string, tocPages?: Record<string, number>): PdfJob => ({ html: f.html, pdf: join(dir, 'toc-hint-out', `${name}.pdf`), title: '目录页码沿用的短报告', date: '2024-12-31', tocPages });
    const opts = { allowedRoot: [dir, FONTSOURCE_DIR], concurrency: 1 };
    const [first] = await printPdfs([job('first')], opts);
    expect(first!.passes).toBe(2);
    expect(first!.tocHintUsed).toBe(false);
    expect(Object.keys(first!.tocPages).length).toBeGreaterThan(0);
    const shifted = Object.fromEntries(Object.entries(first!.tocPages).map(([t, p]) => [t, p + 1]));
    const partial = Object.fromEntries(Object.entries(first!.tocPages).slice(1));
    const [held, wrong, incomplete] = await printPdfs([job('held', first!.tocPages), job('wrong', shifted), job('incomplete', partial)], opts);
    // The hint holds: one print instead of two.
    expect(held!.passes).toBe(1);
    expect(held!.tocHintUsed).toBe(true);
    // A wrong hint costs a print and is mended; one that misses a target is not taken.
    expect(wrong!.passes).toBe(2);
    expect(wrong!.tocHintUsed).toBe(false);
    expect(incomplete!.passes).toBe(2);
    for (const r of [held!, wrong!, incomplete!]) {
      expect(r.tocPages).toEqual(first!.tocPages);
      expect(r.warnings).toEqual([]);
      expect(Buffer.compare(readFileSync(r.pdf), readFileSync(first!.pdf))).toBe(0);
    }
  });

  it('prints a replacing page again after navigating to it when its print came out in Type 3 fonts', async () => {
    ready();
    // A font that may not be embedded always prints as Type 3: the second page, which replaces
    // the first's document, is printed again the navigated way, and gives its bytes.
    const folder = join(dir, 'type3');
    mkdirSync(folder, { recursive: true });
    writeRestrictedFont(join(folder, 'restricted.ttf'), 'Restricted font');
    const html = (n: number) => {
      const file = join(folder, `${n}.html`);
      writeFileSync(file, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${n}</title><style>@font-face { font-family: R; src: url(restricted.ttf); } p { font-family: R; }</style></head><body><p>Restricted font ${n}</p></body></html>`);
      return { html: file, pdf: join(folder, `${n}.pdf`), title: `第 ${n} 份`, date: '2024-12-31' };
    };
    const jobs = [html(1), html(2)];
    const printed = await printPdfs(jobs, { allowedRoot: dir, concurrency: 1 });
    expect(printed.map((r) => [r.replaced, r.renavigated])).toEqual([[false, false], [false, true]]);
    expect(run('pdffonts', [printed[1]!.pdf])).toContain('Type 3');
    const alone = await printPdfs([{ ...jobs[1]!, pdf: join(folder, 'alone.pdf') }], { allowedRoot: dir });
    expect(alone[0]!.renavigated).toBe(false);
    expect(Buffer.compare(readFileSync(printed[1]!.pdf), readFileSync(alone[0]!.pdf))).toBe(0);
  });

  it('refuses HTML outside the allowed roots without starting a browser', async () => {
    ready();
    await expect(
      printPdfs([{ html: fixtures[0]!.html, pdf: join(dir, 'x.pdf'), title: 'x' }], { allowedRoot: FONTSOURCE_DIR }),
    ).rejects.toThrow(/不在允许的目录/);
    await expect(printPdfs([{ html: 'relative.html', pdf: join(dir, 'x.pdf'), title: 'x' }], { allowedRoot: dir })).rejects.toThrow(
      /绝对路径/,
    );
  });
});

describe('undoubled(title)', () => {
  it('mends a bookmark title written twice, and leaves others alone', async () => {
    const { undoubled } = await import('../../pipeline/report/pdf-outline.ts');
    expect(undoubled('三、建设均等高质量的基本社会服务体系三、建设均等高质量的基本社会服务体系')).toBe('三、建设均等高质量的基本社会服务体系');
    expect(undoubled('附录')).toBe('附录');
    expect(undoubled('哈哈')).toBe('哈');
    expect(undoubled('一、总体评价')).toBe('一、总体评价');
    expect(undoubled('')).toBe('');
  });
});
