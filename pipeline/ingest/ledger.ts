/**
 * The rejects ledger, the warnings and the load report: as CSV for `out/data/`, and as
 * the grouped listing the terminal shows before a build stops.
 */
import { toCsv } from '../basics/csv.ts';
import { terminalText } from '../basics/log.ts';
import { recognizeSheet } from './parse-sheet.ts';
import type { LoadReportRow, Reject, Warning } from './records.ts';

export const RULE_LABELS: Record<string, string> = {
  not_xlsx: '不是Excel工作簿',
  encrypted: '文件已加密',
  corrupt: '文件已损坏',
  zip_bomb: '文件结构异常',
  missing_column: '缺少必填列',
  year_mismatch: '标题年度与报送年度不符',
  unknown_town: '未知镇街',
  unknown_community: '社区村不在当年名录中',
  not_a_number: '不是数值',
  negative: '负数',
  impossible_value: '数值关系不可能',
  should_be_empty: '应留空的项已填写',
  year_after_report: '年份晚于填报年度',
  invalid_year: '不是有效年份',
  fixed_row_unit: '指标行的单位不符',
  percent_range: '百分比超出 0—100',
  enum_value: '不是规定的选项',
  required_value: '必填项为空',
  duplicate_key: '同一年度重复填报',
  formula_without_value: '公式没有计算结果',
  formula_error: '公式的结果是错误值',
  hidden_characters: '含不可见的控制字符',
  struck_through: '有删除线（划掉）的内容',
  town_missing: '缺少镇街',
  total_mismatch: '合计行与各行之和不符',
  large_change: '与上年相比变化超过一半',
  fixed_row_missing: '缺少规定的指标行',
  duplicate_column: '表头列名重复',
  ignored_rows: '空行后的内容未读取',
  after_blank_row: '空行之后的数据',
  unit_mismatch: '表头单位与规定不符',
  no_data_rows: '只有表头、没有数据行',
  sheet_missing: '上年有、本年没有读到的工作表',
  zero_count: '不应为 0 的数',
  outsized_new_row: '新增行的数值远大于上年各行',
  type_missing: '往年有、本年没有的一类设施',
  communities_dropped: '上年名录中有、本年名录中没有的社区（村）',
  community_revived: '上年已撤销、本年为存续的社区（村）',
  revoked_community: '站点所在社区（村）在名录中已撤销',
  percent_fraction: '百分比列中 0 到 1 之间的数',
  not_read: '未读取的文件或文件夹',
  year_outside_plan: '年度不在规划期内',
  year_folder_twice: '同一年度有两个文件夹',
  unreadable: '文件无法读取',
  too_large: '超过读取上限',
  not_worksheet: '不是普通工作表',
  sheet_name: '工作表名称不是规定的名称',
  subtotal_in_data: '数据中间的小计行',
  column_qualifier: '表头注明不是本年实际数',
  task_state_progress: '进展状态与完成进度不一致',
  hidden_sheet: '隐藏的工作表',
  hidden_rows: '隐藏的数据行',
  hidden_column: '隐藏的列',
  stale_formula: '可能未更新的公式结果',
  too_long: '单元格内容超长',
  too_many_problems: '文件中的问题过多',
  after_closing_row: '合计或说明行之后的数据',
  above_header: '表头之上的数据',
  stray_rows: '规定工作表之外的数据行',
  after_reordered_header: '列顺序不同的表头之后的数据',
  revocation_changed: '撤销年份与上年名录不一致',
  town_rows_missing: '上年有、本年一个也没有列出的一类设施或站点',
  task_reopened: '上年已完成、本年未完成的任务',
  task_dropped: '上年台账中有、本年没有的任务',
  trust_dropped: '上年存续、本年没有列出的慈善信托',
  facility_dropped: '上年运营、本年没有列出的设施',
  same_as_last_year: '全部数值与上年相同',
  same_name_two_towns: '同一名称出现在两个镇街',
  subtotal_row: '按小计处理的合计行',
  repeated_header: '重复的表头行',
  merged_number: '数值列的合并单元格',
  out_of_range: '数值超出范围',
  unknown_section: '规划中没有的章节',
  blank_value: '指标所需的数值未填',
};

/**
 * The rejects ledger as CSV, one row per reject in ledger order. `affected[i]`: what the
 * i-th reject made incomplete or missing (the `affected` column; empty when not given).
 */
export function rejectsCsv(rejects: readonly Reject[], affected: readonly string[] = []): string {
  return toCsv(
    ['file', 'sheet', 'row', 'column', 'value', 'rule', 'scope', 'message', 'affected'],
    rejects.map((r, i) => ({
      file: r.file, sheet: r.sheet, row: r.row ?? null, column: r.column, value: r.value, rule: r.rule, scope: r.scope, message: r.message,
      affected: affected[i] ?? '',
    })),
  );
}

