import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { Deflate, deflateSync, zipSync, strToU8, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SheetGrid, WorkbookGrid } from '../../pipeline/basics/grid.ts';
import { excelDate } from '../../pipeline/ingest/xlsx/sheet-scanner.ts';
import { formatKind, hidesNumber, isScalingFormat, numberFormatKind, readWorkbook, unitSuffix, WorkbookError } from '../../pipeline/ingest/xlsx/workbook.ts';
import { CONDITIONAL_DISPLAY, HIDDEN_DISPLAY, SCALED_DISPLAY, STRIKE, UNSEEN, ZERO_UNSHOWN } from '../../pipeline/basics/grid.ts';
import { parseCell, parseInteger, readNumber, type CellContext } from '../../pipeline/ingest/cells.ts';
import type { ColumnSpec } from '../../pipeline/plan/contract.ts';

const MiB = 1024 * 1024;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'planeval-workbook-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const path = (name: string) => join(dir, name);
const sheet = (wb: WorkbookGrid, name: string): SheetGrid => {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name} in ${wb.sheets.map((x) => x.name).join(', ')}`);
  return s;
};

/** Rejects with a WorkbookError of this reason; returns it for further checks. */
async function rejection(file: string, reason: WorkbookError['reason'], limits = {}): Promise<WorkbookError> {
  let caught: unknown;
  try {
    await readWorkbook(file, limits);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(WorkbookError);
  const err = caught as WorkbookError;
  expect({ reason: err.reason, message: err.message }).toMatchObject({ reason });
  expect(err.message).toContain(`文件“${file}”`);
  expect(err.file).toBe(file);
  return err;
}

// ---------------------------------------------------------------------------------------
// Hand-crafted packages

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface CraftSheet {
  name: string;
  xml: string;
  kind?: 'worksheet' | 'chartsheet';
}

/** The parts of a minimal xlsx package holding these sheets. */
function packageParts(
  sheets: CraftSheet[],
  extra: { sst?: string; styles?: string; workbookPr?: string } = {},
): Record<string, string> {
  const rels = sheets.map(
    (s, i) =>
      `<Relationship Id="rId${i + 1}" Type="${REL}/${s.kind ?? 'worksheet'}" Target="${s.kind === 'chartsheet' ? 'chartsheets' : 'worksheets'}/sheet${i + 1}.xml"/>`,
  );
  if (extra.sst) rels.push(`<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  if (extra.styles) rels.push(`<Relationship Id="rIdT" Type="${REL}/styles" Target="/xl/styles.xml"/>`);
  const parts: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook ${NS}>${extra.workbookPr ?? ''}<sheets>${sheets
      .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
  };
  sheets.forEach((s, i) => {
    parts[`xl/${s.kind === 'chartsheet' ? 'chartsheets' : 'worksheets'}/sheet${i + 1}.xml`] = s.xml;
  });
  if (extra.sst) parts['xl/sharedStrings.xml'] = extra.sst;
  if (extra.styles) parts['xl/styles.xml'] = extra.styles;
  return parts;
}

function writeZip(name: string, parts: Record<string, string | Uint8Array>): string {
  const z: Zippable = {};
  for (const [k, v] of Object.entries(parts)) z[k] = typeof v === 'string' ? strToU8(v) : v;
  writeFileSync(path(name), zipSync(z));
  return path(name);
}

