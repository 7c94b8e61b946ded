// The site's search (search.html): runs in the browser over the index built at build time
// (search-index.js, which sets PLANEVAL_SEARCH_INDEX), with no server and no network.
// The algorithm is pipeline/search-index.ts's, line for line; a test compares the two.
// Results are built as DOM nodes with textContent: no text from the data is parsed as HTML.
(function (global) {
  'use strict';

  var KINDS = ['indicator', 'town', 'chapter', 'report'];
  var HAN = /\p{Script=Han}/u;
  var WORD = /[a-z0-9]/;

  // Lower-case ASCII letters and turn full-width ASCII into ASCII, keeping every position.
  function fold(s) {
    var out = '';
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
      if (c >= 65 && c <= 90) c += 32;
      out += String.fromCharCode(c);
    }
    return out;
  }

  function runs(folded) {
    var out = [];
    var cur = null;
    for (var ch of folded) {
      var han = HAN.test(ch);
      if (!han && !WORD.test(ch)) {
        cur = null;
        continue;
      }
      if (!cur || cur.han !== han) {
        cur = { han: han, chars: [] };
        out.push(cur);
      }
      cur.chars.push(ch);
    }
    return out;
  }

  function queryTokens(query) {
    var out = [];
    var push = function (t) {
      if (out.indexOf(t) < 0) out.push(t);
    };
    runs(fold(query)).forEach(function (r) {
      if (!r.han || r.chars.length === 1) push(r.chars.join(''));
      else for (var i = 0; i + 1 < r.chars.length; i++) push(r.chars[i] + r.chars[i + 1]);
    });
    return out;
  }

  function queryPhrase(query) {
    return fold(query).replace(/\s+/g, ' ').trim();
  }

  function search(index, query) {
    var tokens = queryTokens(query);
    var n = tokens.length;
    if (n === 0) return [];
    var phrase = queryPhrase(query);
    var perDoc = new Map();
    tokens.forEach(function (t) {
      var p = Object.prototype.hasOwnProperty.call(index.terms, t) ? index.terms[t] : null;
      if (!p) return;
      for (var i = 0; i < p.length; i += 3) {
        var d = p[i];
        var s = perDoc.get(d);
        if (!s) perDoc.set(d, (s = { title: 0, body: 0, any: 0, bodyCount: 0 }));
        s.any += 1;
        if (p[i + 1] > 0) s.title += 1;
        if (p[i + 2] > 0) s.body += 1;
        s.bodyCount += p[i + 2];
      }
    });
    var hits = [];
    perDoc.forEach(function (s, d) {
      if (s.any * 2 < n) return;
      var doc = index.docs[d];
      var titleScore = s.title / n + (fold(doc.title).indexOf(phrase) >= 0 ? 1 : 0);
      var bodyScore = s.body / n + (fold(doc.body).indexOf(phrase) >= 0 ? 0.5 : 0) + Math.min(s.bodyCount, 20) / 100;
      hits.push({ doc: d, titleScore: titleScore, bodyScore: bodyScore, kind: KINDS.indexOf(doc.kind) });
    });
    hits.sort(function (a, b) {
      return b.titleScore - a.titleScore || a.kind - b.kind || b.bodyScore - a.bodyScore || a.doc - b.doc;
    });
    return hits.map(function (h) {
      return { doc: h.doc, titleScore: h.titleScore, bodyScore: h.bodyScore };
    });
  }

  function isLow(c) {
    return c >= 0xdc00 && c <= 0xdfff;
  }

  // Cut `text` around the first match (the phrase, else the earliest token) to about
  // `width` characters; return segments { text, mark } with every token occurrence marked.
  function snippet(text, query, width) {
    var folded = fold(text);
    var tokens = queryTokens(query);
    var phrase = queryPhrase(query);
    var at = phrase ? folded.indexOf(phrase) : -1;
    if (at < 0) {
      tokens.forEach(function (t) {
        var i = folded.indexOf(t);
        if (i >= 0 && (at < 0 || i < at)) at = i;
      });
    }
    var start = 0;
    var end = text.length;
    if (width && text.length > width) {
      start = Math.max(0, (at < 0 ? 0 : at) - Math.floor(width / 4));
      end = Math.min(text.length, start + width);
      start = Math.max(0, end - width);
      if (start > 0 && isLow(text.charCodeAt(start))) start -= 1;
      if (end < text.length && isLow(text.charCodeAt(end))) end += 1;
    }
    var marks = [];
    tokens.forEach(function (t) {
      for (var i = folded.indexOf(t, start); i >= 0 && i < end; i = folded.indexOf(t, i + 1)) marks.push([i, Math.min(end, i + t.length)]);
    });
    marks.sort(function (a, b) {
      return a[0] - b[0];
    });
    var merged = [];
    marks.forEach(function (m) {
      var last = merged[merged.length - 1];
      if (last && m[0] <= last[1]) last[1] = Math.max(last[1], m[1]);
      else merged.push([m[0], m[1]]);
    });
    var out = [];
    var pos = start;
    merged.forEach(function (m) {
      if (m[0] > pos) out.push({ text: text.slice(pos, m[0]), mark: false });
      out.push({ text: text.slice(m[0], m[1]), mark: true });
      pos = m[1];
    });
    if (pos < end) out.push({ text: text.slice(pos, end), mark: false });
    if (start > 0) out.unshift({ text: '…', mark: false });
    if (end < text.length) out.push({ text: '…', mark: false });
    return out;
  }

  var api = { fold: fold, queryTokens: queryTokens, queryPhrase: queryPhrase, search: search, snippet: snippet };
  global.PlanevalSearch = api;

  if (typeof document === 'undefined') return;

  // ---- the page ----------------------------------------------------------------------

  var MAX_RESULTS = 50;

  function appendSegments(parent, segments) {
    segments.forEach(function (s) {
      if (s.mark) {
        var m = document.createElement('mark');
        m.textContent = s.text;
        parent.appendChild(m);
      } else {
        parent.appendChild(document.createTextNode(s.text));
      }
    });
  }

  function init() {
    var index = global.PLANEVAL_SEARCH_INDEX;
    var form = document.getElementById('search-form');
    var input = document.getElementById('search-input');
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    var all = document.getElementById('search-all');
    var nojs = document.getElementById('search-nojs');
    if (!form || !input || !status || !list) return;
    if (!index || !index.docs) {
      status.textContent = '搜索索引未能加载（search-index.js）。下面仍列出全部页面。';
      return;
    }
    if (nojs) nojs.hidden = true;
    form.hidden = false;
    var labels = {};
    form.querySelectorAll('[data-kind-label]').forEach(function (el) {
      labels[el.getAttribute('data-kind-label')] = el.textContent;
    });
    // Links in the index are relative to the site root, where this page is.
    var root = form.getAttribute('data-root') || '';

    function render(query) {
      list.textContent = '';
      var q = query.trim();
      if (!q) {
        status.textContent = '';
        list.hidden = true;
        if (all) all.hidden = false;
        return;
      }
      var hits = search(index, q);
      if (all) all.hidden = hits.length > 0;
      list.hidden = hits.length === 0;
      if (hits.length === 0) {
        status.textContent = queryTokens(q).length ? '没有找到与“' + q + '”相关的内容。' : '请输入中文词语或字母、数字。';
        return;
      }
      status.textContent = '找到 ' + hits.length + ' 条结果' + (hits.length > MAX_RESULTS ? '，显示前 ' + MAX_RESULTS + ' 条' : '') + '。';
      hits.slice(0, MAX_RESULTS).forEach(function (h) {
        var doc = index.docs[h.doc];
        var li = document.createElement('li');
        li.className = 'search-result search-kind-' + doc.kind;
        var heading = document.createElement('h3');
        var a = document.createElement('a');
        a.href = root + doc.href;
        var label = document.createElement('span');
        label.className = 'search-label';
        label.textContent = doc.label;
        a.appendChild(label);
        a.appendChild(document.createTextNode(' '));
        var title = document.createElement('span');
        title.className = 'search-title';
        appendSegments(title, snippet(doc.title, q, 0));
        a.appendChild(title);
        heading.appendChild(a);
        li.appendChild(heading);
        if (doc.body) {
          var p = document.createElement('p');
          p.className = 'search-snippet';
          appendSegments(p, snippet(doc.body, q, 90));
          li.appendChild(p);
        }
        var where = document.createElement('p');
        where.className = 'search-where';
        where.textContent = (labels[doc.kind] || doc.kind) + ' · ' + doc.href;
        li.appendChild(where);
        list.appendChild(li);
      });
    }

    var timer = null;
    input.addEventListener('input', function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () {
        render(input.value);
        try {
          var url = new URL(location.href);
          if (input.value.trim()) url.searchParams.set('q', input.value.trim());
          else url.searchParams.delete('q');
          history.replaceState(null, '', url.href);
        } catch (e) {
          // file:// pages may refuse replaceState; the search works the same.
        }
      }, 80);
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (timer) clearTimeout(timer);
      render(input.value);
    });
    var initial = '';
    try {
      initial = new URLSearchParams(location.search).get('q') || '';
    } catch (e) {
      initial = '';
    }
    if (initial) {
      input.value = initial;
      render(initial);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})(typeof globalThis !== 'undefined' ? globalThis : this);
