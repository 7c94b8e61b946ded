/**
 * Small hostile files (issue 11 cases 10 and 11): memory bounded by the cells present,
 * not by the declared range; a sheet beyond the limits rejected by name while the other
 * files load; every value quoted in a message capped.
 *
 * Memory is tested by behaviour: `planeval check` runs with a V8 heap far below what the
 * unbounded reader needed (it used 1–4 GB on these files) and must finish normally.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfiguration } from '../../pipeline/build.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { formatNumber } from '../../pipeline/basics/format.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { parseWorkbook } from '../../pipeline/ingest/parse-sheet.ts';
import { readInputs } from '../../pipeline/ingest/read-inputs.ts';
import { MAX_CELL_CHARS } from '../../pipeline/ingest/cells.ts';
import { DEFAULT_WORKBOOK_LIMITS, readWorkbook } from '../../pipeline/ingest/xlsx/workbook.ts';
import { row, writeCraftedXlsx } from '../support/crafted-xlsx.ts';
import { copyOf, ROOT, sample, tempDir } from '../support/helpers.ts';

const HEADER = ['设施名称', '所在镇街', '设施类型', '床位数（张）', '运营状态'];
const good = (r: number) => row(r, [`设施${r}`, '黄村镇', '养老机构', 10, '运营']);

/** `planeval check` in a child process whose V8 heap is capped at `heapMb`. */
function checkWithHeap(input: string, heapMb: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdoutBytes: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, join(ROOT, 'bin', 'planeval.mjs'), 'check', '--input', input], {
      cwd: ROOT, env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    let stdoutBytes = 0;
    child.stdout.on('data', (d: Buffer) => (stdoutBytes += d.length));
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 4 * 1024 * 1024) stderr += d;
      else stderr += '…';
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, stdoutBytes }));
  });
}

/** A pseudo-random text of `n` characters (BMP) that does not compress like a zip bomb. */
function noise(n: number, alphabet: string): string {
  const units = new Uint16Array(n);
  const codes = Array.from(alphabet, (ch) => ch.charCodeAt(0));
  let seed = 7;
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    units[i] = codes[(seed >>> 16) % codes.length]!;
  }
  return Buffer.from(units.buffer).toString('utf16le');
}

let base: string;
/** Folders this file made (large crafted files): removed at the end. */
const made: string[] = [];
beforeAll(async () => {
  base = await sample({ years: [2020, 2021] });
  made.push(base);
});
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A copy of the sample with `file` added to 2021; or, `alone`, an input of that file only. */
function withFile(name: string, make: (file: string) => void, opts: { alone?: boolean } = {}): string {
  const input = opts.alone ? tempDir(name) : copyOf(base, name);
  made.push(input);
  mkdirSync(join(input, '2021'), { recursive: true });
  make(join(input, '2021', `${name}.xlsx`));
  return input;
}

