/**
 * A new row ten times larger than any of last year's (a home of 4250 beds where the largest had
 * 424: a digit typed twice?) is loaded as sent and warned, and the final evaluation says that
 * the verdict it makes rests on it, and what the verdict is without it — computed here by hand
 * from the published numerator and denominator. It had made 千人养老机构床位数 完成 without a
 * word: a new row has no value of its own last year for the 50 % check to weigh it against.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../pipeline/build.ts';
import { parseCsv, type CsvRow } from '../../pipeline/basics/csv.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { editSheet, sample, tempDir } from '../support/helpers.ts';

const HOME = '北京市大兴区新建颐养院';
let report: string;
let warnings: CsvRow[];
let row: CsvRow;

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&ldquo;|&rdquo;/g, '"').replace(/\s+/g, ' ');

beforeAll(async () => {
  const input = await sample();
  await editSheet(join(input, '2025', '养老服务科_2025.xlsx'), '养老服务设施', (ws) => {
    // the sheet's footnote row becomes the new home (a note is no data)
    const last = ws.rowCount;
    expect(String(ws.getCell(last, 1).value)).toMatch(/^注/);
    ws.unMergeCells(last, 1, last, 5);
    [HOME, '天宫院街道', '运营', 4250, '养老机构'].forEach((v, i) => (ws.getCell(last, i + 1).value = v));
  });
  const out = tempDir('outsized-new-row');
  const log = memoryLogger();
  const r = await build({ input, out, acceptRejects: false, pdf: false, log });
  if (r.exitCode !== 0) throw new Error(log.lines.join('\n'));
  report = text(readFileSync(join(out, 'site', 'reports', '2025', 'index.html'), 'utf8'));
  warnings = parseCsv(readFileSync(join(out, 'data', 'warnings.csv'), 'utf8'));
  row = parseCsv(readFileSync(join(out, 'data', 'indicator_values.csv'), 'utf8')).find((x) => x.year === '2025' && x.geo_level === 'district' && x.indicator_id === '4')!;
}, 300_000);

describe('a new row ten times larger than any of last year', () => {
  it('is loaded as sent and warned, naming the row, its value and last year’s largest', () => {
    expect(row.verdict).toBe('完成');
    const w = warnings.filter((x) => x.rule === 'outsized_new_row');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ file: '2025/养老服务科_2025.xlsx', column: '床位数', value: '4250' });
    expect(w[0]!.message).toContain(`“设施名称”为“${HOME}”、“所在镇街”为“天宫院街道”的行是 2025 年新增的，数值 4250 超过 2024 年养老机构各行最大值（424）的 10 倍，请核实`);
  });

  it('has the final evaluation say that the verdict rests on it, and the verdict without it', () => {
    // without the row: (numerator − 4250) per 1,000 of the denominator
    const without = ((Number(row.numerator) - 4250) / Number(row.denominator)) * 1000;
    expect(without).toBeLessThan(5.5);
    const cell = `新增的天宫院街道“${HOME}”的床位数为4250张（2024年同类各行最大为424张）`;
    expect(report).toContain(`“千人养老机构床位数”评为完成，所依据的2025年数据中${cell}，远大于上年各行，需养老服务科核实；如不计新增的行，全区为${without.toFixed(1)}张，未完成`);
    expect(report).toContain(`需要核实的记录中，2项指标的2025年数值计入了远大于上年各行的填报，在科室核实之前按填报数计算：`);
    expect(report).toContain(`指标4“千人养老机构床位数”：${cell}`);
  });
});
