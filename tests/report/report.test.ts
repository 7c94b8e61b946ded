/**
 * The district reports of the whole sample (one complete build, PDFs included): the annual
 * evaluations' structure and numbers, the final evaluation of 2021–2025 (report.md §2), and
 * the printed PDFs (A4, fonts embedded, outline, exact contents page numbers).
 */
import { execFileSync } from 'node:child_process';
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { createFont } from 'fonteditor-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULE_LABELS } from '../../pipeline/ingest/ledger.ts';
import { parseCsv, type CsvRow } from '../../pipeline/basics/csv.ts';
import { formatNumber, formatPercent } from '../../pipeline/basics/format.ts';
import { resolvePlan, type Chapter } from '../../pipeline/plan/plan.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import type { YearReports } from '../../pipeline/present/report-documents.ts';
import { readOutline } from '../../pipeline/report/pdf-outline.ts';
import { unreachableShare } from '../../pipeline/present/table-notes.ts';
import { fullBuild } from '../support/fixtures.ts';

const plan = resolvePlan();
const geography = loadGeography();
let out: string;
let documents: YearReports[];
let values: CsvRow[];

const page = (year: number) => readFileSync(join(out, 'site', 'reports', String(year), 'index.html'), 'utf8');
const pdfOf = (year: number) => join(out, 'pdf', String(year), `daxing-${year}.pdf`);

beforeAll(async () => {
  // The run's shared build of the 2020–2025 sample, PDFs included (fixtures.ts).
  const built = await fullBuild();
  out = built.out;
  documents = built.documents;
  values = parseCsv(readFileSync(join(out, 'data', 'indicator_values.csv'), 'utf8'));
});

function decode(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
}

/** Headings of the page in order: [tag level, id, text, class]. */
function headings(html: string): [number, string, string, string][] {
  return [...html.matchAll(/<h([1-6]) id="([^"]+)"(?: class="([^"]*)")?>([^<]*)<\/h\1>/g)].map((m) => [Number(m[1]), m[2]!, decode(m[4]!), m[3] ?? '']);
}

/** The page's text without tags (for phrases a reader would see). */
function text(html: string): string {
  return decode(html.replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/<(script|style)[\s\S]*?<\/\1>/g, '').replace(/<[^>]+>/g, ''));
}

/** The text of a section, from its heading to the next heading of its level or above. */
function sectionText(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return '';
  const level = Number(/^<h(\d)/.exec(html.slice(html.lastIndexOf('<h', start), start))?.[1] ?? 2);
  const rest = html.slice(start);
  const next = rest.slice(1).search(new RegExp(`<h[1-${level}] id=`));
  return text(next < 0 ? rest : rest.slice(0, next + 1));
}

const NUMBERING = [/^[一二三四五六七八九十]+、/, /^（[一二三四五六七八九十]+）/, /^\d+\./, /^（\d+）/];

