import { describe, expect, it } from 'vitest';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import type { CellValue } from '../../pipeline/basics/grid.ts';
import { parseSheet, recognizeSheet, type ParsedSheet } from '../../pipeline/ingest/parse-sheet.ts';
import { carriedRows, compareYears, validateYear, type EarlierRows, type PackedSheet, type YearData } from '../../pipeline/ingest/validate-year.ts';
import { packRows, RowBatch } from '../../pipeline/ingest/row-batch.ts';

const geo = loadGeography();
const plan = resolvePlan();

function sheet(file: string, name: string, rows: CellValue[][], year = 2023): ParsedSheet {
  return parseSheet({ name, rows, merges: [], uncachedFormulas: [] }, { file, year, sheet: recognizeSheet(name)!, geography: geo });
}

/** The sheet as a reading worker sends it: its rows packed, each key with its hash. */
function packed(s: ParsedSheet): PackedSheet {
  const first = s.rows[0]!;
  return { ...s, rows: new RowBatch(s.sheet, packRows(s.sheet, { year: first.year, sourceFile: first.sourceFile, sourceSheet: first.sourceSheet }, s.rows)) };
}

function validate(year: number, sheets: (ParsedSheet | PackedSheet)[]): YearData {
  const data = validateYear(year, sheets, geo, plan);
  for (const r of data.reports) expect(r.rowsRead).toBe(r.rowsLoaded + r.rowsRejected);
  const loaded = [...data.rows.values()].reduce((n, rows) => n + rows.length, 0);
  expect(loaded).toBe(data.reports.reduce((n, r) => n + r.rowsLoaded, 0));
  const rejectedRows = new Set(data.rejects.filter((r) => r.scope === 'row').map((r) => `${r.file}|${r.sheet}|${r.row}`));
  expect(rejectedRows.size).toBe(data.reports.filter((r) => r.status === 'loaded').reduce((n, r) => n + r.rowsRejected, 0));
  return data;
}

const FACILITY_HEADER = ['设施名称', '所在镇街', '设施类型', '床位数（张）', '运营状态'];
const DIRECTORY_HEADER = ['镇街', '社区村名称', '类型', '状态', '撤销年份', '选举方式', '社区工作者人数', '其中本社区居住人数', '书记工作室示范点', '楼门院治理示范点数'];
const directory = (file = '2023/基层科.xlsx', year = 2023) =>
  sheet(file, '社区村名录', [
    DIRECTORY_HEADER,
    ['黄村', '兴华社区', '社区', '存续', null, '直接选举', 10, 8, '是', 2],
    ['旧宫', '旧宫东社区', '社区', '存续', null, '直接选举', 10, 8, '是', 2],
    ['旧宫', '甲村', '村', '撤销', 2022, null, 0, 0, '否', 0],
  ], year);

describe('validateYear(year, sheets, geography): duplicate keys', () => {
  it('takes a name written with a radical character (⼤, from a PDF) for the same name, and says which character it is (the twelfth workbook attack: 40 beds counted twice)', () => {
    const a = sheet('2023/养老服务科.xlsx', '养老服务设施', [
      FACILITY_HEADER,
      ['大兴区兴丰颐养院', '兴丰街道', '养老机构', 120, '运营'],
      ['⼤兴区兴丰颐养院', '兴丰街道', '养老机构', 120, '运营'],
    ]);
    const data = validate(2023, [a]);
    expect(data.rows.get('养老服务设施') ?? []).toEqual([]);
    expect(data.rejects.map((r) => [r.row, r.rule])).toEqual([[2, 'duplicate_key'], [3, 'duplicate_key']]);
    expect(data.rejects[1]!.message).toContain('“设施名称”为“⼤兴区兴丰颐养院”（其中“⼤”是部首字符，看起来与汉字“大”相同，多见于从 PDF 等处复制的文字，请改为汉字）、“所在镇街”为“兴丰街道”的行在 2023 年重复填报');
    expect(data.rejects[0]!.message).not.toContain('部首');
  });

  it('rejects every copy of a key repeated across files, naming the other copies, and moves them in the load report', () => {
    const a = sheet('2023/养老服务科.xlsx', '养老服务设施', [
      FACILITY_HEADER,
      ['兴丰颐养院', '兴丰街道', '养老机构', 120, '运营'],
      ['黄村驿站', '黄村镇', '养老服务驿站', 0, '运营'],
    ]);
    const b = sheet('2023/老龄办.xlsx', '养老服务设施(2023)', [
      FACILITY_HEADER,
      ['兴丰 颐养院', '兴丰', '养老机构', 100, '运营'],
      ['黄村驿站', '旧宫', '养老服务驿站', 0, '运营'],
    ]);
    const data = validate(2023, [a, b]);
    expect(data.rows.get('养老服务设施')!.map((r) => [r.sourceFile, r.values.facility_name])).toEqual([
      ['2023/养老服务科.xlsx', '黄村驿站'],
      ['2023/老龄办.xlsx', '黄村驿站'],
    ]);
    expect(data.rejects).toEqual([
      {
        file: '2023/养老服务科.xlsx', sheet: '养老服务设施', row: 2, column: '设施名称、所在镇街', value: '兴丰颐养院、兴丰街道',
        rule: 'duplicate_key', scope: 'row',
        message: '文件“2023/养老服务科.xlsx”工作表“养老服务设施”第 2 行：“设施名称”为“兴丰颐养院”、“所在镇街”为“兴丰街道”的行在 2023 年重复填报（共 2 处），另见文件“2023/老龄办.xlsx”工作表“养老服务设施(2023)”第 2 行；各处均不予载入，请核实保留哪一行',
        values: { facility_name: '兴丰颐养院', town: 'xingfeng', facility_type: '养老机构', beds: 120, operating_status: '运营' },
      },
      {
        file: '2023/老龄办.xlsx', sheet: '养老服务设施(2023)', row: 2, column: '设施名称、所在镇街', value: '兴丰 颐养院、兴丰街道',
        rule: 'duplicate_key', scope: 'row',
        message: '文件“2023/老龄办.xlsx”工作表“养老服务设施(2023)”第 2 行：“设施名称”为“兴丰 颐养院”、“所在镇街”为“兴丰街道”的行在 2023 年重复填报（共 2 处），另见文件“2023/养老服务科.xlsx”工作表“养老服务设施”第 2 行；各处均不予载入，请核实保留哪一行',
        values: { facility_name: '兴丰 颐养院', town: 'xingfeng', facility_type: '养老机构', beds: 100, operating_status: '运营' },
      },
    ]);
    expect(data.reports.map((r) => [r.file, r.rowsRead, r.rowsLoaded, r.rowsRejected])).toEqual([
      ['2023/养老服务科.xlsx', 2, 1, 1],
      ['2023/老龄办.xlsx', 2, 1, 1],
    ]);
    // The parsed sheets themselves are untouched.
    expect(a.report.rowsLoaded).toBe(2);
  });

  it('takes names differing only in letter case or quotation-mark style for one key (the fourth workbook attack)', () => {
    const s = sheet('2023/养老服务科.xlsx', '养老服务设施', [
      FACILITY_HEADER,
      ['大兴区SOS社会福利中心', '黄村', '养老机构', 352, '运营'],
      ['大兴区sos社会福利中心', '黄村', '养老机构', 352, '运营'],
      ['“康乐”养老院', '旧宫', '养老机构', 50, '运营'],
      ['"康乐"养老院', '旧宫', '养老机构', 50, '运营'],
      ['康乐养老院', '旧宫', '养老机构', 50, '运营'],
    ]);
    const data = validate(2023, [s]);
    expect(data.rejects.map((r) => [r.row, r.rule])).toEqual([[2, 'duplicate_key'], [3, 'duplicate_key'], [4, 'duplicate_key'], [5, 'duplicate_key']]);
    expect(data.rows.get('养老服务设施')!.map((r) => r.values.facility_name)).toEqual(['康乐养老院']);
  });

  it('takes names differing only by the district\'s name before them for one place, packed or not (the eleventh attack: both counted)', () => {
    for (const wrap of [(x: ParsedSheet) => x, packed]) {
      const s = sheet('2023/养老服务科.xlsx', '养老服务设施', [
        FACILITY_HEADER,
        ['大兴区第一社会福利中心', '黄村', '养老机构', 352, '运营'],
        ['北京市大兴区第一社会福利中心', '黄村', '养老机构', 352, '运营'],
        ['第一社会福利中心', '旧宫', '养老机构', 20, '运营'],
        ['康乐养老院', '旧宫', '养老机构', 50, '运营'],
      ]);
      const data = validate(2023, [wrap(s)]);
      expect(data.rejects.map((r) => [r.row, r.rule])).toEqual([[2, 'duplicate_key'], [3, 'duplicate_key']]);
      expect(data.rejects[0]!.message).toBe('文件“2023/养老服务科.xlsx”工作表“养老服务设施”第 2 行：“设施名称”为“大兴区第一社会福利中心”、“所在镇街”为“黄村镇”的行与第 3 行（北京市大兴区第一社会福利中心、黄村镇）只差名称前的“大兴区”等地名，像是同一处在 2023 年填报了两次；各处均不予载入，请核实保留哪一行');
      // the same name in another town is another place
      expect(data.rows.get('养老服务设施')!.map((r) => r.values.facility_name)).toEqual(['第一社会福利中心', '康乐养老院']);
    }
  });

  it('finds duplicates within one sheet, and keeps earlier parse rejects', () => {
    const s = sheet('2023/救助科.xlsx', '特困人员供养', [
      ['镇街', '特困人员总数', '有集中供养需求人数', '已集中供养人数'],
      ['黄村', 10, 5, 3],
      ['黄村地区', 10, 5, 3],
      ['黄村镇', 10, 5, 3],
      ['旧宫', '十', 5, 3],
    ]);
    const data = validate(2023, [s]);
    expect(data.rejects.map((r) => [r.row, r.rule])).toEqual([[5, 'not_a_number'], [2, 'duplicate_key'], [3, 'duplicate_key'], [4, 'duplicate_key']]);
    expect(data.rejects[1]!.message).toContain('另见第 3 行、第 4 行；'); // copies in the same sheet: by row only
    expect(data.reports[0]).toMatchObject({ rowsRead: 4, rowsLoaded: 0, rowsRejected: 4 });
  });
});

