import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { CHART_CONFIG, COLORS, cjkTextWidth, textWidth } from '../../pipeline/present/chart-style.ts';
import {
  type Chart,
  NO_DATA,
  heatmap,
  placeLabels,
  type LabelGeometry,
  trendIsFlat,
  niceDomain,
  renderSpec,
  statusChart,
  townBarChart,
  trendChart,
} from '../../pipeline/present/charts.ts';

// Fixtures

const TOWNS = [
  '兴丰街道', '林校路街道', '清源街道', '观音寺街道', '天宫院街道', '高米店街道', '荣华街道', '博兴街道',
  '亦庄镇', '黄村镇', '旧宫镇', '西红门镇', '瀛海镇', '青云店镇', '采育镇', '安定镇', '礼贤镇', '榆垡镇',
  '庞各庄镇', '北臧村镇', '魏善庄镇', '长子营镇',
];

const trendInput = () => ({
  id: 'fig-beds',
  title: '图3 每千名常住人口养老床位数',
  unit: '张',
  years: [
    { year: 2020, value: 5.0, label: '5.0' },
    { year: 2021, value: 5.4, label: '5.4' },
    { year: 2022, value: null, label: '—' },
    { year: 2023, value: 6.2, label: '6.2' },
  ],
  baseline: { year: 2020, value: 5 },
  target: { year: 2025, value: 7, label: '7' },
});

const townInput = () => ({
  id: 'fig-volunteer',
  title: '图5 各镇街志愿服务站点覆盖率',
  unit: '%',
  towns: TOWNS.map((name, i) =>
    i % 7 === 3 ? { name, value: null, label: '—' } : { name, value: 40 + ((i * 37) % 60), label: `${40 + ((i * 37) % 60)}.0%` },
  ),
  benchmark: { value: 80, label: '80%' },
  highlight: '魏善庄镇',
});

const STATUSES = [
  { status: '已完成', count: 8, fg: '#1e5631', bg: '#d9efdf' },
  { status: '快于时序进度', count: 6, fg: '#1d4f91', bg: '#dce8f6' },
  { status: '滞后', count: 5, fg: '#8a4b00', bg: '#fbe3c8' },
  { status: '未保持', count: 0, fg: '#6b1d1d', bg: '#f3e0e0' },
  { status: '无法评估', count: 4, fg: '#3d3d3d', bg: '#e8e8e8' },
];

const COLUMNS = ['1', '3', '14', '23'];
const heatmapInput = () => ({
  id: 'fig-towns',
  title: '图6 各镇街比率指标达到全区目标情况',
  columnTitle: '指标序号',
  rows: TOWNS.map((label, i) => ({ key: `t${i}`, label })),
  columns: COLUMNS.map((k) => ({ key: `i${k}`, label: k })),
  cells: TOWNS.flatMap((_, i) =>
    COLUMNS.flatMap((k, j) => {
      const v = (i + j) % 4;
      if (v === 3 && i === 0) return []; // left out: drawn as —
      return [
        v === 0
          ? { row: `t${i}`, column: `i${k}`, text: '—', fg: '#595959', bg: '#f2f2f2' }
          : v === 1
            ? { row: `t${i}`, column: `i${k}`, text: '未达', fg: '#9b1c1c', bg: '#f8d7d7' }
            : { row: `t${i}`, column: `i${k}`, text: '达标', fg: '#1e5631', bg: '#d9efdf' },
      ];
    }),
  ),
  legend: [
    { text: '达标', label: '达到全区目标水平' },
    { text: '未达', label: '未达到全区目标水平' },
  ],
});

// SVG helpers

/**
 * Minimal XML well-formedness check: every tag is a well-formed start, end or empty tag
 * with quoted attributes, tags nest and balance, text has no raw `<` or stray `&`.
 * Returns the problems found (empty when well formed).
 */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const tag = /<[^>]*>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  const checkText = (text: string) => {
    if (text.includes('<')) problems.push(`raw < in text: ${text.slice(0, 40)}`);
    if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text)) problems.push(`stray & in text: ${text.slice(0, 40)}`);
  };
  while ((m = tag.exec(xml))) {
    checkText(xml.slice(last, m.index));
    last = m.index + m[0].length;
    const t = m[0];
    const parsed = /^<(\/?)([A-Za-z][\w:.-]*)((?:\s+[A-Za-z_:][\w:.-]*="[^"<]*")*)\s*(\/?)>$/.exec(t);
    if (!parsed) {
      problems.push(`malformed tag: ${t.slice(0, 80)}`);
      continue;
    }
    const [, close, name, attrs, empty] = parsed;
    const names = [...attrs!.matchAll(/\s+([A-Za-z_:][\w:.-]*)=/g)].map((a) => a[1]);
    if (new Set(names).size !== names.length) problems.push(`duplicate attribute in ${t.slice(0, 80)}`);
    checkText(attrs!.replace(/="([^"]*)"/g, (_s, v: string) => v.replace(/</g, '')));
    if (close) {
      if (empty) problems.push(`bad end tag ${t}`);
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
    } else if (!empty) stack.push(name!);
  }
  checkText(xml.slice(last));
  if (stack.length) problems.push(`unclosed: ${stack.join(' > ')}`);
  return problems;
}

