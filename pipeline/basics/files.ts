/** File helpers shared by the stages that place files into the site and the out folder. */
import { closeSync, copyFileSync, existsSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { EXIT, fileSystemReason, UserError } from './errors.ts';

/**
 * The folder `dir` made where it is missing, the folders above it first, each by itself.
 * Node 20's `mkdirSync(dir, { recursive: true })` never returns, at full CPU, where a folder
 * exists but says no child can be made in it (`/proc/x`): it steps back to the parent and
 * forward again for ever. Here each folder is tried once; the one that cannot be made throws.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let p = resolve(dir); !existsSync(p); p = dirname(p)) {
    missing.push(p);
    if (dirname(p) === p) break;
  }
  for (const p of missing.reverse()) {
    try {
      mkdirSync(p);
    } catch (e) {
      // made meanwhile by another process is as good
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(p, { throwIfNoEntry: false })?.isDirectory()) throw e;
    }
  }
}

/** An output folder the user named (`--out`), made where missing; one that cannot be made is said in Chinese (exit 64). */
export function makeOutFolder(dir: string): void {
  try {
    makeFolders(dir);
  } catch (e) {
    const at = (e as NodeJS.ErrnoException).path;
    const where = at && resolve(at) !== resolve(dir) ? `（在“${at}”处）` : '';
    throw new UserError(`无法创建输出目录“${dir}”：${fileSystemReason(e, '写入')}${where}。请检查路径和权限，或用 --out 指定另一个文件夹`, EXIT.usage);
  }
}

/**
 * `to` as a hard link to `from` (no bytes written), or a copy where links are not possible
 * (another file system); its folder is made, a file already there replaced.
 */
export function linkOrCopy(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  rmSync(to, { force: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/**
 * Write `data` to `file` whole or not at all: beside it under a name of this process, then
 * renamed over it (a build stopped halfway leaves no half-written file; a failed write leaves
 * no temporary one). Its folder is made.
 */
export function writeFileAtomically(file: string, data: string | Uint8Array | readonly Uint8Array[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    if (isParts(data)) writeParts(tmp, data);
    else writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

function isParts(data: string | Uint8Array | readonly Uint8Array[]): data is readonly Uint8Array[] {
  return Array.isArray(data);
}

/** `parts` one after another into `file`, without joining them into one buffer first. */
function writeParts(file: string, parts: readonly Uint8Array[]): void {
  const fd = openSync(file, 'w');
  try {
    for (const part of parts) {
      for (let done = 0; done < part.byteLength; ) done += writeSync(fd, part, done, part.byteLength - done);
    }
  } finally {
    closeSync(fd);
  }
}

/** A cache entry's name: its digest, perhaps with a prefix (`arrow-…`) and extensions (`.chart`, `.gz`, a temporary `.123.tmp`). */
const CACHE_ENTRY = /(^|[^0-9a-f])[0-9a-f]{64}($|[^0-9a-f])/;

/**
 * Remove the files of a cache folder that `keep` does not want (the entries a build did not
 * use). Returns how many; a folder that is not there has none. Only names holding a 64-digit
 * hex digest, as every cache entry's does, are the cache's: anything else in the folder (a
 * cache folder that links somewhere it should not) is left alone.
 */
export function pruneFolder(dir: string, keep: (name: string) => boolean): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!CACHE_ENTRY.test(name) || keep(name)) continue;
    rmSync(join(dir, name), { recursive: true, force: true }); // a folder where an entry belongs too
    removed += 1;
  }
  return removed;
}

/**
 * The folder of an installed package as resolved from `from` (a file path or URL; default:
 * the project), found from its entry point (not every package exports its package.json).
 */
export function packageDir(name: string, from: string = import.meta.url): string {
  const require = createRequire(from);
  for (let dir = dirname(require.resolve(name)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === name) return dir;
    if (dirname(dir) === dir) throw new Error(`找不到 ${name} 的安装目录`);
  }
}

/** The version of an installed package. */
export function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version?: string }).version ?? '';
}