describe('sparse and huge declared ranges (issue 11 case 10)', () => {
  it('stores only the cells present: 200,000 rows with one cell in column XFD', async () => {
    const dir = tempDir('sparse');
    made.push(dir);
    const file = join(dir, 'sparse.xlsx');
    writeCraftedXlsx(file, [
      { name: '养老服务设施', data: (function* () { yield row(1, HEADER); for (let r = 2; r <= 200_001; r++) yield `<row r="${r}"><c r="XFD${r}"><v>${r}</v></c></row>`; })() },
    ]);
    expect(statSync(file).size).toBeLessThan(1.5 * 1024 * 1024);
    const sheet = (await readWorkbook(file)).sheets[0]!;
    expect(sheet.rows).toHaveLength(200_001);
    expect(sheet.rows[1]![16383]).toBe(2);
    expect(sheet.rows[200_000]![16383]).toBe(200_001);
    // A row holds its one cell, not 16,384 slots.
    expect(Object.keys(sheet.rows[1]!)).toEqual(['16383']);
    expect(Object.keys(sheet.rows[100_000]!)).toEqual(['16383']);
  });

  it('checks, with a 256 MB heap, a 1 MB file of 200,000 sparse XFD rows (in a sheet it skips, and in one it reads)', async () => {
    const input = withFile('sparse', (file) =>
      writeCraftedXlsx(file, [
        { name: '养老服务设施', data: [row(1, HEADER), good(2), good(3)] },
        { name: 'Sheet1', data: (function* () { for (let r = 1; r <= 200_000; r++) yield `<row r="${r}"><c r="XFD${r}"><v>1</v></c></row>`; })() },
        { name: '社会工作服务机构', data: (function* () { yield row(1, ['机构名称', '所在镇街', '状态']); yield row(2, ['社工机构', '黄村镇', '存续']); for (let r = 3; r <= 200_000; r++) yield `<row r="${r}"><c r="XFD${r}"><v>1</v></c></row>`; })() },
      ]),
      { alone: true },
    );
    const run = await checkWithHeap(input, 256);
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 0, signal: null });
    expect(run.stderr).toContain('2021/sparse.xlsx');
    expect(run.stderr).toContain('全部数据可以载入');
  });

  it('checks, with a 256 MB heap, a 2 KB file merging A4:XFD1048576', async () => {
    const input = withFile('merge', (file) =>
      writeCraftedXlsx(file, [{ name: '养老服务设施', data: [row(1, HEADER), good(2), good(3), good(4), good(5)], merges: ['A4:XFD1048576'] }]),
      { alone: true },
    );
    const run = await checkWithHeap(input, 256);
    expect(run.signal).toBeNull();
    expect(run.code === 0 || run.code === 2).toBe(true);
    expect(run.stderr).not.toContain('内部错误');
    // The merge spans the number column 床位数 over data rows: said, naming the range (case 8).
    expect(run.stderr).toContain('合并单元格 A4:XFD1048576');
  });

  it('rejects a sheet beyond the cell limit, naming file and sheet; the other sheets and files still load', async () => {
    const limit = DEFAULT_WORKBOOK_LIMITS.maxSheetCells;
    const input = withFile('huge', (file) => {
      writeCraftedXlsx(file, [
        { name: '养老服务设施', data: (function* () { yield row(1, HEADER); for (let r = 2; r <= limit / 5 + 2; r++) yield good(r); })() },
        { name: '社会工作服务机构', data: [row(1, ['机构名称', '所在镇街', '状态']), row(2, ['社工机构', '黄村镇', '存续'])] },
      ]);
      writeCraftedXlsx(join(file, '..', 'other.xlsx'), [{ name: '养老服务设施', data: [row(1, HEADER), good(2), good(3)] }]);
    }, { alone: true });
    const { geography, listing, plan } = readConfiguration(input);
    const data = await readInputs(listing, { geography, plan }, memoryLogger());
    const reject = data.rejects.find((r) => r.file === '2021/huge.xlsx' && r.sheet === '养老服务设施');
    expect(reject).toMatchObject({ scope: 'sheet', rule: 'too_large' });
    expect(reject!.message).toContain('文件“2021/huge.xlsx”工作表“养老服务设施”');
    expect(reject!.message).toContain(formatNumber(limit));
    const other = data.report.find((r) => r.file === '2021/huge.xlsx' && r.sheet === '社会工作服务机构');
    expect(other).toMatchObject({ status: 'loaded', rowsLoaded: 1 });
    // The other workbook of 2021 loaded as it is.
    expect(data.report.find((r) => r.file === '2021/other.xlsx')).toMatchObject({ status: 'loaded', rowsLoaded: 2 });
  });

  it('applies the workbook-wide cell budget across sheets', async () => {
    const dir = tempDir('budget');
    const file = join(dir, 'b.xlsx');
    const rows = (n: number) => (function* () { yield row(1, HEADER); for (let r = 2; r <= n; r++) yield good(r); })();
    writeCraftedXlsx(file, [
      { name: '养老服务设施', data: rows(100) },
      { name: '养老服务设施2021', data: rows(100) },
      { name: '社会工作服务机构', data: [row(1, ['机构名称', '所在镇街', '状态'])] },
    ]);
    const wb = await readWorkbook(file, { maxSheetCells: 600, maxWorkbookCells: 800 });
    expect(wb.sheets.map((s) => s.tooLarge === undefined)).toEqual([true, false, true]);
    expect(wb.sheets[1]!.tooLarge).toContain('800');
    const parsed = parseWorkbook(wb, { year: 2021, geography: loadGeography(), file: '2021/b.xlsx' });
    expect(parsed.sheets[1]!.report.status).toBe('rejected');
    expect(parsed.sheets[1]!.rejects[0]!.message).toContain('工作表“养老服务设施2021”');
  });

  it('applies a workbook-wide budget of text: a small file of long notes cannot take gigabytes to read (the sixth workbook attack: 2 MB, 2 GB)', async () => {
    const dir = tempDir('text');
    made.push(dir);
    const file = join(dir, 't.xlsx');
    const note = '备'.repeat(1000);
    writeCraftedXlsx(file, [
      { name: '养老服务设施', data: (function* () { yield row(1, [...HEADER, '备注']); for (let r = 2; r <= 40; r++) yield row(r, [`设施${r}`, '黄村镇', '养老机构', 10, '运营', note]); })() },
      { name: '社会工作服务机构', data: [row(1, ['机构名称', '所在镇街', '状态'])] },
    ]);
    const wb = await readWorkbook(file, { maxWorkbookText: 30_000 });
    expect(wb.sheets[0]!.tooLarge).toContain('字数合计超过了 30,000 字的上限');
    const parsed = parseWorkbook(wb, { year: 2021, geography: loadGeography(), file: '2021/t.xlsx' });
    expect(parsed.sheets[0]!.report.status).toBe('rejected');
    expect((await readWorkbook(file, { maxWorkbookText: 60_000 })).sheets[0]!.tooLarge).toBeUndefined();
    expect(DEFAULT_WORKBOOK_LIMITS.maxWorkbookText).toBe(24_000_000);
  });

  it('counts shared strings against the workbook: a table of millions of them rejects the file, unread', async () => {
    const dir = tempDir('sst');
    made.push(dir);
    const file = join(dir, 's.xlsx');
    writeCraftedXlsx(file, [{ name: '养老服务设施', data: [row(1, HEADER), good(2)] }], (function* () { for (let i = 0; i < 150; i++) yield `s${i}`; })());
    await expect(readWorkbook(file, { maxWorkbookCells: 100 })).rejects.toMatchObject({ reason: 'too_large' });
    await expect(readWorkbook(file, { maxWorkbookCells: 100 })).rejects.toThrow('超过 100 个字符串');
    // Under the limit, the strings leave that much less for the cells.
    const wb = await readWorkbook(file, { maxWorkbookCells: 155 });
    expect(wb.sheets[0]!.tooLarge).toBeDefined();
    expect((await readWorkbook(file, { maxWorkbookCells: 170 })).sheets[0]!.tooLarge).toBeUndefined();
  });

  it('rejects, as a whole, a file with more problems than can be listed, and does not run out of stack or memory', async () => {
    const input = withFile('allbad', (file) =>
      writeCraftedXlsx(file, [{
        name: '养老服务设施',
        data: (function* () { yield row(1, HEADER); for (let r = 2; r <= 150_001; r++) yield `<row r="${r}"><c r="A${r}" t="s"><v>0</v></c><c r="B${r}" t="s"><v>0</v></c><c r="C${r}" t="s"><v>0</v></c><c r="D${r}" t="s"><v>0</v></c><c r="E${r}" t="s"><v>0</v></c></row>`; })(),
      }], ['坏']),
      { alone: true },
    );
    const run = await checkWithHeap(input, 512);
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 2, signal: null });
    expect(run.stderr).toContain('【2021/allbad.xlsx】');
    expect(run.stderr).toMatch(/超过 [\d,]+ 处/);
    expect(run.stderr.length).toBeLessThan(200_000);
  });

  it('rejects every copy of a key repeated 30,000 times with messages of bounded length', async () => {
    const input = withFile('dupes', (file) =>
      writeCraftedXlsx(file, [{ name: '社会工作服务机构', data: (function* () { yield row(1, ['机构名称', '所在镇街', '状态']); for (let r = 2; r <= 30_001; r++) yield row(r, ['同一个机构', '黄村镇', '存续']); })() }]),
      { alone: true },
    );
    const { geography, listing, plan } = readConfiguration(input);
    const data = await readInputs(listing, { geography, plan }, memoryLogger());
    const dupes = data.rejects.filter((r) => r.rule === 'duplicate_key' && r.file === '2021/dupes.xlsx');
    expect(dupes).toHaveLength(30_000);
    expect(Math.max(...dupes.slice(0, 100).map((d) => d.message.length))).toBeLessThan(400);
    expect(dupes[0]!.message).toContain('共 30000 处');
  });
});

