/**
 * The key-task ledger (重点任务台账) of a year, each task filed under the plan section its
 * `规划章节` names, however commonly written (`ingest/plan-section.ts`, which validation
 * uses too: a section the plan does not have is rejected there, with the valid ones).
 */
import type { InputData } from '../ingest/read-inputs.ts';
import { rejectPlaces, RULE_LABELS } from '../ingest/ledger.ts';
import { resolveSection } from '../ingest/plan-section.ts';
import type { Plan } from '../plan/plan.ts';

export interface KeyTask {
  id: string;
  name: string;
  /** The section as written in the ledger: `第三部分 一（二）`. */
  section: string;
  /**
   * The plan chapter it names (validation rejects a row naming none, so a loaded task
   * always has one; null only for rows that bypassed validation).
   */
  sectionId: string | null;
  leadUnit: string;
  goal: string;
  deadline: string;
  status: string;
  progress: number | null;
  note: string;
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

/**
 * What of a year's key-task ledger was rejected (published with --accept-rejects): the tasks
 * of rejected rows (a row with several bad cells once), named by the cells that were read,
 * and how many ledger sheets were rejected whole. Those tasks are in no count of the year.
 */
export interface LostKeyTasks {
  /**
   * Rejected rows: task id, name, lead unit and goal where they were read (empty string when
   * not), and why each was rejected (the ledger's rule labels, 、-joined).
   */
  tasks: { id: string; name: string; lead: string; goal: string; why: string }[];
  /** Ledger sheets of the year rejected as a whole. */
  sheets: number;
}

export function lostKeyTasks(data: InputData, year: number): LostKeyTasks {
  const placeOf = rejectPlaces(data.report);
  const rows = new Map<string, { id: string; name: string; lead: string; goal: string; why: string }>();
  const sheets = new Set<string>();
  for (const r of data.rejects) {
    const place = placeOf(r);
    if (r.scope === 'file' || place.year !== year || place.kind !== '重点任务台账') continue;
    if (r.scope === 'sheet') {
      sheets.add(`${r.file}\u0001${r.sheet}`);
      continue;
    }
    const key = `${r.file}\u0001${r.sheet}\u0001${r.row}`;
    const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
    if (!rows.has(key)) rows.set(key, { id: text(r.values?.task_id), name: text(r.values?.task_name), lead: text(r.values?.lead_unit), goal: text(r.values?.goal), why: '' });
    const row = rows.get(key)!;
    const label = RULE_LABELS[r.rule] ?? r.rule;
    if (!row.why.split('、').includes(label)) row.why = row.why ? `${row.why}、${label}` : label;
  }
  return { tasks: [...rows.values()], sheets: sheets.size };
}
