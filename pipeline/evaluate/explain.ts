/**
 * `planeval explain INDICATOR --year Y [--town NAME] [--rows]`: where one published figure
 * comes from, in Chinese, from a built warehouse (read-only): the indicator's definition and
 * formula, its numerator and denominator with the workbook rows that make them (grouped per
 * file and sheet when there are many, every row with --rows), the rejected or missing inputs
 * that touch it, and the evaluation arithmetic (B, G, T, P, R → status, outlook) rounded as
 * the report shows it. The numbers are those of `indicator_values` and `indicator_lineage`.
 */
import { appendAll } from '../basics/arrays.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { UserError, EXIT } from '../basics/errors.ts';
import { formatExact, formatNumber, formatPercent, formatPrinted, formatTarget, formatValue, MISSING, townSpec } from '../basics/format.ts';
import { sqlString } from '../basics/sql.ts';
import { foldWidth } from '../basics/text.ts';
import { SHEET_BY_NAME } from '../plan/contract.ts';
import { loadGeography } from '../plan/geography.ts';
import { resolvePlan, type Indicator, type Plan } from '../plan/plan.ts';
import { absentLabel, readValueLineage, type LineageRow } from '../warehouse/lineage.ts';
import { openReadOnly } from '../warehouse/query.ts';

/** More rows than this from one file and sheet are summed on one line (unless --rows). */
export const GROUP_LIMIT = 5;

export interface ExplainOptions {
  database: string;
  /** Indicator number as typed (`3`). */
  indicator: string;
  year: number;
  /** Town as typed: name, alias or code; undefined for the district. */
  town?: string;
  /** List every row instead of sums per file and sheet. */
  rows: boolean;
}

/** The published row of `indicator_values` explain needs (as read from the warehouse). */
export interface PublishedValue {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  isComplete: boolean;
  baseline: number | null;
  target: number | null;
  timeProgress: number | null;
  completionProgress: number | null;
  ratioToTime: number | null;
  status: string | null;
  verdict: string | null;
  outlook: string | null;
  projectedValue: number | null;
  benchmark: string | null;
  rank: number | null;
  rankOf: number | null;
  shareOfDistrict: number | null;
  isBindingWarning: boolean;
  /** `is_comparison_complete`: false when a rank, share, change or outlook rests on another value that is incomplete. */
  comparisonComplete: boolean | null;
}

export interface ExplainInput {
  plan: Plan;
  ind: Indicator;
  year: number;
  /** Name of the place (全区's name for the district). */
  placeName: string;
  isDistrict: boolean;
  /** Town code → name, for the rows of a district figure. */
  townNames: ReadonlyMap<string, string>;
  value: PublishedValue;
  lineage: readonly LineageRow[];
  /** Scale of the metric: value = numerator × multiplier ÷ (denominator × divisor). */
  multiplier: number;
  divisor: number;
  allRows: boolean;
}

/** An input number as it was written, grouped for reading: `245,678`, `10.5`. */
function exact(n: number): string {
  const s = formatExact(n);
  const dot = s.indexOf('.');
  return formatNumber(n, dot < 0 ? 0 : Math.min(s.length - dot - 1, 6));
}

const ROLE_NAME = { numerator: '分子', denominator: '分母' } as const;

/** `养老服务设施（养老服务科）`. */
function sheetWithDepartment(kind: string): string {
  const dept = SHEET_BY_NAME.get(kind)?.department;
  return dept ? `${kind}（${dept}）` : kind;
}

function where(r: LineageRow): string {
  const sheet = r.sourceSheet ? `工作表“${r.sourceSheet}”` : '';
  const row = r.sourceRow !== null ? `第 ${r.sourceRow} 行` : '';
  return `文件“${r.sourceFile}”${sheet}${row}`;
}

/** The place of a row in a district figure: `（黄村镇）`. */
function placeOf(input: ExplainInput, r: LineageRow): string {
  if (!input.isDistrict || r.geoCode === null) return '';
  const name = input.townNames.get(r.geoCode);
  return name ? `（${name}）` : '';
}

