/**
 * Read and validate every workbook of an input folder: the part of the build that
 * `planeval check` runs on its own. Knows neither DuckDB nor outputs.
 */
import { performance } from 'node:perf_hooks';
import type { Geography } from '../plan/geography.ts';
import type { InputListing } from './inputs.ts';
import type { Logger } from '../basics/log.ts';
import { parseWorkbook, type ParsedSheet } from './parse-sheet.ts';
import type { LoadReportRow, Reject, Warning } from './records.ts';
import { compareYears, validateYear, type YearData } from './validate-year.ts';
import { readWorkbook, WorkbookError } from './xlsx/workbook.ts';

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

export async function readInputs(listing: InputListing, geography: Geography, log: Logger): Promise<InputData> {
  const rejects: Reject[] = [];
  const report: LoadReportRow[] = [];
  const sheetsByYear = new Map<number, ParsedSheet[]>(listing.years.map((y) => [y, []]));
  const total = listing.workbooks.length;
  let n = 0;

  for (const f of listing.otherSpreadsheets) {
    const message = `文件“${f.relPath}”不是 xlsx 工作簿（扩展名不符），请在 Excel/WPS 中另存为 .xlsx 后重新提交`;
    rejects.push({ file: f.relPath, sheet: '', row: null, column: '', value: '', rule: 'not_xlsx', scope: 'file', message });
    report.push(fileRejected(f.year, f.relPath));
  }

  for (const f of listing.workbooks) {
    n++;
    const t0 = performance.now();
    try {
      const grid = await readWorkbook(f.path);
      const parsed = parseWorkbook(grid, { year: f.year, geography, file: f.relPath });
      sheetsByYear.get(f.year)!.push(...parsed.sheets);
      report.push(...parsed.skipped);
      const rows = parsed.sheets.reduce((s, p) => s + p.report.rowsRead, 0);
      const skipped = parsed.skipped.length ? `，跳过 ${parsed.skipped.map((s) => `“${s.sheet}”`).join('、')}` : '';
      log.info(`[${n}/${total}] ${f.relPath}：${parsed.sheets.length} 个工作表，${rows} 行${skipped}（${Math.round(performance.now() - t0)} 毫秒）`);
    } catch (e) {
      if (!(e instanceof WorkbookError)) {
        const err = e as NodeJS.ErrnoException;
        if (!err.code) throw e;
        rejects.push({ file: f.relPath, sheet: '', row: null, column: '', value: '', rule: 'corrupt', scope: 'file', message: `文件“${f.relPath}”无法读取：${err.message}` });
      } else {
        rejects.push({ file: f.relPath, sheet: '', row: null, column: '', value: '', rule: e.reason, scope: 'file', message: e.message.replaceAll(f.path, f.relPath) });
      }
      report.push(fileRejected(f.year, f.relPath));
      log.warn(`[${n}/${total}] ${f.relPath}：整个文件被拒绝`);
    }
  }

  const years: YearData[] = [];
  const warnings: Warning[] = [];
  let prev: YearData | undefined;
  for (const year of listing.years) {
    const data = validateYear(year, sheetsByYear.get(year)!, geography);
    if (prev && prev.year === year - 1) data.warnings.push(...compareYears(prev, data, { geography }));
    years.push(data);
    rejects.push(...data.rejects);
    warnings.push(...data.warnings);
    report.push(...data.reports);
    prev = data;
  }

  const byFile = (a: LoadReportRow, b: LoadReportRow) => a.year - b.year || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  report.sort(byFile);
  const sum = (k: 'rowsRead' | 'rowsLoaded' | 'rowsRejected') => report.reduce((s, r) => s + r[k], 0);
  return {
    years,
    rejects,
    warnings,
    report,
    files: listing.workbooks.length + listing.otherSpreadsheets.length,
    rowsRead: sum('rowsRead'),
    rowsLoaded: sum('rowsLoaded'),
    rowsRejected: sum('rowsRejected'),
  };
}
