/**
 * The sample generator (`planeval sample`): real workbooks in a temp folder, read back with
 * exceljs by an independent test-only reader (sample-reader.ts).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHEETS } from '../../pipeline/plan/contract.ts';
import { loadGeography, parseGeography } from '../../pipeline/plan/geography.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import { runSample } from '../../pipeline/sample/sample.ts';
import { DEFECT_RULES, type DefectEntry } from '../../pipeline/sample/defect-report.ts';
import { indicators, num, printedDecimals, readWorkbook, readYear, roundTo, sheetKind, townResolver, type Rec } from '../support/sample-reader.ts';

const YEARS = [2020, 2021, 2022, 2023, 2024, 2025];
const root = mkdtempSync(join(tmpdir(), 'planeval-sample-'));
const clean = join(root, 'clean');
const plan = resolvePlan();
const geo = loadGeography();
const town = townResolver(geo.towns);
const zhen = geo.towns.filter((t) => t.type === '镇').length;
const data = new Map<number, Map<string, Rec[]>>();
const values = new Map<number, Map<number, number>>();

/** 2020 values that cannot equal the baseline (22 towns, 14 镇): the nearest reachable value. */
const UNREACHABLE: Record<number, number> = { 9: 31.8, 18: 9.1, 27: 71.4 };

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)).map((f) => join(e.name, f)) : [e.name])).sort();

