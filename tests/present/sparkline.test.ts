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
});
