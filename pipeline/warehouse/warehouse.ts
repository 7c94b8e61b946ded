/**
 * The DuckDB warehouse: one file per build. It holds the raw tables (one per sheet kind,
 * `raw-schema.ts`), the reference tables (towns, sheets, plan, indicators), what was
 * delivered (`load_sheets`, `load_years`), and the SQL models of `pipeline/sql/` run in
 * layers: staging → intermediate → indicators, ending in `indicator_base`.
 *
 * Every table this module creates carries a Chinese COMMENT ON for itself and its columns;
 * every model gets its one-line header comment as its COMMENT ON.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { SHEETS, SHEET_BY_NAME, type SheetSpec } from '../plan/contract.ts';
import { CliError, EXIT } from '../basics/errors.ts';
import type { Geography } from '../plan/geography.ts';
import type { Plan } from '../plan/plan.ts';
import { PROVENANCE, rawColumns, rawDdl, rawTableName, type DuckType, type RawColumn } from '../plan/raw-schema.ts';
import type { IndicatorBase, LoadedRow, LoadReportRow } from '../ingest/records.ts';
import { projectPath } from '../basics/paths.ts';
import { sqlString } from '../basics/sql.ts';

export const SQL_DIR = projectPath('pipeline', 'warehouse', 'sql') + '/';

/** Model layers, in the order they run. */
export const MODEL_LAYERS = ['staging', 'intermediate', 'indicators'] as const;
export type ModelLayer = (typeof MODEL_LAYERS)[number];

export interface Warehouse {
  path: string;
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  close(): void;
}

export interface WarehouseRefs {
  geography: Geography;
  plan: Plan;
}

// ---- tables this module defines ---------------------------------------------------

interface TableDef {
  name: string;
  comment: string;
  columns: readonly RawColumn[];
}

const c = (field: string, type: DuckType, comment: string): RawColumn => ({ field, type, comment });

const REF_DISTRICT: TableDef = {
  name: 'ref_district',
  comment: '参考表：本区（一行）',
  columns: [c('geo_code', 'VARCHAR', '区编码'), c('geo_name', 'VARCHAR', '区名称')],
};

const REF_TOWNS: TableDef = {
  name: 'ref_towns',
  comment: '参考表：镇街（街道和镇），按官方顺序',
  columns: [
    c('geo_code', 'VARCHAR', '镇街编码'),
    c('geo_name', 'VARCHAR', '镇街规范名称'),
    c('geo_type', 'VARCHAR', '类型：街道或镇'),
    c('sort_order', 'INTEGER', '官方排列顺序（1 起）'),
  ],
};

const REF_SHEETS: TableDef = {
  name: 'ref_sheets',
  comment: '参考表：填报数据规范中的工作表种类',
  columns: [
    c('sheet_kind', 'VARCHAR', '工作表名称（规范名称）'),
    c('table_name', 'VARCHAR', '原始层表名'),
    c('sheet_level', 'VARCHAR', '表的粒度：district 区级 / town 镇街 / facility 设施机构 / community 社区村 / list 清单'),
    c('department', 'VARCHAR', '填报科室'),
    c('every_town', 'VARCHAR', '镇街表须覆盖的范围：all 全部镇街 / towns 仅镇；其他表为空'),
  ],
};

const REF_PLAN: TableDef = {
  name: 'ref_plan',
  comment: '参考表：规划基本信息（一行）',
  columns: [
    c('plan_id', 'VARCHAR', '规划编号'),
    c('title', 'VARCHAR', '规划名称'),
    c('region', 'VARCHAR', '地区'),
    c('period_start', 'INTEGER', '规划期首年'),
    c('period_end', 'INTEGER', '规划期末年'),
    c('baseline_year', 'INTEGER', '基期年'),
    c('target_year', 'INTEGER', '目标年'),
  ],
};

