/**
 * The lineage on the site (issue 14): where every value of the latest year comes from.
 * - Files: each indicator's lineage of the latest year as CSV and xlsx
 *   (`indicators/<id>-lineage.*`, neutralised against formula injection; the values the page
 *   shows — every year is in `data/lineage.parquet`, which the SQL page offers as
 *   `indicator_lineage`; an xlsx of every year's rows takes exceljs seconds per indicator).
 * - The indicator page gets a section listing each value of the latest year (the district,
 *   each town) with its sources — sheets, rows, the departments that filled them — and
 *   what was left out; each row is anchored (`#src-<geo_code>`). The town page gets the same
 *   per indicator, each linking to that anchor.
 * - The data-quality page (`method.html`) gets the incomplete figures with the rejected or
 *   missing data that make them so.
 * Additive: `withLineage` adds a `lineage` (or `incomplete`) view to those pages, rendered by
 * the `site-lineage` / `site-incomplete` partials.
 */
import { yieldToEvents } from '../basics/events.ts';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { CsvValue } from '../basics/csv.ts';
import { formatNumber, formatValue, MISSING, townSpec } from '../basics/format.ts';
import { sqlString } from '../basics/sql.ts';
import type { XlsxColumn } from '../basics/xlsx-write.ts';
import type { IndicatorValue } from '../evaluate/evaluate.ts';
import { SHEET_BY_NAME } from '../plan/contract.ts';
import type { Indicator } from '../plan/plan.ts';
import { causesText, isLost, placeCausesText, valueCauses } from '../present/incomplete.ts';
import { absentTownVerdictOf } from '../present/absent-towns.ts';
import { checkedIndicators, checksSentence, verdictChecks, type CheckFacts } from '../present/verdict-checks.ts';
import { valueSources, valueSourcesText } from '../present/sources.ts';
import { indicatorParagraph } from '../present/narrative.ts';
import { absentLabel, readLineageRows, valueLineage, type LineageRow } from '../warehouse/lineage.ts';
import { meaningfulFor } from '../present/report-facts.ts';
import { csvDownload, download, xlsxDownload } from './downloads.ts';
import { linkFrom, type SiteFiles } from './files.ts';
import {
  incompleteNote, indicatorPath, link, markOf, text, townPath,
  type Cell, type Download, type IncompleteNote, type LinkTable, type SiteContext, type SitePageSpec,
} from './view.ts';

/** Site paths of the lineage files. */
export const LINEAGE_FILES = {
  parquet: 'data/lineage.parquet',
  csv: (id: number) => `indicators/${id}-lineage.csv`,
  xlsx: (id: number) => `indicators/${id}-lineage.xlsx`,
} as const;

/** A column of the lineage downloads: its name in indicator_lineage and the Chinese header the files carry. */
export interface LineageColumn extends XlsxColumn {
  label: string;
  get(r: LineageRow, names: { geo: (code: string | null) => string }): CsvValue;
}

const c = (name: string, label: string, type: string, comment: string, en: string, get: LineageColumn['get']): LineageColumn => ({ name, label, type, comment, en, get });

const ROLE: Record<string, string> = { numerator: '分子', denominator: '分母' };
const STATUS: Record<string, string> = { loaded: '已载入', absent: '应有而没有', rejected: '被拒绝' };

