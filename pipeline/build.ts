/**
 * `planeval build`: read and validate the input, build the warehouse, compute and judge
 * every indicator, write the data outputs; everything into a staging folder that replaces
 * the previous outputs only when the whole build succeeded.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EXIT, UserError } from './basics/errors.ts';
import { appendAll } from './basics/arrays.ts';
import type { IndicatorValue } from './evaluate/evaluate.ts';
import { DEFAULT_GEOGRAPHY_FILE, loadGeography, type Geography } from './plan/geography.ts';
import { discoverInputs, type InputListing } from './ingest/inputs.ts';
import type { Logger } from './basics/log.ts';
import type { LaunchedBrowser } from './report/chromium.ts';
import { formatSeconds } from './basics/format.ts';
import { resolvePlan, type Plan } from './plan/plan.ts';
import { acquireBuildLock, createStaging, discard, OUT_ENTRIES, prepareOut, publish, refuseOutInsideInput, sweepStaging } from './publish.ts';
import type { InputData } from './ingest/read-inputs.ts';
import type { Warning } from './ingest/records.ts';
import { loadPassages, type PassageLibrary } from './present/passages.ts';
import { reportPassageSections } from './present/passage-sections.ts';
import type { PdfStageResult, ReportsWritten } from './report/report.ts';
import type { LineageRow, NumeratorPart, SheetRole } from './warehouse/lineage.ts';
import { outOfMemoryAdvice } from './warehouse/memory.ts';
import type { DoubtfulCell } from './present/doubtful.ts';
import { buildKey, cacheDir, cachePlaces, geographyDigest, inputDigests, outputsPresent, prepareCache, programDigest, readBuildRecord, writeBuildRecord, forgetBuildRecord, type BuildRecord } from './build-cache.ts';
import { chartCacheStats, pruneChartCache, useChartCache } from './present/chart-cache.ts';
import { byteCacheStats, pruneByteCache, useByteCache } from './basics/byte-cache.ts';
import { releaseHeap } from './basics/heap.ts';
import { damagedEntries, resetDamagedEntries } from './basics/sealed.ts';
import { meanwhile, yieldToEvents } from './basics/events.ts';

/** Rows read from which Node's heap is collected before DuckDB's largest steps (10× the sample has 127,048). */
const COLLECT_BEFORE_DUCKDB_ROWS = 100_000;

/**
 * The stages' modules, loaded only when a build has work to do: a rebuild with nothing
 * changed answers without loading DuckDB, vega or the browser driver.
 */
/** The data stages' modules, loaded when a build has work to do. */
async function stages() {
  const [contract, sql, evaluate, indicatorValues, ledger, readInputs, dataTests, load, models, warehouse, lineage, outcomeCache, blankCells] = await Promise.all([
    import('./plan/contract.ts'), import('./basics/sql.ts'), import('./evaluate/evaluate.ts'), import('./evaluate/indicator-values.ts'),
    import('./ingest/ledger.ts'), import('./ingest/read-inputs.ts'),
    import('./warehouse/data-tests.ts'), import('./warehouse/load.ts'), import('./warehouse/models.ts'), import('./warehouse/warehouse.ts'),
    import('./warehouse/lineage.ts'), import('./ingest/outcome-cache.ts'), import('./warehouse/blank-cells.ts'),
  ]);
  return {
    ...contract, ...sql, ...evaluate, ...indicatorValues, ...ledger, ...readInputs, ...dataTests, ...load, ...models, ...warehouse, ...lineage, ...outcomeCache, ...blankCells,
  };
}

/**
 * The report and site stages' modules (charts, Chromium, workbooks: ≈1 s to load), loaded
 * while the workbooks are read; a data-only build does not load them.
 */
async function presentStages() {
  const [report, site, chromium] = await Promise.all([import('./report/report.ts'), import('./site/site.ts'), import('./report/chromium.ts')]);
  return { ...report, ...site, launchBrowser: chromium.launchBrowser };
}

export interface BuildOptions {
  input: string;
  out: string;
  acceptRejects: boolean;
  pdf: boolean;
  /** Only the data stages (warehouse and data files): no reports, no site (default false). */
  dataOnly?: boolean;
  /** `midterm`: the plan's middle year is reported as a 中期评估 instead of an annual evaluation. */
  edition?: 'midterm';
  planId?: string;
  /** The office's passages (default: data/text/passages/). */
  passagesDir?: string;
  /** Build everything anew even when nothing changed since the last build into `out` (default false). */
  force?: boolean;
  /** The publication date the site shows (`2026-03-01`); none by default, so a build stays reproducible. */
  published?: string;
  log: Logger;
}

