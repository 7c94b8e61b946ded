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

export function dataQuality(data: InputData, acceptedRejects: boolean): DataQuality {
  const counts = new Map<string, { rejects: number; warnings: number }>();
  const bump = (rule: string, k: 'rejects' | 'warnings') => {
    const c = counts.get(rule) ?? { rejects: 0, warnings: 0 };
    c[k]++;
    counts.set(rule, c);
  };
  for (const r of data.rejects) bump(r.rule, 'rejects');
  for (const w of data.warnings) bump(w.rule, 'warnings');
  const rules = [...counts.keys()].sort();
  return {
    years: data.years.length,
    files: data.files,
    filesRejected: data.report.filter((r) => r.status === 'file_rejected').length,
    rowsRead: data.rowsRead,
    rowsLoaded: data.rowsLoaded,
    rowsRejected: data.rowsRejected,
    warnings: data.warnings.length,
    acceptedRejects,
    byRule: {
      caption: '表 数据问题分类统计',
      columns: ['问题类别', '拒绝（处）', '警告（处）'],
      rows: rules.length
        ? rules.map((r) => [RULE_LABELS[r] ?? r, String(counts.get(r)!.rejects), String(counts.get(r)!.warnings)])
        : [['（无）', '0', '0']],
    },
  };
}
