/**
 * present/incomplete.ts: what a value lost, in a report's words — by sheet, department,
 * the row's own name and the reason; files that could not be read once; never a file name
 * or a row number.
 */
import { describe, expect, it } from 'vitest';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import { causesText, droppedTasksSentence, lostSummary, lostTasksSentence, placeCausesText, valueCauses } from '../../pipeline/present/incomplete.ts';
import { lostKeyTasks } from '../../pipeline/evaluate/key-tasks.ts';
import { RULE_LABELS } from '../../pipeline/ingest/ledger.ts';
import { lostTaskConcerns } from '../../pipeline/report/town.ts';
import type { InputData } from '../../pipeline/ingest/read-inputs.ts';
import type { LoadReportRow, Reject } from '../../pipeline/ingest/records.ts';
import type { LineageRow } from '../../pipeline/warehouse/lineage.ts';

const GEO = loadGeography();
const PLAN = resolvePlan();
const huangcun = GEO.towns.find((t) => t.name === '黄村镇')!.code;
const jiugong = GEO.towns.find((t) => t.name === '旧宫镇')!.code;

function lineage(over: Partial<LineageRow>): LineageRow {
  return {
    year: 2023, indicatorId: 6, geoCode: huangcun, role: null, status: 'rejected', isRequired: false, isCounted: false,
    sheetKind: '养老服务设施', sourceFile: '2023/补报_2023.xlsx', sourceSheet: '养老服务设施', sourceRow: 5, rowLabel: '黄村镇康乐养老服务驿站',
    columnName: null, sourceValue: null, contribution: null, rejectScope: 'row', rejectRules: '不是规定的选项', rejectMessages: '…',
    ...over,
  };
}

const file = (name: string, rule: string, indicatorId = 6) =>
  lineage({ indicatorId, geoCode: null, sheetKind: null, sourceFile: `2023/${name}.xlsx`, sourceSheet: null, sourceRow: null, rowLabel: null, rejectScope: 'file', rejectRules: rule });

const LOST: LineageRow[] = [
  lineage({}),
  lineage({ indicatorId: 3 }),
  lineage({ geoCode: null, sourceRow: 4, rowLabel: '新航城街道幸福里社区养老服务驿站', rejectRules: '未知镇街' }),
  lineage({ geoCode: jiugong, sourceRow: 9, rowLabel: '旧宫镇某驿站', rejectRules: '负数' }),
  file('加密', '文件已加密'),
  file('损坏', '文件已损坏'),
  file('加密', '文件已加密', 3),
  file('损坏', '文件已损坏', 3),
  lineage({ indicatorId: 1, status: 'absent', sheetKind: '特困人员供养', geoCode: jiugong, sourceFile: null, sourceSheet: null, sourceRow: null, rowLabel: null, rejectScope: null, rejectRules: null, isRequired: true }),
  lineage({ indicatorId: 3, year: 2022 }),
];

describe('valueCauses', () => {
  it('a town value: its own lost rows and those whose town is unknown, each source once; the district: every one', () => {
    expect(valueCauses(LOST, GEO, 2023, 6, huangcun).map((c) => c.label ?? c.kind)).toEqual(['黄村镇康乐养老服务驿站', '新航城街道幸福里社区养老服务驿站', 'file', 'file']);
    expect(valueCauses(LOST, GEO, 2023, 6, null)).toHaveLength(5);
    expect(valueCauses(LOST, GEO, 2023, 1, jiugong)).toEqual([expect.objectContaining({ kind: 'absent', label: '旧宫镇', sheetKind: '特困人员供养' })]);
  });
});

