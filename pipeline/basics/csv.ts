/** RFC 4180 CSV: parse small configuration files, write outputs deterministically. */
import { closeSync, openSync, writeSync } from 'node:fs';


export type CsvRow = Record<string, string>;

/** Parse CSV text into rows of strings keyed by the header. A BOM is ignored. */
export function parseCsv(text: string, where = 'CSV'): CsvRow[] {
  const records = parseRecords(text.replace(/^\uFEFF/, ''), where);
  if (records.length === 0) return [];
  const header = records[0]!;
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new Error(`${where}: 表头列名重复：${name}`);
    seen.add(name);
  }
  const rows: CsvRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    if (rec.length === 1 && rec[0] === '') continue; // blank line
    if (rec.length !== header.length) {
      throw new Error(`${where} 第 ${r + 1} 行：应有 ${header.length} 列，实有 ${rec.length} 列`);
    }
    const row: CsvRow = {};
    header.forEach((name, i) => (row[name] = rec[i]!));
    rows.push(row);
  }
  return rows;
}

function parseRecords(text: string, where: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new Error(`${where}: 引号未闭合`);
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/**
 * Neutralise a text cell against formula injection: a value that a spreadsheet would
 * read as a formula (= + - @, tab, carriage return) is prefixed with an apostrophe; a plain
 * negative number is not.
 */
export function neutralizeFormula(value: string): string {
  // a negative number as written (-5, -0.25) is a number to a spreadsheet, not a formula: left as it
  // is (the final review read rejects.csv's '-5 as a corrupted value)
  if (/^-\d+(\.\d+)?$/.test(value)) return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export type CsvValue = string | number | boolean | null | undefined;

function csvField(value: CsvValue, neutralize: boolean): string {
  if (value === null || value === undefined) return '';
  // a number or boolean never needs quotes
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const s = neutralize ? neutralizeFormula(value) : value;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Write rows as CSV (UTF-8, `\n` line ends, header first). Text values are neutralised
 * against formula injection unless `neutralize` is false; numbers are written as-is.
 */
export function toCsv(columns: readonly string[], rows: Iterable<Record<string, CsvValue>>, neutralize = true): string {
  const out: string[] = [columns.map((c) => csvField(c, false)).join(',')];
  for (const row of rows) out.push(columns.map((c) => csvField(row[c], neutralize)).join(','));
  return out.join('\n') + '\n';
}

/**
 * As `toCsv`, for rows given as arrays in the order of `columns`, written to `file` as
 * they are made (the 100× values, 290 000 rows, held as one string kept the collector
 * busy for seconds). `prefix` goes first (a byte order mark).
 */
export function writeCsvFile(file: string, columns: readonly string[], rows: Iterable<readonly CsvValue[]>, neutralize = true, prefix = ''): void {
  const fd = openSync(file, 'w');
  try {
    let chunk = prefix + columns.map((c) => csvField(c, false)).join(',') + '\n';
    for (const row of rows) {
      if (row.length !== columns.length) throw new Error(`CSV 行应有 ${columns.length} 列，实有 ${row.length} 列`);
      chunk += csvField(row[0], neutralize);
      for (let i = 1; i < row.length; i++) chunk += ',' + csvField(row[i], neutralize);
      chunk += '\n';
      if (chunk.length >= 1 << 18) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}
