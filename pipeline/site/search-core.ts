/**
 * The site's full-text search algorithm: tokens, ranking and snippets. One implementation,
 * used by the build (to index) and, bundled into `assets/search.js`, by the browser (to
 * search without a server); so this module imports nothing and touches no Node API.
 *
 * Chinese has no spaces, so text is cut into tokens by character: every pair of adjacent
 * Han characters (bigram) and every single one (unigram), and runs of ASCII letters and
 * digits as words (a decimal, 29.8, is one word). A query uses bigrams (a one-character run: its unigram), so 养老 finds
 * 养老 and not 老年.
 *
 * Ranking: first by how much of the query the title holds (each query token found in the
 * title or the keywords, plus the whole query as a phrase), then by kind (an indicator
 * before a town, a plan heading, a report passage, a data set), then by how much of it the
 * body holds, then in index order. A document must hold at least half the query's tokens; where
 * the query has tokens that few documents hold, half of those: 指标 is in nearly every page, and
 * 指标8 had listed 237 of them after indicator 8 (the site review), where the 8 now has to be there.
 * Keywords are what a title is also called: `指标8` and `第8项` for indicator 8 (so
 * 指标8 finds 8 before 28), a town's aliases, the everyday words for an indicator (低保).
 */

export type SearchKind = 'indicator' | 'town' | 'chapter' | 'report' | 'dataset';

/** Kinds in ranking (and listing) order. */
export const SEARCH_KINDS: readonly SearchKind[] = ['indicator', 'town', 'chapter', 'report', 'dataset'];

