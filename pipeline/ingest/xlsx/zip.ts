/**
 * A guarded zip reader for xlsx files: reads the central directory itself, rejects a file
 * whose declared sizes are too large before inflating anything, and inflates only the
 * entries asked for, as a stream of chunks that stops as soon as the bytes produced exceed
 * what the entry declared (declared sizes can lie) or what the limits allow. Nothing here
 * knows xlsx; `workbook.ts` turns a `ZipError` into a `WorkbookError` naming the file.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import zlib from 'node:zlib';
import { formatFileSize } from '../../basics/format.ts';

export type ZipErrorReason = 'not_xlsx' | 'encrypted' | 'corrupt' | 'zip_bomb';

/** What went wrong, as the Chinese phrase that follows the file name (`文件“x”${message}`). */
export class ZipError extends Error {
  readonly reason: ZipErrorReason;
  constructor(reason: ZipErrorReason, message: string) {
    super(message);
    this.name = 'ZipError';
    this.reason = reason;
  }
}

export interface ZipLimits {
  /** Sum of the declared uncompressed sizes of all entries, and of the bytes actually inflated. */
  maxTotalUncompressed: number;
  /** Declared (and actual) uncompressed size of any one entry. */
  maxEntryUncompressed: number;
  /** Largest uncompressed : compressed ratio allowed for an entry bigger than `ratioMinSize`. */
  maxCompressionRatio: number;
  /** Entries up to this uncompressed size are exempt from the ratio check. */
  ratioMinSize: number;
  /** Most entries a zip may hold. */
  maxEntries: number;
}

export interface ZipEntry {
  /** Name as stored, `\` turned into `/`, no leading `/`. */
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

const MiB = 1024 * 1024;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Output chunk of the inflater, which is also the most one step of a bomb can produce before
 * we look. Kept below 128 KiB on purpose: larger buffers and the strings decoded from them
 * are allocated outside the young generation (mmap'd), which made decoding ~30× slower here.
 */
const CHUNK = 64 * 1024;

const utf8 = new TextDecoder('utf-8');
const crc32: ((data: Uint8Array, value?: number) => number) | undefined =
  typeof zlib.crc32 === 'function' ? zlib.crc32 : undefined;

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buf : buf.subarray(0, done);
}

/** An open zip file. Call `close()` when done. */
export class ZipFile {
  readonly entries: ZipEntry[];
  private readonly fh: FileHandle;
  private readonly byName = new Map<string, ZipEntry>();
  private readonly byLowerName = new Map<string, ZipEntry>();
  private readonly limits: ZipLimits;
  /** Bytes still allowed to be inflated, over all entries read. */
  private budget: number;
  private readonly dataEnd: number;

  private constructor(fh: FileHandle, entries: ZipEntry[], limits: ZipLimits, dataEnd: number) {
    this.fh = fh;
    this.entries = entries;
    this.limits = limits;
    this.budget = limits.maxTotalUncompressed;
    this.dataEnd = dataEnd;
    for (const e of entries) {
      if (!this.byName.has(e.name)) this.byName.set(e.name, e);
      const lower = e.name.toLowerCase();
      if (!this.byLowerName.has(lower)) this.byLowerName.set(lower, e);
    }
  }

