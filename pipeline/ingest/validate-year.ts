/**
 * Checks across the sheets of one reporting year, once every workbook of the year is parsed
 * (contract §1, §4): duplicate keys over all files, communities against that year's
 * 社区村名录, towns missing from town-level sheets, missing fixed rows; then year-on-year
 * changes against the previous year.
 *
 * Rows rejected here leave the loaded rows and move, in the load report of their file and
 * sheet, from `rowsLoaded` to `rowsRejected`, so rows read = loaded + rejected still holds.
 */
import { formatExact, formatPercent, formatTimes } from '../basics/format.ts';
import { SHEET_BY_NAME, SHEETS, type ColumnSpec, type SheetSpec } from '../plan/contract.ts';
import type { Geography } from '../plan/geography.ts';
import type { ParsedSheet } from './parse-sheet.ts';
import type { RawValue } from '../plan/raw-schema.ts';
import type { LoadedRow, LoadReportRow, Reject, RuleId, Warning } from './records.ts';
import { editDistance, keyName, nameKey, radicalsNote } from '../basics/text.ts';
import { quote } from './quote.ts';
import { resolveSection, sectionList, type PlanChapters } from './plan-section.ts';
import { MAX_FILE_PROBLEMS, tooManyProblemsMessage } from './parse-sheet.ts';
import { keptCount, ObjectRows, rowKey, YearRows, type KeptRows, type RowSet } from './row-batch.ts';
import { KeyTable, keyHash } from './key-table.ts';

export { rowKey } from './row-batch.ts';

/** The sheet that lists each year's communities and villages. */
export const COMMUNITY_SHEET = '社区村名录';

export interface YearData {
  year: number;
  /**
   * Loaded rows per contract sheet name; rows of several files appended (input order).
   * Made into objects when asked (`YearRows`); the loader reads them packed.
   */
  rows: ReadonlyMap<string, readonly LoadedRow[]>;
  /** Every reject of the year: from parsing the sheets and from the checks here. */
  rejects: Reject[];
  /** Every warning of the year, likewise. */
  warnings: Warning[];
  /** The parsed sheets' load-report rows (copies), counts updated for rows rejected here. */
  reports: LoadReportRow[];
  /** Files of the year rejected as a whole (unreadable, not xlsx…): a sheet not read may be in one of them. */
  unreadFiles?: readonly string[];
}

/** A year as `validateYear` gives it: the rows packed, made into objects only when asked. */
export interface ValidatedYear extends YearData {
  rows: YearRows;
}

/** A parsed sheet whose rows come packed (from a reading worker) instead of as objects. */
export type PackedSheet = Omit<ParsedSheet, 'rows'> & { rows: RowSet };

/** A reject found here, its message made only when it is kept (a file may have 500,000 of them). */
interface PendingReject {
  column: string;
  value: string;
  rule: RuleId;
  message: () => string;
}

/** One parsed sheet's rows in the checks: its report and the problems found per row index. */
interface Part {
  set: RowSet;
  report: LoadReportRow;
  errors: Map<number, PendingReject[]>;
}

/** A row in the checks: a part and an index into it. */
interface At {
  part: Part;
  i: number;
}

function rowAt(set: RowSet, i: number, column?: string): string {
  return `文件“${set.sourceFile(i)}”工作表“${quote(set.sourceSheet(i))}”第 ${set.sourceRow(i)} 行${column !== undefined ? `“${column}”列` : ''}：`;
}

const KEY_INDICES = new Map<SheetSpec, number[]>();
/** Contract column indices of the key columns. */
function keyIndices(sheet: SheetSpec): number[] {
  let cols = KEY_INDICES.get(sheet);
  if (!cols) {
    cols = sheet.key.map((name) => sheet.columns.findIndex((c) => c.name === name));
    KEY_INDICES.set(sheet, cols);
  }
  return cols;
}

function show(col: ColumnSpec, v: RawValue | undefined, geography: Geography | undefined): string {
  if (col.type === 'town' && typeof v === 'string') return geography?.byCode.get(v)?.name ?? v;
  if (typeof v === 'number') return formatExact(v);
  return v === null || v === undefined ? '' : quote(String(v));
}

/** Where row `o` is, said from row `e`: `第 5 行` in the same sheet, else with its file and sheet. */
function otherRow(o: At, e: At): string {
  const [a, b] = [o.part.set, e.part.set];
  return a.sourceFile(o.i) === b.sourceFile(e.i) && a.sourceSheet(o.i) === b.sourceSheet(e.i)
    ? `第 ${a.sourceRow(o.i)} 行`
    : `文件“${a.sourceFile(o.i)}”工作表“${quote(a.sourceSheet(o.i))}”第 ${a.sourceRow(o.i)} 行`;
}

/** Where the other copies of a duplicate are: the first few, then how many more. */
const SHOWN_COPIES = 3;

/** `“设施名称”为“X”、“所在镇街”为“黄村镇”`. */
function keyDescription(set: RowSet, i: number, geography: Geography | undefined): string {
  const sheet = set.sheet;
  return keyIndices(sheet)
    .map((c) => {
      const shown = show(sheet.columns[c]!, set.value(i, c), geography);
      return `“${sheet.columns[c]!.name}”为“${shown}”${radicalsNote(shown)}`;
    })
    .join('、');
}

/** The district's names as a name's key may begin with them (北京市大兴区, 大兴区), longest first. */
function districtPrefixes(geography: Geography): string[] {
  return [...new Set([...geography.district.aliases, geography.district.name].map((n) => nameKey(n)).filter(Boolean))].sort((a, b) => b.length - a.length);
}

/** A row's key with the district's name taken from the start of each of its names. */
function withoutPrefixes(key: string, prefixes: readonly string[]): string {
  return key.split('\u0001').map((part) => {
    const p = prefixes.find((x) => part.startsWith(x) && part.length > x.length);
    return p === undefined ? part : part.slice(p.length);
  }).join('\u0001');
}

function keyValues(set: RowSet, i: number, geography: Geography): string {
  const sheet = set.sheet;
  return keyIndices(sheet)
    .map((c) => show(sheet.columns[c]!, set.value(i, c), geography))
    .join('、');
}

/**
 * The rows of a sheet kind rejected one by one whose key cells all parsed, by their
 * comparison key (`rowKey`): one entry per row, however many of its cells were rejected.
 */
function rejectedCopies(sheets: readonly (ParsedSheet | PackedSheet)[], sheet: SheetSpec): Map<string, Reject[]> {
  const out = new Map<string, Reject[]>();
  const fields = keyIndices(sheet).map((c) => sheet.columns[c]!.field);
  for (const s of sheets) {
    if (s.sheet.name !== sheet.name) continue;
    const seen = new Set<number>();
    for (const r of s.rejects) {
      if (r.scope !== 'row' || r.row === null || !r.values || seen.has(r.row)) continue;
      seen.add(r.row);
      if (fields.some((f) => r.values![f] === null || r.values![f] === undefined)) continue;
      const key = rowKey(sheet, { values: r.values } as LoadedRow);
      const list = out.get(key);
      if (list) list.push(r);
      else out.set(key, [r]);
    }
  }
  return out;
}

