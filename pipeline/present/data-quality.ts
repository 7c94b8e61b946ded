/** What the reports and pages say about the data a build used: counts, and problems per rule. */
import { rejectPlaces, RULE_LABELS } from '../ingest/ledger.ts';
import { SHEET_BY_NAME, SHEETS } from '../plan/contract.ts';
import type { InputData } from '../ingest/read-inputs.ts';
import { isSpreadsheet } from '../ingest/inputs.ts';
import type { DataTable } from './figures.ts';
import { formatNumber } from '../basics/format.ts';
import type { Place } from '../plan/geography.ts';
import type { Indicator } from '../plan/plan.ts';
import type { LineageRow } from '../warehouse/lineage.ts';
import { townKind } from './phrases.ts';

export interface DataQuality {
  years: number;
  files: number;
  filesRejected: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** What did not pass the checks, as the reports count it: files not read, sheets rejected whole, rows (records) rejected; per year too. */
  rejected: RejectCounts;
  rejectedByYear: ReadonlyMap<number, RejectCounts>;
  /** The year's sheets and records rejected, by the department that fills the sheet (the contract's; a key task's lead unit), in the contract's order. */
  rejectedByDepartment: ReadonlyMap<number, ReadonlyMap<string, RejectCounts>>;
  /** Workbooks of the input not read (outside a year folder…): said apart; other files not read (a note beside the folders) are no problem of the data. */
  notReadWorkbooks: number;
  /** Warnings about the data sent (the records to check): not the sheets not read (`sheetsNotRead`), nor files or folders not read. */
  warnings: number;
  /** Sheets of a year not read at all (one per year and sheet kind, however many towns or rows it warned of). */
  sheetsNotRead: number;
  /** Whether the build published despite rejected data (--accept-rejects). */
  acceptedRejects: boolean;
  /** Problems per rule. */
  byRule: DataTable;
}

/** Rejects by what they left out; each is one 处 of 附录四's problems by kind. */
export interface RejectCounts {
  files: number;
  sheets: number;
  records: number;
}

/**
 * The rejects in words, in one way wherever a report counts them (a review had read 14条记录
 * in the text, 13 in the table and 2张表、10行 under 表1): `4个文件无法读取，2张表整表和11条
 * 记录未通过校验`; '' for none.
 */
export function rejectedText(c: RejectCounts): string {
  const checked = [c.sheets ? `${formatNumber(c.sheets)}张表整表` : '', c.records ? `${formatNumber(c.records)}条记录` : ''].filter(Boolean).join('和');
  return [c.files ? `${formatNumber(c.files)}个文件无法读取` : '', checked ? `${checked}未通过校验` : ''].filter(Boolean).join('，');
}

/**
 * rejectedText with the task ledger's rows among the records said apart, which no figure uses:
 * `2张表整表和11条记录未通过校验（其中重点任务台账1条，不涉及指标）` — 表1's note counts only what
 * its figures lack (a review read 10条 there, 11条 in 四 and 附录四 with no word why).
 */
export function rejectedWithTasksText(c: RejectCounts, taskRows: number): string {
  const text = rejectedText(c);
  if (!text || !taskRows) return text;
  return `${text}${c.records > taskRows ? `（其中重点任务台账${formatNumber(taskRows)}条，不涉及指标）` : '（均为重点任务台账的填报行，不涉及指标）'}`;
}

/** How many of a town's rejected rows its report's 一 names one by one. */
const SHOWN_TOWN_REJECTS = 4;

/**
 * A town's own rows rejected in `year`, what is wrong with each and whom to correct them with,
 * and the town-level sheets without its row, for its report’s 一: `2025年各科室报送的本镇数据中有1行未通过
 * 校验，未计入，本镇“有集中供养需求的特困对象集中供养率”因此缺失或按其余数据计算：《特困人员供养》中本镇一行“已集中
 * 供养人数”（19）大于“有集中供养需求人数”（16）。请会同社会救助科核实改正后重新报送。` (the review of the flawed
 * sample: a town had learnt of its rejected row from a table note alone, as 缺少旧宫镇的数据). The
 * indicators named are those of the report (`listed`); no file names or row numbers (a second reading:
 * 社会工作科_2025.xlsx第4行 in a town head's text). A name filed twice is one entry. '' when there is nothing.
 */
