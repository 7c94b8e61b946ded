/**
 * publication.json's scriptSources: the sites a portal's own scripts come from, allowed by every
 * page's Content-Security-Policy (the site review: the meta policy blocked the statistics a
 * portal puts into every page, and a web team could only edit every file).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SITE_CSP, siteCsp } from '../../pipeline/present/page-frame.ts';
import { loadPublication, normalizePublication } from '../../pipeline/present/publication.ts';
import { tempDir } from '../support/helpers.ts';

const base = { licence: '可免费使用。', contact: '请与民政局联系。' };

describe('publication.json scriptSources', () => {
  it('is none by default, and the policy the site had', () => {
    expect(normalizePublication(base).scriptSources).toEqual([]);
    expect(siteCsp([])).toBe(SITE_CSP);
    expect(loadPublication().scriptSources).toEqual([]);
  });

  it('allows the portal’s scripts, and what they send and show, from the sites given', () => {
    const { scriptSources } = normalizePublication({ ...base, scriptSources: [' https://Tongji.Example.gov.cn/ ', 'https://a.b.cn:8443'] });
    expect(scriptSources).toEqual(['https://tongji.example.gov.cn', 'https://a.b.cn:8443']);
    const csp = siteCsp(scriptSources);
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' https://tongji.example.gov.cn https://a.b.cn:8443;");
    expect(csp).toContain("connect-src 'self' https://tongji.example.gov.cn https://a.b.cn:8443;");
    expect(csp).toContain("img-src 'self' data: https://tongji.example.gov.cn https://a.b.cn:8443;");
    // nothing else loosened
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("default-src 'self';");
  });

  it('refuses anything but an https origin: a wildcard, a path, http, a keyword or a second directive', () => {
    for (const bad of ['*', 'https://*.gov.cn', 'http://tongji.gov.cn', 'https://tongji.gov.cn/js/a.js', "'unsafe-inline'", 'https://a.cn; script-src *', 'tongji.gov.cn', 42]) {
      expect(() => normalizePublication({ ...base, scriptSources: [bad] }), String(bad)).toThrow(/scriptSources 第 1 项/);
    }
    expect(() => normalizePublication({ ...base, scriptSources: 'https://a.cn' })).toThrow(/应为网址的列表/);
  });

  it('reads a changed file again (serve --watch keeps one process)', () => {
    const file = join(tempDir('publication'), 'publication.json');
    writeFileSync(file, JSON.stringify(base));
    expect(loadPublication(file).scriptSources).toEqual([]);
    writeFileSync(file, JSON.stringify({ ...base, scriptSources: ['https://tongji.example.gov.cn'] }));
    expect(loadPublication(file).scriptSources).toEqual(['https://tongji.example.gov.cn']);
  });
});
