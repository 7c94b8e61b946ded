/**
 * The data dictionary: every column of `indicator_values` and of every published input
 * table, with its type as stored, its Chinese name and meaning, and English. Input
 * columns are explained from the contract (contract.ts) and the provenance columns
 * (raw-schema.ts); a column neither knows stops the build rather than going unexplained.
 */
import type { ColumnSpec, SheetSpec } from '../plan/contract.ts';
import { INDICATOR_VALUE_COLUMNS } from '../evaluate/indicator-values.ts';
import { PROVENANCE } from '../plan/raw-schema.ts';
import type { LoadReportRow } from '../ingest/records.ts';
import { RULE_LABELS } from '../ingest/ledger.ts';

export interface DictionaryEntry {
  /** Column name in the Parquet files and the warehouse (English, snake_case). */
  name: string;
  /** Column header in the CSV and Excel downloads (Chinese). */
  label: string;
  /** Type as stored (DuckDB/Parquet). */
  type: string;
  /** Chinese name and meaning. */
  zh: string;
  /** English meaning. */
  en: string;
}

const PROVENANCE_EN: Record<string, string> = {
  year: 'Reporting year (from the name of the input folder)',
  source_file: 'Source workbook, relative to the input folder',
  source_sheet: 'Name of the source sheet',
  source_row: 'Row number in the source sheet, as Excel shows it',
};

/**
 * Short Chinese headers of the indicator_values columns for the CSV and Excel downloads.
 * A column not listed here (a later addition) gets the head of its comment.
 */
const INDICATOR_VALUE_LABELS: Readonly<Record<string, string>> = {
  year: '年度',
  geo_code: '地区编码',
  geo_name: '地区名称',
  geo_level: '地区层级',
  indicator_id: '指标序号',
  indicator_name: '指标名称',
  unit: '单位',
  value: '指标值',
  numerator: '分子',
  denominator: '分母',
  baseline: '基期值',
  target: '目标值',
  target_op: '目标要求',
  is_binding: '是否约束性指标',
  time_progress: '时序进度',
  completion_progress: '完成进度',
  ratio_to_time: '进度比',
  status: '进度评价',
  is_early_completion: '是否提前完成',
  is_binding_warning: '约束性指标预警',
  is_binding_data_warning: '约束性指标缺数据预警',
  verdict: '期末结论',
  outlook: '目标年预判',
  projected_value: '目标年推算值',
  benchmark: '对照全区目标',
  rank: '镇街位次',
  rank_of: '参与排序的镇街数',
  rank_shared: '并列同一位次的镇街数',
  share_of_district: '占全区比重',
  change_on_last_year: '较上年变化',
  is_complete: '数据是否齐全',
  is_comparison_complete: '比较所依据的数值是否齐全',
};

