/**
 * `data/index.html` and the files it offers: `indicator_values` (Parquet copied from the
 * build's data folder, CSV and xlsx written here with Chinese headers), every clean input
 * table (Parquet copied, CSV exported from it with DuckDB), the load report and warnings
 * (CSV with Chinese headers), the warehouse file, and the data dictionary. Every CSV is
 * written as downloads.ts writes CSV (BOM, Chinese headers, formula guard).
 */
import { yieldToEvents } from '../basics/events.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SHEETS, type SheetSpec } from '../plan/contract.ts';
import { parseCsv, type CsvValue } from '../basics/csv.ts';
import { formatNumber } from '../basics/format.ts';
import { codeLabels, indicatorValueDictionary, inputTableDictionary, ledgerLabel, lineageDictionary, type DictionaryEntry } from './dictionary.ts';
import { csvDownload, download, indicatorValueColumns, xlsxDownload, type DownloadColumn } from './downloads.ts';
import { indicatorValueCells } from '../evaluate/indicator-values.ts';
import { linkFrom, type SiteFiles } from './files.ts';
import { FONT_LICENCE } from '../present/render.ts';
import { link, num, text, type Download, type Fact, type LinkTable, type SiteContext, type SitePageSpec } from './view.ts';
import { chineseDate } from '../present/page-frame.ts';
import type { Publication } from '../present/publication.ts';
import { sqlString } from '../basics/sql.ts';
import { cachedBytes } from '../basics/byte-cache.ts';
import { LINEAGE_COLUMNS, LINEAGE_FILES } from './lineage.ts';
import { SQL_DIR } from '../warehouse/models.ts';

export interface DataSources {
  /** The build's data folder (`indicator_values.*`, `inputs/*.parquet`, ledgers). */
  dataDir: string;
  /** The warehouse file (closed). */
  warehouse: string;
  /** Publish the rejects ledger (the build was run with --accept-rejects and had rejects). */
  publishRejects: boolean;
}

export interface InputTableView {
  id: string;
  heading: string;
  about: string;
  downloads: Download[];
  columns: LinkTable;
}

export interface DataView {
  intro: string;
  /** Publisher, dates, terms of use, contact. */
  about: Fact[];
  values: { about: string; downloads: Download[] };
  tables: LinkTable;
  inputs: InputTableView[];
  warehouse: { about: string; downloads: Download[]; usage: string[] };
  /** The load report, warnings and rejects: here too, not only on the method page (the analyst review). */
  quality: { about: string; method: string; downloads: Download[] };
  valueColumns: LinkTable;
  /** lineage.parquet: what it holds, how a value is summed from it, and its columns. */
  lineage: { about: string; columns: LinkTable } | null;
  towns: LinkTable;
  notes: string[];
}

/** Site paths of the published data files. */
export const DATA_FILES = {
  valuesCsv: 'data/indicator_values.csv',
  refTowns: 'data/ref_towns.parquet',
  refIndicators: 'data/ref_indicators.parquet',
  valuesXlsx: 'data/indicator_values.xlsx',
  valuesParquet: 'data/indicator_values.parquet',
  warehouse: 'data/warehouse.duckdb',
  loadReport: 'data/load_report.csv',
  warnings: 'data/warnings.csv',
  rejects: 'data/rejects.csv',
  input: (sheet: SheetSpec, ext: 'parquet' | 'csv') => `data/inputs/${sheet.table}.${ext}`,
} as const;


function cell(v: unknown): CsvValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

/** The rows of a Parquet file whose columns are `columns`. */
async function readParquet(conn: DuckDBConnection, file: string, columns: readonly { name: string }[]): Promise<Record<string, CsvValue>[]> {
  const reader = await conn.runAndReadAll(`select * from read_parquet(${sqlString(file)})`);
  return reader.getRowObjectsJS().map((r) => Object.fromEntries(columns.map((c) => [c.name, cell(r[c.name])])));
}

function dictionaryTable(caption: string, entries: readonly DictionaryEntry[]): LinkTable {
  return {
    caption,
    className: 'dictionary',
    // in Chinese, for the public; the English notes stay in the files' own column notes for analysts
    columns: [{ text: '列名（SQL、Parquet）' }, { text: 'CSV、Excel 表头' }, { text: '类型' }, { text: '说明' }],
    rows: entries.map((e) => [text(e.name, { header: true }), text(e.label), text(e.type), text(e.zh)]),
  };
}

