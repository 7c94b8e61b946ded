/**
 * `planeval serve [--watch]`: a local preview of `out/site` on 127.0.0.1 (node:http, no
 * dependencies): the site's static files (serve/static-files.ts) and, with `--watch`, a
 * rebuild whenever the input changes (serve/watch.ts) with open pages reloading
 * (serve/live-reload.ts).
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { EXIT, UserError } from './basics/errors.ts';
import type { Logger } from './basics/log.ts';
import { EVENTS_PATH, injectReloadScript, RELOAD_SCRIPT, RELOAD_SCRIPT_PATH, ReloadChannel } from './serve/live-reload.ts';
import { allowedHosts, MIME_TYPES, plain, resolveRequest, sendFile } from './serve/static-files.ts';
import { InputWatcher, siteIsCurrent, type RebuildResult, type WatchOptions } from './serve/watch.ts';

export interface ServeOptions {
  /** The build's output folder; the site is `out/site`. */
  out: string;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  watch?: WatchOptions;
  log: Logger;
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
  const channel = new ReloadChannel();
  const watcher = opts.watch ? new InputWatcher(out, opts.watch, log, (event, data) => channel.send(event, data)) : null;

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log.warn(`请求 ${req.url ?? ''} 出错：${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) plain(res, 500, '服务器内部错误');
      else res.destroy();
    });
  });

  let hosts = new Set<string>();
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const requested = (req.headers.host ?? '').toLowerCase();
    if (!hosts.has(requested)) {
      const shown = requested.length > 100 ? `${requested.slice(0, 100)}…` : requested;
      return plain(res, 421, `本预览只回答发往 ${[...hosts][0] ?? host} 的请求（收到的 Host 为“${shown}”）`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return plain(res, 405, '只支持 GET 和 HEAD');
    }
    const pathOnly = url.split(/[?#]/, 1)[0];
    if (pathOnly === EVENTS_PATH) return channel.listen(req, res, `planeval serve${watcher ? ' --watch' : ''}`);
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
    await sendFile(req, res, r, { transformHtml: watcher ? injectReloadScript : undefined });
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
  hosts = allowedHosts(host, port);

  try {
    watcher?.start();
  } catch (e) {
    server.close();
    throw e;
  }

  return {
    url,
    port,
    server,
    nextRebuild: () => (watcher ? watcher.nextRebuild() : new Promise(() => undefined)),
    rebuild: (changed) => (watcher ? watcher.rebuild(changed) : Promise.reject(new Error('rebuild() needs watch mode'))),
    async close() {
      await watcher?.close();
      channel.close();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
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
