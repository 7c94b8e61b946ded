/**
 * The printing thread (print-thread.ts starts it): launches Chromium as soon as it starts,
 * prints the jobs it is sent with printPdfs, posts each finished job and then the results (or
 * the failure, its message and exit code), and closes the browser.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../basics/errors.ts';
import { launchBrowser } from './chromium.ts';
import { printPdfs, type PdfJob, type PdfResult } from './pdf.ts';

export interface PrintWorkerData {
  allowedRoot: string | string[];
  concurrency?: number;
  timeout?: number;
}

/** From the build: print these jobs, or close (nothing to print). */
export type ToPrinter = { type: 'print'; jobs: PdfJob[] } | { type: 'close' };

/** To the build. */
export type FromPrinter =
  | { type: 'progress'; done: number; total: number; index: number }
  | { type: 'done'; results: PdfResult[] }
  | { type: 'failed'; message: string; exitCode: number | null; stack?: string }
  /** Closed without printing. */
  | { type: 'closed' };

const port = parentPort!;
const options = workerData as PrintWorkerData;
// Chromium starts while the build renders the pages; a launch that failed is reported only
// when there is something to print.
const launching = launchBrowser().then((browser) => ({ browser }), (error: unknown) => ({ error }));

async function print(jobs: PdfJob[]): Promise<FromPrinter> {
  const got = await launching;
  if ('error' in got) return failed(got.error);
  const index = new Map(jobs.map((j, i) => [j, i]));
  try {
    const results = await printPdfs(jobs, {
      ...options,
      browser: got.browser,
      onProgress: (done, total, job) => port.postMessage({ type: 'progress', done, total, index: index.get(job)! } satisfies FromPrinter),
    });
    return { type: 'done', results };
  } catch (e) {
    return failed(e);
  }
}

function failed(e: unknown): FromPrinter {
  const error = e instanceof Error ? e : new Error(String(e));
  return { type: 'failed', message: error.message, exitCode: error instanceof UserError ? error.exitCode : null, stack: error.stack };
}

port.once('message', (m: ToPrinter) => {
  void (async () => {
    const answer: FromPrinter = m.type === 'print' ? await print(m.jobs) : { type: 'closed' };
    // The browser is closed before the answer: the build ends the thread when it has it.
    const got = await launching;
    if ('browser' in got) await got.browser.close();
    port.postMessage(answer);
  })();
});
