// Screenshots of the website for the README: home, an indicator page and a town page, at a
// desktop (1366 px) and a phone (390 px) width, each cropped to at most 1600 px of height,
// as PNG at device scale 1, in the machine's own Chinese font (as a reader sees the site).
// Run after a build:
//
//   node scripts/screenshots.mjs [out/site] [docs/screenshots]
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { register } from 'tsx/esm/api';
import { ROOT } from './setup.mjs';

register();
const { launchBrowser } = await import('../pipeline/report/chromium.ts');

const site = resolve(process.argv[2] ?? join(ROOT, 'out', 'site'));
const outDir = resolve(process.argv[3] ?? join(ROOT, 'docs', 'screenshots'));
if (!existsSync(join(site, 'index.html'))) {
  process.stderr.write(`${site}/index.html 不存在：请先运行 planeval build。\n`);
  process.exit(1);
}
const town = existsSync(join(site, 'towns', 'huangcun.html')) ? 'huangcun' : null;
const pages = [
  { name: 'home', path: 'index.html' },
  { name: 'indicator', path: 'indicators/3.html' },
  ...(town ? [{ name: 'town', path: `towns/${town}.html` }] : []),
];
const widths = [
  { name: 'desktop', width: 1366 },
  { name: 'phone', width: 390 },
];
const MAX_HEIGHT = 1600;

mkdirSync(outDir, { recursive: true });
const browser = await launchBrowser();
try {
  for (const p of pages) {
    for (const w of widths) {
      const tab = await browser.browser.newPage();
      await tab.setViewport({ width: w.width, height: 900, deviceScaleFactor: 1 });
      await tab.goto(`file://${join(site, p.path)}`, { waitUntil: 'load' });
      await tab.evaluate(() => document.fonts.ready);
      const height = await tab.evaluate(() => document.documentElement.scrollHeight);
      const file = join(outDir, `${p.name}-${w.name}.png`);
      await tab.screenshot({ path: file, type: 'png', clip: { x: 0, y: 0, width: w.width, height: Math.min(height, MAX_HEIGHT) } });
      process.stderr.write(`${file}\n`);
      await tab.close();
    }
  }
} finally {
  await browser.close();
}
