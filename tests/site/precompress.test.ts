/** precompress(siteDir): .gz and .br copies beside the files worth them, the same bytes every time. */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { missingCopies, precompress } from '../../pipeline/site/precompress.ts';
import { tempDir } from '../support/helpers.ts';

function site(): string {
  const dir = tempDir('precompress');
  mkdirSync(join(dir, 'assets', 'duckdb'), { recursive: true });
  const page = `<!DOCTYPE html><html lang="zh-CN"><body>${'<p>养老服务驿站 7.1 张</p>'.repeat(200)}</body></html>`;
  writeFileSync(join(dir, 'index.html'), page);
  writeFileSync(join(dir, 'assets', 'duckdb', 'engine.wasm'), Buffer.alloc(50_000, 7));
  writeFileSync(join(dir, 'small.css'), 'a{}');
  writeFileSync(join(dir, 'font.woff2'), Buffer.alloc(5_000, 1));
  return dir;
}

describe('precompress(siteDir)', () => {
  it('writes .gz and .br that unpack to the file, for text and wasm from 1 KB, not for small or compressed files', async () => {
    const dir = site();
    const r = await precompress(dir);
    expect(r.files).toBe(2);
    for (const f of ['index.html', 'assets/duckdb/engine.wasm']) {
      const original = readFileSync(join(dir, f));
      expect(gunzipSync(readFileSync(join(dir, `${f}.gz`))).equals(original), f).toBe(true);
      expect(brotliDecompressSync(readFileSync(join(dir, `${f}.br`))).equals(original), f).toBe(true);
    }
    for (const f of ['small.css', 'font.woff2']) expect(existsSync(join(dir, `${f}.gz`)), f).toBe(false);
    expect(missingCopies(dir)).toEqual([]);
    expect(r.brotliBytes).toBeLessThan(r.bytes / 10);
  });

  it('gives the same bytes every time, from its cache too', async () => {
    const cacheDir = tempDir('precompress-cache');
    const a = site();
    const b = site();
    const c = site();
    await precompress(a);
    await precompress(b, { cacheDir, cacheable: (rel) => rel.startsWith('assets/duckdb/') });
    expect(readdirSync(cacheDir).sort()).toHaveLength(3); // the wasm's .gz and .br only, and their digests
    await precompress(c, { cacheDir, cacheable: (rel) => rel.startsWith('assets/duckdb/') });
    for (const f of ['index.html.gz', 'index.html.br', 'assets/duckdb/engine.wasm.gz', 'assets/duckdb/engine.wasm.br']) {
      expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
      expect(readFileSync(join(c, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    }
  });

  it('compresses a site in parts (the pages that wait for the PDFs last), the pruning call keeping what the others used', async () => {
    const cacheDir = tempDir('precompress-cache');
    const dir = site();
    writeFileSync(join(dir, 'reports.html'), `<!DOCTYPE html><html lang="zh-CN"><body>${'<p>2025 年度评估报告 PDF 1.2 MB</p>'.repeat(100)}</body></html>`);
    const late = (rel: string) => rel === 'reports.html';
    const used = new Set<string>();
    const opts = { cacheDir, cacheable: () => true, used };
    // A stale entry from an earlier build: pruned.
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(join(cacheDir, `${'0'.repeat(64)}.gz`), 'stale');
    const first = await precompress(dir, { ...opts, only: (rel) => !late(rel) });
    expect(first.files).toBe(2);
    expect(existsSync(join(dir, 'reports.html.gz'))).toBe(false);
    const second = await precompress(dir, { ...opts, only: late, prune: true });
    expect(second.files).toBe(1);
    expect(missingCopies(dir)).toEqual([]);
    // The copies of all three files (and their digests) stay in the cache, the stale one is gone.
    expect(readdirSync(cacheDir).sort()).toHaveLength(9);
    expect(used.size).toBe(3);
  });

  it('takes a cacheable file’s copies from the cache instead of compressing it again', async () => {
    const cacheDir = tempDir('precompress-cache');
    const opts = { cacheDir, cacheable: (rel: string) => rel.startsWith('assets/duckdb/') };
    await precompress(site(), opts);
    const entry = readdirSync(cacheDir).find((f) => f.endsWith('.gz'))!;
    const kept = statSync(join(cacheDir, entry));
    const d = site();
    await precompress(d, opts);
    // the cache's file itself, linked: no bytes written
    expect(statSync(join(d, 'assets/duckdb/engine.wasm.gz')).ino).toBe(kept.ino);
    expect(statSync(join(cacheDir, entry)).mtimeMs).toBe(kept.mtimeMs);
    expect(gunzipSync(readFileSync(join(d, 'index.html.gz'))).equals(readFileSync(join(d, 'index.html')))).toBe(true);
  });

  it('makes again a copy that changed in the cache (damaged, or edited through its link in a site) instead of publishing it', async () => {
    const cacheDir = tempDir('precompress-cache');
    const opts = { cacheDir, cacheable: (rel: string) => rel.startsWith('assets/duckdb/') };
    const a = site();
    await precompress(a, opts);
    // A copy in the cache altered in place (which also alters the first site's, its link); the other cut short.
    const gz = readdirSync(cacheDir).find((f) => f.endsWith('.gz'))!;
    const br = readdirSync(cacheDir).find((f) => f.endsWith('.br'))!;
    const bytes = readFileSync(join(cacheDir, gz));
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(join(cacheDir, gz), bytes);
    for (const b of [site(), site()]) {
      await precompress(b, opts);
      const original = readFileSync(join(b, 'assets/duckdb/engine.wasm'));
      expect(gunzipSync(readFileSync(join(b, 'assets/duckdb/engine.wasm.gz'))).equals(original)).toBe(true);
      expect(brotliDecompressSync(readFileSync(join(b, 'assets/duckdb/engine.wasm.br'))).equals(original)).toBe(true);
      writeFileSync(join(cacheDir, br), readFileSync(join(cacheDir, br)).subarray(0, 10));
    }
    expect(gunzipSync(readFileSync(join(cacheDir, gz))).length).toBe(50_000);
  });

  it('keeps the vendored files’ copies in the shared cache, which pruning the out folder’s cache leaves alone', async () => {
    const cacheDir = tempDir('precompress-cache');
    const sharedCacheDir = tempDir('precompress-shared');
    const opts = { cacheDir, cacheable: () => true, prune: true, sharedCacheDir, shared: (rel: string) => rel.startsWith('assets/duckdb/') };
    await precompress(site(), opts);
    expect(readdirSync(sharedCacheDir)).toHaveLength(3); // the wasm's .gz and .br, and their digests
    expect(readdirSync(cacheDir)).toHaveLength(3); // the page's
    const shared = readdirSync(sharedCacheDir).find((f) => f.endsWith('.br'))!;
    const e = site();
    await precompress(e, opts);
    expect(statSync(join(e, 'assets/duckdb/engine.wasm.br')).ino).toBe(statSync(join(sharedCacheDir, shared)).ino);
    expect(readdirSync(sharedCacheDir)).toHaveLength(3);
  });
});
