/**
 * Issue 11, "partial data when rejects are published", as a reader meets it: the sample with
 * its documented defects (`--with-errors`, 2022–2023) built with --accept-rejects, PDFs
 * included. Every 2023 value is incomplete (four files could not be read) and still judged;
 * the reports (district and town, HTML and PDF) and the site show the mark on the value and
 * on its judgement, with a footnote that names what was left out (evaluation.md,
 * data-contract §4) — in a report by sheet, department and reason, never a file name or a
 * row number (report.md §5). 2022 stays unmarked. The names of the rejected rows are read
 * back from the sample workbooks (sample-reader.ts), not from the build.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../pipeline/build.ts';
import { memoryLogger } from '../pipeline/basics/log.ts';
import { loadGeography } from '../pipeline/plan/geography.ts';
import { sample, tempDir } from './support/helpers.ts';
import { readWorkbook } from './support/sample-reader.ts';
import type { DefectEntry } from '../pipeline/sample/defect-report.ts';

const GEO = loadGeography();
const code = (name: string) => GEO.towns.find((t) => t.name === name)!.code;

let input: string;
let out: string;
let defects: DefectEntry[];
/** The name in the row of a planted defect (`rule`), as the workbook holds it. */
const names = new Map<string, string>();

/** Text of an HTML page: tags dropped, entities decoded, whitespace collapsed. */
function pageText(html: string): string {
  return html
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x3D;/g, '=').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The text of a report section, from its heading to the next heading of the same or a higher level. */
function sectionText(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`没有 id 为 ${id} 的标题`);
  const tag = /^<h(\d)/.exec(html.slice(html.lastIndexOf('<h', start), start))![1]!;
  const rest = html.slice(start);
  const next = rest.slice(1).search(new RegExp(`<h[1-${tag}] id=`));
  return pageText(next < 0 ? rest : rest.slice(0, next + 1));
}

/** The first `<table>` whose caption contains `caption`, as HTML. */
function table(html: string, caption: string): string {
  const at = html.indexOf(`<caption>${caption}`);
  if (at < 0) throw new Error(`没有表“${caption}”`);
  const start = html.lastIndexOf('<table', at);
  return html.slice(start, html.indexOf('</table>', at));
}

/** The `<tr>` of a table whose first cells read `first` (text), as HTML. */
function rowOf(tableHtml: string, first: RegExp): string {
  const tr = [...tableHtml.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => first.test(pageText(r).trim()));
  if (!tr) throw new Error(`没有以 ${first} 开头的行`);
  return tr;
}

const STAR = /<sup class="mark"[^>]*>\*<\/sup>/g;
const stars = (html: string) => (html.match(STAR) ?? []).length;
const pdfText = (file: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const squash = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  input = await sample({ years: [2022, 2023], withErrors: true });
  out = tempDir('incomplete-out');
  const log = memoryLogger();
  const result = await build({ input, out, acceptRejects: true, pdf: true, log });
  if (result.exitCode !== 0) throw new Error(log.lines.join('\n'));
  defects = JSON.parse(readFileSync(join(input, 'defects.json'), 'utf8'));
  for (const [rule, column] of [['not_a_number', '机构名称'], ['formula_without_value', '机构名称'], ['enum_value', '设施名称'], ['unknown_town', '设施名称'], ['percent_range', '任务名称']] as const) {
    const d = defects.find((x) => x.rule === rule)!;
    const sheet = (await readWorkbook(join(input, d.file))).find((s) => s.tab === d.sheet)!;
    names.set(rule, String(sheet.rows[sheet.rowNumbers.indexOf(d.row!)]![column]).trim());
  }
}, 900_000);

afterAll(() => {
  for (const d of [input, out]) if (d) rmSync(d, { recursive: true, force: true });
});

const site = (...p: string[]) => readFileSync(join(out, 'site', ...p), 'utf8');
const unreadable = () => defects.filter((d) => d.expect === 'reject-file');

