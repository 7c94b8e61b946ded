import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../pipeline/basics/csv.ts';
import { ConfigError } from '../../pipeline/basics/errors.ts';
import { listPlans, loadPlan, PLAN_ROOT, planSummaries, resolvePlan } from '../../pipeline/plan/plan.ts';
import { PROJECT_ROOT } from '../../pipeline/basics/paths.ts';

const PLAN_DIR = join(PLAN_ROOT, 'daxing-civil-affairs-14');
const plan = loadPlan(PLAN_DIR);

/** Headings of the plan text's body (after 前言), read independently of chapters.csv. */
function headingsFromText(): string[] {
  const lines = readFileSync(join(PLAN_DIR, 'source', 'plan.txt'), 'utf8').split('\n').map((l) => l.trim());
  const body = lines.slice(lines.indexOf('前言'));
  const out: string[] = [];
  for (const l of body) {
    let m;
    if ((m = /^(第[一二三四五六七八九十]部分)\s*(.+)$/.exec(l))) out.push(`${m[1]} ${m[2]}`);
    else if (l.length < 40 && (m = /^([一二三四五六七八九十]、)\s*(.+)$/.exec(l))) out.push(`${m[1]}${m[2]}`);
    else if (l.length < 40 && (m = /^[（(]([一二三四五六七八九十])[）)]\s*(.+)$/.exec(l))) out.push(`（${m[1]}）${m[2]}`);
  }
  return out;
}

/** Headings of the plan's own table of contents (目录), page numbers stripped. */
function headingsFromToc(): string[] {
  const lines = readFileSync(join(PLAN_DIR, 'source', 'plan.txt'), 'utf8').split('\n');
  return lines
    .filter((l) => /\.{3,}\s*\d+\s*$/.test(l))
    .map((l) => l.replace(/\.{3,}\s*\d+\s*$/, '').trim())
    .map((l) => l.replace(/^[（(]([一二三四五六七八九十])[）)]\s*/, '（$1）'));
}

describe('loadPlan(dir)', () => {
  it('holds the metadata of the plan', () => {
    expect(plan.title).toBe('大兴区“十四五”时期民政事业发展规划');
    expect(plan.period).toEqual({ start: 2021, end: 2025 });
    expect(plan.baselineYear).toBe(2020);
    expect(plan.issuers).toContain('北京市大兴区民政局');
  });

  it('holds the 32 indicators with every field of indicators.csv', () => {
    const source = parseCsv(readFileSync(join(PLAN_DIR, 'source', 'indicators.csv'), 'utf8'));
    expect(plan.indicators).toHaveLength(32);
    expect(source).toHaveLength(32);
    for (const row of source) {
      const ind = plan.indicatorById.get(Number(row.id))!;
      expect(ind, `indicator ${row.id}`).toBeDefined();
      expect({
        domain: ind.domain, subdomain: ind.subdomain, name: ind.name, unit: ind.unit,
        baseline_2020: ind.baselineText, target_2025: ind.targetText, target_op: ind.targetOp,
        binding: ind.isBinding ? 'Y' : 'N', plan_section: ind.planSection,
      }).toEqual({
        domain: row.domain, subdomain: row.subdomain, name: row.name, unit: row.unit,
        baseline_2020: row.baseline_2020, target_2025: row.target_2025, target_op: row.target_op,
        binding: row.binding, plan_section: row.plan_section,
      });
    }
    expect(plan.indicators.filter((i) => i.isBinding)).toHaveLength(12);
  });

  it('has a level, a display precision and a section for every indicator', () => {
    for (const ind of plan.indicators) {
      expect(['D', 'DT']).toContain(ind.level);
      expect(ind.precision).toBeGreaterThanOrEqual(0);
      const section = plan.chapterById.get(ind.sectionId)!;
      // The section id names the same heading as the plan table's text `第三部分 一（二）`.
      const parent = plan.chapterById.get(section.parentId!)!;
      const part = plan.chapterById.get(parent.parentId!)!;
      expect(`${part.number} ${parent.number.replace('、', '')}${section.number}`).toBe(ind.planSection);
    }
    // District-only indicators per indicator-formulas.md.
    expect(plan.indicators.filter((i) => i.level === 'D').map((i) => i.id)).toEqual([8, 9, 10, 11, 12, 18, 25, 27, 29, 32]);
  });

  it('holds the chapter tree exactly as the plan text writes it, in order', () => {
    const text = headingsFromText();
    expect(text).toHaveLength(51);
    expect(plan.chapters.map((c) => c.heading)).toEqual(text);
    expect(plan.chapters.map((c) => (c.level === 1 ? c.heading : c.number + c.title))).toEqual(headingsFromToc());
    expect(plan.parts.map((p) => p.number)).toEqual(['第一部分', '第二部分', '第三部分', '第四部分']);
    const p3 = plan.chapterById.get('p3')!;
    expect(p3.children.map((c) => c.number)).toEqual(['一、', '二、', '三、', '四、', '五、']);
    expect(p3.children.map((c) => c.children.length)).toEqual([4, 5, 5, 3, 3]);
  });
});