/** `第 12 行 黄村镇颐养院：床位数 120`. */
function rowLine(input: ExplainInput, r: LineageRow): string {
  const label = r.rowLabel ? ` ${r.rowLabel}${placeOf(input, r)}` : placeOf(input, r);
  const value = r.sourceValue === null ? MISSING : /^-?\d+(\.\d+)?$/.test(r.sourceValue) ? exact(Number(r.sourceValue)) : r.sourceValue;
  const counted = r.contribution === null ? '' : r.contribution !== Number(r.sourceValue) ? ` → 计 ${exact(r.contribution)}` : '';
  return `第 ${r.sourceRow} 行${label}：${r.columnName} ${value}${counted}`;
}

/** The counted rows of one role, per sheet kind, file, sheet and column. */
function roleLines(input: ExplainInput, rows: readonly LineageRow[]): string[] {
  const groups = new Map<string, LineageRow[]>();
  for (const r of rows) {
    const k = [r.sheetKind, r.sourceFile, r.sourceSheet, r.columnName].join('\u0001');
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  const out: string[] = [];
  for (const g of groups.values()) {
    const first = g[0]!;
    // the department that fills the sheet: whom to ask about its rows
    const head = `${first.sheetKind ? sheetWithDepartment(first.sheetKind) : ''} · 文件“${first.sourceFile}”工作表“${first.sourceSheet}”`;
    const sum = g.reduce((s, r) => s + (r.contribution ?? 0), 0);
    // a column summed as written (床位数, 常住人口) says so; rows counted (1 per facility…) are a count
    const isSum = g.every((r) => r.sourceValue !== null && Number(r.sourceValue) === r.contribution);
    const total = isSum ? `${first.columnName}合计 ${exact(sum)}` : `计 ${exact(sum)}`;
    if (g.length === 1) {
      out.push(`  ${head}${rowLine(input, first)}`);
    } else if (input.allRows || g.length <= GROUP_LIMIT) {
      out.push(`  ${head}：${g.length} 行，${total}`);
      for (const r of g) out.push(`    ${rowLine(input, r)}`);
    } else {
      const rowsAt = g.map((r) => r.sourceRow!).sort((a, b) => a - b);
      out.push(`  ${head}：${g.length} 行（第 ${rowsAt[0]}—${rowsAt.at(-1)} 行），${total}（加 --rows 列出每一行）`);
    }
  }
  return out;
}

/** `1,234 ÷ 245,678 × 1000 = 5.0张`, with the scale the metric uses. */
function formula(input: ExplainInput): string {
  const { ind, value: v, multiplier: m, divisor: d } = input;
  if (v.numerator === null) return `${MISSING}（缺少必需的数据，无法计算）`;
  const scale = `${m !== 1 ? ` × ${m}` : ''}${d !== 1 ? ` ÷ ${d}` : ''}`;
  const symbols = v.denominator === null ? `分子${scale}` : `分子 ÷ 分母${scale}`;
  const expr = v.denominator === null ? `${exact(v.numerator)}${scale}` : `${exact(v.numerator)} ÷ ${exact(v.denominator)}${scale}`;
  if (v.value === null) return `${symbols} = ${expr}：分母为 0，数值无定义`;
  // a town's figure in 人 where the district's is in 万人, as the reports and the site give it (the analyst review: 0.04万人 for 439)
  const town = townSpec(ind);
  const result = !input.isDistrict && town.shift ? `${formatExact(v.value)}${ind.unit}，即${formatValue(town, v.value)}` : formatValue(ind, v.value);
  if (expr === exact(v.numerator)) return `${symbols} = ${result}`;
  return `${symbols} = ${expr} = ${result}`;
}

/** Inputs that are not in the figure: rejected, absent, empty, or in a place that is missing. */
function lostLines(input: ExplainInput): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  // a sheet rejected whole touches each town it names: all of them said, not the first (an attack
  // read '整张表被拒绝（安定镇）' for a sheet of all 22)
  const key = (r: LineageRow) => [r.sourceFile, r.sourceSheet, r.sourceRow].join('\u0001');
  const sheetTowns = new Map<string, Set<string | null>>();
  for (const r of input.lineage) {
    if (r.status !== 'rejected' || r.rejectScope !== 'sheet') continue;
    const k = key(r);
    sheetTowns.set(k, (sheetTowns.get(k) ?? new Set()).add(r.geoCode));
  }
  const sheetPlace = (r: LineageRow): string => {
    const towns = sheetTowns.get(key(r))!;
    if (!input.isDistrict) return '';
    if (towns.has(null)) return '（涉及各镇街）';
    // a sheet without a town column counts at the district's code: no town to name
    const names = [...towns].flatMap((c) => input.townNames.get(c!) ?? []).sort((a, b) => a.localeCompare(b, 'zh-CN'));
    if (names.length === 0) return '';
    if (names.length >= input.townNames.size) return '（涉及各镇街）';
    return `（涉及${names.length > 5 ? `${names.slice(0, 5).join('、')}等${names.length}个镇街` : names.join('、')}）`;
  };
  for (const r of input.lineage) {
    if (r.status === 'rejected') {
      const k = key(r);
      if (seen.has(k)) continue;
      seen.add(k);
      const what = r.rejectScope === 'file' ? '整个文件无法读取' : r.rejectScope === 'sheet' ? '整张表被拒绝' : `被拒绝的行${r.rowLabel ? ` ${r.rowLabel}` : ''}`;
      const town = r.rejectScope === 'file' ? '（内容未知，当年每个值都可能受影响）'
        : r.rejectScope === 'sheet' ? sheetPlace(r)
        : r.geoCode === null && !input.isDistrict ? '（读不出镇街，可能属于任一镇街）' : placeOf(input, r);
      out.push(`  ✗ ${what}${town}：${where(r)}，${r.rejectRules ?? ''}`);
      for (const m of (r.rejectMessages ?? '').split('；').filter(Boolean)) out.push(`      ${m}`);
    } else if (r.status === 'absent' && !r.isRequired) {
      // a row the value can do without, named: counted without it, the value is short
      out.push(`  ! 缺少：${r.sheetKind}中没有${absentLabel(r, (c) => input.townNames.get(c))}（上年${r.sheetKind}中有），未计入，数值可能偏低`);
    } else if (r.status === 'absent') {
      const k = ['absent', r.sheetKind, r.geoCode].join('\u0001');
      if (seen.has(k)) continue;
      seen.add(k);
      const place = input.townNames.get(r.geoCode ?? '') ?? '本区';
      // a register's rows of the town gone this year (row_label: their type or sheet): named, with where they were
      if (r.rowLabel && r.sheetKind !== '区级统计指标') out.push(`  ! 缺少：${r.sheetKind}中没有${absentLabel(r, (c) => input.townNames.get(c))}（上年${r.sheetKind}中有），${place}的值缺失`);
      else out.push(`  ! 缺少：${r.sheetKind}中没有${r.sheetKind === '区级统计指标' ? `“${r.rowLabel}”` : place}的有效行，${place}的值缺失`);
    } else if (r.contribution === null) {
      // a 0 that stands for no value: a population, a district's consumption (the 17th attack)
      const zero = r.sheetKind === '区级统计指标' ? `为 0（${r.rowLabel ?? '该统计指标'}不能为 0，按缺失计）` : '为 0（人数不能为 0，按缺失计）';
      out.push(`  ! ${r.sheetKind} · ${where(r)}${r.rowLabel ? ` ${r.rowLabel}` : ''}${placeOf(input, r)}：${r.columnName}${r.sourceValue !== null && r.sourceValue !== '' && Number(r.sourceValue) === 0 ? zero : '为空'}，未计入`);
    } else if (!r.isCounted && input.isDistrict && input.townNames.has(r.geoCode ?? '')) {
      // (a town's: the district's own rows missing leave the district without a value, said above)
      const k = ['missing-place', r.geoCode].join('\u0001');
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(`  ! ${input.townNames.get(r.geoCode ?? '') ?? r.geoCode}缺少必需的数据，其各行不计入全区（比值按其余镇街的分子、分母之和计算）`);
    }
  }
  return out;
}

