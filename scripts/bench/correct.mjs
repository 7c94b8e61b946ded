// A department's correction, as `npm run bench` makes it: one number in one town's row of one
// sheet of one workbook, written back the way tests/incremental.test.ts does it (unzip with
// fflate, replace the one <v> in the sheet's XML, zip again).
import { readFileSync, writeFileSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';

const text = (bytes) => new TextDecoder().decode(bytes);
const unescapeXml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The worksheet XML entry of the sheet called `name`. */
function sheetEntry(entries, name) {
  const workbook = text(entries['xl/workbook.xml']);
  const sheet = [...workbook.matchAll(/<sheet\b[^>]*>/g)].map((m) => m[0]).find((tag) => tag.includes(`name="${name}"`));
  if (!sheet) throw new Error(`no sheet “${name}”`);
  const rid = /r:id="([^"]+)"/.exec(sheet)[1];
  const rels = text(entries['xl/_rels/workbook.xml.rels']);
  const rel = [...rels.matchAll(/<Relationship\b[^>]*>/g)].map((m) => m[0]).find((tag) => tag.includes(`Id="${rid}"`));
  const target = /Target="([^"]+)"/.exec(rel)[1].replace(/^\/?(xl\/)?/, '');
  return `xl/${target}`;
}

/**
 * Adds `delta` to the first numeric cell after column B in the first data row of `sheetName`
 * (the first row whose column A is a number, the 序号 of a town's row). Returns what it did.
 */
export function correctOneNumber(file, sheetName, delta = 40) {
  const entries = unzipSync(new Uint8Array(readFileSync(file)));
  const entry = sheetEntry(entries, sheetName);
  const xml = text(entries[entry]);
  const row = [...xml.matchAll(/<row\b[^>]*>(.*?)<\/row>/gs)].map((m) => m[1]).find((r) => /<c r="A\d+"(?: s="\d+")?><v>\d+<\/v><\/c>/.test(r));
  if (!row) throw new Error(`${file} ${sheetName}: no data row`);
  const cell = /<c r="([C-Z]\d+)"(?: s="\d+")?><v>(\d+)<\/v><\/c>/.exec(row);
  if (!cell) throw new Error(`${file} ${sheetName}: no numeric cell in the first data row`);
  const [whole, ref, value] = cell;
  const to = Number(value) + delta;
  entries[entry] = new TextEncoder().encode(xml.replace(whole, whole.replace(`<v>${value}</v>`, `<v>${to}</v>`)));
  writeFileSync(file, zipSync(entries));

  // The town the row is about (column B, a shared string), to say what was corrected.
  let town = '';
  const b = /<c r="B\d+"(?: s="\d+")? t="s"><v>(\d+)<\/v><\/c>/.exec(row);
  if (b && entries['xl/sharedStrings.xml']) {
    const strings = [...text(entries['xl/sharedStrings.xml']).matchAll(/<si>(.*?)<\/si>/gs)].map((m) => unescapeXml(m[1].replace(/<[^>]+>/g, '')));
    town = strings[Number(b[1])] ?? '';
  }
  return { sheet: sheetName, cell: ref, town, from: Number(value), to };
}
