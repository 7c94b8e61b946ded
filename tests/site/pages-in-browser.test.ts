/**
 * Every kind of page of the built site in Chromium, as a portal serves it (sub-path, CSP
 * header), on a desktop (1366 px) and a phone (390 px): axe-core finds nothing, chart text
 * is never below 12 px, the key columns of wide tables stay on screen, the header's search
 * box finds an indicator by its number, and a page weighs what its HTML, CSS and icon
 * weigh — no web font on a machine with a Chinese system font, which this one has (Debian's
 * fonts-noto-cjk). Pages printed to PDF still print in the shipped font.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../../pipeline/report/chromium.ts';
import { ROOT } from '../support/helpers.ts';
import { smallBuild, type SmallBuild } from '../support/fixtures.ts';
import { startPortal, type Portal } from '../support/portal.ts';

const WIDTHS = [1366, 390] as const;
const axeSource = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

let build: SmallBuild;
let portal: Portal;
let browser: LaunchedBrowser;
let town: string;

beforeAll(async () => {
  build = await smallBuild();
  portal = await startPortal(build.siteDir, { precompressed: false });
  browser = await launchBrowser();
  town = readdirSync(join(build.siteDir, 'towns')).find((f) => f !== 'index.html' && f.endsWith('.html'))!;
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

async function open(path: string, width: number, opts: { bypassCSP?: boolean; noScript?: boolean } = {}): Promise<Page> {
  const page = await browser.browser.newPage();
  // The site's CSP (sent as a header) allows no injected script: axe is let in for the test.
  if (opts.bypassCSP) await page.setBypassCSP(true);
  if (opts.noScript) await page.setJavaScriptEnabled(false);
  await page.setViewport({ width, height: 900 });
  await page.goto(`${portal.url}${path}`, { waitUntil: 'networkidle0' });
  await page.evaluate(() => document.fonts.ready);
  return page;
}

/** axe-core's violations of any impact, as `rule: selector` lines (the page opened with `bypassCSP`). */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

describe('every page type, desktop and phone', () => {
  const pageTypes = () => [
    'index.html', 'indicators/index.html', 'indicators/3.html', 'indicators/8.html', 'towns/index.html', `towns/${town}`,
    'reports/index.html', 'reports/2021/index.html', `reports/2021/towns/${town}`, 'data/index.html', 'method.html',
    'search.html', 'search.html?q=养老', 'sql.html',
  ];

  for (const width of WIDTHS) {
    it(`passes axe-core with no violation at ${width} px`, async () => {
      const found: string[] = [];
      for (const path of pageTypes()) {
        const page = await open(path, width, { bypassCSP: true });
        try {
          for (const v of await axe(page)) found.push(`${path}: ${v}`);
          // Nothing wider than the screen: no page scrolls sideways.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (!path.startsWith('reports/2')) expect(overflow, path).toBeLessThanOrEqual(0);
        } finally {
          await page.close();
        }
      }
      expect(found).toEqual([]);
    });
  }
});

