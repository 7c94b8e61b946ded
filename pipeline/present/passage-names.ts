/**
 * The sections a report offers to the office's passages, and how a file name finds one.
 *
 * A section is named by one name (`经验与启示`) or two (`主要成效` under the plan chapter
 * `（二）大力发展养老服务体系`); each name has a title and other spellings. The caller (the
 * report) says which sections exist; this module only matches what the office typed:
 * - spellings are compared without spaces, quotation marks and full-width forms, and
 *   without a leading number (`（二）`, `一、`, `第三部分`), ASCII case-insensitively;
 * - a typed name of two or more characters found inside exactly one spelling matches too
 *   (`养老服务` → `大力发展养老服务体系`); an exact spelling wins over such a match;
 * - a two-name section is written with a dash between the names, in either order
 *   (`主要成效-养老服务`, `养老服务-主要成效`); chapter ids keep their own dashes (`主要成效-p3-1-2`).
 */
import type { Chapter } from '../plan/plan.ts';
import { foldWidth, removeSpaces } from '../basics/text.ts';

/** One name of a section: the title shown in reports and messages, and other spellings the office may write. */
export interface SectionName {
  title: string;
  aliases?: readonly string[];
}

/** A section a report offers to passages. */
export interface PassageSection {
  /** Stable key the report looks passages up by: `overview`, `tasks/p3-1-2`, `achievements/p3-1-2`. */
  key: string;
  /** One name, or two: the report's section, then the plan chapter it is under. */
  path: readonly SectionName[];
}

/** A plan chapter as a section name: `（二）大力发展养老服务体系`, also `大力发展养老服务体系` and `p3-1-2`. */
export function chapterName(chapter: Chapter, aliases: readonly string[] = []): SectionName {
  return { title: chapter.heading, aliases: [chapter.title, chapter.id, ...aliases] };
}

/** A section as the office writes it: `经验与启示`, `主要成效-（二）大力发展养老服务体系`. */
export function sectionTitle(section: PassageSection): string {
  return section.path.map((n) => n.title).join('-');
}

const LEADING_NUMBER = /^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[.、])/;
const QUOTES = /[“”‘’"'「」『』《》〈〉]/g;

/** Comparison key of a name: full-width folded, spaces and quotation marks removed, no leading number, lower case. */
export function nameKeyOf(s: string): string {
  return removeSpaces(foldWidth(s)).replace(QUOTES, '').replace(LEADING_NUMBER, '').toLowerCase();
}

/** Dashes and dots the office may put between two names (after folding full-width forms). */
const SEPARATOR = /[-_—–·・~]+/g;

/** How well a typed name matches a section name: 2 a spelling, 1 inside exactly this spelling, 0 not. */
function nameScore(typed: string, name: SectionName): number {
  if (typed === '') return 0;
  let best = 0;
  for (const spelling of [name.title, ...(name.aliases ?? [])]) {
    const k = nameKeyOf(spelling);
    if (k === typed) return 2;
    if (typed.length >= 2 && k.includes(typed)) best = 1;
  }
  return best;
}

/** The ways to read a file name as one name or as two names around a separator. */
function readings(stem: string): string[][] {
  const folded = removeSpaces(foldWidth(stem));
  const out: string[][] = [[folded]];
  for (const m of folded.matchAll(SEPARATOR)) {
    out.push([folded.slice(0, m.index), folded.slice(m.index + m[0].length)]);
  }
  return out;
}

export type SectionMatch = { section: PassageSection } | { error: string };

/** The list of sections for a message: one-name sections, then two-name ones grouped by their first name. */
export function sectionList(sections: readonly PassageSection[]): string {
  const single = sections.filter((s) => s.path.length === 1).map(sectionTitle);
  const groups = new Map<string, string[]>();
  for (const s of sections) {
    if (s.path.length !== 2) continue;
    const first = s.path[0]!.title;
    const list = groups.get(first) ?? [];
    list.push(s.path[1]!.title);
    groups.set(first, list);
  }
  const grouped = [...groups].map(([first, seconds]) => `${first}-章节名（章节名为以下之一：${seconds.join('、')}）`);
  return [...single, ...grouped].join('、');
}

/** The section a file name (without its extension) names, or why none; `offeredBy` names the report in messages (`2025年报告`). */
export function matchSection(stem: string, sections: readonly PassageSection[], offeredBy = ''): SectionMatch {
  const found = new Map<string, { section: PassageSection; score: number }>();
  const consider = (section: PassageSection, score: number): void => {
    const prior = found.get(section.key);
    if (score > 0 && (!prior || prior.score < score)) found.set(section.key, { section, score });
  };
  for (const parts of readings(stem)) {
    const typed = parts.map(nameKeyOf);
    for (const s of sections) {
      if (s.path.length !== typed.length) continue;
      if (typed.length === 1) consider(s, nameScore(typed[0]!, s.path[0]!));
      else {
        const [a, b] = typed as [string, string];
        const [x, y] = s.path as [SectionName, SectionName];
        consider(s, Math.max(Math.min(nameScore(a, x), nameScore(b, y)), Math.min(nameScore(b, x), nameScore(a, y))));
      }
    }
  }
  const best = Math.max(0, ...[...found.values()].map((f) => f.score));
  const top = [...found.values()].filter((f) => f.score === best);
  if (top.length === 1) return { section: top[0]!.section };
  if (top.length > 1) {
    return { error: `栏目名“${stem}”可以指${offeredBy ? `${offeredBy}的` : ''}以下几个栏目，请写得更完整：${top.map((t) => sectionTitle(t.section)).join('、')}` };
  }
  return { error: nearMiss(stem, sections) ?? `${offeredBy}没有名为“${stem}”的栏目。可用的栏目：${sectionList(sections)}` };
}

/** When one of two typed names is a section's first name and the other names no chapter under it: say which are there. */
function nearMiss(stem: string, sections: readonly PassageSection[]): string | null {
  for (const parts of readings(stem)) {
    if (parts.length !== 2) continue;
    const typed = parts.map(nameKeyOf);
    for (const [i, j] of [[0, 1], [1, 0]] as const) {
      const under = sections.filter((s) => s.path.length === 2 && nameScore(typed[i]!, s.path[0]!) === 2);
      if (under.length === 0) continue;
      const first = under[0]!.path[0]!.title;
      return `“${first}”下没有名为“${parts[j]}”的章节，章节名为以下之一：${under.map((s) => s.path[1]!.title).join('、')}`;
    }
  }
  return null;
}