describe('causesText', () => {
  it('names files once, then each sheet with its department, rows by name and reason, and missing rows', () => {
    const text = causesText([...valueCauses(LOST, GEO, 2023, 6, null), ...valueCauses(LOST, GEO, 2023, 1, null)]);
    expect(text).toBe(
      '2个报送的文件无法读取（文件已加密、文件已损坏），内容未知；'
      + '《养老服务设施》（养老服务科）3行未通过校验：黄村镇康乐养老服务驿站（不是规定的选项）、新航城街道幸福里社区养老服务驿站（镇街名称无法识别，可能属于任一镇街）、旧宫镇某驿站（负数）；'
      + '《特困人员供养》（社会救助科）缺少旧宫镇的数据',
    );
    expect(text).not.toMatch(/xlsx|第 ?\d+ ?行/);
  });

  it('groups a register’s rows gone from many towns: the first three towns named, then how many (they had been listed town by town)', () => {
    const towns = GEO.towns.slice(0, 6);
    const gone = towns.map((t) => lineage({ status: 'absent', geoCode: t.code, sourceFile: null, sourceSheet: null, sourceRow: null, rowLabel: '养老服务驿站', rejectScope: null, rejectRules: null, isRequired: true }));
    expect(causesText(valueCauses(gone, GEO, 2023, 6, null))).toBe(`《养老服务设施》（养老服务科）缺少${towns.slice(0, 3).map((t) => t.name).join('、')}等6个镇街的养老服务驿站的数据`);
    expect(causesText(valueCauses(gone.slice(0, 2), GEO, 2023, 6, null))).toBe(`《养老服务设施》（养老服务科）缺少${towns[0]!.name}、${towns[1]!.name}的养老服务驿站的数据`);
  });

  it('says why files were refused in a reader’s words, not a programmer’s', () => {
    // the ledger's labels of the two rules that had read as a programmer's words
    const odd = [file('炸弹', RULE_LABELS.zip_bomb!), file('表格', RULE_LABELS.not_xlsx!)];
    expect(causesText(valueCauses(odd, GEO, 2023, 6, null))).toBe('2个报送的文件无法读取（文件结构异常、不是Excel工作簿），内容未知');
  });

  it('counts rows instead of naming them when there are many; says a repeated key once', () => {
    const many = Array.from({ length: 5 }, (_, i) => lineage({ sourceRow: 10 + i, rowLabel: `驿站${i}` }));
    expect(causesText(valueCauses(many, GEO, 2023, 6, null))).toBe('《养老服务设施》（养老服务科）5行未通过校验（不是规定的选项）');
    const twice = [lineage({ rejectRules: '同一年度重复填报' }), lineage({ sourceFile: '2023/社会工作科_2023.xlsx', rejectRules: '同一年度重复填报' })];
    expect(causesText(valueCauses(twice, GEO, 2023, 6, null))).toBe('《养老服务设施》（养老服务科）2行未通过校验：黄村镇康乐养老服务驿站（同一年度重复填报，2行）');
  });
});

describe('placeCausesText and lostSummary', () => {
  it('a town’s marked values: files once for all, each other source with the indicators it touches', () => {
    const ind = (id: number) => PLAN.indicatorById.get(id)!;
    const text = placeCausesText(LOST, GEO, 2023, [{ indicator: ind(3), townCode: huangcun }, { indicator: ind(6), townCode: huangcun }]);
    expect(text).toBe(
      '2个报送的文件无法读取（文件已加密、文件已损坏），内容未知，各项都可能受影响；'
      + '《养老服务设施》（养老服务科）1行未通过校验：黄村镇康乐养老服务驿站（不是规定的选项），涉及全部标注的指标；'
      + '《养老服务设施》（养老服务科）1行未通过校验：新航城街道幸福里社区养老服务驿站（镇街名称无法识别，可能属于任一镇街），涉及“建成运营社区养老服务驿站”',
    );
  });

  it('says a name filed twice once, with the count, where both rows touch the same indicators', () => {
    const ind = (id: number) => PLAN.indicatorById.get(id)!;
    const twice = [lineage({ rejectRules: '同一年度重复填报' }), lineage({ sourceRow: 12, rejectRules: '同一年度重复填报' })];
    expect(placeCausesText(twice, GEO, 2023, [{ indicator: ind(6), townCode: huangcun }])).toBe(
      '《养老服务设施》（养老服务科）2行未通过校验：黄村镇康乐养老服务驿站（同一年度重复填报，2行），涉及“建成运营社区养老服务驿站”',
    );
  });

  it('says a population written 0, counted as empty, as written', () => {
    const pop = (value: string | null, row: number) => lineage({ indicatorId: 3, status: 'loaded', sheetKind: '人口基础数据', sourceSheet: '人口基础数据', sourceRow: row, rowLabel: null, columnName: '常住人口', sourceValue: value, rejectScope: null, rejectRules: null, isRequired: true });
    expect(causesText(valueCauses([pop('0', 4), pop(null, 5)], GEO, 2023, 3, null))).toBe('《人口基础数据》（区统计局）1行“常住人口”未填，1行“常住人口”为0（人数不能为0，按缺失计）');
  });

  it('says a district statistic written 0 by its name (the 17th attack: 居民人均消费支出 0 said 未填)', () => {
    const stat = lineage({ indicatorId: 10, status: 'loaded', sheetKind: '区级统计指标', sourceSheet: '区级统计指标', sourceRow: 4, rowLabel: '居民人均消费支出', columnName: '数值', sourceValue: '0.0', rejectScope: null, rejectRules: null, isRequired: true, geoCode: 'daxing' });
    expect(causesText(valueCauses([stat], GEO, 2023, 10, null))).toBe('《区级统计指标》（区统计局）“居民人均消费支出”为0（不能为0，按缺失计）');
  });

  it('counts what a year lost', () => {
    expect(lostSummary(LOST, GEO, [2023])).toBe('2个文件无法读取，3条记录未通过校验，1处缺报');
    expect(lostSummary(LOST, GEO, [2022])).toBe('1条记录未通过校验');
    expect(lostSummary(LOST, GEO, [2021])).toBe('');
  });

  it('counts a town missing for its row rejected as that row, not also as 缺报 (the final review: 旧宫镇 sent 19 housed of 16 in need)', () => {
    const rejectedRow = lineage({ indicatorId: 1, sheetKind: '特困人员供养', geoCode: jiugong, sourceFile: '2023/社会救助科_2023.xlsx', sourceSheet: '特困人员供养', sourceRow: 15, rowLabel: null, rejectRules: '数值关系不可能' });
    expect(lostSummary([...LOST, rejectedRow], GEO, [2023])).toBe('2个文件无法读取，4条记录未通过校验');
  });
});

