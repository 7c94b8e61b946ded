/**
 * The plan chapter a key task's `规划章节` names, as departments write it: `第三部分 一（二）`,
 * `第3部分 一（二）`, `第三部分 1（2）`, `第三部分一、（二）`, `三（二）` (第三部分 implied, where the
 * plan's tasks are), half- or full-width digits and brackets, spaces anywhere, and the
 * chapter's title after the number or alone (`大力发展养老服务体系`). The chapters are the
 * plan's own (`data/plan/<id>/chapters.csv`), matched by their printed numbers.
 */
import { foldWidth, nameKey } from '../basics/text.ts';
import type { Chapter, Plan } from '../plan/plan.ts';

/** What resolving needs of the plan. */
export type PlanChapters = Pick<Plan, 'chapters' | 'parts'>;

const DIGITS = '零一二三四五六七八九';

/** 一 → 1, 十 → 10, 十二 → 12, 二十三 → 23, `7` → 7; NaN when it is not a number. */
export function numeralValue(s: string): number {
  if (/^\d{1,3}$/.test(s)) return Number(s);
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s.replace(/〇/g, '零'));
  if (!m || s === '') return NaN;
  if (!m[2]) return m[1] && !m[3] ? DIGITS.indexOf(m[1]) : NaN;
  return (m[1] ? DIGITS.indexOf(m[1]) : 1) * 10 + (m[3] ? DIGITS.indexOf(m[3]) : 0);
}

/** The number a chapter prints (`第三部分`, `一、`, `（二）`) as an integer. */
function chapterNumber(ch: Chapter): number {
  return numeralValue(ch.number.replace(/^第|部分$|、$|^（|）$/g, ''));
}

interface Index {
  /** `3`, `3.1`, `3.1.2` → chapter. */
  byPath: Map<string, Chapter>;
  /** Title (name key) → chapters with that title. */
  byTitle: Map<string, Chapter[]>;
  /** Path of each chapter. */
  pathOf: Map<Chapter, string>;
}

const INDEXES = new WeakMap<object, Index>();

function indexOf(plan: PlanChapters): Index {
  let ix = INDEXES.get(plan.chapters);
  if (ix) return ix;
  ix = { byPath: new Map(), byTitle: new Map(), pathOf: new Map() };
  const walk = (ch: Chapter, prefix: string) => {
    const path = prefix ? `${prefix}.${chapterNumber(ch)}` : String(chapterNumber(ch));
    ix!.byPath.set(path, ch);
    ix!.pathOf.set(ch, path);
    const t = nameKey(ch.title);
    ix!.byTitle.set(t, [...(ix!.byTitle.get(t) ?? []), ch]);
    for (const c of ch.children) walk(c, path);
  };
  for (const p of plan.parts) walk(p, '');
  INDEXES.set(plan.chapters, ix);
  return ix;
}

const NUM = '(\\d{1,2}|[一二三四五六七八九十]{1,3})';
/** [第N部分][、.,]? [N[、.]?] [（N）] [title]: after width folding, without spaces, brackets as （）. */
const SECTION = new RegExp(`^(?:第?${NUM}部分)?[、.,，]?(?:第?${NUM}(?:[、.．]|节)?)?(?:（${NUM}）)?(.*)$`);

/**
 * The id of the chapter `text` names, or null when it names none of the plan's (a number
 * the plan does not have, a title that is not the numbered chapter's, anything else).
 */
export function resolveSection(plan: PlanChapters, text: string): string | null {
  const ix = indexOf(plan);
  const t = nameKey(foldWidth(text)).replace(/\(/g, '（').replace(/\)/g, '）').replace(/【/g, '（').replace(/】/g, '）');
  if (t === '') return null;
  const m = SECTION.exec(t);
  let chapter: Chapter | undefined;
  const rest = m?.[4] ?? t;
  if (m && (m[1] || m[2] || m[3])) {
    const part = m[1] ? numeralValue(m[1]) : 3;
    if (!m[2] && m[3]) return null; // （二） without its 一、
    const path = [part, m[2] ? numeralValue(m[2]) : undefined, m[3] ? numeralValue(m[3]) : undefined].filter((n) => n !== undefined).join('.');
    chapter = ix.byPath.get(path);
    if (!chapter) return null;
    if (rest === '') return chapter.id;
    // A title after the number: it must be this chapter's (in full or in part).
    const title = nameKey(chapter.title);
    return title.includes(rest) || rest.includes(title) ? chapter.id : null;
  }
  const byTitle = ix.byTitle.get(rest);
  return byTitle?.length === 1 ? byTitle[0]!.id : null;
}

/**
 * The plan's sections as a key-task ledger may name them, compactly, for a message:
 * `第三部分：一（一）至（四）、二（一）至（五）…；第四部分：一至五`.
 */
export function sectionList(plan: PlanChapters): string {
  return plan.parts
    .map((p) => {
      const items = p.children.map((c) => {
        const n = c.number.replace(/、$/, '');
        if (c.children.length === 0) return n;
        const first = c.children[0]!.number;
        const last = c.children[c.children.length - 1]!.number;
        return c.children.length === 1 ? `${n}${first}` : `${n}${first}至${last}`;
      });
      return items.length ? `${p.number}：${items.join('、')}` : p.number;
    })
    .join('；');
}
