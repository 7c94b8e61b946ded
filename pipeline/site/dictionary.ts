/**
 * The data dictionary: every column of `indicator_values` and of every published input
 * table, with its type as stored, its Chinese name and meaning, and English. Input
 * columns are explained from the contract (contract.ts) and the provenance columns
 * (raw-schema.ts); a column neither knows stops the build rather than going unexplained.
 */
import type { ColumnSpec, SheetSpec } from '../plan/contract.ts';
import { INDICATOR_VALUE_COLUMNS } from '../evaluate/indicator-values.ts';
import { PROVENANCE } from '../plan/raw-schema.ts';

export interface DictionaryEntry {
  /** Column name in the files (English, snake_case). */
  name: string;
  /** Type as stored (DuckDB/Parquet). */
  type: string;
  /** Chinese name and meaning. */
  zh: string;
  /** English meaning. */
  en: string;
}

const PROVENANCE_EN: Record<string, string> = {
  year: 'Reporting year (from the name of the input folder)',
  source_file: 'Source workbook, relative to the input folder',
  source_sheet: 'Name of the source sheet',
  source_row: 'Row number in the source sheet, as Excel shows it',
};

export function indicatorValueDictionary(): DictionaryEntry[] {
  return INDICATOR_VALUE_COLUMNS.map((c) => ({ name: c.name, type: c.type, zh: c.comment, en: c.en }));
}

/** `resident_population` → `resident population`. */
function words(field: string): string {
  return field.replace(/_/g, ' ');
}

function contractColumn(sheet: SheetSpec, name: string): ColumnSpec | undefined {
  if (name === 'geo_code') return sheet.columns.find((c) => c.type === 'town');
  return sheet.columns.find((c) => c.field === name) ?? sheet.columns.find((c) => name.endsWith(`_${c.field}`));
}

/** Entries for the columns of one published input table, in the table's order. */
export function inputTableDictionary(sheet: SheetSpec, columns: readonly { name: string; type: string }[]): DictionaryEntry[] {
  return columns.map(({ name, type }) => {
    const prov = PROVENANCE.find((p) => p.field === name);
    if (prov) return { name, type, zh: prov.comment, en: PROVENANCE_EN[name] ?? words(name) };
    const c = contractColumn(sheet, name);
    if (!c) throw new Error(`数据字典：表 stg_${sheet.table} 的列 ${name} 在《填报数据规范》中找不到对应的列`);
    if (name === 'geo_code') return { name, type, zh: `${c.name}的编码（见本页“镇街编码”表）`, en: 'Code of the town or street (see the table of town codes)' };
    const unit = c.unit ? `（${c.unit}）` : '';
    const values = c.values ? `；取值：${c.values.join('、')}` : '';
    return { name, type, zh: `${c.name}${unit}：${c.note}${values}`, en: `${words(c.field)}${c.unit ? ` (${c.unit})` : ''}` };
  });
}
