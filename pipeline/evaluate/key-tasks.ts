/**
 * The key-task ledger (重点任务台账) of a year, each task filed under the plan section its
 * `规划章节` names.
 */
import type { InputData } from '../ingest/read-inputs.ts';
import type { Plan } from '../plan/plan.ts';

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
