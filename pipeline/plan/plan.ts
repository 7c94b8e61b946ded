/**
 * The plan as data: metadata, chapter tree and indicators, read from `data/plan/<id>/`
 * and validated at start-up. A new plan is a new folder, not new code.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHEET_BY_NAME } from './contract.ts';
import { parseCsv, type CsvRow } from '../basics/csv.ts';
import { ConfigError } from '../basics/errors.ts';
import { projectPath } from '../basics/paths.ts';

export interface Chapter {
  /** Stable ASCII id: `p3`, `p3-1`, `p3-1-2`. */
  id: string;
  parentId: string | null;
  level: 1 | 2 | 3;
  /** `第三部分`, `一、`, `（二）`. */
  number: string;
  title: string;
  /** Number and title as a heading: `第三部分 “十四五”时期主要任务`, `一、建设…`, `（二）大力…`. */
  heading: string;
  children: Chapter[];
  /** Indicators the plan files under this chapter (directly). */
  indicatorIds: number[];
}

export type TargetOp = '=' | '>=';
export type IndicatorLevel = 'D' | 'DT';

export interface Indicator {
  id: number;
  domain: string;
  subdomain: string;
  name: string;
  unit: string;
  /** The plan's baseline-year value; null only for cumulative indicators (B = 0 then). */
  baseline: number | null;
  /** As printed, to know the printed precision: `30.3`, `0.55`. */
  baselineText: string;
  target: number;
  targetText: string;
  targetOp: TargetOp;
  isBinding: boolean;
  /** As the plan table writes it: `第三部分 一（二）`. */
  planSection: string;
  sectionId: string;
  /** Key of the SQL metric that computes it. */
  metric: string;
  level: IndicatorLevel;
  /** Display decimals. */
  precision: number;
  aggregation: 'ratio' | 'sum';
  isCumulative: boolean;
  /** Maintain target (G = B): judged met or not, no completion progress. */
  isMaintain: boolean;
  definition: string;
  sourceSheets: string[];
  /**
   * Of a source sheet that is a register kept by type (contract `typeColumn`), the types the
   * indicator counts, when not all (养老服务设施 → 养老机构); a sheet not named here counts
   * every type. A type missing from a year makes the indicators that count it missing.
   */
  sourceTypes: Record<string, string[]>;
  /**
   * The absolute gap to the target in the indicator's own terms, `{n}` standing for the
   * amount missing in numerator units (rounded up to a whole unit; `{n.1}`: to one
   * decimal): `还差{n}张床位`, `还需{n}个街镇…`. Null: the generic `距目标还差…`.
   */
  gapPhrase: string | null;
  /**
   * Which towns the indicator means something for at town level: every town (`all`), only
   * 镇 or only 街道 (a village indicator is meaningless for a 街道), or none (a district
   * facility located in one town is not that town's achievement).
   */
  townScope: TownScope;
  /** What the numerator and denominator count, with their units: `养老机构床位（张）`, `常住人口（人）`; null when not given (a sum has no denominator). */
  numeratorLabel: { name: string; unit: string } | null;
  denominatorLabel: { name: string; unit: string } | null;
  /** The department that answers for the indicator (牵头科室); null: the one filling its numerator's sheet. */
  leadUnit: string | null;
}

export type TownScope = 'all' | '镇' | '街道' | 'none';

export interface Plan {
  id: string;
  dir: string;
  title: string;
  shortTitle: string;
  region: string;
  regionCode: string;
  issuers: string[];
  published: string;
  publishedIn: string;
  period: { start: number; end: number };
  /** The plan's period as the documents name it (`十四五`), and the next one's (`十五五`): plan.json's era, next_era, else from a five-year period. */
  era: string;
  nextEra: string;
  baselineYear: number;
  targetYear: number;
  bindingNote: string;
  /** Where the plan's text and its indicator table disagree, per indicator (report appendix, next-plan advice). */
  inconsistencies: { indicatorId: number; text: string }[];
  /** All chapters in document order. */
  chapters: Chapter[];
  /** Top-level parts (第一部分…), each with its children. */
  parts: Chapter[];
  chapterById: Map<string, Chapter>;
  indicators: Indicator[];
  indicatorById: Map<number, Indicator>;
}