/** The columns of the per-indicator lineage downloads (CSV and xlsx, Chinese headers; codes of role and status in Chinese). */
export const LINEAGE_COLUMNS: readonly LineageColumn[] = [
  c('year', '年度', 'INTEGER', '年度', 'Reporting year', (r) => r.year),
  c('indicator_id', '指标序号', 'INTEGER', '指标序号', 'Indicator number', (r) => r.indicatorId),
  c('geo_code', '地区编码', 'VARCHAR', '这一行计入的地区编码（镇街；无镇街列的表为区；为空表示读不出镇街，涉及全区和每个镇街）', 'Where the row counts (town; the district for sheets without a town column; empty: unknown town, touches every town)', (r) => r.geoCode),
  c('geo_name', '地区', 'VARCHAR', '地区名称', 'Area name', (r, n) => n.geo(r.geoCode)),
  c('role', '分子或分母', 'VARCHAR', '计入分子还是分母；被拒绝的行为空', 'Numerator or denominator; empty for a rejected row', (r) => (r.role ? ROLE[r.role]! : null)),
  c('row_status', '行状态', 'VARCHAR', '已载入 / 应有而没有（镇街表缺少该镇街的行）/ 被拒绝', 'loaded, absent (a town row the input lacks) or rejected', (r) => STATUS[r.status]!),
  c('is_counted', '是否计入', 'BOOLEAN', '是否计入公布的分子或分母', 'In the published numerator or denominator', (r) => r.isCounted),
  c('sheet_kind', '工作表', 'VARCHAR', '填报数据规范中的工作表', 'Sheet of the data contract', (r) => r.sheetKind),
  c('department', '填报科室', 'VARCHAR', '填报该工作表的科室', 'Department that fills the sheet', (r) => (r.sheetKind ? (SHEET_BY_NAME.get(r.sheetKind)?.department ?? null) : null)),
  c('source_file', '来源文件', 'VARCHAR', '来源文件（相对输入目录）', 'Workbook', (r) => r.sourceFile),
  c('source_sheet', '来源工作表名称', 'VARCHAR', '工作簿中的工作表名称', 'Tab', (r) => r.sourceSheet),
  c('source_row', '行号', 'INTEGER', 'Excel 行号', 'Excel row', (r) => r.sourceRow),
  c('row_label', '名称', 'VARCHAR', '行的名称（设施、社区村、站点等）', 'Name in the row (facility, community, station…)', (r) => r.rowLabel),
  c('column_name', '所用的列', 'VARCHAR', '取值的列', 'Column used', (r) => r.columnName),
  c('source_value', '数值', 'VARCHAR', '该列的值', 'Its value', (r) => r.sourceValue),
  c('contribution', '计入量', 'DOUBLE', '计入分子或分母的量（未乘倍率；计数类为 1）', 'What it adds, unscaled (1 for a count)', (r) => r.contribution),
  c('reject_rules', '拒绝规则', 'VARCHAR', '拒绝规则', 'Reject rules', (r) => r.rejectRules),
  c('reject_messages', '拒绝说明', 'VARCHAR', '拒绝说明', 'Reject messages', (r) => r.rejectMessages),
];

/**
 * The lineage as the site uses it, by indicator: every row of the latest year, and of the
 * other years the rows that explain an incomplete value (rejected, absent, empty).
 */
export interface SiteLineage {
  rows: readonly LineageRow[];
  byIndicator: ReadonlyMap<number, LineageRow[]>;
}

/**
 * Copy `lineage.parquet` into the site and write each indicator's lineage of the latest
 * year as CSV and xlsx; returns the rows the pages need (`SiteLineage`).
 */
