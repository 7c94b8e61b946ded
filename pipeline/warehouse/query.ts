/**
 * `planeval sql`: ad-hoc SQL against the warehouse, opened read-only with external access
 * off and the configuration locked (nothing can be written, installed or loaded), printed
 * as an aligned table (CJK characters count as two columns), CSV or JSON.
 */
import { createInterface } from 'node:readline';
import { existsSync, statSync } from 'node:fs';
import { DuckDBInstance, StatementType, type DuckDBConnection, type DuckDBResultReader } from '@duckdb/node-api';
import { toCsv } from '../basics/csv.ts';
import { UserError, EXIT } from '../basics/errors.ts';

export type QueryFormat = 'table' | 'csv' | 'json';

export interface QueryResult {
  columns: string[];
  rows: Record<string, unknown>[];
}

/** Display width in a terminal: East Asian wide characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd) ? 2 : 1;
  }
  return w;
}

/** A cell as text: numbers to 12 significant digits on screen (in full from 10^12, whose whole part they would round), in full (as JavaScript writes them back) for --csv. */
function cellText(v: unknown, full = false): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'bigint') return v.toString();
  // (12 significant digits never round the whole part: 1234567890123.5 had shown as 1234567890120, read as exact)
  if (typeof v === 'number') return Number.isInteger(v) || full || Math.abs(v) >= 1e12 ? String(v) : String(Number(v.toPrecision(12)));
  if (typeof v === 'object') return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  return String(v);
}

/** An aligned text table; numbers right-aligned. */
export function formatTable(result: QueryResult): string {
  const { columns, rows } = result;
  const texts = rows.map((r) => columns.map((c) => cellText(r[c])));
  const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => r[c] === null || typeof r[c] === 'number' || typeof r[c] === 'bigint'));
  const widths = columns.map((c, i) => Math.max(displayWidth(c), ...texts.map((t) => displayWidth(t[i]!))));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(widths[i]! - displayWidth(s));
    return numeric[i] ? fill + s : s + fill;
  };
  const line = widths.map((w) => '─'.repeat(w)).join('─┼─');
  const out = [columns.map((c, i) => pad(c, i)).join(' │ '), line, ...texts.map((t) => t.map((s, i) => pad(s, i)).join(' │ '))];
  out.push(`（${rows.length} 行）`);
  return out.join('\n') + '\n';
}

export function formatResult(result: QueryResult, format: QueryFormat): string {
  if (format === 'csv') return toCsv(result.columns, result.rows.map((r) => Object.fromEntries(result.columns.map((c) => [c, cellText(r[c], true)]))), true);
  if (format === 'json') return JSON.stringify(result.rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v), 2) + '\n';
  return formatTable(result);
}

/**
 * Statements that write files, refused before they run: with external access off DuckDB still
 * lets a read-only connection write its database's own side files (`<db>.wal`, and files in
 * `<db>.tmp/`), and a COPY … TO the WAL had written one (the eighth attack).
 */
const WRITES_FILES: ReadonlySet<StatementType> = new Set([StatementType.COPY, StatementType.EXPORT, StatementType.COPY_DATABASE]);

/** Run the statements of `sql` one by one (each checked as it is prepared); the last one's rows. */
export async function runQuery(conn: DuckDBConnection, sql: string): Promise<QueryResult> {
  const statements = await conn.extractStatements(sql);
  let reader: DuckDBResultReader | undefined;
  for (let i = 0; i < statements.count; i++) {
    const statement = await statements.prepare(i);
    if (WRITES_FILES.has(statement.statementType)) {
      throw new Error(`${statements.count > 1 ? `第 ${i + 1} 条语句` : '这条语句'}（COPY 或 EXPORT）会写文件；这里只能查询，不能写文件。要保存结果，可加 --csv 或 --json 把结果输出后重定向到文件`);
    }
    reader = await statement.runAndReadAll();
  }
  if (!reader) return { columns: [], rows: [] };
  const columns = reader.columnNames();
  const rows = reader.getRowObjectsJS() as Record<string, unknown>[];
  return { columns, rows };
}

/**
 * DuckDB's own settings for a connection that can only read the warehouse: the file
 * opened read-only; no file other than it can be read or written (COPY … TO, EXPORT
 * DATABASE, ATTACH, read_csv of other files, INSTALL, extension files); no extension is
 * loaded or installed behind the user's back; and the configuration is locked once these
 * are set, so SET, RESET and setting PRAGMAs cannot undo them. DuckDB still lets the database
 * write its own side files (`<db>.wal`): statements that write files are refused as they are
 * prepared (`runQuery`).
 */