export const PLAN_ROOT = projectPath('data', 'plan') + '/';

/** Ids of the plans under `data/plan/`, each a folder with a `plan.json`. */
export function listPlans(root = PLAN_ROOT): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'plan.json')))
    .map((d) => d.name)
    .sort();
}

/**
 * Each plan under `data/plan/` as the help names it: id, title and period from its plan.json
 * alone (a plan whose files are faulty is still listed; `resolvePlan` says what is wrong).
 */
export function planSummaries(root = PLAN_ROOT): { id: string; title: string; period: string }[] {
  return listPlans(root).map((id) => {
    try {
      const meta = JSON.parse(readFileSync(join(root, id, 'plan.json'), 'utf8')) as { title?: unknown; period?: { start?: unknown; end?: unknown } };
      const period = meta.period && typeof meta.period.start === 'number' && typeof meta.period.end === 'number' ? `${meta.period.start}—${meta.period.end}` : '';
      return { id, title: typeof meta.title === 'string' ? meta.title : '', period };
    } catch {
      return { id, title: '', period: '' };
    }
  });
}

/** Load the plan `id`, or the one whose period starts last when no id is given. */
export function resolvePlan(id?: string, root = PLAN_ROOT): Plan {
  const ids = listPlans(root);
  if (id) {
    if (!ids.includes(id)) throw new ConfigError(`找不到规划“${id}”。已有规划：${ids.join('、') || '（无）'}`);
    return loadPlan(join(root, id));
  }
  if (ids.length === 0) throw new ConfigError(`${root} 下没有规划数据（每个规划一个文件夹，内含 plan.json）`);
  const plans = ids.map((i) => loadPlan(join(root, i)));
  return plans.sort((a, b) => b.period.start - a.period.start)[0]!;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`无法读取规划文件 ${file}：${(e as Error).message}`);
  }
}

function csvRows(file: string, columns: string[]): CsvRow[] {
  let rows: CsvRow[];
  try {
    rows = parseCsv(readText(file), file);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError((e as Error).message);
  }
  const missing = rows.length ? columns.filter((c) => !(c in rows[0]!)) : [];
  if (missing.length) throw new ConfigError(`${file}：缺少列 ${missing.join('、')}`);
  return rows;
}

// ---- metadata ---------------------------------------------------------------

function normalizeString(v: unknown, where: string): string {
  if (typeof v !== 'string' || !v.trim()) throw new ConfigError(`${where}：应为非空文本`);
  return v.trim();
}

function normalizeYear(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1949 || v > 2100) throw new ConfigError(`${where}：应为年份，实为 ${JSON.stringify(v)}`);
  return v;
}

function normalizeStrings(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || v.length === 0) throw new ConfigError(`${where}：应为非空文本列表`);
  return v.map((x, i) => normalizeString(x, `${where}[${i}]`));
}

// ---- chapters -----------------------------------------------------------------

const NUMBER_BY_LEVEL: Record<number, RegExp> = {
  1: /^第[一二三四五六七八九十]+部分$/,
  2: /^[一二三四五六七八九十]+、$/,
  3: /^（[一二三四五六七八九十]+）$/,
};

function headingOf(level: number, number: string, title: string): string {
  return level === 1 ? `${number} ${title}` : `${number}${title}`;
}

export function parseChapters(rows: CsvRow[], where: string): Chapter[] {
  const byId = new Map<string, Chapter>();
  const chapters: Chapter[] = [];
  rows.forEach((r, i) => {
    const at = `${where} 第 ${i + 2} 行`;
    const id = r.id!.trim();
    if (!/^p\d+(-\d+)*$/.test(id)) throw new ConfigError(`${at}：章节编号“${id}”格式应如 p3-1-2`);
    if (byId.has(id)) throw new ConfigError(`${at}：章节编号“${id}”重复`);
    const level = Number(r.level);
    if (level !== 1 && level !== 2 && level !== 3) throw new ConfigError(`${at}：层级“${r.level}”应为 1、2 或 3`);
    const parentId = r.parent!.trim() || null;
    if (level === 1 && parentId) throw new ConfigError(`${at}：第一层章节“${id}”不应有上级`);
    let parent: Chapter | undefined;
    if (level > 1) {
      parent = parentId ? byId.get(parentId) : undefined;
      if (!parent) throw new ConfigError(`${at}：章节“${id}”的上级“${parentId ?? ''}”不存在或出现在其后`);
      if (parent.level !== level - 1) throw new ConfigError(`${at}：章节“${id}”的层级与上级“${parentId}”不衔接`);
    }
    const number = r.number!.trim();
    if (!NUMBER_BY_LEVEL[level]!.test(number)) throw new ConfigError(`${at}：序号“${number}”与层级 ${level} 不符`);
    const title = r.title!.trim();
    if (!title) throw new ConfigError(`${at}：标题为空`);
    const ch: Chapter = { id, parentId, level, number, title, heading: headingOf(level, number, title), children: [], indicatorIds: [] };
    parent?.children.push(ch);
    byId.set(id, ch);
    chapters.push(ch);
  });
  return chapters;
}

