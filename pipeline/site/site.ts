/**
 * The site stage (生成网站): after the reports, the static website around them — home,
 * indicator pages, town pages, the reports index, data downloads with the data dictionary,
 * and method and data quality. Plain HTML and CSS, relative links only, charts as inline
 * SVG with their tables; the same input gives the same bytes.
 */
import type { DoubtfulCell } from '../present/doubtful.ts';
import type { SheetRole } from '../warehouse/lineage.ts';
import { reportYears, type IndicatorValue } from '../evaluate/evaluate.ts';
import type { YearReports } from '../present/report-documents.ts';
import type { Geography } from '../plan/geography.ts';
import type { Logger } from '../basics/log.ts';
import type { Plan } from '../plan/plan.ts';
import type { InputData } from '../ingest/read-inputs.ts';
import { YearRows } from '../ingest/row-batch.ts';
import { Renderer, writeAssets } from '../present/render.ts';
import { dataPage, writeDataFiles } from './data.ts';
import { loadPublication } from '../present/publication.ts';
import { indicatorDownloads, writeIndicatorDownloads } from './downloads.ts';
import { rootOf, SiteFiles, type SitePage } from './files.ts';
import { HOME_PAGE_PATH, homePage } from './home.ts';
import { indicatorPages } from './indicators.ts';
import { methodPage } from './method.ts';
import { pageFrame } from '../present/page-frame.ts';
import { precompress } from './precompress.ts';
import { projectPath } from '../basics/paths.ts';
import { formatFileSize } from '../basics/format.ts';
import { REPORTS_PAGE_PATH, reportsPage } from './reports.ts';
import { searchDocs, SEARCH_SECTION, writeSearchPage, type RootFrameOptions } from './search.ts';
import { DUCKDB_ASSET_DIR, SQL_SECTION, writeSqlPage } from './sql.ts';

/** Where the precompressed copies of the vendored DuckDB-WASM files are kept between builds. */
const PRECOMPRESS_CACHE = projectPath('node_modules', '.cache', 'planeval', 'precompressed');
import { townPages } from './towns.ts';
import { DEPLOY_NOTES_PATH, deployNotes } from './deploy-notes.ts';
import { verdictsToCheck, withLineage, writeLineageFiles } from './lineage.ts';
import type { SiteContext, SitePageSpec } from './view.ts';
import { ValueIndex } from '../present/value-index.ts';
import { yieldToEvents } from '../basics/events.ts';

export interface SiteStageInput {
  plan: Plan;
  geography: Geography;
  values: readonly IndicatorValue[];
  data: InputData;
  /** The site folder (staging), where the report stage has put `reports/` and `assets/`. */
  siteDir: string;
  /** Where the site folder will be once published, for the path the summary line names (default: siteDir). */
  shownSiteDir?: string;
  /** The build's data folder: indicator_values, input Parquet files, ledgers. */
  dataDir: string;
  /** The warehouse file, closed. */
  warehouse: string;
  /** The build published despite rejected data (--accept-rejects): list the rejects. */
  publishRejects: boolean;
  /** The reports the report stage wrote (newest year first), as it returned them. */
  reports: readonly YearReports[];
  /**
   * Settles when the reports' PDFs are in the site (they are printed while the site is
   * made): the pages that state a PDF's size wait for it. Default: they are there already.
   */
  pdfsPrinted?: Promise<unknown>;
  /** The publication date (`2026-03-01`) shown on every page, when given. */
  published?: string;
  /** The cells asked to be checked that count in a published value (present/doubtful.ts; default none). */
  doubtful?: readonly DoubtfulCell[];
  /** Each indicator's sheets as numerator or denominator, by year (warehouse `readSheetRoles`; default none). */
  sheetRoles?: readonly SheetRole[];
  /**
   * A folder keeping every file's compressed copies by content between builds (the out
   * folder's cache): an unchanged page is not compressed again. Default: only the vendored
   * engine's copies are kept (in node_modules/.cache).
   */
  precompressCache?: string;
  log: Logger;
}

export interface SiteStageResult {
  /** Every HTML page the stage wrote, in writing order. */
  pages: SitePage[];
}

/** The context every page reads: values indexed, years, the latest plan year, the reports written. */
export function siteContext(input: Pick<SiteStageInput, 'plan' | 'geography' | 'values' | 'reports' | 'published' | 'doubtful' | 'sheetRoles'> & Partial<Pick<SiteStageInput, 'data'>>): SiteContext {
  const { plan, geography, values } = input;
  const years = [...new Set(values.map((v) => v.year))].sort((a, b) => a - b);
  const planYears = reportYears(plan, values);
  const latestYear = planYears.at(-1) ?? years.at(-1) ?? plan.baselineYear;
  return { plan, geography, values, index: new ValueIndex(values), years, latestYear, reports: [...input.reports], published: input.published, doubtful: input.doubtful, sheetRoles: input.sheetRoles,
    // the rows, where the build kept them (what a figure is made of); a site written from released rows says less, not wrong
    ...(input.data && !input.data.years.some((y) => y.rows instanceof YearRows && y.rows.released) ? { data: input.data } : {}) };
}

