import { describe, expect, it } from 'vitest';
import { SHEET_BY_NAME, SHEETS } from '../../pipeline/plan/contract.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import type { CellValue, MergeRange, SheetGrid } from '../../pipeline/basics/grid.ts';
import { parseSheet, parseWorkbook, recognizeSheet, sheetNameYear, titleYears, type ParsedSheet } from '../../pipeline/ingest/parse-sheet.ts';

const geo = loadGeography();
const FILE = '2023/养老服务科_2023.xlsx';
const at = (row: number, column: string, sheet = '养老服务设施') => `文件“${FILE}”工作表“${sheet}”第 ${row} 行“${column}”列：`;
const atRow = (row: number, sheet: string) => `文件“${FILE}”工作表“${sheet}”第 ${row} 行：`;

function grid(name: string, rows: CellValue[][], extra: { merges?: MergeRange[]; uncachedFormulas?: { r: number; c: number }[] } = {}): SheetGrid {
  return { name, rows, merges: extra.merges ?? [], uncachedFormulas: extra.uncachedFormulas ?? [] };
}

/** Parse with the contract sheet the tab name stands for; check the accounting invariant. */
function parse(g: SheetGrid, year = 2023, kind?: string): ParsedSheet {
  const sheet = kind ? SHEET_BY_NAME.get(kind)! : recognizeSheet(g.name)!;
  const res = parseSheet(g, { file: FILE, year, sheet, geography: geo });
  const rep = res.report;
  expect(rep.rowsRead).toBe(rep.rowsLoaded + rep.rowsRejected);
  expect(res.rows).toHaveLength(rep.rowsLoaded);
  if (rep.status === 'loaded') {
    expect(new Set(res.rejects.map((r) => r.row)).size).toBe(rep.rowsRejected);
    for (const r of res.rejects) expect(r.scope).toBe('row');
  }
  return res;
}

const TITLE = '大兴区养老服务设施统计表（2023年度）';
const FILL_IN = '填报单位：养老服务科        填报日期：2024年1月15日';
const HEADER = ['设施名称', '所在镇街', '设施类型', '床位数（张）', '运营状态'];

describe('recognizeSheet(name) / sheetNameYear(name)', () => {
  it.each([
    '养老服务设施',
    ' 养老服务设施 ',
    '养老服务设施\u3000',
    '养老服务设施(2023)',
    '养老服务设施（2023）',
    '养老服务设施（2023年度）',
    '养老服务设施2023年',
    '养老服务设施2023',
    '养老服务设施_2023',
    '养老服务设施-2023',
    '2023年养老服务设施',
  ])('%j is 养老服务设施', (name) => {
    expect(recognizeSheet(name)?.name).toBe('养老服务设施');
  });

  it('knows every contract sheet by its own name', () => {
    for (const s of SHEETS) expect(recognizeSheet(s.name)).toBe(s);
  });

  it.each(['填表说明', '_lists', 'Sheet1', '养老服务设施 (2)', '养老设施'])('%j is not in the contract', (name) => {
    expect(recognizeSheet(name)).toBeUndefined();
  });

  it('reads the year written in the tab name', () => {
    expect(sheetNameYear('养老服务设施（2022）')).toBe(2022);
    expect(sheetNameYear('养老服务设施')).toBeUndefined();
  });
});

describe('titleYears(text)', () => {
  it('finds reporting years and ranges, not dates', () => {
    expect(titleYears('大兴区养老服务设施统计表（2022年度）')).toEqual({ years: [2022], ranges: [] });
    expect(titleYears('2022年养老服务设施')).toEqual({ years: [2022], ranges: [] });
    expect(titleYears('统计表(2022)')).toEqual({ years: [2022], ranges: [] });
    expect(titleYears('“十四五”时期（2021—2025年）')).toEqual({ years: [], ranges: [[2021, 2025]] });
    expect(titleYears(FILL_IN)).toEqual({ years: [], ranges: [] });
    expect(titleYears('填报单位：________  填报日期：______年____月____日')).toEqual({ years: [], ranges: [] });
    // an as-of date names the year the figures are for (the fifth workbook attack), a fill date does not
    expect(titleYears('截至2023年12月31日')).toEqual({ years: [2023], ranges: [] });
    expect(titleYears('大兴区志愿服务统计表（截至2022年12月31日）')).toEqual({ years: [2022], ranges: [] });
    expect(titleYears('（2022年12月31日）')).toEqual({ years: [2022], ranges: [] });
    expect(titleYears('统计时点：2022-12-31')).toEqual({ years: [2022], ranges: [] });
    expect(titleYears('（2022.12.31）')).toEqual({ years: [2022], ranges: [] });
    expect(titleYears('截至2024年1月1日')).toEqual({ years: [2023], ranges: [] });
    expect(titleYears('报送时间：2024年1月15日')).toEqual({ years: [], ranges: [] });
    expect(titleYears('2024-01-15')).toEqual({ years: [], ranges: [] });
  });

  it('reads a year in Chinese numerals and a bare year closing the title, not the end of a longer number', () => {
    expect(titleYears('大兴区救助床位统计表（二〇二二年度）')).toEqual({ years: [2022], ranges: [] });
    expect(titleYears('二零二三年救助床位')).toEqual({ years: [2023], ranges: [] });
    expect(titleYears('大兴区救助床位统计表 2022')).toEqual({ years: [2022], ranges: [] });
    expect(titleYears('联系电话：6924 2022')).toEqual({ years: [], ranges: [] });
    expect(titleYears('编号：A-2022')).toEqual({ years: [], ranges: [] });
    expect(titleYears('第一二三四年')).toEqual({ years: [], ranges: [] });
  });
});

describe('titleYears(text): the eleventh attack', () => {
  it('reads a year of two digits before 年度, a span of two years written with /, and a part of a year', () => {
    expect(titleYears('大兴区社会组织统计表（22年度）')).toEqual({ years: [2022], ranges: [] });
    expect(titleYears('统计表（2022/2023）')).toEqual({ years: [], ranges: [[2022, 2023]] });
    expect(titleYears('大兴区殡葬安葬统计表（2023年上半年）')).toMatchObject({ years: [2023], partial: '上半年' });
    expect(titleYears('（2023年1—6月）')).toMatchObject({ years: [2023], partial: '1—6月' });
    expect(titleYears('（2023年第三季度）')).toMatchObject({ partial: '第三季度' });
    expect(titleYears('大兴区志愿服务统计表（截至2023年6月30日）')).toMatchObject({ years: [2023], partial: '截至2023年6月30日' });
    // the whole year, or its end, is no part of it
    expect(titleYears('（2023年1—12月）').partial).toBeUndefined();
    expect(titleYears('截至2023年12月31日').partial).toBeUndefined();
    expect(titleYears('（2023年度）').partial).toBeUndefined();
  });
});