// ---- indicators -------------------------------------------------------------

const INDICATOR_COLUMNS = [
  'id', 'domain', 'subdomain', 'name', 'unit', 'baseline', 'target', 'target_op', 'binding', 'plan_section',
  'section_id', 'metric', 'level', 'precision', 'aggregation', 'is_cumulative', 'definition', 'source_sheets',
];

function yesNo(v: string, at: string, col: string): boolean {
  if (v === 'Y') return true;
  if (v === 'N') return false;
  throw new ConfigError(`${at}：${col}“${v}”应为 Y 或 N`);
}

function num(v: string, at: string, col: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new ConfigError(`${at}：${col}“${v}”不是数值`);
  return n;
}

export function parseIndicators(rows: CsvRow[], where: string, chapterById: Map<string, Chapter>): Indicator[] {
  const seen = new Map<number, number>();
  const metrics = new Map<string, number>();
  return rows.map((r, i) => {
    const line = i + 2;
    const at = `${where} 第 ${line} 行`;
    const id = Number(r.id);
    if (!Number.isInteger(id) || id <= 0) throw new ConfigError(`${at}：指标序号“${r.id}”应为正整数`);
    if (seen.has(id)) throw new ConfigError(`${at}：指标序号 ${id} 重复（首次出现在第 ${seen.get(id)} 行）`);
    seen.set(id, line);
    const at2 = `${at}（指标 ${id}）`;
    const name = r.name!.trim();
    if (!name) throw new ConfigError(`${at2}：指标名称为空`);
    const isCumulative = yesNo(r.is_cumulative!, at2, 'is_cumulative');
    const baselineText = r.baseline!.trim();
    const baseline = baselineText === '' ? null : num(baselineText, at2, '基期值');
    if (baseline === null && !isCumulative) throw new ConfigError(`${at2}：只有累计性指标可以没有基期值`);
    const targetText = r.target!.trim();
    const target = num(targetText, at2, '目标值');
    const op = r.target_op!.trim();
    if (op !== '=' && op !== '>=') throw new ConfigError(`${at2}：目标比较方式“${op}”应为 = 或 >=`);
    const sectionId = r.section_id!.trim();
    const section = chapterById.get(sectionId);
    if (!section) throw new ConfigError(`${at2}：规划章节“${sectionId}”（${r.plan_section}）在章节表中不存在`);
    const metric = r.metric!.trim();
    if (!/^[a-z][a-z0-9_]*$/.test(metric)) throw new ConfigError(`${at2}：计算口径键“${metric}”应为 snake_case`);
    if (metrics.has(metric)) throw new ConfigError(`${at2}：计算口径键“${metric}”与指标 ${metrics.get(metric)} 重复`);
    metrics.set(metric, id);
    const level = r.level!.trim();
    if (level !== 'D' && level !== 'DT') throw new ConfigError(`${at2}：层级“${level}”应为 D（仅全区）或 DT（全区和镇街）`);
    const precision = Number(r.precision);
    if (!Number.isInteger(precision) || precision < 0 || precision > 4) throw new ConfigError(`${at2}：显示精度“${r.precision}”应为 0—4 的整数`);
    const aggregation = r.aggregation!.trim();
    if (aggregation !== 'ratio' && aggregation !== 'sum') throw new ConfigError(`${at2}：汇总方式“${aggregation}”应为 ratio 或 sum`);
    const sourceSheets = r.source_sheets!.split(';').map((s) => s.trim()).filter(Boolean);
    for (const s of sourceSheets) if (!SHEET_BY_NAME.has(s)) throw new ConfigError(`${at2}：数据来源表“${s}”不在填报数据规范中`);
    if (sourceSheets.length === 0) throw new ConfigError(`${at2}：未列出数据来源表`);
    const sourceTypes = parseSourceTypes(r.source_types ?? '', sourceSheets, at2);
    const gapPhrase = r.gap_phrase?.trim() || null;
    if (gapPhrase !== null && !/\{n(\.\d)?\}/.test(gapPhrase)) throw new ConfigError(`${at2}：差距表述“${gapPhrase}”中没有 {n}（缺少的数量）`);
    const townScope = (r.town_scope?.trim() || 'all') as TownScope;
    if (!['all', '镇', '街道', 'none'].includes(townScope)) throw new ConfigError(`${at2}：镇街适用范围“${townScope}”应为 all、镇、街道 或 none`);
    const label = (text: string | undefined, col: string): { name: string; unit: string } | null => {
      const t = text?.trim() ?? '';
      if (!t) return null;
      const m = /^(.+)（([^（）]+)）$/.exec(t);
      if (!m) throw new ConfigError(`${at2}：${col}“${t}”应写作“名称（单位）”，如“常住人口（人）”`);
      return { name: m[1]!, unit: m[2]! };
    };
    const ind: Indicator = {
      id, domain: r.domain!.trim(), subdomain: r.subdomain!.trim(), name, unit: r.unit!.trim(),
      baseline, baselineText, target, targetText, targetOp: op, isBinding: yesNo(r.binding!, at2, 'binding'),
      planSection: r.plan_section!.trim(), sectionId, metric, level, precision, aggregation, isCumulative,
      isMaintain: baseline !== null && baseline === target,
      definition: r.definition!.trim(), sourceSheets, sourceTypes, gapPhrase, townScope,
      numeratorLabel: label(r.numerator_label, '分子名称'), denominatorLabel: label(r.denominator_label, '分母名称'),
      leadUnit: r.lead_unit?.trim() || null,
    };
    section.indicatorIds.push(id);
    return ind;
  });
}

