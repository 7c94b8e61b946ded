/**
 * Checks across the sheets of one reporting year, once every workbook of the year is parsed
 * (contract §1, §4): duplicate keys over all files, communities against that year's
 * 社区村名录, towns missing from town-level sheets, missing fixed rows; then year-on-year
 * changes against the previous year.
 *
 * Rows rejected here leave the loaded rows and move, in the load report of their file and
 * sheet, from `rowsLoaded` to `rowsRejected`, so rows read = loaded + rejected still holds.
 */
import { formatExact, formatPercent } from '../basics/format.ts';
import { SHEET_BY_NAME, SHEETS, type ColumnSpec, type SheetSpec } from '../plan/contract.ts';
import type { Geography } from '../plan/geography.ts';
import type { ParsedSheet } from './parse-sheet.ts';
import type { RawValue } from '../plan/raw-schema.ts';
import type { LoadedRow, LoadReportRow, Reject, RuleId, Warning } from './records.ts';
import { nameKey } from '../basics/text.ts';
import { quote } from './quote.ts';
import { resolveSection, sectionList, type PlanChapters } from './plan-section.ts';
import { MAX_FILE_PROBLEMS, tooManyProblemsMessage } from './parse-sheet.ts';

/** The sheet that lists each year's communities and villages. */
export const COMMUNITY_SHEET = '社区村名录';

export interface YearData {
  year: number;
  /** Loaded rows per contract sheet name; rows of several files appended (input order). */
  rows: Map<string, LoadedRow[]>;
  /** Every reject of the year: from parsing the sheets and from the checks here. */
  rejects: Reject[];
  /** Every warning of the year, likewise. */
  warnings: Warning[];
  /** The parsed sheets' load-report rows (copies), counts updated for rows rejected here. */
  reports: LoadReportRow[];
}

/** A reject found here, its message made only when it is kept (a file may have 500,000 of them). */
interface PendingReject {
  column: string;
  value: string;
  rule: RuleId;
  message: () => string;
}

interface Entry {
  row: LoadedRow;
  report: LoadReportRow;
  errors?: PendingReject[];
}

function rowAt(row: LoadedRow, column?: string): string {
  return `文件“${row.sourceFile}”工作表“${quote(row.sourceSheet)}”第 ${row.sourceRow} 行${column !== undefined ? `“${column}”列` : ''}：`;
}

/** Comparison key of a row: key columns, names compared with `nameKey`, towns by code. */
export function rowKey(sheet: SheetSpec, row: LoadedRow): string {
  let k = '';
  for (const col of keyColumns(sheet)) {
    const v = row.values[col.field];
    k += (typeof v === 'string' && col.type !== 'town' ? nameKey(v) : String(v)) + '\u0001';
  }
  return k;
}

const KEY_COLUMNS = new Map<SheetSpec, ColumnSpec[]>();
function keyColumns(sheet: SheetSpec): ColumnSpec[] {
  let cols = KEY_COLUMNS.get(sheet);
  if (!cols) {
    cols = sheet.key.map((name) => sheet.columns.find((c) => c.name === name)!);
    KEY_COLUMNS.set(sheet, cols);
  }
  return cols;
}

function show(col: ColumnSpec, v: RawValue | undefined, geography: Geography | undefined): string {
  if (col.type === 'town' && typeof v === 'string') return geography?.byCode.get(v)?.name ?? v;
  if (typeof v === 'number') return formatExact(v);
  return v === null || v === undefined ? '' : quote(String(v));
}

/** Where the other copies of a duplicate are: the first few, then how many more. */
const SHOWN_COPIES = 3;

/** `“设施名称”为“X”、“所在镇街”为“黄村镇”`. */
function keyDescription(sheet: SheetSpec, row: LoadedRow, geography: Geography | undefined): string {
  return sheet.key
    .map((name) => {
      const col = sheet.columns.find((c) => c.name === name)!;
      return `“${name}”为“${show(col, row.values[col.field], geography)}”`;
    })
    .join('、');
}

function keyValues(sheet: SheetSpec, row: LoadedRow, geography: Geography): string {
  return sheet.key
    .map((name) => {
      const col = sheet.columns.find((c) => c.name === name)!;
      return show(col, row.values[col.field], geography);
    })
    .join('、');
}

/**
 * Cross-sheet checks of one year. `sheets` are all parsed sheets of the year, from every
 * workbook, in input order; `plan` gives the chapters a key task may be filed under.
 *
 * Community columns: when the year has no loaded 社区村名录 rows at all (sheet not
 * delivered, or rejected as a whole), every row naming a community is rejected as
 * `unknown_community` with a message saying the directory is missing: the names cannot
 * be checked, and the build should stop until the directory is supplied.
 */