export interface BuildResult {
  exitCode: number;
  data?: InputData;
  values?: IndicatorValue[];
  /** What the report stage wrote (absent with --data-only). */
  reports?: ReportsWritten;
  stageMs: Record<string, number>;
  /** True when nothing had changed since the last build into `out`: its outputs stand, untouched. */
  unchanged?: boolean;
  /** What this build made anew and what it reused from the last build into `out`. */
  made?: { workbooksRead: number; workbooksReused: number; chartsDrawn: number; chartsReused: number; pdfsPrinted: number; pdfsReused: number; filesMade: number; filesReused: number; cacheEntriesDamaged: number };
}

/** What one build reads: plan, geography (the input's own when it brings one) and the listing. */
export function readConfiguration(input: string, planId?: string): { plan: Plan; geography: Geography; listing: InputListing } {
  const plan = resolvePlan(planId);
  const listing = discoverInputs(input, { first: plan.baselineYear, last: Math.max(plan.period.end, plan.targetYear) });
  const geography = loadGeography(listing.geographyFile ?? DEFAULT_GEOGRAPHY_FILE);
  return { plan, geography, listing };
}

export async function build(opts: BuildOptions): Promise<BuildResult> {
  const { log } = opts;
  const stageMs: Record<string, number> = {};
  const timed = async <T>(name: string, body: () => Promise<T> | T): Promise<T> => {
    log.step(name);
    const t0 = performance.now();
    try {
      return await body();
    } finally {
      stageMs[name] = performance.now() - t0;
    }
  };

  // The out folder: a folder, empty or planeval's own (checked again under the lock)
  const outDir = resolve(opts.out);
  const entries = opts.dataOnly ? OUT_ENTRIES.filter((e) => e === 'warehouse.duckdb' || e === 'data') : [...OUT_ENTRIES];
  refuseOutInsideInput(outDir, resolve(opts.input));
  prepareOut(outDir, entries);

  // Read the plan, the geography and the input folder
  const { plan, geography, listing } = await timed('读取规划与输入目录', () => readConfiguration(opts.input, opts.planId));
  const lastYear = listing.years.at(-1);
  if (opts.published !== undefined && lastYear !== undefined && opts.published <= `${lastYear}-12-31`) {
    throw new UserError(`--published ${opts.published} 早于所评估的最后一年（${lastYear}年）结束：${lastYear}年的报告要在该年的数据齐全之后才能发布，请写 ${lastYear + 1}-01-01 或之后的日期`, EXIT.usage);
  }
  log.info(`${plan.title}；${listing.years.length} 个年度（${listing.years.join('、')}），${listing.workbooks.length} 个工作簿`);
  // The office's passages are checked before any work, so a mistyped placeholder stops the build at once.
  const passages = opts.dataOnly ? undefined : readPassages(plan, geography, opts.passagesDir, log);

  // Nothing changed since the last build into this folder: its outputs stand as they are.
  const inputs = inputDigests(listing);
  const key = buildKey({
    inputs, ignored: listing.ignored, geography, passagesDir: opts.passagesDir,
    options: { plan: plan.id, acceptRejects: opts.acceptRejects, pdf: opts.pdf, dataOnly: opts.dataOnly ?? false, edition: opts.edition ?? null, published: opts.published ?? null },
  });
  const unchanged = (record: BuildRecord | null): record is BuildRecord => !opts.force && record?.key === key && outputsPresent(outDir, record);
  let last = readBuildRecord(outDir);
  if (unchanged(last)) {
    // What a killed build left behind is still swept (under the lock: never another build's).
    // The record is read again under the lock: a build this one waited for may have published
    // other inputs' outputs meanwhile (the eighth attack: 'nothing changed', and exit 0, over them).
    const lock = await acquireBuildLock(outDir, log);
    try {
      sayFinished(sweepStaging(outDir, readdirSync), outDir, log);
      last = readBuildRecord(outDir);
    } finally {
      lock.release();
    }
  }
  if (unchanged(last)) {
    log.step('完成');
    log.info('输入的工作簿、规划、文字和程序都没有变化，上次生成的结果仍然有效，没有重新生成（加 --force 可重新构建一遍；要全部从头生成，先删除输出目录下的 .planeval-cache/）：');
    // its paths where the out folder is now (a moved or copied folder named the old one)
    for (const line of last.summary) log.info(last.outDir && last.outDir !== outDir ? line.split(last.outDir).join(outDir) : line);
    return { exitCode: EXIT.ok, stageMs, unchanged: true };
  }

  const {
    SHEETS, sqlString, evaluate, writeIndicatorValuesCsv, writeIndicatorValues, loadReportCsv, printProblems, rejectsCsv, warningsCsv,
    readInputs, assertDataTests, appendKept, recordLoadSheets, recordLoadYears, recordMissingTypes, recordVanishedRows, recordWarnings, readIndicatorBase, runAllModels, createWarehouse,
    recordRejects, rejectEffects, readLostLineage, readCellLineage, readColumnLineage, readNumeratorParts, readSheetRoles, OutcomeCache, readBlankCells, blankCellWarnings, blankCellsBeforeModels,
  } = await stages();
  const presenting = opts.dataOnly ? undefined : presentStages();
  // Awaited before the reports; a build that stops earlier must not leave it unhandled.
  presenting?.catch(() => {});

  // One build at a time writes into the out folder; the warehouse is made in a staging
  // folder first, so each year's rows can go into it as soon as they are checked. A build
  // that publishes nothing leaves no out folder it had to make for its lock.
  const madeFolders = missingFolders(outDir);
  const lock = await acquireBuildLock(outDir, log);
  let staging = '';
  let wh: Awaited<ReturnType<typeof createWarehouse>> | undefined;
  /** The browser that prints the PDFs, starting; writeReports closes it once handed over. */
  let launching: Promise<LaunchedBrowser> | undefined;
  let handedOver = false;
  const cache = cachePlaces(outDir);
  const pdfRecord = cache.pdfs;
  try {
    prepareOut(outDir, entries);
    prepareCache(outDir);
    resetDamagedEntries();
    sayFinished(sweepStaging(outDir, readdirSync), outDir, log);
    staging = createStaging(outDir);

    // Read and validate every workbook; each year's rows are loaded as soon as the year is checked
    // (a workbook whose bytes the last build read already is taken from its outcome then)
    const workbookCache = new OutcomeCache({
      dir: cache.workbooks, inputs,
      salt: `${programDigest()}:${geographyDigest(geography)}`,
    });
    const { warehouse, data } = await timed('读取并校验工作簿', async () => {
      const warehouse = (wh = await createWarehouse(join(staging, 'warehouse.duckdb'), { plan, geography }));
      // In one transaction: committed apart, each append of a year's sheet wrote the log and
      // checkpointed the growing tables again (4 s of 1.26 M rows' 7 at 100x).
      await warehouse.conn.run('begin transaction');
      const data = await readInputs(listing, { geography, plan }, log, {
        cache: workbookCache,
        // The reports read the rows of some sheets; a data-only build does not keep them.
        keepRows: !opts.dataOnly,
        // Between sheet kinds (and within a long one, appendKept) the reading workers' outcomes
        // are taken and their next workbooks handed out: appending a year held them idle.
        onYear: async (year) => {
          for (const sheet of SHEETS) {
            await appendKept(warehouse.conn, sheet, year.rows.kept(sheet.name));
            await yieldToEvents();
          }
        },
      });
      return { warehouse, data };
    });
    const hasRejects = data.rejects.length > 0;
    printProblems(data.rejects, data.warnings);
    if (hasRejects && !opts.acceptRejects) {
      // Every problem at once (data-contract §4), the empty cells an indicator needs too, as check says them
      await warehouse.conn.run('commit');
      const blanks = await blankCellsBeforeModels(warehouse.conn, listing.years, data, plan, geography);
      printProblems([], blanks, true);
      appendAll(data.warnings, blanks);
      log.warn(`共 ${data.rejects.length} 处拒绝（${data.rowsRejected} 行）、${data.warnings.length} 处警告。未发布任何结果；修正后重新运行，或加 --accept-rejects 带着被拒绝的数据继续发布。`);
      wh = undefined;
      warehouse.close();
      discard(staging);
      lock.release();
      removeIfEmpty(madeFolders);
      return { exitCode: EXIT.rejects, data, stageMs };
    }

    // Chromium starts now, while the indicators and data files are made: it took ≈ 2 s to start
    // beside the report pages' rendering, and a corrected workbook's first PDF waited for it.
    launching = presenting && opts.pdf ? presenting.then((m) => m.launchBrowser({ forPrinting: true })) : undefined;
    launching?.catch(() => {});

    // Charts drawn and PDFs printed by an earlier build of the same program are reused.
    useChartCache(cache.charts, programDigest());
    useByteCache(cache.files, programDigest());
    rmSync(`${pdfRecord}.next`, { force: true });
    // Load the warehouse: what was read besides the rows
    await timed('载入数据仓库', async () => {
      await warehouse.conn.run('commit');
      await recordLoadYears(warehouse.conn, listing.years);
      await recordLoadSheets(warehouse.conn, data.report);
      await recordMissingTypes(warehouse.conn, data.missingTypes);
      await recordVanishedRows(warehouse.conn, data.warnings);
      await recordRejects(warehouse.conn, data.rejects, data.report, geography);
    });
    let values: IndicatorValue[];
    // The lineage rows that make a value incomplete or missing: the reports name them
    let lost: LineageRow[] = [];
    let doubtful: DoubtfulCell[] = [];
    let numeratorParts: NumeratorPart[] = [];
    let sheetRoles: SheetRole[] = [];
    let blanks: Warning[] = [];
    try {
      // Compute and judge the indicators
      values = await timed('计算并评价指标', async () => {
        // With a large input, DuckDB's two largest steps (the lineage here, sorted as it is made;
        // its export below) start from a collected heap: V8 gives back the garbage of
        // reading and of evaluating only seconds later, and it sat under DuckDB's peak (at
        // 100×, ≈ 170 MB after reading; the lineage's step 1,000–1,160 → 745–870 MiB, the
        // export's 1,100–1,400 → 940–1,050 MiB). At the sample's size the two collections only
        // cost time (≈ 0.1 s each, two interleaved pairs of cold builds).
        if (data.rowsRead >= COLLECT_BEFORE_DUCKDB_ROWS) releaseHeap();
        await runAllModels(warehouse.conn);
        await assertDataTests(warehouse.conn);
        // Empty cells an indicator needs are warnings too, once the models know which count
        blanks = blankCellWarnings(await readBlankCells(warehouse.conn), plan, geography);
        appendAll(data.warnings, blanks);
        const values = evaluate(plan, await readIndicatorBase(warehouse.conn));
        await writeIndicatorValues(warehouse.conn, values, plan, geography);
        return values;
      });

      printProblems([], blanks, true);

      // Export the data files
      await timed('写出数据文件', async () => {
        if (data.rowsRead >= COLLECT_BEFORE_DUCKDB_ROWS) releaseHeap();
        const dataDir = join(staging, 'data');
        mkdirSync(join(dataDir, 'inputs'), { recursive: true });
        // The values in the table's order, which is the values' and the CSV's: by year and
        // indicator, the district, then towns in official order (sorting them by town code had
        // taken 0.3-0.5 s at 100x)
        await warehouse.conn.run(`copy (select * from indicator_values) to ${sqlString(join(dataDir, 'indicator_values.parquet'))} (format parquet)`);
        // The values' CSV is written in this thread while DuckDB writes the lineage in its own.
        // The lineage in the table's own order, that of all its columns (indicator_lineage.sql):
        // the same rows give the same bytes.
        await meanwhile(warehouse.conn.run(`copy (select * from indicator_lineage) to ${sqlString(join(dataDir, 'lineage.parquet'))} (format parquet)`), () =>
          writeIndicatorValuesCsv(join(dataDir, 'indicator_values.csv'), values, plan, geography),
        );
        // The reference tables an analyst joins to (the towns' names and official order, the
        // indicators' units, precision and targets): without them the town codes of the input
        // files had no names outside the warehouse (the analyst review)
        await warehouse.conn.run(`copy (select * from ref_towns order by sort_order) to ${sqlString(join(dataDir, 'ref_towns.parquet'))} (format parquet)`);
        await warehouse.conn.run(`copy (select * from ref_indicators order by indicator_id) to ${sqlString(join(dataDir, 'ref_indicators.parquet'))} (format parquet)`);
        for (const sheet of SHEETS) {
          // in the order of the workbooks' rows (the source row is unique: a data test says so)
          await warehouse.conn.run(`copy (select * from stg_${sheet.table} order by year, source_file, source_sheet, source_row) to ${sqlString(join(dataDir, 'inputs', `${sheet.table}.parquet`))} (format parquet)`);
        }
        await recordWarnings(warehouse.conn, data.warnings, data.report);
        await warehouse.conn.run('checkpoint');
        writeFileSync(join(dataDir, 'rejects.csv'), rejectsCsv(data.rejects, await rejectEffects(warehouse.conn, plan, geography, data.rejects.length)));
        writeFileSync(join(dataDir, 'warnings.csv'), warningsCsv(data.warnings));
        writeFileSync(join(dataDir, 'load_report.csv'), loadReportCsv(data.report));
        writeFileSync(join(dataDir, 'manifest.json'), JSON.stringify(manifest(listing, plan, inputs), null, 2) + '\n');
      });
      if (!opts.dataOnly) {
        lost = await readLostLineage(warehouse.conn);
        const { changedCells, doubtfulCells, mismatchedColumns, totalCells } = await import('./present/doubtful.ts');
        doubtful = [
          ...doubtfulCells(data.warnings, await readCellLineage(warehouse.conn, changedCells(data.warnings))),
          ...totalCells(data.warnings, data.rejects, await readColumnLineage(warehouse.conn, mismatchedColumns(data.warnings, data.rejects))),
        ];
        numeratorParts = await readNumeratorParts(warehouse.conn);
        sheetRoles = await readSheetRoles(warehouse.conn);
      }
    } finally {
      wh = undefined;
      warehouse.close();
    }

    let reports: ReportsWritten = { years: [], html: [], documents: [], pdfs: [], printed: 0, reused: 0, ms: 0 };
    if (presenting) {
      const { writeReports, writeSite } = await presenting;
      handedOver = true;
      // Render the annual reports (HTML); their PDFs print while the site is made
      const pages = await timed('生成年度评估报告', () =>
        writeReports({
          plan, geography, values, data, lost, doubtful, numeratorParts, sheetRoles, acceptedRejects: opts.acceptRejects && hasRejects,
          editions: opts.edition === 'midterm' ? new Map([[midtermYear(plan), 'midterm' as const]]) : undefined,
          siteDir: join(staging, 'site'), shownSiteDir: join(outDir, 'site'), pdfDir: join(staging, 'pdf'), pdf: opts.pdf, passages, log, published: opts.published,
          reuse: { pdfDir: join(outDir, 'pdf'), recordFile: pdfRecord, tocFile: cache.pdfToc },
          fontCache: cache.fonts,
          programDigest: programDigest(),
          launching,
        }),
      );

      // Build the website around the reports: while the PDFs print when they are few, else after them
      const { printing, ...written } = pages;
      const alongside = pages.pdfsToPrint > 0 && pages.pdfsToPrint <= siteAlongsideMaxPdfs(geography);
      let pdfs: PdfStageResult | undefined;
      if (!alongside) {
        // Node only answers Chromium now: the garbage of rendering is given back first (basics/heap.ts).
        if (pages.pdfsToPrint > 0) releaseHeap();
        pdfs = opts.pdf ? await timed('打印 PDF', () => printing) : await printing;
      }
      try {
        await timed(alongside ? '生成网站（同时打印 PDF）' : '生成网站', () =>
          writeSite({
            plan, geography, values, data, publishRejects: opts.acceptRejects && hasRejects, reports: pages.documents, published: opts.published, log,
            pdfsPrinted: printing,
            precompressCache: cache.precompressed,
            doubtful, sheetRoles, siteDir: join(staging, 'site'), shownSiteDir: join(outDir, 'site'), dataDir: join(staging, 'data'), warehouse: join(staging, 'warehouse.duckdb'),
          }),
        );
      } finally {
        // Chromium is done (and closed) before the staging folder is published or discarded.
        await printing.catch(() => {});
      }
      pdfs ??= await printing;
      if (alongside) stageMs['打印 PDF（与生成网站同时）'] = pdfs.ms;
      reports = { ...written, ...pdfs };
    }

    // Publish
    const published = entries.filter((name) => existsSync(join(staging, name)));
    await timed('发布', () => {
      forgetBuildRecord(outDir);
      publish(staging, outDir, entries);
    });
    // The PDFs now in out/pdf are the ones this build recorded.
    if (existsSync(`${pdfRecord}.next`)) renameSync(`${pdfRecord}.next`, pdfRecord);
    else if (!opts.dataOnly) rmSync(pdfRecord, { force: true });
    const charts = chartCacheStats();
    const files = byteCacheStats();
    if (!opts.dataOnly) {
      pruneChartCache();
      pruneByteCache();
    }
    workbookCache.prune();

    // a ratio of 0 ÷ 0 has no value and is not missing data (the attack: 缺数据 counted it)
    const missing = values.filter((v) => v.value === null && !v.isComplete).length;
    const undefinedRatios = values.filter((v) => v.value === null && v.isComplete).length;
    const incomplete = values.filter((v) => v.value !== null && !v.isComplete).length;
    const summary: string[] = [
      `文件 ${data.files} 个${workbookCache.reused ? `（其中 ${workbookCache.reused} 个工作簿未变，沿用上次读取的结果）` : ''}；读取 ${data.rowsRead} 行，载入 ${data.rowsLoaded} 行，拒绝 ${data.rowsRejected} 行；警告 ${data.warnings.length} 处`,
      `指标值 ${values.length} 个（${plan.indicators.length} 项指标 × ${listing.years.length} 年 × 全区和镇街），其中缺数据 ${missing} 个${incomplete ? `；数据不全 ${incomplete} 个（按已有数据计算，已标明）` : ''}${undefinedRatios ? `；分母为0、无法计算 ${undefinedRatios} 个` : ''}`,
      `数据仓库：${join(outDir, 'warehouse.duckdb')}；数据文件：${join(outDir, 'data')}/`,
    ];
    if (reports.years.length) {
      summary.push(`年度评估报告（${reports.years.join('、')}年）：${join(outDir, 'site', 'reports')}/<年份>/index.html（网页，${reports.html.length} 个）`);
      summary.push(reports.pdfs.length ? `PDF：${join(outDir, 'pdf')}/<年份>/（${reports.pdfs.length} 份）` : 'PDF：未打印（--no-pdf）');
    }
    log.step('完成');
    for (const line of summary.slice(0, 2)) log.info(line);
    log.info(`各阶段用时：${Object.entries(stageMs).map(([k, v]) => `${k} ${formatSeconds(v)}`).join('；')}`);
    if (!opts.dataOnly) {
      log.info(`图表：新绘制 ${charts.drawn} 张，沿用上次构建的 ${charts.reused} 张；下载文件（xlsx、CSV、Arrow）：新生成 ${files.made} 个，沿用 ${files.reused} 个${opts.pdf ? `；PDF：新打印 ${reports.printed} 份，页面未变、沿用上次的 ${reports.reused} 份` : ''}`);
    }
    for (const line of summary.slice(2)) log.info(line);
    if (opts.dataOnly) log.warn('只更新了数据仓库和数据文件（--data-only）：报告和网站未重新生成。');
    const damaged = damagedEntries();
    if (damaged > 0) {
      log.warn(`构建缓存（${cacheDir(outDir)}）中有 ${damaged} 项与保存时的摘要不符（磁盘错误、复制不全或被改动过），已重新生成，发布的是重新生成的结果；如反复出现，请检查磁盘。`);
    }
    writeBuildRecord(outDir, { key, outputs: published, summary, outDir });
    lock.release();
    const made = { workbooksRead: workbookCache.read, workbooksReused: workbookCache.reused, chartsDrawn: charts.drawn, chartsReused: charts.reused, pdfsPrinted: reports.printed, pdfsReused: reports.reused, filesMade: files.made, filesReused: files.reused, cacheEntriesDamaged: damaged };
    return { exitCode: EXIT.ok, data, values, reports: opts.dataOnly ? undefined : reports, stageMs, made };
  } catch (e) {
    if (launching && !handedOver) await launching.then((b) => b.close(), () => {});
    wh?.close();
    if (staging) discard(staging);
    lock.release();
    removeIfEmpty(madeFolders);
    throw e;
  }
}

