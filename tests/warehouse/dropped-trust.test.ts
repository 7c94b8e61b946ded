/**
 * A charitable trust stays in 慈善信托 once filed, an ended one as 终止. One 存续 last year and
 * not listed this year at all is a row lost: 慈善信托财产总规模 is computed without it, marked
 * incomplete, and a warning names it. The 16th attack: “童心护航” left out, 51 → 39 万元,
 * published complete without a word.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, type CsvRow } from '../../pipeline/basics/csv.ts';
import { builtOut, editSheet, headerColumns, sample, tempDir } from '../support/helpers.ts';

const YEAR = '2025';
let clean: CsvRow;
let edited: CsvRow;
let warnings: CsvRow[];
let name = '';
let assets = 0;

const trustAssets = (out: string) =>
  parseCsv(readFileSync(join(out, 'data', 'indicator_values.csv'), 'utf8')).find((r) => r.year === YEAR && r.indicator_id === '29' && r.geo_level === 'district')!;

beforeAll(async () => {
  const input = await sample({ years: [2024, 2025] });
  clean = trustAssets(await builtOut(input));
  const copy = tempDir('dropped-trust-in');
  cpSync(input, copy, { recursive: true });
  await editSheet(join(copy, YEAR, `慈善事业促进科_${YEAR}.xlsx`), '慈善信托', (ws) => {
    const { header, columns: [named, status, size] } = headerColumns(ws, '信托名称', ['信托名称', '状态', '财产规模']);
    for (let n = header + 1; n <= ws.rowCount; n++) {
      if (ws.getCell(n, status!).value === '存续' && ws.getCell(n, named!).value) {
        name = String(ws.getCell(n, named!).value);
        assets = Number(ws.getCell(n, size!).value);
        ws.spliceRows(n, 1);
        return;
      }
    }
  });
  const out = await builtOut(copy);
  edited = trustAssets(out);
  warnings = parseCsv(readFileSync(join(out, 'data', 'warnings.csv'), 'utf8'));
}, 600_000);

describe('a trust of last year not listed this year', () => {
  it('leaves the total without it, marked incomplete, and names it in a warning', () => {
    expect(name).not.toBe('');
    expect(clean.is_complete).toBe('true');
    expect(Number(edited.value)).toBeCloseTo(Number(clean.value) - assets, 9);
    expect(edited.is_complete).toBe('false');
    const w = warnings.filter((r) => r.rule === 'trust_dropped');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('2024 年存续的1个慈善信托本年没有列出：');
    expect(w[0]!.message).toContain(name.includes('“') ? name : `“${name}”`);
  });
});
