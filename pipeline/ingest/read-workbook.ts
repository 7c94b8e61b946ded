/**
 * One workbook read and its sheets parsed, the loaded rows packed: the unit of work a
 * reading worker does (read-pool.ts), and what the build does in its own thread when it
 * reads without workers. What comes back can be posted between threads: no functions, no
 * class instances; a failure as its kind and message, so the caller can reject the file
 * with the same words as if it had read it itself.
 */
import { performance } from 'node:perf_hooks';
import type { Geography } from '../plan/geography.ts';
import { parseWorkbook, recognizeSheet, TooManyProblems } from './parse-sheet.ts';
import type { LoadReportRow, Reject, Warning } from './records.ts';
import type { PackedRows } from './row-batch.ts';
import { readWorkbook, WorkbookError, type WorkbookErrorReason } from './xlsx/workbook.ts';

export interface WorkbookTask {
  /** Absolute path. */
  path: string;
  /** Path relative to the input folder: `2023/养老服务科_2023.xlsx`. */
  relPath: string;
  year: number;
}

/** A parsed sheet with its loaded rows packed. */
export interface SheetOutcome {
  /** Contract sheet name. */
  kind: string;
  rows: PackedRows;
  rejects: Reject[];
  warnings: Warning[];
  report: LoadReportRow;
}

/** Why a workbook could not be read, as the reader said it. */
export type ReadFailure =
  | { kind: 'too_many_problems'; message: string }
  | { kind: 'workbook'; reason: WorkbookErrorReason; message: string }
  /** A file-system error (no permission, a link to nothing): its code and message. */
  | { kind: 'file_system'; code: string; message: string }
  /** Anything else is a fault of the program: the build stops with it. */
  | { kind: 'internal'; name: string; message: string; stack?: string };

/** `cached`: taken from the last build's reading of the same bytes (outcome-cache.ts), not read now. */
export type WorkbookOutcome =
  | { ok: true; sheets: SheetOutcome[]; skipped: LoadReportRow[]; ms: number; cached?: boolean }
  | { ok: false; failure: ReadFailure; ms: number; cached?: boolean };

/** Cells of a tab outside the contract read to see whether it is a contract sheet misnamed (a 社区村名录 of 1,000 communities has about 10,000). */
const PEEK_CELLS = 50_000;

export async function readOneWorkbook(task: WorkbookTask, geography: Geography): Promise<WorkbookOutcome> {
  const t0 = performance.now();
  try {
    // Sheets outside the contract are listed, not read, beyond a look at a small one's cells
    // (a contract sheet under another name is refused, not skipped: parseWorkbook).
    const grid = await readWorkbook(task.path, {}, { sheetFilter: (name) => recognizeSheet(name) !== undefined, peekCells: PEEK_CELLS });
    const parsed = parseWorkbook(grid, { year: task.year, geography, file: task.relPath, pack: true });
    const sheets = parsed.sheets.map((s): SheetOutcome => ({ kind: s.sheet.name, rows: s.packed!, rejects: s.rejects, warnings: s.warnings, report: s.report }));
    return { ok: true, sheets, skipped: parsed.skipped, ms: performance.now() - t0 };
  } catch (e) {
    return { ok: false, failure: failureOf(e), ms: performance.now() - t0 };
  }
}

function failureOf(e: unknown): ReadFailure {
  if (e instanceof TooManyProblems) return { kind: 'too_many_problems', message: e.message };
  if (e instanceof WorkbookError) return { kind: 'workbook', reason: e.reason, message: e.message };
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err === 'object' && err.code) return { kind: 'file_system', code: err.code, message: err.message };
  return { kind: 'internal', name: err?.name ?? 'Error', message: err?.message ?? String(e), stack: err?.stack };
}
