/**
 * The site's SQL page (`sql.html`): an analyst queries the published data in the browser
 * with DuckDB-WASM, loaded from the site itself (`assets/duckdb/`), nothing from a CDN.
 * Nothing else on the site depends on it.
 *
 * The tables are the published Parquet files (`data/indicator_values.parquet`,
 * `data/inputs/<table>.parquet`), but the browser does not read them as Parquet: in
 * DuckDB-WASM 1.32 Parquet support is an extension that DuckDB downloads from
 * extensions.duckdb.org on first use, and the site makes no request outside itself (its
 * CSP forbids it; the portal's network may too). So the build converts each Parquet file
 * to an Arrow IPC stream (`data/arrow/<table>.arrow`, same columns, types and rows), which
 * DuckDB-WASM loads without any extension (`insertArrowFromIPCStream`). The page then
 * turns external access off, so no query can load an extension or fetch a URL.
 *
 * DuckDB-WASM runs in a Web Worker and fetches its .wasm; Chromium allows neither from a
 * `file://` page, so the page needs http (it says so, and names `planeval serve`).
 *
 * `duckdb-browser.mjs` imports the bare module name `apache-arrow`, which a browser cannot
 * resolve without an import map (an inline script, which the site's CSP forbids). The copy
 * imports `./apache-arrow.mjs` instead: a generated module re-exporting the Arrow build
 * (`arrow.min.js`, the UMD bundle of the Arrow version duckdb-wasm depends on, which sets
 * `globalThis.Arrow`; sql.js loads it first).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SHEETS } from '../plan/contract.ts';
import { INDICATOR_VALUE_COLUMNS } from '../evaluate/indicator-values.ts';
import { TEMPLATE_DIR } from '../present/render.ts';
import type { SitePageContext, WrittenFiles } from './search.ts';
import { cachedBytes } from '../basics/byte-cache.ts';
import { linkOrCopy, packageDir } from '../basics/files.ts';
import { projectPath } from '../basics/paths.ts';

/** The project's copies of licences a shipped package does not include. */
const LICENSES_DIR = projectPath('data', 'licenses');
import { formatFileSize } from '../basics/format.ts';

export const SQL_SECTION = 'SQL 查询';

/** Where the DuckDB-WASM files go, relative to the site root. */
export const DUCKDB_ASSET_DIR = 'assets/duckdb';

export interface SqlExample {
  question: string;
  sql: string;
}

/**
 * Example questions with their SQL, for the page (buttons) and the tests (each one runs
 * against the published Parquet files). Table names are the warehouse's, so the same
 * queries work in `planeval sql`.
 */
