#!/usr/bin/env node
// `npm run bench`: speed and memory of the data stages at --scale 1, 10, 100.
// For each scale: generate the sample (cached under out/bench/), run `planeval build`
// in a fresh process, and read its stage times and peak memory; then write the same
// loaded rows as CSV and time DuckDB's own read_csv of them in the same run — the
// yardstick. Prints a Markdown table (for the README) and writes out/bench/results.json.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureNodeModules, ROOT } from './setup.mjs';

ensureNodeModules();
const { $ } = await import('zx');
const { DuckDBInstance } = await import('@duckdb/node-api');
$.verbose = false;
$.cwd = ROOT;

const scales = (process.argv[2] ?? '1,10,100').split(',').map(Number);
const benchDir = join(ROOT, 'out', 'bench');
mkdirSync(benchDir, { recursive: true });
const planeval = join(ROOT, 'bin', 'planeval.mjs');
const results = [];

for (const scale of scales) {
  const input = join(benchDir, `sample-x${scale}`);
  if (!existsSync(join(input, '2025'))) {
    process.stderr.write(`[bench] 生成 --scale ${scale} 示例数据…\n`);
    rmSync(input, { recursive: true, force: true });
    const t0 = performance.now();
    await $`node ${planeval} sample --out ${input} --seed 1 --years 2020-2025 --scale ${scale}`;
    process.stderr.write(`[bench]   用时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒\n`);
  }
  const out = join(benchDir, `out-x${scale}`);
  const statsFile = join(benchDir, `stats-x${scale}.json`);
  process.stderr.write(`[bench] planeval build --scale ${scale}…\n`);
  const t0 = performance.now();
  await $`node ${planeval} build --input ${input} --out ${out} --data-only --stats-json ${statsFile}`;
  const wallMs = performance.now() - t0;
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'));

  // The yardstick: the same loaded rows as CSV, read by DuckDB itself.
  const csvDir = join(benchDir, `csv-x${scale}`);
  rmSync(csvDir, { recursive: true, force: true });
  mkdirSync(csvDir, { recursive: true });
  const src = await (await DuckDBInstance.create(join(out, 'warehouse.duckdb'), { access_mode: 'READ_ONLY' })).connect();
  const tables = (await src.runAndReadAll("select table_name from duckdb_tables() where table_name like 'raw_%' order by 1")).getRowsJS().map((r) => String(r[0]));
  for (const t of tables) await src.run(`copy ${t} to '${join(csvDir, `${t}.csv`)}' (header)`);
  src.closeSync();
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const t1 = performance.now();
  let csvRows = 0;
  for (const t of tables) {
    await db.run(`create table ${t} as select * from read_csv('${join(csvDir, `${t}.csv`)}', header = true)`);
    csvRows += Number((await db.runAndReadAll(`select count(*) from ${t}`)).getRowsJS()[0][0]);
  }
  const duckMs = performance.now() - t1;

  const ingestMs = stats.stageMs['读取并校验工作簿'] + stats.stageMs['载入数据仓库'];
  const r = {
    scale,
    workbooks: readdirSync(input).filter((d) => /^\d{4}$/.test(d)).reduce((n, y) => n + readdirSync(join(input, y)).length, 0),
    rows: stats.rowsLoaded,
    ingestSeconds: ingestMs / 1000,
    rowsPerSecond: stats.rowsLoaded / (ingestMs / 1000),
    indicatorSeconds: stats.stageMs['计算并评价指标'] / 1000,
    buildSeconds: wallMs / 1000,
    peakRssMiB: stats.maxRssBytes / 1024 / 1024,
    duckdbCsvRows: csvRows,
    duckdbCsvRowsPerSecond: csvRows / (duckMs / 1000),
  };
  r.ratio = r.duckdbCsvRowsPerSecond / r.rowsPerSecond;
  results.push(r);
  process.stderr.write(`[bench]   ${JSON.stringify(r)}\n`);
}

writeFileSync(join(benchDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
const f = (x, d = 1) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const lines = [
  '| scale | workbooks | rows loaded | ingest (xlsx → DuckDB) | rows/s | indicator stage | whole build | peak RSS | DuckDB read_csv rows/s | ratio |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map((r) => `| ${r.scale} | ${r.workbooks} | ${f(r.rows, 0)} | ${f(r.ingestSeconds)} s | ${f(r.rowsPerSecond, 0)} | ${f(r.indicatorSeconds)} s | ${f(r.buildSeconds)} s | ${f(r.peakRssMiB, 0)} MiB | ${f(r.duckdbCsvRowsPerSecond, 0)} | ${f(r.ratio)}× |`),
];
process.stdout.write(lines.join('\n') + '\n');