describe('parseSheet(grid, ctx): layout (contract §2)', () => {
  it('reads the template layout: title, 填报单位 row, header with units, data, 合计 row', () => {
    const res = parse(grid('养老服务设施', [
      [TITLE],
      [FILL_IN],
      HEADER,
      ['兴丰颐养院', '兴丰街道', '养老机构', 120, '运营'],
      ['黄村驿站', '黄村镇', '养老服务驿站', 0, '在建'],
      ['合计', null, null, 120, null],
    ]));
    expect(res.report).toEqual({
      year: 2023, file: FILE, sheet: '养老服务设施', sheetKind: '养老服务设施', status: 'loaded',
      headerRow: 3, rowsRead: 2, rowsLoaded: 2, rowsRejected: 0, extraColumns: '',
    });
    expect(res.rows[0]).toEqual({
      year: 2023, sourceFile: FILE, sourceSheet: '养老服务设施', sourceRow: 4,
      values: { facility_name: '兴丰颐养院', town: 'xingfeng', facility_type: '养老机构', beds: 120, operating_status: '运营' },
      extras: null,
    });
    expect(res.rows[1]!.sourceRow).toBe(5);
    expect(res.rejects).toEqual([]);
    expect(res.warnings).toEqual([]);
  });

  it('finds the header by its columns below any number of title rows; columns in any order; normalised names', () => {
    const res = parse(grid('养老服务设施', [
      [null, TITLE],
      [],
      ['说明：请如实填写'],
      [FILL_IN],
      ['设施名称', '床位数'], // not all columns: not the header
      ['序号', ' 运营 状态 ', '床位数(张)', '所在镇街\u3000', '设 施 名 称', '设施类型', '备注'],
      [1, '运营', '１２', '黄村', 'A院', '养老机构', '新建'],
    ]));
    expect(res.report.headerRow).toBe(6);
    expect(res.report.extraColumns).toBe('序号、备注');
    expect(res.rows).toEqual([{
      year: 2023, sourceFile: FILE, sourceSheet: '养老服务设施', sourceRow: 7,
      values: { facility_name: 'A院', town: 'huangcun', facility_type: '养老机构', beds: 12, operating_status: '运营' },
      extras: { 序号: '1', 备注: '新建' },
    }]);
  });

  it('normalises full-width header text, a line break and any unit in brackets', () => {
    const res = parse(grid('养老服务设施', [
      ['设施名称', '所在镇街', '设施类型', '床位数\n（张）', '运营状态（Ｓ）'],
      ['A院', '黄村', '养老机构', 1, '运营'],
    ]));
    expect(res.report.headerRow).toBe(1);
    expect(res.rows).toHaveLength(1);
  });

  it('takes a header cell from a vertical merge above (two-row headers)', () => {
    const res = parse(grid('养老服务设施', [
      ['设施名称', '所在镇街', '设施类型', '床位情况', '运营状态'],
      [null, null, null, '床位数（张）', null],
      ['A院', '黄村', '养老机构', 1, '运营'],
    ], { merges: [0, 1, 2, 4].map((c) => ({ r1: 0, c1: c, r2: 1, c2: c })) }));
    expect(res.report.headerRow).toBe(2);
    expect(res.rows[0]!.values.beds).toBe(1);
  });

  it('keeps extra columns, also unnamed ones and repeated names', () => {
    const res = parse(grid('养老服务设施', [
      ['备注', ...HEADER, '备注'],
      ['甲', 'A院', '黄村', '养老机构', 1, '运营', '乙', '表外'],
    ]));
    expect(res.rows[0]!.extras).toEqual({ 备注: '甲', '备注（G列）': '乙', H列: '表外' });
    expect(res.report.extraColumns).toBe('备注、备注（G列）、H列（无表头）');
  });

  it.each([
    ['合计'],
    ['合计（22个镇街）'],
    ['合 计'],
    ['总计：'],
    // an Excel table's totals row, and 共计 (the tenth workbook attack: 汇总 had read as a data row of four empty required cells)
    ['汇总'],
    ['共计'],
    ['合计:'],
    ['全区合计'],
    ['注：床位数为核定床位'],
    ['注:以上为年末数'],
    ['备注：无'],
    ['说明：本表由养老服务科填写'],
    ['填表说明'],
  ])('ends the data at the closing row %j; a data row after it is rejected, not dropped (issue 11 case 4)', (closing) => {
    const res = parse(grid('养老服务设施', [
      HEADER,
      ['A院', '黄村', '养老机构', 1, '运营'],
      [closing, null, null, null, null],
      ['B院', '黄村', '养老机构', 2, '运营'],
      ['填表人：张三'],
    ]));
    expect(res.report).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    expect(res.rows.map((r) => r.values.facility_name)).toEqual(['A院']);
    expect(res.rejects.map((r) => [r.row, r.rule, r.value])).toEqual([[4, 'after_closing_row', 'B院']]);
    // with the cells that parse: the figures it could change are its town's (contract §4), not every town's
    expect(res.rejects[0]!.values).toEqual({ facility_name: 'B院', town: 'huangcun', facility_type: '养老机构', beds: 2, operating_status: '运营' });
  });

  it('does not end the data at a value that merely begins with 注 (注销)', () => {
    const res = parse(grid('社会工作服务机构', [
      ['状态', '机构名称', '所在镇街'],
      ['注销', '甲社工事务所', '黄村'],
      ['存续', '乙社工事务所', '旧宫'],
      ['注：注销的机构保留'],
    ]));
    expect(res.rows.map((r) => r.values.status)).toEqual(['注销', '存续']);
    expect(res.report.rowsRead).toBe(2);
  });

  it('ends the data at the first fully empty row (cells of extra columns do not count); a row after it that looks like data is rejected, not dropped', () => {
    const res = parse(grid('养老服务设施', [
      ['序号', ...HEADER],
      [1, 'A院', '黄村', '养老机构', 1, '运营'],
      [2, null, ' ', null, null, null],
      [3, 'B院', '黄村', '养老机构', 2, '运营'],
    ]));
    expect(res.rows).toHaveLength(1);
    expect(res.report.rowsRead).toBe(2);
    expect(res.report.rowsRejected).toBe(1);
    expect(res.warnings).toEqual([]);
    expect(res.rejects).toEqual([expect.objectContaining({
      rule: 'after_blank_row', scope: 'row', row: 4, value: '3',
      message: `文件“${FILE}”工作表“养老服务设施”第 4 行：第 3 行规定的各列都是空的（只填了序号、备注等列），视为空行，数据到此结束；本行在其后，看起来仍是数据，未载入。如确为数据，请删除中间的空行后重新提交`,
    })]);
    const empty = parse(grid('养老服务设施', [HEADER, ['A院', '黄村', '养老机构', 1, '运营'], [], ['B院', '黄村', '养老机构', 2, '运营']]));
    expect(empty.rejects.map((r) => [r.rule, r.row, r.message.includes('第 3 行是空行，数据到此结束')])).toEqual([['after_blank_row', 4, true]]);
    expect(empty.rejects[0]!.values).toMatchObject({ facility_name: 'B院', town: 'huangcun', beds: 2 });
  });

  it('says a plain number between 0 and 1 in a per-cent column is read as that many per cent (0.55 %), not 55 %', () => {
    const header = ['任务编号', '任务名称', '规划章节', '牵头单位', '目标要求', '完成时限', '进展状态', '完成进度（%）', '进展说明'];
    const task = (id: string, pct: CellValue) => [id, '任务', '第三部分', '办公室', null, null, '推进中', pct, null];
    // a text '0.73' as a number (it loaded unsaid: the workbook review); '0.5%' says what it is
    const res = parse(grid('重点任务台账', [header, task('RW-1', 0.55), task('RW-2', 30), task('RW-3', '55%'), task('RW-4', 0.5), task('RW-5', '0.73'), task('RW-6', '0.5%')]));
    expect(res.rows.map((r) => r.values.progress_pct)).toEqual([0.55, 30, 55, 0.5, 0.73, 0.5]);
    expect(res.warnings).toEqual([expect.objectContaining({
      rule: 'percent_fraction', row: 2, column: '完成进度', value: '0.55',
      message: `文件“${FILE}”工作表“重点任务台账”第 2 行“完成进度”列：数值 0.55 在 0 到 1 之间（本列共 3 处：第 2、5、6 行），按 0.55% 读取。如是小数形式的百分比（0.55 即 55%），请改填 55 或 55% 后重新提交`,
    })]);
  });

  it('refuses a sheet whose header names another unit for a number column (元 for 万元, 万人 for a count), never reading it ×10,000 off', () => {
    const trusts = (money: string) => parse(grid('慈善信托', [['信托名称', '备案年份', money, '状态'], ['A信托', 2023, 380000, '存续']]));
    const yuan = trusts('财产规模（元）');
    expect(yuan.rows).toEqual([]);
    expect(yuan.report).toMatchObject({ status: 'rejected', rowsRead: 1, rowsRejected: 1 });
    expect(yuan.rejects).toEqual([expect.objectContaining({
      rule: 'unit_mismatch', scope: 'sheet', column: '财产规模',
      message: `文件“${FILE}”工作表“慈善信托”第 1 行“财产规模”列：表头写的单位是“元”，本列规定以“万元”为单位：数值的单位不同，照原样读取会差若干倍，整表不予载入。请换算为规定的单位、改正表头后重新提交`,
    })]);
    expect(trusts('财产规模(万元)').rows).toHaveLength(1);
    expect(trusts('财产规模（必填）').rows).toHaveLength(1);
    const beds = parse(grid('养老服务设施', [['设施名称', '所在镇街', '设施类型', '床位数（百张）', '运营状态'], ['A院', '黄村', '养老机构', 1, '运营']]));
    expect(beds.rejects.map((r) => [r.rule, r.column])).toEqual([['unit_mismatch', '床位数']]);
    // another word for the same count reads as it is; another kind of count does not
    const sheetWith = (name: string, header: string[], row: unknown[]) => parse(grid(name, [header, row as never]));
    expect(sheetWith('居家养老', ['镇街', '家庭照护床位数（床）', '养老护理员人数（名）'], ['黄村', 10, 20]).rows).toHaveLength(1);
    expect(sheetWith('社会组织', ['镇街', '社区社会组织数量（个）', '街镇级社会组织联合会'], ['黄村', 10, '是']).rows).toHaveLength(1);
    expect(sheetWith('殡葬安葬', ['镇街', '安葬总数（具）', '节地生态安葬数（人）'], ['黄村', 10, 5]).rows).toHaveLength(1);
    expect(sheetWith('居家养老', ['镇街', '家庭照护床位数', '养老护理员人数（户）'], ['黄村', 10, 20]).rejects.map((r) => [r.rule, r.column])).toEqual([['unit_mismatch', '养老护理员人数']]);
    expect(sheetWith('居家养老', ['镇街', '家庭照护床位数', '养老护理员人数（万人）'], ['黄村', 10, 20]).rejects.map((r) => [r.rule, r.column])).toEqual([['unit_mismatch', '养老护理员人数']]);
  });

  it('reads a header bracket’s unit through its lead words, a currency, traditional characters or a multiplier, and refuses a bracket that is no unit of the column (the sixth workbook attack: 财产规模（单位：元） read as 万元)', () => {
    const trusts = (money: string) => parse(grid('慈善信托', [['信托名称', '备案年份', money, '状态'], ['A信托', 2023, 380000, '存续']]));
    for (const header of ['财产规模（单位：元）', '财产规模（人民币元）', '财产规模（RMB元）', '财产规模（￥元）', '财产规模（金额：元）', '财产规模（人民币千元）', '财产规模（人民币亿元）']) {
      expect(trusts(header).rejects.map((r) => [r.rule, r.column]), header).toEqual([['unit_mismatch', '财产规模']]);
    }
    expect(trusts('财产规模（单位：元）').rejects[0]!.message).toContain('表头写的单位是“元”，本列规定以“万元”为单位');
    for (const header of ['财产规模（万元人民币）', '财产规模（单位：万元）', '财产规模（人民币万元）', '财产规模（萬元）', '财产规模（万元）（人民币）']) expect(trusts(header).rows, header).toHaveLength(1);
    const people = (header: string) => parse(grid('人口基础数据', [['镇街', header, '60岁及以上常住人口（人）', '户籍人口（人）', '户籍儿童人口（人）'], ['黄村', 100000, 20000, 80000, 15000]]));
    for (const header of ['常住人口（单位：万人）', '常住人口（×10000人）', '常住人口（萬人）']) expect(people(header).rejects.map((r) => [r.rule, r.column]), header).toEqual([['unit_mismatch', '常住人口']]);
    expect(people('常住人口（单位：人）').rows).toHaveLength(1);
    // a bracket that is no unit of the column: the figures may be another measure
    const beds = (header: string) => parse(grid('养老服务设施', [['设施名称', '所在镇街', '设施类型', header, '运营状态'], ['A院', '黄村', '养老机构', 30, '运营']]));
    for (const header of ['床位数（新增）', '床位数（本年新增）', '床位数（规划）', '床位数（设计）', '床位数（张/万人）', '床位数（间）', '床位数（单位：百张）']) {
      expect(beds(header).rejects.map((r) => [r.rule, r.column]), header).toEqual([[header.includes('百张') ? 'unit_mismatch' : 'column_qualifier', '床位数']]);
    }
    expect(beds('床位数（新增）').rejects[0]!.message).toBe(`${at(1, '床位数')}表头“床位数（新增）”的括号中写的是“新增”，不是本列的单位“张”：表头括号中只能写单位，写了其他内容的列可能不是规定的口径（如新增数、规划数、占比或另一年龄段），照原样读取可能出错，整表不予载入。请确认本列是2023 年的床位数（以“张”计），把表头改为“床位数（张）”后重新提交`);
    expect(people('常住人口（人）').rows).toHaveLength(1);
    const children = parse(grid('人口基础数据', [['镇街', '常住人口（人）', '60岁及以上常住人口（人）', '户籍人口（人）', '户籍儿童人口(0-14岁)'], ['黄村', 100000, 20000, 80000, 15000]]));
    expect(children.rejects.map((r) => [r.rule, r.column])).toEqual([['column_qualifier', '户籍儿童人口']]);
    // a bracket restating the column's own definition (the contract's 0–17, year-end stocks): read (the 17th attack had them refused)
    const headed = (child: string, residents = '常住人口（人）', elderly = '60岁及以上常住人口（人）') =>
      parse(grid('人口基础数据', [['镇街', residents, elderly, '户籍人口（人）', child], ['黄村', 100000, 20000, 80000, 15000]]));
    for (const child of ['户籍儿童人口（0-17岁）', '户籍儿童人口（人）（0—17周岁）', '户籍儿童人口(0~17岁)', '户籍儿童人口（18岁以下）', '户籍儿童人口（未满18周岁）', '户籍儿童人口（年末数，0-17岁）', '户籍儿童人口（年末数）']) {
      expect(headed(child).rejects, child).toEqual([]);
      expect(headed(child).rows[0]!.values.registered_children, child).toBe(15000);
    }
    for (const residents of ['常住人口（年末数）', '常住人口（人）（年末）', '常住人口（年底数）']) expect(headed('户籍儿童人口（人）', residents).rejects, residents).toEqual([]);
    expect(headed('户籍儿童人口（人）', '常住人口（人）', '60岁及以上常住人口（60周岁及以上）').rejects).toEqual([]);
    // another age range, a mean, a year start: still refused
    for (const child of ['户籍儿童人口（0-14岁）', '户籍儿童人口（0-18岁）', '户籍儿童人口（年初数）', '户籍儿童人口（年平均）']) {
      expect(headed(child).rejects.map((r) => [r.rule, r.column]), child).toEqual([['column_qualifier', '户籍儿童人口']]);
    }
    expect(headed('户籍儿童人口（人）', '常住人口（0-17岁）').rejects.map((r) => r.rule)).toEqual(['column_qualifier']);
    const ledger = (header: string) => parse(grid('重点任务台账', [['任务编号', '任务名称', '规划章节', '牵头单位', '目标要求', '完成时限', '进展状态', header, '进展说明'], ['RW-1', '甲任务', '第三部分 一（一）', '办公室', null, '2025年底', '推进中', 40, null]]));
    expect(ledger('完成进度（百分比）').rows).toHaveLength(1);
    expect(ledger('完成进度(0-1)').rejects.map((r) => r.rule)).toEqual(['column_qualifier']);
    expect(beds('床位数（必填）').rows).toHaveLength(1);
    expect(beds('床位数（张数）').rows).toHaveLength(1);
  });

  it('refuses a sheet whose notes under the data, or whose column of units, give another magnitude for its number column (the sixth workbook attack: 注：财产规模单位为元)', () => {
    const trust = (rows: unknown[][]) => parse(grid('慈善信托', [['信托名称', '备案年份', '财产规模', '状态'], ['A信托', 2023, 380000, '存续'], ...(rows as never[])]));
    for (const note of ['注：财产规模单位为元。', '注：金额单位：元', '说明：以元为单位']) {
      const res = trust([[], [note]]);
      expect(res.rejects.map((r) => [r.rule, r.column]), note).toEqual([['unit_mismatch', '财产规模']]);
    }
    expect(trust([[], ['注：财产规模单位为元。']]).rejects[0]!.message).toBe(`文件“${FILE}”工作表“慈善信托”：说明（第 4 行）写的单位是“元”，“财产规模”列规定以“万元”为单位：数值的单位不同，照原样读取会差若干倍，整表不予载入。请换算为规定的单位、改正后重新提交`);
    expect(trust([['注：财产规模单位为万元']]).rows).toHaveLength(1);
    expect(trust([['注：备案年份以备案通知书为准']]).rows).toHaveLength(1);
    const withColumn = (unit: string) => parse(grid('慈善信托', [['信托名称', '备案年份', '财产规模', '状态', '计量单位'], ['A信托', 2023, 380000, '存续', unit]]));
    expect(withColumn('元').rejects.map((r) => [r.rule, r.row])).toEqual([['unit_mismatch', null]]);
    expect(withColumn('元').rejects[0]!.message).toContain('第 2 行“计量单位”列：写的单位是“元”，“财产规模”列规定以“万元”为单位');
    expect(withColumn('万元').rows).toHaveLength(1);
  });

  it('says, without rejecting, what else the contract’s columns hold after the blank row (a lone number is not lost unsaid)', () => {
    const res = parse(grid('养老服务设施', [HEADER, ['A院', '黄村', '养老机构', 1, '运营'], [], [null, null, null, 500, null]]));
    expect(res.rejects).toEqual([]);
    expect(res.warnings).toEqual([expect.objectContaining({
      rule: 'ignored_rows', row: 4,
      message: `文件“${FILE}”工作表“养老服务设施”：第 3 行是空行，数据到此结束；其后第 4 行在规定的列中还有内容，未读取。如是数据，请删除中间的空行、补全该行后重新提交`,
    })]);
  });

  it('says nothing about a signature line after the blank row', () => {
    const res = parse(grid('养老服务设施', [HEADER, ['A院', '黄村', '养老机构', 1, '运营'], [], ['填表人：张三', null, null, '联系电话：123']]));
    expect(res.warnings).toEqual([]);
  });

  it('reads numbers written as text, with units, full width, thousands separators, spaces and per cents', () => {
    const res = parse(grid('养老服务设施', [
      HEADER,
      ['A', '黄村', '养老机构', '1,234', '运营'],
      ['B', '黄村', '养老机构', '１２３４', '运营'],
      ['C', '黄村', '养老机构', '12张', '运营'],
      ['D', '黄村', '养老机构', ' 56 ', '运营'],
    ]));
    expect(res.rows.map((r) => r.values.beds)).toEqual([1234, 1234, 12, 56]);
    const tasks = parse(grid('重点任务台账', [
      ['任务编号', '任务名称', '规划章节', '牵头单位', '目标要求', '完成时限', '进展状态', '完成进度（%）', '进展说明'],
      ['RW-1', '任务', '第三部分', '办公室', null, null, '推进中', '37%', null],
    ]));
    expect(tasks.rows[0]!.values.progress_pct).toBe(37);
  });

  it('reads missing markers as missing (null), never zero', () => {
    const res = parse(grid('养老服务设施', [
      HEADER,
      ...['—', '-', '/', '无', null, '——'].map((v, i) => [`院${i}`, '黄村', '养老机构', v, '运营']),
    ]));
    expect(res.rows.map((r) => r.values.beds)).toEqual([null, null, null, null, null, null]);
  });

  it('rejects a row with a formula that has no cached value; not for an extra column', () => {
    const res = parse(grid('养老服务设施', [
      ['序号', ...HEADER],
      [null, 'A院', '黄村', '养老机构', null, '运营'],
      [null, 'B院', '黄村', '养老机构', 3, '运营'],
    ], { uncachedFormulas: [{ r: 1, c: 4 }, { r: 1, c: 0 }, { r: 2, c: 0 }] }));
    expect(res.rejects).toEqual([{
      file: FILE, sheet: '养老服务设施', row: 2, column: '床位数', value: '', rule: 'formula_without_value', scope: 'row',
      message: `${at(2, '床位数')}公式没有计算结果（请在 Excel/WPS 中打开、重新计算并保存后再提交）`,
      // the cells that did parse, for the warehouse to judge what the lost row could change
      values: { facility_name: 'A院', town: 'huangcun', facility_type: '养老机构', operating_status: '运营' },
    }]);
    expect(res.rows.map((r) => r.values.facility_name)).toEqual(['B院']);
  });

  it('a row holding only formulas without values is not an empty row', () => {
    const res = parse(grid('养老服务设施', [HEADER, [], ['B院', '黄村', '养老机构', 3, '运营']], { uncachedFormulas: [{ r: 1, c: 3 }] }));
    expect(res.report.rowsRead).toBe(2);
    expect(res.report.rowsRejected).toBe(1);
  });

  it('applies a vertically merged town to every row of the merge (not a merged number)', () => {
    const res = parse(grid('养老服务设施', [
      HEADER,
      ['A院', '黄村镇', '养老机构', 10, '运营'],
      ['B驿站', null, '养老服务驿站', null, '运营'],
      ['C驿站', null, '养老服务驿站', 5, '运营'],
      ['D院', '旧宫', '养老机构', 7, '运营'],
    ], { merges: [{ r1: 1, c1: 1, r2: 3, c2: 1 }, { r1: 1, c1: 3, r2: 2, c2: 3 }] }));
    expect(res.rows.map((r) => [r.values.town, r.values.beds])).toEqual([
      ['huangcun', 10], ['huangcun', null], ['huangcun', 5], ['jiugong', 7],
    ]);
  });

  it('reads yes/no variants', () => {
    const values = ['是', '否', 'Y', 'N', '√', '×', 1, 0, 'TRUE', 'FALSE', true, false, 'yes', 'no'];
    const towns = geo.towns.slice(0, values.length);
    const res = parse(grid('精神障碍社区康复', [['镇街', '是否开展'], ...towns.map((t, i) => [t.name, values[i]!])]));
    expect(res.rows.map((r) => r.values.has_service)).toEqual(values.map((_, i) => i % 2 === 0));
  });

  it('resolves town aliases and the 北京市大兴区/大兴区 prefixes', () => {
    const res = parse(grid('居家养老', [
      ['镇街', '家庭照护床位数（张）', '养老护理员人数（人）'],
      ['黄村地区', 1, 1],
      ['旧宫', 1, 1],
      ['北京市大兴区兴丰街道', 1, 1],
      ['大兴区 亦庄地区', 1, 1],
      ['ＬＸ林校路街道', 1, 1],
    ]));
    expect(res.rows.map((r) => r.values.town)).toEqual(['huangcun', 'jiugong', 'xingfeng', 'yizhuang']);
    expect(res.rejects).toEqual([expect.objectContaining({
      row: 6, column: '镇街', value: 'ＬＸ林校路街道', rule: 'unknown_town',
      message: `${at(6, '镇街', '居家养老')}“ＬＸ林校路街道”不是大兴区的镇街名称，是否应为“林校路街道”？请改为镇街名称或通用简称`,
    })]);
  });

  it('parses a whole workbook: contract sheets by name with year suffixes, others skipped', () => {
    const wb = {
      file: '/abs/2023/x.xlsx',
      sheets: [
        grid('填表说明', [['请按说明填写']]),
        grid('养老服务设施（2023）', [HEADER, ['A院', '黄村', '养老机构', 1, '运营']]),
        grid('_lists', [['运营']]),
      ],
    };
    const { sheets, skipped } = parseWorkbook(wb, { year: 2023, geography: geo, file: FILE });
    expect(sheets.map((s) => [s.sheet.name, s.report.sheet, s.rows.length])).toEqual([['养老服务设施', '养老服务设施（2023）', 1]]);
    expect(sheets[0]!.rows[0]!.sourceSheet).toBe('养老服务设施（2023）');
    expect(skipped).toEqual(['填表说明', '_lists'].map((sheet) => ({
      year: 2023, file: FILE, sheet, sheetKind: '', status: 'skipped', headerRow: null, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, extraColumns: '',
    })));
  });

  it('refuses a tab without a header whose rows read as a contract sheet\'s of the workbook, laid out as its columns (the twelfth workbook attack: 34 驿站 moved to Sheet2 had vanished)', () => {
    const wb = {
      file: '/abs/2023/x.xlsx',
      sheets: [
        grid('养老服务设施', [HEADER, ['A院', '黄村', '养老机构', 1, '运营']]),
        grid('Sheet2', [['B驿站', '兴丰', '养老服务驿站', 0, '运营'], ['C驿站', null, '养老服务驿站', 3, '运营']]),
        grid('填表说明', [['请按说明填写'], ['床位数', '填整数']]),
      ],
    };
    const { sheets, skipped } = parseWorkbook(wb, { year: 2023, geography: geo, file: FILE });
    expect(skipped.map((x) => x.sheet)).toEqual(['填表说明']);
    const stray = sheets[1]!;
    expect(stray.report).toMatchObject({ sheet: 'Sheet2', sheetKind: '养老服务设施', status: 'rejected', rowsRead: 2, rowsRejected: 2 });
    expect(stray.rejects).toEqual([expect.objectContaining({
      rule: 'stray_rows', scope: 'sheet', value: 'Sheet2',
      message: `文件“${FILE}”工作表“Sheet2”：不是规定的工作表，也没有表头，但第 1—2 行按“养老服务设施”表的列读来是“养老服务设施”的数据（设施名称、所在镇街、设施类型、床位数、运营状态），未读取，整表不予载入。如是“养老服务设施”表的续表，请把这些行移到该表的数据之后；如不是要报送的数据，请删除该工作表后重新提交`,
    })]);
    // a town left blank: which towns the rows touch cannot be said, so every town's figure is marked
    expect(stray.rejects[0]!.towns).toBeUndefined();
    // text alone, or values the columns do not take, are no rows of the sheet
    const notes = parseWorkbook({ file: '/abs/2023/x.xlsx', sheets: [wb.sheets[0]!, grid('Sheet2', [['备注', '见附件', '其他', '若干', '说明']])] }, { year: 2023, geography: geo, file: FILE });
    expect(notes.skipped.map((x) => x.sheet)).toEqual(['Sheet2']);
  });

  it('refuses a macro sheet under a contract sheet\'s name, and skips one under another name (the tenth workbook attack: 67 驿站 had vanished unsaid)', () => {
    const wb = {
      file: '/abs/2023/x.xlsx',
      sheets: [
        { ...grid('养老服务设施', []), notWorksheet: '宏表（Excel 4.0 宏工作表）' },
        { ...grid('宏1', []), notWorksheet: '宏表（Excel 4.0 宏工作表）' },
      ],
    };
    const { sheets, skipped } = parseWorkbook(wb, { year: 2023, geography: geo, file: FILE });
    expect(sheets.map((s) => [s.sheet.name, s.report.status, s.rejects.map((r) => [r.rule, r.message])])).toEqual([['养老服务设施', 'rejected', [['not_worksheet',
      `文件“${FILE}”工作表“养老服务设施”是宏表（Excel 4.0 宏工作表），不是普通工作表，其中的内容不予读取。请在 Excel/WPS 中新建一个普通工作表，把内容复制过去（删除原表）后重新提交`]]]]);
    expect(skipped.map((x) => x.sheet)).toEqual(['宏1']);
  });
});

