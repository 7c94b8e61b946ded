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

/** What a missing value shows as (never a zero). */
export const MISSING = '—';

/** The mark of a value judged on incomplete data (evaluation.md), wherever it is shown: report tables and passages, site pages. */
export const INCOMPLETE_MARK = '*';

/**
 * A cell with no value by nature, apart from a value missing (MISSING): a town's of an indicator
 * that does not apply to it (a 街道's for one about 镇 only), a ratio's unit, a count over the
 * period's baseline (the 2024 review read “—” two ways in 表1; the site review, “—” on the site
 * and “／” in the report for the same baseline).
 */
export const NOT_APPLICABLE = '／';

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
 * The decimal a computed double stands for (see the module note), as a double: 0.3 ÷ 0.2
 * is 1.4999999999999998 in binary and 1.5 here. Published data carry this, so an analyst
 * never meets binary noise; nothing is rounded that has a 15th significant digit of its
 * own. Missing and non-numbers pass through.
 */
export function decimalOf<T>(x: T): T {
  if (typeof x !== 'number' || !Number.isFinite(x)) return x;
  // An integer below 10^15 is its own decimal (toPrecision(15) writes it whole, −0 as 0, which
  // x + 0 gives): most published numbers (counts, populations, beds) take this path, and the
  // 100× build's 290,000 values × 9 number columns spent ≈ 1.4 s in toPrecision
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return (x + 0) as T;
  return Number(x.toPrecision(15)) as T;
}

/** The decimal places of a number as JavaScript writes it (`0.143` 3, `2e-7` 7, `1500` 0). */
function decimalPlaces(x: number): number {
  if (Number.isInteger(x)) return 0;
  // read from the text without splitting it (at 100× each of 290,000 published changes reads two)
  const s = String(x);
  const e = s.indexOf('e');
  const end = e < 0 ? s.length : e;
  const dot = s.indexOf('.');
  const fraction = dot < 0 || dot > end ? 0 : end - dot - 1;
  return Math.max(0, fraction - (e < 0 ? 0 : Number(s.slice(e + 1))));
}

/**
 * `a − b` as the decimals they stand for (decimalOf) subtract: 0.149 − 0.143 is
 * 0.006000000000000005 in binary, and toPrecision(15) of that keeps the noise (it is the
 * operands' noise, not the result's): 0.006 here. Non-finite in, the plain difference out.
 * Two whole numbers (most counts) subtract exactly as they are.
 */