export function validateYear(year: number, sheets: readonly ParsedSheet[], geography: Geography, plan: PlanChapters): YearData {
  const reports = sheets.map((s) => ({ ...s.report }));
  const rejects: Reject[] = sheets.flatMap((s) => s.rejects);
  const warnings: Warning[] = sheets.flatMap((s) => s.warnings);
  const byKind = new Map<string, Entry[]>();
  sheets.forEach((s, i) => {
    if (!byKind.has(s.sheet.name)) byKind.set(s.sheet.name, []);
    for (const row of s.rows) byKind.get(s.sheet.name)!.push({ row, report: reports[i]! });
  });
  const reject = (e: Entry, column: string, value: string, rule: RuleId, message: () => string) =>
    (e.errors ??= []).push({ column, value, rule, message });
  const made = (e: Entry, p: PendingReject): Reject => ({
    file: e.row.sourceFile, sheet: e.row.sourceSheet, row: e.row.sourceRow, column: p.column, value: p.value, rule: p.rule, scope: 'row', message: p.message(), values: e.row.values,
  });

  // Duplicate keys: every copy rejected
  for (const sheet of SHEETS) {
    const entries = byKind.get(sheet.name);
    if (!entries) continue;
    const first = new Map<string, Entry>();
    const repeated = new Map<string, Entry[]>();
    for (const e of entries) {
      const k = rowKey(sheet, e.row);
      const seen = first.get(k);
      if (seen === undefined) first.set(k, e);
      else if (repeated.has(k)) repeated.get(k)!.push(e);
      else repeated.set(k, [seen, e]);
    }
    for (const copies of repeated.values()) {
      const where = (o: Entry, e: Entry) =>
        o.row.sourceFile === e.row.sourceFile && o.row.sourceSheet === e.row.sourceSheet
          ? `第 ${o.row.sourceRow} 行`
          : `文件“${o.row.sourceFile}”工作表“${quote(o.row.sourceSheet)}”第 ${o.row.sourceRow} 行`;
      // The first few other copies are named (a key repeated 100,000 times must not make 100,000² words).
      const shown = copies.slice(0, SHOWN_COPIES + 1);
      for (const e of copies) {
        const others = shown.filter((o) => o !== e).slice(0, SHOWN_COPIES).map((o) => where(o, e));
        const more = copies.length - 1 - others.length;
        reject(
          e, sheet.key.join('、'), keyValues(sheet, e.row, geography), 'duplicate_key',
          () => `${rowAt(e.row)}${keyDescription(sheet, e.row, geography)}的行在 ${year} 年重复填报（共 ${copies.length} 处），另见${others.join('、')}${more > 0 ? ` 等，另有 ${more} 处` : ''}；各处均不予载入，请核实保留哪一行`,
        );
      }
    }
  }

  // Communities: within the row's town, in this year's 社区村名录
  const directory = communityDirectory(byKind.get(COMMUNITY_SHEET) ?? []);
  for (const sheet of SHEETS) {
    const communityCols = sheet.columns.filter((c) => c.type === 'community');
    const townCol = sheet.columns.find((c) => c.type === 'town');
    const entries = byKind.get(sheet.name);
    if (communityCols.length === 0 || !townCol || !entries) continue;
    for (const e of entries) {
      for (const col of communityCols) {
        const name = e.row.values[col.field];
        if (typeof name !== 'string') continue;
        if (directory.size === 0) {
          reject(
            e, col.name, name, 'unknown_community',
            () => `${rowAt(e.row, col.name)}${year} 年没有可用的${COMMUNITY_SHEET}（未提交，或整表被拒绝），无法核对“${quote(name)}”；请先提交当年的${COMMUNITY_SHEET}`,
          );
          continue;
        }
        const town = String(e.row.values[townCol.field]);
        const hit = directory.get(town)?.get(nameKey(name));
        if (hit !== undefined) {
          if (hit !== name) e.row = { ...e.row, values: { ...e.row.values, [col.field]: hit } };
          continue;
        }
        reject(
          e, col.name, name, 'unknown_community',
          () => {
            const elsewhere = [...directory].filter(([, names]) => names.has(nameKey(name))).map(([t]) => geography.byCode.get(t)?.name ?? t);
            const townName = geography.byCode.get(town)?.name ?? town;
            return `${rowAt(e.row, col.name)}“${quote(name)}”不在 ${year} 年${COMMUNITY_SHEET}的${townName}中${elsewhere.length ? `（名录中该名称属于${elsewhere.join('、')}）` : ''}`;
          },
        );
      }
    }
  }

  // Plan chapters (重点任务台账's 规划章节): one of the plan's, however commonly written
  let sections: string | undefined;
  for (const sheet of SHEETS) {
    const cols = sheet.columns.filter((c) => c.planChapter);
    const entries = byKind.get(sheet.name);
    if (cols.length === 0 || !entries) continue;
    for (const e of entries) {
      for (const col of cols) {
        const text = e.row.values[col.field];
        if (typeof text !== 'string' || resolveSection(plan, text) !== null) continue;
        reject(
          e, col.name, text, 'unknown_section',
          () => `${rowAt(e.row, col.name)}“${quote(text)}”不是规划中的章节，应写作“第三部分 一（二）”这样的章节号（可带标题）。规划的章节有：${(sections ??= sectionList(plan))}`,
        );
      }
    }
  }

  // A file with more problems than are listed one by one is rejected as a whole (as when
  // parsing it): its rows are not loaded, its problems replaced by one, with examples.
  const problemsOf = new Map<string, number>();
  for (const r of rejects) problemsOf.set(r.file, (problemsOf.get(r.file) ?? 0) + 1);
  for (const entries of byKind.values()) {
    for (const e of entries) if (e.errors) problemsOf.set(e.row.sourceFile, (problemsOf.get(e.row.sourceFile) ?? 0) + e.errors.length);
  }
  const overflowing = new Set([...problemsOf].filter(([, n]) => n > MAX_FILE_PROBLEMS).map(([f]) => f));
  if (overflowing.size > 0) {
    const examples = new Map<string, string[]>();
    const example = (file: string, message: () => string) => {
      const list = examples.get(file) ?? [];
      if (list.length < 5) list.push(message());
      examples.set(file, list);
    };
    const kept = rejects.filter((r) => {
      if (!overflowing.has(r.file)) return true;
      example(r.file, () => r.message);
      return false;
    });
    rejects.length = 0;
    for (const r of kept) rejects.push(r);
    for (const entries of byKind.values()) {
      for (const e of entries) {
        if (!overflowing.has(e.row.sourceFile)) continue;
        const first = e.errors?.[0];
        if (first) example(e.row.sourceFile, first.message);
        e.errors = [];
      }
    }
    for (const file of overflowing) {
      rejects.push({
        file, sheet: '', row: null, column: '', value: '', rule: 'too_many_problems', scope: 'file',
        message: tooManyProblemsMessage(file, examples.get(file) ?? [], `${year} 年的校验中`),
      });
    }
    for (const r of reports) {
      if (!overflowing.has(r.file)) continue;
      r.status = 'rejected';
      r.rowsRejected = r.rowsRead;
      r.rowsLoaded = 0;
    }
  }

  // Rejected rows leave the loaded rows; the report moves them to rejected
  const rows = new Map<string, LoadedRow[]>();
  for (const [kind, entries] of byKind) {
    const kept: LoadedRow[] = [];
    for (const e of entries) {
      if (!e.errors) {
        kept.push(e.row);
        continue;
      }
      if (overflowing.has(e.row.sourceFile)) continue; // counted above
      for (const p of e.errors) rejects.push(made(e, p));
      e.report.rowsLoaded--;
      e.report.rowsRejected++;
    }
    rows.set(kind, kept);
  }

  // Town-level sheets: every town (or every 镇) has a row
  for (const sheet of SHEETS) {
    if (!sheet.everyTown) continue;
    const townCol = sheet.columns.find((c) => c.type === 'town' && sheet.key.includes(c.name))!;
    const present = new Set((rows.get(sheet.name) ?? []).map((r) => r.values[townCol.field]));
    const delivered = sheets.filter((s) => s.sheet.name === sheet.name);
    const files = [...new Set(delivered.map((s) => s.report.file))];
    const file = files.length === 1 ? files[0]! : `${year}/`;
    const tab = delivered.length === 1 ? delivered[0]!.report.sheet : sheet.name;
    const expected = geography.towns.filter((t) => sheet.everyTown === 'all' || t.type === '镇');
    for (const town of expected) {
      if (present.has(town.code)) continue;
      const why =
        delivered.length === 0
          ? `${year} 年没有提交工作表“${sheet.name}”`
          : delivered.every((s) => s.report.status === 'rejected')
            ? `${year} 年的工作表“${sheet.name}”整表被拒绝`
            : `${year} 年工作表“${sheet.name}”中没有${town.name}的有效数据行（未填报，或该行被拒绝）`;
      warnings.push({
        file, sheet: tab, row: null, column: townCol.name, value: town.name, rule: 'town_missing',
        message: `${why}：${town.name}依赖此表的指标记为缺失，全区数值标为不完整`,
        sheetKind: sheet.name, townCode: town.code,
      });
    }
  }

  // Fixed rows (区级统计指标)
  for (const sheet of SHEETS) {
    if (!sheet.fixedRows) continue;
    const col = sheet.columns.find((c) => c.name === sheet.fixedRows!.column)!;
    const present = new Set((rows.get(sheet.name) ?? []).map((r) => r.values[col.field]));
    const delivered = sheets.filter((s) => s.sheet.name === sheet.name);
    const files = [...new Set(delivered.map((s) => s.report.file))];
    for (const fixed of sheet.fixedRows.values) {
      if (present.has(fixed.name)) continue;
      warnings.push({
        file: files.length === 1 ? files[0]! : `${year}/`,
        sheet: delivered.length === 1 ? delivered[0]!.report.sheet : sheet.name,
        row: null, column: col.name, value: fixed.name, rule: 'fixed_row_missing',
        message: `${year} 年${delivered.length === 0 ? `没有提交工作表“${sheet.name}”，` : `工作表“${sheet.name}”中`}缺少“${col.name}”为“${fixed.name}”（单位：${fixed.unit}）的有效行：依赖它的指标记为缺失`,
        sheetKind: sheet.name,
      });
    }
  }

  return { year, rows, rejects, warnings, reports };
}

