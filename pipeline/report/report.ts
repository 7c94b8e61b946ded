/**
 * The report stage: for every plan year in the input, the district report and one
 * report per town, as HTML pages of the site and as PDFs printed by one Chromium.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { reportYears, type IndicatorValue } from '../evaluate/evaluate.ts';
import type { ReportSectionText, YearReports } from '../present/report-documents.ts';
import type { Block, DocSection, ReportDocument } from './document.ts';
import type { Geography } from '../plan/geography.ts';
import type { Logger } from '../basics/log.ts';
import { formatSeconds } from '../basics/format.ts';
import { printPdfs, type PdfJob, type PdfResult } from './pdf.ts';
import type { LaunchedBrowser } from './chromium.ts';
import { pdfName, readPdfRecord, readTocPages, reusePdf, writePdfRecord, writeTocPages, type PdfReuse, type PrintedPdf } from './pdf-reuse.ts';
import { bytesDigest } from '../basics/sealed.ts';
import { digest } from '../basics/digest.ts';
import { linkOrCopy } from '../basics/files.ts';
import type { Plan } from '../plan/plan.ts';
import type { InputData } from '../ingest/read-inputs.ts';
import type { DoubtfulCell } from '../present/doubtful.ts';
import type { LineageRow, NumeratorPart, SheetRole } from '../warehouse/lineage.ts';
import { dataQuality } from '../present/data-quality.ts';
import { keyTasks } from '../evaluate/key-tasks.ts';
import { annualReport, defaultEdition, finalReport } from './district.ts';
import { EDITION_NAMES, withEvenGrouping, type Edition } from './document.ts';
import { noPassages, passageSource, type PassageSource } from './passages-hook.ts';
import { renderPassages, type PassageLibrary, type PlaceholderResolver } from '../present/passages.ts';
import { valueResolver } from '../present/passage-values.ts';
import { townReport } from './town.ts';
import { loadRecommendationText } from '../present/recommendations.ts';
import { programAlphabet, writeReportFonts } from '../present/report-fonts.ts';
import type { ReportFacts } from '../present/report-facts.ts';
import { ValueIndex } from '../present/value-index.ts';
import { Renderer, writeAssets } from '../present/render.ts';
import { pageFrame, REPORTS_SECTION } from '../present/page-frame.ts';

export interface ReportStageInput {
  plan: Plan;
  geography: Geography;
  values: readonly IndicatorValue[];
  data: InputData;
  /** The lineage rows not counted (rejected, absent, empty): what made a value incomplete, named in the reports (default none). */
  lost?: readonly LineageRow[];
  /** The cells asked to be checked that count in a published value (present/doubtful.ts; default none). */
  doubtful?: readonly DoubtfulCell[];
  /** The district numerators read from more than one column, by column and year (default none). */
  numeratorParts?: readonly NumeratorPart[];
  /** Each indicator's sheets as numerator or denominator, by year (`readSheetRoles`; default none). */
  sheetRoles?: readonly SheetRole[];
  acceptedRejects: boolean;
  /** The site folder (staging): reports go to `reports/Y/`. */
  siteDir: string;
  /** Where the site folder will be once published, for the paths the progress lines name (default: siteDir). */
  shownSiteDir?: string;
  /** PDFs go to `pdf/Y/` under this folder. */
  pdfDir: string;
  pdf: boolean;
  /** The browser that prints the PDFs, started by the caller when `pdf` (else undefined); closed here. */
  launching: Promise<LaunchedBrowser> | undefined;
  /** The edition of a year's reports when not the default (final in the plan's last year, else annual): `--edition midterm`. */
  editions?: ReadonlyMap<number, Edition>;
  /** The office's passages, read and checked (present/passages.ts); default: none. */
  passages?: PassageLibrary;
  /** The publication date (`--published YYYY-MM-DD`): the covers' 成文日期; without it the cover names the year only. */
  published?: string;
  /** The recommendations wording (default: data/text/recommendations.txt). */
  recommendationsFile?: string;
  /** The last build's PDFs, reused where a page did not change (absent: print every one). */
  reuse?: PdfReuse;
  /** A folder where the report fonts made for a set of characters are kept for the next build (absent: made every time). */
  fontCache?: string;
  /** Digest of the program that prints (a changed program prints every PDF anew). */
  programDigest?: string;
  log: Logger;
}