const ws = (sheetData: string, after = '') =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><dimension ref="A1"/><sheetData>${sheetData}</sheetData>${after}</worksheet>`;

interface RawEntry {
  name: string;
  /** Compressed bytes as stored. */
  data: Uint8Array;
  method: 0 | 8;
  crc: number;
  /** Uncompressed size written into both headers (may lie). */
  size: number;
}

/** A zip written byte by byte, so that its headers can say anything. */
function rawZip(entries: RawEntry[]): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(e.method, 10);
    cd.writeUInt32LE(e.crc >>> 0, 16);
    cd.writeUInt32LE(e.data.length, 20);
    cd.writeUInt32LE(e.size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    chunks.push(local, name, Buffer.from(e.data));
    central.push(cd, name);
    offset += 30 + name.length + e.data.length;
  }
  const cdBytes = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdBytes.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, cdBytes, eocd]);
}

function rawEntry(name: string, text: string): RawEntry {
  const bytes = Buffer.from(text, 'utf8');
  return { name, data: deflateSync(bytes), method: 8, crc: zlib.crc32(bytes), size: bytes.length };
}

/** An OLE compound file whose first directory sector names these streams. */
function compoundFile(streams: string[]): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x003e, 0x18);
  header.writeUInt16LE(0x0003, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeInt32LE(0, 0x30);
  const dir = Buffer.alloc(512);
  ['Root Entry', ...streams].slice(0, 4).forEach((name, i) => {
    dir.write(name, i * 128, 'utf16le');
    dir.writeUInt16LE((name.length + 1) * 2, i * 128 + 0x40);
  });
  return Buffer.concat([header, dir, Buffer.alloc(1024, 0x5a)]);
}

// ---------------------------------------------------------------------------------------

describe('readWorkbook() on workbooks written by exceljs', () => {
  let file: string;
  let wb: WorkbookGrid;

  beforeAll(async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('填表说明').getCell('A1').value = '请按要求填写';
    const s = book.addWorksheet('养老服务设施(2023)');
    s.mergeCells('A1:F1');
    s.getCell('A1').value = '大兴区养老服务设施统计表（2023年度）';
    s.getRow(2).values = ['设施名称', '所在镇街', '设施类型', '床位数（张）', '运营状态', '建成日期'];
    s.getRow(3).values = ['康乐养老院', '黄村镇', '养老机构', 120, '运营', new Date(Date.UTC(2021, 5, 30))];
    s.getRow(4).values = ['  前后有空格  ', '１２３４', '养老服务驿站', 12.5, '在建', new Date(Date.UTC(2023, 11, 31))];
    // A vertically merged town over three rows (A5:A7), values only in the top-left.
    s.mergeCells('B5:B7');
    s.getCell('B5').value = '旧宫镇';
    s.getCell('A5').value = '一号驿站';
    s.getCell('A6').value = '二号驿站';
    s.getCell('A7').value = '三号驿站';
    s.getCell('D5').value = -3;
    s.getCell('D6').value = 1e-7;
    s.getCell('D7').value = 123456789012;
    s.getCell('A8').value = { formula: 'D3+D4', result: 132.5 };
    s.getCell('B8').value = { formula: '"合"&"计"', result: '合计' };
    s.getCell('C8').value = { formula: '1/0', result: { error: '#DIV/0!' } };
    s.getCell('D8').value = { formula: 'SUM(D3:D7)' }; // no cached result
    s.getCell('E8').value = true;
    s.getCell('F8').value = false;
    s.getCell('A9').value = {
      richText: [{ text: '红色', font: { color: { argb: 'FFFF0000' } } }, { text: ' 加粗', font: { bold: true } }],
    };
    const formatted = (ref: string, value: number | Date, numFmt: string) => {
      const cell = s.getCell(ref);
      cell.value = value;
      cell.numFmt = numFmt;
    };
    formatted('B9', new Date(Date.UTC(2024, 0, 15)), 'yyyy"年"m"月"d"日"');
    formatted('C9', 0.5, '0.00');
    formatted('D9', 0.375, '0%');
    formatted('E9', 0.75, 'h:mm');
    // shown scaled down: 8000 as 8, 100000 as 10.0万 (the fourth workbook attack)
    formatted('F9', 8000, '#,##0,');
    formatted('G9', 100000, '0!.0,"万"');
    // a magnitude shown after the number, read as shown; a number shown as nothing or as a dash
    // (the fifth workbook attack: 3 with 0"万人" was read as 3 volunteers, a cell showing — counted)
    formatted('H9', 3, '0"万人"');
    formatted('I9', 12, ';;;');
    formatted('J9', 7, '"—"');
    s.getCell('A10').value = '第一行\r\n第二行';
    s.getCell('B10').value = '与 & < > " \' 中文';
    // Styled but empty cells and rows at the end: trimmed.
    s.getCell('H10').numFmt = '0.00';
    s.getCell('J10').value = '';
    s.getCell('A15').border = { top: { style: 'thin' } };
    s.getCell('C20').value = null;
    book.addWorksheet('Sheet 3').getCell('C2').value = 7;
    file = path('exceljs.xlsx');
    await book.xlsx.writeFile(file);
    wb = await readWorkbook(file);
  });

  it('returns the file and the sheets in tab order, with their (Chinese) names', () => {
    expect(wb.file).toBe(file);
    expect(wb.sheets.map((s) => s.name)).toEqual(['填表说明', '养老服务设施(2023)', 'Sheet 3']);
    expect(sheet(wb, '填表说明').rows).toEqual([['请按要求填写']]);
    expect(sheet(wb, 'Sheet 3').rows).toEqual([[], [null, null, 7]]);
  });

  it('reads numbers, shared strings (kept verbatim), dates and the cached values of formulas', () => {
    const rows = sheet(wb, '养老服务设施(2023)').rows;
    expect(rows[0]).toEqual(['大兴区养老服务设施统计表（2023年度）']);
    expect(rows[1]).toEqual(['设施名称', '所在镇街', '设施类型', '床位数（张）', '运营状态', '建成日期']);
    expect(rows[2]).toEqual(['康乐养老院', '黄村镇', '养老机构', 120, '运营', '2021-06-30']);
    expect(rows[3]).toEqual(['  前后有空格  ', '１２３４', '养老服务驿站', 12.5, '在建', '2023-12-31']);
    expect(rows[4]).toEqual(['一号驿站', '旧宫镇', null, -3]);
    expect(rows[5]).toEqual(['二号驿站', null, null, 1e-7]);
    expect(rows[6]).toEqual(['三号驿站', null, null, 123456789012]);
    expect(rows[7]).toEqual([132.5, '合计', '#DIV/0!', null, true, false]);
  });

  it('joins rich-text runs, formats dates by their number format only, keeps line breaks and escapes', () => {
    const rows = sheet(wb, '养老服务设施(2023)').rows;
    // a time of day (0.75 as 18:00) is no number as shown: marked, as the other formats that show a number otherwise (the tenth workbook attack)
    expect(rows[8]).toEqual(['红色 加粗', '2024-01-15', 0.5, '37.5%', `0.75${HIDDEN_DISPLAY}`, `8000${SCALED_DISPLAY}`, `100000${SCALED_DISPLAY}`, '3万人', `12${HIDDEN_DISPLAY}`, `7${HIDDEN_DISPLAY}`]);
    expect(readNumber(rows[8]![8]!)).toMatchObject({ ok: false, rule: 'not_a_number', message: expect.stringContaining('单元格中存的数是12，但单元格格式不按这个数显示') });
    expect(readNumber(rows[8]![7]!)).toMatchObject({ ok: false });
    // which the number parser rejects, saying both numbers' story
    expect(readNumber(rows[8]![5]!)).toEqual({ ok: false, rule: 'not_a_number', message: '单元格中存的数是8000，但单元格格式把它按千或万缩小显示，表中看到的数与存的数不同：请把单元格格式改为“常规”或“数值”，按本列的单位填写后重新提交' });
    // exceljs writes the CR LF raw; an XML parser (and Excel) reads a raw line end as LF.
    expect(rows[9]).toEqual(['第一行\n第二行', '与 & < > " \' 中文']);
  });

  it('trims trailing empty cells and rows', () => {
    const rows = sheet(wb, '养老服务设施(2023)').rows;
    expect(rows).toHaveLength(10);
    expect(rows[9]).toHaveLength(2);
  });

  it('lists merged ranges 0-based and formulas without a cached value', () => {
    const s = sheet(wb, '养老服务设施(2023)');
    expect(s.merges).toEqual(
      expect.arrayContaining([
        { r1: 0, c1: 0, r2: 0, c2: 5 },
        { r1: 4, c1: 1, r2: 6, c2: 1 },
      ]),
    );
    expect(s.merges).toHaveLength(2);
    expect(s.uncachedFormulas).toEqual([{ r: 7, c: 3 }]);
    expect(sheet(wb, 'Sheet 3').merges).toEqual([]);
  });
});

describe('readWorkbook() on streamed exceljs output (no shared strings) and the 1904 date system', () => {
  it('reads formula-string (t="str") and inline rich-text cells, also across 64 KiB chunk boundaries', async () => {
    const file = path('streamed.xlsx');
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
    const s = book.addWorksheet('社区村名录');
    const expected: (string | number)[][] = [];
    for (let i = 0; i < 6000; i++) {
      const row = [`第${i}号社区（居委会）`, i % 7 === 0 ? '北京市大兴区黄村镇' : 'Ｘ镇', i * 1.25, `备注：中文${'测'.repeat(i % 13)}`];
      expected.push(row);
      s.addRow(row).commit();
    }
    s.addRow([{ richText: [{ text: '富' }, { text: '文本' }] }]).commit();
    await s.commit();
    await book.commit();
    const raw = readFileSync(file);
    expect(raw.length).toBeGreaterThan(10_000);
    const wb = await readWorkbook(file);
    const rows = wb.sheets[0]!.rows;
    expect(rows.slice(0, 6000)).toEqual(expected);
    expect(rows[6000]).toEqual(['富文本']);
  });

  it('reads dates of a workbook using the 1904 date system', async () => {
    const book = new ExcelJS.Workbook();
    book.properties.date1904 = true;
    const s = book.addWorksheet('数据');
    s.getCell('A1').value = new Date(Date.UTC(2022, 2, 1));
    const file = path('date1904.xlsx');
    await book.xlsx.writeFile(file);
    const wb = await readWorkbook(file);
    expect(wb.sheets[0]!.rows).toEqual([['2022-03-01']]);
  });
});

describe('readWorkbook() on hand-written XML', () => {
  const sst =
    '<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">' +
    '<si><t>镇街</t></si>' +
    '<si><r><rPr><b/><sz val="11"/></rPr><t>加粗</t></r><r><t xml:space="preserve"> 普通 </t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh><phoneticPr fontId="1"/></si>' +
    '<si><t>A &amp; B &lt;C&gt; &#x4E2D;&#25991; &quot;q&quot;</t></si>' +
    '<si><t>行1_x000D_\n行2 _x005F_x000D_</t></si>' +
    '<si/>' +
    '</sst>';
  const styles =
    '<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy/m/d;@"/><numFmt numFmtId="165" formatCode="#,##0&quot;人&quot;"/><numFmt numFmtId="166" formatCode="[h]:mm:ss"/></numFmts>' +
    '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
    '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="20"/><xf numFmtId="166"/></cellXfs>' +
    '</styleSheet>';

  it('reads every cell type, missing r attributes, formulas without a cached value, comments', async () => {
    const data =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>' +
      '<row r="2"><c r="A2"><v>1</v></c><c r="B2"><f>SUM(A1:A2)</f></c><c r="C2" t="str"><f>A1</f><v>镇街</v></c><c r="D2" t="str"><f>""</f><v></v></c><c r="E2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>' +
      '<!-- a comment <c r="Z9"><v>9</v></c> -->' +
      '<row><c><v>10</v></c><c t="b"><v>1</v></c><c t="b"><v>0</v></c><c r="F3"><v>1.5E-3</v></c><c><v>-0.25</v></c></row>' +
      '<row r="5" spans="1:3"><c r="C5" t="inlineStr"><is><t>内联</t></is></c><c r="A5" t="inlineStr"><is><r><t>富</t></r><r><rPr><i/></rPr><t xml:space="preserve"> 文本</t></r><rPh><t>x</t></rPh></is></c></row>' +
      '<row r="6"/>' +
      '<row r="7"><c r="A7" s="1"><v>45291</v></c><c r="B7" s="2"><v>45292.75</v></c><c r="C7" s="3"><v>1234</v></c><c r="D7" s="4"><v>0.5</v></c><c r="E7" s="5"><v>1.5</v></c><c r="F7" t="d"><v>2024-03-01T00:00:00Z</v></c></row>' +
      '<row r="8"><c r="A8"><v>12345678901234567890</v></c><c r="B8"><v>0.1</v></c><c r="C8"><v>3.14159265358979</v></c><c r="D8" s="1"><v>60</v></c><c r="E8" s="1"><v>59</v></c><c r="F8" s="1"><v>61</v></c></row>' +
      '<row r="9"><c r="A9"><f>NOW()</f><v></v></c><c r="B9" t="s"><f>X</f></c><c r="C9" s="1"/><c r="D9" t="s"><v>4</v></c></row>';
    const merges = '<mergeCells count="2"><mergeCell ref="A5:A7"/><mergeCell ref="B2:D3"/></mergeCells>';
    const file = writeZip(
      'crafted.xlsx',
      packageParts([{ name: '人口基础数据', xml: ws(data, merges) }], { sst, styles }),
    );
    const wb = await readWorkbook(file);
    const s = wb.sheets[0]!;
    expect(s.name).toBe('人口基础数据');
    expect(s.rows[0]).toEqual(['镇街', '加粗 普通 ', 'A & B <C> 中文 "q"', '行1\r\n行2 _x000D_']);
    expect(s.rows[1]).toEqual([1, null, '镇街', '', '#DIV/0!']);
    expect(s.rows[2]).toEqual([10, true, false, null, null, 0.0015, -0.25]);
    expect(s.rows[3]).toEqual([]);
    expect(s.rows[4]).toEqual(['富 文本', null, '内联']);
    expect(s.rows[5]).toEqual([]);
    // #,##0"人" shows 1234人: read as shown (a unit the column may not have: the sixth workbook attack)
    // times (h:mm, [h]:mm:ss) show no number as stored: 40 beds as 960:00 (the tenth workbook attack)
    expect(s.rows[6]).toEqual(['2023-12-31', '2024-01-01', '1234人', `0.5${HIDDEN_DISPLAY}`, `1.5${HIDDEN_DISPLAY}`, '2024-03-01']);
    expect(s.rows[7]).toEqual([12345678901234567890, 0.1, 3.14159265358979, 60, '1900-02-28', '1900-03-01']);
    expect(s.rows).toHaveLength(8); // row 9 holds only empty values
    expect(s.uncachedFormulas).toEqual([
      { r: 1, c: 1 },
      { r: 8, c: 0 },
      { r: 8, c: 1 },
    ]);
    expect(s.merges).toEqual([
      { r1: 4, c1: 0, r2: 6, c2: 0 },
      { r1: 1, c1: 1, r2: 2, c2: 3 },
    ]);
  });

  it('follows the previous cell and row when r attributes are missing', async () => {
    const data =
      '<row><c t="inlineStr"><is><t>a</t></is></c><c><v>1</v></c></row>' +
      '<row><c r="C2"><v>2</v></c><c><v>3</v></c></row>' +
      '<row r="5"><c><v>5</v></c></row>' +
      '<row><c r="B6"><v>6</v></c></row>';
    const file = writeZip('no-refs.xlsx', packageParts([{ name: 'S', xml: ws(data) }]));
    const rows = (await readWorkbook(file)).sheets[0]!.rows;
    expect(rows).toEqual([['a', 1], [null, null, 2, 3], [], [], [5], [null, 6]]);
  });

  it('handles a namespace prefix, the 1904 flag, chart sheets and sheet names with entities', async () => {
    const prefixed =
      '<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c><x:c r="B1" s="1"><x:v>0</x:v></x:c></x:row>' +
      '</x:sheetData><x:mergeCells><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>';
    const chart = '<?xml version="1.0"?><chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>';
    const file = writeZip(
      'prefixed.xlsx',
      packageParts(
        [
          { name: '图表', xml: chart, kind: 'chartsheet' },
          { name: 'A &amp; B', xml: prefixed },
        ],
        { styles, workbookPr: '<workbookPr date1904="1"/>' },
      ),
    );
    const wb = await readWorkbook(file);
    // a chart sheet listed as a tab that is not read (refused where it bears a contract sheet's name)
    expect(wb.sheets.map((s) => [s.name, s.notWorksheet])).toEqual([['图表', '图表工作表'], ['A & B', undefined]]);
    expect(wb.sheets[0]!.rows).toEqual([]);
    expect(wb.sheets[1]!.rows).toEqual([['前缀', '1904-01-01']]);
    expect(wb.sheets[1]!.merges).toEqual([{ r1: 0, c1: 0, r2: 0, c2: 1 }]);
  });

  it('reads a sheet whose XML is a single line of several MB (elements split across chunks)', async () => {
    const cells: string[] = [];
    const expected: (string | number)[][] = [];
    for (let r = 1; r <= 20_000; r++) {
      const text = `第${r}行&amp;“引号”${'字'.repeat(r % 9)}`;
      cells.push(
        `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${text}</t></is></c><c r="B${r}"><v>${r / 8}</v></c><c r="C${r}" t="s"><v>${r % 4}</v></c></row>`,
      );
      expected.push([text.replace('&amp;', '&'), r / 8, ['镇街', '加粗 普通 ', 'A & B <C> 中文 "q"', '行1\r\n行2 _x000D_'][r % 4]!]);
    }
    const file = writeZip('long.xlsx', packageParts([{ name: 'S', xml: ws(cells.join('')) }], { sst }));
    const rows = (await readWorkbook(file)).sheets[0]!.rows;
    expect(rows).toEqual(expected);
  });

  it('marks a tab hidden or very hidden in Excel', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('看得见').getCell('A1').value = 1;
    const h = book.addWorksheet('隐藏');
    h.getCell('A1').value = 2;
    h.state = 'hidden';
    const v = book.addWorksheet('深度隐藏');
    v.getCell('A1').value = 3;
    v.state = 'veryHidden';
    const file = path('hidden.xlsx');
    await book.xlsx.writeFile(file);
    expect((await readWorkbook(file)).sheets.map((s) => [s.name, s.hidden ?? false])).toEqual([['看得见', false], ['隐藏', true], ['深度隐藏', true]]);
  });

  it('marks the rows and columns hidden in Excel (by hand or by a filter), as Excel and exceljs write them', async () => {
    const book = new ExcelJS.Workbook();
    const s = book.addWorksheet('居家养老');
    for (let r = 1; r <= 6; r++) s.getRow(r).values = [`行${r}`, r, r * 10, r * 100];
    s.getRow(3).hidden = true;
    s.getRow(5).hidden = true;
    s.getColumn(2).hidden = true;
    s.getColumn(3).hidden = true;
    const file = path('hidden-rows.xlsx');
    await book.xlsx.writeFile(file);
    const g = (await readWorkbook(file)).sheets[0]!;
    expect(g.hiddenRows).toEqual([2, 4]);
    expect(g.hiddenColumns?.flatMap((h) => Array.from({ length: h.c2 - h.c1 + 1 }, (_, k) => h.c1 + k))).toEqual([1, 2]);
    expect(g.rows[2]).toEqual(['行3', 3, 30, 300]); // hidden cells are read as any other
    // Excel's own shape: hidden="true", attributes in any order, a range hidden at once; none when nothing is hidden
    const xml = ws('<row r="1" spans="1:2" hidden="true" x14ac:dyDescent="0.25"><c r="A1"><v>1</v></c></row><row r="2" hidden="0"><c r="A2"><v>2</v></c></row>')
      .replace('<sheetData>', '<cols><col min="1" max="1" width="9"/><col width="0" hidden="1" customWidth="1" max="7" min="3"/></cols><sheetData>');
    const shaped = (await readWorkbook(writeZip('hidden-shapes.xlsx', packageParts([{ name: 'S', xml }])))).sheets[0]!;
    expect(shaped.hiddenRows).toEqual([0]);
    expect(shaped.hiddenColumns).toEqual([{ c1: 2, c2: 6 }]);
    const plain = (await readWorkbook(writeZip('shown.xlsx', packageParts([{ name: 'S', xml: ws('<row r="1"><c r="A1"><v>1</v></c></row>') }])))).sheets[0]!;
    expect(plain.hiddenRows).toBeUndefined();
    expect(plain.hiddenColumns).toBeUndefined();
  });

  it('keeps the formula cells with a saved result only of a workbook that asks to be recalculated on opening (the sixth workbook attack)', async () => {
    const xml = ws('<row r="1"><c r="A1"><v>5</v></c><c r="B1"><f>SUM(A1:A1)</f><v>0</v></c><c r="C1" t="str"><f>"x"</f><v>x</v></c></row>');
    const open = (workbookPr: string, name: string) => readWorkbook(writeZip(name, packageParts([{ name: 'S', xml }], { workbookPr })));
    const stale = (await open('<calcPr calcId="171027" fullCalcOnLoad="1"/>', 'recalc.xlsx')).sheets[0]!;
    expect(stale.staleFormulas).toEqual([{ r: 0, c: 1 }, { r: 0, c: 2 }]);
    expect(stale.rows[0]).toEqual([5, 0, 'x']); // read as saved
    expect((await open('<calcPr calcId="171027"/>', 'saved.xlsx')).sheets[0]!.staleFormulas).toBeUndefined();
  });

  it('reads the digits of a superscript or subscript run as they show (30¹ is 30 and a footnote, not 301: the sixth workbook attack)', async () => {
    const sst = '<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<si><r><t>30</t></r><r><rPr><vertAlign val="superscript"/><sz val="11"/></rPr><t>1</t></r></si>' +
      '<si><r><rPr><b/></rPr><t>H</t></r><r><rPr><vertAlign val="subscript"/></rPr><t>2</t></r><r><t>O 12</t></r></si>' +
      '<si><r><rPr><vertAlign val="baseline"/></rPr><t>4</t></r><r><t>5</t></r></si></sst>';
    const xml = ws('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="inlineStr"><is><r><t>7</t></r><r><rPr><vertAlign val="superscript"/></rPr><t>2</t></r></is></c></row>');
    const g = (await readWorkbook(writeZip('raised.xlsx', packageParts([{ name: 'S', xml }], { sst })))).sheets[0]!;
    expect(g.rows[0]).toEqual(['30¹', 'H₂O 12', '45', '7²']);
  });

  it('refuses a cell whose style or type is not one Excel writes (s=" 5", t=" s", t="S"): read as style 0 or a number, what shows had been passed over (the ninth workbook attack)', async () => {
    const sst = '<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>甲</t></si></sst>';
    for (const [attrs, said] of [['s=" 5"', '单元格样式序号“ 5”无效'], ['s=""', '单元格样式序号“”无效'], ['t=" s"', '单元格类型“ s”无效'], ['t="S"', '单元格类型“S”无效'], ['t="string"', '单元格类型“string”无效']] as const) {
      const xml = ws(`<row r="1"><c r="A1" ${attrs}><v>0</v></c></row>`);
      const e = await rejection(writeZip('bad-attr.xlsx', packageParts([{ name: 'S', xml }], { sst })), 'corrupt');
      expect(e.message, attrs).toContain(said);
    }
    // those Excel writes read as before
    const xml = ws('<row r="1"><c r="A1" t="s" s="0"><v>0</v></c><c r="B1" t="n"><v>2</v></c><c r="C1" t="str"><v>x</v></c><c r="D1" t="b"><v>1</v></c><c r="E1" t="inlineStr"><is><t>乙</t></is></c></row>');
    expect((await readWorkbook(writeZip('good-attr.xlsx', packageParts([{ name: 'S', xml }], { sst })))).sheets[0]!.rows[0]).toEqual(['甲', 2, 'x', true, '乙']);
  });

  it('reads a struck-through run as struck (40 struck and 45 after it is 4̶0̶45, not 4045: the ninth workbook attack)', async () => {
    const sst = '<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<si><r><rPr><strike/></rPr><t>40</t></r><r><t>45</t></r></si>' +
      '<si><r><rPr><strike val="0"/></rPr><t>40</t></r><r><t>5</t></r></si></sst>';
    const xml = ws('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><r><rPr><strike val="1"/></rPr><t>1 2</t></r><r><t>3</t></r></is></c></row>');
    const g = (await readWorkbook(writeZip('struck.xlsx', packageParts([{ name: 'S', xml }], { sst })))).sheets[0]!;
    expect(g.rows[0]).toEqual([`4${STRIKE}0${STRIKE}45`, '405', `1${STRIKE} 2${STRIKE}3`]);
    // and the number parser refuses it, saying why
    expect(parseInteger(g.rows[0]![0]!, '张')).toEqual({ ok: false, rule: 'not_a_number', message: `“4${STRIKE}0${STRIKE}45”中有划掉（删除线）的文字，表中看到的是改正前后的两个数，无法确定应计入哪一个：请删去划掉的内容，只留应填的数后重新提交` });
    const column = { name: '床位数', field: 'beds', type: 'integer', unit: '张' } as unknown as ColumnSpec;
    expect(parseCell(g.rows[0]![0]!, column, {} as CellContext)).toMatchObject({ ok: false, rule: 'struck_through', message: expect.stringContaining('中有划掉（删除线）的文字，表中看到的是改正前后两种内容') });
    // a cell whose font strikes it through, whole: a row crossed out (void, or not?)
    const st = '<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="3"><font><sz val="11"/></font><font><strike/><sz val="11"/></font><font><strike val="0"/></font></fonts>' +
      '<cellXfs count="3"><xf numFmtId="0" fontId="0"/><xf numFmtId="0" fontId="1"/><xf numFmtId="0" fontId="2"/></cellXfs></styleSheet>';
    const row = ws('<row r="1"><c r="A1" s="1"><v>40</v></c><c r="B1" s="1" t="inlineStr"><is><t>甲院</t></is></c><c r="C1" s="2"><v>5</v></c><c r="D1" s="0"><v>6</v></c></row>');
    const h = (await readWorkbook(writeZip('struck-font.xlsx', packageParts([{ name: 'S', xml: row }], { styles: st })))).sheets[0]!;
    expect(h.rows[0]).toEqual([`4${STRIKE}0${STRIKE}`, `甲${STRIKE}院${STRIKE}`, 5, 6]);
    expect(parseCell(h.rows[0]![0]!, column, {} as CellContext)).toEqual({ ok: false, rule: 'struck_through', message: `“4${STRIKE}0${STRIKE}”整个单元格有删除线（划掉），无法确定是否仍有效：已作废的，请删去该行；仍有效的，请取消删除线后重新提交` });
  });

  it('marks text in white, which a reader of the sheet does not see: a run (a white 1 before 40 is no 140), a cell\'s font on an unfilled cell, a format\'s [White] (the tenth workbook attack)', async () => {
    const sst = '<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<si><r><rPr><color rgb="FFFFFFFF"/></rPr><t>1</t></r><r><rPr><color theme="1"/></rPr><t>40</t></r></si>' +
      '<si><r><rPr><color theme="0" tint="-0.499984740745262"/></rPr><t>4</t></r><r><t>5</t></r></si></sst>';
    const st = '<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="200" formatCode="[White]0"/></numFmts>' +
      '<fonts count="2"><font><sz val="11"/></font><font><sz val="11"/><color theme="0"/></font></fonts>' +
      '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FF1F4E78"/></patternFill></fill></fills>' +
      '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0"/><xf numFmtId="0" fontId="1" fillId="0"/><xf numFmtId="0" fontId="1" fillId="2"/><xf numFmtId="200"/></cellXfs></styleSheet>';
    const xml = ws('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" s="1"><v>40</v></c><c r="D1" s="2"><v>41</v></c><c r="E1" s="3"><v>42</v></c><c r="F1" s="1" t="inlineStr"><is><t>甲院</t></is></c></row>');
    const g = (await readWorkbook(writeZip('white.xlsx', packageParts([{ name: 'S', xml }], { sst, styles: st })))).sheets[0]!;
    // white on white is unseen; on a dark fill it shows, and a darkened white is grey
    expect(g.rows[0]).toEqual([`${UNSEEN}1${UNSEEN}40`, '45', `40${HIDDEN_DISPLAY}`, 41, `42${HIDDEN_DISPLAY}`, '甲院']);
    expect(parseInteger(g.rows[0]![0]!, '张')).toEqual({ ok: false, rule: 'not_a_number', message: '“140”中有在表中看不见的文字（白色字体，或不可见的字符），表中看到的数与存的数不同，无法确定是哪个数：请删去看不见的内容，只留应填的数后重新提交' });
    // a name's white run is read as stored, without the mark
    const name = { name: '机构名称', field: 'facility_name', type: 'text' } as unknown as ColumnSpec;
    expect(parseCell(`${UNSEEN}甲${UNSEEN}院`, name, {} as CellContext)).toEqual({ ok: true, value: '甲院' });
  });

  it('tells a format that shows no number, and the magnitude a format shows after the number', () => {
    for (const code of [';;;', '"—"', '"-"', ';;']) expect(hidesNumber(code), code).toBe(true);
    for (const code of ['0', '#,##0', 'General', '@', '0;-0;;@', '0"人"']) expect(hidesNumber(code), code).toBe(false);
    // and a unit (the sixth workbook attack: 320000 with #,##0"元" read as 320000 万元)
    expect(['0"万人"', '#,##0"万人"', '0.0\\万', '0.00"万元"', '[$-804]0"千"', '0"人"', '#,##0"元"', '0"人次"', '0"分"', '0'].map(unitSuffix)).toEqual(['万人', '万人', '万', '万元', '千', '人', '元', '人次', null, null]);
  });

  it('tells a format that scales numbers down from one with a thousands separator', () => {
    for (const code of ['#,##0,', '0.0,,', '0!.0,"万"', '0,"千"', '[Red]#,##0,']) expect(isScalingFormat(code), code).toBe(true);
    for (const code of ['#,##0', '#,##0.00', '0', '0.0"万人"', '#,##0_);(#,##0)', '"a,b"0', '0%']) expect(isScalingFormat(code), code).toBe(false);
  });

  it('classifies number formats and converts serials to dates', () => {
    expect(formatKind('yyyy-mm-dd')).toBe('date');
    expect(formatKind('[$-804]yyyy"年"m"月"d"日";@')).toBe('date');
    expect(formatKind('[DBNum1][$-804]yyyy"年"m"月"')).toBe('date');
    expect(formatKind('mmm-yy')).toBe('date');
    expect(formatKind('h:mm:ss')).toBe('time');
    expect(formatKind('[h]:mm')).toBe('time');
    expect(formatKind('mm:ss')).toBe('time');
    expect(formatKind('0.00')).toBeNull();
    expect(formatKind('#,##0"人（万元）"')).toBeNull();
    expect(formatKind('0.00E+00')).toBeNull();
    expect(formatKind('[Red]General')).toBeNull();
    expect(formatKind('G/通用格式')).toBeNull();
    expect(excelDate(1, false)).toBe('1900-01-01');
    expect(excelDate(59, false)).toBe('1900-02-28');
    expect(excelDate(60, false)).toBeNull();
    expect(excelDate(61, false)).toBe('1900-03-01');
    expect(excelDate(45291.99999999, false)).toBe('2024-01-01');
    expect(excelDate(0, true)).toBe('1904-01-01');
    expect(excelDate(2958465, false)).toBe('9999-12-31');
    expect(excelDate(2958466, false)).toBeNull();
  });
});

describe('readWorkbook() on files that are not readable workbooks', () => {
  it('rejects random bytes, an empty file and an HTML table as not_xlsx', async () => {
    const random = path('random.xlsx');
    writeFileSync(random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251)));
    expect((await rejection(random, 'not_xlsx')).message).toBe(`文件“${random}”不是有效的 xlsx 工作簿（不是 zip 压缩包）。请在 Excel/WPS 中打开，另存为 .xlsx 格式后重新提交`);
    const empty = path('empty.xlsx');
    writeFileSync(empty, '');
    expect((await rejection(empty, 'not_xlsx')).message).toContain('空文件');
    const html = path('html.xlsx');
    writeFileSync(html, '<html><body><table><tr><td>1</td></tr></table></body></html>');
    expect((await rejection(html, 'not_xlsx')).message).toContain('网页格式');
  });

  it('rejects an OLE compound file as encrypted (or an old .xls when it clearly is one)', async () => {
    const bare = path('cfb.xlsx');
    writeFileSync(bare, compoundFile([]));
    const e1 = await rejection(bare, 'encrypted');
    expect(e1.message).toContain('可能已加密');
    expect(e1.message).toContain('.xls');
    const encrypted = path('encrypted.xlsx');
    writeFileSync(encrypted, compoundFile(['\u0006DataSpaces', 'EncryptionInfo', 'EncryptedPackage']));
    expect((await rejection(encrypted, 'encrypted')).message).toBe(
      `文件“${encrypted}”已加密（受密码保护），请取消密码后重新提交`,
    );
    const xls = path('old.xlsx');
    writeFileSync(xls, compoundFile(['Workbook', '\u0005SummaryInformation']));
    expect((await rejection(xls, 'not_xlsx')).message).toContain('Excel 97-2003');
  });

  it('rejects a truncated or damaged zip as corrupt', async () => {
    const good = path('exceljs.xlsx');
    const bytes = readFileSync(good);
    const truncated = path('truncated.xlsx');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect((await rejection(truncated, 'corrupt')).message).toMatch(/已损坏：.*截断/);

    // Damage the compressed data of a worksheet (found through its local header).
    const damaged = Buffer.from(bytes);
    const at = damaged.indexOf('xl/worksheets/sheet2.xml');
    expect(at).toBeGreaterThan(30);
    for (let k = at + 40; k < at + 240; k++) damaged[k] = damaged[k]! ^ 0x5a;
    const bad = path('damaged.xlsx');
    writeFileSync(bad, damaged);
    expect((await rejection(bad, 'corrupt')).message).toContain('已损坏');

    const badIndex = writeZip(
      'bad-sst-index.xlsx',
      packageParts([{ name: 'S', xml: ws('<row r="1"><c r="A1" t="s"><v>5</v></c></row>') }], {
        sst: '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>x</t></si></sst>',
      }),
    );
    expect((await rejection(badIndex, 'corrupt')).message).toContain('共享字符串');

    const badXml = writeZip('bad-xml.xlsx', packageParts([{ name: 'S', xml: ws('<row r="1"><c r="A1"><v>1</v></row>') }]));
    expect((await rejection(badXml, 'corrupt')).message).toContain('XML 格式错误');
  });

  it('rejects a sheet whose XML is cut off before its end, and a workbook that lists no sheet (an attack: rows after the cut lost unsaid; 0 sheets read, no message)', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('');
    const whole = ws(rows);
    const cut = writeZip('cut.xlsx', packageParts([{ name: 'S', xml: whole.slice(0, whole.indexOf('<row r="15"')) }]));
    expect((await rejection(cut, 'corrupt')).message).toContain('“xl/worksheets/sheet1.xml”在结尾之前中断（XML 不完整）');
    // closed after a comment or with white space is whole, and so is a sheet that is one empty element
    const after = writeZip('after.xlsx', packageParts([{ name: 'S', xml: `${whole}\n<!-- saved -->\n` }, { name: 'T', xml: `<?xml version="1.0"?><worksheet ${NS}/>` }]));
    const book = await readWorkbook(after);
    expect(sheet(book, 'S').rows).toHaveLength(30);
    expect(sheet(book, 'T').rows).toHaveLength(0);
    const parts = packageParts([{ name: 'S', xml: whole }]);
    parts['xl/workbook.xml'] = parts['xl/workbook.xml']!.replace(/<sheets>.*<\/sheets>/, '<sheets/>');
    expect((await rejection(writeZip('no-sheets.xlsx', parts), 'corrupt')).message).toContain('工作簿目录（xl/workbook.xml）中没有列出任何工作表，而文件中有工作表的数据');
  });

  it('rejects a zip without a workbook: not_xlsx for other files, corrupt for a broken xlsx', async () => {
    const notBook = writeZip('other.xlsx', { 'readme.txt': 'hello' });
    expect((await rejection(notBook, 'not_xlsx')).message).toContain('xl/workbook.xml');
    const docx = writeZip('word.xlsx', {
      '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
      'word/document.xml': '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
    });
    await rejection(docx, 'not_xlsx');
    const parts = packageParts([{ name: 'S', xml: ws('') }]);
    delete parts['xl/workbook.xml'];
    const broken = writeZip('no-workbook.xlsx', parts);
    expect((await rejection(broken, 'corrupt')).message).toContain('xl/workbook.xml');
    const missingSheet = packageParts([{ name: 'S', xml: ws('') }]);
    delete missingSheet['xl/worksheets/sheet1.xml'];
    expect((await rejection(writeZip('no-sheet.xlsx', missingSheet), 'corrupt')).message).toContain('缺少工作表“S”');
  });

  it('rejects zip-level encryption and totals over the limits', async () => {
    const bytes = Buffer.from(readFileSync(path('crafted.xlsx')));
    // Set the "encrypted" flag of every entry in the central directory.
    for (let k = bytes.indexOf(Buffer.from([0x50, 0x4b, 1, 2])); k >= 0; k = bytes.indexOf(Buffer.from([0x50, 0x4b, 1, 2]), k + 4)) {
      bytes.writeUInt16LE(bytes.readUInt16LE(k + 8) | 1, k + 8);
    }
    const zipCrypto = path('zipcrypto.xlsx');
    writeFileSync(zipCrypto, bytes);
    await rejection(zipCrypto, 'encrypted');
    const small = await rejection(path('crafted.xlsx'), 'zip_bomb', { maxTotalUncompressed: 1000 });
    expect(small.message).toContain('（正常保存的工作簿不会这样），已拒绝');
    expect(small.message).not.toContain('炸弹');
  });
});

describe('readWorkbook() on zip bombs', () => {
  const zerosSize = 19 * 16 * MiB; // 304 MiB
  let bomb: { data: Uint8Array; crc: number };

  beforeAll(() => {
    const parts: Uint8Array[] = [];
    const deflate = new Deflate({ level: 6 }, (chunk) => parts.push(chunk));
    const zeros = new Uint8Array(16 * MiB);
    let crc = 0;
    for (let i = 0; i < 19; i++) {
      deflate.push(zeros, i === 18);
      crc = zlib.crc32(zeros, crc);
    }
    bomb = { data: Buffer.concat(parts), crc };
  });

  function bombFile(name: string, declared: number): string {
    const parts = packageParts([{ name: 'S', xml: ws('') }]);
    const entries = Object.entries(parts)
      .filter(([k]) => k !== 'xl/worksheets/sheet1.xml')
      .map(([k, v]) => rawEntry(k, v));
    entries.push({ name: 'xl/worksheets/sheet1.xml', data: bomb.data, method: 8, crc: bomb.crc, size: declared });
    writeFileSync(path(name), rawZip(entries));
    return path(name);
  }

  /** Reads `file` expecting zip_bomb, watching the process RSS meanwhile; returns the growth. */
  async function rssGrowth(file: string): Promise<{ growth: number; err: WorkbookError }> {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
    try {
      const err = await rejection(file, 'zip_bomb');
      peak = Math.max(peak, process.memoryUsage().rss);
      return { growth: peak - before, err };
    } finally {
      clearInterval(timer);
    }
  }

  it('rejects an entry of 304 MiB of zeros from its declared size, before inflating it', async () => {
    expect(bomb.data.length).toBeLessThan(2 * MiB);
    const { growth, err } = await rssGrowth(bombFile('bomb.xlsx', zerosSize));
    expect(err.message).toContain('（正常保存的工作簿不会这样），已拒绝');
    expect(err.message).toContain('超过 128 MB 上限');
    expect(growth).toBeLessThan(150 * MiB);
  });

  it('stops inflating as soon as an entry exceeds the 1 KB its headers claim', async () => {
    const { growth, err } = await rssGrowth(bombFile('lying-bomb.xlsx', 1024));
    expect(err.message).toContain('超过其声明的 1 KB');
    expect(growth).toBeLessThan(150 * MiB);
  });
});

describe('readWorkbook(file) per-cent cells', () => {
  it('gives a per-cent formatted number as the text the user sees (0.37 → "37%")', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('进度');
    ws.getCell('A1').value = 0.37;
    ws.getCell('A1').numFmt = '0%';
    ws.getCell('A2').value = 0.125;
    ws.getCell('A2').numFmt = '0.0%';
    ws.getCell('A3').value = 0.37;
    const file = join(mkdtempSync(join(tmpdir(), 'planeval-pct-')), 'p.xlsx');
    await wb.xlsx.writeFile(file);
    const grid = await readWorkbook(file);
    expect(grid.sheets[0]!.rows.map((r) => r[0])).toEqual(['37%', '12.5%', 0.37]);
  });
});

describe('readWorkbook() reads what Excel shows, or refuses (issue 11 case 7)', () => {
  const sheetXml = (d5: number) => ws(`<row r="1"><c r="A1"><v>1</v></c></row><row r="5"><c r="D5"><v>${d5}</v></c></row>`);

  it('rejects a zip with two entries of the same name (Excel reads the last, a reader may take the first)', async () => {
    const parts = packageParts([{ name: 'S', xml: sheetXml(99999) }]);
    const entries = Object.entries(parts).map(([k, v]) => rawEntry(k, v));
    entries.push(rawEntry('xl/worksheets/sheet1.xml', sheetXml(265)));
    writeFileSync(path('dup.xlsx'), rawZip(entries));
    const err = await rejection(path('dup.xlsx'), 'corrupt');
    expect(err.message).toContain('xl/worksheets/sheet1.xml');
    expect(err.message).toContain('同名');
    // Part names are case-insensitive in a package: XL/Worksheets/Sheet1.xml is the same part.
    const entries2 = Object.entries(parts).map(([k, v]) => rawEntry(k, v));
    entries2.push(rawEntry('XL/Worksheets/Sheet1.xml', sheetXml(265)));
    writeFileSync(path('dup-case.xlsx'), rawZip(entries2));
    await rejection(path('dup-case.xlsx'), 'corrupt');
  });

  it('rejects a cell given two values (its reference or its row repeated, two <v>), naming the cell; a <v> inside extLst is not the value', async () => {
    const one = (rows: string, name: string) => writeZip(name, packageParts([{ name: 'S', xml: ws(rows) }]));
    const twice = [
      ['dup-ref.xlsx', '<row r="5"><c r="E5"><v>40</v></c><c r="E5"><v>999</v></c></row>'],
      ['dup-ref-apart.xlsx', '<row r="5"><c r="E5"><v>40</v></c><c r="F5"><v>1</v></c><c r="E5"><v>999</v></c></row>'],
      ['dup-row.xlsx', '<row r="5"><c r="E5"><v>40</v></c></row><row r="6"><c r="E6"><v>1</v></c></row><row r="5"><c r="E5"><v>777</v></c></row>'],
      ['dup-v.xlsx', '<row r="5"><c r="E5"><v>40</v><v>999</v></c></row>'],
    ];
    for (const [name, rows] of twice) expect((await rejection(one(rows!, name!), 'corrupt')).message, name).toMatch(/单元格 E5 (出现了两次|有两个值)/);
    const ext = await readWorkbook(one('<row r="5"><c r="E5"><v>40</v><extLst><ext uri="{x}"><v>999</v></ext></extLst></c></row>', 'ext.xlsx'));
    expect(sheet(ext, 'S').rows[4]![4]).toBe(40);
    // Cells out of order are still read where their references put them
    const apart = await readWorkbook(one('<row r="5"><c r="F5"><v>2</v></c><c r="E5"><v>1</v></c></row>', 'apart.xlsx'));
    expect(sheet(apart, 'S').rows[4]!.slice(4, 6)).toEqual([1, 2]);
  });

  it('reads XML that Excel does not write but XML allows: white space in end tags, CDATA values and inline strings', async () => {
    const file = writeZip('xml-forms.xlsx', packageParts([{ name: 'S', xml: ws(
      '<row r="5"><c s="0" r = "E5" ><v >40</v ></c ><c r="F5"><v>7</v></c>' +
        '<c r="G5"><v><![CDATA[12]]></v></c><c r="H5" t="inlineStr"><is><t><![CDATA[a<b&c]]></t></is></c>' +
        '<c r="I5" t="str"><f>A1</f ><v><![CDATA[x]]>&amp;y</v></c></row>',
    ) }]));
    expect(sheet(await readWorkbook(file), 'S').rows[4]!.slice(4, 9)).toEqual([40, 7, 12, 'a<b&c', 'x&y']);
  });

  it('refuses shared strings that are not UTF-8 (GBK, UTF-16, stray bytes) instead of loading names with U+FFFD in them', async () => {
    const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><sst ${NS}><si><t>大兴区救助`);
    const tail = Buffer.from('管理站</t></si></sst>');
    const sheetXml = ws('<row r="1"><c r="A1" t="s"><v>0</v></c></row>');
    for (const [name, middle] of [['stray.xlsx', Buffer.from([0xff, 0xfe])], ['gbk.xlsx', Buffer.from([0xd5, 0xbe, 0xcb, 0xf9])]] as const) {
      const parts: Record<string, string | Uint8Array> = packageParts([{ name: 'S', xml: sheetXml }], { sst: 'x' });
      parts['xl/sharedStrings.xml'] = Buffer.concat([head, middle, tail]);
      expect((await rejection(writeZip(name, parts), 'corrupt')).message, name).toContain('“xl/sharedStrings.xml”含有不是 UTF-8 编码的内容');
    }
    const fine: Record<string, string | Uint8Array> = packageParts([{ name: 'S', xml: sheetXml }], { sst: 'x' });
    fine['xl/sharedStrings.xml'] = Buffer.concat([head, Buffer.from('中心'), tail]);
    expect(sheet(await readWorkbook(writeZip('utf8.xlsx', fine)), 'S').rows[0]).toEqual(['大兴区救助中心管理站']);
  });

  it('refuses a sheet whose inline text is not UTF-8, naming the cell; a real U+FFFD in the text is kept', async () => {
    const bad = packageParts([{ name: 'S', xml: 'x' }]) as Record<string, string | Uint8Array>;
    bad['xl/worksheets/sheet1.xml'] = Buffer.concat([
      Buffer.from(ws('<row r="5"><c r="B5" t="inlineStr"><is><t>大兴').split('</sheetData>')[0]!.replace(/<\/t>.*$/, '')),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('站</t></is></c></row></sheetData></worksheet>'),
    ]);
    expect((await rejection(writeZip('inline-bad.xlsx', bad), 'corrupt')).message).toContain('单元格 B5 含有不是 UTF-8 编码的字节');
    const fine = writeZip('inline-fffd.xlsx', packageParts([{ name: 'S', xml: ws('<row r="5"><c r="B5" t="inlineStr"><is><t>大兴\uFFFD站</t></is></c></row>') }]));
    expect(sheet(await readWorkbook(fine), 'S').rows[4]![1]).toBe('大兴\uFFFD站');
  });

  it('names the cell that refers to a shared string that is not there', async () => {
    const sst = `<?xml version="1.0" encoding="UTF-8"?><sst ${NS}><si><t>x</t></si></sst>`;
    const file = writeZip('sst-index.xlsx', packageParts([{ name: 'S', xml: ws('<row r="3"><c r="B3" t="s"><v>3.7</v></c></row>') }], { sst }));
    expect((await rejection(file, 'corrupt')).message).toContain('工作表“S”的单元格 B3 引用了不存在的共享字符串（序号“3.7”，共有 1 个）');
    // an index in another notation is none: 0e0 and 0x0 had been read as string 0 (the seventh workbook attack)
    for (const v of ['0e0', '0x0']) {
      const other = writeZip(`sst-${v}.xlsx`, packageParts([{ name: 'S', xml: ws(`<row r="3"><c r="B3" t="s"><v>${v}</v></c></row>`) }], { sst }));
      expect((await rejection(other, 'corrupt')).message, v).toContain(`引用了不存在的共享字符串（序号“${v}”`);
    }
    const plain = writeZip('sst-0.xlsx', packageParts([{ name: 'S', xml: ws('<row r="3"><c r="B3" t="s"><v> 0 </v></c></row>') }], { sst }));
    expect(sheet(await readWorkbook(plain), 'S').rows[2]![1]).toBe('x');
  });

  it('rejects a workbook with two sheets of the same name, also when they differ in case (Excel refuses both)', async () => {
    const same = writeZip('dup-sheet.xlsx', packageParts([{ name: '社区村名录', xml: sheetXml(1) }, { name: '社区村名录', xml: sheetXml(2) }]));
    expect((await rejection(same, 'corrupt')).message).toContain('同名的工作表“社区村名录”');
    const cased = writeZip('dup-sheet-case.xlsx', packageParts([{ name: 'Data', xml: sheetXml(1) }, { name: 'DATA', xml: sheetXml(2) }]));
    expect((await rejection(cased, 'corrupt')).message).toContain('同名的工作表“DATA”');
    const distinct = writeZip('two-sheets.xlsx', packageParts([{ name: 'Data', xml: sheetXml(1) }, { name: 'Data2', xml: sheetXml(2) }]));
    expect((await readWorkbook(distinct)).sheets.map((s) => s.name)).toEqual(['Data', 'Data2']);
  });

  it('rejects a part with a DOCTYPE (Excel never writes one; entities could expand or read files)', async () => {
    const doctype = '<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY x "99999">]>\n';
    const inSheet = writeZip('doctype-sheet.xlsx', packageParts([{ name: 'S', xml: doctype + sheetXml(265).replace(/^<\?xml[^>]*>\n/, '') }]));
    expect((await rejection(inSheet, 'corrupt')).message).toContain('DOCTYPE');
    const sst = '<?xml version="1.0"?><!DOCTYPE sst><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>x</t></si></sst>';
    const inSst = writeZip('doctype-sst.xlsx', packageParts([{ name: 'S', xml: sheetXml(265) }], { sst }));
    expect((await rejection(inSst, 'corrupt')).message).toContain('DOCTYPE');
    const parts = packageParts([{ name: 'S', xml: sheetXml(265) }]);
    parts['xl/workbook.xml'] = parts['xl/workbook.xml']!.replace('\n<workbook', '\n<!DOCTYPE workbook>\n<workbook');
    expect((await rejection(writeZip('doctype-wb.xlsx', parts), 'corrupt')).message).toContain('DOCTYPE');
  });

  it('never reads a comment as data: across a 64 KiB read boundary, inside a cell, in the shared strings', async () => {
    // The comment holds a </row> before the first 64 KiB and a fake D5 after it.
    const pad = (n: number) => 'x'.repeat(n);
    const data =
      '<row r="1"><c r="A1"><v>1</v></c></row><row r="5"><c r="D5"><v>265</v></c></row>' +
      `<!-- ${pad(60_000)} </row> ${pad(30_000)} <row r="5"><c r="D5"><v>99999</v></c></row> ${pad(30_000)} -->` +
      '<row r="6"><c r="A6"><v>6</v></c><c r="D6"><!-- <v>99999</v></c> --><v>7</v></c>' +
      '<c r="E6"><v>8<!-- 99999 -->9</v></c><c r="F6" t="s"><v>1</v></c></row>';
    const sst =
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>a</t></si>' +
      `<!-- <si><t>fake</t></si> ${pad(70_000)} </si> --><si><t>b</t></si></sst>`;
    const file = writeZip('comments.xlsx', packageParts([{ name: 'S', xml: ws(data) }], { sst }));
    const rows = (await readWorkbook(file)).sheets[0]!.rows;
    expect(rows[4]).toEqual([null, null, null, 265]);
    expect(rows[5]).toEqual([6, null, null, 7, 89, 'b']);
    expect(rows).toHaveLength(6);
  });

  it('reads a number cell holding only whitespace as empty and one not in decimal as its text (never 0, never hexadecimal)', async () => {
    // `+v` had read <v> </v> as 0 (a relief institution's beds, unmarked) and <v>0x1E</v> as 30
    const data = '<row r="1"><c r="A1"><v> </v></c><c r="B1"><v>\n</v></c><c r="C1"><v>0x1E</v></c><c r="D1"><v>1E-3</v></c><c r="E1"><v> 12.5 </v></c><c r="F1"><v>-.5</v></c><c r="G1"><v>Infinity</v></c></row>';
    const rows = (await readWorkbook(writeZip('odd-numbers.xlsx', packageParts([{ name: 'S', xml: ws(data) }])))).sheets[0]!.rows;
    expect(rows[0]).toEqual([null, null, '0x1E', 0.001, 12.5, -0.5, 'Infinity']);
  });
});