export const SQL_EXAMPLES: readonly SqlExample[] = [
  {
    question: '哪些镇街在指标3上落后？',
    sql: `-- 最新年度，每千名常住人口养老床位数未达到全区目标水平的镇街，从低到高
-- round_even 与报告的修约相同（GB/T 8170，逢五取偶）；round 逢五进一，个别数值会与报告差一个末位
select geo_name as 镇街, round_even(value, 1) as 每千人养老床位, target as 全区目标, rank as 位次
from indicator_values
where indicator_id = 3 and geo_level = 'town'
  and year = (select max(year) from indicator_values)
  and benchmark = '未达到全区目标水平'
order by value`,
  },
  {
    question: '最新年度全区各项指标完成得怎样？',
    sql: `-- 实际值保留两位小数（报告按规划指标表的精度修约，多为一位）；round_even 与报告的修约相同
select indicator_id as 序号, indicator_name as 指标, round_even(value, 2) as 实际值, unit as 单位,
  target as 目标值, round_even(completion_progress * 100, 1) as 完成进度百分比, status as 进度评价
from indicator_values
where geo_level = 'district' and year = (select max(year) from indicator_values)
order by indicator_id`,
  },
  {
    question: '哪些约束性指标在预警？',
    sql: `select year as 年度, indicator_id as 序号, indicator_name as 指标, status as 进度评价
from indicator_values
where geo_level = 'district' and is_binding_warning
order by year, indicator_id`,
  },
  {
    question: '全区每千名常住人口养老床位数逐年是多少？',
    sql: `select year as 年度, round_even(value, 1) as 每千人养老床位, target as 目标值, status as 进度评价
from indicator_values
where indicator_id = 3 and geo_level = 'district'
order by year`,
  },
  {
    question: '每年运营中的养老服务驿站有多少？',
    sql: `select year as 年度, count(*) as 驿站数
from stg_elderly_care_facilities
where facility_type = '养老服务驿站' and operating_status = '运营'
group by year
order by year`,
  },
  {
    question: '最新年度黄村镇的每千名常住人口养老床位数由哪些填报行算出？',
    sql: `-- 计入分子、分母的每一行：文件、工作表、Excel 行号、所用列和数值
select role as 分子或分母, source_file as 文件, source_sheet as 工作表, source_row as 行号,
  row_label as 名称, column_name as 列, source_value as 数值, contribution as 计入量
from indicator_lineage
where indicator_id = 3 and is_counted
  and year = (select max(year) from indicator_lineage)
  and geo_code = (select distinct geo_code from indicator_values where geo_name = '黄村镇')
order by role, source_file, source_row`,
  },
  {
    question: '最新年度各镇街的常住人口和60岁以上老人占比',
    sql: `with names as (select distinct geo_code, geo_name from indicator_values)
select n.geo_name as 镇街, p.resident_population as 常住人口, p.residents_60_plus as 六十岁以上,
  round_even(p.residents_60_plus * 100.0 / p.resident_population, 1) as 老年人口占比
from stg_population p join names n using (geo_code)
where p.year = (select max(year) from stg_population)
order by 老年人口占比 desc`,
  },
];

export interface SqlTable {
  /** Table name in the browser (the warehouse's table name). */
  name: string;
  /** The published Parquet file, relative to the site root. */
  href: string;
  /** Its Arrow IPC copy that the page loads, relative to the site root. */
  arrow: string;
  description: string;
}

/** The tables the page offers: `indicator_values` and every input table whose Parquet file is in the site. */
export function sqlTables(siteDir: string): SqlTable[] {
  const tables: SqlTable[] = [{ name: 'indicator_values', href: 'data/indicator_values.parquet', arrow: 'data/arrow/indicator_values.arrow', description: '指标值：每个年度 × 地区（全区、镇街）× 指标一行，含进度评价' }];
  tables.push({ name: 'indicator_lineage', href: 'data/lineage.parquet', arrow: 'data/arrow/indicator_lineage.arrow', description: '指标数据来源：每个指标值的分子、分母由哪些填报行构成（文件、工作表、Excel 行号、所用列、数值、计入量），及未计入的被拒绝或缺少的数据' });
  tables.push({ name: 'ref_towns', href: 'data/ref_towns.parquet', arrow: 'data/arrow/ref_towns.arrow', description: '镇街：编码、名称、类型（街道或镇）和官方排列顺序' });
  tables.push({ name: 'ref_indicators', href: 'data/ref_indicators.parquet', arrow: 'data/arrow/ref_indicators.arrow', description: '指标：名称、单位、显示精度、基期值、目标值、是否约束性、计算口径' });
  for (const s of SHEETS) {
    const name = `stg_${s.table}`;
    tables.push({ name, href: `data/inputs/${s.table}.parquet`, arrow: `data/arrow/${name}.arrow`, description: `填报表“${s.name}”（${s.department}）：${s.grain}` });
  }
  return tables.filter((t) => existsSync(join(siteDir, t.href)));
}

/**
 * Convert each table's Parquet file to an Arrow IPC stream (`table.arrow`), rows in file
 * order; returns the row counts. Deterministic: the same Parquet file gives the same bytes.
 */
