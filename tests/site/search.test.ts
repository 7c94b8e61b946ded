import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../../pipeline/report/chromium.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { Renderer } from '../../pipeline/present/render.ts';
import { fold, holdsPhrase, queryTokens, search, snippet, type SearchDoc, type SearchIndex } from '../../pipeline/site/search-core.ts';
import { buildSearchIndex, searchIndexJson } from '../../pipeline/site/search-index.ts';
import { startServer, type RunningServer } from '../../pipeline/serve.ts';
import { pageFrame } from '../../pipeline/present/page-frame.ts';
import { searchDocs, writeSearchPage, type RootFrameOptions } from '../../pipeline/site/search.ts';
import { dataOf, smallSite, type BuiltSite } from '../support/site-tools-fixture.ts';
import { tempDir } from '../support/helpers.ts';

let site: BuiltSite;
let index: SearchIndex;

beforeAll(async () => {
  site = await smallSite();
  index = JSON.parse(readFileSync(join(site.siteDir, 'search-index.json'), 'utf8')) as SearchIndex;
});

/** Indicator ids of the hits, in order, up to the first non-indicator hit. */
const leadingIndicators = (idx: SearchIndex, q: string) => {
  const ids: number[] = [];
  for (const h of search(idx, q)) {
    const d = idx.docs[h.doc]!;
    if (d.kind !== 'indicator') break;
    ids.push(Number(d.label.replace(/\D/g, '')));
  }
  return ids;
};

describe('tokenising Chinese', () => {
  it('cuts queries into bigrams, a single character into itself, ASCII into words', () => {
    expect(queryTokens('养老')).toEqual(['养老']);
    expect(queryTokens('养老服务')).toEqual(['养老', '老服', '服务']);
    expect(queryTokens('志')).toEqual(['志']);
    expect(queryTokens('5A级 婚姻')).toEqual(['5a', '级', '婚姻']);
    expect(queryTokens('“养老”，志愿！')).toEqual(['养老', '志愿']);
    expect(queryTokens('  ，。 ')).toEqual([]);
  });

  it('folds full-width ASCII and capitals without moving any character', () => {
    expect(fold('ＡＢｃ５Ａ级')).toBe('abc5a级');
    expect(fold('养老Ｘ').length).toBe('养老Ｘ'.length);
  });
});