/** What the out folder got from a build killed while publishing, whose publish this one finished (publish.ts: sweepStaging). */
function sayFinished(entries: readonly string[], outDir: string, log: Logger): void {
  if (entries.length === 0) return;
  log.warn(`上一次构建在发布结果时被中断：它已全部生成的结果中尚未发布的 ${entries.join('、')} 现已补发到 ${outDir}，输出目录的各项重新一致。`);
}

/** The folders of `dir` and above it that do not exist yet, innermost first. */
function missingFolders(dir: string): string[] {
  const out: string[] = [];
  for (let p = dir; !existsSync(p) && dirname(p) !== p; p = dirname(p)) out.push(p);
  return out;
}

/** Remove the folders made for a build that published nothing, while they are empty (innermost first). */
function removeIfEmpty(folders: readonly string[]): void {
  for (const f of folders) {
    try {
      rmdirSync(f);
    } catch {
      return; // not empty (or gone): what is in it stays
    }
  }
}

/**
 * The most PDFs the site is made alongside of (two years of reports, as a correction of one
 * year's workbook reprints): printing a few reports leaves a core idle for the site (one
 * corrected workbook: 15.0 → 10.8 s here); printing many keeps both cores busy, and making
 * the site beside them only slowed the printing (115 PDFs: 20.5–22.4 s alone, 28–29 s beside
 * the site, the build no shorter), so then the site waits for them.
 */
