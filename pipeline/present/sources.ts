/**
 * Where an indicator's figures come from, for people: the sheets (工作表) and the
 * departments (科室) that fill them — no file paths or row numbers. For the reports' data
 * appendix (`indicatorSources`) and the site's source notes of one value (`valueSources`,
 * from its lineage). Pure: the plan and the contract in, text out.
 */
import { formatNumber } from '../basics/format.ts';
import { SHEETS, type SheetSpec } from '../plan/contract.ts';
import type { Plan } from '../plan/plan.ts';
import type { LineageRow } from '../warehouse/lineage.ts';

export interface SheetSource {
  /** Contract sheet name: `养老服务设施`. */
  sheet: string;
  /** Department that fills it: `养老服务科`. */
  department: string;
}

export interface IndicatorSources {
  indicatorId: number;
  /** The plan's source sheets in the plan's order, each with its department. */
  sheets: SheetSource[];
  /** Departments, each once, in order of first appearance. */
  departments: string[];
  /** `养老服务设施、居家养老（养老服务科）；人口基础数据（区统计局）`: sheets grouped by department. */
  text: string;
}

/** `A、B（科室）；C（科室）`: sheets grouped under their department, in order of first appearance. */
export function sourcesText(sources: readonly SheetSource[]): string {
  const byDept = new Map<string, string[]>();
  for (const s of sources) {
    if (!byDept.has(s.department)) byDept.set(s.department, []);
    if (!byDept.get(s.department)!.includes(s.sheet)) byDept.get(s.department)!.push(s.sheet);
  }
  return [...byDept].map(([dept, sheets]) => `${sheets.join('、')}（${dept}）`).join('；');
}

/**
 * Per indicator of the plan, in plan order: its source sheets (`source_sheets` of the
 * plan's indicator table) and the departments that fill them (the contract). A sheet the
 * contract does not know is an error in the plan, not something to print.
 */
export function indicatorSources(plan: Plan, sheets: readonly SheetSpec[] = SHEETS): IndicatorSources[] {
  const byName = new Map(sheets.map((s) => [s.name, s]));
  return plan.indicators.map((ind) => {
    const list = ind.sourceSheets.map((name): SheetSource => {
      const spec = byName.get(name);
      if (!spec) throw new Error(`指标${ind.id}的数据来源表“${name}”不在填报数据规范中`);
      return { sheet: name, department: spec.department };
    });
    return { indicatorId: ind.id, sheets: list, departments: [...new Set(list.map((s) => s.department))], text: sourcesText(list) };
  });
}

export interface ValueSheetSource extends SheetSource {
  /** Rows of the sheet in the published figure. */
  rows: number;
  /** Rows of the sheet that were rejected and could have counted (whole sheets and files not included). */
  rejectedRows: number;
}

/**
 * Per sheet of one value's lineage (`readValueLineage`): how many of its rows are in the
 * published figure and how many rejected rows could have been, with the department; sheets
 * in the order the lineage names them.
 */
export function valueSources(lineage: readonly LineageRow[], sheets: readonly SheetSpec[] = SHEETS): ValueSheetSource[] {
  const byName = new Map(sheets.map((s) => [s.name, s]));
  const out = new Map<string, ValueSheetSource>();
  const seen = new Set<string>();
  for (const r of lineage) {
    if (r.sheetKind === null) continue;
    const spec = byName.get(r.sheetKind);
    if (!out.has(r.sheetKind)) out.set(r.sheetKind, { sheet: r.sheetKind, department: spec?.department ?? '', rows: 0, rejectedRows: 0 });
    const s = out.get(r.sheetKind)!;
    // one source row may count twice (numerator and denominator): count it once
    const key = [r.sheetKind, r.sourceFile, r.sourceSheet, r.sourceRow, r.status].join('\u0001');
    if (seen.has(key)) continue;
    seen.add(key);
    if (r.isCounted) s.rows++;
    else if (r.status === 'rejected' && r.rejectScope === 'row') s.rejectedRows++;
  }
  return [...out.values()];
}

/** `养老服务设施 23 行、居家养老 1 行（养老服务科）；人口基础数据 1 行（区统计局）`: the sheets of one value with their rows, by department. */
export function valueSourcesText(sources: readonly ValueSheetSource[]): string {
  const byDept = new Map<string, string[]>();
  for (const s of sources) {
    if (s.rows === 0) continue;
    if (!byDept.has(s.department)) byDept.set(s.department, []);
    byDept.get(s.department)!.push(`${s.sheet} ${formatNumber(s.rows)} 行`);
  }
  return [...byDept].map(([dept, sheets]) => `${sheets.join('、')}（${dept}）`).join('；');
}
