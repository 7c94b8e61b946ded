/**
 * The raw layer of the warehouse, derived from the contract: one table `raw_<table>` per
 * sheet kind, holding every loaded row with typed values and its provenance.
 */
import { SHEETS, type ColumnType, type SheetSpec } from './contract.ts';
import { sqlString } from '../basics/sql.ts';

export type DuckType = 'VARCHAR' | 'BIGINT' | 'DOUBLE' | 'INTEGER' | 'BOOLEAN';

/** Typed value of a loaded cell: null means *missing*. Towns are stored as their code. */
export type RawValue = string | number | boolean | null;

export const DUCK_TYPE: Record<ColumnType, DuckType> = {
  text: 'VARCHAR',
  enum: 'VARCHAR',
  town: 'VARCHAR',
  community: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  percent: 'DOUBLE',
  year: 'INTEGER',
  bool: 'BOOLEAN',
};

export interface RawColumn {
  field: string;
  type: DuckType;
  /** Chinese comment (COMMENT ON COLUMN). */
  comment: string;
}

/** Provenance columns that lead every raw table. */
export const PROVENANCE: readonly RawColumn[] = [
  { field: 'year', type: 'INTEGER', comment: '填报年度（取自文件夹名）' },
  { field: 'source_file', type: 'VARCHAR', comment: '来源文件（相对输入目录）' },
  { field: 'source_sheet', type: 'VARCHAR', comment: '来源工作表名称' },
  { field: 'source_row', type: 'INTEGER', comment: '来源行号（Excel 行号）' },
];

/** Extra columns (序号, 备注, …) of the row as a JSON object of header → text. */
export const EXTRAS: RawColumn = { field: 'extra_columns', type: 'VARCHAR', comment: '规范以外的列（JSON，列名→原文）' };

export function rawTableName(sheet: SheetSpec): string {
  return `raw_${sheet.table}`;
}

export function rawColumns(sheet: SheetSpec): RawColumn[] {
  return [
    ...PROVENANCE,
    ...sheet.columns.map((c) => ({
      field: c.field,
      type: DUCK_TYPE[c.type],
      comment: c.type === 'town' ? `${c.name}（镇街编码）` : c.unit ? `${c.name}（${c.unit}）` : c.name,
    })),
    EXTRAS,
  ];
}


/** CREATE TABLE and COMMENT ON statements for every raw table. */
export function rawDdl(sheets: readonly SheetSpec[] = SHEETS): string {
  const out: string[] = [];
  for (const sheet of sheets) {
    const name = rawTableName(sheet);
    const cols = rawColumns(sheet);
    out.push(`create table ${name} (\n  ${cols.map((c) => `${c.field} ${c.type}`).join(',\n  ')}\n);`);
    out.push(`comment on table ${name} is ${sqlString(`原始层：${sheet.name}（${sheet.grain}）`)};`);
    for (const c of cols) out.push(`comment on column ${name}.${c.field} is ${sqlString(c.comment)};`);
  }
  return out.join('\n');
}
