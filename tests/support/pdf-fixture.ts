/**
 * A realistic print fixture for tests/pdf.test.ts: a Chinese evaluation report with a cover,
 * a table of contents whose page numbers are left empty (pipeline/pdf.ts fills them), chapters
 * with h1/h2/h3 headings, long tables that break across pages, CSS margin boxes for the page
 * numbers, the Noto Sans SC web font from @fontsource, and a few external resources that the
 * printer must block.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import { createFont } from 'fonteditor-core';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** Folder of the @fontsource/noto-sans-sc package (holds 400.css, 700.css and files/). */
export const FONTSOURCE_DIR = dirname(require.resolve('@fontsource/noto-sans-sc/package.json'));

export const RUNNING_HEADER = '大兴区“十四五”时期民政事业发展规划实施评估报告';

export interface FixtureHeading {
  level: 1 | 2 | 3;
  id: string;
  text: string;
  /** Listed in the table of contents. */
  inToc: boolean;
}

export interface FixtureOptions {
  /** Title on the cover and in <title> (defaults to RUNNING_HEADER). */
  title?: string;
  /** Multiplies the rows of the long tables (default 1: about 18 pages). */
  scale?: number;
  /** How many of the five chapters (default all; two with scale 0.1 make about 7 pages). */
  chapters?: number;
  /**
   * Filled TOC numbers take extra height, so filling them pushes the TOC onto a second page
   * and moves every heading: the printer must notice and fill the numbers once more.
   */
  growingToc?: boolean;
  /**
   * TOC entries as links (`<a href="#id">`, default) or plain `<div>`s. Without links Chromium
   * writes no named destinations, and the printer must find the pages through the outline.
   */
  tocLinks?: boolean;
  /** Without a table of contents (one print only). Default true. */
  toc?: boolean;
  /**
   * Put before the running header. Rare characters here exist only in an @page margin box, so
   * their font subset must be loaded explicitly or they print in a Type 3 system font.
   */
  headerPrefix?: string;
  /** Base URL of a local HTTP server: the page also asks it for CSS, an image, a background and a font. */
  leakBase?: string;
}

export interface Fixture {
  html: string;
  /** The running header text (@top-center). */
  header: string;
  headings: FixtureHeading[];
  /** URLs the page asks for that must be blocked. */
  externalUrls: string[];
}

const TOWNS = [
  '兴丰街道', '林校路街道', '清源街道', '亦庄地区', '黄村地区', '旧宫地区', '西红门地区', '瀛海地区',
  '观音寺街道', '天宫院街道', '高米店街道', '荣华街道', '博兴街道', '青云店镇', '采育镇', '安定镇',
  '礼贤镇', '榆垡镇', '庞各庄镇', '北臧村镇', '魏善庄镇', '长子营镇',
];

const CHAPTERS: { title: string; sections: string[] }[] = [
  { title: '总体评估', sections: ['规划目标完成情况', '主要指标进展'] },
  { title: '养老服务体系建设', sections: ['居家社区养老服务', '养老机构建设与管理'] },
  { title: '社会救助与社会福利', sections: ['最低生活保障', '临时救助与特困供养'] },
  { title: '基层治理与社区建设', sections: ['社区服务设施', '社会组织培育', '志愿服务发展'] },
  { title: '存在问题与下一步工作建议', sections: ['主要问题', '对策建议', '保障措施'] },
];

const PARAGRAPHS = [
  '“十四五”规划实施以来，大兴区民政局坚持以人民为中心的发展思想，围绕兜底线、织密网、建机制，统筹推进养老服务、社会救助、社会福利、基层治理和专项社会事务等各项工作，规划确定的主要目标任务总体进展顺利。',
  '评估组采用资料审阅、数据比对、实地调研和问卷调查相结合的方法，对各镇街和相关科室报送的统计数据进行了逐项核对，并对重点指标开展了年度趋势分析，力求客观反映规划实施的进度和成效。',
  '从指标完成情况看，约束性指标均已达到或超过序时进度，预期性指标中多数进展良好，个别指标受疫情及外部环境影响进度滞后，需要在规划后半程加大工作力度，确保如期完成。',
  '在服务供给方面，区、镇街、社区（村）三级服务网络基本形成，服务设施覆盖率稳步提高，服务内容由基本生活照料向医疗康复、精神慰藉、文化娱乐等多样化需求延伸，群众满意度持续提升。',
  '在制度建设方面，出台了一批配套政策文件，完善了资金保障、人才培养、监督考核等工作机制，部门之间的协同联动不断加强，政策的系统性、整体性和协同性进一步增强。',
];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function paragraphs(seed: number, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(`<p>${PARAGRAPHS[(seed + i) % PARAGRAPHS.length]}</p>`);
  return out.join('\n');
}

