/**
 * The warehouse's tables besides the models: the raw tables (one per sheet kind,
 * `plan/raw-schema.ts`), the reference tables (towns, sheets, plan, indicators), what
 * was delivered (`load_sheets`, `load_years`) and what was rejected (`load_rejects`); and the
 * ENUM types of the lineage's columns of few fixed values (`lineageTypesDdl`).
 * Every table carries a Chinese COMMENT ON for itself and its columns.
 */
import { sqlString } from '../basics/sql.ts';
import { SHEETS, type SheetSpec } from '../plan/contract.ts';
import { rawDdl, type DuckType, type RawColumn } from '../plan/raw-schema.ts';

// ---- tables this module defines ---------------------------------------------------

export interface TableDef {
  name: string;
  comment: string;
  columns: readonly RawColumn[];
}

const c = (field: string, type: DuckType, comment: string): RawColumn => ({ field, type, comment });

export const REF_DISTRICT: TableDef = {
  name: 'ref_district',
  comment: '参考表：本区（一行）',
  columns: [c('geo_code', 'VARCHAR', '区编码'), c('geo_name', 'VARCHAR', '区名称')],
};

export const REF_TOWNS: TableDef = {
  name: 'ref_towns',
  comment: '参考表：镇街（街道和镇），按官方顺序',
  columns: [
    c('geo_code', 'VARCHAR', '镇街编码'),
    c('geo_name', 'VARCHAR', '镇街规范名称'),
    c('geo_type', 'VARCHAR', '类型：街道或镇'),
    c('sort_order', 'INTEGER', '官方排列顺序（1 起）'),
  ],
};

export const REF_SHEETS: TableDef = {
  name: 'ref_sheets',
  comment: '参考表：填报数据规范中的工作表种类',
  columns: [
    c('sheet_kind', 'VARCHAR', '工作表名称（规范名称）'),
    c('table_name', 'VARCHAR', '原始层表名'),
    c('sheet_level', 'VARCHAR', '表的粒度：district 区级 / town 镇街 / facility 设施机构 / community 社区村 / list 清单'),
    c('department', 'VARCHAR', '填报科室'),
    c('every_town', 'VARCHAR', '镇街表须覆盖的范围：all 全部镇街 / towns 仅镇；其他表为空'),
  ],
};

export const REF_PLAN: TableDef = {
  name: 'ref_plan',
  comment: '参考表：规划基本信息（一行）',
  columns: [
    c('plan_id', 'VARCHAR', '规划编号'),
    c('title', 'VARCHAR', '规划名称'),
    c('region', 'VARCHAR', '地区'),
    c('period_start', 'INTEGER', '规划期首年'),
    c('period_end', 'INTEGER', '规划期末年'),
    c('baseline_year', 'INTEGER', '基期年'),
    c('target_year', 'INTEGER', '目标年'),
  ],
};

export const REF_INDICATORS: TableDef = {
  name: 'ref_indicators',
  comment: '参考表：规划主要指标（取自规划指标表）',
  columns: [
    c('indicator_id', 'INTEGER', '指标序号'),
    c('name', 'VARCHAR', '指标名称'),
    c('unit', 'VARCHAR', '计量单位'),
    c('domain', 'VARCHAR', '领域'),
    c('subdomain', 'VARCHAR', '子领域'),
    c('metric', 'VARCHAR', '计算口径键（对应 SQL 模型 ind_<metric>）'),
    c('level', 'VARCHAR', '计算层级：D 仅全区 / DT 全区和镇街'),
    c('aggregation', 'VARCHAR', '汇总方式：ratio 比值（分子之和÷分母之和）/ sum 求和'),
    c('precision', 'INTEGER', '显示小数位数'),
    c('baseline', 'DOUBLE', '基期值（累计性指标为空）'),
    c('target', 'DOUBLE', '目标值'),
    c('target_op', 'VARCHAR', '目标比较方式：= 或 >='),
    c('is_binding', 'BOOLEAN', '是否约束性指标'),
    c('is_cumulative', 'BOOLEAN', '是否累计性指标'),
    c('is_maintain', 'BOOLEAN', '是否保持型目标（目标值等于基期值）'),
    c('plan_section', 'VARCHAR', '所属规划章节'),
    c('section_id', 'VARCHAR', '章节编号'),
    c('definition', 'VARCHAR', '计算口径说明'),
    c('source_sheets', 'VARCHAR', '数据来源表（以分号分隔）'),
    c('source_types', 'VARCHAR', '按类型填报的来源表中本指标计入的类型，如“养老服务设施=养老机构”（以分号分隔；未列出的来源表计入全部类型）'),
  ],
};