describe('parseSheet(grid, ctx): a title of part of a year, a span of two years, a date of filling in before the year ended (the eleventh attack)', () => {
  it('rejects a sheet whose title names half a year, a quarter, a mid-year date or two years, and warns of a filling-in date before the year\'s end', () => {
    for (const [title, said] of [['大兴区养老服务设施统计表（2023年上半年）', '写的是“上半年”的数，不是 2023 年全年（年末）的数'], ['大兴区养老服务设施统计表（截至2023年6月30日）', '写的是“截至2023年6月30日”的数'], ['大兴区养老服务设施统计表（2022—2023年度）', '写的是 2022—2023 年，与文件夹年度 2023 年不符']] as const) {
      const res = parse(grid('养老服务设施', [[title], HEADER, ['A院', '黄村', '养老机构', 1, '运营']]));
      expect(res.report.status, title).toBe('rejected');
      expect(res.rejects[0]!.message, title).toContain(said);
    }
    // the plan's period in a title still lets the year through
    expect(parse(grid('养老服务设施', [['“十四五”时期（2021—2025年）养老服务设施'], HEADER, ['A院', '黄村', '养老机构', 1, '运营']])).report.status).not.toBe('rejected');
    const filled = parse(grid('养老服务设施', [[TITLE], ['填报单位：养老服务科  填报日期：2023年1月12日'], HEADER, ['A院', '黄村', '养老机构', 1, '运营']]));
    expect(filled.rows.length).toBe(1);
    expect(filled.warnings.map((w) => w.message)).toContain(`文件“${FILE}”工作表“养老服务设施”：第 2 行写的填报日期是 2023 年 1 月 12 日，早于 2023 年年末，像是往年的报表；已按 2023 年读取，请核对`);
    expect(parse(grid('养老服务设施', [[TITLE], ['填报日期：2024年1月15日'], HEADER, ['A院', '黄村', '养老机构', 1, '运营']])).warnings).toEqual([]);
  });

  it('warns once of a workbook whose file name says another year, its sheets saying none', () => {
    const wb = { file: '/abs/2023/x.xlsx', sheets: [grid('养老服务设施', [HEADER, ['A院', '黄村', '养老机构', 1, '运营']]), grid('福利机构', [])] };
    const { sheets } = parseWorkbook(wb, { year: 2023, geography: geo, file: '2023/养老服务科_2024.xlsx' });
    expect(sheets.flatMap((x) => x.warnings).filter((w) => w.rule === 'year_mismatch').map((w) => w.message)).toEqual(['文件“2023/养老服务科_2024.xlsx”的文件名写的是 2024 年，而文件夹年度为 2023 年；已按 2023 年读取，请核对是否放错了文件夹']);
    expect(parseWorkbook(wb, { year: 2023, geography: geo, file: '2023/养老服务科_2023.xlsx' }).sheets.flatMap((x) => x.warnings)).toEqual([]);
  });
});

