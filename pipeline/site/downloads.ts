/**
 * Downloads of the indicator pages: for each indicator exactly its rows of
 * `indicator_values` (every year, the district and the towns, every column), as CSV and as
 * xlsx — both neutralised against formula injection (csv.ts, xlsx-write.ts). And the link
 * list shown on a page, with each file's kind and size.
 */
import type { Indicator } from '../plan/plan.ts';
import { formatFileSize } from '../basics/format.ts';
import { indicatorValuesCsv, indicatorValuesXlsx } from '../evaluate/indicator-values.ts';
import { indicatorDownloadPaths } from './indicators.ts';
import { linkFrom, type SiteFiles } from './files.ts';
import type { Download, SiteContext } from './view.ts';

const KINDS: Record<string, string> = {
  csv: 'CSV',
  xlsx: 'Excel 工作簿',
  parquet: 'Parquet',
  duckdb: 'DuckDB 数据库',
  pdf: 'PDF',
};

/** A link to a file of the site, from the page at `from`, with its kind and size. */
export function download(files: SiteFiles, from: string, target: string, label: string): Download {
  const ext = target.slice(target.lastIndexOf('.') + 1);
  return { href: linkFrom(from, target), label, detail: `${KINDS[ext] ?? ext.toUpperCase()}，${formatFileSize(files.size(target))}` };
}

export async function writeIndicatorDownloads(ctx: SiteContext, files: SiteFiles): Promise<void> {
  const { plan, geography, values } = ctx;
  for (const ind of plan.indicators) {
    const rows = values.filter((v) => v.indicatorId === ind.id);
    const paths = indicatorDownloadPaths(ind.id);
    files.write(paths.csv, indicatorValuesCsv(rows, plan, geography));
    files.write(paths.xlsx, await indicatorValuesXlsx(rows, plan, geography));
  }
}

/** The download links of one indicator's page. */
export function indicatorDownloads(files: SiteFiles, ind: Indicator, from: string): Download[] {
  const paths = indicatorDownloadPaths(ind.id);
  return [
    download(files, from, paths.csv, `指标${ind.id}全部数据（CSV）`),
    download(files, from, paths.xlsx, `指标${ind.id}全部数据（Excel）`),
  ];
}
