/**
 * The editable text of the recommendations (`data/text/recommendations.txt`): the evaluation
 * office's own wording for 下一步工作建议, general items per 保障措施 heading and templates per
 * status or indicator with named slots, read and checked against the plan. Every error
 * names the file and line.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../basics/errors.ts';
import { projectPath } from '../basics/paths.ts';
import type { Chapter, Plan } from '../plan/plan.ts';

/** Slots a recommendation template may use (documented in Chinese at the top of the text file). */
export const RECOMMENDATION_SLOTS = [
  '指标', '属性', '状态', '年份', '基期年', '目标年', '实际值', '基期值', '目标', '差距', '完成进度', '时序进度', '进度差', '剩余年数', '指标清单',
] as const;
export type RecommendationSlot = (typeof RECOMMENDATION_SLOTS)[number];

/** Statuses that get a generated recommendation (the four warning statuses are required in the file, 无法评估 optional). */
export const RECOMMENDATION_STATUSES = ['滞后', '明显滞后', '逆向变化', '未保持', '无法评估'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];
const REQUIRED_STATUSES: readonly RecommendationStatus[] = ['滞后', '明显滞后', '逆向变化', '未保持'];

/** Slots of a template filled for one indicator (all but {指标清单}). */
const INDICATOR_SLOTS: readonly RecommendationSlot[] = RECOMMENDATION_SLOTS.filter((s) => s !== '指标清单');
/** Maintain targets have no completion progress. */
const MAINTAIN_SLOTS: readonly RecommendationSlot[] = INDICATOR_SLOTS.filter((s) => s !== '完成进度' && s !== '进度差');
/** The 无法评估 default gives one item for all missing indicators: no value, no per-indicator slot. */
const MISSING_SLOTS: readonly RecommendationSlot[] = ['指标清单', '年份', '基期年', '目标年', '时序进度', '剩余年数'];

export const DEFAULT_RECOMMENDATIONS_FILE = projectPath('data', 'text', 'recommendations.txt');

export type Segment = { text: string } | { slot: RecommendationSlot };

export interface RecommendationTemplate {
  segments: Segment[];
  /** The 保障措施 chapter it goes under; null: that of the status default. */
  chapterId: string | null;
  /** Line of the section heading in the file. */
  line: number;
}

export interface RecommendationText {
  where: string;
  /** 保障措施 chapters in plan order. */
  chapters: Chapter[];
  /** Fixed items per chapter id. */
  general: Map<string, string[]>;
  byStatus: Map<RecommendationStatus, RecommendationTemplate & { chapterId: string }>;
  byIndicator: Map<number, RecommendationTemplate>;
}

/** The plan's 保障措施 part's sections (p4-1 … p4-5). */
function safeguardChapters(plan: Plan): Chapter[] {
  const part = plan.parts.find((p) => p.title.includes('保障措施'));
  if (!part || part.children.length === 0) throw new ConfigError(`规划 ${plan.id} 的章节中没有“保障措施”部分及其下级标题，无法组织工作建议`);
  return part.children;
}

const squash = (s: string): string => s.replace(/[\s\u3000]+/g, '');

