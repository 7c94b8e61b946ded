/**
 * Reading in worker threads (issue 13): the same rejects, warnings, load report and rows as
 * reading each workbook in this thread into row objects, in the same order, whatever order
 * the workers finish in.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readConfiguration } from '../../pipeline/build.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { parseWorkbook, recognizeSheet, type ParsedSheet } from '../../pipeline/ingest/parse-sheet.ts';
import { readInputs, type InputData } from '../../pipeline/ingest/read-inputs.ts';
import { compareYears, validateYear, type YearData } from '../../pipeline/ingest/validate-year.ts';
import { readWorkbook } from '../../pipeline/ingest/xlsx/workbook.ts';
import { row, writeCraftedXlsx } from '../support/crafted-xlsx.ts';
import { sample } from '../support/helpers.ts';

let input: string;

/** The years as reading every workbook here, into row objects, and checking them gives them. */
async function objectPath(dir: string): Promise<YearData[]> {
  const { geography, listing, plan } = readConfiguration(dir);
  const sheets = new Map<number, ParsedSheet[]>(listing.years.map((y) => [y, []]));
  for (const f of listing.workbooks) {
    try {
      const grid = await readWorkbook(f.path, {}, { sheetFilter: (name) => recognizeSheet(name) !== undefined });
      sheets.get(f.year)!.push(...parseWorkbook(grid, { year: f.year, geography, file: f.relPath }).sheets);
    } catch {
      // a file rejected as a whole: compared through readInputs below
    }
  }
  const years: YearData[] = [];
  let prev: YearData | undefined;
  for (const year of listing.years) {
    const data = validateYear(year, sheets.get(year)!, geography, plan);
    if (prev && prev.year === year - 1) data.warnings.push(...compareYears(prev, data, { geography }));
    years.push(data);
    prev = data;
  }
  return years;
}

async function read(dir: string, workers: number, log = memoryLogger()): Promise<InputData> {
  const { geography, listing, plan } = readConfiguration(dir);
  return readInputs(listing, { geography, plan }, log, { workers });
}

/** A year as plain data: its rows of every kind made objects. */
const plain = (y: YearData) => ({ year: y.year, rejects: y.rejects, warnings: y.warnings, reports: y.reports, rows: [...y.rows.entries()].map(([k, rows]) => [k, [...rows]]) });

beforeAll(async () => {
  input = await sample({ years: [2024, 2025], withErrors: true });
  // Beside the sample's defects: stations naming their community with other spacing and
  // width (written back as the directory writes it), a duplicate across files, extra
  // columns (one named by a number) and cells right of the header.
  const { geography, listing, plan } = readConfiguration(input);
  const first = await readInputs(listing, { geography, plan }, memoryLogger(), { workers: 0 });
  const stations = first.years.find((y) => y.year === 2025)!.rows.get('志愿服务站点')!;
  const town = (code: unknown) => geography.byCode.get(String(code))!.name;
  const spaced = (s: string) => `${s.slice(0, 1)} ${s.slice(1)}`.replace(/社区$/, '社　区');
  mkdirSync(join(input, '2025'), { recursive: true });
  writeCraftedXlsx(join(input, '2025', '补充_2025.xlsx'), [
    {
      name: '志愿服务站点',
      data: [
        row(1, ['序号', '站点名称', '镇街', '社区村名称', '2023', '备注']),
        ...stations.slice(0, 6).map((s, i) => row(i + 2, [i + 1, `补充站${i}`, town(s.values.town), spaced(String(s.values.community_name)), i, '说明'])),
        row(8, [7, String(stations[7]!.values.station_name), town(stations[7]!.values.town), String(stations[7]!.values.community_name), 7, null]),
        row(9, [8, '补充站9', town(stations[8]!.values.town), String(stations[8]!.values.community_name), 8, null, null, '表外']),
      ],
    },
  ]);
});

describe('readInputs(listing, ctx, log, { workers })', () => {
  it('gives each year what reading every workbook here as row objects gives: rejects, warnings, reports, rows', async () => {
    const [expected, viaWorkers] = await Promise.all([objectPath(input), read(input, 2)]);
    expect(viaWorkers.years.map(plain)).toEqual(expected.map(plain));
    // and with the fields of each row and reject in the same order (the ledger writes them as JSON)
    expect(JSON.stringify(viaWorkers.years.map(plain))).toBe(JSON.stringify(expected.map(plain)));
    // the crafted rows are there: names written back, a duplicate rejected, extras kept
    const y2025 = viaWorkers.years.find((y) => y.year === 2025)!;
    expect(y2025.rejects.some((r) => r.rule === 'duplicate_key' && r.file === '2025/补充_2025.xlsx')).toBe(true);
    const crafted = y2025.rows.get('志愿服务站点')!.filter((r) => r.sourceFile === '2025/补充_2025.xlsx');
    expect(crafted.length).toBeGreaterThan(5);
    expect(crafted.every((r) => !/ |　/.test(String(r.values.community_name)))).toBe(true);
    expect(crafted[0]!.extras).toEqual({ '2023': '0', 序号: '1', 备注: '说明' });
  });

  it('gives the same data and log lines with two workers as in this thread, rejected files included', async () => {
    const logA = memoryLogger();
    const logB = memoryLogger();
    const [a, b] = await Promise.all([read(input, 0, logA), read(input, 2, logB)]);
    expect(a.rejects.filter((r) => r.scope === 'file').length).toBeGreaterThan(3);
    expect({ ...b, years: b.years.map(plain) }).toEqual({ ...a, years: a.years.map(plain) });
    expect(JSON.stringify({ ...b, years: b.years.map(plain) })).toBe(JSON.stringify({ ...a, years: a.years.map(plain) }));
    const untimed = (lines: string[]) => lines.map((l) => l.replace(/（\d+ 毫秒）/, ''));
    expect(untimed(logB.lines)).toEqual(untimed(logA.lines));
  });

  it('hands each year to onYear in order, and with keepRows: false drops its rows once the next year is compared', async () => {
    const { geography, listing, plan } = readConfiguration(input);
    const seen: [number, number][] = [];
    const data = await readInputs(listing, { geography, plan }, memoryLogger(), {
      keepRows: false,
      onYear: (year) => {
        seen.push([year.year, year.rows.kept('社区村名录').length]);
        expect(year.rows.get('社区村名录')!.length).toBeGreaterThan(0);
      },
    });
    expect(seen.map(([y]) => y)).toEqual([2024, 2025]);
    expect(() => data.years[0]!.rows.get('社区村名录')).toThrow(/已载入数据仓库并释放/);
    expect(() => data.years[1]!.rows.get('社区村名录')).toThrow(/已载入数据仓库并释放/);
  });
});
