/**
 * Types of a facility register missing from a year (contract `typeColumn`). One sheet kind may
 * come from several workbooks of a year, each office listing its own facilities (the sample's
 * 养老服务科 lists the homes and care centres in 养老服务设施, its 驿站 office the stations in
 * a workbook of their own). When one of those workbooks is not sent, the kind is still
 * delivered, and the types it held would count none: 0, complete. A register does not lose a
 * whole type from one year to the next (a closed home stays listed as 停用), so a type that had
 * rows in an earlier year and has none this year — neither loaded nor rejected — is missing
 * this year: a warning, and every value that counts the type is missing (the warehouse's
 * `load_missing_types`), as the kind's would be were it not delivered at all.
 *
 * So too where a sheet of the kind or a whole file of the year was rejected: what it held is
 * unknown, and a type that none of the loaded rows list may well have been all in it — counted
 * from the other sheets it would be 0, which is "a zero for what is missing" (data-contract §4).
 * An attack: the 驿站 office's workbook titled with last year, its sheet rejected, published 0
 * stations, 逆向变化, a binding warning. The warning then says where the rows may be. Then only
 * what counts just the missing types is missing: what counts others too (养老床位 of every type)
 * is computed from the rows that loaded, incomplete (the 14th attack: it had been blanked).
 * A type missing with nothing rejected (a workbook not sent) leaves no row to mark a value
 * incomplete by, so every value counting it is missing.
 */
import { SHEETS, type SheetSpec } from '../plan/contract.ts';
import type { Warning } from './records.ts';
import { forKept, keptOf, type YearData } from './validate-year.ts';

/** A type of a register that a year's sheets do not list. */
export interface MissingType {
  year: number;
  sheetKind: string;
  /** The contract's type column (设施类型) and the type (养老机构). */
  column: string;
  type: string;
  /** The last earlier year that listed the type, and how many rows it had. */
  lastYear: number;
  lastRows: number;
}

/** Follows the registers' types year by year, in year order. */
export class TypeTracker {
  /** sheet kind → type → the last year with rows of it, and their number. */
  private readonly seen = new Map<string, Map<string, { year: number; rows: number }>>();

  /**
   * The types missing from this year, with their warnings; then records the year's types.
   * `unreadFiles`: the year's files that could not be read at all.
   */
  take(data: YearData, unreadFiles: readonly string[]): { missing: MissingType[]; warnings: Warning[] } {
    const missing: MissingType[] = [];
    const warnings: Warning[] = [];
    for (const sheet of SHEETS) {
      if (!sheet.typeColumn) continue;
      const counts = typeCounts(data, sheet);
      if (!counts) continue;
      let seen = this.seen.get(sheet.name);
      if (!seen) this.seen.set(sheet.name, (seen = new Map()));
      const rejected = data.reports.filter((r) => r.sheetKind === sheet.name && r.status === 'rejected').map((r) => `“${r.file}”的工作表“${r.sheet}”`);
      const where = (type: string) => rejected.length ? `可能都在被拒绝的${rejected.join('、')}中` : unreadFiles.length ? `可能在无法读取的文件${unreadFiles.map((f) => `“${f}”`).join('、')}中` : `可能漏交了列有“${type}”的工作簿`;
      // where a rejected sheet or file may hold the type, what counts other types too is computed from the rest (int_sheet_years_by_metric)
      const effect = rejected.length || unreadFiles.length
        ? '只计这一类的指标记为缺失（不计为 0），同时计入其他类型的指标按已载入的行计算，标为数据不完整'
        : '依赖它的指标记为缺失（不计为 0）';
      for (const [type, last] of seen) {
        if (counts.has(type)) continue;
        missing.push({ year: data.year, sheetKind: sheet.name, column: sheet.typeColumn, type, lastYear: last.year, lastRows: last.rows });
        warnings.push({
          file: `${data.year}/`, sheet: sheet.name, row: null, column: sheet.typeColumn, value: type, rule: 'type_missing', sheetKind: sheet.name,
          message: `${data.year} 年工作表“${sheet.name}”中没有“${sheet.typeColumn}”为“${type}”的行（${last.year} 年有 ${last.rows} 行）：${where(type)}，${effect}。如这一类已全部停用，请仍逐个列出，“${statusColumn(sheet)}”填“停用”`,
        });
      }
      for (const [type, rows] of counts) seen.set(type, { year: data.year, rows });
    }
    return { missing, warnings };
  }
}

/**
 * The rows of each type in the year's sheets of a kind, loaded or rejected row by row (a
 * rejected row of a type shows the type was sent); undefined when no sheet of the kind loaded.
 */
function typeCounts(data: YearData, sheet: SheetSpec): Map<string, number> | undefined {
  const kept = keptOf(data, sheet);
  if (!kept || !data.reports.some((r) => r.sheetKind === sheet.name && r.status === 'loaded')) return undefined;
  const c = sheet.columns.findIndex((x) => x.name === sheet.typeColumn);
  const field = sheet.columns[c]!.field;
  const counts = new Map<string, number>();
  const add = (v: unknown) => {
    if (typeof v === 'string') counts.set(v, (counts.get(v) ?? 0) + 1);
  };
  forKept(kept, (set, i) => add(set.value(i, c)));
  const tabs = new Set(data.reports.filter((r) => r.sheetKind === sheet.name).map((r) => `${r.file}\u0001${r.sheet}`));
  for (const r of data.rejects) if (r.scope === 'row' && tabs.has(`${r.file}\u0001${r.sheet}`)) add(r.values?.[field]);
  return counts;
}

/** The register's status column (运营状态). */
function statusColumn(sheet: SheetSpec): string {
  return sheet.columns.find((c) => c.field === 'operating_status')?.name ?? '状态';
}
