/**
 * Writing xlsx deterministically: fixed document dates and fixed zip entry times, so the same
 * content always gives byte-identical files. Data downloads (`tableWorkbook`) are written
 * directly (xlsx-table.ts); the sample generator's workbooks, with merged cells, notes and
 * formats, through exceljs (`newWorkbook`, `workbookBytes`).
 */
import { createRequire } from 'node:module';
import { cachedBytes } from './byte-cache.ts';
import type ExcelJS from 'exceljs';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { tableXlsx } from './xlsx-table.ts';
import type { CsvValue } from './csv.ts';

/** The date stamped into generated workbooks (document properties and zip entries). */
export const FIXED_DATE = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));

const require = createRequire(import.meta.url);

/**
 * exceljs, loaded when a workbook is first made, not with this module: loading it turns off a
 * fast path of V8 for the whole process (typed-array `subarray`, `slice`: twice as slow after),
 * and a build makes its workbooks last, with the site.
 */
function excel(): typeof ExcelJS {
  return require('exceljs') as typeof ExcelJS;
}

/** The creator and last editor written into generated workbooks. */
const DEFAULT_CREATOR = '大兴区民政局';

export function newWorkbook(creator = DEFAULT_CREATOR): ExcelJS.Workbook {
  const wb = new (excel().Workbook)();
  wb.creator = creator;
  wb.lastModifiedBy = creator;
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  wb.calcProperties = { fullCalcOnLoad: false };
  return wb;
}

/**
 * Pack the entries of an xlsx again with fixed entry times and a stable order
 * ([Content_Types].xml first, as Excel writes it), so the bytes depend only on content.
 */
export function repackXlsx(zip: Uint8Array): Uint8Array {
  const entries = unzipSync(zip);
  const out: Zippable = {};
  const names = Object.keys(entries).sort((a, b) =>
    a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  for (const name of names) out[name] = [entries[name]!, { mtime: FIXED_DATE, level: 6 }];
  return zipSync(out);
}

/**
 * Serialise a workbook to xlsx bytes that depend only on its content. exceljs stores its
 * entries uncompressed (they are unpacked again at once), which is about twice as fast.
 */
export async function workbookBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  return repackXlsx(new Uint8Array(await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } } as ExcelJS.XlsxWriteOptions)));
}

export interface XlsxColumn {
  /** Column name (the Parquet file's and the warehouse's). */
  name: string;
  /** Header of the data sheet when it differs from `name` (the Chinese header of a download). */
  label?: string;
  type: string;
  /** Chinese meaning, for the 字段说明 sheet. */
  comment: string;
  /** English meaning. */
  en: string;
}

/**
 * A data download as xlsx: sheet `数据` with a header row (`label`, else `name`) and one
 * row per record (numbers and booleans as such, missing as an empty cell), and a sheet
 * `字段说明` describing the columns. Text goes into typed text cells exactly as it is: a
 * text cell is never evaluated, so a leading = + - @ needs no guard here (the CSV, which
 * has no types, keeps its guard).
 */
export async function tableWorkbook(columns: readonly XlsxColumn[], rows: Iterable<readonly CsvValue[]>): Promise<Uint8Array> {
  // Made once per content: a rebuild takes the workbooks of unchanged rows from its cache.
  const list = [...rows];
  const source = JSON.stringify([columns, list], (_k, v: unknown) =>
    v === undefined ? null : typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? { number: String(Object.is(v, -0) ? '-0' : v) } : v);
  return cachedBytes('xlsx', [source], () => makeTableWorkbook(columns, list));
}

async function makeTableWorkbook(columns: readonly XlsxColumn[], rows: readonly (readonly CsvValue[])[]): Promise<Uint8Array> {
  const headers = columns.map((c) => c.label ?? c.name);
  return tableXlsx(
    [
      // as wide as the header or the widest of the first rows, up to 40 (the site review: 指标名称 cut at 10)
      { name: '数据', rows: [headers, ...rows], widths: headers.map((h, j) => Math.min(40, Math.max(10, textWidth(h) + 2, ...rows.slice(0, 200).map((r) => textWidth(cellText(r[j])) + 2)))), frozenHeader: true },
      { name: '字段说明', rows: [['表头', '列名', '类型', '说明', '英文说明'], ...columns.map((c) => [c.label ?? c.name, c.name, c.type, c.comment, c.en])], widths: [22, 26, 10, 48, 60] },
    ],
    { creator: DEFAULT_CREATOR, date: FIXED_DATE },
  );
}

/** A cell's text as a width is measured. */
function cellText(v: CsvValue | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}

/** Width of a header in Excel's character units: a Chinese character counts two. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.codePointAt(0)! > 0x2e80 ? 2 : 1;
  return w;
}