export const LOAD_YEARS: TableDef = {
  name: 'load_years',
  comment: '本次构建的填报年度（输入目录中的年度文件夹）',
  columns: [c('year', 'INTEGER', '填报年度')],
};

export const LOAD_SHEETS: TableDef = {
  name: 'load_sheets',
  comment: '装载记录：每个文件中每个工作表一行；状态为 loaded 表示该年度已报送该种工作表',
  columns: [
    c('year', 'INTEGER', '填报年度'),
    c('sheet_kind', 'VARCHAR', '识别出的规范工作表名称；跳过或无法读取时为空'),
    c('table_name', 'VARCHAR', '写入的原始层表名；未识别时为空'),
    c('source_file', 'VARCHAR', '来源文件（相对输入目录）'),
    c('source_sheet', 'VARCHAR', '来源工作表名称；整个文件被拒绝时为空'),
    c('status', 'VARCHAR', '状态：loaded 已装载 / rejected 整表被拒绝 / skipped 非规范工作表已跳过 / file_rejected 整个文件被拒绝'),
    c('rows_read', 'INTEGER', '读取的数据行数'),
    c('rows_loaded', 'INTEGER', '装载的数据行数'),
    c('rows_rejected', 'INTEGER', '被拒绝的数据行数'),
  ],
};

export const LOAD_REJECTS: TableDef = {
  name: 'load_rejects',
  comment: '拒绝清单：每处被拒绝的文件、工作表或数据行一行（与 rejects.csv 同序），附所属年度、工作表种类、镇街和已读出的单元格',
  columns: [
    c('reject_id', 'INTEGER', '拒绝序号（rejects.csv 中的第几条，从 1 起）'),
    c('year', 'INTEGER', '填报年度'),
    c('sheet_kind', 'VARCHAR', '规范工作表名称；整个文件被拒绝时为空'),
    c('scope', 'VARCHAR', '被拒绝的范围：row 数据行 / sheet 整张表 / file 整个文件'),
    c('source_file', 'VARCHAR', '来源文件（相对输入目录）'),
    c('source_sheet', 'VARCHAR', '来源工作表名称；整个文件被拒绝时为空'),
    c('source_row', 'INTEGER', 'Excel 行号；整表或整个文件被拒绝时为空'),
    c('column_name', 'VARCHAR', '有问题的列（表头原文或规范列名）'),
    c('raw_value', 'VARCHAR', '单元格原值'),
    c('rule', 'VARCHAR', '规则编号（英文）'),
    c('rule_label', 'VARCHAR', '规则名称'),
    c('message', 'VARCHAR', '中文说明（含文件、工作表、行号、列名和原值）'),
    c('geo_codes', 'VARCHAR', '被拒绝的行或表所属的镇街编码（逗号分隔；没有镇街列的表为区编码；整表无数据行时为空字符串）；读不出镇街或整个文件被拒绝时为空，表示可能属于任一镇街'),
    c('row_label', 'VARCHAR', '被拒绝行的名称（设施、社区村、站点等名称列的值）'),
    c('row_values', 'VARCHAR', '被拒绝行中已读出的单元格（JSON：英文列名 → 值，镇街为编码），用于判断这一行本可能计入哪些指标'),
  ],
};