describe('key tasks left out of a year\'s ledger', () => {
  const sheetRow = (file: string, sheet: string, sheetKind: string, year = 2023): LoadReportRow =>
    ({ year, file, sheet, sheetKind, status: 'loaded', headerRow: 1, rowsRead: 9, rowsLoaded: 8, rowsRejected: 1, extraColumns: '' });
  const reject = (over: Partial<Reject>): Reject =>
    ({ file: '2023/办公室_2023.xlsx', sheet: '重点任务台账', row: 4, column: '完成进度', value: '120', rule: 'percent_range', scope: 'row', message: '…', ...over });
  const data = (rejects: Reject[], report: LoadReportRow[]) => ({ rejects, report }) as unknown as InputData;
  const report = [
    sheetRow('2023/办公室_2023.xlsx', '重点任务台账', '重点任务台账'),
    sheetRow('2023/补报_2023.xlsx', '任务', '重点任务台账'),
    sheetRow('2023/补报_2023.xlsx', '救助床位', '救助床位'),
    sheetRow('2022/办公室_2022.xlsx', '重点任务台账', '重点任务台账', 2022),
  ];

  it('names each task of a rejected ledger row once (a row with two bad cells is one task), by name, else by number', () => {
    const lost = lostKeyTasks(data([
      reject({ values: { task_id: 'RW-2023-09', task_name: '推进“智慧民政”平台建设', lead_unit: '办公室' } }),
      reject({ column: '完成时限', rule: 'required_value', values: { task_id: 'RW-2023-09', task_name: '推进“智慧民政”平台建设', lead_unit: '办公室' } }),
      reject({ row: 7, values: { task_id: 'RW-2023-11' } }),
      reject({ row: 8, values: {} }),
      reject({ sheet: '救助床位', row: 3, values: { task_name: '不是任务' } }),
      reject({ file: '2022/办公室_2022.xlsx', row: 5, values: { task_name: '上一年的任务' } }),
    ], report), 2023);
    expect(lost).toEqual({
      tasks: [
        { id: 'RW-2023-09', name: '推进“智慧民政”平台建设', lead: '办公室', goal: '', why: '百分比超出 0—100、必填项为空' },
        { id: 'RW-2023-11', name: '', lead: '', goal: '', why: '百分比超出 0—100' },
        { id: '', name: '', lead: '', goal: '', why: '百分比超出 0—100' },
      ],
      sheets: 0,
    });
    // each with why, and whose it is to correct where the row says (the review of the flawed sample)
    expect(lostTasksSentence(lost, 2023)).toBe('2023年重点任务台账中有3项任务的填报行未通过校验，未计入任务统计（“推进‘智慧民政’平台建设”：百分比超出 0—100、必填项为空，需办公室改正后重新报送；编号为RW-2023-11的任务：百分比超出 0—100，需办公室改正后重新报送；一项未能读出名称的任务：百分比超出 0—100，需办公室改正后重新报送）。');
  });

  it('counts a task filed twice once, with its rows, and asks the ledger’s sender to correct it with the task’s lead unit (the 16th attack: 3项任务 of two, 需养老服务科改正 of 办公室’s rows)', () => {
    const task = { task_id: 'RW-2020-10', task_name: '建立养老护理员常态化培训机制', lead_unit: '养老服务科' };
    const lost = lostKeyTasks(data([
      reject({ row: 5, rule: 'duplicate_key', values: task }),
      reject({ row: 9, rule: 'duplicate_key', values: { ...task, task_name: '建立养老护理员常态化培训机制（续）' } }),
      reject({ row: 12, values: { task_id: 'RW-2020-11', task_name: '全面实施养老服务机构服务质量星级评定', lead_unit: '养老服务科' } }),
    ], report), 2023);
    expect(lostTasksSentence(lost, 2023)).toBe('2023年重点任务台账中有2项任务的填报行（3行）未通过校验，未计入任务统计（“建立养老护理员常态化培训机制”（2行）：同一年度重复填报，需办公室会同养老服务科改正后重新报送；“全面实施养老服务机构服务质量星级评定”：百分比超出 0—100，需办公室会同养老服务科改正后重新报送）。');
  });

  it('says a lost task in a town’s report only where it may concern the town (the review of the flawed sample: in all 22)', () => {
    const huangcun = GEO.towns.find((t) => t.name === '黄村镇')!;
    expect(lostTaskConcerns({ name: '推进“智慧民政”平台建设', goal: '平台上线运行' }, huangcun)).toBe(false);
    expect(lostTaskConcerns({ name: '推进养老服务时间银行试点', goal: '在3个镇街开展时间银行试点' }, huangcun)).toBe(true);
    expect(lostTaskConcerns({ name: '黄村镇敬老院改造', goal: '' }, huangcun)).toBe(true);
    expect(lostTaskConcerns({ name: '礼贤镇、榆垡镇公益性公墓建设', goal: '' }, huangcun)).toBe(false);
    // a row whose name could not be read may be anyone's
    expect(lostTaskConcerns({ name: '', goal: '' }, huangcun)).toBe(true);
  });

  it('says the tasks of last year’s ledger that this year’s has not, by name (the 16th attack: 共48项任务 without a word of the one left out)', () => {
    const dropped = { file: '2025/办公室_2025.xlsx', sheet: '重点任务台账', row: null, column: '任务编号', value: 'RW-2020-13', rule: 'task_dropped' as const, message: '…' };
    const names = new Map([['RW-2020-13', '建设智力残疾人员社会福利机构']]);
    expect(droppedTasksSentence([dropped], 2025, (id) => names.get(id))).toBe('另有1项任务2024年台账中有、2025年台账中没有（“建设智力残疾人员社会福利机构”），未计入任务统计，需办公室补报。');
    expect(droppedTasksSentence([dropped], 2024, (id) => names.get(id))).toBeNull();
  });

  it('counts a ledger sheet rejected whole once, and says nothing when the ledger lost nothing', () => {
    const lost = lostKeyTasks(data([
      reject({ file: '2023/补报_2023.xlsx', sheet: '任务', row: null, column: '任务名称', scope: 'sheet', rule: 'missing_column' }),
      reject({ file: '2023/补报_2023.xlsx', sheet: '任务', row: null, column: '进展状态', scope: 'sheet', rule: 'missing_column' }),
      reject({ file: '2023/办公室_2023.xlsx', sheet: '', row: null, column: '', scope: 'file', rule: 'encrypted' }),
    ], report), 2023);
    expect(lost).toEqual({ tasks: [], sheets: 1 });
    expect(lostTasksSentence(lost, 2023)).toBe('2023年重点任务台账有1张表整表未通过校验，表中的任务均未计入任务统计。');
    expect(lostTasksSentence({ tasks: [], sheets: 0 }, 2023)).toBeNull();
  });
});
