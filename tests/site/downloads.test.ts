/**
 * The download writers on their own (downloads.ts, xlsx-write.ts): CSV in Excel's UTF-8
 * convention with the formula guard, xlsx with typed text cells that need none.
 */
import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../pipeline/basics/csv.ts';
import { csvDownload, indicatorValueColumns, xlsxDownload, type DownloadColumn } from '../../pipeline/site/downloads.ts';
import { INDICATOR_VALUE_COLUMNS, TARGET_OP_TEXT } from '../../pipeline/evaluate/indicator-values.ts';

const columns: DownloadColumn[] = [
  { name: 'facility_name', label: '设施名称', type: 'VARCHAR', comment: '设施名称', en: 'facility name' },
  { name: 'beds', label: '床位数（张）', type: 'INTEGER', comment: '床位数', en: 'beds' },
];
const HOSTILE = ['=1+2', '+SUM(A1)', '-2+3', '@cmd', '\tx'];

describe('csvDownload(columns, rows)', () => {
  it('writes a BOM, the Chinese headers, and guards text a spreadsheet would run', () => {
    const csv = csvDownload(columns, HOSTILE.map((t, i) => [t, -i]));
    expect(csv.startsWith('\uFEFF设施名称,床位数（张）\n')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows.map((r) => r['设施名称'])).toEqual(HOSTILE.map((t) => `'${t}`));
    // Numbers are numbers, negative ones included: no guard.
    expect(rows.map((r) => r['床位数（张）'])).toEqual(['0', '-1', '-2', '-3', '-4']);
  });

  it('refuses two columns with the same header', () => {
    expect(() => csvDownload([columns[0]!, { ...columns[1]!, label: '设施名称' }], [])).toThrow(/列名重复：设施名称/);
  });
});

describe('xlsxDownload(columns, rows)', () => {
  it('keeps text as typed text cells, exactly as written, with no formula and no apostrophe', async () => {
    const bytes = await xlsxDownload(columns, HOSTILE.map((t, i) => [t, i]));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('数据')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['设施名称', '床位数（张）']);
    HOSTILE.forEach((t, i) => {
      const cell = ws.getRow(i + 2).getCell(1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(t);
    });
    // In the file itself: no <f> (formula) anywhere.
    const sheets = unzipSync(bytes);
    for (const [name, data] of Object.entries(sheets)) {
      if (name.startsWith('xl/worksheets/')) expect(strFromU8(data), name).not.toMatch(/<f[ >]/);
    }
    expect((wb.getWorksheet('字段说明')!.getRow(2).values as unknown[]).slice(1, 3)).toEqual(['设施名称', 'facility_name']);
  });
});

describe('indicator_values in the downloads', () => {
  it('has a distinct Chinese header for every column', () => {
    const headers = indicatorValueColumns();
    expect(headers.map((c) => c.name)).toEqual(INDICATOR_VALUE_COLUMNS.map((c) => c.name));
    for (const h of headers) expect(h.label, h.name).toMatch(/^\p{Script=Han}/u);
    expect(new Set(headers.map((c) => c.label)).size).toBe(headers.length);
  });

  it('writes target_op in words, which no spreadsheet reads as a formula', () => {
    expect(Object.values(TARGET_OP_TEXT)).toEqual(['达到', '不低于']);
    for (const v of Object.values(TARGET_OP_TEXT)) expect(v).not.toMatch(/^[=+\-@\t\r]/);
  });
});
