/**
 * Why a published figure is incomplete or missing (data-contract §4, evaluation.md), in
 * words for the reports: the rejected rows, sheets and files, the rows a sheet lacks and the
 * empty cells in the lineage of a value — named by sheet (工作表), department and reason,
 * with the row's own name where it has one; never a file path or a row number (report.md
 * §5: those are in rejects.csv, on the site and in `planeval explain`).
 *
 * Pure: the lineage rows that were not counted (`readLostLineage`), the plan's geography and
 * the contract in, text out.
 */
import { rejectedText } from './data-quality.ts';
import { formatNumber } from '../basics/format.ts';
import { SHEET_BY_NAME } from '../plan/contract.ts';
import type { Geography } from '../plan/geography.ts';
import type { Indicator } from '../plan/plan.ts';
import type { LostKeyTasks } from '../evaluate/key-tasks.ts';
import type { Warning } from '../ingest/records.ts';
import { absentLabel, type LineageRow } from '../warehouse/lineage.ts';
import type { IndicatorValue } from '../evaluate/evaluate.ts';
import { items, quote } from './phrases.ts';
import type { ValueIndex } from './value-index.ts';

/** One thing lost from a value's inputs. */
export interface LostCause {
  /** Identity of the lost source (a file, a sheet, a row, a missing row, an empty cell). */
  key: string;
  kind: 'file' | 'sheet' | 'row' | 'absent' | 'empty';
  /** Contract sheet (null for a file that could not be read). */
  sheetKind: string | null;
  /** Reason in Chinese (`不是数值`); for an empty cell, the column. */
  reason: string;
  /** The row's own name (a facility, a community); for a missing row, the town or statistic lacking. */
  label: string | null;
  /** An empty cell that was written 0 (a population: counted as empty). */
  zero?: boolean;
  /** For a missing row of a town: the town's name, and what of it is missing (a revoked village, a register's type), if more than its row. */
  town?: string;
  item?: string;
}

/** A value computed from the rows that loaded while something lost could change it: shown with the mark (evaluation.md), and so said where the text judges it. */
export function isMarked(v: IndicatorValue | undefined | null): boolean {
  return !!v && !v.isComplete && v.value !== null;
}

/**
 * Whether every figure of a year (district and towns) was made from incomplete data (a file that
 * could not be read): the reports say so once, not after each figure.
 */
export function everyFigureMarked(values: ValueIndex, year: number): boolean {
  const shown = values.ofYear(year).filter((v) => v.value !== null);
  return shown.length > 0 && shown.every(isMarked);
}

/**
 * A comparison of a value whose own figure is complete but made from another that is not
 * (`basisComplete`: last year's value, other towns', the district's, earlier years'): shown
 * with the mark too, since a row lost there can move it (the sixth workbook attack).
 */
export function isComparisonMarked(v: IndicatorValue | undefined | null, of: keyof IndicatorValue['basisComplete']): boolean {
  return shownComplete(v) && v!.basisComplete[of] === false;
}

/**
 * A comparison of `v` with another value `basis` the evaluation does not record (a town's
 * change since the baseline year): marked as isComparisonMarked marks, where `basis` is.
 */
export function isMarkedThrough(v: IndicatorValue | undefined | null, basis: IndicatorValue | undefined | null): boolean {
  return shownComplete(v) && isMarked(basis);
}

/** A value shown whose own figure is complete. */
function shownComplete(v: IndicatorValue | undefined | null): boolean {
  return !!v && v.value !== null && !isMarked(v);
}

/** Whether a lineage row is something lost (rather than a counted input). */
export function isLost(r: LineageRow): boolean {
  return r.status !== 'loaded' || r.contribution === null;
}

