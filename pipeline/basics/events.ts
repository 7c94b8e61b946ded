/**
 * This thread's work beside work done elsewhere (Chromium, DuckDB's threads).
 *
 * Letting the event loop run: a long stretch of synchronous work (the site's pages and
 * downloads) otherwise holds up what waits on I/O meanwhile, such as Chromium's answers to
 * the PDFs being printed alongside.
 */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * `work` done in this thread while `background` (DuckDB's threads, say) goes on; both are
 * waited for, whatever happens, so nothing still runs when the caller goes on or cleans up.
 * A failure of `background` is thrown first, else `work`'s.
 */
export async function meanwhile<T>(background: Promise<unknown>, work: () => T | Promise<T>): Promise<T> {
  const [b, w] = await Promise.allSettled([background, Promise.resolve().then(work)]);
  if (b.status === 'rejected') throw b.reason;
  if (w.status === 'rejected') throw w.reason;
  return w.value;
}
