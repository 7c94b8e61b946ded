#!/usr/bin/env node
// `npm run bench`: the figures of issue 13, measured on this machine in one run, printed as one
// Markdown table (for the README's 性能 section) and written to out/bench/results.json.
//
//   cold      cold full build of the sample (all years, report pages and PDFs, site): a fresh
//             out folder and a fresh process; its peak memory (Node, and Node with Chromium)
//             and the throughput of its PDF stage
//   naive     the same report pages printed the naive way, one `chromium --print-to-pdf`
//             process per file, one after the other (a subset by default, see --naive); and
//             where the build prints with the headless shell, the same loop with it too
//   nochange  a rebuild with nothing changed: its time, and that no output was rewritten
//   onebook   a rebuild after one number of one town was corrected in one 2024 workbook
//   data      the data stages (`build --data-only`) at --scale 1, 10, 100, each beside DuckDB's
//             own read_csv of the same rows (the yardstick)
//
// Options: --only cold,naive,nochange,onebook,data (or `build` for the first four; naive,
// nochange and onebook need a cold build and bring one), --scales 1,10,100 (a bare `1,10` as
// the first argument means the same), --naive N|all (files the naive loop prints; default 20:
// every district report and the rest town reports spread over the years).
// Everything is written under out/bench/ (sample data generated once and kept there).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { ensureNodeModules, ROOT } from './setup.mjs';
import { compare, filesUnder, measure, pdfPages, snapshot } from './bench/measure.mjs';
import { correctOneNumber } from './bench/correct.mjs';

// Install only when there is nothing at all: a node_modules that is there (perhaps a link to
// another checkout's) is never reinstalled by a benchmark.
if (!existsSync(join(ROOT, 'node_modules'))) ensureNodeModules();
// The browser the build prints with (the headless shell where installed).
const { tsImport } = await import('tsx/esm/api');
const { findChromium, isHeadlessShell, KNOWN_CHROMIUM_PATHS, PRINTING_CHROMIUM_PATHS } = await tsImport('../pipeline/report/chromium.ts', import.meta.url);
const chromium = (() => {
  try {
    return findChromium(process.env, PRINTING_CHROMIUM_PATHS);
  } catch {
    return null;
  }
})();
/** The naive loop's `chromium` (the issue's yardstick): CHROMIUM_PATH, else the first Chromium that is not the headless shell. */
const naiveChromium = (() => {
  try {
    return chromium && !isHeadlessShell(chromium) ? chromium : findChromium({}, KNOWN_CHROMIUM_PATHS);
  } catch {
    return null;
  }
})();

const started = performance.now();
const usage = (m) => {
  process.stderr.write(`npm run bench -- [--only cold,naive,nochange,onebook,data|build] [--scales 1,10,100] [--naive N|all]\n${m}\n`);
  process.exit(64);
};
const PARTS = ['cold', 'naive', 'nochange', 'onebook', 'data'];
let parsed;
try {
  parsed = parseArgs({ options: { only: { type: 'string' }, scales: { type: 'string' }, naive: { type: 'string' } }, allowPositionals: true });
} catch (e) {
  usage(e.message);
}
const { values: opt, positionals } = parsed;
const only = new Set((opt.only ?? PARTS.join(',')).split(',').flatMap((p) => (p === 'build' ? PARTS.slice(0, 4) : [p.trim()])));
for (const p of only) if (!PARTS.includes(p)) usage(`--only: unknown part “${p}” (parts: ${PARTS.join(', ')}, build)`);
if (['naive', 'nochange', 'onebook'].some((p) => only.has(p)) && !only.has('cold')) {
  say('naive、nochange、onebook 需要先冷构建一次：加上 cold');
  only.add('cold');
}
const scales = (opt.scales ?? positionals[0] ?? '1,10,100').split(',').map(Number);
if (scales.some((s) => !Number.isInteger(s) || s < 1)) usage(`--scales: “${opt.scales ?? positionals[0]}”`);
const naiveWanted = opt.naive === undefined ? 20 : opt.naive === 'all' ? Infinity : Number(opt.naive);
if (!(naiveWanted >= 1)) usage(`--naive: “${opt.naive}” (a number or all)`);

