/**
 * Workbooks read and parsed by a small pool of worker threads, the files dealt out in order to
 * whichever worker has fewest in hand (two at most: the one it reads and the next), the
 * outcomes handed back in the order of the files: the caller sees what reading them one by
 * one would give, in less time on several cores.
 *
 * Memory stays bounded: a worker holds one workbook at a time (itself bounded by the reader's
 * limits), its heap is capped, and the pool reads ahead of the caller by a bounded number of
 * bytes of workbooks, so outcomes pile up only that far when the caller is the slower side.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import type { Geography } from '../plan/geography.ts';
import { readOneWorkbook, type WorkbookOutcome, type WorkbookTask } from './read-workbook.ts';
import type { OutcomeMessage, TaskMessage, WorkerData } from './read-worker.ts';
import { keepOutcome, type KeepAt, type OutcomeCache } from './outcome-cache.ts';
import { outcomeFromBytes } from './outcome-bytes.ts';

/** Worker threads by default: two cores is the machine the pipeline is sized for. */
export const DEFAULT_READ_WORKERS = 2;

/** The heap a worker may use (MB): a workbook within the reader's limits needs well under half of it. */
export const WORKER_HEAP_MB = 1024;

/**
 * The young generation a worker may grow to (MB). Parsing makes many short-lived values: at
 * 100× the two workers spent ≈ 1.4 s collecting garbage with V8's default (of ≈ 9 s of work)
 * and ≈ 0.7 s with 128 MB, reading ≈ 0.6 s faster (three interleaved pairs, an earlier
 * session). But the young space stays as large as it grew: with 128 MB the 100× reading
 * stage held 990–1,030 MiB, the build's peak once DuckDB was held to 512 MB; with 32 MB it
 * holds 850–900 MiB, reading as fast within the machine's noise (two interleaved pairs:
 * 13.3 and 16.3 s against 13.5 and 19.8 s). At 1× and 10× nothing changes.
 */
export const WORKER_YOUNG_MB = 32;

/** How far ahead of the caller the pool reads, in bytes of workbook files (at least one file). */
export const READ_AHEAD_BYTES = 8 * 1024 * 1024;

export interface ReadPoolOptions {
  geography: Geography;
  /** Worker threads; 0 reads in this thread. Default `DEFAULT_READ_WORKERS`, or `PLANEVAL_READ_WORKERS`. */
  workers?: number;
}

/** Worker threads to use: the option, else `PLANEVAL_READ_WORKERS`, else the default; never more than the files or cores. */
export function readWorkerCount(files: number, asked?: number): number {
  const env = process.env.PLANEVAL_READ_WORKERS;
  const n = asked ?? (env !== undefined && /^\d+$/.test(env) ? Number(env) : DEFAULT_READ_WORKERS);
  return Math.max(0, Math.min(n, files, Math.max(2, availableParallelism())));
}

let workerCode: Promise<string> | undefined;

/**
 * The reading worker as one script: read-worker.ts and the modules it imports, bundled by
 * esbuild once per process. A worker thread does not inherit the TypeScript loader that
 * bin/planeval.mjs (tsx) or vitest gave the main thread; registering tsx in each worker works
 * too, but costs each worker 0.3–0.5 s to start and a loader thread of its own, and its
 * transform keeps function names at a cost in the parser's loops. The bundle starts in
 * 50–100 ms. `import.meta.url` is the one of basics/paths.ts, the only module that reads it.
 */
