import { describe, expect, it } from 'vitest';
import { PLAN_STATUSES } from '../../pipeline/evaluate/evaluate.ts';
import { badge, STATUS_COLORS } from '../../pipeline/present/status.ts';

describe('STATUS_COLORS and badge(status)', () => {
  it('lists every status in order, each with colours', () => {
    expect(Object.keys(STATUS_COLORS).slice(0, PLAN_STATUSES.length)).toEqual([...PLAN_STATUSES]);
    expect(PLAN_STATUSES[0]).toBe('已完成');
    expect(PLAN_STATUSES.at(-1)).toBe('无法评估');
  });

  it('gives every status colour WCAG AA contrast (≥ 4.5 : 1)', () => {
    const luminance = (hex: string): number => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
        .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (const [status, { bg, fg }] of Object.entries(STATUS_COLORS)) {
      const [hi, lo] = [luminance(bg), luminance(fg)].sort((x, y) => y - x) as [number, number];
      expect((hi + 0.05) / (lo + 0.05), status).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('makes a badge with the status as its text', () => {
    expect(badge('滞后')).toEqual({ text: '滞后', ...STATUS_COLORS.滞后 });
    expect(badge(null)).toBeNull();
  });
});