/** Parse and validate the editable recommendation text against the plan. Errors are collected and thrown together. */
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
    if (!cur) return err(line, `这行文字不属于任何段落，请在它前面加上段落标题，如 [通用 | ${chapters[0]!.title}]`);
    cur.body.push({ text: t, line });
  });

  const resolveHeading = (s: Section, required: boolean): string | null => {
    if (s.heading === null || s.heading === '') {
      if (required) err(s.line, `段落 [${s.kind}${s.arg ? ` ${s.arg}` : ''}] 缺少保障措施标题（写在竖线“|”后），可用的标题：${headingList}`);
      return null;
    }
    const c = chapterByName.get(squash(s.heading));
    if (!c) {
      err(s.line, `保障措施标题“${s.heading}”不存在，可用的标题：${headingList}`);
      return null;
    }
    return c.id;
  };

  const parseTemplate = (s: Section, allowed: readonly RecommendationSlot[], context: string): Segment[] => {
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

  const general = new Map<string, string[]>(chapters.map((c) => [c.id, []]));
  const byStatus = new Map<RecommendationStatus, RecommendationTemplate & { chapterId: string }>();
  const byIndicator = new Map<number, RecommendationTemplate>();
  for (const s of sections) {
    const label = `[${s.kind}${s.arg ? ` ${s.arg}` : ''}]`;
    if (s.body.length === 0) err(s.line, `段落 ${label} 没有内容`);
    if (s.kind === '通用') {
      if (s.arg) err(s.line, `通用段落的标题应为 [通用 | 保障措施标题]，多出了“${s.arg}”`);
      const id = resolveHeading(s, true);
      for (const b of s.body) {
        if (/[{}]/.test(b.text)) err(b.line, '通用建议中不能使用占位符或花括号（占位符只用于“默认”和“指标”段落）');
      }
      if (id) general.get(id)!.push(...s.body.map((b) => b.text));
    } else if (s.kind === '默认') {
      if (!(RECOMMENDATION_STATUSES as readonly string[]).includes(s.arg)) {
        err(s.line, `默认模板的状态“${s.arg}”不正确，应为：${RECOMMENDATION_STATUSES.join('、')}`);
        continue;
      }
      const status = s.arg as RecommendationStatus;
      const prior = byStatus.get(status);
      if (prior) err(s.line, `状态“${status}”的默认模板重复（首次出现在第 ${prior.line} 行）`);
      const id = resolveHeading(s, true);
      const segments = status === '无法评估'
        ? parseTemplate(s, MISSING_SLOTS, '“无法评估”的默认模板为所有数据缺失的指标合并生成一条，没有本年度数值，')
        : status === '未保持'
          ? parseTemplate(s, MAINTAIN_SLOTS, '“未保持”的指标只判断是否保持、没有完成进度，')
          : parseTemplate(s, INDICATOR_SLOTS, `“${status}”的默认模板每个指标生成一条，`);
      if (id && !prior) byStatus.set(status, { segments, chapterId: id, line: s.line });
    } else if (s.kind === '指标') {
      const n = Number(s.arg);
      if (!/^\d+$/.test(s.arg)) {
        err(s.line, `指标序号“${s.arg}”应为规划指标表中的序号（数字）`);
        continue;
      }
      const ind = plan.indicatorById.get(n);
      if (!ind) {
        err(s.line, `规划中没有序号为 ${s.arg} 的指标，指标序号为 ${plan.indicators[0]?.id ?? 1}—${plan.indicators[plan.indicators.length - 1]?.id ?? 1}`);
        continue;
      }
      const prior = byIndicator.get(n);
      if (prior) err(s.line, `指标 ${n} 的模板重复（首次出现在第 ${prior.line} 行）`);
      const id = resolveHeading(s, false);
      const segments = ind.isMaintain
        ? parseTemplate(s, MAINTAIN_SLOTS, `指标 ${n}（${ind.name}）为保持类指标，只判断是否保持、没有完成进度，`)
        : parseTemplate(s, INDICATOR_SLOTS, '指标模板只针对一个指标，');
      if (!prior) byIndicator.set(n, { segments, chapterId: id, line: s.line });
    } else {
      err(s.line, `未知的段落类型“${s.kind}”，应为“通用”“默认”或“指标”`);
    }
  }
  for (const st of REQUIRED_STATUSES) {
    if (!byStatus.has(st) && !errors.some((e) => e.includes(`默认模板的状态“${st}”`))) {
      errors.push(`${where}：缺少状态“${st}”的默认模板，请添加段落 [默认 ${st} | 保障措施标题]`);
    }
  }
  if (errors.length === 1) throw new ConfigError(errors[0]!);
  if (errors.length > 1) throw new ConfigError(`${where} 有 ${errors.length} 处错误：\n${errors.join('\n')}`);
  return { where, chapters, general, byStatus, byIndicator };
}

/** Read and validate the recommendation text file (default `data/text/recommendations.txt`). */
export function loadRecommendationText(plan: Plan, file: string = DEFAULT_RECOMMENDATIONS_FILE): RecommendationText {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`无法读取工作建议文本 ${file}：${(e as Error).message}`);
  }
  return parseRecommendationText(plan, source, file);
}
