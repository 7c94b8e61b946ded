/**
 * Letting the event loop run: a long stretch of synchronous work (the site's pages and
 * downloads) otherwise holds up what waits on I/O meanwhile, such as Chromium's answers to
 * the PDFs being printed alongside.
 */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
