/**
 * `planeval serve [--watch]`: a local preview of `out/site` on 127.0.0.1 (node:http, no
 * dependencies). Static files only, with the MIME types the site needs (wasm, mjs,
 * parquet, duckdb), byte ranges, `index.html` for folders, and no way out of the site
 * folder (`..` segments, encoded or not, and symbolic links leading outside are refused).
 *
 * With `--watch` it watches the input folder; a changed workbook (or geography.csv, or a
 * year folder added or removed) re-runs the build, without PDFs unless `--pdf`, and open
 * pages reload through Server-Sent Events (`/__planeval/events`). The script that listens
 * (`/__planeval/reload.js`) is injected only into the HTML this server sends; the site's
 * files on disk never contain it.
 *
 * The rebuild is the whole build: every year's pages depend on the years before it
 * (trends, change on last year, the 2025 outlook) and the home page on the latest year,
 * and the build publishes atomically, so a partial rebuild would save little and risk a
 * site mixing two inputs. Without PDFs the build of the six-year sample takes well under a
 * minute; files other than workbooks (notes, Excel's `~$` lock files) trigger nothing.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, realpathSync, statSync, watch, type FSWatcher, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import type { BuildOptions } from './build.ts';
import { UserError, EXIT } from './basics/errors.ts';
import type { Logger } from './basics/log.ts';
import { formatSeconds } from './basics/format.ts';

export const EVENTS_PATH = '/__planeval/events';
export const RELOAD_SCRIPT_PATH = '/__planeval/reload.js';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.zip': 'application/zip',
  '.parquet': 'application/octet-stream',
  '.duckdb': 'application/octet-stream',
  '.xml': 'application/xml; charset=utf-8',
};

export function mimeType(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** The listening script, served at RELOAD_SCRIPT_PATH (a same-origin file: the pages' CSP allows no inline script). */
const RELOAD_SCRIPT = `// planeval serve --watch: reloads the page after a rebuild (not part of the site).
(function () {
  'use strict';
  if (typeof EventSource === 'undefined') return;
  var banner = null;
  function show(text, failed) {
    if (!banner) {
      banner = document.createElement('div');
      banner.setAttribute('role', 'status');
      banner.style.cssText = 'position:fixed;right:1rem;bottom:1rem;z-index:1000;max-width:32rem;padding:.6rem .9rem;border-radius:4px;font:14px/1.5 sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3);white-space:pre-wrap';
      document.body.appendChild(banner);
    }
    banner.style.background = failed ? '#8a1c1c' : '#1f3f66';
    banner.style.color = '#fff';
    banner.textContent = text;
  }
  var source = new EventSource('${EVENTS_PATH}');
  source.addEventListener('building', function (e) { show('输入已修改，正在重新生成网站…\\n' + JSON.parse(e.data).changed.join('\\n'), false); });
  source.addEventListener('failed', function (e) { show('重新生成失败（网站仍为上一版）：' + JSON.parse(e.data).message, true); });
  source.addEventListener('reload', function () { location.reload(); });
})();
`;

const INJECTED_TAG = `<script src="${RELOAD_SCRIPT_PATH}" defer></script>`;

/** Insert the reload script tag before the last `</body>` (or at the end). */
export function injectReloadScript(html: string): string {
  const i = html.lastIndexOf('</body>');
  return i < 0 ? html + INJECTED_TAG : html.slice(0, i) + INJECTED_TAG + '\n' + html.slice(i);
}

// ---- resolving a request to a file -------------------------------------------------------

export type Resolved =
  | { kind: 'file'; path: string; stats: Stats }
  | { kind: 'redirect'; location: string }
  | { kind: 'error'; status: 400 | 403 | 404; message: string };

/**
 * Map the request target to a file under `root`. Refuses (403) any `..` segment, whether
 * written plainly, percent-encoded or hidden behind an encoded slash, before any
 * normalisation could silently drop it; and anything whose real path (symbolic links
 * followed) lies outside the site.
 */