const { DuckDBInstance } = await import('@duckdb/node-api');
const benchDir = join(ROOT, 'out', 'bench');
mkdirSync(benchDir, { recursive: true });
const planeval = join(ROOT, 'bin', 'planeval.mjs');
const MiB = 1024 * 1024;

function say(m) {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}\n`);
}
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
/**
 * The machine's load while a step runs: the mean of the 1-minute load average sampled every
 * 2 s (it includes the step itself: a build is ≈1—2 of it on its own).
 */
function loadMeter() {
  const seen = [loadavg()[0]];
  const timer = setInterval(() => seen.push(loadavg()[0]), 2000);
  return () => {
    clearInterval(timer);
    seen.push(loadavg()[0]);
    return Math.round((seen.reduce((a, b) => a + b, 0) / seen.length) * 10) / 10;
  };
}

const chromiumVersion = (() => {
  try {
    return execFileSync(chromium ?? 'chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
})();
const results = {
  date: new Date().toISOString(),
  machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 1024 ** 3), node: process.version, chromium: chromiumVersion, loadAtStart: load() },
  parts: [...only],
};

/** The sample at `scale` (seed 1, 2020—2025), generated once under out/bench/. */
async function sampleAt(scale) {
  const input = join(benchDir, `sample-x${scale}`);
  if (!existsSync(join(input, '2025'))) {
    say(`生成 --scale ${scale} 示例数据（只在第一次）…`);
    rmSync(input, { recursive: true, force: true });
    const r = await measure([planeval, 'sample', '--out', input, '--seed', '1', '--years', '2020-2025', '--scale', String(scale)], { cwd: ROOT });
    if (r.code !== 0) throw new Error(`planeval sample --scale ${scale} failed:\n${r.lines.slice(-10).map((l) => l.text).join('\n')}`);
    say(`  用时 ${(r.wallMs / 1000).toFixed(1)} 秒`);
  }
  return input;
}

/** One `planeval build` in a fresh process, its progress shown, its log and stats kept. */
async function build(label, input, out, extra = [], { sampleMs = 0 } = {}) {
  const statsFile = join(benchDir, `stats-${label}.json`);
  rmSync(statsFile, { force: true });
  say(`${label}：planeval build ${extra.join(' ')}（负载 ${load()}）`);
  const meter = loadMeter();
  const r = await measure([planeval, 'build', '--input', input, '--out', out, '--stats-json', statsFile, ...extra], {
    cwd: ROOT,
    sampleMs,
    logFile: join(benchDir, `log-${label}.txt`),
    onLine: (text, ms) => {
      const pdf = /^\s*\[(\d+)\/(\d+)\]/.exec(text);
      if (/^\S*› /.test(text) || (pdf && (Number(pdf[1]) % 20 === 0 || pdf[1] === pdf[2]))) say(`  ${label} ${(ms / 1000).toFixed(1)} s ${text.trim()}`);
    },
  });
  r.load = meter();
  if (r.code !== 0) throw new Error(`${label}: planeval build exited with ${r.code}; log: ${join(benchDir, `log-${label}.txt`)}\n${r.lines.slice(-15).map((l) => l.text).join('\n')}`);
  r.stats = JSON.parse(readFileSync(statsFile, 'utf8'));
  say(`  ${label}：${(r.wallMs / 1000).toFixed(1)} 秒`);
  return r;
}

/** The time between the first log line matching `from` and the first after it matching `to`. */
function between(lines, from, to) {
  const a = lines.findIndex((l) => from.test(l.text));
  if (a < 0) return null;
  const b = lines.findIndex((l, i) => i > a && to.test(l.text));
  return b < 0 ? null : lines[b].ms - lines[a].ms;
}

// ---------------------------------------------------------------------------------------------
// The full build: cold, naive PDFs, no change, one workbook
// ---------------------------------------------------------------------------------------------
if (only.has('cold')) {
  const fullDir = join(benchDir, 'full');
  const input = join(fullDir, 'input');
  const out = join(fullDir, 'out');
  const source = await sampleAt(1);
  rmSync(fullDir, { recursive: true, force: true });
  mkdirSync(fullDir, { recursive: true });
  cpSync(source, input, { recursive: true }); // a copy: the one-workbook step edits it
  const skip = (rel) => rel === '.planeval-cache' || rel === '.planeval-build.lock';

  // 1. Cold
  // Memory of the whole process tree (Node and Chromium) sampled every 0.2 s; only here, so that
  // the sampling does not weigh on the other measurements.
  const cold = await build('cold', input, out, [], { sampleMs: 200 });
  const pdfFiles = filesUnder(join(out, 'pdf'), '.pdf');
  const pages = pdfFiles.reduce((n, f) => n + pdfPages(f), 0);
  const pdfMs = between(cold.lines, /^\s*打印 PDF：/, /^\s*PDF 用时/);
  const stage = cold.stats.stageMs;
  const reportMs = stage['生成年度评估报告'];
  results.cold = {
    wallSeconds: cold.wallMs / 1000,
    stageSeconds: Object.fromEntries(Object.entries(stage).map(([k, v]) => [k, v / 1000])),
    // 生成年度评估报告 is the pages and charts; the PDFs print after it, while the site is made
    reportPagesSeconds: reportMs / 1000,
    html: cold.stats.reports?.html,
    made: cold.stats.made,
    memory: {
      nodeMaxRssMiB: cold.stats.maxRssBytes / MiB,
      treePeakPssMiB: cold.memory.treePss / MiB,
      treePeakRssMiB: cold.memory.treeRss / MiB,
      chromiumPssAtPeakMiB: cold.memory.childrenPss / MiB,
      processes: cold.memory.processes,
      samples: cold.memory.samples,
      samplingSeconds: cold.memory.samplingMs / 1000,
    },
    pdf: {
      files: pdfFiles.length,
      pages,
      seconds: pdfMs === null ? null : pdfMs / 1000,
      pdfsPerSecond: pdfMs ? pdfFiles.length / (pdfMs / 1000) : null,
      pagesPerSecond: pdfMs ? pages / (pdfMs / 1000) : null,
    },
    load: cold.load,
  };

  // 5. The naive loop on the same HTML files
  if (only.has('naive')) {
    const reportsDir = join(out, 'site', 'reports');
    const years = readdirSync(reportsDir).filter((d) => /^\d{4}$/.test(d)).sort();
    const district = years.map((y) => join(reportsDir, y, 'index.html')).filter(existsSync);
    const towns = years.flatMap((y) => (existsSync(join(reportsDir, y, 'towns')) ? readdirSync(join(reportsDir, y, 'towns')).filter((f) => f.endsWith('.html')).sort().map((f) => join(reportsDir, y, 'towns', f)) : []));
    const all = [...district, ...towns];
    let chosen = all;
    if (naiveWanted < all.length) {
      // Every district report (they are the long ones), then town reports spread evenly.
      const d = district.slice(0, Math.min(district.length, Math.max(1, Math.round(naiveWanted / 4))));
      const n = Math.max(0, naiveWanted - d.length);
      const t = Array.from({ length: Math.min(n, towns.length) }, (_, i) => towns[Math.floor(((i + 0.5) * towns.length) / Math.min(n, towns.length))]);
      chosen = [...d, ...t];
    }
    const naiveLoop = (browser, folder) => {
      const naiveDir = join(benchDir, folder);
      rmSync(naiveDir, { recursive: true, force: true });
      mkdirSync(naiveDir, { recursive: true });
      const profile = mkdtempSync(join(tmpdir(), 'planeval-bench-chromium-'));
      say(`naive：${chosen.length} 个文件，每个一个 ${basename(browser)} --headless --print-to-pdf 进程（共 ${all.length} 个；负载 ${load()}）`);
      const runs = [];
      const meter = loadMeter();
      try {
        for (const [i, html] of chosen.entries()) {
          const kind = district.includes(html) ? 'district' : 'town';
          const pdf = join(naiveDir, `${relative(reportsDir, html).replace(/[\\/]/g, '-').replace(/\.html$/, '')}.pdf`);
          const t0 = performance.now();
          try {
            execFileSync(browser, [
              '--headless', '--disable-gpu', '--no-pdf-header-footer',
              // root needs --no-sandbox; a profile of our own keeps ~/.config untouched
              ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), `--user-data-dir=${profile}`,
              `--print-to-pdf=${pdf}`, html,
            ], { stdio: 'ignore' });
          } catch (e) {
            throw new Error(`naive: ${browser} failed on ${html}: ${e.message}`);
          }
          const ms = performance.now() - t0;
          if (!existsSync(pdf)) throw new Error(`naive: ${browser} wrote no ${pdf}`);
          runs.push({ html: relative(out, html), kind, seconds: ms / 1000, pages: pdfPages(pdf) });
          if ((i + 1) % 5 === 0 || i + 1 === chosen.length) say(`  naive ${i + 1}/${chosen.length}（${basename(html)} ${(ms / 1000).toFixed(1)} s）`);
        }
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
      const naiveLoad = meter();
      // Per kind, then scaled to the whole set (a subset's mix of long and short reports is not the set's)
      const byKind = (kind) => {
        const rs = runs.filter((r) => r.kind === kind);
        return { timed: rs.length, secondsEach: rs.reduce((a, r) => a + r.seconds, 0) / (rs.length || 1), pagesEach: rs.reduce((a, r) => a + r.pages, 0) / (rs.length || 1) };
      };
      const kd = byKind('district');
      const kt = byKind('town');
      const seconds = district.length * kd.secondsEach + towns.length * kt.secondsEach;
      const naivePages = district.length * kd.pagesEach + towns.length * kt.pagesEach;
      const result = {
        browser,
        files: all.length,
        timed: runs.length,
        extrapolated: runs.length < all.length,
        district: { ...kd, files: district.length },
        town: { ...kt, files: towns.length },
        seconds,
        pdfsPerSecond: all.length / seconds,
        pagesPerSecond: naivePages / seconds,
        pages: naivePages,
        runs,
        load: naiveLoad,
        command: `${basename(browser)} --headless --disable-gpu --no-pdf-header-footer --no-sandbox --user-data-dir=TMP --print-to-pdf=X file.html`,
      };
      if (results.cold.pdf.pdfsPerSecond) result.ratio = results.cold.pdf.pdfsPerSecond / result.pdfsPerSecond;
      return result;
    };
    // The yardstick of issue 13 is a loop of `chromium --headless --print-to-pdf`; where the build
    // prints with another browser (Debian's headless shell), the same loop with that browser too.
    if (!chromium || !naiveChromium) throw new Error('naive: no Chromium found (see CHROMIUM_PATH)');
    results.naive = naiveLoop(naiveChromium, 'naive');
    if (chromium !== naiveChromium) results.naiveSameBrowser = naiveLoop(chromium, 'naive-same-browser');
  }

  // 2. No change
  if (only.has('nochange')) {
    const before = snapshot(out, skip);
    const cacheBefore = snapshot(join(out, '.planeval-cache'));
    const again = await build('nochange', input, out);
    const diff = compare(before, snapshot(out, skip));
    const cacheDiff = compare(cacheBefore, snapshot(join(out, '.planeval-cache')));
    results.noChange = {
      wallSeconds: again.wallMs / 1000,
      unchanged: again.stats.unchanged,
      filesCompared: diff.files,
      outputsRewritten: diff.rewritten,
      rewritten: [...diff.changed, ...diff.added, ...diff.removed].slice(0, 20),
      cacheFilesRewritten: cacheDiff.rewritten,
      load: again.load,
    };
  }

  // 3. One workbook corrected
  if (only.has('onebook')) {
    const workbook = join('2024', '养老服务科_2024.xlsx');
    const correction = correctOneNumber(join(input, workbook), '居家养老', 40);
    say(`onebook：${workbook}「${correction.sheet}」${correction.cell}（${correction.town}）${correction.from} → ${correction.to}`);
    const before = snapshot(out, skip);
    const again = await build('onebook', input, out);
    const diff = compare(before, snapshot(out, skip));
    results.oneWorkbook = {
      wallSeconds: again.wallMs / 1000,
      workbook: workbook.split(/[\\/]/).join('/'),
      ...correction,
      made: again.stats.made,
      stageSeconds: Object.fromEntries(Object.entries(again.stats.stageMs).map(([k, v]) => [k, v / 1000])),
      filesRewritten: diff.rewritten,
      filesCompared: diff.files,
      load: again.load,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The data stages at scale 1, 10, 100, beside DuckDB's read_csv of the same rows
// ---------------------------------------------------------------------------------------------
if (only.has('data')) {
  results.data = [];
  for (const scale of scales) {
    const input = await sampleAt(scale);
    const out = join(benchDir, `out-x${scale}`);
    rmSync(out, { recursive: true, force: true }); // cold: a kept out folder would make it a no-change rebuild
    const r = await build(`data-x${scale}`, input, out, ['--data-only']);
    const stats = r.stats;

    // The yardstick: the same loaded rows as CSV, read by DuckDB itself.
    say(`  DuckDB read_csv 参照（--scale ${scale}）…`);
    const csvDir = join(benchDir, `csv-x${scale}`);
    rmSync(csvDir, { recursive: true, force: true });
    mkdirSync(csvDir, { recursive: true });
    const srcDb = await DuckDBInstance.create(join(out, 'warehouse.duckdb'), { access_mode: 'READ_ONLY' });
    const src = await srcDb.connect();
    const tables = (await src.runAndReadAll("select table_name from duckdb_tables() where table_name like 'raw_%' order by 1")).getRowsJS().map((row) => String(row[0]));
    for (const t of tables) await src.run(`copy ${t} to '${join(csvDir, `${t}.csv`)}' (header)`);
    src.closeSync();
    srcDb.closeSync();
    const memDb = await DuckDBInstance.create(':memory:');
    const db = await memDb.connect();
    const t1 = performance.now();
    let csvRows = 0;
    for (const t of tables) {
      await db.run(`create table ${t} as select * from read_csv('${join(csvDir, `${t}.csv`)}', header = true)`);
      csvRows += Number((await db.runAndReadAll(`select count(*) from ${t}`)).getRowsJS()[0][0]);
    }
    const duckMs = performance.now() - t1;
    db.closeSync();
    memDb.closeSync();
    rmSync(csvDir, { recursive: true, force: true });

    const s = (name) => (stats.stageMs[name] ?? 0) / 1000;
    const ingest = s('读取并校验工作簿') + s('载入数据仓库');
    const d = {
      scale,
      workbooks: readdirSync(input).filter((y) => /^\d{4}$/.test(y)).reduce((n, y) => n + readdirSync(join(input, y)).length, 0),
      rows: stats.rowsLoaded,
      readSeconds: s('读取并校验工作簿'),
      loadSeconds: s('载入数据仓库'),
      ingestSeconds: ingest,
      rowsPerSecond: stats.rowsLoaded / ingest,
      indicatorSeconds: s('计算并评价指标'),
      dataFilesSeconds: s('写出数据文件'),
      // every stage of the --data-only build: configuration, read, load, indicators, data files, publish
      dataStagesSeconds: Object.values(stats.stageMs).reduce((a, b) => a + b, 0) / 1000,
      buildSeconds: r.wallMs / 1000,
      peakRssMiB: stats.maxRssBytes / MiB,
      duckdbCsvRows: csvRows,
      duckdbCsvRowsPerSecond: csvRows / (duckMs / 1000),
      load: r.load,
    };
    d.ratio = d.duckdbCsvRowsPerSecond / d.rowsPerSecond;
    results.data.push(d);
    say(`  ×${scale}：${d.rows} 行，载入 ${d.ingestSeconds.toFixed(1)} s（${Math.round(d.rowsPerSecond)} 行/s），数据阶段 ${d.dataStagesSeconds.toFixed(1)} s，峰值 ${Math.round(d.peakRssMiB)} MiB`);
  }
}

results.machine.loadAtEnd = load();
results.seconds = (performance.now() - started) / 1000;

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------
const f = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const sec = (x) => `${f(x)} s`;
const yes = (ok) => (ok ? '是' : '**否**');
const rows = [];
const row = (what, figure, goal, met, busy, note) => rows.push(`| ${what} | ${figure} | ${goal} | ${met} | ${busy} | ${note} |`);
const GiB = 1024;

if (results.cold) {
  const c = results.cold;
  const st = c.stageSeconds;
  const stages = [
    ['读取并校验', st['读取并校验工作簿']], ['载入', st['载入数据仓库']], ['指标', st['计算并评价指标']], ['数据文件', st['写出数据文件']],
    ['报告网页和图表', c.reportPagesSeconds], ['PDF', c.pdf.seconds], ['网站', st['生成网站'] ?? st['生成网站（同时打印 PDF）']],
    // a stage that ran beside another (PDFs printed while the site was made) is not added twice
    ['其他（进程启动、加载模块、输入和程序摘要、发布）', c.wallSeconds - Object.entries(st).filter(([k]) => k !== '打印 PDF（与生成网站同时）').reduce((a, [, b]) => a + b, 0) + (st['发布'] ?? 0)],
  ].map(([k, v]) => `${k} ${f(v)}`).join('，');
  row('1 冷构建（全部年度、报告网页和 PDF、网站）', sec(c.wallSeconds), '≤ 60 s', yes(c.wallSeconds <= 60), f(c.load),
    `新输出目录、新进程；${c.html} 个报告网页、${c.pdf.files} 份 PDF；各阶段（秒）：${stages}`);
}
if (results.noChange) {
  const n = results.noChange;
  row('2 无变化重建', `${sec(n.wallSeconds)}；重写的输出 ${n.outputsRewritten} 个`, '≤ 3 s，不重写任何输出', yes(n.wallSeconds <= 3 && n.outputsRewritten === 0 && n.unchanged), f(n.load),
    `比较 ${n.filesCompared.toLocaleString('en-US')} 个输出文件的修改时间、大小和 inode（不含 .planeval-cache 和构建锁）`);
}
if (results.oneWorkbook) {
  const o = results.oneWorkbook;
  row('3 改一个工作簿后重建', sec(o.wallSeconds), '≤ 15 s', yes(o.wallSeconds <= 15), f(o.load),
    `${o.workbook}「${o.sheet}」${o.cell}（${o.town}）${o.from} → ${o.to}；工作簿读取 ${o.made.workbooksRead ?? '—'} 个、沿用上次读取的 ${o.made.workbooksReused ?? '—'} 个；图表新绘制 ${o.made.chartsDrawn} 张、沿用 ${o.made.chartsReused} 张；PDF 新打印 ${o.made.pdfsPrinted} 份、沿用 ${o.made.pdfsReused} 份`);
}
if (results.cold) {
  const m = results.cold.memory;
  row('4 冷构建峰值内存', `Node ${f(m.nodeMaxRssMiB, 0)} MiB；连同 Chromium ${f(m.treePeakPssMiB, 0)} MiB`, '≤ 1 GiB', yes(m.nodeMaxRssMiB <= GiB) + (m.treePeakPssMiB <= GiB ? '' : '（连同 Chromium：否）'), f(results.cold.load),
    `Node：构建进程的 maxRSS（内核记录）；连同 Chromium：每 0.2 s 采样整个进程树（最多 ${m.processes} 个进程），Node 的 RSS 加 Chromium 各进程的 PSS（共享的页按进程分摊，在 RSS 之和接近峰值时读取）的峰值，其中 Chromium ${f(m.chromiumPssAtPeakMiB, 0)} MiB；各进程 RSS 直接相加（共享页重复计算）的峰值为 ${f(m.treePeakRssMiB, 0)} MiB`);
}
if (results.cold && results.naive) {
  const p = results.cold.pdf;
  const n = results.naive;
  const same = results.naiveSameBrowser;
  const loopText = (l) =>
    `每份一个 \`${l.command.replace(/ --no-sandbox.*/, '')} --print-to-pdf\`，依次运行` +
    (l.extrapolated ? `，计时 ${l.timed} 份（全区 ${l.district.timed} 份平均 ${sec(l.district.secondsEach)}、镇街 ${l.town.timed} 份平均 ${sec(l.town.secondsEach)}），按种类推算全部 ${l.files} 份为 ${sec(l.seconds)}` : `，全部 ${l.files} 份 ${sec(l.seconds)}`);
  row('5 PDF 吞吐',
    `${f(p.pdfsPerSecond, 2)} PDF/s，${f(p.pagesPerSecond, 1)} 页/s；逐个进程 ${f(n.pdfsPerSecond, 2)} PDF/s，${f(n.pagesPerSecond, 1)} 页/s；${f(n.ratio)}×` +
      (same ? `；同一浏览器逐个进程 ${f(same.pdfsPerSecond, 2)} PDF/s，${f(same.ratio)}×` : ''),
    '≥ 5× 逐个进程', yes(n.ratio >= 5) + (same ? `（同一浏览器：${yes(same.ratio >= 5)}）` : ''),
    `${f(results.cold.load)} / ${f(n.load)}${same ? ` / ${f(same.load)}` : ''}`,
    `冷构建的打印阶段（${basename(chromium)}，两页并行、目录页码的两遍打印；浏览器在工作簿校验通过后、计算指标时已启动，启动时间不计入）：${p.files} 份 ${p.pages} 页 ${sec(p.seconds)}；逐个进程：同样的网页，${loopText(n)}` +
      (same ? `；同一浏览器逐个进程：${loopText(same)}` : ''));
} else if (results.cold) {
  const p = results.cold.pdf;
  row('5 PDF 吞吐', `${f(p.pdfsPerSecond, 2)} PDF/s，${f(p.pagesPerSecond, 1)} 页/s`, '≥ 5× 逐个进程', '—（未测逐个进程）', f(results.cold.load), `${p.files} 份 ${p.pages} 页 ${sec(p.seconds)}`);
}
for (const d of results.data ?? []) {
  const goal = d.scale === 100;
  row(`6 数据阶段 ×${d.scale}`,
    `${f(d.rows, 0)} 行；载入 ${f(d.rowsPerSecond, 0)} 行/s；数据阶段 ${sec(d.dataStagesSeconds)}；峰值 ${f(d.peakRssMiB, 0)} MiB`,
    goal ? '数据阶段 ≤ 12 s、≤ 1 GiB；载入 ≥ 200,000 行/s' : '—',
    goal ? [`${yes(d.dataStagesSeconds <= 12)}（用时）`, `${yes(d.peakRssMiB <= GiB)}（内存）`, `${yes(d.rowsPerSecond >= 200_000)}（载入）`].join('、') : '—', f(d.load),
    `${d.workbooks} 个工作簿；载入（读取并校验 ${f(d.readSeconds)} + 写入 DuckDB ${f(d.loadSeconds)}）${sec(d.ingestSeconds)}，指标 ${sec(d.indicatorSeconds)}，数据文件 ${sec(d.dataFilesSeconds)}；整个 \`build --data-only\`（新进程）${sec(d.buildSeconds)}；DuckDB read_csv 同样的行 ${f(d.duckdbCsvRowsPerSecond, 0)} 行/s（载入的 ${f(d.ratio)} 倍）`);
}
const table = ['| 测量 | 实测 | 目标 | 达到 | 负载 | 说明 |', '|---|---|---|---|---:|---|', ...rows].join('\n');
results.table = table;
writeFileSync(join(benchDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
process.stdout.write(`${table}\n\n${results.machine.cores} 核，${results.machine.memoryGiB} GiB，Node ${process.version}，${chromiumVersion ?? 'Chromium ?'}；“负载”是测量期间 1 分钟平均负载的均值（含测量本身，一次构建约占 1—2；PDF 一行为冷构建 / 逐个进程）；共 ${f(results.seconds / 60)} 分钟。结果：${relative(ROOT, join(benchDir, 'results.json'))}\n`);
