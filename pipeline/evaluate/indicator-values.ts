/**
 * The `indicator_values` mart: one row per year × geography × indicator, with the
 * evaluation. One column list drives the DuckDB table, its comments and the CSV.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { writeCsvFile, type CsvValue } from '../basics/csv.ts';
import { comparisonComplete, type IndicatorValue } from './evaluate.ts';
import type { Geography } from '../plan/geography.ts';
import type { Plan, TargetOp } from '../plan/plan.ts';
import type { DuckType } from '../plan/raw-schema.ts';
import { tableWorkbook } from '../basics/xlsx-write.ts';
import { sqlString } from '../basics/sql.ts';
import { appendInChunks, withAppender, writeValues } from '../warehouse/chunks.ts';
import { decimalDifference, decimalOf } from '../basics/format.ts';

export interface IndicatorValueRow {
  v: IndicatorValue;
  geoName: string;
  indicatorName: string;
  unit: string;
}

export interface IndicatorValueColumn {
  name: string;
  type: DuckType;
  /** Chinese meaning (COMMENT ON COLUMN, data dictionary). */
  comment: string;
  /** English meaning (data dictionary). */
  en: string;
  get(r: IndicatorValueRow): CsvValue;
}

/**
 * `target_op` as words: a leading `=` would read as a formula in a spreadsheet (and get the
 * CSV's formula guard), so the published value says what the plan says.
 */
export const TARGET_OP_TEXT: Readonly<Record<TargetOp, string>> = { '=': '达到', '>=': '不低于' };

/**
 * The change on last year as published: the difference of the two published decimals
 * (decimalDifference: 0.149 − 0.143 is 0.006, not 0.00600000000000001).
 */
export function publishedChange(v: Pick<IndicatorValue, 'value' | 'changeOnLastYear'>): number | null {
  return v.changeOnLastYear == null || v.value == null ? (v.changeOnLastYear ?? null) : decimalOf(decimalDifference(v.value, v.value - v.changeOnLastYear));
}

