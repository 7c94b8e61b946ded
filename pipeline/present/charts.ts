/**
 * Report charts as static SVG: plain data in, `{ svg, description }` out.
 *
 * One rendering path: a vega-lite spec is compiled with the report style
 * (chart-style.ts) and rendered by vega to an SVG string, synchronously and without a
 * canvas (vega's text widths come from a CJK-aware estimate). Each SVG is then made
 * self-describing: role="img", aria-labelledby → its own <title> (the caption) and
 * <desc> (a Chinese summary of the data), ids prefixed per chart so many charts can share
 * a page, width/height plus viewBox so CSS can scale it. Same input → same string.
 *
 * Number labels are formatted by the caller (format.ts); these functions only place them.
 */
import * as vega from 'vega';
import { compile, version as vegaLiteVersion } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, CHART_FONT, CHART_WIDTH, COLORS, DASH, FONT_SIZE, cjkTextWidth, textWidth } from './chart-style.ts';
import type { TextItem } from './chart-style.ts';
import { MISSING } from '../basics/format.ts';
import { digest } from '../basics/digest.ts';
import { escapeXml } from '../basics/xml.ts';
import { cachedChart, chartCacheSalt } from './chart-cache.ts';
import { compileByShape } from './chart-compile.ts';

export interface Chart {
  /** A complete <svg> element, ready to inline in HTML or save as a .svg file. */
  svg: string;
  /** The Chinese text summary that is also the SVG's <desc>. */
  description: string;
}

/** Written where a value is missing (never drawn as zero). */
export const NO_DATA = '无数据';

/** The time-progress path's legend: the value the time gone asks for, as the data table names it (the 2021 review: 时序进度 read as a percentage). */
export const PLANNED_NAME = '按时序进度应达到';

// Render

/** The parts of vega's runtime the typings leave out. */
interface VegaRuntime {
  textMetrics: { width: (item: TextItem, text?: unknown) => number };
  SVGStringRenderer: new () => SvgStringRenderer;
}

interface SvgStringRenderer {
  initialize(el: null, width: number, height: number, origin: [number, number], scale: number): SvgStringRenderer;
  background(color: unknown): SvgStringRenderer;
  render(scene: unknown): SvgStringRenderer;
  svg(): string | null;
}

/** vega-util's logger interface, as vega-lite's compile and vega's View take it. */
interface Logger {
  level(): Logger;
  error(...args: unknown[]): Logger;
  warn(...args: unknown[]): Logger;
  info(...args: unknown[]): Logger;
  debug(...args: unknown[]): Logger;
}

interface ViewState {
  _viewWidth: number;
  _viewHeight: number;
  _origin: [number, number];
  _pending: unknown;
  _pulse: unknown;
  _postrun: unknown[];
  padding(): { left: number; right: number; top: number; bottom: number };
  background(): unknown;
  scenegraph(): { root: unknown };
  finalize(): void;
}

const vegaRuntime = vega as unknown as VegaRuntime;

/** Install the CJK text-width estimate into vega (idempotent; vega keeps one global). */
export function installTextMetrics(): void {
  if (vegaRuntime.textMetrics.width !== cjkTextWidth) vegaRuntime.textMetrics.width = cjkTextWidth;
}

export interface RenderOptions {
  /** Prefix for every id inside the SVG (clip paths…). Default `vg`. */
  idPrefix?: string;
  /** Called with each warning vega-lite or vega logs; by default warnings are ignored. */
  onWarning?: (message: string) => void;
}

/**
 * Render a vega-lite spec to an SVG string with the report style (CHART_CONFIG; the
 * spec's own `config` wins). Synchronous: specs must carry their data inline. Ids inside
 * are renumbered in document order with `idPrefix`, so output does not depend on how
 * many charts were rendered before.
 */
export function renderSpec(spec: TopLevelSpec, options: RenderOptions = {}): string {
  const prefix = checkIdPrefix(options.idPrefix ?? 'vg');
  // A chart drawn before (this build or, with a cache folder, an earlier one) is not drawn again.
  const key = digest(chartCacheSalt(), RENDERER_VERSION, prefix, JSON.stringify(spec));
  const chart = cachedChart(key, () => {
    const warnings: string[] = [];
    const svg = drawSpec(spec, prefix, (w) => warnings.push(w));
    return { svg, warnings };
  });
  for (const w of chart.warnings) options.onWarning?.(w);
  return chart.svg;
}

/** What a cached chart depends on besides its spec: the style and the library versions. */
const RENDERER_VERSION = JSON.stringify([vega.version, vegaLiteVersion, CHART_CONFIG]);

function drawSpec(spec: TopLevelSpec, prefix: string, onWarning: (w: string) => void): string {
  installTextMetrics();
  const errors: string[] = [];
  const say = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  const logger: Logger = {
    level: () => logger,
    error: (...args) => (errors.push(say(args)), logger),
    warn: (...args) => (onWarning(say(args)), logger),
    info: () => logger,
    debug: () => logger,
  };
  // Compiled once per shape (charts that differ only in their rows): chart-compile.ts.
  const compileSpec = (s: TopLevelSpec, warn: (w: string) => void) => {
    const withWarn: Logger = { ...logger, warn: (...args) => (warn(say(args)), withWarn) };
    return compile(s, { config: CHART_CONFIG, logger: withWarn as never }).spec;
  };
  const compiled = compileByShape(spec, RENDERER_VERSION, compileSpec, onWarning);
  const view = new vega.View(vega.parse(compiled as vega.Spec), { renderer: 'none', logger: logger as never });
  const state = view as unknown as ViewState;
  try {
    // With inline data the dataflow (and the autosize re-runs it schedules) completes
    // synchronously inside run(); check that it did rather than assume it.
    view.run();
    if (errors.length) throw new Error(`图表渲染失败：${errors.join('；')}`);
    if (state._pending || state._pulse || state._postrun.length) {
      throw new Error('图表渲染失败：vega 未能同步完成计算（图表数据须内联）');
    }
    const pad = state.padding();
    const width = Math.max(0, state._viewWidth + pad.left + pad.right);
    const height = Math.max(0, state._viewHeight + pad.top + pad.bottom);
    const origin: [number, number] = [pad.left + state._origin[0], pad.top + state._origin[1]];
    const svg = new vegaRuntime.SVGStringRenderer()
      .initialize(null, width, height, origin, 1)
      .background(state.background())
      .render(state.scenegraph().root)
      .svg();
    if (!svg) throw new Error('图表渲染失败：vega 未输出 SVG');
    return tidySvg(renumberIds(svg, prefix));
  } finally {
    state.finalize();
  }
}

function checkIdPrefix(id: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(id)) {
    throw new Error(`图表 id「${id}」无效：须以字母开头，只含字母、数字、- 和 _`);
  }
  return id;
}