const REF_INDICATORS: TableDef = {
  name: 'ref_indicators',
  comment: '参考表：规划主要指标（取自规划指标表）',
  columns: [
    c('indicator_id', 'INTEGER', '指标序号'),
    c('name', 'VARCHAR', '指标名称'),
    c('unit', 'VARCHAR', '计量单位'),
    c('domain', 'VARCHAR', '领域'),
    c('subdomain', 'VARCHAR', '子领域'),
    c('metric', 'VARCHAR', '计算口径键（对应 SQL 模型 ind_<metric>）'),
    c('level', 'VARCHAR', '计算层级：D 仅全区 / DT 全区和镇街'),
    c('aggregation', 'VARCHAR', '汇总方式：ratio 比值（分子之和÷分母之和）/ sum 求和'),
    c('precision', 'INTEGER', '显示小数位数'),
    c('baseline', 'DOUBLE', '基期值（累计性指标为空）'),
    c('target', 'DOUBLE', '目标值'),
    c('target_op', 'VARCHAR', '目标比较方式：= 或 >='),
    c('is_binding', 'BOOLEAN', '是否约束性指标'),
    c('is_cumulative', 'BOOLEAN', '是否累计性指标'),
    c('is_maintain', 'BOOLEAN', '是否保持型目标（目标值等于基期值）'),
    c('plan_section', 'VARCHAR', '所属规划章节'),
    c('section_id', 'VARCHAR', '章节编号'),
    c('definition', 'VARCHAR', '计算口径说明'),
    c('source_sheets', 'VARCHAR', '数据来源表（以分号分隔）'),
  ],
};

const LOAD_YEARS: TableDef = {
  name: 'load_years',
  comment: '本次构建的填报年度（输入目录中的年度文件夹）',
  columns: [c('year', 'INTEGER', '填报年度')],
};

const LOAD_SHEETS: TableDef = {
  name: 'load_sheets',
  comment: '装载记录：每个文件中每个工作表一行；状态为 loaded 表示该年度已报送该种工作表',
  columns: [
    c('year', 'INTEGER', '填报年度'),
    c('sheet_kind', 'VARCHAR', '识别出的规范工作表名称；跳过或无法读取时为空'),
    c('table_name', 'VARCHAR', '写入的原始层表名；未识别时为空'),
    c('source_file', 'VARCHAR', '来源文件（相对输入目录）'),
    c('source_sheet', 'VARCHAR', '来源工作表名称；整个文件被拒绝时为空'),
    c('status', 'VARCHAR', '状态：loaded 已装载 / rejected 整表被拒绝 / skipped 非规范工作表已跳过 / file_rejected 整个文件被拒绝'),
    c('rows_read', 'INTEGER', '读取的数据行数'),
    c('rows_loaded', 'INTEGER', '装载的数据行数'),
    c('rows_rejected', 'INTEGER', '被拒绝的数据行数'),
  ],
};

/** Tables created besides the raw ones, in creation order. */
export const WAREHOUSE_TABLES: readonly TableDef[] = [REF_DISTRICT, REF_TOWNS, REF_SHEETS, REF_PLAN, REF_INDICATORS, LOAD_YEARS, LOAD_SHEETS];


function tableDdl(t: TableDef): string {
  return [
    `create table ${t.name} (\n  ${t.columns.map((col) => `${col.field} ${col.type}`).join(',\n  ')}\n);`,
    `comment on table ${t.name} is ${sqlString(t.comment)};`,
    ...t.columns.map((col) => `comment on column ${t.name}.${col.field} is ${sqlString(col.comment)};`),
  ].join('\n');
}

/** CREATE TABLE and COMMENT ON statements of the whole warehouse (raw, reference, load tables). */
export function warehouseDdl(sheets: readonly SheetSpec[] = SHEETS): string {
  return [rawDdl(sheets), ...WAREHOUSE_TABLES.map(tableDdl)].join('\n');
}

// ---- open / create ------------------------------------------------------------------

