/**
 * 表1's 2025预判 rests on every year's value since the baseline: where an earlier year's value
 * is incomplete, the outlook is marked though the year's own value is complete (data-contract
 * §4: a lost row there can move the trend), and a note says so.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../pipeline/evaluate/evaluate.ts';
import type { IndicatorBase } from '../../pipeline/ingest/records.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import type { ReportFacts } from '../../pipeline/present/report-facts.ts';
import { ValueIndex } from '../../pipeline/present/value-index.ts';
import { indicatorTable } from '../../pipeline/report/tables.ts';

const plan = resolvePlan();

function row(year: number, indicatorId: number, value: number, isComplete = true): IndicatorBase {
  return { year, geoCode: plan.regionCode, geoLevel: 'district', indicatorId, value, numerator: null, denominator: null, isComplete };
}

function outlookCell(year: number, base: IndicatorBase[], id: number) {
  const values = evaluate(plan, base);
  const f = { plan, year, values: new ValueIndex(values) } as unknown as ReportFacts;
  const table = indicatorTable(f, '表1');
  const r = table.rows.find((cells) => cells[0]?.text === String(id))!;
  return { cell: r[r.length - 1]!, notes: table.notes };
}

describe('表1 2025预判 on a trend through an incomplete year', () => {
  // 14 养老机构护理型床位占比: 64.7 % in 2020, 80 % by 2025
  const years = (lost: number | null) => [2020, 2021, 2022, 2023].map((y, i) => row(y, 14, 64.7 + i, y !== lost));

  it('is marked, with a note, when an earlier year lost rows', () => {
    const { cell, notes } = outlookCell(2023, years(2021), 14);
    expect(cell.text).toBe('需加快');
    expect(cell.mark).toBe('*');
    expect((notes ?? []).join('')).toContain('“2025预判”标“*”的，2023年数值完整，但推算所依据的往年数值不完整');
  });

  it('is not marked when every year is complete, nor again when only its own year is incomplete', () => {
    for (const lost of [null, 2023]) {
      const { cell, notes } = outlookCell(2023, years(lost), 14);
      expect(cell.mark).toBeUndefined();
      expect((notes ?? []).join('')).not.toContain('推算所依据的往年数值不完整');
    }
  });
});
