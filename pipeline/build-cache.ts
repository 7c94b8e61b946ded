/**
 * What a build is made from, and the record of the last successful one in the out folder, so
 * that a rebuild with nothing changed does nothing (and rewrites nothing), and a changed
 * build can reuse what did not change (charts, PDFs). Everything lives under
 * `<out>/.planeval-cache/`, which the atomic publish leaves in place and which is safe to delete.
 *
 * The key of a build is the digest of: the program (its code, templates, plan and text
 * data, locked dependency versions), the input workbooks' contents, the geography, the
 * office's passages and the options that change outputs.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { digest, fileDigest, jsonDigest, treeDigest } from './basics/digest.ts';
import { writeFileAtomically } from './basics/files.ts';
import { PROJECT_ROOT } from './basics/paths.ts';
import type { InputListing } from './ingest/inputs.ts';
import type { Geography } from './plan/geography.ts';
import { CACHE_DIR } from './publish.ts';

/** The folder of the caches inside an out folder. */
export function cacheDir(outDir: string): string {
  return join(resolve(outDir), CACHE_DIR);
}

/** The cache's folders (its entries) and the records it keeps beside them, by use. */
const CACHE_FOLDERS = { workbooks: 'workbooks', charts: 'charts', files: 'files', fonts: 'fonts', precompressed: 'precompressed' } as const;
const CACHE_FILES = { build: 'build.json', pdfs: 'pdf.json', pdfToc: 'pdf-toc.json' } as const;

export type CachePlaces = { [K in keyof typeof CACHE_FOLDERS | keyof typeof CACHE_FILES]: string };

/** Where each of the out folder's caches and records is. */
export function cachePlaces(outDir: string): CachePlaces {
  const root = cacheDir(outDir);
  const at = (names: Record<string, string>) => Object.fromEntries(Object.entries(names).map(([k, n]) => [k, join(root, n)]));
  return { ...at(CACHE_FOLDERS), ...at(CACHE_FILES) } as CachePlaces;
}

/**
 * Make the out folder's cache usable before a build: its folders are folders, its records
 * files. Anything else found in their place (a file where a folder belongs, a link to
 * nothing, a folder named like a record) is damage, and the cache is the program's own and
 * safe to delete: it is removed, so the build makes those entries again instead of stopping.
 */
export function prepareCache(outDir: string): void {
  const root = cacheDir(outDir);
  const isA = (path: string, kind: 'folder' | 'file'): boolean | undefined => {
    try {
      const st = statSync(path); // a link is taken for what it points to
      return kind === 'folder' ? st.isDirectory() : st.isFile();
    } catch {
      try {
        lstatSync(path);
        return false; // a link to nothing
      } catch {
        return undefined; // not there
      }
    }
  };
  const places = cachePlaces(outDir);
  const folders = (Object.keys(CACHE_FOLDERS) as (keyof typeof CACHE_FOLDERS)[]).map((k) => places[k]);
  // a record's next version too (pdf.json.next, written before the publish)
  const files = (Object.keys(CACHE_FILES) as (keyof typeof CACHE_FILES)[]).flatMap((k) => [places[k], `${places[k]}.next`]);
  for (const dir of [root, ...folders]) {
    if (isA(dir, 'folder') === false) rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  for (const file of files) if (isA(file, 'file') === false) rmSync(file, { recursive: true, force: true });
}

let program: string | null = null;

/**
 * The digest of the program itself: its sources, templates, the plan and text data it ships
 * (not the sample workbooks) and the locked dependency versions. Computed once per process.
 */
export function programDigest(): string {
  program ??= digest(
    treeDigest(join(PROJECT_ROOT, 'pipeline')),
    treeDigest(join(PROJECT_ROOT, 'templates')),
    treeDigest(join(PROJECT_ROOT, 'data'), (rel) => rel === 'sample' || rel.startsWith('sample/')),
    existsSync(join(PROJECT_ROOT, 'package-lock.json')) ? fileDigest(join(PROJECT_ROOT, 'package-lock.json')) : '',
    process.version,
  );
  return program;
}

/** Each input file's digest, by its path inside the input folder. */
export function inputDigests(listing: InputListing): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of [...listing.workbooks, ...listing.otherSpreadsheets, ...listing.refused]) {
    try {
      // Regular files only: a pipe or a link to /dev/zero named .xlsx (refused unread) had been
      // read here to its end, which never came, the build hung and ignored SIGTERM (an attack)
      out.set(f.relPath, statSync(f.path).isFile() ? fileDigest(f.path) : 'not a regular file');
    } catch {
      // A file that cannot be read has no digest (its reject says why).
    }
  }
  return out;
}

export interface BuildKeyParts {
  inputs: ReadonlyMap<string, string>;
  ignored: readonly string[];
  geography: Geography;
  /** The passages folder when it is not the project's own (which the program digest covers). */
  passagesDir?: string;
  /** The options that change what is written. */
  options: Record<string, unknown>;
}

/** The digest of the places a build knows (what recognising a town depends on). */
export function geographyDigest(geography: Geography): string {
  return jsonDigest({ district: geography.district, towns: geography.towns });
}

export function buildKey(parts: BuildKeyParts): string {
  return digest(
    programDigest(),
    jsonDigest([...parts.inputs.entries()].sort(([a], [b]) => a.localeCompare(b))),
    jsonDigest([...parts.ignored].sort()),
    geographyDigest(parts.geography),
    parts.passagesDir ? treeDigest(resolve(parts.passagesDir)) : '',
    jsonDigest(parts.options),
  );
}

/** What the last successful build into an out folder was made from, and what it said at the end. */
export interface BuildRecord {
  key: string;
  /** The outputs it published (names inside the out folder). */
  outputs: string[];
  /** The summary lines it printed, shown again when a rebuild changes nothing. */
  summary: string[];
  /** The out folder it named in them, as it was then (the folder may have been moved or copied since). */
  outDir?: string;
}

export function readBuildRecord(outDir: string): BuildRecord | null {
  const file = cachePlaces(outDir).build;
  if (!existsSync(file)) return null;
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as BuildRecord;
    return typeof r.key === 'string' && Array.isArray(r.outputs) && Array.isArray(r.summary) ? r : null;
  } catch {
    return null;
  }
}

/**
 * Forgets the last build: called before a build publishes, whose first entry moved makes the
 * record untrue of the out folder. A build killed while publishing then leaves none, and the
 * next build makes everything again rather than say its outputs stand.
 */
export function forgetBuildRecord(outDir: string): void {
  rmSync(cachePlaces(outDir).build, { force: true });
}

export function writeBuildRecord(outDir: string, record: BuildRecord): void {
  writeFileAtomically(cachePlaces(outDir).build, JSON.stringify(record, null, 2) + '\n');
}

/** Whether the out folder still holds what the record says was published. */
export function outputsPresent(outDir: string, record: BuildRecord): boolean {
  return record.outputs.every((name) => existsSync(join(resolve(outDir), name)));
}