/** The head of a Chinese comment, as a header: `指标值（未修约；…）` → `指标值`. */
function commentHead(comment: string): string {
  return comment.split(/[（(：:；;，,\s]/, 1)[0] || comment;
}

export function indicatorValueDictionary(): DictionaryEntry[] {
  return INDICATOR_VALUE_COLUMNS.map((c) => ({ name: c.name, label: INDICATOR_VALUE_LABELS[c.name] ?? commentHead(c.comment), type: c.type, zh: c.comment, en: c.en }));
}

/** Chinese headers of the ledgers published on the method page (load report, warnings, rejects). */
const LEDGER_LABELS: Readonly<Record<string, string>> = {
  year: '年度',
  file: '文件',
  sheet: '工作表',
  sheet_kind: '识别为',
  status: '结果',
  header_row: '表头行号',
  rows_read: '读取行数',
  rows_loaded: '载入行数',
  rows_rejected: '拒绝行数',
  extra_columns: '规范以外的列',
  row: '行号',
  column: '列',
  value: '原值',
  rule: '问题类型',
  scope: '范围',
  message: '说明',
  affected: '影响的指标值和重点任务',
};

/**
 * What the codes of the ledgers and of indicator_values read as where people read them (the
 * Chinese-header downloads, the method page); the Parquet files, the warehouse and the SQL
 * page keep the codes. A download had shown district, loaded and blank_value to the office.
 */
export const LOAD_STATUS_LABELS: Readonly<Record<LoadReportRow['status'], string>> = {
  loaded: '已载入',
  rejected: '工作表被拒绝',
  skipped: '跳过（非数据表）',
  file_rejected: '整个文件被拒绝',
};

const CODE_LABELS: Readonly<Record<'ledger' | 'values', Readonly<Record<string, Readonly<Record<string, string>>>>>> = {
  ledger: { status: LOAD_STATUS_LABELS, rule: RULE_LABELS, scope: { row: '数据行', sheet: '整张表', file: '整个文件' } },
  values: { geo_level: { district: '全区', town: '镇街' } },
};

/** The words for the codes of column `name` of a ledger or of indicator_values; undefined for a column without codes. */
export function codeLabels(table: 'ledger' | 'values', name: string): Readonly<Record<string, string>> | undefined {
  return CODE_LABELS[table][name];
}

/** A ledger column's Chinese header (its own name when there is none). */
export function ledgerLabel(name: string): string {
  return LEDGER_LABELS[name] ?? name;
}

/** `resident_population` → `resident population`. */
function words(field: string): string {
  return field.replace(/_/g, ' ');
}

function contractColumn(sheet: SheetSpec, name: string): ColumnSpec | undefined {
  if (name === 'geo_code') return sheet.columns.find((c) => c.type === 'town');
  return sheet.columns.find((c) => c.field === name) ?? sheet.columns.find((c) => name.endsWith(`_${c.field}`));
}

/** Entries for the columns of one published input table, in the table's order. */
/**
 * The columns of lineage.parquet (the warehouse's indicator_lineage), each with the Chinese
 * comment the model gives it (`comment on column indicator_lineage.…` in its SQL file) and the
 * header the per-indicator downloads give it (`labels`). A column without a comment stops the
 * build, as an input column would. (The analyst review: the data page explained every file but
 * this one, and the rule that a district value is made of all the rows was in README only.)
 */
export function lineageDictionary(sql: string, columns: readonly { name: string; type: string }[], labels: ReadonlyMap<string, string>): DictionaryEntry[] {
  const comments = new Map([...sql.matchAll(/^comment on column indicator_lineage\.(\w+) is '((?:[^']|'')*)';$/gm)].map((m) => [m[1]!, m[2]!.replace(/''/g, "'")]));
  return columns.map(({ name, type }) => {
    const zh = comments.get(name);
    if (zh === undefined) throw new Error(`数据来源表的列 ${name} 没有说明（indicator_lineage.sql 中的 comment on column）`);
    return { name, label: labels.get(name) ?? commentHead(zh), type, zh, en: words(name) };
  });
}

export function inputTableDictionary(sheet: SheetSpec, columns: readonly { name: string; type: string }[]): DictionaryEntry[] {
  return columns.map(({ name, type }) => {
    const prov = PROVENANCE.find((p) => p.field === name);
    if (prov) return { name, label: commentHead(prov.comment), type, zh: prov.comment, en: PROVENANCE_EN[name] ?? words(name) };
    const c = contractColumn(sheet, name);
    if (!c) throw new Error(`数据字典：表 stg_${sheet.table} 的列 ${name} 在《填报数据规范》中找不到对应的列`);
    if (name === 'geo_code') return { name, label: `${c.name}编码`, type, zh: `${c.name}的编码（见本页“镇街编码”表）`, en: 'Code of the town or street (see the table of town codes)' };
    const unit = c.unit ? `（${c.unit}）` : '';
    const values = c.values ? `；取值：${c.values.join('、')}` : '';
    // The header the department writes in its workbook: name and unit.
    return { name, label: `${c.name}${unit}`, type, zh: `${c.name}${unit}：${c.note}${values}`, en: `${words(c.field)}${c.unit ? ` (${c.unit})` : ''}` };
  });
}