describe('parseSheet(grid, ctx): 合计 check', () => {
  const header = ['镇街', '特困人员总数（人）', '有集中供养需求人数（人）', '已集中供养人数（人）'];
  it('warns for each column whose 合计 differs from the sum of the data rows, naming both numbers', () => {
    const res = parse(grid('特困人员供养', [
      header,
      ['黄村', 10, 5, 3],
      ['旧宫', '20', '—', 4],
      ['合计（2个镇街）', 30, '6', 8],
    ]));
    expect(res.warnings).toEqual([
      {
        file: FILE, sheet: '特困人员供养', row: 4, column: '有集中供养需求人数', value: '6', rule: 'total_mismatch',
        message: `${at(4, '有集中供养需求人数', '特困人员供养')}合计行为 6，而各数据行之和为 5`,
        total: 6, rowsSum: 5, // for the reports to weigh a verdict at the total
      },
      {
        file: FILE, sheet: '特困人员供养', row: 4, column: '已集中供养人数', value: '8', rule: 'total_mismatch',
        message: `${at(4, '已集中供养人数', '特困人员供养')}合计行为 8，而各数据行之和为 7`,
        total: 8, rowsSum: 7,
      },
    ]);
  });
  it('names the rows whose cell in the column could not be read, which the sum leaves out', () => {
    const res = parse(grid('特困人员供养', [
      header,
      ['黄村', 10, 5, 3],
      ['旧宫', 20, '五', 4],
      ['合计', 30, 11, 7],
    ], { uncachedFormulas: [{ r: 1, c: 3 }] }));
    expect(res.rejects.map((r) => [r.row, r.column, r.rule])).toEqual([
      [2, '已集中供养人数', 'formula_without_value'],
      [3, '有集中供养需求人数', 'not_a_number'],
    ]);
    expect(res.warnings.map((w) => w.message)).toEqual([
      `${at(4, '有集中供养需求人数', '特困人员供养')}合计行为 11，而各数据行之和为 5（第 3 行该列的值被拒绝，未计入）`,
      `${at(4, '已集中供养人数', '特困人员供养')}合计行为 7，而各数据行之和为 4（第 2 行该列的值被拒绝，未计入）`,
    ]);
    // the difference is the rejected cell's, which the reports say: no total to weigh a verdict at
    expect(res.warnings.map((w) => [w.total, w.rowsSum])).toEqual([[undefined, undefined], [undefined, undefined]]);
  });
  it('is quiet when the 合计 matches, or is empty (a formula without value)', () => {
    const res = parse(grid('特困人员供养', [header, ['黄村', 10, 5, 3], ['旧宫', 20, 5, 4], ['合计', 30, null, '7']], { uncachedFormulas: [{ r: 3, c: 2 }] }));
    expect(res.warnings).toEqual([]);
  });
});

describe('parseSheet(grid, ctx): a subtotal under a name (the fifth workbook attack)', () => {
  it('rejects a row whose name is a subtotal\'s label, its town from a merge, rather than count one facility more and its beds twice', () => {
    const res = parse(grid('养老服务设施', [
      HEADER,
      ['A院', '兴丰', '养老服务驿站', 10, '运营'],
      ['B院', null, '养老服务驿站', 20, '运营'],
      ['兴丰街道小计', null, '养老服务驿站', 30, '运营'],
      ['其中：黄村镇', '黄村', '养老服务驿站', 5, '运营'],
      ['以上合计（含在建）', '黄村', '养老服务驿站', 35, '运营'],
      ['C院合计中心', '黄村', '养老服务驿站', 5, '运营'],
    ], { merges: [{ r1: 1, c1: 1, r2: 3, c2: 1 }] }));
    expect(res.rows.map((r) => r.values.facility_name)).toEqual(['A院', 'B院', 'C院合计中心']);
    expect(res.rejects.map((r) => [r.row, r.rule])).toEqual([[4, 'subtotal_in_data'], [5, 'subtotal_in_data'], [6, 'subtotal_in_data']]);
    expect(res.rejects[0]!.message).toBe(`${at(4, '设施名称')}“兴丰街道小计”像是小计或合计行，不是一个设施：数据中间不填小计行，请删除本行；全表的合计可放在最后一行，首格写“合计”`);
  });
});