describe('validateYear(year, sheets, geography): a duplicate whose other copy is rejected for a fault of its own', () => {
  it('rejects the copy that loaded too, and says of the rejected one that it is a duplicate (contract §4: every copy)', () => {
    const a = sheet('2023/养老服务科.xlsx', '养老服务设施', [FACILITY_HEADER, ['第一福利中心', '黄村镇', '养老机构', 352, '运营'], ['黄村驿站', '黄村镇', '养老服务驿站', 0, '运营']]);
    const b = sheet('2023/驿站.xlsx', '养老服务设施', [FACILITY_HEADER, ['第一福利中心', '黄村', '养老机构', '三百五十二', '运营']]);
    const data = validate(2023, [a, b]);
    expect(data.rows.get('养老服务设施')!.map((r) => r.values.facility_name)).toEqual(['黄村驿站']);
    expect(data.rejects.map((r) => [r.file, r.row, r.rule])).toEqual([
      ['2023/驿站.xlsx', 2, 'not_a_number'],
      ['2023/驿站.xlsx', 2, 'duplicate_key'],
      ['2023/养老服务科.xlsx', 2, 'duplicate_key'],
    ]);
    expect(data.rejects[2]!.message).toBe('文件“2023/养老服务科.xlsx”工作表“养老服务设施”第 2 行：“设施名称”为“第一福利中心”、“所在镇街”为“黄村镇”的行在 2023 年重复填报（共 2 处），另见文件“2023/驿站.xlsx”工作表“养老服务设施”第 2 行（该处另有错误，未载入）；各处均不予载入，请核实保留哪一行');
    expect(data.rejects[1]!.message).toBe('文件“2023/驿站.xlsx”工作表“养老服务设施”第 2 行：“设施名称”为“第一福利中心”、“所在镇街”为“黄村镇”的行在 2023 年重复填报（共 2 处），另见文件“2023/养老服务科.xlsx”工作表“养老服务设施”第 2 行；各处均不予载入，请核实保留哪一行');
    // each row once in the counts: the rejected one was counted already
    expect(data.reports.map((r) => [r.file, r.rowsRead, r.rowsLoaded, r.rowsRejected])).toEqual([['2023/养老服务科.xlsx', 2, 1, 1], ['2023/驿站.xlsx', 1, 0, 1]]);
  });
});

describe('validateYear and compareYears on packed rows (a key found by its hash, then compared as text)', () => {
  it('finds the copies of a key, a copy rejected when read among them, and last year\'s row of a key, as on rows given as objects', () => {
    const a = () => sheet('2023/养老服务科.xlsx', '养老服务设施', [FACILITY_HEADER, ['第一福利中心', '黄村镇', '养老机构', 352, '运营'], ['黄村驿站', '黄村镇', '养老服务驿站', 0, '运营'], ['兴丰颐养院', '兴丰街道', '养老机构', 10, '运营'], ['兴丰颐养院', '兴丰', '养老机构', 12, '运营']]);
    const b = () => sheet('2023/驿站.xlsx', '养老服务设施', [FACILITY_HEADER, ['第一福利中心', '黄村', '养老机构', '三百五十二', '运营'], ['黄村驿站', '黄村', '养老服务驿站', 5, '运营'], ['旧宫驿站', '旧宫', '养老服务驿站', 20, '运营']]);
    const prev = () => sheet('2022/养老服务科.xlsx', '养老服务设施', [FACILITY_HEADER, ['旧宫驿站', '旧宫镇', '养老服务驿站', 1, '运营'], ['第一福利中心', '黄村', '养老机构', 100, '运营']], 2022);
    const asObjects = validate(2023, [a(), b()]);
    const asPacked = validate(2023, [packed(a()), packed(b())]);
    expect(asObjects.rejects.map((r) => [r.file, r.row, r.rule]).sort()).toEqual([
      ['2023/驿站.xlsx', 2, 'not_a_number'],
      ['2023/驿站.xlsx', 2, 'duplicate_key'],
      ['2023/养老服务科.xlsx', 2, 'duplicate_key'],
      ['2023/养老服务科.xlsx', 3, 'duplicate_key'],
      ['2023/养老服务科.xlsx', 4, 'duplicate_key'],
      ['2023/养老服务科.xlsx', 5, 'duplicate_key'],
      ['2023/驿站.xlsx', 3, 'duplicate_key'],
    ].sort());
    expect(asPacked.rejects.map((r) => [r.file, r.row, r.rule, r.message]).sort()).toEqual(asObjects.rejects.map((r) => [r.file, r.row, r.rule, r.message]).sort());
    const before = (rows: ParsedSheet | PackedSheet) => validate(2022, [rows]);
    const warned = compareYears(before(prev()), asObjects, { geography: geo });
    expect(warned.map((w) => [w.file, w.row, w.rule])).toEqual([['2023/驿站.xlsx', 4, 'large_change']]);
    expect(compareYears(before(packed(prev())), asPacked, { geography: geo })).toEqual(warned);
  });
});