export async function writeArrowTables(siteDir: string, tables: readonly SqlTable[]): Promise<Map<string, number>> {
  // Loaded only now: apache-arrow marks its vectors concat-spreadable, which sends every
  // Array.prototype.concat of the process down V8's slow path from then on (the report fonts'
  // reader concatenates per byte read: merging them took twice as long).
  const { arrowCopy, arrowRows } = await import('./arrow-copy.ts');
  const rows = new Map<string, number>();
  // DuckDB is started only for a table whose copy is not in the cache.
  let db: { instance: DuckDBInstance; conn: DuckDBConnection } | undefined;
  const connection = async () => {
    if (!db) {
      const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', threads: '1' });
      db = { instance, conn: await instance.connect() };
    }
    return db.conn;
  };
  try {
    for (const t of tables) {
      const parquet = join(siteDir, t.href);
      const bytes = await cachedBytes('arrow', [t.name, readFileSync(parquet)], () => arrowCopy(parquet, t.href, connection));
      const out = join(siteDir, t.arrow);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, bytes);
      rows.set(t.name, arrowRows(bytes));
    }
  } finally {
    db?.conn.closeSync();
    db?.instance.closeSync();
  }
  return rows;
}

const stripSourceMap = (code: string) => code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');

/** The one DuckDB-WASM build the site ships, and its worker. */
export const DUCKDB_WASM = 'duckdb-eh.wasm';
export const DUCKDB_WORKER = 'duckdb-browser-eh.worker.js';

/**
 * Copy DuckDB-WASM into `siteDir/assets/duckdb/`: one bundle, EH (WebAssembly exception
 * handling: every browser since 2021–22 — Chrome 95, Firefox 100, Safari 15.2; the page
 * says so to an older one) — a .wasm (~33 MB, hard-linked when the file system allows) and
 * its worker; the browser module with its Arrow import pointed at the local shim, Arrow
 * itself, and the licences. (The MVP build for browsers without exceptions would add
 * another 38 MB to every copy of the site.)
 */
export function copyDuckdbAssets(siteDir: string): string[] {
  const dest = join(siteDir, DUCKDB_ASSET_DIR);
  mkdirSync(dest, { recursive: true });
  const duckdbPkg = packageDir('@duckdb/duckdb-wasm');
  const dist = join(duckdbPkg, 'dist');
  const arrowPkg = packageDir('apache-arrow', join(duckdbPkg, 'package.json'));
  const files: string[] = [];
  const out = (name: string) => {
    const p = join(dest, name);
    files.push(p);
    return p;
  };

  linkOrCopy(join(dist, DUCKDB_WASM), out(DUCKDB_WASM));
  writeFileSync(out(DUCKDB_WORKER), stripSourceMap(readFileSync(join(dist, DUCKDB_WORKER), 'utf8')));

  const browser = readFileSync(join(dist, 'duckdb-browser.mjs'), 'utf8');
  const imports = browser.match(/from\s*"apache-arrow"/g) ?? [];
  if (imports.length === 0 || /from\s*"(?![./])[^"]+"/.test(browser.replace(/from\s*"apache-arrow"/g, ''))) {
    throw new Error('duckdb-browser.mjs 的 import 与预期不同（版本更新？）：需要调整 pipeline/site-sql.ts 中的本地化处理');
  }
  writeFileSync(out('duckdb-browser.mjs'), stripSourceMap(browser.replace(/from\s*"apache-arrow"/g, 'from"./apache-arrow.mjs"')));

  writeFileSync(out('arrow.min.js'), stripSourceMap(readFileSync(join(arrowPkg, 'Arrow.esnext.min.js'), 'utf8')));
  const names = Object.keys(createRequire(join(duckdbPkg, 'package.json'))('apache-arrow') as object)
    .filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default')
    .sort();
  const version = JSON.parse(readFileSync(join(arrowPkg, 'package.json'), 'utf8')).version as string;
  writeFileSync(out('apache-arrow.mjs'), [
    `// Apache Arrow ${version} as an ES module for duckdb-browser.mjs: re-exports the UMD build (arrow.min.js), which sql.js loads first.`,
    'const A = globalThis.Arrow;',
    "if (!A) throw new Error('arrow.min.js must be loaded before apache-arrow.mjs');",
    'export default A;',
    ...names.map((n) => `export const ${n} = A.${n};`),
    '',
  ].join('\n'));

  writeFileSync(out('LICENSE-duckdb-wasm.txt'), licence(duckdbPkg, '@duckdb/duckdb-wasm (MIT)', 'duckdb-wasm.txt'));
  writeFileSync(out('LICENSE-apache-arrow.txt'), licence(arrowPkg, `apache-arrow ${version} (Apache-2.0)`));
  return files;
}

