/**
 * The report stage: for every plan year in the input, the district report and one
 * report per town, as HTML pages of the site and as PDFs printed by one Chromium.
 */
import { existsSync, linkSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { reportYears, type IndicatorValue } from '../evaluate/evaluate.ts';
import type { YearReports } from '../present/report-documents.ts';
import type { Geography } from '../plan/geography.ts';
import type { Logger } from '../basics/log.ts';
import { formatSeconds } from '../basics/format.ts';
import { printPdfs, type PdfJob, type PdfResult } from './pdf.ts';
import type { Plan } from '../plan/plan.ts';
import type { InputData } from '../ingest/read-inputs.ts';
import { dataQuality } from '../present/data-quality.ts';
import { keyTasks } from '../evaluate/key-tasks.ts';
import { districtReport, reportTitle } from './district.ts';
import { townReport } from './town.ts';
import { ValueIndex } from '../present/value-index.ts';
import { Renderer, writeAssets } from '../present/render.ts';
import { pageFrame } from '../present/page-frame.ts';

export interface ReportStageInput {
  plan: Plan;
  geography: Geography;
  values: readonly IndicatorValue[];
  data: InputData;
  acceptedRejects: boolean;
  /** The site folder (staging): reports go to `reports/Y/`. */
  siteDir: string;
  /** PDFs go to `pdf/Y/` under this folder. */
  pdfDir: string;
  pdf: boolean;
  log: Logger;
}

export interface ReportStageResult {
  years: number[];
  /** Absolute paths of the pages and PDFs written. */
  html: string[];
  pdfs: string[];
  /** Per year, newest first: the documents as the site links them. */
  documents: YearReports[];
}

export function districtPdfName(plan: Plan, year: number): string {
  return `${plan.regionCode}-${year}.pdf`;
}

/** `daxing-2023-qingyuan.pdf` */
export function townPdfName(plan: Plan, year: number, code: string): string {
  return `${plan.regionCode}-${year}-${code}.pdf`;
}

function linkOrCopy(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

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
  const { plan, geography, values, data, siteDir, pdfDir, log } = input;
  const years = reportYears(plan, values);
  const renderer = new Renderer();
  writeAssets(siteDir);
  const quality = dataQuality(data, input.acceptedRejects);
  const latestYear = years[years.length - 1] ?? plan.period.start;
  const indexed = new ValueIndex(values);
  const html: string[] = [];
  const jobs: ReportJob[] = [];

  for (const year of years) {
    // The district report
    const dir = join(siteDir, 'reports', String(year));
    mkdirSync(dir, { recursive: true });
    const pdfName = districtPdfName(plan, year);
    const view = districtReport({
      plan, geography, year, values, tasks: keyTasks(plan, data, year), quality,
      pdfHref: input.pdf ? `pdf/${pdfName}` : null,
      townHref: (code) => `towns/${code}.html`,
    });
    const page = renderer.page('report', view, pageFrame(plan, { latestYear }, {
      title: view.title,
      root: '../../',
      section: '年度评估报告',
      bodyClass: 'report-page',
      print: true,
      runningHeader: view.runningHeader,
    }));
    const file = join(dir, 'index.html');
    writeFileSync(file, page);
    html.push(file);
    jobs.push({ kind: 'district', year, html: file, pdf: join(pdfDir, String(year), pdfName), title: reportTitle(plan, year), sitePdf: join(dir, 'pdf', pdfName) });
    log.info(`${year}年：全区报告 ${file}`);

    // One report per town, next to it in towns/
    const townDir = join(dir, 'towns');
    mkdirSync(townDir, { recursive: true });
    const t0 = performance.now();
    for (const town of geography.towns) {
      const townPdf = townPdfName(plan, year, town.code);
      const view = townReport({
        plan, geography, year, town, values: indexed,
        pdfHref: input.pdf ? `pdf/${townPdf}` : null,
        districtHref: '../index.html',
        townHref: (code) => `${code}.html`,
      });
      const page = renderer.page('town-report', view, pageFrame(plan, { latestYear }, {
        title: view.title,
        root: '../../../',
        section: '年度评估报告',
        breadcrumbs: [{ label: `${year}年度全区报告`, href: `reports/${year}/index.html` }, { label: town.name }],
        bodyClass: 'report-page town-report-page',
        print: true,
        runningHeader: view.runningHeader,
      }));
      const file = join(townDir, `${town.code}.html`);
      writeFileSync(file, page);
      html.push(file);
      jobs.push({ kind: 'town', year, town: town.code, html: file, pdf: join(pdfDir, String(year), 'towns', townPdf), title: view.title, sitePdf: join(townDir, 'pdf', townPdf) });
    }
    log.info(`${year}年：镇街报告 ${geography.towns.length} 份 ${townDir}/（${formatSeconds(performance.now() - t0)}）`);
  }

  const pdfs: string[] = [];
  if (input.pdf && jobs.length) {
    log.info(`打印 PDF：${jobs.length} 份（一个 Chromium，两页并行）`);
    const jobByPdf = new Map(jobs.map((j) => [j.pdf, j]));
    const t0 = performance.now();
    const results = await printPdfs(jobs, {
      allowedRoot: siteDir,
      onProgress: (done, total, job) => log.info(`[${done}/${total}] ${job.title}`),
    });
    for (const r of results) {
      for (const w of r.warnings) log.warn(`${r.title}：${w}`);
      pdfs.push(r.pdf);
      // The site offers the same PDF as a download next to the page.
      linkOrCopy(r.pdf, jobByPdf.get(r.pdf)!.sitePdf);
    }
    log.info(`PDF 用时 ${formatSeconds(performance.now() - t0)}：${timing('全区报告', results.filter((r) => jobByPdf.get(r.pdf)!.kind === 'district'))}；${timing('镇街报告', results.filter((r) => jobByPdf.get(r.pdf)!.kind === 'town'))}`);
  }
  if (!existsSync(pdfDir)) mkdirSync(pdfDir, { recursive: true });
  return { years, html, pdfs, documents: documentsOf(years, jobs, new Set(pdfs), siteDir) };
}

/** The reports written, with site-relative paths, newest year first. */
function documentsOf(years: readonly number[], jobs: readonly ReportJob[], printed: ReadonlySet<string>, siteDir: string): YearReports[] {
  const rel = (path: string) => relative(siteDir, path).split(sep).join('/');
  const doc = (j: ReportJob) => ({ html: rel(j.html), pdf: printed.has(j.pdf) ? rel(j.sitePdf) : null });
  return [...years].sort((a, b) => b - a).map((year) => {
    const mine = jobs.filter((j) => j.year === year);
    const district = mine.find((j) => j.kind === 'district');
    return {
      year,
      district: district ? doc(district) : { html: null, pdf: null },
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