/** The PDFs of the reports, once printed or taken over from the last build. */
export interface PdfStageResult {
  /** Absolute paths of the PDFs written. */
  pdfs: string[];
  /** Of `pdfs`, how many were printed and how many taken over from the last build (unchanged pages). */
  printed: number;
  reused: number;
  /** From the start of printing to the last PDF, in ms (0 when nothing was printed). */
  ms: number;
}

export interface ReportStageResult {
  years: number[];
  /** Absolute paths of the pages written. */
  html: string[];
  /** Per year, newest first: the documents as the site links them (with their PDFs when PDFs are wanted). */
  documents: YearReports[];
  /** How many PDFs `printing` prints (the others are the last build's, their pages unchanged). */
  pdfsToPrint: number;
  /**
   * The PDFs, printed while the caller goes on; rejects when one could not be printed.
   * Without PDFs it resolves at once. Chromium is closed when it settles.
   */
  printing: Promise<PdfStageResult>;
}

/** What the report stage wrote, once its PDFs are printed. */
export type ReportsWritten = Omit<ReportStageResult, 'printing' | 'pdfsToPrint'> & PdfStageResult;

export function districtPdfName(plan: Plan, year: number): string {
  return `${plan.regionCode}-${year}.pdf`;
}

/** `daxing-2023-qingyuan.pdf` */
export function townPdfName(plan: Plan, year: number, code: string): string {
  return `${plan.regionCode}-${year}-${code}.pdf`;
}

/**
 * A report's PDF is dated by its data, not by the clock that printed it: its cover's 成文日期
 * (`--published`), else the first day after its data (数据截至 the year's end; dated that day
 * itself, at midnight Beijing time, a viewer in UTC showed the 30th: before the data's end).
 */
const pdfDay = (year: number, published: string | undefined) => published ?? `${year + 1}-01-01`;

/** A report to print: the job, whether it is a town's, and where the site offers the PDF. */
interface ReportJob extends PdfJob {
  kind: 'district' | 'town';
  year: number;
  /** Town code, for a town's report. */
  town?: string;
  /** The copy in the site, next to the page (`reports/Y/pdf/…`, `reports/Y/towns/pdf/…`). */
  sitePdf: string;
}

export async function writeReports(input: ReportStageInput): Promise<ReportStageResult> {
  // A launch that failed (no Chromium) is reported only if a PDF has to be printed.
  const launching = input.launching?.then((browser) => ({ browser }), (error: unknown) => ({ error }));
  const close = async () => {
    const got = await launching;
    if (got && 'browser' in got) await got.browser.close();
  };
  let pages: Awaited<ReturnType<typeof renderPages>>;
  let plan: PrintPlan;
  try {
    pages = await renderPages(input);
    plan = planPrinting(input, pages.jobs, input.pdf && pages.jobs.length > 0 ? await printerOf(launching) : undefined);
  } catch (e) {
    await close();
    throw e;
  }
  const printing = printReports(input, plan, async () => {
    const got = await launching;
    if (!got) throw new Error('writeReports: PDFs to print without a browser (input.launching)');
    if ('error' in got) throw got.error;
    return got.browser;
  }).finally(close);
  // Awaited by the caller after other work; a failure must not count as unhandled meanwhile.
  printing.catch(() => {});
  return { years: pages.years, html: pages.html, documents: pages.documents, pdfsToPrint: plan.toPrint.length, printing };
}

