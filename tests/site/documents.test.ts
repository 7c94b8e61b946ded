import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { resolvePlan } from '../../pipeline/plan/plan.ts';
import { districtPdfName, townPdfName } from '../../pipeline/report/report.ts';
import { findReports } from '../../pipeline/site/documents.ts';
import { linkFrom, rootOf, SiteFiles } from '../../pipeline/site/files.ts';
import { tempDir } from '../support/helpers.ts';

const plan = resolvePlan();
const geography = loadGeography();

function touch(root: string, rel: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), 'x');
}

describe('findReports(files, plan, geography, years)', () => {
  it('links only the reports and PDFs that exist, newest year first', () => {
    const root = tempDir('site-docs');
    const [a, b] = geography.towns;
    touch(root, 'reports/2021/index.html');
    touch(root, `reports/2021/pdf/${districtPdfName(plan, 2021)}`);
    touch(root, `reports/2021/towns/${a!.code}.html`);
    touch(root, `reports/2021/towns/pdf/${townPdfName(plan, 2021, a!.code)}`);
    touch(root, `reports/2021/towns/${b!.code}.html`);
    touch(root, 'reports/2022/index.html');
    const found = findReports(new SiteFiles(root), plan, geography, [2021, 2022, 2023]);
    expect(found.map((r) => r.year)).toEqual([2023, 2022, 2021]);
    const [y2023, y2022, y2021] = found;
    expect(y2023!.district).toEqual({ html: null, pdf: null });
    expect(y2022!.district).toEqual({ html: 'reports/2022/index.html', pdf: null });
    expect(y2022!.towns.size).toBe(0);
    expect(y2021!.district.pdf).toBe(`reports/2021/pdf/${districtPdfName(plan, 2021)}`);
    expect(y2021!.towns.get(a!.code)).toEqual({ html: `reports/2021/towns/${a!.code}.html`, pdf: `reports/2021/towns/pdf/${townPdfName(plan, 2021, a!.code)}` });
    expect(y2021!.towns.get(b!.code)).toEqual({ html: `reports/2021/towns/${b!.code}.html`, pdf: null });
    expect(y2021!.towns.size).toBe(2);
  });
});

describe('rootOf(path) and linkFrom(from, target)', () => {
  it('make relative links between pages of the site', () => {
    expect(rootOf('index.html')).toBe('');
    expect(rootOf('towns/huangcun.html')).toBe('../');
    expect(rootOf('reports/2021/towns/huangcun.html')).toBe('../../../');
    expect(linkFrom('index.html', 'indicators/3.html')).toBe('indicators/3.html');
    expect(linkFrom('indicators/3.html', 'indicators/index.html')).toBe('index.html');
    expect(linkFrom('towns/huangcun.html', 'reports/2021/towns/huangcun.html')).toBe('../reports/2021/towns/huangcun.html');
    expect(linkFrom('data/index.html', 'data/inputs/population.csv')).toBe('inputs/population.csv');
  });

  it('refuses to write outside the site', () => {
    const files = new SiteFiles(tempDir('site-files'));
    expect(() => files.write('../evil.html', 'x')).toThrow(/网站目录/);
    expect(() => files.write('/etc/evil.html', 'x')).toThrow(/网站目录/);
  });
});