  /**
   * Opens `file` and reads its central directory. Throws `ZipError` when the file is not a
   * zip (an OLE compound file is reported as encrypted or old .xls), is truncated or
   * damaged, or declares more than the limits allow.
   */
  static async open(file: string, limits: ZipLimits): Promise<ZipFile> {
    const fh = await open(file, 'r');
    try {
      const size = (await fh.stat()).size;
      const head = await readAt(fh, 0, Math.min(size, 8));
      if (head.length === 0) throw new ZipError('not_xlsx', '是空文件（0 字节），不是有效的 xlsx 工作簿');
      if (CFB_SIGNATURE.every((b, i) => head[i] === b)) throw await compoundFileError(fh, size);
      if (!(head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5 || head[2] === 7))) {
        throw new ZipError('not_xlsx', `不是有效的 xlsx 工作簿（不是 zip 压缩包${await notZipHint(fh, size)}）`);
      }
      const { entries, dataEnd } = await readCentralDirectory(fh, size, limits);
      return new ZipFile(fh, entries, limits, dataEnd);
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  /** The entry named `name` (exact, then case-insensitive, as OPC part names are). */
  get(name: string): ZipEntry | undefined {
    return this.byName.get(name) ?? this.byLowerName.get(name.toLowerCase());
  }

  /** Checks done before reading an entry's data; where the data starts; how much it may inflate to. */
  private async prepare(entry: ZipEntry): Promise<{ start: number; cap: number; overflow: (produced: number) => ZipError }> {
    if (entry.flags & 1) {
      throw new ZipError('encrypted', `已加密（zip 条目“${entry.name}”受密码保护），请取消密码后重新提交`);
    }
    if (entry.method !== 0 && entry.method !== 8) {
      throw new ZipError('corrupt', `已损坏：条目“${entry.name}”使用了不支持的压缩方式（${entry.method}）`);
    }
    const header = await readAt(this.fh, entry.localOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== SIG_LOCAL) {
      throw new ZipError('corrupt', `已损坏：条目“${entry.name}”的本地文件头缺失或无效`);
    }
    const start = entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (start + entry.compressedSize > this.dataEnd) {
      throw new ZipError('corrupt', `已损坏：条目“${entry.name}”的数据不完整（文件可能被截断）`);
    }
    if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) {
      throw new ZipError('corrupt', `已损坏：未压缩条目“${entry.name}”的大小记录不一致`);
    }
    const declared = entry.uncompressedSize;
    const cap = Math.min(declared, this.limits.maxEntryUncompressed, this.budget);
    const overflow = (produced: number): ZipError => {
      if (produced > declared) {
        return new ZipError(
          'zip_bomb',
          `中的“${entry.name}”解压后的实际大小超过其声明的 ${formatFileSize(declared)}（正常保存的工作簿不会这样），已拒绝`,
        );
      }
      if (produced > this.limits.maxEntryUncompressed) {
        return new ZipError(
          'zip_bomb',
          `中的“${entry.name}”解压后超过 ${formatFileSize(this.limits.maxEntryUncompressed)} 上限（正常保存的工作簿不会这样），已拒绝`,
        );
      }
      return new ZipError('zip_bomb', `解压后超过 ${formatFileSize(this.limits.maxTotalUncompressed)} 上限（正常保存的工作簿不会这样），已拒绝`);
    };
    return { start, cap, overflow };
  }

  /** Checks done after inflating an entry: its full size and its CRC. */
  private check(entry: ZipEntry, produced: number, crc: number): void {
    if (produced !== entry.uncompressedSize) {
      throw new ZipError(
        'corrupt',
        `已损坏：条目“${entry.name}”解压后为 ${produced} 字节，与记录的 ${entry.uncompressedSize} 字节不符`,
      );
    }
    if (crc32 && (crc >>> 0) !== entry.crc) {
      throw new ZipError('corrupt', `已损坏：条目“${entry.name}”的校验和（CRC）不符`);
    }
  }

  /**
   * The entry's uncompressed bytes, as chunks of at most 64 KiB. Stops with `zip_bomb` as
   * soon as the bytes produced exceed the entry's declared size, the per-entry limit or
   * what is left of the total budget; checks the CRC and the final size (`corrupt`).
   * Leaving the loop early releases the inflater.
   */
  async *chunks(entry: ZipEntry): AsyncGenerator<Buffer, void, undefined> {
    const { start, cap, overflow } = await this.prepare(entry);
    let produced = 0;
    let crc = 0;
    if (entry.method === 0) {
      for (let p = 0; p < entry.compressedSize; p += CHUNK) {
        const out = await readAt(this.fh, start + p, Math.min(CHUNK, entry.compressedSize - p));
        if (out.length === 0) break;
        produced += out.length;
        if (produced > cap) throw overflow(produced);
        if (crc32) crc = crc32(out, crc);
        this.budget -= out.length;
        yield out;
      }
    } else {
      if (entry.compressedSize === 0) throw new ZipError('corrupt', `已损坏：条目“${entry.name}”没有数据`);
      // The compressed data is streamed from the file too: its size is bounded only by the file's.
      const fh = this.fh;
      const size = entry.compressedSize;
      const source = Readable.from(
        (async function* () {
          for (let p = 0; p < size; p += MiB) {
            const piece = await readAt(fh, start + p, Math.min(MiB, size - p));
            if (piece.length === 0) break; // truncated: the inflater reports the unexpected end
            yield piece;
          }
        })(),
        { objectMode: false },
      );
      // Let the inflater (in the thread pool) run up to 1 MiB ahead of the consumer.
      const options: zlib.ZlibOptions & { readableHighWaterMark: number } = { chunkSize: CHUNK, readableHighWaterMark: 16 * CHUNK };
      const inflater = zlib.createInflateRaw(options);
      pipeline(source, inflater, () => {
        // errors reach the consumer through the inflater
      });
      try {
        for await (const out of inflater as AsyncIterable<Buffer>) {
          produced += out.length;
          if (produced > cap) throw overflow(produced);
          if (crc32) crc = crc32(out, crc);
          this.budget -= out.length;
          yield out;
        }
      } catch (err) {
        if (err instanceof ZipError) throw err;
        const detail = err instanceof Error ? err.message : String(err);
        throw new ZipError('corrupt', `已损坏：条目“${entry.name}”解压失败（${detail}）`);
      } finally {
        inflater.destroy();
        source.destroy();
      }
    }
    this.check(entry, produced, crc);
  }

