/**
 * The site's full-text search, built at build time and run in the browser without a
 * server: documents (indicators, towns, plan headings, report narrative), an inverted
 * index of their tokens, and the search algorithm.
 *
 * Chinese has no spaces, so text is cut into tokens by character: every pair of adjacent
 * Han characters (bigram) and every single one (unigram), and runs of ASCII letters and
 * digits as words. A query uses bigrams (a one-character run: its unigram), so 养老 finds
 * 养老 and not 老年. The browser runs the same algorithm in `templates/assets/search.js`
 * (a test runs both on the same queries and compares).
 *
 * Ranking: first by how much of the query the title holds (each query token found in the
 * title, plus the whole query as a phrase), then by kind (an indicator before a town, a
 * plan heading, a report passage), then by how much of it the body holds, then in index
 * order. A document must hold at least half the query's tokens.
 */

export type SearchKind = 'indicator' | 'town' | 'chapter' | 'report';

/** Kinds in ranking (and listing) order. */
export const SEARCH_KINDS: readonly SearchKind[] = ['indicator', 'town', 'chapter', 'report'];

export const SEARCH_KIND_LABELS: Readonly<Record<SearchKind, string>> = {
  indicator: '指标',
  town: '镇街',
  chapter: '规划章节',
  report: '年度报告',
};

export interface SearchDoc {
  kind: SearchKind;
  /** Short label shown before the title: `指标 3`, `镇`, `2025年报告`. */
  label: string;
  title: string;
  /** Link relative to the site root. */
  href: string;
  /** Plain text searched and shown in snippets. */
  body: string;
}

export interface SearchIndex {
  version: 1;
  docs: SearchDoc[];
  /**
   * Token → postings, flat: `[doc, titleCount, bodyCount, doc, titleCount, bodyCount, …]`,
   * docs ascending. Keys in code-unit order, so the JSON is byte-identical for the same docs.
   */
  terms: Record<string, number[]>;
}

export interface SearchHit {
  /** Index into `index.docs`. */
  doc: number;
  titleScore: number;
  bodyScore: number;
}

/** Lower-case ASCII letters and turn full-width ASCII into ASCII, keeping every position. */
export function fold(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    if (c >= 65 && c <= 90) c += 32;
    out += String.fromCharCode(c);
  }
  return out;
}

const HAN = /\p{Script=Han}/u;
const WORD = /[a-z0-9]/;

/** Runs of Han characters and of ASCII word characters in folded text; everything else separates. */
export function runs(folded: string): { han: boolean; chars: string[] }[] {
  const out: { han: boolean; chars: string[] }[] = [];
  let cur: { han: boolean; chars: string[] } | null = null;
  for (const ch of folded) {
    const han = HAN.test(ch);
    if (!han && !WORD.test(ch)) {
      cur = null;
      continue;
    }
    if (!cur || cur.han !== han) {
      cur = { han, chars: [] };
      out.push(cur);
    }
    cur.chars.push(ch);
  }
  return out;
}

/** Tokens of a text for the index, with counts: Han unigrams and bigrams, ASCII words. */
export function indexTokens(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (t: string) => counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const r of runs(fold(text))) {
    if (!r.han) {
      add(r.chars.join(''));
      continue;
    }
    for (let i = 0; i < r.chars.length; i++) {
      add(r.chars[i]!);
      if (i + 1 < r.chars.length) add(r.chars[i]! + r.chars[i + 1]!);
    }
  }
  return counts;
}

/** Tokens of a query, distinct, in order: bigrams of Han runs (a single character: itself), ASCII words. */
export function queryTokens(query: string): string[] {
  const out: string[] = [];
  const push = (t: string) => {
    if (!out.includes(t)) out.push(t);
  };
  for (const r of runs(fold(query))) {
    if (!r.han || r.chars.length === 1) push(r.chars.join(''));
    else for (let i = 0; i + 1 < r.chars.length; i++) push(r.chars[i]! + r.chars[i + 1]!);
  }
  return out;
}

/** The query as a phrase: folded, spaces collapsed, trimmed. */
export function queryPhrase(query: string): string {
  return fold(query).replace(/\s+/g, ' ').trim();
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Build the index of `docs` (in the order given). */
export function buildSearchIndex(docs: readonly SearchDoc[]): SearchIndex {
  const postings = new Map<string, number[]>();
  docs.forEach((d, i) => {
    const title = indexTokens(d.title);
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
  return { version: 1, docs: docs.map((d) => ({ kind: d.kind, label: d.label, title: d.title, href: d.href, body: d.body })), terms };
}

/** The index as the site publishes it (`search-index.json`): compact, deterministic. */
export function searchIndexJson(index: SearchIndex): string {
  return JSON.stringify(index) + '\n';
}

/** Search `index` for `query`; hits best first. */
export function search(index: SearchIndex, query: string): SearchHit[] {
  const tokens = queryTokens(query);
  const n = tokens.length;
  if (n === 0) return [];
  const phrase = queryPhrase(query);
  const perDoc = new Map<number, { title: number; body: number; any: number; bodyCount: number }>();
  for (const t of tokens) {
    const p = Object.hasOwn(index.terms, t) ? index.terms[t] : undefined;
    if (!p) continue;
    for (let i = 0; i < p.length; i += 3) {
      const d = p[i]!;
      let s = perDoc.get(d);
      if (!s) perDoc.set(d, (s = { title: 0, body: 0, any: 0, bodyCount: 0 }));
      s.any += 1;
      if (p[i + 1]! > 0) s.title += 1;
      if (p[i + 2]! > 0) s.body += 1;
      s.bodyCount += p[i + 2]!;
    }
  }
  const hits: (SearchHit & { kind: number })[] = [];
  for (const [d, s] of perDoc) {
    if (s.any * 2 < n) continue;
    const doc = index.docs[d]!;
    const titleScore = s.title / n + (fold(doc.title).includes(phrase) ? 1 : 0);
    const bodyScore = s.body / n + (fold(doc.body).includes(phrase) ? 0.5 : 0) + Math.min(s.bodyCount, 20) / 100;
    hits.push({ doc: d, titleScore, bodyScore, kind: SEARCH_KINDS.indexOf(doc.kind) });
  }
  hits.sort((a, b) => b.titleScore - a.titleScore || a.kind - b.kind || b.bodyScore - a.bodyScore || a.doc - b.doc);
  return hits.map(({ doc, titleScore, bodyScore }) => ({ doc, titleScore, bodyScore }));
}
