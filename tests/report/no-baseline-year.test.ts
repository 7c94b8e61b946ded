/**
 * No folder of the baseline year (2020): the evaluation goes by the plan's baselines, but what
 * compares with the year's own data has nothing to go on. Warned (it had gone unsaid), said in
 * 一, and no town said to have '0项较2020年提高' nor facilities that ran in 2020 called
 * 新建成运营 (the inputs of unusual shape, session 63).
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../pipeline/build.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import type { Warning } from '../../pipeline/ingest/records.ts';
import { sample, tempDir } from '../support/helpers.ts';

let warnings: Warning[];
let final: string;
let report2024: string;
let report2022: string;
let towns: string[];

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&ldquo;|&rdquo;/g, '"');

beforeAll(async () => {
  const input = await sample();
  rmSync(join(input, '2020'), { recursive: true });
  const out = tempDir('no-baseline');
  const r = await build({ input, out, acceptRejects: false, pdf: false, log: memoryLogger() });
  if (r.exitCode !== 0) throw new Error(`build: ${r.exitCode}`);
  warnings = r.data!.warnings;
  final = text(readFileSync(join(out, 'site', 'reports', '2025', 'index.html'), 'utf8'));
  report2024 = text(readFileSync(join(out, 'site', 'reports', '2024', 'index.html'), 'utf8'));
  report2022 = text(readFileSync(join(out, 'site', 'reports', '2022', 'index.html'), 'utf8'));
  const dir = join(out, 'site', 'reports', '2025', 'towns');
  towns = readdirSync(dir).filter((f) => f.endsWith('.html')).map((f) => text(readFileSync(join(dir, f), 'utf8')));
}, 180_000);

describe('an input without the baseline year', () => {
  it('warns that the baseline year\'s folder is missing', () => {
    const w = warnings.filter((x) => x.file === '2020/');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('缺少基期 2020 年的年度文件夹');
  });

  it('says so once in the final evaluation', () => {
    expect(final).toContain('输入数据中没有2020年的数据（没有读到该年的任何工作表），该年各项指标均缺少数据，评价按规划印发的基期值。');
  });

  it('counts a town\'s rises only over the indicators with a value at both ends', () => {
    expect(towns).toHaveLength(22);
    for (const t of towns) {
      expect(t).not.toMatch(/\d+项指标中有\d+项较2020年提高/);
      expect(t).toMatch(/(可与2020年比较的\d+项中有\d+项较2020年提高|2020年均缺少数据，不作与2020年的比较)/);
    }
  });

  it('calls nothing 新建成运营 that it cannot tell was not there in 2020', () => {
    expect(final).not.toMatch(/规划期内新建成运营/);
    for (const t of towns) expect(t).not.toMatch(/新建成运营/);
  });

  it('tells of facilities already 停用 in the first year sent, as such, and of those closed since', () => {
    // the 352 beds, 停用 in the 2021 sheet, had gone unsaid, the advice '仍差384张' where the full input gives 32
    expect(report2024).toContain('2021年设施报表中已为停用的天宫院街道的北京市大兴区安心颐养中心（352张床位，相当于544张缺口的64.7%）至2024年仍未恢复运营（2023年起设施报表不再列出）');
    expect(report2024).toContain('停用的352张恢复运营、在建的160张建成运营后，合计512张，按目前的常住人口仍差32张');
    expect(final).toContain('核实2021年设施报表中已为停用的天宫院街道的北京市大兴区安心颐养中心（352张床位）是否已撤销');
    // not as a closing of the period: it may have stopped before it
    expect(final).not.toMatch(/规划期内全区停用养老机构/);
    // the stations closed in 2023, between two years sent, are closings (附录四 asks whether they were deregistered)
    expect(final).toContain('庞各庄镇付家务村养老服务驿站（2023年停用，2024年起不再列出）');
    expect(final).toContain('天宫院街道的北京市大兴区安心颐养中心（2021年已为停用，2023年起不再列出）');
  });

  it('counts a register’s moves from the first year sent, and names the baseline year’s returns as not sent (a review: 新增153家 beside 141)', () => {
    expect(report2022).toContain('“社会工作专业服务机构”：2021年以来新增7家、注销12家');
    expect(report2022).not.toMatch(/2020年以来新增\d+家/);
    expect(report2022).toContain('2021—2022年报送的统计报表');
    expect(report2022).toContain('以下报表未报送或不全，依赖它们的指标记为缺失：2020年（基期）的全部报表。');
    // the folder not there is no record for a department to check
    expect(report2022).not.toMatch(/需要科室核实的数据\d/);
  });
});
