import { describe, expect, it } from 'vitest';
import {
  MISSING, decimalDifference, decimalOf, difference, evenGrouping, formatChange, formatDelta, formatFileSize, formatNumber, formatPercent, formatSignedFigure, formatValue, formatWan, roundHalfEven, toFixedHalfEven, townSpec,
} from '../../pipeline/basics/format.ts';

const beds = { unit: '张', precision: 1 };
const count = { unit: '家', precision: 0 };
const pct = { unit: '%', precision: 1 };
const wanren = { unit: '万人', precision: 2 };
const ratio = { unit: '', precision: 2 };

describe('decimalOf(x)', () => {
  /** The definition: the double of x written to 15 significant digits. */
  const byDefinition = (x: number) => Number(x.toPrecision(15));

  it('gives the decimal a computed double stands for', () => {
    expect(decimalOf(0.3 / 0.2)).toBe(1.5);
    expect(decimalOf(0.1 + 0.2)).toBe(0.3);
    expect(decimalOf(null)).toBeNull();
    expect(decimalOf(Number.NaN)).toBeNaN();
    expect(decimalOf(Infinity)).toBe(Infinity);
    expect(decimalOf('12')).toBe('12');
  });

  it('is its definition for integers on both sides of 10^15, zero and −0 included', () => {
    const xs = [0, -0, 1, -1, 42, 1e6, 999_999_999_999_999, -999_999_999_999_999, 1e15, 1e15 + 1, 1_234_567_890_123_456, -1_234_567_890_123_456, 2 ** 53, 1e21];
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let i = 0; i < 2000; i++) xs.push((next() % 2 ? -1 : 1) * Math.floor((next() / 2147483647) * 10 ** (next() % 18)));
    for (const x of xs) expect(Object.is(decimalOf(x), byDefinition(x)), String(x)).toBe(true);
    expect(Object.is(decimalOf(-0), 0)).toBe(true);
    expect(decimalOf(1_234_567_890_123_456)).toBe(1_234_567_890_123_460);
  });
});

describe('roundHalfEven(x, decimals)', () => {
  it('rounds ties to even (GB/T 8170 四舍六入五成双)', () => {
    expect(roundHalfEven(0.125, 2)).toBe(0.12);
    expect(roundHalfEven(0.135, 2)).toBe(0.14);
    expect(roundHalfEven(2.5, 0)).toBe(2);
    expect(roundHalfEven(3.5, 0)).toBe(4);
    expect(roundHalfEven(-2.5, 0)).toBe(-2);
    expect(roundHalfEven(-3.5, 0)).toBe(-4);
    expect(roundHalfEven(0.5, 0)).toBe(0);
    expect(roundHalfEven(1.5, 0)).toBe(2);
  });

  it('rounds the decimal as written, not its binary value', () => {
    // 2.675 is 2.67499999999999982… in binary; as written it is a tie, 7 odd → 8.
    expect(roundHalfEven(2.675, 2)).toBe(2.68);
    expect(roundHalfEven(2.665, 2)).toBe(2.66);
    expect(roundHalfEven(1.005, 2)).toBe(1.0);
    // A computed tie with binary noise is still a tie.
    expect(roundHalfEven(64.65000000000001, 1)).toBe(64.6);
    expect(roundHalfEven(0.57 * 100, 0)).toBe(57);
  });

  it('rounds non-ties to nearest, at any scale', () => {
    expect(roundHalfEven(0.1251, 2)).toBe(0.13);
    expect(roundHalfEven(0.1249, 2)).toBe(0.12);
    expect(roundHalfEven(64.66, 1)).toBe(64.7);
    expect(roundHalfEven(1993591, 0)).toBe(1993591);
    expect(roundHalfEven(1250, -2)).toBe(1200);
    expect(roundHalfEven(1350, -2)).toBe(1400);
    expect(roundHalfEven(0.000_000_15, 7)).toBe(0.000_000_2);
    expect(roundHalfEven(1e21, 0)).toBe(1e21);
  });

  it('returns 0 (not -0) and passes non-finite through', () => {
    expect(Object.is(roundHalfEven(-0.04, 1), 0)).toBe(true);
    expect(roundHalfEven(Number.NaN, 1)).toBeNaN();
    expect(roundHalfEven(Infinity, 1)).toBe(Infinity);
  });

  it('refuses bad decimals', () => {
    expect(() => roundHalfEven(1, 1.5)).toThrow(RangeError);
    expect(() => roundHalfEven(1, 16)).toThrow(RangeError);
  });
});

describe('toFixedHalfEven(x, decimals)', () => {
  it('keeps all places, no grouping', () => {
    expect(toFixedHalfEven(64.7, 2)).toBe('64.70');
    expect(toFixedHalfEven(1993591, 0)).toBe('1993591');
    expect(toFixedHalfEven(0.125, 2)).toBe('0.12');
    expect(toFixedHalfEven(-0.04, 1)).toBe('0.0');
    expect(toFixedHalfEven(-1.25, 1)).toBe('-1.2');
  });
});