function longTable(caption: string, rows: number, seed: number): string {
  const body: string[] = [];
  for (let i = 0; i < rows; i++) {
    const town = TOWNS[i % TOWNS.length];
    const a = 120 + ((i * 37 + seed * 11) % 480);
    const b = 80 + ((i * 53 + seed * 7) % 300);
    const rate = ((b / (a + b)) * 100).toFixed(1);
    body.push(`<tr><td>${i + 1}</td><td>${town}</td><td>${2021 + (i % 4)}年</td><td class="num">${a}</td><td class="num">${b}</td><td class="num">${rate}%</td></tr>`);
  }
  return `<table>
<caption>${esc(caption)}</caption>
<thead><tr><th>序号</th><th>镇街</th><th>年度</th><th>服务人数（人）</th><th>新增（人）</th><th>占比</th></tr></thead>
<tbody>
${body.join('\n')}
</tbody>
</table>`;
}

/**
 * Write the fixture report into `dir` (index.html) and return what the tests check. The fonts
 * are linked from node_modules by absolute file:// URL, so the printer's allowed roots must
 * include FONTSOURCE_DIR as well as `dir`.
 */
export function writeFixture(dir: string, opts: FixtureOptions = {}): Fixture {
  mkdirSync(dir, { recursive: true });
  const title = opts.title ?? RUNNING_HEADER;
  const scale = opts.scale ?? 1;
  const withToc = opts.toc ?? true;
  const header = `${opts.headerPrefix ?? ''}${RUNNING_HEADER}`;
  const fontCss = (w: number) => pathToFileURL(join(FONTSOURCE_DIR, `${w}.css`)).href;
  const externalUrls = ['http://cdn.example.com/print.css', 'https://example.com/x.png', 'file:///etc/hostname'];
  const leak = opts.leakBase?.replace(/\/$/, '');
  if (leak) externalUrls.push(`${leak}/style.css`, `${leak}/logo.png`, `${leak}/bg.png`, `${leak}/font.woff2`);

  const headings: FixtureHeading[] = [];
  const sections: string[] = [];
  CHAPTERS.slice(0, opts.chapters ?? CHAPTERS.length).forEach((chapter, ci) => {
    const p = ci + 1;
    // Non-ASCII ids: Chromium percent-encodes them in the PDF's named destinations.
    const h1: FixtureHeading = { level: 1, id: `第${p}章`, text: `第${'一二三四五'[ci]}章 ${chapter.title}`, inToc: withToc };
    headings.push(h1);
    const parts: string[] = [`<section class="chapter"><h1 id="${h1.id}">${esc(h1.text)}</h1>`, paragraphs(ci, 2)];
    chapter.sections.forEach((section, si) => {
      const h2: FixtureHeading = { level: 2, id: `sec-p${p}-${si + 1}`, text: `${p}.${si + 1} ${section}`, inToc: withToc };
      headings.push(h2);
      // Inline markup and stray whitespace inside a heading: its text must still match.
      const [head, tail] = [h2.text.slice(0, -2), h2.text.slice(-2)];
      parts.push(`<h2 id="${h2.id}">\n  ${esc(head)}<span class="em">${esc(tail)}</span>\n</h2>`);
      parts.push(paragraphs(ci + si, 3));
      // The same h3 text in every section: matching must go by occurrence, not text alone.
      const h3a: FixtureHeading = { level: 3, id: `sec-p${p}-${si + 1}-a`, text: '主要做法', inToc: false };
      const h3b: FixtureHeading = { level: 3, id: `sec-p${p}-${si + 1}-b`, text: '存在不足', inToc: false };
      headings.push(h3a);
      parts.push(`<h3 id="${h3a.id}">${h3a.text}</h3>`, paragraphs(ci + si + 1, 2));
      if ((ci + si) % 3 === 1) {
        parts.push(longTable(`表${p}-${si + 1} 分镇街${section}情况`, Math.round((30 + ci * 5) * scale), ci + si));
      }
      headings.push(h3b);
      parts.push(`<h3 id="${h3b.id}">${h3b.text}</h3>`, paragraphs(ci + si + 2, 2));
    });
    parts.push('</section>');
    sections.push(parts.join('\n'));
  });

  const toc = headings
    .filter((h) => h.inToc)
    .map(
      (h) =>
        `<li class="toc-l${h.level}">${opts.tocLinks === false ? '<div class="toc-entry">' : `<a class="toc-entry" href="#${h.id}">`}` +
        `<span class="toc-title">${esc(h.text)}</span><span class="toc-leader"></span>` +
        `<span class="toc-page" data-target="${h.id}"></span>${opts.tocLinks === false ? '</div>' : '</a>'}</li>`,
    )
    .join('\n');

  const html = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<link rel="stylesheet" href="${fontCss(400)}">
<link rel="stylesheet" href="${fontCss(700)}">
<link rel="stylesheet" href="${externalUrls[0]}">
${leak ? `<link rel="stylesheet" href="${leak}/style.css">` : ''}
<style>
${leak ? `@font-face { font-family: "Remote"; src: url(${leak}/font.woff2) format("woff2"); }
.remote-bg { background-image: url(${leak}/bg.png); font-family: "Remote", "Noto Sans SC"; }` : ''}
${opts.growingToc ? '.toc-page:not(:empty) { display: block; padding-bottom: 14mm; }' : ''}
@page {
  size: A4;
  margin: 20mm 18mm;
  @top-center { content: "${header}"; font-family: "Noto Sans SC"; font-size: 9pt; color: #555; }
  @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-family: "Noto Sans SC"; font-size: 9pt; color: #555; }
}
@page :first {
  @top-center { content: none; }
  @bottom-center { content: none; }
}
html { font-family: "Noto Sans SC", sans-serif; font-size: 11pt; line-height: 1.7; color: #111; }
body { margin: 0; }
.cover { height: 240mm; display: flex; flex-direction: column; justify-content: center; text-align: center; break-after: page; }
.cover .org { font-size: 14pt; letter-spacing: 0.2em; }
.cover .title { font-size: 26pt; font-weight: 700; margin: 18mm 0 8mm; line-height: 1.4; }
.cover .date { font-size: 13pt; margin-top: 40mm; }
.toc { break-after: page; }
.toc .toc-caption { font-size: 18pt; font-weight: 700; text-align: center; letter-spacing: 1em; margin-bottom: 8mm; }
.toc ol { list-style: none; margin: 0; padding: 0; }
.toc li { margin: 0 0 2.5mm; }
.toc li.toc-l2 { padding-left: 2em; }
.toc-entry { display: flex; align-items: baseline; color: inherit; text-decoration: none; }
.toc-l1 .toc-entry { font-weight: 700; }
.toc-leader { flex: 1; border-bottom: 1px dotted #888; margin: 0 0.5em; }
.toc-page { min-width: 2em; text-align: right; font-variant-numeric: tabular-nums; }
h1 { font-size: 18pt; font-weight: 700; margin: 0 0 6mm; break-before: page; break-after: avoid; }
h2 { font-size: 14pt; font-weight: 700; margin: 6mm 0 3mm; break-after: avoid; }
h3 { font-size: 12pt; font-weight: 700; margin: 4mm 0 2mm; break-after: avoid; }
h2 .em { color: #8b0000; }
p { text-indent: 2em; margin: 0 0 2mm; text-align: justify; }
table { width: 100%; border-collapse: collapse; margin: 3mm 0 5mm; font-size: 9.5pt; }
caption { font-weight: 700; margin-bottom: 2mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.5pt solid #666; padding: 1mm 2mm; }
th { background: #e8eef5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.remote { visibility: hidden; height: 0; overflow: hidden; }
.logo { width: 30mm; height: 10mm; }
</style>
</head>
<body>
<div class="cover">
  <div class="org">北京市大兴区民政局</div>
  <div class="title">${esc(title)}</div>
  <div class="subtitle">（2021—2024年度）</div>
  <div class="remote">
    <img class="logo" src="${externalUrls[1]}" alt="">
    <img class="logo" src="${externalUrls[2]}" alt="">
    ${leak ? `<img class="logo" src="${leak}/logo.png" alt=""><div class="remote-bg">远程</div>` : ''}
  </div>
  <div class="date">二〇二五年三月</div>
</div>
${withToc ? `<nav class="toc" aria-label="目录">
  <div class="toc-caption">目录</div>
  <ol>
${toc}
  </ol>
</nav>` : ''}
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
  const file = join(dir, 'index.html');
  writeFileSync(file, html);
  return { html: file, header, headings, externalUrls };
}

/**
 * A TrueType font whose licence bits (OS/2 fsType = 2, restricted) forbid embedding: Chromium
 * then writes its glyphs as Type 3 fonts. Made of Noto Sans SC's Latin glyphs for `text`.
 */
export function writeRestrictedFont(path: string, text: string): void {
  const woff = readFileSync(join(FONTSOURCE_DIR, 'files', 'noto-sans-sc-latin-400-normal.woff'));
  const font = createFont(woff, {
    type: 'woff',
    subset: [...text].map((c) => c.codePointAt(0)!),
    hinting: false,
    kerning: false,
    inflate: (data: number[]) => [...inflateSync(Uint8Array.from(data))],
  });
  (font.get() as { 'OS/2': { fsType: number } })['OS/2'].fsType = 2;
  writeFileSync(path, Buffer.from(font.write({ type: 'ttf' }) as ArrayBuffer));
}
