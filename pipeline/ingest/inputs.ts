/** The input folder: one sub-folder per reporting year, each with any number of workbooks. */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, EXIT } from '../basics/errors.ts';

export interface InputFile {
  year: number;
  /** Absolute path. */
  path: string;
  /** Path relative to the input folder, with `/`: `2023/养老服务科_2023.xlsx`. */
  relPath: string;
}

export interface InputListing {
  dir: string;
  years: number[];
  /** Workbooks to read, in a stable order (year, then name). */
  workbooks: InputFile[];
  /** Spreadsheet files in another format (.xls, .et, .csv…): rejected as not xlsx. */
  otherSpreadsheets: InputFile[];
  /** Files and folders that are not inputs (notes, lock files…), listed in the load report. */
  ignored: string[];
  /** `<input>/geography.csv` when the input brings its own geography (e.g. scaled samples). */
  geographyFile: string | null;
}

const SPREADSHEET_OTHER = /\.(xls|xlsm|xlsb|et|ods|csv)$/i;

export function discoverInputs(dir: string): InputListing {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(`输入目录“${dir}”不存在或不是文件夹`, EXIT.usage);
  }
  const listing: InputListing = { dir, years: [], workbooks: [], otherSpreadsheets: [], ignored: [], geographyFile: null };
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.isFile() && e.name === 'geography.csv') {
      listing.geographyFile = join(dir, e.name);
    } else if (e.isDirectory() && /^\d{4}$/.test(e.name)) {
      const year = Number(e.name);
      listing.years.push(year);
      const files = readdirSync(join(dir, e.name), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const f of files) {
        const relPath = `${e.name}/${f.name}`;
        const file: InputFile = { year, path: join(dir, e.name, f.name), relPath };
        if (!f.isFile() || f.name.startsWith('~$') || f.name.startsWith('.')) listing.ignored.push(relPath);
        else if (/\.xlsx$/i.test(f.name)) listing.workbooks.push(file);
        else if (SPREADSHEET_OTHER.test(f.name)) listing.otherSpreadsheets.push(file);
        else listing.ignored.push(relPath);
      }
    } else if (!e.name.startsWith('.')) {
      listing.ignored.push(e.name + (e.isDirectory() ? '/' : ''));
    }
  }
  if (listing.years.length === 0) {
    throw new UserError(`输入目录“${dir}”中没有年度文件夹（应为 2020/、2021/ … 每年一个文件夹）`, EXIT.usage);
  }
  return listing;
}

/** SHA-256 of a file, read in 1 MiB pieces: an input of any size is hashed in constant memory. */
export function hashFile(path: string): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1024 * 1024);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