describe('parseSheet(grid, ctx): sheet rules (contract §4)', () => {
  it('refuses a number column whose header\'s brackets say it holds other figures: another year, last year\'s, a plan, a part (the fifth workbook attack)', () => {
    const home = (header: string) => parse(grid('居家养老', [['镇街', header, '养老护理员人数（人）'], ['黄村', 10, 20], ['旧宫', 5, 6]]));
    for (const [header, said] of [['家庭照护床位数（2022年）', '2022年'], ['家庭照护床位数（上年）', '上年'], ['家庭照护床位数(计划)', '计划'], ['家庭照护床位数（其中已验收）', '其中已验收']]) {
      const res = home(header!);
      expect(res.rows, header).toEqual([]);
      expect(res.rejects, header).toEqual([expect.objectContaining({ rule: 'column_qualifier', scope: 'sheet', column: '家庭照护床位数' })]);
      expect(res.rejects[0]!.message).toContain(`的括号中写的是“${said}”，本列应填2023 年的实际数`);
      expect(res.report).toMatchObject({ status: 'rejected', rowsRead: 2, rowsRejected: 2 });
    }
    for (const header of ['家庭照护床位数（张）', '家庭照护床位数（2023年）', '家庭照护床位数（必填）', '家庭照护床位数']) expect(home(header).rows, header).toHaveLength(2);
  });

  it('reads a header with its required marks (*), its units on a second line, or a row of column numbers (栏次) as a header (the fifth workbook attack)', () => {
    const marked = parse(grid('居家养老', [['*镇街', '家庭照护床位数（张）*', '养老护理员人数＊'], ['黄村', 10, 20]]));
    expect(marked.rejects).toEqual([]);
    expect(marked.rows).toHaveLength(1);
    const units = parse(grid('居家养老', [['镇街', '家庭照护床位数', '养老护理员人数'], [null, '（张）', '(人)'], ['黄村', 10, 20], ['旧宫', 5, 6], ['合计', 15, 26]]));
    expect(units.rejects).toEqual([]);
    expect(units.warnings).toEqual([]);
    expect(units.report).toMatchObject({ rowsRead: 2, rowsLoaded: 2 });
    const numbered = parse(grid('居家养老', [['序号', '镇街', '家庭照护床位数（张）', '养老护理员人数（人）'], ['栏次', '甲', 1, 2], [1, '黄村', 10, 20], [2, '旧宫', 5, 6], ['合计', null, 15, 26]]));
    expect(numbered.rejects).toEqual([]);
    expect(numbered.warnings).toEqual([]);
    expect(numbered.rows.map((r) => r.values.town)).toEqual(['huangcun', 'jiugong']);
    for (const line of [[1, 2, 3], ['A', 'B', 'C']]) {
      const plain = parse(grid('居家养老', [['镇街', '家庭照护床位数（张）', '养老护理员人数（人）'], line, ['黄村', 10, 20]]));
      expect(plain.rejects, String(line)).toEqual([]);
      expect(plain.rows).toHaveLength(1);
    }
    // a data row is no header line: a 1 and a 2 under a town are data
    expect(parse(grid('居家养老', [['镇街', '家庭照护床位数（张）', '养老护理员人数（人）'], ['黄村', 1, 2]])).rows).toHaveLength(1);
  });

  it('says where a task\'s state and its progress disagree (已完成 at 55 %, 推进中 at 100 %), reading both as written (the fifth workbook attack)', () => {
    const res = parse(grid('重点任务台账', [
      ['任务编号', '任务名称', '规划章节', '牵头单位', '目标要求', '完成时限', '进展状态', '完成进度', '进展说明'],
      ['RW-1', '甲任务', '第三部分 一（一）', '办公室', null, '2025年底', '已完成', 55, null],
      ['RW-2', '乙任务', '第三部分 一（一）', '办公室', null, '2025年底', '推进中', '100%', null],
      ['RW-3', '丙任务', '第三部分 一（一）', '办公室', null, '2025年底', '未启动', 10, null],
      ['RW-4', '丁任务', '第三部分 一（一）', '办公室', null, '2025年底', '已完成', 100, null],
      ['RW-5', '戊任务', '第三部分 一（一）', '办公室', null, '2025年底', '推进中', 40, null],
    ]));
    expect(res.rows).toHaveLength(5);
    expect(res.warnings.filter((w) => w.rule === 'task_state_progress').map((w) => w.row)).toEqual([2, 3, 4]);
    expect(res.warnings.find((w) => w.row === 2)!.message).toBe(`${atRow(2, '重点任务台账')}“进展状态”为“已完成”，而“完成进度”为55%，两者不一致；报告按“已完成”计，请核实后改正其中一项`);
    expect(res.warnings.find((w) => w.row === 3)!.message).toContain('报告按“已完成”计');
  });

  it('reads a tab hidden in Excel as any other, and says it is hidden, in its own warning and beside its name in its messages (the fifth workbook attack)', () => {
    const g = { ...grid('居家养老', [['镇街', '家庭照护床位数（张）', '养老护理员人数（人）'], ['黄村', 10, 20], ['火星', 1, 2]]), hidden: true };
    const res = parse(g);
    expect(res.rows).toHaveLength(1);
    expect(res.warnings).toEqual([expect.objectContaining({ rule: 'hidden_sheet', message: `文件“${FILE}”工作表“居家养老”：在 Excel 中是隐藏的，其中的数据照常读取。如是不应报送的备份，请删除该工作表；如要查看，在 Excel 中右击工作表标签选择“取消隐藏”` })]);
    expect(res.rejects[0]!.message).toMatch(/^文件“[^”]+”工作表“居家养老”（在 Excel 中隐藏）第 3 行“镇街”列：/);
  });

  it('takes the header the user sees over one in a row hidden in Excel (an old header, its columns in another order: the fifth workbook attack)', () => {
    const g = { ...grid('居家养老', [
      ['大兴区居家养老服务情况统计表（2023年度）'],
      ['镇街', '养老护理员人数（人）', '家庭照护床位数（张）'],
      ['镇街', '家庭照护床位数（张）', '养老护理员人数（人）'],
      ['兴丰', 190, 124],
    ]), hiddenRows: [1] };
    const res = parse(g);
    expect(res.report.headerRow).toBe(3);
    expect(res.rows.map((r) => [r.values.family_care_beds, r.values.care_workers])).toEqual([[190, 124]]);
    expect(res.rejects).toEqual([]);
    // the only header hidden: still the header
    const only = parse({ ...grid('居家养老', [['镇街', '家庭照护床位数（张）', '养老护理员人数（人）'], ['兴丰', 190, 124]]), hiddenRows: [0] });
    expect(only.rows).toHaveLength(1);
    expect(only.warnings).toEqual([]);
  });

  it('reads data rows and contract columns hidden in Excel as any other, and says which, also beside the row in its messages (the fifth workbook attack)', () => {
    const g = { ...grid('居家养老', [
      ['镇街', '家庭照护床位数（张）', '养老护理员人数（人）', '备注'],
      ['兴丰', 190, 124],
      ['清源', 50, 60],
      ['火星', 1, 2],
      ['黄村', 3, 4],
      ['旧宫', 5, 6],
    ]), hiddenRows: [2, 3, 4], hiddenColumns: [{ c1: 1, c2: 1 }, { c1: 3, c2: 9 }] };
    const res = parse(g);
    expect(res.rows.map((r) => r.values.family_care_beds)).toEqual([190, 50, 3, 5]);
    expect(res.rejects[0]!.message).toBe(`${at(4, '镇街', '居家养老').replace('第 4 行', '第 4 行（该行在 Excel 中隐藏）')}“火星”不是大兴区的镇街（应填镇街名称或通用简称，如“兴丰街道”）`);
    const warnings = res.warnings.filter((w) => w.rule === 'hidden_rows' || w.rule === 'hidden_column');
    expect(warnings).toEqual([
      expect.objectContaining({ rule: 'hidden_rows', row: 3, message: `文件“${FILE}”工作表“居家养老”：第 3—5 行在 Excel 中隐藏（手动隐藏、被筛选掉或折叠），共 3 行，其中的数据照常读取并计入。如这些行不应报送，请删除后重新提交；如要查看，在 Excel 中取消筛选，或选中整个表格后右击行号选择“取消隐藏”` }),
      expect.objectContaining({ rule: 'hidden_column', column: '家庭照护床位数', value: 'B', message: `文件“${FILE}”工作表“居家养老”“家庭照护床位数”列：本列（B 列）在 Excel 中隐藏，其中的数据照常读取。查看或打印时看不到这一列，请核实其中是本年应报送的数据；如要查看，选中两侧的列后右击列标选择“取消隐藏”` }),
    ]);
    // rows hidden outside the data (a hidden title, notes) are nobody's concern
    const quiet = parse({ ...grid('居家养老', [[TITLE], ['镇街', '家庭照护床位数（张）', '养老护理员人数（人）'], ['兴丰', 1, 2], [], ['注：略']]), hiddenRows: [0, 4] });
    expect(quiet.warnings).toEqual([]);
  });

  it('says once where a workbook that asks to be recalculated holds saved formula results in the data (the sixth workbook attack: a SUM saved as 0, shown as 30)', () => {
    const g = { ...grid('居家养老', [['镇街', '家庭照护床位数（张）', '养老护理员人数（人）', '备注'], ['兴丰', 0, 124, 'x'], ['清源', 50, 60, 'y']]), staleFormulas: [{ r: 1, c: 1 }, { r: 2, c: 2 }, { r: 1, c: 3 }, { r: 0, c: 1 }] };
    const res = parse(g);
    expect(res.rows.map((r) => r.values.family_care_beds)).toEqual([0, 50]);
    expect(res.warnings).toEqual([expect.objectContaining({
      rule: 'stale_formula', row: 2, column: '家庭照护床位数',
      message: `${at(2, '家庭照护床位数', '居家养老')}等 2 个公式单元格按文件中保存的计算结果读取；但工作簿设置为打开时重新计算（通常由 Excel 以外的程序生成），保存的结果可能不是最新的，Excel 中显示的可能不同。请在 Excel/WPS 中打开、核对并保存后重新提交`,
    })]);
  });

  it('rejects the sheet when a required column is missing, naming the columns and the best header row', () => {
    const res = parse(grid('养老服务设施', [
      [TITLE],
      ['设施名称', '所在镇街', '设施类型', '运营状况'],
      ['A院', '黄村', '养老机构', '运营'],
    ]));
    // The row below the closest header counts as read and rejected: none is lost from the accounting
    expect(res.report).toMatchObject({ status: 'rejected', headerRow: null, rowsRead: 1, rowsLoaded: 0, rowsRejected: 1 });
    expect(res.rows).toEqual([]);
    expect(res.rejects).toEqual([{
      file: FILE, sheet: '养老服务设施', row: null, column: '床位数、运营状态', value: '', rule: 'missing_column', scope: 'sheet',
      message: `文件“${FILE}”工作表“养老服务设施”：缺少必填列 “床位数”、“运营状态”（第 2 行最像表头，规定的 5 个列名只找到 3 个），整表不予载入。请按填报规范补上缺少的列（列名照规定书写）后重新提交`,
      towns: ['huangcun'], // the towns the lost rows belong to, read below the best header
    }]);
  });

  it('requires nullable columns in the header too', () => {
    const res = parse(grid('社区村名录', [
      ['镇街', '社区村名称', '类型', '状态', '社区工作者人数', '其中本社区居住人数', '书记工作室示范点', '楼门院治理示范点数'],
      ['黄村', '兴华社区', '社区', '存续', 1, 1, '是', 1],
    ]));
    expect(res.rejects[0]).toMatchObject({ rule: 'missing_column', column: '撤销年份、选举方式' });
  });

  it('rejects a sheet without any header row', () => {
    const res = parse(grid('养老服务设施', [['随便写的'], [1, 2, 3]]));
    expect(res.rejects[0]).toMatchObject({ rule: 'missing_column', scope: 'sheet' });
    expect(res.report).toMatchObject({ rowsRead: 0, rowsRejected: 0 }); // where the data would be is unknown
    expect(res.rejects[0]!.towns).toBeUndefined(); // its rows could belong to any town
    expect(res.rejects[0]!.message).toMatch(/^文件“.*”工作表“养老服务设施”：未找到表头行：前 100 行中没有一行包含规定的列名（“设施名称”、“所在镇街”/);
  });

  it('rejects a sheet whose header holds a contract column twice', () => {
    const res = parse(grid('养老服务设施', [[...HEADER, '床位数'], ['A院', '黄村', '养老机构', 1, '运营', 2], ['B院', '旧宫', '养老机构', 1, '运营', 2]]));
    expect(res.rejects).toEqual([expect.objectContaining({
      rule: 'duplicate_column', scope: 'sheet', column: '床位数',
      message: `文件“${FILE}”工作表“养老服务设施”：表头第 1 行中“床位数”出现 2 次（D 列、F 列），无法确定以哪一列为准，整表不予载入`,
      towns: ['huangcun', 'jiugong'],
    })]);
    expect(res.report).toMatchObject({ status: 'rejected', headerRow: 1, rowsRead: 2, rowsRejected: 2 });
  });

  it('names no towns for a rejected sheet when one of its towns cannot be read', () => {
    const res = parse(grid('养老服务设施', [['大兴区养老服务设施统计表（2022年度）'], HEADER, ['A院', '黄村', '养老机构', 1, '运营'], ['B院', '火星镇', '养老机构', 1, '运营']]));
    expect(res.rejects).toEqual([expect.objectContaining({ rule: 'year_mismatch', scope: 'sheet' })]);
    expect(res.rejects[0]!.towns).toBeUndefined();
  });

  it.each([['大兴区养老服务设施统计表（2022年度）'], ['2022年养老服务设施情况'], ['养老服务设施统计表(2022)']])(
    'rejects the whole sheet when the title %j names another year; its data rows count as rejected',
    (title) => {
      const res = parse(grid('养老服务设施', [[title], [FILL_IN], HEADER, ['A院', '黄村', '养老机构', 1, '运营'], ['B院', '黄村', '养老机构', 1, '运营'], ['合计', null, null, 2]]));
      expect(res.report).toMatchObject({ status: 'rejected', headerRow: 3, rowsRead: 2, rowsLoaded: 0, rowsRejected: 2 });
      expect(res.rows).toEqual([]);
      expect(res.rejects).toEqual([{
        file: FILE, sheet: '养老服务设施', row: null, column: '', value: title, rule: 'year_mismatch', scope: 'sheet',
        message: `文件“${FILE}”工作表“养老服务设施”：标题“${title}”（第 1 行）写的是 2022 年，与文件夹年度 2023 年不符，整表不予载入。如确为 2023 年的数据，请改正标题中的年度；如是其他年度的数据，请放入该年度的文件夹后重新提交`,
        towns: ['huangcun'],
      }]);
    },
  );

  it('rejects another year named beside the plan period, in the same cell or a row of its own', () => {
    const period = '大兴区“十四五”时期（2021—2025年）';
    for (const rows of [[[`${period}养老服务设施统计表（2022年度）`]], [['养老服务设施统计表（2022年度）'], [`${period}民政事业发展规划监测`]]]) {
      const res = parse(grid('养老服务设施', [...rows, HEADER, ['A院', '黄村', '养老机构', 1, '运营']]));
      expect(res.report.status).toBe('rejected');
      expect(res.rejects).toEqual([expect.objectContaining({ rule: 'year_mismatch', scope: 'sheet', message: expect.stringContaining('写的是 2022 年，与文件夹年度 2023 年不符') })]);
    }
    // the folder's own year beside the period is the folder's sheet
    expect(parse(grid('养老服务设施', [[`${period}养老服务设施统计表（2023年度）`], HEADER, ['A院', '黄村', '养老机构', 1, '运营']])).report.status).toBe('loaded');
  });

  it('accepts the folder year, a plan-period range and a later 填报日期 in the title rows', () => {
    for (const title of [TITLE, '大兴区“十四五”时期（2021—2025年）养老服务设施', '养老服务设施统计表']) {
      const res = parse(grid('养老服务设施', [[title], [FILL_IN], HEADER, ['A院', '黄村', '养老机构', 1, '运营']]));
      expect(res.report.status).toBe('loaded');
    }
  });

  it('only warns when the tab name carries another year', () => {
    const res = parse(grid('养老服务设施(2022)', [[TITLE], HEADER, ['A院', '黄村', '养老机构', 1, '运营']]));
    expect(res.report.status).toBe('loaded');
    expect(res.warnings).toEqual([expect.objectContaining({ rule: 'year_mismatch', value: '养老服务设施(2022)' })]);
  });

  it('rejects last year’s report put in this year’s folder: no year in its title, its name and its file’s naming the same other year (the eighth workbook attack: 2024’s figures published as 2025’s, complete)', () => {
    const rows = [['大兴区养老服务设施统计表'], HEADER, ['A院', '黄村', '养老机构', 1, '运营'], ['B院', '旧宫', '养老机构', 2, '运营']];
    const at2023 = (file: string, name: string) => parseSheet(grid(name, rows), { file, year: 2023, sheet: recognizeSheet(name)!, geography: geo });
    const res = at2023('2023/养老服务科_2022.xlsx', '养老服务设施2022年');
    expect(res.report).toMatchObject({ status: 'rejected', rowsRead: 2, rowsRejected: 2 });
    expect(res.rejects).toEqual([{
      file: '2023/养老服务科_2022.xlsx', sheet: '养老服务设施2022年', row: null, column: '', value: '养老服务设施2022年', rule: 'year_mismatch', scope: 'sheet',
      message: '文件“2023/养老服务科_2022.xlsx”工作表“养老服务设施2022年”：文件名和工作表名称写的都是 2022 年，标题中没有写年度，而文件夹年度为 2023 年：像是 2022 年的报表放进了 2023/ 文件夹，整表不予载入。如确为 2023 年的数据，请把文件名和工作表名称中的年度改为 2023 年，或在标题中写明“（2023年度）”',
      towns: ['huangcun', 'jiugong'],
    }]);
    // the rejection says the year: no warning about the name beside it
    expect(res.warnings.filter((w) => w.rule === 'year_mismatch')).toEqual([]);
    // a name copied forward, the file named for this year, or a title naming this year: loaded, the name warned of
    for (const [file, title] of [['2023/养老服务科_2023.xlsx', null], ['2023/养老服务科.xlsx', null], ['2023/养老服务科_2022.xlsx', TITLE]] as const) {
      const r = parseSheet(grid('养老服务设施2022年', title ? [[title], ...rows.slice(1)] : rows), { file, year: 2023, sheet: recognizeSheet('养老服务设施2022年')!, geography: geo });
      expect(r.report.status, file).toBe('loaded');
      expect(r.warnings, file).toEqual([expect.objectContaining({ rule: 'year_mismatch', value: '养老服务设施2022年' })]);
    }
  });

  it('says a sheet rejected for its title’s year once, not also warning of its name’s (the eighth workbook attack: both on one sheet)', () => {
    const res = parse(grid('养老服务设施(2022)', [['大兴区养老服务设施统计表（2022年度）'], HEADER, ['A院', '黄村', '养老机构', 1, '运营']]));
    expect(res.rejects).toEqual([expect.objectContaining({ rule: 'year_mismatch', scope: 'sheet' })]);
    expect(res.warnings).toEqual([]);
  });
});