/** What the data files hold, for their page: each input table's columns and row count. */
export interface PublishedTables {
  tables: { sheet: SheetSpec; columns: { name: string; type: string }[]; rows: number }[];
  /** lineage.parquet's columns as stored. */
  lineage: { name: string; type: string }[];
  /** Rows of the published ledgers (rejects: null when not published). */
  ledgers: LedgerCounts;
}

export interface LedgerCounts {
  loadReport: number;
  warnings: number;
  rejects: number | null;
}

/**
 * The ledgers' download links, named in Chinese with what each holds: an empty warnings.csv
 * (its header alone, 58 bytes) had been offered as any other file (the site review).
 */
export function ledgerDownloads(files: SiteFiles, from: string, counts: LedgerCounts): Download[] {
  const rows = (n: number, what: string) => (n ? `${formatNumber(n)}${what}` : `本次没有${what === '行' ? '数据' : what.slice(1)}，只有表头`);
  return [
    download(files, from, DATA_FILES.loadReport, `装载报告 load_report.csv（${rows(counts.loadReport, '行')}，每个文件、工作表一行）`),
    download(files, from, DATA_FILES.warnings, `警告清单 warnings.csv（${rows(counts.warnings, '处警告')}）`),
    ...(counts.rejects === null ? [] : [download(files, from, DATA_FILES.rejects, `拒绝清单 rejects.csv（${rows(counts.rejects, '处被拒绝的数据')}）`)]),
  ];
}

/**
 * A ledger of the build's data folder (load report, warnings, rejects) as the site
 * publishes it: the same rows and columns, Chinese headers, BOM.
 */
function ledgerCsv(file: string): { csv: string; rows: number } {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const names = text.slice(0, text.indexOf('\n')).split(',');
  const columns: DownloadColumn[] = names.map((name) => ({ name, label: ledgerLabel(name), type: 'VARCHAR', comment: '', en: '', codes: codeLabels('ledger', name) }));
  const rows = parseCsv(text, file);
  return { csv: csvDownload(columns, rows.map((r) => names.map((n) => r[n]))), rows: rows.length };
}

/**
 * Copy and export the data files into the site: indicator values (CSV, Parquet, xlsx),
 * ledgers, the warehouse, and every input table (Parquet as built, CSV from it).
 */