function decode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** The text content of every <text> element (multi-line texts joined). */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) => decode(m[1]!.replace(/<[^>]+>/g, '')));
}

/** Text fills, except the white halos drawn under labels. */
function textFills(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*\sfill="([^"]+)"/g)].map((m) => m[1]!).filter((f) => f !== COLORS.background);
}

function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
}

function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** Shared checks for every chart: well formed, accessible, scalable, ids prefixed. */
function expectAccessibleChart(chart: Chart, id: string, title: string): void {
  const { svg } = chart;
  expect(xmlProblems(svg)).toEqual([]);
  const root = /^<svg\b([^>]*)>/.exec(svg);
  expect(root).not.toBeNull();
  const attrs = root![1]!;
  expect(attrs).toContain('xmlns="http://www.w3.org/2000/svg"');
  expect(attrs).toContain('role="img"');
  expect(attrs).toContain(`aria-labelledby="${id}-title ${id}-desc"`);
  expect(attrs).toMatch(/\swidth="\d+(\.\d+)?"/);
  expect(attrs).toMatch(/\sheight="\d+(\.\d+)?"/);
  const vb = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(attrs);
  expect(vb).not.toBeNull();
  expect(attrs).toContain(`width="${vb![1]}"`);
  expect(attrs).toContain(`height="${vb![2]}"`);
  // <title> and <desc> are the first children, with the ids the root points at.
  const after = svg.slice(root![0].length);
  const head = /^<title id="([^"]+)">([^<]*)<\/title><desc id="([^"]+)">([^<]*)<\/desc>/.exec(after);
  expect(head).not.toBeNull();
  expect(head![1]).toBe(`${id}-title`);
  expect(decode(head![2]!)).toBe(title);
  expect(head![3]).toBe(`${id}-desc`);
  expect(decode(head![4]!)).toBe(chart.description);
  expect(chart.description).toMatch(/[\u4e00-\u9fff]/);
  expect(chart.description.endsWith('。')).toBe(true);
  // Every id is this chart's; no per-mark ARIA under the single image role.
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) expect(m[1]!.startsWith(`${id}-`)).toBe(true);
  expect(after.match(/\srole="/g)).toBeNull();
  // Sizes a reader can read at ~16 cm: no text under 11 px.
  for (const m of svg.matchAll(/font-size="([\d.]+)px"/g)) expect(Number(m[1])).toBeGreaterThanOrEqual(11);
  expect(svg).toContain("font-family=\"'Noto Sans SC'");
}

// Tests

describe('text widths', () => {
  it('counts CJK characters as 1 em and others as 0.6 em', () => {
    expect(textWidth('养老床位', 12)).toBe(48);
    expect(textWidth('2025', 10)).toBeCloseTo(24);
    expect(textWidth('2025年目标', 12)).toBeCloseTo(12 * (4 * 0.6 + 3));
    expect(textWidth('（单位：张）', 12)).toBe(72);
    expect(cjkTextWidth({ fontSize: 12 }, '每千名常住人口养老床位数')).toBeGreaterThanOrEqual(12 * 12);
    expect(cjkTextWidth({}, '镇街')).toBe(22); // vega's default 11 px
    expect(cjkTextWidth({ fontSize: 12, limit: 30 }, '观音寺街道')).toBe(30);
  });

  it('is installed into vega by rendering', () => {
    renderSpec({ data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } });
    expect((vega as unknown as { textMetrics: { width: unknown } }).textMetrics.width).toBe(cjkTextWidth);
  });

  it('keeps a long Chinese axis title clear of rotated Chinese labels', () => {
    const names = ['亦庄镇', '北臧村镇', '观音寺街道'];
    const svg = renderSpec({
      width: 200,
      height: 100,
      data: { values: names.map((t, i) => ({ t, v: i + 1 })) },
      mark: 'bar',
      encoding: {
        x: { field: 't', type: 'nominal', axis: { labelAngle: -90, title: '镇街名称（按常住人口排序）' } },
        y: { field: 'v', type: 'quantitative', axis: { title: '每千名常住人口养老床位数' } },
      },
    });
    const labels = /<g class="mark-text role-axis-label"[^>]*>([\s\S]*?)<\/g>/.exec(svg)![1]!;
    const labelTop = Math.max(...[...labels.matchAll(/translate\([\d.]+,([\d.]+)\) rotate\(270\)/g)].map((m) => Number(m[1])));
    const labelBottom = labelTop + Math.max(...names.map((n) => textWidth(n, 12)));
    const title = /<g class="mark-text role-axis-title"[^>]*><text[^>]*transform="translate\([\d.]+,([\d.]+)\)"[^>]*>镇街名称/.exec(svg);
    expect(title).not.toBeNull();
    // The title's top (baseline minus one em) is below the longest label's end.
    expect(Number(title![1]) - 12).toBeGreaterThanOrEqual(labelBottom);
  });
});

describe('renderSpec(spec, options)', () => {
  const clipped: TopLevelSpec = {
    width: 300,
    height: 120,
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values: [{ x: 1, y: 2, s: '实际值' }, { x: 2, y: 9, s: '实际值' }, { x: 3, y: 4, s: '时序进度' }] },
    layer: [
      { mark: { type: 'line', clip: true }, encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: [1, 2.5] } }, y: { field: 'y', type: 'quantitative' }, color: { field: 's', type: 'nominal' } } },
      { mark: { type: 'text', dy: -6 }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 's' } } },
    ],
  };

  it('renders synchronously what vega renders asynchronously', async () => {
    const strip = (s: string) =>
      s
        .replace(/\s(?:role|aria-[a-z]+|font-family)="[^"]*"/g, '')
        .replace(/\sid="[^"]*"/g, ' id=""')
        .replace(/url\(#[^)]*\)/g, 'url(#)');
    const byStep: TopLevelSpec = {
      width: 400,
      height: { step: 20 },
      autosize: { type: 'fit-x', contains: 'padding' },
      data: { values: TOWNS.slice(0, 5).map((t, i) => ({ t, v: i })) },
      layer: [
        { mark: 'bar', encoding: { y: { field: 't', type: 'nominal' }, x: { field: 'v', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'left', dx: 4 }, encoding: { y: { field: 't', type: 'nominal' }, x: { field: 'v', type: 'quantitative' }, text: { field: 't' } } },
      ],
    };
    for (const spec of [clipped, byStep]) {
      const sync = renderSpec(spec);
      const view = new vega.View(vega.parse(compile(spec, { config: CHART_CONFIG }).spec), { renderer: 'none' });
      const async = await view.toSVG();
      view.finalize();
      expect(strip(sync)).toBe(strip(async));
    }
  });

  it('numbers ids per chart with the prefix, so output does not depend on render order', () => {
    const a = renderSpec(clipped, { idPrefix: 'fig-a' });
    renderSpec(clipped, { idPrefix: 'other' });
    const b = renderSpec(clipped, { idPrefix: 'fig-a' });
    expect(b).toBe(a);
    expect(a).toContain('id="fig-a-clip1"');
    expect(a).toContain('url(#fig-a-clip1)');
    expect(a).not.toMatch(/id="clip\d/);
    expect(xmlProblems(a)).toEqual([]);
  });

  it('reports warnings and rejects bad ids', () => {
    const warnings: string[] = [];
    renderSpec(
      { data: { values: [{ a: 1, b: 'x' }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'quantitative' }, shape: { field: 'b', type: 'nominal' } } },
      { onWarning: (w) => warnings.push(w) },
    );
    expect(warnings.join('\n')).toMatch(/shape/);
    expect(() => renderSpec(clipped, { idPrefix: '1 bad' })).toThrow(/id/);
  });
});

describe('trendChart({ id, title, unit, years, baseline, target, plannedPath? })', () => {
  const chart = trendChart(trendInput());

  it('is an accessible, well-formed SVG', () => {
    expectAccessibleChart(chart, 'fig-beds', '图3 每千名常住人口养老床位数');
  });

  it('describes the data in Chinese, missing years included', () => {
    expect(chart.description).toBe(
      '2020年至2023年，每千名常住人口养老床位数由5.0张增至6.2张（2022年无数据）；2025年目标7张。' +
        '各年：2020年5.0张，2021年5.4张，2022年无数据，2023年6.2张。',
    );
  });

  it('writes the target, the planned path, the values and the whole plan period', () => {
    const t = texts(chart.svg);
    expect(t).toContain('2025年目标7张');
    expect(t).toContain('按时序进度应达到');
    expect(t).toContain('实际值');
    expect(t).toContain('单位：张');
    for (const v of ['5.0', '5.4', '6.2']) expect(t).toContain(v);
    for (const y of ['2020', '2021', '2022', '2023', '2024', '2025']) expect(t).toContain(y);
    expect(t).not.toContain('2,020');
  });

  it('shows a missing year as a gap labelled 无数据, never as zero', () => {
    const t = texts(chart.svg);
    expect(t).toContain(NO_DATA);
    expect(t).not.toContain('0');
    expect(t).not.toContain('—');
    // Three points, and the line is broken into two pieces.
    const line = /<g class="mark-line role-mark \w+"[^>]*><path d="([^"]+)"[^>]*stroke="#1d4f91"/.exec(chart.svg);
    expect(line).not.toBeNull();
    expect(line![1]!.match(/M/g)!.length).toBe(2);
    const points = /<g class="mark-symbol role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/.exec(chart.svg)![1]!;
    expect(points.match(/<path/g)!.length).toBe(3);
  });

  it('is deterministic', () => {
    townBarChart(townInput());
    expect(trendChart(trendInput())).toEqual(chart);
  });

  it('draws no planned path for a maintain target and accepts an explicit one', () => {
    const keep = trendChart({ ...trendInput(), target: { year: 2025, value: 5, label: '5' } });
    expect(texts(keep.svg)).not.toContain('按时序进度应达到');
    const path = trendChart({
      ...trendInput(),
      plannedPath: [2020, 2021, 2022, 2023, 2024, 2025].map((year, i) => ({ year, value: 5 + 0.4 * i })),
    });
    expect(texts(path.svg)).toContain('按时序进度应达到');
    expect(xmlProblems(path.svg)).toEqual([]);
  });

  it('says a printed baseline and a value that are one figure as one, not a fall (由100%降至100.0%, the site review)', () => {
    const kept = trendChart({
      ...trendInput(), unit: '%', title: '图1 集中供养率',
      years: [{ year: 2020, value: 100, label: '100' }, { year: 2021, value: 100, label: '100.0' }, { year: 2022, value: 100, label: '100.0' }],
      target: { year: 2025, value: 100, label: '100' },
    });
    expect(kept.description).toMatch(/^2020年和2022年，.*均为100\.0%；/);
    expect(kept.description).not.toContain('降至');
  });

  it('says so when there is no data at all', () => {
    const none = trendChart({ ...trendInput(), years: [{ year: 2021, value: null, label: '—' }] });
    expect(none.description).toBe('每千名常住人口养老床位数暂无数据；2025年目标7张。各年：2021年无数据。');
    expectAccessibleChart(none, 'fig-beds', '图3 每千名常住人口养老床位数');
  });

  it('uses only AA text colours', () => {
    for (const f of textFills(chart.svg)) expect(contrast(f, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });
});

describe('trendChart({ …, seriesName?, comparison?, lastYear?, target? }) for a town', () => {
  const district = [
    { year: 2020, value: 5.1, label: '5.1' },
    { year: 2021, value: 5.3, label: '5.3' },
    { year: 2022, value: 5.6, label: '5.6' },
    { year: 2023, value: 5.9, label: '5.9' },
  ];
  const town = trendChart({
    ...trendInput(),
    seriesName: '清源街道',
    comparison: { name: '全区', years: district },
    target: { year: 2025, value: 7, label: '7', name: '全区目标' },
    plannedPath: [],
  });

  it('draws the district beside the town, labelled in the legend, against the district target', () => {
    expectAccessibleChart(town, 'fig-beds', '图3 每千名常住人口养老床位数');
    const t = texts(town.svg);
    for (const s of ['清源街道', '全区', '全区目标7张']) expect(t).toContain(s);
    expect(t).not.toContain('时序进度');
    expect(t).not.toContain('实际值');
    // The district's values are in its table, not on the chart.
    expect(t).not.toContain('5.9');
    expect(town.description).toContain('；全区由5.1张增至5.9张；全区目标7张。');
    expect(xmlProblems(town.svg)).toEqual([]);
  });

  /** A town's rate from 2020 beside the district's, against the district target (no planned path). */
  const townTrend = (town: string, values: number[], district: number[], target: number) => {
    const series = (xs: number[]) => xs.map((value, i) => ({ year: 2020 + i, value, label: value.toFixed(1) }));
    return trendChart({
      ...trendInput(),
      unit: '%',
      baseline: { year: 2020, value: values[0]! },
      years: series(values),
      seriesName: town,
      comparison: { name: '全区', years: series(district) },
      target: { year: 2025, value: target, label: String(target), name: '全区目标' },
      plannedPath: [],
    });
  };

  it('keeps the town labels off the district line', () => {
    // 黄村镇's volunteers, 16.2% in 2020 just above the district's 16.0%: the label sits
    // above the first point, not below it on the district's line.
    const close = townTrend('黄村镇', [16.2, 17.3, 18.0, 18.9, 19.7, 20.3], [16.0, 17.1, 17.9, 18.8, 19.6, 20.3], 21);
    const label = Number(/<text[^>]*transform="translate\([\d.]+,([\d.]+)\)"[^>]*>16\.2<\/text>/.exec(close.svg)![1]);
    const points = [...close.svg.matchAll(/<path transform="translate\(36[.\d]*,([\d.]+)\)" d="M3\.162/g)].map((m) => Number(m[1]));
    expect(points).toHaveLength(1);
    expect(label).toBeLessThan(points[0]! - 6);
  });

  it('never runs the axis below zero for values that are not negative, and keeps the labels inside the plot', () => {
    // 长子营镇's volunteer stations, 6.2% in 2020 under the district's 37%: the padding for the
    // bottom label took the axis to -10, the 6.2 below its point on the zero line.
    const low = townTrend('长子营镇', [6.2, 12.5, 20.8, 25.0, 27.1, 29.2], [37.0, 45.0, 53.0, 61.0, 68.1, 73.9], 80);
    const axis = /<g class="mark-text role-axis-label"[^>]*>(?:(?!<\/g>)[\s\S])*?<\/g>/g;
    const ticks = [...low.svg.matchAll(axis)].flatMap((m) => [...m[0].matchAll(/>(-?[\d.]+)<\/text>/g)].map((t) => Number(t[1])));
    expect(ticks.length).toBeGreaterThan(6);
    expect(Math.min(...ticks)).toBe(0);
    // the zero tick is the plot's bottom (230 px; its label 4 px lower)
    expect(low.svg).toMatch(/<text text-anchor="end" transform="translate\(-9,234\)"[^>]*>0<\/text>/);
    const label = /<text[^>]*transform="translate\([\d.]+,([\d.]+)\)"[^>]*>6\.2<\/text>/.exec(low.svg);
    expect(Number(label![1])).toBeLessThan(230);
  });

  it('needs no target (a town count) and then spans the years it is told', () => {
    const count = trendChart({ ...trendInput(), target: undefined, lastYear: 2025, seriesName: '清源街道' });
    const t = texts(count.svg);
    expect(t).not.toContain('目标');
    expect(t).toContain('2025');
    expect(count.description).toBe(
      '2020年至2023年，每千名常住人口养老床位数由5.0张增至6.2张（2022年无数据）。各年：2020年5.0张，2021年5.4张，2022年无数据，2023年6.2张。',
    );
    expect(() => trendChart({ ...trendInput(), seriesName: '全区', comparison: { name: '全区', years: district } })).toThrow(/图例名称重复/);
  });
});

describe('townBarChart({ id, title, unit, towns, benchmark?, highlight? })', () => {
  const chart = townBarChart(townInput());

  it('is an accessible, well-formed SVG', () => {
    expectAccessibleChart(chart, 'fig-volunteer', '图5 各镇街志愿服务站点覆盖率');
  });

  it('writes all 22 towns, sorted descending, missing ones last as 无数据', () => {
    const labels = [...chart.svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>([\s\S]*?)<\/g>/g)].map((m) => m[1]!).find((g) => g.includes('镇'))!;
    const order = [...labels.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    const input = townInput().towns;
    const known = input.filter((t) => t.value !== null).sort((a, b) => b.value! - a.value!).map((t) => t.name);
    const missing = input.filter((t) => t.value === null).map((t) => t.name);
    expect(order).toEqual([...known, ...missing]);
    expect(missing.length).toBe(3);
    expect(texts(chart.svg).filter((t) => t === NO_DATA).length).toBe(3);
    // Bars only for towns with a value.
    const bars = /<g class="mark-rect role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/.exec(chart.svg)![1]!;
    expect(bars.match(/<path/g)!.length).toBe(known.length);
  });

  it('draws the benchmark and highlights the town', () => {
    const t = texts(chart.svg);
    expect(t).toContain('全区目标 80%');
    expect(chart.svg).toMatch(/font-weight="bold"[^>]*>魏善庄镇</);
    expect(chart.svg).toContain(`fill="${COLORS.accent}"`);
    expect(chart.description).toContain('魏善庄镇为60.0%');
    expect(chart.description).toContain('观音寺街道、旧宫镇、榆垡镇无数据');
    // out of the 19 with a value, not the 22 (a review: 22个镇街中…最低的是 with a town missing)
    expect(chart.description).toMatch(/^有数据的19个镇街中，各镇街志愿服务站点覆盖率最高的是长子营镇（97.0%），最低的是兴丰街道（40.0%）；6个达到全区目标水平（80%），13个未达到/);
  });

  it('keeps every value label off the target rule: one that would cross it goes right of the rule', () => {
    // 节地生态安葬率 2025: 62.5 against a district target of 65 (the site review saw 62.5 over the
    // dashed line). The rule at x, each label's glyphs with their 2.5 px halo, as drawn.
    const cases = [
      { values: [79.2, 78.8, 78.7, 70.7, 70.3, 62.5, 62.5, 62.3, 61.1, 55], benchmark: 65, width: undefined },
      { values: [9.2, 8.8, 7.7, 7.3, 6.5, 6.4, 6.2, 5.1, 4.9, 4.2], benchmark: 6.6, width: undefined },
      { values: [100, 100, 98, 97, 96, 93, 90, 80, 70, 60], benchmark: 99, width: 340 },
      { values: [1200, 1000, 980, 700, 650, 600, 550, 500, 450, 400], benchmark: 1020, width: 340 },
    ];
    for (const c of cases) {
      const towns = TOWNS.slice(0, c.values.length).map((name, i) => ({ name, value: c.values[i]!, label: c.values[i]!.toFixed(1) }));
      const svg = townBarChart({ id: 'fig-x', title: '图1 各镇街某比率', unit: '%', towns, benchmark: { value: c.benchmark, label: String(c.benchmark) }, ...(c.width ? { width: c.width } : {}) }).svg;
      const rule = Number(/<line transform="translate\(([-\d.]+),[^>]*stroke-dasharray="6,4"/.exec(svg)![1]);
      const labels = [...svg.matchAll(/<text(?=[^>]*stroke="#ffffff")[^>]*text-anchor="start"[^>]*transform="translate\(([-\d.]+),[-\d.]+\)"[^>]*>([\d.]+)<\/text>/g)]
        .map((m) => ({ x: Number(m[1]), text: m[2]! }));
      expect(labels.map((l) => l.text).sort()).toEqual(towns.map((t) => t.label).sort());
      for (const l of labels) {
        const [from, to] = [l.x - 2.5, l.x + textWidth(l.text, 12) + 2.5];
        expect(rule + 0.75 < from || rule - 0.75 > to, `${l.text} over the rule at ${rule}: ${from}–${to}`).toBe(true);
      }
    }
  });

  it('says towns all alike as such, not 22 of them the highest (the site review)', () => {
    const alike = townBarChart({ ...townInput(), highlight: undefined, benchmark: undefined, towns: TOWNS.map((name) => ({ name, value: 100, label: '100.0%' })) });
    expect(alike.description).toMatch(/^各镇街志愿服务站点覆盖率均为100\.0%/);
    const reached = townBarChart({ ...townInput(), highlight: undefined, towns: TOWNS.map((name) => ({ name, value: 100, label: '100.0%' })) });
    expect(reached.description).toBe('各镇街志愿服务站点覆盖率均为100.0%；均达到全区目标水平（80%）。');
    expect(alike.description).not.toContain('最高');
  });

  it('draws bars a reader can see against the page (WCAG 1.4.11, 3:1; the site review measured 2.4:1)', () => {
    expect(contrast(COLORS.bar, COLORS.background)).toBeGreaterThanOrEqual(3);
    expect(contrast(COLORS.bar, COLORS.accent)).toBeGreaterThanOrEqual(2);
  });

  it('is deterministic and uses only AA text colours', () => {
    expect(townBarChart(townInput())).toEqual(chart);
    for (const f of textFills(chart.svg)) expect(contrast(f, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('draws towns without any value as 无数据 rows', () => {
    const none = townBarChart({ ...townInput(), highlight: undefined, towns: TOWNS.slice(0, 3).map((name) => ({ name, value: null, label: '—' })) });
    expectAccessibleChart(none, 'fig-volunteer', '图5 各镇街志愿服务站点覆盖率');
    expect(texts(none.svg).filter((t) => t === NO_DATA).length).toBe(3);
    expect(none.svg).not.toContain('mark-rect');
    expect(none.description).toBe('3个镇街的各镇街志愿服务站点覆盖率均无数据。');
  });

  it('rejects an unknown highlight and duplicate towns', () => {
    expect(() => townBarChart({ ...townInput(), highlight: '不存在镇' })).toThrow(/不存在镇/);
    expect(() => townBarChart({ ...townInput(), towns: [...townInput().towns, { name: '亦庄镇', value: 1, label: '1' }] })).toThrow(/重复/);
  });
});

describe('statusChart({ id, title, items })', () => {
  const chart = statusChart({ id: 'fig-status', title: '图1 指标进度评价', items: STATUSES });

  it('is an accessible, well-formed SVG', () => {
    expectAccessibleChart(chart, 'fig-status', '图1 指标进度评价');
  });

  it('writes every status name and count, in the given order and colours', () => {
    const t = texts(chart.svg);
    for (const s of STATUSES) {
      expect(t).toContain(s.status);
      expect(t).toContain(`${s.count}项`);
    }
    const labels = /<g class="mark-text role-axis-label"[^>]*>([\s\S]*?)<\/g>/.exec(chart.svg)![1]!;
    expect([...labels.matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1])).toEqual(STATUSES.map((s) => s.status));
    const bars = /<g class="mark-rect role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/.exec(chart.svg)![1]!;
    expect(bars.match(/<path/g)!.length).toBe(4); // no bar for 0
    expect(bars).toContain('fill="#d9efdf"');
    expect(bars).toContain('stroke="#1e5631"');
    expect(chart.description).toBe('共23项指标：已完成8项，快于时序进度6项，滞后5项，无法评估4项。');
  });

  it('draws all-zero counts without bars', () => {
    const zero = statusChart({ id: 'fig-zero', title: '图2', items: STATUSES.map((s) => ({ ...s, count: 0 })) });
    expectAccessibleChart(zero, 'fig-zero', '图2');
    expect(texts(zero.svg).filter((t) => t === '0项').length).toBe(STATUSES.length);
    expect(zero.description).toBe('暂无指标。');
  });

  it('is deterministic', () => {
    expect(statusChart({ id: 'fig-status', title: '图1 指标进度评价', items: STATUSES })).toEqual(chart);
  });
});

describe('heatmap({ id, title, rows, columns, cells })', () => {
  const chart = heatmap(heatmapInput());

  it('is an accessible, well-formed SVG', () => {
    expectAccessibleChart(chart, 'fig-towns', '图6 各镇街比率指标达到全区目标情况');
  });

  it('writes each cell text, the headers and a legend', () => {
    const t = texts(chart.svg);
    const input = heatmapInput();
    const count = (s: string) => t.filter((x) => x === s).length;
    const given = (s: string) => input.cells.filter((c) => c.text === s).length;
    // Each cell once, plus one legend swatch; the left-out cell is drawn as —.
    expect(count('达标')).toBe(given('达标') + 1);
    expect(count('未达')).toBe(given('未达') + 1);
    expect(count('—')).toBe(given('—') + 1 + 1);
    for (const town of TOWNS) expect(t).toContain(town);
    for (const c of COLUMNS) expect(t).toContain(c);
    expect(t).toContain('指标序号');
    expect(t).toContain('达到全区目标水平');
    expect(t).toContain('未达到全区目标水平');
    expect(t).toContain(NO_DATA);
    // Legend order: the caller's, 无数据 last.
    expect(t.indexOf('达到全区目标水平')).toBeLessThan(t.indexOf('未达到全区目标水平'));
    expect(t.indexOf('未达到全区目标水平')).toBeLessThan(t.indexOf(NO_DATA));
    expect(chart.description).toBe(
      `22个镇街×4项指标，共88格：达到全区目标水平${given('达标')}格，未达到全区目标水平${given('未达')}格，无数据${given('—') + 1}格。`,
    );
  });

  it('is deterministic, and rejects cells outside the grid', () => {
    expect(heatmap(heatmapInput())).toEqual(chart);
    expect(() => heatmap({ ...heatmapInput(), cells: [{ row: 'x', column: 'i1', text: '达标', fg: '#000000', bg: '#ffffff' }] })).toThrow(/x/);
  });
});

describe('charts on one page', () => {
  it('have no id in common', () => {
    const all = [
      trendChart(trendInput()),
      trendChart({ ...trendInput(), id: 'fig-beds-2' }),
      townBarChart(townInput()),
      statusChart({ id: 'fig-status', title: '图1', items: STATUSES }),
      heatmap(heatmapInput()),
    ];
    const ids = all.flatMap((c) => [...c.svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('niceDomain: the y domain vega draws', () => {
  it('extends both ends to the tick step', () => {
    expect(niceDomain(37.5, 50)).toEqual([37, 50]);
    expect(niceDomain(0, 6000)).toEqual([0, 6000]);
    expect(niceDomain(0.11, 0.6)).toEqual([0.1, 0.6]);
    expect(niceDomain(37.5, 50, 5)).toEqual([36, 50]);
  });
});

describe('placeLabels(rows, geometry)', () => {
  /** A 600 px chart's scales: 81 px a year, the given units a pixel; labels 7.2 px a character. */
  const geometry = (unitsPerPx: number, domain: [number, number], more: Partial<LabelGeometry> = {}): LabelGeometry => ({
    pxPerYear: 81,
    unitsPerPx,
    domain,
    margin: 34,
    paths: [],
    width: (label) => label.length * 7.2,
    ...more,
  });
  const rowsOf = (values: (number | null)[], from = 2021) => values.map((value, i) => ({ year: from + i, value, label: String(value) }));
  const at = (values: (number | null)[], g: LabelGeometry, from?: number) => placeLabels(rowsOf(values, from), g).map((r) => r.place);

  it('puts a label where the line is not: above a peak, below a dip, beside a slope', () => {
    const g = geometry(0.01, [0, 5]);
    expect(at([1, 3, 2], g)).toEqual(['below', 'above', 'below']);
    expect(at([1, 2, 3], g)).toEqual(['below', 'upLeft', 'above']);
    expect(at([3, 2, 1], g)).toEqual(['above', 'upRight', 'below']);
  });

  it('moves a label off the target line when the other side is clear', () => {
    // 49.1 … 49.5 just under a target of 50 (20 px a unit): above, the labels would straddle the line.
    const g = geometry(0.05, [48, 51], { target: 50 });
    expect(at([49.1, 49.2, 49.3, 49.4, 49.5], g)).toEqual(['below', 'below', 'below', 'below', 'below']);
    // Far from the line nothing moves.
    expect(at([10, 20, 30], geometry(0.3, [0, 70], { target: 50 }))).toEqual(['below', 'upLeft', 'above']);
  });

  it('keeps a label clear of the target line by its stroke and the label halo, not only its glyph box', () => {
    // 养老服务驿站 2024: 139 rising to 141, the target 140 4.6 px above the point (50 units in
    // 230 px): up-left, the digits end 2.4 px above the line's centre and their 2.5 px halo
    // covers the dash (the site review saw the label sitting on the line). Below is clear.
    const g = geometry(50 / 230, [100, 150], { target: 140 });
    expect(at([132, 134, 136, 137, 139, 141], g, 2020)[4]).toBe('below');
    // 95.1 over a target of 95 (0.7 px under the point): up-left is 7 px clear, it stays.
    expect(at([85, 88.6, 91.5, 93.7, 95.1, 97.2], geometry(35 / 230, [70, 105], { target: 95 }), 2020)[4]).toBe('upLeft');
  });

  it('keeps a label off the time-progress path where it crosses the label, not only at the point', () => {
    // 2021's 18.2 (from 10 in 2020) under the path from 10 to the target 60 in 2025, which
    // passes 20 at the point: above, the path runs through the label's lower right corner.
    const g = geometry(70 / 230, [0, 70], { target: 60, paths: [[{ year: 2020, value: 10 }, { year: 2025, value: 60 }]] });
    expect(at([10, 18.2], g, 2020)).toEqual(['below', 'below']);
  });

  it('takes the last label to the right when both sides meet a line', () => {
    // A town's steep last rise, 40 → 73.9, the district's line rising through the place above.
    const district = [{ year: 2024, value: 60 }, { year: 2025, value: 78.5 }];
    const g = geometry(0.4, [30, 90], { paths: [district], rightRoom: 6 });
    expect(at([40, 73.9], g, 2024)).toEqual(['below', 'right']);
    // Not into the target's label, which sits in the right margin beside the target line.
    expect(at([40, 73.9], { ...g, target: 78, rightRoom: 70 }, 2024)[1]).not.toBe('right');
  });

  it('takes the first label up-left, inside the margin, when both sides of it meet a line', () => {
    // A town's line between the district's, which starts just below it and rises steeply past it.
    const district = [{ year: 2020, value: 15.9 }, { year: 2021, value: 19.5 }];
    const g = geometry(0.04, [15, 20], { paths: [district] });
    expect(at([16.2, 17.3], g, 2020)).toEqual(['upLeft', 'above']);
    // A label wider than the margin does not go there.
    expect(placeLabels([{ year: 2020, value: 16.2, label: '16.2000' }, { year: 2021, value: 17.3, label: '17.3' }], g)[0]!.place).not.toBe('upLeft');
  });

  it('where no place is clear, takes one off the target line rather than the first choice', () => {
    // 直接选举比例 2024: 78.3 just under the 80 target, the path from 64.7 rising through it.
    const g = geometry(0.1128, [58, 84], { target: 80, paths: [[{ year: 2020, value: 64.7 }, { year: 2025, value: 80 }]] });
    const places = at([64.7, 75.5, 76.0, 76.8, 78.3, 80.6], g, 2020);
    expect(places[4]).toBe('below');
  });

  it('keeps a label off the label before it', () => {
    // Two close values a year apart on a 29 px-a-year phone chart: side by side they would overlap.
    const g = { ...geometry(0.01, [0, 5]), pxPerYear: 29 };
    const [a, b] = placeLabels([{ year: 2021, value: 2, label: '2.0000' }, { year: 2022, value: 2, label: '2.0001' }], g);
    expect([a!.place, b!.place]).toEqual(['above', 'below']);
  });

  it('skips gaps', () => {
    expect(at([5, null, 5], geometry(0.01, [0, 10]))).toEqual(['above', 'above']);
  });
});

describe('trendIsFlat(values)', () => {
  it('is true when the values and target lie within a tenth of the range a trend chart gives them', () => {
    // 本社区化率 49.1 → 49.4 against 50: a flat line on the 37.5–50 axis
    expect(trendIsFlat([49.1, 49.3, 49.4, 49.1, 50])).toBe(true);
    // 集中供养率 2022: 100, 100, 97.6 against 100 — 2.4 points of 100
    expect(trendIsFlat([100, 100, 97.6, 100])).toBe(true);
    // a change the axis shows: 10 → 18.2 against 60; 5 → 4.98 against 5.5
    expect(trendIsFlat([10, 18.2, 10, 60])).toBe(false);
    expect(trendIsFlat([5, 4.98, 5, 5.5])).toBe(false);
    expect(trendIsFlat([])).toBe(true);
  });
});