function evaluationLines(input: ExplainInput): string[] {
  const { plan, ind, year, value: v } = input;
  const out: string[] = [];
  const mark = v.isComplete ? '' : v.value === null && v.numerator === null ? '（缺数据）' : '（数据不完整）';
  const basis = v.comparisonComplete === false
    ? [`  注：由其他数值算出的比较（${input.isDistrict ? `较上年变化、${plan.targetYear}预判` : '较上年变化、位次或占全区比重'}）所依据的数值有不完整的（上年、其他镇街、全区或往年），仅供参考`]
    : [];
  if (!input.isDistrict) {
    out.push(`  ${year}年镇街值 V = ${formatValue(townSpec(ind), v.value)}${mark}`);
    if (ind.aggregation === 'ratio') {
      out.push(`  全区目标 G = ${formatTarget(ind, { unit: true })}（规划未设镇街目标，以全区目标为参照）`);
      out.push(`  对照全区目标：${v.value === null ? '无法评估' : (v.benchmark ?? '无法评估')}`);
      out.push(`  位次：${v.rank !== null && v.rankOf !== null ? `第${formatNumber(v.rank, 0)}位（共${formatNumber(v.rankOf, 0)}个镇街）` : MISSING}`);
    } else {
      out.push(`  占全区比重：${formatPercent(v.shareOfDistrict)}`);
    }
    return [...out, ...basis];
  }
  const b = ind.baseline === null ? '0（累计性指标，无基期值）' : formatPrinted(ind, ind.baselineText);
  out.push(`  基期值 B = ${b}（${plan.baselineYear}年，规划印发值）`);
  out.push(`  目标值 G = ${formatTarget(ind, { unit: true })}（${plan.targetYear}年）`);
  out.push(`  实际值 V = ${formatValue(ind, v.value)}${mark}`);
  out.push(`  时序进度 T = (${year} − ${plan.baselineYear}) ÷ (${plan.targetYear} − ${plan.baselineYear}) = ${formatPercent(v.timeProgress)}`);
  if (ind.isMaintain) out.push('  保持类目标（G = B）：不计完成进度，V ≥ G 为已完成，否则为未保持');
  else out.push(`  完成进度 P = (V − B) ÷ (G − B) = ${formatPercent(v.completionProgress)}`);
  if (!ind.isMaintain && v.ratioToTime !== null) out.push(`  R = P ÷ T = ${formatNumber(v.ratioToTime, 2)}`);
  out.push(`  → 进度评价：${v.status ?? MISSING}${v.isBindingWarning ? '（约束性指标预警）' : ''}${mark}`);
  if (v.verdict) out.push(`  → ${plan.targetYear}年结论：${v.verdict}`);
  if (v.outlook) {
    const trend = v.projectedValue === null ? '' : `（按${plan.baselineYear}—${year}年线性趋势，${plan.targetYear}年约为${formatValue(ind, v.projectedValue)}）`;
    out.push(`  → ${plan.targetYear}预判：${v.outlook}${trend}`);
  }
  return [...out, ...basis];
}

