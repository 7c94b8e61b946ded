/**
 * The DuckDB warehouse file of a build: opened, or created fresh with its schema
 * (schema.ts) and reference tables (load.ts). The SQL models (models.ts) and their data
 * tests (data-tests.ts) run on its connection.
 */
import { closeSync, existsSync, openSync, readSync, rmSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { UserError, EXIT } from '../basics/errors.ts';
import { SHEETS } from '../plan/contract.ts';
import type { Geography } from '../plan/geography.ts';
import type { Plan } from '../plan/plan.ts';
import { writeReferences } from './load.ts';
import { duckdbMemoryLimit } from './memory.ts';
import { lineageTypesDdl, warehouseDdl } from './schema.ts';

export interface Warehouse {
  path: string;
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  close(): void;
}

export interface WarehouseRefs {
  geography: Geography;
  plan: Plan;
}

// ---- open / create ------------------------------------------------------------------

/** Open an existing warehouse file (or `:memory:`). */
export async function openWarehouse(path: string): Promise<Warehouse> {
  const instance = await DuckDBInstance.create(path, { autoinstall_known_extensions: 'false', memory_limit: duckdbMemoryLimit() });
  const conn = await instance.connect();
  return {
    path,
    instance,
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Create a fresh warehouse at `path`: raw tables, reference tables from the geography and
 * plan, empty load tables. An existing DuckDB file there (a previous build's) is replaced;
 * any other existing file is refused.
 */
export async function createWarehouse(path: string, refs: WarehouseRefs): Promise<Warehouse> {
  if (path !== ':memory:' && existsSync(path)) {
    if (!isDuckDbFile(path)) throw new UserError(`${path} 已存在且不是 DuckDB 数据库文件，不予覆盖`, EXIT.usage);
    rmSync(path);
  }
  if (path !== ':memory:' && existsSync(`${path}.wal`)) rmSync(`${path}.wal`);
  const wh = await openWarehouse(path);
  try {
    await inTransaction(wh.conn, async () => {
      await wh.conn.run(warehouseDdl(SHEETS));
      await writeReferences(wh.conn, refs.geography, refs.plan, SHEETS);
      await wh.conn.run(lineageTypesDdl(SHEETS));
    });
    return wh;
  } catch (e) {
    wh.close();
    throw e;
  }
}

/** A DuckDB database file has the magic bytes `DUCK` at offset 8. */
function isDuckDbFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(12);
    return readSync(fd, buf, 0, 12, 0) === 12 && buf.subarray(8, 12).toString('latin1') === 'DUCK';
  } finally {
    closeSync(fd);
  }
}

/** Run `body` in one transaction (one commit instead of one per DDL statement). */
export async function inTransaction<T>(conn: DuckDBConnection, body: () => Promise<T>): Promise<T> {
  await conn.run('begin transaction');
  try {
    const out = await body();
    await conn.run('commit');
    return out;
  } catch (e) {
    await conn.run('rollback');
    throw e;
  }
}