describe('writeReports(input): the documents it hands on', () => {
  it('lists every page and PDF it wrote, site-relative, with the reports’ names and sections', () => {
    expect(documents.map((d) => d.year)).toEqual([2025, 2024, 2023, 2022, 2021]);
    for (const y of documents) {
      expect(y.district).toEqual({ html: `reports/${y.year}/index.html`, pdf: `reports/${y.year}/pdf/daxing-${y.year}.pdf` });
      expect(y.towns.size).toBe(22);
      for (const doc of [y.district, ...y.towns.values()]) for (const rel of [doc.html, doc.pdf]) expect(existsSync(join(out, 'site', rel!)), rel!).toBe(true);
      expect(y.sections.length).toBeGreaterThan(5);
    }
    expect(documents[0]!.name).toBe('实施情况总结评估报告');
    expect(documents[1]!.name).toBe('2024年度实施评估报告');
  });

  it('gives the reports fonts that hold the words only some data bring, so one corrected workbook does not change them', () => {
    // every data-quality category (none of which the sample's reports show: all its rows load)
    const pages = readdirSync(join(out, 'site', 'reports'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
    const used = new Set(pages.flatMap((f) => [...readFileSync(join(out, 'site', 'reports', f), 'utf8')]));
    const unused = [...new Set(Object.values(RULE_LABELS).join(''))].filter((ch) => !used.has(ch));
    expect(unused.length).toBeGreaterThan(0);
    const dir = join(out, 'site', 'assets', 'fonts', 'report');
    for (const file of readdirSync(dir)) {
      const font = createFont(readFileSync(join(dir, file)), { type: 'woff', inflate: (data: number[]) => [...inflateSync(Uint8Array.from(data))] });
      const cmap = font.get().cmap;
      expect(unused.filter((ch) => cmap[ch.codePointAt(0)!] === undefined), file).toEqual([]);
    }
  });
});

describe('an annual evaluation (2023)', () => {
  let html: string;
  beforeAll(() => {
    html = page(2023);
  });

  it('keeps the chapters, numbered 一、/（一）/1. with one numbering per level; the contents list two levels', () => {
    const hs = headings(html).filter(([, id]) => id !== 'toc-title' && id !== 'report-title');
    expect(hs.filter(([tag]) => tag === 2).map(([, , t]) => t)).toEqual(['一、总体评价', '二、主要指标完成情况', '三、主要任务进展', '四、存在问题', '五、下一步工作建议', '附录']);
    for (const [tag, id, t, cls] of hs) {
      const level = Number(/h(\d)/.exec(cls)?.[1] ?? 0);
      expect(level, id).toBe(tag - 1);
      if (!id.startsWith('appendix')) expect(t, id).toMatch(NUMBERING[level - 1]!);
    }
    // 三、主要任务进展: the plan's 体系 as （一）…（五）, their sections as 1. 2. …
    const p3 = plan.chapterById.get('p3')!;
    const tree = (ch: Chapter, level: number): [string, number][] => [[ch.title, level], ...ch.children.flatMap((c) => tree(c, level + 1))];
    const expected = p3.children.flatMap((c) => tree(c, 2));
    const got = hs.filter(([, id]) => id.startsWith('sec-')).map(([, , t, cls]) => [t.replace(NUMBERING[Number(/h(\d)/.exec(cls)![1]) - 1]!, ''), Number(/h(\d)/.exec(cls)![1])]);
    expect(got).toEqual(expected);
    const toc = [...html.matchAll(/<li class="toc-level-(\d)">/g)].map((m) => Number(m[1]));
    expect(new Set(toc)).toEqual(new Set([1, 2]));
  });

  it('shows every indicator in 表1 with the value, progress, status and outlook of indicator_values', () => {
    const rows = values.filter((r) => r.year === '2023' && r.geo_level === 'district');
    expect(rows).toHaveLength(32);
    const table = /<table class="data report-table indicators">([\s\S]*?)<\/table>/.exec(html)![1]!;
    for (const ind of plan.indicators) {
      const v = rows.find((r) => Number(r.indicator_id) === ind.id)!;
      const row = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes(`>${ind.isBinding ? '★' : ''}${ind.name}</th>`));
      expect(row, `row of indicator ${ind.id}`).toBeDefined();
      expect(row).toContain(`>${formatNumber(v.value === '' ? null : Number(v.value), ind.precision)}<`);
      if (!ind.isMaintain) expect(row).toContain(`>${formatPercent(v.completion_progress === '' ? null : Number(v.completion_progress))}<`);
      expect(row).toContain(`>${v.status}</span>`);
      expect(row).toContain(`>${v.outlook || '—'}<`);
      // “—” is a value missing; what has none by nature (a ratio's unit, a count over the period's baseline) is “／” (the 2024 review)
      const cells = [...row!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
      if (!ind.unit) expect(cells[1], `${ind.id} unit`).toBe('／');
      if (ind.isCumulative) expect(cells[3], `${ind.id} baseline`).toMatch(/^／/);
    }
    expect(plan.indicators.some((i) => !i.unit) && plan.indicators.some((i) => i.isCumulative)).toBe(true);
    expect(text(html)).toContain('“—”表示缺少数据，不以零计；“／”表示不适用');
  });

  it('counts among the problems a binding target on schedule whose trend misses it, and advises on it (公墓覆盖, 2024)', () => {
    const v = values.find((r) => r.year === '2024' && r.geo_level === 'district' && r.indicator_id === '27')!;
    expect([v.status, v.outlook]).toEqual(['基本符合进度', '需加快']);
    const problems = sectionText(page(2024), 'problems');
    expect(problems).toContain('约束性指标“公益性公墓乡镇服务覆盖率”2024年为92.9%，距100%的目标还需1个镇实现公益性公墓服务覆盖，完成进度为76.2%，落后时序进度3.8个百分点，进度评价为“基本符合进度”，但按2020年以来的趋势，2025年预判为“需加快”');
    expect(problems).toContain('基本社会服务体系：1项约束性指标、1项预期性指标需加快');
    expect(sectionText(page(2024), 'recommendations')).toContain('还需1个镇实现公益性公墓服务覆盖');
  });

  it('names the 镇 without public-cemetery coverage from the workbooks, and says when the ledger task behind it names only covered ones (the third report review)', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const rows = (await conn.runAndReadAll(`select year, geo_code as town, is_covered from read_parquet('${join(out, 'data', 'inputs', 'public_cemetery_coverage.parquet')}') order by year`)).getRowObjectsJS();
    conn.closeSync();
    instance.closeSync();
    const without = (y: number) => geography.towns.filter((t) => rows.some((r) => r.year === y && r.town === t.code && r.is_covered === false)).map((t) => t.name);
    const names = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join('、')}和${xs.at(-1)}` : xs[0]!);
    // 2023: the two 镇 the return marks 否, none added; the ledger's task names 礼贤镇 and 榆垡镇, both covered
    expect(without(2023)).toEqual(without(2022));
    const p2023 = sectionText(page(2023), 'problems');
    expect(p2023).toContain(`尚未实现公益性公墓服务覆盖的是${names(without(2023))}（2023年没有新增）`);
    expect(p2023).toContain(`重点任务“礼贤镇、榆垡镇公益性公墓建设”涉及的礼贤镇和榆垡镇均已实现公益性公墓服务覆盖，相关重点任务中没有针对${names(without(2023))}的`);
    for (const t of ['礼贤镇', '榆垡镇']) expect(without(2023)).not.toContain(t);
    // 2024: one fewer, said by name
    const gained = without(2023).filter((t) => !without(2024).includes(t));
    expect(gained.length).toBe(1);
    expect(sectionText(page(2024), 'problems')).toContain(`尚未实现公益性公墓服务覆盖的是${names(without(2024))}（2024年${gained[0]}新实现公益性公墓服务覆盖）`);
    // and the recommendation on the ledger's task says which 镇 are still without
    const advice = sectionText(page(2023), 'recommendations');
    expect(advice).toContain(`（目前还需2个镇实现公益性公墓服务覆盖，即${names(without(2023))}）`);
    // an indicator's own measure carries the unfinished task behind it, not a bare 加快推进 after it
    expect(advice).toContain('及时申报评定，推进“婚姻登记机关标准化建设”（目前还需1个婚姻登记机关达到5A级，即大兴区婚姻登记处临空经济区服务点）');
    expect(advice).not.toContain('加快推进“婚姻登记机关标准化建设”');
  });

  it('states problems as 3–5 themes, binding indicators first, each with an absolute gap and a cause', () => {
    const themes = headings(html).filter(([, id]) => id.startsWith('problem-'));
    expect(themes.length).toBeGreaterThanOrEqual(3);
    expect(themes.length).toBeLessThanOrEqual(5);
    const warned = values.filter((r) => r.year === '2023' && r.geo_level === 'district' && r.is_binding_warning === 'true').map((r) => plan.indicatorById.get(Number(r.indicator_id))!.name);
    expect(warned.length).toBeGreaterThan(0);
    expect(sectionText(html, themes[0]![1])).toContain(warned[0]!);
    // each title one line of the contents, every year
    for (const year of [2021, 2022, 2023, 2024]) {
      for (const [, , title] of headings(page(year)).filter(([, id]) => id.startsWith('problem-'))) expect(title.length, `${year} ${title}`).toBeLessThanOrEqual(40);
    }
    // A title names what holds the theme back only from the causes of the tasks behind its
    // shortfalls, and only when most shortfalls have one: 资金、系统对接 of two tasks no lagging
    // indicator depends on had headed 养老床位 and 孤儿供养标准; 上级政策 of 街道区划 and 人员招聘 of
    // one of five had headed 基层社会治理 (the third report review)
    expect(themes.map(([, , t]) => t)).toContain('（二）基层社会治理体系：5项指标进度滞后，3项重点任务推进滞后');
    expect(themes.map(([, , t]) => t)).toContain('（三）基本民生保障体系：2项指标进度滞后，3项重点任务推进滞后');
    expect(headings(page(2024)).filter(([, id]) => id.startsWith('problem-')).map(([, , t]) => t)).toEqual([
      // the binding one named and the others apart, or counted where that is too long: '约束性指标“X”等3项'
      // had read as three binding indicators where two were expected ones (the 2022 review)
      '（一）基本民生保障体系：约束性指标“区级精神卫生福利床位数”和另外2项指标滞后',
      '（二）基本社会服务体系：1项约束性指标、1项预期性指标需加快',
      '（三）基层社会治理体系：4项指标、4项重点任务滞后，主要受人员招聘、场地空间制约',
      '（四）民政基础支撑体系：1项重点任务推进滞后，主要受审批手续制约',
      '（五）镇街之间发展不平衡',
    ]);
    // the statuses as they are: 5A级 was 未保持, not 滞后; both binding targets of 2023 were warned
    expect(themes[0]![2]).toBe('（一）基本社会服务体系：约束性指标“5A级婚姻登记机关比例”等2项列入预警');
    expect(headings(page(2022)).find(([, id]) => id.startsWith('problem-'))![2]).toBe('（一）基本民生保障体系：1项约束性指标、2项预期性指标滞后或未保持');
    for (const [, id] of themes) {
      const t = sectionText(html, id);
      if (id === 'problem-towns' || id === 'problem-data') continue;
      expect(t, id).toMatch(/还差|还需|还有/);
      expect(t, id).toMatch(/原因是|从数据看|尚在推进中/);
    }
  });

  it('answers each problem with one recommendation naming who leads it, by when, and the plan’s 保障措施', () => {
    const themes = headings(html).filter(([, id]) => id.startsWith('problem-'));
    const recs = headings(html).filter(([, id]) => id.startsWith('rec-'));
    expect(recs.map(([, id]) => id.replace('rec-', ''))).toEqual(themes.map(([, id]) => id.replace('problem-', '')));
    for (const [, id] of recs) {
      const t = sectionText(html, id);
      expect(t, id).toMatch(/由(?:[^，、]+牵头，(?:[^，]+配合，)?|[^，]+按分工牵头，)(?:落实规划保障措施“[^，]+”的要求，)?2024年底前/);
      expect(t, id).toMatch(/落实规划保障措施“/);
      for (const phrase of ['深入分析原因', '分析原因', '的原因，']) expect(t, id).not.toContain(phrase);
    }
    // the towns' imbalance spans indicators of several departments: each leads its own, none put over the others
    expect(sectionText(html, 'rec-towns')).toMatch(/推动镇街均衡发展\s*由[^，]+、[^，]+按分工牵头，2024年底前对指标不足全区目标水平一半的镇街实行清单管理/);
  });

  it('names, for each measure on a ledger task, the task’s own 牵头单位 when a recommendation has several', () => {
    const ledger = parseCsv(execFileSync('node', [join(process.cwd(), 'bin', 'planeval.mjs'), 'sql', 'select task_name, lead_unit from stg_key_tasks where year = 2023', '--csv', '--db', join(out, 'warehouse.duckdb')], { encoding: 'utf8' }));
    const recs = headings(html).filter(([, id]) => id.startsWith('rec-')).map(([, id]) => sectionText(html, id));
    let checked = 0;
    for (const t of recs.filter((r) => r.includes('按分工牵头'))) {
      for (const m of t.matchAll(/[^；]*?“([^；]+?)”[^；“]*?[（，]([^（），]+)牵头）/g)) {
        const task = ledger.find((r) => r.task_name!.replace(/“([^“”]*)”/g, '‘$1’') === m[1]);
        if (!task) continue;
        expect(m[2], m[1]).toBe(task.lead_unit);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('says a lagging indicator’s gap with the measure on the ledger task that drives it (one measure per problem), and numbers several measures one by one', () => {
    const rec = sectionText(page(2024), 'rec-p3-2');
    // 本社区化率 (indicator 16) lags and its task 提高社区工作者本社区化比例 is behind: one measure, the ledger's lead
    const measure = /[^；：]*“提高社区工作者本社区化比例”[^；。]*/.exec(rec)?.[0] ?? '';
    // (the district's gap, then community by community: no community reaches 50 %, a897319)
    expect(measure, rec).toMatch(/（目前全区合计还需增加\d+名本社区居住的社区工作者，按每个社区分别达到50%计，社区还需增加\d+名本社区居住的社区工作者，社会工作科牵头）$/);
    expect(rec.match(/名本社区居住的社区工作者/g)?.length, rec).toBe(2);
    const html = page(2024);
    const at = html.indexOf('id="rec-p3-2"');
    const list = /<ol class="items">([\s\S]*?)<\/ol>/.exec(html.slice(at, html.indexOf('<h3', at + 10)))?.[1] ?? '';
    expect(list.match(/<li>/g)?.length ?? 0, 'measures as a numbered list').toBeGreaterThanOrEqual(3);
  });

  it('never recommends a key task the ledger shows finished', () => {
    const ledger = parseCsv(execFileSync('node', [join(process.cwd(), 'bin', 'planeval.mjs'), 'sql', "select task_name, progress_status, year from stg_key_tasks", '--csv', '--db', join(out, 'warehouse.duckdb')], { encoding: 'utf8' }));
    for (const year of [2021, 2022, 2023, 2024]) {
      const done = ledger.filter((r) => Number(r.year) === year && r.progress_status === '已完成').map((r) => r.task_name!);
      const recs = headings(page(year)).filter(([, id]) => id.startsWith('rec-')).map(([, id]) => sectionText(page(year), id)).join('');
      for (const name of done) expect(recs, `${year}: ${name}`).not.toContain(`“${name}”`);
    }
  });

  it('gives every chart a description and its table of numbers; no chart of a constant', () => {
    for (const year of [2021, 2022, 2023, 2024, 2025]) {
      const figures = [...page(year).matchAll(/<figure class="chart[^"]*" id="([^"]+)">([\s\S]*?)<\/figure>/g)];
      expect(figures.length).toBeGreaterThan(0);
      for (const [, id, body] of figures) {
        expect(body, id).toMatch(/<svg[^>]*role="img"/);
        expect(body, id).toMatch(/<desc[^>]*>[^<]{10,}/);
        expect(body, id).toContain('<table class="data">');
        const cells = [.../<tbody>([\s\S]*?)<\/tbody>/.exec(body)![1]!.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
        if (id.includes('-trend-')) expect(new Set(cells).size, id).toBeGreaterThan(1);
      }
    }
  });

  it('shows the plan’s printed 2020 baseline everywhere, with a note where the data differ', () => {
    // Indicator 9: the plan prints 30.3 %; 7 of 22 towns in the data is 31.8 %.
    const html23 = page(2023);
    expect(html23).toMatch(/>30\.3<sup class="mark">①<\/sup>/);
    // (13 of 22 in 2023, 59.1 %: (59.1 − 31.8) ÷ (80 − 31.8) = 56.6 %, 0.94 of the 60 % time gone: 滞后, where 30.3 % gives 基本符合进度)
    expect(text(html23)).toContain('①指标9“开展精神障碍社区康复服务的街道乡镇占比”的2020年基期值按规划印发的数值30.3%计；按科室报送数据计算为31.8%；以此为基期，2023年完成进度为56.6%，评价为“滞后”（本报告按规划印发的数值评价）；30.3%不是22个镇街中整数个所占的比例（6个为27.3%、7个为31.8%），其口径待核实。');
    // a printed share that whole towns give (10 % of 20 would): no such remark (the 2023 review: 30.3 % is 6.67 of 22)
    expect(unreachableShare(plan.indicatorById.get(18)!, 22)).toBe('10%不是22个镇街中整数个所占的比例（2个为9.1%、3个为13.6%），其口径待核实');
    expect(unreachableShare(plan.indicatorById.get(18)!, 20)).toBeNull();
    expect(unreachableShare(plan.indicatorById.get(27)!, 14)).toBe('70%不是14个镇中整数个所占的比例（9个为64.3%、10个为71.4%），其口径待核实');
    expect(unreachableShare(plan.indicatorById.get(9)!, 33)).toBeNull();
    const trend = /<figure class="chart" id="district-trend-9">([\s\S]*?)<\/figure>/.exec(page(2025))?.[1];
    expect(trend).toBeDefined();
    expect(trend).toMatch(/<th scope="row">全区（%）<\/th><td>30\.3<\/td>/);
  });

  it('notes a value that prints at its target while below it, with the value unrounded (judged on it)', () => {
    // e.g. indicator 22 in 2024: 0.149万人 prints 0.15 against ≥0.15, and is not met
    const cases = values.filter((r) => r.geo_level === 'district' && r.value !== '' && Number(r.year) >= 2021).flatMap((r) => {
      const ind = plan.indicatorById.get(Number(r.indicator_id))!;
      const v = Number(r.value);
      const shown = Number(v.toFixed(ind.precision));
      return v < ind.target && shown >= ind.target && Math.abs(v * 10 ** ind.precision - Math.round(v * 10 ** ind.precision)) !== 0.5 ? [{ ind, year: Number(r.year), v }] : [];
    });
    expect(cases.length).toBeGreaterThan(0);
    for (const { ind, year } of cases) {
      const note = (rated: string) => new RegExp(`[①-⑩]指标${ind.id}的${year}年实际值为[\\d.]+${ind.unit}，低于目标值${ind.targetText.trim()}${ind.unit}，${rated}（表中修约后为[\\d.]+${ind.unit}）。`);
      expect(text(page(year)), `${ind.id} ${year}`).toMatch(note('尚未达到目标，不评为“已完成”'));
      // the final evaluation's table shows no year's verdict: the note says what the value means
      expect(text(page(2025)), `${ind.id} ${year}`).toMatch(note('当年未达到目标'));
      expect(values.find((r) => r.year === String(year) && r.geo_level === 'district' && r.indicator_id === String(ind.id))!.status).not.toBe('已完成');
    }
  });

  it('notes a 完成进度 that prints at the share of 时序进度 its status starts from while below it (the 2022 review: 38.0 % of 40.0 % rated 滞后)', () => {
    // e.g. indicator 24 in 2022: 37.9999 % prints 38.0 %, 95 % of 40.0 %, and is 滞后, not 基本符合进度
    const cases = values.filter((r) => r.geo_level === 'district' && r.completion_progress !== '' && r.status !== '已完成' && r.status !== '逆向变化').flatMap((r) => {
      const p = Number(r.completion_progress) * 100;
      const t = Number(r.time_progress) * 100;
      const share = [1, 0.95, 0.6].find((s) => p < s * t - 1e-9 && Number(p.toFixed(1)) >= Number((s * t).toFixed(1)));
      return share === undefined ? [] : [{ id: Number(r.indicator_id), year: Number(r.year), p, status: r.status }];
    });
    expect(cases.length).toBeGreaterThan(0);
    for (const { id, year, p, status } of cases) {
      const shown = p.toFixed(1);
      const html = page(year);
      expect(html, `${id} ${year}`).toMatch(new RegExp(`>${shown}%<sup class="mark">[①-⑩]</sup>`));
      expect(text(html), `${id} ${year}`).toMatch(new RegExp(`[①-⑩]指标${id}的${year}年完成进度为[\\d.]+%，(低于|不足)时序进度[\\d.]+%[^，]*，评为“${status}”（表中修约后为${shown}%）(；再有[^。]+即为“[^”]+”)?。`));
    }
    // and how little would have crossed the line, in the indicator's own terms (the 2022 review:
    // 358,340 of 2,001,900 is 17.89999 %; 17.9 % (P = 38.0 %) needs 358,340.1, one more person)
    expect(text(page(2022))).toContain('指标24的2022年完成进度为37.9999%，不足时序进度40.0%的95%（38.0%），评为“滞后”（表中修约后为38.0%）；再有1名实名注册志愿者即为“基本符合进度”。');
    // and the text says it as the note does, not 38.0 % beside 40.0 % and 滞后 (the 2022 review read it as an error)
    expect(text(page(2022))).toContain('“实名注册志愿者占常住人口的比例”为17.9%，完成进度37.9999%，落后时序进度2.0个百分点，进度滞后');
  });

  it('leaves out of 镇街之间发展不平衡 a shortfall the whole district shares, and says so (the 2022 review: five towns listed by 基层慈善服务站点 alone)', () => {
    for (const year of [2021, 2022, 2023, 2024]) {
      const towns = sectionText(page(year), 'problem-towns');
      const shared = plan.indicators.filter((ind) => ind.level === 'DT' && ind.aggregation === 'ratio' && Number(values.find((r) => r.year === String(year) && r.geo_level === 'district' && r.indicator_id === String(ind.id))!.value) < ind.target * 0.5);
      for (const ind of shared) {
        expect(towns, `${year} ${ind.name}`).toMatch(new RegExp(`“${ind.name}”全区为[\\d.]+%[^）]*全区本身不足目标的一半，不在此列`));
      }
      if (year === 2022) expect(shared.map((i) => i.id)).toEqual([28]);
    }
  });

  it('says what a hard target built by projects hangs on: its unfinished projects due by 2025, not of a count a programme grows (the 2022 review)', () => {
    const problems = sectionText(page(2022), 'problems');
    expect(problems).toContain('按当前趋势，“区级精神卫生福利床位数”到2025年完成目标的难度较大，需作为后续工作的重点；“区级精神卫生福利床位数”能否完成，取决于“建设区精神卫生福利中心”（完成时限2023年底，累计完成75%，设施报表填报在建床位100张）和“区精神卫生福利中心二期工程”（完成时限2025年底，尚未启动）能否按期完成');
    // hard by the pace needed, not by the trend: the pace is said, not a judgement of 2025 (the 2021 reviews)
    expect(problems).toContain('“社会工作专业服务机构”、“全区社区社会组织数量”今后每年所需的增幅都在2020年以来年均增幅的3倍以上，需作为后续工作的重点');
    expect(problems).not.toContain('“社会工作专业服务机构”能否完成');
    // a task 推进中 behind the time gone towards its deadline is said so, not left to read as on schedule (the 2022 review)
    expect(problems).toContain('“推进‘撤村建居’工作”尚在推进中，但累计完成35%，低于按完成时限（2025年底）计的时间进度40.0%');
    expect(problems).toContain('“建设区精神卫生福利中心”尚在推进中（累计完成75%，完成时限2023年底）');
  });

  it('does not count a task done after its deadline as a lag made good in time (the final evaluation, 经验与启示 and 成效)', () => {
    const t = text(page(2025));
    expect(t).toContain('4项一度滞后的重点任务也在规划期内完成（其中1项晚于完成时限）');
    expect(t).toContain('“优化征地超转人员综合管理平台”2023年因系统对接需市级部门配合一度滞后，2025年完成，晚于完成时限（2024年底）');
    expect(t).toContain('“婚姻登记机关标准化建设”2023年因新设服务点尚未评定5A一度滞后，2024年完成');
  });

  it('asks the next plan, not the ended one, to settle a baseline the data disagree with', () => {
    const t = text(page(2025));
    expect(t).toContain('核实基期口径：指标9“开展精神障碍社区康复服务的街道乡镇占比”（规划基期值30.3%，按科室报送数据计算为31.8%）；指标18');
    expect(t).toContain('建议“十五五”规划的基期值由同一口径的填报数据测算，并同时公布数量和分母');
    expect(t.split('核实基期口径：').length - 1).toBe(1);
    expect(t).not.toContain('重新核定基期');
    // the targets raised for being set too low are one of them; every kept indicator's target is in 表2 (a reviewer read 提高1项 as all the target changes)
    expect(t).toContain('1项指标原目标明显偏低、按实际水平确定新目标；各项保留指标的“十五五”目标建议见表2。');
    // the definitions as the plan's readers know them, not the program's handling of a town that did not report
    expect(t).toContain('开展精神障碍社区康复服务的镇街数 ÷ 镇街数（22个）× 100');
    expect(t).not.toContain('都填报时即');
    // the changes to the indicator set as one numbered list (1. 2. …), not dashed lists one after another
    const setHtml = page(2025).slice(page(2025).indexOf('id="next-indicators"'), page(2025).indexOf('id="next-targets"'));
    expect(setHtml.match(/<ol class="items">/g)?.length).toBe(1);
    expect(setHtml).not.toContain('<ul class="items">');
    expect(setHtml.match(/<li>(调出|核实基期口径|统一口径|调整口径|提高目标)：/g)?.length).toBe(5);
    // a target met only by a kind first counted in the period: set apart in the next plan, as 一 says of it (the final review)
    expect(t).toContain('，调整1项指标的口径，');
    expect(t).toMatch(/调整口径：指标3“每千名常住人口养老床位数”：目标的完成主要依靠规划期内新计入的家庭照护床位（2025年[\d,]+张），不计这一类为[\d.]+张，低于7张的目标；建议在新规划中把家庭照护床位单列为一项指标/);
  });

  it('carries each unmet target and unfinished task into the next plan with its measure and who leads it, the gap said once', () => {
    const carry = sectionText(page(2025), 'next-carry');
    // the facts in sentences of their own, then the advice: not one sentence with the facts in brackets
    expect(carry).toContain('“千人养老机构床位数”。2025年为5.3张，还差403张养老机构床位，2024、2025年年均增加155张，扣除常住人口增长所需的约29张后年均净增约126张，按此速度2029年可以补齐。建议由养老服务科牵头，提升养老机构床位供给，推动公办养老机构扩容');
    // a target and the unfinished task behind it in one item, led as the ledger says, binding first
    expect(carry.indexOf('约束性指标“区级精神卫生福利床位数”')).toBeLessThan(carry.indexOf('“千人养老机构床位数”'));
    expect(carry).toMatch(/约束性指标“区级精神卫生福利床位数”。2025年为100张，还差50张精神卫生福利床位，2024、2025年缺口没有缩小。相关任务“区精神卫生福利中心二期工程”2022年列入台账，累计完成55%，用地手续办理周期长，完成时间取决于用地手续办理，不作推算。建议由社会福利和儿童福利科牵头，加快精神卫生福利机构建设，增加精神卫生福利床位（2021年度评估已提出）；设施报表[^：]*：用地手续仍未办结的，会同规划自然资源部门建立项目用地协调机制，加快办理该任务的用地手续/);
    expect(carry).toContain('相关任务“提高社区工作者本社区化比例”累计完成78%，新建社区工作者多为外聘。建议由社会工作科牵头');
    // the task just named is 该任务 in the measures, not its long name a second time
    expect(carry).toContain('逐步解决该任务中新建社区工作者多为外聘的问题');
    expect(carry).toContain('重点任务“优化街道行政区划设置”。累计完成90%，已逾期，需待市级政策出台，完成时间取决于上级政策出台，不作推算。');
    // a 时限 from the last two years: for a target, what its numerator added a year net of a growing
    // denominator's need (a falling one not credited); for a task of its own, its 完成进度; none for
    // a gap that did not close, a numerator that did not grow, or a task waiting on land, approvals or the city
    for (const said of [
      '“千人养老机构床位数”。2025年为5.3张，还差403张养老机构床位，2024、2025年年均增加155张，扣除常住人口增长所需的约29张后年均净增约126张，按此速度2029年可以补齐。',
      '重点推动缺口最大的天宫院街道、西红门镇和林校路街道。力争2029年底前补齐。',
      // the beds and volunteers added (140 + 170 = 310 beds, 155 a year) said beside what is left once the
      // population's growth is served: '年均净增约126张' alone read as the beds added (the final review)
      '还需约1.4万名实名注册志愿者，2024、2025年年均增加约1.6万名，扣除常住人口增长所需的约1100名后年均净增约1.5万名，按此速度2026年可以补齐',
      // a station gap closed as much by 村 merged into others as by stations built: only the stations count (38 ÷ 27 a year → 2027, not 2026)
      '还需38个社区（村）建设志愿服务站点，2024、2025年年均增加27个，按此速度2027年可以补齐',
      // a pace below 10 to one place: 约2个 against a gap of 2 read as closing in one year, not by 2027
      '还需2个镇街开展精神障碍社区康复服务，2024、2025年年均增加约1.5个，按此速度2027年可以补齐',
      // a task waiting on land, an approval or the city: why it has no 时限
      '累计完成55%，用地手续办理周期长，完成时间取决于用地手续办理，不作推算',
      '项目立项审批延后，完成时间取决于审批进度，不作推算',
      '还需增加12名本社区居住的社区工作者，2024、2025年本社区居住的社区工作者减少43名，不能推算补齐的时间。',
      '。累计完成88%，已逾期，改造资金未及时到位，按2024、2025年的进度（每年推进25个百分点）2026年可以完成。',
      '区级专项资金优先保障（2023年度评估已提出）。力争2026年底前完成。',
      '政策明确后及时推进该任务（2022年度评估已提出）。',
      '完成时限按近两年的实际速度测算：目标看年均净增的数量能否补齐缺口（社区、人口等基数增加所需的部分先予扣除，基数因撤并减少不算作进展）',
    ]) expect(carry).toContain(said);
    expect(carry.match(/力争\d{4}年底前(补齐|完成)/g)?.length).toBe(7);
    // numbered as 公文 numbers the items under a （一） heading, not dashed
    const carryHtml = page(2025).slice(page(2025).indexOf('id="next-carry"'), page(2025).indexOf('id="next-indicators"'));
    expect(carryHtml).toContain('<ol class="items">');
    expect(carryHtml).not.toContain('<ul class="items">');
    expect(carry).not.toContain('（目前还');
    // 8 targets (7 with their tasks) and 3 tasks of their own: each with its measures; each of the 10 tasks named once
    expect(carry.match(/。建议由/g)?.length).toBe(11);
    expect(carry.match(/(相关任务|重点任务)“[^”]+”。?(\d{4}年列入台账，)?累计完成/g)?.length).toBe(10);
    // where, for a target the towns measure: the towns most behind, as 四、存在的主要问题 names them
    const problems = text(page(2025).slice(page(2025).indexOf('id="problems"')));
    const behind = /“千人养老机构床位数”[^“]*?其中([^，。]+?)的缺口最大/.exec(problems);
    expect(behind, problems.slice(0, 3000)).not.toBeNull();
    // the home that stopped in 2021 and whose 352 beds stand behind most of 还差403张 (四 says it): its reopening, before where (the final review)
    expect(carry).toContain(`推动公办养老机构扩容（2021年度评估已提出）；核实2021年停用的天宫院街道的北京市大兴区安心颐养中心（352张床位）是否已撤销（设施报表已不再列出），未撤销的推动恢复运营，已撤销的另行补足其床位（2023年度评估已提出）；停用床位恢复运营后仍差51张；重点推动缺口最大的${behind![1]}`);
    expect(problems).toContain('2021年：天宫院街道的北京市大兴区安心颐养中心，352张床位');
    expect(carry.match(/重点推动(缺口最大|尚未达到全区目标水平)的/g)?.length).toBeGreaterThanOrEqual(4);
    // a share of towns: the towns without it, each of which its own report says is without
    // (named once, in the measure that sends people there: the final re-review read them twice)
    expect(carry).not.toContain('目前尚未开展精神障碍社区康复服务的是');
    const without = /由其派员到尚未开展服务的([^；。“]+)驻点/.exec(carry);
    expect(without, carry).not.toBeNull();
    const named = without![1]!.split(/、|和/);
    const saying = geography.towns.filter((t) => text(readFileSync(join(out, 'site', 'reports', '2025', 'towns', `${t.code}.html`), 'utf8')).includes('尚未开展精神障碍社区康复服务，是全区'));
    expect(named).toEqual(saying.map((t) => t.name));
    // each cause its own measure: no measure copied from one item to another but for the task it names
    const items = [...page(2025).matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => text(m[1]!)).filter((x) => carry.includes(x));
    const measures = items.flatMap((item) => (/。建议由[^，]+牵头，(.+?)。(力争\d{4}年底前(补齐|完成)。)?$/.exec(item)?.[1] ?? '').split('；'))
      .map((x) => x.replace(/“[^”]*”/g, '“…”').replace(/”中[^；]*?的问题/g, '”中…的问题').replace(/重点推动.*$/, '').trim())
      // the 时限 (力争2026年底前补齐) is a date, not a measure
      .filter((x) => x && !/^力争\d{4}年底前(补齐|完成)/.test(x));
    expect(measures.length).toBeGreaterThan(10);
    expect(measures.filter((x, i) => measures.indexOf(x) !== i)).toEqual([]);
  });

  it('marks nothing and lists no incomplete figure when every row loaded', () => {
    expect(html).not.toMatch(/<sup class="mark">\*<\/sup>/);
    expect(text(html)).not.toContain('数据不完整或缺失的指标值');
    const quality = sectionText(html, 'appendix-quality');
    // and the home off the sheet since 2023, for its department to confirm (the 2023 and 2024 reviews)
    expect(quality).toContain('校验之外，以下事项仍需核实或统一口径：3项指标的2020年基期值按科室报送数据计算与规划印发的数值不一致（口径待核实），报告按规划印发的数值评价（见表1注）；规划文本与指标表不一致之处见附录三；1家停用的设施此后不再列入设施报表，是否已撤销需养老服务科核实：天宫院街道的北京市大兴区安心颐养中心（2021年停用，2023年起不再列出）；重点任务台账中8项任务累计完成低于按完成时限计的时间进度');
    expect(quality).not.toContain('全部数据通过校验');
    // for the public: the departments by name, not workbooks, files, rows or loading (report.md §5)
    expect(quality).toMatch(/本次评估使用(养老服务科|社会救助科)、[^。]*和办公室2020—2023年报送的统计报表和区统计局的人口数据（各统计表见附录一），所报数据均通过校验。/);
    // not “nothing to check” beside what it then asks to check (the 2021 and 2025 reviews)
    expect(quality).not.toContain('没有需要科室更正或核实');
    expect(quality).not.toContain('核实的数据');
    for (const word of ['工作簿', '载入', '读取数据', '报表文件', '条记录']) expect(quality).not.toContain(word);
    // no table of problems by kind when there were none (no “（无） 0 0”)
    expect(quality).not.toContain('数据问题分类统计');
    expect(quality).not.toContain('（无）');
  });

  it('counts a group’s indicators one way, a group all alike as such, and no progress as none (the 2021 review)', () => {
    for (const year of [2021, 2022, 2023, 2024]) {
      const t = text(page(year));
      // not 和 beside 、 (5项进度正常和2项明显滞后、1项逆向变化), nor 3项指标中，3项进度正常
      expect(t, `${year}`).not.toMatch(/\d项(已达到目标|进度正常)和\d/);
      expect(t, `${year}`).not.toMatch(/项(滞后|明显滞后|逆向变化|未保持)、\d+项/);
      expect(t, `${year}`).not.toMatch(/这方面的(\d+)项指标中，\1项/);
    }
    expect(text(page(2022))).toContain('这方面的3项指标进度均正常。');
    expect(text(page(2021))).toContain('该体系共有12项主要指标，4项已达到目标，5项进度正常，2项明显滞后，1项逆向变化；');
    // 0 张 of 150: no progress, not 完成进度为0.0%
    expect(sectionText(page(2021), 'problems')).toContain('“区级精神卫生福利床位数”2021年为0张，距150张的目标还差150张精神卫生福利床位，完成进度为0，落后时序进度20.0个百分点');
    expect(text(page(2021))).not.toContain('完成进度为0.0%');
  });

  it('says beside its count of tasks done one the data contradict, as 附录四 does (the 2024 review: 建设镇街级社会心理服务中心（站） among 已完成30项 while 榆垡镇 had none)', () => {
    const overview = sectionText(page(2024), 'overview');
    expect(overview).toMatch(/已完成\d+项[^。]*；其中“建设镇街级社会心理服务中心（站）”填报2024年已完成，而数据中榆垡镇尚无社会心理服务中心\/站，完成情况需核实（见附录四）。/);
    expect(sectionText(page(2024), 'appendix-quality')).toContain('重点任务台账中“建设镇街级社会心理服务中心（站）”填报2024年已完成，而数据中榆垡镇尚无社会心理服务中心/站，完成情况需社会工作科核实');
    // a year whose tasks done agree with the data says none
    expect(sectionText(page(2023), 'overview')).not.toContain('完成情况需核实');
  });

  it('says where the tasks behind lagging indicators are reported on plan though below their time pace, with no cause given (the 2021 review)', async () => {
    expect(sectionText(page(2021), 'problems')).toContain('以上4项任务在台账中均填报为“按计划推进”，未说明累计完成低于时间进度的原因。');
    // the ask is 附录四's, not the problems' (the 2022 review read it there as handing the analysis back),
    // of every such task: as many as 一 counts below their time pace, the sample's ledger giving none of them a cause
    for (const year of [2021, 2022, 2023, 2024]) {
      expect(sectionText(page(year), 'problems'), `${year}`).not.toContain('需牵头科室');
      const below = /按计划推进\d+项（其中(\d+)项低于按完成时限计的时间进度）/.exec(sectionText(page(year), 'overview'))![1];
      expect(sectionText(page(year), 'appendix-quality'), `${year}`).toMatch(new RegExp(`重点任务台账中${below}项任务累计完成低于按完成时限计的时间进度，但填报为“按计划推进”且未说明原因，需牵头科室补充说明（[^）]+，见附录六中标“＊”的任务）`));
    }
    // each task so named: its ledger note is progress alone (按计划推进，累计完成X%), in that year
    // a name as the report quotes it (inner quotes made ‘’) and as the ledger has it
    const bare = (name: string) => name.replace(/[“”‘’"']/g, '');
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const notes = new Map((await conn.runAndReadAll(`select year, task_name, progress_note from read_parquet('${join(out, 'data', 'inputs', 'key_tasks.parquet')}')`)).getRowObjectsJS()
      .map((r) => [`${r.year}|${bare(String(r.task_name))}`, String(r.progress_note)]));
    conn.closeSync();
    instance.closeSync();
    let named = 0;
    for (const year of [2021, 2022, 2023, 2024]) {
      for (const m of sectionText(page(year), 'problems').matchAll(/其中((?:“[^”]+”、?)+)在台账中均填报为“按计划推进”/g)) {
        for (const name of m[1]!.match(/“[^”]+”/g)!.map((q) => q.slice(1, -1))) {
          expect(notes.get(`${year}|${bare(name)}`), `${year} ${name}`).toMatch(/^按计划推进，累计完成\d+%$/);
          named++;
        }
      }
    }
    expect(named).toBeGreaterThanOrEqual(3);
  });

  it('says in the warning box where the task behind a coverage gap names only towns already covered (the 2023 review: 选址调整 read as the cause of 安定镇、长子营镇’s gap)', () => {
    // stg_public_cemetery_coverage 2023: not covered anding, changziying; 礼贤 and 榆垡 covered; the task 礼贤镇、榆垡镇公益性公墓建设 滞后 at 50 %
    expect(sectionText(html, 'overview')).toContain('相关任务“礼贤镇、榆垡镇公益性公墓建设”进度滞后，累计完成50%，原因是选址调整；任务所列的礼贤镇和榆垡镇均已实现公益性公墓服务覆盖，尚未实现公益性公墓服务覆盖的安定镇和长子营镇没有对应的重点任务');
  });

  it('adds up the stopped beds and those under construction against a bed ratio’s gap (the 2023 and 2024 reviews added 352 and 100 against 655 themselves)', () => {
    // indicator_values 指标4 2023: 10380 beds of 2,006,300 → 655 short of 5.5‰; stg_elderly_care_facilities: 安心颐养中心 352 停用 since 2021, 金秋护养院 100 在建
    expect(sectionText(html, 'problems')).toContain('设施报表填报为在建的北京市大兴区金秋护养院有床位100张；停用的352张恢复运营、在建的100张建成运营后，合计452张，按目前的常住人口仍差203张');
    expect(sectionText(html, 'recommendations')).toContain('推动在建的北京市大兴区金秋护养院（100张床位）按期建成运营，连同停用床位恢复运营，按目前的常住人口仍差203张，需另行落实床位来源');
    // 2024: 544 short, 万福养老照护中心 160 在建
    expect(text(page(2024))).toContain('停用的352张恢复运营、在建的160张建成运营后，合计512张，按目前的常住人口仍差32张');
  });

  it('gives a roster ratio’s measure the gap unit by unit beside the district’s, where no community reaches it (the 2023 review: 31 quoted, 770 needed)', () => {
    // stg_communities 2023, 存续: 3011 of 6083 → 31 to 50 %; 社区 942 of 3314, none of 211 at 50 %, 770 community by community
    expect(sectionText(html, 'recommendations')).toContain('（目前全区合计还需增加31名本社区居住的社区工作者，按每个社区分别达到50%计，社区还需增加770名本社区居住的社区工作者，社会工作科牵头）');
  });

  it('sets the pace a count needs against its last year too where that year added far more than the average (the 2024 review: 4.2 times beside 2024’s +1000)', () => {
    // indicator_values 指标19: 2350 (2023) → 3350 (2024), the period's largest rise; 2650 to 6000 in 2025
    expect(text(page(2024))).toContain('2025年需增加的数量是2020年以来年均增量的4.2倍，是2024年增量（1000家，规划期内最多）的2.6倍');
  });

  it('gives a figure in 万人 in persons too where a gap in persons follows and the decimals round it (the 2024 review: 0.40 − 0.38 read as 200 beside 还差150名)', () => {
    // indicator_values 指标21 2024: 3850 persons → 0.385万人, printed 0.38 (GB/T 8170), 150 to 0.4万人
    expect(text(page(2024))).toContain('“社会工作专业人才总量”0.38万人（3850人），完成进度87.5%，快于时序进度7.5个百分点，距目标还差150名');
    // not where the decimals are exact (0.149万人 = 1490人)
    expect(text(page(2024))).not.toContain('0.149万人（');
  });

  it('is no longer than 65 pages printed', () => {
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfOf(2023)], { encoding: 'utf8' }))![1]);
    expect(pages).toBeLessThanOrEqual(65);
  });

  it('is dated after its data, not on the last day they cover (a viewer in UTC showed the day before)', () => {
    const info = readFileSync(pdfOf(2023)).toString('latin1');
    expect(info).toContain("/CreationDate (D:20240101000000+08'00')");
    expect(info).not.toContain('D:20231231');
  });
});

describe('the final evaluation (2025)', () => {
  let html: string;
  let body: string;
  beforeAll(() => {
    html = page(2025);
    body = text(html.slice(html.indexOf('<article')));
  });

  it('is named in the breadcrumb by what it is, not as the year’s district report (the site review)', () => {
    const crumbs = (h: string) => text(/<nav[^>]*aria-label="[^"]*位置[^"]*"[^>]*>[\s\S]*?<\/nav>/.exec(h)?.[0] ?? /<ol class="breadcrumbs?"[\s\S]*?<\/ol>/.exec(h)?.[0] ?? '');
    expect(crumbs(html)).toContain('总结评估报告（全区）');
    expect(crumbs(page(2024))).toContain('2024年全区报告');
  });

  it('says, in 三, what a share or a count in 万人 met stands for as it grew: the people and the things done (the 2025 review: 体系二 to 五 in percentages only)', () => {
    const section = text(html.slice(html.indexOf('<article')));
    // indicator_values: 21's numerator 2803 → 4060, 14's 123 → 179
    expect(section).toContain('“社会工作专业人才总量”由2020年的0.28万人提高到0.41万人（社会工作专业人才由2803人增加到4060人）');
    expect(section).toContain('“社区居民委员会直接选举和户代表选举比例”由2020年的64.7%提高到80.6%（实行直接选举和户代表选举的社区由123个增加到179个）');
    // every such count is the indicator's numerator in 2020 and 2025
    const num = (y: number, id: number) => Number(values.find((r) => r.year === String(y) && r.geo_level === 'district' && r.indicator_id === String(id))!.numerator);
    let checked = 0;
    for (const ind of plan.indicators) {
      const m = new RegExp(`${ind.name}”由2020年的[^（，；]+(?:（[^）]*）)?提高到[^（，；]+（${ind.numeratorLabel?.name.replace(/[()（）]/g, '.')}由(\\d+)[^由]*?增加到(\\d+)`).exec(section);
      if (!m) continue;
      expect([Number(m[1]), Number(m[2])], ind.name).toEqual([num(2020, ind.id), num(2025, ind.id)]);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });

  it('says a rate that rose on a falling numerator rose within each type of unit, the mix pulling it down, where so (the second 2025 review: “比例的提高主要来自分母减少” said the opposite)', () => {
    // stg_communities 存续: 社区 804/3006 → 1036/3483, 村 2199/3110 → 1932/2476, 526 → 396 村; the indicator 3003/6116 → 2968/5959
    expect(sectionText(html, 'problems')).toContain('“每个社区的社区工作者本社区化率”：2020年以来本社区居住的社区工作者减少35人（下降1.2%），同期社区工作者减少157人（下降2.6%）；分类型看，社区由26.7%升至29.7%，村由70.7%升至78.0%，均有提高；比例较高的村由526个减至396个，拉低了全区比例');
    expect(text(html)).not.toMatch(/本社区化率[^。]*来自分母减少/);
    // and each type against the target in the same breath, 分类型看 said once (p.11 of the 2025 final said it twice)
    expect(sectionText(html, 'problems')).toContain('拉低了全区比例；2025年222个社区均未达到50%，396个村均达到50%；按每个社区分别达到50%计，社区还需增加755名本社区居住的社区工作者');
    expect(sectionText(html, 'problems').match(/分类型看/g)).toHaveLength(1);
    expect(text(html)).toContain('社区工作者减少157人，分类型看社区和村的比例均有提高，全区比例还随社区、村构成的变化而变动，不按趋势（50.5%）外推');
  });

  it('says beside a measure for land procedures that the facility sheet lists the project under construction (the 2024 review: 加快办理用地手续 for a 二期 listed 在建)', () => {
    // stg_key_tasks: 区精神卫生福利中心二期工程, cause 用地手续办理周期长, due 2025; stg_welfare_institutions: 大兴区精神卫生福利中心（二期） 在建 in 2024 and 2025
    // the check first, the measure hanging on it (the final review: 加快办理…用地手续, then 先核实 after it, asked both)
    expect(sectionText(page(2024), 'recommendations')).toContain('设施报表已填报大兴区精神卫生福利中心（二期）为在建，先核实用地手续的实际进展（见附录四）：用地手续仍未办结的，会同规划自然资源部门建立项目用地协调机制，加快办理“区精神卫生福利中心二期工程”的用地手续，倒排工期推进建设；已开工建设的，确保按期建成运营');
    expect(text(html)).toMatch(/设施报表自2024年起已填报大兴区精神卫生福利中心（二期）为在建，先核实用地手续的实际进展（见附录四）：用地手续仍未办结的，[^。；]*加快办理该任务的用地手续，倒排工期推进建设（2024年度评估已提出）；已开工建设的，尽快建成运营/);
    expect(text(html)).not.toMatch(/加快办理该任务的用地手续，倒排工期推进建设（2024年度评估已提出）；设施报表/);
    // and in 四, beside what is being built, the cause said as unsettled (the final review: the title's 用地 asserted)
    expect(sectionText(html, 'problems')).toContain('设施报表填报为在建的大兴区精神卫生福利中心（二期）有床位50张，建成运营后可达到目标；台账所报原因“用地手续办理周期长”与设施报表填报在建的说法不一致，需社会福利和儿童福利科核实（见附录四）');
  });

  it('says on the verdict’s page where a target was met on a kind of its numerator first counted in the period (the second 2025 review: 3300 家庭照护床位 said only in 表2)', () => {
    // indicator_values: 14240 beds of 2,016,800 residents in 2025, 10048 in 2020; 居家养老: 3300 家庭照护床位 in 2025, none in 2020
    const n = (y: number) => Number(values.find((r) => r.year === String(y) && r.geo_level === 'district' && r.indicator_id === '3')!.numerator);
    expect(n(2025) - n(2020)).toBe(4192);
    expect(sectionText(html, 'overview')).toContain('需要说明的是，“每千名常住人口养老床位数”的完成主要依靠规划期内新计入的家庭照护床位（2025年3300张，占养老床位增量的78.7%），不计这一类为5.4张，低于7张的目标。');
  });

  it('says what the towns’ own needs add up to in things, not a bare count that reads as a year (a fresh reading: 千人养老机构床位数为2020张，全区为605张)', () => {
    const m = /其和大于全区需新增数（如千人养老机构床位数，各镇街所需之和为(\d+)张养老机构床位，全区需新增(\d+)张）/.exec(sectionText(html, 'next-towns'));
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(Number(m![2]));
  });

  it('asks, in 附录四, to check a task said to wait on land while the facility it names is listed as under construction (the 2025 review)', () => {
    // stg_key_tasks: 用地手续办理周期长 in 2024 and 2025; stg_welfare_institutions: 大兴区精神卫生福利中心（二期） 在建 from 2024
    const line = '重点任务台账中“区精神卫生福利中心二期工程”的进展说明为“用地手续办理周期长”，而设施报表自2024年起填报大兴区精神卫生福利中心（二期）为在建，两种说法需社会福利和儿童福利科核实';
    expect(sectionText(html, 'appendix-quality')).toContain(line);
    // from the first year both stand, not before (2023: 按计划推进, nothing 在建 of the 二期)
    expect(sectionText(page(2024), 'appendix-quality')).toContain(line.replace('自2024年起', ''));
    expect(sectionText(page(2023), 'appendix-quality')).not.toContain('两种说法');
  });

  it('groups 四、存在的主要问题 by what held the work back, each unmet target and unfinished task in one theme, the binding one first (report.md §2.4)', () => {
    const themes = headings(html).filter(([, id]) => id.startsWith('problem-'));
    expect(themes.length).toBeGreaterThanOrEqual(3);
    expect(themes.length).toBeLessThanOrEqual(5);
    // not by 体系, not a count for a title: conditions a project waits for, people, the rest
    expect(themes.map(([, id]) => id)).toEqual(['problem-cause-conditions', 'problem-cause-people', 'problem-cause-other', 'problem-towns']);
    // as many kinds of condition as one line of the contents holds (the text names them all), 场地
    // not beside 用地 (a review: '用地、场地' named two of the five tasks, the funding, approval and
    // policy ones went unsaid); 用地 here the ledger's word the text asks to be checked, after the others
    expect(themes[0]![2]).toBe('（一）审批、资金等条件制约项目推进，约束性指标“区级精神卫生福利床位数”未完成');
    for (const [, , title] of themes) expect(title.length, title).toBeLessThanOrEqual(40);
    expect(themes[1]![2]).toBe('（二）专业人才和工作力量不足，3项指标未完成');
    // the rest: what grew too slowly, named (each grew over the period), not only that growth fell short
    // 增长不足 over the period, not 偏慢: 社区社会组织 grew faster every year, its slow start unmade (the second final review)
    // and a gap that is mostly beds stopped in the period and not reopened said so (352 of 403: the final review)
    expect(themes[2]![2]).toBe('（三）停用的养老机构床位未补足，社区社会组织和实名注册志愿者增长不足');
    for (const [, , title] of themes) expect(title).not.toMatch(/体系：/);
    // every unmet target and every unfinished task in exactly one theme
    const unmet = plan.indicators.filter((ind) => values.find((r) => r.year === '2025' && r.geo_level === 'district' && r.indicator_id === String(ind.id))!.verdict !== '完成');
    expect(unmet.length).toBe(8);
    const facts = themes.filter(([, id]) => id.startsWith('problem-cause-')).map(([, id]) => sectionText(html, id));
    for (const ind of unmet) expect(facts.filter((t) => t.includes(`“${ind.name}”2025年末为`)).length, ind.name).toBe(1);
    const people = facts[1]!;
    for (const cause of ['专业康复人员不足', '村级站点专业力量不足', '新建社区工作者多为外聘']) expect(people).toContain(`原因是${cause}`);
    for (const cause of ['用地手续办理周期长', '改造资金未及时到位', '项目立项审批延后', '需待市级政策出台']) expect(facts[0]).toContain(`原因是${cause}`);
  });

  it('says, of a total that fell short, in which years it added less than the even pace the target asked (a slow start, not only “增长慢于预期”)', () => {
    const series = [2020, 2021, 2022, 2023, 2024, 2025].map((y) => Number(values.find((r) => r.year === String(y) && r.geo_level === 'district' && r.indicator_id === '19')!.value));
    const adds = series.slice(1).map((v, i) => v - series[i]!);
    const need = (6000 - 800) / 5;
    expect(adds.slice(0, 4).every((a) => a > 0 && a < need) && adds[4]! > need, `the sample: ${adds}`).toBe(true);
    expect(sectionText(html, 'problems')).toContain(`“全区社区社会组织数量”：2021—2024年分别增加${adds.slice(0, 4).map((a) => `${a}家`).join('、')}，低于按期完成所需的年均${need}家；2025年增加${adds[4]}家，快于这一速度，但前期的差距没有补上`);
  });

  it('says, of a ratio that fell short, the facilities that stopped over the period (the 352 beds behind 还差403张 had been said only as growth rates)', () => {
    expect(sectionText(html, 'problems')).toContain('“千人养老机构床位数”：2020年以来养老机构床位增加810张（增长8.2%）');
    expect(sectionText(html, 'problems')).toContain('规划期内全区停用养老机构1家（2021年：天宫院街道的北京市大兴区安心颐养中心，352张床位，2023年起设施报表不再列出）；这352张床位相当于403张缺口的87.3%');
  });

  it('draws the lesson that the ledger’s own progress lagged the indicators, and says a missed forecast the trend gave with the slowing after it (the final review and its re-review)', () => {
    const t = text(html);
    // RW-2020-32 推进中 22/38/56/72 % in 2021–2024; indicator 24 滞后 in 2022–2024 (快于时序进度 in 2021)
    expect(t).toContain('“实名注册志愿者扩面”2022—2024年报为按计划推进，2024年累计完成72%，而相关的“实名注册志愿者占常住人口的比例”2022—2024年评价为滞后');
    expect(t).toMatch(/台账自报的进度未及时反映指标的滞后：\d+项任务在相关指标已评为滞后的年份仍报按计划推进/);
    // a lesson of its own, after 及时发现和纠正偏差 (the re-review: one paragraph of twenty lines)
    expect(sectionText(html, 'lesson-4')).toMatch(/^id="lesson-4" class="h2">（四）台账进度要与指标进度相互印证\s+台账自报的进度/);
    // indicator 30: the 2023 trend 79.936 %; stations 179, 253, 322, 383, 422, 457 (gains 74, 69, 61 → 68 a year, then 39, 35)
    expect(t).toContain('（相关的“建设社区（村）社会心理服务站”两年分别累计完成40%、60%；按当时的趋势推算约为79.9%；此后有社会心理服务站点的社区（村）的增加放缓：2021—2023年年均增加68个，2024、2025年分别增加39、35个）');
    // the rule named for the forecast it raised only (the re-review read it as faulting both)
    expect(t).toContain('对“区级精神卫生福利床位数”的预判沿用了评价方法中“当年进度快于时序进度的，预判不低于‘预计可完成’”的规定（见附录二）');
  });

  it('says on the verdict’s page why a rate the mix of communities holds down is short (the final review: 还需增加12名 read as nearly met)', () => {
    // 2025 rates (社区 29.74 %, 村 78.03 %) at 2020's workers (3006, 3110): (3006 × 0.2974 + 3110 × 0.7803) ÷ 6116 = 54.3 %
    expect(sectionText(html, 'overview')).toContain('其中“每个社区的社区工作者本社区化率”低于50%：222个社区均未达到50%（2025年村为78.0%，社区为29.7%）；全区比例低于50%还因为这一比例较高的村由526个减至396个，按2020年的社区、村构成计算为54.3%。');
  });

  it('gives in 表1’s 情况说明 the closing behind a gap, as its cause (the second final review: 352 of 还差403张, the column said only growth rates)', () => {
    const table = sectionText(html, 'indicators').replace(/<[^>]+>/g, '');
    expect(table).toMatch(/还差403张养老机构床位；2021年停用的天宫院街道的北京市大兴区安心颐养中心（352张床位，相当于403张缺口的87\.3%）至2025年仍未恢复运营（2023年起设施报表不再列出）/);
    // and a target met mostly by a kind of bed 2020 had none of says so
    expect(table).toMatch(/养老床位较2020年增加\d+张，其中\d+张为家庭照护床位（2020年为0）/);
  });

  it('says, of a binding target the district meets, how many towns are still below it and the lowest (binding first, report.md)', () => {
    const below = values.filter((r) => r.year === '2025' && r.geo_level === 'town' && r.indicator_id === '14' && r.value !== '' && Number(r.value) < 80);
    expect(below.length).toBeGreaterThanOrEqual(3);
    expect(sectionText(html, 'problem-towns')).toContain(`约束性指标“社区居民委员会直接选举和户代表选举比例”全区为80.6%，已达到80%的目标，但仍有${below.length}个镇街低于目标，缺口最大的是观音寺街道（50.0%，还需5个社区实行直接选举或户代表选举）`);
    // ties are named together, none of them put above the others (西红门镇 and 礼贤镇 needed the 2 that 天宫院 and 博兴 were
    // named for: the final review; then 天宫院 and 博兴 called 缺口最大 beside equal gaps: the second final review)
    const needs = (code: string) => {
      const r = values.find((x) => x.year === '2025' && x.geo_code === code && x.indicator_id === '14')!;
      return Math.ceil(0.8 * Number(r.denominator) - Number(r.numerator) - 1e-9);
    };
    const twos = below.filter((r) => needs(r.geo_code!) === 2).map((r) => geography.byCode.get(r.geo_code!)!.name);
    expect(twos.length).toBeGreaterThan(2);
    const said = /缺口最大的是观音寺街道[^。]*?镇街层面仍需补齐/.exec(sectionText(html, 'problem-towns'))![0];
    for (const t of twos) expect(said, t).toContain(t);
    expect(said).toMatch(new RegExp(`^缺口最大的是观音寺街道（50.0%，还需5个社区实行直接选举或户代表选举）；其次是[^；。]+各还需2个社区实行直接选举或户代表选举，镇街层面仍需补齐$`));
    expect(said).not.toContain('同样');
  });

  it('says the data\'s own baseline beside the printed one once in its text, where the change is first said (三), not again in 五', () => {
    const t = text(html);
    const asides = [...t.matchAll(/（规划印发的基期值；按科室报送数据计算为[^）]+）/g)].map((m) => m[0]);
    expect(asides.length).toBeGreaterThan(0);
    for (const a of new Set(asides)) expect(asides.filter((x) => x === a).length, a).toBe(1);
  });

  it('has its own title and the structure of report.md §2', () => {
    expect(html).toContain(`<title>${plan.title}实施情况总结评估报告</title>`);
    expect(headings(html).filter(([tag, id]) => tag === 2 && id !== 'toc-title').map(([, , t]) => t)).toEqual([
      '一、规划实施总体情况', '二、主要指标完成情况', '三、主要任务完成情况及成效', '四、存在的主要问题', '五、经验与启示', '六、“十五五”时期的建议', '附录',
    ]);
    const systems = headings(html).filter(([, id]) => /^sec-p3-\d$/.test(id)).map(([, , t]) => t.replace(/^（.）/, ''));
    expect(systems).toEqual(plan.chapterById.get('p3')!.children.map((c) => c.title));
    const next = headings(html).filter(([, id]) => id.startsWith('next-') && id !== 'next-plan').map(([, , t]) => t.replace(/^（.）/, ''));
    expect(next).toEqual(['接续推进未完成的目标和任务', '优化规划指标体系', '主要指标目标建议', '目标分解到镇街']);
  });

  it('marks a carried-over measure an annual report had already proposed, with the year it first did', () => {
    const carry = sectionText(html, 'next-carry');
    const marked = [...carry.matchAll(/([^；：。]+)（(\d{4})年度评估已提出）/g)].map((m) => ({ measure: m[1]!.trim().replace(/^建议由[^，]+牵头，/, ''), year: Number(m[2]) }));
    // the task the item has just named is 该任务 in its measure; the annual report named it in full
    // and the towns still without a service each year's report listed as it stood then ({镇街})
    const said = (measure: string) => new RegExp(measure.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').split('该任务').join('“[^”]+”').replace(/(尚未开展服务的)[^，；。]*?(驻点)/, '$1[^，；。]*?$2'));
    expect(marked.length).toBeGreaterThan(2);
    expect(carry).toContain(`其中${marked.length}项措施此前的年度评估已经提出，至期末相关目标或任务仍未完成`);
    for (const { measure, year } of marked) {
      // said in that year's report, and in none before it
      // among that year's recommendations, and in none before (a measure may be a task's name, said elsewhere)
      expect(sectionText(page(year), 'recommendations'), `${year}: ${measure}`).toMatch(said(measure));
      for (let y = 2021; y < year; y++) expect(sectionText(page(y), 'recommendations'), `${y}: ${measure}`).not.toMatch(said(measure));
    }
  });

  it('says a 体系 finished everything as such, not “1项主要指标完成1项”', () => {
    expect(sectionText(html, 'sec-p3-4')).toContain('该体系只有1项主要指标，已完成；');
    expect(sectionText(html, 'sec-p3-5')).toMatch(/重点任务台账登记该体系任务(\d+)项，全部完成：“/);
    expect(body).not.toMatch(/该体系1项主要指标完成1项|任务(\d+)项，完成\1项/);
  });

  it('explains first how the period is judged, and the annual scale as what the years’ evaluations used', () => {
    const method = sectionText(html, 'appendix-method');
    expect(method.indexOf('规划末年给出期末结论')).toBeGreaterThanOrEqual(0);
    expect(method.indexOf('规划末年给出期末结论')).toBeLessThan(method.indexOf('时序进度 T'));
    expect(method).toContain('各年度评估（本报告回顾规划实施过程时引用）按进度评价：时序进度 T');
    expect(method).toContain('年度评估的进度评价标准');
    const annual = sectionText(page(2024), 'appendix-method');
    expect(annual.indexOf('时序进度 T')).toBeLessThan(annual.indexOf('规划末年给出期末结论'));
    expect(annual).not.toContain('年度评估的进度评价标准');
  });

  it('says what is under construction toward a facility shortfall, and whether it closes the gap', () => {
    // the sample's 福利机构 sheets: 大兴区精神卫生福利中心 (区级, 100 beds) 在建 until 2023, its
    // 二期 (50 beds) 在建 in 2024–2025; indicator 8 (target 150) at 100 from 2023
    const v = (year: number) => Number(values.find((r) => r.year === String(year) && r.geo_level === 'district' && r.indicator_id === '8')!.value);
    expect([v(2021), v(2025)]).toEqual([0, 100]);
    expect(sectionText(html, 'problems')).toContain('“区级精神卫生福利床位数”：设施报表填报为在建的大兴区精神卫生福利中心（二期）有床位50张，建成运营后可达到目标；');
    expect(sectionText(page(2021), 'problems')).toContain('“区级精神卫生福利床位数”：设施报表填报为在建的大兴区精神卫生福利中心有床位100张，建成运营后仍差50张。');
  });

  it('says where the towns below a target the district missed are mostly of one kind (街道 or 镇)', () => {
    const problems = sectionText(html, 'problems');
    const towns = (id: number, kind: string) => geography.towns.filter((t) => t.type === kind)
      .map((t) => Number(values.find((r) => r.year === '2025' && r.geo_code === t.code && r.indicator_id === String(id))!.value));
    const target = (id: number) => plan.indicatorById.get(id)!.target;
    // 本社区化率: every 街道 below 50%, few 镇
    const streets16 = towns(16, '街道');
    const below16 = towns(16, '镇').filter((v) => v < target(16)).length;
    expect(streets16.every((v) => v < target(16))).toBe(true);
    expect(problems).toContain(`“每个社区的社区工作者本社区化率”${streets16.length}个街道全部低于全区目标，${towns(16, '镇').length}个镇中${below16}个`);
    // 志愿服务站点覆盖率: mostly 镇
    const t23 = towns(23, '镇').filter((v) => v < target(23)).length;
    const s23 = towns(23, '街道').filter((v) => v < target(23)).length;
    expect(problems).toContain(`“志愿服务站点在社区综合服务设施中的覆盖率”${towns(23, '镇').length}个镇中${t23}个低于全区目标，${towns(23, '街道').length}个街道中${s23}个`);
    expect(problems).toContain('有5项的差距集中在同一类镇街');
    expect(problems).toContain('街道和镇的短板不同，宜分类施策。');
    // a target the district met is not among them (每千名常住人口养老床位数: 5 街道 below, met)
    expect(problems).not.toMatch(/按镇街类型看[^。]*每千名常住人口养老床位数/);
  });

  it('draws the lesson of wider coverage with the coverage still short at the level below', () => {
    const lessons = sectionText(html, 'lessons');
    const lesson = /坚持重心下移，扩大基层服务覆盖([^]*?)(?:（[一二三四五]）|$)/.exec(lessons)![1]!;
    const final = values.filter((r) => r.year === '2025' && r.geo_level === 'district' && r.verdict === '未完成');
    const short = final.map((r) => plan.indicatorById.get(Number(r.indicator_id))!)
      .filter((ind) => ind.unit === '%' && /覆盖|占比/.test(ind.name) && !ind.isMaintain && !/^(镇街|街镇|镇|街道|街道乡镇)$/.test(ind.denominatorLabel?.name ?? ''));
    expect(short.length).toBeGreaterThan(0);
    expect(lesson).toContain('但社区（村）一级的');
    // each with its own figures and target, not two figures in one bracket
    for (const ind of short) {
      const v = final.find((r) => Number(r.indicator_id) === ind.id)!;
      expect(lesson, ind.name).toContain(`“${ind.name}”由2020年的${ind.baselineText}%提高到${formatNumber(Number(v.value), ind.precision)}%（目标`);
    }
    // no superlative: '覆盖面扩大最明显的方面' beside 社区（村） coverage up 48.9 points read as untrue
    // to a reviewer though 联合会's 62.7 was larger; the completed ones' gains are given, that is enough
    expect(lesson).not.toContain('最明显');
    // the widest widening only if no coverage left short rose more
    const gains = (verdict: string) => values.filter((r) => r.year === '2025' && r.geo_level === 'district' && r.verdict === verdict)
      .map((r) => ({ ind: plan.indicatorById.get(Number(r.indicator_id))!, v: Number(r.value) }))
      .filter(({ ind }) => ind.unit === '%' && /覆盖|占比/.test(ind.name) && !ind.isMaintain && ind.baseline !== null)
      .map(({ ind, v }) => v - ind.baseline!);
    expect(lesson.includes('延伸成效明显')).toBe(Math.max(...gains('完成')) >= Math.max(...gains('未完成')));
  });

  it('points to 附录三 for the plan’s text-versus-table disagreements instead of copying them a third time', () => {
    const setting = sectionText(html, 'next-indicators');
    expect(plan.inconsistencies.length).toBeGreaterThan(1);
    for (const x of plan.inconsistencies) {
      expect(setting).toContain(`指标${x.indicatorId}“${plan.indicatorById.get(x.indicatorId)!.name}”`);
      expect(setting).not.toContain(x.text.replace(/。$/, ''));
    }
    expect(setting.split('统一口径：').length - 1).toBe(1);
    // 前后不一致: of 指标5 the table and the text both say 20家 (the second 2025 review)
    // five indicators in one item: 这些指标, not 该指标 (the final re-review)
    expect(setting).toContain('规划对这些指标的表述前后不一致（见附录三），建议在新规划中统一口径');
    expect(setting).not.toContain('规划指标表与正文的口径不一致');
  });

  it('never asks for something by 2025 or next year, and gives no warnings', () => {
    for (const phrase of ['确保2025年', '下一年度', '预警', '2025预判']) expect(body, phrase).not.toContain(phrase);
  });

  it('counts the targets met, met early, binding met and tasks done, as the data say', () => {
    const final = values.filter((r) => r.year === '2025' && r.geo_level === 'district');
    const n = (v: string) => final.filter((r) => r.verdict === v).length;
    const overview = sectionText(html, 'overview');
    expect(overview).toContain(`到2025年末完成${n('完成')}项、基本完成${n('基本完成')}项、未完成${n('未完成')}项`);
    // every target met early is named, year by year; the maintained ones lost and regained are named too
    // (a maintain target held every year is 提前完成 in the data, and said as held: below)
    const early = values.filter((r) => r.year === '2024' && r.geo_level === 'district' && r.is_early_completion === 'true')
      .filter((r) => final.find((x) => x.indicator_id === r.indicator_id)!.verdict === '完成' && !plan.indicatorById.get(Number(r.indicator_id))!.isMaintain);
    expect(early.length).toBeGreaterThan(3);
    for (const r of early) expect(overview, r.indicator_name).toContain(`“${r.indicator_name}”`);
    for (const r of final.filter((x) => x.verdict === '完成' && plan.indicatorById.get(Number(x.indicator_id))!.isMaintain)) {
      const lost = values.filter((x) => x.geo_level === 'district' && x.indicator_id === r.indicator_id && Number(x.year) >= 2021 && x.status === '未保持').map((x) => x.year);
      if (lost.length) expect(overview, r.indicator_name).toMatch(new RegExp(`“${r.indicator_name}”${lost.join('、')}年未保持`));
    }
    // the maintained targets met are counted, all of them, not 'another three' followed by two more
    const maintained = final.filter((x) => x.verdict === '完成' && plan.indicatorById.get(Number(x.indicator_id))!.isMaintain);
    expect(maintained.length).toBeGreaterThan(3);
    expect(overview).toContain(`${maintained.length}项保持类指标中，`);
    const binding = final.filter((r) => plan.indicatorById.get(Number(r.indicator_id))!.isBinding);
    expect(overview).toContain(`${binding.length}项约束性指标完成${binding.filter((r) => r.verdict === '完成').length}项`);
    expect(overview).toMatch(/规划重点任务台账共\d+项任务(（其中\d+项为规划期内新增）)?，完成\d+项/);
    expect(overview).toMatch(/\d{4}年\d+项（“/);
    // a binding target not met whose verdict rests on the plan's table over its text: both readings said there
    const disputed = plan.inconsistencies.filter((x) => binding.some((r) => Number(r.indicator_id) === x.indicatorId && r.verdict !== '完成'));
    expect(disputed.length).toBeGreaterThan(0);
    for (const x of disputed) expect(overview).toContain(x.text.replace(/。$/, ''));
    // in a sentence of its own, not in parentheses inside parentheses
    const bindingText = /\d+项约束性指标完成[^\n]*/.exec(overview)![0];
    expect(bindingText).not.toMatch(/（[^）]*（/);
  });

  it('tables every year 2020–2025 with a verdict and, for every unmet target, its absolute gap', () => {
    const table = /<table class="data report-table indicators period">([\s\S]*?)<\/table>/.exec(html)![1]!;
    const head = [...table.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);
    for (const y of [2020, 2021, 2022, 2023, 2024, 2025]) expect(head).toContain(`${y}年`);
    expect(head.at(-1)).toBe('情况说明');
    // and the completion progress each verdict rests on (基本完成: P ≥ 95 %), from the values
    expect(head.slice(-4)).toEqual(['2025年目标值', '完成进度', '完成情况', '情况说明']);
    const unmet = values.filter((r) => r.year === '2025' && r.geo_level === 'district' && r.verdict !== '完成');
    expect(unmet.length).toBeGreaterThan(0);
    const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => decode(m[1]!));
    for (const r of unmet) {
      const ind = plan.indicatorById.get(Number(r.indicator_id))!;
      const row = rows.find((x) => x.includes(`>${ind.isBinding ? '★' : ''}${ind.name}</th>`))!;
      expect(row, ind.name).toMatch(/还差\d|还需(?:增加)?约?[\d.,]+|还有\d/);
      if (r.completion_progress !== '') expect(row, ind.name).toContain(`>${(Number(r.completion_progress) * 100).toFixed(1)}%<`);
      // and why (report.md §2): the ledger's cause, or what the ratio's parts say
      const note = /<td>([^<]*)<\/td>\s*$/.exec(row.trim())![1]!;
      expect(note, ind.name).toMatch(/；./);
      // a task's cause said as one (not run on after its name: “提高…比例”新建社区工作者多为外聘)
      if (note.includes('“')) expect(note, ind.name).toMatch(/相关任务“[^”]+”未完成，原因是./);
    }
    // a rate the fewer villages lowered gives that cause here as 一 does, beside the ledger's (a director's reading)
    const rate = rows.find((x) => x.includes('>每个社区的社区工作者本社区化率</th>'))!;
    expect(rate).toContain('还需增加12名本社区居住的社区工作者；比例较高的村由526个减至396个，按2020年的社区、村构成计算为54.3%；相关任务“提高社区工作者本社区化比例”未完成，原因是新建社区工作者多为外聘');
    expect(html).toContain('还因为这一比例较高的村由526个减至396个');
  });

  it('names in a theme’s title no condition the text asks to be checked (用地 of a 二期 the facility sheet lists as 在建: a director’s reading)', () => {
    const title = headings(html).find(([, id]) => id === 'problem-cause-conditions')![2].trim();
    expect(title).toBe('（一）审批、资金等条件制约项目推进，约束性指标“区级精神卫生福利床位数”未完成');
    expect(sectionText(html, 'problem-cause-conditions')).toContain('台账所报原因“用地手续办理周期长”与设施报表填报在建的说法不一致');
  });

  it('gives each problem a cause from the ledger or the data', () => {
    const themes = headings(html).filter(([, id]) => id.startsWith('problem-') && id !== 'problem-towns' && id !== 'problem-data');
    expect(themes.length).toBeGreaterThanOrEqual(3);
    for (const [, id] of themes) expect(sectionText(html, id), id).toMatch(/原因是|从数据看|尚在推进中/);
  });

  it('counts, of the tasks on plan by the ledger, those behind the time gone towards their deadlines (the 2024 review)', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const rows = (await conn.runAndReadAll(`select task_id, deadline, progress_status, progress_pct
      from read_parquet('${join(out, 'data', 'inputs', 'key_tasks.parquet')}') where year = 2024`)).getRowObjectsJS();
    conn.closeSync();
    instance.closeSync();
    const onPlan = rows.filter((r) => r.progress_status === '推进中' && Number(r.progress_pct) < 100);
    const slow = onPlan.filter((r) => {
      const due = Number(/\d{4}/.exec(String(r.deadline))![0]);
      return due > 2020 && Number(r.progress_pct) < Math.round(Math.min(1, 4 / (due - 2020)) * 1000) / 10;
    });
    expect(slow.length).toBeGreaterThan(0);
    expect(sectionText(page(2024), 'overview')).toContain(`按计划推进${onPlan.length}项（其中${slow.length}项低于按完成时限计的时间进度）`);
  });

  it('names in 三 every task on plan below its time pace, as many as 一 counts (the 2023 review: 8 counted, 3 named)', () => {
    for (const year of [2022, 2023, 2024]) {
      const counted = Number(/按计划推进\d+项（其中(\d+)项低于按完成时限计的时间进度）/.exec(sectionText(page(year), 'overview'))![1]);
      const named = sectionText(page(year), 'tasks').match(/按计划推进，但累计完成\d+%，低于按完成时限（\d{4}年底）计的时间进度[\d.]+%/g) ?? [];
      expect(named.length, String(year)).toBe(counted);
    }
    expect(sectionText(page(2023), 'tasks')).toContain('重点任务“推进‘撤村建居’工作”按计划推进，但累计完成58%，低于按完成时限（2025年底）计的时间进度60.0%');
    expect(sectionText(page(2023), 'appendix')).toContain('低于的在“主要任务进展”中逐项写明');
    // a task the ledger took in during the period runs its time from that year (the 2022 review:
    // 见义勇为, listed from 2022 and due at the end of 2023, held to 66.7 % in 2022, not 50 %)
    expect(sectionText(page(2022), 'tasks')).toContain('“完善见义勇为确认和宣传工作”按计划推进，但累计完成40%，低于按完成时限（2023年底）计的时间进度50.0%');
    expect(sectionText(page(2022), 'appendix')).toContain('规划期内列入台账的任务自列入之年年初');
  });

  it('splits a roster ratio by type where one type meets the target and the other none of its units do (the 2023 and 2024 reviews: 每个社区 at 49.7 % made of villages)', () => {
    // 2024 roster, 存续: 社区 987 of 3,409 (29.0 %), none of 217 at 50 %, and 771 to add unit by unit; 村 2,012 of 2,626 (76.6 %), all 422 at 50 %; 2023: 社区 942 of 3,314 (28.4 %), none of 211, 770 to add; 村 2,069 of 2,769 (74.7 %), all 450
    // a count of one per town met by its total: the extra one the district’s own, the town without one building it
    // (stg_psych_service_sites 2024: 区级 1 in xingfeng, 镇街级 21 运营, 榆垡镇社会心理服务中心 在建; the 2024 review read 兴丰街道有2个 as two town centres)
    expect(text(page(2024))).toContain('“建成社会心理服务中心/站数量”（22个，但榆垡镇的尚在建设，兴丰街道的2个中有1个是区级的大兴区社会心理服务促进中心）2024年达到规划目标');
    // and the ledger’s 已完成 for 全覆盖 asked of its department (the 2024 and final reviews)
    expect(sectionText(page(2024), 'appendix')).toContain('重点任务台账中“建设镇街级社会心理服务中心（站）”填报2024年已完成，而数据中榆垡镇尚无社会心理服务中心/站，完成情况需社会工作科核实');
    expect(sectionText(page(2025), 'appendix')).not.toContain('填报2025年已完成，而数据中');
    expect(sectionText(page(2024), 'appendix')).toContain('指标31“建成社会心理服务中心/站数量”：规划指标表的目标为22个（基期5个，含区级社会心理服务促进中心1个）；规划正文则要求“镇街级社会心理服务中心（站）全覆盖”');
    // (in 2024 with each type’s rise since 2020, the mix pulling the whole down: the types said once)
    expect(sectionText(page(2024), 'problems')).toContain('分类型看，社区由26.7%升至29.0%，村由70.7%升至76.6%，均有提高；比例较高的村由526个减至422个，拉低了全区比例；2024年217个社区均未达到50%，422个村均达到50%；按每个社区分别达到50%计，社区还需增加771名本社区居住的社区工作者');
    // (in 2023 with the rate at 2020’s mix: (2,069 ÷ 2,769 × 3,110 + 942 ÷ 3,314 × 3,006) ÷ 6,116 = 52.0 %)
    expect(sectionText(page(2023), 'problems')).toContain('分类型看，社区由26.7%升至28.4%，村由70.7%升至74.7%，均有提高；按2020年的社区、村构成计算，2023年的比例为52.0%，高于50%，全区比例低于50%是因为比例较高的村由526个减至450个；2023年211个社区均未达到50%，450个村均达到50%；按每个社区分别达到50%计，社区还需增加770名本社区居住的社区工作者');
    // and the plan's table against its text, in 附录三 and the final's 统一口径
    expect(sectionText(page(2024), 'appendix')).toContain('指标16“每个社区的社区工作者本社区化率”：规划指标表为“每个社区的社区工作者本社区化率”；规划正文（第三部分 二（四）3）则表述为“到2025年，社区工作者本社区化率达到50%”');
    expect(text(page(2025))).toContain('指标16“每个社区的社区工作者本社区化率”、指标18');
  });

  it('gives a register short of its target what left the list over the period, beyond the first three shortfalls too (the 2023 review: 12 agencies deregistered in 2022 unsaid)', () => {
    // 社会工作服务机构, 存续 year on year: 2021 +9 −3, 2022 +7 −12, 2023 +11 −2
    expect(sectionText(page(2023), 'problems')).toContain('“社会工作专业服务机构”：2020年以来新增27家、注销17家（其中2022年注销12家）。');
    expect(sectionText(page(2022), 'problems')).toContain('“社会工作专业服务机构”：2020年以来新增16家、注销15家（其中2022年注销12家）');
    // and a ratio's fall on last year with its numerator and denominator (0.59 → 0.57 需关注 had no cause)
    expect(sectionText(page(2023), 'tasks')).toContain('“社会散居孤儿供养标准与人均消费支出比值”由0.59降至0.57（2023年居民人均消费支出增加3200元/年、增长9.8%，社会散居孤儿供养标准增加1200元/年、增长6.2%），需关注。');
  });

  it('notes under a trend chart a first step drawn the other way from the data\'s (the 2023 and 2024 reviews: 千人养老机构床位数 dips from the printed 5 to 4.98, while the data rise from 4.956)', () => {
    expect(text(page(2024))).toContain('注：2020年数值为规划印发的基期值5张；按科室报送数据计算为4.96张，2021年为4.98张，较之有所提高；图中2020—2021年的下降来自两者的差异。');
    expect(text(page(2024)).match(/来自两者的差异/g)?.length).toBe(1);
  });

  it('says a count every town is to have one of, held at its target, while a town has none (the 2022 review: 21 照料中心 保持 beside the plan\'s 全覆盖)', () => {
    expect(sectionText(page(2022), 'tasks')).toContain('保持在规划要求的水平，但安定镇尚无养老照料中心（重点任务“推动镇街养老照料中心全覆盖”的目标是“22个镇街均建成运营养老照料中心”）');
    expect(sectionText(page(2022), 'appendix')).toContain('指标5“建成运营街道乡镇养老照料中心数量”：规划指标表和正文均为“建成运营镇（街）养老照料中心20家”；正文同时要求“推动镇街养老照料中心全覆盖”');
  });

  it('names the entries below the grade a graded list counts, in the problem and its recommendation (the 2023 review: the 4A service point behind the 5A warning unnamed)', () => {
    expect(sectionText(page(2023), 'problems')).toContain('尚未达到5A级的是大兴区婚姻登记处临空经济区服务点（4A级，2023年新列入）');
    expect(sectionText(page(2023), 'recommendations')).toContain('（目前还需1个婚姻登记机关达到5A级，即大兴区婚姻登记处临空经济区服务点）');
    // what restores it, not 需尽快恢复 alone
    expect(sectionText(page(2023), 'problems')).toContain('“5A级婚姻登记机关比例”需推动大兴区婚姻登记处临空经济区服务点达到5A级，尽快恢复到规划要求的水平。');
    // met in 2024: nothing to name
    expect(page(2024)).not.toContain('尚未达到5A级');
  });

  it('asks for a task for the places a coverage target lacks where its tasks aim only at places that have it (the 2023 review)', () => {
    const advice = sectionText(page(2023), 'recommendations');
    // the project of 礼贤镇、榆垡镇 (both covered) is pushed on, but the gap is not put on it
    expect(advice).toContain('选址确定后倒排工期；');
    expect(advice).not.toContain('倒排工期（目前');
    expect(advice).toContain('为安定镇和长子营镇增列实现公益性公墓服务覆盖的重点任务，明确实现方式和完成时限（目前还需2个镇实现公益性公墓服务覆盖，即安定镇和长子营镇）');
    // with the office's own words for the indicator
    expect(sectionText(page(2024), 'recommendations')).toContain('尚未建成公墓的镇通过区域共享实现服务覆盖，为安定镇增列实现公益性公墓服务覆盖的重点任务');
  });

  it('gives the year a verdict from the share of indicators on schedule, and where those short of it gather (the 2024 review: 一 counted and judged nothing)', () => {
    // 2024: 12 + 10 + 2 of 32 met or on schedule (75 %); 8 short: 4 in 基层社会治理, 3 in 基本民生保障, 1 in 基本社会服务
    expect(sectionText(page(2024), 'overview')).toContain('从主要指标看，规划实施总体符合进度。');
    expect(sectionText(page(2024), 'overview')).toContain('（见图1）；未达到进度要求的8项中，基层社会治理体系4项、基本民生保障体系3项、基本社会服务体系1项。');
    // 2023: 5 + 15 + 3 of 32 (71.9 %)
    expect(sectionText(page(2023), 'overview')).toContain('从主要指标看，规划实施总体基本符合进度。');
    expect(sectionText(page(2023), 'appendix-method')).toContain('四分之三及以上为“总体符合进度”，一半及以上为“总体基本符合进度”');
  });

  it('names in a measure the towns still without the service it sends people to (the 2024 review)', () => {
    // stg_mental_health_rehab 2024, has_service false: guanyinsi, tiangongyuan, boxing, yinghai, anding, yufa, changziying
    expect(text(page(2024))).toContain('由其派员到尚未开展服务的观音寺街道、天宫院街道、博兴街道、瀛海镇、安定镇、榆垡镇和长子营镇驻点');
  });

  it('says in 总体评价 a status that rests on a kind of bed first counted in the period (the 2024 review: said in 三 only)', () => {
    // 2024: (13654 − 2900) × 1000 ÷ 2011500 = 5.35 per 1,000; (5.35 − 5) ÷ (7 − 5) = 17.3 %, under half of 80 %: 明显滞后
    expect(sectionText(page(2024), 'overview')).toContain('需要说明的是，“每千名常住人口养老床位数”快于时序进度主要依靠规划期内新计入的家庭照护床位（2024年2900张，占养老床位增量的80.4%），不计这一类为5.3张，完成进度只有17.3%（时序进度80.0%）。');
  });

  it('says where the beds being built are when the towns most behind have none (the 2024 review: 160 beds in 北臧村镇, the highest of the 22)', () => {
    // stg_elderly_care_facilities 在建 养老机构: 2024 万福养老照护中心 (beizangcun, 160), 2023 金秋护养院 (yizhuang, 100)
    expect(text(page(2024))).toContain('设施报表填报为在建的北京市大兴区万福养老照护中心有床位160张；停用的352张恢复运营、在建的160张建成运营后，合计512张，按目前的常住人口仍差32张；在建项目位于北臧村镇，缺口最大的天宫院街道、西红门镇和林校路街道没有在建项目');
    expect(text(page(2023))).toContain('在建项目位于亦庄镇，缺口最大的天宫院街道、西红门镇和林校路街道没有在建项目');
  });

  it('names a binding warning in 一 and gives its figures in the box once, with the pace it needs and the tasks it hangs on (the 2024 review)', () => {
    const overview = sectionText(page(2024), 'overview');
    const callout = text(/<[^>]+class="callout[^"]*warning[\s\S]*?<\/(div|aside)>/.exec(page(2024))![0]);
    expect(overview).toContain('“区级精神卫生福利床位数”列入预警（见下框）。');
    // the box had repeated the sentence before it word for word
    expect(overview.split('还差50张精神卫生福利床位').length - 1).toBe(1);
    // with what is being built toward it; no multiple of a pace for beds that came in one year
    // (0, 0, 0, 100, 100: the second 2024 review read 年均增量的2.0倍 as meaningless)
    expect(callout).toContain('“区级精神卫生福利床位数”：滞后，2024年100张，规划目标150张，还差50张精神卫生福利床位；设施报表填报为在建的大兴区精神卫生福利中心（二期）有床位50张，建成运营后可达到目标；相关任务“区精神卫生福利中心二期工程”进度滞后，累计完成30%，原因是用地手续办理周期长');
    expect(text(page(2024))).not.toContain('年均增量的2.0倍');
    // and the ledger's cause beside the sheet's 在建, as unsettled (the 2024 re-review read the box as reassurance)
    expect(callout).toContain('原因是用地手续办理周期长，与设施报表填报在建的说法不一致，需核实');
    // the task under way before a second phase not started
    const y2022 = text(/<[^>]+class="callout[^"]*warning[\s\S]*?<\/(div|aside)>/.exec(page(2022))![0]);
    expect(y2022).toContain('相关任务“建设区精神卫生福利中心”尚在推进中（累计完成75%，完成时限2023年底），“区精神卫生福利中心二期工程”尚未启动（完成时限2025年底）');
  });

  it('counts the tasks the ledger took in during the period, and gives a task’s year where it is said (the second final review)', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const rows = (await conn.runAndReadAll(`select task_id, any_value(task_name) as name, min(year) as added,
        bool_or(year = 2025 and (progress_status = '已完成' or progress_pct = 100)) as done_2025
      from read_parquet('${join(out, 'data', 'inputs', 'key_tasks.parquet')}') where year between 2020 and 2025 group by task_id having max(year) >= 2021`)).getRowObjectsJS();
    conn.closeSync();
    instance.closeSync();
    // added: after the first ledger, the baseline year's (the final review counted 4 where the 2020 ledger held 45 of 51, the two listed from 2021 taken for the plan's own)
    const first = Math.min(...rows.map((r) => Number(r.added)));
    expect(first).toBe(2020);
    const added = rows.filter((r) => Number(r.added) > first);
    expect(added.some((r) => Number(r.added) === 2021)).toBe(true);
    const open = added.filter((r) => !r.done_2025);
    expect(added.length).toBeGreaterThan(0);
    expect(open.length).toBeGreaterThan(0);
    const overview = sectionText(html, 'overview');
    expect(overview).toMatch(new RegExp(`规划重点任务台账共${rows.length}项任务（其中${added.length}项为规划期内新增），[^。]*，未完成\\d+项（其中${open.length}项为规划期内新增）`));
    // the binding gap's second phase, with its year where 六 says where it stands
    const phase = open.find((r) => String(r.name).includes('精神卫生福利中心二期'))!;
    expect(sectionText(html, 'next-carry')).toContain(`相关任务“${phase.name}”${phase.added}年列入台账，累计完成`);
  });

  it('draws a lesson from the tasks done before their deadline, against what held the unfinished ones back', async () => {
    // The ledger as published (data/inputs/key_tasks.parquet): the first year each task was done, and its deadline
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const rows = (await conn.runAndReadAll(`select task_id, any_value(deadline) as deadline, any_value(task_name) as name,
        bool_or(year < 2025 and progress_status = '滞后') as lagged,
        min(year) filter (where progress_status = '已完成' or progress_pct = 100) as done,
        bool_or(year = 2025 and (progress_status = '已完成' or progress_pct = 100)) as done_2025
      from read_parquet('${join(out, 'data', 'inputs', 'key_tasks.parquet')}') where year between 2021 and 2025 group by task_id`)).getRowObjectsJS();
    conn.closeSync();
    instance.closeSync();
    const early = rows.filter((r) => r.done !== null && Number(r.done) < Number(/\d{4}/.exec(String(r.deadline))![0]));
    const unfinished = rows.filter((r) => !r.done_2025);
    expect(early.length).toBeGreaterThan(0);
    const lessons = sectionText(html, 'lessons');
    expect(lessons).toContain(`规划期内${early.length}项重点任务早于完成时限完成`);
    // one that was behind schedule first is counted, not cited as an example of working early
    const lagged = early.filter((r) => r.lagged);
    expect(lagged.length).toBeGreaterThan(0);
    expect(lessons).toContain(`规划期内${early.length}项重点任务早于完成时限完成（${lagged.length}项曾一度滞后）`);
    const examples = /其中\d+项任务的相关指标也提前达到规划目标[^。]+。/.exec(lessons)![0];
    for (const r of lagged) expect(examples, String(r.name)).not.toContain(`“${r.name}”`);
    // the causes of the unfinished ones as counted, not one or two kinds said to be the main ones,
    // in 四、存在的主要问题 (a lesson of tasks done early is not the place for them: the fourth review)
    const problems = sectionText(html, 'problems');
    const causes = new RegExp(`未完成的${unfinished.length}项重点任务，台账所述原因涉及([^（]+（\\d+项）(?:、[^（]+（\\d+项）)*)(?:，另有(\\d+)项的原因为([^（。]+))?。`).exec(problems);
    expect(causes, problems.slice(0, 600)).not.toBeNull();
    // the sample's causes are too varied for one or two kinds to be the lesson: 五（一） does not list them
    expect(lessons).not.toContain('台账所述原因');
    const counted = [...causes![1]!.matchAll(/（(\d+)项）/g)].reduce((a, m) => a + Number(m[1]), 0) + Number(causes![2] ?? 0);
    expect(counted).toBeLessThanOrEqual(unfinished.length);
    // the causes of no kind are said, not only counted (备案数量增长慢于预期)
    expect(causes![2], 'the sample has causes of no kind').toBeDefined();
    expect(causes![3]!.split('、')).toHaveLength(Number(causes![2]));
    expect(causes![3]).toContain('备案数量增长慢于预期');
    // each task named as early was: its deadline year after the year it was done
    const named = [...lessons.matchAll(/完成时限为(\d{4})年[^，]*，(\d{4})年即完成/g)];
    expect(named.length).toBeGreaterThan(0);
    for (const m of named) expect(Number(m[2]), m[0]).toBeLessThan(Number(m[1]));
    // as many as it counts, or some of them with 如…等
    const alsoMet = /其中(\d+)项任务的相关指标也提前达到规划目标(：|，如)([^。]+)。/.exec(lessons);
    expect(alsoMet, lessons).not.toBeNull();
    const listed = alsoMet![3]!.split('；').length;
    if (Number(alsoMet![1]) === listed) expect(alsoMet![2]).toBe('：');
    else expect([alsoMet![2], alsoMet![3]!.endsWith('等'), listed]).toEqual(['，如', true, 3]);
    // not the circular claim that targets met early had tasks (whose goal is the target) behind them
    expect(lessons).not.toContain('都有落实到台账');
    // a task done after its deadline year: 逾期完成 in the overview and in the ledger's table
    const late = rows.filter((r) => r.done !== null && Number(r.done) > Number(/\d{4}/.exec(String(r.deadline))![0]));
    expect(late.length).toBeGreaterThan(0);
    expect(sectionText(html, 'overview')).toContain(`（其中${late.length}项逾期完成：`);
    const ledger = sectionText(html, 'appendix-tasks');
    for (const r of late) expect(ledger).toMatch(new RegExp(`${r.task_id}[^]*?逾期完成`));
    expect(ledger.split('逾期完成').length - 1).toBe(late.length);
    // the ledger's 进展说明 are the lead units' words ('…，需加快推进' at the period's end read as the
    // report's), and the unfinished tasks' advice is in 六, as many as 一 counts (the final review)
    const open = Number(/任务台账共\d+项任务[^。]*?，未完成(\d+)项/.exec(sectionText(html, 'overview'))![1]);
    expect(ledger).toContain(`表中“进展说明”为牵头单位在台账中填报的原文；期末未完成的${open}项任务，建议转入“十五五”接续推进，完成时间的测算和措施见六。`);
    expect(sectionText(page(2024), 'appendix-tasks')).not.toContain('填报的原文');
  });

  it('says the rule its list of lagging towns follows, and lists by it', () => {
    const towns = sectionText(html, 'problem-towns');
    const m = /(\d+)个镇街至少有1项比率类指标的数值不足全区目标水平的一半（涉及\d+项指标），其中(\d+)个有2项及以上：/.exec(towns);
    expect(m, towns).not.toBeNull();
    const listed = [...towns.matchAll(/(?:：|；)[^；（]+?有(\d+)项（/g)].map((x) => Number(x[1]));
    expect(listed.length).toBe(Math.min(5, Number(m![2])));
    for (const n of listed) expect(n).toBeGreaterThanOrEqual(2);
    expect(Number(m![1])).toBeGreaterThanOrEqual(Number(m![2]));
    expect(towns).not.toContain('精准补短板');
    // each value listed is below half its target as printed (3.45张 of 7, not 3.5张)
    for (const v of towns.matchAll(/“([^”]+)”([\d.]+)(?:张|%)/g)) {
      const ind = plan.indicators.find((i) => i.name === v[1]);
      if (ind) expect(Number(v[2]), v[0]).toBeLessThan(ind.target * 0.5);
    }
  });

  it('adds up the towns most behind with their own gaps, and says once, in the chapter\'s lead, why their sum exceeds the district\'s gap', () => {
    const said = [...body.matchAll(/其中([^，。]+?)的缺口最大，按全区目标计合计((?:还差|还需)[^，]+)，占(\d+)个镇街缺口之和的[\d.]+%/g)];
    expect(said.length, body).toBeGreaterThan(0);
    // the bracket '（各镇街按自身的缺口计；高于目标的镇街抵减后，全区还需…）' was said five times (a review)
    expect(body).not.toContain('各镇街按自身的缺口计');
    const lead = sectionText(html, 'problems');
    // that it is so, in the lead; why, in 附录二 (the 2023 and 2024 reviews: a method note in the body)
    expect(lead.split('各镇街缺口之和因此大于全区的缺口（见附录二）').length - 1).toBe(1);
    expect(lead).not.toContain('抵减');
    expect(sectionText(html, 'appendix-method')).toContain('比率类指标中高于目标的镇街在全区的比率中抵减了其余镇街的部分缺口，所以各镇街缺口之和可能大于全区的缺口');
    // naming the indicators it holds for: said of all, it was untrue of one whose towns' gaps add up to the district's (the 2022 review)
    const named = /下文分镇街的缺口按各镇街自身达到全区目标水平所需计算，((?:“[^”]+”、?)+)(?:各项)?的各镇街缺口之和因此大于全区的缺口（见附录二）。/.exec(lead);
    expect(named, lead).not.toBeNull();
    for (const [, name] of named![1]!.matchAll(/“([^”]+)”/g)) {
      const ind = plan.indicators.find((i) => i.name === name)!;
      const d = values.find((r) => r.year === '2025' && r.geo_level === 'district' && r.indicator_id === String(ind.id))!;
      expect(Number(d.value), name).toBeLessThan(ind.target); // a district gap the towns' exceed
      expect(body, name).toMatch(new RegExp(`“${name}”：[^。]*的缺口最大`));
    }
    expect(body).not.toContain('未扣除高于目标的镇街');
    expect(sectionText(html, 'problem-towns')).not.toContain('拉低了全区水平');
  });

  it('squares the facilities opened over the period with the table: closures said, the net is the change', () => {
    // Indicator 6 counts the operating 驿站: its change 2020 → 2025 in the data is the openings less the closures
    const at = (year: string) => Number(values.find((r) => r.year === year && r.geo_level === 'district' && r.indicator_id === '6')!.value);
    const change = at('2025') - at('2020');
    const m = /养老服务驿站(\d+)家(?:（同期停用或撤并(\d+)家，净(增|减)(\d+)家）)?/.exec(sectionText(html, 'sec-p3-1'));
    expect(m, 'the openings of 驿站').not.toBeNull();
    const [opened, closed, sign, net] = [Number(m![1]), Number(m![2] ?? 0), m![3], Number(m![4] ?? m![1])];
    expect((sign === '减' ? -1 : 1) * net).toBe(opened - closed);
    expect(opened - closed).toBe(change);
    expect(sectionText(html, 'sec-p3-1')).not.toContain('共新增床位');
    // of the new ones already: 共有床位, not 新建的共有床位; a setback said as 反复, not 起伏 (the final review)
    expect(text(html)).not.toMatch(/新建的共有床位|也有起伏/);
    expect(sectionText(html, 'sec-p3-1')).toContain('规划实施过程中也出现过反复：');
  });

  it('squares the beds of the homes opened with the change of the indicator that counts them', () => {
    // Indicator 4's numerator is the beds of operating 养老机构: the new homes' beds and the
    // existing homes' changes together are its change 2020 → 2025, not the new homes' alone
    const beds = (year: string) => Number(values.find((r) => r.year === year && r.geo_level === 'district' && r.indicator_id === '4')!.numerator);
    const m = /养老机构\d+家[^；]*?，(?:\d+家)?共有床位(\d+)张(?:，养老机构床位共(增加|减少)(\d+)张（新建成的(\d+)张(?:加其余既有养老机构增加的(\d+)张)?，减去停用或撤并的\d+家原有的(\d+)张(?:和其余既有养老机构减少的(\d+)张)?）|，连同既有养老机构的增减，床位共(增加|减少)(\d+)张)?/.exec(sectionText(html, 'sec-p3-1'));
    expect(m, sectionText(html, 'sec-p3-1')).not.toBeNull();
    const said = m![3] !== undefined ? (m![2] === '减少' ? -1 : 1) * Number(m![3]) : m![9] !== undefined ? (m![8] === '减少' ? -1 : 1) * Number(m![9]) : Number(m![1]);
    expect(said).toBe(beds('2025') - beds('2020'));
    expect(m![3], 'the new homes are not the whole change in the sample').toBeDefined();
    // the home that stopped (安心颐养中心, 352 beds in 2020) and what the others added square with it,
    // said as the sum it is (the final review: 连同既有养老机构的增减 hid 352 gone and 562 added;
    // 共有床位600张，连同停用或撤并的1家（原有床位352张）和…增加（562张）read as 600 + 352 + 562)
    expect(m![6], 'the sample stops a home with beds').toBeDefined();
    expect(Number(m![4])).toBe(Number(m![1]));
    expect(Number(m![1]) + Number(m![5] ?? 0) - Number(m![6]) - Number(m![7] ?? 0)).toBe(said);
    // the number of new homes beside their beds when only some are named (包括 three, then 共有床位600张)
    expect(sectionText(html, 'sec-p3-1')).toMatch(/养老机构(\d+)家[^；]*?，包括[^；]*?，\1家共有床位/);
    // the comparison said in full once, then as what the existing ones added or lost, which
    // squares with the new beds: 共有床位23张 and 原有…增加37张 make the change of 60
    // (a bare 床位净增60张 after 23 new beds could not be reconciled)
    const text = sectionText(html, 'sec-p3-1');
    expect(text.split(/，连同|床位共[增减][加少]\d+张（新建成的/).length - 1).toBe(1);
    expect(text).not.toMatch(/床位净[增减]/);
    const later = [...text.matchAll(/([^；，。]+?)(\d+)家[^；]*?(?:，共有床位|，有床位|（)(\d+)张(?:床位）)?，原有\1床位(增加|减少)(\d+)张/g)];
    expect(later.length, text).toBeGreaterThan(0);
    // the existing ones named when one accounts for it: the town-level home of 精神卫生福利机构
    // grew by 4 beds while the district-level count (indicator 8) stayed at 0 until 2023
    expect(text).toMatch(/原有精神卫生福利机构床位增加\d+张（旧宫镇精神康复养护中心）/);
  });

  it('proposes targets for the next plan with their arithmetic, and splits them to towns', () => {
    const proposals = sectionText(html, 'next-targets');
    expect(proposals).toMatch(/2025年[\d.,]+张 \+ 5 × 年均变化[\d.]+张 = [\d.,]+张/);
    // every indicator of the plan in its order, the one proposed for dropping with why (no 序号 missing)
    const table = html.slice(html.indexOf('id="next-targets"'), html.indexOf('id="next-towns"'));
    expect([...table.matchAll(/<tr><td class="num">(\d+)<\/td>/g)].map((m) => Number(m[1]))).toEqual(plan.indicators.map((i) => i.id));
    // indicator 12 is binding: said beside the advice to drop it (the final review)
    expect(proposals).toContain('规划期内各年均为1所，没有变化，建议转为日常监测，不再列为规划指标；该指标为约束性指标，调出须在编制“十五五”规划时专门说明');
    // a count whose target equals the number of towns is not read as one per town (in 2024 the
    // 22 were reached with one town at none and another at two)
    expect(proposals).toContain('规划目标22个与镇街数相同，2025年22个镇街均已建成');
    expect(proposals).not.toContain('即每个镇街');
    // Every sum adds up as printed (GB/T 8170 rounding of the printed figures).
    const sums = [...proposals.matchAll(/2025年([\d.,]+)[^ \d]* \+ 5 × (?:其余\d年)?年均变化([\d.]+)[^ \d]* = ([\d.,]+)/g)];
    expect(sums.length).toBeGreaterThan(10);
    for (const m of sums) {
      const [a, b, c] = [m[1]!, m[2]!, m[3]!].map((x) => Number(x.replace(/,/g, '')));
      const decimals = (m[3]!.split('.')[1] ?? '').length;
      expect(Math.abs(a! + 5 * b! - c!), m[0]).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
    }
    // a sum the rounding changes is given as it comes out, then rounded (0.185 → 0.18 reads as a slip)
    // the sum from the value at one more decimal (7.0607 → 7.06; the final review), here for the
    // beds other than the 家庭照护床位 2020 had none of, (10,940 ÷ 2,016.8 − 5) ÷ 5 = 0.0849 → 0.08:
    // the new kind held at its size, not carried at a ramp-up's pace to 9.1 (the second final review)
    expect(proposals).toContain('其余部分年均变化0.08张：2025年7.06张 + 5 × 0.08张 = 7.46张，修约为7.5张');
    const roundedSums = [...proposals.matchAll(/= ([\d.,]+)([^\s\d，]*)，修约为([\d.,]+)([^\s\d，；]*)/g)].filter((m) => m[2] === m[4]);
    for (const m of roundedSums) expect(m[1]!.split('.')[1]!.length, m[0]).toBe((m[3]!.split('.')[1] ?? '').length + 1);
    // in 人 where 万人 at two decimals is too coarse for the sum (0.15 + 5 × 0.007 = 0.185 → 0.18, from 1,530 people)
    expect(proposals).toContain('2025年1530人 + 5 × 年均变化65.2人 = 1856人，修约为0.19万人');
    // from the 2803 and 1204 people 二 gives for 2020 (the final review redid 252 from them: 251.4)
    expect(proposals).toContain('2025年4060人 + 5 × 年均变化251.4人 = 5317人，修约为0.53万人');
    // no share above 100 %: the year the trend reaches it, after the last sum still below
    expect(proposals).not.toMatch(/= 1\d\d(?:\.\d+)?%/);
    // a share of 22 街镇 counts 街镇 on its way to 100 %, not through 98.2 %, which none of 22 can be (fourth review)
    expect(proposals).toContain('2025年72.7%，距100%还需6个镇街开展精神障碍社区康复服务；按年均变化8.49个百分点（约1.9个）计，2029年可达到100%，建议目标100%');
    expect(proposals).toContain('2025年72.7%，距100%还需6个镇街成立社会组织联合会；按年均变化12.55个百分点（约2.8个）计，2028年可达到100%，建议目标100%');
    // and a share of 143 事项 counts 事项: the trend's 2026 share (99.6 %) is none of 143 can have (final review)
    expect(proposals).toContain('2025年97.2%，距100%还需4项政务服务事项实现网上办理；按年均变化2.44个百分点（约3.5项）计，2027年可达到100%，建议目标100%');
    expect(proposals).not.toContain('99.6%');
    // a maintain target that rose every year: held, with its trend to strive for (a review); 照料中心, up in two steps, held alone
    expect(proposals).toContain('保持类指标，保持22家的水平');
    expect(proposals).toContain('保持类指标，建议目标保持54.6名的水平；规划期内逐年增加，2025年54.59名 + 5 × 年均变化0.92名 = 59.19名，力争59.2名');
    // a share whose base shrank, paced in stations, not in points partly from 98 fewer communities (2029 before: two reviews)
    expect(proposals).toContain('2025年73.9%，距100%还需161个社区（村）建设志愿服务站点；社区（村）减少98个，按建有志愿服务站点的社区（村）年均增加38.4个计（不计社区（村）减少带来的提高），2030年可达到100%；按2024、2025年年均增加27个计，2031年才能达到；建议目标100%，需年均增加33个（按2025年的社区（村）数计）');
    // and the last two years' slower pace beside it, as 六（一） gives it (a review redid 表2 at it)
    expect(proposals).toContain('按有社会心理服务站点的社区（村）年均增加55.6个计（不计社区（村）减少带来的提高），2028年可达到100%；按2024、2025年年均增加37个计，2030年达到，建议目标100%');
    // a whole change per year without a trailing .0 (26个, not 26.0个)
    expect(proposals).not.toMatch(/年均(?:变化|速度（)?\d+\.0(?:家|个|张|所|名)/);
    // the last two years' clearly faster pace beside the period's trend (社区社会组织: +1,450 in 2025)
    expect(proposals).toContain('2025年4800家 + 5 × 年均变化800家 = 8800家；2024、2025年年均增加1225家，明显快于全期年均，按此速度2030年为10,925家；建议目标8800家，力争10,925家');
    expect(proposals).toContain('逐年增长、近两年年均变化比全期年均快一半以上或慢一半以上的，另列按近两年速度推算的水平。');
    // the rules numbered under the lead-in, not one sentence of 150 characters
    const targetsHtml = html.slice(html.indexOf('id="next-targets"'), html.indexOf('id="next-towns"'));
    expect(targetsHtml).toMatch(/测算遵循以下规则：<\/p>\s*<ol class="items">\s*<li>比例类指标以100%为限。<\/li>\s*<li>“十四五”未完成的目标先予补齐。<\/li>/);
    // not where the last two years only made up a dip (散居孤儿 2023: 0.57 after 0.59)
    expect(proposals).not.toMatch(/0\.67；/);
    const split = sectionText(html, 'next-towns');
    for (const t of ['兴丰街道', '长子营镇']) expect(split).toContain(t);
    // The split covers the town-level ratio targets the plan period left unmet.
    const unmetRatios = values.filter((r) => r.year === '2025' && r.geo_level === 'district' && r.verdict !== '完成')
      .map((r) => plan.indicatorById.get(Number(r.indicator_id))!)
      .filter((i) => i.level === 'DT' && i.aggregation === 'ratio');
    expect(unmetRatios.length).toBeGreaterThan(0);
    for (const ind of unmetRatios.slice(0, 6)) expect(split, ind.name).toContain(ind.name);
    // The district's need (last row) shared out to the towns below the rate, at most what each
    // needs itself to reach it, as its own report says (五, last column); the parts add up to the
    // district's need (a review: 575 asked of the towns for a district short of 38 is no split).
    const at = html.indexOf('id="next-towns"');
    const tables = [...html.slice(at, html.indexOf('id="appendix"', at)).matchAll(/<table[\s\S]*?<\/table>/g)].map((m) => m[0]);
    expect(tables.length).toBeGreaterThan(0);
    const cellsOf = (table: string, head = false) => table.split('</tr>').filter((r) => r.includes(head ? '<th' : '<td')).map((r) =>
      [...r.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1]!).trim()));
    const n = (x: string) => Number(x.replace(/,/g, ''));
    let compared = 0;
    for (const t of tables) {
      const head = cellsOf(/<thead>[\s\S]*?<\/thead>/.exec(t)![0], true)[0]!;
      const rows = cellsOf(/<tbody>[\s\S]*?<\/tbody>/.exec(t)![0], true);
      expect(rows.map((r) => r[0]).slice(-2)).toEqual(['各镇街合计', '全区']);
      const towns = rows.slice(0, -2);
      for (let c = 2; c < head.length; c += 2) {
        const parts = towns.map((r) => r[c]!).filter((x) => x !== '—').map(n);
        expect(parts.reduce((a, b) => a + b, 0), `column ${c}`).toBe(n(rows.at(-2)![c]!));
        expect(n(rows.at(-1)![c]!), `column ${c}`).toBeGreaterThan(0);
        expect(n(rows.at(-2)![c]!), `column ${c}`).toBe(n(rows.at(-1)![c]!));
        const ind = plan.indicatorById.get(Number(/^(\d+) /.exec(head[c - 1]!)![1]))!;
        // the column says which target the numbers reach: the proposed one, as 表2 gives it
        const proposed = /建议20\d\d年目标/.test(html) ? head[c]!.match(/^全区达到([\d.]+)/)?.[1] : undefined;
        expect(proposed, head[c]).toBeDefined();
        expect(sectionText(html, 'next-targets'), `${ind.name} ${proposed}`).toMatch(new RegExp(`${ind.name}[^。]*?${proposed!.replace('.', '\\.')}`));
        for (const r of towns) {
          const code = geography.towns.find((x) => x.name === r[0])!.code;
          const own = readFileSync(join(out, 'site', 'reports', '2025', 'towns', `${code}.html`), 'utf8');
          const record = /<table class="data report-table compact record stack">([\s\S]*?)<\/table>/.exec(own)![1]!;
          const row = cellsOf(record, true).find((x) => x[0]!.startsWith(`${ind.name.replace(/^全区/, '')}（`))!;
          // `还差10名养老护理员`, `还需34个社区（村）建设志愿服务站点`: the first number
          const need = row[5]!.startsWith('已达到') ? 0 : n(/(\d[\d,]*)/.exec(row[5]!)![1]!);
          expect(n(r[c]!), `${r[0]} ${ind.name}`).toBeLessThanOrEqual(need);
          if (need === 0) expect(n(r[c]!), `${r[0]} ${ind.name}`).toBe(0);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(60);
  });
});

describe('the tables of the reports', () => {
  it('write the figures of a column alike: four-digit ones grouped where the column has larger ones', () => {
    const pages = [page(2025), page(2024), readFileSync(join(out, 'site', 'reports', '2025', 'towns', 'jiugong.html'), 'utf8')];
    let groupedColumns = 0;
    for (const html of pages) {
      for (const [table] of html.matchAll(/<tbody>[\s\S]*?<\/tbody>/g)) {
        if (/rowspan|colspan="(?!1")/.test(table)) continue; // columns placed by spans: covered by document.test.ts
        const rows = table.split('</tr>').map((r) => [...r.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1]!).trim()));
        const width = Math.max(...rows.map((r) => r.length));
        for (let c = 0; c < width; c++) {
          const column = rows.map((r) => r[c] ?? '').map((x) => x.replace(/[*①-⑩]+$/, ''));
          if (!column.some((x) => /^[+\-−]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(x))) continue;
          groupedColumns++;
          expect(column.filter((x) => /^[+\-−]?\d{4}(\.\d+)?$/.test(x)), column.join(' ')).toEqual([]);
        }
      }
    }
    expect(groupedColumns, 'the sample has a column with grouped figures (表3)').toBeGreaterThan(0);
  });
});

describe('the trend charts of the district reports', () => {
  it('are pointed to from the text that discusses their indicator: 存在问题 at the figure, and in the final evaluation 三 where the targets missed are named', () => {
    for (const year of [2021, 2022, 2023, 2024, 2025]) {
      const html = page(year);
      const problems = sectionText(html, 'problems');
      const trends = [...html.matchAll(/<figcaption>图(\d+) ([^<]+)（\d{4}—\d{4}年）/g)].map((m) => ({
        n: Number(m[1]), ind: plan.indicators.find((i) => m[2] === i.name || m[2] === `全区${i.name}`)!,
      }));
      expect(trends.length, String(year)).toBeGreaterThan(0);
      let referred = 0;
      for (const { n, ind } of trends) {
        expect(ind, `${year} 图${n}`).toBeDefined();
        const at = problems.indexOf(`“${ind.name}”${year}年`);
        if (at < 0) continue;
        // right after the value, as a 公文 points to its figures
        expect(problems.slice(at), `${year} 图${n}`).toMatch(new RegExp(`^“[^”]+”${year}年末?为[^，（]+（见图${n}）`));
        referred += 1;
      }
      expect(referred, String(year)).toBeGreaterThan(0);
      // no figure pointed to that is not there, nor under another number
      const all = [...html.matchAll(/<figcaption>图(\d+) /g)].map((m) => Number(m[1]));
      for (const m of html.matchAll(/（见图(\d+)）/g)) expect(all, `${year} 图${m[1]}`).toContain(Number(m[1]));
    }
    expect(sectionText(page(2025), 'sec-p3-1')).toContain('“千人养老机构床位数”“区级精神卫生福利床位数”“开展精神障碍社区康复服务的街道乡镇占比”未完成（变化情况见图1至图3，原因见“存在的主要问题”）');
    // and to the statuses' chart of an annual report from the tally it draws
    for (const year of [2021, 2022, 2023, 2024]) {
      expect(page(year)).toContain('<figcaption>图1 ' + year + '年主要指标进度评价');
      expect(sectionText(page(year), 'overview')).toMatch(new RegExp(`${year}年是规划实施的第.年，时序进度为[\\d.]+%。从主要指标看，规划实施[^。]+。32项主要指标中，[^。]+（见图1）[；。]`));
    }
  });
});

describe('the towns far below the district target (四)', () => {
  it('names every town it counts with two or more such indicators, not “等（另有2个）”', () => {
    for (const year of [2022, 2023, 2024]) {
      const t = sectionText(page(year), 'problem-towns');
      if (!t) continue;
      expect(t, String(year)).not.toMatch(/另有\d+个）/);
      const m = /其中(\d+)个有2项及以上/.exec(t);
      if (!m) continue;
      const named = new Set([...t.matchAll(/([^；：、，和（）“”]+?(?:镇|街道))(?:有(\d+)项（|（(\d+)项）)/g)].map((x) => x[1]));
      expect(named.size, t).toBe(Number(m[1]));
    }
  });
});

describe('the tasks of a heading with one or two (三)', () => {
  it('are said each in its state: the year the ledger first shows it done, or its progress and deadline', () => {
    const ledger = parseCsv(execFileSync('node', [join(process.cwd(), 'bin', 'planeval.mjs'), 'sql', 'select year, task_name, progress_status, progress_pct from stg_key_tasks', '--csv', '--db', join(out, 'warehouse.duckdb')], { encoding: 'utf8' }));
    const doneIn = (name: string) => Math.min(...ledger.filter((r) => r.task_name!.replace(/“([^“”]*)”/g, '‘$1’') === name && (r.progress_status === '已完成' || Number(r.progress_pct) >= 100)).map((r) => Number(r.year)));
    let checked = 0;
    for (const year of [2022, 2024]) {
      const t = sectionText(page(year), 'tasks');
      expect(t).not.toMatch(/重点任务台账登记“[^。]*”\d项任务/);
      for (const m of t.matchAll(/“([^“”]+(?:‘[^’]*’[^“”]*)*)”(已于|于)(\d{4})年完成/g)) {
        expect(Number(m[3]), `${year} ${m[1]}`).toBe(doneIn(m[1]!));
        expect(m[2] === '已于', `${year} ${m[1]}`).toBe(Number(m[3]) < year);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
    // the ledger's 全覆盖 beside the town the data show without
    expect(sectionText(page(2024), 'tasks')).toMatch(/“建设镇街级社会心理服务中心（站）”于2024年完成，[^；。]*全覆盖[^；。]*，但数据中榆垡镇尚无社会心理服务中心\/站/);
  });
});

describe('the towns most behind (四)', () => {
  it('add up their own needs in whole units, as the towns’ reports and 表3 give them', () => {
    let checked = 0;
    for (const year of [2023, 2024, 2025]) {
      const t = text(page(year));
      for (const m of t.matchAll(/其中([^，。]+?)的缺口最大，按全区目标计合计还需增加(\d+)名本社区居住的社区工作者，占(\d+)个镇街缺口之和的([\d.]+)%/g)) {
        const need = (code: string) => {
          const v = values.find((r) => r.year === String(year) && r.geo_code === code && r.indicator_id === '16')!;
          const [n, d, value] = [Number(v.numerator), Number(v.denominator), Number(v.value)];
          return Math.max(0, Math.ceil(50 * d / (value / (n / d)) - n - 1e-9));
        };
        const named = m[1]!.split(/、|和/).map((name) => geography.towns.find((x) => x.name === name)!.code);
        const all = geography.towns.map((x) => need(x.code)).filter((x) => x > 0);
        expect(Number(m[2]), `${year} ${m[0]}`).toBe(named.reduce((a, c) => a + need(c), 0));
        expect(Number(m[3])).toBe(all.length);
        expect(m[4], `${year} ${m[0]}`).toBe(formatPercent(Number(m[2]) / all.reduce((a, b) => a + b, 0)).replace('%', ''));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('are named again by the recommendation that answers the problem (annual reports: 扩大实名注册志愿者规模 had said no where)', () => {
    let checked = 0;
    for (const year of [2022, 2023, 2024]) {
      const html = page(year);
      const problems = sectionText(html, 'problems');
      const advice = sectionText(html, 'recommendations');
      for (const m of problems.matchAll(/“([^”]+)”：[^。]*?分镇街看，\d+个镇街未达到全区目标水平，其中([^，。]+?)的缺口最大/g)) {
        expect(advice, `${year} ${m[1]}`).toContain(`重点推动缺口最大的${m[2]}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3);
  });

  it('start the towns’ recommendation from the towns and kinds of town its problem names (清单管理 of no town had said nothing)', () => {
    let checked = 0;
    for (const year of [2021, 2022, 2023, 2024]) {
      const html = page(year);
      const problem = sectionText(html, 'problem-towns');
      const advice = sectionText(html, 'rec-towns').replace(/<[^>]+>/g, '');
      const listed = [...problem.matchAll(/(?:：|；)([^：；（）]+?)有(\d+)项（/g)].filter((m) => Number(m[2]) >= 2);
      // and those the problem adds after the fifth (另有观音寺街道（2项）和荣华街道（2项）: the 2024 review found them dropped)
      const more = /；另有([^。]+)。/.exec(problem.replace(/<[^>]+>/g, ''));
      for (const m of more ? more[1]!.matchAll(/([^、和（）]+)（(\d+)项）/g) : []) if (Number(m[2]) >= 2) listed.push(m);
      for (const m of listed) {
        expect(advice, `${year} ${m[1]}`).toMatch(new RegExp(`首先列入清单的是[^；]*${m[1]}[^；]*（(各)?${m[2]}项）`));
        checked++;
      }
      const kinds = /按镇街类型看[^：]*：([^。]+)。/.exec(problem);
      for (const part of kinds ? kinds[1]!.split('；') : []) {
        const [, name, kind] = /^“([^”]+)”\d+个(街道|镇)/.exec(part)!;
        expect(advice, `${year} ${name}`).toMatch(new RegExp(`${kind}重点补齐[^；。]*“${name!.replace(/[()（）]/g, '.')}”`));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('经验与启示 of the final evaluation', () => {
  it('names the targets missed at the end that an annual evaluation had expected to be met, and when', () => {
    const lessons = sectionText(page(2025), 'lessons');
    const district = (y: number, id: number) => values.find((r) => r.year === String(y) && r.geo_level === 'district' && r.indicator_id === String(id))!;
    let named = 0;
    for (const ind of plan.indicators) {
      if (district(2025, ind.id).verdict !== '未完成') continue;
      const hopeful = [2021, 2022, 2023, 2024].filter((y) => district(y, ind.id).outlook === '预计可完成');
      if (hopeful.length === 0) {
        expect(lessons, ind.name).not.toContain(`“${ind.name}”在`);
        continue;
      }
      // the last hopeful year, with the run of hopeful years it ends, or the turn that began it:
      // 仍 said of no single year (a 2022 难以完成 turned 预计可完成 in 2023 is not 'still', the final review)
      const last = Math.max(...hopeful);
      let first = last;
      while (hopeful.includes(first - 1)) first--;
      const before = first > 2021 ? district(first - 1, ind.id).outlook : '';
      const said = first < last
        ? `在${first}${last - first === 1 ? '、' : '—'}${last}年评估时均预判为“预计可完成”`
        : before ? `在${last}年评估时由上年的“${before}”改判为“预计可完成”` : `在${last}年评估时预判为“预计可完成”`;
      expect(lessons, ind.name).toContain(`“${ind.name}”${said}`);
      expect(lessons).not.toContain('仍预判');
      named++;
    }
    expect(named, 'the sample misses targets once expected to be met').toBeGreaterThan(0);
    // in the words of an official document, not '但也有…的：' (the third review)
    expect(lessons).toContain('但个别指标的年度预判偏于乐观：');
    // and the lesson in the heading over it (the final review: 及时发现和纠正偏差 over forecasts that proved wrong)
    expect(lessons).toContain('（三）坚持年度监测评估，年度预判要结合项目实际进度');
    expect(lessons).not.toContain('及时发现和纠正偏差');
    // a run of years with the project's progress in each (2022 40 %, 2023 60 % had read 当年…60%: the final review)
    expect(lessons).toContain('“社会心理服务覆盖社区村比例”在2022、2023年评估时均预判为“预计可完成”（相关的“建设社区（村）社会心理服务站”两年分别累计完成40%、60%；按当时的趋势推算约为79.9%；此后有社会心理服务站点的社区（村）的增加放缓：2021—2023年年均增加68个，2024、2025年分别增加39、35个）');
    // a forecast the status rule raised, not the trend, is said so with the trend's figure (the site review)
    const beds = district(2023, 8);
    expect(beds.status).toBe('快于时序进度');
    const trend = (Number(beds.projected_value) - Number(beds.baseline)) / (Number(beds.target) - Number(beds.baseline));
    expect(trend).toBeLessThan(0.95);
    // said as what happened, not as a program's rule (the final review: 按“预判不与进度评价相矛盾”的规则 read as the software talking)
    expect(lessons).toContain(`因当年进度快于时序进度而定为“预计可完成”，按趋势推算的完成进度只有${formatPercent(trend)}）`);
    expect(lessons).not.toContain('规则');
    expect(sectionText(page(2025), 'appendix-method')).toContain('预判不与同年的进度评价相矛盾');
    // the lesson names the method it follows from and looks to the next plan's evaluations, rather than
    // fault a rule 附录二 still states; no claim that every lapse was made up (the second final review)
    expect(lessons).toContain('对“区级精神卫生福利床位数”的预判沿用了评价方法中“当年进度快于时序进度的，预判不低于‘预计可完成’”的规定（见附录二），没有反映趋势推算的不足；“十五五”时期的年度评估宜在预判旁同时给出趋势推算的完成进度');
    expect(lessons).not.toContain('不只看基期以来的平均进度');
    expect(lessons).not.toContain('在规划期内补上');
  });
});

describe('a maintained target lost in a year', () => {
  it('is said with what moved that year: the denominator grown past the numerator, from the values', () => {
    let checked = 0;
    for (const year of [2022, 2023, 2024]) {
      const t = sectionText(page(year), 'tasks');
      for (const m of t.matchAll(/“([^”]+)”(?:在\d{4}年未保持（|为[^，]+，低于[^，]+的规划要求，未保持目标水平(?:（[^）]*）)?，)(\d{4})年([^，、）]+?)增加(\d+)[^，]，([^，、）]+?)(?:增加(\d+)|没有增加)/g)) {
        const ind = plan.indicators.find((i) => i.name === m[1])!;
        const at = (y: number) => values.find((r) => r.year === String(y) && r.geo_level === 'district' && r.indicator_id === String(ind.id))!;
        const y = Number(m[2]);
        expect(m[3], m[0]).toBe(ind.denominatorLabel!.name);
        expect(m[5], m[0]).toBe(ind.numeratorLabel!.name);
        expect(Number(m[4]), m[0]).toBe(Number(at(y).denominator) - Number(at(y - 1).denominator));
        expect(Number(m[6] ?? 0), m[0]).toBe(Number(at(y).numerator) - Number(at(y - 1).numerator));
        checked++;
      }
    }
    expect(checked, 'the sample loses 集中供养率 in 2022 and 5A级婚姻登记机关比例 in 2023').toBeGreaterThanOrEqual(4);
  });

  it('in the final evaluation, a ratio’s setback says what moved, with the rate beside a large base', () => {
    const t = text(page(2025));
    const ind = plan.indicatorById.get(10)!;
    const m = new RegExp(`“${ind.name}”(\\d{4})年由[\\d.]+降至[\\d.]+（\\d{4}年${ind.denominatorLabel!.name}增加([\\d,]+)元/年、增长([\\d.]+)%，${ind.numeratorLabel!.name}增加([\\d,]+)元/年、增长([\\d.]+)%）`).exec(t);
    expect(m, t.slice(t.indexOf('规划实施过程中也出现过反复'), t.indexOf('规划实施过程中也出现过反复') + 400)).not.toBeNull();
    const at = (y: number) => values.find((r) => r.year === String(y) && r.geo_level === 'district' && r.indicator_id === '10')!;
    const y = Number(m![1]);
    const n = (x: string) => Number(x.replace(/,/g, ''));
    expect(n(m![2]!)).toBe(Number(at(y).denominator) - Number(at(y - 1).denominator));
    expect(n(m![4]!)).toBe(Number(at(y).numerator) - Number(at(y - 1).numerator));
    expect(m![3]).toBe(formatPercent(n(m![2]!) / Number(at(y - 1).denominator)).replace('%', ''));
  });
});

describe('the pace the years left need (四, annual reports)', () => {
  it('is the rest to the target over the years left against the change per year since the data\'s own 2020 figure, said from 1.5 times on', () => {
    let said = 0;
    for (const year of [2021, 2022, 2023, 2024]) {
      const t = sectionText(page(year), 'problems');
      expect(t, String(year)).not.toContain('项目完成前指标难以到位');
      for (const m of t.matchAll(/“([^”]+)”\d{4}年为[^；。]*?(?:(\d{4})年|今后(\d)年每年)(?:需增加的数量|需提高的幅度)是[^；。]*?的([\d.]+)倍/g)) {
        const ind = plan.indicators.find((i) => i.name === m[1])!;
        const v = values.find((r) => r.year === String(year) && r.geo_level === 'district' && r.indicator_id === String(ind.id))!;
        const p = Number(v.completion_progress);
        const left = m[3] ? Number(m[3]) : 2025 - year;
        expect(left).toBe(2025 - year);
        // the past from the data's 2020 figure (the same 口径 as the value, as the trend takes it;
        // the third report review: 2.8 times against the printed 5, 2.2 against the data's 4.96)
        const own = values.find((r) => r.year === '2020' && r.geo_level === 'district' && r.indicator_id === String(ind.id))?.value;
        const times = ind.isCumulative || !own
          ? ((1 - p) / left) / (p / (year - 2020))
          : ((ind.target - Number(v.value)) / left) / ((Number(v.value) - Number(own)) / (year - 2020));
        expect(Number(m[4]), `${year} ${m[0]}`).toBeCloseTo(times, 1);
        expect(times).toBeGreaterThanOrEqual(1.5);
        said++;
      }
    }
    expect(said, 'the sample has targets that need a faster pace').toBeGreaterThan(5);
  });
});

describe('附录二, the method', () => {
  it('says where a key task’s state comes from', () => {
    for (const year of [2024, 2025]) {
      expect(sectionText(page(year), 'appendix-method'), String(year)).toContain('其余按牵头科室在台账中填报的状态，为“滞后”“未启动”或“按计划推进”');
    }
  });
});

describe('a yearly report’s recommendations', () => {
  it('give where the time progress puts a count by the deadline, not only the five-year gap (the 2021 review)', () => {
    // 社区社会组织: 800 in 2020, 6000 in 2025; at 40 % by the end of 2022, 800 + 0.4 × 5200 = 2880; 1150 in 2021
    expect(text(page(2021))).toContain('（目前还差4850家社区社会组织；按时序进度，2022年底应达到2880家，需新增1730家，为2021年增量的4.9倍，社会组织管理科牵头）');
    // 2023: 3920 − 1640 = 2280 after 490 in 2022 (the 2022 review: a milestone with no word on whether it is reachable)
    expect(text(page(2022))).toContain('按时序进度，2023年底应达到3920家，需新增2280家，为2022年增量的4.7倍');
    // not for a binding target, nor beds a centre under construction brings in one block
    expect(text(page(2021))).not.toMatch(/还差150张精神卫生福利床位；按时序进度/);
    expect(text(page(2023))).not.toMatch(/公益性公墓服务覆盖[^）]*；按时序进度/);
    // the last two years' deadlines are the target's own
    for (const year of [2024, 2025]) expect(text(page(year)), String(year)).not.toContain('；按时序进度，');
  });
});

describe('a count the plan’s text asks of every town, looking back (一 of the final evaluation)', () => {
  it('says the years a town had none in operation while the district’s count met its target, as 附录三 promises, from the towns’ values', () => {
    // 建成运营街道乡镇养老照料中心数量: target 20 of 22 towns; the ledger’s goal 22个镇街均建成运营养老照料中心
    const lacking = new Map<number, string[]>();
    for (let y = 2021; y <= 2025; y++) {
      const none = geography.towns.filter((t) => values.find((v) => v.year === String(y) && v.geo_code === t.code && v.indicator_id === '5')!.value === '0').map((t) => t.name);
      if (none.length) lacking.set(y, none);
    }
    expect([...lacking.keys()]).toEqual([2021, 2022, 2023]);
    const said = `2021年${lacking.get(2021)!.join('和')}，2022、2023年${lacking.get(2022)!.join('和')}`;
    expect(lacking.get(2022)).toEqual(lacking.get(2023));
    // with the maintained targets held every year, of which it is one: after the sentence on the two
    // that were not, '其中' had named the wrong list (the final review)
    expect(sectionText(page(2025), 'overview')).toMatch(new RegExp(`\\d项在规划期内各年均保持目标水平，其中“建成运营街道乡镇养老照料中心数量”虽各年均达到目标，但2021—2023年仍有镇街没有建成运营的养老照料中心（${said}），2024年起各镇街均有[；。]`));
  });
});

describe('a binding coverage of towns on schedule', () => {
  it('names the towns still without it and says no task is for them (2022’s cemetery coverage: the 2022 review)', () => {
    // stg_public_cemetery_coverage 2022: 安定镇 and 长子营镇 not covered; the one task is for 礼贤镇 and 榆垡镇, both covered
    expect(text(page(2022))).toContain('距目标还需2个镇实现公益性公墓服务覆盖，尚未实现公益性公墓服务覆盖的是安定镇和长子营镇（2022年榆垡镇新实现公益性公墓服务覆盖）；重点任务“礼贤镇、榆垡镇公益性公墓建设”涉及的礼贤镇和榆垡镇均已实现公益性公墓服务覆盖，相关重点任务中没有针对安定镇和长子营镇的。');
  });
});

describe('a roster rate held down by the mix of its units', () => {
  it('gives the rate at the baseline year’s mix where each type rose (本社区化率 2022: 村 and 社区 both up, 50.9 % at 2020’s mix; the 2022 review)', () => {
    // stg_communities, 存续: 村 526 → 481, 70.7 % → 73.4 %; 社区 190 → 204, 26.7 % → 27.7 %; 2020’s workers 3110 and 3006
    // (3110 × 73.4 % + 3006 × 27.7 %) ÷ 6116 = 50.9 %
    const t = text(page(2022));
    expect(t).toContain('分类型看，社区由26.7%升至27.7%，村由70.7%升至73.4%，均有提高；按2020年的社区、村构成计算，2022年的比例为50.9%，高于50%，全区比例低于50%是因为比例较高的村由526个减至481个；2022年204个社区均未达到50%，481个村均达到50%');
    // 分类型看 once
    expect(t.match(/“每个社区的社区工作者本社区化率”：[^。]*/)![0].split('分类型看').length).toBe(2);
  });
});

describe('the site at the period\'s end', () => {
  it('lists each indicator\'s 期末结论 alone, not 进度评价 beside it (the site review: 滞后 beside 未完成 read as two judgements)', () => {
    const list = readFileSync(join(out, 'site', 'indicators', 'index.html'), 'utf8');
    const thead = list.slice(list.indexOf('<thead'), list.indexOf('</thead>'));
    expect(thead).toContain('期末结论');
    expect(thead).not.toContain('进度评价');
    expect(list).toContain('完成进度和期末结论按未修约的数值计算');
  });

  it('says on an unmet target\'s page its unfinished tasks and the cause the ledger gives, and where the report says more (the site review: 还差50张 and no why)', () => {
    const eight = readFileSync(join(out, 'site', 'indicators', '8.html'), 'utf8');
    expect(eight).toMatch(/相关重点任务“区精神卫生福利中心二期工程”（完成时限2025年底）到期未完成，累计完成\d+%，台账所报原因为“用地手续办理周期长”。原因分析和建议见2025年总结评估报告的“存在的主要问题”和“‘十五五’时期的建议”。/);
    // none on a target met
    expect(readFileSync(join(out, 'site', 'indicators', '2.html'), 'utf8')).not.toContain('相关重点任务');
  });
});

describe('附录六, the ledger', () => {
  it('marks the tasks 附录四 asks their departments about, as many as it counts (the 2022 review: 见附录六 for 11 tasks it did not mark)', () => {
    let checked = 0;
    for (const year of [2021, 2022, 2023, 2024]) {
      const html = page(year);
      const n = Number(/重点任务台账中(\d+)项任务累计完成低于按完成时限计的时间进度，但填报为“按计划推进”且未说明原因，需牵头科室补充说明（[^）]*见附录六中标“＊”的任务）/.exec(text(html))?.[1]);
      const ledger = html.slice(html.indexOf('id="appendix-tasks"'));
      expect(n, String(year)).toBeGreaterThan(0);
      expect(ledger.split('按计划推进<sup class="mark">＊</sup>').length - 1, String(year)).toBe(n);
      expect(text(ledger)).toContain('标“＊”的任务累计完成低于按完成时限计的时间进度，但填报为“按计划推进”且未说明原因（见附录四）。');
      checked += n;
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('a facility under construction beside the ledger', () => {
  it('says a town’s centre being built, and a task 未启动 while the facility sheet has it 在建 (博兴街道养老照料中心 2021: the 2021 review)', () => {
    const t2021 = text(page(2021));
    expect(t2021).toContain('但安定镇尚无养老照料中心，博兴街道的养老照料中心尚在建设（重点任务“推动镇街养老照料中心全覆盖”的目标是“22个镇街均建成运营养老照料中心”）');
    expect(t2021).toContain('“推动镇街养老照料中心全覆盖”尚未启动（完成时限2025年底），但设施报表中博兴街道养老照料中心已在建，台账状态需核实');
    expect(text(page(2022))).toContain('但安定镇尚无养老照料中心（重点任务');
    expect(text(page(2023))).toContain('但安定镇的养老照料中心尚在建设（重点任务');
  });
});

describe('附录五, the towns’ values', () => {
  it('notes a district-level facility a town’s count holds (兴丰’s 2 centres, one of them the district’s: the 2021 review)', () => {
    for (const year of [2021, 2025]) {
      const html = page(year);
      const at = html.indexOf('id="appendix-towns"');
      const part = text(html.slice(at, html.indexOf('id="appendix-tasks"', at)));
      expect(part, String(year)).toMatch(/[①-⑩]兴丰街道的“建成社会心理服务中心\/站数量”2个中含设在该街道的区级“大兴区社会心理服务促进中心”（按指标口径计入所在镇街），兴丰街道自有的为1个。/);
      // the cell carries the note's mark
      expect(part, String(year)).toMatch(/兴丰街道[^兴]*?2[①-⑩]/);
    }
  });

  it('says in a sentence what every town shares, and keeps no column of one value', () => {
    const html = page(2025);
    const at = html.indexOf('id="appendix-towns"');
    const part = html.slice(at, html.indexOf('id="appendix-tasks"', at));
    expect(text(part)).toContain('各镇街“有集中供养需求的特困对象集中供养率”均为100.0%，“建成运营街道乡镇养老照料中心数量”均为1家，表中不再列出。');
    let columns = 0;
    for (const t of part.matchAll(/<table[\s\S]*?<\/table>/g)) {
      const rows = t[0].split('</tr>').filter((r) => r.includes('<td')).slice(0, -1).map((r) => [...r.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => text(m[1]!).trim()));
      for (let c = 0; c < rows[0]!.length; c++) {
        expect(new Set(rows.map((r) => r[c])).size, `column ${c}`).toBeGreaterThan(1);
        columns++;
      }
    }
    expect(columns).toBeGreaterThan(15);
    // the columns spread evenly over the tables: none of one column on half a page (the final review)
    const widths = [...part.matchAll(/<table[\s\S]*?<\/table>/g)].map((t) => [...t[0].matchAll(/<th scope="col"/g)].length - 1);
    expect(Math.max(...widths) - Math.min(...widths), widths.join(',')).toBeLessThanOrEqual(1);
    expect(Math.max(...widths)).toBeLessThanOrEqual(6);
  });

  it('ends each table with the district’s values in the towns’ units, under names without 全区', () => {
    for (const year of [2024, 2025]) {
      const html = page(year);
      const at = html.indexOf('id="appendix-towns"');
      const tables = [...html.slice(at, html.indexOf('id="appendix-tasks"', at)).matchAll(/<table[\s\S]*?<\/table>/g)].map((m) => m[0]);
      expect(tables.length, String(year)).toBeGreaterThan(2);
      let checked = 0;
      for (const t of tables) {
        const head = [...t.matchAll(/<th scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map((m) => text(m[1]!).trim());
        const last = t.split('</tr>').filter((r) => r.includes('<td')).at(-1)!;
        const cells = [...last.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => text(m[1]!).trim());
        expect(cells[0]).toBe('全区');
        for (let c = 1; c < head.length; c++) {
          const m = /^(\d+) (.+)（(.*)）$/.exec(head[c]!)!;
          expect(m[2], head[c]).not.toMatch(/^全区/);
          const ind = plan.indicatorById.get(Number(m[1]))!;
          const v = Number(values.find((r) => r.year === String(year) && r.geo_level === 'district' && r.indicator_id === m[1])!.value);
          const shift = ind.unit.startsWith('万') && ind.unit.length > 1 ? 4 : 0;
          expect(cells[c], head[c]).toBe(formatNumber(v * 10 ** shift, shift ? 0 : ind.precision));
          checked++;
        }
      }
      // every town indicator but those every town shares (said in a sentence above the tables)
      expect(checked).toBeGreaterThan(15);
    }
  });
});

describe('a baseline the data give differently (表1’s notes)', () => {
  it('says where the data’s own baseline would judge the year otherwise (the 2024 review: binding 公益性公墓 滞后 on 71.4 %)', () => {
    const notes = sectionText(page(2024), 'indicators').replace(/<[^>]+>/g, '');
    // 13 of 14 towns against 10 of 14: (13/14 − 10/14) ÷ (1 − 10/14) = 75.0 %, 0.9375 of the 80 % time: 滞后
    expect(notes).toContain('指标27“公益性公墓乡镇服务覆盖率”的2020年基期值按规划印发的数值70%计；按科室报送数据计算为71.4%；以此为基期，2024年完成进度为75.0%，评价为“滞后”（本报告按规划印发的数值评价）；70%不是14个镇中整数个所占的比例（9个为64.3%、10个为71.4%），其口径待核实。');
    // where both give the same status, nothing more is said (街镇级社会组织联合会, 已完成 either way)
    expect(notes).toMatch(/指标18“街镇级社会组织联合会覆盖率”的2020年基期值按规划印发的数值10%计；按科室报送数据计算为9\.1%；10%不是22个镇街中整数个所占的比例（2个为9.1%、3个为13.6%），其口径待核实。/);
  });
});

describe('progress against time progress', () => {
  it('gives the absolute gap of a target not yet met where it is on schedule too (evaluation.md; the 2024 review: ten said only as progress)', () => {
    let said = 0;
    for (const year of [2022, 2023, 2024]) {
      const body = sectionText(page(year), 'tasks').replace(/<[^>]+>/g, '');
      for (const r of values.filter((x) => x.year === String(year) && x.geo_level === 'district' && (x.status === '快于时序进度' || x.status === '基本符合进度'))) {
        const ind = plan.indicatorById.get(Number(r.indicator_id))!;
        if (ind.isMaintain || Number(r.value) >= ind.target) continue;
        const name = ind.name.replace(/[()（）]/g, '.');
        expect(body, `${year} ${ind.name}`).toMatch(new RegExp(`“${name}”[^。；“]*完成进度[^。；“]*距目标[^。；“]*(还差|还需)`));
        said++;
      }
    }
    expect(said).toBeGreaterThan(15);
  });

  it('says a progress a hair ahead of the time progress, level as printed, as 略快于 (the 2022 review: 基本持平 beside 表1’s 快于时序进度)', () => {
    // indicator_values 指标30 2022: completion 40.013 % in a year of 40 %, status 快于时序进度
    expect(text(page(2022))).toContain('“社会心理服务覆盖社区村比例”47.0%，完成进度40.0%，略快于时序进度，距目标还需226个社区（村）建设社会心理服务站点');
    expect(text(page(2022))).not.toContain('基本持平');
  });

  it('is said as printed: a progress equal to the time progress is level with it, not ahead', () => {
    let level = 0;
    for (const year of [2022, 2023, 2024]) {
      const t = 100 * (year - 2020) / 5;
      for (const m of text(page(year)).matchAll(/完成进度(-?[\d.]+)%，(快于时序进度([\d.]+)个百分点|与时序进度持平|快于时序进度)/g)) {
        expect(m[2], m[0]).not.toBe('快于时序进度');
        if (m[2] === '与时序进度持平') {
          expect(Number(m[1]), m[0]).toBe(t);
          level++;
        } else expect(Number(m[1]) - t, m[0]).toBeCloseTo(Number(m[3]), 6);
      }
    }
    expect(level, 'the sample has progress level with time progress (2024, 村（居）委会撤销)').toBeGreaterThan(0);
  });

  it('says which towns have none where a count of one per town is reached by another town’s second', () => {
    const ind = plan.indicatorById.get(31)!;
    expect(ind.target).toBe(geography.towns.length);
    for (const year of [2024, 2025]) {
      const at = (n: number) => geography.towns.filter((t) => Number(values.find((r) => r.year === String(year) && r.geo_code === t.code && r.indicator_id === '31')!.value) === n);
      const said = /“建成社会心理服务中心\/站数量”（[^）]*）/.exec(text(page(year)))?.[0] ?? '';
      if (at(0).length === 0) expect(said, String(year)).not.toContain('尚无');
      else {
        // (the one without, 榆垡镇, building its own: stg_psych_service_sites 2024 在建)
        expect(said, String(year)).toContain(`但${at(0).map((t) => t.name).join('、')}的尚在建设`);
        // the second the district’s own (stg_psych_service_sites: 大兴区社会心理服务促进中心, 区级, in xingfeng)
        expect(said, String(year)).toContain(`${at(2)[0]!.name}的2个中有1个是区级的大兴区社会心理服务促进中心`);
      }
    }
    // and the final evaluation's list of targets met early says so of the year it was met
    const at = (year: number, n: number) => geography.towns.filter((t) => Number(values.find((r) => r.year === String(year) && r.geo_code === t.code && r.indicator_id === '31')!.value) === n).map((t) => t.name);
    const met = [2021, 2022, 2023, 2024].find((y) => Number(values.find((r) => r.year === String(y) && r.geo_level === 'district' && r.indicator_id === '31')!.value) >= ind.target)!;
    expect(at(met, 0).length).toBeGreaterThan(0);
    const overview = sectionText(page(2025), 'overview');
    // with what they lack named (当年榆垡镇的尚在建设 read as missing its noun: a director's reading)
    expect(overview).toContain(`“建成社会心理服务中心/站数量”${met}年是按总数达到目标，当年${at(met, 0).join('、')}的社会心理服务中心（站）尚在建设，${at(met, 2).map((n) => `${n}的2个中有1个是区级的大兴区社会心理服务促进中心`).join('、')}，2025年${at(2025, 0).length ? `${at(2025, 0).join('、')}尚无社会心理服务中心（站）` : '各镇街均已有社会心理服务中心（站）'}。`);
    // and the ledger's 2024 已完成 for 全覆盖, looking back, asked of its department (the same reading: only tasks done in 2025 had been checked)
    expect(sectionText(page(2025), 'appendix')).toContain('重点任务台账中“建设镇街级社会心理服务中心（站）”填报2024年已完成，而2024年的数据中榆垡镇尚无社会心理服务中心/站（2025年各镇街均已有），实际完成年份需社会工作科核实');
  });

  it('shows a value that rounds up to its target with the places that show it below, in the text as in the note', () => {
    const v = values.find((r) => r.year === '2024' && r.geo_level === 'district' && r.indicator_id === '22')!;
    expect(Number(v.value)).toBeLessThan(0.15);
    const t = text(page(2024));
    expect(t).toContain('“获得社会工作者职业水平证书的专业人才”0.149万人');
    expect(t).not.toMatch(/“获得社会工作者职业水平证书的专业人才”0\.15万人/);
  });
});

describe('the office’s passages (data/text/passages/)', () => {
  const district = (year: number, id: number) => {
    const r = values.find((v) => v.year === String(year) && v.geo_level === 'district' && Number(v.indicator_id) === id)!;
    const ind = plan.indicatorById.get(id)!;
    return `${formatNumber(Number(r.value), ind.precision)}${ind.unit}`;
  };

  it('stand in their section beside the generated text, placeholders filled as the tables print them', () => {
    const achievements = sectionText(page(2025), 'sec-p3-1');
    expect(achievements).toContain('养老服务供给持续扩大。');
    expect(achievements).toContain(`全区每千名常住人口养老床位数为${district(2025, 3)}（规划目标为7张）`);
    expect(achievements).toContain(`社区养老服务驿站${district(2025, 6)}`);
    // The generated paragraphs are still there, before the office's
    expect(achievements.indexOf('该体系12项主要指标')).toBeLessThan(achievements.indexOf('养老服务供给持续扩大'));
    expect(sectionText(page(2025), 'lessons')).toContain(`期末分别为${district(2025, 13)}、${district(2025, 15)}`);
    const annual = sectionText(page(2024), 'sec-p3-1-2');
    expect(annual).toContain(`年底建成运营社区养老服务驿站${district(2024, 6)}`);
    expect(annual).not.toMatch(/\{|\}/);
  });

  it('are not in a year they were not written for', () => {
    expect(text(page(2023))).not.toContain('年度主要工作');
    expect(text(page(2024))).not.toContain('养老服务供给持续扩大');
  });
});

describe('the district reports (PDF)', () => {
  it('keep a chapter’s heading and lead-in with its first section, not alone at the foot of a page', async () => {
    let checked = 0;
    for (const year of [2021, 2022, 2023, 2024]) {
      const outline = (await readOutline(readFileSync(pdfOf(year)))).map((o) => ({ ...o, title: o.title.replace(/\s+/g, '') }));
      for (const chapter of ['四、存在问题', '五、下一步工作建议']) {
        const at = outline.findIndex((o) => o.title === chapter);
        expect(at, `${year} ${chapter}`).toBeGreaterThanOrEqual(0);
        const first = outline[at + 1]!;
        expect(first.level, `${year} ${chapter}`).toBeGreaterThan(outline[at]!.level);
        expect(first.page, `${year} ${chapter} → ${first.title}`).toBe(outline[at]!.page);
        checked++;
      }
    }
    expect(checked).toBe(8);
    // and where the lead-in is the office's passage (五 of the final evaluation)
    const outline = (await readOutline(readFileSync(pdfOf(2025)))).map((o) => ({ ...o, title: o.title.replace(/\s+/g, '') }));
    const at = outline.findIndex((o) => o.title === '五、经验与启示');
    expect(at).toBeGreaterThanOrEqual(0);
    expect(outline[at + 1]!.page, outline[at + 1]!.title).toBe(outline[at]!.page);
  });

  it('keep the sentence that introduces a list whole, on the page of its heading and first item (五（一） of 2021: its heading and first line had stayed at a page’s foot)', () => {
    let checked = 0;
    for (const year of [2021, 2022, 2023, 2024, 2025]) {
      const pages = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfOf(year), '-'], { encoding: 'utf8' }).split('\f').map((p) => p.replace(/\s+/g, ''));
      // every lead of a recommendation (由…牵头，…做好以下工作：) on one page, with the list’s first item
      for (const m of text(page(year)).matchAll(/由[^。：]{2,200}?做好以下工作：/g)) {
        const lead = m[0].replace(/\s+/g, '');
        const at = pages.findIndex((p, i) => i > 2 && p.includes(lead));
        expect(at, `${year}: ${lead}`).toBeGreaterThan(2);
        expect(pages[at]!.slice(pages[at]!.indexOf(lead) + lead.length), `${year}: ${lead}`).toMatch(/^1\./);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('keep a table’s notes on its page: no page begins with a note whose table ended on the page before (a review: “／”表示该指标不适用于该镇街 alone at a page’s top)', () => {
    for (const year of [2021, 2022, 2023, 2024, 2025]) {
      const pages = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfOf(year), '-'], { encoding: 'utf8' }).split('\f');
      pages.forEach((p, i) => {
        // the running header first, then the page's first line of content
        const first = p.split('\n').map((l) => l.trim()).filter(Boolean)[1] ?? '';
        expect(first, `${year} p.${i + 1}`).not.toMatch(/^(标“\*”的数值|“／”表示|注：带★|[①-⑩](?!\s*指标\d))/);
      });
    }
  });

  it('print each note of 表1 on the page of the row it is about (evaluation.md: a baseline’s note on the same page; the final review: ①②③⑤ a page after their rows)', () => {
    let checked = 0;
    for (const year of [2021, 2025]) {
      const pages = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfOf(year), '-'], { encoding: 'utf8' }).split('\f');
      pages.forEach((p, i) => {
        for (const [, mark] of p.matchAll(/([①-⑩])指标\d+/g)) {
          // the note, and its mark in the row's cell
          expect(p.split(mark!).length - 1, `${year} p.${i + 1} ${mark}`).toBeGreaterThanOrEqual(2);
          checked++;
        }
      });
    }
    expect(checked).toBeGreaterThan(6);
    // in the page, each note's row comes right after the row of its indicator, marks in the rows' order
    const table = /<table class="data report-table indicators period">([\s\S]*?)<\/table>/.exec(page(2025))![1]!;
    const rows = [...table.split('<tbody>')[1]!.matchAll(/<tr( class="row-note")?>\s*(?:<td[^>]*>(?:<div class="row-note-text">)?|<th[^>]*>)([^<]*)/g)];
    const notes: { first: string; before: string }[] = [];
    let before = '';
    for (const [, isNote, first] of rows) {
      if (isNote) notes.push({ first: first!, before });
      else before = first!;
    }
    expect(notes.length).toBeGreaterThan(3);
    for (const n of notes) expect(n.first, n.before).toMatch(new RegExp(`^[①-⑩]指标${n.before}(的|“)`));
    expect(notes.map((n) => n.first[0]).join('')).toBe('①②③④⑤⑥⑦⑧⑨⑩'.slice(0, notes.length));
  });

  it('keep the sentence that introduces a table whole, with the table (附录五: its heading and first line had stayed at a page’s foot, its last line gone over)', () => {
    for (const year of [2021, 2022, 2023, 2024, 2025]) {
      const pages = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfOf(year), '-'], { encoding: 'utf8' }).split('\f').map((p) => p.replace(/\s+/g, ''));
      const at = pages.findIndex((p, i) => i > 2 && p.includes(`附录五${year}年各镇街指标一览`));
      expect(at, String(year)).toBeGreaterThan(2);
      expect(pages[at], String(year)).toContain('全区比率类指标按各镇街分子之和除以分母之和计算。');
      expect(pages[at], String(year)).toContain(`${year}年各镇街指标值（1）`);
    }
  });

  it('break a heading of two lines where its words break, after a 、 or ， (not 约/束性指标)', () => {
    let wrapped = 0;
    for (const year of [2021, 2022, 2023, 2024, 2025]) {
      const lines = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdfOf(year), '-'], { encoding: 'utf8' }).split('\n').map((l) => l.trim());
      for (const [, , title] of headings(page(year)).filter(([, id]) => id.startsWith('problem-') || id.startsWith('sec-') || id.startsWith('next-') || id.startsWith('lesson-'))) {
        for (const line of lines) {
          if (line.length < 4 || line === title || !title.startsWith(line)) continue;
          wrapped++;
          // after a mark, or before a quoted name
          expect(`${line}|${title.slice(line.length, line.length + 1)}`, `${year}: ${title}`).toMatch(/([，、：；]\||\|“)/);
        }
      }
    }
    expect(wrapped, 'the sample has headings of two lines').toBeGreaterThan(0);
  });

  it('2025: sets 表2’s header 序号, 属性 and 2025年 each on one line, with the plan’s kind and target beside the proposal', () => {
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdfOf(2025), '-'], { encoding: 'utf8' });
    const at = text.indexOf('表2 “十五五”时期主要指标目标测算');
    expect(at).toBeGreaterThan(0);
    const header = text.slice(at).split('\n').slice(1, 6).find((l) => l.includes('指标'))!;
    expect(header).toMatch(/序号\s+指标\s+属性\s+2025年\s+2025年\s+建议2030/);
    // 区级精神卫生福利床位数: binding, 150 in the plan, 100 in 2025
    expect(text.slice(at)).toMatch(/8 区级精神卫生福利床位\S*\s+约束性\s+150\s+100\s+150/);
  });

  it('2025: sets a two-line heading in lines of like length, and the ledger’s 进展说明 without a character alone on a line', () => {
    const lines = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdfOf(2025), '-'], { encoding: 'utf8' }).split('\n').map((l) => l.trim());
    // 四（三）'s heading broke as '…主要受专业人员' / '制约'
    expect(lines).not.toContain('制约');
    // '已于2023年完成，持续巩' / '固'
    expect(lines.filter((l) => /持续巩$/.test(l))).toEqual([]);
  });

  for (const year of [2023, 2025]) {
    it(`${year}: an A4 PDF with embedded 公文 fonts, an outline, and contents page numbers where the headings land`, async () => {
      const file = pdfOf(year);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
      for (const line of fonts) {
        expect(line, line).not.toMatch(/Type 3/);
        expect(line.split(/\s+/).at(-5), line).toBe('yes');
      }
      for (const family of ['NotoSerifSC', 'NotoSansSC', 'LXGWWenKai']) expect(fonts.some((l) => l.includes(family)), family).toBe(true);

      const html = page(year);
      const outline = await readOutline(readFileSync(file));
      const titles = outline.map((o) => o.title.replace(/\s+/g, ''));
      for (const [, , t] of headings(html).filter(([tag, id]) => tag <= 3 && id !== 'toc-title' && id !== 'report-title')) expect(titles, t).toContain(t.replace(/\s+/g, ''));
      const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
      const tocText = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-f', '2', '-l', '3', file, '-'], { encoding: 'utf8' });
      let checked = 0;
      for (const o of outline.filter((x) => x.level <= 3 && x.title.replace(/\s+/g, '') !== '目录')) {
        const key = o.title.replace(/\s+/g, '').slice(0, 12);
        const lines = tocText.split('\n');
        const at = lines.findIndex((l) => l.replace(/\s+/g, '').startsWith(key));
        if (at < 0) continue;
        // an entry too long for a line has its page number on its last line
        const end = lines.slice(at, at + 3).find((l) => /\d+\s*$/.test(l));
        const n = Number(/(\d+)\s*$/.exec(end ?? '')?.[1]);
        expect(n, o.title).toBe(o.page);
        expect(n).toBeLessThanOrEqual(pages);
        checked += 1;
      }
      expect(checked).toBeGreaterThan(10);
    });
  }
});