export function siteAlongsideMaxPdfs(geography: Geography): number {
  return 2 * (1 + geography.towns.length);
}

/** The year a mid-term evaluation reports: the middle of the plan period (2023 for 2021–2025). */
export function midtermYear(plan: Plan): number {
  return plan.period.start + Math.floor((plan.period.end - plan.period.start) / 2);
}

/** Inputs' content hashes, so a published result can be traced to what it was built from. */
function manifest(listing: InputListing, plan: Plan, inputs: ReadonlyMap<string, string>): unknown {
  return {
    plan: plan.id,
    years: listing.years,
    inputs: [...listing.workbooks, ...listing.otherSpreadsheets, ...listing.refused].map((f) => ({ file: f.relPath, sha256: inputs.get(f.relPath) ?? null })),
    ignored: listing.ignored,
  };
}

/** The office's passages of every year, checked against the plan, the towns and the report sections. */
function readPassages(plan: Plan, geography: Geography, dir: string | undefined, log: Logger): PassageLibrary {
  const library = loadPassages({ plan, geography, sections: (year) => reportPassageSections(plan, year) }, dir);
  if (library.passages.length) log.info(`评估办公室撰写的段落：${library.passages.length} 段（${library.where}）`);
  return library;
}

/** `planeval check`: validation only, same messages and exit codes as the build. */
export async function check(opts: { input: string; planId?: string; passagesDir?: string; log: Logger }): Promise<number> {
  const { log } = opts;
  // One workbook (a department's, before it is sent): checked in a year folder of its own, its
  // own problems said; the other departments' sheets, towns missing from them and last year's
  // comparison are not its matter (the thirteenth attack: exit 64 '不是文件夹', or 170 warnings
  // of other sheets burying its own)
  const one = singleWorkbook(opts.input);
  if (one) {
    log.info(one.inPlace
      ? `只检查一个工作簿：“${opts.input}”，与所在输入目录“${one.dir}”中的其他工作簿一起读取（与上年、与社区村名录的核对照常），只列出这个工作簿的问题。`
      : `只检查一个工作簿：“${opts.input}”按 ${one.year} 年读取；它不在输入目录的年度文件夹中，其他科室的报表是否齐全、与上年的比较和与社区村名录的核对不在此列，请在全部工作簿放入输入目录后再运行 check --input 该目录。`);
    try {
      return await checkFolder({ ...opts, input: one.dir }, one);
    } finally {
      if (!one.inPlace) rmSync(one.dir, { recursive: true, force: true });
    }
  }
  return checkFolder(opts, null);
}