describe('search over the built index (search-index.json)', () => {
  it('returns the 养老 indicators (3, 4, 5, 6, 7) first for 养老', () => {
    const names = site.plan.indicators.filter((i) => i.name.includes('养老')).map((i) => i.id);
    expect(names).toEqual([3, 4, 5, 6, 7]);
    expect(leadingIndicators(index, '养老').sort((a, b) => a - b)).toEqual(names);
    // Then the plan's 养老 heading, before anything that only mentions 养老 in its text.
    const next = index.docs[search(index, '养老')[5]!.doc]!;
    expect(next.title).toContain('养老');
  });

  it('returns the volunteer indicators (23, 24) first for 志愿', () => {
    expect(leadingIndicators(index, '志愿').sort((a, b) => a - b)).toEqual([23, 24]);
    const titles = search(index, '志愿').slice(0, 3).map((h) => index.docs[h.doc]!.title);
    expect(titles[2]).toBe('（五）推动志愿服务发展');
  });

  it('finds towns by name and alias, single characters, ASCII words, and nothing for nonsense', () => {
    const first = (q: string) => index.docs[search(index, q)[0]!.doc]!;
    expect(first('亦庄').title).toBe('亦庄镇');
    expect(first('黄村地区').title).toBe('黄村镇');
    expect(search(index, '榆').map((h) => index.docs[h.doc]!.title)).toContain('榆垡镇');
    expect(first('5A').label).toBe('指标 25');
    expect(search(index, '量子纠缠')).toEqual([]);
    expect(search(index, 'constructor')).toEqual([]);
    expect(search(index, '')).toEqual([]);
  });

  it('gives the pages with every word the reader separated (亦庄 养老: the town, not the 养老 indicators)', () => {
    const hits = search(index, '亦庄 养老').map((h) => index.docs[h.doc]!);
    const both = (d: SearchDoc) => fold(`${d.title} ${d.body} ${d.keywords ?? ''}`).includes('亦庄') && fold(`${d.title} ${d.body} ${d.keywords ?? ''}`).includes('养老');
    expect(hits[0]!.title).toContain('亦庄');
    // and only those, where there are any (a page with either word is no answer to both)
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every(both)).toBe(true);
    // words no page has together: the pages with either, as before
    expect(search(index, '亦庄 量子').length).toBeGreaterThan(0);
    // a single word is ranked as before
    expect(leadingIndicators(index, '养老').slice(0, 5).sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('lists the indicator first whose number is asked for: 指标8, 8, 第8项', () => {
    for (const q of ['指标8', '8', '第8项', '指标 8']) expect(leadingIndicators(index, q)[0], q).toBe(8);
    for (const q of ['指标28', '指标16', '指标2']) expect(leadingIndicators(index, q)[0], q).toBe(Number(q.slice(2)));
  });

  it('does not take 8 for a part of 28, nor list every page that says 指标 for 指标8 (the site review: 28 right after 8, then 236 more)', () => {
    expect(holdsPhrase('指标28', '8')).toBe(false);
    expect(holdsPhrase('指标8', '8')).toBe(true);
    expect(holdsPhrase('养老院', '养老')).toBe(true);
    expect(holdsPhrase('共8张', '8')).toBe(true);
    const eight = index.docs.findIndex((d) => d.label === '指标 8');
    const twentyEight = index.docs.findIndex((d) => d.label === '指标 28');
    expect(search(index, '8').find((h) => h.doc === twentyEight)?.titleScore ?? 0).toBe(0);
    // 指标 is on most pages: a page must hold the 8 to be listed
    const hits = search(index, '指标8');
    expect(hits[0]!.doc).toBe(eight);
    const withEight = new Set(search(index, '8').map((h) => h.doc));
    expect(hits.every((h) => withEight.has(h.doc))).toBe(true);
    expect(search(index, '指标').length).toBeGreaterThan(hits.length);
  });

  it('reads a decimal as one number and asks for a number as written (指标8: not 29.8%, 图8 or indicator 28)', () => {
    expect(queryTokens('29.8%')).toEqual(['29.8']);
    expect(queryTokens('8.')).toEqual(['8']);
    expect(holdsPhrase('完成进度为29.8%', '8')).toBe(false);
    expect(holdsPhrase('约2.8万名', '8')).toBe(false);
    expect(holdsPhrase('落后8.0个百分点', '8')).toBe(false);
    expect(holdsPhrase('落后8.0个百分点', '8.0')).toBe(true);
    expect(holdsPhrase('共8。', '8')).toBe(true);
    const marked = (text: string, q: string) => snippet(text, q, 0).filter((s) => s.mark).map((s) => s.text);
    expect(marked('完成进度为29.8%，落后8.0个百分点，见图8', '8')).toEqual(['8']);
    expect(marked('指标18和指标8', '指标8')).toEqual(['指标', '指标8']);
    const docs: SearchDoc[] = [
      { kind: 'indicator', label: '指标 8', title: '区级精神卫生福利床位数', href: 'i8.html', body: '单位：张。', keywords: '指标8 第8项' },
      { kind: 'indicator', label: '指标 28', title: '慈善服务站点覆盖率', href: 'i28.html', body: '8个镇街未覆盖。', keywords: '指标28 第28项' },
      { kind: 'report', label: '2025年报告', title: '（二）优化规划指标体系', href: 'r.html#a', body: '指标8“区级精神卫生福利床位数”的口径……' },
      { kind: 'report', label: '2024年报告', title: '（一）基本民生保障', href: 'r.html#b', body: '约束性指标见图8，完成进度为29.8%。' },
    ];
    const small = buildSearchIndex(docs);
    expect(search(small, '指标8').map((h) => docs[h.doc]!.href)).toEqual(['i8.html', 'r.html#a']);
    // a number no page holds as a phrase: the pages with its tokens, as before
    expect(search(small, '指标8个').length).toBeGreaterThan(0);
    expect(search(small, '29.8').map((h) => docs[h.doc]!.href)).toEqual(['r.html#b']);
    expect(search(small, '29').length).toBe(0);
  });

  it('finds indicators by the words people use for them (低保, 驿站, 养老院, 结婚, 社工)', () => {
    expect(leadingIndicators(index, '低保')[0]).toBe(1);
    expect(leadingIndicators(index, '驿站')[0]).toBe(6);
    expect(leadingIndicators(index, '养老驿站')[0]).toBe(6);
    expect(leadingIndicators(index, '养老院').slice(0, 2).sort()).toEqual([3, 4]);
    expect(leadingIndicators(index, '结婚')[0]).toBe(25);
    expect(leadingIndicators(index, '社工').slice(0, 3).sort()).toEqual([20, 21, 22]);
  });

  it('indexes the towns’ reports and the data sets', () => {
    const hrefs = (q: string) => search(index, q).map((h) => index.docs[h.doc]!.href);
    expect(hrefs('黄村镇 报告')).toContain('reports/2021/towns/huangcun.html');
    expect(index.docs.filter((d) => d.kind === 'report' && d.href.includes('/towns/'))).toHaveLength(site.geography.towns.length);
    expect(hrefs('人口基础数据')[0]).toBe('data/index.html#table-population');
    expect(hrefs('stg_elderly_care_facilities')[0]).toBe('data/index.html#table-elderly_care_facilities');
    expect(hrefs('indicator_values')[0]).toBe('data/index.html#values');
  });

  it('indexes the plan headings and each year’s report narrative, linking into the report', () => {
    const chapter = index.docs.find((d) => d.kind === 'chapter' && d.title === '（二）大力发展养老服务体系')!;
    expect(chapter.href).toBe('reports/2021/index.html#sec-p3-1-2');
    const overview = index.docs.find((d) => d.kind === 'report' && d.title === '2021年 一、总体评价')!;
    expect(overview.href).toBe('reports/2021/index.html#overview');
    expect(overview.body).toContain('时序进度');
    expect(index.docs.find((d) => d.kind === 'indicator' && d.label === '指标 3')!.href).toBe('indicators/3.html');
    expect(index.docs.find((d) => d.kind === 'town' && d.title === '亦庄镇')!.href).toBe('towns/yizhuang.html');
  });

  it('is the same index the page loads (search-index.js) and the same bytes on every build', async () => {
    const js = readFileSync(join(site.siteDir, 'search-index.js'), 'utf8');
    const sandbox: { globalThis?: unknown; PLANEVAL_SEARCH_INDEX?: unknown } = {};
    runInNewContext(js, sandbox);
    expect(sandbox.PLANEVAL_SEARCH_INDEX).toEqual(index);
    const data = await dataOf(site.input);
    const docs = searchDocs({ plan: site.plan, geography: site.geography, values: data.values!, reports: site.documents });
    expect(searchIndexJson(buildSearchIndex(docs))).toBe(readFileSync(join(site.siteDir, 'search-index.json'), 'utf8'));
  });

  it('runs the same algorithm in the browser script (search.js, bundled from search-core.ts) as in Node', () => {
    const sandbox: { PlanevalSearch?: { search(i: SearchIndex, q: string): { doc: number }[]; snippet(t: string, q: string, w: number): { text: string; mark: boolean }[] } } = {};
    runInNewContext(readFileSync(join(site.siteDir, 'assets', 'search.js'), 'utf8'), sandbox);
    const browser = sandbox.PlanevalSearch!;
    for (const q of ['constructor', '养老', '志愿', '养老床位', '亦庄 养老', '志', '5A', '滞后', '社区', '婚姻登记', 'ＡＢ', '未达到全区目标水平', '护理员']) {
      expect(browser.search(index, q), q).toEqual(search(index, q));
    }
    const parts = browser.snippet('（运营中的养老服务设施床位数 + 家庭照护床位数）÷ 常住人口', '养老床位', 0);
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(['养老', '床位', '床位']);
    expect(parts.map((p) => p.text).join('')).toBe('（运营中的养老服务设施床位数 + 家庭照护床位数）÷ 常住人口');
  });
});

describe('the search page', () => {
  it('without JavaScript lists every indexed page and says search needs JavaScript', () => {
    const html = readFileSync(join(site.siteDir, 'search.html'), 'utf8');
    expect(html).toContain('搜索需要 JavaScript');
    expect(html).toMatch(/<form id="search-form"[^>]* hidden>/);
    for (const d of index.docs) expect(html).toContain(`href="${d.href}"`);
    expect(html).toContain('<script src="search-index.js" defer></script>');
    expect(html).toContain('<script src="assets/search.js" defer></script>');
  });

  it('escapes hostile text in the listing', () => {
    const dir = tempDir('search-hostile');
    const hostile: SearchDoc = { kind: 'town', label: '镇', title: '<script>alert(1)</script>', href: 'towns/x.html', body: '<img src=x onerror=alert(1)>' };
    const frame = (o: RootFrameOptions) => pageFrame(site.plan, { latestYear: 2021 }, { ...o, root: '' });
    writeSearchPage({ siteDir: dir, renderer: new Renderer(), plan: site.plan, frame, docs: [hostile] });
    const html = readFileSync(join(dir, 'search.html'), 'utf8');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('search.html in headless Chromium, served by planeval serve', () => {
  let server: RunningServer;
  let browser: LaunchedBrowser;
  beforeAll(async () => {
    server = await startServer({ out: site.out, port: 0, log: memoryLogger() });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the 养老 indicators first, highlighted, as the visitor types 养老', async () => {
    const page = await browser.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}search.html`, { waitUntil: 'load' });
    expect(await page.$eval('#search-nojs', (e) => (e as HTMLElement).hidden)).toBe(true);
    await page.type('#search-input', '养老');
    // the results of the whole word (those of 养 alone may show first, on a busy machine)
    await page.waitForFunction(() => [...document.querySelectorAll('#search-results li:first-child mark')].some((m) => m.textContent === '养老'));
    const results = await page.$$eval('#search-results li', (lis) => lis.map((li) => ({
      href: li.querySelector('a')!.getAttribute('href'),
      marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
    })));
    expect(results.slice(0, 5).map((r) => r.href).sort()).toEqual([3, 4, 5, 6, 7].map((id) => `indicators/${id}.html`));
    expect(results[0]!.marks).toContain('养老');
    expect(await page.$eval('#search-status', (e) => e.textContent)).toMatch(/找到 \d+ 条结果/);
    expect(await page.$eval('#search-all', (e) => (e as HTMLElement).hidden)).toBe(true);
    // Where a result is, in words: no file names.
    for (const where of await page.$$eval('.search-where', (ps) => ps.map((p) => p.textContent ?? ''))) expect(where).not.toMatch(/\.html|\//);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows results beyond the first 50 a button away, the first added taking the focus (the site review)', async () => {
    const page = await browser.browser.newPage();
    await page.goto(`${server.url}search.html?q=${encodeURIComponent('社区')}`, { waitUntil: 'load' });
    await page.waitForSelector('#search-results li');
    const found = Number(/找到 (\d+) 条结果/.exec((await page.$eval('#search-status', (e) => e.textContent)) ?? '')?.[1]);
    expect(found).toBeGreaterThan(50);
    expect(await page.$$eval('#search-results li', (lis) => lis.length)).toBe(50);
    expect(await page.$eval('.search-more', (b) => b.textContent)).toBe(`再显示 ${Math.min(50, found - 50)} 条（共 ${found} 条）`);
    await page.click('.search-more');
    expect(await page.$$eval('#search-results li', (lis) => lis.length)).toBe(Math.min(100, found));
    expect(await page.evaluate(() => document.activeElement === document.querySelectorAll('#search-results li h3 a')[50])).toBe(true);
    expect(await page.$eval('.search-more', (b) => (b as HTMLElement).hidden)).toBe(found <= 100);
    await page.close();
  });
});
