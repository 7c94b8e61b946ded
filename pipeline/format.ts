/**
 * The one place where numbers become text: GB/T 8170 rounding (四舍六入五成双), units,
 * 万, per cent and 个百分点. Templates, charts and CSV views call these; nothing else
 * rounds or formats a number.
 *
 * Rounding is done on a decimal representation, never with `Math.round(x * 10 ** d)`.
 * The decimal a double stands for is taken to be the double written to 15 significant
 * digits (`toPrecision(15)`, correctly rounded), as Excel shows it. So:
 * - a figure typed as `2.675` rounds as the decimal 2.675 → 2.68 (a tie, 7 is odd), not as
 *   its binary value 2.67499999999999982… → 2.67;
 * - a computed value whose exact result is a tie but whose double carries noise
 *   (1293 / 2000 × 100 = 64.65 may come out as 64.65000000000001) rounds as the tie → 64.6.
 * Any decimal with up to 15 significant digits survives the trip through a double
 * unchanged, and the values of this pipeline (counts, ratios of counts, × 100 or ÷ 10000)
 * are exact ties or clearly on one side long before the 15th digit.
 */
import type { Indicator } from './plan.ts';

/** What a missing value shows as (never a zero). */
export const MISSING = '—';

/** |value| = digits × 10^exp, with a sign. */
interface Decimal {
  negative: boolean;
  digits: string;
  exp: number;
}

/** The 15-significant-digit decimal of a finite double, multiplied by 10^shift (exactly). */
function toDecimal(x: number, shift = 0): Decimal {
  const s = Math.abs(x).toPrecision(15);
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s);
  if (!m) throw new Error(`无法解析数值 ${s}`);
  const frac = m[2] ?? '';
  return { negative: x < 0, digits: m[1]! + frac, exp: Number(m[3] ?? 0) - frac.length + shift };
}

function checkDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < -15 || decimals > 15) {
    throw new RangeError(`小数位数应为 -15—15 的整数，实为 ${decimals}`);
  }
}

/** Round |d| half-to-even to `decimals` places: the integer N with |d| ≈ N × 10^-decimals. */
function roundScaled(d: Decimal, decimals: number): bigint {
  const drop = -(d.exp + decimals);
  if (drop <= 0) return BigInt(d.digits) * 10n ** BigInt(-drop);
  const digits = d.digits.padStart(drop + 1, '0');
  let q = BigInt(digits.slice(0, digits.length - drop));
  const rest = digits.slice(digits.length - drop);
  const half = '5'.padEnd(drop, '0');
  // Same-length digit strings compare as numbers.
  if (rest > half || (rest === half && q % 2n === 1n)) q += 1n;
  return q;
}

/** Integer and fraction digits of N × 10^-decimals (decimals ≥ 0). */
function splitScaled(n: bigint, decimals: number): { int: string; frac: string } {
  if (decimals <= 0) return { int: (n * 10n ** BigInt(-decimals)).toString(), frac: '' };
  const s = n.toString().padStart(decimals + 1, '0');
  return { int: s.slice(0, s.length - decimals), frac: s.slice(s.length - decimals) };
}

/** Digits of a rounded finite x (no grouping, `-` only when the rounded value is not zero). */
function fixed(x: number, decimals: number, shift = 0): { negative: boolean; int: string; frac: string } {
  checkDecimals(decimals);
  const d = toDecimal(x, shift);
  const n = roundScaled(d, decimals);
  return { negative: d.negative && n !== 0n, ...splitScaled(n, Math.max(decimals, 0)) };
}

function isNumber(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/**
 * GB/T 8170 rounding to `decimals` places (negative: to tens, hundreds…): 四舍六入五成双,
 * symmetric for negatives. 0.125 → 0.12, 0.135 → 0.14, 2.5 → 2, 3.5 → 4, −2.5 → −2,
 * 2.675 → 2.68 (see the module note). Non-finite input is returned as is; −0 becomes 0.
 */
export function roundHalfEven(x: number, decimals: number): number {
  checkDecimals(decimals);
  if (!Number.isFinite(x)) return x;
  const d = toDecimal(x);
  const n = roundScaled(d, decimals);
  if (n === 0n) return 0;
  return Number(`${d.negative ? '-' : ''}${n}e${-decimals}`);
}

/** Rounded half-to-even and written with exactly `decimals` places, no grouping: `1993591`, `64.70`. For CSV. */
export function toFixedHalfEven(x: number, decimals: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`不是有限数值：${x}`);
  const f = fixed(x, decimals);
  return `${f.negative ? '-' : ''}${f.int}${f.frac ? `.${f.frac}` : ''}`;
}

function group(int: string): string {
  // No separator below 10 000 (`9999`), `,` every three digits from five digits on (`12,345`).
  return int.length <= 4 ? int : int.replace(/\B(?=(\d{3})+$)/g, ',');
}

function join(f: { negative: boolean; int: string; frac: string }): string {
  return `${f.negative ? '-' : ''}${group(f.int)}${f.frac ? `.${f.frac}` : ''}`;
}

/**
 * A number for people: rounded half-to-even to `decimals` places, all places kept
 * (`60.0`). Integer parts of 10 000 and more are grouped in threes with `,` (`1,993,591`);
 * smaller ones are not (`9999`), as Chinese reports write four-digit numbers. Missing → `—`.
 */
export function formatNumber(x: number | null | undefined, decimals = 0): string {
  if (!isNumber(x)) return MISSING;
  return join(fixed(x, decimals));
}

/** Unit and display precision of an indicator (the plan's table). */
export type FormatSpec = Pick<Indicator, 'unit' | 'precision'>;

/** An indicator value with its precision and unit: `6.2张`, `64.7%`, `0.28万人`, `0.55` (no unit). Missing → `—`. */
export function formatValue(indicator: FormatSpec, value: number | null | undefined): string {
  if (!isNumber(value)) return MISSING;
  return `${formatNumber(value, indicator.precision)}${indicator.unit}`;
}

/** A fraction as a per cent with one decimal (progress P and T): 0.6 → `60.0%`, −0.125 → `-12.5%`. Missing → `—`. */
export function formatPercent(p: number | null | undefined, decimals = 1): string {
  if (!isNumber(p)) return MISSING;
  // ×100 by moving the decimal point, so no binary noise is introduced.
  return `${join(fixed(p, decimals, 2))}%`;
}

/**
 * A change of an indicator value, rounded once to the indicator's precision:
 * `增加1.2张` / `减少3家`, `提高3.5个百分点` / `降低…个百分点` for % indicators (the values
 * are per cent, so their difference is in points), `提高0.05` / `降低0.05` for unitless
 * ratios; `持平` when the change rounds to zero. Missing → `—`.
 */
export function formatDelta(indicator: FormatSpec, d: number | null | undefined): string {
  if (!isNumber(d)) return MISSING;
  const f = fixed(d, indicator.precision);
  if (/^0*$/.test(f.int + f.frac)) return '持平';
  const amount = join({ ...f, negative: false });
  const up = !f.negative;
  if (indicator.unit === '%') return `${up ? '提高' : '降低'}${amount}个百分点`;
  if (indicator.unit === '') return `${up ? '提高' : '降低'}${amount}`;
  return `${up ? '增加' : '减少'}${amount}${indicator.unit}`;
}

/** A count in 万 (÷ 10 000 exactly, then rounded): 1993591 → `199.36万人`; `unit` follows 万. Missing → `—`. */
export function formatWan(n: number | null | undefined, unit = '人', decimals = 2): string {
  if (!isNumber(n)) return MISSING;
  return `${join(fixed(n, decimals, -4))}万${unit}`;
}