export const LOAD_MISSING_TYPES: TableDef = {
  name: 'load_missing_types',
  comment: '往年有、本年没有的一类设施：按类型填报的工作表本年已报送，但其中没有某一类型的行（既无装载的行也无被拒绝的行），如漏交了列有该类设施的工作簿；计入该类型的指标本年记为缺失（当年有被拒绝的同类工作表或无法读取的文件时，只计缺少的类型的指标记为缺失，同时计入其他类型的按已载入的行计算并标为不完整）',
  columns: [
    c('year', 'INTEGER', '填报年度'),
    c('sheet_kind', 'VARCHAR', '规范工作表名称'),
    c('column_name', 'VARCHAR', '类型列（如“设施类型”）'),
    c('type', 'VARCHAR', '缺少的类型（如“养老机构”）'),
    c('last_year', 'INTEGER', '此前最近一次有该类型的年度'),
    c('last_rows', 'INTEGER', '该年度该类型的行数'),
  ],
};

export const LOAD_VANISHED_ROWS: TableDef = {
  name: 'load_vanished_rows',
  comment: '上年有、本年没有的镇街名录行：某镇街上年在一张名录表中（按类型填报的表按类型）有 3 行以上，本年一行也没有（既无装载的行也无被拒绝的行，当年该种表和文件都没有被整个拒绝），如漏填了这个镇街的部分，只计这些行的镇街值记为缺失，同时计入其他行的镇街值和全区的值按已载入的行计算并标为不完整；或上年运营的部分设施本年没有列出（all_gone 为否），计入它们的值标为不完整（int_vanished_sources）',
  columns: [
    c('year', 'INTEGER', '填报年度'),
    c('sheet_kind', 'VARCHAR', '规范工作表名称'),
    c('geo_code', 'VARCHAR', '镇街编码'),
    c('type', 'VARCHAR', '没有了的类型（如“养老服务驿站”）；不按类型填报的表为空'),
    c('last_year', 'INTEGER', '上一年度'),
    c('last_rows', 'INTEGER', '上一年度这些行的行数'),
    c('town_rows_left', 'BOOLEAN', '该镇街本年在这种表中是否还有其他行（已载入或被拒绝）'),
    c('all_gone', 'BOOLEAN', '该镇街这一类的行是否全都没有了（否：只是上年运营的部分设施本年没有列出，其余照常列出，计入它们的值标为不完整而不缺失）'),
  ],
};

export const LOAD_WARNINGS: TableDef = {
  name: 'load_warnings',
  comment: '警告清单：每处警告一行（与 warnings.csv 同序）：照常载入、但需要科室核实的数据（变化超过一半、合计行与各行之和不符、缺少的镇街、指标所需的数值未填等），附所属年度和工作表种类；警告不使数值不完整（未填的数值、缺少的镇街除外，见 indicator_lineage），按填报数计算的数值可在这里查到需要核实的原因',
  columns: [
    c('warning_id', 'INTEGER', '警告序号（warnings.csv 中的第几条，从 1 起）'),
    c('year', 'INTEGER', '填报年度；不在年度文件夹中的文件为空'),
    c('sheet_kind', 'VARCHAR', '规范工作表名称；不涉及某一工作表时为空'),
    c('source_file', 'VARCHAR', '来源文件（相对输入目录）或年度文件夹'),
    c('source_sheet', 'VARCHAR', '来源工作表名称'),
    c('source_row', 'INTEGER', 'Excel 行号；整表或整个文件的警告为空'),
    c('column_name', 'VARCHAR', '有关的列'),
    c('raw_value', 'VARCHAR', '有关的值（单元格原值、镇街名称、类型等）'),
    c('rule', 'VARCHAR', '规则编号（英文）'),
    c('rule_label', 'VARCHAR', '规则名称'),
    c('message', 'VARCHAR', '中文说明（与 warnings.csv 相同）'),
  ],
};

/** Tables created besides the raw ones, in creation order. */
export const WAREHOUSE_TABLES: readonly TableDef[] = [REF_DISTRICT, REF_TOWNS, REF_SHEETS, REF_PLAN, REF_INDICATORS, LOAD_YEARS, LOAD_SHEETS, LOAD_REJECTS, LOAD_MISSING_TYPES, LOAD_VANISHED_ROWS, LOAD_WARNINGS];


