/**
 * Read and validate every workbook of an input folder: the part of the build that
 * `planeval check` runs on its own. Knows neither DuckDB nor outputs.
 */
import { performance } from 'node:perf_hooks';
import type { Geography } from '../plan/geography.ts';
import type { Plan } from '../plan/plan.ts';
import type { InputListing } from './inputs.ts';
import type { Logger } from '../basics/log.ts';
import { parseWorkbook, recognizeSheet, TooManyProblems, type ParsedSheet } from './parse-sheet.ts';
import type { LoadReportRow, Reject, Warning } from './records.ts';
import { compareYears, validateYear, type YearData } from './validate-year.ts';
import { readWorkbook, WorkbookError } from './xlsx/workbook.ts';
import { quote } from './quote.ts';

/** `target.push(...items)` without passing every item as an argument (a sheet may have 100,000 rejects). */
function append<T>(target: T[], items: readonly T[]): void {
  for (const x of items) target.push(x);
}

export interface InputData {
  years: YearData[];
  /** Every reject: files, sheets and rows. */
  rejects: Reject[];
  warnings: Warning[];
  /** Per file and sheet: rows read, loaded, rejected (plus skipped sheets and rejected files). */
  report: LoadReportRow[];
  files: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
}

function fileRejected(year: number, file: string): LoadReportRow {
  return { year, file, sheet: '', sheetKind: '', status: 'file_rejected', headerRow: null, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, extraColumns: '' };
}

/** What reading the input needs beside the listing: the geography and the plan. */
export interface InputContext {
  geography: Geography;
  plan: Plan;
}

export async function readInputs(listing: InputListing, ctx: InputContext, log: Logger): Promise<InputData> {
  const { geography } = ctx;
  const rejects: Reject[] = [];
  const report: LoadReportRow[] = [];
  const notRead: Warning[] = [];
  const sheetsByYear = new Map<number, ParsedSheet[]>(listing.years.map((y) => [y, []]));
  const total = listing.workbooks.length;
  let n = 0;

  // Files and folders that are not inputs: said, in the terminal and the load report
  for (const x of listing.notRead) {
    const what = x.path.endsWith('/') ? '文件夹' : '文件';
    notRead.push({ file: x.path, sheet: '', row: null, column: '', value: '', rule: 'not_read', message: `${what}“${x.path}”${x.reason}` });
    report.push({ year: x.year, file: x.path, sheet: '', sheetKind: '', status: 'skipped', headerRow: null, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, extraColumns: '' });
  }
  if (listing.notRead.length) log.warn(`${listing.notRead.length} 个文件或文件夹未读取：${listing.notRead.slice(0, 5).map((x) => x.path).join('、')}${listing.notRead.length > 5 ? ' 等' : ''}（原因见下）`);

  // Files refused before opening: outside the plan's years, links to nothing
  for (const f of listing.refused) {
    rejects.push({ file: f.relPath, sheet: '', row: null, column: '', value: '', rule: f.rule, scope: 'file', message: f.message });
    report.push(fileRejected(f.year, f.relPath));
  }

  for (const f of listing.otherSpreadsheets) {
    const message = `文件“${f.relPath}”不是 xlsx 工作簿（扩展名不符），请在 Excel/WPS 中另存为 .xlsx 后重新提交`;
    rejects.push({ file: f.relPath, sheet: '', row: null, column: '', value: '', rule: 'not_xlsx', scope: 'file', message });
    report.push(fileRejected(f.year, f.relPath));
  }

  for (const f of listing.workbooks) {
    n++;
    const t0 = performance.now();
    try {
      // Sheets outside the contract are listed, not read: however large, they cost nothing.
      const grid = await readWorkbook(f.path, {}, { sheetFilter: (name) => recognizeSheet(name) !== undefined });
      const parsed = parseWorkbook(grid, { year: f.year, geography, file: f.relPath });
      append(sheetsByYear.get(f.year)!, parsed.sheets);
      append(report, parsed.skipped);
      const rows = parsed.sheets.reduce((s, p) => s + p.report.rowsRead, 0);
      const skipped = parsed.skipped.length ? `，跳过 ${parsed.skipped.slice(0, 10).map((s) => `“${quote(s.sheet)}”`).join('、')}${parsed.skipped.length > 10 ? ` 等 ${parsed.skipped.length} 个` : ''}` : '';
      log.info(`[${n}/${total}] ${f.relPath}：${parsed.sheets.length} 个工作表，${rows} 行${skipped}（${Math.round(performance.now() - t0)} 毫秒）`);
    } catch (e) {
      if (e instanceof TooManyProblems) {
        rejects.push({ file: f.relPath, sheet: '', row: null, column: '', value: '', rule: 'too_many_problems', scope: 'file', message: e.message });
        report.push(fileRejected(f.year, f.relPath));
        log.warn(`[${n}/${total}] ${f.relPath}：问题过多，整个文件被拒绝`);
        continue;
      }
      if (!(e instanceof WorkbookError)) {
        const err = e as NodeJS.ErrnoException;
        if (!err.code) throw e;
        rejects.push({ file: f.relPath, sheet: '', row: null, column: '', value: '', rule: 'unreadable', scope: 'file', message: `文件“${f.relPath}”无法读取：${err.message.replaceAll(f.path, f.relPath)}` });
      } else {
        rejects.push({ file: f.relPath, sheet: '', row: null, column: '', value: '', rule: e.reason, scope: 'file', message: e.message.replaceAll(f.path, f.relPath) });
      }
      report.push(fileRejected(f.year, f.relPath));
      log.warn(`[${n}/${total}] ${f.relPath}：整个文件被拒绝`);
    }
  }

  const years: YearData[] = [];
  const warnings: Warning[] = [...notRead];
  let prev: YearData | undefined;
  for (const year of listing.years) {
    const data = validateYear(year, sheetsByYear.get(year)!, geography, ctx.plan);
    if (prev && prev.year === year - 1) append(data.warnings, compareYears(prev, data, { geography }));
    years.push(data);
    append(rejects, data.rejects);
    append(warnings, data.warnings);
    append(report, data.reports);
    prev = data;
  }

  const byFile = (a: LoadReportRow, b: LoadReportRow) => (a.year ?? 0) - (b.year ?? 0) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  report.sort(byFile);
  const sum = (k: 'rowsRead' | 'rowsLoaded' | 'rowsRejected') => report.reduce((s, r) => s + r[k], 0);
  return {
    years,
    rejects,
    warnings,
    report,
    files: listing.workbooks.length + listing.otherSpreadsheets.length + listing.refused.length,
    rowsRead: sum('rowsRead'),
    rowsLoaded: sum('rowsLoaded'),
    rowsRejected: sum('rowsRejected'),
  };
}
