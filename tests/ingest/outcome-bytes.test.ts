// A workbook's outcome as bytes (outcome-bytes.ts): what a reading worker posts and the
// outcome cache keeps. Read back, it is the same outcome, and its typed arrays are its own:
// views of the bytes would keep all of them (texts included) alive as long as the rows.
import { describe, expect, it } from 'vitest';
import { outcomeBytes, outcomeFromBytes } from '../../pipeline/ingest/outcome-bytes.ts';
import { readOneWorkbook } from '../../pipeline/ingest/read-workbook.ts';
import { discoverInputs } from '../../pipeline/ingest/inputs.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { sample } from '../support/helpers.ts';

const geography = loadGeography();

describe('outcomeBytes / outcomeFromBytes', () => {
  it('give back the same outcome, its typed arrays not views of the bytes', async () => {
    const input = await sample({ years: [2024] });
    const listing = discoverInputs(input, { first: 2020, last: 2025 });
    let arrays = 0;
    for (const f of listing.workbooks) {
      const outcome = await readOneWorkbook({ path: f.path, relPath: f.relPath, year: f.year }, geography);
      const bytes = outcomeBytes(outcome);
      expect(bytes.byteOffset).toBe(0);
      expect(bytes.byteLength).toBe(bytes.buffer.byteLength);
      const back = outcomeFromBytes(bytes);
      expect(back).toEqual(outcome);
      if (!back?.ok) continue;
      for (const s of back.sheets) {
        const views: (ArrayBufferView | null)[] = [s.rows.sourceRows, ...s.rows.columns.flatMap((c): (ArrayBufferView | null)[] => (c.kind === 'number' ? [c.values, c.missing] : c.kind === 'boolean' ? [c.values] : c.kind === 'codes' ? [c.codes] : []))];
        for (const v of views) {
          if (!v) continue;
          arrays += 1;
          expect(v.buffer).not.toBe(bytes.buffer);
        }
      }
    }
    expect(arrays).toBeGreaterThan(50);
  });

  it('say so when the bytes hold no outcome', () => {
    expect(outcomeFromBytes(new Uint8Array([1, 2, 3]))).toBeUndefined();
    expect(outcomeFromBytes(outcomeBytes({ nope: true } as never))).toBeUndefined();
  });
});
