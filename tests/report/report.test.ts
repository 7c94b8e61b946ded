import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../pipeline/basics/csv.ts';
import { formatNumber, formatPercent } from '../../pipeline/basics/format.ts';
import { readOutline } from '../../pipeline/report/pdf-outline.ts';
import { resolvePlan, type Chapter } from '../../pipeline/plan/plan.ts';
import type { YearReports } from '../../pipeline/present/report-documents.ts';
import { smallBuild } from '../support/fixtures.ts';

const plan = resolvePlan();
let out: string;
let html: string;
let pdfFile: string;
let documents: YearReports[];

beforeAll(async () => {
  // The run's shared build of the 2020–2021 sample, PDFs included (fixtures.ts).
  const built = await smallBuild();
  out = built.out;
  documents = built.documents;
  html = readFileSync(join(out, 'site', 'reports', '2021', 'index.html'), 'utf8');
  pdfFile = join(out, 'pdf', '2021', 'daxing-2021.pdf');
});

/** Headings of the page in order: [tag level, id, text]. */
function headings(page: string): [number, string, string][] {
  return [...page.matchAll(/<h([1-6]) id="([^"]+)">([^<]*)<\/h\1>/g)].map((m) => [Number(m[1]), m[2]!, decode(m[3]!)]);
}

function decode(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
}

function tree(ch: Chapter): string[] {
  return [ch.number + ch.title, ...ch.children.flatMap(tree)];
}

describe('writeReports(input): the documents it hands on', () => {
  it('lists every page and PDF it wrote, site-relative, and only those', () => {
    expect(documents.map((d) => d.year)).toEqual([2021]);
    const [y] = documents;
    expect(y!.district).toEqual({ html: 'reports/2021/index.html', pdf: 'reports/2021/pdf/daxing-2021.pdf' });
    expect(y!.towns.size).toBe(22);
    for (const doc of [y!.district, ...y!.towns.values()]) {
      for (const rel of [doc.html, doc.pdf]) expect(existsSync(join(out, 'site', rel!)), rel!).toBe(true);
    }
  });
});

describe('the district report (HTML)', () => {
  it("follows the plan's chapter tree under 三、主要任务进展 and 五、下一步工作建议", () => {
    const hs = headings(html);
    const sectionTexts = hs.filter(([, id]) => id.startsWith('sec-')).map(([, , t]) => t);
    expect(sectionTexts).toEqual(plan.chapterById.get('p3')!.children.flatMap(tree));
    // Levels nest as the plan's: 一、 one level above （一）.
    for (const [tag, id] of hs.filter(([, id]) => id.startsWith('sec-'))) {
      const ch = plan.chapterById.get(id.slice(4))!;
      expect(tag, id).toBe(ch.level + 1);
    }
    const recs = hs.filter(([, id]) => id.startsWith('rec-')).map(([, , t]) => t);
    expect(recs).toEqual(plan.chapterById.get('p4')!.children.map((c) => c.number + c.title));
    const chapters = hs.filter(([tag]) => tag === 2).map(([, , t]) => t);
    expect(chapters).toEqual(['一、总体评价', '二、主要指标完成情况', '三、主要任务进展', '四、存在问题', '五、下一步工作建议', '附录']);
  });

  it('shows every indicator in the table with the value, progress and status of indicator_values', () => {
    const values = parseCsv(readFileSync(join(out, 'data', 'indicator_values.csv'), 'utf8')).filter((r) => r.year === '2021' && r.geo_level === 'district');
    expect(values).toHaveLength(32);
    for (const ind of plan.indicators) {
      const v = values.find((r) => Number(r.indicator_id) === ind.id)!;
      const row = new RegExp(`<tr id="ind-${ind.id}">([\\s\\S]*?)</tr>`).exec(html)?.[1];
      expect(row, `row of indicator ${ind.id}`).toBeDefined();
      expect(row).toContain(ind.name);
      expect(row).toContain(`>${formatNumber(v.value === '' ? null : Number(v.value), ind.precision)}<`);
      if (!ind.isMaintain) expect(row).toContain(`>${formatPercent(v.completion_progress === '' ? null : Number(v.completion_progress))}<`);
      expect(row).toContain(`>${formatPercent(Number(v.time_progress))}<`);
      expect(row).toContain(`>${v.status}</span>`);
      if (ind.isBinding) expect(row).toContain('★');
    }
  });

  it('gives every chart a description and its table of numbers', () => {
    const figures = [...html.matchAll(/<figure class="chart[^"]*" id="([^"]+)">([\s\S]*?)<\/figure>/g)];
    expect(figures.length).toBeGreaterThan(40);
    for (const [, id, body] of figures) {
      expect(body, id).toMatch(/<svg[^>]*role="img"/);
      expect(body, id).toMatch(/<desc[^>]*>[^<]{10,}/);
      expect(body, id).toContain('<table class="data">');
      expect(body, id).toContain('<figcaption>');
    }
  });

  it('lists binding warnings first among the problems', () => {
    const problems = /id="problems">[^<]*<\/h2>\s*<ol class="items">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
    const items = [...problems.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]!);
    const warned = parseCsv(readFileSync(join(out, 'data', 'indicator_values.csv'), 'utf8'))
      .filter((r) => r.year === '2021' && r.geo_level === 'district' && r.is_binding_warning === 'true')
      .map((r) => plan.indicatorById.get(Number(r.indicator_id))!.name);
    expect(warned.length).toBeGreaterThan(0);
    // The first items name the warned binding indicators, one each, before anything else.
    warned.forEach((name, i) => expect(items[i], `item ${i + 1}`).toContain(name));
    expect(items.length).toBeGreaterThan(warned.length);
  });
});

