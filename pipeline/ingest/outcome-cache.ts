/**
 * Each workbook's outcome (its sheets parsed and checked, rows packed) kept between builds
 * into the same out folder, by what it is made from: the file's bytes, its place in the
 * input (path and year, which the messages name), the geography and the program. A
 * rebuild after one department's correction reads one workbook instead of all of them;
 * the checks across workbooks and years (validate-year.ts) run on every row as before.
 *
 * An outcome is kept only when the file still has the bytes it was keyed by after it was
 * read (a file changed during the build is not kept under its old digest). Entries are
 * written whole or not at all (temporary file, then rename) and sealed with their digest
 * (basics/sealed.ts); one that cannot be read, or whose bytes changed, is read from the
 * workbook again. Safe to delete.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { digest, fileDigest } from '../basics/digest.ts';
import { pruneFolder } from '../basics/files.ts';
import { readSealedFile, writeSealedFile } from '../basics/sealed.ts';
import type { WorkbookOutcome, WorkbookTask } from './read-workbook.ts';
import { outcomeBytes, outcomeFromBytes } from './outcome-bytes.ts';

export interface OutcomeCacheOptions {
  /** The folder of the entries (created when first written). */
  dir: string;
  /** Each input file's digest when the build started, by its path in the input folder. */
  inputs: ReadonlyMap<string, string>;
  /** What else an outcome depends on: the program and the geography. */
  salt: string;
}

/** Where to keep one outcome, and the digest its file must still have for it to be kept. */
export interface KeepAt {
  file: string;
  digest: string;
}

/**
 * Keep the outcome of `task` just read, unless it says nothing about the file's content (a
 * file-system error, a fault of the program) or the file changed since the build began.
 * Returns whether it was kept. A reading worker calls it with the bytes it hands to the
 * build's thread (outcome-bytes.ts), which then does not serialize it (≈ 0.6 s of the build's
 * thread at 100×).
 */
export function keepOutcome(task: WorkbookTask, at: KeepAt, outcome: WorkbookOutcome, bytes?: Uint8Array): boolean {
  if (!outcome.ok && (outcome.failure.kind === 'file_system' || outcome.failure.kind === 'internal')) return false;
  try {
    if (fileDigest(task.path) !== at.digest) return false;
    writeSealedFile(at.file, bytes ?? outcomeBytes(outcome));
    return true;
  } catch {
    // A cache that cannot be written only costs time next build.
    return false;
  }
}

export class OutcomeCache {
  private readonly used = new Set<string>();
  /** Outcomes taken from the cache, and read from their workbooks, by this build. */
  reused = 0;
  read = 0;

  constructor(private readonly opts: OutcomeCacheOptions) {}

  private key(task: WorkbookTask): string | undefined {
    const file = this.opts.inputs.get(task.relPath);
    return file === undefined ? undefined : digest(this.opts.salt, file, task.relPath, String(task.year));
  }

  /** Whether an outcome of `task` is kept (it may still turn out unreadable: `get`). */
  has(task: WorkbookTask): boolean {
    const key = this.key(task);
    return key !== undefined && this.entries().has(key);
  }

  private listed: Set<string> | undefined;
  private entries(): Set<string> {
    if (!this.listed) {
      try {
        this.listed = new Set(readdirSync(this.opts.dir).filter((n) => /^[0-9a-f]{64}$/.test(n)));
      } catch {
        this.listed = new Set();
      }
    }
    return this.listed;
  }

  /** The kept outcome of `task`, or undefined when there is none or it cannot be read. */
  get(task: WorkbookTask): WorkbookOutcome | undefined {
    const key = this.key(task);
    if (key === undefined || !this.entries().has(key)) return undefined;
    // sealed: an entry whose bytes changed since it was written is read from the workbook again
    const bytes = readSealedFile(join(this.opts.dir, key));
    if (bytes === undefined) return undefined;
    const outcome = outcomeFromBytes(bytes);
    if (outcome === undefined) return undefined;
    this.used.add(key);
    this.reused += 1;
    return { ...outcome, cached: true };
  }

  /** Where the outcome of `task` is to be kept when it is read, for the thread that reads it (undefined: nowhere). */
  keepAt(task: WorkbookTask): KeepAt | undefined {
    const key = this.key(task);
    return key === undefined ? undefined : { file: join(this.opts.dir, key), digest: this.opts.inputs.get(task.relPath)! };
  }

  /** `task` was read by this build, and its outcome kept (`keepOutcome`, in the thread that read it) or not. */
  readNow(task: WorkbookTask, kept: boolean): void {
    this.read += 1;
    const key = this.key(task);
    if (!kept || key === undefined) return;
    this.used.add(key);
    this.entries().add(key);
  }

  /** Keep the outcome of `task` just read in this thread (`keepOutcome`). */
  set(task: WorkbookTask, outcome: WorkbookOutcome): void {
    const at = this.keepAt(task);
    this.readNow(task, at !== undefined && keepOutcome(task, at, outcome));
  }

  /** Remove the entries this build did not use (the workbooks it no longer reads, or read differently). */
  prune(): number {
    return pruneFolder(this.opts.dir, (name) => this.used.has(name));
  }
}
