/**
 * The report stage: for every plan year in the input, the district report and one
 * report per town, as HTML pages of the site and as PDFs printed by one Chromium.
 */
import { existsSync, linkSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IndicatorValue } from './evaluate.ts';
import type { Geography } from './geography.ts';
import type { Logger } from './log.ts';
import { printPdfs, type PdfJob } from './pdf.ts';
import type { Plan } from './plan.ts';
import type { InputData } from './read-inputs.ts';
import { dataQuality, keyTasks } from './report-data.ts';
import { districtReport, reportTitle } from './report-model.ts';
import { Renderer, writeAssets } from './render.ts';
import { pageFrame } from './site-nav.ts';

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
  html: string[];
  pdfs: string[];
}

/** Years that get a report: plan years present in the input. */
export function reportYears(plan: Plan, values: readonly IndicatorValue[]): number[] {
  return [...new Set(values.map((v) => v.year))].filter((y) => y >= plan.period.start && y <= plan.period.end).sort((a, b) => a - b);
}

export function districtPdfName(plan: Plan, year: number): string {
  return `${plan.regionCode}-${year}.pdf`;
}

function linkOrCopy(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

export async function writeReports(input: ReportStageInput): Promise<ReportStageResult> {
  const { plan, geography, values, data, siteDir, pdfDir, log } = input;
  const years = reportYears(plan, values);
  const renderer = new Renderer();
  writeAssets(siteDir);
  const quality = dataQuality(data, input.acceptedRejects);
  const latestYear = years[years.length - 1] ?? plan.period.start;
  const html: string[] = [];
  const jobs: PdfJob[] = [];

  for (const year of years) {
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
    jobs.push({ html: file, pdf: join(pdfDir, String(year), pdfName), title: reportTitle(plan, year) });
    log.info(`${year}年：全区报告 ${file}`);
  }

  const pdfs: string[] = [];
  if (input.pdf && jobs.length) {
    log.info(`打印 PDF：${jobs.length} 份（一个 Chromium，两页并行）`);
    const results = await printPdfs(jobs, {
      allowedRoot: siteDir,
      onProgress: (done, total, job) => log.info(`[${done}/${total}] ${job.title}`),
    });
    for (const r of results) {
      for (const w of r.warnings) log.warn(`${r.title}：${w}`);
      pdfs.push(r.pdf);
      // The site offers the same PDF as a download next to the page.
      const year = r.pdf.split('/').at(-2)!;
      linkOrCopy(r.pdf, join(siteDir, 'reports', year, 'pdf', r.pdf.split('/').at(-1)!));
    }
  }
  if (!existsSync(pdfDir)) mkdirSync(pdfDir, { recursive: true });
  return { years, html, pdfs };
}
