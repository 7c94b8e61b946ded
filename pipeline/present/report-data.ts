/**
 * What the reports need besides the indicator values: the key-task ledger (重点任务台账)
 * filed under the plan's sections, and a summary of data quality, both taken from the
 * validated input.
 */
import { RULE_LABELS } from '../ingest/ledger.ts';
import type { Plan } from '../plan/plan.ts';
import type { InputData } from '../ingest/read-inputs.ts';
import type { DataTable } from './figures.ts';

export interface KeyTask {
  id: string;
  name: string;
  /** The section as written in the ledger: `第三部分 一（二）`. */
  section: string;
  /** The plan chapter it names, or null when the text names none. */
  sectionId: string | null;
  leadUnit: string;
  goal: string;
  deadline: string;
  status: string;
  progress: number | null;
  note: string;
}

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

const NUMERALS = '一二三四五六七八九十';

/**
 * The chapter a ledger's `规划章节` names: `第三部分 一（二）`, `第三部分一、（二）`,
 * `三（二）` (第三部分 implied), `第四部分 二` …; null when it names none.
 */
export function resolveSection(plan: Plan, text: string): string | null {
  const t = text.replace(/[\s\u3000]/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
  const m = /^(?:第([一二三四五六七八九十])部分)?、?([一二三四五六七八九十])?、?(?:（([一二三四五六七八九十])）)?$/.exec(t);
  if (!m || (!m[1] && !m[2])) return null;
  const part = m[1] ? NUMERALS.indexOf(m[1]) + 1 : 3;
  let id = `p${part}`;
  if (m[2]) id += `-${NUMERALS.indexOf(m[2]) + 1}`;
  if (m[3]) id += `-${NUMERALS.indexOf(m[3]) + 1}`;
  return plan.chapterById.has(id) ? id : null;
}

export function keyTasks(plan: Plan, data: InputData, year: number): KeyTask[] {
  const yearData = data.years.find((y) => y.year === year);
  const rows = yearData?.rows.get('重点任务台账') ?? [];
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return rows
    .map((r) => ({
      id: text(r.values.task_id),
      name: text(r.values.task_name),
      section: text(r.values.plan_section),
      sectionId: resolveSection(plan, text(r.values.plan_section)),
      leadUnit: text(r.values.lead_unit),
      goal: text(r.values.goal),
      deadline: text(r.values.deadline),
      status: text(r.values.progress_status),
      progress: typeof r.values.progress_pct === 'number' ? r.values.progress_pct : null,
      note: text(r.values.progress_note),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