/** The text `planeval explain` prints. */
export function explainText(input: ExplainInput): string {
  const { ind, year, value: v, lineage } = input;
  const lines: string[] = [];
  lines.push(`指标${ind.id} ${ind.isBinding ? '★' : ''}${ind.name} · ${input.placeName} · ${year}年`);
  lines.push(`口径：${ind.definition}`);
  lines.push(`数据来源：${ind.sourceSheets.map(sheetWithDepartment).join('；')}`);
  lines.push(`计算：${formula(input)}`);
  lines.push(v.isComplete ? '数据完整：是' : v.numerator === null ? '数据完整：否（缺少必需的数据，值缺失）' : '数据完整：否（由已载入的行算出，以下“未计入的数据”可能改变它）');
  for (const role of ['numerator', 'denominator'] as const) {
    const rows = lineage.filter((r) => r.isCounted && r.role === role);
    const total = role === 'numerator' ? v.numerator : v.denominator;
    if (total === null && rows.length === 0) continue;
    lines.push('');
    lines.push(`${ROLE_NAME[role]}：${total === null ? MISSING : exact(total)}（${rows.length} 行）`);
    appendAll(lines, roleLines(input, rows));
  }
  const lost = lostLines(input);
  lines.push('');
  lines.push(lost.length ? '未计入的数据：' : '未计入的数据：无');
  appendAll(lines, lost);
  lines.push('');
  lines.push(`评价（${year}年，按未修约的值判定，显示时修约一次）：`);
  lines.push(...evaluationLines(input));
  return lines.join('\n') + '\n';
}

// ---- reading the warehouse ------------------------------------------------------------

