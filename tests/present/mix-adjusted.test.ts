/**
 * mixAdjustedShort: a rate over the roster below its target only because the type of unit
 * with the higher rate shrank, said with the rate at the baseline year's mix and, whatever the
 * mix, the type of which few units reach the target on their own — computed here by hand.
 */
import { describe, expect, it } from 'vitest';
import type { IndicatorValue } from '../../pipeline/evaluate/evaluate.ts';
import type { InputData } from '../../pipeline/ingest/read-inputs.ts';
import type { LoadedRow } from '../../pipeline/ingest/records.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import type { ReportFacts } from '../../pipeline/present/report-facts.ts';
import { mixAdjustedShort } from '../../pipeline/present/themes.ts';
import { ValueIndex } from '../../pipeline/present/value-index.ts';

const plan = resolvePlan();
const ind = plan.indicators.find((i) => i.id === 16)!; // 每个社区的社区工作者本社区化率, target 50 %

/** `n` roster units of a type, each with `local` of `workers` community workers living locally. */
function units(year: number, type: string, n: number, local: number, workers: number): LoadedRow[] {
  return Array.from({ length: n }, (_, i) => ({
    year, sourceFile: `${year}/基层政权和社区建设科_${year}.xlsx`, sourceSheet: '社区村名录', sourceRow: 4 + i, extras: null,
    values: { town: 'huangcun', community_name: `${type}${i + 1}`, community_type: type, status: '存续', workers_living_locally: local, community_workers: workers },
  }));
}

function value(year: number, numerator: number, denominator: number): IndicatorValue {
  return { year, geoCode: 'daxing', geoLevel: 'district', indicatorId: 16, numerator, denominator, scale: 100, value: (numerator * 100) / denominator, isComplete: true } as unknown as IndicatorValue;
}

function facts(roster: Record<number, LoadedRow[]>, values: IndicatorValue[]): ReportFacts {
  const data = { years: Object.entries(roster).map(([year, rows]) => ({ year: Number(year), rows: new Map([['社区村名录', rows]]) })) } as unknown as InputData;
  return { plan, year: 2025, data, values: new ValueIndex(values) } as unknown as ReportFacts;
}

describe('mixAdjustedShort', () => {
  // 2020: 4 社区 at 3 of 10 (30 %), 6 村 at 7 of 10 (70 %): 54 of 100.
  const base = [...units(2020, '社区', 4, 3, 10), ...units(2020, '村', 6, 7, 10)];

  it('says first how few units of a type reach the target, then the rate at the old mix (a fresh reading: the mix leading read as an excuse)', () => {
    // 2025: 11 社区 at 3 of 10 and one at 6 of 10 (39 of 120, 32.5 %), 3 村 at 8 of 10 (24 of 30, 80 %): 63 of 150 = 42 %.
    // At 2020's mix (社区 40 workers, 村 60): 0.325 × 40 + 0.8 × 60 = 61 of 100 = 61.0 %; 1 社区 in 12 reaches 50 %.
    const now = value(2025, 63, 150);
    const f = facts({ 2020: base, 2025: [...units(2025, '社区', 11, 3, 10), ...units(2025, '社区', 1, 6, 10), ...units(2025, '村', 3, 8, 10)] }, [value(2020, 54, 100), now]);
    expect(mixAdjustedShort(f, ind, now)).toBe('低于50%：12个社区中只有1个达到50%（2025年村为80.0%，社区为32.5%）；全区比例低于50%还因为这一比例较高的村由6个减至3个，按2020年的社区、村构成计算为61.0%');
  });

  it('says none reach it, and nothing of a type of which one in ten or more do', () => {
    // 12 社区 at 3 of 10: 36 of 120 (30 %), 村 24 of 30 (80 %): 60 of 150 = 40 %; at the old mix 0.3 × 40 + 0.8 × 60 = 60.0 %
    const none = value(2025, 60, 150);
    const f = facts({ 2020: base, 2025: [...units(2025, '社区', 12, 3, 10), ...units(2025, '村', 3, 8, 10)] }, [value(2020, 54, 100), none]);
    expect(mixAdjustedShort(f, ind, none)).toBe('低于50%：12个社区均未达到50%（2025年村为80.0%，社区为30.0%）；全区比例低于50%还因为这一比例较高的村由6个减至3个，按2020年的社区、村构成计算为60.0%');
    // 2 of 10 社区 at 6 of 10: 8 × 3 + 2 × 6 = 36 of 100 (36 %), with 村 60 of 130 (46.2 %), at the old mix
    // 0.36 × 40 + 0.8 × 60 = 62.4 %: one 社区 in five reaches 50 %, not said
    const some = value(2025, 60, 130);
    const g = facts({ 2020: base, 2025: [...units(2025, '社区', 8, 3, 10), ...units(2025, '社区', 2, 6, 10), ...units(2025, '村', 3, 8, 10)] }, [value(2020, 54, 100), some]);
    expect(mixAdjustedShort(g, ind, some)).toBe('低于50%，是因为这一比例较高的村由6个减至3个（2025年村为80.0%，社区为36.0%）；按2020年的社区、村构成计算，2025年为62.4%，已高于50%');
  });

  it('says the roster’s rows rejected that year, which the count leaves out (the final review: 村由526个减至395个 read as fact, a village’s row rejected)', () => {
    const now = value(2025, 63, 150);
    const f = facts({ 2020: base, 2025: [...units(2025, '社区', 11, 3, 10), ...units(2025, '社区', 1, 6, 10), ...units(2025, '村', 3, 8, 10)] }, [value(2020, 54, 100), now]);
    const rejected = (row: number, year = 2025) => ({ year, indicatorId: 16, geoCode: 'huangcun', role: null, status: 'rejected', isRequired: false, isCounted: false, sheetKind: '社区村名录', sourceFile: '2025/基层政权和社区建设科_2025.xlsx', sourceSheet: '社区村名录', sourceRow: row, rowLabel: '北枣林村', columnName: null, sourceValue: null, contribution: null, rejectScope: 'row', rejectRules: '数值关系不可能', rejectMessages: '…' });
    // one row, in its two cells' lineage rows, and one of another year not said
    const lost = { ...f, lost: [rejected(183), { ...rejected(183), role: 'denominator' }, rejected(40, 2024)] } as unknown as ReportFacts;
    expect(mixAdjustedShort(lost, ind, now)).toBe('低于50%：12个社区中只有1个达到50%（2025年村为80.0%，社区为32.5%；另有名录中未通过校验的1行未计入）；全区比例低于50%还因为这一比例较高的村由6个减至3个，按2020年的社区、村构成计算为61.0%');
  });

  it('says nothing where the roster does not add up to the figure', () => {
    const now = value(2025, 64, 150);
    const f = facts({ 2020: base, 2025: [...units(2025, '社区', 11, 3, 10), ...units(2025, '社区', 1, 6, 10), ...units(2025, '村', 3, 8, 10)] }, [value(2020, 54, 100), now]);
    expect(mixAdjustedShort(f, ind, now)).toBeNull();
  });
});