/**
 * The licence text of a package: its own files, else the project's copy (`data/licenses/`, for
 * a package that ships none: the site review found only 'Licence: MIT' and raw JSON), else what
 * its package.json says.
 */
function licence(pkgDir: string, title: string, kept?: string): string {
  const parts = [`${title}\n`];
  for (const f of ['LICENSE', 'LICENSE.txt', 'LICENSE.md', 'NOTICE.txt']) {
    if (existsSync(join(pkgDir, f))) parts.push(readFileSync(join(pkgDir, f), 'utf8'));
  }
  if (parts.length === 1 && kept && existsSync(join(LICENSES_DIR, kept))) parts.push(readFileSync(join(LICENSES_DIR, kept), 'utf8'));
  if (parts.length === 1) {
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { license?: string; repository?: unknown };
    parts.push(`Licence: ${pkg.license ?? 'see the package'}\nSource: ${JSON.stringify(pkg.repository ?? '')}\n`);
  }
  return parts.join('\n');
}

/**
 * Write `sql.html`, `assets/sql.js`, the Arrow copies of the tables and the DuckDB-WASM
 * files into the site. Call it after the Parquet files are in `site/data/` (it offers the
 * tables whose files are there).
 */
export async function writeSqlPage(ctx: SitePageContext): Promise<WrittenFiles> {
  const { siteDir, renderer } = ctx;
  const tables = sqlTables(siteDir);
  if (!tables.some((t) => t.name === 'indicator_values')) {
    throw new Error(`${join(siteDir, 'data', 'indicator_values.parquet')} 不存在：writeSqlPage 应在数据文件复制进网站之后调用`);
  }
  const rows = await writeArrowTables(siteDir, tables);
  const files = [...tables.map((t) => join(siteDir, t.arrow)), ...copyDuckdbAssets(siteDir)];
  mkdirSync(join(siteDir, 'assets'), { recursive: true });
  for (const f of ['sql.js', 'tools.css']) {
    copyFileSync(join(TEMPLATE_DIR, 'assets', f), join(siteDir, 'assets', f));
    files.push(join(siteDir, 'assets', f));
  }
  const view = {
    tables: tables.map((t) => ({ ...t, rows: rows.get(t.name) ?? 0 })),
    examples: SQL_EXAMPLES.map((e, i) => ({ ...e, id: `example-${i + 1}` })),
    firstSql: SQL_EXAMPLES[0]!.sql,
    columns: INDICATOR_VALUE_COLUMNS.map((c) => ({ name: c.name, type: c.type, comment: c.comment })),
    duckdbDir: `${DUCKDB_ASSET_DIR}/`,
    wasmFile: DUCKDB_WASM,
    workerFile: DUCKDB_WORKER,
    wasmBytes: statSync(join(siteDir, DUCKDB_ASSET_DIR, DUCKDB_WASM)).size,
    wasmSize: formatFileSize(statSync(join(siteDir, DUCKDB_ASSET_DIR, DUCKDB_WASM)).size),
  };
  const title = 'SQL 查询';
  const page = join(siteDir, 'sql.html');
  writeFileSync(page, renderer.page('site/sql', view, ctx.frame({
    title: `${title} · ${ctx.plan.shortTitle}实施评估`,
    section: SQL_SECTION,
    bodyClass: 'sql-page',
    breadcrumbs: [{ label: '首页', href: 'index.html' }, { label: title }],
    scripts: ['assets/sql.js'],
    description: '在浏览器中用 SQL 查询本站发布的指标值和各科室填报数据（DuckDB-WASM），程序和数据都来自本站。',
  })));
  files.push(page);
  return { files };
}
