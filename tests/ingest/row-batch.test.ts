import { describe, expect, it } from 'vitest';
import { SHEET_BY_NAME } from '../../pipeline/plan/contract.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import type { CellValue } from '../../pipeline/basics/grid.ts';
import { parseSheet, recognizeSheet } from '../../pipeline/ingest/parse-sheet.ts';
import type { LoadedRow } from '../../pipeline/ingest/records.ts';
import { ObjectRows, packRows, RowBatch, rowKey, YearRows } from '../../pipeline/ingest/row-batch.ts';

const geo = loadGeography();
const facilities = SHEET_BY_NAME.get('养老服务设施')!;
const where = { year: 2023, sourceFile: '2023/a.xlsx', sourceSheet: '养老服务设施' };
const row = (sourceRow: number, values: LoadedRow['values'], extras: LoadedRow['extras'] = null): LoadedRow => ({ ...where, sourceRow, values, extras });

describe('packRows(sheet, where, rows) and RowBatch', () => {
  const rows = [
    row(2, { facility_name: '甲院', town: 'huangcun', facility_type: '养老机构', beds: 120, operating_status: '运营' }, { 序号: '1', 备注: '' }),
    row(3, { facility_name: ' 乙 院', town: 'jiugong', facility_type: '养老服务驿站', beds: null, operating_status: '在建' }),
    row(5, { facility_name: '丙院', town: 'huangcun', facility_type: '养老机构', beds: 0.5, operating_status: '运营' }, { '2023': 'x', 备注: '"引号"' }),
  ];

  it('gives back each row as the object it was, in contract column order, its key as rowKey', () => {
    const batch = new RowBatch(facilities, packRows(facilities, where, rows));
    expect(batch.length).toBe(3);
    rows.forEach((r, i) => {
      expect(batch.row(i)).toEqual(r);
      expect(Object.keys(batch.row(i).values)).toEqual(Object.keys(r.values));
      expect(batch.key(i)).toBe(rowKey(facilities, r));
      expect(batch.extrasJson(i)).toBe(r.extras === null ? null : JSON.stringify(r.extras));
    });
    // towns and enums coded, names as they are, numbers typed with missing marked
    const kinds = batch.data.columns.map((c) => c.kind);
    expect(kinds).toEqual(['text', 'codes', 'codes', 'number', 'codes']);
  });

  it('keeps a column whose values are not of its contract type as they are', () => {
    const odd = [row(2, { facility_name: '甲院', town: 'huangcun', facility_type: '养老机构', beds: 1, operating_status: '运营' }), row(3, { facility_name: '乙院', town: 'huangcun', facility_type: '养老机构', beds: '十' as unknown as number, operating_status: '运营' })];
    const batch = new RowBatch(facilities, packRows(facilities, where, odd));
    expect(batch.data.columns[3]!.kind).toBe('any');
    expect(batch.row(0)).toEqual(odd[0]);
    expect(batch.row(1)).toEqual(odd[1]);
  });

  it('replaces a coded text (a community as the directory writes it) in that row only', () => {
    const batch = new RowBatch(facilities, packRows(facilities, where, rows));
    batch.setText(1, 0, '乙院');
    batch.setText(2, 2, '养老照料中心');
    expect(batch.row(1).values.facility_name).toBe('乙院');
    expect(batch.row(2).values.facility_type).toBe('养老照料中心');
    expect(batch.row(0).values.facility_type).toBe('养老机构');
  });

  it('refuses rows of another file or sheet', () => {
    expect(() => packRows(facilities, where, [{ ...rows[0]!, sourceFile: '2023/b.xlsx' }])).toThrow(/来源/);
  });
});

describe('parseSheet(grid, { pack: true })', () => {
  it.each([
    ['extra columns', '说明'],
    ['an extra column named by a number (an object lists it first)', 2023],
  ])('packs the rows it would have made as objects: values, extras, keys (%s, and cells right of the header)', (_, extra) => {
    const rows: CellValue[][] = [
      ['序号', '设施名称', '所在镇街', '设施类型', '床位数（张）', '运营状态', extra, '备注'],
      [1, '甲院', '黄村', '养老机构', 120, '运营', 'a', '注'],
      [2, '乙院', '旧宫', '养老服务驿站', '—', '在建', null, null, '表外'],
      [3, '丙院', '黄村', '养老机构', '12张', '运营'],
      [4, '丁院', '火星', '养老机构', 5, '运营'],
    ];
    const grid = { name: '养老服务设施', rows, merges: [], uncachedFormulas: [] };
    const ctx = { file: '2023/a.xlsx', year: 2023, sheet: recognizeSheet('养老服务设施')!, geography: geo };
    const objects = parseSheet(grid, ctx);
    const packed = parseSheet(grid, { ...ctx, pack: true });
    expect(packed.rows).toEqual([]);
    expect({ ...packed, rows: [], packed: undefined }).toEqual({ ...objects, rows: [], packed: undefined });
    const batch = new RowBatch(facilities, packed.packed!);
    expect(objects.rows).toHaveLength(3);
    expect(Array.from({ length: batch.length }, (_, i) => batch.row(i))).toEqual(objects.rows);
    objects.rows.forEach((r, i) => {
      expect(batch.extrasJson(i)).toBe(JSON.stringify(r.extras));
      expect(batch.key(i)).toBe(rowKey(facilities, r));
    });
  });
});

describe('ObjectRows', () => {
  it('leaves the caller\'s rows as they were when a text is replaced', () => {
    const rows = [row(2, { facility_name: '甲院', town: 'huangcun', facility_type: '养老机构', beds: 1, operating_status: '运营' })];
    const set = new ObjectRows(facilities, rows);
    set.setText(0, 0, '甲 院');
    expect(set.row(0).values.facility_name).toBe('甲 院');
    expect(rows[0]!.values.facility_name).toBe('甲院');
  });
});

describe('YearRows', () => {
  it('makes the rows of a kind objects when asked, and refuses to once released', () => {
    const rows = [row(2, { facility_name: '甲院', town: 'huangcun', facility_type: '养老机构', beds: 1, operating_status: '运营' }), row(3, { facility_name: '乙院', town: 'huangcun', facility_type: '养老机构', beds: 2, operating_status: '运营' })];
    const batch = new RowBatch(facilities, packRows(facilities, where, rows));
    const year = new YearRows(new Map([['养老服务设施', [{ set: batch, indices: Int32Array.from([1]) }]]]), 2023);
    expect(year.get('养老服务设施')).toEqual([rows[1]]);
    expect([...year.keys()]).toEqual(['养老服务设施']);
    expect(year.get('福利机构')).toBeUndefined();
    year.release();
    expect(() => year.get('养老服务设施')).toThrow(/2023 年的数据行已载入数据仓库并释放/);
  });
});