const COLUMNS: readonly IndicatorValueColumn[] = [
  { name: 'year', type: 'INTEGER', comment: '年度', en: 'Reporting year', get: (r) => r.v.year },
  { name: 'geo_code', type: 'VARCHAR', comment: '地区编码（区或镇街）', en: 'Area code (district or town/street)', get: (r) => r.v.geoCode },
  { name: 'geo_name', type: 'VARCHAR', comment: '地区名称', en: 'Area name', get: (r) => r.geoName },
  { name: 'geo_level', type: 'VARCHAR', comment: '地区层级：district 全区 / town 镇街', en: 'Area level: district or town', get: (r) => r.v.geoLevel },
  { name: 'indicator_id', type: 'INTEGER', comment: '指标序号（规划主要指标表）', en: 'Indicator number in the table of main indicators of the plan', get: (r) => r.v.indicatorId },
  { name: 'indicator_name', type: 'VARCHAR', comment: '指标名称', en: 'Indicator name', get: (r) => r.indicatorName },
  { name: 'unit', type: 'VARCHAR', comment: '单位', en: 'Unit of the value', get: (r) => r.unit },
  { name: 'value', type: 'DOUBLE', comment: '指标值（未按指标的精度修约；与本表其他小数列一样写作 15 位有效数字，去掉二进制浮点的尾差，0.3 ÷ 0.2 为 1.5 而不是 1.4999999999999998，所以与分子、分母重新相除的结果可能在第 16 位上不同，比较时请用 round 或差值；缺数据时为空）', en: 'Indicator value, not rounded to the indicator\'s precision; like every decimal column here, written to 15 significant digits without binary noise (0.3 ÷ 0.2 is 1.5, not 1.4999999999999998), so numerator ÷ denominator may differ in the 16th digit: compare with round() or a tolerance; empty when data are missing', get: (r) => r.v.value },
  { name: 'numerator', type: 'DOUBLE', comment: '分子（比率类指标；总量类为总量），按填报的计量单位：每千人、每万人、百分比等比率为分子的原始数量（如床位张数、人数），以万人计的总量为人数（4060 即 0.406万人）', en: 'Numerator (ratio indicators); the total for count indicators; in the units reported: the count behind a rate per 1,000, per 10,000 or per cent, and persons for a total in 万人 (4060 is 0.406万人)', get: (r) => r.v.numerator },
  { name: 'denominator', type: 'DOUBLE', comment: '分母（比率类指标），按填报的计量单位（如常住人口人数）；指标值 = 分子 ÷ 分母 × 倍率（每千人 1000、每万人 10000、百分比 100、比值 1）', en: 'Denominator (ratio indicators), in the units reported (e.g. residents); the value is numerator ÷ denominator × a scale (1,000 per thousand, 10,000 per ten thousand, 100 per cent, 1 for a plain ratio)', get: (r) => r.v.denominator },
  { name: 'baseline', type: 'DOUBLE', comment: '2020年基期值（计算完成进度所用）', en: '2020 baseline used for completion progress', get: (r) => r.v.baseline },
  { name: 'target', type: 'DOUBLE', comment: '2025年目标值（镇街为全区目标参照）', en: '2025 target (for towns: the district target as benchmark)', get: (r) => r.v.target },
  { name: 'target_op', type: 'VARCHAR', comment: '目标要求：达到（规划写目标值）/ 不低于（规划写“≥目标值”）', en: 'How the plan states the target: 达到 reach it, 不低于 at least', get: (r) => TARGET_OP_TEXT[r.v.targetOp] },
  { name: 'is_binding', type: 'BOOLEAN', comment: '是否约束性指标', en: 'Binding (mandatory) indicator', get: (r) => r.v.isBinding },
  { name: 'time_progress', type: 'DOUBLE', comment: '时序进度（0—1）', en: 'Time progress, 0–1', get: (r) => r.v.timeProgress },
  { name: 'completion_progress', type: 'DOUBLE', comment: '完成进度（0—1，未修约）', en: 'Completion progress, 0–1, unrounded', get: (r) => r.v.completionProgress },
  { name: 'ratio_to_time', type: 'DOUBLE', comment: '完成进度与时序进度之比', en: 'Completion progress divided by time progress', get: (r) => r.v.ratioToTime },
  { name: 'status', type: 'VARCHAR', comment: '进度评价（镇街为对照全区目标的判断）', en: 'Progress status (towns: judgement against the district target)', get: (r) => r.v.status },
  { name: 'is_early_completion', type: 'BOOLEAN', comment: '是否提前完成（逐年判断，不是指标的属性）：当年在规划末年之前，已达到目标并保持至当年；保持类指标须规划期内至当年各年均保持；规划末年各行均为否。总结评估所列的提前完成指标是：不是保持类（ref_indicators.is_maintain 为否）、规划末年前一年为真、规划末年结论（verdict）为完成的指标，提前完成的年份是截至规划末年前一年连续为真的第一年（曾达到又回落的年份不算；保持类指标写“各年均保持”，不列为提前完成）', en: 'Judged year by year, not a property of the indicator: in a year before the target year, the target reached and held to that year (a maintain target: met in every year so far); false in every row of the target year. The final evaluation lists as met early the indicators that are not maintain targets (ref_indicators.is_maintain false), true in the year before the target year and 完成 in the target year; the year met early is the first of the unbroken run of true years up to then (a target met and lost before does not count; maintain targets are said held every year, not met early)', get: (r) => r.v.isEarlyCompletion },
  { name: 'is_binding_warning', type: 'BOOLEAN', comment: '约束性指标预警', en: 'Warning on a binding indicator behind schedule', get: (r) => r.v.isBindingWarning },
  { name: 'is_binding_data_warning', type: 'BOOLEAN', comment: '约束性指标缺数据预警', en: 'Warning on a binding indicator without data', get: (r) => r.v.isBindingDataWarning },
  { name: 'verdict', type: 'VARCHAR', comment: '规划末年结论：完成 / 基本完成 / 未完成', en: 'Final-year verdict: completed / broadly completed / not completed', get: (r) => r.v.verdict },
  { name: 'outlook', type: 'VARCHAR', comment: '2025年预判', en: 'Outlook for 2025 from the linear trend', get: (r) => r.v.outlook },
  { name: 'projected_value', type: 'DOUBLE', comment: '按线性趋势推算的2025年值', en: 'Value projected for 2025 by the linear trend', get: (r) => r.v.projectedValue },
  { name: 'benchmark', type: 'VARCHAR', comment: '镇街：是否达到全区目标水平（比率类）', en: 'Towns: whether the district target level is reached (ratio indicators)', get: (r) => r.v.benchmark },
  { name: 'rank', type: 'INTEGER', comment: '镇街：在有数据的镇街中的位次（比率类，1 为最高）', en: 'Towns: rank among towns with a value (ratio indicators, 1 = highest)', get: (r) => r.v.rank },
  { name: 'rank_of', type: 'INTEGER', comment: '镇街：参与排序的镇街数', en: 'Towns: number of towns ranked', get: (r) => r.v.rankOf },
  { name: 'rank_shared', type: 'INTEGER', comment: '镇街：并列同一位次的镇街数（含本镇街），按显示的数值比较；等于参与排序的镇街数时各镇街数值相同，不构成排名（报告写作“均相同”），超过其一半时报告不写位次（“与多数镇街相同”）', en: 'Towns: towns sharing this rank (this one included), compared as displayed', get: (r) => r.v.rankShared },
  { name: 'share_of_district', type: 'DOUBLE', comment: '镇街：占全区总量的比重（总量类，0—1）', en: 'Towns: share of the district total (count indicators, 0–1)', get: (r) => r.v.shareOfDistrict },
  { name: 'change_on_last_year', type: 'DOUBLE', comment: '较上年变化：本年值减上年值（未修约），单位与指标值相同（百分比类为百分点，以万人计的为万人）', en: 'Change on the previous year: this year\'s value minus last year\'s, unrounded, in the value\'s own unit (percentage points for a percentage, 万人 for a count in 万人)', get: (r) => publishedChange(r.v) },
  { name: 'is_complete', type: 'BOOLEAN', comment: '所需数据是否齐全（否：指标值由已载入的行算出并照常评价，或在缺少必需数据时为空、评价为无法评估；原因见 lineage.parquet，有数据被拒绝时另见 rejects.csv）', en: 'Whether every input the value needs is present (if not, the value is computed from the rows that loaded and still judged, or is empty and 无法评估 when a required input is missing; why: lineage.parquet, and rejects.csv when data was rejected)', get: (r) => r.v.isComplete },
  { name: 'is_comparison_complete', type: 'BOOLEAN', comment: '由其他数值算出的比较是否都依据完整的数值：较上年变化（上年值）、镇街的位次（其他镇街的值）和占全区比重（全区值）、全区的2025年推算值和预判（历年值）；否：本行数值可能完整，但这些比较所依据的数值有数据未载入，仅供参考；本行没有这些比较时为空', en: 'Whether the comparisons made from other values rest on complete ones: change on last year (last year\'s value), a town\'s rank (other towns\' values) and share (the district\'s), the district\'s projection and outlook (earlier years\' values); false: this row\'s own value may be complete but a value they rest on lost data; empty when the row has none of them', get: (r) => comparisonComplete(r.v) },
];