describe('parseSheet(grid, ctx): row rules (contract §4), with Excel row numbers', () => {
  it('rejects non-numeric, negative and unknown values with a message naming file, sheet, row, column and value', () => {
    const res = parse(grid('养老服务设施', [
      [TITLE],
      [FILL_IN],
      HEADER,
      ...Array.from({ length: 8 }, (_, i) => [`院${i}`, '黄村', '养老机构', i, '运营']),
      ['十二院', '黄村', '养老机构', '十二', '运营'],
      ['负院', '黄村', '养老机构', -3, '运营'],
      ['类院', '黄村', '养老院', 3, '运营'],
      ['态院', '黄村', '养老机构', 3, '营业'],
    ]));
    expect(res.rejects.map((r) => [r.row, r.column, r.value, r.rule, r.message])).toEqual([
      [12, '床位数', '十二', 'not_a_number', `${at(12, '床位数')}“十二”是中文数字，请填写阿拉伯数字`],
      [13, '床位数', '-3', 'negative', `${at(13, '床位数')}“-3”为负数：本列不能为负数，请核实后改正`],
      [14, '设施类型', '养老院', 'enum_value', `${at(14, '设施类型')}“养老院”不是规定的选项（应为“养老机构”“养老照料中心”“养老服务驿站”之一）`],
      [15, '运营状态', '营业', 'enum_value', `${at(15, '运营状态')}“营业”不是规定的选项（应为“运营”“在建”“停用”之一）`],
    ]);
    expect(res.report).toMatchObject({ rowsRead: 12, rowsLoaded: 8, rowsRejected: 4 });
    expect(res.rejects[0]!.message).toBe('文件“2023/养老服务科_2023.xlsx”工作表“养老服务设施”第 12 行“床位数”列：“十二”是中文数字，请填写阿拉伯数字');
  });

  it('lists every bad cell of a row, and counts the row once', () => {
    const res = parse(grid('养老服务设施', [HEADER, [null, '朝阳区', '养老院', '十二', null], ['A院', '黄村', '养老机构', 1, '运营']]));
    expect(res.rejects.map((r) => [r.row, r.column, r.rule])).toEqual([
      [2, '设施名称', 'required_value'],
      [2, '所在镇街', 'unknown_town'],
      [2, '设施类型', 'enum_value'],
      [2, '床位数', 'not_a_number'],
      [2, '运营状态', 'required_value'],
    ]);
    expect(res.rejects[0]!.message).toBe(`${at(2, '设施名称')}必填，但为空`);
    expect(res.report).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
  });

  it('rejects 已集中供养 > 有集中供养需求 > 特困人员总数, naming both columns and values', () => {
    const res = parse(grid('特困人员供养', [
      ['镇街', '特困人员总数', '有集中供养需求人数', '已集中供养人数'],
      ['黄村', 10, 5, 6],
      ['旧宫', 4, 5, 5],
      ['瀛海', 10, '—', 6],
    ]));
    expect(res.rejects.map((r) => [r.row, r.column, r.value, r.rule, r.message])).toEqual([
      [2, '已集中供养人数', '6', 'impossible_value', `${atRow(2, '特困人员供养')}“已集中供养人数”（6）大于“有集中供养需求人数”（5），不可能成立，请核实后改正`],
      [3, '有集中供养需求人数', '5', 'impossible_value', `${atRow(3, '特困人员供养')}“有集中供养需求人数”（5）大于“特困人员总数”（4），不可能成立，请核实后改正`],
    ]);
    expect(res.rows.map((r) => r.values.town)).toEqual(['yinghai']);
  });

  it('rejects 其中 > 总数', () => {
    const res = parse(grid('社会工作人才', [['镇街', '社会工作专业人才数', '其中持证人数'], ['黄村', 3, 4]]));
    expect(res.rejects[0]).toMatchObject({ row: 2, rule: 'impossible_value', message: `${atRow(2, '社会工作人才')}“其中持证人数”（4）大于“社会工作专业人才数”（3），不可能成立，请核实后改正` });
  });

  it('rejects a per cent outside 0–100', () => {
    const res = parse(grid('重点任务台账', [
      ['任务编号', '任务名称', '规划章节', '牵头单位', '目标要求', '完成时限', '进展状态', '完成进度', '进展说明'],
      ['RW-1', '任务', '一', '办公室', null, null, '推进中', '120%', null],
    ]));
    expect(res.rejects[0]).toMatchObject({ row: 2, column: '完成进度', rule: 'percent_range', message: `${at(2, '完成进度', '重点任务台账')}“120%”超出 0—100 的范围：本列填 0—100 之间的百分数（如 85 或 85%），请核实后改正` });
  });

  const directoryHeader = ['镇街', '社区村名称', '类型', '状态', '撤销年份', '选举方式', '社区工作者人数', '其中本社区居住人数', '书记工作室示范点', '楼门院治理示范点数'];
  it('applies onlyWhen and notAfterYear in 社区村名录', () => {
    const res = parse(grid('社区村名录', [
      directoryHeader,
      ['黄村', '兴华社区', '社区', '存续', null, '直接选举', 10, 8, '是', 2],
      ['黄村', '甲村', '村', '撤销', 2022, null, 0, 0, '否', 0],
      ['黄村', '乙村', '村', '存续', 2022, null, 5, 5, '否', 0],
      ['黄村', '丙村', '村', '撤销', '—', null, 5, 5, '否', 0],
      ['黄村', '丁村', '村', '存续', null, '直接选举', 5, 5, '否', 0],
      ['黄村', '戊村', '村', '撤销', 2024, '/', 5, 5, '否', 0],
      ['黄村', '己社区', '社区', '存续', null, null, 5, 6, '√', 0],
    ]));
    expect(res.rejects.map((r) => [r.row, r.column, r.rule, r.message])).toEqual([
      [4, '撤销年份', 'should_be_empty', `${atRow(4, '社区村名录')}“状态”为“存续”时“撤销年份”应留空，实填“2022”（仅当“状态”为“撤销”时填写）`],
      [5, '撤销年份', 'required_value', `${atRow(5, '社区村名录')}“状态”为“撤销”时须填写“撤销年份”`],
      [6, '选举方式', 'should_be_empty', `${atRow(6, '社区村名录')}“类型”为“村”时“选举方式”应留空，实填“直接选举”（仅当“类型”为“社区”时填写）`],
      [7, '撤销年份', 'year_after_report', `${atRow(7, '社区村名录')}“撤销年份”为 2024 年，晚于填报年度 2023 年`],
      [8, '其中本社区居住人数', 'impossible_value', `${atRow(8, '社区村名录')}“其中本社区居住人数”（6）大于“社区工作者人数”（5），不可能成立，请核实后改正`],
      [8, '选举方式', 'required_value', `${atRow(8, '社区村名录')}“类型”为“社区”时须填写“选举方式”`],
    ]);
    expect(res.rows.map((r) => r.values.community_name)).toEqual(['兴华社区', '甲村']);
    expect(res.report).toMatchObject({ rowsRead: 7, rowsLoaded: 2, rowsRejected: 5 });
  });

  it('rejects a 备案年份 after the reporting year', () => {
    const res = parse(grid('慈善信托', [['信托名称', '备案年份', '财产规模（万元）', '状态'], ['甲信托', 2024, '100万元', '存续'], ['乙信托', '2021年', 5, '终止']]));
    expect(res.rejects.map((r) => [r.row, r.rule])).toEqual([[2, 'year_after_report']]);
    expect(res.rows[0]!.values).toEqual({ trust_name: '乙信托', filing_year: 2021, assets: 5, status: '终止' });
  });

  it('rejects streets in a sheet filled by 镇 only', () => {
    const res = parse(grid('公益性公墓覆盖', [['镇', '是否覆盖'], ['黄村', '是'], ['兴丰街道', '否']]));
    expect(res.rejects).toEqual([expect.objectContaining({
      row: 3, column: '镇', value: '兴丰街道', rule: 'unknown_town',
      message: `${at(3, '镇', '公益性公墓覆盖')}“兴丰街道”是街道，本表只填镇，街道不填`,
    })]);
    // the street kept with the rejected row: a 街道's row counts in no value of 镇, and so makes none incomplete (the 14th attack)
    expect(res.rejects[0]!.values?.town).toBe('xingfeng');
  });

  it('takes a population of 0 for no population, not a bound its other columns break (the 15th attack: the row rejected by its 60岁及以上)', () => {
    const res = parse(grid('人口基础数据', [
      ['镇街', '常住人口', '户籍人口', '60岁及以上常住人口', '户籍儿童人口'],
      ['黄村', 0, 0, 32907, 5000],
      ['旧宫', 100, 200, 300, 50],
    ]));
    // 旧宫's 60岁及以上 over its 常住人口 is still impossible
    expect(res.rejects.map((r) => [r.row, r.rule])).toEqual([[3, 'impossible_value']]);
    expect(res.rows.map((r) => r.values.town)).toEqual(['huangcun']);
  });

  it('rejects a fixed indicator row with the wrong unit', () => {
    const res = parse(grid('区级统计指标', [['指标名称', '数值', '单位'], ['居民人均消费支出', 45000, '元/人·月'], ['社会散居孤儿供养标准', 2300, '元/人·月']]));
    expect(res.rejects).toEqual([expect.objectContaining({
      row: 2, column: '单位', rule: 'fixed_row_unit', message: `${atRow(2, '区级统计指标')}指标“居民人均消费支出”的单位应为“元/年”，实填“元/人·月”`,
    })]);
  });
});

