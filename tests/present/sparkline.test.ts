import { describe, expect, it } from 'vitest';
import { sparkline } from '../../pipeline/present/sparkline.ts';

describe('sparkline(values, reference)', () => {
  it('draws nothing without a value', () => {
    expect(sparkline([null, null])).toBeNull();
  });

  it('breaks the line at a missing year instead of dropping to zero', () => {
    const s = sparkline([1, 2, null, 4, 5])!;
    expect(s.segments).toHaveLength(2);
    expect(s.dots).toHaveLength(4);
    const ys = s.dots.map((d) => d.y);
    // Higher values are higher up (smaller y), inside the drawing.
    expect(ys).toEqual([...ys].sort((a, b) => b - a));
    for (const d of s.dots) {
      expect(d.y).toBeGreaterThanOrEqual(0);
      expect(d.y).toBeLessThanOrEqual(s.height);
    }
  });

  it('keeps the reference line inside the drawing and the output stable', () => {
    const s = sparkline([50.1, 52.3, 55], 80)!;
    expect(s.reference!.y).toBeLessThan(s.dots[2]!.y);
    expect(JSON.stringify(sparkline([50.1, 52.3, 55], 80))).toBe(JSON.stringify(s));
    expect(s.segments[0]!.points).toMatch(/^[\d.]+,[\d.]+( [\d.]+,[\d.]+)*$/);
  });

  it('draws a flat series in the middle', () => {
    const s = sparkline([3, 3, 3])!;
    expect(new Set(s.dots.map((d) => d.y)).size).toBe(1);
  });

  it('draws a change small beside its values small, not across the whole height', () => {
    // 16 → 15 → 16: the range is at least half of 16 (8), so the dip is 1/8 of the drawing (a fifth
    // had drawn 11 → 12 → 11 over 40 % of the row: the site review)
    const s = sparkline([16, 15, 16])!;
    const drop = s.dots[1]!.y - s.dots[0]!.y;
    expect(drop).toBeGreaterThan(0);
    expect(drop).toBeLessThanOrEqual((s.height - 6) / 8 + 0.1);
    const z = sparkline([11, 12, 11, 12, 12, 12])!;
    expect(Math.max(...z.dots.map((d) => d.y)) - Math.min(...z.dots.map((d) => d.y))).toBeLessThan((z.height - 6) / 5);
    // a change as large as its values still fills the height
    const t = sparkline([0, 5, 10])!;
    expect(t.dots[0]!.y - t.dots[2]!.y).toBeCloseTo(s.height - 6, 0);
  });
});
