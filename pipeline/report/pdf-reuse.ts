/**
 * PDFs by what they are printed from: a report page whose HTML (and the fonts and program
 * that print it) did not change since the last build is not printed again — the last
 * build's PDF is linked into the new output instead. The record, `pdf.json` in the out
 * folder's cache, maps each PDF (by its path inside pdf/) to the digest it was printed from
 * and the digest of the PDF's own bytes: a PDF changed since (damaged, edited, cut short) is
 * printed again rather than published again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { linkOrCopy, writeFileAtomically } from '../basics/files.ts';
import { hasDigest } from '../basics/sealed.ts';
import { join, relative, sep } from 'node:path';

export interface PdfReuse {
  /** The last build's pdf/ folder. */
  pdfDir: string;
  /** The record file. */
  recordFile: string;
  /**
   * Where the pages of each printed document's TOC targets are kept, by PDF name: the next
   * print of a changed page starts from them (`PdfJob.tocPages`). Only a hint, checked by the
   * print itself, so it is written as soon as it is known (no need to wait for the publish).
   */
  tocFile?: string;
}

type TocPages = Readonly<{ [pdf: string]: Readonly<{ [target: string]: number }> }>;

/** The TOC pages kept by earlier builds ({} when none or unreadable). */
export function readTocPages(file: string | undefined): TocPages {
  return file ? readJsonObject<TocPages>(file) : {};
}

export function writeTocPages(file: string, pages: TocPages): void {
  try {
    writeFileAtomically(file, JSON.stringify(pages) + '\n');
  } catch {
    // A hint that cannot be kept only costs the next print a pass.
  }
}

/**
 * A printed PDF: the digest of what it was printed from (page, fonts, program), the browser
 * that printed it (its program and version: another lays the same page out in other bytes)
 * and the digest of its bytes (hex SHA-256).
 */
export interface PrintedPdf {
  from: string;
  printer: string;
  sha256: string;
}

type Record = Readonly<{ [pdf: string]: PrintedPdf }>;

/** The record of the last build's PDFs ({} when none or unreadable; entries of another form are left out). */
export function readPdfRecord(file: string): Record {
  const raw = readJsonObject<{ [pdf: string]: unknown }>(file);
  const out: { [pdf: string]: PrintedPdf } = {};
  for (const [name, v] of Object.entries(raw)) {
    const e = v as Partial<PrintedPdf> | null;
    if (e && typeof e === 'object' && typeof e.from === 'string' && typeof e.printer === 'string' && typeof e.sha256 === 'string') {
      out[name] = { from: e.from, printer: e.printer, sha256: e.sha256 };
    }
  }
  return out;
}

/** A JSON object kept in `file`; {} when there is none or it cannot be read as one. */
function readJsonObject<T extends object>(file: string): T {
  const none = {} as T;
  if (!existsSync(file)) return none;
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return r && typeof r === 'object' && !Array.isArray(r) ? (r as T) : none;
  } catch {
    return none;
  }
}

export function writePdfRecord(file: string, record: Record): void {
  writeFileAtomically(file, JSON.stringify(record, null, 1) + '\n');
}

/** `2025/towns/daxing-2025-lixian.pdf`: a PDF's name inside its pdf/ folder. */
export function pdfName(pdfDir: string, pdf: string): string {
  return relative(pdfDir, pdf).split(sep).join('/');
}

/**
 * Put the last build's PDF at `target` when it was printed from `key` by `printer` and still
 * has the bytes it was printed with; false when there is none to reuse (then the page is
 * printed). `printer` undefined: no browser to print with, so the PDF of the same page is
 * reused whichever browser printed it.
 */
export function reusePdf(reuse: PdfReuse | undefined, record: Record, name: string, key: string, printer: string | undefined, target: string): boolean {
  const entry = record[name];
  if (!reuse || entry?.from !== key || (printer !== undefined && entry.printer !== printer)) return false;
  const previous = join(reuse.pdfDir, ...name.split('/'));
  if (!hasDigest(previous, entry.sha256)) return false;
  linkOrCopy(previous, target);
  return true;
}