beforeAll(async () => {
  await runSample({ outDir: clean, seed: 7, years: YEARS, scale: 1, withErrors: false, log: memoryLogger() });
  for (const y of YEARS) {
    data.set(y, await readYear(join(clean, String(y))));
    values.set(y, indicators(data.get(y)!, y, town, geo.towns.length, zhen));
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('sample workbooks', () => {
  it('writes one workbook per department and year, 养老服务设施 split over two', () => {
    for (const y of YEARS) {
      const names = readdirSync(join(clean, String(y)));
      expect(names).toContain(`养老服务科_${y}.xlsx`);
      expect(names).toContain(`养老服务科_驿站_${y}.xlsx`);
      for (const d of new Set(SHEETS.map((s) => s.department))) expect(names).toContain(`${d}_${y}.xlsx`);
    }
    expect(existsSync(join(clean, 'geography.csv'))).toBe(false);
  });

  it('has every contract sheet kind every year, its header holding every contract column', async () => {
    for (const y of YEARS) {
      const dir = join(clean, String(y));
      const seen = new Map<string, string[]>();
      for (const f of readdirSync(dir)) {
        for (const s of await readWorkbook(join(dir, f))) {
          expect(s.headerRow, `${f} ${s.tab}`).toBeGreaterThan(1);
          seen.set(s.kind, s.columns);
        }
      }
      for (const spec of SHEETS) {
        expect(seen.has(spec.name), `${y} ${spec.name}`).toBe(true);
        expect([...seen.get(spec.name)!].sort(), `${y} ${spec.name}`).toEqual(spec.columns.map((c) => c.name).sort());
      }
    }
  });

  it('uses the layout quirks departments use', async () => {
    const tabs: string[] = [];
    const cells: unknown[] = [];
    for (const y of YEARS) {
      for (const f of readdirSync(join(clean, String(y)))) {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(readFileSync(join(clean, String(y), f)) as unknown as ArrayBuffer);
        for (const ws of wb.worksheets) {
          tabs.push(ws.name);
          ws.eachRow((row) => row.eachCell((c) => cells.push(c.value)));
        }
      }
    }
    expect(tabs.some((t) => /\(\d{4}\)$/.test(t)) && tabs.some((t) => /\d{4}年$/.test(t)) && tabs.includes('填表说明')).toBe(true);
    const texts = cells.filter((v): v is string => typeof v === 'string');
    expect(texts.some((t) => /^合计（\d+个镇街）$/.test(t))).toBe(true);
    expect(texts.some((t) => t.startsWith('注：'))).toBe(true);
    expect(texts.some((t) => /^\d{1,3}(,\d{3})+$/.test(t))).toBe(true);
    expect(texts.some((t) => /^[０-９]+$/.test(t))).toBe(true);
    expect(texts.some((t) => t.startsWith('北京市大兴区') || t.endsWith('地区'))).toBe(true);
    expect(cells.some((v) => typeof v === 'object' && v !== null && 'formula' in v && 'result' in v)).toBe(true);
    expect(texts.includes('√') || texts.includes('Y')).toBe(true);
  });

  it('reproduces the plan baseline in 2020 at printed precision (nearest value where 22 towns or 14 镇 do not allow it)', () => {
    const v2020 = values.get(2020)!;
    for (const ind of plan.indicators) {
      const v = v2020.get(ind.id)!;
      if (ind.baseline === null) {
        expect(v, `indicator ${ind.id}`).toBe(0);
        continue;
      }
      const printed = roundTo(v, printedDecimals(ind.baselineText));
      if (ind.id in UNREACHABLE) {
        expect(roundTo(v, 1), `indicator ${ind.id}`).toBe(UNREACHABLE[ind.id]);
        expect(printed).not.toBe(ind.baseline);
      } else {
        expect(printed, `indicator ${ind.id} = ${v}`).toBe(ind.baseline);
        expect(roundTo(v, ind.precision), `indicator ${ind.id} at display precision`).toBe(roundTo(ind.baseline, ind.precision));
      }
    }
  });

  it('tells a story: a binding miss in 2025, a setback, targets met early', () => {
    const series = (id: number) => YEARS.map((y) => values.get(y)!.get(id)!);
    const met = (id: number, v: number) => v >= plan.indicatorById.get(id)!.target - 1e-9;
    const bindingMisses = plan.indicators.filter((i) => i.isBinding && !met(i.id, series(i.id)[5]!)).map((i) => i.id);
    expect(bindingMisses).toContain(8);
    expect(series(8)[5]).toBe(100);
    const setbacks = plan.indicators.filter((i) => series(i.id).some((v, k) => k > 0 && v < series(i.id)[k - 1]! - 1e-9)).map((i) => i.id);
    expect(setbacks.length).toBeGreaterThan(0);
    const early = plan.indicators.filter((i) => !i.isMaintain && series(i.id).slice(1, 5).some((v) => met(i.id, v))).map((i) => i.id);
    expect(early.length).toBeGreaterThan(2);
    const lagging = plan.indicators.filter((i) => !met(i.id, series(i.id)[5]!)).map((i) => i.id);
    expect(lagging.length).toBeGreaterThan(3);
    // Towns differ: some ahead, some behind (volunteers per resident, 2025).
    const d = data.get(2025)!;
    const pop = new Map(d.get('人口基础数据')!.map((r) => [town(r['镇街']!), num(r['常住人口']!)!]));
    const share = d.get('志愿服务')!.map((r) => num(r['实名注册志愿者人数']!)! / pop.get(town(r['镇街']!))!);
    expect(Math.max(...share) / Math.min(...share)).toBeGreaterThan(1.15);
  });

  it('2021–2025 keep the revoked villages in the list and add new communities', () => {
    const list = (y: number) => data.get(y)!.get('社区村名录')!;
    const live = (y: number) => list(y).filter((r) => r['状态'] === '存续').length;
    expect(live(2020)).toBe(716);
    expect(list(2025).filter((r) => r['状态'] === '撤销' && Number(r['撤销年份']) >= 2021)).toHaveLength(130);
    expect(list(2025).filter((r) => r['类型'] === '社区').length).toBeGreaterThan(list(2020).filter((r) => r['类型'] === '社区').length);
  });
});

describe('sample options', () => {
  const a = join(root, 'errors-a');
  const b = join(root, 'errors-b');
  beforeAll(async () => {
    for (const dir of [a, b]) await runSample({ outDir: dir, seed: 7, years: [2024, 2025], scale: 1, withErrors: true, log: memoryLogger() });
  });

  it('is deterministic: same seed and options give byte-identical files', () => {
    const list = files(a);
    expect(list).toEqual(files(b));
    for (const f of list) expect(Buffer.compare(readFileSync(join(a, f)), readFileSync(join(b, f))), f).toBe(0);
    // A year's files do not depend on which other years are generated.
    for (const f of readdirSync(join(a, '2024'))) expect(Buffer.compare(readFileSync(join(a, '2024', f)), readFileSync(join(clean, '2024', f))), f).toBe(0);
  });

  it('--with-errors documents a defect for every rule, at the right place', async () => {
    const defects = JSON.parse(readFileSync(join(a, 'defects.json'), 'utf8')) as DefectEntry[];
    expect(new Set(defects.map((d) => d.rule))).toEqual(new Set(DEFECT_RULES.map((r) => r.id)));
    expect(defects.filter((d) => d.rule === 'duplicate_key')).toHaveLength(2);
    expect(readFileSync(join(a, '缺陷说明.md'), 'utf8')).toContain('压缩炸弹');
    const cache = new Map<string, ExcelJS.Workbook>();
    for (const d of defects) {
      expect(existsSync(join(a, d.file)), d.file).toBe(true);
      if (d.expect === 'reject-file') {
        const head = readFileSync(join(a, d.file)).subarray(0, 8).toString('hex');
        const kind = head.startsWith('504b0304') ? 'zip' : head === 'd0cf11e0a1b11ae1' ? 'cfb' : 'other';
        expect(kind, d.rule).toBe({ zip_bomb: 'zip', corrupt: 'zip', encrypted: 'cfb', not_xlsx: 'other' }[d.rule as string]);
        continue;
      }
      if (!cache.has(d.file)) {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(readFileSync(join(a, d.file)) as unknown as ArrayBuffer);
        cache.set(d.file, wb);
      }
      const ws = cache.get(d.file)!.getWorksheet(d.sheet!)!;
      expect(ws, `${d.file} ${d.sheet}`).toBeDefined();
      if (d.row === null || d.column === null || d.rule === 'missing_column') continue;
      const header = (await readWorkbook(join(a, d.file))).find((s) => s.tab === d.sheet)!;
      let col = 0;
      ws.getRow(header.headerRow).eachCell((c, n) => {
        if (String(c.value).replace(/[\s\u3000]/g, '').replace(/[（(].*[)）]$/, '') === d.column) col = n;
      });
      const cell = ws.getCell(d.row, col).value as unknown;
      const shown = typeof cell === 'object' && cell !== null && 'formula' in cell ? `=${(cell as { formula: string }).formula}` : String(cell);
      if (d.value !== null) expect(shown, `${d.rule} at ${d.sheet}!${d.row}`).toBe(d.value);
    }
    expect(readdirSync(join(a, '2024')).some((f) => f.startsWith('错误样例'))).toBe(false);
  });

  it('the streaming writer (used for large files) gives the same content', async () => {
    const dir = join(root, 'stream');
    await runSample({ outDir: dir, seed: 7, years: [2023], scale: 1, withErrors: false, log: memoryLogger(), streamRows: 0 });
    const streamed = await readYear(join(dir, '2023'));
    expect([...streamed.keys()].sort()).toEqual([...data.get(2023)!.keys()].sort());
    for (const [kind, rows] of streamed) expect(rows, kind).toEqual(data.get(2023)!.get(kind));
  });

  it('--scale 2 adds synthetic towns and writes their geography', async () => {
    const dir = join(root, 'scale2');
    const log = memoryLogger();
    await runSample({ outDir: dir, seed: 3, years: [2020], scale: 2, withErrors: false, log });
    const g = parseGeography(readFileSync(join(dir, 'geography.csv'), 'utf8'), 'geography.csv');
    expect(g.towns).toHaveLength(44);
    expect(g.byCode.get('syn-023')?.name).toBe('合成23镇');
    const year = await readYear(join(dir, '2020'));
    const resolve = townResolver(g.towns);
    const towns = new Set(year.get('人口基础数据')!.map((r) => resolve(r['镇街']!)));
    expect(towns.size).toBe(44);
    expect(year.get('社区村名录')!.filter((r) => r['状态'] === '存续')).toHaveLength(716 * 2);
    expect(log.lines.some((l) => l.includes('共') && l.includes('个文件'))).toBe(true);
    expect(sheetKind('养老服务设施(2023)')).toBe('养老服务设施');
  });
});
