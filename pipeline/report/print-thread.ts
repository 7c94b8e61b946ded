/**
 * Printing in a thread of its own. The printer answers Chromium all the time a page loads and
 * prints (its fonts, the DevTools protocol's messages, the PDF's bytes); on the build's main
 * thread it waited whenever that thread was busy, and while the PDFs of a corrected workbook
 * print the site is made there, in steps that held it for 0.2–0.8 s (its event loop's delay,
 * measured). In a worker thread the printer is not held up; it also reads and writes the
 * PDFs there (pdf-lib), off the main thread.
 *
 * The thread launches Chromium as soon as it starts (`startPrintThread`), so the browser is
 * ready once the pages are rendered; `print` sends it the jobs, `close` ends it without
 * printing. Started from print-worker.mjs, which loads the TypeScript through tsx (≈ 0.3–0.5
 * s, while the pages render).
 */
import { Worker } from 'node:worker_threads';
import { EXIT, UserError } from '../basics/errors.ts';
import type { PdfJob, PdfResult } from './pdf.ts';
import type { FromPrinter, PrintWorkerData, ToPrinter } from './print-worker.ts';

export interface PrintThread {
  /** Print the jobs (once); `onProgress` after each finished job. Rejects with the first failure. */
  print(jobs: readonly PdfJob[], onProgress?: (done: number, total: number, job: PdfJob) => void): Promise<PdfResult[]>;
  /** End the thread without printing (when there is nothing to print, or rendering failed). */
  close(): Promise<void>;
}

export function startPrintThread(options: PrintWorkerData): PrintThread {
  const worker = new Worker(new URL('./print-worker.mjs', import.meta.url), { workerData: options });
  let used = false;
  let settle: { resolve: (r: PdfResult[]) => void; reject: (e: Error) => void } | undefined;
  let jobs: readonly PdfJob[] = [];
  let progress: ((done: number, total: number, job: PdfJob) => void) | undefined;
  let failure: Error | undefined;
  let gone = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => {
    gone = true;
    resolve();
  }));

  worker.on('message', (m: FromPrinter) => {
    if (m.type === 'progress') {
      progress?.(m.done, m.total, jobs[m.index]!);
      return;
    }
    // The last message: the browser is closed.
    void worker.terminate();
    if (m.type === 'done') settle?.resolve(m.results);
    else if (m.type === 'failed') {
      const error = m.exitCode === null ? new Error(m.message) : new UserError(m.message, m.exitCode);
      if (m.stack) error.stack = m.stack;
      settle?.reject(error);
    }
  });
  worker.on('error', (e) => {
    failure ??= new UserError(`打印 PDF 的线程出错：${e.message}`, EXIT.failure);
    settle?.reject(failure);
  });
  void exited.then(() => settle?.reject(failure ?? new UserError('打印 PDF 的线程意外退出', EXIT.failure)));

  return {
    print(given, onProgress) {
      if (used) return Promise.reject(new Error('print-thread：只能打印一次'));
      used = true;
      jobs = given;
      progress = onProgress;
      return new Promise<PdfResult[]>((resolve, reject) => {
        settle = { resolve, reject };
        if (failure || gone) reject(failure ?? new UserError('打印 PDF 的线程意外退出', EXIT.failure));
        else worker.postMessage({ type: 'print', jobs: [...given] } satisfies ToPrinter);
      }).finally(() => exited);
    },
    async close() {
      if (!used) {
        used = true;
        worker.postMessage({ type: 'close' } satisfies ToPrinter);
      }
      await exited;
    },
  };
}
