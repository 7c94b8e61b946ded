import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../pipeline/basics/csv.ts';
import { loadGeography, parseGeography } from '../../pipeline/plan/geography.ts';

const geo = loadGeography();

describe('loadGeography()', () => {
  it('holds the district, its 8 streets and 14 towns with the names and aliases of the source list', () => {
    expect(geo.district.name).toBe('大兴区');
    expect(geo.towns).toHaveLength(22);
    expect(geo.towns.filter((t) => t.type === '街道')).toHaveLength(8);
    expect(geo.towns.filter((t) => t.type === '镇')).toHaveLength(14);
    const source = parseCsv(readFileSync(new URL('../../data/reference/source-geography.csv', import.meta.url), 'utf8'));
    expect([geo.district, ...geo.towns].map((p) => [p.name, p.type, p.aliases.join(';')])).toEqual(
      source.map((r) => [r.name, r.type, r.aliases]),
    );
  });

  it('gives every place a unique ASCII code and invents no statistical code', () => {
    const codes = [geo.district, ...geo.towns].map((p) => p.code);
    expect(new Set(codes).size).toBe(23);
    for (const c of codes) expect(c).toMatch(/^[a-z][a-z0-9-]*$/);
    for (const p of geo.towns) expect(p.statCode).toBeNull();
  });

  it('resolves canonical names, aliases, prefixes and odd spacing; nothing else', () => {
    expect(geo.resolveTown('黄村镇')?.code).toBe('huangcun');
    expect(geo.resolveTown('黄村地区')?.code).toBe('huangcun');
    expect(geo.resolveTown(' 黄村 ')?.code).toBe('huangcun');
    expect(geo.resolveTown('北京市大兴区兴丰街道')?.code).toBe('xingfeng');
    expect(geo.resolveTown('大兴区　亦庄地区')?.code).toBe('yizhuang');
    expect(geo.resolveTown('大兴区')).toBeUndefined();
    expect(geo.resolveTown('朝阳区')).toBeUndefined();
    expect(geo.resolveTown('黄村镇镇')).toBeUndefined();
  });

  it('rejects a duplicate alias, naming it', () => {
    const text = 'code,name,type,parent,aliases\nd,大兴区,区,,\na,甲镇,镇,d,甲\nb,乙镇,镇,d,甲\n';
    expect(() => parseGeography(text, 'g.csv')).toThrow(/g\.csv 第 4 行：名称或别名“甲”与 甲镇 重复/);
  });
});
