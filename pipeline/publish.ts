/**
 * Outputs are built in a staging folder and moved into place only when the whole build
 * succeeded: a failed or killed build leaves the previous outputs as they were.
 *
 * The out folder is planeval's own: a folder that exists, is not empty and was not made
 * by planeval (no marker file, written at the first publish) is refused, so that
 * `--out .` or `--out ~` cannot replace someone's `data/` or `site/`; and only the
 * entries planeval published there are ever replaced. One build at a time writes into a
 * folder (a lock file beside the outputs).
 */
import { closeSync, existsSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { EXIT, fileSystemReason, UserError } from './basics/errors.ts';
import { makeOutFolder, writeFileAtomically } from './basics/files.ts';
import type { Logger } from './basics/log.ts';

/** What a build publishes into the out folder. */
export const OUT_ENTRIES = ['warehouse.duckdb', 'data', 'site', 'pdf'] as const;
/**
 * What other planeval commands put into the project's `out/` by convention (`planeval
 * templates --out out/templates` in `npm start`, `npm run bench`'s out/bench): tolerated in
 * an out folder not marked yet, and never replaced.
 */
const SIDE_ENTRIES = ['templates', 'bench'] as const;
/** Written into the out folder at the first publish: the folder is planeval's, and what it published there. */
export const OUT_MARKER = '.planeval-out.json';
const LOCK_FILE = '.planeval-build.lock';
/** What a build keeps between builds (charts, PDFs, compressed copies; see build-cache.ts). */
export const CACHE_DIR = '.planeval-cache';

interface Marker {
  tool: 'planeval';
  /** Entries of the folder planeval has published (and may replace). */
  entries: string[];
}

/** Names in the out folder that belong to the machinery, not to the outputs. */
function isMachinery(name: string): boolean {
  return name === OUT_MARKER || name === LOCK_FILE || name === CACHE_DIR || name.startsWith('.staging-') || name.startsWith(`${LOCK_FILE}.`);
}

function readMarker(outDir: string): Marker | null {
  const file = join(outDir, OUT_MARKER);
  if (!existsSync(file)) return null;
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Partial<Marker>;
    if (m.tool === 'planeval' && Array.isArray(m.entries)) return { tool: 'planeval', entries: m.entries.filter((e) => typeof e === 'string') };
  } catch {
    // unreadable: treated as no marker
  }
  return null;
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 6).map((n) => `“${n}”`).join('、');
  return names.length > 6 ? `${shown} 等 ${names.length} 项` : shown;
}

/**
 * Checks `--out` before a build writes anything: it must be a folder (or not exist yet,
 * below a folder), and either empty or planeval's (its marker, or an output folder of an
 * earlier planeval: only planeval's entries and its `data/manifest.json`). Of the
 * `entries` this build will publish, one that exists there but that planeval did not
 * publish is refused too. Throws a `UserError` (exit 64) naming the folder.
 */
export function prepareOut(out: string, entries: readonly string[]): void {
  const outDir = resolve(out);
  // The folder itself, or the nearest existing folder above it, must not be a file.
  for (let p = outDir; ; p = dirname(p)) {
    if (existsSync(p)) {
      if (!statSync(p).isDirectory()) {
        throw new UserError(
          p === outDir
            ? `--out 指定的输出目录“${outDir}”是文件，不是文件夹；请指定一个文件夹（不存在时会新建）`
            : `--out 指定的输出目录“${outDir}”无法创建：“${p}”是文件，不是文件夹`,
          EXIT.usage,
        );
      }
      break;
    }
    if (dirname(p) === p) break;
  }
  if (!existsSync(outDir)) return;
  const names = readdirSync(outDir).filter((n) => !isMachinery(n)).sort();
  if (names.length === 0) return;
  const marker = readMarker(outDir);
  if (marker) {
    const foreign = entries.filter((e) => names.includes(e) && !marker.entries.includes(e));
    if (foreign.length) {
      throw new UserError(
        `输出目录“${outDir}”中的 ${listNames(foreign)} 不是 planeval 写入的，发布时会被替换，为免误删，拒绝写入。请移走它们，或用 --out 指定另一个文件夹`,
        EXIT.usage,
      );
    }
    return;
  }
  // Not marked yet: planeval's own folder all the same when it holds only an earlier
  // planeval's outputs (recognised by data/manifest.json) and what other planeval commands
  // put beside them by the project's convention (out/templates, out/bench), never replaced.
  const own = new Set<string>([...OUT_ENTRIES, 'warehouse.duckdb.wal']);
  const beside = new Set<string>(SIDE_ENTRIES);
  const outputs = names.filter((n) => own.has(n));
  const earlier =
    names.every((n) => own.has(n) || beside.has(n)) && (outputs.length === 0 || existsSync(join(outDir, 'data', 'manifest.json')));
  if (earlier) return;
  throw new UserError(
    `输出目录“${outDir}”已存在且不是空的，也不是 planeval 生成的（其中没有 ${OUT_MARKER}），里面有 ${listNames(names)}。` +
      `发布结果时会替换其中的 ${OUT_ENTRIES.join('、')}，为免误删，拒绝写入。请用 --out 指定一个新的或空的文件夹（默认 out）`,
    EXIT.usage,
  );
}