/** The report pages of every year (HTML) and the fonts they print with; the PDF jobs they make. */
async function renderPages(input: ReportStageInput): Promise<Omit<ReportStageResult, 'printing' | 'pdfsToPrint'> & { jobs: ReportJob[] }> {
  const { plan, geography, values, data, siteDir, pdfDir, log } = input;
  // a progress line names the file where the reader will find it, not in the staging folder
  const shown = (path: string) => (input.shownSiteDir ? join(input.shownSiteDir, relative(siteDir, path)) : path);
  const years = reportYears(plan, values);
  const renderer = new Renderer();
  writeAssets(siteDir);
  const latestYear = years[years.length - 1] ?? plan.period.start;
  const indexed = new ValueIndex(values);
  const tasksByYear = new Map(years.concat(plan.baselineYear).map((y) => [y, keyTasks(plan, data, y)]));
  const recommendationText = loadRecommendationText(plan, input.recommendationsFile);
  const resolver = valueResolver(plan, indexed);
  const html: string[] = [];
  const jobs: ReportJob[] = [];
  const texts = new Map<number, { name: string; sections: ReportSectionText[]; anchors: string[] }>();
  const usedText = new Set<string>();

  for (const year of years) {
    const edition = input.editions?.get(year) ?? defaultEdition(plan, year);
    const quality = dataQuality(data, input.acceptedRejects, year);
    const facts: ReportFacts = { plan, geography, year, edition, values: indexed, tasksByYear, data, quality, lost: input.lost ?? [], doubtful: input.doubtful ?? [], numeratorParts: input.numeratorParts ?? [], sheetRoles: input.sheetRoles ?? [], published: input.published };
    const passages = input.passages ? yearPassages(input.passages, year, resolver, log) : noPassages;
    // The district report
    const dir = join(siteDir, 'reports', String(year));
    mkdirSync(dir, { recursive: true });
    const pdfName = districtPdfName(plan, year);
    const build = edition === 'final' ? finalReport : annualReport;
    const view = withEvenGrouping(build({
      facts, recommendationText, passages,
      pdfHref: input.pdf ? `pdf/${pdfName}` : null,
      townHref: (code) => `towns/${code}.html`,
    }));
    const page = renderer.page('report', view, pageFrame(plan, { latestYear }, {
      title: view.title,
      root: '../../',
      section: REPORTS_SECTION,
      dataYear: year,
      // where the page sits, as every other page says it (the site review: none on a district report)
      breadcrumbs: [{ label: '首页', href: 'index.html' }, { label: REPORTS_SECTION, href: 'reports/index.html' }, { label: districtCrumb(year, edition) }],
      bodyClass: `report-page edition-${edition}`,
      print: true,
      runningHeader: view.runningHeader,
    }));
    const file = join(dir, 'index.html');
    writeFileSync(file, page);
    for (const ch of page) usedText.add(ch);
    html.push(file);
    texts.set(year, { name: view.cover.lines[1] ?? view.title, sections: sectionTexts(view), anchors: anchorsOf(view) });
    jobs.push({ kind: 'district', year, html: file, pdf: join(pdfDir, String(year), pdfName), title: view.title, date: pdfDay(year, input.published), sitePdf: join(dir, 'pdf', pdfName) });
    log.info(`${year}年：全区${EDITION_NAMES[edition]} ${shown(file)}`);

    // One report per town, next to it in towns/
    const townDir = join(dir, 'towns');
    mkdirSync(townDir, { recursive: true });
    const t0 = performance.now();
    for (const town of geography.towns) {
      const townPdf = townPdfName(plan, year, town.code);
      const view = withEvenGrouping(townReport({
        facts, town,
        pdfHref: input.pdf ? `pdf/${townPdf}` : null,
        districtHref: '../index.html',
      }));
      const page = renderer.page('report', view, pageFrame(plan, { latestYear }, {
        // the town first, for 22 tabs that read alike to their ends otherwise (a site review); the PDF keeps view.title
        title: `${town.name} · ${view.cover.lines.join('')}`,
        root: '../../../',
        section: REPORTS_SECTION,
        dataYear: year,
        breadcrumbs: [{ label: '首页', href: 'index.html' }, { label: REPORTS_SECTION, href: 'reports/index.html' }, { label: districtCrumb(year, edition), href: `reports/${year}/index.html` }, { label: town.name }],
        bodyClass: 'report-page town-report-page',
        print: true,
        runningHeader: view.runningHeader,
      }));
      const file = join(townDir, `${town.code}.html`);
      writeFileSync(file, page);
      for (const ch of page) usedText.add(ch);
      html.push(file);
      jobs.push({ kind: 'town', year, town: town.code, html: file, pdf: join(pdfDir, String(year), 'towns', townPdf), title: view.title, date: pdfDay(year, input.published), sitePdf: join(townDir, 'pdf', townPdf) });
    }
    log.info(`${year}年：镇街报告 ${geography.towns.length} 份 ${shown(townDir)}/（${formatSeconds(performance.now() - t0)}）`);
  }

  // The 公文 fonts, only the parts of them the reports use or the program could write
  const fonts = await writeReportFonts(siteDir, [...usedText].join('') + programAlphabet(), { cacheDir: input.fontCache, version: input.programDigest });
  log.info(`报告字体：${fonts.files} 个字体文件，各含报告用到和程序可能写出的 ${fonts.characters} 个字符${fonts.reused ? '（沿用上次生成的）' : ''}`);

  const pdfs = input.pdf ? new Set(jobs.map((j) => j.pdf)) : new Set<string>();
  return { years, html, jobs, documents: documentsOf(years, jobs, pdfs, siteDir, texts) };
}

