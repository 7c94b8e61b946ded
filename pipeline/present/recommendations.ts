/**
 * The editable wording of the recommendations (`data/text/recommendations.txt`): the
 * evaluation office's own measures per indicator, per cause named in the task ledger
 * (用地、资金、人员…) and a default, each under a heading of the plan's 保障措施 part, with
 * named slots the build fills. Read and checked against the plan; every error names the
 * file and line, all errors together.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../basics/errors.ts';
import { projectPath } from '../basics/paths.ts';
import { formatTarget, formatValue } from '../basics/format.ts';
import type { Chapter, Indicator, Plan } from '../plan/plan.ts';
import { innerQuotes, joinAnd } from './phrases.ts';

/** Slots a measure may use (documented in Chinese at the top of the text file). */
export const RECOMMENDATION_SLOTS = ['指标', '实际值', '目标', '差距', '任务', '原因', '镇街'] as const;
export type RecommendationSlot = (typeof RECOMMENDATION_SLOTS)[number];

/** Slots only a cause's measure can fill (it is about one task). */
const TASK_SLOTS: readonly RecommendationSlot[] = ['任务', '原因', '镇街'];
/** Slots about one indicator. */
const INDICATOR_SLOTS: readonly RecommendationSlot[] = ['指标', '实际值', '目标', '差距'];

export const DEFAULT_RECOMMENDATIONS_FILE = projectPath('data', 'text', 'recommendations.txt');

export type Segment = { text: string } | { slot: RecommendationSlot };

export interface Measure {
  segments: Segment[];
  /** The 保障措施 chapter it carries out. */
  chapterId: string;
  /** Line of its heading in the file. */
  line: number;
}

export interface CauseMeasure extends Measure {
  /** Words of which any, found in a task's cause, selects this measure. */
  keywords: string[];
}

export interface RecommendationText {
  where: string;
  /** 保障措施 chapters in plan order. */
  chapters: Chapter[];
  byIndicator: Map<number, Measure>;
  /** In file order: the first whose keyword a cause contains applies. */
  byCause: CauseMeasure[];
  fallback: Measure;
  towns: Measure | null;
  data: Measure | null;
}

/** The plan's 保障措施 part's sections (p4-1 … p4-5). */
function safeguardChapters(plan: Plan): Chapter[] {
  const part = plan.parts.find((p) => p.title.includes('保障措施'));
  if (!part || part.children.length === 0) throw new ConfigError(`规划 ${plan.id} 的章节中没有“保障措施”部分及其下级标题，无法组织工作建议`);
  return part.children;
}

const squash = (s: string): string => s.replace(/[\s\u3000]+/g, '');

