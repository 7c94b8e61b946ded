/**
 * The final evaluation's 表1 on a phone: scrolled to its last column (情况说明), every row's
 * note starts beside the sticky name column, not under it (session 71's note: its first
 * characters had stayed under the names at 390 px).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../../pipeline/report/chromium.ts';
import { fullBuild, type SmallBuild } from '../support/fixtures.ts';
import { startPortal, type Portal } from '../support/portal.ts';

let build: SmallBuild;
let portal: Portal;
let browser: LaunchedBrowser;

beforeAll(async () => {
  build = await fullBuild();
  portal = await startPortal(build.siteDir, { precompressed: false });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
});

describe('the final evaluation’s table of the period on a phone', () => {
  for (const width of [320, 390, 414, 600]) {
    it(`shows each row's 情况说明 from its first character beside the names at full scroll (${width} px)`, async () => {
      const page = await browser.browser.newPage();
      try {
        await page.setViewport({ width, height: 900 });
        await page.goto(`${portal.url}reports/2025/index.html`, { waitUntil: 'networkidle0' });
        await page.evaluate(() => document.fonts.ready);
        const rows = await page.$eval('table.period', (table) => {
          const wrap = table.closest('.table-wrap')!;
          wrap.scrollLeft = wrap.scrollWidth;
          const box = wrap.getBoundingClientRect();
          return [...table.tBodies[0]!.rows]
            .filter((r) => r.querySelector('th[scope="row"]'))
            .map((r) => {
              const name = r.querySelector('th[scope="row"]')!.getBoundingClientRect();
              const note = r.cells[r.cells.length - 1]!.getBoundingClientRect();
              const year = r.cells[4]!;
              return { name: r.querySelector('th[scope="row"]')!.textContent, nameRight: name.right, noteLeft: note.left, noteRight: note.right, wrapRight: box.right, yearFits: year.scrollWidth <= year.clientWidth };
            });
        });
        expect(rows.length).toBe(32);
        for (const r of rows) {
          expect(r.noteLeft, r.name!).toBeGreaterThanOrEqual(r.nameRight - 0.5);
          expect(r.noteRight, r.name!).toBeLessThanOrEqual(r.wrapRight + 0.5);
          // the years' figures still fit their columns
          expect(r.yearFits, r.name!).toBe(true);
        }
      } finally {
        await page.close();
      }
    });
  }
});
