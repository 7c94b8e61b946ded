import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildOptions } from '../pipeline/build.ts';
import { memoryLogger } from '../pipeline/basics/log.ts';
import { startServer, type RunningServer } from '../pipeline/serve.ts';
import { EVENTS_PATH, injectReloadScript, RELOAD_SCRIPT_PATH } from '../pipeline/serve/live-reload.ts';
import { parseRange, resolveRequest } from '../pipeline/serve/static-files.ts';
import { ROOT, runCli, sample, tempDir } from './support/helpers.ts';
import { EXIT } from '../pipeline/basics/errors.ts';

interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A request with the path sent exactly as given (no client-side normalisation). */
function get(url: string, path: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Server-Sent Events from `url`, collected as they come. */
function events(url: string): { received: { event: string; data: string }[]; next(event: string, timeoutMs: number): Promise<{ event: string; data: string }>; close(): void } {
  const received: { event: string; data: string }[] = [];
  const waiting: { event: string; resolve: (e: { event: string; data: string }) => void }[] = [];
  const req = request(new URL(EVENTS_PATH, url), (res) => {
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let i;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
        if (!event) continue;
        const e = { event, data };
        received.push(e);
        for (const w of waiting.filter((x) => x.event === event)) {
          waiting.splice(waiting.indexOf(w), 1);
          w.resolve(e);
        }
      }
    });
  });
  req.on('error', () => undefined);
  req.end();
  return {
    received,
    next: (event, timeoutMs) => new Promise((resolve, reject) => {
      const seen = received.find((e) => e.event === event && !(e as { taken?: boolean }).taken);
      if (seen) {
        (seen as { taken?: boolean }).taken = true;
        return resolve(seen);
      }
      const timer = setTimeout(() => reject(new Error(`no "${event}" event within ${timeoutMs} ms; got ${JSON.stringify(received)}`)), timeoutMs);
      waiting.push({ event, resolve: (e) => {
        clearTimeout(timer);
        (e as { taken?: boolean }).taken = true;
        resolve(e);
      } });
    }),
    close: () => req.destroy(),
  };
}

