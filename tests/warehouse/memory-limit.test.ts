import { afterEach, describe, expect, it } from 'vitest';
import { duckdbMemoryLimit, outOfMemoryAdvice } from '../../pipeline/warehouse/memory.ts';
import { openWarehouse } from '../../pipeline/warehouse/warehouse.ts';

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
  });
});
