/**
 * A tiny input folder of REAL xlsx workbooks, written with exceljs the way a department
 * fills its forms in Excel/WPS: one workbook per department (科室) and year, each sheet with
 * a title row `大兴区…统计表（2021年度）`, a 填报单位/填报日期 row, a header with units
 * (`床位数（张）`), a leading 序号 column, the data rows, and either a `合计` row (town-level
 * sheets, sums of the numeric columns) or a `注：` row closing the data.
 *
 * Rows are tuples in the contract's column order (`pipeline/contract.ts`), so a fixture reads
 * like the form it stands for; the helper checks every tuple's length against the contract.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { departments, headerLabel, SHEET_BY_NAME, sheetTitle, type SheetSpec } from '../../pipeline/plan/contract.ts';

/** A cell as the department types it: number, text (`1,500`, `—`, `是`), or empty. */
export type Cell = string | number | null;

export interface FixtureSheet {
  /** Data rows, each a tuple in the contract's column order. */
  rows: Cell[][];
  /** Close the data with a `合计` row holding the column sums of the integer/number columns. */
  total?: boolean;
  /** Tab name, when not the contract name (e.g. `养老服务设施(2021)`). */
  tab?: string;
  /** Merge runs of equal consecutive values of this column vertically (a merged 镇街 cell). */
  mergeRuns?: string;
}

/** One year's delivery: contract sheet name → its sheet. */
export type FixtureYear = Record<string, FixtureSheet>;

export const REGION = '大兴区';

/** A number as the loader reads a text cell here: `1,500` → 1500; anything else is not summed. */
function numberOf(v: Cell): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d[\d,]*(\.\d+)?$/.test(v.trim())) return Number(v.trim().replace(/,/g, ''));
  return null;
}

function addSheet(wb: ExcelJS.Workbook, spec: SheetSpec, department: string, year: number, fx: FixtureSheet): void {
  const ws = wb.addWorksheet(fx.tab ?? spec.name);
  const width = spec.columns.length + 1;
  ws.addRow([sheetTitle(REGION, spec, year)]);
  ws.mergeCells(1, 1, 1, width);
  ws.addRow([`填报单位：${department}　　填报日期：${year + 1}年1月10日`]);
  ws.addRow(['序号', ...spec.columns.map(headerLabel)]);
  fx.rows.forEach((tuple, i) => {
    if (tuple.length !== spec.columns.length) {
      throw new Error(`${year} 年夹具“${spec.name}”第 ${i + 1} 行有 ${tuple.length} 个值，合同规定 ${spec.columns.length} 列`);
    }
    ws.addRow([i + 1, ...tuple]);
  });
  const firstData = 4;
  if (fx.mergeRuns !== undefined) {
    const c = spec.columns.findIndex((col) => col.name === fx.mergeRuns);
    if (c < 0) throw new Error(`“${spec.name}”没有列“${fx.mergeRuns}”`);
    let start = 0;
    for (let i = 1; i <= fx.rows.length; i++) {
      if (i < fx.rows.length && fx.rows[i]![c] === fx.rows[start]![c]) continue;
      if (i - start > 1) ws.mergeCells(firstData + start, c + 2, firstData + i - 1, c + 2);
      start = i;
    }
  }
  if (fx.total) {
    const sums = spec.columns.map((col, c) => {
      if (col.type !== 'integer' && col.type !== 'number') return null;
      return fx.rows.reduce((s, r) => s + (numberOf(r[c]!) ?? 0), 0);
    });
    ws.addRow([`合计（${fx.rows.length}个镇街）`, ...sums]);
  } else {
    ws.addRow([`注：本表由${department}填报，${year}年12月31日数。`]);
  }
}

/** Write `<root>/geography.csv` and `<root>/<year>/<科室>_<year>.xlsx` for every year. */
export async function writeInputFolder(root: string, geographyCsv: string, years: Record<number, FixtureYear>): Promise<string[]> {
  writeFileSync(join(root, 'geography.csv'), geographyCsv);
  const written: string[] = [];
  for (const [y, sheets] of Object.entries(years)) {
    const year = Number(y);
    for (const name of Object.keys(sheets)) if (!SHEET_BY_NAME.has(name)) throw new Error(`夹具中的“${name}”不是合同工作表`);
    mkdirSync(join(root, y), { recursive: true });
    for (const dept of departments()) {
      const mine = dept.sheets.filter((s) => sheets[s.name] !== undefined);
      if (mine.length === 0) continue;
      const wb = new ExcelJS.Workbook();
      wb.creator = '大兴区民政局';
      if (dept.name === '办公室') {
        // A sheet outside the contract: skipped and listed in the load report, not an error
        wb.addWorksheet('填表说明').addRow(['请按表头填写，数字不带单位；缺数据填“—”，不要填 0。']);
      }
      for (const spec of mine) addSheet(wb, spec, dept.name, year, sheets[spec.name]!);
      const file = join(root, y, `${dept.name}_${year}.xlsx`);
      await wb.xlsx.writeFile(file);
      written.push(file);
    }
  }
  return written;
}