export async function writeLineageFiles(ctx: SiteContext, files: SiteFiles, dataDir: string): Promise<SiteLineage> {
  const parquet = join(dataDir, 'lineage.parquet');
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
  const conn = await instance.connect();
  let rows: LineageRow[];
  try {
    rows = await readLineageRows(conn, `read_parquet(${sqlString(parquet)})`, `year = ${Math.trunc(ctx.latestYear)} or row_status <> 'loaded' or contribution is null`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  files.copy(parquet, LINEAGE_FILES.parquet);
  const { geography } = ctx;
  const names = { geo: (code: string | null) => (code === null ? '' : code === geography.district.code ? geography.district.name : (geography.byCode.get(code)?.name ?? code)) };
  const byIndicator = new Map<number, LineageRow[]>(ctx.plan.indicators.map((i) => [i.id, []]));
  for (const r of rows) byIndicator.get(r.indicatorId)?.push(r);
  // As every download of the site (downloads.ts): CSV in UTF-8 with a BOM and Chinese headers,
  // the xlsx the same, its 字段说明 sheet naming each column of indicator_lineage; 是/否 for true/false
  for (const [id, list] of byIndicator) {
    await yieldToEvents();
    const records = list.filter((r) => r.year === ctx.latestYear).map((r) => LINEAGE_COLUMNS.map((col) => col.get(r, names)));
    files.write(LINEAGE_FILES.csv(id), csvDownload(LINEAGE_COLUMNS, records));
    files.write(LINEAGE_FILES.xlsx(id), await xlsxDownload(LINEAGE_COLUMNS, records));
  }
  return { rows, byIndicator };
}

// ---- the sources of one value --------------------------------------------------------

/** A row of a sources table, anchored. */
export interface SourceRow {
  id: string;
  cells: Cell[];
}

/** The section the `site-lineage` partial renders on an indicator or town page. */
export interface LineageSectionView {
  heading: string;
  intro: string;
  caption: string;
  columns: { text: string; num?: boolean }[];
  rows: SourceRow[];
  downloads: Download[];
}

function completeness(v: IndicatorValue | undefined): string {
  if (!v) return MISSING;
  if (v.isComplete) return '完整';
  return v.numerator === null ? '缺失' : '不完整';
}

/** What is left out of one value: `被拒绝 2 行；缺少本镇街的行；无法读取的文件 4 个`. */
function leftOut(lineage: readonly LineageRow[]): string {
  const keys = (pred: (r: LineageRow) => boolean) => new Set(lineage.filter(pred).map((r) => [r.sourceFile, r.sourceSheet, r.sourceRow, r.geoCode, r.sheetKind].join('\u0001'))).size;
  const parts: string[] = [];
  const rows = keys((r) => r.status === 'rejected' && r.rejectScope === 'row');
  const sheets = keys((r) => r.status === 'rejected' && r.rejectScope === 'sheet');
  const fileRejects = keys((r) => r.status === 'rejected' && r.rejectScope === 'file');
  // a town's row of a town-level sheet, a district statistic, or rows of a list (a revoked village, a register's rows of a town gone)
  const absent = keys((r) => r.status === 'absent' && r.rowLabel === null);
  const statistics = keys((r) => r.status === 'absent' && r.rowLabel !== null && r.sheetKind === '区级统计指标');
  const listed = keys((r) => r.status === 'absent' && r.rowLabel !== null && r.sheetKind !== '区级统计指标');
  const empty = lineage.filter((r) => r.status === 'loaded' && r.contribution === null).length;
  if (rows) parts.push(`被拒绝的行 ${formatNumber(rows)} 行`);
  if (sheets) parts.push(`被拒绝的表 ${formatNumber(sheets)} 张`);
  if (fileRejects) parts.push(`无法读取的文件 ${formatNumber(fileRejects)} 个`);
  if (absent) parts.push(`缺少的镇街行 ${formatNumber(absent)} 处`);
  if (statistics) parts.push(`缺少的统计指标 ${formatNumber(statistics)} 项`);
  if (listed) parts.push(`上年列有、本年缺少的名录行 ${formatNumber(listed)} 处`);
  if (empty) parts.push(`为空的单元格 ${formatNumber(empty)} 处`);
  return parts.length ? parts.join('；') : '无';
}

/** The sources of `ind`'s values in the latest year: the district, then each town (DT). */
function indicatorSection(ctx: SiteContext, lineage: SiteLineage, ind: Indicator, files: SiteFiles, path: string): LineageSectionView {
  const { geography, index, latestYear } = ctx;
  const rows = lineage.byIndicator.get(ind.id) ?? [];
  const places = [{ code: geography.district.code, name: '全区', isDistrict: true }, ...(ind.level === 'DT' ? geography.towns.map((t) => ({ code: t.code, name: t.name, isDistrict: false })) : [])];
  return {
    heading: `数据来源（${latestYear}年）`,
    intro: `${latestYear}年每个数值由哪些填报行算出：工作表、计入的行数和填报科室，以及被拒绝或缺少而未计入的数据。逐行明细（文件、工作表、Excel 行号、所用列和数值）在表下的${latestYear}年数据来源 CSV 和 Excel 文件中；历年的逐行来源见数据下载中的数据来源文件（lineage.parquet），也可在 SQL 查询页查询。`,
    caption: `表 ${latestYear}年${ind.name}各数值的数据来源`,
    columns: [{ text: '地区' }, { text: `${latestYear}年数值`, num: true }, { text: '数据' }, { text: '计入的行（填报科室）' }, { text: '未计入' }],
    rows: places.map((p) => {
      const v = index.get(latestYear, p.code, ind.id);
      const own = valueLineage(rows, latestYear, ind.id, p.isDistrict ? null : p.code);
      return {
        id: `src-${p.code}`,
        cells: [
          p.isDistrict ? text(p.name, { header: true }) : link(p.name, linkFrom(path, townPath(p.code)), { header: true }),
          text(formatValue(p.isDistrict ? ind : townSpec(ind), v?.value ?? null), { num: true }),
          text(completeness(v), { nowrap: true }),
          text(valueSourcesText(valueSources(own)) || MISSING),
          text(leftOut(own)),
        ],
      };
    }),
    downloads: [
      download(files, path, LINEAGE_FILES.csv(ind.id), `指标${ind.id} ${latestYear}年数据来源（CSV）`),
      download(files, path, LINEAGE_FILES.xlsx(ind.id), `指标${ind.id} ${latestYear}年数据来源（Excel）`),
    ],
  };
}

/** The sources of a town's values in the latest year, one row per indicator computed for towns. */
function townSection(ctx: SiteContext, lineage: SiteLineage, code: string, name: string, path: string): LineageSectionView {
  const { plan, index, latestYear } = ctx;
  const town = ctx.geography.byCode.get(code);
  const inds = plan.indicators.filter((i) => (town ? meaningfulFor(i, town) : i.level === 'DT'));
  return {
    heading: `数据来源（${latestYear}年）`,
    intro: `${name}${latestYear}年每项指标的数值由哪些填报行算出；点击指标名称查看逐行明细和下载。`,
    caption: `表 ${latestYear}年${name}各指标的数据来源`,
    columns: [{ text: '指标' }, { text: `${latestYear}年数值`, num: true }, { text: '数据' }, { text: '计入的行（填报科室）' }, { text: '未计入' }],
    rows: inds.map((ind) => {
      const v = index.get(latestYear, code, ind.id);
      const own = valueLineage(lineage.byIndicator.get(ind.id) ?? [], latestYear, ind.id, code);
      return {
        id: `src-${ind.id}`,
        cells: [
          link(`指标${ind.id} ${ind.name.replace(/^全区/, '')}`, `${linkFrom(path, indicatorPath(ind.id))}#src-${code}`, { header: true, star: ind.isBinding }),
          text(formatValue(townSpec(ind), v?.value ?? null), { num: true }),
          text(completeness(v), { nowrap: true }),
          text(valueSourcesText(valueSources(own)) || MISSING),
          text(leftOut(own)),
        ],
      };
    }),
    downloads: [],
  };
}

// ---- the data-quality page ---------------------------------------------------------------

/** Places of a list of values: `全区、黄村镇`, or `全区和各镇街`. */
function placesText(ctx: SiteContext, ind: Indicator, vs: readonly IndicatorValue[]): string {
  const towns = vs.filter((v) => v.geoLevel === 'town');
  const district = vs.some((v) => v.geoLevel === 'district');
  const all = ctx.geography.towns.length;
  if (ind.level === 'DT' && towns.length === all) return district ? '全区和各镇街' : '各镇街';
  if (ind.level === 'DT' && towns.length >= all - 3 && towns.length > all / 2) {
    const have = new Set(towns.map((v) => v.geoCode));
    const others = ctx.geography.towns.filter((t) => !have.has(t.code)).map((t) => t.name).join('、');
    return `${district ? '全区和' : ''}除${others}外的各镇街`;
  }
  return [...(district ? ['全区'] : []), ...towns.map((v) => ctx.geography.byCode.get(v.geoCode)?.name ?? v.geoCode)].join('、');
}

/** Why values are incomplete: the distinct rejected sources and absent rows in their lineage. */
function causes(rows: readonly LineageRow[], ctx: SiteContext, opts: { files?: boolean } = {}): string {
  const out = new Map<string, string>();
  for (const r of rows) {
    if (r.status === 'rejected' && r.rejectScope === 'file' && opts.files === false) continue;
    if (r.status === 'rejected') {
      const where = r.rejectScope === 'file' ? `文件“${r.sourceFile}”无法读取` : r.rejectScope === 'sheet' ? `文件“${r.sourceFile}”工作表“${r.sourceSheet}”整表被拒绝` : `文件“${r.sourceFile}”工作表“${r.sourceSheet}”第 ${r.sourceRow} 行`;
      out.set(`r\u0001${r.sourceFile}\u0001${r.sourceSheet}\u0001${r.sourceRow}`, `${where}（${r.rejectRules ?? ''}）`);
    } else if (r.status === 'absent') {
      const place = absentLabel(r, (c) => ctx.geography.byCode.get(c)?.name);
      out.set(`a\u0001${r.sheetKind}\u0001${r.geoCode}\u0001${r.rowLabel}`, `${r.sheetKind}缺少${place}的行`);
    } else if (r.status === 'loaded' && r.contribution === null) {
      out.set(`e\u0001${r.sourceFile}\u0001${r.sourceSheet}\u0001${r.sourceRow}`, `文件“${r.sourceFile}”工作表“${r.sourceSheet}”第 ${r.sourceRow} 行“${r.columnName}”为空`);
    }
  }
  return [...out.values()].join('；');
}

/** The incomplete figures of every year, per year and indicator, with what makes them so. */
export function incompleteTable(ctx: SiteContext, lineage: SiteLineage, path: string): LinkTable | null {
  const { plan, values } = ctx;
  const rows: Cell[][] = [];
  const notes: string[] = [];
  for (const year of ctx.years) {
    // files that could not be read touch every value of their year: said once under the table, not in each
    // row (a site review: the same four files in all 32 rows of 2025)
    const unread = new Map<string, string>();
    for (const r of lineage.rows) {
      if (r.year === year && r.status === 'rejected' && r.rejectScope === 'file' && r.sourceFile) unread.set(r.sourceFile, `文件“${r.sourceFile}”（${r.rejectRules ?? ''}）`);
    }
    const filesNote = unread.size ? `无法读取的${formatNumber(unread.size)}个文件（见表注）` : '';
    if (unread.size) notes.push(`${year}年${formatNumber(unread.size)}个报送的文件无法读取：${[...unread.values()].join('、')}。内容未知，当年全部指标值都可能受影响，均标为不完整；表中“原因”一栏只写“无法读取的${formatNumber(unread.size)}个文件”，不再逐行列出文件名。`);
    for (const ind of plan.indicators) {
      const vs = values.filter((v) => v.year === year && v.indicatorId === ind.id && !v.isComplete);
      if (vs.length === 0) continue;
      const incomplete = vs.filter((v) => v.numerator !== null);
      const missing = vs.filter((v) => v.numerator === null);
      const lost = (lineage.byIndicator.get(ind.id) ?? []).filter((r) => r.year === year);
      rows.push([
        text(`${year}年`, { nowrap: true }),
        link(`指标${ind.id} ${ind.name}`, linkFrom(path, indicatorPath(ind.id)), { header: true, star: ind.isBinding }),
        text(incomplete.length ? placesText(ctx, ind, incomplete) : MISSING),
        text(missing.length ? placesText(ctx, ind, missing) : MISSING),
        text([causes(lost, ctx, { files: !unread.size }), filesNote].filter(Boolean).join('；另有') || '当年未报送该指标所需的工作表'),
      ]);
    }
  }
  if (rows.length === 0) return null;
  return {
    caption: `表 数据不完整或缺失的指标值（${formatNumber(rows.length)}项）`,
    className: 'problems',
    columns: [{ text: '年度' }, { text: '指标' }, { text: '不完整（由已载入的行算出）' }, { text: '缺失' }, { text: '原因' }],
    rows,
    notes,
  };
}

/** What the latest year's district value of `ind` left out, named (present/incomplete.ts): `2025年全区数值未计入的数据：…。`. */
function indicatorCauses(ctx: SiteContext, lineage: SiteLineage, ind: Indicator): string {
  const v = ctx.index.get(ctx.latestYear, ctx.geography.district.code, ind.id);
  if (!markOf(v).mark) return '';
  const what = causesText(valueCauses(lineage.byIndicator.get(ind.id) ?? [], ctx.geography, ctx.latestYear, ind.id, null));
  return what ? `${ctx.latestYear}年全区数值未计入的数据：${what}。` : '';
}

/** What the latest year's marked values of a town left out, with the indicators each touches. */
function townCauses(ctx: SiteContext, lineage: SiteLineage, code: string): string {
  const marked = ctx.plan.indicators
    .filter((ind) => ind.level === 'DT' && markOf(ctx.index.get(ctx.latestYear, code, ind.id)).mark)
    .map((ind) => ({ indicator: ind, townCode: code }));
  const what = placeCausesText(lineage.rows, ctx.geography, ctx.latestYear, marked);
  const name = ctx.geography.byCode.get(code)?.name ?? code;
  return what ? `${ctx.latestYear}年${name}的数值未计入的数据：${what}。` : '';
}

type IndicatorView = { facts: { label: string; value: string }[]; paragraph: string | null; years?: { rows: { text?: string }[][] } };

/** An indicator page's 期末结论 and paragraph when its final verdict is to be checked. */
function verdictToCheck(ctx: SiteContext, ind: Indicator, view: IndicatorView): Partial<IndicatorView> {
  const latest = ctx.index.get(ctx.latestYear, ctx.geography.district.code, ind.id);
  if (!latest) return {};
  const series = ctx.index.series(ctx.geography.district.code, ind.id);
  const checked = `${latest.verdict}（待核实）`;
  return {
    facts: view.facts.map((x) => (x.label === '期末结论' && latest.verdict ? { ...x, value: checked } : x)),
    paragraph: indicatorParagraph(ctx.plan, ind, latest, series, { toCheck: true }),
    // and the table of years' 结论 (a site review: 完成 there under 完成（待核实） above)
    ...(view.years && latest.verdict
      ? { years: { ...view.years, rows: view.years.rows.map((r) => (r[0]?.text === `${ctx.latestYear}年` ? [...r.slice(0, -1), { ...r[r.length - 1], text: checked }] : r)) } }
      : {}),
  };
}

function checkFacts(ctx: SiteContext, lineage: SiteLineage): CheckFacts {
  return { plan: ctx.plan, geography: ctx.geography, year: ctx.latestYear, values: ctx.index, lost: lineage.rows.filter(isLost), doubtful: ctx.doubtful, sheetRoles: ctx.sheetRoles };
}

/** The indicators whose latest final verdict is to be checked (as withLineage marks their pages): for the search, which says them alike. */
export function verdictsToCheck(ctx: SiteContext, lineage: SiteLineage): Set<number> {
  return new Set(checkedIndicators(verdictChecks(checkFacts(ctx, lineage))).map((ind) => ind.id));
}

/**
 * The pages with their lineage views added: indicator and town pages get `lineage` (the
 * `site-lineage` partial), the method page `incomplete` (the `site-incomplete` partial), the
 * home page the final verdicts to check (`checks`), said on their indicators' pages too.
 */
export function withLineage(ctx: SiteContext, files: SiteFiles, lineage: SiteLineage, specs: readonly SitePageSpec[]): SitePageSpec[] {
  // the verdicts a missing town could turn, as the reports say them (the review: 特困对象集中供养率's
  // 完成 resting on 旧宫镇's rejected row said in the final evaluation, not on the indicator's page)
  const facts = checkFacts(ctx, lineage);
  const checks = verdictChecks(facts);
  const checked = checkedIndicators(checks);
  return specs.map((spec) => {
    const ind = /^indicators\/(\d+)\.html$/.exec(spec.path);
    if (spec.template === 'indicator' && ind) {
      const indicator = ctx.plan.indicatorById.get(Number(ind[1]));
      if (indicator) {
        const view = spec.view as { incomplete?: IncompleteNote | null; doubt?: string | null };
        const incomplete = view.incomplete ? incompleteNote(spec.path, { lineage: true, causes: indicatorCauses(ctx, lineage, indicator) }) : null;
        const absent = absentTownVerdictOf(facts, indicator);
        const risky = checks.risky.find((x) => x.ind.id === indicator.id)?.text;
        const doubt = [view.doubt, absent ? `${absent}。` : null, risky ? `${risky}。` : null].filter(Boolean).join('') || null;
        // a verdict to check is said so beside the box that asks it: 完成（待核实）, not 完成 (the review of the flawed sample)
        const toCheck = checked.includes(indicator) ? verdictToCheck(ctx, indicator, spec.view as IndicatorView) : {};
        return { ...spec, view: { ...spec.view, ...toCheck, lineage: indicatorSection(ctx, lineage, indicator, files, spec.path), incomplete, doubt } };
      }
    }
    const town = /^towns\/([^/]+)\.html$/.exec(spec.path);
    if (spec.template === 'town' && town) {
      const place = ctx.geography.byCode.get(town[1]!);
      if (place) {
        const view = spec.view as { incomplete?: IncompleteNote | null };
        const incomplete = view.incomplete
          ? incompleteNote(spec.path, { lineage: true, causes: townCauses(ctx, lineage, place.code), comparisons: view.incomplete.comparisons })
          : null;
        return { ...spec, view: { ...spec.view, lineage: townSection(ctx, lineage, place.code, place.name, spec.path), incomplete } };
      }
    }
    if (spec.template === 'home') {
      const text = checksSentence(facts, checks);
      const items = checked.map((ind) => ({ text: `指标${ind.id} ${ind.name}`, href: linkFrom(spec.path, indicatorPath(ind.id)) }));
      return text ? { ...spec, view: { ...spec.view, checks: { text: `${text}。`, items } } } : spec;
    }
    // and in the list of indicators, the 期末结论 of those it is to check (the review of the flawed sample: 完成 there, flat)
    if (spec.template === 'indicators') {
      const ids = new Set(checked.map((i) => String(i.id)));
      if (!ids.size) return spec;
      const view = spec.view as { table: { rows: { text?: string }[][] } };
      const rows = view.table.rows.map((r) => (ids.has(r[0]?.text ?? '') ? [...r.slice(0, -1), { ...r.at(-1)!, text: `${r.at(-1)!.text}（待核实）` }] : r));
      return { ...spec, view: { ...spec.view, table: { ...view.table, rows } } };
    }
    if (spec.template === 'method') return { ...spec, view: { ...spec.view, incomplete: incompleteTable(ctx, lineage, spec.path) } };
    return spec;
  });
}