export function readWorkerCode(): Promise<string> {
  workerCode ??= build({
    entryPoints: [fileURLToPath(new URL('./read-worker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    define: { 'import.meta.url': JSON.stringify(new URL('../basics/paths.ts', import.meta.url).href) },
  }).then((r) => r.outputFiles[0]!.text);
  return workerCode;
}

/**
 * The outcome of each task, in task order. With a `cache`, the outcomes it keeps are taken
 * from it and only the other workbooks are read (and their outcomes kept for next time).
 */
export async function* readWorkbooks(tasks: readonly WorkbookTask[], opts: ReadPoolOptions & { cache?: OutcomeCache }): AsyncGenerator<WorkbookOutcome> {
  const { cache } = opts;
  const fresh = cache ? tasks.filter((t) => !cache.has(t)) : tasks;
  const isFresh = new Set(fresh);
  // The thread that reads a workbook also keeps its outcome for the next build.
  const reading = readFresh(fresh.map((task) => ({ task, keep: cache?.keepAt(task) })), opts)[Symbol.asyncIterator]();
  try {
    for (const task of tasks) {
      if (!isFresh.has(task)) {
        // kept: its entry may still be unreadable, then the workbook is read here
        const kept = cache!.get(task);
        if (kept) {
          yield kept;
          continue;
        }
        const outcome = await readOneWorkbook(task, opts.geography);
        cache!.set(task, outcome);
        yield outcome;
        continue;
      }
      const next = await reading.next();
      if (next.done) throw new Error('读取工作簿：结果少于任务');
      cache?.readNow(task, next.value.kept);
      yield next.value.outcome;
    }
  } finally {
    await reading.return?.(undefined);
  }
}

/** A workbook to read, and where to keep its outcome. */
interface FreshTask {
  task: WorkbookTask;
  keep: KeepAt | undefined;
}

/** A workbook's outcome as the thread that read it gives it back, and whether that thread kept it. */
interface Read {
  outcome: WorkbookOutcome;
  kept: boolean;
}

/** Read `tasks` in the pool (in this thread when there is at most one, or no workers). */
async function* readFresh(tasks: readonly FreshTask[], opts: ReadPoolOptions): AsyncGenerator<Read> {
  const workers = tasks.length <= 1 ? 0 : readWorkerCount(tasks.length, opts.workers);
  if (workers === 0) {
    for (const { task, keep } of tasks) {
      const outcome = await readOneWorkbook(task, opts.geography);
      yield { outcome, kept: keep !== undefined && keepOutcome(task, keep, outcome) };
    }
    return;
  }
  const pool = new ReadPool(tasks, workers, opts.geography, await readWorkerCode());
  try {
    for (let i = 0; i < tasks.length; i++) yield await pool.take(i);
  } finally {
    await pool.close();
  }
}

interface Slot {
  worker: Worker;
  /** Task indexes in flight, oldest first: the one being read, and the one it reads next. */
  busy: number[];
}

/**
 * Tasks a worker is given at once: the one it reads and the one it reads next (read-worker.ts
 * takes them in turn). With one, a worker that finished waited for this thread to send it
 * another, and this thread is often busy for a while (handing rows to DuckDB, which compresses
 * them in a synchronous flush: ≈ 1.4 s in all at 100×): the two workers were idle 2.9–3.0 s
 * each of ≈ 10 s, 1.9–2.1 s with two (CPU profiles at 100×). Reading in six alternating pairs:
 * 9.2 s against 9.6 s on average (the machine's noise is larger than that). A task is queued
 * behind another only once every worker has one.
 */
export const TASKS_PER_WORKER = 2;

class ReadPool {
  private readonly slots: Slot[] = [];
  private readonly done = new Map<number, Read>();
  private readonly sizes: number[];
  private next = 0;
  /** The task the caller waits for (all before it are taken). */
  private wanted = 0;
  private waiting: { resolve: (o: Read) => void; reject: (e: Error) => void } | null = null;
  private failed: Error | null = null;
  private closing = false;

  constructor(private readonly tasks: readonly FreshTask[], workers: number, geography: Geography, code: string) {
    this.sizes = tasks.map(({ task: t }) => {
      try {
        return statSync(t.path).size;
      } catch {
        return 0; // the worker meets the same error and reports it
      }
    });
    const workerData: WorkerData = { places: [...geography.byCode.values()] };
    for (let k = 0; k < workers; k++) {
      const worker = new Worker(code, { eval: true, workerData, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
      const slot: Slot = { worker, busy: [] };
      worker.on('message', (m: OutcomeMessage) => {
        const outcome = outcomeFromBytes(m.bytes);
        if (outcome === undefined) this.fail(slot, new Error('读取工作簿的线程送回的结果无法读取'));
        else this.finished(slot, m.id, { outcome, kept: m.kept });
      });
      worker.on('error', (e) => this.fail(slot, e));
      worker.on('exit', (code) => {
        if (slot.busy.length > 0 || code !== 0) this.fail(slot, new Error(`读取工作簿的线程意外退出（退出码 ${code}）`));
      });
      this.slots.push(slot);
    }
    this.dispatch();
  }

  take(i: number): Promise<Read> {
    this.wanted = i;
    if (this.failed) return Promise.reject(this.failed);
    const ready = this.done.get(i);
    if (ready) {
      this.done.delete(i);
      this.wanted = i + 1;
      this.dispatch();
      return Promise.resolve(ready);
    }
    this.dispatch();
    return new Promise((resolve, reject) => {
      this.waiting = {
        resolve: (o) => {
          this.wanted = i + 1;
          this.dispatch();
          resolve(o);
        },
        reject,
      };
    });
  }

  /** Bytes of the tasks handed out and not yet taken by the caller. */
  private ahead(): number {
    let bytes = 0;
    for (let i = this.wanted; i < this.next; i++) bytes += this.sizes[i]!;
    return bytes;
  }

  private dispatch(): void {
    for (let depth = 1; depth <= TASKS_PER_WORKER; depth++) for (const slot of this.slots) {
      if (this.next >= this.tasks.length || this.failed) return;
      if (slot.busy.length >= depth) continue;
      // Always the file the caller waits for; beyond it, only as far as the read-ahead allows.
      if (this.next > this.wanted && this.ahead() + this.sizes[this.next]! > READ_AHEAD_BYTES) return;
      const id = this.next++;
      slot.busy.push(id);
      const message: TaskMessage = { id, task: this.tasks[id]!.task, keep: this.tasks[id]!.keep };
      slot.worker.postMessage(message);
    }
  }

  private finished(slot: Slot, id: number, outcome: Read): void {
    slot.busy.shift();
    if (id === this.wanted && this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w.resolve(outcome);
    } else {
      this.done.set(id, outcome);
    }
    this.dispatch();
  }

  private fail(slot: Slot, e: Error): void {
    if (this.failed || this.closing) return;
    const file = slot.busy.length > 0 ? this.tasks[slot.busy[0]!]!.task.relPath : undefined;
    const outOfMemory = (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
    this.failed = new Error(
      outOfMemory
        ? `读取${file ? `文件“${file}”` : '工作簿'}时超出了读取线程的内存上限（${WORKER_HEAP_MB} MB）`
        : `读取${file ? `文件“${file}”` : '工作簿'}的线程出错：${e.message}`,
      { cause: e },
    );
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w.reject(this.failed);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
