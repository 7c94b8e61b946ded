/**
 * Hand-crafted xlsx packages for hostile-input tests: worksheet XML given as a stream of
 * text pieces (so a sheet of millions of cells is never one string), compressed as it is
 * produced, shared strings and merges as given.
 */
import { writeFileSync } from 'node:fs';
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface CraftedSheet {
  name: string;
  /** The content of <sheetData>, as pieces of text. */
  data: Iterable<string>;
  /** Merged ranges, e.g. `A4:XFD1048576`. */
  merges?: string[];
}

/** XML-escaped text. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A row of inline-string and number cells from column A: `row(3, ['设施名称', 12])`. */
export function row(r: number, cells: (string | number | null)[]): string {
  let out = `<row r="${r}">`;
  cells.forEach((v, i) => {
    if (v === null) return;
    const ref = `${columnName(i)}${r}`;
    out += typeof v === 'number' ? `<c r="${ref}"><v>${v}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
  });
  return out + '</row>';
}

export function columnName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Writes an xlsx with these sheets (and shared strings, given as raw `<si>` contents) to `file`. */
export function writeCraftedXlsx(file: string, sheets: CraftedSheet[], sharedStrings?: Iterable<string>): number {
  const out: Uint8Array[] = [];
  let size = 0;
  let error: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) error = err;
    else {
      out.push(chunk);
      size += chunk.length;
    }
  });
  const small = (name: string, text: string) => {
    const f = new ZipPassThrough(name);
    zip.add(f);
    f.push(strToU8(text), true);
  };
  const rels = sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  if (sharedStrings) rels.push(`<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  small('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>');
  small('_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
  small('xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?>\n<workbook ${NS}><sheets>${sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`);
  small('xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`);
  const streamed = (name: string, pieces: Iterable<string>) => {
    const f = new ZipDeflate(name, { level: 6 });
    zip.add(f);
    let buffer = '';
    for (const p of pieces) {
      buffer += p;
      if (buffer.length > 1 << 20) {
        f.push(strToU8(buffer));
        buffer = '';
      }
    }
    f.push(strToU8(buffer), true);
  };
  sheets.forEach((s, i) => {
    streamed(`xl/worksheets/sheet${i + 1}.xml`, (function* () {
      yield `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetData>`;
      yield* s.data;
      yield '</sheetData>';
      if (s.merges?.length) yield `<mergeCells count="${s.merges.length}">${s.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`;
      yield '</worksheet>';
    })());
  });
  if (sharedStrings) {
    const strings = sharedStrings;
    streamed('xl/sharedStrings.xml', (function* () {
      yield '<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
      for (const s of strings) yield `<si><t>${s}</t></si>`;
      yield '</sst>';
    })());
  }
  zip.end();
  if (error) throw error;
  writeFileSync(file, Buffer.concat(out));
  return size;
}