describe('the district report of 2023', () => {
  let html: string;
  beforeAll(() => {
    html = site('reports', '2023', 'index.html');
  });

  it('marks every value of 表1 and its 进度评价, and the note says what was left out and where each is named', () => {
    const t1 = table(html, '表1');
    // 32 district values, each with a value and a status, each marked twice
    expect(stars(t1)).toBe(64);
    const relief = rowOf(t1, /^2 ★?临时救助和长期照料总床位数/);
    expect(stars(relief)).toBe(2);
    expect(pageText(relief)).toMatch(/\d+ \*/);
    const at = html.indexOf('<caption>表1');
    const note = pageText(html.slice(html.indexOf('</table>', at), html.indexOf('<h', at)));
    expect(note).toContain(`标“*”的数值和评价所用数据不完整（${unreadable().length}个文件无法读取，`);
    expect(note).toContain('照常评价，仅供参考；未计入的数据见附录四。');
  });

  it('says that a binding warning judged on incomplete data is so', () => {
    const callout = pageText(/<[^>]+class="callout[^"]*warning[\s\S]*?<\/(div|aside)>/.exec(html)![0]);
    expect(callout).toContain('约束性指标预警');
    expect(callout).toContain('（所用数据不完整，仅供参考，见表1注）');
    expect(pageText(site('index.html'))).toContain('；所用数据不完整，仅供参考）');
  });

  it('names, in 附录四, each incomplete or missing figure with what was left out: by sheet, department and reason', () => {
    const q = sectionText(html, 'appendix-quality');
    expect(q).toContain(`2023年${unreadable().length}个报送的文件无法读取（`);
    expect(q).toContain('2023年全部指标值（全区和各镇街）均标为“数据不完整”');
    // and who is to send them again, where to find their names (the review of the flawed sample: no unit was asked)
    expect(q).toContain('这些文件的名称和无法读取的原因见网站“方法与数据质量”页和拒绝清单；请报送这些文件的科室按说明改正后重新报送，收齐后重新评估。');
    const t = table(html, '2023年数据不完整或缺失的指标值及未计入的数据');
    expect(pageText(rowOf(t, /^2 /))).toContain(`《救助床位》（社会救助科）2行未通过校验：${names.get('not_a_number')}（不是数值）、${names.get('formula_without_value')}（公式没有计算结果）`);
    expect(pageText(rowOf(t, /^6 /))).toContain(`${names.get('unknown_town')}（镇街名称无法识别，可能属于任一镇街）`);
    // a town without its row: that town missing, the district and the others computed
    const poor = defects.find((d) => d.rule === 'town_missing' && d.sheet?.startsWith('特困人员供养'))!.value!;
    const one = pageText(rowOf(t, /^1 /));
    expect(one).toContain(`全区和除${poor}外的各镇街 ${poor} `);
    expect(one).toContain(`《特困人员供养》（社会救助科）1行未通过校验（数值关系不可能），缺少${poor}的数据`);
    expect(pageText(rowOf(t, /^25 /))).toContain('《婚姻登记机关》（社会事务科）1张表整表未通过校验（缺少必填列）');
    // indicators that only the unreadable files touch are said once, above the table
    const numbers = [...t.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => pageText(m[1]!).trim().split(' ')[0]);
    expect(numbers).toContain('2');
    expect(numbers).not.toContain('4');
    // the problems by kind, with their counts
    const kinds = table(html, '表 数据问题分类统计');
    expect(pageText(rowOf(kinds, /^不是数值 /)).trim()).toMatch(/^不是数值 [1-9]\d* \d+$/);
    expect(pageText(rowOf(kinds, /^公式没有计算结果 /)).trim()).toMatch(/^公式没有计算结果 [1-9]\d* \d+$/);
  });

  it('says which key task a rejected ledger row left out of the task counts, by name (概述 and 附录六)', () => {
    const lost = `2023年重点任务台账中有1项任务的填报行未通过校验，未计入任务统计（“${names.get('percent_range')}”：百分比超出 0—100，需办公室会同养老服务科改正后重新报送）。`;
    expect(sectionText(html, 'appendix-tasks')).toContain(lost);
    expect(pageText(html).split(lost).length - 1).toBe(2);
    // the year before lost none of its ledger
    expect(pageText(site('reports', '2022', 'index.html'))).not.toContain('未计入任务统计');
  });

  it('says that a judgement rests on a count that changed by more than half, and what it is at last year’s count (概述, 附录四, the town’s report)', () => {
    // the planted typo (采育镇 153 → 2190, a 0 typed twice?) and the published district count it is in
    const d = defects.find((x) => x.rule === 'large_change')!;
    const [, before, after] = /由上年(\d+)变为(\d+)/.exec(d.note!)!.map(Number);
    const town = /^(\S+?[镇街道])社区社会组织数量/.exec(d.note!)![1]!;
    const csv = readFileSync(join(out, 'data', 'indicator_values.csv'), 'utf8').split('\n').map((l) => l.split(','));
    const row = csv.find((r) => r[0] === '2023' && r[3] === 'district' && r[4] === '19')!;
    const other = Number(row[8]) - after! + before!;
    const cell = `${town}的社区社会组织数量由2022年的${before}家变为${after}家`;
    expect(after! / before!).toBeGreaterThanOrEqual(10);
    const moved = `约为上年的${Math.round(after! / before!)}倍`;
    const overview = sectionText(html, 'overview');
    expect(overview).toContain(`需要说明的是，“全区社区社会组织数量”的进度评价为“${row[17]}”，所依据的2023年数据中${cell}，${moved}，需社会组织管理科核实；如${town}按2022年的${before}家计，全区为${other}家，进度评价为“`);
    // (with the planted 合计 that disagrees with its rows, when a figure counts its column)
    expect(sectionText(html, 'appendix-quality')).toMatch(new RegExp(`需要核实的记录中，\\d项指标的2023年数值计入了变化超过一半(或合计行与各行之和不符)?的填报，在科室核实之前按填报数计算：指标19“全区社区社会组织数量”：${cell}[；。]`));
    expect(pageText(site('reports', '2023', 'towns', `${code(town)}.html`))).toContain(`“社区社会组织数量”2023年的数值含需核实的填报：${cell}，${moved}，需社会组织管理科核实。`);
    // another town's own figure is not in doubt; only its share of the district's count, which rests on the cell, is said so
    const elsewhere = pageText(site('reports', '2023', 'towns', `${code('黄村镇')}.html`));
    expect(elsewhere).not.toContain('2023年的数值含需核实的填报');
    const mine = Number(csv.find((r) => r[0] === '2023' && r[1] === code('黄村镇') && r[4] === '19')![7]);
    expect(elsewhere).toContain(`“社区社会组织数量”占全区的比重所依据的全区数值含需核实的填报：${cell}，${moved}；如${town}按2022年的${before}家计，全区为${other}家，本镇占${((mine / other) * 100).toFixed(1)}%（表中为${((mine / Number(row[7])) * 100).toFixed(1)}%）。`);
    expect(pageText(site('reports', '2022', 'index.html'))).not.toContain('需要说明的是');
    // the site's page of the indicator says it too, where it gives the status
    expect(pageText(site('indicators', '19.html'))).toContain(`数据待核实 “全区社区社会组织数量”的进度评价为“${row[17]}”，所依据的2023年数据中${cell}，`);
    expect(pageText(site('indicators', '18.html'))).not.toContain('数据待核实');
  });

  it('names no file and no row number of the workbooks', () => {
    const body = pageText(html);
    for (const d of defects) {
      const file = d.file.split('/').pop()!;
      expect(body, file).not.toContain(file);
    }
    expect(body).not.toMatch(/第 ?\d+ ?行/);
  });

  it('gives each indicator’s source sheets under the departments that fill them (附录一)', () => {
    const t = table(html, '各项指标的计算口径和数据来源');
    expect(pageText(rowOf(t, /^3 /))).toContain('《养老服务设施》、《居家养老》（养老服务科）；《人口基础数据》（区统计局）');
    expect(pageText(rowOf(t, /^10 /))).toContain('《区级统计指标》（区统计局）');
  });

  it('leaves 2022, which lost nothing, unmarked', () => {
    const y2022 = site('reports', '2022', 'index.html');
    expect(stars(y2022)).toBe(0);
    expect(y2022).not.toContain('数据不完整（');
  });

  it('prints the marks and the notes in the PDF', () => {
    const text = pdfText(join(out, 'pdf', '2023', 'daxing-2023.pdf'));
    expect((text.match(/\*/g) ?? []).length).toBeGreaterThanOrEqual(64);
    const flat = squash(text);
    expect(flat).toContain(squash(`标“*”的数值和评价所用数据不完整（${unreadable().length}个文件无法读取，`));
    expect(flat).toContain('2023年数据不完整或缺失的指标值及未计入的数据');
    expect(flat).toContain(squash('2023年全部指标值（全区和各镇街）均标为“数据不完整”'));
  });
});

