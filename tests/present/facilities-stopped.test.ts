/**
 * facilitiesStopped: the facilities an indicator counts that stopped operating in the year,
 * each with its town, unless its name already says the town (庞各庄镇特困人员集中照料中心
 * was printed 庞各庄镇庞各庄镇特困人员集中照料中心).
 */
import { describe, expect, it } from 'vitest';
import type { InputData } from '../../pipeline/ingest/read-inputs.ts';
import type { LoadedRow, Warning } from '../../pipeline/ingest/records.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import type { ReportFacts } from '../../pipeline/present/report-facts.ts';
import { facilitiesStopped, facilitiesStoppedInPeriod } from '../../pipeline/present/themes.ts';

const plan = resolvePlan();
const geography = loadGeography();

/** The input read: the years' rows of 救助床位, the sheet loaded each year, and the types a year's sheets do not list. */
function input(years: readonly number[], rows: (year: number) => LoadedRow[], missing: { year: number; type: string }[] = [], warnings: Warning[] = []): InputData {
  return {
    years: years.map((year) => ({ year, rows: new Map([['救助床位', rows(year)]]) })),
    report: years.map((year) => ({ year, sheetKind: '救助床位', status: 'loaded', rowsLoaded: rows(year).length })),
    missingTypes: missing.map((m) => ({ ...m, sheetKind: '救助床位', column: '床位类型', lastYear: m.year - 1, lastRows: 2 })),
    warnings,
  } as unknown as InputData;
}

function bedsRow(year: number, name: string, town: string, beds: number, status: string): LoadedRow {
  return { year, sourceFile: `${year}/救助科.xlsx`, sourceSheet: '救助床位', sourceRow: 2, values: { institution_name: name, town, bed_type: '长期照料', beds, operating_status: status }, extras: null };
}

describe('facilitiesStopped', () => {
  it('names each facility with its town, once', () => {
    const rows = (year: number, status: string) => [
      bedsRow(year, '庞各庄镇特困人员集中照料中心', 'panggezhuang', 50, status),
      bedsRow(year, '大兴区救助管理站', 'huangcun', 40, status),
    ];
    const data = input([2023, 2024], (year) => rows(year, year === 2023 ? '运营' : '停用'));
    const f = { plan, geography, year: 2024, data } as unknown as ReportFacts;
    const text = facilitiesStopped(f, plan.indicatorById.get(2)!, null)!.text;
    expect(text).toContain('（庞各庄镇特困人员集中照料中心，50张床位；黄村镇的大兴区救助管理站，40张床位）');
    expect(text).not.toContain('庞各庄镇庞各庄镇');
  });

  it('says nothing closed where the year\'s sheets do not list the type at all (a workbook not sent)', () => {
    const operating = (year: number) => (year === 2023 ? [bedsRow(year, '大兴区救助管理站', 'huangcun', 40, '运营')] : []);
    const f = { plan, geography, year: 2024, data: input([2023, 2024], operating, [{ year: 2024, type: '长期照料' }]) } as unknown as ReportFacts;
    expect(facilitiesStopped(f, plan.indicatorById.get(2)!, null)).toBeNull();
    // the same rows with the type listed as none: a closing
    const g = { plan, geography, year: 2024, data: input([2023, 2024], operating) } as unknown as ReportFacts;
    expect(facilitiesStopped(g, plan.indicatorById.get(2)!, null)!.text).toContain('停用救助机构1家');
  });

  it('says nothing closed where the year\'s sheets have none of the town\'s rows of the type it had (rows left out, not closed)', () => {
    const rows = (year: number) => (year === 2023
      ? [bedsRow(year, '大兴区救助管理站', 'huangcun', 40, '运营'), bedsRow(year, '黄村二站', 'huangcun', 20, '运营'), bedsRow(year, '黄村三站', 'huangcun', 20, '运营'), bedsRow(year, '庞各庄镇特困人员集中照料中心', 'panggezhuang', 50, '运营')]
      : [bedsRow(year, '庞各庄镇特困人员集中照料中心', 'panggezhuang', 50, '停用')]);
    const gone: Warning = {
      file: '2024/救助科.xlsx', sheet: '救助床位', row: null, column: '所在镇街', value: '黄村镇', rule: 'town_rows_missing', message: '', sheetKind: '救助床位', townCode: 'huangcun',
      vanished: { year: 2024, type: '长期照料', lastYear: 2023, lastRows: 3, townRowsLeft: false, allGone: true },
    };
    const f = { plan, geography, year: 2024, data: input([2023, 2024], rows, [], [gone]) } as unknown as ReportFacts;
    const text = facilitiesStopped(f, plan.indicatorById.get(2)!, null)!.text;
    expect(text).toContain('停用救助机构1家（庞各庄镇特困人员集中照料中心，50张床位）');
    expect(text).not.toContain('黄村');
  });

  it('says a closing across a year without data as of the span, not of the report’s year', () => {
    const operating = (year: number) => (year === 2022 ? [bedsRow(year, '大兴区救助管理站', 'huangcun', 40, '运营')] : []);
    const f = { plan, geography, year: 2024, data: input([2022, 2024], operating) } as unknown as ReportFacts;
    expect(facilitiesStopped(f, plan.indicatorById.get(2)!, null)!.text).toBe('2022—2024年间停用救助机构1家（黄村镇的大兴区救助管理站，40张床位），同期没有新投入运营的救助机构');
  });
});

describe('facilitiesStoppedInPeriod', () => {
  /** 2020–2025: the 救助管理站 stops in 2022, the 照料中心 in 2025. */
  const f = (() => {
    const rows = (year: number) => [
      bedsRow(year, '庞各庄镇特困人员集中照料中心', 'panggezhuang', 50, year >= 2025 ? '停用' : '运营'),
      bedsRow(year, '大兴区救助管理站', 'huangcun', 40, year >= 2022 ? '停用' : '运营'),
    ];
    const years = [2020, 2021, 2022, 2023, 2024, 2025];
    // the district 60 beds short of 200 in 2025 (no town values: the district's figure is all a district text weighs)
    const values = { districtValue: (y: number, id: number) => (y === 2025 && id === 2 ? { year: 2025, indicatorId: 2, geoLevel: 'district', value: 140, numerator: 140, denominator: null, scale: 1, isComplete: true } : undefined), get: () => undefined };
    return { plan, geography, year: 2025, data: input(years, rows), values } as unknown as ReportFacts;
  })();

  it('for the district (the 从数据看 of a final evaluation), each closing of the period with its year and town, weighed against the shortfall', () => {
    const text = facilitiesStoppedInPeriod(f, plan.indicatorById.get(2)!, null)!.text;
    expect(text).toBe('规划期内全区停用救助机构2家（2022年：黄村镇的大兴区救助管理站，40张床位；2025年：庞各庄镇特困人员集中照料中心，50张床位），共90张床位；这90张床位多于60张的缺口');
  });

  it('for a town, its own, without the town before the name', () => {
    const text = facilitiesStoppedInPeriod(f, plan.indicatorById.get(2)!, geography.byCode.get('huangcun')!)!.text;
    expect(text).toBe('规划期内本镇停用救助机构1家（2022年：大兴区救助管理站，40张床位）');
  });
});