describe('charts', () => {
  /** Rendered size in px of every visible chart text: its font size times the SVG's scale. */
  const textSizes = (page: Page) =>
    page.$$eval('.chart-svg svg', (svgs) =>
      svgs.flatMap((svg) => {
        const box = svg.getBoundingClientRect();
        if (box.width === 0) return []; // the other rendering, hidden
        const scale = box.width / (svg as SVGSVGElement).viewBox.baseVal.width;
        return [...svg.querySelectorAll('text')]
          .filter((t) => (t.textContent ?? '').trim() !== '')
          .map((t) => ({ text: t.textContent!, px: parseFloat(getComputedStyle(t).fontSize) * scale }));
      }),
    );

  for (const width of WIDTHS) {
    it(`write no text below 12 px at ${width} px`, async () => {
      // a district-only indicator with a chart (a constant is said, not drawn: which one has a chart depends on the fixture's years)
      const districtOnly = readdirSync(join(build.siteDir, 'indicators'))
        .filter((f) => /^\d+\.html$/.test(f) && f !== '3.html')
        .map((f) => `indicators/${f}`)
        .find((f) => { const html = readFileSync(join(build.siteDir, f), 'utf8'); return html.includes('class="chart-svg') && !html.includes('id="sec-towns"'); })!;
      for (const path of ['index.html', 'indicators/3.html', districtOnly]) {
        const page = await open(path, width);
        try {
          const sizes = await textSizes(page);
          expect(sizes.length, path).toBeGreaterThan(10);
          const small = sizes.filter((s) => s.px < 11.99).map((s) => `${s.text} ${s.px.toFixed(1)}px`);
          expect(small, `${path} at ${width}px`).toEqual([]);
        } finally {
          await page.close();
        }
      }
    });
  }

  it('keep a wide table\'s caption on screen on a phone, wrapped, while the table scrolls (the site review)', async () => {
    const page = await open('reports/2021/index.html', 390);
    try {
      const boxes = await page.$$eval('.table-wrap > table > caption', (cs) => cs.map((c) => { const r = c.getBoundingClientRect(); return { right: r.right, table: c.parentElement!.getBoundingClientRect().width }; }));
      const wide = boxes.filter((b) => b.table > 390);
      expect(wide.length).toBeGreaterThan(0);
      for (const b of wide) expect(b.right).toBeLessThanOrEqual(390);
    } finally {
      await page.close();
    }
  });

  it('show a report\'s charts whole on a phone, in their phone rendering, no text below 12 px', async () => {
    // the 600 px chart in a scrolling box had shown a phone reader 2020–2023, not the year, the target or the legend (the site review)
    for (const path of ['reports/2021/index.html', `reports/2021/towns/${town}`]) {
      const page = await open(path, 390);
      try {
        const sizes = await textSizes(page);
        expect(sizes.length, path).toBeGreaterThan(10);
        expect(sizes.filter((s) => s.px < 11.99).map((s) => `${s.text} ${s.px.toFixed(1)}px`), path).toEqual([]);
        const charts = await page.$$eval('figure.chart .chart-svg', (divs) => divs.filter((d) => d.getBoundingClientRect().width > 0).map((d) => {
          const svg = d.querySelector('svg')!.getBoundingClientRect();
          return { phone: d.classList.contains('chart-phone'), left: svg.left, right: svg.right };
        }));
        expect(charts.length, path).toBeGreaterThan(0);
        for (const c of charts) {
          expect(c.phone, path).toBe(true);
          expect(c.left, path).toBeGreaterThanOrEqual(0);
          expect(c.right, path).toBeLessThanOrEqual(390);
        }
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), path).toBeLessThanOrEqual(0);
      } finally {
        await page.close();
      }
    }
  });

  it('print the desktop rendering', async () => {
    const page = await open('indicators/3.html', 390);
    try {
      await page.emulateMediaType('print');
      const shown = await page.$$eval('.chart-svg', (divs) => divs.filter((d) => d.getBoundingClientRect().width > 0).map((d) => d.className));
      expect(shown.length).toBeGreaterThan(0);
      for (const c of shown) expect(c).toContain('chart-desktop');
    } finally {
      await page.close();
    }
  });
});

