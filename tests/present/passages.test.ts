import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../pipeline/basics/errors.ts';
import { MISSING, formatChange, formatPercent, formatTarget, formatValue } from '../../pipeline/basics/format.ts';
import { PROJECT_ROOT } from '../../pipeline/basics/paths.ts';
import { evaluate, type IndicatorValue } from '../../pipeline/evaluate/evaluate.ts';
import type { IndicatorBase } from '../../pipeline/ingest/records.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { loadPlan } from '../../pipeline/plan/plan.ts';
import { markdownSource, renderMarkdown } from '../../pipeline/present/passage-markdown.ts';
import { matchSection, type PassageSection } from '../../pipeline/present/passage-names.ts';
import { editionOf, reportPassageSections } from '../../pipeline/present/passage-sections.ts';
import { valueResolver } from '../../pipeline/present/passage-values.ts';
import {
  DEFAULT_PASSAGES_DIR, loadPassages, parsePassages, renderPassages, type PassageContext, type PassageLibrary,
  type PlaceholderRequest, type PlaceholderResolver,
} from '../../pipeline/present/passages.ts';
import { PLACEHOLDER_FIELDS, parsePlaceholder } from '../../pipeline/present/placeholders.ts';

const PLAN = loadPlan(`${PROJECT_ROOT}data/plan/daxing-civil-affairs-14`);
const GEO = loadGeography();
const CTX: PassageContext = { plan: PLAN, geography: GEO, sections: (y) => reportPassageSections(PLAN, y) };

const parse = (files: Record<string, string | Uint8Array>, ctx: PassageContext = CTX): PassageLibrary =>
  parsePassages(Object.entries(files).map(([path, content]) => ({ path, content })), ctx, 'p');

