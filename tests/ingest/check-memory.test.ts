/**
 * Issue 11, done when: peak memory of `planeval check` on any single file of ≤ 10 MB stays
 * under 1 GiB. Measured, not inferred: each run is `planeval check` in a child process as a
 * user starts it (no heap flag), whose peak resident set size (`maxRSS`, the kernel's
 * high-water mark of the whole process: heap, buffers, native memory) is written at exit.
 * The files are the hostile ones of issue 11 (cases 10 and 11) and the largest ordinary
 * sheet the limits let in, each at most 10 MB.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKBOOK_LIMITS } from '../../pipeline/ingest/xlsx/workbook.ts';
import { row, writeCraftedXlsx } from '../support/crafted-xlsx.ts';
import { ROOT, tempDir } from '../support/helpers.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Writes the process's peak RSS (bytes) to $PLANEVAL_PEAK_RSS at exit. */
const PEAK_RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(process.env.PLANEVAL_PEAK_RSS, String(process.resourceUsage().maxRSS * 1024)));",
)}`;

/** `planeval check --input DIR` as a user runs it; its exit code and peak RSS. */
function checkPeak(input: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; peak: number; stderr: string }> {
  const rssFile = join(input, '..', `${input.split('/').pop()}.rss`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', PEAK_RSS_HOOK, join(ROOT, 'bin', 'planeval.mjs'), 'check', '--input', input], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', PLANEVAL_PEAK_RSS: rssFile },
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 200_000) stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      let peak = Number.NaN;
      try {
        peak = Number(readFileSync(rssFile, 'utf8'));
      } catch {
        // no exit hook ran (killed): NaN fails the test
      }
      resolve({ code, signal, peak, stderr });
    });
  });
}

/** A pseudo-random text of `n` characters from `alphabet` (does not compress like a zip bomb). */
function noise(n: number, alphabet: string, seed = 7): string {
  const units = new Uint16Array(n);
  const codes = Array.from(alphabet, (ch) => ch.charCodeAt(0));
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    units[i] = codes[(seed >>> 16) % codes.length]!;
  }
  return Buffer.from(units.buffer).toString('utf16le');
}

const HEADER = ['设施名称', '所在镇街', '设施类型', '床位数（张）', '运营状态'];
const TOWNS = ['黄村镇', '旧宫镇', '西红门镇', '亦庄镇', '瀛海镇'];

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** An input folder holding one file, `2021/<name>.xlsx`, made by `make`; its size is checked ≤ 10 MB. */
function oneFile(name: string, make: (file: string) => void): string {
  const base = tempDir(`mem-${name}`);
  made.push(base);
  const input = join(base, 'input');
  mkdirSync(join(input, '2021'), { recursive: true });
  const file = join(input, '2021', `${name}.xlsx`);
  make(file);
  expect(statSync(file).size, `${name}.xlsx`).toBeLessThanOrEqual(10 * MiB);
  return input;
}

const CASES: { name: string; make: (file: string) => void; code: number }[] = [
  {
    // case 10: 200,000 sparse rows with one cell in column XFD (1 MB)
    name: 'sparse-xfd',
    code: 0,
    make: (file) => writeCraftedXlsx(file, [
      { name: '养老服务设施', data: [row(1, HEADER), row(2, ['设施', '黄村镇', '养老机构', 10, '运营'])] },
      { name: 'Sheet1', data: (function* () { for (let r = 1; r <= 200_000; r++) yield `<row r="${r}"><c r="XFD${r}"><v>1</v></c></row>`; })() },
    ]),
  },
  {
    // case 10: a merge A4:XFD1048576 in a tiny file
    name: 'huge-merge',
    code: 0,
    make: (file) => writeCraftedXlsx(file, [{ name: '养老服务设施', data: [row(1, HEADER), row(2, ['设施', '黄村镇', '养老机构', 10, '运营'])], merges: ['A4:XFD1048576'] }]),
  },
  {
    // case 11: one 8-million-character shared string in 74 rejected cells
    name: 'long-shared-string',
    code: 2,
    make: (file) => writeCraftedXlsx(
      file,
      [{
        name: '养老服务设施',
        data: (function* () {
          yield row(1, HEADER);
          for (let r = 2; r <= 75; r++) yield `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>设施${r}</t></is></c><c r="B${r}" t="inlineStr"><is><t>黄村镇</t></is></c><c r="C${r}" t="inlineStr"><is><t>养老机构</t></is></c><c r="D${r}" t="s"><v>0</v></c><c r="E${r}" t="inlineStr"><is><t>运营</t></is></c></row>`;
        })(),
      }],
      [noise(8 * MiB, '一二三四五六七八九十百千万亿兆京')],
    ),
  },
  {
    // case 11: a 50-million-character value
    name: 'fifty-million-chars',
    code: 2,
    make: (file) => writeCraftedXlsx(
      file,
      [{ name: '养老服务设施', data: [row(1, HEADER), `<row r="2"><c r="A2" t="inlineStr"><is><t>设施</t></is></c><c r="B2" t="s"><v>0</v></c><c r="C2" t="inlineStr"><is><t>养老机构</t></is></c><c r="D2"><v>1</v></c><c r="E2" t="inlineStr"><is><t>运营</t></is></c></row>`] }],
      [noise(50 * MiB, 'ab')],
    ),
  },
  {
    // the largest ordinary sheet the limits let in: as many distinct, valid rows as the sheet's cell limit allows
    name: 'largest-sheet',
    code: 0,
    make: (file) => writeCraftedXlsx(file, [{
      name: '养老服务设施',
      data: (function* () {
        yield row(1, HEADER);
        const rows = Math.floor(DEFAULT_WORKBOOK_LIMITS.maxSheetCells / HEADER.length) - 2;
        for (let r = 2; r <= rows; r++) yield row(r, [`${noise(6, '康乐福寿安宁和颐养幸福晚晴', r)}养老院${r}`, TOWNS[r % TOWNS.length]!, '养老机构', r % 300, '运营']);
      })(),
    }]),
  },
  {
    // every row of a large sheet rejected: more problems than can be listed
    name: 'all-rows-bad',
    code: 2,
    make: (file) => writeCraftedXlsx(
      file,
      [{
        name: '养老服务设施',
        data: (function* () { yield row(1, HEADER); for (let r = 2; r <= 150_001; r++) yield `<row r="${r}"><c r="A${r}" t="s"><v>0</v></c><c r="B${r}" t="s"><v>0</v></c><c r="C${r}" t="s"><v>0</v></c><c r="D${r}" t="s"><v>0</v></c><c r="E${r}" t="s"><v>0</v></c></row>`; })(),
      }],
      ['坏'],
    ),
  },
];

describe('planeval check on one file of at most 10 MB (issue 11)', () => {
  for (const c of CASES) {
    it(`${c.name}: finishes with its verdict, peak memory under 1 GiB`, async () => {
      const input = oneFile(c.name, c.make);
      const run = await checkPeak(input);
      expect({ code: run.code, signal: run.signal }, run.stderr.slice(-2000)).toEqual({ code: c.code, signal: null });
      expect(run.stderr).not.toContain('内部错误');
      expect(run.peak).toBeGreaterThan(50 * MiB);
      if (process.env.PLANEVAL_SHOW_PEAK) process.stdout.write(`${c.name}: peak RSS ${(run.peak / MiB).toFixed(0)} MiB\n`);
      expect(run.peak, `peak RSS ${(run.peak / MiB).toFixed(0)} MiB`).toBeLessThan(GiB);
    }, 300_000);
  }
});