export async function writeSite(input: SiteStageInput): Promise<SiteStageResult> {
  const { plan, log } = input;
  const files = new SiteFiles(input.siteDir);
  const ctx = siteContext(input);
  writeAssets(input.siteDir);

  // Downloads of the indicator pages
  await writeIndicatorDownloads(ctx, files);

  // Data files: indicator values, input tables, ledgers, warehouse
  const published = await writeDataFiles(ctx, files, input);

  // Lineage: each indicator's sources as CSV and xlsx, lineage.parquet for the SQL page
  const lineage = await writeLineageFiles(ctx, files, input.dataDir);

  // Pages (with the sources of the latest year's values, and the incomplete figures); the
  // home and reports pages, which give each PDF's size, last, once the PDFs are printed
  const renderer = new Renderer();
  const siteTitle = `${plan.shortTitle}实施评估`;
  const links = { latestYear: ctx.latestYear, published: ctx.published };
  const render = async (specs: readonly SitePageSpec[]) => {
    for (const spec of withLineage(ctx, files, lineage, specs)) {
      await yieldToEvents();
      const frame = pageFrame(plan, links, {
        title: spec.title === siteTitle ? siteTitle : `${spec.title} · ${siteTitle}`,
        description: spec.description,
        root: rootOf(spec.path),
        section: spec.section,
        breadcrumbs: spec.breadcrumbs,
        bodyClass: `site-page page-${spec.template}`,
        scripts: spec.scripts,
      });
      files.page(spec.path, renderer.page(`site/${spec.template}`, spec.view, frame), { title: spec.title, section: spec.section });
    }
  };
  await render([
    ...indicatorPages(ctx, (ind, from) => indicatorDownloads(files, ind, from)),
    ...townPages(ctx),
    dataPage(ctx, files, published, loadPublication()),
    methodPage(ctx, files, input.data, published.ledgers),
  ]);

  // Search and SQL pages (after the Parquet files are in the site)
  const frame = (o: RootFrameOptions) => pageFrame(plan, links, { ...o, root: '' });
  writeSearchPage({ siteDir: input.siteDir, renderer, plan, frame, docs: searchDocs({ plan, geography: input.geography, values: input.values, reports: ctx.reports, toCheck: verdictsToCheck(ctx, lineage) }) });
  files.record('search.html', { title: '搜索', section: SEARCH_SECTION });
  await writeSqlPage({ siteDir: input.siteDir, renderer, plan, frame });
  files.record('sql.html', { title: 'SQL 查询', section: SQL_SECTION });

  // Precompressed copies for the web server: the vendored engine's from a cache shared by
  // every build (the same 35 MB each time), the others from the out folder's cache if any.
  // Every file but the two pages that wait for the PDFs is compressed while they print (after a
  // corrected workbook the site waited ≈ 3 s for 8 PDFs, then compressed ≈ 1 s), those two after.
  const vendored = (rel: string) => rel.startsWith(`${DUCKDB_ASSET_DIR}/`);
  const used = new Set<string>();
  const pack = (only: (rel: string) => boolean, prune: boolean) =>
    precompress(input.siteDir, {
      sharedCacheDir: PRECOMPRESS_CACHE, shared: vendored, only, used,
      ...(input.precompressCache ? { cacheDir: input.precompressCache, cacheable: () => true, prune } : {}),
    });
  const afterPdfs = new Set([HOME_PAGE_PATH, REPORTS_PAGE_PATH]);
  const early = await pack((rel) => !afterPdfs.has(rel), false);

  await input.pdfsPrinted;
  await render([homePage(ctx, files), reportsPage(ctx, files)]);
  const late = await pack((rel) => afterPdfs.has(rel), true);
  const packed = {
    files: early.files + late.files,
    bytes: early.bytes + late.bytes,
    gzipBytes: early.gzipBytes + late.gzipBytes,
    brotliBytes: early.brotliBytes + late.brotliBytes,
  };
  // last: its sizes are the site's as published
  files.write(DEPLOY_NOTES_PATH, deployNotes(input.siteDir, siteTitle));
  log.info(`预压缩：${packed.files} 个文件（${formatFileSize(packed.bytes)}）旁写出 .gz（${formatFileSize(packed.gzipBytes)}）和 .br（${formatFileSize(packed.brotliBytes)}）`);

  log.info(`网站：${files.pages.length} 个页面（首页、${plan.indicators.length} 个指标页、${input.geography.towns.length} 个镇街页、报告、数据、方法、搜索、SQL），${input.shownSiteDir ?? input.siteDir}/index.html`);
  return { pages: files.pages };
}