/** Which PDFs the last build printed from the same page, fonts and program (kept), and which to print. */
interface PrintPlan {
  reused: string[];
  toPrint: ReportJob[];
  /** The digest of what each PDF to print is printed from, by name, and the browser printing it. */
  keys: { [pdf: string]: string };
  printer: string | undefined;
  /** The next build's record: the reused PDFs' entries, and the printed ones' once printed. */
  nextRecord: { [pdf: string]: PrintedPdf };
}

/**
 * The browser that prints, as a PDF's record names it: its program and version
 * (`chromium-headless-shell HeadlessChrome/156.0.8078.114`); undefined when none started. It
 * was started while the data were made, so it is there by the time the pages are.
 */
async function printerOf(launching: Promise<{ browser: LaunchedBrowser } | { error: unknown }> | undefined): Promise<string | undefined> {
  const got = await launching;
  if (!got || 'error' in got) return undefined;
  try {
    return `${basename(got.browser.executablePath)} ${await got.browser.browser.version()}`;
  } catch {
    return undefined;
  }
}

function planPrinting(input: ReportStageInput, jobs: readonly ReportJob[], printer: string | undefined): PrintPlan {
  const plan: PrintPlan = { reused: [], toPrint: [], keys: {}, printer, nextRecord: {} };
  if (!input.pdf || jobs.length === 0) return plan;
  const { siteDir, pdfDir } = input;
  const fontsDigest = digest(readFileSync(join(siteDir, 'assets', 'fonts', 'report-fonts.css')));
  const record = input.reuse ? readPdfRecord(input.reuse.recordFile) : {};
  for (const j of jobs) {
    const name = pdfName(pdfDir, j.pdf);
    const key = digest(input.programDigest ?? '', fontsDigest, readFileSync(j.html));
    if (reusePdf(input.reuse, record, name, key, printer, j.pdf)) {
      plan.nextRecord[name] = record[name]!;
      linkOrCopy(j.pdf, j.sitePdf);
      plan.reused.push(j.pdf);
    } else {
      plan.keys[name] = key;
      plan.toPrint.push(j);
    }
  }
  return plan;
}

