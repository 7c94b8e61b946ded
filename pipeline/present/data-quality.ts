/** What the reports and pages say about the data a build used: counts, and problems per rule. */
import { RULE_LABELS } from '../ingest/ledger.ts';
import type { InputData } from '../ingest/read-inputs.ts';
import type { DataTable } from './figures.ts';

export interface DataQuality {
  years: number;
  files: number;
  filesRejected: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** Warnings about the data sent (the records to check): not the sheets not read (`sheetsNotRead`), nor files or folders not read. */
  warnings: number;
  /** Sheets of a year not read at all (one per year and sheet kind, however many towns or rows it warned of). */
  sheetsNotRead: number;
  /** Whether the build published despite rejected data (--accept-rejects). */
  acceptedRejects: boolean;
  /** Problems per rule. */
  byRule: DataTable;
}

/**
 * The data quality of a build, or of the years up to `upTo` (a year's report speaks only of
 * the data it could have used).
 */
export function dataQuality(data: InputData, acceptedRejects: boolean, upTo?: number): DataQuality {
  const inYears = (year: number | null) => upTo === undefined || (year !== null && year <= upTo);
  const report = data.report.filter((r) => inYears(r.year));
  const yearOfFile = new Map(data.report.map((r) => [r.file, r.year]));
  const ofYears = (file: string) => inYears(yearOfFile.get(file) ?? Number(/^(\d{4})/.exec(file)?.[1] ?? 0));
  const rejects = data.rejects.filter((r) => ofYears(r.file));
  const notRead = new Set<string>();
  const warnings = data.warnings.filter((w) => {
    if (!ofYears(w.file)) return false;
    const kind = sheetNotRead(data, w);
    if (kind) notRead.add(kind);
    return !kind;
  });
  // the data to check: not a file or folder that was not read (a missing 2020 folder had read as 需要科室核实的数据1处)
  const toCheck = warnings.filter((w) => w.rule !== 'not_read').length;
  const counts = new Map<string, { rejects: number; warnings: number }>();
  const bump = (rule: string, k: 'rejects' | 'warnings') => {
    const c = counts.get(rule) ?? { rejects: 0, warnings: 0 };
    c[k]++;
    counts.set(rule, c);
  };
  for (const r of rejects) bump(r.rule, 'rejects');
  for (const w of warnings) bump(w.rule, 'warnings');
  const rules = [...counts.keys()].sort();
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
    warnings: toCheck,
    sheetsNotRead: notRead.size,
    acceptedRejects,
    byRule: {
      caption: '表 数据问题分类统计',
      columns: ['问题类别', '拒绝（处）', '警告（处）'],
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