const error = (files: Record<string, string | Uint8Array>, ctx: PassageContext = CTX): string => {
  try {
    parse(files, ctx);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

/** A resolver that shows what it was asked. */
const echo: PlaceholderResolver = (r) => ({ text: `[${r.indicatorId}.${r.field}@${r.year}${r.town ? `,${r.town.name}` : ''}]` });

/** The one passage of a one-file folder, rendered for its year. */
function render(path: string, content: string, resolve: PlaceholderResolver = echo) {
  const year = Number(path.slice(0, 4));
  const out = renderPassages(parse({ [path]: content }), year, resolve);
  const [only] = [...out.bySection.values()];
  return { ...only!, notes: out.notes };
}

// ---- section names ---------------------------------------------------------------------

describe('matchSection: forgiving names, precise refusals', () => {
  const final = reportPassageSections(PLAN, 2025);
  const annual = reportPassageSections(PLAN, 2023);
  const key = (stem: string, sections: readonly PassageSection[] = final): string => {
    const m = matchSection(stem, sections, '2025年报告');
    if ('error' in m) throw new Error(m.error);
    return m.section.key;
  };
  const refusal = (stem: string, sections: readonly PassageSection[] = final): string => {
    const m = matchSection(stem, sections, '2025年报告');
    if ('section' in m) throw new Error(`matched ${m.section.key}`);
    return m.error;
  };

  it('title, alias, spaces, full-width forms, quotation marks and numbering do not matter', () => {
    expect(key('经验与启示')).toBe('lessons');
    expect(key(' 经验 与 启示 ')).toBe('lessons');
    expect(key('“十五五”时期的建议')).toBe('next-plan');
    expect(key('十五五建议')).toBe('next-plan');
    expect(key('总体情况')).toBe('overview');
    expect(key('主要成效')).toBe('achievements');
  });
  it('a chapter by its heading, title, id or a unique part of it; either order; any dash', () => {
    expect(key('主要成效-（二）大力发展养老服务体系')).toBe('achievements/p3-1-2');
    expect(key('主要成效-(二)大力发展养老服务体系')).toBe('achievements/p3-1-2');
    expect(key('主要成效－养老服务')).toBe('achievements/p3-1-2');
    expect(key('主要成效——养老服务')).toBe('achievements/p3-1-2');
    expect(key('养老服务-主要成效')).toBe('achievements/p3-1-2');
    expect(key('主要成效-p3-1-2')).toBe('achievements/p3-1-2');
    expect(key('成效-社会救助')).toBe('achievements/p3-1-1');
    expect(key('主要成效-基本民生保障')).toBe('achievements/p3-1');
    expect(key('养老服务', annual)).toBe('tasks/p3-1-2');
    expect(key('殡葬', annual)).toBe('tasks/p3-3-2');
  });
  it('an exact spelling wins over a part of a longer one', () => {
    // 问题 is an alias of 存在的主要问题 and also inside it; 建议 is only inside titles of one section
    expect(key('问题')).toBe('problems');
    expect(key('建议', annual)).toBe('recommendations');
  });
  it('ambiguous, unknown and near misses', () => {
    expect(refusal('主要成效-体系')).toBe(
      '栏目名“主要成效-体系”可以指2025年报告的以下几个栏目，请写得更完整：主要成效-一、建设公平可持续的基本民生保障体系、主要成效-（一）完善社会救助救济体系、主要成效-（二）大力发展养老服务体系、主要成效-（三）持续优化残疾人服务体系、主要成效-（四）加强儿童福利保护体系、主要成效-二、建设活力有序的基层社会治理体系、主要成效-三、建设均等高质量的基本社会服务体系、主要成效-（三）完善社会心理服务体系、主要成效-四、建设智慧多元的民政基础支撑体系、主要成效-五、建设精准高效的民政监管体系',
    );
    expect(refusal('主要成效-养老院')).toMatch(/^“主要成效”下没有名为“养老院”的章节，章节名为以下之一：一、建设公平可持续的基本民生保障体系、（一）完善社会救助救济体系、/);
    expect(refusal('工作亮点')).toMatch(
      /^2025年报告没有名为“工作亮点”的栏目。可用的栏目：规划实施总体情况、主要指标完成情况、主要成效、存在的主要问题、经验与启示、“十五五”时期的建议、主要成效-章节名（章节名为以下之一：一、建设公平可持续的基本民生保障体系、（一）完善社会救助救济体系、/,
    );
    expect(refusal('经验与启示', annual)).toBe(
      '2025年报告没有名为“经验与启示”的栏目。可用的栏目：总体评价、一、建设公平可持续的基本民生保障体系、（一）完善社会救助救济体系、（二）大力发展养老服务体系、（三）持续优化残疾人服务体系、（四）加强儿童福利保护体系、二、建设活力有序的基层社会治理体系、（一）深化城乡社区治理服务创新、（二）强化基层政权建设、（三）加强社会组织培育管理、（四）促进社会工作发展、（五）推动志愿服务发展、三、建设均等高质量的基本社会服务体系、（一）创新婚姻家庭服务、（二）持续深化殡葬改革、（三）完善社会心理服务体系、（四）持续推进慈善事业建设、（五）加强见义勇为权益保护、四、建设智慧多元的民政基础支撑体系、（一）推进智慧民政建设、（二）加强法治民政建设、（三）夯实民政基础设施建设、五、建设精准高效的民政监管体系、（一）健全监督管理制度、（二）强化安全责任落实、（三）创新丰富监管形式、存在问题、下一步工作建议',
    );
  });
  it('the proposed sections: final evaluation in the target year, annual before', () => {
    expect([2021, 2024, 2025].map((y) => editionOf(PLAN, y))).toEqual(['annual', 'annual', 'final']);
    expect(reportPassageSections(PLAN, 2025).map((s) => s.key).filter((k) => !k.includes('/'))).toEqual(
      ['overview', 'indicators', 'achievements', 'problems', 'lessons', 'next-plan'],
    );
    expect(reportPassageSections(PLAN, 2025).filter((s) => s.key.startsWith('achievements/'))).toHaveLength(25);
  });
});

// ---- placeholders ----------------------------------------------------------------------

describe('parsePlaceholder: syntax', () => {
  const req = (body: string, year = 2025): PlaceholderRequest => {
    const p = parsePlaceholder(body, year, PLAN, GEO);
    if ('error' in p) throw new Error(p.error);
    return p.request;
  };
  const town = (code: string) => GEO.byCode.get(code)!;

  it('indicator and field; the passage year by default', () => {
    expect(req('指标3.实际值')).toEqual({ indicatorId: 3, field: '实际值', year: 2025 });
    expect(req('指标3.实际值', 2023)).toEqual({ indicatorId: 3, field: '实际值', year: 2023 });
  });
  it('as a Chinese IME types it: full-width, 。 or 的, spaces, 指标 optional, aliases of fields', () => {
    for (const body of ['指标３。实际值', '指标 3 . 实际值', '3.实际值', '指标3的实际值', '指标3实际值', '指标3．数值', '指标3:值']) {
      expect(req(body), body).toEqual({ indicatorId: 3, field: '实际值', year: 2025 });
    }
    expect(req('指标3.位次@黄村镇').field).toBe('排名');
  });
  it('qualifiers: year, town (name or alias), 全区, in any order, with any separator', () => {
    expect(req('指标3.差距@2024')).toEqual({ indicatorId: 3, field: '差距', year: 2024 });
    expect(req('指标3.差距＠2024年')).toEqual({ indicatorId: 3, field: '差距', year: 2024 });
    expect(req('指标23.实际值@黄村镇')).toEqual({ indicatorId: 23, field: '实际值', year: 2025, town: town('huangcun') });
    expect(req('指标23.实际值@黄村')).toEqual({ indicatorId: 23, field: '实际值', year: 2025, town: town('huangcun') });
    const both = { indicatorId: 23, field: '实际值', year: 2024, town: town('huangcun') };
    for (const body of ['指标23.实际值@2024,黄村镇', '指标23.实际值@黄村镇@2024', '指标23.实际值＠黄村镇，2024年', '指标23.实际值@2024、黄村镇', '指标23.实际值@2024年黄村镇', '指标23.实际值 @ 黄村镇 @ 2024年度']) {
      expect(req(body), body).toEqual(both);
    }
    expect(req('指标3.实际值@全区')).toEqual({ indicatorId: 3, field: '实际值', year: 2025 });
    expect(req('指标3.实际值@大兴区@2021')).toEqual({ indicatorId: 3, field: '实际值', year: 2021 });
  });
  it('every field has a valid use', () => {
    const uses: Record<string, string> = {
      名称: '指标3.名称', 实际值: '指标3.实际值', 基期值: '指标3.基期值', 目标值: '指标3.目标值', 差距: '指标3.差距', 缺口: '指标23.缺口@黄村镇',
      较基期: '指标3.较基期', 较上年: '指标3.较上年', 完成进度: '指标3.完成进度', 时序进度: '指标3.时序进度', 状态: '指标3.状态',
      预判: '指标3.预判@2024', 结论: '指标3.结论', 排名: '指标3.排名@黄村镇', 占比: '指标6.占比@黄村镇',
    };
    expect(Object.keys(uses)).toEqual([...PLACEHOLDER_FIELDS]);
    for (const [field, body] of Object.entries(uses)) expect(req(body).field).toBe(field);
  });
});

describe('parsePlaceholder: every refusal, in Chinese', () => {
  const refusal = (body: string, year = 2025): string => {
    const p = parsePlaceholder(body, year, PLAN, GEO);
    if ('request' in p) throw new Error(`accepted ${JSON.stringify(p.request)}`);
    return p.error;
  };
  it('shape, indicator, field', () => {
    expect(refusal('')).toBe('空的占位符{}：花括号中应写明指标序号和字段，如 {指标3.实际值}');
    expect(refusal('实际值')).toBe('占位符{实际值}：请写明是哪一项指标，如 {指标3.实际值}（指标序号见规划指标表）');
    expect(refusal('养老床位')).toBe('占位符{养老床位}：应写成 {指标序号.字段}，如 {指标3.实际值}、{指标3.差距@2024}、{指标23.实际值@黄村镇}');
    expect(refusal('指标33.实际值')).toBe('占位符{指标33.实际值}：规划中没有序号为 33 的指标，指标序号为 1—32');
    expect(refusal('指标3')).toBe('占位符{指标3}：缺少字段，请在指标序号后写“.字段”，如 {指标3.实际值}；可用的字段：名称、实际值、基期值、目标值、差距、缺口、较基期、较上年、完成进度、时序进度、状态、预判、结论、排名、占比');
    expect(refusal('指标3.实值')).toBe('占位符{指标3.实值}：未知的字段“实值”，可用的字段：名称、实际值、基期值、目标值、差距、缺口、较基期、较上年、完成进度、时序进度、状态、预判、结论、排名、占比');
  });
  it('qualifiers: unknown town, two years, two towns, 全区 with a town, empty', () => {
    expect(refusal('指标3.实际值@黄村乡')).toBe('占位符{指标3.实际值@黄村乡}：“黄村乡”既不是年份也不是大兴区的镇街名');
    expect(refusal('指标3.实际值@24')).toBe('占位符{指标3.实际值@24}：“24”既不是年份也不是大兴区的镇街名');
    expect(refusal('指标3.实际值@2023@2024')).toBe('占位符{指标3.实际值@2023@2024}：只能写一个年份');
    expect(refusal('指标3.实际值@黄村镇@旧宫镇')).toBe('占位符{指标3.实际值@黄村镇@旧宫镇}：只能写一个镇街');
    expect(refusal('指标3.实际值@全区,黄村镇')).toBe('占位符{指标3.实际值@全区,黄村镇}：不能同时写“全区”和镇街');
    expect(refusal('指标3.实际值@')).toBe('占位符{指标3.实际值@}：“@”后应写年份或镇街名，如 @2024、@黄村镇');
  });
  it('years: not after the passage, within the plan, per field', () => {
    expect(refusal('指标3.实际值@2024', 2023)).toBe('占位符{指标3.实际值@2024}：2023年的段落不能引用2024年的数值');
    expect(refusal('指标3.实际值@2019')).toBe('占位符{指标3.实际值@2019}：“实际值”只有2020—2025年的数值，没有2019年的');
    expect(refusal('指标3.状态@2020')).toBe('占位符{指标3.状态@2020}：“状态”只有2021—2025年的数值，没有2020年的');
    expect(refusal('指标3.预判')).toBe('占位符{指标3.预判}：“预判”（2025年目标预判）只用于2022—2024年；2025年请用“结论”');
    expect(refusal('指标3.结论', 2024)).toBe('占位符{指标3.结论}：“结论”（完成/基本完成/未完成）只用于规划目标年2025年');
  });
  it('fields that do not exist for this indicator or place', () => {
    expect(refusal('指标3.目标值@2024')).toBe('占位符{指标3.目标值@2024}：“目标值”是规划指标表中的固定内容，不分年份和镇街，请去掉“@”及其后的内容');
    expect(refusal('指标17.基期值')).toBe('占位符{指标17.基期值}：指标17（实施村（居）委会撤销（调整））为累计性指标，规划表中没有基期值');
    expect(refusal('指标17.较基期')).toBe('占位符{指标17.较基期}：指标17（实施村（居）委会撤销（调整））为累计性指标，没有基期值可比');
    expect(refusal('指标9.实际值@黄村镇')).toBe('占位符{指标9.实际值@黄村镇}：指标9（开展精神障碍社区康复服务的街道乡镇占比）只统计全区，没有镇街数值');
    expect(refusal('指标3.排名')).toBe('占位符{指标3.排名}：“排名”只用于镇街，请写明镇街，如 {指标3.排名@黄村镇}');
    expect(refusal('指标3.完成进度@黄村镇')).toBe('占位符{指标3.完成进度@黄村镇}：“完成进度”只用于全区，不能写镇街');
    expect(refusal('指标6.排名@黄村镇')).toBe('占位符{指标6.排名@黄村镇}：指标6（建成运营社区养老服务驿站）是总量指标，镇街之间不排名，可用“占比”（占全区的比重）');
    expect(refusal('指标3.占比@黄村镇')).toBe('占位符{指标3.占比@黄村镇}：指标3（每千名常住人口养老床位数）是比率指标，没有占全区的比重，可用“排名”');
    expect(refusal('指标6.状态@黄村镇')).toBe('占位符{指标6.状态@黄村镇}：指标6（建成运营社区养老服务驿站）是总量指标，镇街没有进度评价（规划未分解镇街目标）');
    expect(refusal('指标5.完成进度')).toBe('占位符{指标5.完成进度}：指标5（建成运营街道乡镇养老照料中心数量）为保持类指标（目标值等于基期值），只判断是否保持，没有完成进度');
  });
});

// ---- files -----------------------------------------------------------------------------

describe('parsePassages: folders, names, files', () => {
  it('a passage per year folder and section, notes left out, ignored files skipped', () => {
    const lib = parse({
      'README.md': '# 说明 {这里的花括号不检查',
      '2025/经验与启示.md': '# 说明行 {指标99.x}\n正文。\n',
      '2025年/主要成效-养老服务.md': '正文{指标3.实际值}。',
      '2023/~$经验.md': 'x',
      '2023/.DS_Store': 'x',
      '2023/养老服务.md.bak': 'x',
      '2024/养老服务.txt': '记事本保存的文件。',
      '2022/总体评价.md.txt': '也可以。',
      '2021/存在问题.md': '# 只有说明\n\n',
    });
    expect(lib.passages.map((p) => [p.file, p.year, p.section.key])).toEqual([
      ['p/2022/总体评价.md.txt', 2022, 'overview'],
      ['p/2024/养老服务.txt', 2024, 'tasks/p3-1-2'],
      ['p/2025/经验与启示.md', 2025, 'lessons'],
      ['p/2025年/主要成效-养老服务.md', 2025, 'achievements/p3-1-2'],
    ]);
    expect(lib.passages[3]!.placeholders).toEqual([
      { raw: '{指标3.实际值}', line: 1, column: 3, request: { indicatorId: 3, field: '实际值', year: 2025 } },
    ]);
  });

  it('where files may be: year folders of the reports, one level', () => {
    expect(error({ '经验与启示.md': 'x' })).toBe('p/经验与启示.md：段落文件应放在年份文件夹中，如 2025/经验与启示.md');
    expect(error({ '2025/养老科/经验与启示.md': 'x' })).toBe('p/2025/养老科/经验与启示.md：段落文件应直接放在年份文件夹（如 2025/）中，不能再分子文件夹');
    expect(error({ '草稿/经验与启示.md': 'x', '草稿/总体情况.md': 'y' })).toBe('p/草稿/：文件夹名“草稿”不是年份，应为评估年度，如 2025 或 2025年');
    expect(error({ '2026/经验与启示.md': 'x' })).toBe('p/2026/：2026年不是评估报告的年度（2021—2025年）');
    expect(error({ '2024/经验与启示.md': 'x' }, { ...CTX, years: [2025] })).toBe('p/2024/：2024年不是评估报告的年度（2025年）');
  });

  it('what files may be: text in UTF-8 (or UTF-16 with a byte-order mark)', () => {
    expect(error({ '2025/经验与启示.docx': 'x' })).toBe('p/2025/经验与启示.docx：段落文件应为 .md（或 .txt）文本文件；Word 等文档请把文字复制到 .md 文件中');
    const gbk = Uint8Array.from([0xd5, 0xfd, 0xce, 0xc4]); // 正文 in GBK
    expect(error({ '2025/经验与启示.md': gbk })).toBe('p/2025/经验与启示.md：文件不是 UTF-8 编码，请用记事本等“另存为”，编码选择 UTF-8 后保存');
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('正文{指标3.实际值}')]);
    const utf16 = Uint8Array.from([0xff, 0xfe, ...Array.from('正文').flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
    const lib = parse({ '2025/经验与启示.md': bom, '2024/养老服务.md': utf16 });
    expect(lib.passages.map((p) => p.body.map((l) => l.text))).toEqual([['正文'], ['正文{指标3.实际值}']]);
    expect(lib.passages[1]!.placeholders[0]!.column).toBe(3);
  });

  it('unknown sections name the valid ones; one file per section and year', () => {
    expect(error({ '2025/工作亮点.md': 'x' })).toMatch(/^p\/2025\/工作亮点\.md：2025年报告没有名为“工作亮点”的栏目。可用的栏目：规划实施总体情况、主要指标完成情况、主要成效、存在的主要问题、经验与启示、“十五五”时期的建议、主要成效-章节名（章节名为以下之一：一、/);
    expect(error({ '2023/十五五建议.md': 'x' })).toMatch(/^p\/2023\/十五五建议\.md：2023年报告没有名为“十五五建议”的栏目。可用的栏目：总体评价、一、建设公平可持续的基本民生保障体系、/);
    expect(error({ '2025/经验与启示.md': 'x', '2025/经验启示.txt': 'y' })).toBe(
      'p/2025/经验启示.txt：与 2025/经验与启示.md 是同一栏目“经验与启示”，每个栏目每年只能有一个文件',
    );
  });

  it('placeholders and braces: file, line and column', () => {
    expect(error({ '2025/经验与启示.md': '# 说明\n\n规划期末，床位为{指标3.实值}。' })).toBe(
      'p/2025/经验与启示.md 第 3 行第 9 列：占位符{指标3.实值}：未知的字段“实值”，可用的字段：名称、实际值、基期值、目标值、差距、缺口、较基期、较上年、完成进度、时序进度、状态、预判、结论、排名、占比',
    );
    expect(error({ '2025/经验与启示.md': '床位为{指标3.实际值。' })).toBe(
      'p/2025/经验与启示.md 第 1 行第 4 列：“{”没有配对的右花括号；花括号只用于占位符，如 {指标3.实际值}',
    );
    expect(error({ '2025/经验与启示.md': '床位为指标3.实际值｝。' })).toBe(
      'p/2025/经验与启示.md 第 1 行第 11 列：多出的“｝”，前面没有配对的左花括号；花括号只用于占位符，如 {指标3.实际值}',
    );
    expect(error({ '2025/经验与启示.md': '床位为{指标3{指标4.实际值}。' })).toBe(
      'p/2025/经验与启示.md 第 1 行第 4 列：“{”没有配对的右花括号；花括号只用于占位符，如 {指标3.实际值}',
    );
    // Columns count characters, not UTF-16 units (𠀀 is one character, two units)
    expect(error({ '2025/经验与启示.md': '𠀀{指标3.实值}' })).toMatch(/^p\/2025\/经验与启示\.md 第 1 行第 2 列：/);
  });

  it('tables need their separator row, with as many columns', () => {
    expect(error({ '2025/经验与启示.md': '| 项目 | 内容 |\n| 驿站 | 140家 |' })).toBe(
      'p/2025/经验与启示.md 第 1 行：表格的第二行应为分隔行，如 | --- | --- |（每列一个 ---）；不是表格的段落不要以“|”开头',
    );
    expect(error({ '2025/经验与启示.md': '正文\n| 项目 | 内容 |\n|---|\n| 驿站 | 140家 |' })).toBe(
      'p/2025/经验与启示.md 第 3 行：表格的分隔行有 1 列，表头有 2 列，两者应一致',
    );
    expect(parse({ '2025/经验与启示.md': '｜项目｜内容｜\n｜－－－｜：－－：｜\n｜驿站｜{指标6.实际值}｜' }).passages).toHaveLength(1);
  });

  it('every error of every file and year at once, not only the year being built', () => {
    const many = error({
      '2021/总体评价.md': '{指标3.实际值@2022}',
      '2023/工作亮点.md': 'x',
      '2025/经验与启示.md': '{指标3.实际值}\n{指标40.实际值} 和 {指标3.排名}',
    });
    expect(many.split('\n')).toEqual([
      'p 中的段落文件有 4 处错误：',
      'p/2021/总体评价.md 第 1 行第 1 列：占位符{指标3.实际值@2022}：2021年的段落不能引用2022年的数值',
      expect.stringMatching(/^p\/2023\/工作亮点\.md：2023年报告没有名为“工作亮点”的栏目。/),
      'p/2025/经验与启示.md 第 2 行第 1 列：占位符{指标40.实际值}：规划中没有序号为 40 的指标，指标序号为 1—32',
      'p/2025/经验与启示.md 第 2 行第 14 列：占位符{指标3.排名}：“排名”只用于镇街，请写明镇街，如 {指标3.排名@黄村镇}',
    ]);
  });
});

describe('loadPassages: the folder on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'passages-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing folder has no passages', () => {
    expect(loadPassages(CTX, join(dir, 'none')).passages).toEqual([]);
  });
  it('reads year folders and names files by their path in messages', () => {
    mkdirSync(join(dir, 'a', '2025'), { recursive: true });
    writeFileSync(join(dir, 'a', '2025', '经验与启示.md'), '正文{指标3.实际值}');
    expect(loadPassages(CTX, join(dir, 'a')).passages.map((p) => p.file)).toEqual([`${dir}/a/2025/经验与启示.md`]);
    writeFileSync(join(dir, 'a', '2025', '总体情况.md'), '{指标3.实值}');
    expect(() => loadPassages(CTX, join(dir, 'a'))).toThrow(`${dir}/a/2025/总体情况.md 第 1 行第 1 列：占位符{指标3.实值}：未知的字段“实值”`);
  });
});

