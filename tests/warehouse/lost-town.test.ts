/**
 * A town whose every row of one sheet kind was rejected has no value of its own (what it has of
 * that kind is unknown, not none), but the district is computed from the rows that loaded
 * (data-contract §4): its rows of the other kinds still count. The 14th workbook attack: 采育镇's
 * one 福利机构 row, a 智力残疾人员 centre whose 机构类型 was mistyped, rejected, had taken its
 * children out of indicator 11's denominator (每万人户籍儿童机构床位数), and the binding target
 * read as met early.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CsvRow } from '../../pipeline/basics/csv.ts';
import { editSheet, headerColumns, publishedValues, sample, tempDir } from '../support/helpers.ts';

const YEAR = '2024';
let clean: CsvRow[];
let edited: CsvRow[];
let withStreet: CsvRow[];
let town = '';
let beds = 0;
let withoutChildren: CsvRow[];
let host = '';
let hostBeds = 0;
let hostChildren = 0;

const values = (input: string) => publishedValues(input, YEAR);

beforeAll(async () => {
  const input = await sample({ years: [2023, 2024] });
  clean = await values(input);
  const copy = tempDir('lost-town-in');
  cpSync(input, copy, { recursive: true });
  await editSheet(join(copy, YEAR, `社会福利和儿童福利科_${YEAR}.xlsx`), '福利机构', (ws) => {
    // the header's columns, and a town with exactly one row of the sheet
    const { header, columns: [type, where, count] } = headerColumns(ws, '机构类型', ['机构类型', '所在镇街', '床位数']);
    expect([type, where, count].every((i) => i! > 0)).toBe(true);
    const rows: { n: number; town: string }[] = [];
    for (let n = header + 1; n <= ws.rowCount; n++) {
      const t = ws.getCell(n, where!).value;
      if (typeof t === 'string' && t) rows.push({ n, town: t });
    }
    const once = rows.find((r) => rows.filter((x) => x.town === r.town).length === 1 && ws.getCell(r.n, type!).value === '智力残疾人员福利机构')!;
    expect(once).toBeDefined();
    town = once.town;
    beds = Number(ws.getCell(once.n, count!).value);
    ws.getCell(once.n, type!).value = '智力残疾人福利机构';
  });
  edited = await values(copy);
  // a 街道's row in the sheet of 镇 (公益性公墓覆盖), rejected: it can count in no value
  const street = tempDir('lost-town-street');
  cpSync(input, street, { recursive: true });
  await editSheet(join(street, YEAR, `社会事务科_${YEAR}.xlsx`), '公益性公墓覆盖', (ws) => {
    // after the last 镇's row (序号, 镇, 是否覆盖), before any closing row
    let last = 0;
    ws.eachRow((row, n) => { if (typeof row.getCell(1).value === 'number') last = n; });
    expect(last).toBeGreaterThan(3);
    ws.spliceRows(last + 1, 0, [15, '兴丰街道', '是']);
  });
  withStreet = await values(street);
  // the children of the town a 区级 children's institution stands in, left blank (the 17th attack)
  const blank = tempDir('lost-town-children');
  cpSync(input, blank, { recursive: true });
  await editSheet(join(blank, YEAR, `社会福利和儿童福利科_${YEAR}.xlsx`), '福利机构', (ws) => {
    const { header, columns: [type, where, count, status] } = headerColumns(ws, '机构类型', ['机构类型', '所在镇街', '床位数', '运营状态']);
    for (let n = header + 1; n <= ws.rowCount && !host; n++) {
      if (['儿童福利机构', '未成年人救助保护机构'].includes(String(ws.getCell(n, type!).value)) && ws.getCell(n, status!).value === '运营' && Number(ws.getCell(n, count!).value) > 0) {
        host = String(ws.getCell(n, where!).value);
        hostBeds = Number(ws.getCell(n, count!).value);
      }
    }
  });
  expect(host).not.toBe('');
  await editSheet(join(blank, YEAR, `区统计局_${YEAR}.xlsx`), '人口基础数据', (ws) => {
    const { header, columns: [where, children] } = headerColumns(ws, '镇街', ['镇街', '户籍儿童人口']);
    expect([where, children].every((i) => i! > 0)).toBe(true);
    for (let n = header + 1; n <= ws.rowCount; n++) {
      if (ws.getCell(n, where!).value === host) {
        hostChildren = Number(ws.getCell(n, children!).value);
        ws.getCell(n, children!).value = null;
      }
    }
  });
  expect(hostChildren).toBeGreaterThan(0);
  withoutChildren = await values(blank);
}, 600_000);

describe('a town whose every row of a kind was rejected', () => {
  it('keeps its children in the district’s denominator: the district from the rows that loaded, marked incomplete', () => {
    const of = (rows: CsvRow[]) => rows.find((r) => r.indicator_id === '11' && r.geo_level === 'district')!;
    expect(town).not.toBe('');
    expect(beds).toBeGreaterThan(0);
    // the rejected centre is not a children's institution: the numerator is as before, and so the denominator
    expect(of(edited).numerator).toBe(of(clean).numerator);
    expect(of(edited).denominator).toBe(of(clean).denominator);
    expect(of(edited).value).toBe(of(clean).value);
    expect(of(edited).is_complete).toBe('false');
    expect(of(edited).status).toBe(of(clean).status);
  });
});

describe('a rejected row that can count in no value', () => {
  it('leaves the figure complete: a 街道 in the sheet of 镇 (the 14th attack: 公益性公墓乡镇服务覆盖率 marked incomplete)', () => {
    const of = (rows: CsvRow[]) => rows.find((r) => r.indicator_id === '27' && r.geo_level === 'district')!;
    expect(of(withStreet).value).toBe(of(clean).value);
    expect(of(withStreet).is_complete).toBe('true');
  });
});

describe('a town without its children, where a 区级 children’s institution stands', () => {
  it('keeps the institution’s beds in the district’s numerator: they serve every town’s children (the 17th attack: 13.24 → 10.62, 逆向变化)', () => {
    const of = (rows: CsvRow[]) => rows.find((r) => r.indicator_id === '11' && r.geo_level === 'district')!;
    expect(hostBeds).toBeGreaterThan(0);
    // computed from the rows that loaded (data-contract §4): every bed, the other towns' children
    expect(of(withoutChildren).numerator).toBe(of(clean).numerator);
    expect(Number(of(withoutChildren).denominator)).toBe(Number(of(clean).denominator) - hostChildren);
    expect(of(withoutChildren).is_complete).toBe('false');
  });
});
