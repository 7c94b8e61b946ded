import { afterEach, describe, expect, it } from 'vitest';
import { duckdbMemoryLimit, outOfMemoryAdvice } from '../../pipeline/warehouse/memory.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse } from '../../pipeline/warehouse/warehouse.ts';
import { withAppender } from '../../pipeline/warehouse/chunks.ts';
import { EXIT } from '../../pipeline/basics/errors.ts';
import { runCli, sample } from '../support/helpers.ts';

const saved = process.env.PLANEVAL_DUCKDB_MEMORY;
afterEach(() => {
  if (saved === undefined) delete process.env.PLANEVAL_DUCKDB_MEMORY;
  else process.env.PLANEVAL_DUCKDB_MEMORY = saved;
});

describe("DuckDB's memory", () => {
  it('is limited to 384 MB unless PLANEVAL_DUCKDB_MEMORY names a size; anything else is ignored', () => {
    delete process.env.PLANEVAL_DUCKDB_MEMORY;
    expect(duckdbMemoryLimit()).toBe('384MB');
    process.env.PLANEVAL_DUCKDB_MEMORY = '2GB';
    expect(duckdbMemoryLimit()).toBe('2GB');
    process.env.PLANEVAL_DUCKDB_MEMORY = "1GB'; drop table x; --";
    expect(duckdbMemoryLimit()).toBe('384MB');
  });

  it('is the limit a warehouse is opened with', async () => {
    process.env.PLANEVAL_DUCKDB_MEMORY = '300MB';
    const wh = await openWarehouse(':memory:');
    try {
      const [[limit]] = (await wh.conn.runAndReadAll("select current_setting('memory_limit')")).getRowsJS();
      // DuckDB reports it in its own units (286.1 MiB)
      expect(String(limit)).toMatch(/^28\d(\.\d)? MiB$/);
    } finally {
      wh.close();
    }
  });

  it('when a statement needs more, the error names the setting that gives it more (in Chinese)', async () => {
    process.env.PLANEVAL_DUCKDB_MEMORY = '16MB';
    const wh = await openWarehouse(':memory:');
    let message = '';
    try {
      // a list is held whole: DuckDB cannot spill it
      await wh.conn.run('select list(i) from range(20000000) as t(i)');
    } catch (e) {
      message = (e as Error).message;
    } finally {
      wh.close();
    }
    const advice = outOfMemoryAdvice(message);
    expect(advice).toContain('PLANEVAL_DUCKDB_MEMORY');
    expect(advice).toContain('当前上限 16MB');
    // the appender's words for it (a build at 2MB, while loading the first year)
    expect(outOfMemoryAdvice('Failed to append: could not allocate block of size 32.0 KiB (1.9 MiB/1.9 MiB used)')).toContain('PLANEVAL_DUCKDB_MEMORY');
    expect(outOfMemoryAdvice('Binder Error: column x not found')).toBeUndefined();
    expect(outOfMemoryAdvice('Failed to append: failed to pin block of size 256.0 KiB (838.0 KiB/976.5 KiB used)', 'check')).toContain('npx planeval check');
  });

  it("an appender that runs out says so, not DuckDB's 'transaction is aborted' from closing it", async () => {
    process.env.PLANEVAL_DUCKDB_MEMORY = '1MB';
    const dir = mkdtempSync(join(tmpdir(), 'planeval-oom-'));
    const wh = await openWarehouse(join(dir, 'w.duckdb'));
    let message = '';
    try {
      await wh.conn.run('begin transaction');
      await wh.conn.run('create table t (s varchar)');
      await withAppender(wh.conn, 't', (a) => {
        for (let i = 0; i < 200_000; i++) {
          a.appendVarchar(`a text long enough not to be inlined ${i}`);
          a.endRow();
        }
      });
    } catch (e) {
      message = (e as Error).message;
    } finally {
      wh.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(message).not.toContain('aborted');
    expect(outOfMemoryAdvice(message)).toContain('PLANEVAL_DUCKDB_MEMORY');
  });

  it('a build that runs out says it in Chinese with the setting, exit 1, not 内部错误', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planeval-oom-'));
    try {
      const run = await runCli(['build', '--input', await sample({ years: [2020, 2021] }), '--out', join(dir, 'out'), '--data-only'], { env: { PLANEVAL_DUCKDB_MEMORY: '1MB' } });
      expect(run.code).toBe(EXIT.failure);
      expect(run.stderr).toContain('错误：DuckDB 可用的内存（当前上限 1MB）不够这一步计算');
      expect(run.stderr).toContain('PLANEVAL_DUCKDB_MEMORY=2GB npx planeval build');
      expect(run.stderr).not.toContain('内部错误');
      expect(run.stderr).not.toContain('SET memory_limit');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('check, when its temporary warehouse runs out, gives the memory advice for check, not the one for TMPDIR', async () => {
    const run = await runCli(['check', '--input', await sample({ years: [2020, 2021] })], { env: { PLANEVAL_DUCKDB_MEMORY: '1MB' } });
    expect(run.code).toBe(EXIT.ok);
    expect(run.stderr + run.stdout).toContain('未能查找指标所需而未填的数值：DuckDB 可用的内存（当前上限 1MB）');
    expect(run.stderr + run.stdout).toContain('npx planeval check');
    expect(run.stderr + run.stdout).not.toContain('TMPDIR');
  }, 60_000);
});