/** Open an existing warehouse file (or `:memory:`). */
export async function openWarehouse(path: string): Promise<Warehouse> {
  const instance = await DuckDBInstance.create(path, { autoinstall_known_extensions: 'false' });
  const conn = await instance.connect();
  return {
    path,
    instance,
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Create a fresh warehouse at `path`: raw tables, reference tables from the geography and
 * plan, empty load tables. An existing DuckDB file there (a previous build's) is replaced;
 * any other existing file is refused.
 */
export async function createWarehouse(path: string, refs: WarehouseRefs): Promise<Warehouse> {
  if (path !== ':memory:' && existsSync(path)) {
    if (!isDuckDbFile(path)) throw new CliError(`${path} 已存在且不是 DuckDB 数据库文件，不予覆盖`, EXIT.usage);
    rmSync(path);
  }
  if (path !== ':memory:' && existsSync(`${path}.wal`)) rmSync(`${path}.wal`);
  const wh = await openWarehouse(path);
  try {
    await inTransaction(wh.conn, async () => {
      await wh.conn.run(warehouseDdl(SHEETS));
      await writeReferences(wh.conn, refs.geography, refs.plan, SHEETS);
    });
    return wh;
  } catch (e) {
    wh.close();
    throw e;
  }
}

/** A DuckDB database file has the magic bytes `DUCK` at offset 8. */
function isDuckDbFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(12);
    return readSync(fd, buf, 0, 12, 0) === 12 && buf.subarray(8, 12).toString('latin1') === 'DUCK';
  } finally {
    closeSync(fd);
  }
}

/** Run `body` in one transaction (one commit instead of one per DDL statement). */
async function inTransaction<T>(conn: DuckDBConnection, body: () => Promise<T>): Promise<T> {
  await conn.run('begin transaction');
  try {
    const out = await body();
    await conn.run('commit');
    return out;
  } catch (e) {
    await conn.run('rollback');
    throw e;
  }
}

async function writeReferences(conn: DuckDBConnection, geo: Geography, plan: Plan, sheets: readonly SheetSpec[]): Promise<void> {
  await appendTable(conn, REF_DISTRICT, [[geo.district.code, geo.district.name]]);
  await appendTable(conn, REF_TOWNS, geo.towns.map((t) => [t.code, t.name, t.type, t.order]));
  await appendTable(conn, REF_SHEETS, sheets.map((s) => [s.name, rawTableName(s), s.level, s.department, s.everyTown ?? null]));
  await appendTable(conn, REF_PLAN, [[plan.id, plan.title, plan.region, plan.period.start, plan.period.end, plan.baselineYear, plan.targetYear]]);
  await appendTable(
    conn,
    REF_INDICATORS,
    plan.indicators.map((i) => [
      i.id, i.name, i.unit, i.domain, i.subdomain, i.metric, i.level, i.aggregation, i.precision, i.baseline, i.target,
      i.targetOp, i.isBinding, i.isCumulative, i.isMaintain, i.planSection, i.sectionId, i.definition, i.sourceSheets.join(';'),
    ]),
  );
}

/** The reporting years of this build (the input's year folders). */
export async function recordLoadYears(conn: DuckDBConnection, years: readonly number[]): Promise<void> {
  await appendTable(conn, LOAD_YEARS, [...new Set(years)].sort((a, b) => a - b).map((y) => [y]));
}

/** The load report: which sheet kinds were delivered for which year (status `loaded`). */
export async function recordLoadSheets(conn: DuckDBConnection, rows: readonly LoadReportRow[]): Promise<void> {
  await appendTable(
    conn,
    LOAD_SHEETS,
    rows.map((r) => {
      const spec = r.sheetKind ? SHEET_BY_NAME.get(r.sheetKind) : undefined;
      if (r.sheetKind && !spec) throw new Error(`装载记录中的工作表种类“${r.sheetKind}”不在填报数据规范中（${r.file}）`);
      return [r.year, r.sheetKind || null, spec ? rawTableName(spec) : null, r.file, r.sheet || null, r.status, r.rowsRead, r.rowsLoaded, r.rowsRejected];
    }),
  );
}

// ---- appending ----------------------------------------------------------------------

/** Whether a non-null value has the JS type its column needs. */
type Check = (v: unknown) => boolean;
/** Append one checked, non-null value with the typed call for its column. */
type Write = (a: DuckDBAppender, v: never) => void;

const INT32_MAX = 2 ** 31 - 1;

const CHECK: Record<DuckType, Check> = {
  VARCHAR: (v) => typeof v === 'string',
  BOOLEAN: (v) => typeof v === 'boolean',
  DOUBLE: (v) => typeof v === 'number' && Number.isFinite(v),
  INTEGER: (v) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= INT32_MAX,
  BIGINT: (v) => typeof v === 'number' && Number.isSafeInteger(v),
};

const WRITE: Record<DuckType, Write> = {
  VARCHAR: (a, v: string) => a.appendVarchar(v),
  BOOLEAN: (a, v: boolean) => a.appendBoolean(v),
  DOUBLE: (a, v: number) => a.appendDouble(v),
  INTEGER: (a, v: number) => a.appendInteger(v),
  // Most counts fit in 32 bits: appendInteger into a BIGINT column is cast by DuckDB and
  // avoids a BigInt allocation per cell.
  BIGINT: (a, v: number) => (Math.abs(v) <= INT32_MAX ? a.appendInteger(v) : a.appendBigInt(BigInt(v))),
};

function typeError(table: string, field: string, type: DuckType, v: unknown, where: string): Error {
  return new Error(`${table}.${field}（${type}）收到类型不符的值 ${JSON.stringify(v)}（${typeof v}）：${where}`);
}

/** Append rows of plain values (in column order) to one of this module's tables. */
async function appendTable(conn: DuckDBConnection, t: TableDef, rows: readonly (readonly unknown[])[]): Promise<void> {
  const types = t.columns.map((col) => col.type);
  rows.forEach((r, i) => {
    if (r.length !== types.length) throw new Error(`${t.name} 第 ${i + 1} 行有 ${r.length} 个值，应为 ${types.length} 个`);
    r.forEach((v, j) => {
      if (v !== null && v !== undefined && !CHECK[types[j]!](v)) throw typeError(t.name, t.columns[j]!.field, types[j]!, v, `第 ${i + 1} 行`);
    });
  });
  const a = await conn.createAppender(t.name);
  try {
    for (const r of rows) {
      for (let j = 0; j < types.length; j++) {
        const v = r[j];
        if (v === null || v === undefined) a.appendNull();
        else WRITE[types[j]!](a, v as never);
      }
      a.endRow();
    }
    a.flushSync();
  } finally {
    a.closeSync();
  }
}

/**
 * Append loaded rows to `raw_<table>` with the DuckDB appender and typed calls. Values are
 * checked against the column types first, so a batch is appended whole or not at all.
 * A field absent from `values` is stored as NULL (missing), never as zero.
 * Returns the number of rows appended.
 */
export async function appendRows(conn: DuckDBConnection, sheet: SheetSpec, rows: readonly LoadedRow[]): Promise<number> {
  const table = rawTableName(sheet);
  if (PROVENANCE.map((p) => p.field).join() !== 'year,source_file,source_sheet,source_row') throw new Error('raw-schema 的来源列已改变，appendRows 需同步');
  const fields = sheet.columns.map((col) => col.field);
  const cols = rawColumns(sheet);
  // rawColumns = provenance, contract fields, extras: the loops below write them in that order.
  const types = fields.map((f, i) => {
    const col = cols[PROVENANCE.length + i]!;
    if (col.field !== f) throw new Error(`${table}：列顺序与 rawColumns 不一致（${col.field} ≠ ${f}）`);
    return col.type;
  });
  const checks = types.map((t) => CHECK[t]);
  const writes = types.map((t) => WRITE[t]);
  const n = fields.length;

  // Check every row before appending any: the appender flushes on its own past a size.
  for (const row of rows) {
    const where = () => `${row.sourceFile} ${row.sourceSheet} 第 ${row.sourceRow} 行`;
    if (!CHECK.INTEGER(row.year)) throw typeError(table, 'year', 'INTEGER', row.year, where());
    if (typeof row.sourceFile !== 'string') throw typeError(table, 'source_file', 'VARCHAR', row.sourceFile, where());
    if (typeof row.sourceSheet !== 'string') throw typeError(table, 'source_sheet', 'VARCHAR', row.sourceSheet, where());
    if (!CHECK.INTEGER(row.sourceRow)) throw typeError(table, 'source_row', 'INTEGER', row.sourceRow, where());
    const values = row.values;
    for (let i = 0; i < n; i++) {
      const v = values[fields[i]!];
      if (v !== null && v !== undefined && !checks[i]!(v)) throw typeError(table, fields[i]!, types[i]!, v, where());
    }
  }

  const a = await conn.createAppender(table);
  try {
    for (const row of rows) {
      a.appendInteger(row.year);
      a.appendVarchar(row.sourceFile);
      a.appendVarchar(row.sourceSheet);
      a.appendInteger(row.sourceRow);
      const values = row.values;
      for (let i = 0; i < n; i++) {
        const v = values[fields[i]!];
        if (v === null || v === undefined) a.appendNull();
        else writes[i]!(a, v as never);
      }
      if (row.extras === null) a.appendNull();
      else a.appendVarchar(JSON.stringify(row.extras));
      a.endRow();
    }
    a.flushSync();
  } catch (e) {
    a.clear();
    throw e;
  } finally {
    a.closeSync();
  }
  return rows.length;
}

// ---- models ---------------------------------------------------------------------------

export interface Model {
  layer: ModelLayer;
  name: string;
  kind: 'view' | 'table';
  /** The file's one-line header, used as the object's COMMENT ON. */
  description: string;
  file: string;
  sql: string;
}

const HEADER = /^--\s*(\S.*)$/;
const CREATE = /^create\s+or\s+replace\s+(view|table)\s+([a-z][a-z0-9_]*)\s+as\b/i;

/** Read and check the model files of a layer, in name order. */
export function readModels(layer: ModelLayer, dir: string = SQL_DIR): Model[] {
  const folder = join(dir, layer);
  if (!existsSync(folder)) throw new CliError(`模型目录不存在：${folder}`, EXIT.failure);
  return readdirSync(folder)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => {
      const file = join(folder, f);
      const sql = readFileSync(file, 'utf8');
      const name = basename(f, '.sql');
      const lines = sql.split('\n');
      const header = HEADER.exec(lines[0] ?? '');
      if (!header) throw new CliError(`模型 ${layer}/${f} 第一行应为一行说明注释（-- …）`, EXIT.failure);
      const body = lines.filter((l) => !/^\s*--/.test(l)).join('\n').trim();
      const create = CREATE.exec(body);
      if (!create) throw new CliError(`模型 ${layer}/${f} 应以 create or replace view|table ${name} as 开始`, EXIT.failure);
      if (create[2] !== name) throw new CliError(`模型 ${layer}/${f} 创建的是 ${create[2]}，应与文件同名（${name}）`, EXIT.failure);
      if (!/select\s+\*\s+from\s+final\s*;/i.test(body)) throw new CliError(`模型 ${layer}/${f} 应以 select * from final; 结束`, EXIT.failure);
      return { layer, name, kind: create[1]!.toLowerCase() as 'view' | 'table', description: header[1]!.trim(), file, sql };
    });
}

