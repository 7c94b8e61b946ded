/**
 * The annual reports as the site finds them on disk after the report stage: for each
 * year the district report (`reports/Y/index.html`) and each town's
 * (`reports/Y/towns/<code>.html`), with their PDFs when they were printed (found below
 * `reports/Y/` by the names the report stage gives them). Only files that exist are
 * linked, so a build without PDFs (or without town reports) has no broken link.
 */
import type { Geography } from '../plan/geography.ts';
import type { Plan } from '../plan/plan.ts';
import { districtPdfName, townPdfName } from '../report/report.ts';
import type { SiteFiles } from './files.ts';

export interface ReportDocument {
  /** Site-relative paths; null when the file is not there. */
  html: string | null;
  pdf: string | null;
}

export interface YearReports {
  year: number;
  district: ReportDocument;
  /** Town code → its report, only towns with at least one file. */
  towns: Map<string, ReportDocument>;
}

/** Every `.pdf` below `rel` (site-relative), sorted. */
function pdfsUnder(files: SiteFiles, rel: string): string[] {
  const out: string[] = [];
  for (const name of files.list(rel)) {
    const path = `${rel}/${name}`;
    if (name.endsWith('.pdf')) out.push(path);
    else if (files.isDirectory(path)) out.push(...pdfsUnder(files, path));
  }
  return out.sort();
}

const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export function findReports(files: SiteFiles, plan: Plan, geography: Geography, years: readonly number[]): YearReports[] {
  return [...years].sort((a, b) => b - a).map((year) => {
    const dir = `reports/${year}`;
    const existing = (rel: string) => (files.exists(rel) ? rel : null);
    const pdfs = pdfsUnder(files, dir);
    const districtPdf = pdfs.find((p) => name(p) === districtPdfName(plan, year)) ?? null;
    const towns = new Map<string, ReportDocument>();
    for (const t of geography.towns) {
      const pdf = pdfs.find((p) => name(p) === townPdfName(plan, year, t.code)) ?? null;
      const doc = { html: existing(`${dir}/towns/${t.code}.html`), pdf };
      if (doc.html || doc.pdf) towns.set(t.code, doc);
    }
    return { year, district: { html: existing(`${dir}/index.html`), pdf: districtPdf }, towns };
  });
}
