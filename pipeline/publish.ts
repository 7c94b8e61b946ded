/**
 * Outputs are built in a staging folder and moved into place only when the whole build
 * succeeded: a failed or killed build leaves the previous outputs as they were.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** A fresh staging folder inside `outDir` (same file system, so renames are atomic). */
export function createStaging(outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  const dir = join(outDir, `.staging-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Remove staging folders left by killed builds. */
export function sweepStaging(outDir: string, readdir: (d: string) => string[]): void {
  if (!existsSync(outDir)) return;
  for (const name of readdir(outDir)) {
    if (name.startsWith('.staging-') && name !== `.staging-${process.pid}`) rmSync(join(outDir, name), { recursive: true, force: true });
  }
}

/**
 * Move each entry of `staging` into `outDir`, replacing the previous one: the old entry
 * is renamed aside first and removed only after the new one is in place.
 */
export function publish(staging: string, outDir: string, entries: readonly string[]): void {
  for (const entry of entries) {
    const from = join(staging, entry);
    if (!existsSync(from)) continue;
    const to = join(outDir, entry);
    const aside = join(staging, `.previous-${entry}`);
    if (existsSync(to)) renameSync(to, aside);
    renameSync(from, to);
    rmSync(aside, { recursive: true, force: true });
  }
  rmSync(staging, { recursive: true, force: true });
}

export function discard(staging: string): void {
  rmSync(staging, { recursive: true, force: true });
}
