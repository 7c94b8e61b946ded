/**
 * `data/index.html` and the files it offers: `indicator_values` (CSV and Parquet copied
 * from the build's data folder, xlsx written here), every clean input table (Parquet
 * copied, CSV exported from it with DuckDB and neutralised against formula injection), the
 * load report and warnings, the warehouse file, and the data dictionary.
 */
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SHEETS, type SheetSpec } from '../plan/contract.ts';
import { toCsv, type CsvValue } from '../basics/csv.ts';
import { formatNumber } from '../basics/format.ts';
import { indicatorValuesXlsx } from '../evaluate/indicator-values.ts';
import { indicatorValueDictionary, inputTableDictionary, type DictionaryEntry } from './dictionary.ts';
import { download } from './downloads.ts';
import type { SiteFiles } from './files.ts';
import { link, num, text, type Download, type LinkTable, type SiteContext, type SitePageSpec } from './view.ts';
import { sqlString } from '../basics/sql.ts';

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
  values: { about: string; downloads: Download[] };
  tables: LinkTable;
  inputs: InputTableView[];
  warehouse: { about: string; downloads: Download[]; usage: string[] };
  valueColumns: LinkTable;
  towns: LinkTable;
  notes: string[];
}

/** Site paths of the published data files. */
export const DATA_FILES = {
  valuesCsv: 'data/indicator_values.csv',
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

/** Columns (name, type) and rows of a Parquet file. */
async function readParquet(conn: DuckDBConnection, file: string): Promise<{ columns: { name: string; type: string }[]; rows: Record<string, CsvValue>[] }> {
  const described = await conn.runAndReadAll(`describe select * from read_parquet(${sqlString(file)})`);
  const columns = described.getRowObjectsJS().map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  const reader = await conn.runAndReadAll(`select * from read_parquet(${sqlString(file)})`);
  const rows = reader.getRowObjectsJS().map((r) => Object.fromEntries(columns.map((c) => [c.name, cell(r[c.name])])));
  return { columns, rows };
}

function dictionaryTable(caption: string, entries: readonly DictionaryEntry[]): LinkTable {
  return {
    caption,
    className: 'dictionary',
    columns: [{ text: '列名 column' }, { text: '类型 type' }, { text: '中文说明' }, { text: 'Meaning' }],
    rows: entries.map((e) => [text(e.name, { header: true }), text(e.type), text(e.zh), text(e.en)]),
  };
}

/** What the data files hold, for their page: each input table's columns and row count. */
export interface PublishedTables {
  tables: { sheet: SheetSpec; columns: { name: string; type: string }[]; rows: number }[];
}

/**
 * Copy and export the data files into the site: indicator values (CSV, Parquet, xlsx),
 * ledgers, the warehouse, and every input table (Parquet as built, CSV from it).
 */
export async function writeDataFiles(ctx: SiteContext, files: SiteFiles, src: DataSources): Promise<PublishedTables> {
  const { plan, geography, values } = ctx;
  files.copy(join(src.dataDir, 'indicator_values.csv'), DATA_FILES.valuesCsv);
  files.copy(join(src.dataDir, 'indicator_values.parquet'), DATA_FILES.valuesParquet);
  files.write(DATA_FILES.valuesXlsx, await indicatorValuesXlsx(values, plan, geography));
  files.copy(join(src.dataDir, 'load_report.csv'), DATA_FILES.loadReport);
  files.copy(join(src.dataDir, 'warnings.csv'), DATA_FILES.warnings);
  if (src.publishRejects) files.copy(join(src.dataDir, 'rejects.csv'), DATA_FILES.rejects);
  files.copy(src.warehouse, DATA_FILES.warehouse);

  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
  const conn = await instance.connect();
  const tables: PublishedTables['tables'] = [];
  try {
    for (const sheet of SHEETS) {
      const parquet = join(src.dataDir, 'inputs', `${sheet.table}.parquet`);
      const { columns, rows } = await readParquet(conn, parquet);
      files.copy(parquet, DATA_FILES.input(sheet, 'parquet'));
      files.write(DATA_FILES.input(sheet, 'csv'), toCsv(columns.map((c) => c.name), rows));
      tables.push({ sheet, columns, rows: rows.length });
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  return { tables };
}

/** The data page: downloads with their sizes, and the data dictionary. */
export function dataPage(ctx: SiteContext, files: SiteFiles, published: PublishedTables): SitePageSpec {
  const { geography, values } = ctx;
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
    intro: '本页提供评估所用的全部数据：计算出的指标值、各科室填报并通过校验的数据（清洗后）、数据字典和 DuckDB 数据库文件。所有文件均为 UTF-8 编码。',
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
    warehouse: {
      about: '构建生成的 DuckDB 数据库，含原始层（raw_）、整理层（stg_）、中间层（int_）、指标层（ind_）和指标值表 indicator_values，表和列都有中文注释。',
      downloads: [download(files, path, DATA_FILES.warehouse, 'warehouse.duckdb')],
      usage: [
        'duckdb warehouse.duckdb -readonly',
        "select indicator_id, indicator_name, value, status from indicator_values where geo_level = 'district' order by year desc, indicator_id;",
      ],
    },
    valueColumns: dictionaryTable('表 indicator_values 的列', indicatorValueDictionary()),
    towns: {
      caption: '表 镇街编码',
      columns: [{ text: '编码 geo_code' }, { text: '名称' }, { text: '类型' }],
      rows: [geography.district, ...geography.towns].map((p) => [text(p.code, { header: true }), text(p.name), text(p.type)]),
    },
    notes: [
      '为防止在电子表格中打开时被当作公式执行，CSV 和 Excel 文件中以 = + - @ 开头的文字前加了一个英文单引号（\'）；Parquet 文件和数据库保存原文。',
      'CSV 文件为 UTF-8 编码、逗号分隔、首行为列名；在 Excel 中直接打开中文可能显示为乱码，请改用 Excel 文件，或通过“数据 → 从文本/CSV”导入。',
      '缺少数据的单元格为空，不以零计。',
    ],
  };
  return { path, template: 'data', title: '数据下载', section: '数据下载', breadcrumbs: [{ label: '首页', href: 'index.html' }, { label: '数据下载' }], view };
}