export function townRejectsText(
  data: InputData,
  year: number,
  town: Pick<Place, 'code' | 'type'>,
  listed: readonly Indicator[],
  lost: readonly LineageRow[] = [],
  /** The listed indicators the town has no value of: said 缺失, the others 按其余数据计算 (a site review: 旧宫镇's missing rate said 缺失或按其余数据计算). */
  valueless: ReadonlySet<number> = new Set(),
): string {
  const place = rejectPlaces(data.report);
  const own = data.rejects.filter((r) => {
    if (r.scope !== 'row' || r.row === null) return false;
    const { year: y, kind } = place(r);
    const field = kind ? SHEET_BY_NAME.get(kind)?.columns.find((c) => c.type === 'town')?.field : undefined;
    return y === year && field !== undefined && r.values?.[field] === town.code;
  });
  // a town-level sheet without the town's row at all (not rejected: not sent), its kinds
  const rejectedKinds = new Set(own.map((r) => place(r).kind));
  const yearOf = (file: string) => Number(/^(\d{4})/.exec(file)?.[1] ?? 0);
  const absent = [...new Set(data.warnings
    .filter((w) => w.rule === 'town_missing' && w.townCode === town.code && w.sheetKind !== undefined && !rejectedKinds.has(w.sheetKind) && yearOf(w.file) === year)
    .map((w) => w.sheetKind!))];
  // a sheet rejected whole that held the town's rows (兴丰's 慈善服务站点 in a 补报 file titled 2024年: said only in a table note)
  const wholeSheets = new Map<string, { kind: string; reason: string; file: string; sheet: string }>();
  for (const r of lost) {
    if (r.year !== year || r.status !== 'rejected' || r.rejectScope !== 'sheet' || r.geoCode !== town.code || !r.sheetKind || !SHEET_BY_NAME.has(r.sheetKind)) continue;
    const key = `${r.sourceFile}\u0000${r.sourceSheet}`;
    if (!wholeSheets.has(key)) wholeSheets.set(key, { kind: r.sheetKind, reason: r.rejectRules ?? '', file: r.sourceFile ?? '', sheet: r.sourceSheet ?? '' });
  }
  // which of the listed indicators each lost source touches, from the lineage where it is given (a review: 黄村's one
  // roster row said to touch 12 indicators, the table note naming the 6 it does); else by the sheets they are built on
  const lineageTouches = (match: (r: LineageRow) => boolean): Set<number> | null => {
    if (!lost.length) return null;
    return new Set(lost.filter((r) => r.year === year && (r.geoCode === town.code) && match(r)).map((r) => r.indicatorId));
  };
  // a register's rows of the town (of a type) listed last year, none this year (int_vanished_sources)
  // (or some that operated last year not listed: facility_dropped)
  const gone = data.warnings.filter((w) => (w.rule === 'town_rows_missing' || w.rule === 'facility_dropped') && w.townCode === town.code && w.vanished?.year === year && w.sheetKind !== undefined && SHEET_BY_NAME.has(w.sheetKind));
  if (own.length === 0 && absent.length === 0 && wholeSheets.size === 0 && gone.length === 0) return '';
  const self = `本${townKind(town)}`;
  const department = (k: string) => SHEET_BY_NAME.get(k)!.department;
  // the report's own indicators a sheet feeds, named; a sheet that feeds none of them said so (礼贤镇's
  // 救助床位 row counts in a district-only indicator: '表中标*' had pointed at nothing)
  const touched = (kinds: readonly string[], match?: (r: LineageRow) => boolean) => {
    const ids = match ? lineageTouches(match) : null;
    const inds = listed.filter((ind) => (ids ? ids.has(ind.id) : ind.sourceSheets.some((s) => kinds.includes(s))));
    if (!inds.length) return '不涉及本报告所列的指标，只影响全区的数值';
    const gone = inds.filter((ind) => valueless.has(ind.id));
    const kept = inds.filter((ind) => !valueless.has(ind.id));
    if (inds.length > 3) {
      const n = formatNumber(inds.length);
      if (!gone.length) return `${self}${n}项指标因此按其余数据计算`;
      if (!kept.length) return `${self}${n}项指标因此缺失`;
      return `${self}${n}项指标因此缺失（${formatNumber(gone.length)}项）或按其余数据计算（${formatNumber(kept.length)}项）`;
    }
    const names = (xs: readonly Indicator[]) => xs.map((ind) => `“${ind.name}”`).join('');
    if (!gone.length) return `${self}${names(kept)}因此按其余数据计算`;
    if (!kept.length) return `${self}${names(gone)}因此缺失`;
    return `${self}${names(gone)}因此缺失，${names(kept)}按其余数据计算`;
  };
  const missing = absent.length
    ? `${year}年${absent.map((k) => `${department(k)}汇总的《${k}》`).join('、')}中没有${self}的数据，${touched(absent, (r) => r.status === 'absent' && absent.includes(r.sheetKind ?? ''))}。`
    : '';
  const goneKinds = [...new Set(gone.map((w) => w.sheetKind!))];
  const vanished = gone.length
    ? `${year}年${goneKinds.map((k) => `${department(k)}汇总的《${k}》中${gone.filter((w) => w.sheetKind === k).map((w) => {
      const v = w.vanished!;
      if (!v.allGone) return `${self}${v.lastYear}年运营的${formatNumber(v.lastRows)}个${v.type ?? '设施'}没有列出`;
      return `没有${self}的${v.type ? `${v.type}（${v.lastYear}年列有${formatNumber(v.lastRows)}个）` : `数据（${v.lastYear}年列有${formatNumber(v.lastRows)}行）`}`;
    }).join('，')}`).join('；')}，${touched(goneKinds, (r) => r.status === 'absent' && goneKinds.includes(r.sheetKind ?? ''))}。`
    : '';
  const sheets = [...wholeSheets.values()];
  const whole = sheets.length
    ? `${year}年${sheets.map((e) => `${department(e.kind)}报送的一张《${e.kind}》表整表未通过校验${e.reason ? `（${e.reason}）` : ''}，${sheetRowsText(data, e, self)}未计入`).join('；')}，${touched([...new Set(sheets.map((e) => e.kind))], (r) => r.status === 'rejected' && r.rejectScope === 'sheet' && sheets.some((e) => e.file === r.sourceFile && e.sheet === r.sourceSheet))}。`
    : '';
  const toSend = [...absent, ...goneKinds];
  if (own.length === 0) {
    const fix = sheets.length ? `核实改正${toSend.length ? '、补报' : ''}后重新报送` : '补报';
    return `${missing}${vanished}${whole}请会同${[...new Set([...toSend, ...sheets.map((e) => e.kind)].map(department))].join('、')}${fix}。`;
  }
  // one entry per row, or per name filed twice
  const entries = new Map<string, { kind: string; label: string; rows: number; details: string[]; twice: boolean }>();
  for (const r of own) {
    const kind = place(r).kind!;
    const sheet = SHEET_BY_NAME.get(kind)!;
    const nameField = sheet.columns.find((c) => c.type === 'text' && sheet.key.includes(c.name))?.field;
    const name = nameField ? r.values?.[nameField] : undefined;
    const label = typeof name === 'string' ? `“${name}”` : `${self}一行`;
    const twice = r.rule === 'duplicate_key';
    const key = twice ? `${kind}\u0000${label}` : `${r.file}\u0000${r.sheet}\u0000${r.row}`;
    const e = entries.get(key) ?? { kind, label, rows: 0, details: [], twice };
    if (!entries.has(key)) entries.set(key, e);
    e.rows += 1;
    if (twice) continue;
    // what is wrong: an impossible relation in the message's own words; else the column, what it holds and the rule
    const detail = r.rule === 'impossible_value'
      ? r.message.slice(r.message.indexOf('：') + 1).split(/[，；。]请/)[0]!.replace(/，不可能成立$/, '')
      : `${r.column ? `“${r.column}”` : ''}${r.value ? `填的是“${r.value}”` : ''}（${RULE_LABELS[r.rule] ?? r.rule}）`;
    if (!e.details.includes(detail)) e.details.push(detail);
  }
  const list = [...entries.values()];
  const rowCount = list.reduce((n, e) => n + e.rows, 0);
  const said = (e: (typeof list)[number]) => e.twice
    ? `${department(e.kind)}的《${e.kind}》中${e.label}填报了${formatNumber(e.rows)}次，各处均未计入，需保留一处`
    : `《${e.kind}》中${e.label}${e.details.join('；')}`;
  const shown = list.slice(0, SHOWN_TOWN_REJECTS).map(said);
  const departments = [...new Set([...list.map((x) => x.kind), ...sheets.map((e) => e.kind), ...toSend].map(department))];
  const ownRows = new Set(own.map((r) => `${r.file}\u0000${r.sheet}\u0000${r.row}`));
  return `${missing}${vanished}${whole}${year}年各科室报送的${self}数据中有${formatNumber(rowCount)}行未通过校验，未计入，${touched([...new Set(list.map((x) => x.kind))], (r) => r.status === 'rejected' && ownRows.has(`${r.sourceFile}\u0000${r.sourceSheet}\u0000${r.sourceRow}`))}：${shown.join('；')}${list.length > shown.length ? '等' : ''}。请会同${departments.join('、')}核实改正${toSend.length ? '、补报' : ''}后重新报送。`;
}

