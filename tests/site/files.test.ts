import { describe, expect, it } from 'vitest';
import { linkFrom, rootOf, SiteFiles } from '../../pipeline/site/files.ts';
import { tempDir } from '../support/helpers.ts';

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
