/** Shared test helpers: temp folders, running the CLI, generating samples once per file. */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parseCsv, type CsvRow } from '../../pipeline/basics/csv.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { runSample } from '../../pipeline/sample/sample.ts';
import { sharedSample } from './fixtures.ts';

export const ROOT = new URL('../..', import.meta.url).pathname;

/** What `fn` throws (undefined when it returns): for tests that check the error's fields, not only its message. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `planeval-${prefix}-`));
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Run `planeval …` as a child process, as a user would. */
export function runCli(args: string[], opts: { onStderr?: (chunk: string, kill: () => void, signal: (s: NodeJS.Signals) => void) => void; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'planeval.mjs'), ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      opts.onStderr?.(String(d), () => child.kill('SIGKILL'), (sig) => child.kill(sig));
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/**
 * A sample in a fresh temp folder, the test's own to change: a copy of the run's shared
 * sample (global-setup.ts) when one matches, else generated.
 */
export async function sample(opts: { years?: number[]; seed?: number; withErrors?: boolean; scale?: number } = {}): Promise<string> {
  const years = (opts.years ?? [2020, 2021, 2022, 2023, 2024, 2025]).join(',');
  if ((opts.seed ?? 1) === 1 && !opts.withErrors && (opts.scale ?? 1) === 1 && (years === '2020,2021,2022,2023,2024,2025' || years === '2020,2021')) {
    return copyOf(await sharedSample(years.split(',').map(Number)), 'sample');
  }
  const dir = tempDir('sample');
  await runSample({
    outDir: dir,
    seed: opts.seed ?? 1,
    years: opts.years ?? [2020, 2021, 2022, 2023, 2024, 2025],
    scale: opts.scale ?? 1,
    withErrors: opts.withErrors ?? false,
    log: memoryLogger(),
  });
  return dir;
}

/** A private copy of a folder (a shared fixture), for a test that changes it. */
export function copyOf(dir: string, prefix: string): string {
  const to = tempDir(prefix);
  cpSync(dir, to, { recursive: true });
  return to;
}

/**
 * Change the sheet of a workbook whose name starts with `sheet` (a sample's tabs carry the year:
 * `人口基础数据(2025)`) and save it, as a department's corrected or defective file would be.
 */
export async function editSheet(file: string, sheet: string, edit: (ws: ExcelJS.Worksheet) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets.find((w) => w.name.startsWith(sheet));
  if (!ws) throw new Error(`${file}：没有工作表 ${sheet}`);
  edit(ws);
  await wb.xlsx.writeFile(file);
}

/** A build of `input` with --accept-rejects, data only or with its reports (no PDF), in a new out folder: the folder. */
export async function builtOut(input: string, opts: { reports?: boolean } = {}): Promise<string> {
  const out = tempDir('built-out');
  const run = await runCli(['build', '--input', input, '--out', out, opts.reports ? '--no-pdf' : '--data-only', '--accept-rejects']);
  if (run.code !== 0) throw new Error(`build: ${run.code}\n${run.stderr}`);
  return out;
}

/** The indicator values of `year` a `build --data-only --accept-rejects` of `input` publishes (indicator_values.csv), the build's exit checked. */
export async function publishedValues(input: string, year: string): Promise<CsvRow[]> {
  const out = await builtOut(input);
  return parseCsv(readFileSync(join(out, 'data', 'indicator_values.csv'), 'utf8')).filter((r) => r.year === year);
}

/** A sheet's header row (the first holding a cell that begins with `first`) and the columns of `names` in it (1-based, -1 when absent). */
export function headerColumns(ws: ExcelJS.Worksheet, first: string, names: readonly string[]): { header: number; columns: number[] } {
  let header = 0;
  ws.eachRow((row, n) => { if (!header && (row.values as unknown[]).some((v) => String(v).startsWith(first))) header = n; });
  const cells = Array.from(ws.getRow(header).values as unknown[], (v) => String(v ?? ''));
  return { header, columns: names.map((c) => cells.findIndex((x) => x.startsWith(c))) };
}
