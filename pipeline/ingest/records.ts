/** Records passed between the loader stages and written to the load report and ledgers. */
import type { RawValue } from '../plan/raw-schema.ts';

/** One data row accepted by validation, ready for its raw table. */
export interface LoadedRow {
  year: number;
  /** Path relative to the input folder, e.g. `2023/养老服务科_2023.xlsx`. */
  sourceFile: string;
  sourceSheet: string;
  /** Excel row number (1-based, as Excel shows it). */
  sourceRow: number;
  /** Contract field → typed value (null = missing). Town columns hold the town code. */
  values: Record<string, RawValue>;
  /** Extra columns of the sheet: header text → cell text. Null when the sheet has none. */
  extras: Record<string, string> | null;
}

/** Rule ids of the rejects ledger and warnings (contract §4). */
export type RuleId =
  | 'not_xlsx'
  | 'encrypted'
  | 'corrupt'
  | 'zip_bomb'
  | 'missing_column'
  /** A contract column appears twice in the header: which one holds the data is unclear. */
  | 'duplicate_column'
  | 'year_mismatch'
  | 'unknown_town'
  | 'unknown_community'
  | 'not_a_number'
  | 'negative'
  /** One figure of a row above another it is part of (其中 > 总数, 已集中供养 > 有需求). */
  | 'impossible_value'
  /** A column filled that must be empty given another (撤销年份 of a community that exists). */
  | 'should_be_empty'
  /** A year after the reporting year (a community revoked next year). */
  | 'year_after_report'
  /** A year outside 1949–2100. */
  | 'invalid_year'
  /** A fixed row of 区级统计指标 in a unit other than its own. */
  | 'fixed_row_unit'
  | 'percent_range'
  | 'enum_value'
  | 'required_value'
  | 'duplicate_key'
  | 'formula_without_value'
  /** A formula whose result is an error (#N/A, #REF!) in a column of names, options or towns. */
  | 'formula_error'
  /** A direction override or a control character in a name or a note. */
  | 'hidden_characters'
  /** Text struck through (a run, or the cell's font): crossed out, or corrected in place. */
  | 'struck_through'
  | 'town_missing'
  | 'total_mismatch'
  | 'large_change'
  | 'fixed_row_missing'
  /** Content after the blank row that ended the data that does not look like a row of data: said, not read. */
  | 'ignored_rows'
  /** A row that looks like data after the blank row that ended the data: rejected. */
  | 'after_blank_row'
  /** A header naming a unit other than the contract's for a number column: the sheet is rejected. */
  | 'unit_mismatch'
  /** A list sheet with its header and no data row (a blank template sent back?). */
  | 'no_data_rows'
  /** A list sheet that had rows last year and is not there this year (renamed, left out?). */
  | 'sheet_missing'
  | 'zero_count'
  | 'outsized_new_row'
  | 'type_missing'
  /** Communities of last year's 社区村名录 that this year's does not list (revoked ones deleted, not marked 撤销?). */
  | 'communities_dropped'
  /** A community last year's 社区村名录 gave as 撤销 and this year's as 存续. */
  | 'community_revived'
  /** A station's community that this year's 社区村名录 gives as revoked before the year. */
  | 'revoked_community'
  /** A plain number between 0 and 1 in a per-cent column (0.55 for 55 %?). */
  | 'percent_fraction'
  /** A file or folder of the input that is not read (not a workbook, not in a year folder…). */
  | 'not_read'
  /** A workbook in the folder of a year outside the plan. */
  | 'year_outside_plan'
  /** A workbook in a second folder of a year (2023/ and 2023年/): which one is meant is unknown. */
  | 'year_folder_twice'
  /** A file that cannot be opened (a link to nothing, no permission). */
  | 'unreadable'
  /** A sheet beyond the reader's limits (cells present). */
  | 'too_large'
  /** A tab under a contract sheet's name that is no worksheet (an Excel 4.0 macro sheet, a dialog or chart sheet). */
  | 'not_worksheet'
  /** A tab under another name whose header is a contract sheet's (Sheet1 holding 养老服务设施). */
  | 'sheet_name'
  /** A row of the data whose name is a subtotal's label (兴丰街道小计). */
  | 'subtotal_in_data'
  /** A number column whose header's brackets say it holds other figures (another year, a plan, a part). */
  | 'column_qualifier'
  /** A task whose 进展状态 and 完成进度 disagree (已完成 at 55 %). */
  | 'task_state_progress'
  /** A contract sheet hidden in Excel, read as any other. */
  | 'hidden_sheet'
  /** Data rows hidden in Excel (by hand, a filter, an outline), read as any other. */
  | 'hidden_rows'
  /** A contract column hidden in Excel, read as any other. */
  | 'hidden_column'
  /** Formula results saved in a workbook that asks to be recalculated on opening: read as saved. */
  | 'stale_formula'
  /** A cell longer than Excel allows (32,767 characters). */
  | 'too_long'
  /** A file with more problems than are listed one by one. */
  | 'too_many_problems'
  /** A row that looks like data after the 合计 or note row that closed the data. */
  | 'after_closing_row'
  /** A row that looks like data above the header (a row added over it, a sort that took the header along). */
  | 'above_header'
  /** A tab the contract does not know, without a header, holding rows of a contract sheet (a continuation). */
  | 'stray_rows'
  /** A row under a second header whose columns are in another order. */
  | 'after_reordered_header'
  /** A community whose revocation year differs from last year's roster, or is back-dated into a year whose roster gave it as 存续. */
  | 'revocation_changed'
  /** A town that had rows in a list sheet last year and has none this year. */
  | 'town_rows_missing'
  | 'task_reopened'
  | 'task_dropped'
  | 'trust_dropped'
  | 'facility_dropped'
  /** A sheet of one row per town whose every number is last year's: last year's table sent again. */
  | 'same_as_last_year'
  /** The same name under two towns in one list sheet of a year. */
  | 'same_name_two_towns'
  /** A 合计 row within the data taken for a subtotal (its part's sums; a final total of all). */
  | 'subtotal_row'
  /** A row within the data that repeats the header (a table printed over pages): not read. */
  | 'repeated_header'
  /** A merge over a number column: its cells other than the merge's first read as missing. */
  | 'merged_number'
  /** A number beyond what the column can hold (`MAX_NUMBER`). */
  | 'out_of_range'
  /** A key task's 规划章节 that names no chapter of the plan. */
  | 'unknown_section'
  /** An empty cell a loaded row counts in an indicator with (warehouse/blank-cells.ts: said once the models ran). */
  | 'blank_value';

