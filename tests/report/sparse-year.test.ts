/**
 * Years from which most workbooks are missing (2024: 社会事务科's alone; 2025: 区统计局's alone):
 * no verdict on the year or the period from the few indicators that have a value (one had made
 * 2024 '规划实施总体滞后于时序进度', 3.1 % 完成 the period '仅部分实现'), and the binding targets
 * without a value are said beside the warnings, not under '没有约束性指标列入预警' above a box
 * listing them (the inputs of unusual shape, session 63).
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../pipeline/build.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { sample, tempDir } from '../support/helpers.ts';

let overview2024: string;
let overview2025: string;
let home: string;
let final: string;
let town2025: string;
let town2024: string;

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&ldquo;|&rdquo;/g, '"');
const overview = (html: string) => {
  const start = html.indexOf('id="overview"');
  return text(html.slice(start, html.indexOf('<h2', start + 20)));
};

beforeAll(async () => {
  const input = await sample();
  for (const [year, keep] of [['2024', '社会事务科'], ['2025', '区统计局']] as const) {
    for (const f of readdirSync(join(input, year))) if (!f.startsWith(keep)) rmSync(join(input, year, f));
  }
  const out = tempDir('sparse-year');
  const r = await build({ input, out, acceptRejects: false, pdf: false, log: memoryLogger() });
  if (r.exitCode !== 0) throw new Error(`build: ${r.exitCode}`);
  overview2024 = overview(readFileSync(join(out, 'site', 'reports', '2024', 'index.html'), 'utf8'));
  overview2025 = overview(readFileSync(join(out, 'site', 'reports', '2025', 'index.html'), 'utf8'));
  home = text(readFileSync(join(out, 'site', 'index.html'), 'utf8'));
  final = text(readFileSync(join(out, 'site', 'reports', '2025', 'index.html'), 'utf8'));
  town2025 = text(readFileSync(join(out, 'site', 'reports', '2025', 'towns', 'tiangongyuan.html'), 'utf8'));
  town2024 = text(readFileSync(join(out, 'site', 'reports', '2024', 'towns', 'caiyu.html'), 'utf8'));
}, 180_000);

describe('a year with most of its workbooks missing', () => {
  it('gives the year no verdict from the few indicators that have a value', () => {
    expect(overview2024).toMatch(/2024年是规划实施的第四年，时序进度为80\.0%。\d+项主要指标缺少数据，无法评估，超过半数，本年不作总体评价。/);
    expect(overview2024).not.toMatch(/规划实施总体/);
  });

  it('says the binding targets without a value beside the warnings, not under none warned', () => {
    expect(overview2024).toMatch(/没有约束性指标因进度列入预警，(“[^”]+”)+因缺少数据无法评估（见下框）。/);
    expect(overview2024).not.toMatch(/，没有约束性指标列入预警。/);
  });

  it('leaves the period\'s conclusion to the data, in the final evaluation', () => {
    expect(overview2025).toMatch(/总体看，\d+项主要指标2025年缺少数据、无法评估，超过半数，规划期末的总体结论需在补齐数据（见六）后作出。/);
    expect(overview2025).not.toMatch(/仅部分实现|大部分实现|基本实现/);
  });

  it('does not call the binding targets all done on the site\'s home page when none could be judged', () => {
    expect(home).toMatch(/12项约束性指标中，因数据缺失无法评估\d+项/);
    expect(home).not.toMatch(/约束性指标中[^。]*全部完成/);
  });

  it('shows on the home page how many could not be judged, beside the verdicts', () => {
    expect(home).toMatch(/(\d+)项\s*缺少数据、无法评估/);
  });

  it('finds no problem where it has no data, and splits no target it cannot compute', () => {
    expect(final).toMatch(/对照规划目标，2025年\d+项主要指标缺少数据、无法评估，重点任务台账未报送；有数据的指标和任务中未发现需要专门列出的问题，需先补齐数据（见六），重新评估。/);
    expect(final).not.toMatch(/规划确定的指标和重点任务均已完成/);
    expect(final).toContain('比率类指标缺少数据，无法按镇街分解');
    expect(final).not.toContain('比率类指标全区均已达到，不需分解');
  });

  it('in a town\'s report, says what has no value and that the ledger was not sent', () => {
    expect(town2025).toContain('天宫院街道的比率类指标2025年均缺少数据，无法与全区目标水平对照，差距无从判断。');
    expect(town2025).toMatch(/天宫院街道的\d+项指标2025年均缺少数据，不作与2020年的比较/);
    expect(town2024).toContain('2024年重点任务台账未报送，与本镇相关的区级任务的进展无从说明。');
    expect(town2024).not.toMatch(/没有单独列明采育镇的任务/);
  });
});