function causeOf(r: LineageRow, geography: Geography): LostCause | null {
  if (r.status === 'rejected') {
    const kind = r.rejectScope === 'file' ? 'file' : r.rejectScope === 'sheet' ? 'sheet' : 'row';
    const key = kind === 'file' ? `f\u0001${r.sourceFile}` : kind === 'sheet' ? `s\u0001${r.sourceFile}\u0001${r.sourceSheet}` : `r\u0001${r.sourceFile}\u0001${r.sourceSheet}\u0001${r.sourceRow}`;
    // a row of no known town counts against every town of its sheet: said why (a site review: each town's note
    // listed 新航城街道幸福里社区养老服务驿站（未知镇街） without saying what it had to do with the town)
    const reason = kind === 'row' && r.geoCode === null ? `${(r.rejectRules ?? '').replace('未知镇街', '镇街名称无法识别')}，可能属于任一镇街` : (r.rejectRules ?? '');
    return { key, kind, sheetKind: r.sheetKind, reason, label: kind === 'row' ? r.rowLabel : null };
  }
  if (r.status === 'absent') {
    const label = r.sheetKind === '区级统计指标' ? r.rowLabel : absentLabel(r, (c) => geography.byCode.get(c)?.name);
    // (a list of the district, 慈善信托, has no town: its row alone)
    const town = SHEET_BY_NAME.get(r.sheetKind ?? '')?.columns.some((c) => c.type === 'town') ? geography.byCode.get(r.geoCode ?? '')?.name : undefined;
    return { key: `a\u0001${r.sheetKind}\u0001${r.geoCode}\u0001${r.rowLabel}`, kind: 'absent', sheetKind: r.sheetKind, reason: '', label, town, item: town ? (r.rowLabel ?? undefined) : undefined };
  }
  if (r.contribution === null) {
    // a population of 0 counts as empty (the models' nullif): said as written, not 未填
    return { key: `e\u0001${r.sourceFile}\u0001${r.sourceSheet}\u0001${r.sourceRow}\u0001${r.columnName}`, kind: 'empty', sheetKind: r.sheetKind, reason: r.columnName ?? '', label: r.rowLabel, zero: r.sourceValue !== null && r.sourceValue !== '' && Number(r.sourceValue) === 0 };
  }
  return null;
}

/** The rows of `lost` by year and indicator, indexed once per array (a report asks for every town's values). */
const INDEX = new WeakMap<readonly LineageRow[], Map<string, LineageRow[]>>();

function rowsOf(lost: readonly LineageRow[], year: number, indicatorId: number): readonly LineageRow[] {
  let index = INDEX.get(lost);
  if (!index) {
    index = new Map();
    for (const r of lost) {
      const k = `${r.year}\u0001${r.indicatorId}`;
      if (!index.has(k)) index.set(k, []);
      index.get(k)!.push(r);
    }
    INDEX.set(lost, index);
  }
  return index.get(`${year}\u0001${indicatorId}`) ?? [];
}

/**
 * What was lost from one value: indicator `indicatorId` in `year`, for the town `townCode`
 * (its own rows and those whose town is unknown), or for the district when null (every row).
 * Each source once, in the order of the lineage.
 */
export function valueCauses(lost: readonly LineageRow[], geography: Geography, year: number, indicatorId: number, townCode: string | null): LostCause[] {
  const out = new Map<string, LostCause>();
  for (const r of rowsOf(lost, year, indicatorId)) {
    if (townCode !== null && r.geoCode !== townCode && r.geoCode !== null) continue;
    const c = causeOf(r, geography);
    if (c && !out.has(c.key)) out.set(c.key, c);
  }
  return [...out.values()];
}

const sheetName = (kind: string | null) => {
  if (!kind) return '';
  const dept = SHEET_BY_NAME.get(kind)?.department;
  return `《${kind}》${dept ? `（${dept}）` : ''}`;
};

/** `4个报送的文件无法读取（文件已加密、文件已损坏），内容未知`. */
export function filesText(causes: readonly LostCause[]): string {
  const files = causes.filter((c) => c.kind === 'file');
  if (!files.length) return '';
  // the ledger's rule labels, in a reader's words without brackets (ingest/ledger.ts RULE_LABELS)
  const reasons = [...new Set(files.map((c) => c.reason).filter(Boolean))];
  return `${formatNumber(files.length)}个报送的文件无法读取${reasons.length ? `（${reasons.join('、')}）` : ''}，内容未知`;
}

