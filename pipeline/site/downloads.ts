/**
 * The CSV and Excel downloads of the site, written the way a reader's spreadsheet opens
 * them: CSV in UTF-8 with a byte-order mark (how Excel recognises UTF-8; without it a
 * Chinese Excel reads GBK), Chinese column headers from the data dictionary in both, text
 * from the workbooks guarded against formula injection in the CSV (csv.ts) and written as
 * typed text cells in the xlsx. For each indicator exactly its rows of `indicator_values`
 * (every year, the district and the towns, every column). And the link list shown on a
 * page, with each file's kind and size.
 */
import { yieldToEvents } from '../basics/events.ts';
import type { Indicator } from '../plan/plan.ts';
import { toCsv, type CsvValue } from '../basics/csv.ts';
import { formatFileSize } from '../basics/format.ts';
import { tableWorkbook, type XlsxColumn } from '../basics/xlsx-write.ts';
import { INDICATOR_VALUE_COLUMNS, indicatorValueCells } from '../evaluate/indicator-values.ts';
import { codeLabels, indicatorValueDictionary } from './dictionary.ts';
import { indicatorDownloadPaths } from './indicators.ts';
import { linkFrom, type SiteFiles } from './files.ts';
import type { Download, SiteContext } from './view.ts';

/** The byte-order mark that starts every CSV of the site. */
export const UTF8_BOM = '\uFEFF';

/**
 * A column of a download: its name (Parquet, SQL), the Chinese header the CSV and Excel files
 * carry and, for a column of codes, the words they are shown as (dictionary.ts codeLabels).
 */
export interface DownloadColumn extends XlsxColumn {
  label: string;
  codes?: Readonly<Record<string, string>>;
}

/** A value as a download shows it: a boolean as 是/否, a code as its words, anything else as it is. */
function shownValue(column: DownloadColumn, v: CsvValue): CsvValue {
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (column.codes !== undefined && typeof v === 'string') return column.codes[v] ?? v;
  return v;
}

function shownRows(columns: readonly DownloadColumn[], rows: Iterable<readonly CsvValue[]>): Iterable<CsvValue[]> {
  return (function* () {
    for (const row of rows) yield columns.map((c, i) => shownValue(c, row[i]));
  })();
}

function checkHeaders(columns: readonly DownloadColumn[]): string[] {
  const labels = columns.map((c) => c.label);
  const dup = labels.find((l, i) => labels.indexOf(l) !== i);
  if (dup !== undefined) throw new Error(`下载文件的列名重复：${dup}`);
  return labels;
}

/** A CSV download: BOM, Chinese header row, one line per row (values as `shownValue`); text guarded against formula injection. */
export function csvDownload(columns: readonly DownloadColumn[], rows: Iterable<readonly CsvValue[]>): string {
  const labels = checkHeaders(columns);
  const records = (function* () {
    for (const row of shownRows(columns, rows)) yield Object.fromEntries(labels.map((l, i) => [l, row[i]]));
  })();
  return UTF8_BOM + toCsv(labels, records);
}

/** The same table as an Excel workbook (sheet `数据` with the Chinese headers, values as `shownValue`; sheet `字段说明`). */
export function xlsxDownload(columns: readonly DownloadColumn[], rows: Iterable<readonly CsvValue[]>): Promise<Uint8Array> {
  checkHeaders(columns);
  return tableWorkbook(columns, shownRows(columns, rows));
}

/** The columns of indicator_values with their Chinese headers. */
export function indicatorValueColumns(): DownloadColumn[] {
  const dict = new Map(indicatorValueDictionary().map((d) => [d.name, d]));
  return INDICATOR_VALUE_COLUMNS.map((c) => ({ name: c.name, label: dict.get(c.name)!.label, type: c.type, comment: c.comment, en: c.en, codes: codeLabels('values', c.name) }));
}


const KINDS: Record<string, string> = {
  csv: 'CSV',
  xlsx: 'Excel 工作簿',
  parquet: 'Parquet',
  duckdb: 'DuckDB 数据库',
  pdf: 'PDF',
};

/**
 * Kinds whose size is not stated: DuckDB lays out the same tables in a file whose size
 * differs by a block from one write to the next, and a page must not change when its data
 * did not.
 */
const SIZE_UNSTATED = new Set(['duckdb']);

/** A link to a file of the site, from the page at `from`, with its kind and size. */
export function download(files: SiteFiles, from: string, target: string, label: string): Download {
  const ext = target.slice(target.lastIndexOf('.') + 1);
  const kind = KINDS[ext] ?? ext.toUpperCase();
  if (SIZE_UNSTATED.has(ext)) return { href: linkFrom(from, target), label, detail: kind };
  const size = formatFileSize(files.size(target));
  // a link that names its kind (PDF) is followed by its size alone: 'PDF PDF，1.4 MB' (the site review)
  return { href: linkFrom(from, target), label, detail: label === kind ? size : `${kind}，${size}` };
}

export async function writeIndicatorDownloads(ctx: SiteContext, files: SiteFiles): Promise<void> {
  const { plan, geography, values } = ctx;
  const columns = indicatorValueColumns();
  for (const ind of plan.indicators) {
    await yieldToEvents();
    const rows = indicatorValueCells(values.filter((v) => v.indicatorId === ind.id), plan, geography);
    const paths = indicatorDownloadPaths(ind.id);
    files.write(paths.csv, csvDownload(columns, rows));
    files.write(paths.xlsx, await xlsxDownload(columns, rows));
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
