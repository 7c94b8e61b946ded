/**
 * A stand-in for the government portal that publishes the site, as the README asks it to
 * serve it: under a sub-path, with the site's Content-Security-Policy as an HTTP header on
 * every response, the MIME types of serve/static-files.ts, and the precompressed `.br` /
 * `.gz` copies when the browser accepts them. Tests can change the policy or answer a path
 * themselves (a failing worker).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { SITE_CSP } from '../../pipeline/present/page-frame.ts';
import { mimeType } from '../../pipeline/serve/static-files.ts';

export interface PortalOptions {
  /** The sub-path the site lives under (default `/portal/minzheng/pinggu/`). */
  prefix?: string;
  /** The Content-Security-Policy header (default the site's own; null: none). */
  csp?: string | null;
  /** Serve `.br` / `.gz` copies to browsers that accept them (default true). */
  precompressed?: boolean;
  /** Answer a request first (return true when it did), given its path below the prefix. */
  override?: (path: string, res: ServerResponse) => boolean;
}

export interface ServedFile {
  path: string;
  encoding: string | null;
  bytes: number;
}

export interface Portal {
  /** The site's root URL, ending in `/`. */
  url: string;
  /** Every file served, in order. */
  served: ServedFile[];
  close(): Promise<void>;
}

export async function startPortal(siteDir: string, opts: PortalOptions = {}): Promise<Portal> {
  const prefix = opts.prefix ?? '/portal/minzheng/pinggu/';
  const csp = opts.csp === undefined ? SITE_CSP : opts.csp;
  const served: ServedFile[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://portal');
    if (csp) res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    let path = decodeURIComponent(url.pathname.slice(prefix.length));
    if (path === '' || path.endsWith('/')) path += 'index.html';
    if (opts.override?.(path, res)) return;
    const file = normalize(join(siteDir, path));
    if (!file.startsWith(siteDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404');
      return;
    }
    const accepts = String(req.headers['accept-encoding'] ?? '');
    const encoding = opts.precompressed === false ? null
      : /\bbr\b/.test(accepts) && existsSync(`${file}.br`) ? 'br'
      : /\bgzip\b/.test(accepts) && existsSync(`${file}.gz`) ? 'gzip'
      : null;
    const body = readFileSync(encoding === 'br' ? `${file}.br` : encoding === 'gzip' ? `${file}.gz` : file);
    res.writeHead(200, {
      'Content-Type': mimeType(file),
      'Content-Length': body.length,
      'Cache-Control': 'no-cache',
      Vary: 'Accept-Encoding',
      ...(encoding ? { 'Content-Encoding': encoding } : {}),
    });
    served.push({ path, encoding, bytes: body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    served,
    // the browser's keep-alive connections closed too: a page a failed assertion left open had held
    // server.close() until the test's timeout, hiding the assertion (a CI run: 'timed out in 120000ms')
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
