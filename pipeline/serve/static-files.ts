/**
 * Serving the files of a folder over HTTP, safely: a request maps to a file only inside
 * the folder (`..` segments, encoded or not, and symbolic links leading outside are
 * refused), folders answer with their `index.html` (a redirect adds the slash, always to
 * a path on the same origin), byte ranges are honoured, and the MIME types are those the
 * site needs (wasm, mjs, parquet, duckdb).
 */
import { createReadStream, existsSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import { MIME_TYPES, mimeType } from '../basics/mime.ts';

export { MIME_TYPES, mimeType };


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
    // The location is a path on this origin: `//x` would be another host to a browser.
    if (!rawPath.endsWith('/')) {
      const query = rawUrl.slice(rawPath.length);
      return { kind: 'redirect', location: `${rawPath.replace(/\/{2,}/g, '/')}/${query}` };
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

/**
 * Answer a GET or HEAD for a resolved file: its bytes (or the asked range), or, for HTML
 * when `transformHtml` is given, the transformed page.
 */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: { path: string; stats: Stats },
  opts: { transformHtml?: (html: string) => string } = {},
): Promise<void> {
  const type = mimeType(file.path);
  const headers: Record<string, string | number> = {
    'Content-Type': type,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Last-Modified': file.stats.mtime.toUTCString(),
  };
  if (opts.transformHtml && type.startsWith('text/html')) {
    const body = Buffer.from(opts.transformHtml(readFileSync(file.path, 'utf8')));
    res.writeHead(200, { ...headers, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  headers['Accept-Ranges'] = 'bytes';
  const size = file.stats.size;
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
    const stream = createReadStream(file.path, { start, end });
    stream.on('error', fail);
    res.on('close', () => {
      stream.destroy();
      done();
    });
    stream.pipe(res);
  });
}

/** A short plain-text answer (errors, refusals). */
export function plain(res: ServerResponse, status: number, message: string): void {
  const body = `${status} ${message}\n`;
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-cache' });
  res.end(body);
}

/**
 * The `Host` values a server listening on `host:port` answers: that address, and for a
 * loopback address also `localhost`. Anything else (a DNS name rebound to 127.0.0.1 by a
 * web page, a request meant for another server) is refused, so that no other site can
 * read the preview through the user's browser.
 */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set([host.includes(':') ? `[${host}]` : host]);
  if (host === '127.0.0.1' || host === '::1' || host === 'localhost') for (const h of ['127.0.0.1', 'localhost', '[::1]']) names.add(h);
  return new Set([...names].map((n) => `${n}:${port}`.toLowerCase()));
}