/** Rename every id (and its url(#…)/href="#…" references) to `${prefix}-${kind}${n}`, n in order of first mention. */
function renumberIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  const counts = new Map<string, number>();
  const rename = (old: string): string => {
    let name = names.get(old);
    if (name === undefined) {
      const kind = old.replace(/[^A-Za-z]+/g, '') || 'id';
      const n = (counts.get(kind) ?? 0) + 1;
      counts.set(kind, n);
      name = `${prefix}-${kind}${n}`;
      names.set(old, name);
    }
    return name;
  };
  return svg.replace(
    /\bid="([^"]+)"|url\(#([^)]+)\)|href="#([^"]+)"/g,
    (_m, id?: string, url?: string, href?: string) =>
      id !== undefined ? `id="${rename(id)}"` : url !== undefined ? `url(#${rename(url)})` : `href="#${rename(href!)}"`,
  );
}

/**
 * Drop vega's per-mark ARIA (the chart is one image, described by its <title>/<desc>),
 * draw white text outlines under the glyphs (label halos), and write the font family
 * once, on the root, instead of on every text.
 */
function tidySvg(svg: string): string {
  const root = /^<svg\b[^>]*>/.exec(svg);
  if (!root) throw new Error('图表渲染失败：输出不是 <svg> 元素');
  const font = ` font-family="${escapeXml(CHART_FONT)}"`;
  const body = svg
    .slice(root[0].length)
    .replace(/\s(?:role|aria-[a-z]+)="[^"]*"/g, '')
    .replace(HALO_TEXT, '<text paint-order="stroke"')
    .split(font)
    .join('');
  return `${root[0].slice(0, -1)}${font}>${body}`;
}

/**
 * Make a rendered SVG an accessible image: role="img" and aria-labelledby on the root,
 * pointing at `<title id="{id}-title">` and `<desc id="{id}-desc">`, its first children.
 */
export function accessibleSvg(svg: string, meta: { id: string; title: string; description: string }): string {
  const id = checkIdPrefix(meta.id);
  const root = /^<svg\b([^>]*)>/.exec(svg);
  if (!root) throw new Error('图表渲染失败：输出不是 <svg> 元素');
  const attrs = root[1]!.replace(/\s(?:class|role|aria-[a-z]+)="[^"]*"/g, '');
  return (
    `<svg${attrs} class="chart" role="img" aria-labelledby="${id}-title ${id}-desc">` +
    `<title id="${id}-title">${escapeXml(meta.title)}</title>` +
    `<desc id="${id}-desc">${escapeXml(meta.description)}</desc>` +
    svg.slice(root[0].length)
  );
}

/** Render one of this module's charts; their specs are meant to be warning-free, so a warning is a bug. */
function chart(spec: TopLevelSpec, meta: { id: string; title: string; description: string }): Chart {
  const onWarning = (w: string) => {
    throw new Error(`图表「${meta.title}」渲染警告：${w}`);
  };
  const svg = accessibleSvg(renderSpec(spec, { idPrefix: meta.id, onWarning }), meta);
  return { svg, description: meta.description };
}

// Helpers

/** A caller-formatted label with the unit, unless it already carries one (`6.2` + 张 → `6.2张`; `64.7%` stays). */
function withUnit(label: string, unit: string): string {
  if (!unit || label.endsWith(unit)) return label;
  return /^[-+−]?[\d,.]+$/.test(label) ? `${label}${unit}` : label;
}

function joinNames(names: string[]): string {
  return names.join('、');
}