/** A small site folder with the file types the real one has, and a secret beside it. */
function fakeOut(): string {
  const out = tempDir('serve');
  const site = join(out, 'site');
  mkdirSync(join(site, 'assets', 'duckdb'), { recursive: true });
  mkdirSync(join(site, 'data', 'inputs'), { recursive: true });
  mkdirSync(join(site, 'towns'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!DOCTYPE html><html lang="zh-CN"><head><title>首页</title></head><body><p>首页</p></body></html>');
  writeFileSync(join(site, 'towns', 'index.html'), '<!DOCTYPE html><html><body>镇街</body></html>');
  writeFileSync(join(site, 'assets', 'duckdb', 'duckdb-eh.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(join(site, 'assets', 'duckdb', 'duckdb-browser.mjs'), 'export const x = 1;\n');
  writeFileSync(join(site, 'assets', 'search.js'), '// search\n');
  writeFileSync(join(site, 'data', 'indicator_values.parquet'), Buffer.from('PAR1 0123456789 PAR1'));
  writeFileSync(join(out, 'warehouse.duckdb'), 'secret warehouse');
  writeFileSync(join(out, 'secret.txt'), 'secret');
  symlinkSync(join(out, 'secret.txt'), join(site, 'link-out.txt'));
  return out;
}

describe('resolving requests', () => {
  it('refuses .. segments however they are written, and allows ordinary paths', () => {
    const out = fakeOut();
    const site = join(out, 'site');
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E/warehouse.duckdb', '/assets/..%2f..%2fsecret.txt', '/assets/../../secret.txt', '/..\\secret.txt']) {
      const r = resolveRequest(site, p);
      expect(r.kind, p).toBe('error');
      expect(r.kind === 'error' && r.status, p).toBe(403);
    }
    expect(resolveRequest(site, '/link-out.txt')).toMatchObject({ kind: 'error', status: 403 });
    expect(resolveRequest(site, '/index.html')).toMatchObject({ kind: 'file', path: join(site, 'index.html') });
    expect(resolveRequest(site, '/')).toMatchObject({ kind: 'file', path: join(site, 'index.html') });
    expect(resolveRequest(site, '/towns?x=1')).toEqual({ kind: 'redirect', location: '/towns/?x=1' });
    expect(resolveRequest(site, '/nope.html')).toMatchObject({ kind: 'error', status: 404 });
    expect(resolveRequest(site, '/%E0%A4%A')).toMatchObject({ kind: 'error', status: 400 });
  });

  it('parses single byte ranges', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=95-200', 100)).toEqual({ start: 95, end: 99 });
    expect(parseRange('bytes=100-', 100)).toBe('invalid');
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
  });

  it('injects the reload script before </body> only', () => {
    expect(injectReloadScript('<html><body><p>x</p></body></html>')).toBe(`<html><body><p>x</p><script src="${RELOAD_SCRIPT_PATH}" defer></script>\n</body></html>`);
  });
});

describe('planeval serve (static)', () => {
  let out: string;
  let server: RunningServer;
  beforeAll(async () => {
    out = fakeOut();
    server = await startServer({ out, port: 0, log: memoryLogger() });
  });
  afterAll(async () => server?.close());

  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('refuses directory traversal over HTTP', async () => {
    for (const p of ['/../secret.txt', '/../warehouse.duckdb', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const r = await get(server.url, p);
      expect(r.status, p).toBe(403);
      expect(r.body.toString()).not.toContain('secret');
    }
  });

  it('serves the right MIME types, index.html for folders, and byte ranges', async () => {
    const wasm = await get(server.url, '/assets/duckdb/duckdb-eh.wasm');
    expect(wasm.status).toBe(200);
    expect(wasm.headers['content-type']).toBe('application/wasm');
    expect(wasm.body.subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
    expect((await get(server.url, '/assets/duckdb/duckdb-browser.mjs')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(server.url, '/assets/search.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(server.url, '/data/indicator_values.parquet')).headers['content-type']).toBe('application/octet-stream');
    const home = await get(server.url, '/');
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(home.body.toString()).toContain('<p>首页</p>');
    expect(home.body.toString()).not.toContain(RELOAD_SCRIPT_PATH);
    const folder = await get(server.url, '/towns');
    expect(folder.status).toBe(301);
    expect(folder.headers.location).toBe('/towns/');
    expect((await get(server.url, '/towns/')).body.toString()).toContain('镇街');
    const part = await get(server.url, '/data/indicator_values.parquet', { headers: { Range: 'bytes=5-14' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 5-14/20');
    expect(part.body.toString()).toBe('0123456789');
    expect((await get(server.url, '/data/indicator_values.parquet', { headers: { Range: 'bytes=50-' } })).status).toBe(416);
    const head = await get(server.url, '/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect((await get(server.url, '/index.html', { method: 'POST' })).status).toBe(405);
    expect((await get(server.url, '/missing.html')).status).toBe(404);
  });
});

describe('planeval serve: same origin only (issue 11 case 16)', () => {
  let out: string;
  let server: RunningServer;
  beforeAll(async () => {
    out = fakeOut();
    server = await startServer({ out, port: 0, log: memoryLogger() });
  });
  afterAll(async () => server?.close());

  it('redirects a folder to a path on the same origin, never to //host/', async () => {
    expect(resolveRequest(join(out, 'site'), '//towns')).toEqual({ kind: 'redirect', location: '/towns/' });
    for (const p of ['//towns', '///towns', '//towns?x=1', '/towns//']) {
      const r = await get(server.url, p);
      const location = r.headers.location;
      if (r.status === 301) {
        expect(location, p).toMatch(/^\/[^/\\]/);
        expect(new URL(location!, server.url).origin, p).toBe(new URL(server.url).origin);
      } else {
        expect(r.status, p).toBe(200);
      }
    }
    expect((await get(server.url, '//towns?x=1')).headers.location).toBe('/towns/?x=1');
  });

  it('answers only requests whose Host is the address it listens on', async () => {
    const { port } = new URL(server.url);
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `127.0.0.1:${Number(port) + 1}`]) {
      const r = await get(server.url, '/', { headers: { Host: host } });
      expect(r.status, host).toBe(421);
      expect(r.body.toString(), host).not.toContain('首页');
    }
    const events = await get(server.url, '/index.html', { headers: { Host: 'evil.example' } });
    expect(events.status).toBe(421);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      expect((await get(server.url, '/', { headers: { Host: host } })).status, host).toBe(200);
    }
  });
});

describe('planeval serve --watch', () => {
  it('rebuilds on a changed workbook (only then) and tells open pages to reload; the script is only in what it serves', async () => {
    const input = await sample({ years: [2020, 2021] });
    const out = fakeOut();
    const builds: { input: string; pdf: boolean; acceptRejects: boolean }[] = [];
    let fail = false;
    const builder = async (o: BuildOptions) => {
      builds.push({ input: o.input, pdf: o.pdf, acceptRejects: o.acceptRejects });
      writeFileSync(join(o.out, 'site', 'index.html'), `<!DOCTYPE html><html><body><p>第 ${builds.length} 次生成</p></body></html>`);
      return { exitCode: fail ? 2 : 0 };
    };
    const server = await startServer({ out, port: 0, log: memoryLogger(), watch: { input, acceptRejects: false, pdf: false, debounceMs: 150, pollMs: 200, builder } });
    const sse = events(server.url);
    try {
      const page = (await get(server.url, '/')).body.toString();
      expect(page).toContain(`<script src="${RELOAD_SCRIPT_PATH}" defer></script>`);
      expect(readFileSync(join(out, 'site', 'index.html'), 'utf8')).not.toContain(RELOAD_SCRIPT_PATH);
      const script = await get(server.url, RELOAD_SCRIPT_PATH);
      expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(script.body.toString()).toContain(`new EventSource('${EVENTS_PATH}')`);

      // Not a workbook: an Excel lock file and a note change nothing.
      writeFileSync(join(input, '2021', '~$社会工作科_2021.xlsx'), 'lock');
      writeFileSync(join(input, '2021', '说明.txt'), 'note');
      await new Promise((r) => setTimeout(r, 800));
      expect(builds).toEqual([]);

      // Touch a workbook: one rebuild, 'building' then 'reload'.
      const workbook = readdirSync(join(input, '2021')).find((f) => f.endsWith('.xlsx') && !f.startsWith('~$'))!;
      const later = new Date(Date.now() + 5_000);
      utimesSync(join(input, '2021', workbook), later, later);
      const building = await sse.next('building', 20_000);
      expect(JSON.parse(building.data).changed).toEqual([`2021/${workbook}`]);
      const reload = await sse.next('reload', 20_000);
      expect(JSON.parse(reload.data).changed).toEqual([`2021/${workbook}`]);
      expect(builds).toEqual([{ input, pdf: false, acceptRejects: false }]);
      expect((await get(server.url, '/')).body.toString()).toContain('第 1 次生成');

      // A build that fails: 'failed', and no reload.
      fail = true;
      const again = new Date(Date.now() + 10_000);
      utimesSync(join(input, '2021', workbook), again, again);
      const failed = await sse.next('failed', 20_000);
      expect(JSON.parse(failed.data).message).toContain('拒绝');
      expect(sse.received.filter((e) => e.event === 'reload')).toHaveLength(1);
    } finally {
      sse.close();
      await server.close();
    }
  });

  it('rebuilds with the office\'s passages it was given (the eighth attack: serve --watch had no --passages and wrote the defaults)', async () => {
    const input = await sample({ years: [2020, 2021] });
    const out = fakeOut();
    const passagesDir = tempDir('passages');
    const seen: (string | undefined)[] = [];
    const builder = async (o: BuildOptions) => {
      seen.push(o.passagesDir);
      return { exitCode: 0 };
    };
    const server = await startServer({ out, port: 0, log: memoryLogger(), watch: { input, acceptRejects: false, pdf: false, passagesDir, debounceMs: 150, pollMs: 200, builder } });
    try {
      await server.rebuild(['x']);
      expect(seen).toEqual([passagesDir]);
    } finally {
      await server.close();
    }
    // as a command: --passages is an option of serve, and only with --watch
    const without = await runCli(['serve', '--out', out, '--port', '0', '--passages', passagesDir]);
    expect(without.code).toBe(EXIT.usage);
    expect(without.stderr).toContain('--input、--accept-rejects、--pdf、--passages、--plan 只在 --watch 时有用');
  });

  it('runs the real build (no PDFs) when a workbook changes, and the page reloads', async () => {
    const input = await sample({ years: [2020, 2021] });
    const out = tempDir('serve-watch');
    const server = await startServer({ out, port: 0, log: memoryLogger(), watch: { input, acceptRejects: false, pdf: false, debounceMs: 150 } });
    const sse = events(server.url);
    try {
      expect((await get(server.url, '/')).status).toBe(503);
      const workbook = readdirSync(join(input, '2020')).find((f) => f.endsWith('.xlsx'))!;
      const later = new Date(Date.now() + 5_000);
      utimesSync(join(input, '2020', workbook), later, later);
      await sse.next('building', 20_000);
      await sse.next('reload', 280_000);
      const home = await get(server.url, '/reports/2021/index.html');
      expect(home.status).toBe(200);
      expect(home.body.toString()).toContain(RELOAD_SCRIPT_PATH);
      expect(readFileSync(join(out, 'site', 'reports', '2021', 'index.html'), 'utf8')).not.toContain(RELOAD_SCRIPT_PATH);
      expect(readdirSync(join(out, 'pdf'))).toEqual([]);
    } finally {
      sse.close();
      await server.close();
    }
  }, 300_000);
});

describe('the serve command', () => {
  it('says where it listens and stops on SIGTERM; refuses to start without a site', async () => {
    const out = fakeOut();
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'planeval.mjs'), 'serve', '--out', out, '--port', '0'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30_000);
      child.stderr.on('data', (d) => {
        stderr += String(d);
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    expect((await get(url, '/')).status).toBe(200);
    expect((await get(url, '/../secret.txt')).status).toBe(403);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('本地预览');

    const none = await runCli(['serve', '--out', tempDir('serve-none'), '--port', '0']);
    expect(none.code).toBe(64);
    expect(none.stderr).toContain('planeval build');
  });
});