describe('validateYear(year, sheets, geography): communities', () => {
  const stations = (rows: CellValue[][]) => sheet('2023/社工科.xlsx', '志愿服务站点', [['站点名称', '镇街', '社区村名称'], ...rows]);

  it('accepts a community of that year’s 社区村名录 within the row’s town, in the directory’s spelling', () => {
    const data = validate(2023, [directory(), stations([['甲站', '黄村', ' 兴华 社区 ']])]);
    expect(data.rejects).toEqual([]);
    expect(data.rows.get('志愿服务站点')![0]!.values).toEqual({ station_name: '甲站', town: 'huangcun', community_name: '兴华社区' });
  });

  it('warns of a station at a community the roster gives as revoked before the year, and loads it (the eleventh attack: three stations at a village revoked in 2022, no word)', () => {
    const data = validate(2023, [directory(), stations([['甲站', '旧宫', '甲村'], ['乙站', '黄村', '兴华社区']])]);
    expect(data.rejects).toEqual([]);
    expect(data.rows.get('志愿服务站点')!.length).toBe(2);
    expect(data.warnings.filter((w) => w.rule === 'revoked_community').map((w) => [w.row, w.message])).toEqual([[2,
      '文件“2023/社工科.xlsx”工作表“志愿服务站点”第 2 行“社区村名称”列：“甲村”在 2023 年社区村名录中为撤销（2022 年撤销），本行照常载入，但不计入按存续社区（村）计算的指标；如该站点已随社区（村）撤销，请删除本行；如名录有误，请基层政权和社区建设科核对']]);
  });

  it('says of a community whose directory row was rejected that it is that row, not that the community is unknown', () => {
    const dir = sheet('2023/基层科.xlsx', '社区村名录', [
      DIRECTORY_HEADER,
      ['黄村', '兴华社区', '社区', '存续', null, '直接选举', 10, 8, '是', 2],
      ['黄村', '清源社区', '社区', '存续', null, '直接选举', 5, 8, '是', 2],
    ]);
    expect(dir.rejects.map((r) => [r.row, r.rule])).toEqual([[3, 'impossible_value']]);
    const data = validate(2023, [dir, stations([['甲站', '黄村', '清源 社区']])]);
    const station = data.rejects.find((r) => r.sheet === '志愿服务站点')!;
    expect(station).toMatchObject({ rule: 'unknown_community', row: 2 });
    expect(station.message).toBe('文件“2023/社工科.xlsx”工作表“志愿服务站点”第 2 行“社区村名称”列：“清源 社区”在 2023 年社区村名录中的行（文件“2023/基层科.xlsx”工作表“社区村名录”第 3 行）未通过校验，本行无法核对、不予载入；请先改正名录中的该行');
  });

  it('rejects the stations of a community listed twice, whose every copy is rejected (the build stopped on a station left loaded: the workbook review)', () => {
    const dir = sheet('2023/基层科.xlsx', '社区村名录', [
      DIRECTORY_HEADER,
      ['黄村', '兴华社区', '社区', '存续', null, '直接选举', 10, 8, '是', 2],
      ['黄村', '清源社区', '社区', '存续', null, '直接选举', 10, 8, '是', 2],
      ['黄村', '清源\u00a0社区', '社区', '存续', null, '直接选举', 10, 8, '是', 2],
    ]);
    const data = validate(2023, [dir, stations([['甲站', '黄村', '清源社区'], ['乙站', '黄村', '兴华社区']])]);
    expect(data.rejects.map((r) => [r.sheet, r.row, r.rule])).toEqual([
      ['社区村名录', 3, 'duplicate_key'],
      ['社区村名录', 4, 'duplicate_key'],
      ['志愿服务站点', 2, 'unknown_community'],
    ]);
    expect(data.rejects[2]!.message).toBe('文件“2023/社工科.xlsx”工作表“志愿服务站点”第 2 行“社区村名称”列：“清源社区”在 2023 年社区村名录中的行（文件“2023/基层科.xlsx”工作表“社区村名录”第 3 行）未通过校验，本行无法核对、不予载入；请先改正名录中的该行');
    expect(data.rows.get('志愿服务站点')!.map((r) => r.values.station_name)).toEqual(['乙站']);
  });

  it('says of a community not in the directory that a directory sheet of the year was rejected whole and may hold it', () => {
    const bad = sheet('2023/基层_兴丰.xlsx', '社区村名录', [
      DIRECTORY_HEADER.map((h) => (h === '选举方式' ? '选举方法' : h)),
      ['兴丰', '车站社区', '社区', '存续', null, '直接选举', 10, 8, '是', 2],
    ]);
    expect(bad.rejects.map((r) => r.scope)).toEqual(['sheet']);
    const data = validate(2023, [directory(), bad, stations([['甲站', '兴丰', '车站社区']])]);
    expect(data.rejects.find((r) => r.sheet === '志愿服务站点')!.message).toBe('文件“2023/社工科.xlsx”工作表“志愿服务站点”第 2 行“社区村名称”列：“车站社区”不在 2023 年社区村名录的兴丰街道中；本年另有社区村名录工作表整表未载入（文件“2023/基层_兴丰.xlsx”工作表“社区村名录”），该社区（村）可能在其中，请先改正该表');
  });

  it('rejects a community that is not in the directory, or not in the row’s town', () => {
    const data = validate(2023, [directory(), stations([['甲站', '黄村', '旧宫东社区'], ['乙站', '黄村', '不存在社区']])]);
    expect(data.rejects).toEqual([
      {
        file: '2023/社工科.xlsx', sheet: '志愿服务站点', row: 2, column: '社区村名称', value: '旧宫东社区', rule: 'unknown_community', scope: 'row',
        message: '文件“2023/社工科.xlsx”工作表“志愿服务站点”第 2 行“社区村名称”列：“旧宫东社区”不在 2023 年社区村名录的黄村镇中（名录中该名称属于旧宫镇）。请核对所在镇街和名称是否与名录一致；名称无误的，请基层政权和社区建设科在名录中补上该社区（村）',
        values: { station_name: '甲站', town: 'huangcun', community_name: '旧宫东社区' },
      },
      expect.objectContaining({
        row: 3, rule: 'unknown_community',
        message: '文件“2023/社工科.xlsx”工作表“志愿服务站点”第 3 行“社区村名称”列：“不存在社区”不在 2023 年社区村名录的黄村镇中。请核对名称是否与名录一致；名称无误的，请基层政权和社区建设科在名录中补上该社区（村）',
      }),
    ]);
    expect(data.reports.find((r) => r.sheetKind === '志愿服务站点')).toMatchObject({ rowsRead: 2, rowsLoaded: 0, rowsRejected: 2 });
  });

  it('suggests the town’s community one character away, and none where the name could be two (the eighth workbook attack: 清城家园小区 for 清城家园社区)', () => {
    const data = validate(2023, [directory(), stations([['甲站', '黄村', '兴华小区'], ['乙站', '黄村', '兴盛小区']])]);
    expect(data.rejects.map((r) => r.message)).toEqual([
      '文件“2023/社工科.xlsx”工作表“志愿服务站点”第 2 行“社区村名称”列：“兴华小区”不在 2023 年社区村名录的黄村镇中，是否应为“兴华社区”？',
      '文件“2023/社工科.xlsx”工作表“志愿服务站点”第 3 行“社区村名称”列：“兴盛小区”不在 2023 年社区村名录的黄村镇中。请核对名称是否与名录一致；名称无误的，请基层政权和社区建设科在名录中补上该社区（村）',
    ]);
    // two as near: no guess
    const two = sheet('2023/基层科.xlsx', '社区村名录', [DIRECTORY_HEADER, ['黄村', '兴华社区', '社区', '存续', null, '直接选举', 10, 8, '是', 2], ['黄村', '兴华北区', '社区', '存续', null, '直接选举', 10, 8, '是', 2]]);
    expect(validate(2023, [two, stations([['甲站', '黄村', '兴华小区']])]).rejects[0]!.message).not.toContain('是否应为');
  });

  it('rejects community rows with a clear message when the year has no usable 社区村名录', () => {
    const rejectedDirectory = sheet('2023/基层科.xlsx', '社区村名录', [['大兴区社区村名录（2022年度）'], DIRECTORY_HEADER, ['黄村', '兴华社区', '社区', '存续', null, '直接选举', 1, 1, '是', 0]]);
    for (const sheets of [[stations([['甲站', '黄村', '兴华社区']])], [rejectedDirectory, stations([['甲站', '黄村', '兴华社区']])]]) {
      const data = validate(2023, sheets);
      expect(data.rows.get('志愿服务站点')).toEqual([]);
      expect(data.rejects.filter((r) => r.rule === 'unknown_community')).toEqual([expect.objectContaining({
        row: 2,
        message: '文件“2023/社工科.xlsx”工作表“志愿服务站点”第 2 行“社区村名称”列：2023 年没有可用的社区村名录（未提交，或整表被拒绝），无法核对“兴华社区”；请先提交当年的社区村名录',
      })]);
    }
  });

  it('does not check an empty, nullable community column (社会心理服务站点 above 社区村级)', () => {
    const psych = sheet('2023/社工科.xlsx', '社会心理服务站点', [
      ['名称', '级别', '镇街', '社区村名称', '运营状态'],
      ['区中心', '区级', '黄村', null, '运营'],
      ['兴华站', '社区村级', '黄村', '兴华社区', '运营'],
      ['甲站', '社区村级', '旧宫', '甲村', '运营'],
    ]);
    const data = validate(2023, [directory(), psych]);
    expect(data.rejects).toEqual([]);
    expect(data.rows.get('社会心理服务站点')).toHaveLength(3);
  });
});

