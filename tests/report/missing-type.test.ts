/**
 * One department's workbook of a year missing, where another workbook brings the same sheet
 * kind (the sample's 养老服务科 lists the homes and care centres in 养老服务设施, its 驿站
 * office the stations in another workbook). Without 养老服务科_2024.xlsx the kind was still
 * delivered, so the homes and centres came out 0, complete: a binding alert, and "停用养老机构
 * 51家" in the reports (the inputs of unusual shape, session 63). A type that had rows in an
 * earlier year and has none now, not even rejected ones, is missing, never zero, and the
 * ledger says what to send.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../pipeline/build.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import type { IndicatorValue } from '../../pipeline/evaluate/evaluate.ts';
import type { Warning } from '../../pipeline/ingest/records.ts';
import { sample, tempDir } from '../support/helpers.ts';

let values: IndicatorValue[];
let warnings: Warning[];
let report2024: string;
let report2025: string;

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&ldquo;|&rdquo;/g, '"');
const district = (id: number, year: number) => values.find((v) => v.indicatorId === id && v.year === year && v.geoLevel === 'district')!;

beforeAll(async () => {
  const input = await sample();
  const gone = readdirSync(join(input, '2024')).filter((f) => f.startsWith('养老服务科_2024'));
  expect(gone).toHaveLength(1);
  rmSync(join(input, '2024', gone[0]!));
  const out = tempDir('missing-part');
  const r = await build({ input, out, acceptRejects: false, pdf: false, log: memoryLogger() });
  if (r.exitCode !== 0) throw new Error(`build: ${r.exitCode}`);
  values = r.values!;
  warnings = r.data!.warnings;
  report2024 = text(readFileSync(join(out, 'site', 'reports', '2024', 'index.html'), 'utf8'));
  report2025 = text(readFileSync(join(out, 'site', 'reports', '2025', 'index.html'), 'utf8'));
}, 180_000);

describe('a facility type missing from a year whose sheet kind came from another workbook', () => {
  it('makes the indicators that count that type missing, for the district and every town, not zero', () => {
    for (const id of [3, 4, 5]) {
      expect(district(id, 2024).value, `indicator ${id}`).toBeNull();
      expect(values.filter((v) => v.indicatorId === id && v.year === 2024 && v.value !== null), `indicator ${id}`).toEqual([]);
      // the years around it stand
      expect(district(id, 2023).value).toBeGreaterThan(0);
      expect(district(id, 2025).value).toBeGreaterThan(0);
    }
  });

  it('leaves the type that was delivered alone', () => {
    const stations = district(6, 2024);
    expect(stations.value).toBeGreaterThan(100);
    expect(stations.isComplete).toBe(true);
  });

  it('warns, naming the year, the sheet, the types and what the year before had', () => {
    const w = warnings.filter((x) => x.rule === 'type_missing');
    expect(w.map((x) => x.value).sort()).toEqual(['养老机构', '养老照料中心']);
    for (const x of w) {
      expect(x.sheet).toBe('养老服务设施');
      expect(x.column).toBe('设施类型');
      expect(x.message).toMatch(/^2024 年工作表“养老服务设施”中没有“设施类型”为“养老(机构|照料中心)”的行（2023 年有 \d+ 行）/);
      expect(x.message).toContain('依赖它的指标记为缺失');
    }
  });

  it('does not tell of homes or centres closing or opening across the year without them', () => {
    for (const r of [report2024, report2025]) {
      expect(r).not.toMatch(/停用养老(机构|照料中心)(\d{2,}|[2-9])家/);
      expect(r).not.toMatch(/(2024年|2025年|年间)：[^；）]*?，\d+张床位/);
      expect(r).not.toMatch(/新建成运营养老(机构|照料中心)\d{2,}家/);
    }
    expect(report2024).not.toMatch(/停用养老(机构|照料中心)/);
    // the closing of 2021, between two years with the homes, still is (a year without them had lost every closing of the period)
    expect(report2025).toContain('规划期内全区停用养老机构1家（2021年：天宫院街道的北京市大兴区安心颐养中心，352张床位，2023年起设施报表不再列出）');
  });

  it('asks for the type from the department that lists it, in the binding box, rather than set a dash against the target', () => {
    expect(report2024).toContain('“建成运营街道乡镇养老照料中心数量”：2024年缺少计算所需的数据，无法评估（规划目标20家）；建议补报2024年养老服务科的《养老服务设施》中的养老照料中心，重新评估');
    expect(report2024).not.toMatch(/无法评估，2024年—/);
  });

  it('does not call a year without a value a lapse of a maintained target', () => {
    expect(report2025).not.toMatch(/2024年未保持/);
    expect(report2025).toMatch(/建成运营街道乡镇养老照料中心数量[^。]*2024年缺少数据，其余各年均保持/);
  });

  it('names in the data-quality appendix what was not sent, by year and department', () => {
    expect(report2025).toContain('以下报表未报送或不全，依赖它们的指标记为缺失：2024年养老服务科的《居家养老》、《养老服务设施》中的养老机构和养老照料中心。');
  });
});
