/**
 * Tables written as xlsx without exceljs (xlsx-table.ts): read back by exceljs, by the
 * pipeline's own reader and by LibreOffice, with every kind of cell and hostile text.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { excelText, tableXlsx, type TableSheet } from '../../pipeline/basics/xlsx-table.ts';
import { readWorkbook } from '../../pipeline/ingest/xlsx/workbook.ts';
import { tableWorkbook } from '../../pipeline/basics/xlsx-write.ts';
import { convertToCsv, itWithLibreOffice } from '../support/libreoffice.ts';

const DATE = new Date(Date.UTC(2026, 0, 1));
const TEXTS = ['兴丰街道', '=1+2', ' leading and trailing ', 'a & b < c > "d"', 'tab\there', 'line\nbreak', 'bell\u0007', '_x0041_ literal', '𠀀 pair', 'lone \uD800 half', ''];
const sheets: TableSheet[] = [
  {
    name: 'data',
    rows: [['文本', '数', '是否'], ...TEXTS.map((t, i) => [t, i === 0 ? -0 : i * 1.5 - 3, i % 2 === 0]), [null, Number.NaN, undefined], ['last', 1e21, false]],
    widths: [20, 10, 8],
    frozenHeader: true,
  },
  { name: '字段说明', rows: [['表头', '说明'], ['文本', 'text']], widths: [22, 48] },
];
const root = mkdtempSync(join(tmpdir(), 'planeval-xlsx-table-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('tableXlsx(sheets, options)', () => {
  const bytes = tableXlsx(sheets, { creator: '大兴区民政局', date: DATE });
  const file = join(root, 'table.xlsx');
  writeFileSync(file, bytes);

  it('reads back in exceljs: names, header in bold, text as typed text, numbers, booleans, empty cells', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['data', '字段说明']);
    expect(wb.creator).toBe('大兴区民政局');
    const ws = wb.getWorksheet('data')!;
    expect(ws.getRow(1).getCell(1).value).toBe('文本');
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getRow(2).getCell(1).font?.bold).toBeFalsy();
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(1).width).toBe(20);
    const cell = (r: number, c: number) => ws.getRow(r).getCell(c);
    expect(cell(3, 1).type).toBe(ExcelJS.ValueType.String);
    expect(cell(3, 1).value).toBe('=1+2');
    expect(cell(4, 1).value).toBe(' leading and trailing ');
    expect(cell(5, 1).value).toBe('a & b < c > "d"');
    expect(cell(2, 2).value).toBe(0);
    expect(cell(3, 2).value).toBe(-1.5);
    expect(cell(2, 3).value).toBe(true);
    expect(cell(3, 3).value).toBe(false);
    const empty = 2 + TEXTS.length;
    expect([cell(empty, 1).value, cell(empty, 2).value, cell(empty, 3).value]).toEqual([null, null, null]);
    expect(cell(empty + 1, 2).value).toBe(1e21);
    expect((wb.getWorksheet('字段说明')!.getRow(2).values as unknown[]).slice(1)).toEqual(['文本', 'text']);
  });

  it('reads back in the pipeline’s own reader, control characters and literal escapes as written', async () => {
    const grid = await readWorkbook(file);
    const data = grid.sheets.find((s) => s.name === 'data')!;
    const texts = data.rows.slice(1, 1 + TEXTS.length).map((r) => r[0] ?? '');
    expect(texts).toEqual(TEXTS.map((t) => t.replace('\uD800', '\uFFFD')));
    expect(data.rows[1 + TEXTS.length]?.filter((v) => v !== null && v !== undefined) ?? []).toEqual([]);
  });

  it('has no formula anywhere and the same bytes every time', () => {
    for (const [name, data] of Object.entries(unzipSync(bytes))) {
      if (name.startsWith('xl/worksheets/')) expect(strFromU8(data), name).not.toMatch(/<f[ >]/);
    }
    expect(Buffer.from(tableXlsx(sheets, { creator: '大兴区民政局', date: DATE })).equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses sheet names Excel would not take', () => {
    expect(() => tableXlsx([{ name: 'a/b', rows: [], widths: [] }], { creator: 'x', date: DATE })).toThrow(/工作表名称无效/);
    expect(() => tableXlsx([{ name: 'Data', rows: [], widths: [] }, { name: 'data', rows: [], widths: [] }], { creator: 'x', date: DATE })).toThrow(/重复/);
  });

  itWithLibreOffice('opens in LibreOffice with the same cells', () => {
    const out = convertToCsv(root, [file]);
    const csvFile = join(out, 'table-data.csv');
    expect(existsSync(csvFile)).toBe(true);
    const lines = readFileSync(csvFile, 'utf8').split('\n');
    expect(lines[0]).toBe('文本,数,是否');
    expect(lines[1]).toBe('兴丰街道,0,TRUE');
    expect(lines[2]).toBe('=1+2,-1.5,FALSE');
    expect(readFileSync(join(out, 'table-字段说明.csv'), 'utf8')).toContain('文本,text');
  });
});

describe('excelText(s)', () => {
  it('writes control characters and literal escapes the way Excel reads them back', () => {
    expect(excelText('a\u0001b')).toBe('a_x0001_b');
    expect(excelText('_x0041_')).toBe('_x005F_x0041_');
    expect(excelText('tab\tand\nline')).toBe('tab\tand\nline');
    expect(excelText('x\uDC00')).toBe('x\uFFFD');
    expect(excelText('𠀀')).toBe('𠀀');
  });
});

describe('tableWorkbook (a download)', () => {
  it('makes a column as wide as its text, up to 40, and says its columns in Chinese (the site review: 指标名称 cut at 10, 列名 column)', async () => {
    const bytes = await tableWorkbook(
      [{ name: 'indicator_name', label: '指标名称', type: 'VARCHAR', comment: '指标名称', en: 'Indicator name' }, { name: 'year', label: '年度', type: 'INTEGER', comment: '年度', en: 'Year' }],
      [['有集中供养需求的特困对象集中供养率', 2021], ['全区社区社会组织数量', 2022]],
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    // the data sheet is named in Chinese, as its neighbour 字段说明 is (it had been "data")
    expect(wb.worksheets.map((w) => w.name)).toEqual(['数据', '字段说明']);
    const ws = wb.getWorksheet('数据')!;
    expect(ws.getColumn(1).width).toBe(36);
    expect(ws.getColumn(2).width).toBe(10);
    expect(wb.getWorksheet('字段说明')!.getRow(1).values).toEqual([undefined, '表头', '列名', '类型', '说明', '英文说明']);
  });
});