/** A parsed sheet's rows through the one interface the checks read. */
function rowSet(s: ParsedSheet | PackedSheet): RowSet {
  return Array.isArray(s.rows) ? new ObjectRows(s.sheet, s.rows as readonly LoadedRow[]) : (s.rows as RowSet);
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
export function validateYear(
  year: number,
  sheets: readonly (ParsedSheet | PackedSheet)[],
  geography: Geography,
  plan: PlanChapters,
  /** Files of the year rejected as a whole (unreadable, not xlsx…): a sheet not read may be in one of them. */
  unreadFiles: readonly string[] = [],
): ValidatedYear {
  const reports = sheets.map((s) => ({ ...s.report }));
  const rejects: Reject[] = sheets.flatMap((s) => s.rejects);
  const warnings: Warning[] = sheets.flatMap((s) => s.warnings);
  const byKind = new Map<string, Part[]>();
  sheets.forEach((s, i) => {
    if (!byKind.has(s.sheet.name)) byKind.set(s.sheet.name, []);
    byKind.get(s.sheet.name)!.push({ set: rowSet(s), report: reports[i]!, errors: new Map() });
  });
  const reject = (at: At, column: string, value: string, rule: RuleId, message: () => string) => {
    const list = at.part.errors.get(at.i);
    if (list) list.push({ column, value, rule, message });
    else at.part.errors.set(at.i, [{ column, value, rule, message }]);
  };
  const made = (row: LoadedRow, p: PendingReject): Reject => ({
    file: row.sourceFile, sheet: row.sourceSheet, row: row.sourceRow, column: p.column, value: p.value, rule: p.rule, scope: 'row', message: p.message(), values: row.values,
  });

  // Duplicate keys: every copy rejected
  const prefixes = districtPrefixes(geography);
  for (const sheet of SHEETS) {
    const parts = byKind.get(sheet.name);
    if (!parts) continue;
    // Rows numbered over the kind's parts (no object per row: a kind may have 500,000)
    const offsets: number[] = [];
    let count = 0;
    for (const part of parts) {
      offsets.push(count);
      count += part.set.length;
    }
    const atOf = (g: number): At => {
      let k = parts.length - 1;
      while (offsets[k]! > g) k--;
      return { part: parts[k]!, i: g - offsets[k]! };
    };
    // Each key's first row, and every row of a key that repeats, by the first's number (in
    // the order the repeats were found)
    const first = new KeyTable((g) => {
      const e = atOf(g);
      return e.part.set.key(e.i);
    }, count);
    const repeated = new Map<number, number[]>();
    parts.forEach((part, k) => {
      const set = part.set;
      const offset = offsets[k]!;
      for (let i = 0; i < set.length; i++) {
        const seen = first.addOrFind(set.keyHash(i), offset + i);
        if (seen < 0) continue;
        const copies = repeated.get(seen);
        if (copies) copies.push(offset + i);
        else repeated.set(seen, [seen, offset + i]);
      }
    });
    // A copy rejected for a fault of its own (a number that is no number) is still a copy:
    // the one that loaded is not the one to keep until a person decides (contract §4)
    for (const [key, copies] of rejectedCopies(sheets, sheet)) {
      const g = first.get(keyHash(key), key);
      if (g < 0 || repeated.has(g)) continue;
      const e = atOf(g);
      const elsewhere = (r: Reject) =>
        r.file === e.part.set.sourceFile(e.i) && r.sheet === e.part.set.sourceSheet(e.i) ? `第 ${r.row} 行` : `文件“${r.file}”工作表“${quote(r.sheet)}”第 ${r.row} 行`;
      const total = copies.length + 1;
      reject(
        e, sheet.key.join('、'), keyValues(e.part.set, e.i, geography), 'duplicate_key',
        () => `${rowAt(e.part.set, e.i)}${keyDescription(e.part.set, e.i, geography)}的行在 ${year} 年重复填报（共 ${total} 处），另见${copies.slice(0, SHOWN_COPIES).map(elsewhere).join('、')}（该处另有错误，未载入）；各处均不予载入，请核实保留哪一行`,
      );
      for (const r of copies) {
        rejects.push({
          file: r.file, sheet: r.sheet, row: r.row, column: sheet.key.join('、'), value: keyValues(e.part.set, e.i, geography), rule: 'duplicate_key', scope: 'row', values: r.values,
          message: `文件“${r.file}”工作表“${quote(r.sheet)}”第 ${r.row} 行：${keyDescription(e.part.set, e.i, geography)}的行在 ${year} 年重复填报（共 ${total} 处），另见${rowAt(e.part.set, e.i).replace(/：$/, '')}；各处均不予载入，请核实保留哪一行`,
        });
      }
    }
    for (const numbers of repeated.values()) {
      const copies = numbers.map(atOf);
      // The first few other copies are named (a key repeated 100,000 times must not make 100,000² words).
      const shown = copies.slice(0, SHOWN_COPIES + 1);
      for (const e of copies) {
        const others = shown.filter((o) => o !== e).slice(0, SHOWN_COPIES).map((o) => otherRow(o, e));
        const more = copies.length - 1 - others.length;
        reject(
          e, sheet.key.join('、'), keyValues(e.part.set, e.i, geography), 'duplicate_key',
          () => `${rowAt(e.part.set, e.i)}${keyDescription(e.part.set, e.i, geography)}的行在 ${year} 年重复填报（共 ${copies.length} 处），另见${others.join('、')}${more > 0 ? ` 等，另有 ${more} 处` : ''}；各处均不予载入，请核实保留哪一行`,
        );
      }
    }
    // Names that differ only by the district's name before them (北京市大兴区第一社会福利中心 beside
    // 大兴区第一社会福利中心): one place filed twice, each copy rejected as a repeat (the eleventh
    // attack had both counted: the binding 临时救助和长期照料总床位数 160 → 200, complete)
    const loose = new Map<string, number[]>();
    parts.forEach((part, k) => {
      for (let i = 0; i < part.set.length; i++) {
        const key = part.set.key(i);
        if (!prefixes.some((p) => key.includes(p))) continue;
        const stripped = withoutPrefixes(key, prefixes);
        if (stripped !== key) loose.set(stripped, [...(loose.get(stripped) ?? []), offsets[k]! + i]);
      }
    });
    for (const [stripped, prefixed] of loose) {
      const plain = first.get(keyHash(stripped), stripped);
      const group = (plain >= 0 ? [plain, ...prefixed] : prefixed).map(atOf);
      // distinct names only: copies of one name are the repeats above
      if (new Set(group.map((e) => e.part.set.key(e.i))).size < 2) continue;
      for (const e of group) {
        const others = group.filter((o) => o !== e).slice(0, SHOWN_COPIES).map((o) => `${otherRow(o, e)}（${keyValues(o.part.set, o.i, geography)}）`);
        reject(
          e, sheet.key.join('、'), keyValues(e.part.set, e.i, geography), 'duplicate_key',
          () => `${rowAt(e.part.set, e.i)}${keyDescription(e.part.set, e.i, geography)}的行与${others.join('、')}只差名称前的“${geography.district.name}”等地名，像是同一处在 ${year} 年填报了两次；各处均不予载入，请核实保留哪一行`,
        );
      }
    }
  }

  // Communities: within the row's town, in this year's 社区村名录
  const { directory, rejectedHere, revoked } = communityDirectory(byKind.get(COMMUNITY_SHEET) ?? []);
  const lostDirectory = rejectedDirectoryRows(sheets);
  /** The year's 社区村名录 sheets rejected whole (their communities unknown). */
  const rejectedRosters = sheets.filter((s) => s.sheet.name === COMMUNITY_SHEET).flatMap((s) => s.rejects.filter((r) => r.scope === 'sheet').slice(0, 1));
  // rows of the directory rejected by the checks above (a community listed twice): their
  // stations are rejected as for a directory row rejected when read (the workbook review: a
  // duplicate community left its stations loaded, and the warehouse's tests stopped the build)
  for (const [town, names] of rejectedHere) {
    let lost = lostDirectory.get(town);
    if (!lost) lostDirectory.set(town, (lost = new Map()));
    for (const [k, r] of names) if (!lost.has(k)) lost.set(k, r);
  }
  for (const sheet of SHEETS) {
    const communityCols = sheet.columns.flatMap((c, ci) => (c.type === 'community' ? [ci] : []));
    const townCol = sheet.columns.findIndex((c) => c.type === 'town');
    const parts = byKind.get(sheet.name);
    if (communityCols.length === 0 || townCol < 0 || !parts) continue;
    for (const part of parts) {
      const set = part.set;
      for (let i = 0; i < set.length; i++) {
        for (const ci of communityCols) {
          const colName = sheet.columns[ci]!.name;
          const name = set.value(i, ci);
          if (typeof name !== 'string') continue;
          if (directory.size === 0) {
            reject(
              { part, i }, colName, name, 'unknown_community',
              () => `${rowAt(set, i, colName)}${year} 年没有可用的${COMMUNITY_SHEET}（未提交，或整表被拒绝），无法核对“${quote(name)}”；请先提交当年的${COMMUNITY_SHEET}`,
            );
            continue;
          }
          const town = String(set.value(i, townCol));
          const hit = directory.get(town)?.get(nameKey(name));
          if (hit !== undefined) {
            if (hit !== name) set.setText(i, ci, hit);
            // a station of a community the roster gives as revoked before this year: loaded, and
            // not counted where coverage counts the communities that exist (the eleventh attack:
            // three stations at a village revoked in 2022 had loaded without a word)
            const gone = sheet.name !== COMMUNITY_SHEET ? revoked.get(town)?.get(nameKey(name)) : undefined;
            if (gone !== undefined && (gone === null || gone < year)) {
              warnings.push({
                file: set.sourceFile(i), sheet: set.sourceSheet(i), row: set.sourceRow(i), column: colName, value: quote(name), rule: 'revoked_community',
                message: `${rowAt(set, i, colName)}“${quote(hit)}”在 ${year} 年${COMMUNITY_SHEET}中为撤销${gone === null ? '' : `（${gone} 年撤销）`}，本行照常载入，但不计入按存续社区（村）计算的指标；如该站点已随社区（村）撤销，请删除本行；如名录有误，请${SHEET_BY_NAME.get(COMMUNITY_SHEET)?.department ?? '名录的填报科室'}核对`,
              });
            }
            continue;
          }
          // in the directory, but its row there was rejected: said so, not 'not in the directory'
          const lost = lostDirectory.get(town)?.get(nameKey(name));
          if (lost) {
            reject(
              { part, i }, colName, name, 'unknown_community',
              () => `${rowAt(set, i, colName)}“${quote(name)}”在 ${year} 年${COMMUNITY_SHEET}中的行（文件“${lost.file}”工作表“${quote(lost.sheet)}”第 ${lost.row} 行）未通过校验，本行无法核对、不予载入；请先改正名录中的该行`,
            );
            continue;
          }
          reject(
            { part, i }, colName, name, 'unknown_community',
            () => {
              const elsewhere = [...directory].filter(([, names]) => names.has(nameKey(name))).map(([t]) => geography.byCode.get(t)?.name ?? t);
              const townName = geography.byCode.get(town)?.name ?? town;
              // a directory sheet of the year rejected whole may hold it (the workbook review:
              // 兴丰's communities in a rejected sheet were each called not in the directory)
              const unread = rejectedRosters.length
                ? `；本年另有${COMMUNITY_SHEET}工作表整表未载入（${rejectedRosters.slice(0, 2).map((r) => `文件“${r.file}”工作表“${quote(r.sheet)}”`).join('、')}${rejectedRosters.length > 2 ? ' 等' : ''}），该社区（村）可能在其中，请先改正该表`
                : '';
              // the town's one name a character or two away, where the name is not elsewhere (清城家园小区 for 清城家园社区: the eighth workbook attack)
              const near = elsewhere.length ? undefined : nearestName(nameKey(name), directory.get(town));
              // and what to do where nothing above says (the review of the flawed sample)
              const todo = unread || near ? '' : `。请核对${elsewhere.length ? '所在镇街和' : ''}名称是否与名录一致；名称无误的，请${SHEET_BY_NAME.get(COMMUNITY_SHEET)?.department ?? '名录的填报科室'}在名录中补上该社区（村）`;
              return `${rowAt(set, i, colName)}“${quote(name)}”不在 ${year} 年${COMMUNITY_SHEET}的${townName}中${elsewhere.length ? `（名录中该名称属于${elsewhere.join('、')}）` : ''}${near ? `，是否应为“${quote(near)}”？` : ''}${unread}${todo}`;
            },
          );
        }
      }
    }
  }

  // Plan chapters (重点任务台账's 规划章节): one of the plan's, however commonly written
  let sections: string | undefined;
  for (const sheet of SHEETS) {
    const cols = sheet.columns.flatMap((c, ci) => (c.planChapter ? [ci] : []));
    const parts = byKind.get(sheet.name);
    if (cols.length === 0 || !parts) continue;
    for (const part of parts) {
      const set = part.set;
      for (let i = 0; i < set.length; i++) {
        for (const ci of cols) {
          const colName = sheet.columns[ci]!.name;
          const text = set.value(i, ci);
          if (typeof text !== 'string' || resolveSection(plan, text) !== null) continue;
          reject(
            { part, i }, colName, text, 'unknown_section',
            () => `${rowAt(set, i, colName)}“${quote(text)}”不是规划中的章节，应写作“第三部分 一（二）”这样的章节号（可带标题）。规划的章节有：${(sections ??= sectionList(plan))}`,
          );
        }
      }
    }
  }

  /** Rows with problems found here, in row order (the order the problems are listed in). */
  const withErrors = (part: Part): number[] => [...part.errors.keys()].sort((a, b) => a - b);

  // A file with more problems than are listed one by one is rejected as a whole (as when
  // parsing it): its rows are not loaded, its problems replaced by one, with examples.
  const problemsOf = new Map<string, number>();
  for (const r of rejects) problemsOf.set(r.file, (problemsOf.get(r.file) ?? 0) + 1);
  for (const parts of byKind.values()) {
    for (const part of parts) {
      for (const [i, errors] of part.errors) problemsOf.set(part.set.sourceFile(i), (problemsOf.get(part.set.sourceFile(i)) ?? 0) + errors.length);
    }
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
    for (const parts of byKind.values()) {
      for (const part of parts) {
        for (const i of withErrors(part)) {
          const file = part.set.sourceFile(i);
          if (overflowing.has(file)) example(file, part.errors.get(i)![0]!.message);
        }
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
  const keptParts = new Map<string, KeptRows[]>();
  for (const [kind, parts] of byKind) {
    const list: KeptRows[] = [];
    for (const part of parts) {
      const set = part.set;
      if (part.errors.size === 0 && overflowing.size === 0) {
        list.push({ set, indices: null });
        continue;
      }
      const indices: number[] = [];
      for (let i = 0; i < set.length; i++) {
        const errors = part.errors.get(i);
        if (overflowing.has(set.sourceFile(i))) continue; // counted above
        if (!errors) {
          indices.push(i);
          continue;
        }
        const row = set.row(i);
        for (const p of errors) rejects.push(made(row, p));
        part.report.rowsLoaded--;
        part.report.rowsRejected++;
      }
      list.push({ set, indices: indices.length === set.length ? null : Int32Array.from(indices) });
    }
    keptParts.set(kind, list);
  }
  const rows = new YearRows(keptParts, year);

  /** A kind no sheet of the year brought: not submitted, or perhaps in a file that could not be read. */
  const notDelivered = (kind: string) =>
    unreadFiles.length === 0
      ? `${year} 年没有提交工作表“${kind}”`
      : `${year} 年没有读到工作表“${kind}”（${unreadFiles.slice(0, 3).map((f) => `“${f}”`).join('、')}${unreadFiles.length > 3 ? ` 等 ${unreadFiles.length} 个文件` : ''}整个被拒绝，其中可能有此表）`;

  // Town-level sheets: every town (or every 镇) has a row
  for (const sheet of SHEETS) {
    if (!sheet.everyTown) continue;
    const townCol = sheet.columns.findIndex((c) => c.type === 'town' && sheet.key.includes(c.name));
    const present = keptValues(rows.has(sheet.name) ? rows.kept(sheet.name) : [], townCol);
    const delivered = sheets.filter((s) => s.sheet.name === sheet.name);
    const files = [...new Set(delivered.map((s) => s.report.file))];
    const file = files.length === 1 ? files[0]! : `${year}/`;
    const tab = delivered.length === 1 ? delivered[0]!.report.sheet : sheet.name;
    const expected = geography.towns.filter((t) => sheet.everyTown === 'all' || t.type === '镇');
    for (const town of expected) {
      if (present.has(town.code)) continue;
      const why =
        delivered.length === 0
          ? notDelivered(sheet.name)
          : delivered.every((s) => s.report.status === 'rejected')
            ? `${year} 年的工作表“${sheet.name}”整表被拒绝`
            : `${year} 年工作表“${sheet.name}”中没有${town.name}的有效数据行（未填报，或该行被拒绝）`;
      warnings.push({
        file, sheet: tab, row: null, column: sheet.columns[townCol]!.name, value: town.name, rule: 'town_missing',
        // no town's row at all: the district's values built on the sheet have nothing to stand on either
        // (the 17th attack: 22 warnings said 全区数值标为不完整 where the district's were missing)
        message: `${why}：${town.name}依赖此表的指标记为缺失，${present.size === 0 ? '全区的同样缺失' : '全区数值标为不完整'}`,
        sheetKind: sheet.name, townCode: town.code,
      });
    }
  }

  // A count that is not 0 where known (a town's population): warned row by row, the value kept
  // (a contract-valid 0 gives the town's ratios over it no value; the fifth attack: no stop)
  for (const sheet of SHEETS) {
    const zeroCols = sheet.columns.flatMap((c, ci) => (c.warnZero ? [ci] : []));
    if (zeroCols.length === 0 || !rows.has(sheet.name)) continue;
    forKept(rows.kept(sheet.name), (set, i) => {
      for (const ci of zeroCols) {
        if (set.value(i, ci) !== 0) continue;
        const col = sheet.columns[ci]!;
        warnings.push({
          file: set.sourceFile(i), sheet: set.sourceSheet(i), row: set.sourceRow(i), column: col.name, value: '0', rule: 'zero_count',
          message: `${rowAt(set, i, col.name)}${keyDescription(set, i, geography)}的${col.name}为 0：以它为分母的指标该行没有数值（记为缺失）。如为漏填，请填写实际人数或填“—”后重新提交`,
        });
      }
    });
  }

  // Fixed rows (区级统计指标)
  for (const sheet of SHEETS) {
    if (!sheet.fixedRows) continue;
    const ci = sheet.columns.findIndex((c) => c.name === sheet.fixedRows!.column);
    const col = sheet.columns[ci]!;
    const present = keptValues(rows.has(sheet.name) ? rows.kept(sheet.name) : [], ci);
    const delivered = sheets.filter((s) => s.sheet.name === sheet.name);
    const files = [...new Set(delivered.map((s) => s.report.file))];
    for (const fixed of sheet.fixedRows.values) {
      if (present.has(fixed.name)) continue;
      warnings.push({
        file: files.length === 1 ? files[0]! : `${year}/`,
        sheet: delivered.length === 1 ? delivered[0]!.report.sheet : sheet.name,
        row: null, column: col.name, value: fixed.name, rule: 'fixed_row_missing',
        message: `${delivered.length === 0 ? `${notDelivered(sheet.name)}，` : `${year} 年工作表“${sheet.name}”中`}缺少“${col.name}”为“${fixed.name}”（单位：${fixed.unit}）的有效行：依赖它的指标记为缺失`,
        sheetKind: sheet.name,
      });
    }
  }

  warnings.push(...namesInTwoTowns(rows, geography));
  return { year, rows, rejects, warnings, reports, unreadFiles };
}

/**
 * One name under two towns in a list of a year, with the same figures (大兴区第一社会福利中心,
 * 352 beds, under 黄村镇 in one workbook and 榆垡镇 in the other): one place filed twice, or two
 * places that share a name and a size.
 * Its key (name and town) differs, so both had been counted, the district's beds 352 more,
 * without a word (the thirteenth attack). Warned, not rejected: chains and villages of one
 * name in two towns are real. Names compared as keys are (the district's name before them
 * left out); the community register and the lists of a community's stations, whose names
 * repeat across towns by nature (晨光社区志愿服务站 in 兴丰 and in 林校路), aside.
 */
function namesInTwoTowns(rows: YearRows, geography: Geography): Warning[] {
  const out: Warning[] = [];
  const prefixes = districtPrefixes(geography);
  for (const sheet of SHEETS) {
    if (sheet.everyTown || sheet.fixedRows || sheet.name === COMMUNITY_SHEET || !rows.has(sheet.name)) continue;
    const townCol = sheet.columns.findIndex((c) => c.type === 'town');
    const nameCol = sheet.columns.findIndex((c) => c.type === 'text' && sheet.key.includes(c.name));
    // a station of a community is named after it, and communities' names repeat across towns
    if (townCol < 0 || nameCol < 0 || sheet.columns.some((c) => c.type === 'community')) continue;
    const numeric = sheet.columns.flatMap((c, ci) => (c.type === 'integer' || c.type === 'number' ? [ci] : []));
    const first = new Map<string, { town: string; set: RowSet; i: number }>();
    const said = new Set<string>();
    forKept(rows.kept(sheet.name), (set, i) => {
      const name = set.value(i, nameCol);
      const town = set.value(i, townCol);
      if (typeof name !== 'string' || typeof town !== 'string') return;
      const key = withoutPrefixes(keyName(name), prefixes);
      const seen = first.get(key);
      if (!seen) {
        first.set(key, { town, set, i });
        return;
      }
      // the same figures too: a copy (两处同名的 中心驿站 with beds of their own are no news); or a
      // name under the district's own (大兴区第一社会福利中心), one place of the district whatever
      // its figures (the 17th attack: a copy under 榆垡镇 with 300 beds against 黄村镇's 352, silent)
      const sameFigures = numeric.every((c) => seen.set.value(seen.i, c) === set.value(i, c));
      const districts = [name, seen.set.value(seen.i, nameCol)].some((n) => typeof n === 'string' && withoutPrefixes(keyName(n), prefixes) !== keyName(n));
      if (seen.town === town || said.has(`${key}\u0000${town}`) || !(sameFigures || districts)) return;
      said.add(`${key}\u0000${town}`);
      const townName = (code: string) => geography.byCode.get(code)?.name ?? code;
      const other = otherRow({ part: { set: seen.set } as Part, i: seen.i }, { part: { set } as Part, i });
      const kind = sheet.grain.replace(/^每个(.+)一行.*$/, '$1');
      out.push({
        file: set.sourceFile(i), sheet: set.sourceSheet(i), row: set.sourceRow(i), column: sheet.columns[nameCol]!.name, value: quote(name), rule: 'same_name_two_towns',
        message: sameFigures
          ? `${rowAt(set, i, sheet.columns[nameCol]!.name)}“${quote(name)}”在${townName(town)}，而${other}的同名、数值相同的一行在${townName(seen.town)}：两行都已计入。如是同一处填报了两次，请删除其中一行；如是两处同名的${kind}，可不处理`
          : `${rowAt(set, i, sheet.columns[nameCol]!.name)}“${quote(name)}”在${townName(town)}，而${other}的同名一行在${townName(seen.town)}，数值不同：名称冠以区名，应是全区的一处，两行都已计入。请核实它在哪个镇街、数值是多少，删除多余的一行后重新提交`,
      });
    });
  }
  return out;
}

/** The values of column `c` over kept rows. */
function keptValues(parts: readonly KeptRows[], c: number): Set<RawValue | undefined> {
  const out = new Set<RawValue | undefined>();
  for (const { set, indices } of parts) {
    if (indices === null) for (let i = 0; i < set.length; i++) out.add(set.value(i, c));
    else for (const i of indices) out.add(set.value(i, c));
  }
  return out;
}

/** The 社区村名录 rows rejected one by one whose town and name parsed: town code → name key → the reject. */
function rejectedDirectoryRows(sheets: readonly (ParsedSheet | PackedSheet)[]): Map<string, Map<string, Pick<Reject, 'file' | 'sheet' | 'row'>>> {
  const out = new Map<string, Map<string, Pick<Reject, 'file' | 'sheet' | 'row'>>>();
  for (const s of sheets) {
    if (s.sheet.name !== COMMUNITY_SHEET) continue;
    for (const r of s.rejects) {
      const town = r.values?.town;
      const name = r.values?.community_name;
      if (r.scope !== 'row' || typeof town !== 'string' || typeof name !== 'string') continue;
      let names = out.get(town);
      if (!names) out.set(town, (names = new Map()));
      if (!names.has(nameKey(name))) names.set(nameKey(name), r);
    }
  }
  return out;
}

/**
 * The directory of the year from the rows of 社区村名录 the checks so far kept (town code → name
 * key → name as the directory writes it), and the rows they rejected (town code → name key →
 * where the row is).
 */
function communityDirectory(parts: readonly Part[]): {
  directory: Map<string, Map<string, string>>; rejectedHere: Map<string, Map<string, Pick<Reject, 'file' | 'sheet' | 'row'>>>;
  /** Communities the roster gives as 撤销, with the year (null where none is given), by town and name key. */
  revoked: Map<string, Map<string, number | null>>;
} {
  const sheet = SHEET_BY_NAME.get(COMMUNITY_SHEET)!;
  const townCol = sheet.columns.findIndex((c) => c.type === 'town');
  const nameCol = sheet.columns.findIndex((c) => c.name === '社区村名称');
  const statusCol = sheet.columns.findIndex((c) => c.field === 'status');
  const yearCol = sheet.columns.findIndex((c) => c.field === 'revoked_year');
  const revoked = new Map<string, Map<string, number | null>>();
  const directory = new Map<string, Map<string, string>>();
  const rejectedHere = new Map<string, Map<string, Pick<Reject, 'file' | 'sheet' | 'row'>>>();
  for (const { set, errors } of parts) {
    for (let i = 0; i < set.length; i++) {
      const town = set.value(i, townCol);
      const name = set.value(i, nameCol);
      if (typeof town !== 'string' || typeof name !== 'string') continue;
      const k = nameKey(name);
      if (errors.has(i)) {
        let lost = rejectedHere.get(town);
        if (!lost) rejectedHere.set(town, (lost = new Map()));
        if (!lost.has(k)) lost.set(k, { file: set.sourceFile(i), sheet: set.sourceSheet(i), row: set.sourceRow(i) });
        continue;
      }
      let names = directory.get(town);
      if (!names) directory.set(town, (names = new Map()));
      if (!names.has(k)) names.set(k, name);
      if (statusCol >= 0 && set.value(i, statusCol) === '撤销') {
        const y = yearCol >= 0 ? set.value(i, yearCol) : null;
        let gone = revoked.get(town);
        if (!gone) revoked.set(town, (gone = new Map()));
        gone.set(k, typeof y === 'number' ? y : null);
      }
    }
  }
  return { directory, rejectedHere, revoked };
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
  /**
   * For a sheet the year before did not bring (its workbook not sent): the latest earlier year's
   * kept rows of it, which this year's are weighed against instead (the 17th attack: 2023's 慈善
   * workbook missing, 2024's trusts in 元 for 万元 — 410,000 万元 — passed without a word, and the
   * warnings fell on 2025's correct rows). read-inputs.ts keeps them (`carriedRows`).
   */
  earlier?: ReadonlyMap<string, EarlierRows>;
}

/** A sheet's kept rows of an earlier year, kept past that year's release for the next year that brings the sheet. */
export interface EarlierRows {
  year: number;
  kept: readonly KeptRows[];
  /** A sheet of the kind, or a file, rejected that year: a row may be new only for being in it. */
  lostBefore: boolean;
}

/** Whether a year lost a sheet of a kind or a file: its rows are not all there to compare with. */
function lostIn(data: YearData, sheet: SheetSpec): boolean {
  return data.rejects.some((r) => r.scope === 'file') || data.reports.some((r) => r.sheetKind === sheet.name && r.status === 'rejected');
}

/**
 * After comparing `curr` with `prev`, the rows to keep for later years (`CompareOptions.earlier`):
 * a sheet `curr` lacks and `prev` had is kept from `prev`; one `curr` has is compared with `curr`
 * next year and dropped; one neither has stays as it was.
 */
export function carriedRows(carried: Map<string, EarlierRows>, prev: YearData | undefined, curr: YearData): void {
  // a year without any sheet (its folder empty or missing) ends the comparisons across it, as before:
  // two years' growth over one missing department's year is one thing, over a whole year's gap the
  // reports already say the year lacks data (and a change of more than half is more often real)
  if (!SHEETS.some((sheet) => keptOf(curr, sheet))) {
    carried.clear();
    return;
  }
  for (const sheet of SHEETS) {
    if (keptOf(curr, sheet)) carried.delete(sheet.name);
    else {
      const kept = prev && keptOf(prev, sheet);
      if (kept) carried.set(sheet.name, { year: prev.year, kept, lostBefore: lostIn(prev, sheet) });
    }
  }
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
  out.push(...emptiedLists(prev, curr));
  out.push(...droppedCommunities(prev, curr, options.geography));
  out.push(...revivedCommunities(prev, curr));
  out.push(...changedRevocations(prev, curr));
  out.push(...vanishedTowns(prev, curr, options.geography));
  out.push(...keyTaskChanges(prev, curr));
  out.push(...droppedTrusts(prev, curr));
  out.push(...droppedFacilities(prev, curr, options.geography));
  out.push(...repeatedSheets(prev, curr));
  for (const sheet of SHEETS) {
    const currRows = keptOf(curr, sheet);
    // the year before without the sheet: the latest earlier year with it
    const own = keptOf(prev, sheet);
    const earlier = own ? null : options.earlier?.get(sheet.name) ?? null;
    const prevRows = own ?? earlier?.kept;
    const prevYear = earlier ? earlier.year : prev.year;
    if (!currRows || !prevRows) continue;
    const numeric = sheet.columns.flatMap((c, ci) => (c.type === 'integer' || c.type === 'number' ? [ci] : []));
    if (numeric.length === 0) continue;
    // Last year's kept rows by key (the first of a key), numbered in order: n → its set and its row
    const prevCount = prevRows.reduce((sum, p) => sum + keptCount(p), 0);
    const partOf = new Int32Array(prevCount);
    const rowOf = new Int32Array(prevCount);
    const before = new KeyTable((n) => prevRows[partOf[n]!]!.set.key(rowOf[n]!), prevCount);
    prevRows.forEach(({ set, indices }, k) => {
      const each = (i: number) => {
        const n = before.size;
        partOf[n] = k;
        rowOf[n] = i;
        before.addOrFind(set.keyHash(i), n);
      };
      if (indices === null) for (let i = 0; i < set.length; i++) each(i);
      else for (const i of indices) each(i);
    });
    // a list's largest value of each number column last year: what a new row is weighed against;
    // not where a sheet of its kind, or a file, was rejected last year: a row may be "new" only for
    // being in it (52 facilities of a 2023 sheet rejected for a doubled column had each been
    // warned in 2024 as new and ten times the largest left, the 驿站's 6 beds: the eighth workbook attack)
    const lostBefore = earlier ? earlier.lostBefore : lostIn(prev, sheet);
    // of a register with types, of the row's own type: a 养老机构 of 352 beds is no typo beside the
    // 驿站's 6, and where last year had none of its type (its workbook missing) nothing to weigh it
    // against (the eleventh attack: every home of 2025 warned as new beside 2024's 驿站 alone)
    const typeAt = sheet.typeColumn === undefined ? -1 : sheet.columns.findIndex((c) => c.name === sheet.typeColumn);
    const typeOf = (set: RowSet, i: number) => (typeAt < 0 ? '' : String(set.value(i, typeAt) ?? ''));
    const largest = sheet.everyTown || sheet.fixedRows || lostBefore ? null : new Map<string, number[]>();
    if (largest) {
      forKept(prevRows, (set, i) => {
        const type = typeOf(set, i);
        let max = largest.get(type);
        if (!max) largest.set(type, (max = numeric.map(() => 0)));
        numeric.forEach((ci, k) => {
          const v = set.value(i, ci);
          if (typeof v === 'number' && v > max![k]!) max![k] = v;
        });
      });
    }
    forKept(currRows, (set, i) => {
      const found = before.get(set.keyHash(i), set.key(i));
      if (found < 0) {
        const max = largest?.get(typeOf(set, i));
        if (max) out.push(...outsizedNewRow(set, i, sheet, numeric, max, prevYear, curr.year, minDelta, options.geography, typeOf(set, i)));
        return;
      }
      const p = { set: prevRows[partOf[found]!]!.set, i: rowOf[found]! };
      for (const ci of numeric) {
        const a = p.set.value(p.i, ci);
        const b = set.value(i, ci);
        if (typeof a !== 'number' || typeof b !== 'number' || a === b) continue;
        if (a === 0 && !options.fromZero) continue;
        if (Math.abs(b - a) <= ratio * Math.abs(a) || Math.abs(b - a) < minDelta) continue;
        const col = sheet.columns[ci]!;
        // a jump of twice and more said as so many times (a review: +1332.7% for a digit typed twice)
        const change = a === 0 ? `${earlier ? `${prevYear} 年` : '上年'}为 0` : a > 0 && b / a >= 2 ? `约为${earlier ? ` ${prevYear} 年` : '上年'}的 ${formatTimes(b / a)} 倍` : `${b > a ? '+' : ''}${formatPercent((b - a) / Math.abs(a))}`;
        out.push({
          file: set.sourceFile(i), sheet: set.sourceSheet(i), row: set.sourceRow(i), column: col.name, value: formatExact(b), rule: 'large_change', previous: a, ...(earlier ? { previousYear: prevYear } : {}),
          message: `${rowAt(set, i, col.name)}${keyDescription(set, i, options.geography)}的行由 ${prevYear} 年的 ${formatExact(a)} 变为 ${curr.year} 年的 ${formatExact(b)}（${change}${earlier ? `；${prev.year} 年没有此表` : ''}），变化超过一半，请核实`,
        });
      }
    });
  }
  return out;
}

/**
 * The one name of `names` (name key → name as the roster writes it) nearest `key`: at most one
 * character off for a name of up to six, two for a longer one; none where two are as near.
 */
function nearestName(key: string, names: ReadonlyMap<string, string> | undefined): string | undefined {
  if (!names || key.length < 3) return undefined;
  const allowed = key.length > 6 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = Infinity;
  let ties = 0;
  for (const [k, written] of names) {
    if (Math.abs(k.length - key.length) > allowed) continue;
    const d = editDistance(key, k);
    if (d < bestDistance) [best, bestDistance, ties] = [written, d, 0];
    else if (d === bestDistance) ties++;
  }
  return bestDistance <= allowed && ties === 0 ? best : undefined;
}

/** How many times last year's largest value a new row's must exceed to be warned (`outsized_new_row`). */
export const NEW_ROW_FACTOR = 10;

/**
 * A row new this year in a list (a facility, a trust, a community) has no value of its own
 * last year to be compared with: one more than NEW_ROW_FACTOR times the largest of last year's
 * rows in the same column is warned — a trust of 1e12 万元 among trusts of 10 万元 (digits typed
 * twice, or 元 for 万元) had made the district's total, and its target met, without a word.
 */
function outsizedNewRow(
  set: RowSet, i: number, sheet: SheetSpec, numeric: readonly number[], largest: readonly number[],
  prevYear: number, year: number, minDelta: number, geography: Geography | undefined, type = '',
): Warning[] {
  const out: Warning[] = [];
  numeric.forEach((ci, k) => {
    const v = set.value(i, ci);
    const max = largest[k]!;
    if (typeof v !== 'number' || !(max > 0) || v <= NEW_ROW_FACTOR * max || v - max < minDelta) return;
    const col = sheet.columns[ci]!;
    out.push({
      file: set.sourceFile(i), sheet: set.sourceSheet(i), row: set.sourceRow(i), column: col.name, value: formatExact(v), rule: 'outsized_new_row', largestBefore: max, ...(prevYear !== year - 1 ? { previousYear: prevYear } : {}),
      message: `${rowAt(set, i, col.name)}${keyDescription(set, i, geography)}的行是 ${year} 年新增的，数值 ${formatExact(v)} 超过 ${prevYear} 年${type ? `${type}` : ''}各行最大值（${formatExact(max)}）的 ${NEW_ROW_FACTOR} 倍，请核实（是否多输了位数或单位有误）`,
    });
  });
  return out;
}

/**
 * A list sheet (facilities, communities, tasks…) sent with its header and no data row where
 * last year's had rows: what a blank template sent back looks like, and its figures would
 * count none (0), complete, without a word. (A list that is empty from the first year on
 * may well be: 2020 had no 慈善服务站点. Town-level and fixed-row sheets say by town or row
 * what is missing from them.)
 */
/** Where a sheet not read may be when files of the year could not be read (the 15th attack: 请检查工作表名称 for a sheet in an encrypted file). */
function unreadHint(curr: YearData): string | null {
  const files = (curr.unreadFiles ?? []).map((f) => `“${f}”`);
  return files.length ? `它可能在无法读取的文件${files.join('、')}中，请报送科室改正该文件后重新提交` : null;
}

function emptiedLists(prev: YearData, curr: YearData): Warning[] {
  const out: Warning[] = [];
  for (const sheet of SHEETS) {
    if (sheet.everyTown || sheet.fixedRows) continue;
    const loaded = (d: YearData) => d.reports.filter((r) => r.sheetKind === sheet.name && r.status === 'loaded');
    const now = loaded(curr);
    const before = loaded(prev).reduce((n, r) => n + r.rowsRead, 0);
    if (before === 0) continue;
    // Not there at all (not rejected either): renamed, left out, or in a file that could not be read
    if (now.length === 0 && !curr.reports.some((r) => r.sheetKind === sheet.name)) {
      out.push({
        file: `${curr.year}/`, sheet: sheet.name, row: null, column: '', value: '', rule: 'sheet_missing',
        message: `${curr.year} 年没有读到工作表“${sheet.name}”（${prev.year} 年有，${before} 行）：依赖它的指标记为缺失。${unreadHint(curr) ?? `如已填报，请检查工作表名称是否为“${sheet.name}”`}`,
      });
      continue;
    }
    if (now.length === 0 || now.some((r) => r.rowsRead > 0)) continue;
    for (const r of now) {
      out.push({
        file: r.file, sheet: r.sheet, row: r.headerRow, column: '', value: '', rule: 'no_data_rows',
        message: `文件“${r.file}”工作表“${quote(r.sheet)}”：第 ${r.headerRow} 行是表头，其下没有数据行（${prev.year} 年本表有 ${before} 行）：本表计入的指标按没有任何一项计算（数量为 0，以本表为分母的比例无法计算）。如是漏填（如交回了空白模板），请补全后重新提交`,
      });
    }
  }
  return out;
}

/** Communities named in a dropped-communities warning, before 等. */
const SHOWN_DROPPED = 5;

/**
 * Communities of last year's 社区村名录 (any status) that this year's lists nowhere, neither
 * loaded nor rejected: a revoked village is to stay in the directory with 状态 撤销 (contract
 * §3); deleted, the count of revocations over the plan period falls to what is left, complete
 * and unsaid (107 deleted: 实施村（居）委会撤销（调整） 104 → 0, the workbook review). One
 * warning for the year. Not where a directory sheet of the year was rejected whole (its rows
 * are unknown; its figures are marked incomplete already).
 */
function droppedCommunities(prev: YearData, curr: YearData, geography: Geography | undefined): Warning[] {
  const sheet = SHEET_BY_NAME.get(COMMUNITY_SHEET)!;
  const before = keptOf(prev, sheet);
  const now = keptOf(curr, sheet);
  if (!before || !now) return [];
  if (curr.rejects.some((r) => r.sheet !== '' && r.scope !== 'row' && curr.reports.some((x) => x.sheetKind === COMMUNITY_SHEET && x.file === r.file && x.sheet === r.sheet))) return [];
  const townCol = sheet.columns.findIndex((c) => c.type === 'town');
  const nameCol = sheet.columns.findIndex((c) => c.name === '社区村名称');
  const listed = new TownNames();
  forKept(now, (set, i) => listed.add(set.value(i, townCol), set.value(i, nameCol)));
  // the roster's own rows rejected still list their community; another sheet's row naming it does not
  // (station rows refused for a community the roster dropped had kept it off the count: the eleventh attack)
  const rosters = new Set(curr.reports.filter((x) => x.sheetKind === COMMUNITY_SHEET).map((x) => `${x.file}\u0000${x.sheet}`));
  for (const r of curr.rejects) if (r.scope === 'row' && rosters.has(`${r.file}\u0000${r.sheet}`)) listed.add(r.values?.town, r.values?.community_name);
  const dropped: string[] = [];
  const seen = new TownNames();
  forKept(before, (set, i) => {
    const town = set.value(i, townCol);
    const name = set.value(i, nameCol);
    if (listed.has(town, name) || !seen.add(town, name)) return;
    dropped.push(`${geography?.byCode.get(String(town))?.name ?? String(town)}${String(name)}`);
  });
  if (dropped.length === 0) return [];
  let first: { file: string; sheet: string } | undefined;
  forKept(now, (set, i) => {
    first ??= { file: set.sourceFile(i), sheet: set.sourceSheet(i) };
  });
  const where = first ? `文件“${first.file}”工作表“${quote(first.sheet)}”：` : '';
  return [{
    file: first?.file ?? `${curr.year}/`, sheet: first?.sheet ?? COMMUNITY_SHEET, row: null, column: '社区村名称', value: String(dropped.length), rule: 'communities_dropped',
    message: `${where}${prev.year} 年${COMMUNITY_SHEET}中的 ${dropped.length} 个社区（村）在 ${curr.year} 年${COMMUNITY_SHEET}中没有（${dropped.slice(0, SHOWN_DROPPED).join('、')}${dropped.length > SHOWN_DROPPED ? ' 等' : ''}）。撤销或合并的社区（村）应保留在名录中，“状态”填“撤销”并填写撤销年份，否则按名录计算的指标（如“实施村（居）委会撤销（调整）”）会少计；请核实后重新提交`,
  }];
}

/**
 * Community names by town, compared as `nameKey`s; a town or a name that is not a text is never
 * there. A set of names per town rather than one of `town|name` texts: most names are their
 * own nameKey, so nothing is made per row (100×: 0.6 s of the build's thread for the dropped
 * communities of five years, most of it making and hashing those texts).
 */
class TownNames {
  private readonly byTown = new Map<string, Set<string>>();

  /** Adds the name; false when it was there (or is not a town's name). */
  add(town: unknown, name: unknown): boolean {
    if (typeof town !== 'string' || typeof name !== 'string') return false;
    let names = this.byTown.get(town);
    if (!names) this.byTown.set(town, (names = new Set()));
    const k = nameKey(name);
    if (names.has(k)) return false;
    names.add(k);
    return true;
  }

  has(town: unknown, name: unknown): boolean {
    return typeof town === 'string' && typeof name === 'string' && this.byTown.get(town)?.has(nameKey(name)) === true;
  }
}

/** Last year's and this year's kept 社区村名录 rows, with the columns the revocation checks read; null without both. */
function rosterPair(prev: YearData, curr: YearData): { before: readonly KeptRows[]; now: readonly KeptRows[]; statusCol: number; yearCol: number; nameCol: number } | null {
  const sheet = SHEET_BY_NAME.get(COMMUNITY_SHEET)!;
  const before = keptOf(prev, sheet);
  const now = keptOf(curr, sheet);
  if (!before || !now) return null;
  const col = (name: string) => sheet.columns.findIndex((c) => c.name === name);
  return { before, now, statusCol: col('状态'), yearCol: col('撤销年份'), nameCol: col('社区村名称') };
}

/**
 * Communities that last year's 社区村名录 gave as 撤销 and this year's as 存续: a revocation
 * is not undone (a village re-founded under the same name would be a new entry), so one of
 * the two years is wrong, and the count of revocations (实施村（居）委会撤销（调整）) and every
 * per-community ratio differ by it between the years without a word (the fourth workbook
 * attack). A warning on this year's row, naming last year's revocation year.
 */
function revivedCommunities(prev: YearData, curr: YearData): Warning[] {
  const rosters = rosterPair(prev, curr);
  if (!rosters) return [];
  const { before, now, statusCol, yearCol, nameCol } = rosters;
  const revoked = new Map<string, RawValue | undefined>();
  forKept(before, (set, i) => {
    if (set.value(i, statusCol) === '撤销') revoked.set(set.key(i), set.value(i, yearCol));
  });
  if (revoked.size === 0) return [];
  const out: Warning[] = [];
  forKept(now, (set, i) => {
    const key = set.key(i);
    if (!revoked.has(key) || set.value(i, statusCol) !== '存续') return;
    const year = revoked.get(key);
    const name = String(set.value(i, nameCol));
    out.push({
      file: set.sourceFile(i), sheet: set.sourceSheet(i), row: set.sourceRow(i), column: '状态', value: '存续', rule: 'community_revived',
      message: `文件“${set.sourceFile(i)}”工作表“${quote(set.sourceSheet(i))}”第 ${set.sourceRow(i)} 行“状态”列：“${quote(name)}”在 ${prev.year} 年${COMMUNITY_SHEET}中已撤销${typeof year === 'number' ? `（撤销年份 ${year}）` : ''}，本年填的是“存续”。撤销的社区（村）此后各年仍填“撤销”：两年中必有一处有误，撤销数和按社区（村）计算的指标两年口径不一。请核实，改正本年或上年的名录后重新提交`,
    });
  });
  return out;
}

/**
 * Communities whose revocation this year's 社区村名录 dates otherwise than last year's: a
 * revocation year changed (石垡村 revoked in 2022 by the 2023 roster, in 2020 by 2024's), or
 * dated into a year whose own roster gave the community as 存续 (南芦城村 存续 in 2023, revoked
 * in 2023 by 2024's). Either way one roster is wrong and the years' counts of communities and
 * every per-community ratio disagree, unsaid (the thirteenth attack). A warning on this year's row.
 */
function changedRevocations(prev: YearData, curr: YearData): Warning[] {
  const rosters = rosterPair(prev, curr);
  if (!rosters) return [];
  const { before, now, statusCol, yearCol, nameCol } = rosters;
  const last = new Map<string, { status: RawValue | undefined; year: RawValue | undefined }>();
  forKept(before, (set, i) => last.set(set.key(i), { status: set.value(i, statusCol), year: set.value(i, yearCol) }));
  const out: Warning[] = [];
  forKept(now, (set, i) => {
    const was = last.get(set.key(i));
    const year = set.value(i, yearCol);
    if (!was || set.value(i, statusCol) !== '撤销' || typeof year !== 'number') return;
    const said = was.status === '撤销' && typeof was.year === 'number' && was.year !== year
      ? `在 ${prev.year} 年${COMMUNITY_SHEET}中的撤销年份是 ${was.year}，本年填的是 ${year}`
      : was.status === '存续' && year <= prev.year
        ? `在 ${prev.year} 年${COMMUNITY_SHEET}中为存续，本年填的撤销年份却是 ${year}（${prev.year} 年或更早）`
        : '';
    if (!said) return;
    out.push({
      file: set.sourceFile(i), sheet: set.sourceSheet(i), row: set.sourceRow(i), column: '撤销年份', value: String(year), rule: 'revocation_changed',
      message: `${rowAt(set, i, '撤销年份')}“${quote(String(set.value(i, nameCol)))}”${said}：两年的名录必有一处有误，撤销数和按社区（村）计算的指标两年口径不一。请核实，改正本年或上年的名录后重新提交`,
    });
  });
  return out;
}

/**
 * A list's kept rows of last year and this, where they can be compared: the kind delivered both
 * years, and neither one of its sheets nor a file of this year rejected whole (what is not there
 * may be in it). With where a warning on this year's list as a whole stands — its first sheet
 * with a row (the year folder and the kind where none) — and the message's opening naming it.
 */
function comparableLists(prev: YearData, curr: YearData, sheet: SheetSpec): { before: readonly KeptRows[]; now: readonly KeptRows[]; at: { file: string; sheet: string }; said: string } | null {
  const before = keptOf(prev, sheet);
  const now = keptOf(curr, sheet);
  if (!before || !now) return null;
  if (lostIn(curr, sheet)) return null;
  for (const { set, indices } of now) {
    const i = indices === null ? (set.length > 0 ? 0 : -1) : (indices[0] ?? -1);
    if (i >= 0) return { before, now, at: { file: set.sourceFile(i), sheet: set.sourceSheet(i) }, said: `文件“${set.sourceFile(i)}”工作表“${quote(set.sourceSheet(i))}”：` };
  }
  return { before, now, at: { file: `${curr.year}/`, sheet: sheet.name }, said: `${curr.year} 年“${sheet.name}”：` };
}

/**
 * Key tasks that went back or went away: a task 已完成 last year whose row this year is not
 * (推进中 60 %, 未启动 0 %), or shows less progress; a task in last year's ledger that this
 * year's has not, neither loaded nor rejected. The ledger lists every task of the plan each
 * year, a finished one as 已完成; the reports read a task's progress year on year (the 16th
 * attack: a task done in 2024 sent as 推进中 60 % in 2025 was said 已逾期，2024、2025年进度没有推进;
 * one dropped from the ledger left the count of tasks without a word). Warnings on this year's
 * row, or on the sheet.
 */
function keyTaskChanges(prev: YearData, curr: YearData): Warning[] {
  const sheet = SHEET_BY_NAME.get('重点任务台账')!;
  const lists = comparableLists(prev, curr, sheet);
  if (!lists) return [];
  const { before, now } = lists;
  const col = (name: string) => sheet.columns.findIndex((c) => c.name === name);
  const [idCol, nameCol, stateCol, pctCol] = [col('任务编号'), col('任务名称'), col('进展状态'), col('完成进度')];
  const last = new Map<string, { name: string; state: RawValue | undefined; pct: RawValue | undefined }>();
  forKept(before, (set, i) => {
    last.set(String(set.value(i, idCol)), { name: String(set.value(i, nameCol) ?? ''), state: set.value(i, stateCol), pct: set.value(i, pctCol) });
  });
  const out: Warning[] = [];
  const seen = new Set<string>();
  forKept(now, (set, i) => {
    const id = String(set.value(i, idCol));
    seen.add(id);
    const was = last.get(id);
    if (!was || was.state !== '已完成') return;
    const [state, pct] = [set.value(i, stateCol), set.value(i, pctCol)];
    const less = typeof pct === 'number' && typeof was.pct === 'number' && pct < was.pct;
    if (state === '已完成' && !less) return;
    const said = (s: RawValue | undefined, p: RawValue | undefined) => `${String(s ?? '')}${typeof p === 'number' ? `（${formatExact(p)}%）` : ''}`;
    out.push({
      file: set.sourceFile(i), sheet: set.sourceSheet(i), row: set.sourceRow(i), column: state === '已完成' ? '完成进度' : '进展状态', value: String(state ?? ''), rule: 'task_reopened',
      message: `${rowAt(set, i, state === '已完成' ? '完成进度' : '进展状态')}任务“${quote(String(set.value(i, nameCol) ?? ''))}”（${id}）在 ${prev.year} 年台账中为${said(was.state, was.pct)}，本年填的是${said(state, pct)}。已完成的任务此后各年仍填“已完成”；如确有反复，请在“进展说明”中写明原因，否则请改正`,
    });
  });
  for (const r of curr.rejects) if (r.scope === 'row' && typeof r.values?.task_id === 'string') seen.add(r.values.task_id.trim());
  const gone = [...last].filter(([id]) => !seen.has(id));
  if (gone.length) {
    const named = gone.slice(0, 5).map(([id, t]) => `“${quote(t.name)}”（${id}）`).join('、');
    out.push({
      ...lists.at, row: null, column: '任务编号', value: gone.map(([id]) => id).join('、'), rule: 'task_dropped',
      message: `${lists.said}${prev.year} 年台账中的${formatExact(gone.length)}项任务本年没有：${named}${gone.length > 5 ? '等' : ''}，本年的任务统计不含这些任务。台账每年列出规划的全部任务（已完成的填“已完成”），请补全后重新提交`,
    });
  }
  return out;
}

/** How many towns' rows, and numbers in them, a sheet must have for all of them alike to say it is last year's. */
const REPEATED_TOWNS = 5;
const REPEATED_NUMBERS = 10;

/**
 * A sheet of one row per town (人口基础数据, 社会组织, 志愿服务…) whose every number is what the
 * same town had last year: last year's table sent again with its year changed. Counts of
 * people and organisations of many towns do not all stay the same for a year. The 17th attack:
 * 2023's 社会组织 sent as 2024's (titles and dates changed) passed without a word, 2024's figures
 * judged as 2023's and the warnings falling on 2025's correct rows as changes of more than half.
 * One warning on the sheet.
 */
function repeatedSheets(prev: YearData, curr: YearData): Warning[] {
  const out: Warning[] = [];
  for (const sheet of SHEETS) {
    if (sheet.level !== 'town') continue;
    const numeric = sheet.columns.flatMap((c, ci) => (c.type === 'integer' || c.type === 'number' ? [ci] : []));
    if (numeric.length === 0) continue;
    const lists = comparableLists(prev, curr, sheet);
    if (!lists) continue;
    const townAt = sheet.columns.findIndex((c) => c.type === 'town');
    const town = (set: RowSet, i: number) => String(set.value(i, townAt) ?? '');
    const last = new Map<string, (RawValue | undefined)[]>();
    forKept(lists.before, (set, i) => { last.set(town(set, i), numeric.map((ci) => set.value(i, ci))); });
    let rows = 0;
    let numbers = 0;
    let nonzero = false;
    let same = true;
    forKept(lists.now, (set, i) => {
      rows++;
      const was = last.get(town(set, i));
      if (!was) { same = false; return; }
      numeric.forEach((ci, k) => {
        const v = set.value(i, ci);
        if (v !== was[k]) same = false;
        else if (typeof v === 'number') { numbers++; if (v !== 0) nonzero = true; }
      });
    });
    if (!same || rows < REPEATED_TOWNS || rows !== last.size || numbers < REPEATED_NUMBERS || !nonzero) continue;
    out.push({
      ...lists.at, row: null, column: sheet.columns[numeric[0]!]!.name, value: '', rule: 'same_as_last_year',
      message: `${lists.said}${formatExact(rows)}个镇街的全部数值（${formatExact(numbers)}个）与 ${prev.year} 年的同一张表完全相同，可能是沿用了上年的表、只改了年份。本年的指标按这些数计算；请核实，如是上年的数据，请填写本年实际数后重新提交`,
    });
  }
  return out;
}

/**
 * Charitable trusts 存续 in last year's list that this year's has not at all (neither loaded
 * nor rejected): an ended trust stays listed as 终止, so the row is lost, and 慈善信托财产总规模
 * is short by it (the warehouse marks it incomplete; the 16th attack: “童心护航” left out,
 * 51 → 39 万元 without a word). One warning on the sheet, the trusts named.
 */
function droppedTrusts(prev: YearData, curr: YearData): Warning[] {
  const sheet = SHEET_BY_NAME.get('慈善信托')!;
  const lists = comparableLists(prev, curr, sheet);
  if (!lists) return [];
  const { before, now } = lists;
  const col = (name: string) => sheet.columns.findIndex((c) => c.name === name);
  const [nameCol, statusCol] = [col('信托名称'), col('状态')];
  const listed = new Set<string>();
  forKept(now, (set, i) => {
    listed.add(String(set.value(i, nameCol)));
  });
  for (const r of curr.rejects) if (r.scope === 'row' && typeof r.values?.trust_name === 'string') listed.add(r.values.trust_name.trim());
  const gone: string[] = [];
  forKept(before, (set, i) => {
    const name = String(set.value(i, nameCol));
    if (set.value(i, statusCol) === '存续' && !listed.has(name)) gone.push(name);
  });
  if (!gone.length) return [];
  return [{
    ...lists.at, row: null, column: '信托名称', value: gone.join('、'), rule: 'trust_dropped',
    message: `${lists.said}${prev.year} 年存续的${formatExact(gone.length)}个慈善信托本年没有列出：${gone.slice(0, 5).map((n) => (/[“”]/.test(n) ? quote(n) : `“${quote(n)}”`)).join('、')}${gone.length > 5 ? '等' : ''}，慈善信托财产总规模未计入它们，标为数据不完整。已终止的信托请仍列出，“状态”填“终止”；如是漏填，请补全后重新提交`,
  }];
}

/** How many rows a town must have had last year in a list for its having none this year to be warned. */
const VANISHED_TOWN_ROWS = 3;

/**
 * Towns that had rows in a list sheet last year (VANISHED_TOWN_ROWS at least) and have none
 * this year, neither loaded nor rejected: a town's part of the list left out (兴丰街道's 12
 * 驿站 deleted had published the binding indicator 6 as 125 for 137, complete, without a
 * word: the thirteenth attack). Not where the sheet, or a file, was rejected whole this year
 * (its figures are marked already). One warning per sheet and town.
 */
function vanishedTowns(prev: YearData, curr: YearData, geography: Geography | undefined): Warning[] {
  const out: Warning[] = [];
  for (const sheet of SHEETS) {
    if (sheet.everyTown || sheet.fixedRows || sheet.name === COMMUNITY_SHEET) continue;
    const townCol = sheet.columns.findIndex((c) => c.type === 'town');
    if (townCol < 0) continue;
    const lists = comparableLists(prev, curr, sheet);
    if (!lists) continue;
    const { before, now } = lists;
    // of a register with types, by type too: 兴丰街道's 驿站 gone while its homes were there (the thirteenth attack)
    const typeCol = sheet.typeColumn === undefined ? -1 : sheet.columns.findIndex((c) => c.name === sheet.typeColumn);
    const group = (town: string, type: unknown) => (typeCol < 0 ? town : `${town}\u0000${String(type ?? '')}`);
    const count = (parts: readonly KeptRows[]) => {
      const n = new Map<string, number>();
      forKept(parts, (set, i) => {
        const t = set.value(i, townCol);
        if (typeof t === 'string') {
          const g = group(t, typeCol < 0 ? undefined : set.value(i, typeCol));
          n.set(g, (n.get(g) ?? 0) + 1);
        }
      });
      return n;
    };
    const was = count(before);
    const is = count(now);
    const field = sheet.columns[townCol]!.field;
    const files = new Set(curr.reports.filter((r) => r.sheetKind === sheet.name).map((r) => `${r.file}\u0000${r.sheet}`));
    const typeField = typeCol < 0 ? '' : sheet.columns[typeCol]!.field;
    for (const r of curr.rejects) {
      if (r.scope !== 'row' || !files.has(`${r.file}\u0000${r.sheet}`) || typeof r.values?.[field] !== 'string') continue;
      // a rejected row whose type cannot be read stands for any type of its town
      const town = r.values[field] as string;
      if (typeCol >= 0 && r.values[typeField] === undefined) for (const g of was.keys()) if (g.startsWith(`${town}\u0000`)) is.set(g, 1);
      is.set(group(town, typeCol < 0 ? undefined : r.values[typeField]), 1);
    }
    // a type no town lists this year at all is missing from the year (missing-types.ts: one warning,
    // what counts it missing everywhere): not each town's loss (the 17th attack: 20 warnings said
    // 全区的值标为数据不完整 of the 驿站 workbook not sent, the district's values missing)
    const typesListed = new Set([...is.keys()].map((g) => g.split('\u0000')[1]));
    for (const [g, n] of was) {
      if (n < VANISHED_TOWN_ROWS || is.has(g)) continue;
      const [town, type] = g.split('\u0000') as [string, string | undefined];
      if (type !== undefined && !typesListed.has(type)) continue;
      const name = geography?.byCode.get(town)?.name ?? town;
      const what = type ? `的“${type}”` : '';
      const townRowsLeft = [...is.keys()].some((k) => k === town || k.startsWith(`${town}\u0000`));
      // what it does to the figures (the warehouse's int_vanished_sources): the 驿站 office's rows left
      // out had published 1 station for 141, complete, the warnings the only sign (the 15th attack)
      const effect = type && townRowsLeft
        ? `${name}只计“${type}”的指标值按缺失计，其他计入“${type}”的指标值和全区的值标为数据不完整`
        : `${name}依赖本表的指标值按缺失计，全区的值标为数据不完整`;
      out.push({
        ...lists.at, row: null, column: sheet.columns[townCol]!.name, value: name, rule: 'town_rows_missing',
        message: `${lists.said}${name}${what}在 ${prev.year} 年本表有 ${n} 行，${curr.year} 年一行也没有：${effect}。如是漏填，请补全后重新提交；如确已全部撤销或停用，应保留这些行并填写状态`,
        sheetKind: sheet.name, townCode: town,
        vanished: { year: curr.year, type: type ?? null, lastYear: prev.year, lastRows: n, townRowsLeft, allGone: true },
      });
    }
  }
  return out;
}

/**
 * Facilities operating last year that this year's list has not at all (neither loaded nor
 * rejected), where the town still lists others of the type: a closed one stays listed as 停用
 * (the sample's lists do so), so these rows are lost, and what counts them is short (the
 * warehouse marks it incomplete: int_vanished_sources). The 16th reading: 黄村镇's 驿站 17 → 1
 * the year 19 towns' went missing, said as 16 stations 停用. A town whose rows of the type, 3 or
 * more, are all gone is vanishedTowns'. Consecutive years only; not where the sheet or a file of the year
 * was rejected whole. One warning per town and type, the facilities named.
 */
function droppedFacilities(prev: YearData, curr: YearData, geography: Geography | undefined): Warning[] {
  const out: Warning[] = [];
  if (curr.year !== prev.year + 1) return out;
  for (const sheet of SHEETS) {
    const statusCol = sheet.columns.findIndex((c) => c.name === '运营状态');
    const townCol = sheet.columns.findIndex((c) => c.type === 'town');
    const nameCol = sheet.columns.findIndex((c) => c.type === 'text' && sheet.key.includes(c.name));
    // (not a list of community sites: a revoked village's station leaves with it, as the sample's do)
    if (statusCol < 0 || townCol < 0 || nameCol < 0 || sheet.columns.some((c) => c.type === 'community')) continue;
    const lists = comparableLists(prev, curr, sheet);
    if (!lists) continue;
    const { before, now } = lists;
    const typeCol = sheet.typeColumn === undefined ? -1 : sheet.columns.findIndex((c) => c.name === sheet.typeColumn);
    const listed = new Set<string>();
    const groups = new Set<string>();
    const group = (town: unknown, type: unknown) => `${String(town)}\u0000${typeCol < 0 ? '' : String(type ?? '')}`;
    forKept(now, (set, i) => {
      listed.add(`${String(set.value(i, townCol))}\u0000${keyName(String(set.value(i, nameCol)))}`);
      groups.add(group(set.value(i, townCol), typeCol < 0 ? undefined : set.value(i, typeCol)));
    });
    const [townField, nameField, typeField] = [sheet.columns[townCol]!.field, sheet.columns[nameCol]!.field, typeCol < 0 ? '' : sheet.columns[typeCol]!.field];
    const files = new Set(curr.reports.filter((r) => r.sheetKind === sheet.name).map((r) => `${r.file}\u0000${r.sheet}`));
    let unreadable = false;
    for (const r of curr.rejects) {
      if (r.scope !== 'row' || !files.has(`${r.file}\u0000${r.sheet}`)) continue;
      const [town, name] = [r.values?.[townField], r.values?.[nameField]];
      // a rejected row of no readable name or town may be any of them: nothing said of the sheet
      if (typeof name !== 'string' || typeof town !== 'string') unreadable = true;
      else {
        listed.add(`${town}\u0000${keyName(name)}`);
        groups.add(group(town, typeCol < 0 ? undefined : r.values?.[typeField]));
      }
    }
    // (a list sent with its header and no row: emptiedLists')
    if (unreadable || listed.size === 0) continue;
    const gone = new Map<string, string[]>();
    const had = new Map<string, number>();
    const listedBefore = new Set<string>();
    forKept(before, (set, i) => {
      const g = group(set.value(i, townCol), typeCol < 0 ? undefined : set.value(i, typeCol));
      had.set(g, (had.get(g) ?? 0) + 1);
      listedBefore.add(`${String(set.value(i, townCol))}\u0000${keyName(String(set.value(i, nameCol)))}`);
    });
    // the towns a name is listed in this year that did not list it last year: where a facility went
    // (the 17th attack: one moved to 旧宫镇 had been said not listed in 黄村镇, two years marked incomplete)
    const newlyIn = new Map<string, number>();
    for (const k of listed) if (!listedBefore.has(k)) newlyIn.set(k.split('\u0000')[1]!, (newlyIn.get(k.split('\u0000')[1]!) ?? 0) + 1);
    forKept(before, (set, i) => {
      if (set.value(i, statusCol) !== '运营') return;
      const town = set.value(i, townCol);
      const name = String(set.value(i, nameCol));
      if (listed.has(`${String(town)}\u0000${keyName(name)}`) || newlyIn.get(keyName(name)) === 1) return;
      const g = group(town, typeCol < 0 ? undefined : set.value(i, typeCol));
      // a town whose rows of the type are all gone, of 3 or more: vanishedTowns' (博兴's 2 驿站 of 2 are this one's)
      if (!groups.has(g) && (had.get(g) ?? 0) >= VANISHED_TOWN_ROWS) return;
      gone.set(g, [...(gone.get(g) ?? []), name]);
    });
    for (const [g, names] of gone) {
      const [town, type] = g.split('\u0000') as [string, string];
      const place = geography?.byCode.get(town)?.name ?? town;
      const what = type ? `“${type}”` : '设施';
      out.push({
        ...lists.at, row: null, column: sheet.columns[nameCol]!.name, value: names.join('、'), rule: 'facility_dropped',
        message: `${lists.said}${place}的${what}中，${prev.year} 年运营的${formatExact(names.length)}个本年没有列出（${names.slice(0, 3).map((n) => `“${quote(n)}”`).join('、')}${names.length > 3 ? '等' : ''}）：${place}和全区计入它们的指标值按已列出的计算，标为数据不完整。已停用的设施请仍列出，“运营状态”填“停用”；如已改名，请在“备注”中注明原名；如是漏填，请补全后重新提交`,
        sheetKind: sheet.name, townCode: town,
        vanished: { year: curr.year, type: type || null, lastYear: prev.year, lastRows: names.length, townRowsLeft: true, allGone: false, names },
      });
    }
  }
  return out;
}

/** A year's kept rows of one sheet kind, packed or not; undefined when the kind was not delivered. */
export function keptOf(data: YearData, sheet: SheetSpec): readonly KeptRows[] | undefined {
  if (data.rows instanceof YearRows) return data.rows.has(sheet.name) ? data.rows.kept(sheet.name) : undefined;
  const rows = data.rows.get(sheet.name);
  return rows ? [{ set: new ObjectRows(sheet, rows), indices: null }] : undefined;
}

export function forKept(parts: readonly KeptRows[], fn: (set: RowSet, i: number) => void): void {
  for (const { set, indices } of parts) {
    if (indices === null) for (let i = 0; i < set.length; i++) fn(set, i);
    else for (const i of indices) fn(set, i);
  }
}