/** A rejected file, sheet or row: nothing read is dropped silently. */
export interface Reject {
  file: string;
  /** Empty when the whole file is rejected. */
  sheet: string;
  /** Excel row; null when a whole file or sheet is rejected. */
  row: number | null;
  /** Column header as found in the sheet (or the contract name); empty when not about one column. */
  column: string;
  /** The raw cell text. */
  value: string;
  rule: RuleId;
  /** `file` | `sheet` | `row`: what was rejected. */
  scope: 'file' | 'sheet' | 'row';
  /** Chinese message naming file, sheet, row, column and value. */
  message: string;
  /**
   * A rejected row: the cells that did parse (contract field → value; town columns hold the
   * town code), so the warehouse can tell which figures the lost row could have changed.
   */
  values?: Record<string, RawValue>;
  /**
   * A rejected sheet: the town codes its town column names, when every data row's town could
   * be read; absent when the sheet has no town column or a town cannot be read.
   */
  towns?: string[];
}

export interface Warning {
  file: string;
  sheet: string;
  row: number | null;
  column: string;
  value: string;
  rule: RuleId;
  message: string;
  /** For town_missing and town_rows_missing: the sheet kind and town code, so indicators can be marked. */
  sheetKind?: string;
  townCode?: string;
  /** For town_rows_missing: the rows gone, recorded in the warehouse (`load_vanished_rows`) to mark the values that count them. */
  vanished?: VanishedRows;
  /** For large_change: last year's value of the same cell (the year before the row's), for the reports to say both. */
  previous?: number;
  /** For outsized_new_row: the largest value of the same column last year, for the reports to say. */
  largestBefore?: number;
  /** For large_change and outsized_new_row weighed against an earlier year than the last (the last without the sheet): that year. */
  previousYear?: number;
  /** For total_mismatch where no cell of the column was rejected: the 合计 row's number and the data rows' sum, for the reports to weigh a verdict at the total. */
  total?: number;
  rowsSum?: number;
}

/**
 * A town's rows of a register (of one type, for a register kept by type) listed last year and
 * neither loaded nor rejected this year: rows lost, not facilities gone (a closed one stays
 * listed as 停用). What counts them is computed without them, marked incomplete; what the town
 * has of them is unknown, so a value of the town that counts only them is missing.
 */
export interface VanishedRows {
  year: number;
  /** The type gone (养老服务驿站); null for a register not kept by type. */
  type: string | null;
  lastYear: number;
  lastRows: number;
  /** Whether the town has other rows of the sheet kind this year (loaded or rejected). */
  townRowsLeft: boolean;
  /**
   * Whether every row of the town (of the type) is gone (town_rows_missing), or only some that
   * were operating (facility_dropped: the rest still listed, so nothing is missing, the values
   * are incomplete).
   */
  allGone: boolean;
  /** For facility_dropped: the names of the facilities gone, as last year's list wrote them. */
  names?: string[];
}

/** Per file and sheet: rows read = rows loaded + rows rejected. */
export interface LoadReportRow {
  /** Null for a file or folder at the top of the input folder, in no year. */
  year: number | null;
  file: string;
  /** Empty for a file rejected as a whole, and for a file or folder not read. */
  sheet: string;
  /** Contract sheet name the sheet was recognised as; empty when skipped or unreadable. */
  sheetKind: string;
  /** `skipped`: a sheet outside the contract, or a file or folder that is not read. */
  status: 'loaded' | 'rejected' | 'skipped' | 'file_rejected';
  /** Excel row of the header; null when not found. */
  headerRow: number | null;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** Extra (non-contract) columns found, joined with `、`. */
  extraColumns: string;
}

/** One computed indicator value before evaluation (one row per year × geography × indicator). */
export interface IndicatorBase {
  year: number;
  geoCode: string;
  geoLevel: 'district' | 'town';
  indicatorId: number;
  /** Unrounded; null when missing. */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** False when an input the value needs is missing (then value is null). */
  isComplete: boolean;
  /** multiplier ÷ divisor of the metric: value = numerator × scale (÷ denominator for a ratio). */
  scale?: number | null;
}