describe('a judgement on incomplete data, where the text states it', () => {
  it('says once in 一 that every figure of the year is incomplete (a file could not be read), rather than after each', () => {
    const overview = sectionText(site('reports', '2023', 'index.html'), 'overview');
    // (after the years the input has no folder for, said first)
    expect(overview).toMatch(/时序进度为60\.0%。(输入数据中没有[^。]+。)?2023年有\d+个报送的文件无法读取，内容不明(（应报的22类报表均已读到，这些是另外报送的文件，可能含补报或更正的数据）)?，可能涉及任何一项指标，全部指标值因此标为数据不完整（见表1注和附录四）；以下评价按已读取的数据作出，这些文件重新报送后需复核。/);
    expect(overview).not.toContain('（所用数据不完整，仅供参考）');
    expect(sectionText(site('reports', '2022', 'index.html'), 'overview')).not.toContain('所用数据不完整');
  });

  it('counts a town’s ratio without a value as not judged, never as reached, and says which data it lacks', () => {
    // the planted omission: a town left out of 志愿服务
    const d = defects.find((x) => x.rule === 'town_missing' && x.sheet === '志愿服务')!;
    const town = /漏填(\S+)$/.exec(d.note!)![1]!;
    const html = site('reports', '2023', 'towns', `${code(town)}.html`);
    const text = pageText(html);
    expect(text).toMatch(/\d+项比率类指标中，\d+项达到全区目标水平(，\d+项未达到（[^）]*）)?，1项因缺少数据无法评估（“实名注册志愿者占常住人口的比例”）。/);
    expect(text).not.toContain('全部达到全区目标水平');
    expect(text).toContain(`表中“—”的数值缺少所需的数据，无法计算和评价（不以零计）。缺少的数据：`);
    expect(text).toContain(`《志愿服务》（社会工作科）缺少${town}的数据，涉及“实名注册志愿者占常住人口的比例”。`);
  });
});

