/**
 * Incremental builds (issue 13): a rebuild with nothing changed makes nothing and touches
 * nothing; a rebuild after one corrected workbook re-makes only what depends on it (the
 * build's own counts of charts drawn and PDFs printed), and its outputs are the same as a
 * cold build's of the corrected input; and what it would reuse is not trusted once damaged.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../pipeline/build.ts';
import { memoryLogger } from '../pipeline/basics/log.ts';
import { runCli, sample, tempDir } from './support/helpers.ts';

/** Every file under `dir` (caches aside) with its digest and modification time. */
function tree(dir: string): Map<string, { sha: string; mtime: number }> {
  const out = new Map<string, { sha: string; mtime: number }>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const rel = relative(dir, path);
      if (rel === '.planeval-cache') continue;
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else out.set(rel, { sha: createHash('sha256').update(readFileSync(path)).digest('hex'), mtime: st.mtimeMs });
    }
  };
  walk(dir);
  return out;
}

/**
 * What a DuckDB file holds, table by table (DuckDB's block layout differs between two
 * writes of the same rows, so its bytes are not compared).
 */
async function warehouseContent(file: string): Promise<Record<string, string>> {
  const db = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  try {
    const tables = (await conn.runAndReadAll(`select schema_name, table_name from duckdb_tables() order by all`)).getRows();
    const views = (await conn.runAndReadAll(`select view_name, sql from duckdb_views() where not internal order by all`)).getRows();
    const content: Record<string, string> = { views: JSON.stringify(views) };
    for (const [schema, table] of tables) {
      const rows = (await conn.runAndReadAll(`select * from "${schema}"."${table}" order by all`)).getRows();
      content[`${schema}.${table}`] = createHash('sha256').update(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).digest('hex');
    }
    return content;
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

/** Change one number in a workbook's worksheet, as a department's correction would. */
function correctCell(file: string, sheetXml: string, from: string, to: string): void {
  const entries = unzipSync(new Uint8Array(readFileSync(file)));
  const xml = new TextDecoder().decode(entries[sheetXml]!);
  if (!xml.includes(from)) throw new Error(`${sheetXml} has no ${from}`);
  entries[sheetXml] = new TextEncoder().encode(xml.replace(from, to));
  writeFileSync(file, zipSync(entries));
}

const run = (input: string, out: string) => build({ input, out, acceptRejects: false, pdf: true, log: memoryLogger() });

let input: string;
let out: string;
let cold: BuildResult;

beforeAll(async () => {
  input = await sample({ years: [2020, 2021] });
  out = tempDir('incremental');
  cold = await run(input, out);
  if (cold.exitCode !== 0) throw new Error(`cold build failed: ${cold.exitCode}`);
});

describe('a rebuild', () => {
  it('with nothing changed makes nothing and rewrites nothing', async () => {
    const before = tree(out);
    const again = await run(input, out);
    expect(again.exitCode).toBe(0);
    expect(again.unchanged).toBe(true);
    expect(again.made).toBeUndefined();
    expect(tree(out)).toEqual(before);
  });

  it('after one corrected workbook re-makes only what depends on it, and equals a cold build of the corrected input', async () => {
    expect(cold.made!.workbooksReused).toBe(0);
    expect(cold.made!.chartsReused).toBe(0);
    expect(cold.made!.pdfsReused).toBe(0);
    expect(cold.made!.filesReused).toBe(0);
    const total = cold.made!.pdfsPrinted;
    // 养老服务科 corrects one number of one town in its 2021 workbook (居家养老, first data row).
    const workbook = join(input, '2021', '养老服务科_2021.xlsx');
    const xml = new TextDecoder().decode(unzipSync(new Uint8Array(readFileSync(workbook)))['xl/worksheets/sheet2.xml']!);
    const cell = /<c r="[C-Z]5"(?: s="\d+")?><v>(\d+)<\/v><\/c>/.exec(xml)!;
    correctCell(workbook, 'xl/worksheets/sheet2.xml', cell[0], cell[0].replace(`<v>${cell[1]}</v>`, `<v>${Number(cell[1]) + 40}</v>`));

    const incremental = await run(input, out);
    expect(incremental.exitCode, JSON.stringify(incremental.data?.rejects.slice(0, 2))).toBe(0);
    expect(incremental.unchanged).toBeFalsy();
    const made = incremental.made!;
    // Nothing in the cache is taken for damaged when nothing damaged it.
    expect(made.cacheEntriesDamaged).toBe(0);
    // Only the corrected workbook is read again; the others' outcomes are the last build's.
    expect(made.workbooksRead).toBe(1);
    expect(made.workbooksReused).toBe(cold.made!.workbooksRead - 1);
    // Some charts and PDFs depend on the corrected number, most do not.
    expect(made.chartsDrawn).toBeGreaterThan(0);
    expect(made.chartsReused).toBeGreaterThan(made.chartsDrawn);
    expect(made.pdfsPrinted).toBeGreaterThan(0);
    expect(made.pdfsPrinted + made.pdfsReused).toBe(total);
    expect(made.pdfsReused).toBeGreaterThan(made.pdfsPrinted);
    // So do the download workbooks and Arrow copies: those of the corrected rows are made anew.
    expect(made.filesMade).toBeGreaterThan(0);
    expect(made.filesReused).toBeGreaterThan(made.filesMade);
    expect(made.filesMade + made.filesReused).toBe(cold.made!.filesMade);

    // The same outputs as a cold build of the corrected input
    const reference = tempDir('incremental-cold');
    const coldAgain = await run(input, reference);
    expect(coldAgain.made!.pdfsReused).toBe(0);
    const a = tree(out);
    const b = tree(reference);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    const differ = [...a.keys()].filter((k) => a.get(k)!.sha !== b.get(k)!.sha);
    // DuckDB files: the same tables (their bytes differ from one write to the next).
    const warehouses = differ.filter((k) => k.endsWith('.duckdb'));
    expect(differ.filter((k) => !k.endsWith('.duckdb'))).toEqual([]);
    for (const k of warehouses) expect(await warehouseContent(join(out, k)), k).toEqual(await warehouseContent(join(reference, k)));
  });
});

/** Change one byte in the middle of `file`, in place (a file linked to it changes too). */
function damage(file: string): void {
  const bytes = readFileSync(file);
  bytes[bytes.length >> 1]! ^= 0x5a;
  writeFileSync(file, bytes);
}

/** Every file under `dir`. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('a rebuild over damaged caches', () => {
  it('makes again every entry whose bytes changed (and a PDF changed since it was printed), publishing what a cold build would', async () => {
    const before = tree(out);
    const cache = join(out, '.planeval-cache');
    // Every kept workbook outcome, download file, chart, font set and precompressed copy (the last
    // linked into the site, which changes with it), and one report's PDF, changed by one byte.
    const entries = ['workbooks', 'files', 'charts', 'fonts', 'precompressed'].flatMap((d) => filesUnder(join(cache, d)));
    expect(entries.length).toBeGreaterThan(100);
    for (const f of entries) damage(f);
    const pdf = filesUnder(join(out, 'pdf')).find((f) => f.endsWith('.pdf'))!;
    damage(pdf);
    // A build that cannot tell it changes nothing (the record of the last build gone), so it looks at every entry.
    rmSync(join(cache, 'build.json'));

    // A new process, as the office runs it (this one keeps the charts it drew in memory).
    const again = await runCli(['build', '--input', input, '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    const said = again.stdout + again.stderr;
    const workbooks = cold.made!.workbooksRead;
    expect(said).toContain(`文件 ${workbooks} 个；`); // none “未变，沿用上次读取的结果”
    expect(said).toContain(`图表：新绘制 ${cold.made!.chartsDrawn} 张，沿用上次构建的 0 张`);
    expect(said).toContain(`下载文件（xlsx、CSV、Arrow）：新生成 ${cold.made!.filesMade} 个，沿用 0 个`);
    expect(said).toContain(`PDF：新打印 1 份，页面未变、沿用上次的 ${cold.made!.pdfsPrinted - 1} 份`);
    // and says so, as the office's machine may have a failing disk
    expect(said).toMatch(/构建缓存（.*）中有 \d+ 项与保存时的摘要不符（磁盘错误、复制不全或被改动过），已重新生成/);
    const after = tree(out);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const differ = [...after.keys()].filter((k) => !k.endsWith('.duckdb') && after.get(k)!.sha !== before.get(k)!.sha);
    expect(differ).toEqual([]);
  });
});

describe('a build over a cache in the wrong shape', () => {
  it('removes what stands where its folders and records belong and builds as without it', async () => {
    const dir = tempDir('incremental-shape');
    const first = await build({ input, out: dir, acceptRejects: false, pdf: false, log: memoryLogger() });
    expect(first.exitCode).toBe(0);
    const before = tree(dir);
    const cache = join(dir, '.planeval-cache');
    // A file where the charts' folder was, a link to nothing for the fonts' one, folders where
    // entries and the build's record were.
    rmSync(join(cache, 'charts'), { recursive: true });
    writeFileSync(join(cache, 'charts'), 'not a folder');
    rmSync(join(cache, 'fonts'), { recursive: true });
    symlinkSync(join(dir, 'nowhere'), join(cache, 'fonts'));
    for (const d of ['workbooks', 'files']) {
      for (const name of readdirSync(join(cache, d)).slice(0, 3)) {
        rmSync(join(cache, d, name));
        mkdirSync(join(cache, d, name));
      }
    }
    rmSync(join(cache, 'build.json'));
    mkdirSync(join(cache, 'build.json'));

    const again = await build({ input, out: dir, acceptRejects: false, pdf: false, log: memoryLogger() });
    expect(again.exitCode).toBe(0);
    expect(statSync(join(cache, 'charts')).isDirectory()).toBe(true);
    expect(statSync(join(cache, 'build.json')).isFile()).toBe(true);
    const after = tree(dir);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    expect([...after.keys()].filter((k) => !k.endsWith('.duckdb') && after.get(k)!.sha !== before.get(k)!.sha)).toEqual([]);
    // the cache a file altogether
    rmSync(cache, { recursive: true });
    writeFileSync(cache, 'not a folder');
    rmSync(join(dir, 'data', 'manifest.json')); // an output gone: the build is made again
    expect((await build({ input, out: dir, acceptRejects: false, pdf: false, log: memoryLogger() })).exitCode).toBe(0);
    expect(statSync(cache).isDirectory()).toBe(true);
  });
});
