/**
 * A word-sized line chart for table rows (the `sparkline` partial draws it): geometry only,
 * no text, hidden from assistive technology because the same row holds the numbers. Gaps
 * (missing years) break the line, never drop to zero. Coordinates are rounded to 0.1 px so
 * binary noise cannot change the markup.
 */

export interface Sparkline {
  width: number;
  height: number;
  /** One polyline per run of years with values: `"2,18.5 22,10"`. */
  segments: { points: string }[];
  /** A point on every value (so a lone value between gaps still shows). */
  dots: { x: number; y: number }[];
  /** Dashed reference line (e.g. the district target), when inside the drawing. */
  reference: { y: number } | null;
}

const W = 96;
const H = 28;
const PAD = 3;
/** The least range drawn, as a share of the largest magnitude (a fifth had drawn 11 → 12 → 11 as a zig-zag over 40 % of the row: the site review). */
const MIN_SPAN = 0.5;

const r1 = (n: number) => Math.round(n * 10) / 10;

export function sparkline(values: readonly (number | null)[], reference: number | null = null): Sparkline | null {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length === 0) return null;
  const all = reference === null ? known : [...known, reference];
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  // A change small beside the values drawn small: the range spans at least a fifth of the largest
  // magnitude, centred (a town's 社会工作专业服务机构 16 → 15 → 16 家 had filled the row's height as a
  // deep V, beside the indicator pages' rows on one scale: the site review)
  const least = MIN_SPAN * Math.max(Math.abs(lo), Math.abs(hi));
  if (hi - lo < least) {
    const mid = (hi + lo) / 2;
    lo = mid - least / 2;
    hi = mid + least / 2;
  }
  const step = values.length > 1 ? (W - 2 * PAD) / (values.length - 1) : 0;
  const x = (i: number) => r1(values.length > 1 ? PAD + i * step : W / 2);
  const y = (v: number) => r1(H - PAD - ((v - lo) / (hi - lo)) * (H - 2 * PAD));
  const segments: { points: string }[] = [];
  const dots: { x: number; y: number }[] = [];
  let run: string[] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if (run.length) segments.push({ points: run.join(' ') });
      run = [];
      return;
    }
    run.push(`${x(i)},${y(v)}`);
    dots.push({ x: x(i), y: y(v) });
  });
  if (run.length) segments.push({ points: run.join(' ') });
  return { width: W, height: H, segments, dots, reference: reference === null ? null : { y: y(reference) } };
}