/** Print the PDFs the plan says to print. */
async function printReports(input: ReportStageInput, plan: PrintPlan, browser: () => Promise<LaunchedBrowser>): Promise<PdfStageResult> {
  const { siteDir, pdfDir, log } = input;
  const pdfs: string[] = [...plan.reused];
  const { toPrint } = plan;
  const reusedCount = plan.reused.length;
  let printedCount = 0;
  let ms = 0;
  if (input.pdf && toPrint.length + reusedCount > 0) {
    if (toPrint.length) {
      log.info(`打印 PDF：${toPrint.length} 份（一个 Chromium，两页并行）${reusedCount ? `；${reusedCount} 份页面未变，沿用上次的 PDF` : ''}`);
      const jobByPdf = new Map(toPrint.map((j) => [j.pdf, j]));
      // The TOC pages of the documents' last prints: kept for the reused PDFs, a hint for the others.
      const lastToc = readTocPages(input.reuse?.tocFile);
      const toc: { [pdf: string]: Readonly<{ [target: string]: number }> } = {};
      for (const pdf of plan.reused) {
        const name = pdfName(pdfDir, pdf);
        if (lastToc[name]) toc[name] = lastToc[name];
      }
      const t0 = performance.now();
      const results = await printPdfs(toPrint.map((j) => ({ ...j, ...tocHint(lastToc[pdfName(pdfDir, j.pdf)]) })), {
        allowedRoot: siteDir,
        browser: await browser(),
        onProgress: (done, total, job) => log.info(`[${done}/${total}] ${job.title}`),
      });
      for (const r of results) {
        for (const w of r.warnings) log.warn(`${r.title}：${w}`);
        const name = pdfName(pdfDir, r.pdf);
        if (Object.keys(r.tocPages).length) toc[name] = r.fitted ? { ...r.tocPages, [FITTED_KEY]: 1 } : r.tocPages;
        pdfs.push(r.pdf);
        if (plan.printer !== undefined) plan.nextRecord[name] = { from: plan.keys[name]!, printer: plan.printer, sha256: bytesDigest(readFileSync(r.pdf)) };
        // The site offers the same PDF as a download next to the page.
        linkOrCopy(r.pdf, jobByPdf.get(r.pdf)!.sitePdf);
      }
      printedCount = results.length;
      ms = performance.now() - t0;
      if (input.reuse?.tocFile) writeTocPages(input.reuse.tocFile, toc);
      const hinted = results.filter((r) => r.tocHintUsed).length;
      const fitted = results.filter((r) => r.fitted).length;
      log.info(`PDF 用时 ${formatSeconds(ms)}：${timing('全区报告', results.filter((r) => jobByPdf.get(r.pdf)!.kind === 'district'))}；${timing('镇街报告', results.filter((r) => jobByPdf.get(r.pdf)!.kind === 'town'))}${hinted ? `；${hinted} 份的目录页码与上次打印时相同，少打印一遍` : ''}${fitted ? `；${fitted} 份的末页原本只有几行，排得稍紧后少一页` : ''}`);
    } else {
      log.info(`PDF：${reusedCount} 份页面均未变，全部沿用上次的 PDF`);
    }
    if (input.reuse) writePdfRecord(input.reuse.recordFile + '.next', plan.nextRecord);
  }
  if (!existsSync(pdfDir)) mkdirSync(pdfDir, { recursive: true });
  return { pdfs, printed: printedCount, reused: reusedCount, ms };
}

/** In the kept TOC pages of a document, a key no TOC target has: its last print was set tighter (PdfResult.fitted). */
const FITTED_KEY = '#fitted';

/** A print's hint from the kept TOC pages of its document's last print: the pages, and whether it was set tighter. */
function tocHint(kept: Readonly<{ [target: string]: number }> | undefined): { tocPages?: Record<string, number>; fitted?: boolean } {
  if (!kept) return {};
  const { [FITTED_KEY]: fitted, ...tocPages } = kept;
  return { tocPages, fitted: fitted === 1 };
}