  /** The whole entry decoded as UTF-8 (for the small parts: workbook, rels, styles). */
  async text(entry: ZipEntry): Promise<string> {
    const decoder = new TextDecoder('utf-8');
    let s = '';
    for await (const chunk of this.chunks(entry)) s += decoder.decode(chunk, { stream: true });
    return s + decoder.decode();
  }
}

/** Bytes of the zip directory read at most: 64 MiB, some thousand times an xlsx's. */
const MAX_CENTRAL_DIRECTORY = 64 * 1024 * 1024;
/** Bytes of one directory record at most: its fixed part and a name, an extra field and a comment of 65,535 bytes each. */
const MAX_CENTRAL_RECORD = 46 + 3 * 0xffff;

async function readCentralDirectory(
  fh: FileHandle,
  size: number,
  limits: ZipLimits,
): Promise<{ entries: ZipEntry[]; dataEnd: number }> {
  const truncated = () => new ZipError('corrupt', '已损坏：文件结构不完整（可能被截断或未完整上传）');
  const tailLength = Math.min(size, 22 + 0xffff + 20);
  const tailStart = size - tailLength;
  const tail = await readAt(fh, tailStart, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw truncated();
  let diskNo = tail.readUInt16LE(eocd + 4);
  let cdDisk = tail.readUInt16LE(eocd + 6);
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  const eocdPos = tailStart + eocd;
  let cdEnd = eocdPos;
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc >= 0 && tail.readUInt32LE(loc) === SIG_ZIP64_LOCATOR) {
      const z64Pos = Number(tail.readBigUInt64LE(loc + 8));
      const z64 = await readAt(fh, z64Pos, 56);
      if (z64.length < 56 || z64.readUInt32LE(0) !== SIG_ZIP64_EOCD) {
        throw new ZipError('corrupt', '已损坏：ZIP64 目录记录无效');
      }
      diskNo = z64.readUInt32LE(16);
      cdDisk = z64.readUInt32LE(20);
      count = Number(z64.readBigUInt64LE(32));
      cdSize = Number(z64.readBigUInt64LE(40));
      cdOffset = Number(z64.readBigUInt64LE(48));
      cdEnd = z64Pos;
    }
  }
  if (diskNo !== 0 || cdDisk !== 0) throw new ZipError('corrupt', '已损坏：是分卷 zip 压缩包，无法读取');
  if (count > limits.maxEntries) {
    throw new ZipError('zip_bomb', `包含 ${count} 个压缩条目，超过 ${limits.maxEntries} 个的上限（正常保存的工作簿不会这样），已拒绝`);
  }
  // Data prepended to the zip (self-extracting stubs) shifts every offset by the same amount.
  const shift = cdEnd - (cdOffset + cdSize);
  if (shift < 0 || cdSize > size) throw truncated();
  // Read whole, the directory is bounded first: its size is what the end record declares (3 GB
  // in a sparse file of a few KB had stopped Node itself, 2 GB had taken 2.2 GB of memory: the
  // seventh workbook attack); an xlsx's directory is some KB
  if (cdSize > MAX_CENTRAL_DIRECTORY || cdSize > count * MAX_CENTRAL_RECORD) {
    throw new ZipError('corrupt', `已损坏：文件内部目录记录的大小（${cdSize} 字节）与其中的 ${count} 个条目不符`);
  }
  const cd = await readAt(fh, cdOffset + shift, cdSize);
  if (cd.length < cdSize) throw truncated();