describe('plan validation', () => {
  function copyPlan(): string {
    const root = mkdtempSync(join(tmpdir(), 'planeval-plan-'));
    cpSync(PLAN_DIR, join(root, 'daxing-civil-affairs-14'), { recursive: true });
    return root;
  }

  it('lists each plan for the help by its plan.json alone, a faulty one too', () => {
    const root = copyPlan();
    cpSync(join(root, 'daxing-civil-affairs-14'), join(root, 'broken'), { recursive: true });
    writeFileSync(join(root, 'broken', 'plan.json'), '{ not json');
    expect(planSummaries(root)).toEqual([
      { id: 'broken', title: '', period: '' },
      { id: 'daxing-civil-affairs-14', title: '大兴区“十四五”时期民政事业发展规划', period: '2021—2025' },
    ]);
  });

  it('rejects a duplicate indicator id, naming it and both lines', () => {
    const root = copyPlan();
    const file = join(root, 'daxing-civil-affairs-14', 'indicators.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[5] = lines[5]!.replace(/^5,/, '4,');
    writeFileSync(file, lines.join('\n'));
    expect(() => loadPlan(join(root, 'daxing-civil-affairs-14'))).toThrow(ConfigError);
    expect(() => loadPlan(join(root, 'daxing-civil-affairs-14'))).toThrow(/第 6 行：指标序号 4 重复（首次出现在第 5 行）/);
  });

  it('rejects an unknown section, naming it', () => {
    const root = copyPlan();
    const file = join(root, 'daxing-civil-affairs-14', 'indicators.csv');
    writeFileSync(file, readFileSync(file, 'utf8').replace(',p3-1-2,elderly_beds', ',p3-1-9,elderly_beds'));
    expect(() => loadPlan(join(root, 'daxing-civil-affairs-14'))).toThrow(/指标 3）：规划章节“p3-1-9”（第三部分 一（二））在章节表中不存在/);
  });

  it('rejects a chapter whose parent comes later or does not exist', () => {
    const root = copyPlan();
    const file = join(root, 'daxing-civil-affairs-14', 'chapters.csv');
    writeFileSync(file, readFileSync(file, 'utf8').replace('p3-1-1,p3-1,', 'p3-1-1,p3-9,'));
    expect(() => loadPlan(join(root, 'daxing-civil-affairs-14'))).toThrow(/章节“p3-1-1”的上级“p3-9”不存在/);
  });

  it('rejects a source sheet that is not in the contract', () => {
    const root = copyPlan();
    const file = join(root, 'daxing-civil-affairs-14', 'indicators.csv');
    const source = readFileSync(file, 'utf8');
    expect(source).toContain(',特困人员供养,');
    writeFileSync(file, source.replace(',特困人员供养,', ',特困人员名册,'));
    expect(() => loadPlan(join(root, 'daxing-civil-affairs-14'))).toThrow(/数据来源表“特困人员名册”不在填报数据规范中/);
  });

  it('reads the types of a register an indicator counts, and checks them against the contract', () => {
    expect(plan.indicatorById.get(4)!.sourceTypes).toEqual({ 养老服务设施: ['养老机构'] });
    expect(plan.indicatorById.get(11)!.sourceTypes).toEqual({ 福利机构: ['儿童福利机构', '未成年人救助保护机构'] });
    expect(plan.indicatorById.get(3)!.sourceTypes).toEqual({});
    const root = copyPlan();
    const file = join(root, 'daxing-civil-affairs-14', 'indicators.csv');
    const source = readFileSync(file, 'utf8');
    expect(source).toContain(',养老服务设施=养老机构,');
    writeFileSync(file, source.replace(',养老服务设施=养老机构,', ',养老服务设施=敬老院,'));
    expect(() => loadPlan(join(root, 'daxing-civil-affairs-14'))).toThrow(/计入类型“养老服务设施=敬老院”中的“敬老院”不是“设施类型”的选项/);
    writeFileSync(file, source.replace(',养老服务设施=养老机构,', ',福利机构=儿童福利机构,'));
    expect(() => loadPlan(join(root, 'daxing-civil-affairs-14'))).toThrow(/“福利机构”不是本指标的数据来源表/);
    writeFileSync(file, source.replace(',养老服务设施=养老机构,', ',人口基础数据=常住,'));
    expect(() => loadPlan(join(root, 'daxing-civil-affairs-14'))).toThrow(/“人口基础数据”不是本指标的数据来源表|不按类型填报/);
  });

  it('checks the gap phrases, town scopes and numerator labels the reports use', () => {
    const root = copyPlan();
    const file = join(root, 'daxing-civil-affairs-14', 'indicators.csv');
    const source = readFileSync(file, 'utf8');
    writeFileSync(file, source.replace('还差{n}张救助床位', '还差一些救助床位'));
    expect(() => loadPlan(join(root, 'daxing-civil-affairs-14'))).toThrow(/差距表述“还差一些救助床位”中没有 \{n\}/);
    writeFileSync(file, source.replace(',none,', ',乡,'));
    expect(() => loadPlan(join(root, 'daxing-civil-affairs-14'))).toThrow(/镇街适用范围“乡”应为 all、镇、街道 或 none/);
    writeFileSync(file, source.replace('养老机构床位（张）', '养老机构床位'));
    expect(() => loadPlan(join(root, 'daxing-civil-affairs-14'))).toThrow(/分子名称“养老机构床位”应写作“名称（单位）”/);
  });

  it('names the department that answers for each indicator, not the one that supplies a denominator', () => {
    const plan = loadPlan(PLAN_DIR);
    expect(plan.indicators.every((i) => i.leadUnit)).toBe(true);
    // The orphans' ratio is filled by 区统计局 (its sheet), but answered for by the welfare section.
    expect(plan.indicatorById.get(10)!.sourceSheets).toEqual(['区级统计指标']);
    expect(plan.indicatorById.get(10)!.leadUnit).toBe('社会福利和儿童福利科');
  });

  it('names its period and the next one (十四五, 十五五) from plan.json, else from a national five-year period', () => {
    expect(loadPlan(PLAN_DIR)).toMatchObject({ era: '十四五', nextEra: '十五五' });
    const root = copyPlan();
    const meta = join(root, 'daxing-civil-affairs-14', 'plan.json');
    const json = JSON.parse(readFileSync(meta, 'utf8'));
    const load = (o: Record<string, unknown>) => {
      writeFileSync(meta, JSON.stringify({ ...json, ...o }));
      return loadPlan(join(root, 'daxing-civil-affairs-14'));
    };
    delete json.era;
    delete json.next_era;
    expect(load({})).toMatchObject({ era: '十四五', nextEra: '十五五' });
    expect(load({ period: { start: 2026, end: 2030 }, baseline_year: 2025, target_year: 2030 })).toMatchObject({ era: '十五五', nextEra: '十六五' });
    expect(load({ period: { start: 2031, end: 2035 }, baseline_year: 2030, target_year: 2035 })).toMatchObject({ era: '十六五', nextEra: '十七五' });
    expect(load({ period: { start: 2046, end: 2050 }, baseline_year: 2045, target_year: 2050 })).toMatchObject({ era: '十九五', nextEra: '二十五' });
    // a period of its own: named in plan.json, or a clear error
    expect(() => load({ period: { start: 2024, end: 2027 }, baseline_year: 2023, target_year: 2027 })).toThrow(/请写明规划期的简称 era（如“十四五”）和下一规划期的简称 next_era/);
    expect(load({ period: { start: 2024, end: 2027 }, baseline_year: 2023, target_year: 2027, era: '2024—2027年', next_era: '下一规划期' })).toMatchObject({ era: '2024—2027年', nextEra: '下一规划期' });
  });

  it('has no plan period written into the program: the reports take it from the plan', () => {
    // '十四五' and '十五五' in words had been in 34 places of the reports' code, whatever the plan
    const sources = readdirSync(join(PROJECT_ROOT, 'pipeline'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('cli.ts'));
    const found = sources.flatMap((f) => readFileSync(join(PROJECT_ROOT, 'pipeline', f), 'utf8').split('\n')
      .map((line, i) => ({ at: `${f}:${i + 1}`, code: line.replace(/\/\/.*$/, '').replace(/^\s*(\/\*\*?|\*).*$/, '') }))
      .filter((x) => /十[四五六]五/.test(x.code) && !/请写明规划期的简称/.test(x.code)));
    expect(found.map((x) => x.at)).toEqual([]);
  });

  it('takes a second plan as a new folder, with no code change', () => {
    const root = copyPlan();
    cpSync(join(root, 'daxing-civil-affairs-14'), join(root, 'daxing-civil-affairs-15'), { recursive: true });
    const meta = join(root, 'daxing-civil-affairs-15', 'plan.json');
    const json = JSON.parse(readFileSync(meta, 'utf8'));
    Object.assign(json, { id: 'daxing-civil-affairs-15', title: '大兴区“十五五”时期民政事业发展规划', period: { start: 2026, end: 2030 }, baseline_year: 2025, target_year: 2030 });
    writeFileSync(meta, JSON.stringify(json));
    expect(listPlans(root)).toEqual(['daxing-civil-affairs-14', 'daxing-civil-affairs-15']);
    expect(resolvePlan(undefined, root).id).toBe('daxing-civil-affairs-15');
    expect(resolvePlan('daxing-civil-affairs-14', root).period.end).toBe(2025);
    expect(() => resolvePlan('nope', root)).toThrow(/找不到规划“nope”/);
  });
});