describe('parseSheet(grid, ctx): rows after a 合计 or note row (issue 11 case 4)', () => {
  const facility = (i: number): CellValue[] => [`设施${i}`, '黄村', '养老机构', 10, '运营'];

  it('rejects, one by one, data rows after a 合计 row in the middle of the sheet: never dropped', () => {
    const res = parse(grid('养老服务设施', [
      HEADER,
      facility(1),
      facility(2),
      ['合计', null, null, 99, null], // not the sum of the rows above: not a subtotal
      facility(3),
      facility(4),
      [],
      ['填报人：张三', null, '审核人：李四', '联系电话：123', '填报日期：2024年1月5日'],
      facility(5),
    ]));
    expect(res.rows.map((r) => r.sourceRow)).toEqual([2, 3]);
    expect(res.report).toMatchObject({ rowsRead: 5, rowsLoaded: 2, rowsRejected: 3 });
    expect(res.rejects.map((r) => [r.row, r.rule])).toEqual([[5, 'after_closing_row'], [6, 'after_closing_row'], [9, 'after_closing_row']]);
    expect(res.rejects[0]!.message).toBe(`${atRow(5, '养老服务设施')}在第 4 行的合计行“合计”之后，看起来仍是数据，未载入：数据行应都在合计行之前（如第 4 行是其上各行的小计，请删去或移到最后），改正后重新提交`);
    expect(res.rejects[0]!.value).toBe('设施3');
  });

  it('takes the breakdown of a 合计 (其中…) and signature lines after it for what they are, not data', () => {
    const res = parse(grid('特困人员供养', [
      ['镇街', '特困人员总数', '有集中供养需求人数', '已集中供养人数'],
      ['黄村', 10, 5, 3],
      ['旧宫', 20, 5, 4],
      ['合计', 30, 10, 7],
      ['其中：镇', 30, 10, 7],
      ['其中街道', 0, 0, 0],
      ['审核：李四', '制表：王五', '日期：2024年1月5日', null],
    ]));
    expect(res.rejects).toEqual([]);
    expect(res.report).toMatchObject({ rowsRead: 2, rowsLoaded: 2 });
  });

  it('rejects data rows after a note row, and after a blank row that follows the 合计', () => {
    const res = parse(grid('养老服务设施', [HEADER, facility(1), ['注：本表为年末数'], facility(2)]));
    expect(res.rejects.map((r) => [r.row, r.rule])).toEqual([[4, 'after_closing_row']]);
    expect(res.rejects[0]!.message).toContain('在第 3 行的说明行“注：本表为年末数”之后');
    const after = parse(grid('养老服务设施', [HEADER, facility(1), ['合计', null, null, 10, null], [], [], facility(2)]));
    expect(after.rejects.map((r) => r.row)).toEqual([6]);
    expect(after.report).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
  });

  it('loads the rows after 合计 rows that are demonstrably subtotals (each equals its part, the last the whole)', () => {
    const res = parse(grid('养老服务设施', [
      HEADER,
      facility(1),
      ['设施2', '黄村', '养老机构', 5, '运营'],
      ['合计（黄村镇）', null, null, 15, null],
      ['设施3', '旧宫', '养老机构', 7, '运营'],
      ['合计（旧宫镇）', null, null, 7, null],
      ['总计', null, null, 22, null],
    ]));
    expect(res.rows.map((r) => r.sourceRow)).toEqual([2, 3, 5]);
    expect(res.rejects).toEqual([]);
    expect(res.report).toMatchObject({ rowsRead: 3, rowsLoaded: 3 });
    expect(res.warnings.map((w) => [w.row, w.rule])).toEqual([[4, 'subtotal_row'], [6, 'subtotal_row']]);
    expect(res.warnings[0]!.message).toContain('小计');
  });

  it('refuses a sheet whose title rows give the unit of a number column in another magnitude (单位：元 for 万元; the fourth workbook attack)', () => {
    const trust = (title: string) => parse(grid('慈善信托', [
      ['慈善信托备案情况（2023年度）'],
      [title],
      ['信托名称', '备案年份', '财产规模', '状态'],
      ['爱老助老慈善信托', 2021, 100000, '存续'],
    ]));
    const res = trust('填报单位：慈善事业促进科    单位：元');
    expect(res.rejects.map((r) => [r.rule, r.scope, r.column])).toEqual([['unit_mismatch', 'sheet', '财产规模']]);
    expect(res.rejects[0]!.message).toContain('标题（第 2 行）写的单位是“元”，“财产规模”列规定以“万元”为单位');
    expect(res.report).toMatchObject({ rowsLoaded: 0 });
    // the contract's own unit, or a unit of no number column's magnitude, is no reason
    expect(trust('填报单位：慈善事业促进科  单位：万元').rejects).toEqual([]);
    expect(trust('单位：个').rejects).toEqual([]);
  });

  it('takes a repeat of the header within the data (a table printed over pages) for a header: said once, not read, the rows after it read', () => {
    const res = parse(grid('养老服务设施', [
      ['大兴区养老服务设施统计表（2023年度）'],
      HEADER,
      facility(1),
      [...HEADER],
      facility(2),
      [' 设施名称 ', '所在镇街', '设施类型', '床位数', '运营状态', '备注'], // the same names as the contract compares them
      facility(3),
    ]));
    expect(res.rejects).toEqual([]);
    expect(res.rows.map((r) => r.sourceRow)).toEqual([3, 5, 7]);
    expect(res.report).toMatchObject({ rowsRead: 3, rowsLoaded: 3, rowsRejected: 0 });
    expect(res.warnings.map((w) => [w.row, w.rule])).toEqual([[4, 'repeated_header'], [6, 'repeated_header']]);
    expect(res.warnings[0]!.message).toBe(`${atRow(4, '养老服务设施')}与第 2 行的表头相同，按重复的表头处理（如分页打印时每页重复的表头），不作为数据读取，其后的行照常读取`);
  });

  it('still rejects a row that repeats only part of the header', () => {
    const res = parse(grid('养老服务设施', [HEADER, facility(1), ['设施名称', '所在镇街', '设施类型', '床位数（张）', '运营'], facility(2)]));
    expect(res.warnings.filter((w) => w.rule === 'repeated_header')).toEqual([]);
    expect(res.rejects.map((r) => r.row)).toContain(3);
    expect(res.report).toMatchObject({ rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
  });

  it('does not take a 合计 for a subtotal without a final total of the whole: the rows after it are rejected', () => {
    const res = parse(grid('养老服务设施', [
      HEADER,
      facility(1),
      ['合计', null, null, 10, null], // equals its part, but nothing confirms the structure
      facility(2),
      facility(3),
    ]));
    expect(res.rows.map((r) => r.sourceRow)).toEqual([2]);
    expect(res.rejects.map((r) => r.row)).toEqual([4, 5]);
  });

  it('in a real workbook: 58 facilities after a 合计 row are rejected by row, not lost', async () => {
    const { writeCraftedXlsx, row } = await import('../support/crafted-xlsx.ts');
    const { readWorkbook } = await import('../../pipeline/ingest/xlsx/workbook.ts');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'planeval-total-')), 't.xlsx');
    writeCraftedXlsx(file, [{
      name: '养老服务设施',
      data: (function* () {
        yield row(1, HEADER);
        for (let r = 2; r <= 4; r++) yield row(r, [`设施${r}`, '黄村', '养老机构', 10, '运营']);
        yield row(5, ['合计', null, null, 30, null]);
        for (let r = 6; r <= 63; r++) yield row(r, [`设施${r}`, '旧宫', '养老服务驿站', 2, '运营']);
      })(),
    }]);
    const { sheets } = parseWorkbook(await readWorkbook(file), { year: 2023, geography: geo, file: FILE });
    const s = sheets[0]!;
    expect(s.report).toMatchObject({ rowsRead: 61, rowsLoaded: 3, rowsRejected: 58 });
    expect(new Set(s.rejects.map((r) => r.row)).size).toBe(58);
  });
});

