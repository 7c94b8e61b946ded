/**
 * Read and validate every workbook of an input folder: the part of the build that
 * `planeval check` runs on its own. Knows neither DuckDB nor outputs.
 */
import { appendAll } from '../basics/arrays.ts';
import type { Geography } from '../plan/geography.ts';
import type { Plan } from '../plan/plan.ts';
import type { InputListing } from './inputs.ts';
import type { Logger } from '../basics/log.ts';
import { SHEET_BY_NAME, SHEETS } from '../plan/contract.ts';
import { nameKey } from '../basics/text.ts';
import type { LoadReportRow, Reject, Warning } from './records.ts';
import { TypeTracker, type MissingType } from './missing-types.ts';
import { carriedRows, compareYears, validateYear, type EarlierRows, type PackedSheet, type ValidatedYear, type YearData } from './validate-year.ts';
import { readWorkbooks } from './read-pool.ts';
import type { WorkbookOutcome } from './read-workbook.ts';
import type { OutcomeCache } from './outcome-cache.ts';
import { RowBatch } from './row-batch.ts';
import { quote } from './quote.ts';
import { fileSystemReason } from '../basics/errors.ts';
import { yieldToEvents } from '../basics/events.ts';

/** The contract's sheet names by their name keys, longest first (a tab is matched to the most specific). */
const SHEET_NAME_KEYS: [string, string][] = SHEETS.map((s): [string, string] => [nameKey(s.name), s.name]).sort((a, b) => b[0].length - a[0].length);