/**
 * Run the models of one layer in name order, in one transaction (a failing model leaves
 * the layer as it was). Each file creates the view or table named after it (and may add
 * COMMENT ON COLUMN statements); its header becomes its comment.
 */
export async function runModels(conn: DuckDBConnection, layer: ModelLayer, dir: string = SQL_DIR): Promise<Model[]> {
  const models = readModels(layer, dir);
  await inTransaction(conn, async () => {
    for (const m of models) {
      try {
        await conn.run(m.sql);
        await conn.run(`comment on ${m.kind} ${m.name} is ${sqlString(m.description)}`);
      } catch (e) {
        throw new CliError(`模型 ${layer}/${m.name} 执行失败：${(e as Error).message}`, EXIT.failure);
      }
    }
  });
  return models;
}

/** Run every layer, staging to indicators. */
export async function runAllModels(conn: DuckDBConnection, dir: string = SQL_DIR): Promise<Model[]> {
  const out: Model[] = [];
  for (const layer of MODEL_LAYERS) out.push(...(await runModels(conn, layer, dir)));
  return out;
}

// ---- data tests -----------------------------------------------------------------------

export interface DataTest {
  name: string;
  description: string;
  /** A query returning the offending rows: none means the test passes. */
  sql: string;
}

export interface DataTestResult {
  name: string;
  description: string;
  failures: number;
  /** Up to five offending rows. */
  sample: Record<string, unknown>[];
}

