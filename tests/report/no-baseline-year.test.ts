/**
 * No folder of the baseline year (2020): the evaluation goes by the plan's baselines, but what
 * compares with the year's own data has nothing to go on. Warned (it had gone unsaid), said in
 * 一, and no town said to have '0项较2020年提高' nor facilities that ran in 2020 called
 * 新建成运营 (the inputs of unusual shape, session 63).
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../pipeline/build.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import type { Warning } from '../../pipeline/ingest/records.ts';
import { sample, tempDir } from '../support/helpers.ts';

let warnings: Warning[];
let final: string;
let towns: string[];

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&ldquo;|&rdquo;/g, '"');

beforeAll(async () => {
  const input = await sample();
  rmSync(join(input, '2020'), { recursive: true });
  const out = tempDir('no-baseline');
  const r = await build({ input, out, acceptRejects: false, pdf: false, log: memoryLogger() });
  if (r.exitCode !== 0) throw new Error(`build: ${r.exitCode}`);
  warnings = r.data!.warnings;
  final = text(readFileSync(join(out, 'site', 'reports', '2025', 'index.html'), 'utf8'));
  const dir = join(out, 'site', 'reports', '2025', 'towns');
  towns = readdirSync(dir).filter((f) => f.endsWith('.html')).map((f) => text(readFileSync(join(dir, f), 'utf8')));
}, 180_000);

describe('an input without the baseline year', () => {
  it('warns that the baseline year\'s folder is missing', () => {
    const w = warnings.filter((x) => x.file === '2020/');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('缺少基期 2020 年的年度文件夹');
  });

  it('says so once in the final evaluation', () => {
    expect(final).toContain('输入数据中没有2020年的数据（没有读到该年的任何工作表），该年各项指标均缺少数据，评价按规划印发的基期值。');
  });

  it('counts a town\'s rises only over the indicators with a value at both ends', () => {
    expect(towns).toHaveLength(22);
    for (const t of towns) {
      expect(t).not.toMatch(/\d+项指标中有\d+项较2020年提高/);
      expect(t).toMatch(/(可与2020年比较的\d+项中有\d+项较2020年提高|2020年均缺少数据，不作与2020年的比较)/);
    }
  });

  it('calls nothing 新建成运营 that it cannot tell was not there in 2020', () => {
    expect(final).not.toMatch(/规划期内新建成运营/);
    for (const t of towns) expect(t).not.toMatch(/新建成运营/);
  });
});
