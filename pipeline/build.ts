/**
 * `planeval build`: read and validate the input, build the warehouse, compute and judge
 * every indicator, write the data outputs; everything into a staging folder that replaces
 * the previous outputs only when the whole build succeeded.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SHEETS } from './plan/contract.ts';
import { EXIT } from './basics/errors.ts';
import { sqlString } from './basics/sql.ts';
import { evaluate, type IndicatorValue } from './evaluate/evaluate.ts';
import { DEFAULT_GEOGRAPHY_FILE, loadGeography, type Geography } from './plan/geography.ts';
import { indicatorValuesCsv, writeIndicatorValues } from './evaluate/indicator-values.ts';
import { discoverInputs, type InputListing } from './ingest/inputs.ts';
import { loadReportCsv, problemsByFile, rejectsCsv, warningsCsv } from './ingest/ledger.ts';
import type { Logger } from './basics/log.ts';
import { formatSeconds } from './basics/format.ts';
import { resolvePlan, type Plan } from './plan/plan.ts';
import { createStaging, discard, publish, sweepStaging } from './publish.ts';
import { readInputs, type InputData } from './ingest/read-inputs.ts';
import { writeReports, type ReportStageResult } from './report/report.ts';
import { writeSite } from './site/site.ts';
import { assertDataTests } from './warehouse/data-tests.ts';
import { appendRows, recordLoadSheets, recordLoadYears, recordRejects } from './warehouse/load.ts';
import { rejectEffects } from './warehouse/lineage.ts';
import { readIndicatorBase, runAllModels } from './warehouse/models.ts';
import { createWarehouse } from './warehouse/warehouse.ts';

export interface BuildOptions {
  input: string;
  out: string;
  acceptRejects: boolean;
  pdf: boolean;
  /** Only the data stages (warehouse and data files): no reports, no site (default false). */
  dataOnly?: boolean;
  planId?: string;
  log: Logger;
}

export interface BuildResult {
  exitCode: number;
  data?: InputData;
  values?: IndicatorValue[];
  /** What the report stage wrote (absent with --data-only). */
  reports?: ReportStageResult;
  stageMs: Record<string, number>;
}

