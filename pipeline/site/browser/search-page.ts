/**
 * The search page in the browser (search.html): the algorithm of search-core.ts over the
 * index built at build time (search-index.js sets PLANEVAL_SEARCH_INDEX), with no server
 * and no network. Bundled into `assets/search.js` by the site stage. Results are DOM nodes
 * filled with textContent: no text from the data is parsed as HTML.
 */
import { fold, queryPhrase, queryTokens, search, snippet, type SearchIndex, type Segment } from '../search-core.ts';

declare global {
  // eslint-disable-next-line no-var
  var PLANEVAL_SEARCH_INDEX: SearchIndex | undefined;
  // eslint-disable-next-line no-var
  var PlanevalSearch: unknown;
}

/** The algorithm, for scripts and tests that load the page's script. */
globalThis.PlanevalSearch = { fold, queryTokens, queryPhrase, search, snippet };

const MAX_RESULTS = 50;

function appendSegments(parent: HTMLElement, segments: readonly Segment[]): void {
  for (const s of segments) {
    if (s.mark) {
      const m = document.createElement('mark');
      m.textContent = s.text;
      parent.appendChild(m);
    } else {
      parent.appendChild(document.createTextNode(s.text));
    }
  }
}

function init(): void {
  const index = globalThis.PLANEVAL_SEARCH_INDEX;
  const form = document.getElementById('search-form');
  const input = document.getElementById('search-input') as HTMLInputElement | null;
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const all = document.getElementById('search-all');
  const nojs = document.getElementById('search-nojs');
  if (!form || !input || !status || !list) return;
  if (!index || !index.docs) {
    status.textContent = '搜索索引未能加载（search-index.js）。下面仍列出全部页面。';
    return;
  }
  if (nojs) nojs.hidden = true;
  form.hidden = false;
  const labels: Record<string, string> = {};
  form.querySelectorAll('[data-kind-label]').forEach((el) => {
    labels[el.getAttribute('data-kind-label') ?? ''] = el.textContent ?? '';
  });
  // Links in the index are relative to the site root, where this page is.
  const root = form.getAttribute('data-root') ?? '';
  // Results beyond the first 50 a button away (the site review: 59 found, 9 out of reach)
  let limit = MAX_RESULTS;
  const more = document.createElement('button');
  more.type = 'button';
  more.className = 'search-more';
  more.hidden = true;
  list.after(more);

  function render(query: string, focusAt: number | null = null): void {
    list!.textContent = '';
    more.hidden = true;
    const q = query.trim();
    if (!q) {
      status!.textContent = '';
      list!.hidden = true;
      if (all) all.hidden = false;
      return;
    }
    const hits = search(index!, q);
    if (all) all.hidden = hits.length > 0;
    list!.hidden = hits.length === 0;
    if (hits.length === 0) {
      status!.textContent = queryTokens(q).length ? `没有找到与“${q}”相关的内容。` : '请输入中文词语或字母、数字。';
      return;
    }
    status!.textContent = `找到 ${hits.length} 条结果${hits.length > limit ? `，显示前 ${limit} 条` : ''}。`;
    if (hits.length > limit) {
      more.hidden = false;
      more.textContent = `再显示 ${Math.min(MAX_RESULTS, hits.length - limit)} 条（共 ${hits.length} 条）`;
    }
    for (const h of hits.slice(0, limit)) {
      const doc = index!.docs[h.doc]!;
      const li = document.createElement('li');
      li.className = `search-result search-kind-${doc.kind}`;
      const heading = document.createElement('h3');
      const a = document.createElement('a');
      a.href = root + doc.href;
      const label = document.createElement('span');
      label.className = 'search-label';
      label.textContent = doc.label;
      a.appendChild(label);
      a.appendChild(document.createTextNode(' '));
      const title = document.createElement('span');
      title.className = 'search-title';
      appendSegments(title, snippet(doc.title, q, 0));
      a.appendChild(title);
      heading.appendChild(a);
      li.appendChild(heading);
      if (doc.body) {
        const p = document.createElement('p');
        p.className = 'search-snippet';
        appendSegments(p, snippet(doc.body, q, 90));
        li.appendChild(p);
      }
      const where = document.createElement('p');
      where.className = 'search-where';
      where.textContent = labels[doc.kind] ?? '';
      li.appendChild(where);
      list!.appendChild(li);
    }
    // after 再显示: the first result added takes the focus, where the button was
    if (focusAt !== null) list!.querySelectorAll<HTMLAnchorElement>('li h3 a')[focusAt]?.focus();
  }

  more.addEventListener('click', () => {
    const from = limit;
    limit += MAX_RESULTS;
    render(input.value, from);
  });

  let timer: ReturnType<typeof setTimeout> | null = null;
  input.addEventListener('input', () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      limit = MAX_RESULTS;
      render(input.value);
      try {
        const url = new URL(location.href);
        if (input.value.trim()) url.searchParams.set('q', input.value.trim());
        else url.searchParams.delete('q');
        history.replaceState(null, '', url.href);
      } catch {
        // file:// pages may refuse replaceState; the search works the same.
      }
    }, 80);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (timer) clearTimeout(timer);
    limit = MAX_RESULTS;
    render(input.value);
  });
  let initial = '';
  try {
    initial = new URLSearchParams(location.search).get('q') ?? '';
  } catch {
    initial = '';
  }
  if (initial) {
    input.value = initial;
    render(initial);
  }
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}