export interface InputData {
  years: YearData[];
  /** Every reject: files, sheets and rows. */
  rejects: Reject[];
  warnings: Warning[];
  /** Types of registers missing from a year (`missing-types.ts`): what counts them is missing. */
  missingTypes: MissingType[];
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

/** How the caller takes the rows. */
export interface ReadInputsOptions {
  /**
   * Called with each year once it is validated (and compared with the year before), years in
   * order, while the workbooks of the next years are still being read: the build loads the
   * year's rows into the warehouse here.
   */
  onYear?: (year: ValidatedYear) => Promise<void> | void;
  /**
   * Keep every year's rows in the result (default true: the reports read them). False drops
   * a year's rows once `onYear` has had them and the next year is compared with it, so the
   * rows of all years are never held at once.
   */
  keepRows?: boolean;
  /** Worker threads that read the workbooks (default: read-pool.ts). */
  workers?: number;
  /** The outcomes of workbooks read by the last build, taken instead of reading the same bytes again (the build's; none by default). */
  cache?: OutcomeCache;
}

export async function readInputs(listing: InputListing, ctx: InputContext, log: Logger, opts: ReadInputsOptions = {}): Promise<InputData> {
  const { geography } = ctx;
  const keepRows = opts.keepRows ?? true;
  /** Rejects of files as a whole (refused, not xlsx, unreadable), listed before the years' rejects. */
  const fileRejects: Reject[] = [];
  /** Load-report rows of files and folders (not read, rejected, skipped sheets), in input order. */
  const fileReport: LoadReportRow[] = [];
  const notRead: Warning[] = [];
  const sheetsByYear = new Map<number, PackedSheet[]>(listing.years.map((y) => [y, []]));
  const total = listing.workbooks.length;

  // Files and folders that are not inputs: said, in the terminal and the load report
  for (const x of listing.notRead) {
    const what = x.path.endsWith('/') ? '文件夹' : '文件';
    notRead.push({ file: x.path, sheet: '', row: null, column: '', value: '', rule: 'not_read', message: `${what}“${x.path}”${x.reason}` });
    fileReport.push({ year: x.year, file: x.path, sheet: '', sheetKind: '', status: 'skipped', headerRow: null, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, extraColumns: '' });
  }
  if (listing.notRead.length) log.warn(`${listing.notRead.length} 个文件或文件夹未读取：${listing.notRead.slice(0, 5).map((x) => x.path).join('、')}${listing.notRead.length > 5 ? ' 等' : ''}（原因见下）`);

  // Files refused before opening: outside the plan's years, links to nothing
  for (const f of listing.refused) {
    fileRejects.push({ file: f.relPath, sheet: '', row: null, column: '', value: '', rule: f.rule, scope: 'file', message: f.message });
    fileReport.push(fileRejected(f.year, f.relPath));
  }

  for (const f of listing.otherSpreadsheets) {
    const message = `文件“${f.relPath}”不是 xlsx 工作簿（扩展名不符），请在 Excel/WPS 中另存为 .xlsx 后重新提交`;
    fileRejects.push({ file: f.relPath, sheet: '', row: null, column: '', value: '', rule: 'not_xlsx', scope: 'file', message });
    fileReport.push(fileRejected(f.year, f.relPath));
  }

  /** One workbook's outcome, as reading it here would have had it: logged, its sheets kept for its year. */
  const take = (n: number, outcome: WorkbookOutcome) => {
    const f = listing.workbooks[n - 1]!;
    const at = `[${n}/${total}] ${f.relPath}`;
    if (outcome.ok) {
      const sheets = sheetsByYear.get(f.year)!;
      for (const s of outcome.sheets) {
        const spec = SHEET_BY_NAME.get(s.kind)!;
        sheets.push({ sheet: spec, rows: new RowBatch(spec, s.rows), rejects: s.rejects, warnings: s.warnings, report: s.report });
      }
      appendAll(fileReport, outcome.skipped);
      // a tab whose name holds a contract sheet's (救助床位表, 救助床位（修改）): probably that sheet, not read
      for (const s of outcome.skipped) {
        const kind = SHEET_NAME_KEYS.find(([key]) => nameKey(s.sheet).includes(key));
        if (kind) notRead.push({ file: f.relPath, sheet: s.sheet, row: null, column: '', value: '', rule: 'not_read', message: `文件“${f.relPath}”中的工作表“${quote(s.sheet)}”未读取：名称不是规定的“${kind[1]}”。如是该表，请改名为“${kind[1]}”后重新提交` });
      }
      const rows = outcome.sheets.reduce((sum, p) => sum + p.report.rowsRead, 0);
      const skipped = outcome.skipped.length ? `，跳过 ${outcome.skipped.slice(0, 10).map((s) => `“${quote(s.sheet)}”`).join('、')}${outcome.skipped.length > 10 ? ` 等 ${outcome.skipped.length} 个` : ''}` : '';
      log.info(`${at}：${outcome.sheets.length} 个工作表，${rows} 行${skipped}（${outcome.cached ? '文件未变，沿用上次读取的结果' : `${Math.round(outcome.ms)} 毫秒`}）`);
      return;
    }
    const { failure } = outcome;
    if (failure.kind === 'internal') {
      const e = new Error(failure.message);
      e.name = failure.name;
      if (failure.stack) e.stack = failure.stack;
      throw e;
    }
    if (failure.kind === 'too_many_problems') {
      fileRejects.push({ file: f.relPath, sheet: '', row: null, column: '', value: '', rule: 'too_many_problems', scope: 'file', message: failure.message });
      fileReport.push(fileRejected(f.year, f.relPath));
      log.warn(`${at}：问题过多，整个文件被拒绝`);
      return;
    }
    if (failure.kind === 'file_system') {
      fileRejects.push({ file: f.relPath, sheet: '', row: null, column: '', value: '', rule: 'unreadable', scope: 'file', message: `文件“${f.relPath}”无法读取：${fileSystemReason(failure)}` });
    } else {
      fileRejects.push({ file: f.relPath, sheet: '', row: null, column: '', value: '', rule: failure.reason, scope: 'file', message: failure.message.replaceAll(f.path, f.relPath) });
    }
    fileReport.push(fileRejected(f.year, f.relPath));
    log.warn(`${at}：整个文件被拒绝`);
  };

  // Each year is checked as soon as its last workbook is read, and handed to the caller, while
  // the workers read on; the year before is then no longer needed (compared with this one).
  const years: ValidatedYear[] = [];
  const lastWorkbook = new Map(listing.years.map((y) => [y, -1]));
  listing.workbooks.forEach((f, i) => lastWorkbook.set(f.year, i));
  let nextYear = 0;
  let prev: ValidatedYear | undefined;
  const types = new TypeTracker();
  // a sheet a year did not bring: the latest earlier rows of it, to weigh the next year's against
  const carried = new Map<string, EarlierRows>();
  const missingTypes: MissingType[] = [];
  const finishYears = async (read: number) => {
    while (nextYear < listing.years.length && lastWorkbook.get(listing.years[nextYear]!)! < read) {
      const year = listing.years[nextYear++]!;
      const unread = fileReport.filter((r) => r.year === year && r.status === 'file_rejected').map((r) => r.file);
      const data = validateYear(year, sheetsByYear.get(year)!, geography, ctx.plan, unread);
      sheetsByYear.delete(year);
      // the workers' outcomes that came meanwhile are taken, and they are given their next workbooks
      await yieldToEvents();
      if (prev && prev.year === year - 1) appendAll(data.warnings, compareYears(prev, data, { geography, earlier: carried }));
      carriedRows(carried, prev, data);
      const typesOfYear = types.take(data, unread);
      appendAll(data.warnings, typesOfYear.warnings);
      appendAll(missingTypes, typesOfYear.missing);
      if (prev && !keepRows) prev.rows.release();
      years.push(data);
      await opts.onYear?.(data);
      prev = data;
    }
  };

  const tasks = listing.workbooks.map((f) => ({ path: f.path, relPath: f.relPath, year: f.year }));
  let n = 0;
  await finishYears(0);
  for await (const outcome of readWorkbooks(tasks, { geography, workers: opts.workers, cache: opts.cache })) {
    take(++n, outcome);
    await finishYears(n);
  }
  await finishYears(total);
  if (prev && !keepRows) prev.rows.release();

  const rejects: Reject[] = [...fileRejects];
  const report: LoadReportRow[] = [...fileReport];
  const warnings: Warning[] = [...notRead];
  for (const data of years) {
    appendAll(rejects, data.rejects);
    appendAll(warnings, data.warnings);
    appendAll(report, data.reports);
  }

  const byFile = (a: LoadReportRow, b: LoadReportRow) => (a.year ?? 0) - (b.year ?? 0) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  report.sort(byFile);
  const sum = (k: 'rowsRead' | 'rowsLoaded' | 'rowsRejected') => report.reduce((s, r) => s + r[k], 0);
  return {
    years,
    rejects,
    warnings,
    missingTypes,
    report,
    files: listing.workbooks.length + listing.otherSpreadsheets.length + listing.refused.length,
    rowsRead: sum('rowsRead'),
    rowsLoaded: sum('rowsLoaded'),
    rowsRejected: sum('rowsRejected'),
  };
}