/** `养老服务设施=养老机构/养老照料中心;福利机构=儿童福利机构`: per source sheet kept by type, the types counted. */
function parseSourceTypes(text: string, sourceSheets: readonly string[], at: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const entry of text.split(';').map((s) => s.trim()).filter(Boolean)) {
    const [sheet = '', list = ''] = entry.split('=').map((s) => s.trim());
    const spec = SHEET_BY_NAME.get(sheet);
    if (!sourceSheets.includes(sheet)) throw new ConfigError(`${at}：计入类型“${entry}”中的“${sheet}”不是本指标的数据来源表`);
    const column = spec?.columns.find((c) => c.name === spec.typeColumn);
    if (!column) throw new ConfigError(`${at}：计入类型“${entry}”：工作表“${sheet}”不按类型填报`);
    const types = list.split('/').map((s) => s.trim()).filter(Boolean);
    if (types.length === 0) throw new ConfigError(`${at}：计入类型“${entry}”应写作“表名=类型/类型”`);
    for (const t of types) if (!column.values?.includes(t)) throw new ConfigError(`${at}：计入类型“${entry}”中的“${t}”不是“${column.name}”的选项（${column.values?.join('/')}）`);
    if (out[sheet]) throw new ConfigError(`${at}：计入类型中工作表“${sheet}”出现两次`);
    out[sheet] = types;
  }
  return out;
}

// ---- the plan -----------------------------------------------------------------