describe('validateYear(year, sheets, geography): towns and fixed rows', () => {
  const homeCare = (towns: string[]) =>
    sheet('2023/养老服务科.xlsx', '居家养老', [['镇街', '家庭照护床位数', '养老护理员人数'], ...towns.map((t) => [t, 1, 1])]);

  it('warns for each town missing from a town-level sheet, with sheetKind and townCode', () => {
    const towns = geo.towns.map((t) => t.name);
    const data = validate(2023, [homeCare(towns.filter((t) => t !== '黄村镇'))]);
    expect(data.warnings.filter((w) => w.sheetKind === '居家养老')).toEqual([{
      file: '2023/养老服务科.xlsx', sheet: '居家养老', row: null, column: '镇街', value: '黄村镇', rule: 'town_missing',
      message: '2023 年工作表“居家养老”中没有黄村镇的有效数据行（未填报，或该行被拒绝）：黄村镇依赖此表的指标记为缺失，全区数值标为不完整',
      sheetKind: '居家养老', townCode: 'huangcun',
    }]);
  });

  it('counts a town whose row was rejected as missing', () => {
    const towns = geo.towns.map((t) => t.name);
    const s = sheet('2023/养老服务科.xlsx', '居家养老', [['镇街', '家庭照护床位数', '养老护理员人数'], ...towns.map((t) => [t, t === '旧宫镇' ? -1 : 1, 1])]);
    const data = validate(2023, [s]);
    expect(data.warnings.filter((w) => w.rule === 'town_missing' && w.sheetKind === '居家养老').map((w) => w.townCode)).toEqual(['jiugong']);
  });

  it('expects only 镇 in 公益性公墓覆盖, every town and street elsewhere; an absent sheet misses every town and the district (the 17th attack: 全区数值标为不完整 said of missing values)', () => {
    const zhen = geo.towns.filter((t) => t.type === '镇');
    const cemetery = sheet('2023/社会事务科.xlsx', '公益性公墓覆盖', [['镇', '是否覆盖'], ...zhen.slice(1).map((t) => [t.name, '是'])]);
    const data = validate(2023, [cemetery]);
    const missing = (kind: string) => data.warnings.filter((w) => w.rule === 'town_missing' && w.sheetKind === kind);
    expect(missing('公益性公墓覆盖').map((w) => w.townCode)).toEqual([zhen[0]!.code]);
    expect(missing('人口基础数据')).toHaveLength(22);
    expect(missing('人口基础数据')[0]).toMatchObject({
      file: '2023/', sheet: '人口基础数据', townCode: 'xingfeng',
      message: '2023 年没有提交工作表“人口基础数据”：兴丰街道依赖此表的指标记为缺失，全区的同样缺失',
    });
  });

  it('does not call a sheet unsubmitted when a file of its year could not be read: it may be in it', () => {
    const data = validateYear(2023, [], geo, plan, ['2023/民政局综合.xlsx']);
    const w = data.warnings.find((x) => x.rule === 'town_missing' && x.sheetKind === '人口基础数据')!;
    expect(w.message).toBe('2023 年没有读到工作表“人口基础数据”（“2023/民政局综合.xlsx”整个被拒绝，其中可能有此表）：兴丰街道依赖此表的指标记为缺失，全区的同样缺失');
    expect(data.warnings.find((x) => x.rule === 'fixed_row_missing')!.message).toMatch(/^2023 年没有读到工作表“区级统计指标”（“2023\/民政局综合.xlsx”整个被拒绝，其中可能有此表），缺少/);
  });

  it('warns for a missing fixed row of 区级统计指标', () => {
    const stats = sheet('2023/统计局.xlsx', '区级统计指标', [['指标名称', '数值', '单位'], ['居民人均消费支出', 45000, '元/年']]);
    const data = validate(2023, [stats]);
    expect(data.warnings.filter((w) => w.rule === 'fixed_row_missing')).toEqual([{
      file: '2023/统计局.xlsx', sheet: '区级统计指标', row: null, column: '指标名称', value: '社会散居孤儿供养标准', rule: 'fixed_row_missing',
      message: '2023 年工作表“区级统计指标”中缺少“指标名称”为“社会散居孤儿供养标准”（单位：元/人·月）的有效行：依赖它的指标记为缺失',
      sheetKind: '区级统计指标',
    }]);
  });
});