function isValue(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Strip a figure number (图3 / 图 3-1) from a caption, for use in running text. */
function captionSubject(title: string): string {
  return title.replace(/^图\s*[\d.\-－]+\s*/, '');
}

/**
 * A text layer with a white outline under its glyphs (a halo, drawn first through
 * paint-order="stroke", which tidySvg adds), so labels stay legible where they cross
 * lines, rules or grid — one text element per label, so copied text is not doubled.
 */
function haloed<T extends { mark: Record<string, unknown> }>(layer: T): T {
  return { ...layer, mark: { ...layer.mark, stroke: COLORS.background, strokeWidth: HALO_WIDTH, strokeJoin: 'round' } };
}

const HALO_WIDTH = 5;
/** Pixels a value label's box (glyphs and a pixel of air) keeps from the target line's centre: half its 1.5 px stroke and half the halo. */
const TARGET_CLEARANCE = 0.75 + HALO_WIDTH / 2;
const HALO_TEXT = new RegExp(`<text\\b(?=[^>]*\\sstroke="${COLORS.background}")`, 'g');

/** Layers that have rows to draw (an empty layer would only make vega warn of an infinite extent). */
function withData<T>(layers: T[]): T[] {
  return layers.filter((l) => {
    const values = (l as { data?: { values?: unknown[] } }).data?.values;
    return values === undefined || values.length > 0;
  });
}

/** Pixel positions in the spec, rounded so binary noise cannot change the SVG. */
function px(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Axis numbers: grouped in threes from 10 000 on, as format.ts writes them. */
const AXIS_NUMBER = "abs(datum.value) >= 10000 ? format(datum.value, ',~f') : format(datum.value, '~f')";

// 1. Trend

export interface TrendInput {
  id: string;
  /** The caption: the SVG's <title>. */
  title: string;
  /** Unit of the values; the y axis reads `单位：{unit}`. Empty for unitless ratios. */
  unit: string;
  /** What is measured, for the description (default: the title without its figure number). */
  subject?: string;
  /** Reported years, in any order; `value: null` is a gap, labelled 无数据. */
  years: { year: number; value: number | null; label: string }[];
  baseline: { year: number; value: number };
  /**
   * The reference line, labelled `{name}` (default `{year}年目标`) and the value in the
   * right margin. Optional: a town's count has no target of its own to draw.
   */
  target?: { year: number; value: number; label: string; name?: string };
  /**
   * The time-progress path (时序进度). Default: straight from baseline to target; none
   * when the target only maintains the baseline (it would lie on the target line).
   */
  plannedPath?: { year: number; value: number }[];
  /** Legend name of the measured series (default 实际值); a legend appears once there are two series. */
  seriesName?: string;
  /**
   * A second place's values on the same axis (the district in a town report): a grey
   * dash-dot line with small points and no value labels (its numbers are in the table).
   */
  comparison?: { name: string; years: { year: number; value: number | null; label: string }[] };
  /** Last year of the x axis (default: the target's year, else the last reported year). */
  lastYear?: number;
  /** Total width in px (default CHART_WIDTH; PHONE_CHART_WIDTH for a phone's screen). */
  width?: number;
}

const TREND_HEIGHT = 230;
/** The y scale's padding of a trend chart, in pixels at each end (keeps the top label clear of the legend). */
const Y_PADDING = 22;

/**
 * The domain vega draws for [lo, hi] with `nice: true`: vega's own linear scale made nice
 * (d3's scale.nice(), about `count` = 10 ticks), both ends out to the tick step.
 */
export function niceDomain(lo: number, hi: number, count = 10): [number, number] {
  const [a, b] = vega.scale('linear')().domain([lo, hi]).nice(count).domain() as [number, number];
  return [a, b];
}

/** The x scale's padding of a trend chart, in pixels at each end: room for the first label up-left of its point. */
const X_PADDING = 36;

/** A trend chart's y range is at least this share of its largest value (report.md §5: no collapse from a small dip). */
const MIN_SPAN = 0.25;

/**
 * Whether a trend of these values (with its baseline and target) would draw as a flat line:
 * all of them within a tenth of the range the chart gives them (49.1–49.4 against a target of
 * 50, on a 37.5–50 axis). Such a chart shows neither the progress nor the gap; the table does.
 */
export function trendIsFlat(values: readonly number[]): boolean {
  if (values.length === 0) return true;
  const hi = Math.max(...values);
  const lo = Math.min(...values);
  return hi - lo < 0.1 * MIN_SPAN * Math.max(Math.abs(hi), Math.abs(lo));
}

export type LabelPlace = 'above' | 'below' | 'upLeft' | 'upRight' | 'right';

/** A point on a line of the chart, in data units. */
export interface LinePoint {
  year: number;
  value: number;
}

/** What a trend chart's value labels must keep clear of, and the scales to measure it in. */
export interface LabelGeometry {
  /** Pixels per year on the x axis. */
  pxPerYear: number;
  /** Data units per pixel on the y axis. */
  unitsPerPx: number;
  /** The y axis's domain as drawn: a label stays inside it (above the top is the legend). */
  domain: readonly [number, number];
  /** Pixels beyond the first and the last year that a label may take (the x scale's padding). */
  margin: number;
  /** Pixels more right of the last year, in the margin that holds the target's label: free above and below its two lines. */
  rightRoom?: number;
  /** The target's value: a dashed line across the plot, which a label never sits on when another place is clear of it. */
  target?: number;
  /** The other lines: the time-progress path, the comparison place's values (gaps bridged). */
  paths: readonly (readonly LinePoint[])[];
  /** A label's width in pixels. */
  width: (label: string) => number;
}

/**
 * Each place's box around its point, in pixels (x right, y up), for a label `w` wide: the
 * glyphs of a 12 px label as vega sets them (LABEL_PLACES' offsets and baselines), a pixel of
 * air around them.
 */
function boxOf(place: LabelPlace, w: number): [number, number, number, number] {
  switch (place) {
    case 'above':
      return [-w / 2 - 1, w / 2 + 1, 8, 20];
    case 'below':
      return [-w / 2 - 1, w / 2 + 1, -18, -6];
    case 'upLeft':
      return [-4 - w - 1, -3, 5, 17];
    case 'upRight':
      return [3, 4 + w + 1, 5, 17];
    case 'right':
      return [6, 7 + w + 1, -6, 6];
  }
}

/** Whether the segment a–b passes through the box [x1, x2] × [y1, y2] (data units). */
function crosses(a: LinePoint, b: LinePoint, [x1, x2, y1, y2]: readonly number[]): boolean {
  const [p, q] = a.year <= b.year ? [a, b] : [b, a];
  const lo = Math.max(x1!, p.year);
  const hi = Math.min(x2!, q.year);
  if (lo > hi) return false;
  const at = (x: number) => (q.year === p.year ? p.value : p.value + ((q.value - p.value) * (x - p.year)) / (q.year - p.year));
  const ys = q.year === p.year ? [p.value, q.value] : [at(lo), at(hi)];
  return Math.max(...ys) >= y1! && Math.min(...ys) <= y2!;
}

/** Whether two boxes overlap. */
function overlaps(a: readonly number[], b: readonly number[]): boolean {
  return a[0]! < b[1]! && b[0]! < a[1]! && a[2]! < b[3]! && b[2]! < a[3]!;
}

/**
 * Where each value label sits: where the line is not — above a peak, below a dip, up-left
 * on a rise, up-right on a fall (a gap counts as a line end) — unless the label's box there
 * meets a line of the chart (the target line, the time-progress path, the comparison place,
 * its own line) or a label already placed; then the first clear place among the other side,
 * right of the last point, up-left of the first, up-right, up-left and right. Where no place
 * is clear, the first clear of the target line and the other labels, else of the target line
 * (report.md §5: labels never collide with the target line), else the first choice. A label
 * stays inside the plot and the x scale's padding.
 */
export function placeLabels<R extends { year: number; value: number | null; label: string }>(
  rows: readonly R[], g: LabelGeometry,
): (R & { value: number; place: LabelPlace })[] {
  if (rows.every((r) => r.value === null)) return [];
  const firstYear = Math.min(...rows.map((r) => r.year));
  const lastYear = Math.max(...rows.map((r) => r.year));
  const own: [LinePoint, LinePoint][] = [];
  rows.forEach((r, i) => {
    const n = rows[i + 1];
    if (r.value !== null && n && n.value !== null) own.push([{ year: r.year, value: r.value }, { year: n.year, value: n.value }]);
  });
  const segments = [...own, ...g.paths.flatMap((path) => path.slice(1).map((b, i): [LinePoint, LinePoint] => [path[i]!, b]))];
  const placed: number[][] = [];
  return rows.flatMap((r, i) => {
    if (r.value === null) return [];
    const v = r.value;
    const prev = rows[i - 1]?.value ?? null;
    const next = rows[i + 1]?.value ?? null;
    const into = prev === null ? null : Math.sign(v - prev);
    const out = next === null ? null : Math.sign(next - v);
    let first: LabelPlace = 'above';
    if (into === null) first = out === 1 ? 'below' : 'above';
    else if (out === null) first = into === -1 ? 'below' : 'above';
    else if (into === 1 && out === 1) first = 'upLeft';
    else if (into === -1 && out === -1) first = 'upRight';
    else if ((into === -1 && out >= 0) || (into === 0 && out === 1)) first = 'below';
    const order: LabelPlace[] = [first, first === 'below' ? 'above' : 'below'];
    if (next === null) order.push('right');
    if (prev === null) order.push('upLeft');
    order.push('upRight', 'upLeft', 'right');
    const candidates = [...new Set(order)].map((place) => {
      const [x1, x2, y1, y2] = boxOf(place, g.width(r.label));
      const box = [r.year + x1 / g.pxPerYear, r.year + x2 / g.pxPerYear, v + y1 * g.unitsPerPx, v + y2 * g.unitsPerPx];
      const right = box[1]! <= lastYear + g.margin / g.pxPerYear ||
        (box[1]! <= lastYear + (g.margin + (g.rightRoom ?? 0)) / g.pxPerYear &&
          (g.target === undefined || box[2]! > g.target + 8 * g.unitsPerPx || box[3]! < g.target - 23 * g.unitsPerPx));
      const inside = right && box[0]! >= firstYear - g.margin / g.pxPerYear && box[2]! >= g.domain[0] && box[3]! <= g.domain[1];
      // The dashed line's half stroke and the label's halo, beyond the box's pixel of air: a
      // line 2 px under the digits runs through the halo and reads as touching them.
      const clear = TARGET_CLEARANCE * g.unitsPerPx;
      const onTarget = g.target !== undefined && g.target >= box[2]! - clear && g.target <= box[3]! + clear;
      const onLabel = placed.some((b) => overlaps(b, box));
      const onLine = segments.some(([a, b]) => crosses(a, b, box));
      return { place, box, inside, onTarget, onLabel, onLine };
    });
    const chosen =
      candidates.find((c) => c.inside && !c.onTarget && !c.onLabel && !c.onLine) ??
      candidates.find((c) => c.inside && !c.onTarget && !c.onLabel) ??
      candidates.find((c) => c.inside && !c.onTarget) ??
      candidates[0]!;
    placed.push(chosen.box);
    return [{ ...r, value: v, place: chosen.place }];
  });
}

const LABEL_PLACES: [LabelPlace, Record<string, unknown>][] = [
  ['above', { align: 'center', baseline: 'bottom', dy: -7 }],
  ['below', { align: 'center', baseline: 'top', dy: 7 }],
  ['upLeft', { align: 'right', baseline: 'bottom', dx: -4, dy: -4 }],
  ['upRight', { align: 'left', baseline: 'bottom', dx: 4, dy: -4 }],
  ['right', { align: 'left', baseline: 'middle', dx: 7 }],
];

/**
 * Values by year as a line with points and value labels (gaps where a year has no value,
 * marked 无数据), the target as a dashed line labelled in the right margin, the planned
 * path dotted; the x axis spans the whole plan period.
 */
export function trendChart(input: TrendInput): Chart {
  const { id, title, unit, baseline, target } = input;
  const subject = input.subject ?? captionSubject(title);
  const years = [...input.years].sort((a, b) => a.year - b.year);
  for (const y of years) {
    if (!Number.isInteger(y.year)) throw new Error(`${title}：年份 ${y.year} 不是整数`);
    if (y.value !== null && !isValue(y.value)) throw new Error(`${title}：${y.year}年的值不是有限数值`);
  }
  if (new Set(years.map((y) => y.year)).size !== years.length) throw new Error(`${title}：年份重复`);
  const comparison = input.comparison ? [...input.comparison.years].sort((a, b) => a.year - b.year) : [];
  for (const y of comparison) {
    if (!Number.isInteger(y.year)) throw new Error(`${title}：对照数据年份 ${y.year} 不是整数`);
    if (y.value !== null && !isValue(y.value)) throw new Error(`${title}：对照数据${y.year}年的值不是有限数值`);
  }
  const first = Math.min(baseline.year, ...years.map((y) => y.year), ...comparison.map((y) => y.year));
  const last = Math.max(target?.year ?? input.lastYear ?? -Infinity, ...years.map((y) => y.year), ...comparison.map((y) => y.year));
  const ticks = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const planned =
    input.plannedPath ??
    (!target || baseline.value === target.value
      ? []
      : [
          { year: baseline.year, value: baseline.value },
          { year: target.year, value: target.value },
        ]);
  const targetName = target ? (target.name ?? `${target.year}年目标`) : '';
  const targetText = target ? [targetName, withUnit(target.label, unit)] : [];
  const main = input.seriesName ?? '实际值';
  const comparisonName = input.comparison?.name;
  const styles = [
    { name: main, color: COLORS.accent, dash: [1, 0] },
    ...(comparisonName !== undefined ? [{ name: comparisonName, color: COLORS.muted, dash: [...DASH.comparison] }] : []),
    ...(planned.length ? [{ name: PLANNED_NAME, color: COLORS.planned, dash: [...DASH.planned] }] : []),
  ];
  if (new Set(styles.map((s) => s.name)).size !== styles.length) throw new Error(`${title}：图例名称重复`);
  const series = styles.map((s) => s.name);
  const legend = series.length > 1
    ? { orient: 'top' as const, direction: 'horizontal' as const, title: null, symbolType: 'stroke', symbolSize: 300, offset: 6 }
    : null;
  const seriesEncoding = {
    color: { field: 'series', type: 'nominal' as const, scale: { domain: series, range: styles.map((s) => s.color) }, legend },
    strokeDash: { field: 'series', type: 'nominal' as const, scale: { domain: series, range: styles.map((s) => s.dash) }, legend },
  };
  const x = {
    field: 'year',
    type: 'quantitative' as const,
    scale: { domain: [first, last], nice: false, zero: false, padding: X_PADDING },
    axis: { values: ticks, format: 'd', title: null, grid: false, labelFlush: false },
  };
  // A sensible range: at least a quarter of the largest value tall, so that a change of two
  // points near 100 does not fill the chart like a collapse (report.md §5).
  const shown = [...years, ...comparison].map((p) => p.value).filter(isValue);
  shown.push(baseline.value, ...(target ? [target.value] : []));
  const hi = Math.max(...shown);
  const lo = Math.min(...shown);
  const minSpan = MIN_SPAN * Math.max(Math.abs(hi), Math.abs(lo));
  const floor = hi - lo < minSpan ? (lo >= 0 ? Math.max(0, hi - minSpan) : hi - minSpan) : lo;
  // The y domain: the values' range padded by Y_PADDING pixels at each end (room for the top
  // value label under the legend, and the bottom one above the axis), then made nice as vega
  // would (10–60 draws as 0–70) — but never below zero for values that are not: an axis of
  // rates or counts running down to -10 read as an error.
  const pad = hi > floor ? ((hi - floor) * Y_PADDING) / (TREND_HEIGHT - 2 * Y_PADDING) : 1;
  const domain = niceDomain(lo >= 0 ? Math.max(0, floor - pad) : floor - pad, hi + pad);
  const y = {
    field: 'value',
    type: 'quantitative' as const,
    scale: { zero: false, nice: false, domain },
    axis: {
      title: unit ? `单位：${unit}` : null,
      titleAngle: 0,
      titleAlign: 'left' as const,
      titleAnchor: 'end' as const,
      titleBaseline: 'bottom' as const,
      titleX: -40,
      titleY: -12,
      tickCount: 5,
      labelExpr: AXIS_NUMBER,
    },
  };
  // The scales as vega draws them, to keep the value labels off the lines: the y domain above;
  // the plot's width is the chart's less the y axis (its title at -40 px, or its widest label)
  // and the target's label in the right margin, the padding of 6 px at each side, and
  // X_PADDING at each end.
  const yLabels = Math.max(...domain.map((d) => textWidth(String(d), FONT_SIZE.label))) + 9;
  const targetLabel = target ? Math.max(...targetText.map((t) => textWidth(t, FONT_SIZE.title))) + 6 : 0;
  const plotWidth = (input.width ?? CHART_WIDTH) - 12 - Math.max(40, yLabels) - targetLabel;
  const rows = years.map((p) => ({ year: p.year, value: isValue(p.value) ? p.value : null, label: p.label, series: main }));
  const comparisonRows = comparison.map((p) => ({ year: p.year, value: isValue(p.value) ? p.value : null, series: comparisonName }));
  // The comparison place's line with its gaps bridged: a label kept off a bridge loses nothing.
  const comparisonPath = comparison.flatMap((p) => (isValue(p.value) ? [{ year: p.year, value: p.value }] : []));
  const labelled = placeLabels(rows, {
    pxPerYear: (plotWidth - 2 * X_PADDING) / Math.max(1, last - first),
    unitsPerPx: (domain[1] - domain[0]) / TREND_HEIGHT,
    domain,
    margin: X_PADDING - 2,
    rightRoom: targetLabel || 6,
    ...(target ? { target: target.value } : {}),
    paths: [planned, comparisonPath],
    width: (label) => textWidth(label, FONT_SIZE.label),
  });

  const spec = {
    width: input.width ?? CHART_WIDTH,
    height: TREND_HEIGHT,
    autosize: { type: 'fit-x', contains: 'padding' },
    layer: withData([
      // Target: dashed line across the plan period, labelled in the right margin
      ...(target
        ? [
            {
              data: { values: [{ value: target.value }] },
              mark: { type: 'rule', color: COLORS.reference, strokeWidth: 1.5, strokeDash: [...DASH.target] },
              encoding: { y },
            },
            haloed({
              data: { values: [{ value: target.value }] },
              mark: { type: 'text', align: 'left', baseline: 'middle', dx: 6, fontSize: FONT_SIZE.title, color: COLORS.reference, lineHeight: 15 },
              encoding: { x: { value: 'width' }, y, text: { value: targetText } },
            }),
          ]
        : []),
      // The comparison place (a town report's district), under the measured line
      ...(comparisonRows.some((r) => r.value !== null)
        ? [
            {
              data: { values: comparisonRows },
              mark: { type: 'line', strokeWidth: 1.5, point: { filled: true, size: 24 } },
              encoding: { x, y, ...seriesEncoding },
            },
          ]
        : []),
      // Planned (time-progress) path
      ...(planned.length
        ? [
            {
              data: { values: planned.map((p) => ({ year: p.year, value: p.value, series: PLANNED_NAME })) },
              mark: { type: 'line', strokeWidth: 1.5 },
              encoding: { x, y, ...seriesEncoding },
            },
          ]
        : []),
      // Reported values: line (broken at gaps), points, labels; 无数据 at the foot of a gap
      {
        data: { values: rows.some((r) => r.value !== null) ? rows : [] },
        mark: { type: 'line', point: { filled: true, size: 40 } },
        encoding: { x, y, ...seriesEncoding },
      },
      ...LABEL_PLACES.map(([place, mark]) =>
        haloed({
          data: { values: labelled.filter((r) => r.place === place) },
          mark: { type: 'text', fontSize: FONT_SIZE.label, ...mark },
          encoding: { x, y, text: { field: 'label' } },
        }),
      ),
      {
        data: { values: rows.filter((r) => r.value === null).map((r) => ({ year: r.year, text: NO_DATA })) },
        mark: { type: 'text', baseline: 'bottom', dy: -4, fontSize: FONT_SIZE.label, color: COLORS.muted },
        encoding: { x, y: { value: 'height' }, text: { field: 'text' } },
      },
    ]),
  } as TopLevelSpec;

  // Describe
  const known = years.filter((p) => isValue(p.value));
  const missing = years.filter((p) => !isValue(p.value)).map((p) => p.year);
  const lab = (p: { label: string }) => withUnit(p.label, unit);
  // the printed baseline `100` and a value `100.0` are one figure (a review: 由100%降至100.0%)
  const same = (a: { label: string }, b: { label: string }) => a.label === b.label || (Number(a.label.replace(/,/g, '')) === Number(b.label.replace(/,/g, '')) && a.label.trim() !== '');
  // a change that prints as none (evaluation.md: never 持平 for a change that is not zero)
  const slightly = (from: number, to: number) => (to > from ? '（略有增加）' : to < from ? '（略有下降）' : '');
  let summary: string;
  if (!known.length) summary = `${subject}暂无数据`;
  else if (known.length === 1) summary = `${known[0]!.year}年，${subject}为${lab(known[0]!)}`;
  else {
    const a = known[0]!;
    const b = known[known.length - 1]!;
    summary =
      same(a, b)
        ? `${a.year}年和${b.year}年，${subject}均为${lab(b)}${slightly(a.value!, b.value!)}`
        : b.value! > a.value!
          ? `${a.year}年至${b.year}年，${subject}由${lab(a)}增至${lab(b)}`
          : `${a.year}年至${b.year}年，${subject}由${lab(a)}降至${lab(b)}`;
  }
  if (missing.length && known.length) summary += `（${missing.join('年、')}年无数据）`;
  const other = comparison.filter((p) => isValue(p.value));
  if (comparisonName !== undefined && other.length) {
    const a = other[0]!;
    const b = other[other.length - 1]!;
    summary +=
      other.length === 1 || same(a, b)
        ? `；${comparisonName}${other.length === 1 ? `${a.year}年` : '均'}为${lab(b)}${other.length === 1 ? '' : slightly(a.value!, b.value!)}`
        : `；${comparisonName}由${lab(a)}${b.value! > a.value! ? '增至' : '降至'}${lab(b)}`;
  }
  let description = target ? `${summary}；${targetName}${withUnit(target.label, unit)}。` : `${summary}。`;
  if (known.length > 2 || missing.length) {
    description += `各年：${years.map((p) => `${p.year}年${isValue(p.value) ? lab(p) : NO_DATA}`).join('，')}。`;
  }
  return chart(spec, { id, title, description });
}

// 2. Towns

export interface TownBarInput {
  id: string;
  title: string;
  /** Unit of the values; the x axis reads `单位：{unit}`. */
  unit: string;
  /** What is measured, for the description (default: the title without its figure number). */
  subject?: string;
  /** Towns (any order); `value: null` is listed last, written 无数据, with no bar. */
  towns: { name: string; value: number | null; label: string }[];
  /** A reference value drawn as a vertical dashed rule, labelled `{name} {label}` (name default 全区目标). */
  benchmark?: { value: number; label: string; name?: string };
  /** The town whose report this is: its bar in the accent colour, its name and label bold. */
  highlight?: string;
  /** Height of each town's row in px (default 20); 15 still fits the 12 px labels, for a shorter chart. */
  step?: number;
  /** Total width in px (default CHART_WIDTH). */
  width?: number;
}

const TOWN_STEP = 20;
/** A bar's value label starts this many px after the bar's end… */
const BAR_LABEL_DX = 4;
/** …or, where it would cross the target rule, this many px right of the rule: clear of its half stroke and the label's halo. */
const RULE_LABEL_DX = Math.ceil(TARGET_CLEARANCE) + 2;

/**
 * The towns whose value label, at its bar's end, would cross the target rule (the rule within
 * the label's glyphs, halo and TARGET_CLEARANCE): those labels go right of the rule. Measured
 * as vega lays out a fit-x bar chart with CHART_CONFIG: the plot is the width less the padding
 * (6 px each side), the town names and their 6 px, and whatever text runs past the plot's
 * right edge (the labels, the rule's own label centred on it); so the plot's width depends on
 * which labels move, and is found again until that settles.
 */
function labelsBeyondRule(
  rows: readonly { name: string; value: number | null; label: string; highlight: boolean }[],
  rule: number,
  top: number,
  size: { width: number; names: number; ruleLabel: number },
): Set<string> {
  const room = size.width - 12 - size.names - 6;
  const labelled = rows.filter((r) => r.value !== null).map((r) => ({ ...r, w: textWidth(r.label, FONT_SIZE.label) * (r.highlight ? 1.1 : 1) }));
  let moved = new Set<string>();
  for (let round = 0; round < 4; round++) {
    // The plot's width: the largest that keeps every text's right end within the room.
    const ends = [
      ...labelled.map((r) => (moved.has(r.name) ? { at: rule / top, px: RULE_LABEL_DX + r.w } : { at: r.value! / top, px: BAR_LABEL_DX + r.w })),
      { at: rule / top, px: size.ruleLabel / 2 },
    ];
    const plot = Math.min(room, ...ends.map((e) => (room - e.px) / Math.max(e.at, 1e-9)));
    const px = (v: number) => (v / top) * plot;
    const next = new Set(
      labelled
        .filter((r) => r.value! <= rule && px(rule) - px(r.value!) < BAR_LABEL_DX + r.w + TARGET_CLEARANCE + 1)
        .map((r) => r.name),
    );
    if ([...next].every((n) => moved.has(n)) && next.size === moved.size) break;
    moved = next;
  }
  return moved;
}

/** Horizontal bars, one per town, sorted descending; missing values last, written 无数据. */
export function townBarChart(input: TownBarInput): Chart {
  const { id, title, unit, benchmark, highlight } = input;
  const subject = input.subject ?? captionSubject(title);
  if (!input.towns.length) throw new Error(`${title}：没有镇街数据`);
  const names = new Set<string>();
  for (const t of input.towns) {
    if (names.has(t.name)) throw new Error(`${title}：镇街「${t.name}」重复`);
    names.add(t.name);
    if (t.value !== null && !isValue(t.value)) throw new Error(`${title}：${t.name}的值不是有限数值`);
  }
  if (highlight !== undefined && !names.has(highlight)) throw new Error(`${title}：要突出显示的镇街「${highlight}」不在数据中`);

  const known = input.towns.filter((t) => isValue(t.value)).sort((a, b) => b.value! - a.value!);
  const missing = input.towns.filter((t) => !isValue(t.value));
  const rows = [...known, ...missing].map((t) => ({
    name: t.name,
    value: isValue(t.value) ? t.value : null,
    label: isValue(t.value) ? t.label : NO_DATA,
    highlight: t.name === highlight,
  }));
  const max = Math.max(0, ...known.map((t) => t.value!), benchmark?.value ?? 0);
  const y = {
    field: 'name',
    type: 'nominal' as const,
    sort: rows.map((r) => r.name),
    scale: { type: 'band' as const, paddingInner: 0.25, paddingOuter: 0.15 },
    axis: {
      title: null,
      ticks: false,
      domain: false,
      labelPadding: 6,
      labelLimit: 0,
      ...(highlight !== undefined
        ? { labelFontWeight: { condition: { test: `datum.value === ${JSON.stringify(highlight)}`, value: 'bold' }, value: 'normal' } }
        : {}),
    },
  };
  const x = {
    field: 'value',
    type: 'quantitative' as const,
    scale: { domain: [0, max > 0 ? max : 1], nice: true, zero: true },
    axis: { title: unit ? `单位：${unit}` : null, tickCount: 5, labelExpr: AXIS_NUMBER },
  };
  const benchmarkText = benchmark ? `${benchmark.name ?? '全区目标'} ${withUnit(benchmark.label, unit)}` : '';
  const beyondRule = benchmark
    ? labelsBeyondRule(rows, benchmark.value, niceDomain(0, max > 0 ? max : 1)[1], {
        width: input.width ?? CHART_WIDTH,
        names: Math.max(...rows.map((r) => textWidth(r.name, FONT_SIZE.label))),
        ruleLabel: textWidth(benchmarkText, FONT_SIZE.title),
      })
    : new Set<string>();
  const layer: unknown[] = [
    // Bars (none for missing values)
    {
      data: { values: rows.filter((r) => r.value !== null) },
      mark: { type: 'bar' },
      encoding: {
        x,
        y,
        color: { condition: { test: 'datum.highlight', value: COLORS.accent }, value: COLORS.bar },
      },
    },
    // Benchmark rule, under the labels; its label above the plot
    ...(benchmark
      ? [
          {
            data: { values: [{ value: benchmark.value }] },
            mark: { type: 'rule', color: COLORS.reference, strokeWidth: 1.5, strokeDash: [...DASH.target] },
            encoding: { x },
          },
          {
            data: { values: [{ value: benchmark.value, text: benchmarkText }] },
            mark: { type: 'text', align: 'center', baseline: 'bottom', dy: -4, fontSize: FONT_SIZE.title, color: COLORS.reference },
            encoding: { x, y: { value: 0 }, text: { field: 'text' } },
          },
        ]
      : []),
    // Value labels at the bar ends, or right of the target rule where they would cross it
    // (report.md §5); 无数据 where there is no bar
    ...[false, true].flatMap((bold) =>
      [false, true].map((moved) =>
        haloed({
          data: {
            values: rows
              .filter((r) => r.value !== null && r.highlight === bold && beyondRule.has(r.name) === moved)
              .map((r) => (moved ? { ...r, value: benchmark!.value } : r)),
          },
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: moved ? RULE_LABEL_DX : BAR_LABEL_DX, fontWeight: bold ? 'bold' : 'normal' },
          encoding: { x, y, text: { field: 'label' } },
        }),
      ),
    ),
    haloed({
      data: { values: rows.filter((r) => r.value === null) },
      mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, color: COLORS.muted },
      encoding: { x: { value: 0 }, y, text: { field: 'label' } },
    }),
  ];
  const spec = {
    width: input.width ?? CHART_WIDTH,
    // A fixed height (step × rows): vega-lite warns when fit-x meets a step height.
    height: (input.step ?? TOWN_STEP) * rows.length,
    autosize: { type: 'fit-x', contains: 'padding' },
    layer: withData(layer),
  } as TopLevelSpec;

  // Describe
  const lab = (t: { label: string }) => withUnit(t.label, unit);
  const parts: string[] = [];
  if (known.length) {
    const top = known.filter((t) => t.value === known[0]!.value);
    const bottom = known.filter((t) => t.value === known[known.length - 1]!.value);
    // every town alike is no highest (a review: 22 towns named 最高 at 100.0%)
    parts.push(
      known.length === top.length && known.length > 1
        ? `${known.length === input.towns.length ? `各镇街${subject.replace(/^各镇街/, '')}` : `有数据的${known.length}个镇街${subject.replace(/^各镇街/, '')}`}均为${lab(top[0]!)}`
        // out of those with a value (a review: 22个镇街中…最低的是安定镇 with 长子营镇 missing)
        : `${known.length === input.towns.length ? `${input.towns.length}个镇街中` : `有数据的${known.length}个镇街中`}，${subject}最高的是${joinNames(top.map((t) => t.name))}（${lab(top[0]!)}）` +
            (known.length > top.length ? `，最低的是${joinNames(bottom.map((t) => t.name))}（${lab(bottom[0]!)}）` : ''),
    );
    if (benchmark) {
      const reached = known.filter((t) => t.value! >= benchmark.value).length;
      const name = benchmark.name ?? '全区目标';
      parts.push(
        reached === known.length && known.length > 1
          ? `均达到${name}水平（${withUnit(benchmark.label, unit)}）`
          : `${reached}个达到${name}水平（${withUnit(benchmark.label, unit)}），${known.length - reached}个未达到`,
      );
    }
    if (highlight !== undefined) {
      const h = input.towns.find((t) => t.name === highlight)!;
      if (isValue(h.value)) {
        const rank = 1 + known.filter((t) => t.value! > h.value!).length;
        parts.push(`${highlight}为${lab(h)}，在${known.length}个有数据的镇街中居第${rank}位`);
      }
    }
    if (missing.length) parts.push(`${joinNames(missing.map((t) => t.name))}无数据`);
  } else {
    parts.push(`${input.towns.length}个镇街的${subject}均无数据`);
  }
  const description = `${parts.join('；')}。`;
  return chart(spec, { id, title, description });
}

