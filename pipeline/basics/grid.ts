/**
 * What the xlsx reader hands to the loader: each sheet as a grid of cached cell values.
 * `workbook.ts` produces it (and knows xlsx); the sheet parser consumes it (and knows the
 * contract). Neither knows DuckDB.
 */

/** A cell's cached value: text, number, boolean, or null for an empty cell. */
export type CellValue = string | number | boolean | null;

/**
 * What a number cell holds when its format shows it scaled down (`#,##0,` shows 8000 as 8,
 * `0.0,"万"` shows 100000 as 100.0万): the stored number and this suffix, so that the number
 * parser rejects it with a message, never reading a figure 1,000 or 10,000 times what the
 * sheet shows (the fourth workbook attack), and a person decides which was meant.
 */
export const SCALED_DISPLAY = '（单元格格式缩小显示）';
/** Marks a number whose format shows it not at all, as text only (`;;;`, `"—"`), or with digits of its own (`0"000"`), or by a section a condition picks that shows it otherwise (`[<0]0;"—"`): what Excel shows differs from what is stored. */
export const HIDDEN_DISPLAY = '（单元格格式不显示数值）';
/** Put after a 0 of a sheet set not to show zeros (`showZeros="0"`): it shows blank, which the number parser refuses. */
export const ZERO_UNSHOWN = '（工作表设置为不显示零值）';
/** Put after a number a conditional format may show otherwise (another number format, or in white): the number parser refuses it. */
export const CONDITIONAL_DISPLAY = '（条件格式可能改变显示）';
/** The combining long stroke overlay after each character of a struck-through run (4̶0̶): the reader marks what shows struck, the parser refuses it as a figure. */
export const STRIKE = '\u0336';
/**
 * Put around a rich-text run that shows white (on a sheet's white): text a reader does not see
 * (a white 1 before 40 had loaded 140: the tenth workbook attack). U+2063, an invisible mark that
 * names drop (removeSpaces); the number parser refuses a figure holding it.
 */
export const UNSEEN = '\u2063';

/** A text without the UNSEEN marks (what is stored, unseen parts included). */
export function withoutUnseen(s: string): string {
  return s.includes(UNSEEN) ? s.split(UNSEEN).join('') : s;
}

/** A merged range, 0-based and inclusive. */
export interface MergeRange {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export interface SheetGrid {
  /** Sheet name as it appears on the tab. */
  name: string;
  /**
   * rows[r][c], 0-based: Excel row = r + 1, column A = 0. Rows may be ragged, and sparse
   * (cells far apart leave holes: memory follows the cells present, not the columns
   * spanned); a missing entry (null, undefined or a hole) is an empty cell: visit the
   * cells of a row with `presentColumns`. Values of a merged range sit only in its
   * top-left cell (as in the file); the loader decides how a merge applies.
   */
  rows: CellValue[][];
  merges: MergeRange[];
  /** Formula cells without a cached value, 0-based `{r, c}`: their value is unknown. */
  uncachedFormulas: { r: number; c: number }[];
  /** The tab is hidden in Excel (`hidden` or `veryHidden`): its messages say so, or the user would not find it. */
  hidden?: boolean;
  /** Rows hidden in Excel (hidden by hand, by a filter or a collapsed outline), 0-based, ascending; absent when none. */
  hiddenRows?: number[];
  /** Column ranges hidden in Excel, 0-based and inclusive; absent when none. */
  hiddenColumns?: { c1: number; c2: number }[];
  /**
   * Formula cells with a saved result, in a workbook that asks Excel to recalculate it when
   * opened (`fullCalcOnLoad`, as programs other than Excel write it): the result read may not
   * be what Excel shows. 0-based; absent when none (or the workbook does not ask).
   */
  staleFormulas?: { r: number; c: number }[];
  /** Set when the sheet was not read because it exceeds the reader's limits: why, in Chinese. */
  tooLarge?: string;
  /** Set when the tab is no worksheet (a macro, dialog or chart sheet), which is not read: what it is, in Chinese. */
  notWorksheet?: string;
}

/** The columns of a row that hold a value, ascending; cheap for a sparse row. */
export function presentColumns(row: readonly CellValue[] | undefined): number[] {
  const out: number[] = [];
  if (!row) return out;
  if (row.length <= 256) {
    for (let c = 0; c < row.length; c++) if (row[c] !== null && row[c] !== undefined) out.push(c);
    return out;
  }
  // Own keys of an array are its present indices, in ascending order.
  for (const k of Object.keys(row)) {
    const c = Number(k);
    if (row[c] !== null && row[c] !== undefined) out.push(c);
  }
  return out;
}

export interface WorkbookGrid {
  file: string;
  sheets: SheetGrid[];
}

/** Excel column letters for a 0-based column index: 0 → A, 27 → AB. */
export function columnLetter(c: number): string {
  let s = '';
  let n = c + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
