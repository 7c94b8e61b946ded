/**
 * Unreadable "xlsx" files for `--with-errors`: a CSV saved under an .xlsx name, a
 * password-protected workbook (OLE compound file), an upload cut short, and a zip bomb
 * (its DEFLATE stream written by hand). All are built in memory, deterministically.
 */
import { strToU8 } from 'fflate';
import { SHEET_BY_NAME } from '../plan/contract.ts';
import { FIXED_DATE, newWorkbook, workbookBytes } from '../basics/xlsx-write.ts';
import { createRng } from './rng.ts';
import { chooseQuirks, renderSheet } from './render.ts';

/** A CSV export that someone renamed to .xlsx. */
export function notAZip(year: number): Uint8Array {
  const text = `\uFEFF镇街,实名注册志愿者人数\r\n兴丰街道,21034\r\n林校路街道,13520\r\n注：${year}年度志愿服务数据（由CSV另存）\r\n`;
  return strToU8(text);
}

/**
 * What Excel writes for a workbook with an open password: an OLE compound file (CFB) with
 * EncryptionInfo and EncryptedPackage streams. Header and directory are laid out as in
 * the real format; the encrypted payload is pseudo-random bytes.
 */
export function encryptedLookalike(): Uint8Array {
  const sector = 512;
  const out = new Uint8Array(sector * 16);
  const view = new DataView(out.buffer);
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  view.setUint16(0x18, 0x003e, true); // minor version
  view.setUint16(0x1a, 0x0003, true); // major version 3
  view.setUint16(0x1c, 0xfffe, true); // byte order
  view.setUint16(0x1e, 0x0009, true); // sector size 512
  view.setUint16(0x20, 0x0006, true); // mini sector size 64
  view.setUint32(0x2c, 1, true); // FAT sectors
  view.setUint32(0x30, 1, true); // first directory sector
  view.setUint32(0x38, 0x1000, true); // mini stream cutoff
  view.setUint32(0x3c, 0xfffffffe, true); // no mini FAT
  view.setUint32(0x44, 0xfffffffe, true); // no DIFAT
  view.setUint32(0x4c, 0, true); // FAT in sector 0
  for (let i = 0x50; i < sector; i += 4) view.setUint32(i, 0xffffffff, true);
  // FAT (sector 0 → file offset 512): sector 0 FAT, 1 directory end, 2.. payload chain.
  const fat = sector;
  view.setUint32(fat, 0xfffffffd, true);
  view.setUint32(fat + 4, 0xfffffffe, true);
  for (let s = 2; s < 14; s++) view.setUint32(fat + s * 4, s + 1 < 14 ? s + 1 : 0xfffffffe, true);
  for (let s = 14; s < 128; s++) view.setUint32(fat + s * 4, 0xffffffff, true);
  // Directory (sector 1): Root Entry, EncryptionInfo, EncryptedPackage.
  const dir = sector * 2;
  const entry = (i: number, name: string, type: number, start: number, size: number, child = 0xffffffff, right = 0xffffffff) => {
    const o = dir + i * 128;
    for (let k = 0; k < name.length; k++) view.setUint16(o + k * 2, name.charCodeAt(k), true);
    view.setUint16(o + 64, (name.length + 1) * 2, true);
    out[o + 66] = type;
    out[o + 67] = 1;
    view.setUint32(o + 68, 0xffffffff, true);
    view.setUint32(o + 72, right, true);
    view.setUint32(o + 76, child, true);
    view.setUint32(o + 116, start, true);
    view.setUint32(o + 120, size, true);
  };
  entry(0, 'Root Entry', 5, 0xfffffffe, 0, 1);
  entry(1, 'EncryptionInfo', 2, 2, 224, 0xffffffff, 2);
  entry(2, 'EncryptedPackage', 2, 3, sector * 11);
  const info = sector * 3;
  view.setUint16(info, 4, true); // agile encryption 4.4
  view.setUint16(info + 2, 4, true);
  out.set(strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'.slice(0, 200)), info + 8);
  const rng = createRng(0xcf11e0);
  for (let i = sector * 4; i < out.length; i++) out[i] = Math.floor(rng.next() * 256);
  return out;
}

/** A real workbook of which only the first 60 % arrived. */
export async function truncated(year: number, region: string): Promise<Uint8Array> {
  const wb = newWorkbook();
  const spec = SHEET_BY_NAME.get('婚姻登记机关')!;
  const rng = createRng(year).fork('truncated');
  const rows = [{ v: { 机关名称: '大兴区婚姻登记处庞各庄服务点', 等级: '未评级' } }];
  renderSheet(wb, { sheet: spec, part: '', rows }, { year, department: '社会事务科', region, quirks: chooseQuirks(rng, spec, 1), rng, aliases: new Map() });
  const bytes = await workbookBytes(wb);
  return bytes.slice(0, Math.floor(bytes.length * 0.6));
}

/** Spaces in the bomb's worksheet entry (it inflates to a little more: XML around them). */
export const BOMB_SPACES = 320 * 1024 * 1024;

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(data: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC of A‖B from crc(A), crc(B) and |B| (zlib's crc32_combine, GF(2) matrices). */
function crc32Combine(crc1: number, crc2: number, len2: number): number {
  const times = (mat: Uint32Array, vec: number) => {
    let sum = 0;
    for (let i = 0; vec; i++, vec >>>= 1) if (vec & 1) sum ^= mat[i]!;
    return sum >>> 0;
  };
  const square = (out: Uint32Array, mat: Uint32Array) => {
    for (let n = 0; n < 32; n++) out[n] = times(mat, mat[n]!);
  };
  const odd = new Uint32Array(32);
  const even = new Uint32Array(32);
  odd[0] = 0xedb88320;
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row;
  square(even, odd);
  square(odd, even);
  let c = crc1 >>> 0;
  for (let len = len2; len > 0; ) {
    square(even, odd);
    if (len % 2) c = times(even, c);
    len = Math.floor(len / 2);
    if (len === 0) break;
    square(odd, even);
    if (len % 2) c = times(odd, c);
    len = Math.floor(len / 2);
  }
  return (c ^ crc2) >>> 0;
}

/**
 * One fixed-Huffman DEFLATE block: `head`, `spaces` spaces (one literal, then back
 * references of length 258 at distance 1: 13 bits per 258 bytes), `tail`.
 */
function deflateSpaces(head: Uint8Array, spaces: number, tail: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(((spaces / 258) * 13 + (head.length + tail.length + 260) * 9) / 8) + 16);
  let pos = 0;
  let acc = 0;
  let bits = 0;
  const put = (value: number, n: number) => {
    acc |= value << bits;
    bits += n;
    while (bits >= 8) {
      out[pos++] = acc & 0xff;
      acc >>>= 8;
      bits -= 8;
    }
  };
  /** Huffman codes go most significant bit first. */
  const code = (value: number, n: number) => {
    let r = 0;
    for (let i = 0; i < n; i++) r |= ((value >>> i) & 1) << (n - 1 - i);
    put(r, n);
  };
  const literal = (b: number) => (b < 144 ? code(0x30 + b, 8) : code(0x190 + b - 144, 9));
  put(1, 1); // BFINAL
  put(1, 2); // BTYPE = 01, fixed Huffman
  head.forEach(literal);
  literal(0x20);
  const matches = Math.floor((spaces - 1) / 258);
  for (let i = 0; i < matches; i++) {
    code(0xc5, 8); // length 258 (symbol 285)
    code(0, 5); // distance 1
  }
  for (let i = 1 + matches * 258; i < spaces; i++) literal(0x20);
  tail.forEach(literal);
  code(0, 7); // end of block
  if (bits > 0) put(0, 8 - bits);
  return out.slice(0, pos);
}

/** A zip file with fixed dates; entries are [name, stored bytes, or deflated data with its crc/size]. */
function zipFile(entries: { name: string; data: Uint8Array; method: 0 | 8; crc: number; size: number }[]): Uint8Array {
  const d = FIXED_DATE;
  const dosTime = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
  const dosDate = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = strToU8(e.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, e.method, true);
    lv.setUint16(10, dosTime, true);
    lv.setUint16(12, dosDate, true);
    lv.setUint32(14, e.crc, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, e.method, true);
    cv.setUint16(12, dosTime, true);
    cv.setUint16(14, dosDate, true);
    cv.setUint32(16, e.crc, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, e.size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    chunks.push(local, e.data);
    central.push(cd);
    offset += local.length + e.data.length;
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const all = [...chunks, ...central, end];
  const out = new Uint8Array(all.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of all) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * A zip laid out like an xlsx whose worksheet XML inflates to 320 MiB of spaces (from
 * about 2 MB). The DEFLATE stream and the CRC are computed directly, so building it takes
 * milliseconds and no 320 MiB buffer.
 */
export function zipBomb(): Uint8Array {
  const stored = (name: string, text: string) => {
    const data = strToU8(text);
    return { name, data, method: 0 as const, crc: crc32(data), size: data.length };
  };
  const head = strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
  const tail = strToU8('</sheetData></worksheet>');
  const chunk = new Uint8Array(1 << 20).fill(0x20);
  const chunkCrc = crc32(chunk);
  let crc = crc32(head);
  for (let done = 0; done < BOMB_SPACES; done += chunk.length) crc = crc32Combine(crc, chunkCrc, chunk.length);
  crc = crc32Combine(crc, crc32(tail), tail.length);
  return zipFile([
    stored('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    stored('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    stored('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="志愿服务" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    stored('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    { name: 'xl/worksheets/sheet1.xml', data: deflateSpaces(head, BOMB_SPACES, tail), method: 8, crc, size: head.length + BOMB_SPACES + tail.length },
  ]);
}