describe('compareYears(prev, curr)', () => {
  const facilities = (year: number, rows: CellValue[][]) =>
    validate(year, [sheet(`${year}/养老服务科.xlsx`, '养老服务设施', [FACILITY_HEADER, ...rows], year)]);

  it('warns when a value changes by more than half for the same key, with both values; from 0 only when asked', () => {
    const prev = facilities(2022, [['A院', '黄村', '养老机构', 100, '运营'], ['B院', '黄村', '养老机构', 100, '运营'], ['C院', '旧宫', '养老机构', 0, '在建'], ['D院', '旧宫', '养老机构', 40, '运营']]);
    const curr = facilities(2023, [['A院', '黄村镇', '养老机构', 151, '运营'], ['B院', '黄村', '养老机构', 150, '运营'], ['C院', '旧宫', '养老机构', 30, '运营'], ['D院', '旧宫', '养老机构', null, '运营'], ['E院', '旧宫', '养老机构', 9, '运营']]);
    expect(compareYears(prev, curr, { geography: geo }).map((w) => w.row)).toEqual([2]);
    const warnings = compareYears(prev, curr, { geography: geo, fromZero: true });
    expect(warnings).toEqual([
      {
        file: '2023/养老服务科.xlsx', sheet: '养老服务设施', row: 2, column: '床位数', value: '151', rule: 'large_change', previous: 100,
        message: '文件“2023/养老服务科.xlsx”工作表“养老服务设施”第 2 行“床位数”列：“设施名称”为“A院”、“所在镇街”为“黄村镇”的行由 2022 年的 100 变为 2023 年的 151（+51.0%），变化超过一半，请核实',
      },
      expect.objectContaining({ row: 4, value: '30', previous: 0, message: expect.stringContaining('由 2022 年的 0 变为 2023 年的 30（上年为 0）') }),
    ]);
    // a jump of twice and more, said as so many times (a review: +1332.7% for a digit typed twice)
    const typo = facilities(2023, [['A院', '黄村', '养老机构', 1430, '运营']]);
    expect(compareYears(prev, typo, { geography: geo }).map((w) => w.message)).toContainEqual(expect.stringContaining('由 2022 年的 100 变为 2023 年的 1430（约为上年的 14 倍），变化超过一半，请核实'));
  });

  it('warns of a new row whose value is more than ten times the largest of last year’s rows (a trust of 1e12 万元 had loaded unsaid)', () => {
    const prev = facilities(2022, [['A院', '黄村', '养老机构', 100, '运营'], ['B院', '黄村', '养老机构', 352, '运营']]);
    const curr = facilities(2023, [
      ['A院', '黄村', '养老机构', 100, '运营'], ['B院', '黄村', '养老机构', 352, '运营'],
      ['E院', '旧宫', '养老机构', 3520, '运营'], ['F院', '旧宫', '养老机构', 3521, '在建'], ['G院', '旧宫', '养老机构', 900, '运营'],
    ]);
    expect(compareYears(prev, curr, { geography: geo })).toEqual([
      {
        file: '2023/养老服务科.xlsx', sheet: '养老服务设施', row: 5, column: '床位数', value: '3521', rule: 'outsized_new_row', largestBefore: 352,
        message: '文件“2023/养老服务科.xlsx”工作表“养老服务设施”第 5 行“床位数”列：“设施名称”为“F院”、“所在镇街”为“旧宫镇”的行是 2023 年新增的，数值 3521 超过 2022 年养老机构各行最大值（352）的 10 倍，请核实（是否多输了位数或单位有误）',
      },
    ]);
    // weighed against its own type only: a home beside last year's 驿站 alone (its workbook missing) is no typo (the eleventh attack)
    expect(compareYears(facilities(2022, [['C站', '旧宫', '养老服务驿站', 6, '运营']]), curr, { geography: geo }).filter((w) => w.rule === 'outsized_new_row')).toEqual([]);
    expect(compareYears(facilities(2022, [['C站', '旧宫', '养老服务驿站', 6, '运营']]), facilities(2023, [['D站', '旧宫', '养老服务驿站', 600, '运营']]), { geography: geo }).filter((w) => w.rule === 'outsized_new_row').map((w) => w.message)).toEqual([expect.stringContaining('超过 2022 年养老服务驿站各行最大值（6）的 10 倍')]);
    // nothing last year to weigh it against: no warning
    expect(compareYears(facilities(2022, [['C院', '旧宫', '养老机构', 0, '在建']]), curr, { geography: geo }).filter((w) => w.rule === 'outsized_new_row')).toEqual([]);
  });

  it('weighs no row as new where last year’s sheet of its kind, or a file, was rejected: the row may have been in it (the eighth workbook attack: 52 facilities of a rejected 2023 sheet warned in 2024 as new)', () => {
    const curr = facilities(2023, [['A院', '黄村', '养老机构', 100, '运营'], ['F院', '旧宫', '养老机构', 3521, '运营']]);
    const prev = facilities(2022, [['A院', '黄村', '养老机构', 100, '运营'], ['B院', '黄村', '养老机构', 352, '运营']]);
    expect(compareYears(prev, curr, { geography: geo }).filter((w) => w.rule === 'outsized_new_row')).toHaveLength(1);
    const sheetLost = { ...prev, reports: [...prev.reports, { ...prev.reports[0]!, sheet: '养老服务设施（补报）', status: 'rejected' as const }] };
    expect(compareYears(sheetLost, curr, { geography: geo }).filter((w) => w.rule === 'outsized_new_row')).toEqual([]);
    const fileLost = { ...prev, rejects: [...prev.rejects, { file: '2022/养老服务科_补报.xlsx', sheet: '', row: null, column: '', value: '', rule: 'corrupt' as const, scope: 'file' as const, message: '文件已损坏' }] };
    expect(compareYears(fileLost, curr, { geography: geo }).filter((w) => w.rule === 'outsized_new_row')).toEqual([]);
    // a sheet of another kind rejected: weighed as before
    const otherLost = { ...prev, reports: [...prev.reports, { ...prev.reports[0]!, sheetKind: '居家养老', sheet: '居家养老', status: 'rejected' as const }] };
    expect(compareYears(otherLost, curr, { geography: geo }).filter((w) => w.rule === 'outsized_new_row')).toHaveLength(1);
  });

  it('says when a list comes back with its header and no row where last year’s had rows (a blank template?), not when it was empty before', () => {
    const prev = facilities(2022, [['A院', '黄村', '养老机构', 100, '运营'], ['B院', '黄村', '养老机构', 100, '运营']]);
    const empty = facilities(2023, []);
    expect(compareYears(prev, empty)).toEqual([{
      file: '2023/养老服务科.xlsx', sheet: '养老服务设施', row: 1, column: '', value: '', rule: 'no_data_rows',
      message: '文件“2023/养老服务科.xlsx”工作表“养老服务设施”：第 1 行是表头，其下没有数据行（2022 年本表有 2 行）：本表计入的指标按没有任何一项计算（数量为 0，以本表为分母的比例无法计算）。如是漏填（如交回了空白模板），请补全后重新提交',
    }]);
    expect(compareYears(facilities(2022, []), facilities(2023, []))).toEqual([]);
    // one of the two still listed: not an empty list (the other, operating and not listed, is a row lost: facility_dropped)
    expect(compareYears(prev, facilities(2023, [['A院', '黄村', '养老机构', 100, '运营']])).map((w) => w.rule)).toEqual(['facility_dropped']);
  });

  it('says when communities of last year’s 社区村名录 are not in this year’s (a revoked village deleted, not marked 撤销)', () => {
    // 107 revoked villages deleted from a 2024 directory made 实施村（居）委会撤销（调整） 0, complete and unsaid (the workbook review)
    const prev = validate(2022, [directory('2022/基层科.xlsx', 2022)]);
    const curr = validate(2023, [sheet('2023/基层科.xlsx', '社区村名录', [DIRECTORY_HEADER, ['黄村', '兴华 社区', '社区', '存续', null, '直接选举', 10, 8, '是', 2]], 2023)]);
    expect(compareYears(prev, curr, { geography: geo })).toEqual([{
      file: '2023/基层科.xlsx', sheet: '社区村名录', row: null, column: '社区村名称', value: '2', rule: 'communities_dropped',
      message: '文件“2023/基层科.xlsx”工作表“社区村名录”：2022 年社区村名录中的 2 个社区（村）在 2023 年社区村名录中没有（旧宫镇旧宫东社区、旧宫镇甲村）。撤销或合并的社区（村）应保留在名录中，“状态”填“撤销”并填写撤销年份，否则按名录计算的指标（如“实施村（居）委会撤销（调整）”）会少计；请核实后重新提交',
    }]);
    // every one still listed (written differently), or rejected this year: nothing to say
    expect(compareYears(prev, validate(2023, [directory()]), { geography: geo })).toEqual([]);
    // a station row refused for naming a community the roster dropped does not list it (it had kept
    // the dropped community off the count and the list: the eleventh attack)
    const withStation = validate(2023, [
      sheet('2023/基层科.xlsx', '社区村名录', [DIRECTORY_HEADER, ['黄村', '兴华 社区', '社区', '存续', null, '直接选举', 10, 8, '是', 2]], 2023),
      sheet('2023/社工科.xlsx', '志愿服务站点', [['站点名称', '镇街', '社区村名称'], ['甲站', '旧宫', '旧宫东社区']], 2023),
    ]);
    expect(withStation.rejects.map((r) => r.rule)).toEqual(['unknown_community']);
    expect(compareYears(prev, withStation, { geography: geo }).map((w) => [w.rule, w.value])).toEqual([['communities_dropped', '2']]);
  });

  it('says when a community revoked last year is 存续 this year (one of the two years is wrong), on this year\'s row', () => {
    // 甲村 撤销 in 2022 and 存续 in 2023 had drawn no word (the fourth workbook attack)
    const prev = validate(2022, [directory('2022/基层科.xlsx', 2022)]);
    const revived = (status: string, year: number | null) => validate(2023, [sheet('2023/基层科.xlsx', '社区村名录', [
      DIRECTORY_HEADER,
      ['黄村', '兴华社区', '社区', '存续', null, '直接选举', 10, 8, '是', 2],
      ['旧宫', '旧宫东社区', '社区', '存续', null, '直接选举', 10, 8, '是', 2],
      ['旧宫镇', ' 甲村', '村', status, year, null, 0, 0, '否', 0],
    ], 2023)]);
    expect(compareYears(prev, revived('存续', null), { geography: geo })).toEqual([{
      file: '2023/基层科.xlsx', sheet: '社区村名录', row: 4, column: '状态', value: '存续', rule: 'community_revived',
      message: '文件“2023/基层科.xlsx”工作表“社区村名录”第 4 行“状态”列：“甲村”在 2022 年社区村名录中已撤销（撤销年份 2022），本年填的是“存续”。撤销的社区（村）此后各年仍填“撤销”：两年中必有一处有误，撤销数和按社区（村）计算的指标两年口径不一。请核实，改正本年或上年的名录后重新提交',
    }]);
    expect(compareYears(prev, revived('撤销', 2022), { geography: geo })).toEqual([]);
  });

  it('says when a community’s revocation year changed, or was dated into a year whose roster gave it as 存续 (the thirteenth attack)', () => {
    const prev = validate(2022, [directory('2022/基层科.xlsx', 2022)]);
    const roster = (status: string, year: number | null) => validate(2023, [sheet('2023/基层科.xlsx', '社区村名录', [
      DIRECTORY_HEADER,
      ['黄村', '兴华社区', '社区', status, year, '直接选举', 10, 8, '是', 2],
      ['旧宫', '旧宫东社区', '社区', '存续', null, '直接选举', 10, 8, '是', 2],
      ['旧宫镇', '甲村', '村', '撤销', 2020, null, 0, 0, '否', 0],
    ], 2023)]);
    const warned = compareYears(prev, roster('存续', null), { geography: geo }).filter((w) => w.rule === 'revocation_changed');
    expect(warned).toEqual([{
      file: '2023/基层科.xlsx', sheet: '社区村名录', row: 4, column: '撤销年份', value: '2020', rule: 'revocation_changed',
      message: '文件“2023/基层科.xlsx”工作表“社区村名录”第 4 行“撤销年份”列：“甲村”在 2022 年社区村名录中的撤销年份是 2022，本年填的是 2020：两年的名录必有一处有误，撤销数和按社区（村）计算的指标两年口径不一。请核实，改正本年或上年的名录后重新提交',
    }]);
    // 兴华社区 存续 in 2022, revoked in 2022 by 2023's roster: back-dated; in 2023, this year's news
    expect(compareYears(prev, roster('撤销', 2022), { geography: geo }).filter((w) => w.rule === 'revocation_changed').map((w) => w.message)).toContain(
      '文件“2023/基层科.xlsx”工作表“社区村名录”第 2 行“撤销年份”列：“兴华社区”在 2022 年社区村名录中为存续，本年填的撤销年份却是 2022（2022 年或更早）：两年的名录必有一处有误，撤销数和按社区（村）计算的指标两年口径不一。请核实，改正本年或上年的名录后重新提交',
    );
    expect(compareYears(prev, roster('撤销', 2023), { geography: geo }).filter((w) => w.rule === 'revocation_changed').map((w) => w.row)).toEqual([4]);
  });

  it('says when a town that had rows of a list (of a type) last year has none this year, neither loaded nor rejected (the thirteenth attack: 兴丰街道’s 12 驿站 deleted)', () => {
    const stations = (town: string, n: number) => Array.from({ length: n }, (_, k): CellValue[] => [`${town}${k + 1}号驿站`, town, '养老服务驿站', 0, '运营']);
    const prev = facilities(2022, [...stations('兴丰', 3), ...stations('黄村', 2), ['A院', '兴丰', '养老机构', 100, '运营']]);
    // (黄村's 2 stations still listed: the type is in this year's list)
    const curr = facilities(2023, [['A院', '兴丰', '养老机构', 100, '运营'], ...stations('黄村', 2)]);
    expect(compareYears(prev, curr, { geography: geo }).filter((w) => w.rule === 'town_rows_missing')).toEqual([{
      file: '2023/养老服务科.xlsx', sheet: '养老服务设施', row: null, column: '所在镇街', value: '兴丰街道', rule: 'town_rows_missing',
      message: '文件“2023/养老服务科.xlsx”工作表“养老服务设施”：兴丰街道的“养老服务驿站”在 2022 年本表有 3 行，2023 年一行也没有：兴丰街道只计“养老服务驿站”的指标值按缺失计，其他计入“养老服务驿站”的指标值和全区的值标为数据不完整。如是漏填，请补全后重新提交；如确已全部撤销或停用，应保留这些行并填写状态',
      sheetKind: '养老服务设施', townCode: 'xingfeng',
      // recorded in the warehouse (load_vanished_rows): the town's 养老机构 A院 is still there
      vanished: { year: 2023, type: '养老服务驿站', lastYear: 2022, lastRows: 3, townRowsLeft: true, allGone: true },
    }]);
    // a town with no other row of the sheet this year: what counts the sheet is missing for it
    expect(compareYears(prev, facilities(2023, [['B院', '黄村', '养老机构', 80, '运营'], ...stations('黄村', 2)]), { geography: geo }).filter((w) => w.rule === 'town_rows_missing').map((w) => [w.value, w.vanished?.townRowsLeft, w.message.split('：')[2]!.split('。')[0]])).toEqual([
      ['兴丰街道', false, '兴丰街道依赖本表的指标值按缺失计，全区的值标为数据不完整'],
    ]);
    // one of them there, or rejected this year: nothing to say
    expect(compareYears(prev, facilities(2023, [...stations('兴丰', 1)]), { geography: geo }).filter((w) => w.rule === 'town_rows_missing')).toEqual([]);
    // no town lists the type at all this year: the year lacks the type (one warning, missing-types.ts), no town's loss (the 17th attack)
    expect(compareYears(prev, facilities(2023, [['A院', '兴丰', '养老机构', 80, '运营'], ['B院', '黄村', '养老机构', 80, '运营']]), { geography: geo }).filter((w) => w.rule === 'town_rows_missing')).toEqual([]);
    const rejected = facilities(2023, [['兴丰1号驿站', '兴丰', '养老服务驿站', -1, '运营']]);
    expect(rejected.rejects).toHaveLength(1);
    expect(compareYears(prev, rejected, { geography: geo }).filter((w) => w.rule === 'town_rows_missing')).toEqual([]);
  });

  it('says when facilities operating last year are not listed this year while others of the town and type are (the 16th reading: 黄村镇’s 驿站 17 → 1 said as 16 停用)', () => {
    const stations = (town: string, n: number, status = '运营') => Array.from({ length: n }, (_, k): CellValue[] => [`${town}${k + 1}号驿站`, town, '养老服务驿站', 0, status]);
    const prev = facilities(2022, [...stations('黄村', 4), ...stations('兴丰', 2), ['A院', '旧宫', '养老机构', 100, '运营']]);
    // 黄村 keeps one; 兴丰's two (fewer than 3) are gone; 旧宫's home is listed 停用: a closing, not a loss
    const curr = facilities(2023, [...stations('黄村', 1), ['A院', '旧宫', '养老机构', 100, '停用']]);
    const dropped = compareYears(prev, curr, { geography: geo }).filter((w) => w.rule === 'facility_dropped');
    expect(dropped.map((w) => [w.townCode, w.vanished])).toEqual([
      ['huangcun', { year: 2023, type: '养老服务驿站', lastYear: 2022, lastRows: 3, townRowsLeft: true, allGone: false, names: ['黄村2号驿站', '黄村3号驿站', '黄村4号驿站'] }],
      ['xingfeng', { year: 2023, type: '养老服务驿站', lastYear: 2022, lastRows: 2, townRowsLeft: true, allGone: false, names: ['兴丰1号驿站', '兴丰2号驿站'] }],
    ]);
    expect(dropped[0]!.message).toContain('黄村镇的“养老服务驿站”中，2022 年运营的3个本年没有列出（“黄村2号驿站”、“黄村3号驿站”、“黄村4号驿站”）：黄村镇和全区计入它们的指标值按已列出的计算，标为数据不完整');
    // one listed this year under another town that had not listed it: moved, not lost (the 17th attack)
    const moved = facilities(2023, [...stations('黄村', 3), ['黄村4号驿站', '旧宫', '养老服务驿站', 0, '运营'], ...stations('兴丰', 2), ['A院', '旧宫', '养老机构', 100, '运营']]);
    expect(compareYears(prev, moved, { geography: geo }).filter((w) => w.rule === 'facility_dropped')).toEqual([]);
  });

  it('says when a task done last year is not this year, and when a task of last year’s ledger is not in this year’s (the 16th attack)', () => {
    const TASKS = ['任务编号', '任务名称', '规划章节', '牵头单位', '目标要求', '完成时限', '进展状态', '完成进度', '进展说明'];
    const task = (id: string, state: string, pct: number): CellValue[] => [id, `任务${id}`, '第三部分 一（一）', '办公室', '', '2025年底', state, pct, ''];
    const ledger = (year: number, rows: CellValue[][]) => validate(year, [sheet(`${year}/办公室.xlsx`, '重点任务台账', [TASKS, ...rows], year)]);
    const prev = ledger(2024, [task('RW-1', '已完成', 100), task('RW-2', '已完成', 100), task('RW-3', '推进中', 50), task('RW-4', '已完成', 100)]);
    const curr = ledger(2025, [task('RW-1', '已完成', 100), task('RW-2', '推进中', 60), task('RW-3', '推进中', 40)]);
    const said = compareYears(prev, curr, { geography: geo }).filter((w) => w.rule === 'task_reopened' || w.rule === 'task_dropped');
    expect(said.map((w) => [w.rule, w.row, w.value])).toEqual([['task_reopened', 3, '推进中'], ['task_dropped', null, 'RW-4']]);
    expect(said[0]!.message).toContain('任务“任务RW-2”（RW-2）在 2024 年台账中为已完成（100%），本年填的是推进中（60%）');
    expect(said[1]!.message).toContain('2024 年台账中的1项任务本年没有：“任务RW-4”（RW-4），本年的任务统计不含这些任务');
    // (a task not done that goes back is the pace's to say, not this warning's; one rejected this year is not gone)
    const rejected = ledger(2025, [task('RW-1', '已完成', 100), task('RW-2', '已完成', 100), task('RW-3', '推进中', 40), task('RW-4', '已完成', 120)]);
    expect(rejected.rejects).toHaveLength(1);
    expect(compareYears(prev, rejected, { geography: geo }).filter((w) => w.rule === 'task_reopened' || w.rule === 'task_dropped')).toEqual([]);
  });

  it('says when every number of a sheet of towns is last year’s: last year’s table sent again (the 17th attack: 2023’s 社会组织 as 2024’s, silent)', () => {
    const HEAD = ['镇街', '社区社会组织数量', '是否成立街镇级社会组织联合会'];
    const TOWNS = ['兴丰', '林校路', '清源', '观音寺', '天宫院', '黄村'];
    const orgs = (year: number, counts: number[]) => validate(year, [sheet(`${year}/社会组织管理科.xlsx`, '社会组织', [HEAD, ...TOWNS.map((t, k) => [t, counts[k]!, '否'])], year)]);
    const prev = orgs(2023, [100, 80, 120, 60, 50, 300]);
    const same = (curr: YearData) => compareYears(prev, curr, { geography: geo }).filter((w) => w.rule === 'same_as_last_year');
    // one number column of six towns: six numbers, fewer than it takes to say so
    expect(same(orgs(2024, [100, 80, 120, 60, 50, 300]))).toEqual([]);
    // a sheet with more numbers per town: 志愿服务 (volunteers) and 人口基础数据 (four counts)
    const PEOPLE = ['镇街', '常住人口', '户籍人口', '60岁及以上常住人口', '户籍儿童人口'];
    const people = (year: number, bump = 0) => validate(year, [sheet(`${year}/区统计局.xlsx`, '人口基础数据', [PEOPLE, ...TOWNS.map((t, k) => [t, 100000 + k + bump, 80000 + k, 20000 + k, 15000 + k])], year)]);
    const before = people(2023);
    const repeated = compareYears(before, people(2024), { geography: geo }).filter((w) => w.rule === 'same_as_last_year');
    expect(repeated.map((w) => [w.file, w.sheet, w.row])).toEqual([['2024/区统计局.xlsx', '人口基础数据', null]]);
    expect(repeated[0]!.message).toBe('文件“2024/区统计局.xlsx”工作表“人口基础数据”：6个镇街的全部数值（24个）与 2023 年的同一张表完全相同，可能是沿用了上年的表、只改了年份。本年的指标按这些数计算；请核实，如是上年的数据，请填写本年实际数后重新提交');
    // the year's own figures
    expect(compareYears(before, people(2024, 1), { geography: geo }).filter((w) => w.rule === 'same_as_last_year')).toEqual([]);
  });

  it('weighs a year’s rows against the latest earlier year with the sheet when the year before had none (the 17th attack: 2024’s trusts in 元 after a 2023 without them)', () => {
    const TRUSTS = ['信托名称', '备案年份', '财产规模', '状态'];
    const trusts = (year: number, sizes: number[]) => validate(year, [sheet(`${year}/慈善科.xlsx`, '慈善信托', [TRUSTS, ...sizes.map((v, k) => [`信托${k + 1}`, 2020, v, '存续'])], year)]);
    // 2023 brought other sheets, not the trusts (the department's workbook missing)
    const other = validate(2023, [sheet('2023/社会组织管理科.xlsx', '社会组织', [['镇街', '社区社会组织数量', '是否成立街镇级社会组织联合会'], ['兴丰', 10, '否']], 2023)]);
    const [y2022, y2023, y2024] = [trusts(2022, [10, 12, 20]), other, trusts(2024, [100000, 120000, 22])];
    const carried = new Map<string, EarlierRows>();
    carriedRows(carried, undefined, y2022);
    carriedRows(carried, y2022, y2023);
    expect(carried.get('慈善信托')?.year).toBe(2022);
    const warned = compareYears(y2023, y2024, { geography: geo, earlier: carried }).filter((w) => w.rule === 'large_change');
    expect(warned.map((w) => [w.row, w.previous])).toEqual([[2, 10], [3, 12]]);
    expect(warned[0]!.message).toBe('文件“2024/慈善科.xlsx”工作表“慈善信托”第 2 行“财产规模”列：“信托名称”为“信托1”的行由 2022 年的 10 变为 2024 年的 100000（约为 2022 年的 10,000 倍；2023 年没有此表），变化超过一半，请核实');
    // without the earlier rows, nothing to weigh them against (as before)
    expect(compareYears(y2023, y2024, { geography: geo }).filter((w) => w.rule === 'large_change')).toEqual([]);
    // a year that brings the sheet again is compared with next year, not kept
    carriedRows(carried, y2023, y2024);
    expect(carried.has('慈善信托')).toBe(false);
    // a year without any sheet (a whole year missing) compares nothing across it, as before
    const gap = new Map<string, EarlierRows>();
    carriedRows(gap, y2022, validate(2023, []));
    expect(gap.size).toBe(0);
  });

  it('says when one name is under two towns in a list of a year, not in lists of a community’s stations (the thirteenth attack: 352 beds counted twice)', () => {
    const data = validate(2023, [
      sheet('2023/养老服务科.xlsx', '养老服务设施', [FACILITY_HEADER, ['大兴区第一社会福利中心', '黄村', '养老机构', 352, '运营']], 2023),
      sheet('2023/驿站.xlsx', '养老服务设施', [FACILITY_HEADER, ['第一社会福利中心', '榆垡', '养老机构', 352, '运营']], 2023),
      sheet('2023/社工科.xlsx', '志愿服务站点', [['站点名称', '镇街', '社区村名称'], ['甲站', '黄村', '兴华社区'], ['甲站', '旧宫', '旧宫东社区']], 2023),
      directory(),
    ]);
    expect(data.rows.get('养老服务设施')).toHaveLength(2);
    // with beds of its own, a namesake elsewhere is no news
    const namesakes = validate(2023, [sheet('2023/养老服务科.xlsx', '养老服务设施', [FACILITY_HEADER, ['中心驿站', '黄村', '养老服务驿站', 2, '运营'], ['中心驿站', '旧宫', '养老服务驿站', 3, '运营']], 2023)]);
    expect(namesakes.warnings.filter((w) => w.rule === 'same_name_two_towns')).toEqual([]);
    expect(data.warnings.filter((w) => w.rule === 'same_name_two_towns')).toEqual([{
      file: '2023/驿站.xlsx', sheet: '养老服务设施', row: 2, column: '设施名称', value: '第一社会福利中心', rule: 'same_name_two_towns',
      message: '文件“2023/驿站.xlsx”工作表“养老服务设施”第 2 行“设施名称”列：“第一社会福利中心”在榆垡镇，而文件“2023/养老服务科.xlsx”工作表“养老服务设施”第 2 行的同名、数值相同的一行在黄村镇：两行都已计入。如是同一处填报了两次，请删除其中一行；如是两处同名的养老服务设施，可不处理',
    }]);
    // a name under the district's own is one place of the district, whatever its figures (the 17th attack: 352 and 300 beds, silent)
    const other = validate(2023, [
      sheet('2023/养老服务科.xlsx', '养老服务设施', [FACILITY_HEADER, ['大兴区第一社会福利中心', '黄村', '养老机构', 352, '运营'], ['大兴区第一社会福利中心', '榆垡', '养老机构', 300, '运营']], 2023),
    ]);
    expect(other.warnings.filter((w) => w.rule === 'same_name_two_towns').map((w) => w.message)).toEqual([
      '文件“2023/养老服务科.xlsx”工作表“养老服务设施”第 3 行“设施名称”列：“大兴区第一社会福利中心”在榆垡镇，而第 2 行的同名一行在黄村镇，数值不同：名称冠以区名，应是全区的一处，两行都已计入。请核实它在哪个镇街、数值是多少，删除多余的一行后重新提交',
    ]);
  });

  it('says when a list that had rows last year is not there at all this year (a renamed tab?)', () => {
    const prev = facilities(2022, [['A院', '黄村', '养老机构', 100, '运营']]);
    const none = validate(2023, []);
    expect(compareYears(prev, none).filter((w) => w.rule === 'sheet_missing')).toEqual([expect.objectContaining({
      file: '2023/', sheet: '养老服务设施',
      message: '2023 年没有读到工作表“养老服务设施”（2022 年有，1 行）：依赖它的指标记为缺失。如已填报，请检查工作表名称是否为“养老服务设施”',
    })]);
    // with a file of the year that could not be read, that is where it may be (the 15th attack: 请检查工作表名称 for a sheet in an encrypted file)
    const unread = validateYear(2023, [], geo, plan, ['2023/养老服务科.xlsx']);
    expect(compareYears(prev, unread).filter((w) => w.rule === 'sheet_missing').map((w) => w.message)).toEqual([
      '2023 年没有读到工作表“养老服务设施”（2022 年有，1 行）：依赖它的指标记为缺失。它可能在无法读取的文件“2023/养老服务科.xlsx”中，请报送科室改正该文件后重新提交',
    ]);
  });

  it('compares decreases too, and not per cents', () => {
    const tasks = (year: number, pct: number) =>
      validate(year, [sheet(`${year}/办公室.xlsx`, '重点任务台账', [
        ['任务编号', '任务名称', '规划章节', '牵头单位', '目标要求', '完成时限', '进展状态', '完成进度', '进展说明'],
        ['RW-1', '任务', '一', '办公室', null, null, '推进中', pct, null],
      ], year)]);
    expect(compareYears(tasks(2022, 20), tasks(2023, 80))).toEqual([]);
    const w = compareYears(facilities(2022, [['A院', '黄村', '养老机构', 100, '运营']]), facilities(2023, [['A院', '黄村', '养老机构', 40, '运营']]));
    expect(w.map((x) => x.message)).toEqual([expect.stringContaining('由 2022 年的 100 变为 2023 年的 40（-60.0%）')]);
  });
});

describe('compareYears(prev, curr) minimum change', () => {
  it('does not warn on changes of fewer than 5 units, however large in per cent', async () => {
    const { compareYears } = await import('../../pipeline/ingest/validate-year.ts');
    const { SHEET_BY_NAME } = await import('../../pipeline/plan/contract.ts');
    const sheet = SHEET_BY_NAME.get('特困人员供养')!;
    const row = (year: number, n: number) => ({
      year, sourceFile: `${year}/a.xlsx`, sourceSheet: '特困人员供养', sourceRow: 4, extras: null,
      values: { town: 'huangcun', extreme_poverty_persons: n, needing_institutional_care: 0, institutionally_cared: 0 },
    });
    const data = (year: number, n: number) => ({ year, rows: new Map([[sheet.name, [row(year, n)]]]), rejects: [], warnings: [], reports: [] });
    expect(compareYears(data(2021, 1), data(2022, 2))).toEqual([]);
    expect(compareYears(data(2021, 10), data(2022, 100))).toHaveLength(1);
  });
});