  const entries: ZipEntry[] = [];
  /** Part names are compared case-insensitively, as a package's are. */
  const seen = new Set<string>();
  let declaredTotal = 0;
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) {
      throw new ZipError('corrupt', '已损坏：文件内部目录中的条目记录无效');
    }
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localOffset = cd.readUInt32LE(p + 42);
    const nameStart = p + 46;
    const extraStart = nameStart + nameLen;
    const next = extraStart + extraLen + commentLen;
    if (next > cd.length) throw new ZipError('corrupt', '已损坏：文件内部目录中的条目记录无效');
    const name = utf8.decode(cd.subarray(nameStart, extraStart)).replace(/\\/g, '/').replace(/^\/+/, '');
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      // ZIP64 extended information: present fields in this order, only those that overflowed.
      let q = extraStart;
      const extraEnd = extraStart + extraLen;
      while (q + 4 <= extraEnd) {
        const id = cd.readUInt16LE(q);
        const len = cd.readUInt16LE(q + 2);
        if (id === 0x0001) {
          let f = q + 4;
          const fEnd = Math.min(f + len, extraEnd);
          if (uncompressedSize === 0xffffffff && f + 8 <= fEnd) (uncompressedSize = Number(cd.readBigUInt64LE(f))), (f += 8);
          if (compressedSize === 0xffffffff && f + 8 <= fEnd) (compressedSize = Number(cd.readBigUInt64LE(f))), (f += 8);
          if (localOffset === 0xffffffff && f + 8 <= fEnd) localOffset = Number(cd.readBigUInt64LE(f));
          break;
        }
        q += 4 + len;
      }
    }
    p = next;
    localOffset += shift;
    if (localOffset + 30 > size) throw new ZipError('corrupt', `已损坏：条目“${name}”的位置超出文件范围`);
    if (name.endsWith('/')) continue; // a directory
    if (seen.has(name.toLowerCase())) {
      // Excel takes the last of two same-named entries, other readers the first: what the
      // file "says" is undecidable, and no writer produces it by accident.
      throw new ZipError('corrupt', `已损坏：压缩包中有两个同名条目“${name}”，无法确定以哪一个为准；请在 Excel/WPS 中打开并另存后重新提交`);
    }
    seen.add(name.toLowerCase());
    if (uncompressedSize > limits.maxEntryUncompressed) {
      throw new ZipError(
        'zip_bomb',
        `中的“${name}”解压后为 ${formatFileSize(uncompressedSize)}，超过 ${formatFileSize(limits.maxEntryUncompressed)} 上限（正常保存的工作簿不会这样），已拒绝`,
      );
    }
    if (uncompressedSize > limits.ratioMinSize && uncompressedSize > limits.maxCompressionRatio * Math.max(compressedSize, 1)) {
      const ratio = Math.round(uncompressedSize / Math.max(compressedSize, 1));
      throw new ZipError(
        'zip_bomb',
        `中的“${name}”压缩比为 ${ratio}:1，超过 ${limits.maxCompressionRatio}:1 上限（正常保存的工作簿不会这样），已拒绝`,
      );
    }
    declaredTotal += uncompressedSize;
    if (declaredTotal > limits.maxTotalUncompressed) {
      throw new ZipError('zip_bomb', `解压后超过 ${formatFileSize(limits.maxTotalUncompressed)} 上限（正常保存的工作簿不会这样），已拒绝`);
    }
    entries.push({ name, flags, method, crc, compressedSize, uncompressedSize, localOffset });
  }
  return { entries, dataEnd: cdOffset + shift };
}

/**
 * An OLE compound file (D0 CF 11 E0 …): a password-protected xlsx is stored in one (streams
 * `EncryptionInfo` + `EncryptedPackage`), and so is an old Excel 97–2003 .xls (stream
 * `Workbook` or `Book`). Look at the first directory sectors to tell them apart.
 */
async function compoundFileError(fh: FileHandle, size: number): Promise<ZipError> {
  const names = new Set<string>();
  try {
    const header = await readAt(fh, 0, 512);
    const shift = header.readUInt16LE(0x1e);
    const sector = shift === 9 || shift === 12 ? 1 << shift : 512;
    const firstDir = header.readInt32LE(0x30);
    if (firstDir >= 0) {
      const dir = await readAt(fh, (firstDir + 1) * sector, Math.min(4 * sector, Math.max(0, size - (firstDir + 1) * sector)));
      for (let p = 0; p + 128 <= dir.length; p += 128) {
        const len = dir.readUInt16LE(p + 0x40);
        if (len >= 2 && len <= 64) names.add(dir.toString('utf16le', p, p + len - 2));
      }
    }
  } catch {
    // unreadable directory: fall through to the undecided message
  }
  if (names.has('EncryptedPackage') || names.has('EncryptionInfo')) {
    return new ZipError('encrypted', '已加密（受密码保护），请取消密码后重新提交');
  }
  if (names.has('Workbook') || names.has('Book')) {
    return new ZipError(
      'not_xlsx',
      '是旧版 Excel 97-2003 工作簿（.xls），不是 xlsx，请在 Excel/WPS 中另存为 .xlsx 后重新提交（若设有密码，请一并取消）',
    );
  }
  return new ZipError(
    'encrypted',
    '不是 zip 压缩包，而是 OLE 复合文档：可能已加密（受密码保护，请取消密码后重新提交），也可能是旧版 .xls 格式（请另存为 .xlsx）',
  );
}

/** A hint for a file that is not a zip: what it looks like instead. */
async function notZipHint(fh: FileHandle, size: number): Promise<string> {
  const head = (await readAt(fh, 0, Math.min(size, 512))).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (head.startsWith('<')) return '；内容是 HTML/XML 文本，可能是系统导出的网页格式表格，请在 Excel/WPS 中另存为 .xlsx';
  if (head.startsWith('%PDF')) return '；是 PDF 文件';
  return '';
}

/** A part of the package that is not what it must be. */
export const corrupt = (detail: string) => new ZipError('corrupt', `已损坏：${detail}`);