/**
 * Refuses (exit 64) an out folder inside the input folder, or the input folder itself: the next
 * build would read the outputs as inputs (a `--out IN/2023/OUT` had its own CSVs rejected as
 * workbooks, and every figure of 2023 marked incomplete: the thirteenth attack).
 */
export function refuseOutInsideInput(outDir: string, inputDir: string): void {
  const rel = relative(inputDir, outDir);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
    throw new UserError(
      `--out 指定的输出目录“${outDir}”${rel === '' ? '就是' : '在'}输入目录“${inputDir}”${rel === '' ? '' : '之内'}：下一次构建会把输出的文件当作填报数据读取。请把输出目录放在输入目录之外（默认 out）`,
      EXIT.usage,
    );
  }
}

/** Records in the marker that planeval publishes `entries` into `outDir` (atomically). */
function writeMarker(outDir: string, entries: readonly string[]): void {
  const previous = readMarker(outDir)?.entries ?? [];
  const all = [...new Set([...previous, ...entries])].sort();
  const marker: Marker & { note: string } = { tool: 'planeval', note: 'planeval 的输出目录：planeval 只替换 entries 中列出的项目', entries: all };
  writeFileAtomically(join(outDir, OUT_MARKER), JSON.stringify(marker, null, 2) + '\n');
}

// ---- one build at a time -------------------------------------------------------------

export interface BuildLock {
  release(): void;
}

interface LockHolder {
  pid: number;
  host: string;
  started: string;
  token?: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? { pid: h.pid, host: h.host, started: String(h.started ?? ''), token: h.token } : null;
  } catch {
    return null;
  }
}

/** A lock whose build is gone: its process no longer runs on this machine, or it was never written out and is old. */
function isStale(file: string, holder: LockHolder | null): boolean {
  if (holder) return holder.host === hostname() && !processAlive(holder.pid);
  try {
    return Date.now() - statSync(file).mtimeMs > 10_000;
  } catch {
    return false;
  }
}