/** Town code → name key → name as the directory writes it; built from every loaded row. */
function communityDirectory(entries: readonly Entry[]): Map<string, Map<string, string>> {
  const sheet = SHEET_BY_NAME.get(COMMUNITY_SHEET)!;
  const townCol = sheet.columns.find((c) => c.type === 'town')!;
  const nameCol = sheet.columns.find((c) => c.name === '社区村名称')!;
  const out = new Map<string, Map<string, string>>();
  for (const e of entries) {
    const town = e.row.values[townCol.field];
    const name = e.row.values[nameCol.field];
    if (typeof town !== 'string' || typeof name !== 'string') continue;
    if (!out.has(town)) out.set(town, new Map());
    const names = out.get(town)!;
    if (!names.has(nameKey(name))) names.set(nameKey(name), name);
  }
  return out;
}

export interface CompareOptions {
  /** A change larger than this share of last year's value is a warning (default 0.5). */
  ratio?: number;
  /** Also warn when last year's value was 0 and this year's is not (default false). */
  fromZero?: boolean;
  /**
   * Changes smaller than this many units are not warned (default 5): 1 → 2 persons is
   * +100 % but no typo worth a person's time.
   */
  minDelta?: number;
  geography?: Geography;
}

/**
 * Year-on-year check: for the same key in both years, an integer or decimal value that
 * changes by more than half of last year's value (|curr − prev| > 0.5 × prev) is a
 * `large_change` warning on this year's row, both values in the message. From a previous 0
 * there is no relative change: not warned unless `fromZero` (a facility that opens, a
 * community's first 示范点 are normal, and would bury the typos this check is for).
 * Per cent (完成进度) and year columns are not compared: progress moves a lot by design, and
 * a year is not a quantity. Changes of fewer than `minDelta` units (default 5) are not
 * warned either.
 */