// ---- rendering -------------------------------------------------------------------------

describe('rendering: the Markdown an office needs, as safe HTML', () => {
  it('every line a paragraph; bold lead sentences in Chinese; no space where lines join', () => {
    const r = render('2025/经验与启示.md', '**一是坚持规划引领。**通过年度计划落实。\n　　二是坚持“**数据说话**”。\n\n三是……');
    expect(r.blocks).toEqual([
      { html: '<p><strong>一是坚持规划引领。</strong>通过年度计划落实。</p>', text: '一是坚持规划引领。通过年度计划落实。' },
      { html: '<p>二是坚持“<strong>数据说话</strong>”。</p>', text: '二是坚持“数据说话”。' },
      { html: '<p>三是……</p>', text: '三是……' },
    ]);
    expect(r.html).toBe(r.blocks.map((b) => b.html).join('\n'));
    expect(r.text).toBe('一是坚持规划引领。通过年度计划落实。\n二是坚持“数据说话”。\n三是……');
  });
  it('bulleted and numbered lists, with the markers a Chinese IME types', () => {
    const r = render('2025/经验与启示.md', '主要做法有：\n- 甲；\n•乙；\n－丙。\n1、第一\n2．第二\n３）第三\n1.5万人次受益。');
    expect(r.blocks.map((b) => b.html)).toEqual([
      '<p>主要做法有：</p>',
      '<ul>\n<li>甲；</li>\n<li>乙；</li>\n<li>丙。</li>\n</ul>',
      '<ol>\n<li>第一</li>\n<li>第二</li>\n<li>第三</li>\n</ol>',
      '<p>1.5万人次受益。</p>',
    ]);
    expect(r.blocks[1]!.text).toBe('甲；\n乙；\n丙。');
  });
  it('a simple table', () => {
    const r = render('2025/经验与启示.md', '| 项目 | 数量 |\n|---|---:|\n| 驿站 | {指标6.实际值} |');
    expect(r.blocks).toHaveLength(1);
    expect(r.html).toBe(
      '<table>\n<thead>\n<tr>\n<th>项目</th>\n<th style="text-align:right">数量</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>驿站</td>\n<td style="text-align:right">[6.实际值@2025]</td>\n</tr>\n</tbody>\n</table>',
    );
  });
  it('no raw HTML, link, image, code or heading from the file: all shown as text', () => {
    const r = render('2025/经验与启示.md', [
      '<script>alert("x")</script>',
      '<b onclick="x()">粗</b> &amp; &lt;',
      '[链接](javascript:alert(1)) ![图](a.png) <https://example.org>',
      '    缩进四格的一段',
      '`代码` ~~删除~~',
      '> 引用',
      '---',
    ].join('\n'));
    expect(r.blocks.map((b) => b.html)).toEqual([
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>',
      '<p>&lt;b onclick=&quot;x()&quot;&gt;粗&lt;/b&gt; &amp;amp; &amp;lt;</p>',
      '<p>[链接](javascript:alert(1)) ![图](a.png) &lt;https://example.org&gt;</p>',
      '<p>缩进四格的一段</p>',
      '<p>`代码` ~~删除~~</p>',
      '<p>&gt; 引用</p>',
      '<p>---</p>',
    ]);
    expect(r.blocks[0]!.text).toBe('<script>alert("x")</script>');
  });
  it('filled values are escaped too, and typed sentinel characters cannot forge a placeholder', () => {
    const r = render('2025/经验与启示.md', '值为{指标3.实际值}，\uE0000\uE001。', () => ({ text: '<i>7张</i>' }));
    expect(r.html).toBe('<p>值为&lt;i&gt;7张&lt;/i&gt;，0。</p>');
    expect(r.text).toBe('值为<i>7张</i>，0。');
  });
  it('markdownSource: consecutive list items and table rows stay together, other lines part', () => {
    expect(markdownSource(['甲', '乙', '- a', '- b', '1. c', '丙', '', '', '丁'])).toBe('甲\n\n乙\n\n- a\n- b\n\n1. c\n\n丙\n\n\n丁');
    expect(renderMarkdown('**{0}**'.replace('{0}', '\uE0000\uE001'), () => '7张')).toEqual([{ html: '<p><strong>7张</strong></p>', text: '7张' }]);
  });
});