/** Rows listed by name, at most this many per sheet (then counted). */
const NAMED_ROWS = 3;

/**
 * The causes in words, one clause per sheet (files first), joined by `；`:
 * `《养老服务设施》（养老服务科）2行未通过校验：黄村镇康乐养老服务驿站（不是规定的选项）、…`,
 * `《特困人员供养》（社会救助科）缺少旧宫镇的数据`, `《婚姻登记机关》（社会事务科）1张补报表整表未通过校验（缺少必填列）`.
 */
export function causesText(causes: readonly LostCause[], opts: { files?: boolean } = {}): string {
  const parts: string[] = [];
  if (opts.files !== false) {
    const f = filesText(causes);
    if (f) parts.push(f);
  }
  const kinds = [...new Set(causes.filter((c) => c.kind !== 'file').map((c) => c.sheetKind))];
  for (const kind of kinds) {
    const of = causes.filter((c) => c.sheetKind === kind);
    const clauses: string[] = [];
    const sheets = of.filter((c) => c.kind === 'sheet');
    if (sheets.length) clauses.push(`${formatNumber(sheets.length)}张表整表未通过校验（${[...new Set(sheets.map((c) => c.reason))].join('、')}）`);
    const rows = of.filter((c) => c.kind === 'row');
    if (rows.length) {
      // the same name and reason twice (a key repeated: every copy rejected) is said once, counted
      const named = new Map<string, number>();
      for (const c of rows) named.set(`${c.label}（${c.reason}`, (named.get(`${c.label}（${c.reason}`) ?? 0) + 1);
      clauses.push(named.size <= NAMED_ROWS && rows.every((c) => c.label)
        ? `${formatNumber(rows.length)}行未通过校验：${[...named].map(([k, n]) => `${k}${n > 1 ? `，${formatNumber(n)}行` : ''}）`).join('、')}`
        : `${formatNumber(rows.length)}行未通过校验（${[...new Set(rows.map((c) => c.reason))].join('、')}）`);
    }
    const absent = of.filter((c) => c.kind === 'absent');
    if (absent.length) clauses.push(`缺少${absentText(absent, kind ?? '')}的数据`);
    const empty = of.filter((c) => c.kind === 'empty');
    const unfilled = empty.filter((c) => !c.zero);
    if (unfilled.length) clauses.push(`${formatNumber(unfilled.length)}行${[...new Set(unfilled.map((c) => quote(c.reason)))].join('、')}未填`);
    const zeros = empty.filter((c) => c.zero);
    // a district statistic of 0 (居民人均消费支出: the 17th attack) by its name; a population by its column
    if (zeros.length) clauses.push(kind === '区级统计指标'
      ? `${[...new Set(zeros.map((c) => quote(c.label ?? c.reason)))].join('、')}为0（不能为0，按缺失计）`
      : `${formatNumber(zeros.length)}行${[...new Set(zeros.map((c) => quote(c.reason)))].join('、')}为0（人数不能为0，按缺失计）`);
    parts.push(`${sheetName(kind)}${clauses.join('，')}`);
  }
  return parts.join('；');
}

/** How many towns a list of missing rows names before `等N个镇街`. */
const NAMED_TOWNS = 3;

/**
 * The missing rows of one sheet, what of which town: `兴丰街道、林校路街道、清源街道等19个镇街的养老服务驿站`
 * (a register's rows of 19 towns gone had been named town by town), `亦庄镇的潘家营村`, `黄村镇`.
 */