export function resolveRequest(root: string, rawUrl: string): Resolved {
  const rawPath = rawUrl.split(/[?#]/, 1)[0] ?? '';
  if (!rawPath.startsWith('/')) return { kind: 'error', status: 400, message: '请求路径应以 / 开头' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'error', status: 400, message: '请求路径的百分号编码无效' };
  }
  if (decoded.includes('\0')) return { kind: 'error', status: 400, message: '请求路径含空字符' };
  const segments = decoded.split(/[\\/]/);
  if (segments.some((s) => s === '..')) return { kind: 'error', status: 403, message: '禁止访问网站目录以外的文件' };
  if (decoded.includes('\\')) return { kind: 'error', status: 400, message: '请求路径含反斜杠' };
  const rootReal = realpathSync(root);
  const target = resolve(rootReal, '.' + decoded);
  if (target !== rootReal && !target.startsWith(rootReal + sep)) return { kind: 'error', status: 403, message: '禁止访问网站目录以外的文件' };
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    return { kind: 'error', status: 404, message: '找不到该文件' };
  }
  if (real !== rootReal && !real.startsWith(rootReal + sep)) return { kind: 'error', status: 403, message: '禁止访问网站目录以外的文件' };
  let stats = statSync(real);
  let path = real;
  if (stats.isDirectory()) {
    // A folder without the trailing slash: redirect, so the page's relative links resolve.
    if (!rawPath.endsWith('/')) {
      const query = rawUrl.slice(rawPath.length);
      return { kind: 'redirect', location: `${rawPath}/${query}` };
    }
    path = join(real, 'index.html');
    if (!existsSync(path)) return { kind: 'error', status: 404, message: '该目录没有 index.html' };
    stats = statSync(path);
  }
  if (!stats.isFile()) return { kind: 'error', status: 404, message: '找不到该文件' };
  return { kind: 'file', path, stats };
}

/** One `bytes=a-b` range of a file of `size` bytes; null to send the whole file; 'invalid' for 416. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null; // several ranges or another unit: send it all
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'invalid';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}

// ---- watching the input ------------------------------------------------------------------

/** The inputs the build reads: `geography.csv` and every non-hidden file of the year folders, with size and time. */
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
    else if (e.isDirectory() && /^\d{4}$/.test(e.name)) {
      snap.set(`${e.name}/`, 'dir');
      let files;
      try {
        files = readdirSync(p, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const f of files) {
        if (!f.isFile() || f.name.startsWith('~$') || f.name.startsWith('.')) continue;
        if (!/\.(xlsx|xls|xlsm|xlsb|et|ods|csv)$/i.test(f.name)) continue;
        snap.set(`${e.name}/${f.name}`, stamp(join(p, f.name)));
      }
    }
  }
  return snap;
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
    return now.every((k) => published.get(k) === createHash('sha256').update(readFileSync(join(input, k))).digest('hex'));
  } catch {
    return false;
  }
}

export interface WatchOptions {
  input: string;
  acceptRejects: boolean;
  pdf: boolean;
  planId?: string;
  /** Quiet time after the last change before the rebuild starts (default 400 ms). */
  debounceMs?: number;
  /** Polling interval of the safety-net check beside fs.watch (default 1000 ms). */
  pollMs?: number;
  /** The build to run (default: `build` of build.ts); tests and tools may pass their own. */
  builder?: (opts: BuildOptions) => Promise<{ exitCode: number }>;
}

export interface ServeOptions {
  /** The build's output folder; the site is `out/site`. */
  out: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  watch?: WatchOptions;
  log: Logger;
}

export interface RebuildResult {
  changed: string[];
  exitCode: number;
  ms: number;
  error?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  /** Resolves after the next rebuild (watch mode). */
  nextRebuild(): Promise<RebuildResult>;
  /** Rebuild now, as a changed workbook would (watch mode). */
  rebuild(changed?: string[]): Promise<RebuildResult>;
  close(): Promise<void>;
}