/** What one build reads: plan, geography (the input's own when it brings one) and the listing. */
export function readConfiguration(input: string, planId?: string): { plan: Plan; geography: Geography; listing: InputListing } {
  const plan = resolvePlan(planId);
  const listing = discoverInputs(input);
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

  // Read the plan, the geography and the input folder
  const { plan, geography, listing } = await timed('读取规划与输入目录', () => readConfiguration(opts.input, opts.planId));
  log.info(`${plan.title}；${listing.years.length} 个年度（${listing.years.join('、')}），${listing.workbooks.length} 个工作簿`);

  // Read and validate every workbook
  const data = await timed('读取并校验工作簿', () => readInputs(listing, geography, log));
  const hasRejects = data.rejects.length > 0;
  if (hasRejects || data.warnings.length > 0) {
    process.stderr.write(problemsByFile(data.rejects, data.warnings) + '\n');
  }
  if (hasRejects && !opts.acceptRejects) {
    log.warn(`共 ${data.rejects.length} 处拒绝（${data.rowsRejected} 行）、${data.warnings.length} 处警告。未发布任何结果；修正后重新运行，或加 --accept-rejects 带着被拒绝的数据继续发布。`);
    return { exitCode: EXIT.rejects, data, stageMs };
  }

  const outDir = resolve(opts.out);
  sweepStaging(outDir, readdirSync);
  const staging = createStaging(outDir);
  try {
    // Load the warehouse
    const wh = await timed('载入数据仓库', async () => {
      const wh = await createWarehouse(join(staging, 'warehouse.duckdb'), { plan, geography });
      for (const year of data.years) {
        for (const sheet of SHEETS) {
          const rows = year.rows.get(sheet.name);
          if (rows?.length) await appendRows(wh.conn, sheet, rows);
        }
      }
      await recordLoadYears(wh.conn, listing.years);
      await recordLoadSheets(wh.conn, data.report);
      await recordRejects(wh.conn, data.rejects, data.report, geography);
      return wh;
    });
    let values: IndicatorValue[];
    try {
      // Compute and judge the indicators
      values = await timed('计算并评价指标', async () => {
        await runAllModels(wh.conn);
        await assertDataTests(wh.conn);
        const values = evaluate(plan, await readIndicatorBase(wh.conn));
        await writeIndicatorValues(wh.conn, values, plan, geography);
        return values;
      });

      // Export the data files
      await timed('写出数据文件', async () => {
        const dataDir = join(staging, 'data');
        mkdirSync(join(dataDir, 'inputs'), { recursive: true });
        await wh.conn.run(`copy (select * from indicator_values order by year, indicator_id, geo_level <> 'district', geo_code) to ${sqlString(join(dataDir, 'indicator_values.parquet'))} (format parquet)`);
        await wh.conn.run(`copy (select * from indicator_lineage order by all) to ${sqlString(join(dataDir, 'lineage.parquet'))} (format parquet)`);
        for (const sheet of SHEETS) {
          await wh.conn.run(`copy (select * from stg_${sheet.table} order by all) to ${sqlString(join(dataDir, 'inputs', `${sheet.table}.parquet`))} (format parquet)`);
        }
        await wh.conn.run('checkpoint');
        writeFileSync(join(dataDir, 'indicator_values.csv'), indicatorValuesCsv(values, plan, geography));
        writeFileSync(join(dataDir, 'rejects.csv'), rejectsCsv(data.rejects, await rejectEffects(wh.conn, plan, geography, data.rejects.length)));
        writeFileSync(join(dataDir, 'warnings.csv'), warningsCsv(data.warnings));
        writeFileSync(join(dataDir, 'load_report.csv'), loadReportCsv(data.report));
        writeFileSync(join(dataDir, 'manifest.json'), JSON.stringify(manifest(listing, plan), null, 2) + '\n');
      });
    } finally {
      wh.close();
    }

    let reports: ReportStageResult = { years: [], html: [], pdfs: [], documents: [] };
    if (!opts.dataOnly) {
      // Render the annual reports (HTML and PDF)
      reports = await timed('生成年度评估报告', () =>
        writeReports({
          plan, geography, values, data, acceptedRejects: opts.acceptRejects && hasRejects,
          siteDir: join(staging, 'site'), pdfDir: join(staging, 'pdf'), pdf: opts.pdf, log,
        }),
      );

      // Build the website around the reports
      await timed('生成网站', () =>
        writeSite({
          plan, geography, values, data, publishRejects: opts.acceptRejects && hasRejects, reports: reports.documents, log,
          siteDir: join(staging, 'site'), dataDir: join(staging, 'data'), warehouse: join(staging, 'warehouse.duckdb'),
        }),
      );
    }

    // Publish
    await timed('发布', () => publish(staging, outDir, ['warehouse.duckdb', 'data', 'site', 'pdf']));

    const computed = values.filter((v) => v.value !== null).length;
    const missing = values.length - computed;
    log.step('完成');
    log.info(`文件 ${data.files} 个；读取 ${data.rowsRead} 行，载入 ${data.rowsLoaded} 行，拒绝 ${data.rowsRejected} 行；警告 ${data.warnings.length} 处`);
    log.info(`指标值 ${values.length} 个（${plan.indicators.length} 项指标 × ${listing.years.length} 年 × 全区和镇街），其中缺数据 ${missing} 个`);
    log.info(`各阶段用时：${Object.entries(stageMs).map(([k, v]) => `${k} ${formatSeconds(v)}`).join('；')}`);
    log.info(`数据仓库：${join(outDir, 'warehouse.duckdb')}；数据文件：${join(outDir, 'data')}/`);
    if (opts.dataOnly) log.warn('只更新了数据仓库和数据文件（--data-only）：报告和网站未重新生成。');
    if (reports.years.length) {
      log.info(`年度评估报告（${reports.years.join('、')}年）：${join(outDir, 'site', 'reports')}/<年份>/index.html（网页，${reports.html.length} 个）`);
      log.info(reports.pdfs.length ? `PDF：${join(outDir, 'pdf')}/<年份>/（${reports.pdfs.length} 份）` : 'PDF：未打印（--no-pdf）');
    }
    return { exitCode: EXIT.ok, data, values, reports: opts.dataOnly ? undefined : reports, stageMs };
  } catch (e) {
    discard(staging);
    throw e;
  }
}

/** Inputs' content hashes, so a published result can be traced to what it was built from. */
function manifest(listing: InputListing, plan: Plan): unknown {
  const hash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
  return {
    plan: plan.id,
    years: listing.years,
    inputs: [...listing.workbooks, ...listing.otherSpreadsheets].map((f) => ({ file: f.relPath, sha256: hash(f.path) })),
    ignored: listing.ignored,
  };
}

/** `planeval check`: validation only, same messages and exit codes as the build. */
export async function check(opts: { input: string; planId?: string; log: Logger }): Promise<number> {
  const { log } = opts;
  log.step('读取规划与输入目录');
  const { geography, listing } = readConfiguration(opts.input, opts.planId);
  log.step('读取并校验工作簿');
  const data = await readInputs(listing, geography, log);
  if (data.rejects.length || data.warnings.length) process.stderr.write(problemsByFile(data.rejects, data.warnings) + '\n');
  log.step('校验结果');
  log.info(`文件 ${data.files} 个；读取 ${data.rowsRead} 行，可载入 ${data.rowsLoaded} 行，拒绝 ${data.rowsRejected} 行；警告 ${data.warnings.length} 处`);
  if (data.rejects.length) {
    log.warn(`有 ${data.rejects.length} 处问题需要修正（见上）。`);
    return EXIT.rejects;
  }
  log.info('全部数据可以载入。');
  return EXIT.ok;
}
