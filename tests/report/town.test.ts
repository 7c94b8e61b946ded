import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, type CsvRow } from '../../pipeline/basics/csv.ts';
import { formatNumber, MISSING } from '../../pipeline/basics/format.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { printPdfs } from '../../pipeline/report/pdf.ts';
import { resolvePlan, type Chapter } from '../../pipeline/plan/plan.ts';
import { townPdfName } from '../../pipeline/report/report.ts';
import { NOT_RANKED, townIndicators } from '../../pipeline/report/town.ts';
import { smallBuild } from '../support/fixtures.ts';
import { tempDir } from '../support/helpers.ts';

const plan = resolvePlan();
const geography = loadGeography();
const YEAR = 2021;
let out: string;
let reports: string;
let values: CsvRow[];

beforeAll(async () => {
  // The run's shared build of the 2020–2021 sample, PDFs included (fixtures.ts).
  out = (await smallBuild()).out;
  reports = join(out, 'site', 'reports', String(YEAR));
  values = parseCsv(readFileSync(join(out, 'data', 'indicator_values.csv'), 'utf8')).filter((r) => r.year === String(YEAR) && r.geo_level === 'town');
});

const townPage = (code: string) => join(reports, 'towns', `${code}.html`);
const read = (file: string) => readFileSync(file, 'utf8');

/** Headings of a page in order: [tag level, id, text]. */
function headings(page: string): [number, string, string][] {
  return [...page.matchAll(/<h([1-6]) id="([^"]+)">([^<]*)<\/h\1>/g)].map((m) => [Number(m[1]), m[2]!, decode(m[3]!)]);
}

function decode(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
}

function tree(ch: Chapter): string[] {
  return [ch.number + ch.title, ...ch.children.flatMap(tree)];
}

/** The cell of a table row with the given class: `<td class="num rank">3</td>` → `3`. */
function cell(row: string, cls: string): string | undefined {
  const m = new RegExp(`<td class="[^"]*\\b${cls}\\b[^"]*">([\\s\\S]*?)</td>`).exec(row);
  return m ? decode(m[1]!.replace(/<[^>]+>/g, '')) : undefined;
}

const num = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s));

