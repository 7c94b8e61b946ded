/**
 * A year whose figure was made from incomplete data, compared in later years' reports: 兴丰街道's
 * 户籍儿童人口 left blank in 2023 (a warning; the build publishes) makes 2023's 每万人户籍儿童机构床位数
 * higher than it is (the other towns' children only) and marked. The 17th workbook attack: the 2024
 * report said 由15.6张降至14.9张（2024年户籍儿童增加8711人…）, 兴丰's children counted as an
 * increase, and the final evaluation 2023年曾达到目标，2024年回落 and a 2023 集中变化 in its
 * proposal, none of it marked. The year's own report says the target met with the mark; later
 * years make no comparison with it (a fresh reading: marks beside them still read as a real dip).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, type CsvRow } from '../../pipeline/basics/csv.ts';
import { builtOut, editSheet, headerColumns, sample } from '../support/helpers.ts';

let input: string;
let out: string;
let values: CsvRow[];

const text = (html: string) => html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const report = (year: number) => text(readFileSync(join(out, 'site', 'reports', String(year), 'index.html'), 'utf8'));
const district = (year: number) => values.find((r) => r.year === String(year) && r.geo_level === 'district' && r.indicator_id === '11')!;

beforeAll(async () => {
  input = await sample();
  await editSheet(join(input, '2023', '区统计局_2023.xlsx'), '人口基础数据', (ws) => {
    const { header, columns: [where, children] } = headerColumns(ws, '镇街', ['镇街', '户籍儿童人口']);
    let blanked = 0;
    for (let n = header + 1; n <= ws.rowCount; n++) {
      // the sheet may name the town in full (大兴区兴丰街道)
      if (String(ws.getCell(n, where!).value ?? '').includes('兴丰')) {
        ws.getCell(n, children!).value = null;
        blanked++;
      }
    }
    expect(blanked).toBe(1);
  });
  out = await builtOut(input, { reports: true });
  values = parseCsv(readFileSync(join(out, 'data', 'indicator_values.csv'), 'utf8'));
}, 900_000);

afterAll(() => {
  for (const d of [input, out]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('a year made from incomplete data, compared later', () => {
  it('is the case the test means: 2023 marked and met, 2024 complete and below it, 2025 met again', () => {
    expect(district(2023).is_complete).toBe('false');
    expect(district(2023).status).toBe('已完成');
    expect(district(2024).is_complete).toBe('true');
    expect(Number(district(2024).value)).toBeLessThan(Number(district(2023).value));
    expect(district(2025).verdict).toBe('完成');
  });

  it('says so where the year’s own report states the target met', () => {
    expect(report(2023)).toMatch(/“每万人户籍儿童机构床位数”（[\d.]+张，2023年所用数据不完整）2023年达到规划目标/);
  });

  it('counts no status change and no fall on last year from a year made from incomplete data: the two years are not comparable', () => {
    const r = report(2024);
    expect(r).toContain('“每万人户籍儿童机构床位数”由“已完成”变为“快于时序进度”，2023年所用数据不完整，两年不可比，不计入');
    expect(r).not.toMatch(/进度评价下降（[^）]*每万人户籍儿童机构床位数/);
    expect(r).not.toMatch(/与上年相比，“每万人户籍儿童机构床位数”由/);
    expect(r).not.toMatch(/户籍儿童增加\d/);
  });

  it('tells in the final evaluation no record of met and lost, no setback, no one-off change from that year', () => {
    const r = report(2025);
    expect(r).not.toContain('“每万人户籍儿童机构床位数”2023年曾达到目标');
    expect(r).not.toContain('2023年曾达到，2024年回落');
    expect(r).not.toMatch(/“每万人户籍儿童机构床位数”2024年由[\d.]+张降至/);
    const row = /11每万人户籍儿童机构床位数（张）约束性.*?(?= 12区级儿童福利机构数量)/.exec(r)?.[0] ?? '';
    expect(row).toContain('年均变化');
    expect(row).not.toContain('集中变化');
  });
});
