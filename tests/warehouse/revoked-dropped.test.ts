/**
 * A village revoked in the plan period stays in 社区村名录 with 状态 撤销 (data-contract §3).
 * Left out of a later year's roster, indicator 17 (实施村（居）委会撤销（调整）, cumulative) is
 * computed without it and marked incomplete; where none of a town's revoked villages is left,
 * the town's count is not known at all: missing, not 0. The 16th attack: every revoked village
 * left out of 2025's roster had published 0, 未完成, and a fall from 104 to 0 that never happened.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CsvRow } from '../../pipeline/basics/csv.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { editSheet, headerColumns, publishedValues, sample, tempDir } from '../support/helpers.ts';

const YEAR = '2025';
let clean: CsvRow[];
let noneLeft: CsvRow[];
let oneTown: CsvRow[];
let town = '';

/** A copy of `input` with the 2025 roster's revoked rows that `drop` picks (by town) deleted, bottom up. */
async function withoutRevoked(input: string, drop: (town: string) => boolean): Promise<string> {
  const copy = tempDir('revoked-dropped-in');
  cpSync(input, copy, { recursive: true });
  await editSheet(join(copy, YEAR, `基层政权和社区建设科_${YEAR}.xlsx`), '社区村名录', (ws) => {
    // the sample's header writes 状\u3000态, 镇\u3000街 (as the office's forms do)
    const { header, columns: [status, where] } = headerColumns(ws, '社区村名称', ['状\u3000态', '镇\u3000街']);
    expect(status).toBeGreaterThan(0);
    const rows: number[] = [];
    for (let n = header + 1; n <= ws.rowCount; n++) {
      if (ws.getCell(n, status!).value === '撤销' && drop(String(ws.getCell(n, where!).value))) rows.push(n);
    }
    expect(rows.length).toBeGreaterThan(0);
    for (const n of rows.reverse()) ws.spliceRows(n, 1);
  });
  return copy;
}

beforeAll(async () => {
  const input = await sample({ years: [2024, 2025] });
  clean = await publishedValues(input, YEAR);
  // the town with the most revoked villages
  const towns = clean.filter((r) => r.indicator_id === '17' && r.geo_level === 'town').sort((a, b) => Number(b.value) - Number(a.value));
  town = towns[0]!.geo_name!;
  expect(Number(towns[0]!.value)).toBeGreaterThan(0);
  noneLeft = await publishedValues(await withoutRevoked(input, () => true), YEAR);
  // the roster may write a town by an alias (geography.csv)
  const place = loadGeography().towns.find((t) => t.name === town)!;
  oneTown = await publishedValues(await withoutRevoked(input, (t) => [place.name, ...place.aliases].includes(t.trim())), YEAR);
}, 600_000);

const of = (rows: CsvRow[], level: 'district' | 'town', name = '') =>
  rows.find((r) => r.indicator_id === '17' && r.geo_level === level && (level === 'district' || r.geo_name === name))!;

describe('revoked villages left out of a later roster', () => {
  it('leaves a town none of whose revoked villages is left without a value, and the district computed from the others, incomplete', () => {
    expect(of(oneTown, 'town', town).value).toBe('');
    expect(Number(of(oneTown, 'district').value)).toBe(Number(of(clean, 'district').value) - Number(of(clean, 'town', town).value));
    expect(of(oneTown, 'district').is_complete).toBe('false');
  });

  it('publishes no district count when none is left anywhere: not 0 and 未完成', () => {
    expect(Number(of(clean, 'district').value)).toBeGreaterThan(0);
    expect(of(noneLeft, 'district').value).toBe('');
    expect(of(noneLeft, 'district').status).toBe('无法评估');
  });
});
