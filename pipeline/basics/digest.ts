/**
 * Content digests (SHA-256, hex) for content-addressed outputs: of bytes, of a value as JSON,
 * of a file (read in chunks, so a large workbook is never held whole), and of a folder tree
 * (relative paths and contents, in a stable order). Two equal digests mean equal content.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The digest of strings and bytes, each length-prefixed so that ('ab', 'c') ≠ ('a', 'bc'). */
export function digest(...parts: ReadonlyArray<string | Uint8Array>): string {
  const h = createHash('sha256');
  for (const p of parts) {
    const bytes = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
    h.update(`${bytes.length}:`);
    h.update(bytes);
  }
  return h.digest('hex');
}

/** The digest of a JSON-serialisable value (Maps and Sets as arrays of their entries). */
export function jsonDigest(value: unknown): string {
  return digest(JSON.stringify(value, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v instanceof Set ? [...v] : v)));
}

const CHUNK = 1 << 20;

function updateWithFile(h: Hash, path: string): void {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n <= 0) break;
      h.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

/** The digest of a file's bytes, read in 1 MiB chunks. */
export function fileDigest(path: string): string {
  const h = createHash('sha256');
  updateWithFile(h, path);
  return h.digest('hex');
}

/**
 * The digest of every file under `root` (paths relative to it with `/`, then contents), in
 * sorted order; `skip(relPath)` leaves out a file or folder. A missing root digests as empty.
 */
export function treeDigest(root: string, skip: (relPath: string) => boolean = () => false): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const rel = relative(root, path).split(sep).join('/');
      if (skip(rel)) continue;
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (st.isFile()) {
        h.update(`${rel}\0${st.size}\0`);
        updateWithFile(h, path);
      }
    }
  };
  walk(root);
  return h.digest('hex');
}
