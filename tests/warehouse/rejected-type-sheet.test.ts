/**
 * One office's sheet of a register rejected whole (the 驿站 office's 养老服务设施, a header
 * renamed), the other office's sheet of the kind loaded: the type only the rejected sheet
 * listed is missing, so what counts just that type (建成运营社区养老服务驿站) is missing, never 0;
 * what counts every type (每千名常住人口养老床位数) is computed from the rows that loaded and
 * marked incomplete (data-contract §4). The 14th workbook attack: it had been blanked for every
 * town and the district.
 */
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CsvRow } from '../../pipeline/basics/csv.ts';
import { editSheet, headerColumns, publishedValues, sample, tempDir } from '../support/helpers.ts';

const YEAR = '2024';
let clean: CsvRow[];
let edited: CsvRow[];
let stationBeds = 0;

const values = (input: string) => publishedValues(input, YEAR);

beforeAll(async () => {
  const input = await sample({ years: [2023, 2024] });
  clean = await values(input);
  const copy = tempDir('type-sheet-in');
  cpSync(input, copy, { recursive: true });
  const stations = readdirSync(join(copy, YEAR)).filter((f) => f.includes('驿站'));
  expect(stations).toHaveLength(1);
  await editSheet(join(copy, YEAR, stations[0]!), '养老服务设施', (ws) => {
    const { header, columns: [type, beds, status] } = headerColumns(ws, '设施类型', ['设施类型', '床位数', '运营状态']);
    expect([type, beds, status].every((i) => i! > 0)).toBe(true);
    // the beds of the operating stations, by hand: what the district's numerator loses
    for (let n = header + 1; n <= ws.rowCount; n++) {
      if (ws.getCell(n, type!).value === '养老服务驿站' && ws.getCell(n, status!).value === '运营') stationBeds += Number(ws.getCell(n, beds!).value ?? 0);
    }
    ws.getCell(header, type!).value = '类型';
  });
  edited = await values(copy);
}, 600_000);

describe('a register’s sheet rejected whole while another sheet of the kind loaded', () => {
  const district = (rows: CsvRow[], id: string) => rows.find((r) => r.indicator_id === id && r.geo_level === 'district')!;

  it('leaves what counts only the type it held missing, not 0', () => {
    expect(Number(district(clean, '6').value)).toBeGreaterThan(100);
    expect(district(edited, '6').value).toBe('');
    expect(edited.filter((r) => r.indicator_id === '6' && r.value !== '')).toEqual([]);
  });

  it('computes what counts every type from the rows that loaded, marked incomplete', () => {
    const before = district(clean, '3');
    const after = district(edited, '3');
    expect(stationBeds).toBeGreaterThan(0);
    expect(Number(after.numerator)).toBe(Number(before.numerator) - stationBeds);
    expect(after.denominator).toBe(before.denominator);
    expect(after.is_complete).toBe('false');
    // and the towns: each has a value, incomplete where the rejected sheet named it
    expect(edited.filter((r) => r.indicator_id === '3' && r.geo_level === 'town' && r.value === '')).toEqual([]);
  });
});