/** Start the server (and, with `watch`, the watcher). */
export async function startServer(opts: ServeOptions): Promise<RunningServer> {
  const { log } = opts;
  const out = resolve(opts.out);
  const siteDir = join(out, 'site');
  const host = opts.host ?? '127.0.0.1';
  const clients = new Set<ServerResponse>();
  const watching = opts.watch !== undefined;

  const send = (event: string, data: unknown) => {
    const payload = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const c of clients) c.write(payload);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log.warn(`请求 ${req.url ?? ''} 出错：${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) plain(res, 500, '服务器内部错误');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return plain(res, 405, '只支持 GET 和 HEAD');
    }
    const pathOnly = url.split(/[?#]/, 1)[0];
    if (pathOnly === EVENTS_PATH) {
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      res.write(`retry: 1000\n: planeval serve${watching ? ' --watch' : ''}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (pathOnly === RELOAD_SCRIPT_PATH) {
      res.writeHead(200, { 'Content-Type': MIME_TYPES['.js']!, 'Cache-Control': 'no-cache', 'Content-Length': Buffer.byteLength(RELOAD_SCRIPT) });
      res.end(req.method === 'HEAD' ? undefined : RELOAD_SCRIPT);
      return;
    }
    if (!existsSync(siteDir)) return plain(res, 503, `网站尚未生成：${siteDir} 不存在。先运行 planeval build。`);
    const r = resolveRequest(siteDir, url);
    if (r.kind === 'error') return plain(res, r.status, r.message);
    if (r.kind === 'redirect') {
      res.writeHead(301, { Location: r.location, 'Content-Length': 0 });
      res.end();
      return;
    }
    const type = mimeType(r.path);
    const headers: Record<string, string | number> = {
      'Content-Type': type,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Last-Modified': r.stats.mtime.toUTCString(),
    };
    if (watching && type.startsWith('text/html')) {
      const body = Buffer.from(injectReloadScript(readFileSync(r.path, 'utf8')));
      res.writeHead(200, { ...headers, 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    headers['Accept-Ranges'] = 'bytes';
    const size = r.stats.size;
    const range = parseRange(req.headers.range, size);
    if (range === 'invalid') {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` });
      res.end();
      return;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    headers['Content-Length'] = size === 0 ? 0 : end - start + 1;
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    await new Promise<void>((done, fail) => {
      const stream = createReadStream(r.path, { start, end });
      stream.on('error', fail);
      res.on('close', () => {
        stream.destroy();
        done();
      });
      stream.pipe(res);
    });
  }

  await new Promise<void>((done, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      fail(e.code === 'EADDRINUSE'
        ? new UserError(`端口 ${opts.port} 已被占用，请用 --port 换一个（--port 0 自动选择空闲端口）`, EXIT.usage)
        : e);
    });
    server.listen(opts.port, host, () => done());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}/`;

  // ---- watch mode ----
  let closed = false;
  let watcher: FSWatcher | null = null;
  let poller: NodeJS.Timeout | null = null;
  let debounce: NodeJS.Timeout | null = null;
  let snapshot = new Map<string, string>();
  let building: Promise<RebuildResult> | null = null;
  let pending: string[] | null = null;
  const waiters: ((r: RebuildResult) => void)[] = [];

  const runBuild = async (changed: string[]): Promise<RebuildResult> => {
    const w = opts.watch!;
    const t0 = Date.now();
    log.step(`输入已修改（${changed.join('、')}），重新生成${w.pdf ? '' : '（不含 PDF）'}`);
    send('building', { changed });
    let result: RebuildResult;
    try {
      const builder = w.builder ?? (await import('./build.ts')).build;
      const r = await builder({ input: w.input, out, acceptRejects: w.acceptRejects, pdf: w.pdf, planId: w.planId, log });
      result = { changed, exitCode: r.exitCode, ms: Date.now() - t0 };
      if (r.exitCode !== 0) result.error = r.exitCode === EXIT.rejects ? '输入数据有被拒绝的行（见终端），修正后保存即可重新生成' : `构建失败（退出码 ${r.exitCode}）`;
    } catch (e) {
      result = { changed, exitCode: e instanceof UserError ? e.exitCode : EXIT.failure, ms: Date.now() - t0, error: e instanceof Error ? e.message : String(e) };
    }
    if (result.error) {
      log.warn(`重新生成失败：${result.error}；网站仍为上一版`);
      send('failed', { message: result.error, changed });
    } else {
      log.info(`重新生成完成（${formatSeconds(result.ms)}），通知已打开的页面刷新`);
      send('reload', { changed, ms: result.ms });
    }
    return result;
  };

  const rebuild = (changed: string[] = ['（手动）']): Promise<RebuildResult> => {
    if (building) {
      // One build at a time; changes during a build are built right after it.
      pending = [...new Set([...(pending ?? []), ...changed])].sort();
      return building.then(() => rebuildAfter());
    }
    building = runBuild(changed).then((r) => {
      building = null;
      for (const w of waiters.splice(0)) w(r);
      return r;
    });
    return building;
  };
  const rebuildAfter = (): Promise<RebuildResult> => {
    if (building) return building.then(() => rebuildAfter());
    if (!pending) return Promise.resolve({ changed: [], exitCode: 0, ms: 0 });
    const c = pending;
    pending = null;
    return rebuild(c);
  };

  const check = () => {
    if (closed) return;
    const now = inputSnapshot(opts.watch!.input);
    const changed = changedInputs(snapshot, now);
    snapshot = now;
    if (changed.length) void rebuild(changed);
  };
  const schedule = () => {
    if (closed) return;
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(check, opts.watch?.debounceMs ?? 400);
  };

  if (opts.watch) {
    const w = opts.watch;
    if (!existsSync(w.input) || !statSync(w.input).isDirectory()) {
      server.close();
      throw new UserError(`输入目录“${w.input}”不存在或不是文件夹`, EXIT.usage);
    }
    snapshot = inputSnapshot(w.input);
    try {
      // Recursive fs.watch works on Linux since Node 19.1 (and on macOS and Windows).
      watcher = watch(w.input, { recursive: true }, () => schedule());
      watcher.on('error', (e) => {
        log.warn(`监视输入目录出错（${e.message}），改为定时检查`);
        watcher?.close();
        watcher = null;
      });
    } catch (e) {
      log.warn(`无法监视输入目录（${(e as Error).message}），改为定时检查`);
    }
    // A slow poll as well: fs.watch misses changes on some file systems (network shares,
    // container mounts). Both only schedule the debounced check.
    poller = setInterval(() => {
      if (!closed && changedInputs(snapshot, inputSnapshot(w.input)).length) schedule();
    }, w.pollMs ?? 1000);
  }

  return {
    url,
    port,
    server,
    nextRebuild: () => new Promise((r) => waiters.push(r)),
    rebuild: (changed) => {
      if (!opts.watch) return Promise.reject(new Error('rebuild() needs watch mode'));
      return rebuild(changed);
    },
    async close() {
      closed = true;
      if (debounce) clearTimeout(debounce);
      if (poller) clearInterval(poller);
      watcher?.close();
      for (const c of clients) c.end();
      clients.clear();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      if (building) await building.catch(() => undefined);
    },
  };
}

function plain(res: ServerResponse, status: number, message: string): void {
  const body = `${status} ${message}\n`;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-cache' });
  res.end(body);
}

/** `planeval serve`: start, say where, build first when watching and the site is missing or stale; run until Ctrl-C. */
export async function runServe(opts: ServeOptions): Promise<number> {
  const { log } = opts;
  const out = resolve(opts.out);
  if (!opts.watch && !existsSync(join(out, 'site'))) {
    throw new UserError(`${join(out, 'site')} 不存在：先运行 planeval build --out ${opts.out}，或加 --watch --input DIR 让 serve 先生成网站`, EXIT.usage);
  }
  const running = await startServer(opts);
  log.step(`本地预览：${running.url}`);
  log.info(`网站目录 ${join(out, 'site')}；只监听本机（${opts.host ?? '127.0.0.1'}）。按 Ctrl-C 停止。`);
  if (opts.watch) {
    log.info(`监视 ${resolve(opts.watch.input)}：工作簿修改后自动重新生成${opts.watch.pdf ? '' : '（不含 PDF，加 --pdf 可生成）'}，并刷新已打开的页面`);
    if (!siteIsCurrent(opts.watch.input, out)) void running.rebuild(['（网站不存在或与输入不一致）']);
  }
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  log.info('停止预览');
  await running.close();
  return EXIT.ok;
}
