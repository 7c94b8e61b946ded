/**
 * The site's search index, built at build time from the documents (indicators, towns, plan
 * headings, report narrative): an inverted index of their tokens (see search-core.ts).
 */
import { indexTokens, type SearchDoc, type SearchIndex, type SearchKind } from './search-core.ts';

export const SEARCH_KIND_LABELS: Readonly<Record<SearchKind, string>> = {
  indicator: '指标',
  town: '镇街',
  chapter: '规划章节',
  report: '年度报告',
  dataset: '数据',
};

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Build the index of `docs` (in the order given). */
export function buildSearchIndex(docs: readonly SearchDoc[]): SearchIndex {
  const postings = new Map<string, number[]>();
  docs.forEach((d, i) => {
    // Keywords count as the title.
    const title = indexTokens(d.keywords ? `${d.title} ${d.keywords}` : d.title);
    const body = indexTokens(d.body);
    const tokens = [...new Set([...title.keys(), ...body.keys()])];
    for (const t of tokens) {
      let p = postings.get(t);
      if (!p) postings.set(t, (p = []));
      p.push(i, title.get(t) ?? 0, body.get(t) ?? 0);
    }
  });
  const terms: Record<string, number[]> = {};
  for (const t of [...postings.keys()].sort(compareCodeUnits)) terms[t] = postings.get(t)!;
  return { version: 1, docs: docs.map((d) => ({ kind: d.kind, label: d.label, title: d.title, href: d.href, body: d.body, ...(d.keywords ? { keywords: d.keywords } : {}) })), terms };
}

/** The index as the site publishes it (`search-index.json`): compact, deterministic. */
export function searchIndexJson(index: SearchIndex): string {
  return JSON.stringify(index) + '\n';
}