describe('long values (issue 11 case 11)', () => {
  it('checks an 8-million-character shared string in 74 rejected cells without crashing; every quote capped', async () => {
    const big = noise(8 * 1024 * 1024, '一二三四五六七八九十百千万亿兆京');
    const input = withFile('longsst', (file) =>
      writeCraftedXlsx(file, [{
        name: '养老服务设施',
        data: (function* () {
          yield row(1, HEADER);
          for (let r = 2; r <= 75; r++) yield `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>设施${r}</t></is></c><c r="B${r}" t="inlineStr"><is><t>黄村镇</t></is></c><c r="C${r}" t="inlineStr"><is><t>养老机构</t></is></c><c r="D${r}" t="s"><v>0</v></c><c r="E${r}" t="inlineStr"><is><t>运营</t></is></c></row>`;
        })(),
      }], [big]),
      { alone: true },
    );
    const run = await checkWithHeap(input, 512);
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 2, signal: null });
    expect(run.stderr).not.toContain('内部错误');
    expect(run.stderr.length).toBeLessThan(100_000);
    expect(run.stderr).toContain(`…（共${formatNumber(big.length)}字）`);
    expect(run.stderr.match(/第 \d+ 行“床位数”列/g)).toHaveLength(74);

    const { geography, listing, plan } = readConfiguration(input);
    const data = await readInputs(listing, { geography, plan }, memoryLogger());
    const rejects = data.rejects.filter((r) => r.file === '2021/longsst.xlsx');
    expect(rejects).toHaveLength(74);
    for (const r of rejects) {
      expect(r.rule).toBe('too_long');
      expect(r.message.length).toBeLessThan(300);
      expect(r.value.length).toBeLessThanOrEqual(MAX_CELL_CHARS + 20);
    }
  });

  it('does not echo a 50 MB value whole to the terminal', async () => {
    const big = noise(50 * 1024 * 1024, 'ab');
    const input = withFile('huge-value', (file) =>
      writeCraftedXlsx(file, [{ name: '养老服务设施', data: [row(1, HEADER), `<row r="2"><c r="A2" t="inlineStr"><is><t>设施</t></is></c><c r="B2" t="s"><v>0</v></c><c r="C2" t="inlineStr"><is><t>养老机构</t></is></c><c r="D2"><v>1</v></c><c r="E2" t="inlineStr"><is><t>运营</t></is></c></row>`] }], [big]),
      { alone: true },
    );
    const run = await checkWithHeap(input, 768);
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 2, signal: null });
    expect(run.stderr.length).toBeLessThan(100_000);
    expect(run.stderr).toContain(`…（共${formatNumber(big.length)}字）`);
  });

  it('rejects a cell longer than Excel allows (32,767 characters) and caps the value kept in the ledger', async () => {
    const long = 'x'.repeat(MAX_CELL_CHARS + 1);
    const dir = tempDir('toolong');
    const file = join(dir, 'x.xlsx');
    writeCraftedXlsx(file, [{ name: '养老服务设施', data: [row(1, HEADER), row(2, [long, '黄村镇', '养老机构', 1, '运营']), good(3)] }]);
    const parsed = parseWorkbook(await readWorkbook(file), { year: 2021, geography: loadGeography(), file: '2021/x.xlsx' });
    const s = parsed.sheets[0]!;
    expect(s.report).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    expect(s.rejects[0]).toMatchObject({ row: 2, column: '设施名称', rule: 'too_long' });
    expect(s.rejects[0]!.message).toContain(formatNumber(MAX_CELL_CHARS));
    expect(s.rejects[0]!.value.length).toBeLessThanOrEqual(MAX_CELL_CHARS + 20);
  });
});
