/**
 * The one chart style of the report: palette, type sizes, the vega-lite config, and the
 * CJK-aware text-width estimate vega uses to lay out labels.
 *
 * Charts are drawn at CHART_WIDTH px and printed about 16 cm wide, so 1 px ≈ 0.75 pt:
 * 12 px text prints at ≈9 pt, 13 px at ≈10 pt. Every text colour here meets WCAG AA
 * (4.5:1) against the white chart background; the accent is the only saturated colour.
 */
import type { Config } from 'vega-lite';

/** The font the report and its PDF use (@fontsource/noto-sans-sc), with system fallbacks. */
export const CHART_FONT = "'Noto Sans SC', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif";

/** Total width of a chart's SVG in px (≈16 cm in print). */
export const CHART_WIDTH = 600;

/**
 * Width of the phone rendering of a site chart: shown unscaled, its 12 px text stays 12 px
 * on a screen from 340 + the page margins ≈ 363 px wide (most phones are 375–430).
 */
export const PHONE_CHART_WIDTH = 340;

export const COLORS = {
  background: '#ffffff',
  /** Body text, value labels: 17.4:1. */
  text: '#1a1a1a',
  /** Secondary text (无数据, legends, axis titles): 7.0:1. */
  muted: '#595959',
  /** Reference lines (targets, benchmarks): 12.6:1. */
  reference: '#333333',
  /** The one accent: the measured series, the highlighted town. 8.1:1. */
  accent: '#1d4f91',
  /** Neutral bars (value labels carry the numbers): 3.1:1, as WCAG asks of graphics; the accent stands out beside them (2.6:1, and its label bold). */
  bar: '#8594a6',
  /** The planned (time-progress) path. */
  planned: '#595959',
  /** Axis lines and ticks. */
  axis: '#8c8c8c',
  grid: '#e3e3e3',
  /** A heatmap cell the caller left out. */
  emptyCell: '#f2f2f2',
} as const;

export const FONT_SIZE = {
  /** Axis labels, value labels, legends. */
  label: 12,
  /** Axis titles, reference-line labels. */
  title: 12,
} as const;

/** Dash patterns, so reference lines differ by shape, not only colour. */
export const DASH = {
  target: [6, 4],
  planned: [2, 3],
  /** A second place drawn for comparison (a town report's district line). */
  comparison: [8, 3, 2, 3],
} as const;

/** The vega-lite config every chart is compiled with (a spec's own config wins). */
export const CHART_CONFIG: Config = {
  font: CHART_FONT,
  background: COLORS.background,
  padding: { top: 6, right: 6, bottom: 6, left: 6 },
  // The whole SVG is one role="img" with <title>/<desc>; per-mark ARIA would be noise.
  aria: false,
  view: { stroke: null },
  axis: {
    labelFontSize: FONT_SIZE.label,
    labelColor: COLORS.text,
    labelPadding: 4,
    titleFontSize: FONT_SIZE.title,
    titleFontWeight: 'normal',
    titleColor: COLORS.muted,
    titlePadding: 8,
    domainColor: COLORS.axis,
    tickColor: COLORS.axis,
    gridColor: COLORS.grid,
    gridWidth: 1,
  },
  legend: {
    labelFontSize: FONT_SIZE.label,
    labelColor: COLORS.text,
    titleFontSize: FONT_SIZE.title,
    titleColor: COLORS.muted,
    symbolStrokeWidth: 2,
    // Top legends at the right, clear of a unit written at the top left. (A vega legend
    // config key that vega-lite passes through but does not declare.)
    ...({ layout: { top: { anchor: 'end' } } } as object),
  },
  text: { fontSize: FONT_SIZE.label, fill: COLORS.text },
  line: { strokeWidth: 2 },
  point: { size: 36, filled: true },
};

/**
 * Whether a code point is set full-width (1 em) in a CJK font: CJK ideographs and
 * punctuation, kana, Hangul, full-width forms, and the em dash / ellipsis, which CJK
 * fonts draw full-width.
 */
export function isWide(cp: number): boolean {
  return (
    cp === 0x2014 ||
    cp === 0x2026 ||
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Estimated width in px of `text` at `fontSize`: CJK characters 1 em, others 0.6 em. */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += isWide(ch.codePointAt(0)!) ? 1 : 0.6;
  return em * fontSize;
}

/** The parts of a vega scenegraph text item the width estimate reads. */
export interface TextItem {
  fontSize?: number | string | null;
  limit?: number;
}

/**
 * Drop-in for `vega.textMetrics.width` (vega estimates 0.8 em for every character without
 * the native `canvas` package, too narrow for Chinese). Same defaults as vega's estimate:
 * font size 11 when unset, text trimmed, and never wider than the item's `limit`.
 */
export function cjkTextWidth(item: TextItem, text?: unknown): number {
  const size = item.fontSize != null ? +item.fontSize || 0 : 11;
  const s = text == null ? '' : String(text).trim();
  const w = textWidth(s, size);
  return item.limit != null && item.limit > 0 ? Math.min(w, item.limit) : w;
}
