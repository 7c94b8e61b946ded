/**
 * Files made from data, by the digest of what they are made from: a download workbook or an
 * Arrow copy made before from the same rows by the same program is not made again. On disk
 * only (the bytes can be large), in a folder a build names (its out folder's cache); without
 * one, everything is made. Entries are sealed with their digest (sealed.ts): a damaged one is
 * made again. The folder is safe to delete; entries a build did not use are removed at its
 * end (`pruneByteCache`).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { digest } from './digest.ts';
import { pruneFolder } from './files.ts';
import { readSealedFile, writeSealedFile } from './sealed.ts';

let dir: string | null = null;
let salt = '';
const used = new Set<string>();
let hits = 0;
let misses = 0;

/**
 * Use `folder` from now on (null: no cache), for files made by the program `version` (a
 * digest of its code: a changed program makes every file anew); resets the counts.
 */
export function useByteCache(folder: string | null, version = ''): void {
  dir = folder;
  salt = version;
  if (dir) mkdirSync(dir, { recursive: true });
  used.clear();
  hits = 0;
  misses = 0;
}

/** Files taken from an earlier build and files made since `useByteCache`. */
export function byteCacheStats(): { reused: number; made: number } {
  return { reused: hits, made: misses };
}

/**
 * The bytes of the file of `kind` made from `source` (strings and bytes naming everything
 * the file depends on besides the program), made by `make` when the cache has none.
 */
export async function cachedBytes(kind: string, source: ReadonlyArray<string | Uint8Array>, make: () => Promise<Uint8Array>): Promise<Uint8Array> {
  if (!dir) {
    misses += 1;
    return make();
  }
  const key = `${kind}-${digest(salt, kind, ...source)}`;
  used.add(key);
  const file = join(dir, key);
  // An entry that is not there, cannot be read or whose bytes changed since it was kept is made (again).
  const kept = readSealedFile(file);
  if (kept !== undefined) {
    hits += 1;
    return kept;
  }
  misses += 1;
  const bytes = await make();
  try {
    writeSealedFile(file, bytes);
  } catch {
    // A cache that cannot be written only costs time.
  }
  return bytes;
}

/** Remove the entries this build did not use. Returns how many. */
export function pruneByteCache(): number {
  return dir ? pruneFolder(dir, (name) => used.has(name)) : 0;
}