describe('parseSheet(grid, ctx): a vertical merge over a number column (issue 11 case 8)', () => {
  it('warns, naming the range, that the merged-over rows are read as missing', () => {
    const res = parse(grid('养老服务设施', [
      HEADER,
      ['A院', '黄村', '养老机构', 30, '运营'],
      ['B院', '黄村', '养老机构', null, '运营'],
      ['C院', '黄村', '养老机构', null, '运营'],
      ['D院', '旧宫', '养老机构', 5, '运营'],
    ], { merges: [{ r1: 1, c1: 3, r2: 3, c2: 3 }, { r1: 1, c1: 1, r2: 3, c2: 1 }] }));
    expect(res.rows.map((r) => r.values.beds)).toEqual([30, null, null, 5]);
    expect(res.warnings).toEqual([{
      file: FILE, sheet: '养老服务设施', row: 2, column: '床位数', value: 'D2:D4', rule: 'merged_number',
      message: `${at(2, '床位数')}合并单元格 D2:D4 跨越第 2—4 行：数值 30 只计入第 2 行，第 3—4 行按缺失处理（不计为 0）。如各行各有数值，请取消合并后分别填写`,
    }]);
  });

  it('reads a number the file holds under a merge’s first row as missing, as Excel shows it and the warning says', () => {
    const res = parse(grid('养老服务设施', [
      HEADER,
      ['A院', '黄村', '养老机构', 30, '运营'],
      ['B院', '黄村', '养老机构', 999, '运营'],
      ['C院', '黄村', '养老机构', 7, '运营'],
    ], { merges: [{ r1: 1, c1: 3, r2: 2, c2: 3 }] }));
    expect(res.rows.map((r) => r.values.beds)).toEqual([30, null, 7]);
    expect(res.warnings.map((w) => w.message)).toEqual([expect.stringContaining('第 3 行按缺失处理（不计为 0）')]);
  });

  it('reads a number column right of a merge’s first column as missing, also in the merge’s first row: Excel shows the first cell there (the fifth workbook attack)', () => {
    const res = parse(grid('居家养老', [
      ['镇街', '家庭照护床位数（张）', '养老护理员人数（人）'],
      ['兴丰', 190, 124],
      ['清源', 50, 60],
    ], { merges: [{ r1: 1, c1: 1, r2: 1, c2: 2 }] }));
    expect(res.rows.map((r) => [r.values.family_care_beds, r.values.care_workers])).toEqual([[190, null], [50, 60]]);
    expect(res.warnings).toEqual([{
      file: FILE, sheet: '居家养老', row: 2, column: '养老护理员人数', value: 'B2:C2', rule: 'merged_number',
      message: `${at(2, '养老护理员人数', '居家养老')}合并单元格 B2:C2 从 B 列跨到 C 列，本列（C 列）不是它的第一列：Excel 只显示 B2 的内容，本列第 2 行按缺失处理（不计为 0）；单元格 C2 中另存有“124”，Excel 不显示，未读取。如各列各有数值，请取消合并后分别填写`,
    }]);
    // a block over a text and a number column: Excel shows the text over the number's cells, first row too
    const block = parse(grid('养老服务设施', [
      HEADER,
      ['A院', '黄村', '养老机构', 30, '运营'],
      ['B院', '黄村', '养老机构', 999, '运营'],
      ['C院', '黄村', '养老机构', 7, '运营'],
    ], { merges: [{ r1: 1, c1: 2, r2: 2, c2: 3 }] }));
    expect(block.rows.map((r) => r.values.beds)).toEqual([null, null, 7]);
    expect(block.warnings.map((w) => w.message)).toEqual([expect.stringContaining('Excel 只显示 C2 的内容，本列第 2—3 行按缺失处理（不计为 0）；单元格 D2 中另存有“30”')]);
  });

  it('says nothing of a merged 镇街 (it applies to every row) or of a merge outside the data', () => {
    const res = parse(grid('养老服务设施', [
      HEADER,
      ['A院', '黄村', '养老机构', 30, '运营'],
      ['B院', null, '养老机构', 2, '运营'],
      ['合计', null, null, 32, null],
      ['注：', null, null, null, null],
    ], { merges: [{ r1: 1, c1: 1, r2: 2, c2: 1 }, { r1: 3, c1: 3, r2: 4, c2: 4 }] }));
    expect(res.rows.map((r) => r.values.town)).toEqual(['huangcun', 'huangcun']);
    expect(res.warnings).toEqual([]);
  });
});

describe('parseSheet(grid, ctx): rows above the header and the unit row under it (the twelfth workbook attack)', () => {
  it('rejects a row of data above the header, one by one, never dropping it (a row added over the header)', () => {
    const res = parse(grid('养老服务设施', [
      [TITLE],
      [FILL_IN],
      ['新增A院', '黄村', '养老机构', 35, '运营'],
      HEADER,
      ['B院', '黄村', '养老机构', 2, '运营'],
    ]));
    expect(res.report).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    expect(res.rows.map((r) => r.values.facility_name)).toEqual(['B院']);
    expect(res.rejects).toEqual([expect.objectContaining({
      row: 3, rule: 'above_header', value: '新增A院', scope: 'row',
      message: `${atRow(3, '养老服务设施')}在表头（第 4 行）之上，看起来是数据，未载入：数据行应都在表头之下（如排序时选中了表头，表头会移到数据中间）。请把本行移到表头之下、改正后重新提交`,
    })]);
    // its town only: the figures it could change are 黄村's
    expect(res.rejects[0]!.values).toMatchObject({ town: 'huangcun', beds: 35 });
  });

  it('rejects the rows a sort put above the header, and keeps titles, fill-in lines, unit rows and column numbers as they were', () => {
    const sorted = parse(grid('居家养老', [
      ['大兴区居家养老服务情况（2023年度）'],
      ['黄村', 10, 20],
      ['兴丰', 11, 21],
      ['镇街', '家庭照护床位数', '养老护理员人数'],
      ['（单位）', '（张）', '（人）'],
      ['林校路', 12, 22],
    ]));
    expect(sorted.rejects.map((r) => [r.row, r.rule])).toEqual([[2, 'above_header'], [3, 'above_header']]);
    expect(sorted.rows.map((r) => r.values.town)).toEqual(['linxiaolu']);
    const fine = parse(grid('居家养老', [
      ['大兴区居家养老服务情况（2023年度）'],
      ['填报单位：养老服务科', null, '填报日期：2024年1月5日'],
      ['甲', 1, 2],
      ['（个）', '（张）', '（人）'],
      ['镇街', '家庭照护床位数', '养老护理员人数'],
      ['黄村', 12, 22],
    ]));
    expect(fine.rejects).toEqual([]);
  });

  it('refuses a sheet whose unit row under the header gives another unit than the contract’s (（元） for 万元)', () => {
    const trusts = (unit: string) => parse(grid('慈善信托', [['信托名称', '备案年份', '财产规模', '状态'], [null, null, unit, null], ['A信托', 2023, 380000, '存续']]));
    const res = trusts('（元）');
    expect(res.rejects).toEqual([expect.objectContaining({
      rule: 'unit_mismatch', scope: 'sheet', column: '财产规模', value: '（元）',
      message: `${at(2, '财产规模', '慈善信托')}表头下的单位行写的单位是“元”，本列规定以“万元”为单位：数值的单位不同，照原样读取会差若干倍，整表不予载入。请换算为规定的单位、改正单位行后重新提交`,
    })]);
    expect(res.rows).toEqual([]);
    expect(trusts('(人民币元)').rejects.map((r) => r.rule)).toEqual(['unit_mismatch']);
    expect(trusts('（万元）').rejects).toEqual([]);
  });
});

describe('parseSheet(grid, ctx): a title naming another contract sheet (the twelfth workbook attack)', () => {
  const stations = (title: string, name = '志愿服务站点') => parse(grid(name, [
    [title],
    ['站点名称', '镇街', '社区村名称'],
    ['兴丰慈善服务站', '兴丰', '兴丰街道社区1'],
  ]), 2023, name);

  it('refuses a tab named 志愿服务站点 whose title says 慈善服务站点: which table it is cannot be told', () => {
    const res = stations('大兴区慈善服务站点统计表（2023年度）');
    expect(res.rows).toEqual([]);
    expect(res.rejects).toEqual([expect.objectContaining({
      rule: 'sheet_name', scope: 'sheet', value: '大兴区慈善服务站点统计表（2023年度）',
      message: `文件“${FILE}”工作表“志愿服务站点”：标题“大兴区慈善服务站点统计表（2023年度）”（第 1 行）写的是“慈善服务站点”，而工作表名称是规定的“志愿服务站点”：是哪一张表无法确定，整表不予载入。如是慈善服务站点，请把工作表改名为“慈善服务站点”；如是志愿服务站点，请改正标题后重新提交`,
    })]);
  });

  it('reads a tab whose title names its own table, names none, or names another only in a note', () => {
    for (const title of ['大兴区志愿服务站点统计表（2023年度）', '2023年度统计表', '注：慈善服务站点另表填报', '志愿服务站点及慈善服务站点情况表']) {
      expect(stations(title).rejects, title).toEqual([]);
    }
    // 志愿服务 is in 志愿服务站点: a 志愿服务 tab titled 志愿服务站点 names the stations, not itself
    const volunteers = parse(grid('志愿服务', [['大兴区志愿服务站点统计表'], ['镇街', '实名注册志愿者人数'], ['黄村', 100]]));
    expect(volunteers.rejects.map((r) => r.rule)).toEqual(['sheet_name']);
    expect(parse(grid('志愿服务', [['大兴区志愿服务情况统计表'], ['镇街', '实名注册志愿者人数'], ['黄村', 100]])).rejects).toEqual([]);
  });
});

describe('parseSheet(grid, ctx): the header again with its columns in another order (the twelfth workbook attack)', () => {
  it('rejects the rows under it one by one, never reading them in the first header\'s order', () => {
    const res = parse(grid('居家养老', [
      ['镇街', '家庭照护床位数（张）', '养老护理员人数（人）'],
      ['黄村', 10, 20],
      ['镇街', '养老护理员人数（人）', '家庭照护床位数（张）'],
      ['兴丰', 21, 11],
      ['合计', 31, 31],
      ['清源', 22, 12],
    ]));
    expect(res.rows.map((r) => r.values.town)).toEqual(['huangcun']);
    expect(res.report).toMatchObject({ rowsRead: 3, rowsLoaded: 1, rowsRejected: 2 });
    expect(res.rejects.map((r) => [r.row, r.rule])).toEqual([[4, 'after_reordered_header'], [6, 'after_reordered_header']]);
    expect(res.rejects[0]!.message).toBe(`${atRow(4, '居家养老')}在第 3 行的另一行表头之后，那一行的列名与第 1 行的表头相同而顺序不同，本行按哪一种顺序填写无法确定，未载入：请把其下各行按第 1 行表头的列顺序排列、删去第 3 行后重新提交`);
    // the header repeated as it is (a table printed over pages) is still said and read past
    const again = parse(grid('居家养老', [['镇街', '家庭照护床位数（张）', '养老护理员人数（人）'], ['黄村', 10, 20], ['镇街', '家庭照护床位数（张）', '养老护理员人数（人）'], ['兴丰', 11, 21]]));
    expect(again.rows.map((r) => r.values.town)).toEqual(['huangcun', 'xingfeng']);
  });
});
