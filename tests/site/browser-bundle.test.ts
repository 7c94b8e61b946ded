/** The site's browser scripts: bundled by esbuild, kept with their sources' digests, made again when one changes. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserScript } from '../../pipeline/site/browser-bundle.ts';
import { tempDir } from '../support/helpers.ts';

const temp = () => tempDir('browser-bundle');

describe('browserScript', () => {
  it('bundles the page script with what it imports, and keeps it with the digests of those sources', () => {
    const cache = temp();
    const text = browserScript('search-page', cache);
    expect(text.startsWith('// planeval: search-page')).toBe(true);
    expect(text).not.toMatch(/^\s*import\s/m);
    const kept = JSON.parse(readFileSync(join(cache, 'search-page.json'), 'utf8')) as { inputs: Record<string, string>; text: string };
    expect(kept.text).toBe(text);
    expect(Object.keys(kept.inputs).sort()).toEqual(['pipeline/site/browser/search-page.ts', 'pipeline/site/search-core.ts']);
  });

  it('takes the kept bundle while its sources are as they were, and bundles again when one changed', () => {
    const cache = temp();
    const text = browserScript('search-page', cache);
    const file = join(cache, 'search-page.json');
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { esbuild: string; inputs: Record<string, string>; text: string };
    // the kept text is what comes back (esbuild is not asked)
    writeFileSync(file, JSON.stringify({ ...kept, text: '// kept' }));
    expect(browserScript('search-page', cache)).toBe('// kept');
    // a source that changed since: bundled again, and kept anew
    writeFileSync(file, JSON.stringify({ ...kept, text: '// stale', inputs: { ...kept.inputs, 'pipeline/site/search-core.ts': '0'.repeat(64) } }));
    expect(browserScript('search-page', cache)).toBe(text);
    expect(JSON.parse(readFileSync(file, 'utf8')).text).toBe(text);
    // another esbuild, or a kept file that cannot be read: bundled again
    writeFileSync(file, JSON.stringify({ ...kept, text: '// other esbuild', esbuild: '0.0.1' }));
    expect(browserScript('search-page', cache)).toBe(text);
    writeFileSync(file, '{ not json');
    expect(browserScript('search-page', cache)).toBe(text);
  });
});