describe('wide tables on a phone', () => {
  /** For each body row: whether its cells with these texts in their column headers lie fully on screen. */
  async function keyCells(page: Page, caption: RegExp, columns: string[]): Promise<{ rows: number; offscreen: string[] }> {
    return page.evaluate(
      (captionSource, cols) => {
        const table = [...document.querySelectorAll('table')].find((t) => new RegExp(captionSource).test(t.caption?.textContent ?? ''))!;
        const headers = [...table.tHead!.rows[0]!.cells].map((c) => c.textContent ?? '');
        const wanted = cols.map((c) => headers.findIndex((h) => h.includes(c)));
        const offscreen: string[] = [];
        for (const row of [...table.tBodies[0]!.rows]) {
          for (const i of [0, ...wanted]) {
            const cell = row.cells[i]!;
            const r = cell.getBoundingClientRect();
            const visible = r.width > 0 && r.height > 0 && getComputedStyle(cell).visibility !== 'hidden';
            if (!visible || r.left < 0 || r.right > window.innerWidth) offscreen.push(`${row.cells[1]?.textContent ?? ''} / ${headers[i]}`);
          }
        }
        return { rows: table.tBodies[0]!.rows.length, offscreen };
      },
      caption.source,
      columns,
    );
  }

  it('keep 指标 and 进度评价 on screen on the indicator index', async () => {
    const page = await open('indicators/index.html', 390);
    try {
      const { rows, offscreen } = await keyCells(page, /主要指标完成情况/, ['指标', '实际值', '进度评价']);
      expect(rows).toBe(32);
      expect(offscreen).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('keep the indicator and 对照全区目标 on screen on a town page', async () => {
    const page = await open(`towns/${town}`, 390);
    try {
      const { rows, offscreen } = await keyCells(page, /比率类指标对照全区目标/, ['指标', '对照全区目标', '位次']);
      expect(rows).toBeGreaterThan(5);
      expect(offscreen).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('keep a town\'s name on one line in the report\'s tables of towns, scrolling sideways instead', async () => {
    const page = await open('reports/2021/index.html', 390);
    try {
      const lines = await page.$$eval('table.towns th[scope="row"], table.split th[scope="row"]', (cells) => cells.map((c) => {
        const range = document.createRange();
        range.selectNodeContents(c);
        // one line box for the name: its fragments all share one top
        return { name: c.textContent ?? '', tops: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size };
      }));
      expect(lines.length).toBeGreaterThan(20);
      expect(lines.filter((l) => l.tops > 1).map((l) => l.name)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('print the home page\'s table of towns by indicator within an A4 page, every indicator\'s column in it (the site review: the last two cut off)', async () => {
    const page = await open('index.html', 794);
    try {
      await page.emulateMediaType('print');
      const { table, page: width, columns } = await page.$eval('figure.chart-wide table.data', (t) => ({
        table: t.getBoundingClientRect().right, page: document.documentElement.clientWidth, columns: t.querySelectorAll('thead th').length,
      }));
      expect(columns).toBeGreaterThan(5);
      expect(table).toBeLessThanOrEqual(width);
    } finally {
      await page.close();
    }
  });

  it('hide the header\'s search box where JavaScript does not run: its search page needs it (the site review: a dead end)', async () => {
    for (const noScript of [false, true]) {
      const page = await open('index.html', 1366, { noScript });
      try {
        expect(await page.$eval('form.site-search', (f) => getComputedStyle(f).display !== 'none'), String(noScript)).toBe(!noScript);
      } finally {
        await page.close();
      }
    }
  });

  it('show a town report\'s table of indicators as cards on a phone, each verdict in view beside its indicator (the final review: 对照全区目标 had been out of view to the right)', async () => {
    const page = await open(`reports/2021/towns/${town}`, 390);
    try {
      const cards = await page.$$eval('table.town-indicators tbody tr', (trs) => trs.map((tr) => {
        const name = tr.querySelector('th[scope="row"]')!.getBoundingClientRect();
        const status = tr.querySelector('td[data-status]');
        const box = status?.getBoundingClientRect();
        return {
          nameWidth: name.width, right: Math.max(...[...tr.children].map((c) => c.getBoundingClientRect().right)),
          status: box ? { top: box.top - name.bottom, right: box.right, label: getComputedStyle(status!, '::before').content } : null,
        };
      }));
      const width = await page.evaluate(() => document.documentElement.clientWidth);
      expect(cards.length).toBeGreaterThan(10);
      for (const c of cards) {
        // the name across the card, every cell within the screen: nothing to scroll sideways to
        expect(c.nameWidth).toBeGreaterThan(width * 0.7);
        expect(c.right).toBeLessThanOrEqual(width);
        // the verdict on the line under the name, said with its column's name
        if (c.status) {
          expect(c.status.top).toBeLessThan(30);
          expect(c.status.label).toBe('"对照全区目标："');
        }
      }
      expect(cards.filter((c) => c.status).length).toBeGreaterThan(5);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('keep a row\'s name in view in a district report\'s table scrolled to its last column (表1: rows without names, the site review)', async () => {
    const page = await open('reports/2021/index.html', 390);
    try {
      const seen = await page.$eval('table.indicators', (table) => {
        const wrap = table.closest('.table-wrap')!;
        wrap.scrollLeft = wrap.scrollWidth;
        const box = wrap.getBoundingClientRect();
        const inView = (el: Element) => {
          const r = el.getBoundingClientRect();
          return r.left >= box.left - 1 && r.right <= box.right + 1;
        };
        // the names, the header over them (it had read 2025年 there: the second site review) and the groups' labels
        const names = [...table.tBodies[0]!.querySelectorAll('th[scope="row"], tr.group .group-text')];
        const header = [...table.tHead!.rows[0]!.cells].find((c) => c.textContent === '指标')!;
        return [...names, header].map((el) => ({ name: el.textContent ?? '', inView: inView(el) }));
      });
      expect(seen.length).toBeGreaterThanOrEqual(32 + 4 + 1);
      expect(seen.filter((x) => !x.inView).map((x) => x.name)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('keep the task ledger\'s short cells on one line however long a task\'s name and 进展说明 (desktop)', async () => {
    const page = await open('reports/2021/index.html', 1366);
    try {
      const m = await page.$eval('table.tasks tbody tr', (tr) => {
        tr.querySelector('th')!.textContent = '推进'.repeat(100);
        (tr.lastElementChild as HTMLElement).textContent = '说明'.repeat(150);
        // lines of text in a cell: its text's line boxes, by their tops
        const lines = (el: Element) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        };
        const th = tr.querySelector('th')!;
        return { unit: lines(tr.children[2]!), date: lines(tr.children[3]!), state: lines(tr.children[4]!), name: lines(th), nameEm: th.getBoundingClientRect().width / parseFloat(getComputedStyle(th).fontSize) };
      });
      expect(m.name).toBeGreaterThan(1);
      expect(m).toMatchObject({ unit: 1, date: 1, state: 1 });
      expect(m.nameEm).toBeGreaterThanOrEqual(9.9);
    } finally {
      await page.close();
    }
  });

  it('read as a table again on a desktop', async () => {
    const page = await open('indicators/index.html', 1366);
    try {
      expect(await page.$eval('table.indicator-list', (t) => getComputedStyle(t).display)).toBe('table');
      expect(await page.$eval('table.indicator-list thead', (t) => getComputedStyle(t).display)).not.toBe('none');
    } finally {
      await page.close();
    }
  });
});

describe('weight', () => {
  for (const path of ['index.html', 'indicators/3.html']) {
    // Retried: on a machine under heavy load Chromium's font matching through fontconfig has
    // been seen to give up and fetch the web-font fallback once (seen in one CI-like run of
    // 875 tests with other builds alongside; the same test passed alone on the same clone).
    it(`${path} transfers at most 300 KB, fonts included, with a Chinese system font`, { retry: 2 }, async () => {
      const page = await browser.browser.newPage();
      try {
        await page.setViewport({ width: 1366, height: 900 });
        const cdp = await page.createCDPSession();
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        const urls = new Map<string, string>();
        let bytes = 0;
        cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
        cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
        await page.goto(`${portal.url}${path}`, { waitUntil: 'networkidle0' });
        await page.evaluate(() => document.fonts.ready);
        const fonts = [...urls.values()].filter((u) => u.endsWith('.woff2'));
        expect(fonts).toEqual([]);
        expect(bytes).toBeGreaterThan(20_000);
        expect(bytes).toBeLessThanOrEqual(300 * 1024);
        // The text is drawn in the system's Chinese font.
        const family = await page.$eval('h1', (h) => getComputedStyle(h).fontFamily);
        expect(family.split(',')[0]).not.toMatch(/Noto Sans SC/);
      } finally {
        await page.close();
      }
    });
  }
});

describe('printing', () => {
  it('prints the report pages in the shipped font, the site pages in the system font', async () => {
    for (const [path, shipped] of [['reports/2021/index.html', true], [`reports/2021/towns/${town}`, true], ['indicators/3.html', false]] as const) {
      const page = await open(path, 1366);
      try {
        await page.emulateMediaType('print');
        const family = await page.$eval('main', (m) => getComputedStyle(m).fontFamily);
        expect(/^["']?Noto Sans SC["']?,/.test(family), `${path}: ${family}`).toBe(shipped);
        if (shipped) expect(await page.$eval('.chart-svg svg', (s) => getComputedStyle(s).fontFamily)).toMatch(/^["']?Noto Sans SC/);
      } finally {
        await page.close();
      }
    }
  });

  it('prints a sortable table\'s column names, not its sort arrows', async () => {
    const page = await open(`towns/${town}`, 1366);
    try {
      expect(await page.$$eval('table.sortable .sort-arrow', (a) => a.length)).toBeGreaterThan(5);
      await page.emulateMediaType('print');
      expect(await page.$$eval('table.sortable .sort-arrow', (a) => a.filter((x) => getComputedStyle(x).display !== 'none').length)).toBe(0);
      const heads = await page.$$eval('table.sortable thead th', (ths) => ths.map((th) => ({ text: th.textContent!.trim(), display: getComputedStyle(th.querySelector('.sort-button') ?? th).display })));
      for (const h of heads) {
        expect(h.text).not.toBe('');
        expect(h.display).not.toMatch(/flex/);
      }
    } finally {
      await page.close();
    }
  });

  it('leaves a printed town report embedding the shipped fonts only', () => {
    const doc = build.documents[0]!.towns.get(town.replace(/\.html$/, ''))!;
    const fonts = execFileSync('pdffonts', [join(build.siteDir, doc.pdf!)], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      // Noto Serif SC for the body, Noto Sans SC for headings, tables and charts, LXGW WenKai for level-2 headings.
      expect(line).toMatch(/NotoSansSC|NotoSerifSC|LXGWWenKai/);
      expect(line).not.toMatch(/Type 3/);
    }
  });
});

describe('keyboard', () => {
  it('shows the skip link\'s focus ring against the blue header (yellow, not the red of the page)', async () => {
    const page = await open('index.html', 1366);
    try {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => ({ cls: document.activeElement?.className, outline: getComputedStyle(document.activeElement!).outlineColor }));
      expect(focused.cls).toContain('skip-link');
      expect(focused.outline).toBe('rgb(255, 212, 0)');
    } finally {
      await page.close();
    }
  });
});

describe('the header search box', () => {
  it('opens the search page, which lists indicator 8 first for 指标8', async () => {
    const page = await open('towns/index.html', 390);
    try {
      await page.type('#site-search-q', '指标8');
      await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.keyboard.press('Enter')]);
      expect(page.url()).toMatch(/\/search\.html\?q=%E6%8C%87%E6%A0%878$/);
      await page.waitForSelector('#search-results li');
      const first = await page.$eval('#search-results li a', (a) => a.getAttribute('href'));
      expect(first).toBe('indicators/8.html');
      expect(await page.$eval('#search-input', (i) => (i as HTMLInputElement).value)).toBe('指标8');
    } finally {
      await page.close();
    }
  });
});
