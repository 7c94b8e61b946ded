/**
 * Deterministic xlsx bytes for the sample generator. Small workbooks are built in memory
 * (`newWorkbook()`), large ones (`--scale`) with exceljs's streaming writer; either way
 * the zip is unpacked and packed again with fixed dates and entry order, as
 * `workbookBytes()` of xlsx-write.ts does.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { FIXED_DATE, newWorkbook, repackXlsx, workbookBytes } from '../basics/xlsx-write.ts';

export interface SampleWorkbook {
  wb: ExcelJS.Workbook;
  /** Finish the workbook and return its deterministic bytes. */
  bytes(): Promise<Uint8Array>;
}

/** An in-memory workbook, or a streaming one for large files (rows flushed as committed). */
export function sampleWorkbook(streaming: boolean): SampleWorkbook {
  if (!streaming) {
    const wb = newWorkbook();
    return { wb, bytes: () => workbookBytes(wb) };
  }
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true, useStyles: true, zip: { store: true } });
  const template = newWorkbook();
  writer.creator = template.creator;
  writer.lastModifiedBy = template.lastModifiedBy;
  writer.created = FIXED_DATE;
  writer.modified = FIXED_DATE;
  return {
    wb: writer,
    async bytes() {
      await writer.commit();
      await done;
      return repackXlsx(new Uint8Array(Buffer.concat(chunks)));
    },
  };
}