// ---- filling ---------------------------------------------------------------------------

describe('renderPassages: placeholders filled through the resolver', () => {
  it('asks the resolver with typed requests and puts its text in place', () => {
    const asked: PlaceholderRequest[] = [];
    const r = render('2024/养老服务.md', '床位{指标3.实际值}，黄村镇{指标23.实际值@2023,黄村镇}。', (q) => {
      asked.push(q);
      return echo(q);
    });
    expect(asked).toEqual([
      { indicatorId: 3, field: '实际值', year: 2024 },
      { indicatorId: 23, field: '实际值', year: 2023, town: GEO.byCode.get('huangcun') },
    ]);
    expect(r.html).toBe('<p>床位[3.实际值@2024]，黄村镇[23.实际值@2023,黄村镇]。</p>');
    expect(r.sectionKey).toBe('tasks/p3-1-2');
    expect(r.notes).toEqual([]);
  });
  it('only the year asked; a section without a passage is absent', () => {
    const lib = parse({ '2024/养老服务.md': 'a', '2025/经验与启示.md': 'b' });
    expect([...renderPassages(lib, 2024, echo).bySection.keys()]).toEqual(['tasks/p3-1-2']);
    expect([...renderPassages(lib, 2023, echo).bySection.keys()]).toEqual([]);
  });
  it('a value missing in the data is said in words in a sentence, — in a table, and is a note, not an error', () => {
    // a helper's review: '驿站较上年—，年底建成运营…' read as a misprint
    const r = render('2025/经验与启示.md', '床位{指标3.实际值}。', () => ({ missing: '2025年全区没有该指标的数值', words: '（2025年缺少数据）' }));
    expect(r.html).toBe('<p>床位（2025年缺少数据）。</p>');
    expect(r.notes).toEqual(['p/2025/经验与启示.md 第 1 行第 3 列：占位符{指标3.实际值}没有数值（2025年全区没有该指标的数值），报告中显示为“（2025年缺少数据）”']);
    // without words from the resolver: 缺少数据
    expect(render('2025/经验与启示.md', '床位{指标3.实际值}。', () => ({ missing: '没有' })).html).toBe('<p>床位（缺少数据）。</p>');
    // in a table's cell the mark of a missing figure, as in every table of the report
    const t = render('2025/经验与启示.md', '| 项目 | 数 |\n|---|---|\n| 床位 | {指标3.实际值} |\n\n床位{指标3.实际值}。', () => ({ missing: '没有', words: '（2025年缺少数据）' }));
    expect(t.html).toContain(`<td>${MISSING}</td>`);
    expect(t.html).toContain('<p>床位（2025年缺少数据）。</p>');
    expect(t.notes[0]).toContain(`报告中显示为“${MISSING}”`);
    expect(t.notes[1]).toContain('报告中显示为“（2025年缺少数据）”');
  });
  it('a figure made from incomplete data is marked *, in a sentence and a table, the passage closed by a note; a note to the office', () => {
    // the 15th attack's 驿站 rows left out: the office's 驿站{指标6.实际值} had printed 1家 bare
    const lacking = () => ({ text: '1家', incomplete: '2025年全区的数值不完整' });
    const r = render('2025/经验与启示.md', '驿站{指标6.实际值}（目标140家）。\n\n| 项目 | 数 |\n|---|---|\n| 驿站 | {指标6.实际值} |', lacking);
    expect(r.html).toMatch(/^<p>驿站1家\*（目标140家）。<\/p>\n<table>[^]*<td>1家\*<\/td>[^]*<\/table>\n<p>注：标“\*”的数值所用数据不完整，仅供参考，见表1注。<\/p>$/);
    expect(r.text).toMatch(/注：标“\*”的数值所用数据不完整，仅供参考，见表1注。$/);
    expect(r.notes).toEqual([
      'p/2025/经验与启示.md 第 1 行第 3 列：占位符{指标6.实际值}所用数据不完整（2025年全区的数值不完整），报告中其后标“*”，段落之后加注',
      'p/2025/经验与启示.md 第 5 行第 8 列：占位符{指标6.实际值}所用数据不完整（2025年全区的数值不完整），报告中其后标“*”，段落之后加注',
    ]);
    // nothing marked, no note
    expect(render('2025/经验与启示.md', '驿站{指标6.实际值}。', () => ({ text: '140家' })).html).toBe('<p>驿站140家。</p>');
  });
  it('resolver errors are collected and thrown with file, line and column', () => {
    const lib = parse({ '2025/经验与启示.md': '{指标3.实际值}\n和{指标4.实际值}' });
    const fail: PlaceholderResolver = (q) => ({ error: `不支持指标${q.indicatorId}` });
    expect(() => renderPassages(lib, 2025, fail)).toThrow(ConfigError);
    expect(() => renderPassages(lib, 2025, fail)).toThrow(
      'p 中的段落有 2 处占位符无法填写：\np/2025/经验与启示.md 第 1 行第 1 列：占位符{指标3.实际值}：不支持指标3\np/2025/经验与启示.md 第 2 行第 2 列：占位符{指标4.实际值}：不支持指标4',
    );
  });
});