export function decimalDifference(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a - b;
  const [da, db] = [decimalOf(a), decimalOf(b)];
  if (Number.isSafeInteger(da) && Number.isSafeInteger(db)) return da - db;
  const places = Math.min(100, Math.max(decimalPlaces(da), decimalPlaces(db)));
  return Number((da - db).toFixed(places));
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

/** A number as a department wrote it, for people: the places it has (12.5, 4470), at most four, grouped as formatNumber groups. */
export function formatAsWritten(x: number): string {
  let d = 0;
  while (d < 4 && Math.abs(Math.round(x * 10 ** d) - x * 10 ** d) > 1e-9 * Math.max(1, Math.abs(x * 10 ** d))) d++;
  return formatNumber(x, d);
}

/** How many times another a number is, for people: one place below 10 (`2.6`), none from 10 on (`14`), as in `约为上年的14倍`. */
export function formatTimes(ratio: number): string {
  return formatNumber(ratio, ratio < 10 ? 1 : 0);
}

const GROUPED_FIGURE = /^[+\-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const FOUR_DIGIT_FIGURE = /^([+\-−]?)(\d)(\d{3}(?:\.\d+)?)$/;

/**
 * The figures of one table column written alike: where one of them is grouped (`13,756`),
 * the four-digit ones are grouped too (`9125` → `9,125`), so that the column does not mix
 * the two ways GB/T 15835 allows. Other texts (words, `—`, smaller numbers) are kept.
 */
export function evenGrouping(texts: readonly string[]): string[] {
  if (!texts.some((t) => GROUPED_FIGURE.test(t))) return [...texts];
  return texts.map((t) => t.replace(FOUR_DIGIT_FIGURE, '$1$2,$3'));
}

/** Unit and display precision of an indicator (the plan's table). */
export interface FormatSpec {
  unit: string;
  precision: number;
  /** Shown × 10^shift (a town's 万人 value in 人: shift 4); default 0. */
  shift?: number;
}

/**
 * How a town's value of an indicator is shown: in 人 or 元 where the district's unit is
 * 万人 or 万元 (whole numbers), so that no non-zero town value prints as 0.00万人
 * (evaluation.md); otherwise as the district's.
 */
export function townSpec<S extends FormatSpec>(spec: S): S & { shift?: number } {
  if (spec.unit.startsWith('万') && spec.unit.length > 1) return { ...spec, unit: spec.unit.slice(1), precision: 0, shift: 4 };
  return spec;
}

/** How the plan writes a target: comparator and the figure as printed. */
export interface TargetSpec extends FormatSpec {
  targetOp: string;
  targetText: string;
}

/** An indicator value with its precision and unit: `6.2张`, `64.7%`, `0.28万人`, `0.55` (no unit). Missing → `—`. */
export function formatValue(indicator: FormatSpec, value: number | null | undefined): string {
  if (!isNumber(value)) return MISSING;
  return `${join(fixed(value, indicator.precision, indicator.shift ?? 0))}${indicator.unit}`;
}

/** An indicator value for a table cell, without the unit, at the spec's precision and shift: `24` (人), `6.2`. Missing → `—`. */
export function formatFigure(spec: FormatSpec, value: number | null | undefined): string {
  if (!isNumber(value)) return MISSING;
  return join(fixed(value, spec.precision, spec.shift ?? 0));
}

/** A signed change for a table cell at the spec's precision and shift: `+14`, `-0.3`, `0` (no sign when it rounds to zero). Missing → `—`. */
export function formatSignedFigure(spec: FormatSpec, d: number | null | undefined): string {
  if (!isNumber(d)) return MISSING;
  const s = formatFigure(spec, d);
  return /^-/.test(s) || /^0(\.0*)?$/.test(s) ? s.replace(/^-(0(\.0*)?)$/, '$1') : `+${s}`;
}

/** A fraction as a per cent with one decimal (progress P and T): 0.6 → `60.0%`, −0.125 → `-12.5%`. Missing → `—`. */
export function formatPercent(p: number | null | undefined, decimals = 1): string {
  if (!isNumber(p)) return MISSING;
  // ×100 by moving the decimal point, so no binary noise is introduced.
  return `${join(fixed(p, decimals, 2))}%`;
}

/** Whether an unrounded difference is no change at all (up to binary noise), not merely small. */
export function isNoChange(d: number): boolean {
  return Math.abs(d) <= 1e-9;
}

/**
 * A change of an indicator value (computed from unrounded values), rounded once to the
 * indicator's precision: `增加1.2张` / `减少3家`, `提高3.5个百分点` / `降低…个百分点` for %
 * indicators (the values are per cent, so their difference is in points), `提高0.05` /
 * `降低0.05` for unitless ratios. `持平` only when nothing changed; a change that rounds to
 * zero is `略有增加` / `略有下降` (evaluation.md). Missing → `—`.
 */
export function formatDelta(indicator: FormatSpec, d: number | null | undefined): string {
  if (!isNumber(d)) return MISSING;
  const up = d > 0;
  if (isNoChange(d)) return '持平';
  const f = fixed(d, indicator.precision, indicator.shift ?? 0);
  // the words evaluation.md prescribes, for rates as for counts (a town table said 略有提高 where its note said 略有增加)
  if (/^0*$/.test(f.int + f.frac)) return up ? '略有增加' : '略有下降';
  const amount = join({ ...f, negative: false });
  if (indicator.unit === '%') return `${up ? '提高' : '降低'}${amount}个百分点`;
  if (indicator.unit === '') return `${up ? '提高' : '降低'}${amount}`;
  return `${up ? '增加' : '减少'}${amount}${indicator.unit}`;
}

/** A count in 万 (÷ 10 000 exactly, then rounded): 1993591 → `199.36万人`; `unit` follows 万. Missing → `—`. */
export function formatWan(n: number | null | undefined, unit = '人', decimals = 2): string {
  if (!isNumber(n)) return MISSING;
  return `${join(fixed(n, decimals, -4))}万${unit}`;
}

// ---- for narrative text ---------------------------------------------------------

/** A figure as the plan prints it (`Indicator.baselineText` / `targetText`), with the unit: `5张`, `30.3%`, `0.55`. Not re-rounded. Empty → `—`. */
export function formatPrinted(indicator: FormatSpec, text: string): string {
  const t = text.trim();
  return t === '' ? MISSING : `${t}${indicator.unit}`;
}

/**
 * The plan's target as printed: `≥80`, `7` in a table cell; with `unit`, `≥80%`, `7张`; with
 * `words` (for sentences), `不低于80%`.
 */
export function formatTarget(indicator: TargetSpec, opts: { unit?: boolean; words?: boolean } = {}): string {
  const op = indicator.targetOp === '>=' ? (opts.words ? '不低于' : '≥') : '';
  return `${op}${indicator.targetText.trim()}${opts.unit || opts.words ? indicator.unit : ''}`;
}

/**
 * The unrounded difference `to − from` (null when either is missing). Differences are
 * computed from unrounded values and rounded once, when shown (evaluation.md): from 30.3
 * to 64.65 is 34.35, shown 34.4 even though 64.65 itself shows as 64.6.
 */
export function difference(from: number | null | undefined, to: number | null | undefined): number | null {
  if (!isNumber(from) || !isNumber(to)) return null;
  return to - from;
}

/** `formatDelta` of `to − from`: `增加1.2张`, `提高34.4个百分点`, `略有增加`, `持平`. Missing → `—`. */
export function formatChange(indicator: FormatSpec, from: number | null | undefined, to: number | null | undefined): string {
  return formatDelta(indicator, difference(from, to));
}

/**
 * A difference without its direction, rounded once at the indicator's precision: `0.8张`,
 * `3家`, `15.3个百分点` (for %), `0.05`; one that rounds to zero is `不足0.1张`. Missing → `—`.
 */
export function formatDifference(indicator: FormatSpec, d: number | null | undefined): string {
  if (!isNumber(d)) return MISSING;
  const unit = indicator.unit === '%' ? '个百分点' : indicator.unit;
  const f = fixed(Math.abs(d), indicator.precision, indicator.shift ?? 0);
  if (/^0*$/.test(f.int + f.frac) && !isNoChange(d)) {
    const step = indicator.precision > 0 ? `0.${'1'.padStart(indicator.precision, '0')}` : '1';
    return `不足${step}${unit}`;
  }
  return `${join(f)}${unit}`;
}

/**
 * The gap a − b between two fractions in percentage points, computed unrounded and
 * rounded once: (0.634, 0.6) → 3.4, (0.6004, 0.6) → 0. Missing → null.
 */
export function percentPointGap(a: number | null | undefined, b: number | null | undefined, decimals = 1): number | null {
  if (!isNumber(a) || !isNumber(b)) return null;
  return roundHalfEven((a - b) * 100, decimals);
}

/** Percentage points, without direction: 3.4 → `3.4个百分点`, −20 → `20.0个百分点`. Missing → `—`. */
export function formatPoints(points: number | null | undefined, decimals = 1): string {
  if (!isNumber(points)) return MISSING;
  return `${join({ ...fixed(points, decimals), negative: false })}个百分点`;
}

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** A whole number 0–99 in Chinese numerals (第三年, 五项): 3 → 三, 10 → 十, 12 → 十二, 23 → 二十三; others in digits. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return formatNumber(n);
  if (n < 10) return CHINESE_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CHINESE_DIGITS[tens]}十${ones ? CHINESE_DIGITS[ones] : ''}`;
}

/**
 * A file size: `856 字节`, `12.3 KB`, `4.5 MB` (1 KB = 1024 bytes); a whole number of KB or
 * MB without a decimal (`128 MB`, as limits are stated).
 */
export function formatFileSize(bytes: number): string {
  const unit = (size: number, name: string) => `${formatNumber(bytes / size, bytes % size === 0 ? 0 : 1)} ${name}`;
  if (bytes < 1024) return `${formatNumber(bytes)} 字节`;
  // from 1000 KB on in MB: 1000.3 KB read as a slip (the site review)
  if (bytes < 1000 * 1024) return unit(1024, 'KB');
  return unit(1024 * 1024, 'MB');
}

/** The shortest decimal text of a number, for messages quoting a value: 0.1 + 0.2 → `0.3`. */
export function formatExact(n: number): string {
  return String(Number(n.toPrecision(12)));
}

/** A duration for progress lines: `1.3 秒`. */
export function formatSeconds(ms: number): string {
  return `${formatNumber(ms / 1000, 1)} 秒`;
}
