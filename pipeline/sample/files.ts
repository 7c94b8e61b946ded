/** The sample's workbooks: which sheets go into which department's file. */
import { departments } from '../plan/contract.ts';
import type { RenderedSheet } from './render.ts';
import type { SheetRows } from './sheets.ts';

export interface SampleFile {
  /** File name inside the year folder. */
  file: string;
  department: string;
  sheets: SheetRows[];
}

export interface WrittenSheet {
  file: string;
  data: SheetRows;
  rendered: RenderedSheet;
}

/** One workbook per department (in contract order), plus one per extra part (`养老服务科_驿站_2023.xlsx`). */
export function groupFiles(sheets: readonly SheetRows[], year: number): SampleFile[] {
  const files: SampleFile[] = [];
  for (const d of departments()) {
    const mine = sheets.filter((s) => s.sheet.department === d.name);
    const parts = [...new Set(mine.map((s) => s.part))];
    for (const part of parts) {
      files.push({ file: part ? `${d.name}_${part}_${year}.xlsx` : `${d.name}_${year}.xlsx`, department: d.name, sheets: mine.filter((s) => s.part === part) });
    }
  }
  return files;
}