describe('the district report (PDF)', () => {
  it('is an A4 PDF with a Chinese text layer holding the headings', () => {
    expect(existsSync(pdfFile)).toBe(true);
    const info = execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfFile, '-'], { encoding: 'utf8' });
    for (const h of ['一、总体评价', '二、主要指标完成情况', '三、主要任务进展', '（二）大力发展养老服务体系', '五、下一步工作建议']) {
      expect(text.replace(/\s+/g, ''), h).toContain(h);
    }
    expect(text).toMatch(/第\s*2\s*页\s*共\s*\d+\s*页/);
  });

  it('embeds its fonts (no Type 3 fallback)', () => {
    const fonts = execFileSync('pdffonts', [pdfFile], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      expect(line, line).toMatch(/NotoSansSC/);
      expect(line, line).not.toMatch(/Type 3/);
      expect(line.split(/\s+/).at(-5), line).toBe('yes'); // emb column
    }
  });

  it('has an outline with every heading, and TOC page numbers matching where headings land', async () => {
    const outline = await readOutline(readFileSync(pdfFile));
    const titles = outline.map((o) => o.title.replace(/\s+/g, ''));
    for (const [, , t] of headings(html).filter(([, id]) => id.startsWith('sec-') || ['overview', 'indicators', 'tasks', 'problems', 'recommendations', 'appendix'].includes(id))) {
      expect(titles, t).toContain(t.replace(/\s+/g, ''));
    }
    // The TOC pages, as printed: "title …… page".
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' }))![1]);
    const tocText = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-f', '2', '-l', '4', pdfFile, '-'], { encoding: 'utf8' });
    let checked = 0;
    for (const o of outline.filter((x) => /^[一二三四五]、|^（[一二三四五六]）|^附录/.test(x.title))) {
      const m = new RegExp(`${o.title.replace(/[()（）]/g, '.')}\\s*\\.*\\s*(\\d+)\\s*$`, 'm').exec(tocText);
      if (!m) continue;
      expect(Number(m[1]), o.title).toBe(o.page);
      // The heading's text really is on that page.
      const page = execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(o.page), '-l', String(o.page), pdfFile, '-'], { encoding: 'utf8' });
      expect(page.replace(/\s+/g, ''), `${o.title} on page ${o.page}`).toContain(o.title.replace(/\s+/g, ''));
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
    expect(pages).toBeGreaterThan(20);
  });
});
