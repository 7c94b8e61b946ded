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
  warnings: number;
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
  const warnings = data.warnings.filter((w) => ofYears(w.file));
  const counts = new Map<string, { rejects: number; warnings: number }>();
  const bump = (rule: string, k: 'rejects' | 'warnings') => {
    const c = counts.get(rule) ?? { rejects: 0, warnings: 0 };
    c[k]++;
    counts.set(rule, c);
  };
  for (const r of rejects) bump(r.rule, 'rejects');
  for (const w of warnings) bump(w.rule, 'warnings');
  const rules = [...counts.keys()].sort();
  const sum = (k: 'rowsRead' | 'rowsLoaded' | 'rowsRejected') => report.reduce((a, r) => a + r[k], 0);
  return {
    years: upTo === undefined ? data.years.length : data.years.filter((y) => y.year <= upTo).length,
    files: upTo === undefined ? data.files : new Set(report.map((r) => r.file)).size,
    filesRejected: report.filter((r) => r.status === 'file_rejected').length,
    rowsRead: upTo === undefined ? data.rowsRead : sum('rowsRead'),
    rowsLoaded: upTo === undefined ? data.rowsLoaded : sum('rowsLoaded'),
    rowsRejected: upTo === undefined ? data.rowsRejected : sum('rowsRejected'),
    warnings: warnings.length,
    acceptedRejects,
    byRule: {
      caption: '表 数据问题分类统计',
      columns: ['问题类别', '拒绝（处）', '警告（处）'],
      rows: rules.map((r) => [RULE_LABELS[r] ?? r, String(counts.get(r)!.rejects), String(counts.get(r)!.warnings)]),
    },
  };
}
