/** The recommendations chapter of a district report: one numbered recommendation per problem. */
import type { Recommendation } from '../present/advice.ts';
import { para, section, type Block, type DocSection, type Headings } from './document.ts';

/** `whenNone`: the chapter's text where there is no recommendation (by default: all on schedule). */
export function advicePart(H: Headings, title: string, recs: readonly Recommendation[], intro: string, passages: Block[], whenNone = '各项指标和重点任务均达到进度要求，按既定计划继续推进。'): DocSection {
  const head = H.add('recommendations', title, 1);
  const children = recs.map((r) => section(H.add(`rec-${r.themeKey}`, r.title, 2), blocksOf(r)));
  return section(head, [para(recs.length ? intro : whenNone), ...passages], children);
}

/** Three measures or more are numbered one by one under their lead-in, not run together in one paragraph. */
function blocksOf(r: Recommendation): Block[] {
  if (r.measures.length < LISTED_FROM) return [para(r.text)];
  const items = r.measures.map((m, i) => `${m}${i === r.measures.length - 1 ? '。' : '；'}`);
  return [para(r.lead), { list: { items, ordered: true } }];
}

const LISTED_FROM = 3;
