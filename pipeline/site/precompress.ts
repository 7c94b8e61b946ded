/**
 * Precompressed copies beside the site's files: `x.gz` (gzip) and `x.br` (brotli) for every
 * text file (pages, styles, scripts, data as CSV, JSON or Arrow) and the DuckDB-WASM module
 * from PRECOMPRESS_MIN_BYTES up, so a portal can serve them as they are (nginx
 * `gzip_static` / `brotli_static`, or an equivalent rule) instead of compressing on every
 * request or not at all. Files that are compressed already (fonts, PDF, xlsx, Parquet)
 * are left alone. Deterministic: zlib writes no time into the gzip header.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { linkOrCopy, pruneFolder, writeFileAtomically } from '../basics/files.ts';
import { bytesDigest, hasDigest } from '../basics/sealed.ts';

/** File types worth compressing (text, and WebAssembly). */
export const PRECOMPRESSED_TYPES = ['.html', '.css', '.js', '.mjs', '.json', '.svg', '.csv', '.txt', '.wasm', '.arrow'] as const;

/** Smaller files are sent as they are (compressing them saves less than a round trip costs). */
export const PRECOMPRESS_MIN_BYTES = 1024;

/** The compressors' versions, part of a cached copy's key. */
const COMPRESSORS = `\0zlib ${process.versions.zlib} brotli ${process.versions.brotli}`;

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export interface PrecompressResult {
  files: number;
  bytes: number;
  gzipBytes: number;
  brotliBytes: number;
}

function candidates(root: string, dir = root): { path: string; size: number }[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) return candidates(root, path);
    const wanted = PRECOMPRESSED_TYPES.some((ext) => name.endsWith(ext)) && st.size >= PRECOMPRESS_MIN_BYTES;
    return wanted ? [{ path, size: st.size }] : [];
  });
}

export interface PrecompressOptions {
  /** Files compressed at the same time (zlib works in its own threads; default 4). */
  concurrency?: number;
  /**
   * A folder keeping the copies of files that are the same in every build (the vendored
   * DuckDB-WASM files: 35 MB that would otherwise be compressed again by every build),
   * by content hash; none by default.
   */
  cacheDir?: string;
  /** Which files (site-relative path) go through the cache. */
  cacheable?: (rel: string) => boolean;
  /** Remove the cache's copies this run did not use (a cache of every file, kept per out folder). */
  prune?: boolean;
  /** Only these files (site-relative path); all by default. */
  only?: (rel: string) => boolean;
  /**
   * The cache keys used, shared by the calls of one build that each compress some of the files:
   * the one that prunes keeps what the others used.
   */
  used?: Set<string>;
  /**
   * A second cache, for files that are the same in every build of every out folder (the
   * vendored DuckDB-WASM files), never pruned; `shared` says which files go to it.
   */
  sharedCacheDir?: string;
  shared?: (rel: string) => boolean;
}

/** Whether the cache entry `key` (a path without extension) has both copies, with the digests kept beside them. */
function intact(key: string): boolean {
  let sums: string[];
  try {
    sums = readFileSync(`${key}.sha256`, 'utf8').trim().split(' ');
  } catch {
    return false;
  }
  return sums.length === 2 && hasDigest(`${key}.gz`, sums[0]) && hasDigest(`${key}.br`, sums[1]);
}

/**
 * Write `target.gz` and `target.br` for `data`: from the cache when it has them (hard links:
 * a rebuild writes no bytes for an unchanged file), else compressed and entered into the cache
 * (linked there atomically). `used` collects the keys. Returns the two sizes.
 */
async function writeCompressed(data: Buffer, target: string, cacheDir: string | undefined, used?: Set<string>): Promise<[number, number]> {
  // by the bytes and the compressors (a copy made by another zlib or brotli differs, in a shared cache too)
  const key = cacheDir ? join(cacheDir, createHash('sha256').update(data).update(COMPRESSORS).digest('hex')) : undefined;
  if (key) {
    used?.add(basename(key));
    // Only copies that still have the bytes they were kept with (a copy damaged or edited since,
    // here or through its link in an out folder, is made again).
    if (intact(key)) {
      try {
        linkOrCopy(`${key}.gz`, `${target}.gz`);
        linkOrCopy(`${key}.br`, `${target}.br`);
        return [statSync(`${target}.gz`).size, statSync(`${target}.br`).size];
      } catch {
        // An unreadable entry is made again below.
      }
    }
  }
  const [gz, br] = await Promise.all([
    gzipAsync(data, { level: 9 }),
    brotliAsync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 7, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
  ]);
  writeFileSync(`${target}.gz`, gz);
  writeFileSync(`${target}.br`, br);
  if (key && cacheDir) {
    try {
      mkdirSync(cacheDir, { recursive: true });
      const tmp = `${key}.${process.pid}.tmp`;
      linkOrCopy(`${target}.gz`, `${tmp}.gz`);
      linkOrCopy(`${target}.br`, `${tmp}.br`);
      renameSync(`${tmp}.gz`, `${key}.gz`);
      renameSync(`${tmp}.br`, `${key}.br`);
      writeFileAtomically(`${key}.sha256`, `${bytesDigest(gz)} ${bytesDigest(br)}\n`);
    } catch {
      // A cache that cannot be written only costs time.
    }
  }
  return [gz.length, br.length];
}

/**
 * Write `.gz` and `.br` beside every file of `siteDir` worth it. Brotli at quality 7 gives
 * within 2 % of its maximum in a small fraction of the time (the 33 MB WebAssembly
 * module: 6 MB).
 */
export async function precompress(siteDir: string, opts: PrecompressOptions = {}): Promise<PrecompressResult> {
  const rel = (path: string) => relative(siteDir, path).split('\\').join('/');
  const files = candidates(siteDir).filter((f) => !opts.only || opts.only(rel(f.path)));
  const result: PrecompressResult = { files: files.length, bytes: 0, gzipBytes: 0, brotliBytes: 0 };
  const used = opts.used ?? new Set<string>();
  let next = 0;
  const work = async () => {
    while (next < files.length) {
      const f = files[next++]!;
      const data = readFileSync(f.path);
      const path = rel(f.path);
      const [gz, br] = opts.sharedCacheDir && opts.shared?.(path)
        ? await writeCompressed(data, f.path, opts.sharedCacheDir)
        : await writeCompressed(data, f.path, opts.cacheDir && opts.cacheable?.(path) ? opts.cacheDir : undefined, used);
      result.bytes += data.length;
      result.gzipBytes += gz;
      result.brotliBytes += br;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, work));
  if (opts.prune && opts.cacheDir) pruneFolder(opts.cacheDir, (name) => used.has(name.replace(/\.(gz|br|sha256)$/, '')));
  return result;
}

/** Site files (relative paths) that have no precompressed copies but should (for tests and checks). */
export function missingCopies(siteDir: string): string[] {
  return candidates(siteDir)
    .filter((f) => !statSafe(`${f.path}.gz`) || !statSafe(`${f.path}.br`))
    .map((f) => relative(siteDir, f.path).split('\\').join('/'));
}

function statSafe(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
