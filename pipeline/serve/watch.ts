/**
 * `serve --watch`: watches the input folder; a changed workbook (or geography.csv, or a
 * year folder added or removed) re-runs the build, without PDFs unless `--pdf`, and tells
 * the open pages (live-reload.ts) to reload.
 *
 * The rebuild is the whole build: every year's pages depend on the years before it
 * (trends, change on last year, the 2025 outlook) and the home page on the latest year,
 * and the build publishes atomically, so a partial rebuild would save little and risk a
 * site mixing two inputs. Files other than workbooks (notes, Excel's `~$` lock files)
 * trigger nothing.
 */
import { existsSync, readdirSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { BuildOptions } from '../build.ts';
import { EXIT, UserError } from '../basics/errors.ts';
import { formatSeconds } from '../basics/format.ts';
import type { Logger } from '../basics/log.ts';
import { yearOfFolder } from '../ingest/inputs.ts';
import { fileDigest } from '../basics/digest.ts';

/** The inputs the build reads: `geography.csv` and every non-hidden file of the year folders (however spelled, links followed), with size and time. */
export function inputSnapshot(input: string): Map<string, string> {
  const snap = new Map<string, string>();
  let entries;
  try {
    entries = readdirSync(input, { withFileTypes: true });
  } catch {
    return snap;
  }
  for (const e of entries) {
    const p = join(input, e.name);
    if (e.isFile() && e.name === 'geography.csv') snap.set(e.name, stamp(p));
    else if (isDirectory(p) && yearOfFolder(e.name) !== null) {
      snap.set(`${e.name}/`, 'dir');
      let files;
      try {
        files = readdirSync(p, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const f of files) {
        if (isDirectory(join(p, f.name)) || f.name.startsWith('~$') || f.name.startsWith('.')) continue;
        if (!/\.(xlsx|xls|xlsm|xlsb|et|ods|csv)$/i.test(f.name)) continue;
        snap.set(`${e.name}/${f.name}`, stamp(join(p, f.name)));
      }
    }
  }
  return snap;
}

/** Whether `path` is a folder, symbolic links followed (as the build reads it). */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function stamp(path: string): string {
  try {
    const s = statSync(path);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return 'gone';
  }
}

/** Entries added, removed or changed between two snapshots, sorted. */
export function changedInputs(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const changed = new Set<string>();
  for (const [k, v] of after) if (before.get(k) !== v) changed.add(k);
  for (const k of before.keys()) if (!after.has(k)) changed.add(k);
  return [...changed].sort();
}

/** Whether the published data was built from the input as it is now (manifest hashes). */
export function siteIsCurrent(input: string, out: string): boolean {
  const manifestFile = join(out, 'data', 'manifest.json');
  if (!existsSync(join(out, 'site')) || !existsSync(manifestFile)) return false;
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { inputs?: { file: string; sha256: string }[] };
    const published = new Map((manifest.inputs ?? []).map((i) => [i.file, i.sha256]));
    const now = [...inputSnapshot(input).keys()].filter((k) => !k.endsWith('/') && k !== 'geography.csv');
    if (now.length !== published.size) return false;
    return now.every((k) => published.get(k) === fileDigest(join(input, k)));
  } catch {
    return false;
  }
}

export interface WatchOptions {
  input: string;
  acceptRejects: boolean;
  pdf: boolean;
  planId?: string;
  /** The office's passages (`build --passages`): a rebuild writes them as the build did. */
  passagesDir?: string;
  /** Quiet time after the last change before the rebuild starts (default 400 ms). */
  debounceMs?: number;
  /** Polling interval of the safety-net check beside fs.watch (default 1000 ms). */
  pollMs?: number;
  /** The build to run (default: `build` of build.ts); tests and tools may pass their own. */
  builder?: (opts: BuildOptions) => Promise<{ exitCode: number }>;
}

export interface RebuildResult {
  changed: string[];
  exitCode: number;
  ms: number;
  error?: string;
}

/** The watcher of one input folder: debounced checks, one build at a time, events to the pages. */
export class InputWatcher {
  private closed = false;
  private watcher: FSWatcher | null = null;
  private poller: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private snapshot = new Map<string, string>();
  private building: Promise<RebuildResult> | null = null;
  private pending: string[] | null = null;
  private readonly waiters: ((r: RebuildResult) => void)[] = [];

  constructor(
    private readonly out: string,
    private readonly watchOpts: WatchOptions,
    private readonly log: Logger,
    private readonly send: (event: string, data: unknown) => void,
  ) {}

  /** Start watching; a missing input folder is the user's to fix. */
  start(): void {
    const w = this.watchOpts;
    if (!existsSync(w.input) || !statSync(w.input).isDirectory()) throw new UserError(`输入目录“${w.input}”不存在或不是文件夹`, EXIT.usage);
    this.snapshot = inputSnapshot(w.input);
    try {
      // Recursive fs.watch works on Linux since Node 19.1 (and on macOS and Windows).
      this.watcher = watch(w.input, { recursive: true }, () => this.schedule());
      this.watcher.on('error', (e) => {
        this.log.warn(`监视输入目录出错（${e.message}），改为定时检查`);
        this.watcher?.close();
        this.watcher = null;
      });
    } catch (e) {
      this.log.warn(`无法监视输入目录（${(e as Error).message}），改为定时检查`);
    }
    // A slow poll as well: fs.watch misses changes on some file systems (network shares,
    // container mounts). Both only schedule the debounced check.
    this.poller = setInterval(() => {
      if (!this.closed && changedInputs(this.snapshot, inputSnapshot(w.input)).length) this.schedule();
    }, w.pollMs ?? 1000);
  }

  /** Rebuild now, as a changed workbook would. */
  rebuild(changed: string[] = ['（手动）']): Promise<RebuildResult> {
    if (this.building) {
      // One build at a time; changes during a build are built right after it.
      this.pending = [...new Set([...(this.pending ?? []), ...changed])].sort();
      return this.building.then(() => this.rebuildAfter());
    }
    this.building = this.runBuild(changed).then((r) => {
      this.building = null;
      for (const w of this.waiters.splice(0)) w(r);
      return r;
    });
    return this.building;
  }

  /** Resolves after the next rebuild. */
  nextRebuild(): Promise<RebuildResult> {
    return new Promise((r) => this.waiters.push(r));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.debounce) clearTimeout(this.debounce);
    if (this.poller) clearInterval(this.poller);
    this.watcher?.close();
    if (this.building) await this.building.catch(() => undefined);
  }

  private rebuildAfter(): Promise<RebuildResult> {
    if (this.building) return this.building.then(() => this.rebuildAfter());
    if (!this.pending) return Promise.resolve({ changed: [], exitCode: 0, ms: 0 });
    const c = this.pending;
    this.pending = null;
    return this.rebuild(c);
  }

  private check(): void {
    if (this.closed) return;
    const now = inputSnapshot(this.watchOpts.input);
    const changed = changedInputs(this.snapshot, now);
    this.snapshot = now;
    if (changed.length) void this.rebuild(changed);
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.check(), this.watchOpts.debounceMs ?? 400);
  }

  private async runBuild(changed: string[]): Promise<RebuildResult> {
    const w = this.watchOpts;
    const t0 = Date.now();
    this.log.step(`输入已修改（${changed.join('、')}），重新生成${w.pdf ? '' : '（不含 PDF）'}`);
    this.send('building', { changed });
    let result: RebuildResult;
    try {
      const builder = w.builder ?? (await import('../build.ts')).build;
      const r = await builder({ input: w.input, out: this.out, acceptRejects: w.acceptRejects, pdf: w.pdf, planId: w.planId, passagesDir: w.passagesDir, log: this.log });
      result = { changed, exitCode: r.exitCode, ms: Date.now() - t0 };
      if (r.exitCode !== 0) result.error = r.exitCode === EXIT.rejects ? '输入数据有被拒绝的行（见终端），修正后保存即可重新生成' : `构建失败（退出码 ${r.exitCode}）`;
    } catch (e) {
      result = { changed, exitCode: e instanceof UserError ? e.exitCode : EXIT.failure, ms: Date.now() - t0, error: e instanceof Error ? e.message : String(e) };
    }
    if (result.error) {
      this.log.warn(`重新生成失败：${result.error}；网站仍为上一版`);
      this.send('failed', { message: result.error, changed });
    } else {
      this.log.info(`重新生成完成（${formatSeconds(result.ms)}），通知已打开的页面刷新`);
      this.send('reload', { changed, ms: result.ms });
    }
    return result;
  }
}