function normalizeInconsistencies(v: unknown, at: string, ids: ReadonlySet<number>): { indicatorId: number; text: string }[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ConfigError(`${at} 应为列表`);
  return v.map((x, i) => {
    const o = (x ?? {}) as Record<string, unknown>;
    const id = Number(o.indicator);
    if (!ids.has(id)) throw new ConfigError(`${at}[${i}]：指标序号“${String(o.indicator)}”不在指标表中`);
    if (typeof o.text !== 'string' || !o.text.trim()) throw new ConfigError(`${at}[${i}]：缺少说明文字 text`);
    return { indicatorId: id, text: o.text.trim() };
  });
}

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 14 → 十四, 20 → 二十, 21 → 二十一 (1–99). */
function chineseNumber(n: number): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 0 ? '' : tens === 1 ? '十' : `${DIGITS[tens]}十`}${DIGITS[ones]}`;
}

/**
 * The names of the plan's period and the next one: plan.json's `era` and `next_era`, else the
 * national five-year plan the period is (the sixth was 1981—1985: 2021—2025 is 十四五, the next
 * 十五五) — the reports had said 十四五 and 十五五 in words whatever the plan.
 */
function planEras(meta: Record<string, unknown>, start: number, end: number, metaFile: string): { era: string; nextEra: string } {
  const given = (v: unknown, key: string) => (v === undefined ? null : normalizeString(v, `${metaFile} ${key}`));
  const era = given(meta.era, 'era');
  const nextEra = given(meta.next_era, 'next_era');
  const n = (start - 1981) / 5 + 6;
  const national = end - start === 4 && Number.isInteger(n) && n >= 6 && n < 99;
  if ((era === null || nextEra === null) && !national) {
    throw new ConfigError(`${metaFile}：规划期 ${start}—${end} 不是国家五年规划的规划期，请写明规划期的简称 era（如“十四五”）和下一规划期的简称 next_era（如“十五五”）`);
  }
  return { era: era ?? `${chineseNumber(n)}五`, nextEra: nextEra ?? `${chineseNumber(n + 1)}五` };
}

export function loadPlan(dir: string): Plan {
  const metaFile = join(dir, 'plan.json');
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(readText(metaFile)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`${metaFile} 不是有效的 JSON：${(e as Error).message}`);
  }
  const period = (meta.period ?? {}) as Record<string, unknown>;
  const files = (meta.files ?? {}) as Record<string, unknown>;
  const chaptersFile = join(dir, normalizeString(files.chapters, `${metaFile} files.chapters`));
  const indicatorsFile = join(dir, normalizeString(files.indicators, `${metaFile} files.indicators`));
  const chapters = parseChapters(csvRows(chaptersFile, ['id', 'parent', 'level', 'number', 'title']), chaptersFile);
  const chapterById = new Map(chapters.map((c) => [c.id, c]));
  const indicators = parseIndicators(csvRows(indicatorsFile, INDICATOR_COLUMNS), indicatorsFile, chapterById);
  const start = normalizeYear(period.start, `${metaFile} period.start`);
  const end = normalizeYear(period.end, `${metaFile} period.end`);
  if (end < start) throw new ConfigError(`${metaFile}：规划期 ${start}—${end} 起止颠倒`);
  const baselineYear = normalizeYear(meta.baseline_year, `${metaFile} baseline_year`);
  const eras = planEras(meta, start, end, metaFile);
  if (baselineYear !== start - 1) throw new ConfigError(`${metaFile}：基期年 ${baselineYear} 应为规划期首年前一年 ${start - 1}`);
  return {
    id: normalizeString(meta.id, `${metaFile} id`),
    dir,
    title: normalizeString(meta.title, `${metaFile} title`),
    shortTitle: normalizeString(meta.short_title, `${metaFile} short_title`),
    region: normalizeString(meta.region, `${metaFile} region`),
    regionCode: normalizeString(meta.region_code, `${metaFile} region_code`),
    issuers: normalizeStrings(meta.issuers, `${metaFile} issuers`),
    published: normalizeString(meta.published, `${metaFile} published`),
    publishedIn: typeof meta.published_in === 'string' ? meta.published_in : '',
    period: { start, end },
    ...eras,
    baselineYear,
    targetYear: normalizeYear(meta.target_year ?? end, `${metaFile} target_year`),
    bindingNote: typeof meta.binding_note === 'string' ? meta.binding_note : '',
    inconsistencies: normalizeInconsistencies(meta.inconsistencies, `${metaFile} inconsistencies`, new Set(indicators.map((i) => i.id))),
    chapters,
    parts: chapters.filter((c) => c.level === 1),
    chapterById,
    indicators,
    indicatorById: new Map(indicators.map((i) => [i.id, i])),
  };
}
