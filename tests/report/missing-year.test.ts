/**
 * A year folder left empty (2023): every value of the year is missing, and the reports compare
 * across it without inventing what happened in it — no '没有变化' against a year without data,
 * no lapse of a maintained target, no task 逾期完成 because the ledger that would have said it
 * was done in time is the missing one, no closings (the inputs of unusual shape, session 63).
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../pipeline/build.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import type { IndicatorValue } from '../../pipeline/evaluate/evaluate.ts';
import { sample, tempDir } from '../support/helpers.ts';

let values: IndicatorValue[];
let report2023: string;
let report2024: string;
let report2025: string;

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&ldquo;|&rdquo;/g, '"');

beforeAll(async () => {
  const input = await sample();
  for (const f of readdirSync(join(input, '2023'))) rmSync(join(input, '2023', f));
  const out = tempDir('missing-year');
  const r = await build({ input, out, acceptRejects: false, pdf: false, log: memoryLogger() });
  if (r.exitCode !== 0) throw new Error(`build: ${r.exitCode}`);
  values = r.values!;
  report2023 = text(readFileSync(join(out, 'site', 'reports', '2023', 'index.html'), 'utf8'));
  report2024 = text(readFileSync(join(out, 'site', 'reports', '2024', 'index.html'), 'utf8'));
  report2025 = text(readFileSync(join(out, 'site', 'reports', '2025', 'index.html'), 'utf8'));
}, 180_000);

describe('a year without data between others', () => {
  it('has no value that year', () => {
    expect(values.filter((v) => v.year === 2023 && v.value !== null)).toEqual([]);
  });

  it('is said once in the final evaluation, not in every row of its table', () => {
    expect(report2025).toContain('输入数据中没有2023年的数据（没有读到该年的任何工作表），该年各项指标均缺少数据。');
    // only where it qualifies a maintained target's record: 其余各年均保持
    for (const m of report2025.matchAll(/2023年缺少数据(.{0,9})/g)) expect(m[1]).toMatch(/^(，其余各年均保持|）|，当年的回落和滞后)/);
  });

  it('is not compared with as if its statuses were known', () => {
    expect(report2024).toContain('2023年缺少数据，不作与上年的比较。');
    expect(report2024).not.toMatch(/与2023年相比[^。]*没有变化/);
  });

  it('is no lapse of a maintained target', () => {
    expect(report2025).not.toMatch(/2023年未保持/);
    expect(report2025).toMatch(/“5A级婚姻登记机关比例”2023年缺少数据，其余各年均保持/);
  });

  it('makes no task due in it late, where the next ledger says it is done', () => {
    expect(report2024).not.toMatch(/2023年底逾期完成/);
    expect(report2025).not.toMatch(/完成时限2023年底，2024年完成/);
  });

  it('says in words, not with a dash, what the office’s passage cannot fill', () => {
    // data/text/passages/2024/养老服务.md: '驿站较上年{指标6.较上年}，…'
    expect(report2024).toContain('驿站较上年（2023年缺少数据，无法比较），年底建成运营社区养老服务驿站139家');
  });

  it('tells of no facility closing or opening across it', () => {
    expect(report2024).not.toMatch(/2024年停用|同年新投入运营/);
  });

  it('counts as early what was done or met by a year before the deadline, whichever year between (a review: 1 of 9 tasks)', () => {
    expect(report2025).toContain('规划期内9项重点任务早于完成时限完成');
    expect(report2025).toContain('“扩充临时救助和长期照料床位”完成时限为2025年底，2023—2024年间即完成，“临时救助和长期照料总床位数”2023—2024年间达到目标');
    expect(report2025).toContain('此后有数据的各年均保持（2023年缺少数据）：2022年1项（“慈善信托财产总规模”），2023—2024年间6项');
    expect(report2025).not.toContain('一直保持到2025年末');
  });

  it('dates setbacks and recoveries across it by the years either side, and says what it left unmonitored', () => {
    expect(report2025).toContain('“社会散居孤儿供养标准与人均消费支出比值”2022—2024年间回落、2025年恢复');
    expect(report2025).toContain('“有集中供养需求的特困对象集中供养率”2022年回落、到2024年已恢复');
    expect(report2025).toContain('2023年缺少数据，当年的回落和滞后无法发现，年度报表需按时报送');
    // maintained records alike said once
    expect(report2025).toContain('约束性指标“建成运营街道乡镇养老照料中心数量”、“万名老年人拥有养老护理员数”、约束性指标“区级儿童福利机构数量”、约束性指标“5A级婚姻登记机关比例”2023年缺少数据，其余各年均保持，期末均达到规划要求');
  });

  it('still tells of the closings between years with data, and one across it as of the years either side', () => {
    // a year without data had lost every closing of the period: the 352 beds stopped in 2021, 87 % of the final gap
    expect(report2025).toContain('规划期内全区停用养老机构1家（2021年：天宫院街道的北京市大兴区安心颐养中心，352张床位，2024年起设施报表不再列出）；这352张床位相当于403张缺口的87.3%');
    expect(report2024).toContain('2021年停用的天宫院街道的北京市大兴区安心颐养中心（352张床位，相当于544张缺口的64.7%）至2024年仍未恢复运营');
    // a station operating in 2022 and on no list from 2024: not '2024年停用'
    expect(report2025).toContain('庞各庄镇付家务村养老服务驿站（2022年仍在运营，2024年起不再列出）');
  });

  it('finds no problem in, and advises no more than sending, a year it has no data for', () => {
    expect(report2023).toContain('2023年32项主要指标缺少数据、无法评估，重点任务台账未报送；无法判断存在的问题，需先补齐数据，重新评估。');
    expect(report2023).toContain('建议有关科室尽快补报缺少的报表，补齐后重新评估');
    expect(report2023).not.toMatch(/均达到进度要求|未发现需要专门列出的问题/);
  });

  it('dates nothing in the year after it that may have happened in it', () => {
    // the tasks the 2024 ledger has done were done in 2023 or 2024: not '2024年完成了'
    expect(report2024).not.toMatch(/2024年完成了/);
    // a fall across it is of the span
    expect(report2025).toContain('“社会散居孤儿供养标准与人均消费支出比值”2022—2024年间（2023年缺少数据）由0.59降至0.58');
    expect(report2025).not.toMatch(/2024年由0\.59降至0\.58/);
    // a target met before it and after it was met from the first year
    expect(report2025).toMatch(/2022年1项（“慈善信托财产总规模”）/);
  });

  it('names it in the data-quality appendix as a year whose returns were not sent', () => {
    expect(report2025).toContain('以下报表未报送或不全，依赖它们的指标记为缺失：2023年的全部报表。');
  });

  it('counts a sheet not sent once in the problems by kind, not once per town or row, and not as data to be checked', () => {
    // the sample's own warnings (none in 2023) and the 2023 sheets not read: one problem a sheet
    const kinds = report2025.slice(report2025.indexOf('表 数据问题分类统计'));
    expect(kinds).not.toMatch(/缺少镇街/);
    expect(kinds).not.toMatch(/缺少规定的指标行/);
    expect(kinds).toMatch(/未报送或未读到的工作表（每张表计1处）\s*0\s*22\s/);
    expect(report2025).not.toMatch(/需要科室核实的数据\d/);
  });
});