// 3. Statuses

export interface StatusInput {
  id: string;
  title: string;
  /** One bar per status, in the order given. fg/bg: a WCAG AA colour pair (bar border/fill). */
  items: { status: string; count: number; fg: string; bg: string }[];
  /** Written after each count (default 项). */
  unit?: string;
  /** What is counted, for the description (default 指标). */
  noun?: string;
  /** Total width in px (default CHART_WIDTH). */
  width?: number;
}

const STATUS_STEP = 26;

/** Count per status: a bar per status (bg fill, fg border), its name on the axis, its count at the bar end. */
export function statusChart(input: StatusInput): Chart {
  const { id, title } = input;
  const unit = input.unit ?? '项';
  const noun = input.noun ?? '指标';
  if (!input.items.length) throw new Error(`${title}：没有状态`);
  const seen = new Set<string>();
  for (const it of input.items) {
    if (seen.has(it.status)) throw new Error(`${title}：状态「${it.status}」重复`);
    seen.add(it.status);
    if (!Number.isInteger(it.count) || it.count < 0) throw new Error(`${title}：${it.status}的数量 ${it.count} 不是非负整数`);
  }
  const rows = input.items.map((it) => ({ ...it, text: `${it.count}${unit}` }));
  const max = Math.max(1, ...rows.map((r) => r.count));
  const y = {
    field: 'status',
    type: 'nominal' as const,
    sort: rows.map((r) => r.status),
    scale: { type: 'band' as const, paddingInner: 0.3, paddingOuter: 0.15 },
    axis: { title: null, ticks: false, domain: false, labelPadding: 6, labelLimit: 0 },
  };
  const x = { field: 'count', type: 'quantitative' as const, scale: { domain: [0, max], nice: false }, axis: null };
  const spec = {
    width: input.width ?? CHART_WIDTH,
    height: STATUS_STEP * rows.length,
    autosize: { type: 'fit-x', contains: 'padding' },
    layer: withData([
      {
        data: { values: rows.filter((r) => r.count > 0) },
        mark: { type: 'bar', strokeWidth: 1 },
        encoding: {
          x,
          y,
          fill: { field: 'bg', type: 'nominal', scale: null },
          stroke: { field: 'fg', type: 'nominal', scale: null },
        },
      },
      {
        data: { values: rows },
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 5 },
        encoding: { x, y, text: { field: 'text' } },
      },
    ]),
  } as TopLevelSpec;

  const total = rows.reduce((s, r) => s + r.count, 0);
  const nonzero = rows.filter((r) => r.count > 0);
  const description =
    total === 0
      ? `暂无${noun}。`
      : `共${total}${unit}${noun}：${nonzero.map((r) => `${r.status}${r.count}${unit}`).join('，')}。`;
  return chart(spec, { id, title, description });
}

