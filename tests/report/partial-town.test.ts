/**
 * A town left out of one year's 人口基础数据 (a warning, not a reject: the build publishes):
 * the town's ratios on population are missing, the district's are computed from the other
 * towns and marked incomplete (data-contract §4). The final evaluation must not read the
 * partial sums against 2020's whole ones as a fall with a cause, must say where it states a
 * verdict that the data are incomplete, and the town's report must not count its missing
 * ratios as reached.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../pipeline/build.ts';
import { parseCsv, type CsvRow } from '../../pipeline/basics/csv.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import { editSheet, sample, tempDir } from '../support/helpers.ts';

const plan = resolvePlan();
let input: string;
let out: string;
let values: CsvRow[];

const text = (html: string) => html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const page = (...p: string[]) => text(readFileSync(join(out, 'site', ...p), 'utf8'));

beforeAll(async () => {
  input = await sample();
  // 黄村镇's row taken out of 2025's 人口基础数据
  await editSheet(join(input, '2025', '区统计局_2025.xlsx'), '人口基础数据', (ws) => {
    let at = 0;
    ws.eachRow((row, r) => {
      row.eachCell((cell) => {
        if (!at && typeof cell.value === 'string' && cell.value.trim().startsWith('黄村')) at = r;
      });
    });
    expect(at).toBeGreaterThan(0);
    ws.spliceRows(at, 1);
  });
  out = tempDir('partial-town');
  const log = memoryLogger();
  const result = await build({ input, out, acceptRejects: false, pdf: false, log });
  if (result.exitCode !== 0) throw new Error(log.lines.join('\n'));
  values = parseCsv(readFileSync(join(out, 'data', 'indicator_values.csv'), 'utf8'));
}, 900_000);

afterAll(() => {
  for (const d of [input, out]) if (d) rmSync(d, { recursive: true, force: true });
});

const district = (id: number) => values.find((r) => r.year === '2025' && r.geo_level === 'district' && r.indicator_id === String(id))!;

describe('the final evaluation with a town missing from 人口基础数据', () => {
  it('says after each unmet verdict on incomplete data that it is so — which town it lacks — and only there', () => {
    const report = readFileSync(join(out, 'site', 'reports', '2025', 'index.html'), 'utf8');
    const overview = text(report.slice(report.indexOf('id="overview"'), report.indexOf('id="indicators"')));
    const unmet = plan.indicators.filter((i) => district(i.id).verdict !== '完成');
    const partial = unmet.filter((i) => district(i.id).is_complete === 'false');
    expect(partial.length).toBeGreaterThan(0);
    for (const ind of unmet) {
      const said = new RegExp(`“${ind.name}”[^；。]*(所用数据不完整，仅供参考|不含缺少数据的黄村镇)`).test(overview);
      expect(said, ind.name).toBe(district(ind.id).is_complete === 'false');
    }
    // the district's ratios over 21 towns name the one they lack, with the figure at its 2024 numbers (hand-checked below)
    const ind = plan.indicators.find((i) => i.name === '千人养老机构床位数')!;
    const d = district(ind.id);
    const v24 = values.find((r) => r.year === '2024' && r.geo_code === 'huangcun' && r.indicator_id === String(ind.id))!;
    const withIt = ((Number(d.numerator) + Number(v24.numerator)) / (Number(d.denominator) + Number(v24.denominator))) * 1000;
    expect(overview).toContain(`“${ind.name}”未完成（${Number(d.value).toFixed(1)}张，不含缺少数据的黄村镇，按该镇2024年的数补入为${withIt.toFixed(1)}张；`);
    expect(overview).not.toContain('全部指标值所用数据不完整');
  });

  it('gives no cause from the parts of an incomplete ratio (21 towns’ beds against 22 towns’ of 2020 are no fall)', () => {
    const report = page('reports', '2025', 'index.html');
    for (const ind of plan.indicators.filter((i) => i.aggregation === 'ratio' && district(i.id).is_complete === 'false' && i.numeratorLabel)) {
      const n = ind.numeratorLabel!.name;
      expect(report, ind.name).not.toMatch(new RegExp(`“${ind.name}”：2020年以来${n}`));
      expect(report, ind.name).not.toMatch(new RegExp(`${ind.name}[^。]{0,80}${n}(增长|减少)[\\d.]+%，达到目标需增长`));
    }
  });

  it('does not count the town’s missing ratios as reached, and names the data it lacks', () => {
    const town = page('reports', '2025', 'towns', 'huangcun.html');
    expect(town).toMatch(/\d+项比率类指标中，\d+项达到全区目标水平(（[^）]+）)?(，\d+项未达到（[^）]*）)?，\d+项因缺少数据无法评估（[^）]*“实名注册志愿者占常住人口的比例”[^）]*）。/);
    expect(town).not.toContain('比率类指标全部达到全区目标水平');
    expect(town).toContain('表中“—”的数值缺少所需的数据，无法计算和评价（不以零计）。缺少的数据：《人口基础数据》（区统计局）缺少黄村镇的数据，涉及表中为“—”的各项。');
  });
});
