/**
 * Rendered charts by the digest of what they are rendered from (the vega-lite spec, the id
 * prefix, the style and the vega versions): a chart drawn before is not drawn again. Kept
 * in memory for the process, and — when a build names a folder (its out folder's cache) —
 * on disk between builds, so a rebuild redraws only the charts whose data changed. Entries
 * on disk are sealed with their digest: a damaged one is drawn again. The folder is safe
 * to delete; entries a build did not use are removed at its end.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pruneFolder } from '../basics/files.ts';
import { readSealedFile, writeSealedFile } from '../basics/sealed.ts';

export interface RenderedChart {
  svg: string;
  /** Warnings vega gave while rendering, replayed on a cache hit. */
  warnings: string[];
}

const MAX_IN_MEMORY = 4000;
const memory = new Map<string, RenderedChart>();
let dir: string | null = null;
let salt = '';
const used = new Set<string>();
/** Keys drawn since the cache was opened: a second use of one is a duplicate, not a reuse. */
const drawnNow = new Set<string>();
let hits = 0;
let misses = 0;

/**
 * Use `folder` as the on-disk cache from now on (null: memory only), for charts drawn by the
 * program `version` (a digest of its code: a changed program draws every chart anew); resets
 * the counts.
 */
export function useChartCache(folder: string | null, version = ''): void {
  dir = folder;
  salt = version;
  if (dir) mkdirSync(dir, { recursive: true });
  used.clear();
  drawnNow.clear();
  hits = 0;
  misses = 0;
}

/** What every chart key starts with: the program version the cache was opened for. */
export function chartCacheSalt(): string {
  return salt;
}

/** Charts drawn since `useChartCache`, and those taken over from an earlier build (duplicates within the build are neither). */
export function chartCacheStats(): { reused: number; drawn: number } {
  return { reused: hits, drawn: misses };
}

/** The chart for `key`, drawing it with `draw` when no cache has it. */
export function cachedChart(key: string, draw: () => RenderedChart): RenderedChart {
  const seen = used.has(key);
  used.add(key);
  const inMemory = memory.get(key);
  if (inMemory) {
    if (!seen && !drawnNow.has(key)) hits += 1;
    return inMemory;
  }
  const file = dir ? join(dir, `${key}.chart`) : null;
  // sealed (basics/sealed.ts): an entry whose bytes changed since it was kept is drawn again
  const bytes = file ? readSealedFile(file) : undefined;
  if (bytes !== undefined) {
    try {
      const chart = JSON.parse(bytes.toString('utf8')) as RenderedChart;
      if (typeof chart.svg === 'string' && Array.isArray(chart.warnings)) {
        remember(key, chart);
        if (!seen) hits += 1;
        return chart;
      }
    } catch {
      // A damaged entry is drawn again and replaced.
    }
  }
  misses += 1;
  drawnNow.add(key);
  const chart = draw();
  remember(key, chart);
  if (file) {
    try {
      writeSealedFile(file, JSON.stringify(chart));
    } catch {
      // A cache that cannot be written only costs the next build the drawing.
    }
  }
  return chart;
}

function remember(key: string, chart: RenderedChart): void {
  if (memory.size >= MAX_IN_MEMORY) memory.clear();
  memory.set(key, chart);
}

/** Remove the on-disk entries this build did not use (charts of data that changed or went away). */
export function pruneChartCache(): number {
  return dir ? pruneFolder(dir, (name) => name.endsWith('.chart') && used.has(name.replace(/\.chart$/, ''))) : 0;
}
