import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv, toCsv, writeCsvFile, type CsvValue } from '../../pipeline/basics/csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'planeval-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeCsvFile', () => {
  const columns = ['名称', 'value', 'flag'];
  const rows: CsvValue[][] = [
    ['=SUM(A1)', 1.5, true],
    ['含,逗号', -0.25, false],
    ['含"引号"\n换行', null, null],
    [undefined, Number.NaN, true],
  ];

  it('writes what toCsv writes, with the prefix first', () => {
    const file = join(dir, 'a.csv');
    writeCsvFile(file, columns, rows, true, '\uFEFF');
    const expected = toCsv(columns, rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]]))));
    expect(readFileSync(file, 'utf8')).toBe('\uFEFF' + expected);
    expect(expected).toContain(`'=SUM(A1),1.5,true\n"含,逗号",-0.25,false\n"含""引号""\n换行",,\n,,true\n`);
  });

  it('keeps every row across the chunks it writes (more than 256 K characters)', () => {
    const file = join(dir, 'b.csv');
    const many = Array.from({ length: 30_000 }, (_, i): CsvValue[] => [`镇街${i}，第${i}行`, i / 7, i % 2 === 0]);
    writeCsvFile(file, columns, many);
    const back = parseCsv(readFileSync(file, 'utf8'));
    expect(back).toHaveLength(30_000);
    expect(back[29_999]).toEqual({ 名称: '镇街29999，第29999行', value: String(29_999 / 7), flag: 'false' });
  });

  it('neutralises text a spreadsheet would read as a formula, but not a negative number as written (a review: ’-5 in rejects.csv)', () => {
    const csv = toCsv(['v'], ['-5', '-0.25', '-1+2', '-A1', '+5', '=1', '@x'].map((v) => ({ v })));
    expect(csv.split('\n').slice(1, 8)).toEqual(['-5', '-0.25', "'-1+2", "'-A1", "'+5", "'=1", "'@x"]);
  });

  it('refuses a row of the wrong width', () => {
    expect(() => writeCsvFile(join(dir, 'c.csv'), columns, [['x', 1]])).toThrow(/应有 3 列，实有 2 列/);
  });
});
