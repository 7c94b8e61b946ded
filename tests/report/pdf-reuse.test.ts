/** Reusing the last build's PDF: only one printed from the same page by the same browser, with the bytes it was printed with. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bytesDigest } from '../../pipeline/basics/sealed.ts';
import { readPdfRecord, reusePdf, writePdfRecord } from '../../pipeline/report/pdf-reuse.ts';
import { tempDir } from '../support/helpers.ts';

const NAME = '2024/towns/daxing-2024-110115001.pdf';
const PRINTER = 'chromium-headless-shell HeadlessChrome/156.0.8078.114';

function lastBuild() {
  const out = tempDir('pdf-reuse');
  const pdfDir = join(out, 'pdf');
  const bytes = Buffer.from('%PDF-1.4\n% 瀛海镇 2024 年度评估报告\n%%EOF\n', 'utf8');
  mkdirSync(join(pdfDir, '2024', 'towns'), { recursive: true });
  writeFileSync(join(pdfDir, ...NAME.split('/')), bytes);
  const recordFile = join(out, 'pdf.json');
  writePdfRecord(recordFile, { [NAME]: { from: 'page-key', printer: PRINTER, sha256: bytesDigest(bytes) } });
  return { reuse: { pdfDir, recordFile }, bytes, target: join(out, 'staging', 'x.pdf') };
}

describe('reusePdf', () => {
  it('takes the PDF printed from the same page by the same browser', () => {
    const { reuse, bytes, target } = lastBuild();
    const record = readPdfRecord(reuse.recordFile);
    expect(reusePdf(reuse, record, NAME, 'page-key', PRINTER, target)).toBe(true);
    expect(readFileSync(target).equals(bytes)).toBe(true);
  });

  it('prints again for another page, another browser or version, a PDF changed since, or one that is gone', () => {
    const { reuse, bytes, target } = lastBuild();
    const record = readPdfRecord(reuse.recordFile);
    expect(reusePdf(reuse, record, NAME, 'other-page', PRINTER, target)).toBe(false);
    expect(reusePdf(reuse, record, NAME, 'page-key', 'chromium-headless-shell HeadlessChrome/157.0.1.1', target)).toBe(false);
    expect(reusePdf(reuse, record, NAME, 'page-key', 'chromium Chrome/156.0.8078.114', target)).toBe(false);
    expect(reusePdf(reuse, record, 'other.pdf', 'page-key', PRINTER, target)).toBe(false);
    expect(reusePdf(undefined, record, NAME, 'page-key', PRINTER, target)).toBe(false);
    const file = join(reuse.pdfDir, ...NAME.split('/'));
    writeFileSync(file, Buffer.concat([bytes, Buffer.from(' ')]));
    expect(reusePdf(reuse, record, NAME, 'page-key', PRINTER, target)).toBe(false);
    writeFileSync(file, bytes.subarray(0, 12));
    expect(reusePdf(reuse, record, NAME, 'page-key', PRINTER, target)).toBe(false);
    expect(existsSync(target)).toBe(false);
  });

  it('takes the PDF of the same page whoever printed it when there is no browser to print with', () => {
    const { reuse, target } = lastBuild();
    expect(reusePdf(reuse, readPdfRecord(reuse.recordFile), NAME, 'page-key', undefined, target)).toBe(true);
  });

  it('reads a record of another form as empty (each entry printed again)', () => {
    const file = join(tempDir('pdf-reuse'), 'pdf.json');
    writeFileSync(file, JSON.stringify({ [NAME]: 'page-key', 'b.pdf': { from: 'k', sha256: 'x' } }));
    expect(readPdfRecord(file)).toEqual({});
    writeFileSync(file, '{ not json');
    expect(readPdfRecord(file)).toEqual({});
  });
});