// 4. Heatmap

export interface HeatmapInput {
  id: string;
  title: string;
  /** Row headers (towns), top to bottom. */
  rows: { key: string; label: string }[];
  /** Column headers (indicators; short labels such as "3"), left to right. */
  columns: { key: string; label: string }[];
  /** At most one cell per row × column; `text` is written in the cell in `fg` on `bg`. A cell left out shows —. */
  cells: { row: string; column: string; text: string; fg: string; bg: string }[];
  /** Title above the column headers (e.g. 指标序号). */
  columnTitle?: string;
  /** What each cell text means, for the legend and description (default: — means 无数据, others stand for themselves). */
  legend?: { text: string; label: string }[];
  /** Nouns for the description: rows (default 个镇街), columns (default 项指标). */
  rowNoun?: string;
  columnNoun?: string;
  /** Total width in px the grid aims at (default CHART_WIDTH). */
  width?: number;
  /** Narrowest cell in px (default 34); one-character cell texts fit in 22. */
  minCellWidth?: number;
}

const CELL_HEIGHT = 22;
const CELL_MIN_WIDTH = 34;
const CELL_MAX_WIDTH = 64;

/** A row × column grid, each cell coloured and with its text written in it; a legend below. */
export function heatmap(input: HeatmapInput): Chart {
  const { id, title } = input;
  if (!input.rows.length || !input.columns.length) throw new Error(`${title}：行或列为空`);
  const rowIndex = indexKeys(input.rows, title, '行');
  const colIndex = indexKeys(input.columns, title, '列');
  const grid = new Map<string, HeatmapInput['cells'][number]>();
  for (const c of input.cells) {
    if (!rowIndex.has(c.row)) throw new Error(`${title}：单元格的行「${c.row}」不在行列表中`);
    if (!colIndex.has(c.column)) throw new Error(`${title}：单元格的列「${c.column}」不在列列表中`);
    const k = `${c.row}\u0000${c.column}`;
    if (grid.has(k)) throw new Error(`${title}：单元格（${c.row}，${c.column}）重复`);
    grid.set(k, c);
  }
  const cells: { r: number; c: number; text: string; fg: string; bg: string }[] = [];
  input.rows.forEach((row, r) =>
    input.columns.forEach((col, c) => {
      const cell = grid.get(`${row.key}\u0000${col.key}`);
      cells.push(
        cell
          ? { r, c, text: cell.text, fg: cell.fg, bg: cell.bg }
          : { r, c, text: MISSING, fg: COLORS.muted, bg: COLORS.emptyCell },
      );
    }),
  );

  // Geometry, computed here so the legend can be laid out in pixels
  const rowLabelWidth = Math.max(...input.rows.map((r) => textWidth(r.label, FONT_SIZE.label))) + 12;
  const longestCell = Math.max(...cells.map((c) => textWidth(c.text, FONT_SIZE.label)));
  const longestHeader = Math.max(...input.columns.map((c) => textWidth(c.label, FONT_SIZE.label)));
  const chartWidth = input.width ?? CHART_WIDTH;
  const fitWidth = (chartWidth - rowLabelWidth - 12) / input.columns.length;
  const cellWidth = px(Math.max(input.minCellWidth ?? CELL_MIN_WIDTH, longestCell + 10, longestHeader + 6, Math.min(CELL_MAX_WIDTH, fitWidth)));
  const plotWidth = px(cellWidth * input.columns.length);
  const plotHeight = CELL_HEIGHT * input.rows.length;

  // Legend below the grid: one swatch per distinct (text, fg, bg) — those the caller
  // explained first, in the caller's order, then the rest as they appear, 无数据 last —
  // wrapped to the chart width.
  const explained = input.legend ?? [];
  const meaning = new Map(explained.map((l) => [l.text, l.label]));
  const rank = (text: string) => {
    const i = explained.findIndex((l) => l.text === text);
    return i >= 0 ? i : text === MISSING ? Infinity : explained.length;
  };
  const entries: { text: string; fg: string; bg: string; label: string }[] = [];
  const seen = new Set<string>();
  for (const c of cells) {
    const k = `${c.text}\u0000${c.fg}\u0000${c.bg}`;
    if (seen.has(k)) continue;
    seen.add(k);
    entries.push({ text: c.text, fg: c.fg, bg: c.bg, label: meaning.get(c.text) ?? (c.text === MISSING ? NO_DATA : '') });
  }
  entries.sort((p, q) => rank(p.text) - rank(q.text));
  const swatchWidth = Math.max(input.minCellWidth ?? CELL_MIN_WIDTH, ...entries.map((e) => textWidth(e.text, FONT_SIZE.label) + 10));
  const legendWidth = Math.max(plotWidth, chartWidth - rowLabelWidth - 12);
  const legendItems: { x: number; x2: number; cx: number; lx: number; y: number; y2: number; cy: number; text: string; label: string; fg: string; bg: string }[] = [];
  let left = 0;
  let top = plotHeight + 12;
  for (const e of entries) {
    const w = swatchWidth + (e.label ? 6 + textWidth(e.label, FONT_SIZE.label) : 0);
    if (left > 0 && left + w > legendWidth) {
      left = 0;
      top += CELL_HEIGHT + 6;
    }
    legendItems.push({
      ...e,
      x: px(left),
      x2: px(left + swatchWidth),
      cx: px(left + swatchWidth / 2),
      lx: px(left + swatchWidth + 6),
      y: top,
      y2: top + CELL_HEIGHT,
      cy: top + CELL_HEIGHT / 2,
    });
    left += w + 18;
  }

  const rowLabels = input.rows.map((r) => r.label);
  const colLabels = input.columns.map((c) => c.label);
  const x = {
    field: 'c',
    type: 'ordinal' as const,
    scale: { domain: colLabels.map((_, i) => i), paddingInner: 0, paddingOuter: 0 },
    axis: {
      orient: 'top' as const,
      title: input.columnTitle ?? null,
      labelAngle: 0,
      ticks: false,
      domain: false,
      labelPadding: 4,
      labelExpr: `${JSON.stringify(colLabels)}[datum.value]`,
    },
  };
  const y = {
    field: 'r',
    type: 'ordinal' as const,
    scale: { domain: rowLabels.map((_, i) => i), paddingInner: 0, paddingOuter: 0 },
    axis: { title: null, ticks: false, domain: false, labelPadding: 6, labelLimit: 0, labelExpr: `${JSON.stringify(rowLabels)}[datum.value]` },
  };
  const pixel = (field: string) => ({ field, type: 'quantitative' as const, scale: null });
  const spec = {
    width: plotWidth,
    height: plotHeight,
    autosize: { type: 'pad' },
    layer: withData([
      // Cells: fill, then the text written in each
      {
        data: { values: cells },
        mark: { type: 'rect', stroke: COLORS.background, strokeWidth: 1.5 },
        encoding: { x, y, fill: { field: 'bg', type: 'nominal', scale: null } },
      },
      {
        data: { values: cells },
        mark: { type: 'text', align: 'center', baseline: 'middle' },
        encoding: { x, y, text: { field: 'text' }, color: { field: 'fg', type: 'nominal', scale: null } },
      },
      // Legend, laid out in pixels below the grid
      {
        data: { values: legendItems },
        mark: { type: 'rect', stroke: COLORS.axis, strokeWidth: 0.5 },
        encoding: { x: pixel('x'), x2: { field: 'x2' }, y: pixel('y'), y2: { field: 'y2' }, fill: { field: 'bg', type: 'nominal', scale: null } },
      },
      {
        data: { values: legendItems },
        mark: { type: 'text', align: 'center', baseline: 'middle' },
        encoding: { x: pixel('cx'), y: pixel('cy'), text: { field: 'text' }, color: { field: 'fg', type: 'nominal', scale: null } },
      },
      {
        data: { values: legendItems.filter((s) => s.label) },
        mark: { type: 'text', align: 'left', baseline: 'middle', color: COLORS.text },
        encoding: { x: pixel('lx'), y: pixel('cy'), text: { field: 'label' } },
      },
    ]),
  } as TopLevelSpec;

  // Describe
  const rowNoun = input.rowNoun ?? '个镇街';
  const columnNoun = input.columnNoun ?? '项指标';
  const counts = new Map<string, number>();
  for (const c of [...cells].sort((p, q) => rank(p.text) - rank(q.text))) counts.set(c.text, (counts.get(c.text) ?? 0) + 1);
  const countText = [...counts]
    .map(([text, n]) => `${meaning.get(text) ?? (text === MISSING ? NO_DATA : text)}${n}格`)
    .join('，');
  const description = `${input.rows.length}${rowNoun}×${input.columns.length}${columnNoun}，共${cells.length}格：${countText}。`;
  return chart(spec, { id, title, description });
}

function indexKeys(items: { key: string }[], title: string, what: string): Map<string, number> {
  const m = new Map<string, number>();
  items.forEach((it, i) => {
    if (m.has(it.key)) throw new Error(`${title}：${what}「${it.key}」重复`);
    m.set(it.key, i);
  });
  return m;
}
