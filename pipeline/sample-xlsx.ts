/**
 * Deterministic xlsx bytes for the sample generator. Small workbooks are built in memory
 * (`newWorkbook()`), large ones (`--scale`) with exceljs's streaming writer; either way
 * the zip is unpacked and packed again with fixed dates and entry order, as
 * `workbookBytes()` of xlsx-write.ts does. `fastWorkbookBytes` gives exactly the bytes of
 * `workbookBytes`, about twice as fast: exceljs stores its entries uncompressed, since they
 * are unpacked again anyway.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { unzipSync, zipSync, type Unzipped, type Zippable } from 'fflate';
import { FIXED_DATE, newWorkbook } from './xlsx-write.ts';

function repack(zip: Uint8Array): Uint8Array {
  const entries: Unzipped = unzipSync(zip);
  const out: Zippable = {};
  const names = Object.keys(entries).sort((a, b) =>
    a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  for (const name of names) out[name] = [entries[name]!, { mtime: FIXED_DATE, level: 6 }];
  return zipSync(out);
}

export async function fastWorkbookBytes(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  return repack(new Uint8Array(await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } })));
}

export interface SampleWorkbook {
  wb: ExcelJS.Workbook;
  /** Finish the workbook and return its deterministic bytes. */
  bytes(): Promise<Uint8Array>;
}

/** An in-memory workbook, or a streaming one for large files (rows flushed as committed). */
export function sampleWorkbook(streaming: boolean): SampleWorkbook {
  if (!streaming) {
    const wb = newWorkbook();
    return { wb, bytes: () => fastWorkbookBytes(wb) };
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
      return repack(new Uint8Array(Buffer.concat(chunks)));
    },
  };
}