function absentText(absent: readonly LostCause[], kind: string): string {
  if (kind === '区级统计指标') return absent.map((c) => quote(c.label ?? '')).join('、');
  const groups = new Map<string, LostCause[]>();
  for (const c of absent) {
    const k = c.town ? (c.item ?? '') : `\u0001${c.label}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(c);
  }
  return [...groups].map(([item, cs]) => {
    if (item.startsWith('\u0001')) return cs[0]!.label ?? '';
    const towns = cs.map((c) => c.town!);
    const said = towns.length > NAMED_TOWNS + 1 ? `${towns.slice(0, NAMED_TOWNS).join('、')}等${formatNumber(towns.length)}个镇街` : towns.join('、');
    return item ? `${said}的${item}` : said;
  }).join('、');
}

/**
 * For a set of values (one place's, or one year's), the causes each lost source touches:
 * one entry per cause with the indicators it made incomplete or missing, in plan order —
 * what a footnote names (`…（影响“每千名常住人口养老床位数”“建成运营社区养老服务驿站”）`).
 */
export function causesByIndicator(
  lost: readonly LineageRow[],
  geography: Geography,
  year: number,
  values: readonly { indicator: Indicator; townCode: string | null }[],
): { cause: LostCause; indicators: Indicator[] }[] {
  const out = new Map<string, { cause: LostCause; indicators: Indicator[] }>();
  for (const { indicator, townCode } of values) {
    for (const c of valueCauses(lost, geography, year, indicator.id, townCode)) {
      if (!out.has(c.key)) out.set(c.key, { cause: c, indicators: [] });
      const e = out.get(c.key)!;
      if (!e.indicators.includes(indicator)) e.indicators.push(indicator);
    }
  }
  return [...out.values()];
}

/** A short count of what was lost in some years, for a table note of one line: `4个文件无法读取，2张表、10行未通过校验，2处缺报`. */
export function lostSummary(lost: readonly LineageRow[], geography: Geography, years: readonly number[]): string {
  // a town's row that is absent because it was rejected is the rejected row, not 缺报 as well (the
  // final review: 旧宫镇 sent its row, with 19 housed of 16 in need, and was counted among 2处缺报)
  const place = (r: LineageRow) => `${r.year}\u0001${r.indicatorId}\u0001${r.sheetKind}\u0001${r.geoCode}`;
  const rejectedAt = new Set(lost.filter((r) => r.status === 'rejected' && r.geoCode !== null).map(place));
  const causes = new Map<string, LostCause>();
  for (const r of lost) {
    if (!years.includes(r.year)) continue;
    if (r.status === 'absent' && rejectedAt.has(place(r))) continue;
    const c = causeOf(r, geography);
    if (c) causes.set(c.key, c);
  }
  const all = [...causes.values()];
  const n = (kind: LostCause['kind']) => all.filter((c) => c.kind === kind).length;
  const parts: string[] = [];
  // in the words 附录四 and 四 count rejects in (data-quality.ts)
  const rejected = rejectedText({ files: n('file'), sheets: n('sheet'), records: n('row') });
  if (rejected) parts.push(rejected);
  if (n('absent')) parts.push(`${formatNumber(n('absent'))}处缺报`);
  if (n('empty')) parts.push(`${formatNumber(n('empty'))}处数值未填`);
  return parts.join('，');
}

/**
 * What was left out of a place's marked values in one year, with the indicators each lost
 * source touches: `4个报送的文件无法读取（…），内容未知，各项都可能受影响；《养老服务设施》
 * （养老服务科）1行未通过校验：黄村镇康乐养老服务驿站（不是规定的选项），涉及“每千名常住人口养老床位数”`.
 * Empty when nothing is in the lineage.
 */
export function placeCausesText(
  lost: readonly LineageRow[],
  geography: Geography,
  year: number,
  marked: readonly { indicator: Indicator; townCode: string | null }[],
  name: (ind: Indicator) => string = (ind) => ind.name,
  /** How the note calls all its indicators at once. */
  allOf = '全部标注的指标',
): string {
  const byCause = causesByIndicator(lost, geography, year, marked);
  const files = filesText(byCause.map((e) => e.cause));
  const all = new Set(marked.map((m) => m.indicator.id)).size;
  // the causes of one sheet that touch the same indicators said together: a name filed twice is one
  // entry (a review: 兴丰's 社会工作服务机构 row said twice in its table note)
  const groups = new Map<string, { causes: LostCause[]; indicators: Indicator[] }>();
  for (const e of byCause) {
    if (e.cause.kind === 'file') continue;
    const key = `${e.cause.sheetKind}\u0001${e.indicators.map((i) => i.id).join(',')}`;
    const g = groups.get(key) ?? { causes: [], indicators: e.indicators };
    groups.set(key, g);
    g.causes.push(e.cause);
  }
  const others = [...groups.values()]
    .map((g) => `${causesText(g.causes)}，涉及${g.indicators.length === all && all > 1 ? allOf : g.indicators.map((i) => quote(name(i))).join('')}`);
  return [files ? `${files}，各项都可能受影响` : '', ...others].filter(Boolean).join('；');
}

/**
 * The tasks of last year's ledger that this year's has not (validate-year's task_dropped): a
 * sentence to follow a count of the year's tasks, or null. `nameOf` gives a task's name by its
 * number (last year's ledger). The 16th attack: one left out had left 共48项任务 without a word.
 */
export function droppedTasksSentence(warnings: readonly Warning[], year: number, nameOf: (id: string) => string | undefined): string | null {
  const ids = warnings
    .filter((w) => w.rule === 'task_dropped' && Number(/^(\d{4})/.exec(w.file)?.[1]) === year)
    .flatMap((w) => w.value.split('、').filter(Boolean));
  if (!ids.length) return null;
  const named = ids.slice(0, 3).map((id) => (nameOf(id) ? quote(nameOf(id)!) : `编号为${id}的任务`));
  const sender = SHEET_BY_NAME.get('重点任务台账')!.department;
  return `另有${items(ids.length)}任务${year - 1}年台账中有、${year}年台账中没有（${named.join('、')}${ids.length > 3 ? '等' : ''}），未计入任务统计，需${sender}补报。`;
}

/**
 * The tasks of a year's key-task ledger that no count of tasks includes, their rows (or the
 * ledger sheet) having been rejected: a sentence to follow a count of the year's tasks, or
 * null when nothing of the ledger was rejected. Named by task, at most three.
 */
export function lostTasksSentence(lost: LostKeyTasks, year: number): string | null {
  const parts: string[] = [];
  if (lost.tasks.length) {
    // one entry a task: its rows by number (a number filed twice is one task of 2 rows: the 16th attack
    // read 3项任务 of two tasks), rows without one each their own
    const byTask = new Map<string, { t: LostKeyTasks['tasks'][number]; rows: number; why: string[] }>();
    lost.tasks.forEach((t, i) => {
      const key = t.id ? `#${t.id}` : `${i}`;
      const e = byTask.get(key) ?? { t, rows: 0, why: [] };
      if (!byTask.has(key)) byTask.set(key, e);
      e.rows += 1;
      for (const w of t.why.split('、').filter(Boolean)) if (!e.why.includes(w)) e.why.push(w);
    });
    const tasks = [...byTask.values()];
    // each with why and whose it is to correct: the ledger's sender, with the task's lead unit where another
    // (the review of the flawed sample: named alone, its 120% and 牵头单位 unsaid; the 16th attack: 需养老服务科改正
    // of a row 办公室 had sent)
    const sender = SHEET_BY_NAME.get('重点任务台账')!.department;
    const named = tasks.slice(0, 3).map(({ t, rows, why }) => {
      const name = t.name ? quote(t.name) : t.id ? `编号为${t.id}的任务` : '一项未能读出名称的任务';
      const whom = `需${sender}${t.lead && t.lead !== sender ? `会同${t.lead}` : ''}改正后重新报送`;
      return `${name}${rows > 1 ? `（${formatNumber(rows)}行）` : ''}：${[why.join('、'), whom].filter(Boolean).join('，')}`;
    });
    const rowsSaid = lost.tasks.length > tasks.length ? `（${formatNumber(lost.tasks.length)}行）` : '';
    parts.push(`${year}年重点任务台账中有${items(tasks.length)}任务的填报行${rowsSaid}未通过校验，未计入任务统计（${named.join('；')}${tasks.length > 3 ? '等' : ''}）`);
  }
  if (lost.sheets) parts.push(`${year}年重点任务台账有${items(lost.sheets, '张')}表整表未通过校验，表中的任务均未计入任务统计`);
  return parts.length ? `${parts.join('；')}。` : null;
}