export const READ_ONLY_CONFIG: Readonly<Record<string, string>> = Object.freeze({
  // No folder to spill to: DuckDB lets a database write into its temporary folder (`<db>.tmp`
  // by default) whatever the external access, and an EXPORT DATABASE into it had made the folder
  // before being refused. Set before the configuration is locked.
  temp_directory: '',
  access_mode: 'READ_ONLY',
  enable_external_access: 'false',
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  allow_community_extensions: 'false',
  allow_unsigned_extensions: 'false',
  lock_configuration: 'true',
});

export async function openReadOnly(file: string): Promise<DuckDBConnection> {
  if (!existsSync(file)) throw new UserError(`找不到数据库文件“${file}”。请先运行 planeval build。`, EXIT.usage);
  let db: DuckDBInstance;
  try {
    db = await DuckDBInstance.create(file, { ...READ_ONLY_CONFIG });
  } catch (e) {
    throw new UserError(`无法打开数据库文件“${file}”：${openFailure(file, e)}`, EXIT.usage);
  }
  return db.connect();
}

/** Why DuckDB could not open `file`, in words for the analyst, its own words after them. */
function openFailure(file: string, e: unknown): string {
  const said = String((e as Error)?.message ?? e).split('\n')[0]!;
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) return '这是文件夹，请指向其中的 warehouse.duckdb';
  if (/lock/i.test(said)) return `另一个程序正以写入方式打开它，请等它结束后再查询（${said}）`;
  if (/not a valid DuckDB database|newer version|older version|storage version/i.test(said)) return `不是本程序能读的 DuckDB 数据库文件，或已损坏；请指向 planeval build 生成的 warehouse.duckdb（${said}）`;
  return said;
}

/**
 * A failed statement, in words for the analyst where DuckDB's own need them: a file read or written
 * (the read-only session has no file access: the data files' tables are in the warehouse), then
 * DuckDB's message (the analyst review: `Permission Error: … file system operations are disabled
 * by configuration` alone, for `select * from 'out/data/indicator_values.parquet'`).
 */
export function sqlFailure(e: unknown): string {
  const said = String((e as Error)?.message ?? e);
  if (/file system operations are disabled|external access|enable_external_access/i.test(said)) {
    return `这里只能查询数据仓库中的表，不能读写其他文件（数据文件 data/ 中的各表在数据仓库中都有：indicator_values、indicator_lineage、stg_*、load_rejects、load_warnings 等，.tables 列出全部）。${said}`;
  }
  return said;
}

/** Run one statement and print it, or an interactive prompt when `sql` is undefined. */
export async function runSql(opts: { database: string; sql?: string; format: QueryFormat }): Promise<number> {
  const conn = await openReadOnly(opts.database);
  if (opts.sql !== undefined) {
    try {
      process.stdout.write(formatResult(await runQuery(conn, opts.sql), opts.format));
      return EXIT.ok;
    } catch (e) {
      throw new UserError(`SQL 出错：${sqlFailure(e)}`, EXIT.usage);
    }
  }
  process.stderr.write(`已只读打开 ${opts.database}。输入 SQL，以分号结束；.tables 列出表；.quit 退出。\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'planeval> ' });
  let buffer = '';
  rl.prompt();
  for await (const line of rl) {
    const t = line.trim();
    if (buffer === '' && (t === '.quit' || t === '.exit')) break;
    if (buffer === '' && t === '.tables') {
      process.stdout.write(formatTable(await runQuery(conn, "select table_name, comment from duckdb_tables() union all select view_name, comment from duckdb_views() where not internal order by 1")));
      rl.prompt();
      continue;
    }
    buffer += line + '\n';
    if (t.endsWith(';')) {
      try {
        process.stdout.write(formatResult(await runQuery(conn, buffer), opts.format));
      } catch (e) {
        process.stdout.write(`SQL 出错：${sqlFailure(e)}\n`);
      }
      buffer = '';
    }
    rl.setPrompt(buffer ? '      ...> ' : 'planeval> ');
    rl.prompt();
  }
  rl.close();
  return EXIT.ok;
}