// ---- the default resolver on evaluated values ------------------------------------------

function row(year: number, indicatorId: number, value: number | null, geoCode = 'daxing', numerator: number | null = null, denominator: number | null = null): IndicatorBase {
  return { year, geoCode, geoLevel: geoCode === 'daxing' ? 'district' : 'town', indicatorId, value, numerator, denominator, isComplete: value !== null };
}

describe('valueResolver: evaluated values, formatted as the generated text formats them', () => {
  const values: IndicatorValue[] = evaluate(PLAN, [
    row(2020, 3, 5), row(2022, 3, 5.8), row(2023, 3, 6.2), row(2024, 3, 6.45), row(2025, 3, 7.04),
    row(2023, 3, 7.5, 'qingyuan'), row(2023, 3, 6.0, 'xingfeng'), row(2023, 3, 6.0, 'linxiaolu'), row(2023, 3, 2.5, 'huangcun'),
    row(2022, 3, 7.0, 'qingyuan'),
    row(2023, 23, 80, 'qingyuan'), row(2023, 23, 80, 'xingfeng'), row(2023, 23, 80, 'linxiaolu'), { ...row(2023, 23, 50, 'huangcun', 25, 50), scale: 100 },
    row(2024, 23, 80, 'qingyuan'), row(2024, 23, 80, 'xingfeng'),
    row(2023, 14, 68), row(2024, 14, 70.04),
    row(2023, 6, 138), row(2024, 6, 140), row(2024, 6, 12, 'huangcun'), row(2024, 6, null, 'xingfeng'),
    row(2024, 5, 19), row(2025, 2, 180),
  ]);
  const resolve = valueResolver(PLAN, values);
  const resolved = (body: string, year: number) => {
    const p = parsePlaceholder(body, year, PLAN, GEO);
    if ('error' in p) throw new Error(p.error);
    return resolve(p.request);
  };
  const at = (body: string, year: number): string => {
    const r = resolved(body, year);
    return 'text' in r ? r.text : 'missing' in r ? `缺：${r.missing}` : `错：${r.error}`;
  };

  it('plan fields', () => {
    expect(at('指标3.名称', 2025)).toBe('每千名常住人口养老床位数');
    expect(at('指标3.基期值', 2025)).toBe('5张');
    expect(at('指标3.目标值', 2025)).toBe('7张');
    expect(at('指标9.目标值', 2025)).toBe('不低于80%');
    expect(at('指标3.时序进度', 2023)).toBe('60.0%');
  });
  it('district values of a year', () => {
    expect(at('指标3.实际值', 2023)).toBe('6.2张');
    expect(at('指标3.实际值@2024', 2025)).toBe('6.4张'); // 6.45: a tie, rounded to the even 6.4 (GB/T 8170)
    expect(at('指标3.差距', 2023)).toBe('0.8张');
    expect(at('指标3.差距', 2025)).toBe('0.0张');
    expect(at('指标14.差距', 2024)).toBe('10.0个百分点');
    expect(at('指标3.较基期', 2023)).toBe('增加1.2张');
    expect(at('指标3.较上年', 2023)).toBe('增加0.4张');
    expect(at('指标14.较上年', 2024)).toBe(formatChange(PLAN.indicatorById.get(14)!, 68, 70.04));
    expect(at('指标3.完成进度', 2023)).toBe('60.0%');
    expect(at('指标3.状态', 2023)).toBe('快于时序进度');
    expect(at('指标14.状态', 2023)).toBe('明显滞后');
    expect(at('指标5.状态', 2024)).toBe('未保持');
    expect(at('指标3.预判', 2023)).toBe('预计可完成');
    expect(at('指标3.结论', 2025)).toBe('完成');
    expect(at('指标2.结论', 2025)).toBe('未完成');
  });
  it('town values: value, change, benchmark status, share, rank with its ties', () => {
    expect(at('指标3.实际值@清源街道', 2023)).toBe('7.5张');
    expect(at('指标3.较上年@清源', 2023)).toBe('增加0.5张');
    expect(at('指标3.状态@黄村镇', 2023)).toBe('未达到全区目标水平');
    expect(at('指标6.占比@黄村镇', 2024)).toBe(formatPercent(12 / 140));
    expect(at('指标3.排名@清源街道', 2023)).toBe('在4个镇街中居第1位');
    expect(at('指标3.排名@兴丰街道', 2023)).toBe('在4个镇街中与另外1个镇街并列第2位');
    expect(at('指标23.排名@兴丰街道', 2023)).toBe('与多数镇街相同');
    expect(at('指标23.排名@黄村镇', 2023)).toBe('在4个镇街中居第4位');
    expect(at('指标23.排名@兴丰街道', 2024)).toBe('各镇街相同');
  });
  it('the absolute gap as the report words it; a town against the district target', () => {
    expect(at('指标23.缺口@黄村镇', 2023)).toBe('还需15个社区（村）建设志愿服务站点'); // 80 % of 50 is 40, 25 have one
    expect(at('指标14.缺口', 2024)).toBe('距目标还差10.0个百分点'); // no numerator or denominator in this test's rows
    expect(at('指标23.缺口@清源街道', 2023)).toBe('已达到全区目标水平');
    expect(at('指标3.缺口', 2025)).toBe('已达到目标');
    const p = parsePlaceholder('指标6.缺口@黄村镇', 2024, PLAN, GEO);
    expect('error' in p && p.error).toContain('总量指标');
  });
  it('no value in the data: missing, never a zero', () => {
    expect(at('指标3.实际值', 2021)).toBe('缺：2021年全区没有该指标的数值');
    expect(at('指标6.实际值@兴丰', 2024)).toBe('缺：2024年兴丰街道没有该指标的数值');
    expect(at('指标6.较上年@黄村镇', 2024)).toBe('缺：2023年或2024年黄村镇没有该指标的数值');
    expect(at('指标3.排名@旧宫镇', 2023)).toBe('缺：2023年旧宫镇没有该指标的数值');
    expect(at('指标3.较上年', 2022)).toBe('缺：2021年或2022年全区没有该指标的数值');
  });
  it('no value in the data: the words a sentence says instead, naming the year missing', () => {
    const words = (body: string, year: number) => {
      const r = resolved(body, year);
      return 'missing' in r ? r.words : undefined;
    };
    expect(words('指标3.实际值', 2021)).toBe('（2021年缺少数据）');
    expect(words('指标6.实际值@兴丰', 2024)).toBe('（2024年兴丰街道缺少数据）');
    // the year before without a value: that one is named, the comparison not made
    expect(words('指标3.较上年', 2022)).toBe('（2021年缺少数据，无法比较）');
    expect(words('指标6.较上年@黄村镇', 2024)).toBe('（2023年黄村镇缺少数据，无法比较）');
    expect(words('指标6.较上年@兴丰', 2024)).toBe('（2024年兴丰街道缺少数据）');
    expect(words('指标3.排名@旧宫镇', 2023)).toBe('（2023年旧宫镇缺少数据，不参与排名）');
  });
  it('a figure made from incomplete data: its own value, or the values a comparison is made from', () => {
    const marked: IndicatorValue[] = evaluate(PLAN, [
      row(2020, 6, 132), row(2023, 6, 138), { ...row(2024, 6, 1), isComplete: false }, row(2025, 6, 141),
      row(2024, 6, 12, 'huangcun'), { ...row(2024, 6, 3, 'xingfeng'), isComplete: false },
      row(2025, 6, 13, 'huangcun'), row(2025, 6, 5, 'xingfeng'),
    ]);
    const mresolve = valueResolver(PLAN, marked);
    const of = (body: string, year: number) => {
      const p = parsePlaceholder(body, year, PLAN, GEO);
      if ('error' in p) throw new Error(p.error);
      return mresolve(p.request);
    };
    expect(of('指标6.实际值', 2024)).toEqual({ text: '1家', incomplete: '2024年全区的数值不完整' });
    expect(of('指标6.状态', 2024)).toMatchObject({ incomplete: '2024年全区的数值不完整' });
    expect(of('指标6.实际值@兴丰', 2024)).toEqual({ text: '3家', incomplete: '2024年兴丰街道的数值不完整' });
    // complete this year; last year's value is not: the change is marked, the value is not
    expect(of('指标6.实际值', 2025)).toEqual({ text: '141家' });
    expect(of('指标6.较上年', 2025)).toMatchObject({ incomplete: '上年的数值不完整' });
    expect(of('指标6.较上年@兴丰', 2025)).toMatchObject({ incomplete: '上年的数值不完整' });
    // the share of a complete town in an incomplete district total
    expect(of('指标6.占比@黄村镇', 2024)).toMatchObject({ incomplete: '全区的数值不完整' });
    // plan fields never
    expect(of('指标6.目标值', 2024)).toEqual({ text: formatTarget(PLAN.indicatorById.get(6)!, { words: true }) });
    // complete figures carry nothing (the other tests: toBe on the text alone)
    expect(of('指标6.实际值@黄村镇', 2025)).toEqual({ text: '13家' });
    // a year whose every figure is incomplete (a file unreadable) is said so once by the report, not after each figure
    const all = valueResolver(PLAN, evaluate(PLAN, [row(2020, 6, 132), { ...row(2025, 6, 141), isComplete: false }, { ...row(2025, 6, 13, 'huangcun'), isComplete: false }, row(2025, 3, null)]));
    const p = parsePlaceholder('指标6.实际值', 2025, PLAN, GEO);
    if ('error' in p) throw new Error(p.error);
    expect(all(p.request)).toEqual({ text: '141家' });
  });
  it('matches the formatting of format.ts for the value the table prints', () => {
    const ind = PLAN.indicatorById.get(14)!;
    expect(at('指标14.实际值', 2024)).toBe(formatValue(ind, 70.04));
  });
  it('a passage with placeholders, filled end to end', () => {
    const lib = parse({ '2023/养老服务.md': '**养老床位稳步增加。**截至2023年底为{指标3.实际值}，较上年{指标3.较上年}，{指标3.状态}；清源街道{指标3.排名@清源街道}。' });
    const out = renderPassages(lib, 2023, resolve);
    expect(out.bySection.get('tasks/p3-1-2')!.html).toBe('<p><strong>养老床位稳步增加。</strong>截至2023年底为6.2张，较上年增加0.4张，快于时序进度；清源街道在4个镇街中居第1位。</p>');
    expect(out.notes).toEqual([]);
  });
});

