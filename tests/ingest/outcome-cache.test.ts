import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileDigest } from '../../pipeline/basics/digest.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { OutcomeCache } from '../../pipeline/ingest/outcome-cache.ts';
import { discoverInputs } from '../../pipeline/ingest/inputs.ts';
import { readInputs } from '../../pipeline/ingest/read-inputs.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import { SHEETS } from '../../pipeline/plan/contract.ts';
import { sample, tempDir } from '../support/helpers.ts';

const plan = resolvePlan();
const geography = loadGeography();

describe('OutcomeCache: workbooks read by the last build', () => {
  it('gives a rebuild the same data and reads only the workbooks whose bytes changed', async () => {
    const input = await sample({ years: [2022, 2023] });
    const dir = join(tempDir('outcomes'), 'workbooks');
    const digests = (listing: ReturnType<typeof discoverInputs>) => new Map(listing.workbooks.map((f) => [f.relPath, fileDigest(f.path)]));
    const read = async () => {
      const listing = discoverInputs(input, { first: 2020, last: 2025 });
      const cache = new OutcomeCache({ dir, inputs: digests(listing), salt: 'test' });
      const log = memoryLogger();
      const data = await readInputs(listing, { geography, plan }, log, { cache });
      return { data, cache, log, listing };
    };
    const strip = (d: Awaited<ReturnType<typeof read>>['data']) => ({ ...d, years: d.years.map((y) => ({ year: y.year, rows: SHEETS.map((sheet) => y.rows.get(sheet.name) ?? []), rejects: y.rejects, warnings: y.warnings })) });

    const first = await read();
    expect(first.cache.reused).toBe(0);
    expect(first.cache.read).toBe(first.listing.workbooks.length);
    expect(readdirSync(dir)).toHaveLength(first.listing.workbooks.length);

    const second = await read();
    expect(second.cache.read).toBe(0);
    expect(second.cache.reused).toBe(first.listing.workbooks.length);
    expect(strip(second.data)).toEqual(strip(first.data));
    expect(second.log.lines.filter((l) => l.includes('沿用上次读取的结果'))).toHaveLength(first.listing.workbooks.length);

    // One workbook replaced by another's bytes: read again, and its outcome is the new one
    const [a, b] = first.listing.workbooks.filter((f) => f.year === 2023);
    cpSync(b!.path, a!.path);
    const third = await read();
    expect(third.cache.read).toBe(1);
    expect(third.cache.reused).toBe(first.listing.workbooks.length - 1);
    expect(third.data.rowsRead).not.toBe(first.data.rowsRead);
    expect(third.cache.prune()).toBe(1);

    // An entry that cannot be read is read from the workbook instead
    for (const name of readdirSync(dir)) writeFileSync(join(dir, name), 'not an outcome');
    const fourth = await read();
    expect(fourth.cache.reused).toBe(0);
    expect(strip(fourth.data)).toEqual(strip(third.data));
  }, 120_000);
});
