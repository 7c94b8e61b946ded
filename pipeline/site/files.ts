/**
 * Every file the site stage writes goes through one `SiteFiles`: paths are relative to
 * the site root (`indicators/3.html`), folders are made on the way, and each HTML page is
 * recorded in the page list (path, title, section) that the search index and the tests
 * read. Writes are synchronous and ordered, so the same input gives the same files.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

export interface SitePage {
  /** Relative to the site root, `/`-separated: `towns/huangcun.html`. */
  path: string;
  title: string;
  /** Navigation section the page belongs to (`SITE_SECTIONS` label). */
  section: string;
}

export class SiteFiles {
  readonly pages: SitePage[] = [];

  constructor(readonly root: string) {}

  private abs(rel: string): string {
    if (rel.startsWith('/') || rel.split('/').includes('..')) throw new Error(`网站文件路径应在网站目录内：${rel}`);
    return join(this.root, ...rel.split('/'));
  }

  /** Write bytes or UTF-8 text to `rel`. */
  write(rel: string, data: string | Uint8Array): void {
    const file = this.abs(rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
  }

  /** Write an HTML page and record it in the page list. */
  page(rel: string, html: string, meta: { title: string; section: string }): void {
    this.write(rel, html);
    this.pages.push({ path: rel, ...meta });
  }

  /** Record a page that another writer put at `rel` (it must exist). */
  record(rel: string, meta: { title: string; section: string }): void {
    if (!this.exists(rel)) throw new Error(`页面不存在：${rel}`);
    this.pages.push({ path: rel, ...meta });
  }

  /** Copy a file from outside the site to `rel`. */
  copy(from: string, rel: string): void {
    const file = this.abs(rel);
    mkdirSync(dirname(file), { recursive: true });
    copyFileSync(from, file);
  }

  exists(rel: string): boolean {
    return existsSync(this.abs(rel));
  }

  isDirectory(rel: string): boolean {
    const file = this.abs(rel);
    return existsSync(file) && statSync(file).isDirectory();
  }

  /** Size in bytes of a file of the site. */
  size(rel: string): number {
    return statSync(this.abs(rel)).size;
  }

  /** Files directly in folder `rel` (sorted names), or none when it does not exist. */
  list(rel: string): string[] {
    const dir = this.abs(rel);
    return existsSync(dir) ? readdirSync(dir).sort() : [];
  }
}

/** The way from a page at `rel` back to the site root: `` for `index.html`, `../` for `towns/x.html`. */
export function rootOf(rel: string): string {
  return '../'.repeat(rel.split('/').length - 1);
}

/** `target` (relative to the site root) as a link from the page at `from`. */
export function linkFrom(from: string, target: string): string {
  const rel = posix.relative(posix.dirname(from), target);
  return rel === '' ? posix.basename(target) : rel;
}