/** Key columns of every staging model, from the contract: not null and unique per year. */
export function stagingKeyTests(sheets: readonly SheetSpec[] = SHEETS): DataTest[] {
  return sheets.flatMap((s) => {
    const fields = s.key.map((k) => {
      const col = s.columns.find((x) => x.name === k);
      if (!col) throw new Error(`${s.name} 的主键列“${k}”不在列清单中`);
      return col.type === 'town' ? 'geo_code' : col.field;
    });
    const stg = `stg_${s.table}`;
    const keys = ['year', ...fields].join(', ');
    return [
      {
        name: `unique_${stg}`,
        description: `${stg}：每年每个主键（${s.key.join(' + ')}）只有一行`,
        sql: `select ${keys}, count(*) as copies from ${stg} group by ${keys} having count(*) > 1`,
      },
      {
        name: `not_null_${stg}`,
        description: `${stg}：主键列（${s.key.join(' + ')}）不为空`,
        sql: `select * from ${stg} where ${['year', ...fields].map((f) => `${f} is null`).join(' or ')}`,
      },
    ];
  });
}

/** Checks of every metric model `ind_<metric>`: its metric column, grain and flags. */
async function metricModelTests(conn: DuckDBConnection): Promise<DataTest[]> {
  const views = (await conn.runAndReadAll(`select view_name from duckdb_views() where not internal and view_name like 'ind\\_%' escape '\\' order by view_name`))
    .getRowsJS()
    .map((r) => String(r[0]));
  return views.map((v) => {
    const metric = v.slice(4);
    return {
      name: `shape_${v}`,
      description: `${v}：metric 与模型同名，geo_level 为 town/district，每年每地一行，is_complete 不为空，倍率为正的常数`,
      sql: `with rows as (select * from ${v}),
        bad as (
          select year, geo_code, ${sqlString(`metric 不是 ${metric}`)} as problem from rows where metric is distinct from ${sqlString(metric)}
          union all select year, geo_code, 'geo_level 不合法' from rows where geo_level not in ('town', 'district') or geo_level is null
          union all select year, geo_code, 'is_complete 为空' from rows where is_complete is null
          union all select year, geo_code, '倍率不是正数' from rows where not (multiplier > 0 and divisor > 0)
          union all select year, geo_code, '同一年同一地有多行' from rows group by year, geo_code having count(*) > 1
          union all select null, null, '倍率不是常数' from rows having count(distinct multiplier) > 1 or count(distinct divisor) > 1
          union all select null, null, '同时有镇街行和区行' from rows having count(distinct geo_level) > 1
        )
        select * from bad`,
    };
  });
}