/**
 * What `check` reads of one workbook: its rejects, warnings and counts alone; copied out of its
 * input folder, without the stations' check against a roster it does not have (said once).
 */
function onlyOf(data: InputData, one: SingleWorkbook, log: Logger): InputData {
  const noRoster = (r: InputData['rejects'][number]) => !one.inPlace && r.rule === 'unknown_community' && r.message.includes('没有可用的社区村名录');
  const rejects = data.rejects.filter((r) => r.file === one.file && !noRoster(r));
  const unchecked = new Set(data.rejects.filter((r) => r.file === one.file && noRoster(r)).map((r) => `${r.sheet}\u0000${r.row}`)).size;
  if (unchecked) log.warn(`有 ${unchecked} 行所在的社区（村）需与当年的社区村名录核对：单独检查一个工作簿时没有名录，未核对（这些行按可以载入计）。`);
  const report = data.report.filter((r) => r.file === one.file);
  const sum = (k: 'rowsRead' | 'rowsLoaded' | 'rowsRejected') => report.reduce((n, r) => n + r[k], 0);
  const rejectedRows = new Set(rejects.filter((r) => r.scope === 'row').map((r) => `${r.sheet}\u0000${r.row}`)).size + report.filter((r) => r.status === 'rejected').reduce((n, r) => n + r.rowsRejected, 0);
  const rowsRead = sum('rowsRead');
  return {
    ...data, rejects, warnings: data.warnings.filter((w) => w.file === one.file), report, files: 1,
    rowsRead, rowsRejected: Math.min(rowsRead, rejectedRows), rowsLoaded: rowsRead - Math.min(rowsRead, rejectedRows),
  };
}