describe('a town’s report of 2023 (黄村镇)', () => {
  const enumRow = () => `《养老服务设施》（养老服务科）1行未通过校验：${names.get('enum_value')}（不是规定的选项），涉及“每千名常住人口养老床位数”“建成运营社区养老服务驿站”`;

  it('marks its values and their judgement against the district target; the note names what this town lost', () => {
    const html = site('reports', '2023', 'towns', `${code('黄村镇')}.html`);
    const t = table(html, '黄村镇主要指标（2023年）');
    const beds = rowOf(t, /^每千名常住人口养老床位数/);
    // the town's value, the district's beside it (incomplete too: the sixth workbook attack) and the judgement
    expect(stars(beds)).toBe(3);
    expect(pageText(beds)).toMatch(/(未)?达到全区目标水平 \*/);
    const text = pageText(html);
    expect(text).toContain(`未计入的数据：${unreadable().length}个报送的文件无法读取（`);
    expect(text).toContain(enumRow());
    // another town's rejected row is not this town's
    expect(text).not.toContain(names.get('not_a_number')!);
    for (const d of defects) expect(text).not.toContain(d.file.split('/').pop()!);
  });

  it('says under its key tasks that the ledger lost a task to validation where it may concern the town (its goal is in 3个镇街)', () => {
    const tasks = sectionText(site('reports', '2023', 'towns', `${code('黄村镇')}.html`), 'town-tasks');
    expect(tasks).toContain(`2023年重点任务台账中有1项任务的填报行未通过校验，未计入任务统计（“${names.get('percent_range')}”：百分比超出 0—100，需办公室会同养老服务科改正后重新报送）。`);
    expect(pageText(site('reports', '2022', 'towns', `${code('黄村镇')}.html`))).not.toContain('未计入任务统计');
  });

  it('prints the note in its PDF', () => {
    const flat = squash(pdfText(join(out, 'pdf', '2023', 'towns', `daxing-2023-${code('黄村镇')}.pdf`)));
    expect(flat).toContain(squash(enumRow()));
  });
});

