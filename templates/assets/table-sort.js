// Sortable tables, as progressive enhancement: every <table class="sortable"> gets a
// button in each column header of its last header row; a click sorts the first tbody by
// that column (ascending, then descending), and aria-sort says how it is sorted. Without
// JavaScript the table stays in its published order.
//
// Sort key of a cell: its data-sort attribute when present, else its text. Numbers are
// compared as numbers ("1,234", "37.5%", "≥90", "−3.2" included); empty cells and the
// missing-data markers (—, -, 无数据) always go last, words among numbers (保持类) after the
// numbers either way; other text compares in Chinese order. A sort is announced (role=status).
// Tables whose body has merged cells (rowspan/colspan) are left alone.
(function () {
  'use strict';

  var MISSING = /^(|—|–|-|－|无数据|缺数据|N\/A|NULL)$/i;
  var NUMBER = /^[≥≤<>+]?\s*([-−]?\d[\d,]*(?:\.\d+)?)\s*(%|‰|％)?$/;
  var collator = typeof Intl !== 'undefined' && Intl.Collator ? new Intl.Collator('zh-CN', { numeric: true }) : null;

  function key(cell) {
    var raw = cell ? (cell.hasAttribute('data-sort') ? cell.getAttribute('data-sort') : cell.textContent) : '';
    var text = raw.replace(/\s+/g, ' ').trim();
    if (MISSING.test(text)) return { missing: true, num: null, text: '' };
    var m = NUMBER.exec(text);
    if (m) return { missing: false, num: Number(m[1].replace(/,/g, '').replace('−', '-')), text: text };
    return { missing: false, num: null, text: text };
  }

  function compare(a, b) {
    if (a.num !== null && b.num !== null) return a.num - b.num;
    if (a.num !== null) return -1;
    if (b.num !== null) return 1;
    return collator ? collator.compare(a.text, b.text) : a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
  }

  function enhance(table) {
    if (table.getAttribute('data-sort-ready') === 'true') return;
    var head = table.tHead;
    var body = table.tBodies[0];
    if (!head || !body || head.rows.length === 0 || body.rows.length < 2) return;
    if (body.querySelector('[rowspan]:not([rowspan="1"]), [colspan]:not([colspan="1"])')) return;
    var headerRow = head.rows[head.rows.length - 1];
    var headers = Array.prototype.slice.call(headerRow.cells);
    if (headers.some(function (th) { return th.colSpan > 1; })) return;
    table.setAttribute('data-sort-ready', 'true');
    var state = { column: -1, dir: 1 };
    var status = document.createElement('p');
    status.className = 'sort-status';
    status.setAttribute('role', 'status');
    status.style.cssText = 'position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0,0,0,0);border:0;white-space:nowrap';
    table.parentNode.insertBefore(status, table.nextSibling);

    headers.forEach(function (th, column) {
      if (th.hasAttribute('data-no-sort')) return;
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort-button';
      button.style.cssText = 'font:inherit;color:inherit;background:none;border:0;padding:0;margin:0;cursor:pointer;text-align:inherit;display:inline-flex;gap:.25em;align-items:baseline';
      while (th.firstChild) button.appendChild(th.firstChild);
      var arrow = document.createElement('span');
      arrow.className = 'sort-arrow';
      arrow.setAttribute('aria-hidden', 'true');
      arrow.textContent = '↕';
      arrow.style.cssText = 'font-size:.8em;opacity:.6';
      button.appendChild(arrow);
      th.appendChild(button);
      button.addEventListener('click', function () {
        var dir = state.column === column ? -state.dir : 1;
        sort(column, dir);
      });
    });

    function sort(column, dir) {
      var rows = Array.prototype.slice.call(body.rows).map(function (row, i) {
        return { row: row, i: i, k: key(row.cells[column]) };
      });
      rows.sort(function (a, b) {
        if (a.k.missing !== b.k.missing) return a.k.missing ? 1 : -1;
        // words in a column of numbers (保持类) after the numbers, either way
        if ((a.k.num === null) !== (b.k.num === null)) return a.k.num === null ? 1 : -1;
        return dir * compare(a.k, b.k) || a.i - b.i;
      });
      rows.forEach(function (r) {
        body.appendChild(r.row);
      });
      state.column = column;
      state.dir = dir;
      // said to a screen reader too: aria-sort alone is not announced when it changes
      status.textContent = '已按“' + (headers[column].textContent || '').replace(/[↕▲▼]/g, '').trim() + '”' + (dir === 1 ? '升序' : '降序') + '排列';
      headers.forEach(function (th, c) {
        var arrow = th.querySelector('.sort-arrow');
        if (c === column) {
          th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
          if (arrow) {
            arrow.textContent = dir === 1 ? '▲' : '▼';
            arrow.style.opacity = '1';
          }
        } else {
          th.removeAttribute('aria-sort');
          if (arrow) {
            arrow.textContent = '↕';
            arrow.style.opacity = '.6';
          }
        }
      });
    }
  }

  function init() {
    document.querySelectorAll('table.sortable').forEach(enhance);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