export async function writeDataFiles(ctx: SiteContext, files: SiteFiles, src: DataSources): Promise<PublishedTables> {
  const { plan, geography, values } = ctx;
  const valueColumns = indicatorValueColumns();
  const valueRows = indicatorValueCells(values, plan, geography);
  files.write(DATA_FILES.valuesCsv, csvDownload(valueColumns, valueRows));
  files.copy(join(src.dataDir, 'indicator_values.parquet'), DATA_FILES.valuesParquet);
  files.write(DATA_FILES.valuesXlsx, await xlsxDownload(valueColumns, valueRows));
  const ledger = (target: string, file: string) => {
    const { csv, rows } = ledgerCsv(join(src.dataDir, file));
    files.write(target, csv);
    return rows;
  };
  const ledgers: LedgerCounts = {
    loadReport: ledger(DATA_FILES.loadReport, 'load_report.csv'),
    warnings: ledger(DATA_FILES.warnings, 'warnings.csv'),
    rejects: src.publishRejects ? ledger(DATA_FILES.rejects, 'rejects.csv') : null,
  };
  files.copy(src.warehouse, DATA_FILES.warehouse);
  for (const [from, to] of [['ref_towns.parquet', DATA_FILES.refTowns], ['ref_indicators.parquet', DATA_FILES.refIndicators]] as const) {
    if (existsSync(join(src.dataDir, from))) files.copy(join(src.dataDir, from), to);
  }

  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
  const conn = await instance.connect();
  const tables: PublishedTables['tables'] = [];
  let lineage: PublishedTables['lineage'] = [];
  try {
    const lineageFile = join(src.dataDir, 'lineage.parquet');
    if (existsSync(lineageFile)) {
      lineage = (await conn.runAndReadAll(`describe select * from read_parquet(${sqlString(lineageFile)})`)).getRowObjectsJS()
        .map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    }
    for (const sheet of SHEETS) {
      await yieldToEvents();
      const parquet = join(src.dataDir, 'inputs', `${sheet.table}.parquet`);
      const from = `read_parquet(${sqlString(parquet)})`;
      const columns = (await conn.runAndReadAll(`describe select * from ${from}`)).getRowObjectsJS()
        .map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
      const count = Number((await conn.runAndReadAll(`select count(*) as n from ${from}`)).getRowObjectsJS()[0]!.n);
      files.copy(parquet, DATA_FILES.input(sheet, 'parquet'));
      const dict = inputTableDictionary(sheet, columns);
      const csvColumns = dict.map((d) => ({ name: d.name, label: d.label, type: d.type, comment: d.zh, en: d.en }));
      // The CSV of a table whose Parquet file an earlier build published as it is now is that build's.
      const csv = await cachedBytes('input-csv', [JSON.stringify(csvColumns), readFileSync(parquet)], async () => {
        const rows = await readParquet(conn, parquet, columns);
        return Buffer.from(csvDownload(csvColumns, rows.map((r) => columns.map((c) => r[c.name]))), 'utf8');
      });
      files.write(DATA_FILES.input(sheet, 'csv'), csv);
      tables.push({ sheet, columns, rows: count });
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return { tables, lineage, ledgers };
}

/** The data page: downloads with their sizes, and the data dictionary. */
export function dataPage(ctx: SiteContext, files: SiteFiles, published: PublishedTables, publication: Publication): SitePageSpec {
  const { plan, geography, values } = ctx;
  const path = 'data/index.html';
  const inputs: InputTableView[] = published.tables.map(({ sheet, columns, rows }) => ({
    id: `table-${sheet.table}`,
    heading: `${sheet.name}（stg_${sheet.table}）`,
    about: `${sheet.department}填报，${sheet.grain}；共${formatNumber(rows)}行（各年合计）。`,
    downloads: [
      download(files, path, DATA_FILES.input(sheet, 'parquet'), `${sheet.table}.parquet`),
      download(files, path, DATA_FILES.input(sheet, 'csv'), `${sheet.table}.csv`),
    ],
    columns: dictionaryTable(`表 stg_${sheet.table} 的列`, inputTableDictionary(sheet, columns)),
  }));

  const view: DataView = {
    intro: '本页提供评估所用的全部数据：计算出的指标值、各科室填报并通过校验的数据（清洗后）、数据字典和 DuckDB 数据库文件。CSV 和 Excel 文件的首行为中文列名，可以直接用 Excel 打开。',
    about: [
      { label: '发布单位', value: plan.issuers[plan.issuers.length - 1]! },
      { label: '数据截至', value: `${ctx.latestYear}年12月31日` },
      ...(ctx.published ? [{ label: '发布日期', value: chineseDate(ctx.published) }] : []),
      { label: '使用许可', value: publication.licence },
      { label: '联系方式', value: publication.contact },
      // linked, not only named (the site review found nothing on the site pointing to it)
      { label: '字体许可', value: '网站和报告使用的字体 Noto Sans SC、Noto Serif SC 和霞鹜文楷（LXGW WenKai）按 SIL Open Font License 1.1 发布，许可文本：', link: { href: linkFrom(path, FONT_LICENCE), text: 'LICENSE-fonts.txt' } },
    ],
    values: {
      about: `指标值表 indicator_values：每个年度 × 地区（全区和各镇街）× 指标一行，共${formatNumber(values.length)}行，含完成进度、时序进度、进度评价和镇街对照。数值未修约。`,
      downloads: [
        download(files, path, DATA_FILES.valuesCsv, 'indicator_values.csv'),
        download(files, path, DATA_FILES.valuesXlsx, 'indicator_values.xlsx'),
        download(files, path, DATA_FILES.valuesParquet, 'indicator_values.parquet'),
      ],
    },
    tables: {
      caption: '表 清洗后的填报数据',
      columns: [{ text: '工作表' }, { text: '数据表' }, { text: '填报科室' }, { text: '每行是' }, { text: '行数', num: true }],
      rows: published.tables.map(({ sheet, rows }) => [
        link(sheet.name, `#table-${sheet.table}`, { header: true }),
        text(`stg_${sheet.table}`),
        text(sheet.department),
        text(sheet.grain),
        num(formatNumber(rows)),
      ]),
    },
    inputs,
    quality: {
      about: files.exists(DATA_FILES.rejects)
        ? '装载报告（每个文件和工作表读取、载入、拒绝的行数）、警告清单和拒绝清单（每处被拒绝的数据、原因和受影响的指标值）。'
        : '装载报告（每个文件和工作表读取、载入、拒绝的行数）和警告清单；本次没有被拒绝的数据，不发布拒绝清单。',
      method: linkFrom(path, 'method.html'),
      downloads: ledgerDownloads(files, path, published.ledgers),
    },
    warehouse: {
      about: '评估所用的 DuckDB 数据库，含原始层（raw_）、整理层（stg_）、中间层（int_）、指标层（ind_）和指标值表 indicator_values。每张表都有中文注释；列的中文注释在原始层、整理层、indicator_values 和数据来源表 indicator_lineage 上（指标层 ind_ 的列与 indicator_lineage 相同，中间层 int_ 只供程序使用）。',
      downloads: [
        download(files, path, DATA_FILES.warehouse, 'warehouse.duckdb'),
        download(files, path, LINEAGE_FILES.parquet, 'lineage.parquet（数据来源表 indicator_lineage：每个指标值由哪些填报行算出，历年全部）'),
        ...(files.exists(DATA_FILES.refTowns) ? [download(files, path, DATA_FILES.refTowns, 'ref_towns.parquet（镇街编码、名称、类型和官方排列顺序）')] : []),
        ...(files.exists(DATA_FILES.refIndicators) ? [download(files, path, DATA_FILES.refIndicators, 'ref_indicators.parquet（指标的单位、显示精度、基期值、目标值和口径）')] : []),
      ],
      usage: [
        'duckdb warehouse.duckdb -readonly',
        "select indicator_id, indicator_name, value, status from indicator_values where geo_level = 'district' order by year desc, indicator_id;",
      ],
    },
    valueColumns: dictionaryTable('表 indicator_values 的列', indicatorValueDictionary()),
    lineage: published.lineage.length
      ? {
          about: '每个指标值的分子、分母由哪些填报行构成，以及未计入的被拒绝或缺少的数据，历年全部；数据库中为表 indicator_lineage。全区的值由该年、该指标的全部行构成；镇街的值由地区编码（geo_code）为该镇街的行和地区编码为空的行（读不出镇街的被拒绝的数据，涉及每个镇街）构成。只计 is_counted 为真的行，按 role 分别求计入量（contribution）之和，即得公布的分子和分母（某类表的行全部被拒绝的镇街没有镇街值，其已载入的行仍计入全区）；分子为 0 时没有计入分子的行，求和为空，需写作 coalesce(sum(contribution), 0)。',
          columns: dictionaryTable('表 lineage.parquet（indicator_lineage）的列', lineageDictionary(readFileSync(join(SQL_DIR, 'indicators', 'indicator_lineage.sql'), 'utf8'), published.lineage, new Map(LINEAGE_COLUMNS.map((c) => [c.name, c.label])))),
        }
      : null,
    towns: {
      caption: '表 镇街编码',
      columns: [{ text: '编码 geo_code' }, { text: '名称' }, { text: '类型' }],
      rows: [geography.district, ...geography.towns].map((p) => [text(p.code, { header: true }), text(p.name), text(p.type)]),
    },
    notes: [
      'CSV 文件为 UTF-8 编码（带字节顺序标记 BOM，Excel 据此识别编码，双击即可正确显示中文）、逗号分隔，首行为中文列名；Excel 文件的“字段说明”工作表和本页的数据字典给出每列对应的英文列名（Parquet 文件、数据库和 SQL 查询中的列名）和含义。',
      'CSV 和 Excel 文件中，是非列写作“是”“否”，地区层级写作“全区”“镇街”，载入结果、问题类型和拒绝范围写作中文；Parquet 文件、数据库和 SQL 查询中保留代码（true/false、district/town、loaded、blank_value 等），数据字典的说明列给出两者的对应。',
      '来自各科室填报工作簿的文字，在 CSV 文件中凡以 = + - @ 开头的（写成负数的数值如 -5 除外），前面加了一个英文单引号（\'），防止电子表格把它当作公式执行；Excel 文件中这些文字存为文本单元格，不会被执行，保持原文；Parquet 文件和数据库也保存原文。',
      '缺少数据的单元格为空，不以零计。',
    ],
  };
  return { path, template: 'data', title: '数据下载', description: view.intro, section: '数据下载', breadcrumbs: [{ label: '首页', href: 'index.html' }, { label: '数据下载' }], view };
}