/**
 * The columns as published (table, CSV, xlsx, site): a number is the decimal it stands for
 * (`decimalOf`), so 完成进度 ÷ 时序进度 reads 1.5 and a change 0.0016, not
 * 1.4999999999999998 and 0.0015999999999999973. The evaluation itself works on the values
 * unchanged, with its own tolerance.
 */
export const INDICATOR_VALUE_COLUMNS: readonly IndicatorValueColumn[] = COLUMNS.map((c) =>
  c.type === 'DOUBLE' ? { ...c, get: (r: IndicatorValueRow) => decimalOf(c.get(r)) } : c,
);

/** Rows with the names the columns need, in the order of `values`. */
export function indicatorValueRows(values: readonly IndicatorValue[], plan: Plan, geography: Geography): IndicatorValueRow[] {
  return values.map((v) => {
    const ind = plan.indicatorById.get(v.indicatorId)!;
    const geo = v.geoLevel === 'district' ? geography.district : geography.byCode.get(v.geoCode);
    return { v, geoName: geo?.name ?? v.geoCode, indicatorName: ind.name, unit: ind.unit };
  });
}

/** What `indicatorValueCells` made last for a values array, with the plan and geography it used. */
const CELLS = new WeakMap<readonly IndicatorValue[], { plan: Plan; geography: Geography; cells: readonly (readonly CsvValue[])[] }>();

/**
 * The published cells of every value, a row in the order of `values` and the columns in
 * INDICATOR_VALUE_COLUMNS' order: made once per values array and shared by the warehouse
 * table, the CSV and the workbook (at 100×, 290,000 rows × 33 columns: made once where each
 * writer had made its own).
 */
export function indicatorValueCells(values: readonly IndicatorValue[], plan: Plan, geography: Geography): readonly (readonly CsvValue[])[] {
  const made = CELLS.get(values);
  if (made && made.plan === plan && made.geography === geography) return made.cells;
  const cells = indicatorValueRows(values, plan, geography).map((r) => INDICATOR_VALUE_COLUMNS.map((c) => c.get(r)));
  CELLS.set(values, { plan, geography, cells });
  return cells;
}

/** Write the values as CSV to `file`, a row as each value is formatted. */
export function writeIndicatorValuesCsv(file: string, values: readonly IndicatorValue[], plan: Plan, geography: Geography): void {
  writeCsvFile(file, INDICATOR_VALUE_COLUMNS.map((c) => c.name), indicatorValueCells(values, plan, geography));
}

/** Create and fill `indicator_values` in the warehouse (in data chunks), with comments. */
export async function writeIndicatorValues(conn: DuckDBConnection, values: readonly IndicatorValue[], plan: Plan, geography: Geography): Promise<void> {
  const cols = INDICATOR_VALUE_COLUMNS;
  await conn.run(`create or replace table indicator_values (${cols.map((c) => `${c.name} ${c.type}`).join(', ')})`);
  await conn.run(`comment on table indicator_values is ${sqlString('指标值集市：每个年度 × 地区 × 指标一行，含进度评价')}`);
  for (const c of cols) await conn.run(`comment on column indicator_values.${c.name} is ${sqlString(c.comment)}`);
  const cells = indicatorValueCells(values, plan, geography);
  await withAppender(conn, 'indicator_values', (appender) =>
    appendInChunks(appender, cells.length, (k) => k, (chunk) => {
      cols.forEach((c, j) => writeValues(chunk.vector(j), c.type, chunk.rows, (i) => cells[i]![j]));
    }),
  );
}

/** The same rows and columns as the CSV, as an xlsx workbook (with a 字段说明 sheet). */
export function indicatorValuesXlsx(values: readonly IndicatorValue[], plan: Plan, geography: Geography): Promise<Uint8Array> {
  return tableWorkbook(INDICATOR_VALUE_COLUMNS, indicatorValueCells(values, plan, geography));
}
