/**
 * The reports page of a complete build (PDFs printed): the towns' PDFs, linked from a table
 * cell each, have their sizes said once under the table (the site review: no size at all,
 * where the district's PDFs give theirs).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatFileSize } from '../../pipeline/basics/format.ts';
import { smallBuild, type SmallBuild } from '../support/fixtures.ts';

let b: SmallBuild;
beforeAll(async () => {
  b = await smallBuild();
});

describe('reports/index.html', () => {
  it('says how many town PDFs there are and how large, under their table', () => {
    const html = readFileSync(join(b.siteDir, 'reports', 'index.html'), 'utf8');
    const dir = join(b.siteDir, 'reports', '2021', 'towns', 'pdf');
    const sizes = readdirSync(dir).filter((f) => f.endsWith('.pdf')).map((f) => statSync(join(dir, f)).size);
    expect(sizes.length).toBe(22);
    const note = `镇街报告的 PDF 共22份，每份${formatFileSize(Math.min(...sizes))}至${formatFileSize(Math.max(...sizes))}。`;
    const section = html.slice(html.indexOf('id="town-reports"'));
    expect(section).toContain(`<p class="note">${note}</p>`);
    // the district's PDF keeps its size beside its link
    expect(html).toMatch(/daxing-2021\.pdf" download>[^<]*<\/a> <span class="file-detail">PDF，[\d.]+ (KB|MB)<\/span>/);
  });
});