/** One workbook `check` is asked about: its input folder, its path there, its year; in place, or copied into a folder of its own. */
interface SingleWorkbook {
  dir: string;
  file: string;
  year: number;
  inPlace: boolean;
}

/**
 * `--input` naming a workbook file: a temporary input folder holding it in its year's folder
 * (the year of the folder it is in, else of its name), and its path there. Null for a folder.
 * A file whose year cannot be told is refused (exit 64), saying how to name it.
 */
function singleWorkbook(input: string): SingleWorkbook | null {
  if (!existsSync(input) || !statSync(input).isFile()) return null;
  const name = basename(input);
  const folder = dirname(resolve(input));
  const folderYear = /^(\d{4})/.exec(basename(folder))?.[1];
  // in a year folder of an input folder (beside other years' folders, or the office's own copy of
  // the whole input): read with it, so that the roster and last year check it as a build would
  if (folderYear !== undefined) {
    const tree = dirname(folder);
    const years = readdirSync(tree, { withFileTypes: true }).filter((e) => e.isDirectory() && /^\d{4}/.test(e.name));
    if (years.length > 1) return { dir: tree, file: `${basename(folder)}/${name}`, year: Number(folderYear), inPlace: true };
  }
  const nameYear = /(?<!\d)(19[5-9]\d|20\d\d)(?!\d)/.exec(name)?.[1];
  const year = Number(folderYear ?? nameYear ?? NaN);
  if (!Number.isInteger(year)) {
    throw new UserError(`“${input}”是一个文件，从它的名称和所在的文件夹看不出是哪一年的：请把它放进以年度命名的文件夹（如 2023/）后再检查，或在文件名中写明年度（如 社会救助科_2023.xlsx）`, EXIT.usage);
  }
  const dir = mkdtempSync(join(tmpdir(), 'planeval-check-one-'));
  mkdirSync(join(dir, String(year)));
  copyFileSync(input, join(dir, String(year), name));
  return { dir, file: `${year}/${name}`, year, inPlace: false };
}