/** The reports written, with site-relative paths, newest year first. */
function documentsOf(
  years: readonly number[], jobs: readonly ReportJob[], printed: ReadonlySet<string>, siteDir: string,
  texts: ReadonlyMap<number, { name: string; sections: ReportSectionText[]; anchors: string[] }>,
): YearReports[] {
  const rel = (path: string) => relative(siteDir, path).split(sep).join('/');
  const doc = (j: ReportJob) => ({ html: rel(j.html), pdf: printed.has(j.pdf) ? rel(j.sitePdf) : null });
  return [...years].sort((a, b) => b - a).map((year) => {
    const mine = jobs.filter((j) => j.year === year);
    const district = mine.find((j) => j.kind === 'district');
    return {
      year,
      name: texts.get(year)?.name ?? '',
      district: district ? doc(district) : { html: null, pdf: null },
      sections: texts.get(year)?.sections ?? [],
      anchors: texts.get(year)?.anchors ?? [],
      towns: new Map(mine.filter((j) => j.kind === 'town').map((j) => [j.town!, doc(j)])),
    };
  });
}

/** `镇街报告 110 份，平均每份 3.1 秒（最长 4.0 秒），平均 24 页`: each job's own time (two tabs print at once). */
function timing(label: string, results: readonly PdfResult[]): string {
  if (results.length === 0) return `${label} 0 份`;
  const ms = results.map((r) => r.ms);
  const avg = ms.reduce((a, b) => a + b, 0) / ms.length;
  const pages = results.reduce((a, r) => a + r.pages, 0) / results.length;
  return `${label} ${results.length} 份，平均每份 ${formatSeconds(avg)}（最长 ${formatSeconds(Math.max(...ms))}），平均 ${Math.round(pages)} 页`;
}

/** The office's passages of a year, filled; a value missing from the data is logged, not fatal. */
function yearPassages(library: PassageLibrary, year: number, resolver: PlaceholderResolver, log: Logger): PassageSource {
  const rendered = renderPassages(library, year, resolver);
  for (const note of rendered.notes) log.warn(note);
  return passageSource(rendered);
}

/** The text of a block, for search. */
function blockText(b: Block): string {
  return b.paragraph ?? (b.lead ? `${b.lead.lead}${b.lead.text}` : '') + (b.passage?.text ?? '') + (b.list ? b.list.items.join('') : '') + (b.callout ? b.callout.items.join('') : '');
}

/** A district report's chapters and their sections (two levels), as text for the site's search. */
function sectionTexts(doc: ReportDocument): ReportSectionText[] {
  const out: ReportSectionText[] = [];
  const walk = (s: DocSection, depth: number) => {
    if (depth > 2) return;
    const own = s.blocks.map(blockText).join('');
    const below = depth === 2 ? s.children.flatMap((c) => c.blocks.map(blockText)).join('') : '';
    if (own || below) out.push({ id: s.heading.id, title: s.heading.text, text: own + below });
    for (const c of s.children) walk(c, depth + 1);
  };
  for (const s of doc.sections) if (s.heading.id !== 'appendix') walk(s, 1);
  return out;
}

/** Every heading id of a document. */
function anchorsOf(doc: ReportDocument): string[] {
  const out: string[] = [];
  const walk = (s: DocSection) => {
    out.push(s.heading.id);
    for (const c of s.children) walk(c);
  };
  for (const s of doc.sections) walk(s);
  return out;
}

/**
 * The district report in a breadcrumb: `2024年全区报告`; the final evaluation by its name
 * (`2025年全区报告` above the 总结评估报告（2021—2025年） read as another document: the site review).
 */
function districtCrumb(year: number, edition: Edition): string {
  if (edition === 'final') return '总结评估报告（全区）';
  if (edition === 'midterm') return `${year}年中期评估报告（全区）`;
  return `${year}年全区报告`;
}