/** Removes a stale lock, unless another build replaced it meanwhile. */
function removeStale(file: string, seen: string): void {
  const aside = `${file}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    renameSync(file, aside);
  } catch {
    return; // already gone
  }
  let now = '';
  try {
    now = readFileSync(aside, 'utf8');
  } catch {
    // unreadable: drop it
  }
  if (now !== seen) {
    // Someone else's fresh lock: put it back (unless yet another one has appeared).
    try {
      linkSync(aside, file);
    } catch {
      // there is a lock again; theirs stands
    }
  }
  rmSync(aside, { force: true });
}

/**
 * The out folder's build lock: taken before the staging folder is made, released after
 * publishing (or failing). While another build holds it, waits, saying so once; a lock
 * left by a build that was killed (its process is gone) is taken over.
 */
export async function acquireBuildLock(outDir: string, log: Logger, opts: { pollMs?: number } = {}): Promise<BuildLock> {
  makeOutFolder(outDir);
  const file = join(outDir, LOCK_FILE);
  const token = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  let told = false;
  for (;;) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new UserError(`无法在输出目录“${outDir}”中写入（${fileSystemReason(e, '写入')}）：构建要在其中写入锁文件和结果。请检查该文件夹的权限，或用 --out 指定另一个文件夹`);
      }
      let seen = '';
      try {
        seen = readFileSync(file, 'utf8');
      } catch {
        continue; // released meanwhile: try again
      }
      const holder = readHolder(file);
      if (isStale(file, holder)) {
        removeStale(file, seen);
        continue;
      }
      if (!told) {
        told = true;
        const who = holder ? `进程 ${holder.pid}${holder.host !== hostname() ? `，主机 ${holder.host}` : ''}${holder.started ? `，${holder.started} 开始` : ''}` : '进程未知';
        log.warn(`另一个 planeval 构建（${who}）正在写入 ${outDir}，等它结束后再继续……（如确认没有其他构建在运行，可删除 ${file}）`);
      }
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
      continue;
    }
    try {
      const holder: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), token };
      writeSync(fd, JSON.stringify(holder) + '\n');
    } finally {
      closeSync(fd);
    }
    return {
      release() {
        if (readHolder(file)?.token === token) unlinkSync(file);
      },
    };
  }
}

// ---- staging and publishing ------------------------------------------------------------

/** A fresh staging folder inside `outDir` (same file system, so renames are atomic). */
export function createStaging(outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const dir = join(outDir, `.staging-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Written into the staging folder before its first entry moves into the out folder, listing
 * the entries to move: a build killed while publishing (between two renames: an entry of the
 * out folder could be missing, or the new warehouse stand beside the old site) has its
 * publish finished by the next build (`sweepStaging`).
 */
const PUBLISHING = '.publishing.json';

/**
 * Remove staging folders left by killed builds (call it holding the build lock). One whose
 * build was killed while publishing is published first, as that build would have: its
 * outputs were whole, and the out folder may hold some of them beside the older ones.
 * Returns the entries so published.
 */
export function sweepStaging(outDir: string, readdir: (d: string) => string[]): string[] {
  if (!existsSync(outDir)) return [];
  const finished: string[] = [];
  for (const name of readdir(outDir)) {
    if (!name.startsWith('.staging-') || name === `.staging-${process.pid}`) continue;
    const dir = join(outDir, name);
    const entries = publishingEntries(dir);
    if (entries) finished.push(...moveEntries(dir, outDir, entries));
    rmSync(dir, { recursive: true, force: true });
  }
  return finished;
}

/** The entries a killed build was publishing from `staging`, or null when it had not begun. */
function publishingEntries(staging: string): string[] | null {
  try {
    const j = JSON.parse(readFileSync(join(staging, PUBLISHING), 'utf8')) as { entries?: unknown };
    return Array.isArray(j.entries) ? j.entries.filter((e): e is string => (OUT_ENTRIES as readonly string[]).includes(e)) : null;
  } catch {
    return null;
  }
}

/**
 * Move each entry of `staging` into `outDir`, replacing the previous one: the old entry
 * is renamed aside first and removed only after the new one is in place. The marker
 * records the entries first, so the folder is known as planeval's before anything is in it;
 * then the staging folder says it is being published (`PUBLISHING`).
 */
export function publish(staging: string, outDir: string, entries: readonly string[]): void {
  const moving = entries.filter((e) => existsSync(join(staging, e)));
  writeMarker(outDir, moving);
  writeFileAtomically(join(staging, PUBLISHING), JSON.stringify({ entries: moving }) + '\n');
  // An entry that cannot be replaced (read-only, or a file in it open in another program on
  // some systems): those moved before it are put back, so that the out folder keeps the last
  // build's outputs whole. Left half-moved, it had held the new warehouse beside the old
  // data/, and the staging folder that could have finished it was gone (the thirteenth attack).
  const done: string[] = [];
  try {
    moveEntries(staging, outDir, moving, done);
  } catch (e) {
    const failed = moving[done.length] ?? '';
    rmSync(join(staging, PUBLISHING), { force: true });
    const restored = rollBack(staging, outDir, done);
    throw new UserError(
      `发布结果时无法替换输出目录“${outDir}”中的“${failed}”（${fileSystemReason(e, '写入')}）。` +
        (restored ? '输出目录中仍是上一次构建的结果，未被改动。' : `已替换的 ${done.join('、')} 未能恢复，输出目录中新旧结果混在一起，请在问题解决后重新运行构建。`) +
        '请检查该文件夹及其中文件的权限，关闭打开其中文件的程序后重新运行',
    );
  }
  for (const entry of moving) rmSync(join(staging, `.previous-${entry}`), { recursive: true, force: true });
  rmSync(staging, { recursive: true, force: true });
}

/**
 * Puts back the entries `publish` moved before it failed: each new one back into `staging`,
 * the previous one (kept aside) in its place. Whether every one was restored.
 */
function rollBack(staging: string, outDir: string, moved: readonly string[]): boolean {
  let whole = true;
  for (const entry of [...moved].reverse()) {
    const to = join(outDir, entry);
    const aside = join(staging, `.previous-${entry}`);
    try {
      renameSync(to, join(staging, entry));
      if (existsSync(aside)) renameSync(aside, to);
    } catch {
      whole = false;
    }
  }
  return whole;
}

/**
 * Moves the entries still in `staging` into `outDir` (an entry already moved is left), each
 * previous one renamed aside into `staging` (`.previous-<entry>`); appends to `moved` each
 * entry as it is moved. The previous ones are removed by the caller once all are in place.
 */
function moveEntries(staging: string, outDir: string, entries: readonly string[], moved: string[] = []): string[] {
  for (const entry of entries) {
    const from = join(staging, entry);
    if (!existsSync(from)) continue;
    const to = join(outDir, entry);
    const aside = join(staging, `.previous-${entry}`);
    if (existsSync(to)) {
      rmSync(aside, { recursive: true, force: true });
      renameSync(to, aside);
    }
    try {
      renameSync(from, to);
    } catch (e) {
      // the previous one back where it was
      if (existsSync(aside)) renameSync(aside, to);
      throw e;
    }
    moved.push(entry);
  }
  return moved;
}

export function discard(staging: string): void {
  rmSync(staging, { recursive: true, force: true });
}