export function warningsCsv(warnings: readonly Warning[]): string {
  return toCsv(
    ['file', 'sheet', 'row', 'column', 'value', 'rule', 'message'],
    warnings.map((w) => ({ file: w.file, sheet: w.sheet, row: w.row ?? null, column: w.column, value: w.value, rule: w.rule, message: w.message })),
  );
}

export function loadReportCsv(rows: readonly LoadReportRow[]): string {
  return toCsv(
    ['year', 'file', 'sheet', 'sheet_kind', 'status', 'header_row', 'rows_read', 'rows_loaded', 'rows_rejected', 'extra_columns'],
    rows.map((r) => ({
      year: r.year, file: r.file, sheet: r.sheet, sheet_kind: r.sheetKind, status: r.status, header_row: r.headerRow,
      rows_read: r.rowsRead, rows_loaded: r.rowsLoaded, rows_rejected: r.rowsRejected, extra_columns: r.extraColumns,
    })),
  );
}

/**
 * Every problem at once, grouped by file, in a stable order: what the terminal shows.
 * Written through `write` in pieces of about 64 KB, so that a listing of hundreds of
 * thousands of problems is never one string. `more`: a second listing after the first (the empty
 * cells an indicator needs, known once the models ran), whose headings say 另有 rather than give a
 * file's counts a second time, at odds with the first (1 处警告 above, 2 处警告 below).
 */
export function writeProblems(rejects: readonly Reject[], warnings: readonly Warning[], write: (text: string) => void, more = false): void {
  const files = new Map<string, { rejects: Reject[]; warnings: Warning[] }>();
  const group = (f: string) => {
    let g = files.get(f);
    if (!g) files.set(f, (g = { rejects: [], warnings: [] }));
    return g;
  };
  for (const r of rejects) group(r.file).rejects.push(r);
  for (const w of warnings) group(w.file).warnings.push(w);
  const byRow = (a: { sheet: string; row: number | null }, b: { sheet: string; row: number | null }) =>
    a.sheet < b.sheet ? -1 : a.sheet > b.sheet ? 1 : (a.row ?? 0) - (b.row ?? 0);
  let buffer = '';
  let first = true;
  const line = (text: string) => {
    const s = terminalText(text);
    buffer += first ? s : `\n${s}`;
    first = false;
    if (buffer.length > 32 * 1024) {
      write(buffer);
      buffer = '';
    }
  };
  for (const f of [...files.keys()].sort()) {
    const g = files.get(f)!;
    line(`【${f || '（输入目录）'}】 ${more ? '另有 ' : `${g.rejects.length} 处拒绝，`}${g.warnings.length} 处警告${more ? '（指标需要的值未填）' : ''}`);
    for (const r of g.rejects.sort(byRow)) line(`  ✗ [${RULE_LABELS[r.rule] ?? r.rule}] ${r.message}`);
    for (const w of g.warnings.sort(byRow)) line(`  ! [${RULE_LABELS[w.rule] ?? w.rule}] ${w.message}`);
  }
  if (buffer) write(buffer);
}

/** `writeProblems` to the terminal (stderr) and a blank line after; nothing when there is nothing to list. */
export function printProblems(rejects: readonly Reject[], warnings: readonly Warning[], more = false): void {
  if (rejects.length === 0 && warnings.length === 0) return;
  writeProblems(rejects, warnings, (t) => process.stderr.write(t), more);
  process.stderr.write('\n');
}

/** The listing of `writeProblems` as one string (for a few problems: tests, short outputs). */
export function problemsByFile(rejects: readonly Reject[], warnings: readonly Warning[], more = false): string {
  const parts: string[] = [];
  writeProblems(rejects, warnings, (t) => parts.push(t), more);
  return parts.join('');
}

/**
 * Where a reject sits, as the load report says: the year of its file (its folder's when the
 * report has no row for it) and, for a rejected row or sheet, its contract sheet (the report's
 * kind for that sheet, else the sheet's name recognised); no sheet for a whole file.
 */
export function rejectPlaces(report: readonly LoadReportRow[]): (r: Reject) => { year: number | undefined; kind: string | undefined } {
  const bySheet = new Map(report.map((r) => [`${r.file}\u0001${r.sheet}`, r]));
  const byFile = new Map(report.map((r) => [r.file, r]));
  return (r) => {
    const rep = bySheet.get(`${r.file}\u0001${r.sheet}`) ?? byFile.get(r.file);
    const year = rep?.year ?? (/^(\d{4})\//.exec(r.file) ? Number(r.file.slice(0, 4)) : undefined);
    const kind = r.scope === 'file' ? undefined : (rep?.sheet === r.sheet && rep.sheetKind ? rep.sheetKind : recognizeSheet(r.sheet)?.name);
    return { year, kind };
  };
}