export interface SearchDoc {
  kind: SearchKind;
  /** Short label shown before the title: `指标 3`, `镇`, `2025年报告`. */
  label: string;
  title: string;
  /** Link relative to the site root. */
  href: string;
  /** Plain text searched and shown in snippets. */
  body: string;
  /** Other names of the title, searched as the title is and not shown (space-separated). */
  keywords?: string;
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

const DIGIT = /[0-9]/;

/**
 * Whether the character at `i` of folded `chars` belongs to an ASCII word: a letter or digit, or a
 * decimal point between digits (29.8 is one number: 8 is not in it, nor in 2.8万).
 */
function inWord(chars: readonly string[] | string, i: number): boolean {
  const c = chars[i];
  if (c === undefined) return false;
  if (WORD.test(c)) return true;
  return c === '.' && DIGIT.test(chars[i - 1] ?? '') && DIGIT.test(chars[i + 1] ?? '');
}

/** Runs of Han characters and of ASCII words (numbers with their decimals) in folded text; everything else separates. */
export function runs(folded: string): { han: boolean; chars: string[] }[] {
  const out: { han: boolean; chars: string[] }[] = [];
  let cur: { han: boolean; chars: string[] } | null = null;
  const all = Array.from(folded);
  for (let i = 0; i < all.length; i++) {
    const ch = all[i]!;
    const han = HAN.test(ch);
    if (!han && !inWord(all, i)) {
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

/** Search `index` for `query`; hits best first. */
export function search(index: SearchIndex, query: string): SearchHit[] {
  const tokens = queryTokens(query);
  const n = tokens.length;
  if (n === 0) return [];
  const phrase = queryPhrase(query);
  // tokens held by more than a quarter of the documents count toward the half only when the query has no other
  const postings = (t: string) => (Object.hasOwn(index.terms, t) ? index.terms[t]!.length / 3 : 0);
  const rare = tokens.filter((t) => postings(t) * 4 <= index.docs.length);
  const counted = new Set(rare.length > 0 ? rare : tokens);
  const perDoc = new Map<number, { title: number; body: number; any: number; counted: number; bodyCount: number; found: Set<string> }>();
  for (const t of tokens) {
    const p = Object.hasOwn(index.terms, t) ? index.terms[t] : undefined;
    if (!p) continue;
    for (let i = 0; i < p.length; i += 3) {
      const d = p[i]!;
      let s = perDoc.get(d);
      if (!s) perDoc.set(d, (s = { title: 0, body: 0, any: 0, counted: 0, bodyCount: 0, found: new Set() }));
      s.found.add(t);
      s.any += 1;
      if (counted.has(t)) s.counted += 1;
      if (p[i + 1]! > 0) s.title += 1;
      if (p[i + 2]! > 0) s.body += 1;
      s.bodyCount += p[i + 2]!;
    }
  }
  // Words the reader separated (亦庄 养老): pages with every one of them first — one with either had
  // put the 养老 indicators before 亦庄镇's page (the site review)
  const words = phrase.split(' ').map(queryTokens).filter((w) => w.length > 0);
  const hasAll = (found: ReadonlySet<string>) => words.length > 1 && words.every((w) => w.every((t) => found.has(t)));
  // A number is asked for as it is written: where pages hold 指标8 or 150张 as one phrase, those
  // pages alone (指标8 had also listed indicator 28 and every page with 图8, a review found)
  const numbered = DIGIT.test(phrase) && !phrase.includes(' ');
  const hits: (SearchHit & { kind: number; all: boolean; phrase: boolean })[] = [];
  for (const [d, s] of perDoc) {
    if (s.counted * 2 < counted.size) continue;
    const doc = index.docs[d]!;
    const asPhrase = holdsPhrase(fold(doc.title), phrase) || (doc.keywords !== undefined && fold(doc.keywords).split(' ').some((k) => holdsPhrase(k, phrase)));
    const inBody = holdsPhrase(fold(doc.body), phrase);
    const titleScore = s.title / n + (asPhrase ? 1 : 0);
    const bodyScore = s.body / n + (inBody ? 0.5 : 0) + Math.min(s.bodyCount, 20) / 100;
    hits.push({ doc: d, titleScore, bodyScore, kind: SEARCH_KINDS.indexOf(doc.kind), all: hasAll(s.found), phrase: asPhrase || inBody });
  }
  if (numbered && hits.some((h) => h.phrase)) {
    const held = hits.filter((h) => h.phrase);
    hits.length = 0;
    hits.push(...held);
  }
  hits.sort((a, b) => Number(b.all) - Number(a.all) || b.titleScore - a.titleScore || a.kind - b.kind || b.bodyScore - a.bodyScore || a.doc - b.doc);
  // and only those, where there are any: the pages with either word after them were 70 of 74 (the second site review)
  const shown = hits.some((h) => h.all) ? hits.filter((h) => h.all) : hits;
  return shown.map(({ doc, titleScore, bodyScore }) => ({ doc, titleScore, bodyScore }));
}

/**
 * Whether folded `text` holds `phrase` where an ASCII word or number starting or ending it is not
 * part of a longer one: 8 is not in 指标28 (it had put indicator 28 right after 8), 养老 is in 养老院.
 */
export function holdsPhrase(text: string, phrase: string): boolean {
  return phraseAt(text, phrase, 0) >= 0;
}

/**
 * The first position from `from` where folded `text` holds `phrase`, an ASCII word starting or
 * ending it not being part of a longer one (8 in 28 or 29.8); -1 if none.
 */
function phraseAt(text: string, phrase: string, from: number): number {
  const wordStart = inWord(phrase, 0);
  const wordEnd = inWord(phrase, phrase.length - 1);
  for (let i = text.indexOf(phrase, from); i >= 0; i = text.indexOf(phrase, i + 1)) {
    if (wordStart && inWord(text, i - 1)) continue;
    if (wordEnd && inWord(text, i + phrase.length)) continue;
    return i;
  }
  return -1;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** A piece of a snippet: text, and whether it matches the query. */
export interface Segment {
  text: string;
  mark: boolean;
}

/**
 * Cut `text` around the first match (the phrase, else the earliest token) to about `width`
 * characters (0: whole text); every occurrence of a query token is marked.
 */
export function snippet(text: string, query: string, width: number): Segment[] {
  const folded = fold(text);
  const tokens = queryTokens(query);
  const phrase = queryPhrase(query);
  let at = phrase ? phraseAt(folded, phrase, 0) : -1;
  if (at < 0) {
    for (const t of tokens) {
      const i = phraseAt(folded, t, 0);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    }
  }
  let start = 0;
  let end = text.length;
  if (width && text.length > width) {
    start = Math.max(0, (at < 0 ? 0 : at) - Math.floor(width / 4));
    end = Math.min(text.length, start + width);
    start = Math.max(0, end - width);
    if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start -= 1;
    if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end += 1;
  }
  const marks: [number, number][] = [];
  for (const t of tokens) {
    for (let i = phraseAt(folded, t, start); i >= 0 && i < end; i = phraseAt(folded, t, i + 1)) marks.push([i, Math.min(end, i + t.length)]);
  }
  marks.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const m of marks) {
    const last = merged[merged.length - 1];
    if (last && m[0] <= last[1]) last[1] = Math.max(last[1], m[1]);
    else merged.push([m[0], m[1]]);
  }
  const out: Segment[] = [];
  let pos = start;
  for (const [a, b] of merged) {
    if (a > pos) out.push({ text: text.slice(pos, a), mark: false });
    out.push({ text: text.slice(a, b), mark: true });
    pos = b;
  }
  if (pos < end) out.push({ text: text.slice(pos, end), mark: false });
  if (start > 0) out.unshift({ text: '…', mark: false });
  if (end < text.length) out.push({ text: '…', mark: false });
  return out;
}
