import { afterEach, describe, expect, it } from 'vitest';
import { duckdbMemoryLimit, openWarehouse } from '../../pipeline/warehouse/warehouse.ts';

const saved = process.env.PLANEVAL_DUCKDB_MEMORY;
afterEach(() => {
  if (saved === undefined) delete process.env.PLANEVAL_DUCKDB_MEMORY;
  else process.env.PLANEVAL_DUCKDB_MEMORY = saved;
});

describe("DuckDB's memory", () => {
  it('is limited to 1 GB unless PLANEVAL_DUCKDB_MEMORY names a size; anything else is ignored', () => {
    delete process.env.PLANEVAL_DUCKDB_MEMORY;
    expect(duckdbMemoryLimit()).toBe('1GB');
    process.env.PLANEVAL_DUCKDB_MEMORY = '512MB';
    expect(duckdbMemoryLimit()).toBe('512MB');
    process.env.PLANEVAL_DUCKDB_MEMORY = "1GB'; drop table x; --";
    expect(duckdbMemoryLimit()).toBe('1GB');
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
});