describe('readWorkbook() on the seventh workbook attack: what Excel does not show is not read, and no part stops the reader', () => {
  const rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="4"><c r="B4"><v>7</v></c><c r="C4"/></row>';
  const styles = (numFmts: string, xfs: string, before = '') =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:zz="urn:zz">${numFmts ? `<numFmts>${numFmts}</numFmts>` : ''}${before}<cellXfs>${xfs}</cellXfs></styleSheet>`;

  it('reads no cell after sheetData: one in an extLst, or in an mc:Fallback, is not the sheet’s', async () => {
    const hidden = [
      ['after-ext.xlsx', '<extLst><ext uri="{00000000-0000-0000-0000-00000000BEEF}"><c r="C4"><v>54</v></c></ext></extLst>'],
      ['after-fallback.xlsx', '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="x14ac"></mc:Choice><mc:Fallback><row r="5"><c r="C5"><v>9</v></c></row><c r="C4"><v>54</v></c></mc:Fallback></mc:AlternateContent>'],
    ];
    for (const [name, after] of hidden) {
      const wb = await readWorkbook(writeZip(name!, packageParts([{ name: 'S', xml: ws(rows, after) }])));
      const s = sheet(wb, 'S');
      expect(s.rows[3]?.[2] ?? null, name).toBeNull();
      expect(s.rows[3]?.[1], name).toBe(7);
      expect(s.rows.length, name).toBe(4);
    }
  });

  it('takes the sheet list and the cell formats under the part’s own prefix, not a look-alike in another namespace before them', async () => {
    const parts = packageParts([{ name: 'S', xml: ws('<row r="4"><c r="C4"><v>54</v></c></row>') }], {
      styles: styles('<numFmt numFmtId="200" formatCode="#,##0,"/>', '<xf numFmtId="0"/><xf numFmtId="200"/>', '<zz:cellXfs><zz:xf numFmtId="0"/><zz:xf numFmtId="0"/></zz:cellXfs>'),
    });
    // a second sheet part, named S in a zz:sheets list before the real one
    parts['xl/workbook.xml'] = parts['xl/workbook.xml']!.replace('<sheets>', '<zz:sheets xmlns:zz="urn:zz"><zz:sheet name="S" sheetId="9" r:id="rId9"/></zz:sheets><sheets>');
    parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels']!.replace('</Relationships>', `<Relationship Id="rId9" Type="${REL}/worksheet" Target="worksheets/sheet9.xml"/></Relationships>`);
    parts['xl/worksheets/sheet9.xml'] = ws('<row r="4"><c r="C4"><v>58</v></c></row>');
    const s = sheet(await readWorkbook(writeZip('lookalike.xlsx', parts)), 'S');
    expect(s.rows[3]![2]).toBe(54);
    // and the cell's style is the real list's second: a format that shows it scaled down
    parts['xl/worksheets/sheet1.xml'] = ws('<row r="4"><c r="C4" s="1"><v>54000</v></c></row>');
    const scaled = sheet(await readWorkbook(writeZip('lookalike-xf.xlsx', parts)), 'S');
    expect(scaled.rows[3]![2]).toBe(`54000${SCALED_DISPLAY}`);
  });

  it('refuses a part that writes some elements under a second prefix of the main namespace (<x:row> among <row>s, <x:sheet>, <x:si>), which it would pass over unsaid (the ninth workbook attack)', async () => {
    const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const both = (xml: string) => xml.replace(`<worksheet ${NS}>`, `<worksheet ${NS} xmlns:x="${MAIN}">`);
    // rows 2–3 as <x:row>: an XML parser (LibreOffice) reads all three; ours had kept one, unrecorded
    const rows = both(ws('<row r="1"><c r="A1"><v>1</v></c></row><x:row r="2"><x:c r="A2"><x:v>2</x:v></x:c></x:row><x:row r="3"><x:c r="A3"><x:v>3</x:v></x:c></x:row>'));
    const e = await rejection(writeZip('two-prefixes-rows.xlsx', packageParts([{ name: 'S', xml: rows }])), 'corrupt');
    expect(e.message).toContain('“xl/worksheets/sheet1.xml”的元素一部分写作无前缀、一部分写作“x”（同一命名空间的两种写法，Excel 不会这样保存），读取可能漏掉其中一种，不予读取；请在 Excel/WPS 中打开后另存为 .xlsx 再提交');
    // a tab listed as <x:sheet> in the workbook
    const listed = packageParts([{ name: 'S', xml: ws('<row r="1"><c r="A1"><v>1</v></c></row>') }]);
    listed['xl/workbook.xml'] = listed['xl/workbook.xml']!.replace(`<workbook ${NS}>`, `<workbook ${NS} xmlns:x="${MAIN}">`).replace('</sheets>', '<x:sheet name="T" sheetId="9" r:id="rId1"/></sheets>');
    expect((await rejection(writeZip('two-prefixes-sheets.xlsx', listed), 'corrupt')).message).toContain('“xl/workbook.xml”的元素一部分写作无前缀、一部分写作“x”');
    // a string as <x:si>: every later index had shifted by one
    const sst = `<sst xmlns="${MAIN}" xmlns:x="${MAIN}"><si><t>甲</t></si><x:si><x:t>乙</x:t></x:si><si><t>丙</t></si></sst>`;
    const strings = packageParts([{ name: 'S', xml: ws('<row r="1"><c r="A1" t="s"><v>2</v></c></row>') }], { sst });
    expect((await rejection(writeZip('two-prefixes-sst.xlsx', strings), 'corrupt')).message).toContain('“xl/sharedStrings.xml”的元素一部分写作无前缀、一部分写作“x”');
    // the second binding alone, never used, or a prefix used throughout, is read as before
    const unused = both(ws('<row r="1"><c r="A1"><v>7</v></c></row>'));
    expect(sheet(await readWorkbook(writeZip('two-prefixes-unused.xlsx', packageParts([{ name: 'S', xml: unused }]))), 'S').rows).toEqual([[7]]);
  });

  it('reads a number whose format a condition picks, or which writes digits of its own, as not shown as stored', async () => {
    // kind 4: the cell holds the number and HIDDEN_DISPLAY, which the number parser refuses
    const hidden = ['[<0]0;"—"', '[<0]0;0"万人"', '[<0]0;#,##0,', '[>=100]0;0"000"', '0"000"', '0\\0\\0\\0', '"1"0', '0!0'];
    for (const code of hidden) expect(numberFormatKind(code), code).toEqual({ kind: 4, suffix: null });
    // as before: the first section alone decides without a condition; agreeing sections with one
    expect(numberFormatKind('0;-0;"—"')).toEqual({ kind: 0, suffix: null });
    expect(numberFormatKind('#,##0;[Red]-#,##0')).toEqual({ kind: 0, suffix: null });
    expect(numberFormatKind('[<0]-0"人";0"人"')).toEqual({ kind: 5, suffix: '人' });
    // a ; in quoted text does not split a section
    expect(numberFormatKind('[<0]"a;b"0"人";0"人"')).toEqual({ kind: 5, suffix: '人' });
    expect(numberFormatKind('#,##0,')).toEqual({ kind: 3, suffix: null });
    expect(numberFormatKind('yyyy"年"m"月"d"日"')).toEqual({ kind: 1, suffix: null });
    expect(numberFormatKind('[$-804]0.0_ ')).toEqual({ kind: 0, suffix: null });
    const file = writeZip('own-digits.xlsx', packageParts([{ name: 'S', xml: ws('<row r="4"><c r="C4" s="1"><v>54</v></c><c r="D4" s="2"><v>54</v></c><c r="E4" s="3"><v>54</v></c></row>') }], {
      styles: styles('<numFmt numFmtId="200" formatCode="[&lt;0]0;&quot;—&quot;"/><numFmt numFmtId="201" formatCode="0&quot;000&quot;"/>', '<xf numFmtId="0"/><xf numFmtId="200"/><xf numFmtId="201"/><xf numFmtId="3"/>'),
    }));
    const row = sheet(await readWorkbook(file), 'S').rows[3]!;
    expect(row.slice(2, 5)).toEqual([`54${HIDDEN_DISPLAY}`, `54${HIDDEN_DISPLAY}`, 54]);
    expect(readNumber(row[2]!)).toMatchObject({ ok: false, message: expect.stringContaining('或显示的数字与存的不同') });
  });

  it('reads a number its format shows otherwise (a time, scientific, approximate, filled with digits; a zero as nothing or other digits; a text hidden or replaced; a fill alignment) as not shown as stored (the tenth workbook attack)', async () => {
    for (const code of ['[h]:mm', 'h:mm:ss', '0E+0', '0.00E+00', '0"余"', '"约"0', '0"人左右"', '0*0', '#*1']) expect(numberFormatKind(code).kind, code).toBe(4);
    // a zero shown as nothing (the common hide-zeros format) or as digits of its own; a dash or a word says zero
    expect(numberFormatKind('#,##0;-#,##0;')).toEqual({ kind: 0, suffix: null, zero: true });
    expect(numberFormatKind('0;-0;"40"')).toEqual({ kind: 0, suffix: null, zero: true });
    expect(numberFormatKind('0;-0;;@')).toEqual({ kind: 0, suffix: null, zero: true });
    expect(numberFormatKind('_ * #,##0_ ;_ * -#,##0_ ;_ * "-"_ ;_ @_ ')).toEqual({ kind: 0, suffix: null });
    // a fourth section without @ shows no text as stored
    expect(numberFormatKind(';;;')).toMatchObject({ kind: 4, text: true });
    expect(numberFormatKind('0;-0;0;"45"')).toEqual({ kind: 0, suffix: null, text: true });
    // a number the format shows as written: the ones before, and the fill of a space or a dash
    for (const code of ['0', '#,##0', '0.0', '0_);(0)', '#,##0*-', '0 "人"']) expect(numberFormatKind(code).kind, code).not.toBe(4);
    const xfs = '<xf numFmtId="0"/><xf numFmtId="20"/><xf numFmtId="11"/><xf numFmtId="200"/><xf numFmtId="201"/><xf numFmtId="0" applyAlignment="1"><alignment horizontal="fill"/></xf><xf numFmtId="0"><alignment horizontal="center"/></xf>';
    const cells = '<c r="A1" s="1"><v>40</v></c><c r="B1" s="2"><v>45</v></c><c r="C1" s="3"><v>0</v></c><c r="D1" s="3"><v>7</v></c><c r="E1" s="4" t="inlineStr"><is><t>40</t></is></c><c r="F1" s="5"><v>4</v></c><c r="G1" s="6"><v>4</v></c><c r="H1" s="4" t="inlineStr"><is><t>乙站</t></is></c>';
    const file = writeZip('shown-otherwise.xlsx', packageParts([{ name: 'S', xml: ws(`<row r="1">${cells}</row>`) }], {
      styles: styles('<numFmt numFmtId="200" formatCode="#,##0;-#,##0;"/><numFmt numFmtId="201" formatCode=";;;"/>', xfs),
    }));
    const row = sheet(await readWorkbook(file), 'S').rows[0]!;
    expect(row).toEqual([`40${HIDDEN_DISPLAY}`, `45${HIDDEN_DISPLAY}`, `0${HIDDEN_DISPLAY}`, 7, `40${HIDDEN_DISPLAY}`, `4${HIDDEN_DISPLAY}`, 4, '乙站']);
    for (const v of row.slice(0, 6).filter((x) => x !== 7)) expect(readNumber(v)).toMatchObject({ ok: false, message: expect.stringContaining('单元格格式不按这个数显示') });
  });

  it('marks a number under a Chinese-locale built-in time format (32–35, 55, 56: 190 shown as 0时00分; the twelfth workbook attack)', async () => {
    const ids = [32, 33, 34, 35, 55, 56];
    const xfs = ['<xf numFmtId="0"/>', ...ids.map((id) => `<xf numFmtId="${id}"/>`), '<xf numFmtId="3"/>'].join('');
    const cells = [...ids, 3].map((_, i) => `<c r="${String.fromCharCode(65 + i)}1" s="${i + 1}"><v>190</v></c>`).join('');
    const file = writeZip('zh-times.xlsx', packageParts([{ name: 'S', xml: ws(`<row r="1">${cells}</row>`) }], { styles: styles('', xfs) }));
    const row = sheet(await readWorkbook(file), 'S').rows[0]!;
    expect(row).toEqual([...ids.map(() => `190${HIDDEN_DISPLAY}`), 190]);
  });

  it('marks a 0 of a sheet set not to show zeros, which shows blank (the tenth workbook attack), and reads its other numbers as they are', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetViews><sheetView showZeros="0" workbookViewId="0"/></sheetViews><sheetData><row r="1"><c r="A1"><v>0</v></c><c r="B1"><v>5</v></c></row></sheetData></worksheet>`;
    const row = sheet(await readWorkbook(writeZip('no-zeros.xlsx', packageParts([{ name: 'S', xml }]))), 'S').rows[0]!;
    expect(row).toEqual([`0${ZERO_UNSHOWN}`, 5]);
    expect(readNumber(row[0]!)).toMatchObject({ ok: false, message: expect.stringContaining('工作表设置为不显示零值（Excel“文件—选项—高级”中“在具有零值的单元格中显示零”未勾选），表中显示为空白') });
    const shown = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetViews><sheetView showZeros="1" workbookViewId="0"/></sheetViews><sheetData><row r="1"><c r="A1"><v>0</v></c></row></sheetData></worksheet>`;
    expect(sheet(await readWorkbook(writeZip('zeros.xlsx', packageParts([{ name: 'S', xml: shown }]))), 'S').rows[0]).toEqual([0]);
  });

  it('marks the numbers a conditional format shows otherwise, those its comparison picks (the tenth workbook attack: 40 shown as 400 when >0)', async () => {
    const st = '<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="1"><xf numFmtId="0"/></cellXfs>' +
      '<dxfs count="3"><dxf><numFmt numFmtId="300" formatCode="0&quot;0&quot;"/></dxf><dxf><font><color rgb="FFFFFFFF"/></font></dxf><dxf><fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf></dxfs></styleSheet>';
    const cf = '<conditionalFormatting sqref="A1:A2"><cfRule type="cellIs" dxfId="0" priority="1" operator="greaterThan"><formula>0</formula></cfRule></conditionalFormatting>' +
      '<conditionalFormatting sqref="B1:B2"><cfRule type="cellIs" dxfId="1" priority="2" operator="equal"><formula>0</formula></cfRule></conditionalFormatting>' +
      '<conditionalFormatting sqref="C:C"><cfRule type="expression" dxfId="1" priority="3"><formula>$D1="x"</formula></cfRule></conditionalFormatting>' +
      '<conditionalFormatting sqref="D1:D2"><cfRule type="cellIs" dxfId="2" priority="4" operator="greaterThan"><formula>0</formula></cfRule></conditionalFormatting>';
    const xml = ws('<row r="1"><c r="A1"><v>40</v></c><c r="B1"><v>0</v></c><c r="C1"><v>7</v></c><c r="D1"><v>9</v></c></row><row r="2"><c r="A2"><v>-1</v></c><c r="B2"><v>5</v></c><c r="C2"><v>8</v></c><c r="D2"><v>1</v></c></row>', cf);
    const g = sheet(await readWorkbook(writeZip('conditional.xlsx', packageParts([{ name: 'S', xml }], { styles: st }))), 'S');
    // 40 > 0 shows 400, -1 does not; a white 0, not the 5; an expression's range every number; a fill changes no figure
    expect(g.rows).toEqual([[`40${CONDITIONAL_DISPLAY}`, `0${CONDITIONAL_DISPLAY}`, `7${CONDITIONAL_DISPLAY}`, 9], [-1, 5, `8${CONDITIONAL_DISPLAY}`, 1]]);
    expect(readNumber(g.rows[0]![0]!)).toMatchObject({ ok: false, message: expect.stringContaining('单元格设有条件格式，满足条件时按另一种数字格式或白色字体显示') });
  });

  it('marks the numbers of a range whose data bars or icons show without the number (showValue="0"; the twelfth workbook attack), not those shown with it', async () => {
    const st = '<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>';
    const bar = (ref: string, show: string) => `<conditionalFormatting sqref="${ref}"><cfRule type="dataBar" priority="1"><dataBar${show}><cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar></cfRule></conditionalFormatting>`;
    const icons = '<conditionalFormatting sqref="C1"><cfRule type="iconSet" priority="3"><iconSet iconSet="3Arrows" showValue="0"><cfvo type="percent" val="0"/><cfvo type="percent" val="33"/><cfvo type="percent" val="67"/></iconSet></cfRule></conditionalFormatting>';
    const xml = ws('<row r="1"><c r="A1"><v>40</v></c><c r="B1"><v>41</v></c><c r="C1"><v>42</v></c></row>', bar('A1', ' showValue="0"') + bar('B1', '') + icons);
    const g = sheet(await readWorkbook(writeZip('bars.xlsx', packageParts([{ name: 'S', xml }], { styles: st }))), 'S');
    expect(g.rows).toEqual([[`40${CONDITIONAL_DISPLAY}`, 41, `42${CONDITIONAL_DISPLAY}`]]);
    expect(readNumber(g.rows[0]![0]!)).toMatchObject({ ok: false, message: expect.stringContaining('（或只显示数据条、图标）') });
  });

  it('reads an inline string\'s text alone: a <v> beside no <is> shows nothing (the tenth workbook attack had loaded 45 from a cell LibreOffice shows blank)', async () => {
    const file = writeZip('inline-v.xlsx', packageParts([{ name: 'S', xml: ws('<row r="1"><c r="A1" t="inlineStr"><v>45</v></c><c r="B1" t="inlineStr"><is><t>46</t></is></c></row>') }]));
    expect(sheet(await readWorkbook(file), 'S').rows[0]).toEqual([null, '46']);
  });

  it('refuses two relationships of one Id, which Excel takes the first of, and the reader had taken the last of (the tenth workbook attack)', async () => {
    const parts = packageParts([{ name: 'S', xml: ws('<row r="1"><c r="A1"><v>40</v></c></row>') }]);
    parts['xl/worksheets/sheet9.xml'] = ws('<row r="1"><c r="A1"><v>400</v></c></row>');
    parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels']!.replace('</Relationships>', `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet9.xml"/></Relationships>`);
    expect((await rejection(writeZip('dup-rel.xlsx', parts), 'corrupt')).message).toContain('已损坏：“xl/_rels/workbook.xml.rels”中有两个编号同为“rId1”的关系（Excel 不会这样保存）');
  });

  it('lists a macro sheet as a tab that is not read, for a contract sheet of its name to be refused (the tenth workbook attack: skipped, 67 驿站 had vanished)', async () => {
    const parts = packageParts([{ name: '养老服务设施', xml: ws('<row r="1"><c r="A1"><v>1</v></c></row>') }]);
    parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels']!.replace(`${REL}/worksheet`, 'http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet');
    const wb = await readWorkbook(writeZip('macro.xlsx', parts));
    expect(wb.sheets.map((s) => [s.name, s.notWorksheet, s.rows.length])).toEqual([['养老服务设施', '宏表（Excel 4.0 宏工作表）', 0]]);
  });

  it('marks a row too thin to read and a column too narrow to show a digit hidden (a row of 0.75 pt: the tenth workbook attack)', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><cols><col min="2" max="2" width="0.2" customWidth="1"/><col min="3" max="3" width="0.6"/></cols><sheetData>` +
      '<row r="1"><c r="A1"><v>1</v></c></row><row r="2" ht="0.75" customHeight="1"><c r="A2"><v>2</v></c></row><row r="3" ht="3" customHeight="1"><c r="A3"><v>3</v></c></row>' +
      '</sheetData></worksheet>';
    const g = sheet(await readWorkbook(writeZip('thin.xlsx', packageParts([{ name: 'S', xml }]))), 'S');
    expect(g.hiddenRows).toEqual([1]);
    expect(g.hiddenColumns).toEqual([{ c1: 1, c2: 1 }]);
  });

  it('marks a row of height 0 and a column of width 0 hidden: they show as little as hidden ones', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><cols><col min="4" max="4" width="0" customWidth="1"/><col min="5" max="5" width="8.5"/><col min="6" max="6" width=""/></cols><sheetData>` +
      '<row r="1"><c r="A1"><v>1</v></c></row><row r="2" ht="0" customHeight="1"><c r="A2"><v>2</v></c></row><row r="3" ht="15" customHeight="1"><c r="A3"><v>3</v></c></row><row r="4" ht=""><c r="A4"><v>4</v></c></row>' +
      '</sheetData></worksheet>';
    const g = sheet(await readWorkbook(writeZip('zero-size.xlsx', packageParts([{ name: 'S', xml }]))), 'S');
    expect(g.hiddenRows).toEqual([1]);
    expect(g.hiddenColumns).toEqual([{ c1: 3, c2: 3 }]);
    expect(g.rows.map((r) => r[0])).toEqual([1, 2, 3, 4]);
  });

  it('refuses a number format longer than Excel allows, or more formats than Excel allows, at once and within memory', async () => {
    const data = ws('<row r="1"><c r="A1"><v>1</v></c></row>');
    // 100,000 characters: one of the format patterns had taken about 8 s for each style using it
    const long = writeZip('long-format.xlsx', packageParts([{ name: 'S', xml: data }], { styles: styles(`<numFmt numFmtId="200" formatCode="${'0'.repeat(100_000)}&quot;x"/>`, '<xf numFmtId="200"/>'.repeat(100)) }));
    const started = performance.now();
    expect((await rejection(long, 'corrupt')).message).toContain('已损坏：数字格式超过 255 个字符（Excel 不允许）');
    expect(performance.now() - started).toBeLessThan(5_000);
    // 24 million <xf/> in a part of a few KB had taken a reading thread's whole heap (70,000:
    // below the compression ratio that would refuse it as a zip bomb)
    const many = writeZip('many-xf.xlsx', packageParts([{ name: 'S', xml: data }], { styles: styles('', '<xf/>'.repeat(70_000)) }));
    expect((await rejection(many, 'corrupt')).message).toContain('已损坏：xf 元素超过 65,536 个');
    // Excel's own number of formats is read
    const some = writeZip('some-xf.xlsx', packageParts([{ name: 'S', xml: data }], { styles: styles('<numFmt numFmtId="200" formatCode="0.00"/>', '<xf numFmtId="200"/>' + '<xf/>'.repeat(63_999)) }));
    expect(sheet(await readWorkbook(some), 'S').rows[0]![0]).toBe(1);
  });

  it('refuses a zip whose directory is said to be larger than its entries can be, without reading it (3 GB had stopped Node itself)', async () => {
    for (const [name, cdSize] of [['cd-3g.xlsx', 3 * 1024 * MiB - 122], ['cd-2g.xlsx', 2 ** 31 - 1]] as const) {
      const file = path(name);
      // a sparse file: a local header, then nothing, then the end record declaring one entry
      const size = cdSize + 122;
      writeFileSync(file, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(26)]));
      truncateSync(file, size - 22);
      const eocd = Buffer.alloc(22);
      eocd.writeUInt32LE(0x06054b50, 0);
      eocd.writeUInt16LE(1, 8);
      eocd.writeUInt16LE(1, 10);
      eocd.writeUInt32LE(cdSize, 12);
      eocd.writeUInt32LE(100, 16);
      appendFileSync(file, eocd);
      const before = process.memoryUsage().rss;
      expect((await rejection(file, 'corrupt')).message, name).toMatch(/”已损坏：文件内部目录记录的大小（\d+ 字节）与其中的 1 个条目不符。请从原系统重新导出，或重新上传完整的文件后再提交$/);
      expect(process.memoryUsage().rss - before, name).toBeLessThan(256 * MiB);
      rmSync(file);
    }
  });
});
