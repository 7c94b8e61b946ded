/**
 * TypeTracker: a type of a facility register that had rows in an earlier year and has none in
 * a year the sheet came — neither loaded nor rejected row by row — is missing that year (a
 * workbook of one office not sent, or its sheet rejected whole, or its file unreadable).
 */
import { describe, expect, it } from 'vitest';
import { TypeTracker } from '../../pipeline/ingest/missing-types.ts';
import type { LoadedRow, LoadReportRow, Reject } from '../../pipeline/ingest/records.ts';
import type { YearData } from '../../pipeline/ingest/validate-year.ts';

const SHEET = '养老服务设施';

function row(year: number, n: number, type: string): LoadedRow {
  return { year, sourceFile: `${year}/a.xlsx`, sourceSheet: SHEET, sourceRow: n + 2, values: { facility_name: `设施${n}`, town: 'huangcun', facility_type: type, beds: 10, operating_status: '运营' }, extras: null };
}

function report(year: number, file: string, status: 'loaded' | 'rejected', rows: number): LoadReportRow {
  return { year, file, sheet: SHEET, sheetKind: SHEET, status, headerRow: 1, rowsRead: rows, rowsLoaded: status === 'loaded' ? rows : 0, rowsRejected: 0, extraColumns: '' };
}

/** A year whose sheet lists `types` (one row each), plus what is given. */
function year(y: number, types: string[], more: { rejects?: Reject[]; reports?: LoadReportRow[] } = {}): YearData {
  return {
    year: y,
    rows: new Map([[SHEET, types.map((t, i) => row(y, i, t))]]),
    rejects: more.rejects ?? [],
    warnings: [],
    reports: [report(y, `${y}/a.xlsx`, 'loaded', types.length), ...(more.reports ?? [])],
  };
}

describe('TypeTracker', () => {
  it('finds a type listed in an earlier year and not in this one, and warns naming it', () => {
    const t = new TypeTracker();
    expect(t.take(year(2020, ['养老机构', '养老机构', '养老服务驿站']), []).missing).toEqual([]);
    const { missing, warnings } = t.take(year(2021, ['养老服务驿站']), []);
    expect(missing).toEqual([{ year: 2021, sheetKind: SHEET, column: '设施类型', type: '养老机构', lastYear: 2020, lastRows: 2 }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.rule).toBe('type_missing');
    expect(warnings[0]!.message).toBe('2021 年工作表“养老服务设施”中没有“设施类型”为“养老机构”的行（2020 年有 2 行）：可能漏交了列有“养老机构”的工作簿，依赖它的指标记为缺失（不计为 0）。如这一类已全部停用，请仍逐个列出，“运营状态”填“停用”');
  });

  it('remembers the last year that had the type, across a year without it', () => {
    const t = new TypeTracker();
    t.take(year(2020, ['养老机构']), []);
    t.take(year(2021, ['养老服务驿站']), []);
    expect(t.take(year(2022, ['养老服务驿站']), []).missing.map((m) => [m.type, m.lastYear])).toEqual([['养老机构', 2020]]);
  });

  it('does not find a type that first appears later missing before it', () => {
    const t = new TypeTracker();
    expect(t.take(year(2020, ['养老机构']), []).missing).toEqual([]);
    expect(t.take(year(2021, ['养老机构', '养老服务驿站']), []).missing).toEqual([]);
  });

  it('counts a type whose rows were rejected one by one as sent', () => {
    const t = new TypeTracker();
    t.take(year(2020, ['养老机构', '养老服务驿站']), []);
    const rejected: Reject = { file: '2021/a.xlsx', sheet: SHEET, row: 5, column: '床位数', value: '-1', rule: 'negative', scope: 'row', message: '', values: { facility_type: '养老机构' } };
    expect(t.take(year(2021, ['养老服务驿站'], { rejects: [rejected] }), []).missing).toEqual([]);
  });

  it('finds a type missing where a sheet of the kind or a whole file of the year was rejected, saying its rows may be there (0 stations had been published, 逆向变化: an attack)', () => {
    const t = new TypeTracker();
    t.take(year(2020, ['养老机构', '养老服务驿站']), []);
    const sheet = t.take(year(2021, ['养老服务驿站'], { reports: [report(2021, '2021/b.xlsx', 'rejected', 0)] }), []);
    expect(sheet.missing.map((m) => [m.type, m.lastYear])).toEqual([['养老机构', 2020]]);
    expect(sheet.warnings[0]!.message).toContain('可能都在被拒绝的“2021/b.xlsx”的工作表“养老服务设施”中，只计这一类的指标记为缺失（不计为 0），同时计入其他类型的指标按已载入的行计算，标为数据不完整');
    const file = t.take(year(2022, ['养老服务驿站']), ['2022/c.xlsx']);
    expect(file.missing.map((m) => [m.type, m.lastYear])).toEqual([['养老机构', 2020]]);
    expect(file.warnings[0]!.message).toContain('可能在无法读取的文件“2022/c.xlsx”中');
  });

  it('finds nothing in a year without the sheet at all (the kind is missing then, not its types)', () => {
    const t = new TypeTracker();
    t.take(year(2020, ['养老机构']), []);
    const none: YearData = { year: 2021, rows: new Map(), rejects: [], warnings: [], reports: [] };
    expect(t.take(none, []).missing).toEqual([]);
  });
});