/** Singular tests in `sql/tests/*.sql`: each file a query returning offending rows. */
export function readSqlTests(dir: string = SQL_DIR): DataTest[] {
  const folder = join(dir, 'tests');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => {
      const sql = readFileSync(join(folder, f), 'utf8');
      const header = HEADER.exec(sql.split('\n')[0] ?? '');
      if (!header) throw new CliError(`数据测试 tests/${f} 第一行应为一行说明注释（-- …）`, EXIT.failure);
      return { name: basename(f, '.sql'), description: header[1]!.trim(), sql: sql.replace(/;\s*$/, '') };
    });
}

/** Run every data test (staging keys, metric model shapes, `sql/tests/`). */
export async function runDataTests(conn: DuckDBConnection, dir: string = SQL_DIR): Promise<DataTestResult[]> {
  const tests = [...stagingKeyTests(), ...(await metricModelTests(conn)), ...readSqlTests(dir)];
  const out: DataTestResult[] = [];
  for (const t of tests) {
    let rows: Record<string, unknown>[];
    try {
      rows = (await conn.runAndReadAll(t.sql)).getRowObjectsJS() as Record<string, unknown>[];
    } catch (e) {
      throw new CliError(`数据测试 ${t.name} 执行失败：${(e as Error).message}`, EXIT.failure);
    }
    out.push({ name: t.name, description: t.description, failures: rows.length, sample: rows.slice(0, 5) });
  }
  return out;
}

/** Run the data tests and throw one error listing every failed test. */
export async function assertDataTests(conn: DuckDBConnection, dir: string = SQL_DIR): Promise<void> {
  const failed = (await runDataTests(conn, dir)).filter((r) => r.failures > 0);
  if (failed.length === 0) return;
  const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  const lines = failed.map((f) => `- ${f.name}（${f.description}）：${f.failures} 行不符，例如 ${json(f.sample[0])}`);
  throw new CliError(`仓库数据测试未通过：\n${lines.join('\n')}`, EXIT.failure);
}

// ---- reading ------------------------------------------------------------------------------

/** `indicator_base`, ordered by year, indicator, the district first, then towns in official order. */
export async function readIndicatorBase(conn: DuckDBConnection): Promise<IndicatorBase[]> {
  const reader = await conn.runAndReadAll(`
    select b.year, b.geo_code, b.geo_level, b.indicator_id, b.value, b.numerator, b.denominator, b.is_complete
    from indicator_base as b
    left join ref_towns as t on t.geo_code = b.geo_code
    order by b.year, b.indicator_id, b.geo_level <> 'district', t.sort_order, b.geo_code`);
  const num = (v: unknown): number | null => (v === null ? null : Number(v));
  return reader.getRowsJS().map((r) => ({
    year: Number(r[0]),
    geoCode: String(r[1]),
    geoLevel: r[2] === 'district' ? 'district' : 'town',
    indicatorId: Number(r[3]),
    value: num(r[4]),
    numerator: num(r[5]),
    denominator: num(r[6]),
    isComplete: r[7] === true,
  }));
}