/** check of an input folder; of `only` (a file of it) alone, its problems, where given. */
async function checkFolder(opts: { input: string; planId?: string; passagesDir?: string; log: Logger }, one: SingleWorkbook | null): Promise<number> {
  const { log } = opts;
  const only = one?.file ?? null;
  log.step('读取规划与输入目录');
  const { plan, geography, listing } = readConfiguration(opts.input, opts.planId);
  // other files and folders are not its matter (the folder made for one workbook has no baseline year)
  if (only !== null) listing.notRead.length = 0;
  readPassages(plan, geography, opts.passagesDir, log);
  log.step('读取并校验工作簿');
  const [{ readInputs }, { printProblems }, { createWarehouse }, { appendKept }, { SHEETS }, { blankCellsBeforeModels }] = await Promise.all([
    import('./ingest/read-inputs.ts'), import('./ingest/ledger.ts'), import('./warehouse/warehouse.ts'), import('./warehouse/load.ts'),
    import('./plan/contract.ts'), import('./warehouse/blank-cells.ts'),
  ]);
  // The rows go into a warehouse, as a build's would, for the metric models to say which empty
  // cells an indicator needs (blank-cells.ts); each year's rows are dropped once the next year
  // is compared with them. A file in a temporary folder, not memory: DuckDB keeps to its memory
  // limit by writing there (at 100x a warehouse in memory took check's peak from 577 to 896 MiB).
  // Without it (no writable temporary folder, a full disk) the workbooks are checked all the
  // same, and the office is told what was not looked for.
  let scratch: string | null = null;
  let warehouse: Awaited<ReturnType<typeof createWarehouse>> | null = null;
  let lost: unknown = null;
  const dropWarehouse = (why: unknown) => {
    lost ??= why;
    try {
      warehouse?.close();
    } catch {
      // already broken: its folder goes below
    }
    warehouse = null;
  };
  const removeScratch = () => {
    if (scratch !== null) rmSync(scratch, { recursive: true, force: true });
    scratch = null;
  };
  // Interrupted (Ctrl+C), the temporary folder goes too, then the signal does what it would have
  const onSignal = (signal: NodeJS.Signals) => {
    removeScratch();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let blanks: Warning[] = [];
  let data: InputData;
  try {
    try {
      scratch = mkdtempSync(join(tmpdir(), 'planeval-check-'));
      warehouse = await createWarehouse(join(scratch, 'check.duckdb'), { plan, geography });
      await warehouse.conn.run('begin transaction');
    } catch (e) {
      dropWarehouse(e);
    }
    data = await readInputs(listing, { geography, plan }, log, {
      keepRows: false,
      onYear: async (year) => {
        if (!warehouse) return;
        try {
          for (const sheet of SHEETS) await appendKept(warehouse.conn, sheet, year.rows.kept(sheet.name));
        } catch (e) {
          dropWarehouse(e);
        }
      },
    });
    if (one !== null) data = onlyOf(data, one, log);
    printProblems(data.rejects, data.warnings);
    if (warehouse) {
      log.step('查找指标所需而未填的数值');
      try {
        await warehouse.conn.run('commit');
        blanks = await blankCellsBeforeModels(warehouse.conn, listing.years, data, plan, geography);
      } catch (e) {
        dropWarehouse(e);
      }
    }
  } finally {
    dropWarehouse(null);
    removeScratch();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (lost !== null) {
    // DuckDB's first line only (what follows suggests SET statements); out of memory has its own remedy
    const why = (lost instanceof Error ? lost.message : String(lost)).split('\n')[0]!;
    const memory = outOfMemoryAdvice(why, 'check');
    log.warn(
      memory
        ? `未能查找指标所需而未填的数值：${memory}（DuckDB 的原话：${why}）。工作簿的校验不受影响。`
        : `未能查找指标所需而未填的数值（需要在临时文件夹 ${tmpdir()} 中建一个临时数据库）：${why}。工作簿的校验不受影响；可用环境变量 TMPDIR 指定一个可写、有空间的文件夹后重新检查。`,
    );
  }
  if (only !== null) blanks = blanks.filter((w) => w.file === only);
  printProblems([], blanks, true);
  const warnings = data.warnings.length + blanks.length;
  log.step('校验结果');
  log.info(`文件 ${data.files} 个；读取 ${data.rowsRead} 行，可载入 ${data.rowsLoaded} 行，拒绝 ${data.rowsRejected} 行；警告 ${warnings} 处`);
  if (data.rejects.length) {
    log.warn(`有 ${data.rejects.length} 处问题需要修正（见上）。`);
    return EXIT.rejects;
  }
  if (blanks.length) {
    log.warn(`全部数据可以载入，但有 ${blanks.length} 个指标所需的数值未填（见上）：所涉指标值将只按其余数据计算并标为数据不全，或缺失。`);
    return EXIT.ok;
  }
  // warnings are not errors, but 全部数据可以载入 alone read as all clear beside a sheet that was not read
  if (data.warnings.length) {
    log.warn(`全部数据可以载入；另有 ${data.warnings.length} 处警告（见上），请逐一核实：未读取的工作表、缺少的镇街等会使相关指标缺失或不完整。`);
    return EXIT.ok;
  }
  log.info('全部数据可以载入。');
  return EXIT.ok;
}