describe('the town reports (HTML)', () => {
  it('writes a page for every town, titled with its name', () => {
    expect(geography.towns).toHaveLength(22);
    for (const t of geography.towns) {
      expect(existsSync(townPage(t.code)), t.code).toBe(true);
      const page = read(townPage(t.code));
      expect(page).toContain(`<title>${plan.title}${YEAR}年度实施评估报告（${t.name}）</title>`);
      expect(page).toContain(`<span>（${t.name}）</span>`);
    }
  });

  it("shows each town indicator's value, district value and rank as indicator_values.csv has them", () => {
    const inds = townIndicators(plan);
    expect(inds.length).toBeGreaterThan(15);
    const district = parseCsv(read(join(out, 'data', 'indicator_values.csv'))).filter((r) => r.year === String(YEAR) && r.geo_level === 'district');
    for (const t of geography.towns) {
      const page = read(townPage(t.code));
      const rows = [...page.matchAll(/<tr id="ind-(\d+)">([\s\S]*?)<\/tr>/g)];
      expect(rows.map((r) => Number(r[1])), t.code).toEqual(inds.map((i) => i.id));
      for (const [, id, row] of rows) {
        const ind = plan.indicatorById.get(Number(id))!;
        const v = values.find((r) => r.geo_code === t.code && r.indicator_id === id)!;
        const d = district.find((r) => r.indicator_id === id)!;
        expect(row, `${t.code} ${id}`).toContain(ind.name);
        expect(cell(row!, 'value'), `${t.code} ${id} value`).toBe(formatNumber(num(v.value), ind.precision));
        expect(cell(row!, 'district'), `${t.code} ${id} district`).toBe(formatNumber(num(d.value), ind.precision));
        const rank = ind.aggregation === 'ratio' ? (v.rank === '' ? MISSING : formatNumber(Number(v.rank), 0)) : NOT_RANKED;
        expect(cell(row!, 'rank'), `${t.code} ${id} rank`).toBe(rank);
        if (ind.aggregation === 'ratio' && v.benchmark) expect(cell(row!, 'benchmark'), `${t.code} ${id}`).toBe(v.benchmark);
      }
    }
  });

  it("follows the plan's 第三部分 heading tree under 三、主要任务进展, like the district report", () => {
    const expected = plan.chapterById.get('p3')!.children.flatMap(tree);
    const district = headings(read(join(reports, 'index.html'))).filter(([, id]) => id.startsWith('sec-'));
    for (const t of geography.towns) {
      const hs = headings(read(townPage(t.code)));
      const sections = hs.filter(([, id]) => id.startsWith('sec-'));
      expect(sections.map(([, , text]) => text), t.code).toEqual(expected);
      expect(sections.map(([tag, id]) => [tag, id])).toEqual(district.map(([tag, id]) => [tag, id]));
      // Only the town's indicators get a block, each under the section the plan files it in.
      const blocks = hs.filter(([, id]) => /^ind-\d+-detail$/.test(id)).map(([, id]) => Number(id.split('-')[1]));
      expect(blocks.sort((a, b) => a - b)).toEqual(townIndicators(plan).map((i) => i.id));
      const chapters = hs.filter(([tag]) => tag === 2).map(([, , text]) => text);
      expect(chapters).toEqual(['一、总体评价', '二、主要指标完成情况', '三、主要任务进展', '四、存在问题', '五、下一步工作建议', '附录']);
    }
  });

  it('says so under a heading without town indicators', () => {
    const page = read(townPage('qingyuan'));
    const leaf = /id="sec-p3-1-3">[^<]*<\/h\d>([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
    expect(leaf).toContain('只统计全区数值，不分镇街评价');
    const empty = /id="sec-p3-3-5">[^<]*<\/h\d>([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
    expect(empty).toContain('未设置量化指标');
  });

  it('links the district report to every town report and back, and the towns to each other', () => {
    const districtFile = join(reports, 'index.html');
    const district = read(districtFile);
    const resolves = (from: string, href: string) => existsSync(resolve(dirname(from), href.split('#')[0]!));
    for (const t of geography.towns) {
      const href = `towns/${t.code}.html`;
      expect(district, t.code).toContain(`<a href="${href}">${t.name}</a>`);
      expect(resolves(districtFile, href)).toBe(true);
      const file = townPage(t.code);
      const page = read(file);
      const links = [...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
      expect(links).toContain('../index.html');
      expect(links).toContain(`../../../reports/${YEAR}/index.html`); // breadcrumb
      for (const other of geography.towns.filter((o) => o.code !== t.code)) expect(links).toContain(`${other.code}.html`);
      // Every link among the report pages, and to their stylesheets, resolves (the site's other
      // sections are the site stage's business).
      const own = links.filter((h) => /\.css$/.test(h) || /^(\.\.\/index|[a-z][a-z0-9-]*|\.\.\/\.\.\/\.\.\/reports\/\d{4}\/index)\.html$/.test(h));
      expect(own.length).toBeGreaterThan(geography.towns.length + 2);
      for (const l of own) expect(resolves(file, l), `${t.code}: ${l}`).toBe(true);
    }
  });

  it('gives every chart a description and its table of numbers, the town highlighted among the towns', () => {
    const page = read(townPage('qingyuan'));
    const figures = [...page.matchAll(/<figure class="chart[^"]*" id="([^"]+)">([\s\S]*?)<\/figure>/g)];
    expect(figures.length).toBe(1 + 2 * townIndicators(plan).length);
    for (const [, id, body] of figures) {
      expect(body, id).toMatch(/<svg[^>]*role="img"/);
      expect(body, id).toMatch(/<desc[^>]*>[^<]{10,}/);
      expect(body, id).toContain('<table class="data">');
    }
    for (const [, id, body] of figures.filter(([, id]) => id!.startsWith('town-towns-'))) expect(body, id).toMatch(/清源街道为[^<]*居第\d+位/);
    for (const [, id, body] of figures.filter(([, id]) => id!.startsWith('town-trend-'))) expect(body, id).toContain('<th scope="row">全区（');
  });
});

describe('a town report (PDF)', () => {
  it('prints with the town in its text, the headings and TOC page numbers', async () => {
    const town = geography.byCode.get('qingyuan')!;
    const printed = join(out, 'pdf', String(YEAR), 'towns', townPdfName(plan, YEAR, town.code));
    // Printed again here, to see the printer's own account of the TOC and blocked requests.
    const pdf = join(tempDir('town-pdf'), 'town.pdf');
    const [result] = await printPdfs([{ html: townPage(town.code), pdf, title: `${plan.title}${YEAR}年度实施评估报告（${town.name}）` }], { allowedRoot: join(out, 'site') });
    expect(result!.tocUnresolved).toEqual([]);
    expect(result!.tocEntries).toBeGreaterThan(40);
    expect(result!.blocked).toBe(0);
    expect(result!.pages).toBe(Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [printed], { encoding: 'utf8' }))![1]));
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const h of [town.name, '一、总体评价', '二、主要指标完成情况', '三、主要任务进展', '（二）大力发展养老服务体系', '四、存在问题', '五、下一步工作建议', '附录二评价方法']) {
      expect(text, h).toContain(h);
    }
    expect(text).toMatch(/第2页共\d+页/);
  });
});
