import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../../pipeline/report/chromium.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { TEMPLATE_DIR } from '../../pipeline/present/render.ts';
import { startServer, type RunningServer } from '../../pipeline/serve.ts';
import { tempDir } from '../support/helpers.ts';

const PAGE = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'">
<title>表</title><script src="assets/table-sort.js" defer></script></head><body>
<table class="data sortable" id="t"><caption>镇街</caption>
<thead><tr><th scope="col">镇街</th><th scope="col" class="num">床位</th><th scope="col" class="num">占比</th><th scope="col" data-no-sort>趋势</th></tr></thead>
<tbody>
<tr><th scope="row">黄村镇</th><td>1,204</td><td>37.5%</td><td>—</td></tr>
<tr><th scope="row">亦庄镇</th><td>—</td><td>5%</td><td>—</td></tr>
<tr><th scope="row">安定镇</th><td>98</td><td data-sort="-1">−1.0%</td><td>—</td></tr>
<tr><th scope="row">&lt;script&gt;</th><td>300</td><td>12%</td><td>—</td></tr>
<tr><th scope="row">礼贤镇</th><td>保持类</td><td>—</td><td>—</td></tr>
</tbody></table>
<table class="data sortable" id="merged"><thead><tr><th>a</th><th>b</th></tr></thead>
<tbody><tr><th rowspan="2">x</th><td>2</td></tr><tr><td>1</td></tr></tbody></table>
</body></html>`;

describe('table-sort.js in headless Chromium', () => {
  let server: RunningServer;
  let browser: LaunchedBrowser;
  beforeAll(async () => {
    const out = tempDir('table-sort');
    mkdirSync(join(out, 'site', 'assets'), { recursive: true });
    copyFileSync(join(TEMPLATE_DIR, 'assets', 'table-sort.js'), join(out, 'site', 'assets', 'table-sort.js'));
    writeFileSync(join(out, 'site', 'index.html'), PAGE);
    server = await startServer({ out, port: 0, log: memoryLogger() });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sorts by number, keeps missing values last, sorts text in Chinese order, and says so with aria-sort', async () => {
    const page = await browser.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url, { waitUntil: 'load' });
    const names = () => page.$$eval('#t tbody th', (ths) => ths.map((th) => th.textContent));
    const buttons = await page.$$('#t thead th button');
    expect(buttons).toHaveLength(3); // the data-no-sort column has none

    await buttons[1]!.click();
    // words among numbers after them either way, missing last (the site review: 保持类 jumped to the top)
    expect(await names()).toEqual(['安定镇', '<script>', '黄村镇', '礼贤镇', '亦庄镇']);
    expect(await page.$eval('#t + .sort-status', (p) => p.textContent)).toBe('已按“床位”升序排列');
    expect(await page.$eval('#t thead th:nth-child(2)', (th) => th.getAttribute('aria-sort'))).toBe('ascending');
    await buttons[1]!.click();
    expect(await names()).toEqual(['黄村镇', '<script>', '安定镇', '礼贤镇', '亦庄镇']);
    expect(await page.$eval('#t + .sort-status', (p) => p.textContent)).toBe('已按“床位”降序排列');
    expect(await page.$eval('#t thead th:nth-child(2)', (th) => th.getAttribute('aria-sort'))).toBe('descending');

    await buttons[2]!.click();
    expect(await names()).toEqual(['安定镇', '亦庄镇', '<script>', '黄村镇', '礼贤镇']);
    expect(await page.$eval('#t thead th:nth-child(2)', (th) => th.hasAttribute('aria-sort'))).toBe(false);

    await buttons[0]!.click();
    expect((await names()).filter((n) => n !== '<script>')).toEqual(['安定镇', '黄村镇', '礼贤镇', '亦庄镇']);

    // Merged body cells: left as published.
    expect(await page.$$('#merged button')).toHaveLength(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
