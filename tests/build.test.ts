import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../pipeline/build.ts';
import { parseCsv } from '../pipeline/basics/csv.ts';
import { roundHalfEven } from '../pipeline/basics/format.ts';
import { memoryLogger } from '../pipeline/basics/log.ts';
import { resolvePlan } from '../pipeline/plan/plan.ts';
import { MAX_NUMBER } from '../pipeline/plan/contract.ts';
import { runCli, sample, tempDir } from './support/helpers.ts';

const plan = resolvePlan();

/** Indicators whose 2020 baseline no whole number of towns can give, with the nearest value (README). */
const UNREACHABLE: Record<number, number> = {
  9: 31.8, // 30.3 % of 22 towns = 6.67 towns: 7 of 22 = 31.8 %
  18: 9.1, // 10 % of 22 towns = 2.2 towns: 2 of 22 = 9.1 %
  27: 71.4, // 70 % of 14 镇 = 9.8 镇: 10 of 14 = 71.4 %
};

function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** The out folder's outputs: its caches (`.planeval-cache/`) are not outputs, and a failed build may fill them. */
const outputsOf = (dir: string) => Object.fromEntries(Object.entries(hashTree(dir)).filter(([f]) => !f.startsWith('.planeval-cache')));

let input: string;
let outA: string;
let outB: string;

beforeAll(async () => {
  input = await sample();
  outA = tempDir('outA');
  // A quote in the out path must reach SQL quoted (COPY … TO '…'), not end the string.
  outB = join(tempDir('outB'), "o'q");
  const a = await build({ input, out: outA, acceptRejects: false, pdf: false, dataOnly: true, log: memoryLogger() });
  expect(a.exitCode).toBe(0);
  const b = await build({ input, out: outB, acceptRejects: false, pdf: false, dataOnly: true, log: memoryLogger() });
  expect(b.exitCode).toBe(0);
});

const csv = (out: string, name: string) => parseCsv(readFileSync(join(out, 'data', name), 'utf8'));