export function compareYears(prev: YearData, curr: YearData, options: CompareOptions = {}): Warning[] {
  const ratio = options.ratio ?? 0.5;
  const minDelta = options.minDelta ?? 5;
  const out: Warning[] = [];
  for (const sheet of SHEETS) {
    const currRows = curr.rows.get(sheet.name);
    const prevRows = prev.rows.get(sheet.name);
    if (!currRows || !prevRows) continue;
    const numeric = sheet.columns.filter((c) => c.type === 'integer' || c.type === 'number');
    if (numeric.length === 0) continue;
    const before = new Map<string, LoadedRow>();
    for (const r of prevRows) {
      const k = rowKey(sheet, r);
      if (!before.has(k)) before.set(k, r);
    }
    for (const row of currRows) {
      const p = before.get(rowKey(sheet, row));
      if (!p) continue;
      for (const col of numeric) {
        const a = p.values[col.field];
        const b = row.values[col.field];
        if (typeof a !== 'number' || typeof b !== 'number' || a === b) continue;
        if (a === 0 && !options.fromZero) continue;
        if (Math.abs(b - a) <= ratio * Math.abs(a) || Math.abs(b - a) < minDelta) continue;
        const change = a === 0 ? '上年为 0' : `${b > a ? '+' : ''}${formatPercent((b - a) / Math.abs(a))}`;
        out.push({
          file: row.sourceFile, sheet: row.sourceSheet, row: row.sourceRow, column: col.name, value: formatExact(b), rule: 'large_change',
          message: `${rowAt(row, col.name)}${keyDescription(sheet, row, options.geography)}的行由 ${prev.year} 年的 ${formatExact(a)} 变为 ${curr.year} 年的 ${formatExact(b)}（${change}），变化超过一半，请核实`,
        });
      }
    }
  }
  return out;
}
