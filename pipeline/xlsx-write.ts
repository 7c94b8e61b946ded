/**
 * Writing xlsx deterministically with exceljs: fixed document dates and fixed zip entry
 * times, so the same content always gives byte-identical files.
 */
import ExcelJS from 'exceljs';
import { unzipSync, zipSync, type Zippable } from 'fflate';

/** The date stamped into generated workbooks (document properties and zip entries). */
export const FIXED_DATE = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));

export function newWorkbook(creator = '大兴区民政局'): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = creator;
  wb.lastModifiedBy = creator;
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  wb.calcProperties = { fullCalcOnLoad: false };
  return wb;
}

/** Serialise a workbook to xlsx bytes that depend only on its content. */
export async function workbookBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const raw = new Uint8Array(await wb.xlsx.writeBuffer());
  const entries = unzipSync(raw);
  const out: Zippable = {};
  // Keep [Content_Types].xml first, as Excel writes it; the rest in a stable order.
  const names = Object.keys(entries).sort((a, b) =>
    a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  for (const name of names) out[name] = [entries[name]!, { mtime: FIXED_DATE, level: 6 }];
  return zipSync(out);
}