describe('build(options) on the sample', () => {
  it('loads the sample with zero rejects and publishes the warehouse and data files', () => {
    expect(csv(outA, 'rejects.csv')).toHaveLength(0);
    for (const f of ['warehouse.duckdb', 'data/indicator_values.csv', 'data/indicator_values.parquet', 'data/load_report.csv', 'data/warnings.csv', 'data/manifest.json', 'data/inputs/communities.parquet']) {
      expect(existsSync(join(outA, f)), f).toBe(true);
    }
    expect(readdirSync(outA).filter((n) => n.startsWith('.staging'))).toEqual([]);
  });

  it("computes the plan's 2020 baseline at the plan's printed precision", () => {
    const rows = csv(outA, 'indicator_values.csv').filter((r) => r.year === '2020' && r.geo_level === 'district');
    expect(rows).toHaveLength(32);
    for (const ind of plan.indicators) {
      const row = rows.find((r) => Number(r.indicator_id) === ind.id)!;
      expect(row.is_complete, `indicator ${ind.id}`).toBe('true');
      const value = Number(row.value);
      if (ind.baseline === null) {
        expect(value, `indicator ${ind.id} (cumulative) starts at 0`).toBe(0);
        continue;
      }
      const printed = (ind.baselineText.split('.')[1] ?? '').length;
      if (ind.id in UNREACHABLE) {
        expect(roundHalfEven(value, 1), `indicator ${ind.id} nearest value`).toBe(UNREACHABLE[ind.id]);
      } else {
        expect(roundHalfEven(value, printed), `indicator ${ind.id}: ${value} vs ${ind.baselineText}`).toBe(ind.baseline);
      }
    }
  });

  it('writes one row per year × geography × indicator, district and DT towns', () => {
    const rows = csv(outA, 'indicator_values.csv');
    const dt = plan.indicators.filter((i) => i.level === 'DT').length;
    expect(rows).toHaveLength(6 * (32 + dt * 22));
    const keys = new Set(rows.map((r) => `${r.year}|${r.geo_code}|${r.indicator_id}`));
    expect(keys.size).toBe(rows.length);
    const header = Object.keys(rows[0]!);
    for (const c of ['year', 'geo_code', 'geo_name', 'geo_level', 'indicator_id', 'indicator_name', 'unit', 'value', 'numerator', 'denominator', 'baseline', 'target', 'is_binding', 'time_progress', 'completion_progress', 'status', 'outlook', 'is_complete']) {
      expect(header).toContain(c);
    }
  });

  it('accounts for every row read: read = loaded + rejected for every file and sheet', () => {
    const report = csv(outA, 'load_report.csv');
    expect(report.length).toBeGreaterThan(60);
    for (const r of report) expect(Number(r.rows_read), `${r.file} ${r.sheet}`).toBe(Number(r.rows_loaded) + Number(r.rows_rejected));
    expect(report.filter((r) => r.status === 'loaded').length).toBeGreaterThanOrEqual(22 * 6);
  });

  it('gives byte-identical CSV outputs for two builds of the same input', () => {
    for (const f of ['indicator_values.csv', 'load_report.csv', 'rejects.csv', 'warnings.csv', 'manifest.json']) {
      expect(readFileSync(join(outB, 'data', f), 'utf8'), f).toBe(readFileSync(join(outA, 'data', f), 'utf8'));
    }
  });

  it('leaves the previous outputs intact when a build fails on rejected input', async () => {
    const out = tempDir('outFail');
    cpSync(outA, out, { recursive: true });
    const before = outputsOf(out);
    const bad = await sample({ years: [2022, 2023], withErrors: true });
    const result = await build({ input: bad, out, acceptRejects: false, pdf: false, dataOnly: true, log: memoryLogger() });
    expect(result.exitCode).toBe(2);
    expect(outputsOf(out)).toEqual(before);
  });

  it('stops before any work on an office passage with an unknown placeholder, naming its file and line', async () => {
    const out = tempDir('outPassage');
    cpSync(outA, out, { recursive: true });
    const before = hashTree(out);
    const passages = tempDir('passages');
    mkdirSync(join(passages, '2021'));
    writeFileSync(join(passages, '2021', '养老服务.md'), '# 说明\n床位为{指标3.实际值}。\n较上年{指标3.较上年变动}。\n');
    const run = await runCli(['build', '--input', input, '--out', out, '--passages', passages]);
    expect(run.code).toBe(78);
    expect(run.stderr).toContain('2021/养老服务.md 第 3 行第 4 列：占位符{指标3.较上年变动}：未知的字段“较上年变动”');
    expect(run.stderr).not.toContain('读取并校验工作簿');
    expect(hashTree(out)).toEqual(before);
  });

  it('leaves the previous outputs intact when a build is killed midway', async () => {
    const out = tempDir('outKill');
    cpSync(outA, out, { recursive: true });
    const before = hashTree(out);
    const run = await runCli(['build', '--input', input, '--out', out, '--data-only'], {
      onStderr: (chunk, kill) => {
        if (chunk.includes('载入数据仓库')) setTimeout(kill, 20);
      },
    });
    expect(run.signal).toBe('SIGKILL');
    const after = hashTree(out);
    for (const [file, hash] of Object.entries(before)) expect(after[file], file).toBe(hash);
    // The next build sweeps the killed build's staging folder and succeeds.
    const again = await build({ input, out, acceptRejects: false, pdf: false, dataOnly: true, log: memoryLogger() });
    expect(again.exitCode).toBe(0);
    expect(readdirSync(out).filter((n) => n.startsWith('.staging'))).toEqual([]);
  });
  it('fails, publishing nothing, when the PDFs printed alongside the site cannot be printed (no Chromium)', async () => {
    const out = tempDir('outNoChromium');
    cpSync(outA, out, { recursive: true });
    const before = outputsOf(out);
    const two = await sample({ years: [2024, 2025] });
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    const log = memoryLogger();
    try {
      await expect(build({ input: two, out, acceptRejects: false, pdf: true, dataOnly: false, log })).rejects.toThrow(/CHROMIUM_PATH.*\/nonexistent\/chromium/);
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
    // the site was being made when printing failed; none of it is published, nothing is left behind
    expect(log.lines.some((l) => l.includes('生成网站'))).toBe(true);
    expect(outputsOf(out)).toEqual(before);
    expect(readdirSync(out).filter((n) => n.startsWith('.staging'))).toEqual([]);
  }, 120_000);
});

describe('build(options) with defective input', () => {
  let bad: string;
  let defects: { file: string; sheet: string; row: number | null; column: string; rule: string; expect: string; collateral?: boolean }[];
  beforeAll(async () => {
    bad = await sample({ years: [2022, 2023], withErrors: true });
    defects = JSON.parse(readFileSync(join(bad, 'defects.json'), 'utf8'));
  });

  it('exits 2 before publishing anything, listing every planted defect grouped by file', async () => {
    const out = tempDir('outBad');
    const run = await runCli(['build', '--input', bad, '--out', out, '--data-only']);
    expect(run.code).toBe(2);
    expect(existsSync(join(out, 'warehouse.duckdb'))).toBe(false);
    expect(existsSync(join(out, 'data'))).toBe(false);
    for (const d of defects) {
      const header = `【${d.file}】`;
      expect(run.stderr, d.file).toContain(header);
      const section = run.stderr.slice(run.stderr.indexOf(header)).split('\n【')[0]!;
      if (d.row !== null) expect(section, `${d.file} ${d.sheet} row ${d.row} (${d.rule})`).toContain(`第 ${d.row} 行`);
    }
  });

  it('with --accept-rejects finishes, and rejects.csv / warnings.csv hold each defect', async () => {
    const out = tempDir('outAccept');
    const result = await build({ input: bad, out, acceptRejects: true, pdf: false, dataOnly: true, log: memoryLogger() });
    expect(result.exitCode).toBe(0);
    const rejects = csv(out, 'rejects.csv');
    const warnings = csv(out, 'warnings.csv');
    for (const d of defects) {
      const pool = d.expect === 'warning' ? warnings : rejects;
      const where = (r: Record<string, string>) => (d.expect === 'reject-sheet' ? r.sheet === d.sheet : d.row === null || Number(r.row) === d.row);
      const hit = pool.find((r) => r.file === d.file && r.rule === d.rule && where(r));
      expect(hit, `${d.expect} ${d.rule} in ${d.file} ${d.sheet} row ${d.row}`).toBeDefined();
    }
    const report = csv(out, 'load_report.csv');
    for (const r of report) expect(Number(r.rows_read)).toBe(Number(r.rows_loaded) + Number(r.rows_rejected));
    // Every file-level defect shows as a rejected file in the load report.
    for (const d of defects.filter((x) => x.expect === 'reject-file')) {
      expect(report.find((r) => r.file === d.file)?.status).toBe('file_rejected');
    }
  });
});

describe('check and build apply the same rules (issue 11 case 12)', () => {
  /** A copy of the 2020–2021 sample with 常住人口 of the first town of 2021 set to `value` (a numeric cell). */
  async function withPopulation(value: number): Promise<string> {
    const ExcelJS = (await import('exceljs')).default;
    const input = await sample({ years: [2020, 2021] });
    const file = join(input, '2021', readdirSync(join(input, '2021')).find((f) => f.startsWith('区统计局'))!);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets.find((s) => s.name.startsWith('人口基础数据'))!;
    let col = 0;
    let headerRow = 0;
    ws.eachRow((row, r) => {
      row.eachCell((cell, c) => {
        if (!col && String(cell.value ?? '').startsWith('常住人口')) {
          col = c;
          headerRow = r;
        }
      });
    });
    expect(col).toBeGreaterThan(0);
    ws.getCell(headerRow + 1, col).value = value;
    await wb.xlsx.writeFile(file);
    return input;
  }

  it('1E+20 in 常住人口: check rejects it, and build stops with the same reject instead of crashing', async () => {
    const input = await withPopulation(1e20);
    const check = await runCli(['check', '--input', input]);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('超出');
    expect(check.stderr).not.toContain('全部数据可以载入');
    const out = tempDir('outRange');
    const built = await runCli(['build', '--input', input, '--out', out, '--data-only']);
    expect(built.code).toBe(2);
    expect(built.stderr).not.toContain('内部错误');
  });

  it('checks one workbook: in its input folder with the others (the roster, last year), or copied out, its own problems alone (the thirteenth attack: exit 64, or 170 warnings of other sheets)', async () => {
    const input = await withPopulation(1e20);
    const file = join(input, '2021', readdirSync(join(input, '2021')).find((f) => f.startsWith('区统计局'))!);
    const inPlace = await runCli(['check', '--input', file]);
    expect(inPlace.code, inPlace.stderr.slice(-400)).toBe(2);
    expect(inPlace.stderr).toContain('只检查一个工作簿');
    expect(inPlace.stderr).toContain('超出');
    expect(inPlace.stderr).toMatch(/文件 1 个；读取 \d+ 行，可载入 \d+ 行，拒绝 1 行；警告 \d+ 处/);
    // another department's workbook of the same folder: nothing of the 区统计局's problem
    const other = join(input, '2021', readdirSync(join(input, '2021')).find((f) => f.startsWith('社会工作科'))!);
    const clean = await runCli(['check', '--input', other]);
    expect(clean.code, clean.stderr.slice(-400)).toBe(0);
    expect(clean.stderr).not.toContain('超出');
    expect(clean.stderr).toMatch(/文件 1 个；读取 \d+ 行，可载入 \d+ 行，拒绝 0 行；警告 0 处/);
    // copied out of any input folder, named for its year: its stations not checked against a roster it lacks, said so
    const alone = join(tempDir('one-workbook'), '社会工作科_2021.xlsx');
    cpSync(other, alone);
    const copied = await runCli(['check', '--input', alone]);
    expect(copied.code, copied.stderr.slice(-400)).toBe(0);
    expect(copied.stderr).toContain('按 2021 年读取');
    expect(copied.stderr).toMatch(/有 \d+ 行所在的社区（村）需与当年的社区村名录核对：单独检查一个工作簿时没有名录，未核对/);
    expect(copied.stderr).not.toContain('缺少镇街');
    // a file whose year cannot be told: exit 64, saying how to name it
    const nameless = join(tempDir('one-workbook'), '报表.xlsx');
    cpSync(other, nameless);
    const refused = await runCli(['check', '--input', nameless]);
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain('看不出是哪一年的');
  });

  it('the largest value check accepts is one build loads', async () => {
    const input = await withPopulation(MAX_NUMBER);
    const log = memoryLogger();
    const { check } = await import('../pipeline/build.ts');
    expect(await check({ input, log })).toBe(0);
    const result = await build({ input, out: tempDir('outMax'), acceptRejects: false, pdf: false, dataOnly: true, log });
    expect(result.exitCode).toBe(0);
  });
});