function tableDdl(t: TableDef): string {
  return [
    `create table ${t.name} (\n  ${t.columns.map((col) => `${col.field} ${col.type}`).join(',\n  ')}\n);`,
    `comment on table ${t.name} is ${sqlString(t.comment)};`,
    ...t.columns.map((col) => `comment on column ${t.name}.${col.field} is ${sqlString(col.comment)};`),
  ].join('\n');
}

/**
 * ENUM types of the lineage's columns that take a few known values (`indicator_lineage.sql`
 * casts them): the metrics, places, sheet kinds and columns of the plan and contract, roles,
 * row statuses and reject scopes. The lineage is three times the input's rows (3.76 M at
 * 100×), and these texts in every row were most of the cost of making it: as ENUMs (one or
 * two bytes a row) it was made in 6.0–6.8 s instead of 8.3–9.2 s (two alternating pairs).
 * Each type's values are sorted as its texts sort, so the table is in the same order as with
 * text columns, and compared with a text an ENUM reads as its text (`where metric =
 * 'relief_beds'`, a join on geo_code with ref_towns). Made from the reference tables: run
 * after they are written.
 */
export function lineageTypesDdl(sheets: readonly SheetSpec[] = SHEETS): string {
  const columns = [...new Set(sheets.flatMap((s) => s.columns.map((col) => col.name)))];
  const values = (texts: readonly string[]) => `select unnest([${texts.map(sqlString).join(', ')}]) as v order by v`;
  return [
    `create type lineage_metric as enum (select distinct metric from ref_indicators order by metric);`,
    `create type lineage_geo_code as enum (select geo_code from ref_district union select geo_code from ref_towns order by geo_code);`,
    `create type lineage_role as enum (${values(['numerator', 'denominator'])});`,
    `create type lineage_row_status as enum (${values(['loaded', 'absent', 'rejected'])});`,
    `create type lineage_sheet_kind as enum (select sheet_kind from ref_sheets order by sheet_kind);`,
    `create type lineage_column_name as enum (${values(columns)});`,
    `create type lineage_reject_scope as enum (${values(['row', 'sheet', 'file'])});`,
  ].join('\n');
}

/**
 * ENUM types of the lineage's source file and sheet names, made from what was read: every
 * name in the raw tables and in the rejected sources, sorted as texts sort. Like the types
 * above, they keep the lineage's 3.76 M rows (100×) from carrying a text each in every step:
 * the rows are materialised once and read twice, then sorted. As ENUMs, cast where the
 * rows are gathered, its making went from 9.4–9.8 s to 6.0–7.1 s (three alternating runs
 * of the model alone at 100×, the same rows in the same order). Made after loading, before
 * the lineage; made again each time the models run (the lineage table is dropped first, as
 * it uses them).
 */
export function lineageSourceTypesDdl(sheets: readonly SheetSpec[] = SHEETS): string {
  // with the empty text, which no name is, so that a type has a value when nothing was read
  const names = (col: 'source_file' | 'source_sheet') =>
    `select distinct ${col} from (${[`select '' as ${col}`, ...sheets.map((s) => `select ${col} from raw_${s.table}`), `select ${col} from int_rejected_sources`].join(' union all ')}) where ${col} is not null order by ${col}`;
  return [
    'drop table if exists indicator_lineage;',
    'drop type if exists lineage_source_file;',
    'drop type if exists lineage_source_sheet;',
    `create type lineage_source_file as enum (${names('source_file')});`,
    `create type lineage_source_sheet as enum (${names('source_sheet')});`,
  ].join('\n');
}

/** CREATE TABLE and COMMENT ON statements of the whole warehouse (raw, reference, load tables). */
export function warehouseDdl(sheets: readonly SheetSpec[] = SHEETS): string {
  return [rawDdl(sheets), ...WAREHOUSE_TABLES.map(tableDdl)].join('\n');
}
