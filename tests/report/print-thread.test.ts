/** startPrintThread: printing in a worker thread, with progress, failures as UserErrors and an end without printing. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, UserError } from '../../pipeline/basics/errors.ts';
import type { PdfJob } from '../../pipeline/report/pdf.ts';
import { startPrintThread } from '../../pipeline/report/print-thread.ts';
import { FONTSOURCE_DIR, writeFixture } from '../support/pdf-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'planeval-print-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startPrintThread', () => {
  it('prints the jobs in its own thread, telling each finished job, and ends', async () => {
    const fixture = writeFixture(join(dir, 'a'), { toc: true });
    const plain = join(dir, 'a', 'plain.html');
    writeFileSync(plain, '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>简单</title><body><h1>第一章</h1><p>正文</p></body></html>');
    const jobs: PdfJob[] = [
      { html: fixture.html, pdf: join(dir, 'out', 'toc.pdf'), title: '有目录', date: '2025-12-31' },
      { html: plain, pdf: join(dir, 'out', 'plain.pdf'), title: '简单', date: '2025-12-31' },
    ];
    const thread = startPrintThread({ allowedRoot: [dir, FONTSOURCE_DIR] });
    const seen: [number, number, string][] = [];
    const results = await thread.print(jobs, (done, total, job) => seen.push([done, total, job.title]));
    expect(results.map((r) => r.pdf)).toEqual(jobs.map((j) => j.pdf));
    expect(results[0]!.passes).toBeGreaterThanOrEqual(2);
    expect(Object.keys(results[0]!.tocPages).length).toBeGreaterThan(0);
    for (const j of jobs) expect(readFileSync(j.pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(seen.map(([done, total]) => [done, total])).toEqual([[1, 2], [2, 2]]);
    expect(seen.map(([, , title]) => title).sort()).toEqual(['有目录', '简单'].sort());
    await expect(thread.print(jobs)).rejects.toThrow(/只能打印一次/);
    await thread.close();
  });

  it('gives a failure back as the UserError it was, with its exit code', async () => {
    const outside = join(tmpdir(), `planeval-outside-${process.pid}.html`);
    writeFileSync(outside, '<!doctype html><title>x</title>');
    try {
      const thread = startPrintThread({ allowedRoot: join(dir, 'a') });
      const failed = await thread.print([{ html: outside, pdf: join(dir, 'out', 'x.pdf'), title: 'x' }]).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(UserError);
      expect((failed as UserError).exitCode).toBe(EXIT.failure);
      expect((failed as Error).message).toMatch(/不在允许的目录/);
      expect(existsSync(join(dir, 'out', 'x.pdf'))).toBe(false);
    } finally {
      rmSync(outside, { force: true });
    }
  });

  it('ends without printing when closed, and reports a browser that could not start only when asked to print', async () => {
    await startPrintThread({ allowedRoot: dir }).close();
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      const unused = startPrintThread({ allowedRoot: dir });
      const broken = startPrintThread({ allowedRoot: dir });
      await unused.close();
      const failed = await broken.print([{ html: join(dir, 'a', 'plain.html'), pdf: join(dir, 'out', 'y.pdf'), title: 'y' }]).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(UserError);
      expect((failed as Error).message).toMatch(/CHROMIUM_PATH.*\/nonexistent\/chromium/);
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});
