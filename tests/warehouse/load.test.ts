// appendKept writes packed batches in data chunks (load.ts); appendRows writes row objects
// one value at a time. The same rows must come out of both the same, whatever the values.
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHEET_BY_NAME, type SheetSpec } from '../../pipeline/plan/contract.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import type { RawValue } from '../../pipeline/plan/raw-schema.ts';
import { rawTableName } from '../../pipeline/plan/raw-schema.ts';
import type { LoadedRow } from '../../pipeline/ingest/records.ts';
import { packRows, RowBatch } from '../../pipeline/ingest/row-batch.ts';
import { appendKept, appendRows, ROWS_BETWEEN_TURNS } from '../../pipeline/warehouse/load.ts';
import { createWarehouse, type Warehouse } from '../../pipeline/warehouse/warehouse.ts';

const geography = loadGeography();
const plan = resolvePlan();
const towns = geography.towns.map((t) => t.code);
const where = (sheet: string) => ({ year: 2024, sourceFile: '2024/基层政权和社区建设科_2024.xlsx', sourceSheet: sheet });

let packed: Warehouse;
let objects: Warehouse;
beforeAll(async () => {
  packed = await createWarehouse(':memory:', { geography, plan });
  objects = await createWarehouse(':memory:', { geography, plan });
});
afterAll(() => {
  packed.close();
  objects.close();
});

async function table(conn: DuckDBConnection, sheet: SheetSpec): Promise<unknown[][]> {
  return (await conn.runAndReadAll(`select * from ${rawTableName(sheet)} order by source_file, source_sheet, source_row`)).getRowsJS();
}

/** Load the kept rows both ways; both tables must hold the same rows, and as many as were kept. */
async function both(sheet: SheetSpec, rows: LoadedRow[], keep: (i: number) => boolean): Promise<unknown[][]> {
  const batch = new RowBatch(sheet, packRows(sheet, where(rows[0]!.sourceSheet), rows));
  const indices = Int32Array.from(rows.keys()).filter(keep);
  const all = indices.length === rows.length;
  expect(await appendKept(packed.conn, sheet, [{ set: batch, indices: all ? null : indices }])).toBe(indices.length);
  await appendRows(objects.conn, sheet, Array.from(indices, (i) => rows[i]!));
  const mine = await table(packed.conn, sheet);
  expect(mine).toEqual(await table(objects.conn, sheet));
  return mine;
}

describe('appendKept (data chunks) and appendRows (one value at a time)', () => {
  it('write the same rows: several chunks, some rows left out, every type with NULLs, big and negative integers, long and short texts', async () => {
    const sheet = SHEET_BY_NAME.get('社区村名录')!;
    const n = 5000; // three chunks of 2048, the last one short
    const rows: LoadedRow[] = Array.from({ length: n }, (_, i) => {
      const values: Record<string, RawValue> = {
        town: i % 97 === 0 ? null : towns[i % towns.length]!,
        community_name: i % 13 === 0 ? null : i % 41 === 0 ? `含\u0000控制字符_x的社区${i}` : i % 2 ? `社区${i}` : `一个名字很长很长的社区村委会第${i}号`,
        community_type: i % 11 === 0 ? null : i % 3 ? '社区' : '村',
        status: i % 5 ? '存续' : '已撤销',
        revoked_year: i % 5 ? null : 2021 + (i % 4),
        election_method: i % 17 === 0 ? null : '直接选举',
        community_workers: i % 19 === 0 ? null : [0, 7, 2 ** 31 - 1, 2 ** 31, 2 ** 40 + 3, -5, -(2 ** 33) - 1, Number.MAX_SAFE_INTEGER][i % 8]!,
        workers_living_locally: i % 23 === 0 ? null : i % 50,
        is_secretary_studio: i % 29 === 0 ? null : i % 2 === 0,
      };
      // a field the row does not have at all (stored as NULL, like an empty cell)
      if (i % 31 !== 0) values.building_governance_sites = i % 4;
      return { ...where(sheet.name), sourceRow: i + 3, values, extras: i % 37 === 0 ? { 备注: `第${i}行` } : null };
    });
    const back = await both(sheet, rows, (i) => i % 7 !== 3);
    expect(back).toHaveLength(rows.filter((_, i) => i % 7 !== 3).length);
    // spot checks against the input itself, not only against the other path
    const byRow = new Map(back.map((r) => [Number(r[3]), r]));
    expect(byRow.get(3 + 4)![0]).toBe(2024);
    expect(byRow.get(3 + 4)![1]).toBe('2024/基层政权和社区建设科_2024.xlsx');
    const workers = (i: number) => byRow.get(i + 3)![4 + sheet.columns.findIndex((c) => c.field === 'community_workers')];
    expect(workers(4)).toBe(BigInt(2 ** 40 + 3));
    expect(workers(5)).toBe(-5n);
    expect(workers(6)).toBe(BigInt(-(2 ** 33) - 1));
    expect(workers(7)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
    expect(workers(19)).toBe(null);
    const name = byRow.get(41 + 3)![4 + sheet.columns.findIndex((c) => c.field === 'community_name')];
    expect(name).toBe('含\u0000控制字符_x的社区41');
  });

  it('write the same rows, in their order, when a batch is appended over several turns of the event loop', async () => {
    const sheet = SHEET_BY_NAME.get('志愿服务站点')!;
    const n = 2 * ROWS_BETWEEN_TURNS + 1000;
    const rows: LoadedRow[] = Array.from({ length: n }, (_, i) => ({
      ...where(sheet.name), sourceRow: i + 2, extras: null,
      values: { station_name: `站点${i}`, town: towns[i % towns.length]!, community_name: `社区${i % 97}` },
    }));
    const keep = (i: number) => i % 5 !== 2;
    const back = await both(sheet, rows, keep);
    expect(back).toHaveLength(rows.filter((_, i) => keep(i)).length);
    // in the table's own order too: the batch's kept rows one after another, none twice
    const order = (await packed.conn.runAndReadAll(`select source_row from ${rawTableName(sheet)}`)).getRowsJS().map((r) => Number(r[0]));
    expect(order).toEqual(rows.filter((_, i) => keep(i)).map((r) => r.sourceRow));
  });

  it('write the same rows of a sheet with a DOUBLE column, and of a batch whose coded column was corrected in one row', async () => {
    const trusts = SHEET_BY_NAME.get('慈善信托')!;
    const rows: LoadedRow[] = Array.from({ length: 300 }, (_, i) => ({
      ...where(trusts.name), sourceRow: i + 2, extras: null,
      values: { trust_name: `信托${i}`, filing_year: 2020 + (i % 6), assets: i % 9 === 0 ? null : i * 1.25 - 3.5, status: i % 2 ? '存续' : '终止' },
    }));
    await both(trusts, rows, () => true);

    const stations = SHEET_BY_NAME.get('志愿服务站点')!;
    const stationRows: LoadedRow[] = Array.from({ length: 50 }, (_, i) => ({
      ...where(stations.name), sourceRow: i + 2, extras: null,
      values: { station_name: `站点${i}`, town: towns[i % 3]!, community_name: `社区${i % 4}` },
    }));
    const batch = new RowBatch(stations, packRows(stations, where(stations.name), stationRows));
    batch.setText(5, 1, towns[10]!);
    await appendKept(packed.conn, stations, [{ set: batch, indices: null }]);
    await appendRows(objects.conn, stations, stationRows.map((r, i) => (i === 5 ? { ...r, values: { ...r.values, town: towns[10]! } } : r)));
    expect(await table(packed.conn, stations)).toEqual(await table(objects.conn, stations));
  });
});