/**
 * The rows of a sheet rejected whole, as a town report says them: `表中2行均为本街道的数据`, or
 * `其中有本街道的数据` where the sheet names other towns too (a review: 其中本街道的数据均未计入 read as
 * all of the street's stations lost, where the main sheet had loaded and a 补报 sheet of 2 rows had not).
 */
function sheetRowsText(data: InputData, e: { file: string; sheet: string }, self: string): string {
  const report = data.report.find((r) => r.file === e.file && r.sheet === e.sheet);
  const reject = data.rejects.find((r) => r.scope === 'sheet' && r.file === e.file && r.sheet === e.sheet);
  const only = reject?.towns?.length === 1;
  const rows = report?.rowsRead ?? 0;
  if (rows > 0 && only) return `表中${formatNumber(rows)}行均为${self}的数据，`;
  return `其中有${self}的数据，`;
}

/**
 * The data quality of a build, or of the years up to `upTo` (a year's report speaks only of
 * the data it could have used).
 */
export function dataQuality(data: InputData, acceptedRejects: boolean, upTo?: number): DataQuality {
  const inYears = (year: number | null) => upTo === undefined || (year !== null && year <= upTo);
  const report = data.report.filter((r) => inYears(r.year));
  const yearOfFile = new Map(data.report.map((r) => [r.file, r.year]));
  const yearOf = (file: string) => yearOfFile.get(file) ?? Number(/^(\d{4})/.exec(file)?.[1] ?? 0);
  const ofYears = (file: string) => inYears(yearOf(file));
  const rejects = data.rejects.filter((r) => ofYears(r.file));
  // a town missing from a sheet because its own row was rejected is that row, counted with the
  // rejects, not a second problem (the final review: 旧宫镇 under 数值关系不可能 and again under 缺少镇街)
  const place = rejectPlaces(data.report);
  const rejectedTownRows = new Set(
    rejects.filter((r) => r.scope === 'row').flatMap((r) => {
      const { year, kind } = place(r);
      const field = kind ? SHEET_BY_NAME.get(kind)?.columns.find((c) => c.type === 'town')?.field : undefined;
      const town = field ? r.values?.[field] : undefined;
      return typeof town === 'string' && year !== undefined ? [`${year}\u0001${kind}\u0001${town}`] : [];
    }),
  );
  const knockOn = (w: InputData['warnings'][number]) =>
    w.rule === 'town_missing' && w.sheetKind !== undefined && w.townCode !== undefined && rejectedTownRows.has(`${yearOf(w.file)}\u0001${w.sheetKind}\u0001${w.townCode}`);
  const notRead = new Set<string>();
  const warnings = data.warnings.filter((w) => {
    if (!ofYears(w.file) || knockOn(w)) return false;
    const kind = sheetNotRead(data, w);
    if (kind) notRead.add(kind);
    return !kind;
  });
  // the data to check: not a file or folder that was not read (a missing 2020 folder had read as 需要科室核实的数据1处);
  // those are said by name apart, not among the problems of the data sent (a review read 未读取的文件或文件夹 2 as faults of the departments)
  const toCheck = warnings.filter((w) => w.rule !== 'not_read').length;
  const notReadWorkbooks = warnings.filter((w) => w.rule === 'not_read' && isSpreadsheet(w.file)).length;
  const rejectedByYear = new Map<number, RejectCounts>();
  const byDepartment = new Map<number, Map<string, RejectCounts>>();
  const rejected: RejectCounts = { files: 0, sheets: 0, records: 0 };
  for (const r of rejects) {
    const year = yearOf(r.file);
    const c = rejectedByYear.get(year) ?? { files: 0, sheets: 0, records: 0 };
    const k = r.scope === 'file' ? 'files' : r.scope === 'sheet' ? 'sheets' : 'records';
    c[k]++;
    rejected[k]++;
    rejectedByYear.set(year, c);
    const kind = k === 'files' ? undefined : place(r).kind;
    const lead = kind === '重点任务台账' && typeof r.values?.lead_unit === 'string' ? r.values.lead_unit.trim() : '';
    const dept = lead || (kind ? SHEET_BY_NAME.get(kind)?.department : undefined);
    if (!dept) continue;
    const of = byDepartment.get(year) ?? new Map<string, RejectCounts>();
    const d = of.get(dept) ?? { files: 0, sheets: 0, records: 0 };
    d[k]++;
    of.set(dept, d);
    byDepartment.set(year, of);
  }
  // the departments in the contract's order, others (a task's lead unit) after them
  const order = [...new Set(SHEETS.map((x) => x.department))];
  const rank = (d: string) => (order.includes(d) ? order.indexOf(d) : order.length);
  const rejectedByDepartment = new Map([...byDepartment].map(([y, m]) => [y, new Map([...m].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)))]));
  const counts = new Map<string, { rejects: number; warnings: number }>();
  const bump = (rule: string, k: 'rejects' | 'warnings') => {
    const c = counts.get(rule) ?? { rejects: 0, warnings: 0 };
    c[k]++;
    counts.set(rule, c);
  };
  for (const r of rejects) bump(r.rule, 'rejects');
  for (const w of warnings) if (w.rule !== 'not_read') bump(w.rule, 'warnings');
  // what was left out before what was kept, more before fewer (a review: rows in no particular order)
  const rules = [...counts.keys()].sort((a, b) => {
    const x = counts.get(a)!;
    const y = counts.get(b)!;
    return (y.rejects > 0 ? 1 : 0) - (x.rejects > 0 ? 1 : 0) || y.rejects - x.rejects || y.warnings - x.warnings || (a < b ? -1 : a > b ? 1 : 0);
  });
  const rows = rules.map((r) => [RULE_LABELS[r] ?? r, String(counts.get(r)!.rejects), String(counts.get(r)!.warnings)]);
  if (notRead.size) rows.push([NOT_READ_LABEL, '0', String(notRead.size)]);
  const sum = (k: 'rowsRead' | 'rowsLoaded' | 'rowsRejected') => report.reduce((a, r) => a + r[k], 0);
  return {
    years: upTo === undefined ? data.years.length : data.years.filter((y) => y.year <= upTo).length,
    files: upTo === undefined ? data.files : new Set(report.map((r) => r.file)).size,
    filesRejected: report.filter((r) => r.status === 'file_rejected').length,
    rowsRead: upTo === undefined ? data.rowsRead : sum('rowsRead'),
    rowsLoaded: upTo === undefined ? data.rowsLoaded : sum('rowsLoaded'),
    rowsRejected: upTo === undefined ? data.rowsRejected : sum('rowsRejected'),
    rejected,
    rejectedByYear,
    rejectedByDepartment,
    notReadWorkbooks,
    warnings: toCheck,
    sheetsNotRead: notRead.size,
    acceptedRejects,
    byRule: {
      caption: '表 数据问题分类统计',
      // not 照常计入 for the second: a town missing from a sheet is counted there too, and nothing of it is counted (the final review)
      columns: ['问题类别', '未通过校验、未计入（处）', '需核实（处）'],
      rows,
    },
  };
}

/** The row of the problems by kind that counts the sheets of a year not read (whatever their kind of warning). */
const NOT_READ_LABEL = '未报送或未读到的工作表（每张表计1处）';

/**
 * The year and sheet kind (`2023/人口基础数据`) of a warning that a sheet of the year was not
 * read at all — a list sheet last year had (sheet_missing), or a town-level or fixed-row sheet
 * that no file of the year brought, which warns once per town or row (190 warnings for an
 * empty year: a helper read 缺少镇街 190 as 190 gaps) — or null for a warning about data sent.
 */
function sheetNotRead(data: InputData, w: InputData['warnings'][number]): string | null {
  const year = /^(\d{4})\//.exec(w.file)?.[1];
  if (!year) return null;
  if (w.rule === 'sheet_missing') return `${year}/${w.sheet}`;
  if (w.rule !== 'town_missing' && w.rule !== 'fixed_row_missing') return null;
  // named by the year's folder, not a file: no file or several files brought the kind
  if (w.file !== `${year}/`) return null;
  const kind = w.sheetKind ?? w.sheet;
  const sent = data.report.some((r) => r.year === Number(year) && r.sheetKind === kind && (r.status === 'loaded' || r.status === 'rejected'));
  return sent ? null : `${year}/${kind}`;
}