function parseIndicator(plan: Plan, raw: string): Indicator {
  const typed = foldWidth(raw).trim(); // ３ typed with a Chinese input method on is 3
  const id = /^\d+$/.test(typed) ? Number(typed) : NaN;
  const ind = plan.indicatorById.get(id) ?? plan.indicators.find((i) => i.metric === typed);
  if (!ind) throw new UserError(`没有指标“${raw}”：请写指标序号 1—${plan.indicators.length}`, EXIT.usage);
  return ind;
}

async function rows(conn: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Everything explain prints for one value, read from an open warehouse. */
export async function readExplainInput(conn: DuckDBConnection, opts: Omit<ExplainOptions, 'database'>): Promise<ExplainInput> {
  const hasLineage = await rows(conn, "select 1 from duckdb_tables() where table_name = 'indicator_lineage'");
  if (hasLineage.length === 0) throw new UserError('数据仓库中没有 indicator_lineage（由较早的版本生成）：请重新运行 planeval build', EXIT.usage);
  const [planRow] = await rows(conn, 'select plan_id from ref_plan');
  const plan = resolvePlan(str(planRow?.plan_id) ?? undefined);
  const ind = parseIndicator(plan, opts.indicator);
  const [district] = await rows(conn, 'select geo_code, geo_name from ref_district');
  const towns = await rows(conn, 'select geo_code, geo_name from ref_towns order by sort_order');
  const townNames = new Map(towns.map((t) => [String(t.geo_code), String(t.geo_name)]));

  let geoCode = String(district!.geo_code);
  let placeName = String(district!.geo_name);
  if (opts.town !== undefined) {
    if (ind.level !== 'DT') throw new UserError(`指标${ind.id}（${ind.name}）只计算全区值，规划未分解到镇街：请去掉 --town`, EXIT.usage);
    const typed = opts.town.trim();
    const byName = towns.find((t) => t.geo_name === typed || t.geo_code === typed);
    const alias = byName ? undefined : loadGeography().resolveTown(typed);
    const hit = byName ?? towns.find((t) => t.geo_code === alias?.code);
    if (!hit) throw new UserError(`没有镇街“${typed}”。可选：${towns.map((t) => t.geo_name).join('、')}`, EXIT.usage);
    geoCode = String(hit.geo_code);
    placeName = String(hit.geo_name);
  }

  const [v] = await rows(conn, `select * from indicator_values where year = ${Math.trunc(opts.year)} and indicator_id = ${ind.id} and geo_code = ${sqlString(geoCode)}`);
  if (!v) {
    const years = (await rows(conn, 'select distinct year from indicator_values order by year')).map((r) => Number(r.year));
    throw new UserError(`数据仓库中没有 ${opts.year} 年的指标值；已有年度：${years.join('、')}`, EXIT.usage);
  }
  const [scale] = await rows(conn, `select max(multiplier) as m, max(divisor) as d from indicator_lineage where indicator_id = ${ind.id}`);
  const lineage = await readValueLineage(conn, opts.year, ind.id, opts.town === undefined ? null : geoCode);
  return {
    plan, ind, year: opts.year, placeName, isDistrict: opts.town === undefined, townNames,
    value: {
      value: num(v.value), numerator: num(v.numerator), denominator: num(v.denominator), isComplete: v.is_complete === true,
      baseline: num(v.baseline), target: num(v.target), timeProgress: num(v.time_progress), completionProgress: num(v.completion_progress),
      ratioToTime: num(v.ratio_to_time), status: str(v.status), verdict: str(v.verdict), outlook: str(v.outlook),
      projectedValue: num(v.projected_value), benchmark: str(v.benchmark), rank: num(v.rank), rankOf: num(v.rank_of),
      shareOfDistrict: num(v.share_of_district), isBindingWarning: v.is_binding_warning === true,
      comparisonComplete: v.is_comparison_complete === null || v.is_comparison_complete === undefined ? null : v.is_comparison_complete === true,
    },
    lineage,
    multiplier: num(scale?.m) ?? 1,
    divisor: num(scale?.d) ?? 1,
    allRows: opts.rows,
  };
}

/** Print the explanation of one value. */
export async function runExplain(opts: ExplainOptions): Promise<number> {
  const conn = await openReadOnly(opts.database);
  try {
    process.stdout.write(explainText(await readExplainInput(conn, opts)));
  } finally {
    conn.closeSync();
  }
  return EXIT.ok;
}