describe('the site', () => {
  it('marks the indicator page’s latest value, its status and every incomplete year, and names what the district value lost', () => {
    const html = site('indicators', '2.html');
    expect(html).toMatch(/<dt>2023年实际值<\/dt><dd>[^<]+<sup class="mark"[^>]*>\*<\/sup>/);
    expect(html).toMatch(/<dt>进度评价<\/dt><dd>[^<]+<sup class="mark"[^>]*>\*<\/sup>/);
    const years = table(html, '表 全区临时救助和长期照料总床位数历年评价');
    expect(stars(rowOf(years, /^2023年/))).toBe(2);
    expect(stars(rowOf(years, /^2022年/))).toBe(0);
    const note = pageText(/<p class="note incomplete-note"[\s\S]*?<\/p>/.exec(html)![0]);
    expect(note).toContain(`2023年全区数值未计入的数据：${unreadable().length}个报送的文件无法读取（`);
    expect(note).toContain(`《救助床位》（社会救助科）2行未通过校验：${names.get('not_a_number')}（不是数值）、${names.get('formula_without_value')}（公式没有计算结果）`);
    expect(html).toMatch(/<a href="#sec-lineage">数据来源<\/a>/);
    expect(html).toContain('href="../method.html#incomplete"');
  });

  it('marks a town page’s values and judgements and names what the town lost', () => {
    const html = site('towns', `${code('黄村镇')}.html`);
    const ratios = table(html, '表 2023年黄村镇比率类指标对照全区目标');
    // the town, the district and the judgement
    expect(stars(rowOf(ratios, /^指标3 /))).toBe(3);
    const note = pageText(/<p class="note incomplete-note"[\s\S]*?<\/p>/.exec(html)![0]);
    expect(note).toContain('2023年黄村镇的数值未计入的数据：');
    expect(note).toContain(`${names.get('enum_value')}（不是规定的选项），涉及“每千名常住人口养老床位数”“建成运营社区养老服务驿站”`);
  });

  it('lists the files outside the year folders in the load report without a year, not as null', () => {
    const load = table(site('method.html'), '表 载入报告');
    expect(pageText(rowOf(load, /^— defects\.json /))).toContain('跳过');
    expect(load).not.toMatch(/>null</);
  });

  it('says on the home page and the indicator list that the latest figures are incomplete', () => {
    expect(pageText(site('index.html'))).toContain('2023年有32项全区指标值所用数据不完整');
    const list = site('indicators', 'index.html');
    expect(stars(list)).toBe(64);
    expect(pageText(list)).toContain('标“*”的数值和评价所用数据不完整');
  });
});