/** Parse and check the recommendation text against the plan. Errors are collected and thrown together. */
export function parseRecommendationText(plan: Plan, source: string, where = 'recommendations.txt'): RecommendationText {
  const chapters = safeguardChapters(plan);
  const chapterByName = new Map<string, Chapter>();
  for (const c of chapters) for (const k of [c.id, c.heading, c.title, `${c.number}${c.title}`]) chapterByName.set(squash(k), c);
  const headingList = chapters.map((c) => `${c.id}（${c.heading}）`).join('、');
  const slotList = RECOMMENDATION_SLOTS.map((s) => `{${s}}`).join('');

  const errors: string[] = [];
  const err = (line: number, msg: string): void => void errors.push(`${where} 第 ${line} 行：${msg}`);

  interface Section { kind: string; arg: string; heading: string | null; line: number; body: Array<{ text: string; line: number }> }
  const sections: Section[] = [];
  source.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).forEach((raw, i) => {
    const line = i + 1;
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) return;
    if (t.startsWith('[') || t.startsWith('【')) {
      if (!t.endsWith(']') && !t.endsWith('】')) return err(line, `段落标题“${t}”缺少右方括号`);
      const parts = t.slice(1, -1).split(/[|｜]/);
      if (parts.length > 2) return err(line, `段落标题“${t}”中只能有一个竖线“|”`);
      const [kind = '', ...args] = parts[0]!.trim().split(/[\s\u3000]+/);
      sections.push({ kind, arg: args.join(''), heading: parts.length === 2 ? parts[1]!.trim() : null, line, body: [] });
      return;
    }
    const cur = sections[sections.length - 1];
    if (!cur) return err(line, `这行文字不属于任何段落，请在它前面加上段落标题，如 [默认 | ${chapters[0]!.title}]`);
    cur.body.push({ text: t, line });
  });

  const chapterOf = (s: Section): string | null => {
    if (s.heading === null || s.heading === '') {
      err(s.line, `段落 [${s.kind}${s.arg ? ` ${s.arg}` : ''}] 缺少保障措施标题（写在竖线“|”后），可用的标题：${headingList}`);
      return null;
    }
    const c = chapterByName.get(squash(s.heading));
    if (!c) {
      err(s.line, `保障措施标题“${s.heading}”不存在，可用的标题：${headingList}`);
      return null;
    }
    return c.id;
  };

  const parseSegments = (s: Section, allowed: readonly RecommendationSlot[], context: string): Segment[] => {
    const segments: Segment[] = [];
    for (const { text, line } of s.body) {
      const re = /\{([^{}]*)\}/g;
      let at = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        if (m.index > at) segments.push({ text: text.slice(at, m.index) });
        const name = m[1]!.trim();
        if (!(RECOMMENDATION_SLOTS as readonly string[]).includes(name)) {
          err(line, `未知的占位符{${name}}，可用的占位符：${slotList}`);
        } else if (!allowed.includes(name as RecommendationSlot)) {
          err(line, `${context}不能使用占位符{${name}}，可用的占位符：${allowed.map((a) => `{${a}}`).join('')}`);
        } else {
          segments.push({ slot: name as RecommendationSlot });
        }
        at = m.index + m[0].length;
      }
      const rest = text.slice(at);
      if (rest) segments.push({ text: rest });
      if (/[{}]/.test(text.replace(/\{[^{}]*\}/g, ''))) err(line, '花括号“{”“}”不成对；花括号只用于占位符，如 {指标}');
    }
    return segments;
  };

  const byIndicator = new Map<number, Measure>();
  const byCause: CauseMeasure[] = [];
  let fallback: Measure | null = null;
  let towns: Measure | null = null;
  let data: Measure | null = null;
  for (const s of sections) {
    const label = `[${s.kind}${s.arg ? ` ${s.arg}` : ''}]`;
    if (s.body.length === 0) err(s.line, `段落 ${label} 没有内容`);
    const chapterId = chapterOf(s);
    const measure = (allowed: readonly RecommendationSlot[], context: string): Measure | null => {
      const segments = parseSegments(s, allowed, context);
      return chapterId ? { segments, chapterId, line: s.line } : null;
    };
    if (s.kind === '指标') {
      const id = Number(s.arg);
      if (!/^\d+$/.test(s.arg)) {
        err(s.line, `指标序号“${s.arg}”应为规划指标表中的序号（数字）`);
        continue;
      }
      if (!s.arg || !plan.indicatorById.has(id)) {
        err(s.line, `规划中没有序号为 ${s.arg} 的指标，指标序号为 1—${plan.indicators.length}`);
        continue;
      }
      if (byIndicator.has(id)) err(s.line, `指标 ${id} 的措施重复（第 ${byIndicator.get(id)!.line} 行已有）`);
      const m = measure(INDICATOR_SLOTS, '“指标”段落');
      if (m) byIndicator.set(id, m);
    } else if (s.kind === '原因') {
      const keywords = s.arg.split(/[、,，;；]/).map((k) => k.trim()).filter(Boolean);
      if (keywords.length === 0) err(s.line, '“原因”段落应列出关键词，如 [原因 用地、选址 | 注重规划协同发展]');
      const m = measure(TASK_SLOTS, '“原因”段落');
      if (m) byCause.push({ ...m, keywords });
    } else if (s.kind === '默认' || s.kind === '镇街' || s.kind === '数据') {
      if (s.arg) err(s.line, `段落标题应为 [${s.kind} | 保障措施标题]，多出了“${s.arg}”`);
      const m = measure(s.kind === '默认' ? INDICATOR_SLOTS : [], `“${s.kind}”段落`);
      if (s.kind === '默认') fallback = m ?? fallback;
      else if (s.kind === '镇街') towns = m;
      else data = m;
    } else {
      err(s.line, `未知的段落类型“${s.kind}”，应为 指标、原因、默认、镇街 或 数据`);
    }
  }
  if (!fallback && !errors.some((e) => e.includes('默认'))) errors.push(`${where}：缺少 [默认 | 保障措施标题] 段落（没有专用措辞时的措施）`);
  if (errors.length === 1) throw new ConfigError(errors[0]!);
  if (errors.length > 1) throw new ConfigError(`${where} 有 ${errors.length} 处错误：\n${errors.join('\n')}`);
  return { where, chapters, byIndicator, byCause, fallback: fallback!, towns, data };
}

export function loadRecommendationText(plan: Plan, file: string = DEFAULT_RECOMMENDATIONS_FILE): RecommendationText {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`无法读取工作建议文本 ${file}：${(e as Error).message}`);
  }
  return parseRecommendationText(plan, source, file);
}

/** A measure with its slots filled. */
export function fillMeasure(m: Measure, slots: Partial<Record<RecommendationSlot, string>>): string {
  return m.segments.map((s) => ('slot' in s ? (slots[s.slot] ?? '') : s.text)).join('');
}

/** A task's measure, chosen by the cause its ledger row names, with its slots filled; null when the office has none for that cause. */
export function taskMeasure(text: RecommendationText, taskName: string, cause: string | null, towns: readonly string[] = []): { measure: CauseMeasure; said: string } | null {
  const m = cause ? causeMeasure(text, cause) : null;
  // {镇街}: the towns still without what the task's indicator counts, or 镇街 where they are not known
  return m ? { measure: m, said: fillMeasure(m, { 任务: innerQuotes(taskName), 原因: cause!, 镇街: towns.length ? joinAnd(towns) : '镇街' }) } : null;
}

/** An indicator's own measure with its slots filled (`gap`: what is missing, as the report says it). */
export function indicatorMeasure(m: Measure, ind: Indicator, value: number | null, gap: string): string {
  return fillMeasure(m, { 指标: ind.name, 实际值: formatValue(ind, value), 目标: formatTarget(ind, { words: true }), 差距: gap });
}

/** The measure for a cause named in the ledger: the first whose keyword it contains. */
export function causeMeasure(text: RecommendationText, cause: string): CauseMeasure | null {
  return text.byCause.find((m) => m.keywords.some((k) => cause.includes(k))) ?? null;
}
