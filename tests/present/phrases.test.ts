import { describe, expect, it } from 'vitest';
import { quote } from '../../pipeline/present/phrases.ts';

describe('quote', () => {
  it('wraps a name in Chinese double quotation marks', () => {
    expect(quote('培育发展社区社会组织')).toBe('“培育发展社区社会组织”');
  });

  it('turns quotation marks inside the name into single ones', () => {
    expect(quote('“智慧民政”平台二期建设')).toBe('“‘智慧民政’平台二期建设”');
    expect(quote('推行“婚登婚检一站式”服务')).toBe('“推行‘婚登婚检一站式’服务”');
    expect(quote('“拉家常”议事会与“吹哨报到”')).toBe('“‘拉家常’议事会与‘吹哨报到’”');
  });
});
