import { describe, expect, it } from 'vitest';
import { progressShown } from '../../pipeline/present/table-notes.ts';
import type { IndicatorValue } from '../../pipeline/evaluate/evaluate.ts';

const v = (completionProgress: number | null, status: IndicatorValue['status'], timeProgress = 0.4) =>
  ({ completionProgress, timeProgress, status }) as IndicatorValue;

describe('progressShown: a 完成进度 as the text gives it', () => {
  it('to one decimal where that tells its grade', () => {
    expect(progressShown(v(0.33, '滞后'))).toBe('33.0%');
    expect(progressShown(v(0.5, '快于时序进度'))).toBe('50.0%');
    expect(progressShown(v(null, '无法评估'))).toBe('—');
  });

  it('as far as it takes to fall below the grade above where it prints at its threshold', () => {
    // 滞后 below 95 % of 40 % (38 %), printed 38.0 % (the 2022 review)
    expect(progressShown(v(0.379999, '滞后'))).toBe('37.9999%');
    // 基本符合进度 below the time progress itself, printed 40.0 %
    expect(progressShown(v(0.39996, '基本符合进度'))).toBe('39.996%');
  });
});