describe('formatNumber(x, decimals)', () => {
  it('groups from 10 000 on only', () => {
    expect(formatNumber(9999, 0)).toBe('9999');
    expect(formatNumber(10000, 0)).toBe('10,000');
    expect(formatNumber(1993591, 0)).toBe('1,993,591');
    expect(formatNumber(12345.675, 2)).toBe('12,345.68');
    expect(formatNumber(-12345, 0)).toBe('-12,345');
    expect(formatNumber(9999.5, 0)).toBe('10,000');
  });
  it('keeps trailing zeros', () => {
    expect(formatNumber(60, 1)).toBe('60.0');
    expect(formatNumber(0, 2)).toBe('0.00');
  });
  it('never writes a minus sign on a figure that rounds to zero', () => {
    // a small negative change or value shown as -0.0 reads as a loss that is not there
    expect(formatNumber(-0.04, 1)).toBe('0.0');
    expect(formatNumber(-0, 0)).toBe('0');
    expect(formatNumber(-0.4, 0)).toBe('0');
    expect(formatNumber(-0.05, 1)).toBe('0.0');
    expect(formatNumber(-0.051, 1)).toBe('-0.1');
    expect(formatValue(beds, -0.04)).toBe('0.0张');
    expect(formatValue(wanren, -0.001)).toBe('0.00万人');
    expect(formatPercent(-0.0004)).toBe('0.0%');
    expect(formatWan(-40)).toBe('0.00万人');
    expect(formatSignedFigure(beds, -0.04)).toBe('0.0');
    expect(formatSignedFigure(beds, 0.04)).toBe('0.0');
    expect(formatSignedFigure(beds, -0.06)).toBe('-0.1');
    expect(formatSignedFigure(count, 0)).toBe('0');
  });
  it('writes missing as —', () => {
    expect(formatNumber(null, 1)).toBe(MISSING);
    expect(formatNumber(undefined)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
  });
});

describe('evenGrouping(texts)', () => {
  it('groups the four-digit figures of a column that has a grouped one', () => {
    expect(evenGrouping(['13,756', '9125', '443', '0', '—', '1420.5', '+2386', '-4885'])).toEqual(['13,756', '9,125', '443', '0', '—', '1,420.5', '+2,386', '-4,885']);
  });
  it('leaves a column without a grouped figure, and texts that are not figures, as they are', () => {
    expect(evenGrouping(['9125', '443', '—'])).toEqual(['9125', '443', '—']);
    expect(evenGrouping(['12,345', '2025年', '1234人', '不适用', '12345'])).toEqual(['12,345', '2025年', '1234人', '不适用', '12345']);
  });
});

describe('formatValue(indicator, value)', () => {
  it('uses precision and unit', () => {
    expect(formatValue(beds, 6.25)).toBe('6.2张');
    expect(formatValue(beds, 6.15)).toBe('6.2张');
    expect(formatValue(pct, 64.65)).toBe('64.6%');
    expect(formatValue(pct, 64.66)).toBe('64.7%');
    expect(formatValue(wanren, 0.2805)).toBe('0.28万人');
    expect(formatValue(ratio, 0.555)).toBe('0.56');
    expect(formatValue(ratio, 0.545)).toBe('0.54');
    expect(formatValue(count, 140)).toBe('140家');
    expect(formatValue(count, 12000)).toBe('12,000家');
  });
  it('writes missing as — without unit', () => {
    expect(formatValue(pct, null)).toBe('—');
  });
});

describe('formatPercent(p)', () => {
  it('writes a fraction as a per cent with one decimal', () => {
    expect(formatPercent(0.6)).toBe('60.0%');
    expect(formatPercent(0.2)).toBe('20.0%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0.12345)).toBe('12.3%');
    expect(formatPercent(0.12355)).toBe('12.4%');
    expect(formatPercent(0.12345, 2)).toBe('12.34%');
    expect(formatPercent(-0.125)).toBe('-12.5%');
    expect(formatPercent((6.14 - 5) / 2)).toBe('57.0%');
    expect(formatPercent(12.5)).toBe('1250.0%');
    expect(formatPercent(125)).toBe('12,500.0%');
    expect(formatPercent(null)).toBe('—');
  });
});

describe('formatDelta(indicator, d)', () => {
  it('says 增加/减少 with the unit for counts and rates', () => {
    expect(formatDelta(beds, 1.2)).toBe('增加1.2张');
    expect(formatDelta(beds, -0.35)).toBe('减少0.4张');
    expect(formatDelta(count, -3)).toBe('减少3家');
    expect(formatDelta(wanren, 0.024)).toBe('增加0.02万人');
  });
  it('says 提高/降低 … 个百分点 for per cent', () => {
    expect(formatDelta(pct, 3.5)).toBe('提高3.5个百分点');
    expect(formatDelta(pct, -2.25)).toBe('降低2.2个百分点');
  });
  it('says 提高/降低 without unit for ratios', () => {
    expect(formatDelta(ratio, 0.05)).toBe('提高0.05');
    expect(formatDelta(ratio, -0.05)).toBe('降低0.05');
  });
  it('says 持平 only when nothing changed; a change that rounds to zero is 略有…', () => {
    expect(formatDelta(pct, 0)).toBe('持平');
    expect(formatDelta(pct, 1e-12)).toBe('持平');
    expect(formatDelta(pct, 0.04)).toBe('略有增加');
    expect(formatDelta(pct, -0.05)).toBe('略有下降');
    expect(formatDelta(count, 0.5)).toBe('略有增加');
    expect(formatDelta(count, -0.4)).toBe('略有下降');
  });
  it('rounds a difference once, from the unrounded values (evaluation.md)', () => {
    const wan = { unit: '万人', precision: 2 };
    // 0.021 万人 is 增加0.02万人, not the 0.03 that subtracting two printed figures gives.
    expect(formatChange(wan, 0.389, 0.41)).toBe('增加0.02万人');
    expect(formatChange(pct, 67.03, 72.9)).toBe('提高5.9个百分点');
    expect(formatChange(wan, 0.403, 0.41)).toBe('增加0.01万人');
    expect(formatChange(wan, 0.4063, 0.41)).toBe('略有增加');
    expect(difference(30.3, 64.65)).toBeCloseTo(34.35, 12);
    expect(formatChange(pct, 30.3, 64.65)).toBe('提高34.4个百分点');
  });
  it('shows a town value in 人 where the district unit is 万人 (townSpec)', () => {
    const wan = { unit: '万人', precision: 2 };
    expect(formatValue(townSpec(wan), 0.0014)).toBe('14人');
    expect(formatChange(townSpec(wan), 0.0121, 0.0135)).toBe('增加14人');
    expect(formatValue(townSpec(pct), 45.25)).toBe('45.2%');
  });
  it('writes missing as —', () => {
    expect(formatDelta(pct, null)).toBe('—');
  });
});

describe('formatWan(n)', () => {
  it('divides by 10 000 exactly and rounds half to even', () => {
    expect(formatWan(1993591)).toBe('199.36万人');
    expect(formatWan(2800)).toBe('0.28万人');
    expect(formatWan(12345, '元')).toBe('1.23万元');
    expect(formatWan(12355, '元')).toBe('1.24万元');
    expect(formatWan(123456789, '', 1)).toBe('12,345.7万');
    expect(formatWan(null)).toBe('—');
  });
});

describe('formatFileSize(bytes)', () => {
  it('says 1000 KB and more in MB (1000.3 KB read as a slip: the site review)', () => {
    expect(formatFileSize(856)).toBe('856 字节');
    expect(formatFileSize(12.3 * 1024)).toBe('12.3 KB');
    expect(formatFileSize(999 * 1024)).toBe('999 KB');
    expect(formatFileSize(1000.3 * 1024)).toBe('1.0 MB');
    expect(formatFileSize(128 * 1024 * 1024)).toBe('128 MB');
  });
});

describe('decimalDifference(a, b)', () => {
  it('subtracts the decimals the doubles stand for', () => {
    expect(decimalDifference(0.149, 0.143)).toBe(0.006);
    expect(decimalDifference(0.0203, 0.0187)).toBe(0.0016);
    expect(decimalDifference(2e-7, 0)).toBe(2e-7);
    expect(decimalDifference(1500, 1499.5)).toBe(0.5);
  });

  it('gives what subtracting the decimals as written gives, for whole numbers, fractions, exponents and signs', () => {
    // the rule written out plainly: both as decimals, the difference rounded to the longer one's places
    const places = (x: number) => {
      const [mantissa, exponent] = String(x).split('e');
      return Math.max(0, (mantissa!.split('.')[1] ?? '').length - Number(exponent ?? 0));
    };
    const plain = (a: number, b: number) => {
      const [da, db] = [decimalOf(a), decimalOf(b)];
      return Number((da - db).toFixed(Math.min(100, Math.max(places(da), places(db)))));
    };
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const samples = [0, -0, 1, -1, 3, 245, 285, 0.5, 0.149, 0.143, 2e-7, 1.5e-10, 1e21, 1.5e21, -1e21, 9007199254740991, -9007199254740991, 9007199254740993, 1e15 + 0.5, 123456.789, 1 / 3, 2 / 3, -0.0016];
    // every pair of the edge cases (−0 − 0, equal whole numbers, around 1e21 and 2^53)
    for (const a of samples) for (const b of samples) expect(Object.is(decimalDifference(a, b), plain(a, b)), `${a} − ${b}`).toBe(true);
    for (let i = 0; i < 2000; i++) {
      const kind = i % 4;
      const x = kind === 0 ? Math.round(random() * 1e6) : kind === 1 ? random() * 1000 : kind === 2 ? Math.round(random() * 1e4) / 100 : (random() - 0.5) * 10 ** Math.round(random() * 30 - 15);
      samples.push(x);
    }
    for (let i = 0; i < samples.length; i++) {
      const a = samples[i]!;
      const b = samples[(i * 7 + 3) % samples.length]!;
      expect(Object.is(decimalDifference(a, b), plain(a, b)), `${a} − ${b}`).toBe(true);
      expect(Object.is(decimalDifference(b, a), plain(b, a)), `${b} − ${a}`).toBe(true);
    }
  });
});