// ---- the sample passages ---------------------------------------------------------------

describe('the sample passages in data/text/passages/', () => {
  const lib = loadPassages(CTX);

  it('are all valid against the real plan, geography and report sections', () => {
    expect(lib.where).toBe('data/text/passages');
    expect(lib.passages.map((p) => [p.file, p.section.key])).toEqual([
      ['data/text/passages/2024/养老服务.md', 'tasks/p3-1-2'],
      ['data/text/passages/2025/主要成效-养老服务.md', 'achievements/p3-1-2'],
      ['data/text/passages/2025/经验与启示.md', 'lessons'],
    ]);
    expect(DEFAULT_PASSAGES_DIR.endsWith('data/text/passages')).toBe(true);
  });

  it('fill completely on a full set of values: no brace, no missing mark, no note', () => {
    // Every indicator, district and towns, every year: a straight line from baseline to target.
    const base: IndicatorBase[] = [];
    for (const ind of PLAN.indicators) {
      for (let y = PLAN.baselineYear; y <= PLAN.targetYear; y++) {
        const b = ind.baseline ?? 0;
        const v = b + ((ind.target - b) * (y - PLAN.baselineYear)) / (PLAN.targetYear - PLAN.baselineYear);
        base.push(row(y, ind.id, v));
        if (ind.level === 'DT') for (const t of GEO.towns) base.push(row(y, ind.id, v, t.code));
      }
    }
    const resolve = valueResolver(PLAN, evaluate(PLAN, base));
    for (const year of [2024, 2025]) {
      const out = renderPassages(lib, year, resolve);
      expect(out.notes).toEqual([]);
      for (const p of out.bySection.values()) {
        expect(p.text).not.toMatch(/[{}｛｝]/);
        expect(p.text).not.toContain(MISSING);
        expect(p.html).not.toMatch(/<(?!\/?(p|strong|ul|ol|li|table|thead|tbody|tr|th|td)\b)/);
      }
    }
    const text = renderPassages(lib, 2025, resolve).bySection.get('achievements/p3-1-2')!.text;
    expect(text).toContain('全区每千名常住人口养老床位数为7.0张（规划目标为7张）');
  });

  it('the example of the project README is a valid passage', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
    const m = /新建 `data\/text\/passages\/(2025\/[^`]+)`：\n\n```markdown\n([\s\S]*?)```/.exec(readme);
    expect(m).not.toBeNull();
    const out = renderPassages(parse({ [m![1]!]: m![2]! }), 2025, echo);
    expect([...out.bySection.keys()]).toEqual(['achievements/p3-1-1']);
    expect(out.bySection.get('achievements/p3-1-1')!.html).toContain('[2.目标值@2025]');
  });

  it('the folder README documents every field and the file names it shows are valid', () => {
    const readme = readFileSync(join(DEFAULT_PASSAGES_DIR, 'README.md'), 'utf8');
    for (const f of PLACEHOLDER_FIELDS) expect(readme).toContain(`| ${f} |`);
    const example = error({ '2025/经验与启示.md': '# 说明\n\n规划期末床位为{指标3.实值}' }).replace(/^p\//, 'data/text/passages/');
    expect(readme).toContain(example.slice(0, example.indexOf('实际值、') + 4));
    const final = reportPassageSections(PLAN, 2025);
    for (const stem of ['总体情况', '主要指标完成情况', '主要成效', '主要成效-养老服务', '主要成效-社会救助', '主要成效-p3-1-2', '存在问题', '经验与启示', '十五五建议']) {
      expect('section' in matchSection(stem, final), stem).toBe(true);
    }
    const annual = reportPassageSections(PLAN, 2023);
    for (const stem of ['总体评价', '养老服务', '基本民生保障', '存在问题', '下一步工作建议', '志愿服务', '殡葬']) {
      expect('section' in matchSection(stem, annual), stem).toBe(true);
    }
  });
});
