/**
 * A binding target without a value in the final year (a department's workbook not sent) is
 * not judged, and the final evaluation does not count it as unmet (the eighth attack's
 * variants: '未完成2项：“…”为—' and '仍有2项约束性指标未完成' with 区统计局's workbook missing).
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../pipeline/build.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { sample, tempDir } from '../support/helpers.ts';

let overview: string;
let whole: string;
let unjudged: string[];

beforeAll(async () => {
  const input = await sample();
  for (const f of readdirSync(join(input, '2025'))) if (f.startsWith('区统计局')) rmSync(join(input, '2025', f));
  const out = tempDir('unjudged');
  const r = await build({ input, out, acceptRejects: false, pdf: false, log: memoryLogger() });
  if (r.exitCode !== 0) throw new Error(`build: ${r.exitCode}`);
  unjudged = r.values!.filter((v) => v.year === 2025 && v.geoLevel === 'district' && v.isBinding && v.verdict === '无法评估').map((v) => String(v.indicatorId));
  const html = readFileSync(join(out, 'site', 'reports', '2025', 'index.html'), 'utf8');
  whole = html.replace(/<[^>]+>/g, '\n').replace(/&ldquo;|&rdquo;/g, '"');
  const start = html.indexOf('id="overview"');
  overview = html.slice(start, html.indexOf('<h2', start + 20)).replace(/<[^>]+>/g, '').replace(/&ldquo;|&rdquo;/g, '"');
}, 180_000);

describe('the final evaluation with binding targets that have no value', () => {
  it('names them as not judged for want of data, not as unmet', () => {
    expect(unjudged.length).toBeGreaterThan(0);
    expect(overview).toMatch(/2025年缺少数据，无法评估/);
    expect(overview).toMatch(/\d+项约束性指标因缺少数据无法评估/);
    expect(overview).not.toMatch(/为—/);
    expect(overview).not.toMatch(/约束性指标全部完成/);
  });

  it('asks for the data that are missing, from the department that fills them, rather than for a gap to close', () => {
    expect(whole).toContain('2025年缺少计算所需的数据，无法评估是否完成。建议补报2025年区统计局的《人口基础数据》，重新评估。');
    // under a sentence of its own, not '在期末尚未完成，建议…接续推进'
    const flat = whole.replace(/\n/g, '');
    const intro = flat.indexOf('以下目标2025年缺少计算所需的数据，期末是否完成尚无法评估，建议先补报数据、重新评估，再确定是否接续推进：');
    expect(intro).toBeGreaterThan(-1);
    expect(flat.indexOf('建议补报2025年区统计局的《人口基础数据》')).toBeGreaterThan(intro);
    expect(whole).not.toMatch(/2025年为—，未达到目标/);
    // and the chapter's summary of its indicators does not count them unmet
    const chapter = whole.replace(/\n/g, '').split('。').find((x) => x.includes('该体系') && x.includes('每万人户籍儿童机构床位数')) ?? '';
    expect(chapter).toMatch(/“每万人户籍儿童机构床位数”[^；]*2025年缺少数据，无法评估/);
    expect(chapter).not.toMatch(/“每万人户籍儿童机构床位数”[^；]*未完成（/);
  });
});
