/**
 * The warehouse's data tests gate the build (build.ts, assertDataTests): a failing test stops
 * it before the reports and before anything is published, in a data-only build as in a full
 * one. Here the tests of `sql/tests/` are joined by one that always fails.
 */
import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { build } from '../../pipeline/build.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { SQL_DIR } from '../../pipeline/warehouse/models.ts';
import { sample, tempDir } from '../support/helpers.ts';

const failing = vi.hoisted(() => ({ dir: '' }));

vi.mock('../../pipeline/warehouse/data-tests.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../pipeline/warehouse/data-tests.ts')>();
  return {
    ...real,
    assertDataTests: (conn: Parameters<typeof real.assertDataTests>[0], dir?: string) => real.assertDataTests(conn, failing.dir || dir),
  };
});

let input: string;

beforeAll(async () => {
  input = await sample({ years: [2024, 2025] });
  failing.dir = tempDir('failingSql');
  cpSync(join(SQL_DIR, 'tests'), join(failing.dir, 'tests'), { recursive: true });
  writeFileSync(join(failing.dir, 'tests', 'assert_always_fails.sql'), '-- 一条总会失败的检查（测试用）\nselect 1 as x\n');
}, 120_000);

const entries = (dir: string) => readdirSync(dir).filter((n) => !n.startsWith('.planeval-cache')).sort();

describe('a data test that fails', () => {
  it('stops a data-only build: nothing published, nothing left behind', async () => {
    const out = tempDir('outDataOnly');
    await expect(build({ input, out, acceptRejects: false, pdf: false, dataOnly: true, log: memoryLogger() })).rejects.toThrow(/仓库数据测试未通过[\s\S]*assert_always_fails/);
    expect(entries(out)).toEqual([]);
  }, 120_000);

  it('stops a full build before the reports: nothing published, nothing left behind', async () => {
    const out = tempDir('outFull');
    const log = memoryLogger();
    await expect(build({ input, out, acceptRejects: false, pdf: false, dataOnly: false, log })).rejects.toThrow(/仓库数据测试未通过[\s\S]*assert_always_fails/);
    expect(log.lines.some((l) => l.includes('生成年度评估报告'))).toBe(false);
    expect(entries(out)).toEqual([]);
  }, 180_000);

  it('passes with the tests as they are (the same build, without the failing one)', async () => {
    const dir = failing.dir;
    failing.dir = '';
    try {
      const out = tempDir('outPasses');
      const result = await build({ input, out, acceptRejects: false, pdf: false, dataOnly: true, log: memoryLogger() });
      expect(result.exitCode).toBe(0);
      expect(entries(out)).toEqual(expect.arrayContaining(['data', 'warehouse.duckdb']));
    } finally {
      failing.dir = dir;
    }
  }, 120_000);
});
